"""The researchers' named queries, each run on the tiny fixture graph of tests/web/data/research.trig."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.query import bind_parameters, get_named_query, list_named_queries, run_query
from coopgraph.store import EmbeddedStore

FIXTURE = Path(__file__).parent / "web" / "data" / "research.trig"
CID = "https://w3id.org/coopgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"

RESEARCH_QUERIES = (
    "groups-by-country", "collectivites-by-country", "people-multiple-roles", "groups-sharing-members",
    "events-of-year", "partnerships-by-country", "fund-totals", "sources", "entity-facts",
    "changes-between-sources", "partners-within-two-steps", "latest-role-holders",
)  # fmt: skip


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.restore(FIXTURE, ox.RdfFormat.TRIG)
    return store


def rows(store: EmbeddedStore, name: str, **params: str) -> list[dict[str, str]]:
    """Solutions as {variable: plain value} dicts."""
    result = run_query(store, bind_parameters(get_named_query(name), params))
    variables = [v.value for v in result.variables]
    return [{v: s[v].value for v in variables if s[v] is not None} for s in result]


def test_every_research_query_has_a_header() -> None:
    named = {q.name: q for q in list_named_queries()}
    for name in RESEARCH_QUERIES:
        assert named[name].title != name, name
        assert named[name].description, name


def test_groups_by_country(store: EmbeddedStore) -> None:
    found = {r["groupLabel"]: r for r in rows(store, "groups-by-country")}
    assert found["groupe-pays Maroc"]["countryLabel"] == "Maroc"
    assert found["groupe-pays Maroc"]["people"] == "2"
    assert [r["groupLabel"] for r in rows(store, "groups-by-country", country="country:SEN")] == ["groupe-pays Sénégal"]


def test_collectivites_by_country(store: EmbeddedStore) -> None:
    morocco = {
        r["collectiviteLabel"]: r["engagements"] for r in rows(store, "collectivites-by-country", country="country:MAR")
    }
    assert set(morocco) == {"Villeneuve", "Bourg<script>"}
    assert set(morocco["Villeneuve"].split(", ")) == {"partnership", "fund donation", "country group"}
    senegal = {r["collectiviteLabel"] for r in rows(store, "collectivites-by-country", country="country:SEN")}
    assert senegal == {"Bourg<script>", "Villeneuve"}


def test_people_multiple_roles(store: EmbeddedStore) -> None:
    found = rows(store, "people-multiple-roles")
    assert [r["name"] for r in found] == ["Camille Exemple"]
    assert "vice-présidente du groupe-pays Sénégal" in found[0]["details"]


def test_groups_sharing_members(store: EmbeddedStore) -> None:
    found = rows(store, "groups-sharing-members")
    assert len(found) == 1
    assert {found[0]["labelA"], found[0]["labelB"]} == {"groupe-pays Maroc", "groupe-pays Sénégal"}
    assert "Camille Exemple" in found[0]["sharedNames"]


def test_events_of_year(store: EmbeddedStore) -> None:
    assert [r["label"] for r in rows(store, "events-of-year", year="2026")] == ["Rencontres de l'AICT 2026"]
    assert [r["label"] for r in rows(store, "events-of-year", year="2025")] == ["Webinaire Maroc"]
    assert rows(store, "events-of-year", year="2024") == []


def test_partnerships_by_country(store: EmbeddedStore) -> None:
    found = rows(store, "partnerships-by-country", country="country:MAR")
    assert {(r["frenchLabel"], r["foreignLabel"]) for r in found} == {
        ("Villeneuve", "Ville-du-Sud"),
        ("Bourg<script>", "Ville-du-Sud"),
    }
    assert rows(store, "partnerships-by-country", country="country:SEN") == []


def test_fund_totals(store: EmbeddedStore) -> None:
    (fund,) = rows(store, "fund-totals")
    assert fund["contributions"] == "2"
    assert float(fund["recordedTotal"]) == 7000.0
    assert float(fund["statedTotal"]) == 12000.0


def test_sources(store: EmbeddedStore) -> None:
    found = rows(store, "sources")
    assert [(r["sourceId"], r["title"]) for r in found] == [
        ("lettre-jan", "Lettre de CUF, janvier 2026"),
        ("lettre-mar", "Lettre de CUF, mars 2026"),
    ]


def test_entity_facts(store: EmbeddedStore) -> None:
    found = rows(store, "entity-facts", iri="cid:authority/villeneuve")
    assert {"out", "in"} == {r["direction"] for r in found}
    labels = {r.get("valueLabel") for r in found}
    assert "Ville-du-Sud" in labels
    assert {r["sourceId"] for r in found} == {"lettre-jan", "lettre-mar"}


def test_changes_between_sources(store: EmbeddedStore) -> None:
    found = rows(store, "changes-between-sources", older="lettre-jan", newer="lettre-mar")
    added = {r["subject"] for r in found if r["change"] == "added"}
    removed = {r["subject"] for r in found if r["change"] == "removed"}
    assert CID + "membership/dominique-maroc-mar" in added
    assert CID + "membership/camille-maroc-jan" in removed
    assert CID + "document/lettre-mar" not in added  # bookkeeping left out
    # Camille's label is in both issues: not a change.
    assert not any(r["subject"] == CID + "person/camille" and r["property"].endswith("label") for r in found)


def test_partners_within_two_steps(store: EmbeddedStore) -> None:
    found = {
        r["label"]: r["distance"] for r in rows(store, "partners-within-two-steps", iri="cid:authority/villeneuve")
    }
    assert found == {"Ville-du-Sud": "1", "Bourg<script>": "2"}


def test_latest_role_holders(store: EmbeddedStore) -> None:
    found = rows(store, "latest-role-holders", organisation="cid:group/groupe-pays-maroc")
    assert [(r["name"], r["attestedOn"]) for r in found] == [("Dominique Autre", "2026-03")]


def test_required_parameter_is_enforced() -> None:
    from coopgraph.errors import QueryError

    with pytest.raises(QueryError):
        bind_parameters(get_named_query("events-of-year"), {})
