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

import os
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF as RDF_
from rdflib import BNode, Graph, URIRef
from rdflib import Namespace as RdflibNamespace
from rdflib.collection import Collection as RdfList

from coopgraph.errors import CoopgraphError
from coopgraph.namespaces import curie
from coopgraph.resources import ontology_dir
from coopgraph.store.base import GraphStore

__all__ = [
    "Finding", "check_graph", "compiled_checks", "iri_kind_paths", "length_limits", "load_ontology_quads",
    "validate_with_pyshacl",
]  # fmt: skip

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
_NOT_AN_IRI = f"!{_NODE_KIND_TESTS[SH.IRI]}"


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
class _Constraint:
    """One SHACL constraint on the values of a property: a count bound or a test of each value."""

    severity: str
    message: str
    min_count: int | None = None
    max_count: int | None = None
    violates: str | None = None  # SPARQL boolean expression over ?v, true when the value breaks it
    max_length: int | None = None  # the limit, when `violates` tests sh:maxLength


@dataclass(frozen=True)
class _Check:
    """Every constraint on one property of one target class, checked by one SPARQL query.

    One query scans the class's instances and their values once and reports, per
    focus node, the value count and whether any value breaks each value test: on a
    large import, one scan per property instead of one per constraint. (One query
    per class, with the properties in a UNION, measured twice as slow.)
    """

    target_class: str
    path: str
    constraints: tuple[_Constraint, ...]

    @property
    def sparql(self) -> str:
        focus = _focus_pattern(self.target_class)
        tests = [c.violates for c in self.constraints if c.violates]
        flags = [f"SUM(IF(BOUND(?v) && ({test}), 1, 0))" for test in tests]
        having = [f"{flag} > 0" for flag in flags]
        having += [f"COUNT(DISTINCT ?v) < {c.min_count}" for c in self.constraints if c.min_count is not None]
        having += [f"COUNT(DISTINCT ?v) > {c.max_count}" for c in self.constraints if c.max_count is not None]
        projection = " ".join(f"({flag} AS ?t{i})" for i, flag in enumerate(flags))
        return (
            f"SELECT ?x (COUNT(DISTINCT ?v) AS ?n) {projection} WHERE {{ {focus} "
            f"OPTIONAL {{ GRAPH $GRAPH {{ ?x <{self.path}> ?v }} }} }} GROUP BY ?x HAVING ({' || '.join(having)})"
        )

    def failed(self, solution: ox.QuerySolution) -> list[_Constraint]:
        """The constraints a result row of `sparql` breaks."""
        count = int(solution["n"].value)
        tests = iter(range(len(self.constraints)))
        failed = []
        for constraint in self.constraints:
            if constraint.violates:
                flag = solution[f"t{next(tests)}"]
                if flag is not None and int(flag.value) > 0:
                    failed.append(constraint)
            elif (constraint.min_count is not None and count < constraint.min_count) or (
                constraint.max_count is not None and count > constraint.max_count
            ):
                failed.append(constraint)
        return failed


def _ontology_file(name: str) -> Path:
    return ontology_dir() / name


@cache
def _shapes_graph() -> Graph:
    return Graph().parse(_ontology_file("shapes.ttl"), format="turtle")


