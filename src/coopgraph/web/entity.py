"""Entity pages: every resource IRI is dereferenceable.

`GET /id/<path>` (IRIs under https://w3id.org/coopgraph/id/) and `GET /entity?iri=IRI` (any
other IRI: countries, reference entities) answer a browser with an HTML page and a client
asking for `text/turtle`, `application/ld+json`, `application/n-triples` or
`application/rdf+xml` (or `?format=turtle|jsonld|ntriples|rdfxml`) with the RDF that
describes it: its own triples, the n-ary nodes about it (roles, donations, partnerships)
and, capped, the triples pointing to it.

The page shows kind, labels, official identifiers, facts grouped by relation with linked
labels, the incoming relations, roles over time, and the source of each fact (document,
line range, quote), with links to the network view and to the SPARQL listing the facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from coopgraph import network as nw
from coopgraph.namespaces import ID, META_GRAPH, PREFIXES
from coopgraph.store.base import GraphStore
from coopgraph.web.explore import page_store

__all__ = ["bp", "describe_entity", "entity_path"]

bp = Blueprint("entity", __name__)

# The n-ary nodes an entity takes part in (shown as roles, donations, partnerships; not raw).
_NARY_LINKS = "org:member|org:organization|coop:onBehalfOf|schema:funder|coop:toFund|coop:partner"
_NARY_PREDICATES = {PREFIXES[p] + local for p, local in (
    ("org", "member"), ("org", "organization"), ("coop", "onBehalfOf"), ("schema", "funder"),
    ("coop", "toFund"), ("coop", "partner"),
)}  # fmt: skip
_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABELS = {PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel", PREFIXES["foaf"] + "name",
           PREFIXES["schema"] + "name"}  # fmt: skip
_IDENTIFIERS = {
    PREFIXES["coop"] + "inseeCode": "INSEE",
    PREFIXES["coop"] + "sirenCode": "SIREN",
    PREFIXES["coop"] + "wikidataId": "Wikidata",
    PREFIXES["skos"] + "notation": "ISO 3166",
}
# French names of the properties a page shows most; others fall back to their prefixed name.
_PROPERTY_LABELS = {
    "coop:country": "pays", "coop:focusCountry": "pays ciblé", "coop:cooperatesWithCountry": "coopère avec",
    "coop:partnerOf": "partenaire de", "org:unitOf": "groupe de", "org:classification": "catégorie",
    "coop:population": "population", "coop:donorCount": "nombre de donateurs", "coop:totalAmount": "montant total",
    "coop:eventKind": "type d'événement", "coop:editionNumber": "édition", "schema:startDate": "début",
    "schema:endDate": "fin", "schema:location": "lieu", "schema:organizer": "organisé par",
    "schema:attendee": "participant", "schema:superEvent": "édition de", "coop:online": "en ligne",
    "schema:containedInPlace": "situé dans", "owl:sameAs": "même entité que", "coop:theme": "thème",
    "prov:wasDerivedFrom": "source", "dcterms:date": "date", "dcterms:title": "titre",
    "coop:beneficiaryOf": "bénéficiaire de", "schema:amount": "montant", "schema:url": "site",
    "schema:geo": "coordonnées",
}  # fmt: skip
_INCOMING_PER_PROPERTY = 50
_RDF_FORMATS = {
    "text/turtle": ("turtle", ox.RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("ntriples", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("rdfxml", ox.RdfFormat.RDF_XML),
}


def entity_path(iri: str) -> str:
    """The page of an IRI: `/id/...` for the project's resources, `/entity?iri=...` for the others."""
    if iri.startswith(ID) and len(iri) > len(ID):
        return "/id/" + quote(iri[len(ID) :], safe="/:@-._~!$&'()*+,;=")
    return "/entity?" + urlencode({"iri": iri})


