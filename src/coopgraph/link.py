"""Linking: connect authorities named in documents to the official reference entities.

An authority found in a newsletter or a CSV sheet has an IRI minted from its
name; the official commune, EPCI, département or région has one minted from its
code. When a mention resolves to exactly one reference entity, the two are
joined by `owl:sameAs` in the links graph; when it resolves to several (two
communes called Saint-Denis), it is left unlinked and reported — never guessed.

Resolution, in order:
1. a mention carrying an INSEE or SIREN code links to the entity with that code;
2. otherwise its names (label and alternative labels) are folded
   (`identity.name_key`) and looked up among the reference names of the level
   its wording implies: "Région X" among régions, "Conseil départemental de X"
   or "Département de X" among départements, "Communauté ..." or "X Métropole"
   among EPCI; a bare name ("Savigny-le-Temple") among communes and EPCI, since
   that is how French texts name a town — a département is never written bare.

The reference entities are those of the reference data imports (`coopgraph
reference load`, recorded with the format "reference"); with none loaded there is
nothing to link to, and linking costs one look at the import records, whatever
the size of the store.

The links graph is derived data: it is recomputed whole, in one update, after
each load and unload. Besides `owl:sameAs` both ways, it types each joined mention
`coop:FrenchLocalAuthority`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from coopgraph.identity import fold, name_key
from coopgraph.importer import LoadReport, list_sources
from coopgraph.ingest.reference import REFERENCE_FORMAT
from coopgraph.namespaces import COOP, GRAPH, ID, OWL, RDF, RDFS, SKOS
from coopgraph.store.base import GraphStore

__all__ = ["LINKS_GRAPH", "LinkReport", "level_of", "link_authorities", "may_change_links"]

LINKS_GRAPH = ox.NamedNode(GRAPH + "links")
_REFERENCE_IRI = re.compile(re.escape(ID) + r"authority/(insee|insee-dep|insee-reg|siren)-([0-9a-z]+)$")
_LEVEL_OF_SCHEME = {"insee": "commune", "insee-dep": "departement", "insee-reg": "region", "siren": "epci"}
_LEVEL_WORDS = (  # folded prefix -> level
    ("conseil regional", "region"),
    ("region", "region"),
    ("conseil departemental", "departement"),
    ("conseil general", "departement"),
    ("departement", "departement"),
    ("communaute", "epci"),
    ("metropole", "epci"),
    ("ville", "commune"),
    ("commune", "commune"),
    ("mairie", "commune"),
)
_ARTICLES = re.compile(r"^(?:de la |de l |des |du |de |d |la |le |les |l )")


@dataclass
class LinkReport:
    linked: dict[str, str] = field(default_factory=dict)  # mention IRI -> reference IRI
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # mention label -> candidate IRIs
    unresolved: list[str] = field(default_factory=list)  # mention labels with no candidate


def level_of(label: str) -> tuple[str | None, str]:
    """(level implied by the wording, the name without the level words), folded."""
    folded = fold(label)
    for prefix, level in _LEVEL_WORDS:
        if folded.startswith(prefix + " "):
            rest = _ARTICLES.sub("", folded[len(prefix) + 1 :])
            return level, rest
    if folded.endswith(" metropole"):
        return "epci", folded
    return None, name_key(label)


def _reference_graphs(store: GraphStore) -> list[ox.NamedNode]:
    """The graphs of the reference data imports."""
    return [ox.NamedNode(record.graph) for record in list_sources(store) if record.format == REFERENCE_FORMAT]


def _reference_index(
    store: GraphStore, graphs: list[ox.NamedNode]
) -> tuple[dict[tuple[str, str], set[str]], dict[str, str]]:
    """Names -> reference IRIs, per level; and official code -> reference IRI."""
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_code: dict[str, str] = {}
    # Read in the reference graphs only: filtering the authorities of the whole store by IRI
    # would decode every one of them (34 s on a store of 5 million triples).
    query = f"""
        SELECT DISTINCT ?a ?name WHERE {{
          VALUES ?g {{ {" ".join(str(graph) for graph in graphs)} }}
          GRAPH ?g {{ ?a a {COOP.FrenchLocalAuthority} . {{ ?a {RDFS.label} ?name }} UNION {{ ?a {SKOS.altLabel} ?name }} }}
        }}"""
    for solution in store.select(query):
        iri = solution["a"].value
        match = _REFERENCE_IRI.match(iri)
        if not match:
            continue
        scheme, code = match.groups()
        level = _LEVEL_OF_SCHEME[scheme]
        by_code[f"{scheme}:{code}"] = iri
        _, key = level_of(solution["name"].value)
        by_name[(level, key)].add(iri)
        by_name[(level, name_key(solution["name"].value))].add(iri)
    return by_name, by_code


def _mentions(store: GraphStore) -> dict[str, dict[str, set[str]]]:
    """Authorities that are not reference entities: IRI -> {"names", "insee", "siren"}."""
    mentions: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"names": set(), "insee": set(), "siren": set()})
    query = f"""
        SELECT ?a ?name ?insee ?siren WHERE {{
          ?a a/{RDFS.subClassOf}* {COOP.LocalAuthority} .
          OPTIONAL {{ ?a {RDFS.label}|{SKOS.altLabel} ?name }}
          OPTIONAL {{ ?a {COOP.inseeCode} ?insee }}
          OPTIONAL {{ ?a {COOP.sirenCode} ?siren }}
        }}"""
    for solution in store.select(query):
        iri = solution["a"].value
        if _REFERENCE_IRI.match(iri):
            continue
        entry = mentions[iri]
        for column in ("name", "insee", "siren"):
            if solution[column] is not None:
                entry["names" if column == "name" else column].add(solution[column].value)
    return mentions


def _candidates(names: set[str], by_name: dict[tuple[str, str], set[str]]) -> set[str]:
    found: set[str] = set()
    for name in names:
        level, key = level_of(name)
        levels = [level] if level else ["commune", "epci"]
        for candidate_level in levels:
            found |= by_name.get((candidate_level, key), set())
    return found


def _code_match(entry: dict[str, set[str]], by_code: dict[str, str]) -> str | None:
    for code in entry["insee"]:
        scheme = "insee" if len(code) == 5 else "insee-dep" if len(code) in (2, 3) else None
        for candidate in ([f"{scheme}:{code.lower()}"] if scheme else []) + [f"insee-reg:{code.lower()}"]:
            if candidate in by_code:
                return by_code[candidate]
    return next((by_code[f"siren:{s}"] for s in entry["siren"] if f"siren:{s}" in by_code), None)


def may_change_links(store: GraphStore, report: LoadReport) -> bool:
    """Whether an import can change the links: it names authorities, or replaced one that may have.

    Relinking reads every authority of the store; a file of persons or events is spared it.
    """
    if report.dry_run or report.graph is None:
        return False
    return report.replaced or _names_authorities(store, ox.NamedNode(report.graph))


def _names_authorities(store: GraphStore, graph: ox.NamedNode) -> bool:
    """Whether `graph` holds a local authority (of any subclass)."""
    query = (
        f"SELECT ?a WHERE {{ GRAPH {graph} {{ ?a a ?type }} ?type {RDFS.subClassOf}* {COOP.LocalAuthority} }} LIMIT 1"
    )
    return any(True for _ in store.select(query))


def link_authorities(store: GraphStore) -> LinkReport:
    """Recompute the links graph; returns what was linked, what is ambiguous, what is unresolved."""
    report = LinkReport()
    graphs = _reference_graphs(store)
    by_name, by_code = _reference_index(store, graphs) if graphs else ({}, {})
    if not by_code:
        store.drop_graph(LINKS_GRAPH)
        return report
    for iri, entry in sorted(_mentions(store).items()):
        label = min(entry["names"], key=len) if entry["names"] else iri
        target = _code_match(entry, by_code)
        if target is None:
            candidates = _candidates(entry["names"], by_name)
            if len(candidates) == 1:
                target = next(iter(candidates))
            elif candidates:
                report.ambiguous[label] = sorted(candidates)
            else:
                report.unresolved.append(label)
        if target is not None:
            report.linked[iri] = target
    pairs = [(ox.NamedNode(a), ox.NamedNode(b)) for a, b in report.linked.items()]
    # A mention joined to an official French entity is a French authority: say so, for typed queries.
    triples = " ".join(
        f"{a} {OWL.sameAs} {b} . {b} {OWL.sameAs} {a} . {a} {RDF.type} {COOP.FrenchLocalAuthority} ." for a, b in pairs
    )
    store.update(f"DROP SILENT GRAPH {LINKS_GRAPH} ; INSERT DATA {{ GRAPH {LINKS_GRAPH} {{ {triples} }} }}")
    return report
