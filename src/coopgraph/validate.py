"""Validation against the SHACL shapes of `ontology/shapes.ttl`.

Two engines, one set of shapes:
- `check_graph` compiles each property constraint into a SPARQL query and runs it
  on one named graph of a store. It is what imports use, whatever their size and
  backend: a small file is checked in a scratch in-memory store before anything
  is written; a large one in a fresh graph of the real store that is dropped if
  it fails. It implements the SHACL-core subset the shapes use, and refuses
  shapes that use anything else rather than skipping them.
- `validate_with_pyshacl` runs the reference implementation (pyshacl) for the
  `coopgraph validate` report on files; a test checks both engines agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF as RDF_
from rdflib import BNode, Graph, URIRef
from rdflib import Namespace as RdflibNamespace
from rdflib.collection import Collection

from coopgraph.errors import CoopgraphError
from coopgraph.resources import ontology_dir
from coopgraph.store.base import GraphStore

__all__ = ["Finding", "check_graph", "compiled_checks", "load_ontology_quads", "validate_with_pyshacl"]

SH = RdflibNamespace("http://www.w3.org/ns/shacl#")
_SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["or"], SH.nodeKind,
    SH.pattern, SH.flags, SH.maxLength, SH.minInclusive, SH.severity, SH.message,
    RDF_.type, SH.name, SH.description,
}  # fmt: skip
_NODE_KIND_TESTS = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "(isBlank(?v) || isIRI(?v))",
    SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))",
    SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
}
_MAX_FINDINGS_PER_CHECK = 20


@dataclass(frozen=True)
class Finding:
    """One failed constraint on one node."""

    severity: str  # "Violation" or "Warning"
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: <{self.focus}> {self.path}: {self.message}"


@dataclass(frozen=True)
class _Check:
    target_class: str
    path: str
    severity: str
    message: str
    sparql: str  # selects ?x violating the constraint in GRAPH $GRAPH


def _ontology_file(name: str) -> Path:
    return ontology_dir() / name


@cache
def _shapes_graph() -> Graph:
    return Graph().parse(_ontology_file("shapes.ttl"), format="turtle")


def load_ontology_quads(graph: ox.NamedNode) -> list[ox.Quad]:
    """The ontology and vocabularies as quads in `graph` (for the store's ontology graph)."""
    quads: list[ox.Quad] = []
    for name in ("coopgraph.ttl", "vocabularies.ttl"):
        for quad in ox.parse(path=str(_ontology_file(name)), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    return quads


def _focus_pattern(target_class: str) -> str:
    # Instances of the class or of its subclasses (the ontology graph is in the union).
    return f"GRAPH $GRAPH {{ ?x a ?type }} ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{target_class}> ."


def _constraint_queries(shape_graph: Graph, prop: URIRef | BNode, target: str, path: str) -> Iterable[tuple[str, str]]:
    """(default message, SPARQL) for each constraint of property shape `prop`."""
    focus = _focus_pattern(target)
    values = f"GRAPH $GRAPH {{ ?x <{path}> ?v }}"
    get = lambda p: shape_graph.value(prop, p)  # noqa: E731 - small local accessor
    if (n := get(SH.minCount)) is not None:
        yield (
            f"needs at least {n} value(s)",
            f"SELECT ?x WHERE {{ {focus} OPTIONAL {{ {values} }} }} GROUP BY ?x HAVING (COUNT(DISTINCT ?v) < {int(n)})",
        )
    if (n := get(SH.maxCount)) is not None:
        yield (
            f"has more than {n} value(s)",
            f"SELECT ?x WHERE {{ {focus} {values} }} GROUP BY ?x HAVING (COUNT(DISTINCT ?v) > {int(n)})",
        )
    datatypes: list[object] = []
    if (d := get(SH.datatype)) is not None:
        datatypes = [d]
    elif (alternatives := get(SH["or"])) is not None:
        datatypes = [shape_graph.value(member, SH.datatype) for member in Collection(shape_graph, alternatives)]
        if None in datatypes:
            raise CoopgraphError(f"shape {prop}: sh:or is supported only over sh:datatype alternatives")
    if datatypes:
        allowed = ", ".join(f"<{d}>" for d in datatypes)
        names = " or ".join(str(d).rsplit("#", 1)[-1] for d in datatypes)
        yield (
            f"value must be a literal of type {names}",
            f"SELECT ?x ?v WHERE {{ {focus} {values} FILTER(!isLiteral(?v) || DATATYPE(?v) NOT IN ({allowed})) }}",
        )
    if (kind := get(SH.nodeKind)) is not None:
        yield (
            f"value must be a {str(kind).rsplit('#', 1)[-1]}",
            f"SELECT ?x ?v WHERE {{ {focus} {values} FILTER(!{_NODE_KIND_TESTS[kind]}) }}",
        )
    if (pattern := get(SH.pattern)) is not None:
        flags = get(SH.flags)
        regex = ox.Literal(str(pattern))
        flag_arg = f", {ox.Literal(str(flags))}" if flags else ""
        yield (
            f"value does not match {pattern}",
            f"SELECT ?x ?v WHERE {{ {focus} {values} FILTER(isBlank(?v) || !REGEX(STR(?v), {regex}{flag_arg})) }}",
        )
    if (n := get(SH.maxLength)) is not None:
        yield (
            f"value is longer than {n} characters",
            f"SELECT ?x ?v WHERE {{ {focus} {values} FILTER(isBlank(?v) || STRLEN(STR(?v)) > {int(n)}) }}",
        )
    if (n := get(SH.minInclusive)) is not None:
        yield (
            f"value must be at least {n}",
            f"SELECT ?x ?v WHERE {{ {focus} {values} FILTER(!COALESCE(?v >= {n.n3()}, false)) }}",
        )


@cache
def compiled_checks() -> tuple[_Check, ...]:
    """Every constraint of the shapes, compiled to SPARQL. Unsupported constraints raise."""
    shapes = _shapes_graph()
    checks: list[_Check] = []
    for node_shape, target in shapes.subject_objects(SH.targetClass):
        for prop in shapes.objects(node_shape, SH.property):
            unsupported = {p for p in shapes.predicates(prop) if p not in _SUPPORTED}
            if unsupported:
                raise CoopgraphError(f"shape {prop} uses SHACL features coopgraph cannot check: {unsupported}")
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise CoopgraphError(f"shape {prop}: only IRI paths are supported")
            severity = str(shapes.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
            custom = shapes.value(prop, SH.message)
            assert isinstance(prop, (URIRef, BNode))
            for default_message, sparql in _constraint_queries(shapes, prop, str(target), str(path)):
                checks.append(_Check(str(target), str(path), severity, str(custom or default_message), sparql))
    return tuple(checks)


def check_graph(store: GraphStore, graph: ox.NamedNode) -> list[Finding]:
    """Check the quads of `graph` against the shapes; the ontology graph must be in the store."""
    findings: list[Finding] = []
    for check in compiled_checks():
        # The graph IRI is ours and str(NamedNode) is a valid, escaped IRI reference.
        solutions = store.select(check.sparql.replace("$GRAPH", str(graph)))
        for index, solution in enumerate(solutions):
            if index >= _MAX_FINDINGS_PER_CHECK:
                break
            findings.append(Finding(check.severity, solution["x"].value, _short(check.path), check.message))
    return findings


def _short(iri: str) -> str:
    from coopgraph.namespaces import PREFIXES

    for prefix, base in PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def validate_with_pyshacl(data: Graph) -> list[Finding]:
    """Validate an rdflib graph with pyshacl (the reference SHACL engine)."""
    import pyshacl

    ontology = Graph().parse(_ontology_file("coopgraph.ttl"), format="turtle")
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=_shapes_graph(), ont_graph=ontology, inference="none")
    findings = []
    for result in report.subjects(RDF_.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        findings.append(
            Finding(
                severity,
                str(report.value(result, SH.focusNode)),
                _short(str(report.value(result, SH.resultPath))),
                str(report.value(result, SH.resultMessage)),
            )
        )
    return findings
