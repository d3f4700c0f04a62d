"""Analyze stage: entity-level networks built from the store, for the viewer and for exports.

The RDF model is n-ary (a role is an `org:Membership` node, a donation a
`coop:Contribution`, a twinning a `coop:Partnership`); people want to see actors
linked to actors. `RELATIONS` collapses each n-ary pattern into one labelled edge
between two entities (person → group "président·e, 2026-03"; donor → fund;
partner ↔ partner), keeping the n-ary node as the edge's `via`.

Every query binds its start nodes with `VALUES`, so the cost follows the size of
the answer, not of the store (the France reference data adds 35k communes, all
linked to France). Per start node and relation at most `per_relation` neighbours
are fetched; the rest are counted and shown as one "N more" node that the viewer
can open page by page. A view never holds more than `max_nodes` entities: past
that, the nodes best connected to the view are kept and a notice says how many
were left out.

Views: `ego_network` (1..3 hops around focus nodes), `group_network` (a CUF
country or thematic group), `fund_network` (a fund and its donors),
`country_map` (France's cooperation aggregated by country), `expand_node`
(one node's neighbours, for expansion in place). Then `apply_filters`,
`layout` (igraph, on the server, so the browser needs no physics) and the
exports `to_networkx`, `export_bytes` (GEXF, GraphML, CSV).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import networkx as nx
import pyoxigraph as ox

from coopgraph.namespaces import COOP, COUNTRY, FOAF, ORG, PREFIXES, SCHEMA
from coopgraph.store.base import GraphStore

__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_PER_RELATION",
    "EXPORT_FORMATS",
    "KINDS",
    "KIND_STYLE",
    "RELATIONS",
    "Edge",
    "Filters",
    "Network",
    "Node",
    "Relation",
    "apply_filters",
    "country_map",
    "ego_network",
    "expand_node",
    "export_bytes",
    "fund_network",
    "group_network",
    "kind_of",
    "layout",
    "node_details",
    "to_networkx",
]

DEFAULT_MAX_NODES = 500
DEFAULT_PER_RELATION = 25
MAX_HOPS = 3

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


# ---------------------------------------------------------------- kinds and relations


# Kind of entity by rdf:type, most specific first (a country group is also an org:OrganizationalUnit).
KINDS: dict[str, tuple[str, tuple[ox.NamedNode, ...]]] = {
    "person": ("personne", (FOAF.Person,)),
    "group": ("groupe CUF", (COOP.CountryGroup, COOP.ThematicGroup, ORG.OrganizationalUnit)),
    "fund": ("fonds de solidarité", (COOP.SolidarityFund,)),
    "event": ("événement", (COOP.CooperationEvent, SCHEMA.Event)),
    "authority-fr": ("collectivité française", (COOP.FrenchLocalAuthority,)),
    "authority-foreign": ("collectivité étrangère", (COOP.ForeignLocalAuthority,)),
    "authority": ("collectivité", (COOP.LocalAuthority,)),
    "organization": ("organisation", (COOP.PartnerOrganization, ORG.FormalOrganization, ORG.Organization)),
    "country": ("pays", (SCHEMA.Country,)),
    "programme": ("programme", (COOP.Programme,)),
    "other": ("autre", ()),
    "more": ("suite", ()),  # the "N more" placeholder of a capped relation
}
_KIND_BY_TYPE = {t.value: kind for kind, (_, types) in KINDS.items() for t in types}
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


def kind_of(types: Iterable[str], iri: str = "") -> str:
    """The viewer's kind of an entity from its rdf:types (IRIs); countries also by their IRI."""
    kinds = [_KIND_BY_TYPE[t] for t in types if t in _KIND_BY_TYPE]
    if kinds:
        return min(kinds, key=_KIND_RANK.__getitem__)
    return "country" if iri.startswith(str(COUNTRY)) else "other"


@dataclass(frozen=True)
class Relation:
    """An entity-to-entity relation: SPARQL binding ?a (source) and ?b (target).

    `core` is the part that decides whether the edge exists (used to count);
    `extra` adds optional ?via (the n-ary node), ?date and ?detail.
    """

    key: str
    label: str
    core: str
    extra: str = ""
    symmetric: bool = False


