"""CSV sheets: one template per kind of record, recognised from the header row.

Each template lists its columns; `required` columns identify it and must be
filled on every row. Names are the identity: an actor named in two files (or
two templates) gets one IRI, minted from its kind and normalised name
(`coopgraph.identity`). Official codes are optional columns stored as
properties. Several values in one cell are separated by `|`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry
from pyoxigraph import Literal, NamedNode, Triple

from coopgraph.errors import InputError
from coopgraph.identity import mint_iri, name_key
from coopgraph.ingest.formats import read_text
from coopgraph.namespaces import COOP, COUNTRY, DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SCHEMA, SKOS, VOCAB, XSD

__all__ = ["TEMPLATES", "Template", "parse_csv", "template_for_header"]

CUF_NAME = "Cités Unies France"
_MULTI = "|"


@dataclass(frozen=True)
class Template:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    description: str

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "collectivites",
            ("collectivite", "kind"),
            ("country", "insee", "siren", "wikidata", "population", "alt_labels"),
            "French and foreign local authorities. kind: commune, departement, region, metropole, epci, "
            "collectivite-unique, foreign; country: ISO 3166 code (default FR).",
        ),
        Template("persons", ("person",), ("alt_labels", "wikidata"), "People."),
        Template(
            "roles",
            ("person", "role", "organisation"),
            ("organisation_kind", "role_kind", "on_behalf_of", "as_of", "start", "end"),
            "Who holds which role where. organisation_kind: collectivite (default), group, organisation; "
            "role_kind: a concept of the role vocabulary (president, mayor...), guessed from the text when empty.",
        ),
        Template(
            "groups",
            ("group", "group_kind"),
            ("country", "theme", "alt_labels"),
            "Country and thematic groups of CUF. group_kind: country or thematic.",
        ),
        Template("funds", ("fund",), ("country", "total_amount", "donor_count", "alt_labels"), "Solidarity funds."),
        Template(
            "contributions",
            ("fund", "donor"),
            ("donor_kind", "amount", "date"),
            "Donations to a fund. donor_kind: collectivite (default), organisation, person.",
        ),
        Template(
            "events",
            ("event", "event_kind"),
            ("start", "end", "place", "online", "organiser", "edition", "series"),
            "Events. event_kind: a concept of the event-kind vocabulary (rencontres, webinar, mission...).",
        ),
        Template(
            "participations",
            ("event", "participant"),
            ("participant_kind",),
            "Who took part in which event. participant_kind: collectivite (default), person, organisation, group.",
        ),
        Template(
            "partnerships",
            ("partner_a", "partner_b", "partnership_kind"),
            ("country_a", "country_b", "date"),
            "Partnerships between two authorities. partnership_kind: jumelage, protocole-entente, cooperation, other.",
        ),
    )
}

_ENTITY_KINDS = {  # value of a *_kind column -> (IRI kind segment, class)
    "collectivite": ("authority", COOP.LocalAuthority),
    "group": ("group", ORG.OrganizationalUnit),
    "organisation": ("organization", COOP.PartnerOrganization),
    "person": ("person", FOAF.Person),
}
_AUTHORITY_KINDS = {"commune", "departement", "region", "metropole", "epci", "collectivite-unique", "foreign"}
_EVENT_KINDS = {
    "rencontres", "assises", "group-meeting", "webinar", "mission", "forum", "training", "conference", "meeting", "other",
}  # fmt: skip
_PARTNERSHIP_KINDS = {"jumelage", "protocole-entente", "cooperation", "other"}
_ROLE_KINDS = {
    "president", "vice-president", "co-president", "mayor", "deputy-mayor", "councillor-delegate", "councillor",
    "director", "officer", "member", "other",
}  # fmt: skip
# Role text -> concept, most specific first. Used when role_kind is empty.
_ROLE_RULES = (
    (r"\bvice[- ]?pr[ée]sident", "vice-president"),
    (r"\bco[- ]?pr[ée]sident", "co-president"),
    (r"\bpr[ée]sident", "president"),
    (r"\badjoint", "deputy-mayor"),
    (r"\bmaire\b", "mayor"),
    (r"\bconseill[eè]re?s? .*d[ée]l[ée]gu[ée]", "councillor-delegate"),
    (r"\bconseill[eè]re?\b", "councillor"),
    (r"\bdirect(eur|rice)", "director"),
    (r"\bcharg[ée]e? de mission", "officer"),
    (r"\bmembre\b", "member"),
)


def guess_role_kind(text: str) -> str:
    lowered = text.lower()
    return next((kind for pattern, kind in _ROLE_RULES if re.search(pattern, lowered)), "other")


class _Row:
    """One CSV row with typed accessors that raise InputError at the right line."""

    def __init__(self, values: dict[str, str], path: Path, line: int) -> None:
        self.values, self.path, self.line = values, path, line

    def error(self, message: str) -> InputError:
        return InputError(message, path=self.path, line=self.line)

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def many(self, column: str) -> list[str]:
        return [part.strip() for part in self.get(column).split(_MULTI) if part.strip()]

    def choice(self, column: str, allowed: set[str], default: str | None = None) -> str:
        value = self.get(column).lower() or default
        if value not in allowed:
            raise self.error(f"column {column!r}: {value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def date(self, column: str) -> Literal | None:
        value = self.get(column)
        if not value:
            return None
        for pattern, datatype in (
            (r"\d{4}-\d{2}-\d{2}", XSD.date),
            (r"\d{4}-\d{2}", XSD.gYearMonth),
            (r"\d{4}", XSD.gYear),
        ):
            if re.fullmatch(pattern, value):
                if datatype == XSD.date:
                    try:
                        dt.date.fromisoformat(value)
                    except ValueError:
                        raise self.error(f"column {column!r}: {value!r} is not a real date") from None
                return Literal(value, datatype=datatype)
        raise self.error(f"column {column!r}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")

    def integer(self, column: str) -> Literal | None:
        value = self.get(column).replace(" ", "").replace("\u202f", "")
        if not value:
            return None
        if not re.fullmatch(r"\d+", value):
            raise self.error(f"column {column!r}: {value!r} is not a whole number")
        return Literal(value, datatype=XSD.integer)

    def decimal(self, column: str) -> Literal | None:
        value = self.get(column).replace(" ", "").replace("\u202f", "").replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.error(f"column {column!r}: {value!r} is not an amount") from None
        return Literal(str(number), datatype=XSD.decimal)

    def country(self, column: str, default: str | None = None) -> NamedNode | None:
        code = self.get(column) or default
        if not code:
            return None
        found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
        found = found or (pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None)
        if found is None:
            raise self.error(f"column {column!r}: {code!r} is not an ISO 3166 country code")
        return COUNTRY[found.alpha_3]


def template_for_header(header: list[str], path: Path) -> Template:
    """The template of a header: the most specific one whose required columns are all present.

    When the header has columns no matching template knows, the template that
    would know them all is named with the required columns it misses: that is
    the usual mistake (a forgotten column), and the message says which.
    """
    columns = {c.strip().lower() for c in header}
    matches = [t for t in TEMPLATES.values() if set(t.required) <= columns]
    best = max(matches, key=lambda t: len(t.required)) if matches else None
    if best is not None and columns <= set(best.columns):
        return best
    covering = [t for t in TEMPLATES.values() if columns <= set(t.columns)]
    if covering:
        closest = min(covering, key=lambda t: len(set(t.required) - columns))
        missing = [c for c in closest.required if c not in columns]
        raise InputError(
            f"missing required column(s) {', '.join(missing)} for the {closest.name!r} template "
            f"(columns: {', '.join(closest.columns)})",
            path=path,
            line=1,
        )
    if best is not None:
        unknown = sorted(columns - set(best.columns))
        raise InputError(
            f"unknown column(s) {', '.join(unknown)} for the {best.name!r} template (columns: {', '.join(best.columns)})",
            path=path,
            line=1,
        )
    expected = "; ".join(f"{t.name}: {', '.join(t.required)}" for t in TEMPLATES.values())
    raise InputError(f"the header matches no CSV template; required columns are — {expected}", path=path, line=1)


def parse_csv(path: Path) -> list[Triple]:
    """The triples of a CSV file, after checking its header and every row."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", path=path) from None
    header = [h.strip().lower() for h in header]
    template = template_for_header(header, path)
    emit = _ROW_HANDLERS[template.name]
    triples: list[Triple] = []
    seen: set[tuple[str, str, str]] = set()
    for cells in reader:
        line_number = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(f"expected {len(header)} cells, found {len(cells)}", path=path, line=line_number)
        row = _Row(dict(zip(header, cells, strict=True)), path, line_number)
        for column in template.required:
            if not row.get(column):
                raise row.error(f"required column {column!r} is empty")
        for triple in emit(row):
            key = (str(triple.subject), str(triple.predicate), str(triple.object))
            if key not in seen:
                seen.add(key)
                triples.append(triple)
    if not triples:
        raise InputError("the CSV has a header but no rows", path=path)
    return triples