def _prefixed(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


def property_label(iri: str) -> str:
    name = _prefixed(iri)
    return _PROPERTY_LABELS.get(name, name)


# ---------------------------------------------------------------- what the page shows


@dataclass
class Value:
    """An object of a fact: a linked entity (iri, label, url) or a literal (text)."""

    text: str
    iri: str | None = None
    url: str | None = None
    kind: str | None = None
    datatype: str | None = None


@dataclass
class Entity:
    iri: str
    label: str
    kind: str
    kind_label: str
    labels: list[str] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    types: list[Value] = field(default_factory=list)
    identifiers: list[tuple[str, str, str | None]] = field(default_factory=list)  # (scheme, code, via entity url)
    facts: dict[str, list[Value]] = field(default_factory=dict)
    incoming: dict[str, tuple[list[Value], int]] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    imports: list[dict[str, str]] = field(default_factory=list)


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, labels: dict[str, nw.Node]) -> Value:
    if isinstance(term, ox.NamedNode):
        node = labels.get(term.value)
        label = node.label if node else term.value
        return Value(label, term.value, entity_path(term.value), node.kind if node else None)
    if isinstance(term, ox.Literal):
        text = term.value + (f" ({term.language})" if term.language else "")
        return Value(text, datatype=_prefixed(term.datatype.value) if term.datatype else None)
    return Value("(nœud anonyme)")


def _select(store: GraphStore, sparql: str) -> list[ox.QuerySolution]:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return list(store.select(prologue + sparql))


def describe_entity(store: GraphStore, iri: str) -> Entity | None:
    """Everything the page shows about `iri`, or None when the store knows nothing of it."""
    node = _iri(iri)
    outgoing = _select(store, f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} LIMIT 2000")
    counts = _select(
        store,
        f"SELECT ?p (COUNT(?s) AS ?c) WHERE {{ ?s ?p {node} }} GROUP BY ?p",
    )
    if not outgoing and not counts:
        return None
    incoming = _incoming(store, node, [row["p"].value for row in counts if row["p"].value not in _NARY_PREDICATES])
    linked = {r["o"].value for r in outgoing if isinstance(r["o"], ox.NamedNode)}
    linked |= {r["s"].value for rows in incoming.values() for r in rows}
    labels = nw.describe_nodes(store, sorted(linked | {iri}))
    me = labels[iri]
    entity = Entity(iri, me.label, me.kind, nw.KINDS[me.kind][0])
    _fill_own_facts(entity, outgoing, labels)
    count_of = {row["p"].value: int(row["c"].value) for row in counts}
    for predicate, rows in sorted(incoming.items(), key=lambda item: property_label(item[0])):
        values = sorted((_value(r["s"], labels) for r in rows), key=lambda v: v.text.lower())
        entity.incoming[property_label(predicate)] = (values, count_of[predicate])
    entity.identifiers += _linked_identifiers(store, iri)
    entity.relations = nw.node_details(store, iri)["relations"]
    for group in entity.relations:
        for fact in group["facts"]:
            fact["url"] = entity_path(fact["iri"])
    entity.timeline = _timeline(store, node)
    entity.sources = _sources(store, node, entity)
    entity.imports = _imports(store, sorted({r["g"].value for r in outgoing if isinstance(r["g"], ox.NamedNode)}))
    return entity


def _incoming(store: GraphStore, node: str, predicates: list[str]) -> dict[str, list[ox.QuerySolution]]:
    """Up to `_INCOMING_PER_PROPERTY` subjects per property (France has 35k communes pointing to it)."""
    if not predicates:
        return {}
    branches = " UNION ".join(
        f"{{ SELECT ?s ({_iri(p)} AS ?p) WHERE {{ ?s {_iri(p)} {node} }} LIMIT {_INCOMING_PER_PROPERTY} }}"
        for p in predicates
    )
    grouped: dict[str, list[ox.QuerySolution]] = defaultdict(list)
    for row in _select(store, f"SELECT ?s ?p WHERE {{ {branches} }}"):
        grouped[row["p"].value].append(row)
    return grouped


