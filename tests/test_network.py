"""network.py on the research fixture (+ hostile names): collapsed relations, caps, views, filters, exports."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph import network as nw
from coopgraph.store import EmbeddedStore

DATA = Path(__file__).parent
CID = "https://w3id.org/coopgraph/id/"
MAROC = CID + "group/groupe-pays-maroc"
FRA = "http://publications.europa.eu/resource/authority/country/FRA"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.restore(DATA / "web" / "data" / "research.trig", ox.RdfFormat.TRIG)
    store.restore(DATA / "browser" / "data" / "xss.trig", ox.RdfFormat.TRIG)
    return store


def _edges(network: nw.Network) -> set[tuple[str, str, str]]:
    return {(e.source.removeprefix(CID), e.relation, e.target.removeprefix(CID)) for e in network.edges.values()}


def test_memberships_collapse_to_role_edges_with_dates(store: EmbeddedStore) -> None:
    network = nw.ego_network(store, [CID + "person/camille"], hops=1)
    roles = {e.target: e for e in network.edges.values() if e.relation == "role"}
    assert roles[MAROC].date == "2026-01" and roles[MAROC].detail == "présidente du groupe-pays Maroc"
    assert ("person/camille", "mandate", "authority/villeneuve") in _edges(network)
    assert network.nodes[MAROC].kind == "group" and network.nodes[MAROC].label == "groupe-pays Maroc"
    assert not any(iri.startswith(CID + "membership/") for iri in network.nodes)


def test_contributions_and_partnerships(store: EmbeddedStore) -> None:
    network = nw.fund_network(store, CID + "fund/fonds-maroc")
    donors = {e.source.removeprefix(CID): e.detail for e in network.edges.values() if e.relation == "contribution"}
    assert donors == {"authority/villeneuve": "5\u202f000 €", "authority/bourg": "2\u202f000 €"}
    ego = nw.ego_network(store, [CID + "authority/ville-du-sud"], hops=1)
    partners = {e for e in _edges(ego) if e[1] == "partnership"}
    # One edge per pair, whether stated by a Partnership node or by coop:partnerOf.
    assert len({frozenset((a, b)) for a, _, b in partners}) == len(partners) == 2


def test_hops_grow_and_outer_links_are_kept(store: EmbeddedStore) -> None:
    one = nw.ego_network(store, [MAROC], hops=1)
    two = nw.ego_network(store, [MAROC], hops=2)
    assert set(one.nodes) < set(two.nodes)
    # Villeneuve and the fund are both two hops from the group; the donation between them is shown.
    assert ("authority/villeneuve", "contribution", "fund/fonds-maroc") in _edges(two)


def test_cap_per_relation_gives_a_more_node_and_pages(store: EmbeddedStore) -> None:
    network = nw.ego_network(store, [FRA], hops=1, per_relation=1)
    more = [n for n in network.nodes.values() if n.kind == "more"]
    assert len(more) == 1 and more[0].more == {"node": FRA, "relation": "country", "direction": "in",
                                                "offset": 1, "count": 1}  # fmt: skip
    page = nw.expand_node(store, FRA, relation="country", direction="in", offset=1, per_relation=1)
    first = {n for n in network.nodes if n != FRA and not n.startswith("more|")}
    second = {n for n in page.nodes if n != FRA and not n.startswith("more|")}
    assert len(second) == 1 and not first & second


def test_max_nodes_samples_and_says_so(store: EmbeddedStore) -> None:
    network = nw.ego_network(store, [MAROC], hops=3, max_nodes=5)
    assert len([n for n in network.nodes.values() if n.kind != "more"]) <= 5
    assert network.truncated and "limite de 5 nœuds" in network.notices[0]


def test_filters(store: EmbeddedStore) -> None:
    people = nw.ego_network(store, [MAROC], hops=1, filters=nw.Filters(kinds=frozenset({"person"})))
    assert {n.kind for n in people.nodes.values() if not n.focus} == {"person"}
    march = nw.ego_network(store, [MAROC], hops=1, filters=nw.Filters(date_from="2026-03", date_to="2026-12"))
    roles = {e.source for e in march.edges.values() if e.relation == "role"}
    assert roles == {CID + "person/dominique"}
    only_roles = nw.ego_network(store, [MAROC], hops=1, filters=nw.Filters(relations=frozenset({"role"})))
    assert {e.relation for e in only_roles.edges.values()} == {"role"}
    senegal = nw.ego_network(store, [CID + "person/camille"], hops=2, filters=nw.Filters(countries=frozenset({"SEN"})))
    assert MAROC not in senegal.nodes and CID + "group/groupe-pays-senegal" in senegal.nodes


def test_group_view_and_country_map(store: EmbeddedStore) -> None:
    group = nw.group_network(store, MAROC)
    expected = {"person/camille", "person/dominique", "authority/villeneuve", "authority/bourg", "fund/fonds-maroc"}
    assert {CID + e for e in expected} <= set(group.nodes)
    world = nw.country_map(store)
    weights = {e.target.rsplit("/", 1)[-1]: e.weight for e in world.edges.values()}
    assert weights["MAR"] == 2.0 and weights["SEN"] == 1.0  # partners in Morocco, Bourg's stated cooperation


def test_layout_positions_every_node(store: EmbeddedStore) -> None:
    network = nw.layout(nw.ego_network(store, [MAROC], hops=2))
    assert all(n.x is not None and n.y is not None for n in network.nodes.values())
    assert len({(round(n.x or 0), round(n.y or 0)) for n in network.nodes.values()}) == len(network.nodes)


def test_exports(store: EmbeddedStore, tmp_path: Path) -> None:
    import networkx as nx

    network = nw.layout(nw.group_network(store, MAROC))
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        path = tmp_path / f"view.{fmt}"
        path.write_bytes(nw.export_bytes(network, fmt))
        assert reader(path).number_of_nodes() == len(network.nodes)
    rows = nw.export_bytes(network, "csv").decode("utf-8-sig").splitlines()
    assert rows[0].startswith("source,source_label,relation") and len(rows) == len(network.edges) + 1
    assert "<script>alert(1)</script>" in nw.export_bytes(network, "nodes-csv").decode("utf-8-sig")


def test_node_details_for_the_panel(store: EmbeddedStore) -> None:
    details = nw.node_details(store, MAROC)
    roles = next(g for g in details["relations"] if g["relation"] == "role")
    assert {f["label"] for f in roles["facts"]} >= {"Camille Exemple", "Dominique Autre"}
    assert all(f["incoming"] for f in roles["facts"])


def test_standalone_html_export_is_offline_and_escaped(store: EmbeddedStore, tmp_path: Path) -> None:
    network = nw.layout(nw.group_network(store, MAROC))
    assert any("<script>" in node.label or "<img" in node.label for node in network.nodes.values())
    html = nw.export_bytes(network, "html").decode("utf-8")
    # vis-network is inlined: nothing to fetch, from a CDN or anywhere else.
    assert "vis.Network" in html and "<script src" not in html and "<link" not in html
    assert "cdnjs" not in html and "jsdelivr" not in html and "unpkg" not in html
    # Labels travel as JSON with <, > escaped: no markup from the data reaches the page.
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert all(node.iri in html for node in network.nodes.values())
    (tmp_path / "view.html").write_text(html, encoding="utf-8")


def test_a_fact_stated_by_two_imports_is_shown_once() -> None:
    group, country = ox.NamedNode(MAROC), ox.NamedNode("http://publications.europa.eu/resource/authority/country/MAR")
    focus = ox.NamedNode("https://w3id.org/coopgraph/def#focusCountry")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    twice = EmbeddedStore(None)
    for source in ("urn:import:a", "urn:import:b"):
        graph = ox.NamedNode(source)
        twice.insert(
            [ox.Quad(group, focus, country, graph), ox.Quad(group, label, ox.Literal("groupe-pays Maroc"), graph)]
        )
    facts = [f for g in nw.node_details(twice, MAROC)["relations"] for f in g["facts"]]
    assert [f["iri"] for f in facts] == [country.value]
