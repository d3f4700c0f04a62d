"""The ontology is the contract: every term documented, every coop: term used is declared."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from coopgraph.namespaces import COOP, COOP_NS, COOP_TERMS, ONTOLOGY_GRAPH
from coopgraph.store import EmbeddedStore
from coopgraph.validate import (
    check_graph,
    compiled_checks,
    iri_kind_paths,
    length_limits,
    load_ontology_quads,
    validate_with_pyshacl,
)

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"


def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "coopgraph.ttl")


def declared_terms() -> set[str]:
    graph = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(COOP_NS) :] for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(COOP_NS)}


def test_ontology_is_versioned() -> None:
    versions = list(ontology_graph().objects(None, OWL.versionInfo))
    assert len(versions) == 1 and re.fullmatch(r"\d+\.\d+\.\d+", str(versions[0]))


def test_every_term_has_french_and_english_labels_and_a_comment() -> None:
    graph = ontology_graph() + rdflib.Graph().parse(ONTOLOGY / "vocabularies.ttl")
    subjects = {s for s in graph.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef)}
    assert len(subjects) > 60
    for term in subjects:
        languages = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"fr", "en"} <= languages, f"{term} lacks a French or English rdfs:label"
        assert list(graph.objects(term, RDFS.comment)), f"{term} lacks an rdfs:comment"


def test_namespace_module_matches_the_ontology() -> None:
    assert set(COOP_TERMS) == declared_terms()
    with pytest.raises(AttributeError):
        COOP.NoSuchTerm  # noqa: B018 - the access itself must fail


def _files_using_terms() -> list[Path]:
    return [*(REPO / "src").rglob("*.py"), *(REPO / "queries").glob("*.rq"), *(ONTOLOGY.glob("*.ttl"))]


def test_code_queries_and_data_use_only_declared_terms() -> None:
    declared = declared_terms()
    used: dict[str, set[str]] = {}
    patterns = [
        re.compile(r"\bcoop:([A-Za-z_][\w]*)"),
        re.compile(r"COOP\.([A-Za-z_]\w*)"),
        re.compile(re.escape(COOP_NS) + r"([A-Za-z_]\w*)"),
    ]
    for path in _files_using_terms():
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for term in pattern.findall(text):
                used.setdefault(term, set()).add(path.name)
    undeclared = {term: files for term, files in used.items() if term not in declared}
    assert not undeclared, f"coop: terms used but not declared in the ontology: {undeclared}"
    assert len(used) > 20  # the scan really found the terms in use


def test_vocabularies_are_skos_schemes_with_the_expected_concepts() -> None:
    graph = rdflib.Graph().parse(ONTOLOGY / "vocabularies.ttl")
    schemes = {str(s).rsplit("/", 1)[-1] for s in graph.subjects(RDF.type, SKOS.ConceptScheme)}
    assert schemes == {"role", "event-kind", "partnership-kind", "authority-kind"}
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        assert graph.value(concept, SKOS.inScheme) is not None


def _validated_both_ways(turtle: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Violations (focus, path) found by pyshacl and by coopgraph's SPARQL checks."""
    data = rdflib.Graph().parse(data=turtle, format="turtle")
    by_pyshacl = {(f.focus, f.path) for f in validate_with_pyshacl(data) if f.severity == "Violation"}
    store = EmbeddedStore(None)
    store.insert(load_ontology_quads(ONTOLOGY_GRAPH))
    graph = ox.NamedNode("urn:test")
    store.insert(ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(turtle, ox.RdfFormat.TURTLE))
    by_sparql = {(f.focus, f.path) for f in check_graph(store, graph) if f.severity == "Violation"}
    return by_pyshacl, by_sparql


def test_examples_validate() -> None:
    by_pyshacl, by_sparql = _validated_both_ways((ONTOLOGY / "examples.ttl").read_text(encoding="utf-8"))
    assert by_pyshacl == set() and by_sparql == set()