_EVIDENCE_DATE = "OPTIONAL { ?via prov:wasDerivedFrom/coop:document/dcterms:date ?docdate }"
RELATIONS: tuple[Relation, ...] = (
    Relation(
        "role",
        "rôle",
        "?via org:member ?a ; org:organization ?b .",
        "OPTIONAL { ?via coop:attestedOn ?attested } OPTIONAL { ?via schema:startDate ?start }"
        " OPTIONAL { ?via org:role/skos:prefLabel ?detail FILTER(lang(?detail) = 'fr') }"
        " OPTIONAL { ?via coop:roleText ?text } " + _EVIDENCE_DATE,
    ),
    Relation(
        "mandate",
        "pour le compte de",
        "?via org:member ?a ; coop:onBehalfOf ?b .",
        "OPTIONAL { ?via coop:attestedOn ?attested } " + _EVIDENCE_DATE,
    ),
    Relation(
        "contribution",
        "contribue à",
        "?via schema:funder ?a ; coop:toFund ?b .",
        "OPTIONAL { ?via schema:amount ?amount } " + _EVIDENCE_DATE,
    ),
    Relation(
        "partnership",
        "partenaire",
        "?via coop:partner ?a , ?b . FILTER(?a != ?b)",
        "OPTIONAL { ?via dcterms:date ?start }"
        " OPTIONAL { ?via coop:partnershipKind/skos:prefLabel ?detail FILTER(lang(?detail) = 'fr') }",
        symmetric=True,
    ),
    Relation("unit-of", "groupe de", "?a org:unitOf ?b ."),
    Relation("focus", "pays ciblé", "?a coop:focusCountry ?b ."),
    Relation("cooperates", "coopère avec", "?a coop:cooperatesWithCountry ?b ."),
    Relation("organizer", "organise", "?b schema:organizer ?a .", "OPTIONAL { ?b schema:startDate ?start }"),
    Relation("attendee", "participe à", "?b schema:attendee ?a .", "OPTIONAL { ?b schema:startDate ?start }"),
    Relation("edition", "édition de", "?a schema:superEvent ?b .", "OPTIONAL { ?a schema:startDate ?start }"),
    Relation("location", "a lieu à", "?a schema:location ?b . FILTER(isIRI(?b))"),
    Relation("beneficiary", "bénéficiaire de", "?a coop:beneficiaryOf ?b ."),
    Relation("same-as", "entité officielle", "?a owl:sameAs ?b ."),
    Relation("within", "situé dans", "?a schema:containedInPlace ?b ."),
    Relation("country", "pays", "?a coop:country ?b ."),
)
_BY_KEY = {r.key: r for r in RELATIONS}


# ---------------------------------------------------------------- the network records


@dataclass
class Node:
    iri: str
    label: str
    kind: str
    country: str | None = None
    focus: bool = False
    hop: int = 0
    x: float | None = None
    y: float | None = None
    more: dict[str, Any] | None = None  # set on "N more" placeholders

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.iri, "label": self.label, "kind": self.kind, "kindLabel": KINDS[self.kind][0],
            "country": self.country, "focus": self.focus, "hop": self.hop,
        }  # fmt: skip
        if self.x is not None:
            data["x"], data["y"] = round(self.x, 1), round(self.y or 0.0, 1)
        if self.more is not None:
            data["more"] = self.more
        return data


@dataclass
class Edge:
    source: str
    target: str
    relation: str
    via: str | None = None
    date: str | None = None  # the date the fact is attested or starts (ISO prefix: YYYY[-MM[-DD]])
    detail: str | None = None
    weight: float = 1.0

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        ends = sorted((self.source, self.target)) if _BY_KEY.get(self.relation, _NO_RELATION).symmetric else None
        source, target = ends or (self.source, self.target)
        return (source, target, self.relation, self.via)

    def to_json(self) -> dict[str, Any]:
        relation = _BY_KEY.get(self.relation)
        label = self.detail or (relation.label if relation else self.relation)
        return {
            "id": "|".join(str(part) for part in self.key), "from": self.source, "to": self.target,
            "relation": self.relation, "label": label, "date": self.date, "detail": self.detail,
            "via": self.via, "weight": self.weight,
        }  # fmt: skip


_NO_RELATION = Relation("", "", "")