# ---------------------------------------------------------------- row handlers

Triples = Iterator[Triple]


def _labelled(node: NamedNode, name: str, alt_labels: list[str] = ()) -> Triples:  # type: ignore[assignment]
    yield Triple(node, RDFS.label, Literal(name))
    for alt in alt_labels:
        if name_key(alt) != name_key(name) or alt != name:
            yield Triple(node, SKOS.altLabel, Literal(alt))


def _entity(kind_value: str, name: str) -> tuple[NamedNode, Triples]:
    """A referenced entity: its IRI and the minimal triples that make it displayable."""
    segment, cls = _ENTITY_KINDS[kind_value]
    node = NamedNode(mint_iri(segment, name=name))

    def triples() -> Triples:
        yield Triple(node, RDF.type, cls)
        yield from _labelled(node, name)
        if kind_value == "person":
            yield Triple(node, FOAF.name, Literal(name))

    return node, triples()


def _concept(scheme: str, value: str) -> NamedNode:
    return NamedNode(f"{VOCAB}{scheme}/{value}")


def _cuf() -> tuple[NamedNode, Triples]:
    node = NamedNode(mint_iri("organization", name=CUF_NAME))
    return node, iter([Triple(node, RDF.type, ORG.FormalOrganization), Triple(node, RDFS.label, Literal(CUF_NAME))])


