"""Linking named authorities to official reference entities, and the France reference data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result

from coopgraph.identity import mint_iri
from coopgraph.importer import import_quads
from coopgraph.ingest import reference
from coopgraph.ingest.reference import REFERENCE_FORMAT
from coopgraph.link import LINKS_GRAPH, level_of, link_authorities
from coopgraph.namespaces import COOP, OWL, RDF, RDFS, SKOS
from coopgraph.store import EmbeddedStore


def _ref(node: ox.NamedNode, label: str, *alt: str) -> list[ox.Quad]:
    quads = [ox.Quad(node, RDF.type, COOP.FrenchLocalAuthority), ox.Quad(node, RDFS.label, ox.Literal(label))]
    return quads + [ox.Quad(node, SKOS.altLabel, ox.Literal(a)) for a in alt]


def _mention(label: str, **codes: str) -> list[ox.Quad]:
    node = ox.NamedNode(mint_iri("authority", name=label))
    quads = [ox.Quad(node, RDF.type, COOP.LocalAuthority), ox.Quad(node, RDFS.label, ox.Literal(label))]
    return quads + [ox.Quad(node, COOP[f"{k}Code"], ox.Literal(v)) for k, v in codes.items()]


@pytest.fixture
def linked_store(memory_store: EmbeddedStore) -> EmbeddedStore:
    official = [
        *_ref(reference.commune_iri("77445"), "Savigny-le-Temple"),
        *_ref(reference.commune_iri("93066"), "Saint-Denis"),
        *_ref(reference.commune_iri("97411"), "Saint-Denis"),
        *_ref(reference.commune_iri("75056"), "Paris"),
        *_ref(reference.departement_iri("75"), "Paris", "Conseil départemental de Paris"),
        *_ref(reference.departement_iri("11"), "Aude", "Conseil départemental de l'Aude"),
        *_ref(reference.region_iri("24"), "Centre-Val de Loire", "Conseil régional du Centre-Val de Loire"),
        *_ref(reference.epci_iri("242100410"), "Dijon Métropole"),
    ]
    import_quads(
        memory_store, official, source_id="ref", origin="test", format_name=REFERENCE_FORMAT, checksum="0" * 64
    )
    mentions = [
        *_mention("Savigny-le-Temple"), *_mention("Saint-Denis"), *_mention("Ville de Paris"),
        *_mention("Conseil départemental de l’Aude"), *_mention("Région Centre Val de Loire"),
        *_mention("Dijon métropole"), *_mention("Atlantis"), *_mention("Commune X", insee="77445"),
    ]  # fmt: skip
    import_quads(memory_store, mentions, source_id="doc", origin="test", format_name="csv", checksum="1" * 64)
    return memory_store


def test_unambiguous_names_link_and_homonyms_do_not(linked_store: EmbeddedStore) -> None:
    report = link_authorities(linked_store)
    by_name = {mint_iri("authority", name=n): n for n in ("Savigny-le-Temple", "Ville de Paris", "Conseil départemental de l’Aude",
               "Région Centre Val de Loire", "Dijon métropole", "Commune X")}  # fmt: skip
    linked = {by_name[m]: target.rsplit("/", 1)[-1] for m, target in report.linked.items()}
    assert linked == {
        "Savigny-le-Temple": "insee-77445",
        "Ville de Paris": "insee-75056",  # a bare or "Ville de" name is a commune, not the département
        "Conseil départemental de l’Aude": "insee-dep-11",
        "Région Centre Val de Loire": "insee-reg-24",
        "Dijon métropole": "siren-242100410",
        "Commune X": "insee-77445",  # the code wins over the name
    }
    assert list(report.ambiguous) == ["Saint-Denis"] and len(report.ambiguous["Saint-Denis"]) == 2
    assert report.unresolved == ["Atlantis"]
    links = list(linked_store.quads(LINKS_GRAPH))
    assert sum(q.predicate == OWL.sameAs for q in links) == 2 * len(linked)
    typed = {q.subject.value for q in links if q.predicate == RDF.type and q.object == COOP.FrenchLocalAuthority}
    assert typed == set(report.linked)


def test_links_are_recomputed_not_accumulated(linked_store: EmbeddedStore) -> None:
    link_authorities(linked_store)
    first = set(map(str, linked_store.quads(LINKS_GRAPH)))
    link_authorities(linked_store)
    assert set(map(str, linked_store.quads(LINKS_GRAPH))) == first


def test_only_reference_imports_are_linked_to(memory_store: EmbeddedStore) -> None:
    from coopgraph.importer import unload_source

    official = _ref(reference.commune_iri("77445"), "Savigny-le-Temple")
    mention = _mention("Savigny-le-Temple")
    # The same entity in an ordinary import is data like any other, not the reference.
    import_quads(memory_store, official, source_id="sheet", origin="test", format_name="turtle", checksum="0" * 64)
    import_quads(memory_store, mention, source_id="doc", origin="test", format_name="csv", checksum="1" * 64)
    assert link_authorities(memory_store).linked == {}
    import_quads(
        memory_store, official, source_id="ref", origin="test", format_name=REFERENCE_FORMAT, checksum="2" * 64
    )
    assert link_authorities(memory_store).linked == {mention[0].subject.value: reference.commune_iri("77445").value}
    assert list(memory_store.quads(LINKS_GRAPH))
    unload_source(memory_store, "ref")
    assert link_authorities(memory_store).linked == {} and not list(memory_store.quads(LINKS_GRAPH))


def test_a_load_relinks_only_when_it_can_change_the_links(
    cli: Callable[..., Result], store_dir: Path, tmp_path: Path
) -> None:
    with EmbeddedStore(store_dir) as store:
        official = _ref(reference.commune_iri("77445"), "Savigny-le-Temple")
        import_quads(store, official, source_id="ref", origin="test", format_name=REFERENCE_FORMAT, checksum="0" * 64)
    sheet = tmp_path / "collectivites.csv"
    sheet.write_text("collectivite,kind\nSavigny-le-Temple,commune\n", encoding="utf-8")
    assert "linked 1 authorities" in cli("load", str(sheet)).output
    people = tmp_path / "people.csv"
    people.write_text("person\nBob\n", encoding="utf-8")
    assert "linked" not in cli("load", str(people)).output  # no authority in it: the links stand as they are
    with EmbeddedStore(store_dir) as store:
        assert len(list(store.quads(LINKS_GRAPH))) == 3
    sheet.write_text("person\nAlice\n", encoding="utf-8")  # replaces the import that named the linked authority
    assert "reloaded" in cli("load", str(sheet)).output
    with EmbeddedStore(store_dir) as store:
        assert not list(store.quads(LINKS_GRAPH))


@pytest.mark.parametrize(
    ("label", "level"),
    [("Région Centre-Val de Loire", "region"), ("Conseil départemental de la Loire-Atlantique", "departement"),
     ("Communauté d'agglomération du Grand Poitiers", "epci"), ("Toulouse Métropole", "epci"),
     ("Ville de Chambéry", "commune"), ("Chambéry", None)],
)  # fmt: skip
def test_level_of_reads_the_wording(label: str, level: str | None) -> None:
    assert level_of(label)[0] == level


@pytest.mark.slow
def test_france_reference_loads_and_links(cli: Callable[..., Result], tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("lzma")
    result = cli("reference", "load", "france")
    assert result.exit_code == 0, result.output
    assert "communes" in result.output and "régions" in result.output
    sheet = tmp_path / "collectivites.csv"
    sheet.write_text("collectivite,kind\nSavigny-le-Temple,commune\nSaint-Denis,commune\n", encoding="utf-8")
    loaded = cli("load", str(sheet))
    assert "ambiguous, left unlinked: Saint-Denis" in loaded.output
    query = "SELECT ?code ?pop WHERE { <https://w3id.org/coopgraph/id/authority/savigny-le-temple> owl:sameAs ?o . ?o coop:inseeCode ?code ; coop:population ?pop }"
    rows = cli("query", "-e", query, "--format", "csv").output.split()
    assert rows[1].split(",")[0] == "77445" and int(rows[1].split(",")[1]) > 10000