BAD_DATA = """
@prefix coop: <https://w3id.org/coopgraph/def#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:a> a coop:FrenchLocalAuthority ; coop:inseeCode "ABCDE" .
<urn:p> a foaf:Person .
<urn:m> a org:Membership ; org:member <urn:p> , <urn:q> ; org:organization <urn:a> ; coop:attestedOn "hier" .
<urn:e> a coop:CooperationEvent ; rdfs:label "x" ; schema:startDate "2024-13-45x" ; coop:editionNumber 0 .
<urn:c> a coop:Contribution ; schema:amount -5.0 .
<urn:v> a coop:Evidence ; coop:document <urn:d> ; coop:quote "%s" .
<urn:k> a coop:Partnership ; coop:partner <urn:a> .
""" % ("x" * 201)


def test_sparql_checks_agree_with_pyshacl_on_bad_data() -> None:
    by_pyshacl, by_sparql = _validated_both_ways(BAD_DATA)
    assert by_sparql == by_pyshacl
    expected_paths = {"rdfs:label", "coop:inseeCode", "foaf:name", "org:member", "coop:attestedOn", "schema:startDate",
                      "coop:editionNumber", "schema:funder", "coop:toFund", "schema:amount", "coop:quote", "coop:partner"}  # fmt: skip
    assert {path for _, path in by_sparql} == expected_paths