def _fill_own_facts(entity: Entity, outgoing: list[ox.QuerySolution], labels: dict[str, nw.Node]) -> None:
    facts: dict[str, list[Value]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for row in outgoing:
        predicate, term = row["p"].value, row["o"]
        if (predicate, str(term)) in seen:  # the same fact stated by two imports
            continue
        seen.add((predicate, str(term)))
        if predicate == _RDF_TYPE:
            entity.types.append(Value(_prefixed(term.value), term.value))
        elif predicate in _LABELS:
            target = entity.alt_labels if predicate.endswith("altLabel") else entity.labels
            if term.value not in target:
                target.append(term.value)
        elif predicate in _IDENTIFIERS:
            entity.identifiers.append((_IDENTIFIERS[predicate], term.value, None))
        elif predicate != PREFIXES["prov"] + "wasDerivedFrom":
            facts[property_label(predicate)].append(_value(term, labels))
    if entity.iri.startswith(PREFIXES["country"]):
        entity.identifiers.append(("ISO 3166 alpha-3", entity.iri.removeprefix(PREFIXES["country"]), None))
    entity.facts = {key: sorted(values, key=lambda v: v.text.lower()) for key, values in sorted(facts.items())}
    # An alternative label that another import gives as the main one is not "another name".
    entity.alt_labels = [alt for alt in entity.alt_labels if alt not in entity.labels]


def _linked_identifiers(store: GraphStore, iri: str) -> list[tuple[str, str, str | None]]:
    """Codes of the official entities joined by owl:sameAs (a named authority → its INSEE commune)."""
    codes = " ".join(_iri(p) for p in _IDENTIFIERS)
    rows = _select(
        store,
        f"""SELECT ?other ?p ?code WHERE {{
        {{ {_iri(iri)} owl:sameAs ?other }} UNION {{ ?other owl:sameAs {_iri(iri)} }}
        ?other ?p ?code . VALUES ?p {{ {codes} }} }}""",
    )
    return sorted({(_IDENTIFIERS[r["p"].value], r["code"].value, entity_path(r["other"].value)) for r in rows})


def _timeline(store: GraphStore, node: str) -> list[dict[str, Any]]:
    """Roles the entity holds, that are held in it, or on its behalf, oldest first."""
    rows = _select(
        store,
        f"""SELECT DISTINCT ?m ?person ?org ?role ?text ?behalf ?attested ?start ?end WHERE {{
        {{ ?m org:member {node} }} UNION {{ ?m org:organization {node} }} UNION {{ ?m coop:onBehalfOf {node} }}
        ?m org:member ?person ; org:organization ?org .
        OPTIONAL {{ ?m org:role ?role }} OPTIONAL {{ ?m coop:roleText ?text }} OPTIONAL {{ ?m coop:onBehalfOf ?behalf }}
        OPTIONAL {{ ?m coop:attestedOn ?attested }} OPTIONAL {{ ?m schema:startDate ?start }}
        OPTIONAL {{ ?m schema:endDate ?end }} }} LIMIT 500""",
    )
    iris = {r[k].value for r in rows for k in ("person", "org", "role", "behalf") if r[k] is not None}
    labels = nw.describe_nodes(store, sorted(iris))
    items = []
    for r in rows:

        def link(key: str, row: ox.QuerySolution = r) -> dict[str, str] | None:
            term = row[key]
            return None if term is None else {"label": labels[term.value].label, "url": entity_path(term.value)}

        date = r["start"] or r["attested"]
        items.append({
            "membership": r["m"].value, "date": date.value if date else "", "end": r["end"].value if r["end"] else "",
            "attested": r["attested"].value if r["attested"] else "",
            "person": link("person"), "organization": link("org"), "behalf": link("behalf"),
            "role": labels[r["role"].value].label if r["role"] else "", "text": r["text"].value if r["text"] else "",
        })  # fmt: skip
    return sorted(items, key=lambda i: (i["date"] or "9999", i["organization"]["label"], i["person"]["label"]))


def _sources(store: GraphStore, node: str, entity: Entity) -> list[dict[str, Any]]:
    """The evidence of the entity's own facts and of the roles, donations and partnerships about it."""
    rows = _select(
        store,
        f"""SELECT DISTINCT ?fact ?doc ?title ?date ?start ?end ?quote WHERE {{
        {{ BIND({node} AS ?fact) }} UNION {{ ?fact {_NARY_LINKS} {node} }}
        ?fact prov:wasDerivedFrom ?evidence .
        OPTIONAL {{ ?evidence coop:document ?doc . OPTIONAL {{ ?doc dcterms:title ?title }}
                    OPTIONAL {{ ?doc dcterms:date ?date }} }}
        OPTIONAL {{ ?evidence coop:lineStart ?start }} OPTIONAL {{ ?evidence coop:lineEnd ?end }}
        OPTIONAL {{ ?evidence coop:quote ?quote }} }} LIMIT 500""",
    )
    roles = {item["membership"]: item for item in entity.timeline}
    sources = []
    for r in rows:
        fact = r["fact"].value
        sources.append({
            "fact": _fact_summary(fact, entity, roles),
            "document": r["title"].value if r["title"] else (r["doc"].value if r["doc"] else "document inconnu"),
            "documentUrl": entity_path(r["doc"].value) if r["doc"] else None,
            "date": r["date"].value if r["date"] else "",
            "lines": _line_range(r["start"], r["end"]),
            "quote": r["quote"].value if r["quote"] else "",
        })  # fmt: skip
    return sorted(sources, key=lambda s: (s["date"], s["document"], s["lines"]))


def _fact_summary(fact: str, entity: Entity, roles: dict[str, dict[str, Any]]) -> str:
    if fact == entity.iri:
        return f"{entity.label} ({entity.kind_label})"
    role = roles.get(fact)
    if role:
        what = role["text"] or role["role"] or "membre"
        return f"{role['person']['label']} — {what} — {role['organization']['label']}"
    return _prefixed(fact)


def _line_range(start: ox.Literal | None, end: ox.Literal | None) -> str:
    if start is None:
        return ""
    if end is None or end.value == start.value:
        return f"ligne {start.value}"
    return f"lignes {start.value}–{end.value}"


def _imports(store: GraphStore, graphs: list[str]) -> list[dict[str, str]]:
    """The imports (source file, date) whose graphs state facts about the entity."""
    if not graphs:
        return []
    values = " ".join(_iri(g) for g in graphs)
    rows = _select(
        store,
        f"""SELECT ?id ?path ?at WHERE {{ GRAPH {META_GRAPH} {{
        ?i coop:importedGraph ?g ; coop:sourceId ?id . OPTIONAL {{ ?i coop:sourcePath ?path }}
        OPTIONAL {{ ?i prov:endedAtTime ?at }} }} VALUES ?g {{ {values} }} }}""",
    )
    return sorted(
        ({"source": r["id"].value, "path": r["path"].value if r["path"] else "", "at": r["at"].value if r["at"] else ""}
         for r in rows),
        key=lambda i: i["source"],
    )  # fmt: skip


# ---------------------------------------------------------------- links out of the page


def facts_query(iri: str) -> str:
    """The SPARQL that lists the facts about `iri` (what the page's "SPARQL" link opens)."""
    node = _iri(iri)
    return (
        "# Every statement about this entity, with the graph (import) it comes from.\n"
        f"SELECT ?direction ?property ?value ?graph WHERE {{\n"
        f'  {{ GRAPH ?graph {{ {node} ?property ?value }} BIND("out" AS ?direction) }}\n'
        f"  UNION\n"
        f'  {{ GRAPH ?graph {{ ?value ?property {node} }} BIND("in" AS ?direction) }}\n'
        f"}}\nORDER BY ?direction ?property\nLIMIT 1000\n"
    )


def explore_url(iri: str, kind: str) -> str:
    """The network view that suits the entity: a group's or a fund's view, else its ego network."""
    view = {"group": "group", "fund": "fund"}.get(kind)
    params = [("focus", iri)] + ([("view", view)] if view else [("hops", "1")])
    return "/graph?" + urlencode(params)


# ---------------------------------------------------------------- routes


@bp.get("/id/<path:local>")
def by_path(local: str) -> Response:
    """A resource under https://w3id.org/coopgraph/id/."""
    return _respond(ID + local)


@bp.get("/entity")
def by_iri() -> Response:
    """Any other resource: `/entity?iri=IRI`."""
    iri = request.args.get("iri", "")
    if not iri:
        abort(400, "give the entity's IRI: /entity?iri=...")
    return _respond(iri)


def _negotiated_rdf() -> tuple[str, ox.RdfFormat, str] | None:
    """(format name, pyoxigraph format, media type) when the client asks for RDF rather than HTML."""
    explicit = request.args.get("format")
    if explicit:
        for media_type, (name, fmt) in _RDF_FORMATS.items():
            if explicit in (name, media_type):
                return name, fmt, media_type
        if explicit != "html":
            abort(400, f"unknown format {explicit!r} (html, {', '.join(n for n, _ in _RDF_FORMATS.values())})")
        return None
    best = request.accept_mimetypes.best_match(["text/html", *_RDF_FORMATS], default="text/html")
    if best in _RDF_FORMATS and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]:
        name, fmt = _RDF_FORMATS[best]
        return name, fmt, best
    return None


