"""Solidarity funds, their countries, donor counts and donor lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coopgraph.identity import fold
from coopgraph.ingest.lettre.context import Doc
from coopgraph.ingest.lettre.countries import Country, country_from_adjective, resolve_country
from coopgraph.ingest.lettre.facts import DonationFact, FundFact
from coopgraph.ingest.lettre.lexicon import looks_like_authority
from coopgraph.ingest.lettre.paragraphs import Paragraph, paragraphs

__all__ = ["extract_funds", "find_fund_mentions", "fund_key"]

_CAP = r"[A-ZÀ-Ý][\w'’-]*"
_FUND = re.compile(
    r"\b[Ff]onds\s+(?P<sol>de\s+solidarit[ée]\s+)?(?:de\s+(?:CUF|Cit[ée]s Unies France)\s+)?(?:des\s+collectivit[ée]s\s+fran[çc]aises\s+)?"
    r"(?:(?:pour\s+la\s+crise\s+en|pour|en\s+faveur\s+d[eu']|au|aux|à|en)\s+(?:le\s+|la\s+|l['’]\s*|les\s+)?)?"
    rf"(?P<x>{_CAP}(?:\s+(?:(?:en|au|du|de)\s+)?{_CAP})?)"
)
_FUND_ADJ = re.compile(
    r"\b[Ff]onds\s+de\s+solidarit[ée]\s+(?:à\s+destination|en\s+faveur)\s+des\s+collectivit[ée]s\s+(?P<adj>[a-zà-ÿ]+)"
)


def fund_key(name: str, country: str | None) -> str:
    """Identity key of a fund: its country when known, else its folded name."""
    return f"country:{country}" if country else f"name:{fold(name)}"


def find_fund_mentions(text: str) -> Iterator[tuple[int, int, str, Country | None]]:
    """(start, end, fund name, country) for each solidarity fund named in `text`."""
    for m in _FUND_ADJ.finditer(text):
        country = country_from_adjective(m["adj"])
        if country:
            yield m.start(), m.end(), f"Fonds de solidarité {country.label}", country
    for m in _FUND.finditer(text):
        words = m["x"]
        country = resolve_country(words) or resolve_country(words.split()[0])
        if country:
            written = words if resolve_country(words) else words.split()[0]
            yield m.start(), m.end(), f"Fonds de solidarité {written}", country
        elif m["sol"] and not re.match(r"(?:CUF|Cit)", words):
            yield m.start(), m.end(), f"Fonds de solidarité {words}", None


_DONOR_LIST = re.compile(
    r"(?:(?P<count>\d+)\s+collectivit[ée]s\s+(?:donatrices|donateurs|contributrices)|"
    r"(?:merci|remerci\w*)[^:]{0,250}?collectivit[ée]s)[^:]{0,250}?:\s*(?P<list>[^:]+?)(?:\.\s|\.$|$)",
    re.I,
)


def _donor_names(listing: str) -> list[str]:
    listing = re.sub(r"\s+", " ", listing)
    items = re.split(r",\s*|\s+et\s+", listing)
    names = []
    for item in items:
        name = item.strip(" *.;")
        if name and name[0].isupper() and len(name) < 60 and looks_like_authority(name):
            names.append(name)
    return names


def _nearest_fund(doc: Doc, para: Paragraph, offset: int) -> tuple[str, Country | None] | None:
    before = [(s, name, c) for s, _, name, c in find_fund_mentions(para.text) if s < offset]
    if before:
        _, name, country = before[-1]
        return name, country
    for i in range(para.first - 1, max(para.first - 12, -1), -1):
        hits = list(find_fund_mentions(doc.lines[i]))
        if hits:
            _, _, name, country = hits[-1]
            return name, country
    return None


def extract_funds(doc: Doc) -> tuple[list[FundFact], list[DonationFact]]:
    """Every fund named, with donor counts, and every donor of a donor list."""
    funds: dict[str, FundFact] = {}
    donations: list[DonationFact] = []
    for para in paragraphs(doc):
        for start, end, name, country in find_fund_mentions(para.text):
            key = fund_key(name, country.alpha3 if country else None)
            funds.setdefault(
                key, FundFact(name, country.alpha3 if country else None, None, None, para.evidence(doc, start, end))
            )
        for m in _DONOR_LIST.finditer(para.text):
            donors = _donor_names(m["list"])
            if len(donors) < 2:
                continue
            fund = _nearest_fund(doc, para, m.start())
            if fund is None:
                continue
            name, country = fund
            code = country.alpha3 if country else None
            key = fund_key(name, code)
            stated = re.search(r"(\d+)\s+collectivit[ée]s\s+(?:donatrices|donateurs|contributrices)", m.group(0), re.I)
            count = int(stated.group(1)) if stated else None
            evidence = para.evidence(doc, m.start(), m.end())
            previous = funds.get(key)
            funds[key] = FundFact(
                previous.name if previous else name,
                code,
                count or (previous.donor_count if previous else None),
                None,
                previous.evidence if previous else evidence,
            )
            donations.extend(DonationFact(funds[key].name, donor, None, evidence) for donor in donors)
    return list(funds.values()), donations