def load_ontology_quads(graph: ox.NamedNode) -> list[ox.Quad]:
    """The ontology, vocabularies and Wikidata alignments as quads in `graph` (the store's ontology graph)."""
    quads: list[ox.Quad] = []
    for name in ("coopgraph.ttl", "vocabularies.ttl", "alignments.ttl"):
        for quad in ox.parse(path=str(_ontology_file(name)), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    return quads


def _focus_pattern(target_class: str) -> str:
    # Instances of the class or of its subclasses (the ontology graph is in the union).
    return f"GRAPH $GRAPH {{ ?x a ?type }} ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{target_class}> ."


def _constraints(shape_graph: Graph, prop: URIRef | BNode, severity: str, custom: str | None) -> Iterable[_Constraint]:
    """The constraints of property shape `prop`, with their messages."""
    get = lambda p: shape_graph.value(prop, p)  # noqa: E731 - small local accessor

    def make(default: str, **test: object) -> _Constraint:
        # A shape's sh:message covers all its constraints: say which one failed too.
        return _Constraint(severity, f"{custom} ({default})" if custom else default, **test)  # type: ignore[arg-type]

    if (n := get(SH.minCount)) is not None:
        yield make(f"needs at least {n} value(s)", min_count=int(n))
    if (n := get(SH.maxCount)) is not None:
        yield make(f"has more than {n} value(s)", max_count=int(n))
    datatypes: list[object] = []
    if (d := get(SH.datatype)) is not None:
        datatypes = [d]
    elif (alternatives := get(SH["or"])) is not None:
        datatypes = [shape_graph.value(member, SH.datatype) for member in RdfList(shape_graph, alternatives)]
        if None in datatypes:
            raise CoopgraphError(f"shape {prop}: sh:or is supported only over sh:datatype alternatives")
    if datatypes:
        names = " or ".join(str(d).rsplit("#", 1)[-1] for d in datatypes)
        has_type = " || ".join(_has_datatype(str(d)) for d in datatypes)
        yield make(f"value must be a literal of type {names}", violates=f"!({has_type})")
    if (kind := get(SH.nodeKind)) is not None:
        yield make(f"value must be a {str(kind).rsplit('#', 1)[-1]}", violates=f"!{_NODE_KIND_TESTS[kind]}")
    if (pattern := get(SH.pattern)) is not None:
        flags = get(SH.flags)
        flag_arg = f", {ox.Literal(str(flags))}" if flags else ""
        mismatch = _text_test(f"!REGEX($TEXT, {ox.Literal(str(pattern))}{flag_arg})")
        yield make(f"value does not match {pattern}", violates=mismatch)
    if (n := get(SH.maxLength)) is not None:
        too_long = _text_test(f"STRLEN($TEXT) > {int(n)}")
        yield make(f"value is longer than {n} characters", violates=too_long, max_length=int(n))
    if (n := get(SH.minInclusive)) is not None:
        yield make(f"value must be at least {n}", violates=f"!COALESCE(?v >= {n.n3()}, false)")


def _text_test(violation: str) -> str:
    """A SHACL string-based test (`violation` over $TEXT) of ?v: true when the value breaks it.

    SHACL tests str(?v), and a blank node always breaks such a test. Each mention of ?v in
    a filter decodes the stored value again (a lookup for an IRI or a long string), and
    STR() builds a new term: so a string literal, the common case, is tested as is, with
    one mention; the function errs on anything else, which then takes the general path.
    """
    return f"COALESCE({violation.replace('$TEXT', '?v')}, isBlank(?v) || {violation.replace('$TEXT', 'STR(?v)')})"


# Numeric types pyoxigraph stores as values: a cast back to the type is 5x cheaper than DATATYPE(),
# and fails on an ill-typed literal ("abc"^^xsd:integer), which SHACL counts as a violation too.
_CASTABLE = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("integer", "decimal", "double", "float")}


def _has_datatype(datatype: str) -> str:
    """A SPARQL expression over ?v: true when ?v is a literal of `datatype`."""
    if datatype in _CASTABLE:
        return f"COALESCE(sameTerm(?v, <{datatype}>(?v)), false)"
    return f"COALESCE(DATATYPE(?v) = <{datatype}>, false)"  # DATATYPE() errs on IRIs and blank nodes


@cache
def compiled_checks() -> tuple[_Check, ...]:
    """Every constraint of the shapes, grouped by target class and property. Unsupported ones raise."""
    shapes = _shapes_graph()
    grouped: dict[tuple[str, str], list[_Constraint]] = {}
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
            found = _constraints(shapes, prop, severity, str(custom) if custom else None)
            grouped.setdefault((str(target), str(path)), []).extend(found)
    return tuple(_Check(target, path, tuple(constraints)) for (target, path), constraints in sorted(grouped.items()))


def iri_kind_paths() -> frozenset[str]:
    """The properties some shape requires IRI values of (sh:nodeKind sh:IRI)."""
    return frozenset(c.path for c in compiled_checks() if any(k.violates == _NOT_AN_IRI for k in c.constraints))


def length_limits() -> dict[str, int]:
    """The properties some shape gives a maxLength, with the smallest of their limits."""
    limits: dict[str, int] = {}
    for check in compiled_checks():
        for constraint in check.constraints:
            if constraint.max_length is not None:
                limits[check.path] = min(constraint.max_length, limits.get(check.path, constraint.max_length))
    return limits


@dataclass(frozen=True)
class _Screen:
    """A cheap query finding the nodes (?x) that may break some checks (on valid data: none).

    A screen over several properties also returns the property (?p) each node may break.
    """

    sparql: str
    checks: tuple[_Check, ...]


_RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_MAX_RESTRICTED_SUSPECTS = 500