def _collectivite(row: _Row) -> Triples:
    name = row.get("collectivite")
    kind = row.choice("kind", _AUTHORITY_KINDS)
    country = row.country("country", default="FR")
    node, base = _entity("collectivite", name)
    yield from base
    yield Triple(node, RDF.type, COOP.ForeignLocalAuthority if kind == "foreign" else COOP.FrenchLocalAuthority)
    yield Triple(node, ORG.classification, _concept("authority-kind", kind))
    yield from _labelled(node, name, row.many("alt_labels"))
    if country is not None:
        yield Triple(node, COOP.country, country)
    for column, predicate in (("insee", COOP.inseeCode), ("siren", COOP.sirenCode), ("wikidata", COOP.wikidataId)):
        if value := row.get(column):
            yield Triple(node, predicate, Literal(value))
    if qid := row.get("wikidata"):
        yield Triple(node, OWL.sameAs, NamedNode(f"http://www.wikidata.org/entity/{qid}"))
    if population := row.integer("population"):
        yield Triple(node, COOP.population, population)


def _person(row: _Row) -> Triples:
    node, base = _entity("person", row.get("person"))
    yield from base
    yield from _labelled(node, row.get("person"), row.many("alt_labels"))
    if qid := row.get("wikidata"):
        yield Triple(node, COOP.wikidataId, Literal(qid))
        yield Triple(node, OWL.sameAs, NamedNode(f"http://www.wikidata.org/entity/{qid}"))