def test_value_tests_read_the_lexical_form_of_any_term_and_repeated_values_once() -> None:
    # Values that repeat (a document cited by many pieces of evidence) are tested once per value,
    # then mapped back to every subject; the length and pattern tests see the lexical form of
    # language-tagged strings, numbers and IRIs alike.
    cited = "".join(f'<urn:ok{i}> a coop:Evidence ; coop:document <urn:doc> ; coop:quote "q{i}" .\n' for i in range(30))
    miscited = "".join(f'<urn:bad{i}> a coop:Evidence ; coop:document "urn:doc" .\n' for i in range(3))
    long = "x" * 201
    odd = f"""
    <urn:lang> a coop:Evidence ; coop:document <urn:doc> ; coop:quote "{long}"@fr .
    <urn:number> a coop:Evidence ; coop:document <urn:doc> ; coop:quote {"9" * 201} .
    <urn:iri> a coop:Evidence ; coop:document <urn:doc> ; coop:quote <urn:{long}> .
    <urn:fine> a coop:Evidence ; coop:document <urn:doc> ; coop:quote "{"é" * 200}"@fr .
    <urn:a1> a coop:ForeignLocalAuthority ; rdfs:label "a" ; coop:wikidataId <urn:Q90> ; coop:sirenCode 123456789 .
    <urn:a2> a coop:ForeignLocalAuthority ; rdfs:label "b" ; coop:wikidataId "Q90"@en ; coop:sirenCode 12345 .
    """
    prefixes = (
        "@prefix coop: <https://w3id.org/coopgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    )
    by_pyshacl, by_sparql = _validated_both_ways(prefixes + cited + miscited + odd)
    assert by_sparql == by_pyshacl
    assert {focus for focus, path in by_sparql if path == "coop:document"} == {f"urn:bad{i}" for i in range(3)}
    assert {focus for focus, path in by_sparql if path == "coop:quote"} == {"urn:lang", "urn:number", "urn:iri"}
    assert {(focus, path) for focus, path in by_sparql if focus.startswith("urn:a")} == {
        ("urn:a1", "coop:wikidataId"),
        ("urn:a2", "coop:sirenCode"),
    }


def test_every_shape_constraint_is_compiled() -> None:
    # Every node shape of the file yields queries: none is silently skipped.
    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    targets = {str(t) for t in shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    checks = compiled_checks()
    assert len(targets) >= 12
    assert {c.target_class for c in checks} == targets
    assert all("$GRAPH" in c.sparql for c in checks)


def test_screens_fall_back_to_full_checks_for_blank_nodes_and_many_suspects() -> None:
    nameless = "".join(f"<urn:p{i}> a <http://xmlns.com/foaf/0.1/Person> .\n" for i in range(600))
    blank = "_:b a <https://w3id.org/coopgraph/def#Evidence> ; <https://w3id.org/coopgraph/def#lineStart> 0 .\n"
    store = EmbeddedStore(None)
    store.insert(load_ontology_quads(ONTOLOGY_GRAPH))
    graph = ox.NamedNode("urn:test")
    store.insert(
        ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(nameless + blank, ox.RdfFormat.TURTLE)
    )
    findings = check_graph(store, graph)
    names = [f for f in findings if f.path == "foaf:name"]
    assert len(names) == 20  # 600 suspects: the full check ran, its report capped at 20 per constraint
    lines = [f for f in findings if f.path == "coop:lineStart"]
    assert len(lines) == 1 and "at least 1" in lines[0].message  # a blank-node focus is checked too
    assert any(f.path == "coop:document" for f in findings)


def test_wikidata_alignments_point_at_declared_terms_and_go_to_the_ontology_graph() -> None:
    alignments = rdflib.Graph().parse(ONTOLOGY / "alignments.ttl")
    declared = {COOP_NS + t for t in declared_terms()}
    concepts = {str(c) for c in rdflib.Graph().parse(ONTOLOGY / "vocabularies.ttl").subjects(RDF.type, SKOS.Concept)}
    subjects = {str(s) for s in alignments.subjects()}
    assert subjects and subjects <= declared | concepts
    assert all(str(o).startswith("http://www.wikidata.org/entity/") for o in alignments.objects())
    in_store = {str(q.object.value) for q in load_ontology_quads(ONTOLOGY_GRAPH) if q.predicate.value.endswith("Match")}
    assert "http://www.wikidata.org/entity/Q484170" in in_store


def test_ill_typed_and_mistyped_numbers_are_violations_for_both_engines() -> None:
    turtle = """
    @prefix coop: <https://w3id.org/coopgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:e1> a coop:CooperationEvent ; rdfs:label "a" ; coop:editionNumber "abc"^^xsd:integer .
    <urn:e2> a coop:CooperationEvent ; rdfs:label "b" ; coop:editionNumber "3.0"^^xsd:decimal .
    <urn:e3> a coop:CooperationEvent ; rdfs:label "c" ; coop:editionNumber "3" .
    <urn:e4> a coop:CooperationEvent ; rdfs:label "d" ; coop:editionNumber 3 .
    """
    by_pyshacl, by_sparql = _validated_both_ways(turtle)
    assert by_sparql == by_pyshacl == {(f"urn:e{i}", "coop:editionNumber") for i in (1, 2, 3)}


def test_a_shape_message_says_which_constraint_failed() -> None:
    # sh:message covers every constraint of a property shape: "startDate is an xsd:date..." alone
    # would mislead when the event has two dates.
    store = EmbeddedStore(None)
    store.insert(load_ontology_quads(ONTOLOGY_GRAPH))
    graph = ox.NamedNode("urn:test")
    turtle = """
    @prefix coop: <https://w3id.org/coopgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:e> a coop:CooperationEvent ; rdfs:label "X" ; schema:startDate "2024-01-01"^^xsd:date, "2024-02-01"^^xsd:date .
    """
    store.insert(ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(turtle, ox.RdfFormat.TURTLE))
    (finding,) = check_graph(store, graph)
    assert finding.path == "schema:startDate" and finding.message.endswith("(has more than 1 value(s))")


def _store_logging_queries(turtle: str) -> tuple[EmbeddedStore, ox.NamedNode, list[str]]:
    """An in-memory store with the ontology and `turtle` in a graph, and the list its queries go to."""
    store = EmbeddedStore(None)
    store.insert(load_ontology_quads(ONTOLOGY_GRAPH))
    graph = ox.NamedNode("urn:test")
    store.insert(ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(turtle, ox.RdfFormat.TURTLE))
    queries: list[str] = []
    select = store.select
    store.select = lambda sparql, **options: queries.append(sparql) or select(sparql, **options)  # type: ignore[method-assign]
    return store, graph, queries


def test_a_graph_without_blank_nodes_has_its_iri_valued_properties_screened_by_untyped_values() -> None:
    # Ten memberships with distinct values: members typed in the graph, organizations not, and one
    # member that is a literal. Told the graph has no blank nodes, check_graph tests only the values
    # without a type (an anti-join on the stored encodings); the findings are the same as the full path's.
    memberships = "".join(
        f"<urn:m{i}> a org:Membership ; org:member <urn:person{i}> ; org:organization <urn:org{i}> ; "
        f'coop:roleText "membre" .\n<urn:person{i}> a foaf:Person ; foaf:name "P{i}" .\n'
        for i in range(10)
    )
    turtle = f"""
    @prefix coop: <https://w3id.org/coopgraph/def#> . @prefix org: <http://www.w3.org/ns/org#> .
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    {memberships}
    <urn:bad> a org:Membership ; org:member "Jean Dupont" ; org:organization <urn:org0> ; coop:roleText "membre" .
    """
    store, graph, queries = _store_logging_queries(turtle)
    everything = check_graph(store, graph)
    assert not any("MINUS { GRAPH" in q and "VALUES ?p" in q for q in queries)
    queries.clear()
    without_blank_nodes = check_graph(store, graph, blank_nodes=False)
    assert any("MINUS { GRAPH" in q and "VALUES ?p" in q for q in queries)
    found = {(f.focus, f.path, f.message) for f in without_blank_nodes}
    assert found == {(f.focus, f.path, f.message) for f in everything}
    assert {(focus, path) for focus, path, _ in found} == {("urn:bad", "org:member")}


def test_max_length_tests_are_left_out_for_properties_known_to_be_short() -> None:
    # An import that read the file's bytes may vouch that every coop:quote is short: no value is
    # decoded to be measured then. Without that word, the long quote is found.
    turtle = f"""
    @prefix coop: <https://w3id.org/coopgraph/def#> .
    <urn:v1> a coop:Evidence ; coop:document <urn:d> ; coop:quote "{"x" * 201}" .
    <urn:v2> a coop:Evidence ; coop:document <urn:d> ; coop:quote "court" .
    """
    store, graph, queries = _store_logging_queries(turtle)
    assert length_limits()[COOP_NS + "quote"] == 200
    found = check_graph(store, graph)
    assert [(f.focus, f.path) for f in found] == [("urn:v1", "coop:quote")]
    assert any("STRLEN" in q for q in queries)
    queries.clear()
    assert check_graph(store, graph, short_values={COOP_NS + "quote"}) == []
    assert not any("STRLEN" in q for q in queries)


def test_iri_values_vouched_for_by_the_caller_are_not_tested_again() -> None:
    turtle = """
    @prefix coop: <https://w3id.org/coopgraph/def#> .
    <urn:v1> a coop:Evidence ; coop:document "not an IRI" ; coop:quote "court" .
    <urn:v2> a coop:Evidence ; coop:document <urn:d> ; coop:quote "court" .
    """
    store, graph, queries = _store_logging_queries(turtle)
    assert COOP_NS + "document" in iri_kind_paths()
    found = check_graph(store, graph)
    assert [(f.focus, f.path) for f in found] == [("urn:v1", "coop:document")]
    tests_document = lambda q: "isIRI" in q and f"<{COOP_NS}document>" in q  # noqa: E731
    assert any(tests_document(q) for q in queries)
    queries.clear()
    # The word of the caller is taken (an import gives it only when the file's bytes prove it).
    assert check_graph(store, graph, iri_values={COOP_NS + "document"}) == []
    assert queries and not any(tests_document(q) for q in queries)