@dataclass(frozen=True)
class _Known:
    """What the caller of `check_graph` vouches for about the graph (see there)."""

    blank_nodes: bool
    short_values: Collection[str]
    iri_values: Collection[str]

    def tested(self, path: str, constraint: _Constraint) -> bool:
        """Whether a screen must test the values of `path` for `constraint` (it tests values and may fail)."""
        if constraint.violates is None:
            return False
        if constraint.max_length is not None and path in self.short_values:
            return False
        return not (constraint.violates == _NOT_AN_IRI and path in self.iri_values)


def _value_screens(store: GraphStore, graph: str, checks: tuple[_Check, ...], known: _Known) -> list[_Screen]:
    """Per property, one scan of its triples (whatever the subject's class) for bad values.

    Testing a value decodes it (a lookup per IRI or long string), so a property whose
    values repeat a lot (a document cited by thousands of pieces of evidence, a role
    concept) is tested once per distinct value, found by grouping on the stored
    encoding; the subjects of bad values are then looked up. A property whose values
    are mostly distinct is filtered triple by triple, which is cheaper there. In a graph
    without blank nodes, the properties whose values must be IRIs are screened together
    by `_untyped_values_screen`, which decodes none of the typed values, unless each of
    their values is used many times (a few concepts), which grouping decodes once each.
    The tests the caller vouches for (`_Known`) are left out: they cannot fail.
    """
    screens = []
    iri_valued: list[_Check] = []
    for path in sorted({c.path for c in checks}):
        tested = partial(known.tested, path)
        on_path = [c for c in checks if c.path == path and any(tested(k) for k in c.constraints)]
        violations = {k.violates for c in on_path for k in c.constraints if tested(k)}
        if not violations:
            continue
        values, sampled = _value_sample(store, graph, path)
        if sampled == 0:
            continue  # the property is not in the graph
        if violations == {_NOT_AN_IRI} and not known.blank_nodes and _MANY_USES * values > sampled:
            iri_valued += on_path
            continue
        condition = " || ".join(sorted(f"COALESCE(({test}), false)" for test in violations))
        if 2 * values <= sampled:  # values repeat: at most one distinct value in two
            sparql = (
                f"SELECT DISTINCT ?x WHERE {{ {{ SELECT ?v (COUNT(*) AS ?uses) WHERE {{ GRAPH $GRAPH {{ [] <{path}> ?v }} }} "
                f"GROUP BY ?v }} FILTER({condition}) GRAPH $GRAPH {{ ?x <{path}> ?v }} }}"
            )  # the COUNT keeps the filter above the grouping (it would be pushed into a plain DISTINCT)
        else:
            sparql = f"SELECT DISTINCT ?x WHERE {{ GRAPH $GRAPH {{ ?x <{path}> ?v FILTER({condition}) }} }}"
        screens.append(_Screen(sparql, tuple(on_path)))
    if iri_valued:
        screens.append(_untyped_values_screen(iri_valued))
    return screens


def _untyped_values_screen(checks: list[_Check]) -> _Screen:
    """The values of IRI-valued properties that have no rdf:type in the graph, if they are not IRIs.

    In a graph without blank nodes, a value that is the subject of a triple is an IRI, so only
    the values without a type there can break sh:nodeKind sh:IRI, and only those are decoded
    (testing a value decodes it: a lookup per IRI). The anti-join compares stored encodings.
    On 5 million triples, whose values are typed: 8.4 s for six properties, against 15 s of tests.
    """
    paths = " ".join(sorted({f"<{c.path}>" for c in checks}))
    sparql = (
        f"SELECT DISTINCT ?p ?x WHERE {{ {{ SELECT ?p ?v (COUNT(*) AS ?uses) WHERE {{ VALUES ?p {{ {paths} }} "
        f"GRAPH $GRAPH {{ [] ?p ?v }} MINUS {{ GRAPH $GRAPH {{ ?v a [] }} }} }} GROUP BY ?p ?v }} "
        f"FILTER({_NOT_AN_IRI}) GRAPH $GRAPH {{ ?x ?p ?v }} }}"
    )  # the grouping keeps the test above the anti-join (it would be pushed below it, on every value)
    return _Screen(sparql, tuple(checks))


_VALUE_SAMPLE = 1000
# Values used this many times each, on average in the sample, are few: grouping decodes them cheaply.
_MANY_USES = 10