def _role(row: _Row) -> Triples:
    person, person_triples = _entity("person", row.get("person"))
    organisation, organisation_triples = _entity(
        row.choice("organisation_kind", {"collectivite", "group", "organisation"}, "collectivite"),
        row.get("organisation"),
    )
    role_text = row.get("role")
    role_kind = row.choice("role_kind", _ROLE_KINDS, guess_role_kind(role_text))
    as_of = row.date("as_of")
    membership = NamedNode(
        mint_iri(
            "membership",
            name=f"{row.get('person')} {row.get('organisation')} {role_text} {as_of.value if as_of else ''}",
        )
    )
    yield from person_triples
    yield from organisation_triples
    yield Triple(membership, RDF.type, ORG.Membership)
    yield Triple(membership, ORG.member, person)
    yield Triple(membership, ORG.organization, organisation)
    yield Triple(membership, ORG.role, _concept("role", role_kind))
    yield Triple(membership, COOP.roleText, Literal(role_text))
    if on_behalf_of := row.get("on_behalf_of"):
        authority, authority_triples = _entity("collectivite", on_behalf_of)
        yield from authority_triples
        yield Triple(membership, COOP.onBehalfOf, authority)
    for column, predicate in (("as_of", COOP.attestedOn), ("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
        if value := row.date(column):
            yield Triple(membership, predicate, value)


def _group(row: _Row) -> Triples:
    name = row.get("group")
    kind = row.choice("group_kind", {"country", "thematic"})
    node, base = _entity("group", name)
    cuf, cuf_triples = _cuf()
    yield from base
    yield from cuf_triples
    yield from _labelled(node, name, row.many("alt_labels"))
    yield Triple(node, RDF.type, COOP.CountryGroup if kind == "country" else COOP.ThematicGroup)
    yield Triple(node, ORG.unitOf, cuf)
    if country := row.country("country"):
        yield Triple(node, COOP.focusCountry, country)
    if theme := row.get("theme"):
        yield Triple(node, COOP.theme, Literal(theme))


def _fund(row: _Row) -> Triples:
    name = row.get("fund")
    node = NamedNode(mint_iri("fund", name=name))
    yield Triple(node, RDF.type, COOP.SolidarityFund)
    yield from _labelled(node, name, row.many("alt_labels"))
    if country := row.country("country"):
        yield Triple(node, COOP.focusCountry, country)
    if total := row.decimal("total_amount"):
        yield Triple(node, COOP.totalAmount, total)
    if donors := row.integer("donor_count"):
        yield Triple(node, COOP.donorCount, donors)


def _contribution(row: _Row) -> Triples:
    fund = NamedNode(mint_iri("fund", name=row.get("fund")))
    donor, donor_triples = _entity(
        row.choice("donor_kind", {"collectivite", "organisation", "person"}, "collectivite"), row.get("donor")
    )
    contribution = NamedNode(mint_iri("contribution", name=f"{row.get('donor')} {row.get('fund')} {row.get('date')}"))
    yield Triple(fund, RDF.type, COOP.SolidarityFund)
    yield Triple(fund, RDFS.label, Literal(row.get("fund")))
    yield from donor_triples
    yield Triple(contribution, RDF.type, COOP.Contribution)
    yield Triple(contribution, SCHEMA.funder, donor)
    yield Triple(contribution, COOP.toFund, fund)
    if amount := row.decimal("amount"):
        yield Triple(contribution, SCHEMA.amount, amount)
    if date := row.date("date"):
        yield Triple(contribution, DCTERMS.date, date)


def _event_node(name: str) -> NamedNode:
    return NamedNode(mint_iri("event", name=name))


def _event(row: _Row) -> Triples:
    name = row.get("event")
    node = _event_node(name)
    yield Triple(node, RDF.type, COOP.CooperationEvent)
    yield Triple(node, SCHEMA.name, Literal(name))
    yield from _labelled(node, name)
    yield Triple(node, COOP.eventKind, _concept("event-kind", row.choice("event_kind", _EVENT_KINDS)))
    for column, predicate in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
        if value := row.date(column):
            yield Triple(node, predicate, value)
    if place := row.get("place"):
        yield Triple(node, SCHEMA.location, Literal(place))
    if row.get("online"):
        flag = row.choice("online", {"true", "false", "yes", "no", "oui", "non", "1", "0"})
        yield Triple(node, COOP.online, Literal(str(flag in {"true", "yes", "oui", "1"}).lower(), datatype=XSD.boolean))
    if organiser := row.get("organiser"):
        organiser_node, organiser_triples = _entity("organisation", organiser)
        yield from organiser_triples
        yield Triple(node, SCHEMA.organizer, organiser_node)
    if edition := row.integer("edition"):
        yield Triple(node, COOP.editionNumber, edition)
    if series := row.get("series"):
        series_node = _event_node(series)
        yield Triple(series_node, RDF.type, COOP.CooperationEvent)
        yield Triple(series_node, RDFS.label, Literal(series))
        yield Triple(node, SCHEMA.superEvent, series_node)


def _participation(row: _Row) -> Triples:
    event = _event_node(row.get("event"))
    participant, participant_triples = _entity(
        row.choice("participant_kind", set(_ENTITY_KINDS), "collectivite"), row.get("participant")
    )
    yield Triple(event, RDF.type, COOP.CooperationEvent)
    yield Triple(event, RDFS.label, Literal(row.get("event")))
    yield from participant_triples
    yield Triple(event, SCHEMA.attendee, participant)


def _partnership(row: _Row) -> Triples:
    a_name, b_name = row.get("partner_a"), row.get("partner_b")
    kind = row.choice("partnership_kind", _PARTNERSHIP_KINDS)
    a, a_triples = _entity("collectivite", a_name)
    b, b_triples = _entity("collectivite", b_name)
    yield from a_triples
    yield from b_triples
    for node, column in ((a, "country_a"), (b, "country_b")):
        if country := row.country(column):
            yield Triple(node, COOP.country, country)
            french = country == COUNTRY.FRA
            yield Triple(node, RDF.type, COOP.FrenchLocalAuthority if french else COOP.ForeignLocalAuthority)
    first, second = sorted([name_key(a_name), name_key(b_name)])
    partnership = NamedNode(mint_iri("partnership", name=f"{kind} {first} {second}"))
    yield Triple(partnership, RDF.type, COOP.Partnership)
    yield Triple(partnership, RDFS.label, Literal(f"{kind.replace('-', ' ')} {a_name} – {b_name}"))
    yield Triple(partnership, COOP.partner, a)
    yield Triple(partnership, COOP.partner, b)
    yield Triple(partnership, COOP.partnershipKind, _concept("partnership-kind", kind))
    yield Triple(a, COOP.partnerOf, b)
    yield Triple(b, COOP.partnerOf, a)
    if date := row.date("date"):
        yield Triple(partnership, DCTERMS.date, date)


_ROW_HANDLERS: dict[str, Callable[[_Row], Triples]] = {
    "collectivites": _collectivite,
    "persons": _person,
    "roles": _role,
    "groups": _group,
    "funds": _fund,
    "contributions": _contribution,
    "events": _event,
    "participations": _participation,
    "partnerships": _partnership,
}
