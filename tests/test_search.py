"""search.py: folding of accents, case and hyphens; alternative labels; kinds; ranking."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.search import SearchIndex
from coopgraph.store import EmbeddedStore

CID = "https://w3id.org/coopgraph/id/"
TTL = """
@prefix cid: <https://w3id.org/coopgraph/id/> . @prefix coop: <https://w3id.org/coopgraph/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
cid:authority\\/saint-etienne a coop:FrenchLocalAuthority ; rdfs:label "Saint-Étienne" .
cid:authority\\/saint-etienne-de-tinee a coop:FrenchLocalAuthority ; rdfs:label "Saint-Étienne-de-Tinée" .
cid:organization\\/cglu a org:FormalOrganization ; rdfs:label "Cités et Gouvernements Locaux Unis" ;
    skos:altLabel "CGLU" , "UCLG" .
"""


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    store = EmbeddedStore(None)
    store.restore(Path(__file__).parent / "web" / "data" / "research.trig", ox.RdfFormat.TRIG)
    store.insert(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:test"))
                 for t in ox.parse(TTL.encode(), format=ox.RdfFormat.TURTLE))  # fmt: skip
    return SearchIndex.build(store)


def test_accents_case_and_hyphens_do_not_matter(index: SearchIndex) -> None:
    hits = index.search("saint etienne")
    assert [h.label for h in hits] == ["Saint-Étienne", "Saint-Étienne-de-Tinée"]  # exact match first
    assert index.search("SAINT-ÉTIENNE")[0].iri == CID + "authority/saint-etienne"


def test_alternative_labels_find_the_entity_under_its_main_label(index: SearchIndex) -> None:
    [hit] = index.search("cglu")
    assert hit.label == "Cités et Gouvernements Locaux Unis" and hit.matched == "CGLU" and hit.kind == "organization"
    assert index.search("cites gouv")[0].iri == CID + "organization/cglu"


def test_kind_filter_and_word_prefixes(index: SearchIndex) -> None:
    assert {h.kind for h in index.search("maroc")} == {"country", "group", "fund", "event"}
    assert [h.kind for h in index.search("maroc", kind="group")] == ["group"]
    assert index.search("grou pay mar")[0].label == "groupe-pays Maroc"
    assert index.search("") == [] and index.search("zzz") == []


def test_hostile_label_is_found_as_text(index: SearchIndex) -> None:
    assert index.search("bourg")[0].label == "Bourg<script>"


def test_ontology_terms_are_not_entities() -> None:
    from coopgraph.importer import ensure_ontology

    store = EmbeddedStore(None)
    ensure_ontology(store)
    assert len(SearchIndex.build(store)) == 0


def test_documented_entities_first_and_joined_official_entities_once() -> None:
    from coopgraph.namespaces import GRAPH

    reference = ox.NamedNode(GRAPH + "import/reference-france/x")
    documents = ox.NamedNode(GRAPH + "import/lettre/x")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    official, mention, homonym = (
        ox.NamedNode(CID + f"authority/{n}") for n in ("insee-77445", "savigny-le-temple", "insee-50569")
    )
    store = EmbeddedStore(None)
    store.insert([
        ox.Quad(official, label, ox.Literal("Savigny-le-Temple"), reference),
        ox.Quad(homonym, label, ox.Literal("Savigny"), reference),
        ox.Quad(mention, label, ox.Literal("Savigny-le-Temple"), documents),
        ox.Quad(mention, same_as, official, ox.NamedNode(GRAPH + "links")),
        ox.Quad(official, same_as, mention, ox.NamedNode(GRAPH + "links")),
    ])  # fmt: skip
    hits = SearchIndex.build(store).search("savigny")
    # The entity the documents speak about comes first, even before an exact homonym,
    # and the official entity joined to it is not listed again.
    assert [h.iri for h in hits] == [mention.value, homonym.value]
