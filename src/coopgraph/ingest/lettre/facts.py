"""The facts a newsletter states, as small frozen records with their evidence.

Extractors produce these; `rdf.py` maps them to triples. Names are kept as
written in the document; identity (one IRI per actor) is decided when minting.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph.ingest.lettre.dates import PartialDate

__all__ = [
    "BeneficiaryFact",
    "CountryCooperationFact",
    "DonationFact",
    "EventFact",
    "Evidence",
    "Fact",
    "FundFact",
    "GroupFact",
    "OrganizationFact",
    "PartnershipFact",
    "RoleFact",
]

# Kinds of body a role is held in.
GROUP_COUNTRY = "country-group"
GROUP_THEMATIC = "thematic-group"
BODY_NETWORK = "network"  # Cités Unies France itself
BODY_AUTHORITY = "authority"
BODY_ORGANIZATION = "organization"


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: original line range (1-based, inclusive) and a short quote."""

    line_start: int
    line_end: int
    quote: str


@dataclass(frozen=True)
class RoleFact:
    """A person holds a role in a body ("présidente du groupe-pays Liban", "maire de Dijon").

    `role_text` is the person's office as written ("adjointe au maire chargée des
    relations internationales"); `collectivite` the authority they act for.
    """

    person: str
    role: str  # role concept slug: president, mayor, deputy-mayor, ...
    body: str | None  # the group / network / authority / organisation the role is in
    body_kind: str | None
    role_text: str | None
    collectivite: str | None
    evidence: Evidence


@dataclass(frozen=True)
class GroupFact:
    """A working group of the network: a country group (with its country) or a thematic group."""

    name: str
    kind: str  # GROUP_COUNTRY or GROUP_THEMATIC
    country: str | None  # alpha-3
    theme: str | None
    evidence: Evidence


@dataclass(frozen=True)
class FundFact:
    """A solidarity fund, for a country or a crisis."""

    name: str
    country: str | None  # alpha-3
    donor_count: int | None
    total_amount: float | None
    evidence: Evidence


@dataclass(frozen=True)
class DonationFact:
    """A donor (a collectivité) contributed to a fund."""

    fund: str
    donor: str
    amount: float | None
    evidence: Evidence


@dataclass(frozen=True)
class EventFact:
    """An event: a meeting, webinar, mission, Assises, an edition of the Rencontres..."""

    name: str
    kind: str  # event-kind concept slug
    start: PartialDate | None
    end: PartialDate | None
    place: str | None
    online: bool
    organizers: tuple[str, ...]
    edition: int | None
    series: str | None  # the series an edition belongs to ("Rencontres de l'AICT")
    evidence: Evidence


@dataclass(frozen=True)
class OrganizationFact:
    """A partner institution, with its acronym where known."""

    name: str
    acronym: str | None
    evidence: Evidence


@dataclass(frozen=True)
class PartnershipFact:
    """A partnership between two actors (jumelage, protocole d'entente, coopération...)."""

    a: str
    b: str
    kind: str  # partnership-kind slug
    date: PartialDate | None
    evidence: Evidence


@dataclass(frozen=True)
class BeneficiaryFact:
    """A collectivité benefits from a programme (a DCOL call, a fund's programme)."""

    beneficiary: str
    programme: str
    evidence: Evidence


@dataclass(frozen=True)
class CountryCooperationFact:
    """A collectivité cooperates with a country."""

    collectivite: str
    country: str  # alpha-3
    evidence: Evidence


Fact = (
    RoleFact
    | GroupFact
    | FundFact
    | DonationFact
    | EventFact
    | OrganizationFact
    | PartnershipFact
    | BeneficiaryFact
    | CountryCooperationFact
)