def _respond(iri: str) -> Response:
    try:
        _iri(iri)
    except ValueError:
        abort(400, f"not a valid IRI: {iri!r}")
    store = page_store()
    rdf = _negotiated_rdf()
    if rdf is not None:
        response = _rdf_response(store, iri, *rdf)
    else:
        entity = describe_entity(store, iri)
        if entity is None:
            abort(404, f"Le graphe ne dit rien de {iri}.")
        body = render_template(
            "entity.html", entity=entity, explore_url=explore_url(iri, entity.kind),
            ego_url="/graph?" + urlencode([("focus", iri), ("hops", "1")]),
            query_url="/query?" + urlencode({"query": facts_query(iri)}),
            rdf_links=[(name, f"?{urlencode({'format': name})}" if iri.startswith(ID) else
                        "?" + urlencode({"iri": iri, "format": name})) for name, _ in _RDF_FORMATS.values()],
        )  # fmt: skip
        response = Response(body, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def _rdf_response(store: GraphStore, iri: str, name: str, fmt: ox.RdfFormat, media_type: str) -> Response:
    """Its triples, the n-ary nodes about it with theirs, and (capped) the triples pointing to it."""
    node = _iri(iri)
    prologue = "".join(f"PREFIX {p}: <{base}>\n" for p, base in PREFIXES.items())
    sparql = (
        prologue
        + f"""CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} . ?m ?mp ?mo }} WHERE {{
        {{ {node} ?p ?o }}
        UNION {{ {{ SELECT ?s ?q WHERE {{ ?s ?q {node} }} LIMIT 2000 }} }}
        UNION {{ {{ SELECT DISTINCT ?m WHERE {{ ?m {_NARY_LINKS} {node} }} LIMIT 500 }} ?m ?mp ?mo }} }}"""
    )
    triples = list(store.query(sparql))  # type: ignore[arg-type]
    if not triples:
        abort(404, f"nothing is known about {iri}")
    data = ox.serialize(triples, format=fmt, prefixes=dict(PREFIXES)) or b""
    charset = "; charset=utf-8" if name != "rdfxml" else ""
    return Response(data, content_type=media_type + charset)