def _value_sample(store: GraphStore, graph: str, path: str) -> tuple[int, int]:
    """(distinct values, triples) among the first triples of `path` in `graph`, to tell whether its values repeat.

    Read from the store's (predicate, object) index, where equal values are adjacent:
    a few milliseconds, whatever the size.
    """
    rows = store.select(
        f"SELECT (COUNT(DISTINCT ?v) AS ?values) (COUNT(*) AS ?n) WHERE {{ "
        f"{{ SELECT ?v WHERE {{ GRAPH {graph} {{ [] <{path}> ?v }} }} LIMIT {_VALUE_SAMPLE} }} }}"
    )
    row = next(iter(rows))
    return int(row["values"].value), int(row["n"].value)


def _bounded_paths(checks: tuple[_Check, ...]) -> list[str]:
    """The properties some shape gives a maxCount."""
    return sorted({c.path for c in checks if any(k.max_count is not None for k in c.constraints)})


def _cardinality_screens(store: GraphStore, graph: str, checks: tuple[_Check, ...], path: str) -> list[_Screen]:
    """For a property with a maxCount, a grouped scan for subjects with too many values, if any may have.

    Grouping a large property by subject is costly, so its triples and distinct subjects
    are counted first: where they are equal, every subject has one value and no maxCount
    can be broken. One query per property: they run side by side, and each counts
    the subjects of one property only (one query for all took 1.6 times as long).
    """
    counts = store.select(
        f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?x) AS ?subjects) WHERE {{ GRAPH {graph} {{ ?x <{path}> ?v }} }}"
    )
    row = next(iter(counts))
    if row["n"].value == row["subjects"].value:
        return []
    on_path = [c for c in checks if c.path == path and any(k.max_count is not None for k in c.constraints)]
    least = min(k.max_count for c in on_path for k in c.constraints if k.max_count is not None)
    sparql = (
        f"SELECT ?x WHERE {{ GRAPH $GRAPH {{ ?x <{path}> ?v }} }} GROUP BY ?x HAVING (COUNT(DISTINCT ?v) > {least})"
    )
    return [_Screen(sparql, tuple(on_path))]


def _required_screens(store: GraphStore, graph: str, checks: tuple[_Check, ...]) -> list[_Screen]:
    """Per required property (minCount), the instances of the classes needing it that have too few values.

    Instances with no value come from `MINUS`, evaluated with a hash of the subjects having
    the property (two range scans, where `NOT EXISTS` would look each instance up); for a
    minCount above 1, subjects with some values but too few come from a grouped scan.
    Classes without instances in the graph are left out.
    """
    subclasses = {target: _subclasses(store, target) for target in {c.target_class for c in checks}}
    present = _classes_with_instances(store, graph, {t for types in subclasses.values() for t in types})
    screens = []
    for path in sorted({c.path for c in checks}):
        required = [c for c in checks if c.path == path and any((k.min_count or 0) > 0 for k in c.constraints)]
        types = sorted({t for c in required for t in subclasses[c.target_class] if t in present})
        if not types:
            continue
        values = " ".join(f"<{t}>" for t in types)
        sparql = (
            f"SELECT DISTINCT ?x WHERE {{ VALUES ?type {{ {values} }} GRAPH $GRAPH {{ ?x a ?type }} "
            f"MINUS {{ GRAPH $GRAPH {{ ?x <{path}> ?v }} }} }}"
        )
        screens.append(_Screen(sparql, tuple(required)))
        most = max(k.min_count or 0 for c in required for k in c.constraints)
        if most > 1:
            sparql = f"SELECT ?x WHERE {{ GRAPH $GRAPH {{ ?x <{path}> ?v }} }} GROUP BY ?x HAVING (COUNT(DISTINCT ?v) < {most})"
            screens.append(_Screen(sparql, tuple(required)))
    return screens


def _classes_with_instances(store: GraphStore, graph: str, classes: set[str]) -> set[str]:
    """Those of `classes` that have an instance in `graph`.

    One index lookup per class: listing the distinct classes of the graph instead scans
    all its rdf:type triples (1.5-2.2 s against 2 ms on 5 million triples).
    """
    values = " ".join(f"<{c}>" for c in sorted(classes))
    rows = store.select(
        f"SELECT ?t WHERE {{ VALUES ?t {{ {values} }} FILTER EXISTS {{ GRAPH {graph} {{ ?x a ?t }} }} }}"
    )
    return {str(row["t"].value) for row in rows}


