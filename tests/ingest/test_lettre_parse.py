"""parse_lettre end to end: facts to triples with provenance, dates, named queries, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.ingest.lettre import (
    DocumentDateError,
    NotALettreError,
    looks_like_lettre,
    parse_lettre,
)
from coopgraph.namespaces import COOP, COUNTRY, ORG, PROV, RDF, RDFS

QUERIES = Path(__file__).parents[2] / "queries"

LETTRE = """\
# La Lettre de Cités Unies France

## Mai & Juin 2025

ACTUALITES GEOGRAPHIQUES

Réunion du groupe-pays Pérou, le 12 mai, en visioconférence
Présidente du groupe-pays : Anne Lemaire, adjointe au maire chargée des relations
internationales, Quimper

Fonds de solidarité pour le Pérou
Merci aux 3 collectivités donatrices : Quimper, Brest et Lorient.

Un protocole d'entente signé entre les villes de Vannes et de Cusco, le 4 mars 2025.
"""


@pytest.fixture()
def lettre(tmp_path: Path) -> Path:
    path = tmp_path / "lettre-2025-06.md"
    path.write_text(LETTRE, encoding="utf-8")
    return path


def _store(triples: list[ox.Triple]) -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/coopgraph/graph/import/test/1")
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return store


def _rows(store: ox.Store, name: str) -> list[dict[str, str | None]]:
    result = store.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (t.value if t is not None else None) for n, t in zip(names, row, strict=True)} for row in result]


def test_document_date_and_facts(lettre: Path) -> None:
    result = parse_lettre(lettre)
    assert result.document_date.iso() == "2025-06"
    assert result.warnings == []
    kinds = {type(f).__name__ for f in result.facts}
    assert {"RoleFact", "GroupFact", "FundFact", "DonationFact", "EventFact", "PartnershipFact"} <= kinds


def test_date_override(lettre: Path) -> None:
    assert parse_lettre(lettre, date=dt.date(2025, 7, 1)).document_date.iso() == "2025-07-01"


def test_triples_follow_the_model_with_provenance(lettre: Path) -> None:
    triples = parse_lettre(lettre).triples
    store = _store(triples)
    memberships = list(store.quads_for_pattern(None, RDF.type, ORG.Membership))
    assert memberships
    for quad in memberships:
        m = quad.subject
        assert list(store.quads_for_pattern(m, COOP.attestedOn, None))
        [evidence] = [q.object for q in store.quads_for_pattern(m, PROV.wasDerivedFrom, None)]
        assert list(store.quads_for_pattern(evidence, COOP.document, None))
        [start] = [q.object for q in store.quads_for_pattern(evidence, COOP.lineStart, None)]
        [quote] = [q.object for q in store.quads_for_pattern(evidence, COOP.quote, None)]
        assert int(start.value) >= 1 and len(quote.value) <= 200
    assert list(store.quads_for_pattern(COUNTRY["PER"], RDFS.label, ox.Literal("Pérou")))
    assert list(store.quads_for_pattern(None, COOP.checksum, None))


def test_named_queries_answer(lettre: Path) -> None:
    store = _store(parse_lettre(lettre).triples)
    [presidency] = _rows(store, "presidencies")
    assert presidency["group"] == "groupe-pays Pérou" and presidency["person"] == "Anne Lemaire"
    assert presidency["collectivite"] == "Quimper" and presidency["as_of"] == "2025-06"
    assert presidency["source"].startswith("La Lettre de Cités Unies France")
    assert {r["person"] for r in _rows(store, "roles")} == {"Anne Lemaire"}
    assert [(r["group"], r["country"]) for r in _rows(store, "country-groups")] == [("groupe-pays Pérou", "Pérou")]
    assert [(r["fund"], r["country"]) for r in _rows(store, "funds")] == [("Fonds de solidarité Pérou", "Pérou")]
    assert sorted(r["donor"] for r in _rows(store, "fund-donors")) == ["Brest", "Lorient", "Quimper"]
    events = _rows(store, "events")
    assert [(e["event"], e["kind"], e["start"], e["place"]) for e in events] == [
        ("Réunion du groupe-pays Pérou", "group-meeting", "2025-05-12", "visioconférence")
    ]
    [partnership] = _rows(store, "partnerships")
    assert {partnership["a"], partnership["b"]} == {"Vannes", "Cusco"} and partnership["date"] == "2025-03-04"


def test_same_actor_in_two_documents_gets_one_iri(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    second = tmp_path / "b.md"
    first.write_text(LETTRE, encoding="utf-8")
    second.write_text(
        LETTRE.replace("Anne Lemaire", "ANNE LEMAIRE".title().replace("Lemaire", "Lemaîre")).replace(
            "Mai & Juin 2025", "Juillet 2025"
        ),
        encoding="utf-8",
    )
    store = _store(parse_lettre(first).triples + parse_lettre(second).triples)
    people = {
        q.subject for q in store.quads_for_pattern(None, RDF.type, ox.NamedNode("http://xmlns.com/foaf/0.1/Person"))
    }
    assert len(people) == 1
    rows = _rows(store, "presidencies")
    assert [r["as_of"] for r in rows] == ["2025-06", "2025-07"]  # both statements stand with their dates


def test_text_that_is_not_a_newsletter_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "recette.txt"
    path.write_text(
        "Tarte aux pommes\n\nÉplucher quatre pommes, les couper en lamelles et cuire 30 minutes à 180 degrés.\n" * 3,
        encoding="utf-8",
    )
    assert not looks_like_lettre(path.read_text(encoding="utf-8"))
    with pytest.raises(NotALettreError) as info:
        parse_lettre(path)
    assert info.value.path == path and "nothing imported" in info.value.message


def test_newsletter_without_any_date_needs_one(tmp_path: Path) -> None:
    path = tmp_path / "sans-date.txt"
    path.write_text(
        "Cités Unies France\nLe groupe-pays Pérou prépare ses travaux sur la coopération décentralisée.\n",
        encoding="utf-8",
    )
    with pytest.raises(DocumentDateError):
        parse_lettre(path)
    assert parse_lettre(path, date=dt.date(2025, 1, 31)).document_date.iso() == "2025-01-31"


def test_truncated_document_imports_what_it_can_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "tronque.md"
    path.write_text(LETTRE + "\nLa délégation s'est rendue à Lima pour rencontrer les élus de la", encoding="utf-8")
    result = parse_lettre(path)
    assert any("truncated" in w for w in result.warnings)
    assert any(type(f).__name__ == "RoleFact" for f in result.facts)
