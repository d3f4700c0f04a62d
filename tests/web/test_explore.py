"""The explorer's routes: home, /api/search, /graph, /api/graph (+ expand, node, export), error pages."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

CID = "https://w3id.org/coopgraph/id/"
MAROC = CID + "group/groupe-pays-maroc"
XSS = Path(__file__).parents[1] / "browser" / "data" / "xss.trig"


@pytest.fixture
def explorer(app: Flask) -> FlaskClient:
    """The web fixture graph plus entities with hostile names."""
    store = app.extensions["coopgraph.executor"].store
    store.insert(ox.parse(path=str(XSS), format=ox.RdfFormat.TRIG))
    return app.test_client()


def test_search_api(explorer: FlaskClient) -> None:
    hits = explorer.get("/api/search?q=groupe pays maroc").get_json()
    assert hits[0] == {"iri": MAROC, "label": "groupe-pays Maroc", "matched": "groupe-pays Maroc", "type": "group",
                       "typeLabel": "groupe CUF", "url": "/id/group/groupe-pays-maroc"}  # fmt: skip
    assert [h["type"] for h in explorer.get("/api/search?q=maroc&type=fund").get_json()] == ["fund"]
    country = explorer.get("/api/search?q=senegal&type=country").get_json()[0]
    assert country["url"].startswith("/entity?iri=http%3A%2F%2Fpublications.europa.eu")
    assert explorer.get("/api/search?q=").get_json() == []
    bad = explorer.get("/api/search?q=x&type=nope")
    assert bad.status_code == 400 and bad.content_type.startswith("text/plain")


def test_search_index_follows_the_store(app: Flask, explorer: FlaskClient) -> None:
    assert explorer.get("/api/search?q=nouvelle ville").get_json() == []
    store = app.extensions["coopgraph.executor"].store
    node = ox.NamedNode(CID + "authority/nouvelle")
    store.insert([ox.Quad(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                          ox.Literal("Nouvelle-Ville"), ox.NamedNode("urn:g"))])  # fmt: skip
    assert explorer.get("/api/search?q=nouvelle ville").get_json()[0]["iri"] == node.value


def test_home_lists_ready_made_views(explorer: FlaskClient) -> None:
    page = explorer.get("/").get_data(as_text=True)
    assert 'id="search-input"' in page and "/static/search.js" in page
    assert "groupe-pays Maroc" in page and "view=group" in page and "Fonds de solidarité Maroc" in page
    assert "view=map" in page


def test_graph_page_is_local_and_escapes_focus(explorer: FlaskClient) -> None:
    page = explorer.get("/graph", query_string={"focus": CID + "person/xss-script", "hops": 2}).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "/static/vendor/vis-network/vis-network.min.js" in page and "/static/graph.js" in page
    assert "cdn" not in page.lower()
    assert explorer.get("/static/vendor/vis-network/vis-network.min.js").status_code == 200


def test_graph_api_ego(explorer: FlaskClient) -> None:
    data = explorer.get("/api/graph", query_string={"focus": MAROC, "hops": 1}).get_json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[MAROC]["focus"] and nodes[MAROC]["url"] == "/id/group/groupe-pays-maroc"
    assert nodes[CID + "person/xss-script"]["label"] == "<script>alert(1)</script>"
    assert all("x" in n and "y" in n and "degree" in n for n in data["nodes"])
    roles = [e for e in data["edges"] if e["relation"] == "role"]
    assert {e["date"] for e in roles} == {"2026-01", "2026-02", "2026-03"}
    assert data["kinds"]["group"] == "groupe CUF" and data["relations"]["role"] == "rôle"


def test_graph_api_views_filters_and_limits(explorer: FlaskClient) -> None:
    group = explorer.get("/api/graph", query_string={"view": "group", "focus": MAROC}).get_json()
    assert CID + "fund/fonds-maroc" in {n["id"] for n in group["nodes"]}
    fund = explorer.get("/api/graph", query_string={"view": "fund", "focus": CID + "fund/fonds-maroc"}).get_json()
    assert {e["relation"] for e in fund["edges"]} >= {"contribution"}
    world = explorer.get("/api/graph?view=map").get_json()
    assert any(n["kind"] == "country" for n in world["nodes"]) and world["notices"]
    people = explorer.get("/api/graph", query_string={"focus": MAROC, "kind": "person"}).get_json()
    assert {n["kind"] for n in people["nodes"] if not n["focus"]} == {"person"}
    small = explorer.get("/api/graph", query_string={"focus": MAROC, "hops": 3, "max": 4}).get_json()
    assert small["truncated"] and "limite de 4 nœuds" in small["notices"][0]
    assert explorer.get("/api/graph?view=group").status_code == 400
    assert explorer.get("/api/graph?focus=not an iri").status_code == 400


def test_expand_node_and_export(explorer: FlaskClient) -> None:
    grown = explorer.get("/api/graph/expand", query_string={"node": CID + "authority/villeneuve"}).get_json()
    assert CID + "authority/ville-du-sud" in {n["id"] for n in grown["nodes"]}
    details = explorer.get("/api/graph/node", query_string={"iri": MAROC}).get_json()
    assert details["label"] == "groupe-pays Maroc" and details["url"] == "/id/group/groupe-pays-maroc"
    gexf = explorer.get("/api/graph/export", query_string={"format": "gexf", "focus": MAROC,
                                                           "expand": CID + "authority/villeneuve"})  # fmt: skip
    assert (
        gexf.status_code == 200 and b"ville-du-sud" in gexf.data and "attachment" in gexf.headers["Content-Disposition"]
    )
    graphml = explorer.get("/api/graph/export", query_string={"format": "graphml", "focus": MAROC})
    assert graphml.data.startswith(b"<?xml")
    csv = explorer.get("/api/graph/export", query_string={"format": "csv", "focus": MAROC}).data.decode("utf-8-sig")
    assert csv.startswith("source,source_label,relation")
    assert explorer.get("/api/graph/export?format=pdf&view=map").status_code == 400


def test_error_pages_html_for_pages_plain_for_apis(explorer: FlaskClient) -> None:
    page = explorer.get("/id/does/not/exist")
    assert (
        page.status_code == 404
        and page.content_type.startswith("text/html")
        and "Introuvable" in page.get_data(as_text=True)
    )
    api = explorer.get("/api/unknown")
    assert api.status_code == 404 and api.content_type.startswith("text/plain")
    assert explorer.get("/sparql/nothing").content_type.startswith("text/plain")


def test_demo_loads_once(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coopgraph.cli import main
    from coopgraph.web.cli_demo import demo_files

    assert demo_files(), "the demo dataset is missing"
    runner = CliRunner()
    args = ["--store", str(tmp_path / "s"), "demo", "--no-serve", "--no-reference"]
    first = runner.invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0 and "loaded" in first.output
    second = runner.invoke(main, args, catch_exceptions=False)
    assert second.exit_code == 0 and f"already in the store: {len(demo_files())}" in second.output
    # The demo holds the newsletters' facts: presidencies of country groups, with their sources.
    rows = runner.invoke(main, ["--store", str(tmp_path / "s"), "query", "presidencies", "--format", "csv"]).output
    assert len(rows.splitlines()) > 20 and "groupe-pays" in rows