def _subclasses(store: GraphStore, target: str) -> list[str]:
    """The class and its subclasses, from the ontology graph (in the union)."""
    rows = store.select(f"SELECT DISTINCT ?t WHERE {{ ?t <{_RDFS_SUBCLASS_OF}>* <{target}> }}")
    return [str(row["t"].value) for row in rows] or [target]


def _restricted(sparql: str, suspects: set[ox.NamedNode | ox.BlankNode] | None) -> str:
    """The exact query limited to the suspects, when they are few IRIs (VALUES cannot hold blank nodes)."""
    if suspects is None or len(suspects) > _MAX_RESTRICTED_SUSPECTS:
        return sparql
    if not all(isinstance(node, ox.NamedNode) for node in suspects):
        return sparql
    values = " ".join(sorted(str(node) for node in suspects))
    return sparql.replace(" WHERE { ", f" WHERE {{ VALUES ?x {{ {values} }} ", 1)


def check_graph(
    store: GraphStore,
    graph: ox.NamedNode,
    *,
    blank_nodes: bool = True,
    short_values: Collection[str] = frozenset(),
    iri_values: Collection[str] = frozenset(),
) -> list[Finding]:
    """Check the quads of `graph` against the shapes; the ontology graph must be in the store.

    What the caller knows of the graph saves work (an import learns it from the file's bytes):
    `blank_nodes=False` says the graph holds none, which lets some screens compare stored
    encodings instead of decoding values; `short_values` names properties whose every value
    is a literal within all their maxLength limits (see `length_limits`), which are then not
    decoded to be measured; `iri_values` names properties whose every value is an IRI, whose
    sh:nodeKind sh:IRI tests are then left out.

    Two passes keep large imports fast. Screens find the nodes that may break a
    constraint, with scans that neither group nor look nodes up one by one where
    they can avoid it: bad values (a filter over each property's triples), too many
    values (grouped only where a property has several values for some subject), a
    required property missing (a hash anti-join per property) or with too few values
    (grouped, for a minCount above 1). On valid data they
    find nothing. Then the exact checks run, on those nodes only. Queries run on a
    few threads: pyoxigraph releases the GIL while evaluating.
    """
    checks = compiled_checks()
    in_graph = str(graph)  # ours, and str(NamedNode) is a valid, escaped IRI reference

    def nodes(screen: _Screen) -> set[tuple[str | None, ox.NamedNode | ox.BlankNode]]:
        """(the property, when the screen says it, and) each node the screen found."""
        rows = store.select(screen.sparql.replace("$GRAPH", in_graph))
        return {(row["p"].value if row["p"] is not None else None, row["x"]) for row in rows}  # type: ignore[misc]

    def run(job: tuple[_Check, set[ox.NamedNode | ox.BlankNode] | None]) -> list[Finding]:
        check, suspects = job
        solutions = store.select(_restricted(check.sparql, suspects).replace("$GRAPH", in_graph))
        findings: list[Finding] = []
        reported: dict[_Constraint, int] = {}
        for solution in solutions:
            for constraint in check.failed(solution):
                reported[constraint] = reported.get(constraint, 0) + 1
                if reported[constraint] <= _MAX_FINDINGS_PER_CHECK:
                    findings.append(
                        Finding(constraint.severity, solution["x"].value, curie(check.path), constraint.message)
                    )
        return findings

    makers: list[Callable[[], list[_Screen]]] = [
        lambda: _value_screens(store, in_graph, checks, _Known(blank_nodes, short_values, iri_values)),
        lambda: _required_screens(store, in_graph, checks),
        *(partial(_cardinality_screens, store, in_graph, checks, path) for path in _bounded_paths(checks)),
    ]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        # Screens are known after a query of their own: start each as soon as it is known.
        screening: list[tuple[_Screen, Future[set[tuple[str | None, ox.NamedNode | ox.BlankNode]]]]] = []
        for made in as_completed([pool.submit(make) for make in makers]):
            screening += [(screen, pool.submit(nodes, screen)) for screen in made.result()]
        suspects: dict[_Check, set[ox.NamedNode | ox.BlankNode]] = {}
        for screen, found in screening:
            for check in screen.checks:
                on_path = {node for path, node in found.result() if path in (None, check.path)}
                suspects.setdefault(check, set()).update(on_path)
        jobs = [(check, found) for check, found in suspects.items() if found]
        return [finding for found in pool.map(run, jobs) for finding in found]


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
                curie(str(report.value(result, SH.resultPath))),
                str(report.value(result, SH.resultMessage)),
            )
        )
    return findings
