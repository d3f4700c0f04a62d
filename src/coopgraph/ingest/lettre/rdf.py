"""Map extracted facts to RDF triples under the coopgraph ontology.

Every IRI is minted by `coopgraph.identity.mint_iri`, so the same actor named
in two documents (whatever its accents, case or hyphens) gets one IRI. Every
fact-bearing node points to an evidence node (`prov:wasDerivedFrom`) that names
the source document, the line range and a short quote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from coopgraph.identity import fold, mint_iri, name_key
from coopgraph.ingest.lettre.countries import country_label
from coopgraph.ingest.lettre.dates import PartialDate
from coopgraph.ingest.lettre.facts import (
    BODY_AUTHORITY,
    BODY_NETWORK,
    BODY_ORGANIZATION,
    GROUP_COUNTRY,
    GROUP_THEMATIC,
    BeneficiaryFact,
    CountryCooperationFact,
    DonationFact,
    EventFact,
    Evidence,
    Fact,
    FundFact,
    GroupFact,
    OrganizationFact,
    PartnershipFact,
    RoleFact,
)
from coopgraph.ingest.lettre.funds import fund_key
from coopgraph.ingest.lettre.lexicon import (
    NETWORK_ACRONYM,
    NETWORK_NAME,
    authority_kind,
    classify_role,
    organization_by_acronym,
)
from coopgraph.ingest.lettre.persons import group_key
from coopgraph.namespaces import (
    COOP,
    COUNTRY,
    DCTERMS,
    FOAF,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    VOCAB,
    XSD,
    curie,
)

__all__ = ["DocumentInfo", "facts_to_triples", "network_iri"]

Subject = NamedNode | BlankNode


@dataclass(frozen=True)
class DocumentInfo:
    """What the graph records about the source document."""

    title: str
    date: PartialDate
    checksum: str
    path: str | None
    fmt: str


def network_iri() -> NamedNode:
    """The IRI of Cités Unies France itself."""
    return NamedNode(mint_iri("organization", name=NETWORK_NAME))


def _date_literal(value: PartialDate) -> Literal:
    if value.day is None:
        return Literal(f"{value.year:04d}-{value.month:02d}", datatype=XSD.gYearMonth)
    return Literal(dt.date(value.year, value.month, value.day).isoformat(), datatype=XSD.date)


def _concept(scheme: str, slug: str) -> NamedNode:
    return NamedNode(f"{VOCAB}{scheme}/{slug}")


@dataclass
class _Builder:
    info: DocumentInfo
    triples: list[Triple] = field(default_factory=list)
    labelled: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    # An event has one start and one end date (the shapes say so): chosen over the whole document.
    # (event, property) -> (date, line it was read on, index of its triple in `triples`)
    event_dates: dict[tuple[NamedNode, NamedNode], tuple[PartialDate, int, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.doc = NamedNode(mint_iri("document", code=f"sha256:{self.info.checksum[:32]}"))
        self.attested = _date_literal(self.info.date)

    def add(self, s: Subject, p: NamedNode, o: NamedNode | BlankNode | Literal) -> None:
        self.triples.append(Triple(s, p, o))

    def label(self, node: NamedNode, text: str, *, main: bool = True) -> None:
        """First label of a node in this document is rdfs:label; other spellings are alt labels."""
        key = str(node)
        if main and key not in self.labelled:
            self.labelled.add(key)
            self.add(node, RDFS.label, Literal(text))
        else:
            self.add(node, SKOS.altLabel, Literal(text))

    # --- documents and evidence ---------------------------------------------------------

    def document(self) -> None:
        d = self.doc
        self.add(d, RDF.type, COOP.SourceDocument)
        self.add(d, DCTERMS.title, Literal(self.info.title))
        self.add(d, RDFS.label, Literal(self.info.title))
        self.add(d, DCTERMS.date, self.attested)
        self.add(d, COOP.checksum, Literal(self.info.checksum))
        self.add(d, COOP.sourceFormat, Literal(self.info.fmt))
        if self.info.path:
            self.add(d, COOP.sourcePath, Literal(self.info.path))

    def evidence(self, node: Subject, ev: Evidence) -> None:
        iri = NamedNode(
            mint_iri("evidence", name=f"{self.info.checksum[:16]} {ev.line_start} {ev.line_end} {ev.quote[:60]}")
        )
        if str(iri) not in self.labelled:
            self.labelled.add(str(iri))
            self.add(iri, RDF.type, COOP.Evidence)
            self.add(iri, COOP.document, self.doc)
            self.add(iri, COOP.lineStart, Literal(str(ev.line_start), datatype=XSD.integer))
            self.add(iri, COOP.lineEnd, Literal(str(ev.line_end), datatype=XSD.integer))
            self.add(iri, COOP.quote, Literal(ev.quote[:200]))
        self.add(node, PROV.wasDerivedFrom, iri)

    # --- actors ---------------------------------------------------------------------------

    def country(self, alpha3: str) -> NamedNode:
        node = COUNTRY[alpha3]
        if alpha3 not in self.countries:
            self.countries.add(alpha3)
            country = country_label(alpha3)
            self.add(node, RDF.type, SCHEMA.Country)
            self.add(node, RDFS.label, Literal(country.label))
            self.add(node, SKOS.notation, Literal(country.alpha2))
        return node

    def network(self) -> NamedNode:
        node = network_iri()
        if str(node) not in self.labelled:
            self.labelled.add(str(node))
            self.add(node, RDF.type, ORG.FormalOrganization)
            self.add(node, RDFS.label, Literal(NETWORK_NAME))
            self.add(node, SKOS.altLabel, Literal(NETWORK_ACRONYM))
        return node

    def authority(self, name: str) -> NamedNode:
        node = NamedNode(mint_iri("authority", name=_authority_key(name)))
        if str(node) not in self.labelled:
            self.add(node, RDF.type, COOP.LocalAuthority)
            self.add(node, ORG.classification, _concept("authority-kind", authority_kind(name)))
        self.label(node, name)
        return node

    def organization(self, name: str, acronym: str | None = None) -> NamedNode:
        known = organization_by_acronym(acronym or name) or organization_by_acronym(name)
        if known and fold(known[0]) == fold(NETWORK_NAME):
            return self.network()
        full = known[0] if known else name
        node = NamedNode(mint_iri("organization", name=full))
        if str(node) not in self.labelled:
            self.add(node, RDF.type, COOP.PartnerOrganization)
            self.label(node, full)
            for alias in sorted({acronym or name, name, *(known[1] if known else ())} - {full}):
                self.add(node, SKOS.altLabel, Literal(alias))
        return node

    def actor(self, name: str) -> NamedNode:
        """An authority or an institution, decided by the shape of its name."""
        if fold(name) in {fold(NETWORK_NAME), fold(NETWORK_ACRONYM)}:
            return self.network()
        if (
            organization_by_acronym(name)
            or re.search(
                r"\b(?:Minist[èe]re|Agence|Institut|Association|Fondation|Réseau|Comité|Centre|Organisation|Bureau|Secrétariat|Philanthropies|pôle|Programme|Union|National|IFRI)\b",
                name,
            )
            or (name.isupper() and len(name) <= 10)
        ):
            return self.organization(name)
        return self.authority(name)

    def person(self, name: str) -> NamedNode:
        node = NamedNode(mint_iri("person", name=name))
        if str(node) not in self.labelled:
            self.add(node, RDF.type, FOAF.Person)
            self.add(node, FOAF.name, Literal(name))
        self.label(node, name)
        return node

    def group(self, label: str, kind: str, country: str | None = None, theme: str | None = None) -> NamedNode:
        node = NamedNode(mint_iri("group", code=group_key(label)))
        if str(node) not in self.labelled:
            cls = COOP.CountryGroup if kind == GROUP_COUNTRY else COOP.ThematicGroup
            self.add(node, RDF.type, cls)
            self.add(node, RDF.type, ORG.OrganizationalUnit)
            self.add(node, ORG.unitOf, self.network())
            if country:
                self.add(node, COOP.focusCountry, self.country(country))
            if theme:
                self.add(node, COOP.theme, Literal(theme))
        self.label(node, label)
        return node

    # --- facts ------------------------------------------------------------------------------

    def role(self, fact: RoleFact) -> None:
        person = self.person(fact.person)
        collectivite = self.actor(fact.collectivite) if fact.collectivite else None
        body: NamedNode | None = None
        if fact.body_kind in (GROUP_COUNTRY, GROUP_THEMATIC) and fact.body:
            body = self.group(fact.body, fact.body_kind, _group_country(fact.body), _group_theme(fact.body))
        elif fact.body_kind == BODY_NETWORK:
            body = self.network()
        elif fact.body and fact.body_kind in (BODY_AUTHORITY, BODY_ORGANIZATION):
            body = self.actor(fact.body)
        self.membership(person, body, fact.role, fact.role_text, collectivite, fact.evidence)
        if fact.role == "president" and fact.role_text and collectivite is not None and body != collectivite:
            # the office held in the collectivité is a role of its own
            self.membership(
                person, collectivite, classify_role(fact.role_text), fact.role_text, collectivite, fact.evidence
            )

    def membership(
        self,
        person: NamedNode,
        body: NamedNode | None,
        role: str,
        role_text: str | None,
        on_behalf: NamedNode | None,
        ev: Evidence,
    ) -> None:
        # Readable and stable: the local names of the person and the body, the role, the date.
        body_name = body.value.rsplit("/", 1)[-1] if body is not None else "no-body"
        key = f"{person.value.rsplit('/', 1)[-1]} {body_name} {role} {self.info.date.iso()}"
        node = NamedNode(mint_iri("membership", name=key))
        self.add(node, RDF.type, ORG.Membership)
        self.add(node, ORG.member, person)
        if body is not None:
            self.add(node, ORG.organization, body)
        self.add(node, ORG.role, _concept("role", role))
        if role_text:
            self.add(node, COOP.roleText, Literal(role_text))
        if on_behalf is not None:
            self.add(node, COOP.onBehalfOf, on_behalf)
        self.add(node, COOP.attestedOn, self.attested)
        self.evidence(node, ev)

    def group_fact(self, fact: GroupFact) -> None:
        node = self.group(fact.name, fact.kind, fact.country, fact.theme)
        self.evidence(node, fact.evidence)

    def fund(self, fact: FundFact) -> NamedNode:
        node = NamedNode(mint_iri("fund", code=fund_key(fact.name, fact.country)))
        if str(node) not in self.labelled:
            self.add(node, RDF.type, COOP.SolidarityFund)
            if fact.country:
                self.add(node, COOP.focusCountry, self.country(fact.country))
            if fact.donor_count is not None:
                self.add(node, COOP.donorCount, Literal(str(fact.donor_count), datatype=XSD.integer))
            if fact.total_amount is not None:
                self.add(node, COOP.totalAmount, Literal(str(fact.total_amount), datatype=XSD.decimal))
            self.evidence(node, fact.evidence)
        self.label(node, fact.name)
        return node

    def donation(self, fact: DonationFact, funds: dict[str, FundFact]) -> None:
        fund_fact = funds.get(fold(fact.fund)) or FundFact(fact.fund, None, None, None, fact.evidence)
        fund = self.fund(fund_fact)
        donor = self.actor(fact.donor)
        node = NamedNode(mint_iri("contribution", name=f"{fund} {donor} {self.info.date.iso()}"))
        self.add(node, RDF.type, COOP.Contribution)
        self.add(node, RDF.type, SCHEMA.MonetaryGrant)
        self.add(node, SCHEMA.funder, donor)
        self.add(node, COOP.toFund, fund)
        self.add(node, COOP.attestedOn, self.attested)
        if fact.amount is not None:
            self.add(node, SCHEMA.amount, Literal(str(fact.amount), datatype=XSD.decimal))
        self.evidence(node, fact.evidence)

    def event(self, fact: EventFact) -> None:
        # An edition of a series is that series' n-th edition however a document words it
        # ("13e Rencontres de l'AICT", "les Rencontres de l'AICT, 13e édition"); another event is
        # its name on its date.
        if fact.series and fact.edition is not None:
            identity = f"{fact.series} edition {fact.edition}"
        else:
            identity = fact.name if fact.series else f"{fact.name} {fact.start.iso() if fact.start else ''}"
        node = NamedNode(mint_iri("event", name=identity))
        self.add(node, RDF.type, COOP.CooperationEvent)
        self.add(node, RDF.type, SCHEMA.Event)
        self.add(node, SCHEMA.name, Literal(fact.name))
        self.label(node, fact.name)
        self.add(node, COOP.eventKind, _concept("event-kind", fact.kind))
        # An end date goes with its start date: not taken from a mention whose start was set aside.
        start_kept = not fact.start or self._event_date(node, fact, SCHEMA.startDate, fact.start)
        if fact.end and start_kept:
            self._event_date(node, fact, SCHEMA.endDate, fact.end)
        if fact.place:
            self.add(node, SCHEMA.location, Literal(fact.place))
        if fact.online:
            self.add(node, COOP.online, Literal(True))
        for organizer in fact.organizers:
            self.add(node, SCHEMA.organizer, self.actor(organizer))
        if fact.edition is not None:
            self.add(node, COOP.editionNumber, Literal(str(fact.edition), datatype=XSD.integer))
        if fact.series:
            series = NamedNode(mint_iri("event", name=fact.series))
            self.add(series, RDF.type, COOP.CooperationEvent)
            self.add(series, RDF.type, SCHEMA.EventSeries)
            self.label(series, fact.series)
            self.add(series, SCHEMA.organizer, self.network())
            if series != node:
                self.add(node, SCHEMA.superEvent, series)
        self.evidence(node, fact.evidence)

    def _event_date(self, node: NamedNode, fact: EventFact, prop: NamedNode, value: PartialDate) -> bool:
        """Note a date of an event (False when it contradicts the one kept, which is then warned of).

        Of agreeing dates the most precise is kept ("octobre 2024" and "23 octobre 2024": the day);
        of contradicting ones the date read first, as one wrong mention must not reject the document.
        """
        line = fact.evidence.line_start
        kept = self.event_dates.get((node, prop))
        if kept is None:
            self.event_dates[(node, prop)] = (value, line, len(self.triples))
            self.add(node, prop, _date_literal(value))
            return True
        if _agree(kept[0], value):
            if kept[0].day is None and value.day is not None:  # the more precise date, in the same place
                self.event_dates[(node, prop)] = (value, line, kept[2])
                self.triples[kept[2]] = Triple(node, prop, _date_literal(value))
            return True
        which = "start" if prop == SCHEMA.startDate else "end"
        self.warnings.append(
            f"line {line}: {fact.name} is given another {which} date ({value.iso()}) than on line "
            f"{kept[1]} ({kept[0].iso()}); the date read first is kept"
        )
        return False

    def organization_fact(self, fact: OrganizationFact) -> None:
        node = self.organization(fact.name, fact.acronym)
        self.evidence(node, fact.evidence)

    def partnership(self, fact: PartnershipFact) -> None:
        a, b = self.actor(fact.a), self.actor(fact.b)
        ends = sorted([str(a), str(b)])
        node = NamedNode(mint_iri("partnership", name=f"{ends[0]} {ends[1]} {fact.kind}"))
        self.add(node, RDF.type, COOP.Partnership)
        self.add(node, COOP.partner, a)
        self.add(node, COOP.partner, b)
        self.add(node, COOP.partnershipKind, _concept("partnership-kind", fact.kind))
        if fact.date:
            self.add(node, DCTERMS.date, _date_literal(fact.date))
        self.add(node, COOP.attestedOn, self.attested)
        self.add(a, COOP.partnerOf, b)
        self.add(b, COOP.partnerOf, a)
        self.evidence(node, fact.evidence)

    def beneficiary(self, fact: BeneficiaryFact) -> None:
        programme = NamedNode(mint_iri("programme", name=fact.programme))
        self.add(programme, RDF.type, COOP.Programme)
        self.label(programme, fact.programme)
        authority = self.authority(fact.beneficiary)
        self.add(authority, COOP.beneficiaryOf, programme)
        self.evidence(programme, fact.evidence)

    def cooperation(self, fact: CountryCooperationFact) -> None:
        authority = self.authority(fact.collectivite)
        self.add(authority, COOP.cooperatesWithCountry, self.country(fact.country))
        self.evidence(authority, fact.evidence)


def _authority_key(name: str) -> str:
    """Fold authority names so "Conseil régional d'Occitanie" and "Région Occitanie" meet."""
    key = name_key(name)
    key = re.sub(r"^(?:conseil regional|region)\s+(?:de la |de l |du |des |d |de )?", "region ", key)
    key = re.sub(
        r"^(?:conseil departemental|conseil general|departement)\s+(?:de la |de l |du |des |d |de )?",
        "departement ",
        key,
    )
    return key


def _group_country(label: str) -> str | None:
    key = group_key(label)
    return key.split(":", 1)[1] if key.startswith("country:") else None


def _group_theme(label: str) -> str | None:
    m = re.match(
        r"(?i:groupe\s+th[ée]matique|groupe|dynamique(?:\s+th[ée]matique)?|mission(?:\s+transversale)?|club)\s+(?P<x>.+)$",
        label.strip(),
    )
    return m["x"] if m and not label.lower().startswith("groupe-pays") else None


def facts_to_triples(facts: Iterable[Fact], info: DocumentInfo, warnings: list[str] | None = None) -> list[Triple]:
    """All triples for the facts of one document (plus the document itself); conflicts go to `warnings`."""
    facts = list(facts)
    b = _Builder(info)
    b.document()
    b.network()
    funds = {fold(f.name): f for f in facts if isinstance(f, FundFact)}
    handlers: dict[type, Callable[[Any], object]] = {
        RoleFact: b.role,
        GroupFact: b.group_fact,
        FundFact: b.fund,
        DonationFact: lambda fact: b.donation(fact, funds),
        EventFact: b.event,
        OrganizationFact: b.organization_fact,
        PartnershipFact: b.partnership,
        BeneficiaryFact: b.beneficiary,
        CountryCooperationFact: b.cooperation,
    }
    for fact in facts:
        handlers[type(fact)](fact)
    triples = _one_value_where_one_is_allowed(_unique(b.triples), b.warnings)
    if warnings is not None:
        warnings.extend(b.warnings)
    return triples


def _one_value_where_one_is_allowed(triples: list[Triple], warnings: list[str]) -> list[Triple]:
    """Keep the first value of a property the shapes allow once (sh:maxCount 1) for the node's class.

    A document that states two values where one is allowed (two kinds for one event, two
    amounts for one gift...) would otherwise be rejected whole by the checks; one misread
    mention must not cost the rest of the newsletter. Each value left out is a warning.
    """
    from coopgraph.validate import compiled_checks  # the shapes, compiled once

    single = {
        (check.target_class, check.path)
        for check in compiled_checks()
        if any(k.max_count == 1 for k in check.constraints)
    }
    types: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate == RDF.type:
            types.setdefault(_text(t.subject), set()).add(_text(t.object))
    kept: dict[tuple[str, str], Triple] = {}
    out = []
    for t in triples:
        key = (_text(t.subject), t.predicate.value)
        limited = any((cls, key[1]) in single for cls in types.get(key[0], ()))
        first = kept.setdefault(key, t) if limited else t
        if first is t:
            out.append(t)
        else:
            warnings.append(
                f"{curie(key[0])} has two values of {curie(key[1])} "
                f"({_text(first.object)}, {_text(t.object)}) where one is allowed; the first is kept"
            )
    return out


def _text(term: object) -> str:
    return str(getattr(term, "value", term))


def _agree(a: PartialDate, b: PartialDate) -> bool:
    """Same year and month, and the same day where both give one."""
    return (a.year, a.month) == (b.year, b.month) and (a.day is None or b.day is None or a.day == b.day)


def _unique(triples: list[Triple]) -> list[Triple]:
    seen: set[Triple] = set()
    out = []
    for t in triples:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out