@dataclass
class Network:
    """Entities and collapsed relations, plus what was left out and why (`notices`)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str, str | None], Edge] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    truncated: bool = False

    def add_edge(self, edge: Edge) -> None:
        self.edges.setdefault(edge.key, edge)

    def degree(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for edge in self.edges.values():
            counts[edge.source] += 1
            counts[edge.target] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        degree = self.degree()
        return {
            "nodes": [node.to_json() | {"degree": degree.get(node.iri, 0)} for node in self.nodes.values()],
            "edges": [edge.to_json() for edge in self.edges.values()],
            "notices": list(self.notices),
            "truncated": self.truncated,
            "kinds": {key: label for key, (label, _) in KINDS.items()},
            "relations": {r.key: r.label for r in RELATIONS},
        }


@dataclass(frozen=True)
class Filters:
    """What to keep: kinds of entity, kinds of relation, countries (ISO alpha-3), facts dated in a range.

    Empty means "everything". Focus nodes are always kept. An undated fact (a
    structural link such as a commune's country) is kept whatever the range.
    """

    kinds: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    date_from: str | None = None
    date_to: str | None = None

    def relations_to_follow(self) -> tuple[Relation, ...]:
        return tuple(r for r in RELATIONS if not self.relations or r.key in self.relations)


# ---------------------------------------------------------------- SPARQL helpers


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))  # validates and escapes


def _values(variable: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(_iri(i) for i in iris)} }}"


def _select(store: GraphStore, sparql: str) -> list[dict[str, str]]:
    """Rows as {variable: lexical value} (unbound variables absent)."""
    solutions = store.select(_PROLOGUE + sparql)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return rows


def _branches(relations: Sequence[Relation], start: Sequence[str], body: str) -> str:
    """One UNION branch per relation and direction, each starting from the bound `start` nodes.

    `body` is formatted with {core} (the relation's pattern), {rel}, {dir}, {n} (the bound end), {o}.
    """
    parts = []
    for relation in relations:
        directions = ("out",) if relation.symmetric else ("out", "in")
        for direction in directions:
            n, o = ("a", "b") if direction == "out" else ("b", "a")
            filled = body.format(core=relation.core, rel=relation.key, dir=direction, n=n, o=o)
            parts.append("{ " + _values(n, start) + " " + filled + " }")
    return "\n UNION ".join(parts)


def _date_of(row: dict[str, str]) -> str | None:
    # The most specific date the source gives: stated start, else attestation, else the document's date.
    return row.get("start") or row.get("attested") or row.get("docdate")


def _edge_from_row(row: dict[str, str]) -> Edge:
    detail = row.get("detail") or row.get("text")
    if "amount" in row:
        detail = f"{float(row['amount']):,.0f} €".replace(",", "\u202f")
    return Edge(row["a"], row["b"], row["rel"], row.get("via"), _date_of(row), detail)


# ---------------------------------------------------------------- neighbourhoods


def _count_neighbours(
    store: GraphStore, relations: Sequence[Relation], start: Sequence[str]
) -> dict[tuple[str, str, str], int]:
    """(node, relation, direction) → number of distinct neighbours."""
    body = "{core} BIND(?{n} AS ?n) BIND(?{o} AS ?o) BIND('{rel}' AS ?rel) BIND('{dir}' AS ?dir)"
    sparql = f"SELECT ?n ?rel ?dir (COUNT(DISTINCT ?o) AS ?c) WHERE {{ {_branches(relations, start, body)} }} GROUP BY ?n ?rel ?dir"
    return {(r["n"], r["rel"], r["dir"]): int(r["c"]) for r in _select(store, sparql)}


def _fetch_edges(
    store: GraphStore, relations: Sequence[Relation], start: Sequence[str], *, limit: int | None = None,
    offset: int = 0, direction: str | None = None, targets: Sequence[str] | None = None,
) -> list[Edge]:  # fmt: skip
    """Edges of `relations` touching the `start` nodes (optionally: a page of one direction, or only to `targets`)."""
    parts = []
    for relation in relations:
        directions = ("out",) if relation.symmetric else ("out", "in")
        for d in directions:
            if direction and d != direction:
                continue
            n, o = ("a", "b") if d == "out" else ("b", "a")
            bound = _values(n, start) + (" " + _values(o, targets) if targets is not None else "")
            pattern = f"{bound} {relation.core} {relation.extra} BIND('{relation.key}' AS ?rel)"
            if limit is not None:
                # A page of neighbours: distinct by neighbour, so a pair linked by two facts counts once.
                # No ORDER BY: sorting 35k communes by IRI takes seconds on disk, while the store's own
                # index order is stable for a given store state, which is all paging needs.
                pattern = (
                    f"{{ SELECT DISTINCT ?{o} WHERE {{ {bound} {relation.core} }} "
                    f"LIMIT {limit} OFFSET {offset} }} {_values(n, start)} {relation.core} {relation.extra} "
                    f"BIND('{relation.key}' AS ?rel)"
                )
            parts.append("{ " + pattern + " }")
    if not parts:
        return []
    sparql = "SELECT * WHERE { " + "\n UNION ".join(parts) + " }"
    return [_edge_from_row(row) for row in _select(store, sparql)]


@dataclass
class _Hop:
    edges: list[Edge]
    hidden: dict[tuple[str, str, str], int]  # (node, relation, direction) → neighbours not fetched


def _neighbourhood(store: GraphStore, relations: Sequence[Relation], start: Sequence[str], cap: int) -> _Hop:
    """Edges around `start`, at most `cap` neighbours per node, relation and direction."""
    counts = _count_neighbours(store, relations, start)
    capped = {key for key, count in counts.items() if count > cap}
    # Uncapped (node, relation) groups in one query; each capped one as a page of `cap` neighbours.
    edges: list[Edge] = []
    for relation in relations:
        small = [n for n in start if not any((n, relation.key, d) in capped for d in ("out", "in"))]
        if small:
            edges += _fetch_edges(store, [relation], small)
    for node, rel, direction in sorted(capped):
        edges += _fetch_edges(store, [_BY_KEY[rel]], [node], limit=cap, direction=direction)
        # The other direction of a capped node, if it is small, still comes whole.
        other = "in" if direction == "out" else "out"
        if (node, rel, other) in counts and (node, rel, other) not in capped:
            edges += _fetch_edges(store, [_BY_KEY[rel]], [node], direction=other)
    hidden = {key: counts[key] - cap for key in capped}
    return _Hop(edges, hidden)


# ---------------------------------------------------------------- entity descriptions


@cache
def _country_names() -> dict[str, str]:
    """ISO alpha-3 → French country name (pycountry's translations), for countries the data does not label."""
    import gettext

    import pycountry

    translate: Callable[[str], str]
    try:
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:
        translate = str
    return {c.alpha_3: translate(c.name) for c in pycountry.countries}


def _fallback_label(iri: str) -> str:
    if iri.startswith(str(COUNTRY)):
        code = iri.removeprefix(str(COUNTRY))
        return _country_names().get(code, code)
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def _best_label(labels: list[tuple[str, str]]) -> str | None:
    """French first, then untagged, then any language; `labels` are (text, language)."""
    for wanted in ("fr", ""):
        for text, language in labels:
            if language == wanted:
                return text
    return labels[0][0] if labels else None


def describe_nodes(store: GraphStore, iris: Sequence[str]) -> dict[str, Node]:
    """Label, kind and country of each IRI, in one query."""
    if not iris:
        return {}
    sparql = f"""SELECT ?n ?k ?v ?lang WHERE {{ {_values("n", iris)}
      {{ ?n a ?v BIND("type" AS ?k) }}
      UNION {{ ?n rdfs:label|foaf:name|schema:name|skos:prefLabel ?v BIND("label" AS ?k) BIND(lang(?v) AS ?lang) }}
      UNION {{ ?n coop:country|coop:focusCountry ?v BIND("country" AS ?k) }} }}"""
    types: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    countries: dict[str, str] = {}
    for row in _select(store, sparql):
        if row["k"] == "type":
            types[row["n"]].append(row["v"])
        elif row["k"] == "label":
            labels[row["n"]].append((row["v"], row.get("lang", "")))
        else:
            countries.setdefault(row["n"], row["v"].removeprefix(str(COUNTRY)))
    return {
        iri: Node(iri, _best_label(labels[iri]) or _fallback_label(iri), kind_of(types[iri], iri), countries.get(iri))
        for iri in iris
    }


# ---------------------------------------------------------------- views


def _more_node(node: str, relation: str, direction: str, hidden: int, offset: int) -> Node:
    label = f"+{hidden} de plus ({_BY_KEY[relation].label})"
    more = {"node": node, "relation": relation, "direction": direction, "offset": offset, "count": hidden}
    return Node(f"more|{node}|{relation}|{direction}|{offset}", label, "more", more=more)


def _add_hidden(network: Network, hidden: dict[tuple[str, str, str], int], offset: int) -> None:
    for (node, relation, direction), count in sorted(hidden.items()):
        if node not in network.nodes:
            continue
        placeholder = _more_node(node, relation, direction, count, offset)
        placeholder.hop = network.nodes[node].hop + 1
        network.nodes[placeholder.iri] = placeholder
        source, target = (node, placeholder.iri) if direction == "out" else (placeholder.iri, node)
        network.add_edge(Edge(source, target, relation))


def _rank_candidates(candidates: set[str], edges: Sequence[Edge]) -> list[str]:
    """Candidates best connected to the view first (ties by IRI, so the choice is reproducible)."""
    links: dict[str, int] = defaultdict(int)
    for edge in edges:
        for end in (edge.source, edge.target):
            if end in candidates:
                links[end] += 1
    return sorted(candidates, key=lambda iri: (-links[iri], iri))


def _admit(network: Network, candidates: set[str], edges: Sequence[Edge], hop: int, max_nodes: int) -> list[str]:
    """Add candidate nodes up to `max_nodes`; returns the admitted ones (a notice says if some were not)."""
    room = max_nodes - len(network.nodes)
    ranked = _rank_candidates(candidates, edges)
    admitted, dropped = ranked[: max(room, 0)], len(ranked) - max(room, 0)
    if dropped > 0:
        network.truncated = True
        network.notices.append(
            f"{dropped} entités à {hop} pas ne sont pas affichées (limite de {max_nodes} nœuds) : "
            "les mieux reliées à la vue ont été gardées ; filtrez ou réduisez le nombre de pas."
        )
    return admitted


def ego_network(
    store: GraphStore,
    focus: Sequence[str],
    *,
    hops: int = 1,
    filters: Filters | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    per_relation: int = DEFAULT_PER_RELATION,
) -> Network:
    """The entities within `hops` (1..3) relations of the focus nodes, breadth first.

    Each hop is a few queries whose start nodes are bound by VALUES. Relations
    excluded by `filters` are not followed; the other filters apply afterwards.
    """
    hops = min(max(hops, 1), MAX_HOPS)
    filters = filters or Filters()
    relations = filters.relations_to_follow()
    network = Network()
    focus = list(dict.fromkeys(focus))[:max_nodes]
    network.nodes.update({iri: Node(iri, "", "other", focus=True) for iri in focus})
    frontier = focus
    hidden: dict[tuple[str, str, str], int] = {}
    for hop in range(1, hops + 1):
        if not frontier:
            break
        found = _neighbourhood(store, relations, frontier, per_relation)
        hidden.update(found.hidden)
        candidates = {end for e in found.edges for end in (e.source, e.target)} - network.nodes.keys()
        admitted = _admit(network, candidates, found.edges, hop, max_nodes)
        for iri in admitted:
            network.nodes[iri] = Node(iri, "", "other", hop=hop)
        for edge in found.edges:
            if edge.source in network.nodes and edge.target in network.nodes:
                network.add_edge(edge)
        frontier = admitted
    if frontier:
        # Links among the outermost nodes (two partners of the same group) without going further out.
        for edge in _fetch_edges(store, relations, frontier, targets=list(network.nodes)):
            network.add_edge(edge)
    _describe(store, network)
    _add_hidden(network, hidden, per_relation)
    return apply_filters(network, filters)


def expand_node(
    store: GraphStore,
    node: str,
    *,
    filters: Filters | None = None,
    per_relation: int = DEFAULT_PER_RELATION,
    relation: str | None = None,
    direction: str | None = None,
    offset: int = 0,
) -> Network:
    """One node's neighbours (for expansion in place); with `relation`, the next page of a capped relation."""
    filters = filters or Filters()
    if relation is None:
        return ego_network(store, [node], hops=1, filters=filters, per_relation=per_relation)
    found = _BY_KEY.get(relation)
    if found is None:
        raise ValueError(f"unknown relation {relation!r}")
    directions = [direction] if direction in ("out", "in") else (["out"] if found.symmetric else ["out", "in"])
    network = Network()
    network.nodes[node] = Node(node, "", "other", focus=True)
    counts = _count_neighbours(store, [found], [node])
    for d in directions:
        edges = _fetch_edges(store, [found], [node], limit=per_relation, offset=offset, direction=d)
        for edge in edges:
            for end in (edge.source, edge.target):
                network.nodes.setdefault(end, Node(end, "", "other", hop=1))
            network.add_edge(edge)
        remaining = counts.get((node, relation, d), 0) - offset - per_relation
        if remaining > 0:
            _describe(store, network)
            _add_hidden(network, {(node, relation, d): remaining}, offset + per_relation)
    _describe(store, network)
    return apply_filters(network, filters)


def _describe(store: GraphStore, network: Network) -> None:
    """Fill label, kind and country of the nodes not described yet."""
    todo = [iri for iri, node in network.nodes.items() if node.kind == "other" and not node.label]
    for iri, described in describe_nodes(store, todo).items():
        node = network.nodes[iri]
        node.label, node.kind, node.country = described.label, described.kind, described.country


def _induced(store: GraphStore, iris: Sequence[str], filters: Filters, *, focus: Sequence[str]) -> Network:
    """The network on a fixed set of entities: every relation among them."""
    network = Network()
    network.nodes.update({iri: Node(iri, "", "other", focus=iri in focus) for iri in iris})
    if iris:
        for edge in _fetch_edges(store, filters.relations_to_follow(), list(iris), targets=list(iris)):
            network.add_edge(edge)
    _describe(store, network)
    return network


def _capped(network: Network, iris: list[str], max_nodes: int, what: str) -> list[str]:
    if len(iris) <= max_nodes:
        return iris
    network.truncated = True
    network.notices.append(f"{len(iris) - max_nodes} {what} ne sont pas affichés (limite de {max_nodes} nœuds).")
    return iris[:max_nodes]


def group_network(
    store: GraphStore, group: str, *, filters: Filters | None = None, max_nodes: int = DEFAULT_MAX_NODES
) -> Network:
    """A CUF group's network: its people (roles), the collectivités they act for, its country,
    the funds for that country and their donors, the events it organises or attends,
    and the collectivités cooperating with its country."""
    filters = filters or Filters()
    sparql = f"""SELECT DISTINCT ?x WHERE {{ {_values("g", [group])}
      {{ ?m org:organization ?g ; org:member ?x }}
      UNION {{ ?m org:organization ?g ; coop:onBehalfOf ?x }}
      UNION {{ ?g org:unitOf ?x }}
      UNION {{ ?g coop:focusCountry ?x }}
      UNION {{ ?g coop:focusCountry ?c . ?x coop:focusCountry ?c ; a coop:SolidarityFund }}
      UNION {{ ?g coop:focusCountry ?c . ?f coop:focusCountry ?c ; a coop:SolidarityFund .
               ?k coop:toFund ?f ; schema:funder ?x }}
      UNION {{ ?g coop:focusCountry ?c . ?x coop:cooperatesWithCountry ?c }}
      UNION {{ ?g coop:focusCountry ?c . ?x coop:country ?c ; coop:partnerOf ?p }}
      UNION {{ ?e schema:organizer|schema:attendee ?g . BIND(?e AS ?x) }}
    }}"""
    network = Network()
    iris = [row["x"] for row in _select(store, sparql)]
    iris = [group, *sorted(set(iris) - {group})]
    result = _induced(store, _capped(network, iris, max_nodes, "entités du groupe"), filters, focus=[group])
    result.notices, result.truncated = network.notices, network.truncated
    return apply_filters(result, filters)


def fund_network(
    store: GraphStore, fund: str, *, filters: Filters | None = None, max_nodes: int = DEFAULT_MAX_NODES
) -> Network:
    """A solidarity fund, its donors with their amounts, its country and the groups on that country."""
    filters = filters or Filters()
    sparql = f"""SELECT DISTINCT ?x WHERE {{ {_values("f", [fund])}
      {{ ?k coop:toFund ?f ; schema:funder ?x }}
      UNION {{ ?f coop:focusCountry ?x }}
      UNION {{ ?f coop:focusCountry ?c . ?x coop:focusCountry ?c ; a coop:CountryGroup }} }}"""
    network = Network()
    iris = [fund, *sorted({row["x"] for row in _select(store, sparql)} - {fund})]
    result = _induced(store, _capped(network, iris, max_nodes, "donateurs"), filters, focus=[fund])
    result.notices, result.truncated = network.notices, network.truncated
    return apply_filters(result, filters)


def country_map(store: GraphStore, *, filters: Filters | None = None, home: str = "FRA") -> Network:
    """France–world: one node per country, edges from France weighted by the French collectivités
    cooperating with it (partnerships with its authorities, stated cooperation, donations to its fund).

    The aggregation runs in SPARQL, so the answer has one row per country whatever the data size.
    The partnership pairs come from a subquery: joined the other way round, the optimizer
    started from the 35k `coop:country` triples of the reference communes (150 ms instead of 1).
    """
    filters = filters or Filters()
    home_iri = COUNTRY[home].value
    sparql = f"""SELECT ?c (COUNT(DISTINCT ?fr) AS ?n) WHERE {{
      {{ {{ SELECT DISTINCT ?fr ?x WHERE {{ ?fr coop:partnerOf ?x }} }} ?x coop:country ?c .
         FILTER EXISTS {{ ?fr coop:country {_iri(home_iri)} }} }}
      UNION {{ ?fr coop:cooperatesWithCountry ?c }}
      UNION {{ ?k schema:funder ?fr ; coop:toFund ?f . ?f coop:focusCountry ?c }}
      FILTER(?c != {_iri(home_iri)}) }} GROUP BY ?c ORDER BY DESC(?n) ?c"""
    rows = _select(store, sparql)
    network = Network()
    network.nodes.update(describe_nodes(store, [home_iri, *(row["c"] for row in rows)]))
    network.nodes[home_iri].focus = True
    for row in rows:
        count = int(row["n"])
        detail = f"{count} collectivité{'s' if count > 1 else ''}"
        network.add_edge(Edge(home_iri, row["c"], "cooperates", None, None, detail, float(count)))
    network.notices.append(
        "Vue agrégée par pays : chaque lien compte les collectivités françaises qui coopèrent avec le pays "
        "(partenariats, coopérations déclarées, dons à son fonds)."
    )
    if filters.countries:
        keep = {COUNTRY[c].value for c in filters.countries} | {home_iri}
        network.nodes = {iri: n for iri, n in network.nodes.items() if iri in keep}
        network.edges = {k: e for k, e in network.edges.items() if e.target in keep}
    return network


# ---------------------------------------------------------------- filters


def _span(date: str) -> tuple[str, str]:
    """The first and last day an ISO date prefix covers ("2026-03" → 2026-03-01..2026-03-31, as text)."""
    date = date[:10]
    low = date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date
    high = date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date
    return low, high


def _in_range(date: str | None, filters: Filters) -> bool:
    if date is None:
        return True
    low, high = _span(date)
    if filters.date_from and high < _span(filters.date_from)[0]:
        return False
    return not (filters.date_to and low > _span(filters.date_to)[1])


def apply_filters(network: Network, filters: Filters) -> Network:
    """Drop entities of other kinds or countries and facts outside the date range; then drop
    entities left without any link (except focus nodes). Works in place and returns `network`."""
    country_iris = {COUNTRY[c].value for c in filters.countries}

    def keep_node(node: Node) -> bool:
        if node.focus or node.kind == "more":
            return True
        if filters.kinds and node.kind not in filters.kinds:
            return False
        if country_iris and node.kind == "country":
            return node.iri in country_iris
        return not (filters.countries and node.country and node.country not in filters.countries)

    before = len(network.nodes)
    network.nodes = {iri: n for iri, n in network.nodes.items() if keep_node(n)}
    network.edges = {
        key: e for key, e in network.edges.items()
        if e.source in network.nodes and e.target in network.nodes
        and (not filters.relations or e.relation in filters.relations) and _in_range(e.date, filters)
    }  # fmt: skip
    linked = {end for e in network.edges.values() for end in (e.source, e.target)}
    network.nodes = {iri: n for iri, n in network.nodes.items() if n.focus or iri in linked}
    # A placeholder whose node is gone, or whose relation is hidden, has nothing to offer.
    network.nodes = {
        iri: n for iri, n in network.nodes.items()
        if n.more is None or (n.more["node"] in network.nodes and iri in linked)
    }  # fmt: skip
    if len(network.nodes) < before and (filters.kinds or filters.countries or filters.date_from or filters.date_to):
        network.notices.append(f"{before - len(network.nodes)} entités masquées par les filtres.")
    return network


# ---------------------------------------------------------------- layout


_MIN_EXTENT_PX = 600.0


def layout(network: Network, *, spacing: float = 110.0) -> Network:
    """Positions computed on the server (igraph Fruchterman–Reingold), in vis-network pixels.

    The browser then draws with physics off: vis-network's own physics took 20+ s
    to settle 500 nodes; this takes a fraction of a second.
    """
    import igraph as ig

    iris = list(network.nodes)
    if not iris:
        return network
    index = {iri: i for i, iri in enumerate(iris)}
    pairs = {tuple(sorted((index[e.source], index[e.target]))) for e in network.edges.values()}
    graph = ig.Graph(n=len(iris), edges=sorted(pairs))
    if len(iris) == 1:
        coords = [(0.0, 0.0)]
    else:
        seed = _circle(len(iris))  # a fixed start: the same view gets a similar picture each time
        coords = graph.layout_fruchterman_reingold(seed=seed, niter=300 if len(iris) <= 1000 else 150).coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    # At least ~600 px across: vis-network never zooms in past 1:1 when fitting, so a small
    # network laid out tightly would be drawn as overlapping nodes in the middle of the canvas.
    scale = max(spacing * math.sqrt(len(iris)) * 1.2, _MIN_EXTENT_PX) / extent
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    for iri, (x, y) in zip(iris, coords, strict=True):
        network.nodes[iri].x, network.nodes[iri].y = (x - cx) * scale, (y - cy) * scale
    return network


def _circle(count: int) -> list[list[float]]:
    return [[math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count)] for i in range(count)]


# ---------------------------------------------------------------- details and exports


def node_details(store: GraphStore, iri: str, *, limit: int = 12) -> dict[str, Any]:
    """The main facts of one entity for the viewer's side panel: label, kind, and per relation
    up to `limit` linked entities (label, date, detail) with the total count."""
    described = describe_nodes(store, [iri])[iri]
    hop = _neighbourhood(store, RELATIONS, [iri], limit)
    others = {e.target if e.source == iri else e.source for e in hop.edges}
    labels = describe_nodes(store, sorted(others))
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shown: set[tuple[str, str, str | None, str | None]] = set()
    for edge in sorted(hop.edges, key=lambda e: (e.relation, e.date or "", e.detail or "")):
        other = edge.target if edge.source == iri else edge.source
        if (edge.relation, other, edge.date, edge.detail) in shown:  # the same fact stated by two imports
            continue
        shown.add((edge.relation, other, edge.date, edge.detail))
        facts[edge.relation].append(
            {"iri": other, "label": labels[other].label, "kind": labels[other].kind,
             "date": edge.date, "detail": edge.detail, "incoming": edge.target == iri and edge.source != iri}
        )  # fmt: skip
    groups = [
        {"relation": key, "label": _BY_KEY[key].label, "facts": items,
         "more": sum(c for (n, r, _), c in hop.hidden.items() if r == key)}
        for key, items in facts.items()
    ]  # fmt: skip
    return {"iri": iri, "label": described.label, "kind": described.kind,
            "kindLabel": KINDS[described.kind][0], "country": described.country, "relations": groups}  # fmt: skip


def to_networkx(network: Network) -> nx.MultiDiGraph:
    """The network as a NetworkX multigraph; attributes are plain strings and numbers (GEXF/GraphML-safe)."""
    graph = nx.MultiDiGraph()
    degree = network.degree()
    for node in network.nodes.values():
        attributes = {"label": node.label, "kind": node.kind, "country": node.country or "",
                      "degree": degree.get(node.iri, 0)}  # fmt: skip
        if node.x is not None:
            attributes |= {"x": node.x, "y": node.y or 0.0}
        graph.add_node(node.iri, **attributes)
    for edge in network.edges.values():
        graph.add_edge(
            edge.source, edge.target, relation=edge.relation, label=edge.to_json()["label"],
            date=edge.date or "", detail=edge.detail or "", via=edge.via or "", weight=edge.weight,
        )  # fmt: skip
    return graph


EXPORT_FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "nodes-csv": ("text/csv; charset=utf-8", "nodes.csv"),
}


# How each kind of node is drawn: colour, vis-network shape, legend symbol. One table for the viewer
# (graph.js reads it from the page) and for the standalone HTML export.
KIND_STYLE: dict[str, dict[str, str]] = {
    "person": {"color": "#e8862a", "shape": "dot", "symbol": "●"},
    "group": {"color": "#8e44ad", "shape": "diamond", "symbol": "◆"},
    "fund": {"color": "#27a15a", "shape": "star", "symbol": "★"},
    "event": {"color": "#d6405f", "shape": "triangle", "symbol": "▲"},
    "authority-fr": {"color": "#1f6fc4", "shape": "square", "symbol": "■"},
    "authority-foreign": {"color": "#11a0a0", "shape": "square", "symbol": "■"},
    "authority": {"color": "#5a8fc4", "shape": "square", "symbol": "■"},
    "organization": {"color": "#7a6440", "shape": "hexagon", "symbol": "⬢"},
    "country": {"color": "#7f8793", "shape": "triangleDown", "symbol": "▼"},
    "programme": {"color": "#b79a00", "shape": "dot", "symbol": "●"},
    "other": {"color": "#a9b0b8", "shape": "dot", "symbol": "●"},
    "more": {"color": "#ffffff", "shape": "box", "symbol": "▭"},
}


def export_html(network: Network, title: str = "Réseau coopgraph") -> bytes:
    """The view as one standalone HTML file (pyvis, with coopgraph's own template and vis-network inlined).

    Nodes and edges are added one by one (pyvis's `from_nx` is quadratic); positions
    are the server-side layout and physics stays off, so the file opens instantly
    and needs no network.
    """
    from pyvis.network import Network as PyvisNetwork

    from coopgraph.resources import package_file

    degree = network.degree()
    view = PyvisNetwork(height="100%", width="100%", directed=True, heading=title, cdn_resources="local")
    view.set_template_dir(str(package_file("export_templates")), "network.html")
    for node in network.nodes.values():
        style = KIND_STYLE.get(node.kind, KIND_STYLE["other"])
        color, shape = style["color"], style["shape"]
        view.add_node(
            node.iri, label=node.label, title=f"{node.label}\n{KINDS[node.kind][0]}", color=color, shape=shape,
            x=node.x or 0.0, y=node.y or 0.0, value=degree.get(node.iri, 0) + 1, physics=False,
        )  # fmt: skip
    for edge in network.edges.values():
        label = edge.to_json()["label"]
        view.add_edge(edge.source, edge.target, label=label, title=" · ".join(filter(None, (label, edge.date))))
    view.set_options(json.dumps({"physics": {"enabled": False}, "edges": {"smooth": False, "font": {"size": 10}},
                                 "nodes": {"scaling": {"min": 8, "max": 28}}}))  # fmt: skip
    html = view.generate_html()
    vis_js = (package_file("web") / "static" / "vendor" / "vis-network" / "vis-network.min.js").read_text("utf-8")
    # The script is ours, from the pinned vendor copy; it must not end the <script> element early.
    return html.replace("/*VIS_NETWORK*/", vis_js.replace("</script", "<\\/script"), 1).encode("utf-8")


def export_bytes(network: Network, format: str) -> bytes:
    """Standalone HTML (pyvis), GEXF or GraphML (Gephi, Cytoscape) through NetworkX, or CSV (edges, or nodes)."""
    if format == "html":
        return export_html(network)
    if format in ("gexf", "graphml"):
        graph = to_networkx(network)
        buffer = io.BytesIO()
        if format == "gexf":
            nx.write_gexf(graph, buffer)
        else:
            nx.write_graphml(graph, buffer)
        return buffer.getvalue()
    if format not in ("csv", "nodes-csv"):
        raise ValueError(f"unknown export format {format!r} (choose from {', '.join(EXPORT_FORMATS)})")
    text = io.StringIO()
    writer = csv.writer(text)
    if format == "nodes-csv":
        degree = network.degree()
        writer.writerow(["id", "label", "kind", "country", "degree"])
        for node in network.nodes.values():
            writer.writerow([node.iri, _cell(node.label), node.kind, node.country or "", degree.get(node.iri, 0)])
    else:
        writer.writerow(["source", "source_label", "relation", "target", "target_label", "date", "detail", "via"])
        for edge in network.edges.values():
            source, target = network.nodes[edge.source], network.nodes[edge.target]
            writer.writerow([edge.source, _cell(source.label), edge.relation, edge.target, _cell(target.label),
                             edge.date or "", _cell(edge.detail or ""), edge.via or ""])  # fmt: skip
    # A BOM so that spreadsheet programs read the accents right.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a label starting with = + - @ must stay text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
