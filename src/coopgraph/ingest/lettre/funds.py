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

__all__ = ["extract_funds", "find_fund_mentions", "fund_key", "parse_amount"]

_CAP = r"[A-ZÀ-Ý][\w'’-]*+"  # possessive: a hyphenated word is one token (no exponential backtracking)
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
    r"(?:(?P<count>\d+)\s+collectivit[ée]s(?:\s+(?:donatrices|donateurs|contributrices))?|"
    r"collectivit[ée]s\s+(?:donatrices|suivantes|contributrices)|"
    r"(?:merci|remerci\w*)[^:]{0,250}?collectivit[ée]s)[^:]{0,250}?:\s*(?P<list>[^:]*?)(?:\.\s|\.$|$)",
    re.I,
)
# The words that make a list of collectivités a list of donors.
_GIVING = re.compile(r"\b(?:dons?|donat\w+|contribu\w+|fonds|re[çc]u|recueilli|vers[ée]|merci|remerci\w*)\b", re.I)
_AMOUNT = r"\d[\d\s\u202f\u00a0.]*(?:,\d+)?\s*(?:millions?\s+|M\s*|k\s*)?(?:€|euros?|d['’]euros)"
_CAPW = r"[A-ZÀ-Ý][\w'’-]*+"
_DONOR_ACTOR = (
    rf"(?:{_CAPW}(?:[ -](?:{_CAPW}|(?:de|du|des|la|le|les|sur|en|d['’]|l['’])\b|d['’]{_CAPW}|l['’]{_CAPW}))*)"
)
# "a reçu 15 000 € de la Ville de Strasbourg et 8 000 € du Département du Val-de-Marne"
_AMOUNT_FROM = re.compile(
    rf"(?P<amount>{_AMOUNT})\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?P<donor>{_DONOR_ACTOR})"
)
_RECEIVED = re.compile(r"\b(?:re[çc]u|recueilli|obtenu|collect[ée]|b[ée]n[ée]fici[ée]\s+de)\b", re.I)
# Donors named in prose, as the subject of a giving verb: "Les communes de A, B et C ainsi que le
# Département de X ont annoncé leur participation", "Lyon et Grenoble ont contribué au fonds".
_PROSE_DONORS = re.compile(
    r"(?:^|[.;!?]\s+|\n)(?P<subject>[^.;:!?\n]{3,300}?)\s+(?:y\s+|en\s+)?(?:ont|avaient|viennent\s+d['’])\s+(?:déjà\s+|aussi\s+|également\s+)?"
    r"(?:contribué|donné|versé|abondé|rejoint|participé|apporté\s+leur\s+(?:soutien|contribution)|"
    r"annoncé\s+leur\s+(?:participation|contribution|soutien|don))\b"
)
# Words that introduce the members of an enumeration ("les communes de", "les villes d'").
_ENUMERATION_HEAD = re.compile(
    r"^(?:(?:les|des)\s+(?:communes|villes|collectivités|départements|régions|métropoles)\s+(?:de\s+|d['’]))", re.I
)


def _prose_donors(subject: str) -> list[str]:
    """The authorities enumerated in the subject of a giving verb (none if any item is not one)."""
    subject = _ENUMERATION_HEAD.sub("", subject.strip())
    # Drop a leading article ("la Région X", "le Département de Y", "l'Eurométropole"), never a syllable of a name.
    items = [re.sub(r"^(?:(?i:la|le|les)\s+|(?i:l)['’]\s*)(?=[A-ZÀ-Ý])", "", item.strip())
             for item in re.split(r",\s*|\s+et\s+|\s+ainsi\s+que\s+", subject)]  # fmt: skip
    items = [item[0].upper() + item[1:] if item[:1].islower() else item for item in items if item]
    if not items or not all(looks_like_authority(item) for item in items):
        return []  # a sentence whose subject is not only authorities is not a donor list
    return items


def _donor_names(listing: str) -> list[str]:
    listing = re.sub(r"\s+", " ", listing)
    items = re.split(r",\s*|\s+et\s+", listing)
    names = []
    for item in items:
        name = item.strip(" *.;")
        if name and name[0].isupper() and len(name) < 60 and looks_like_authority(name):
            names.append(name)
    return names


def parse_amount(text: str) -> float | None:
    """Euros in "15 000 €", "1,2 million d'euros", "48 500 euros"."""
    m = re.match(r"(?P<n>\d[\d\s\u202f\u00a0.]*(?:,\d+)?)\s*(?P<mult>millions?|M|k)?", text.strip())
    if not m:
        return None
    number = re.sub(r"[\s\u202f\u00a0.]", "", m["n"]).replace(",", ".")
    try:
        value = float(number)
    except ValueError:
        return None
    mult = (m["mult"] or "").lower()
    return value * (1_000_000 if mult.startswith("m") else 1_000 if mult == "k" else 1)


def _following_bullets(doc: Doc, para: Paragraph) -> str:
    """The bullet lines right after a paragraph that ends with a colon (a list announced by it)."""
    items: list[str] = []
    i = para.last + 1
    while i < len(doc.lines):
        line = doc.lines[i].strip()
        if not line:
            if items and i + 1 < len(doc.lines) and not doc.lines[i + 1].strip().startswith("•"):
                break
            i += 1
            continue
        if not line.startswith("•"):
            break
        items.append(line.lstrip("• ").strip())
        i += 1
    return ", ".join(items)


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
        for m in _AMOUNT_FROM.finditer(para.text):
            s_start = max(para.text.rfind(". ", 0, m.start()), 0)
            if not _RECEIVED.search(para.text[s_start : m.start()]) or not looks_like_authority(m["donor"]):
                continue
            fund = _nearest_fund(doc, para, m.start())
            if fund is None:
                continue
            name, country = fund
            key = fund_key(name, country.alpha3 if country else None)
            fund_name = funds[key].name if key in funds else name
            donations.append(
                DonationFact(
                    fund_name, m["donor"].strip(), parse_amount(m["amount"]), para.evidence(doc, m.start(), m.end())
                )
            )
        for m in _PROSE_DONORS.finditer(para.text):
            donors = _prose_donors(m["subject"])
            fund = _nearest_fund(doc, para, m.start("subject")) if donors else None
            if fund is None:
                continue
            name, country = fund
            key = fund_key(name, country.alpha3 if country else None)
            evidence = para.evidence(doc, m.start("subject"), m.end())
            fund_name = funds[key].name if key in funds else name
            donations.extend(DonationFact(fund_name, donor, None, evidence) for donor in donors)
        for m in _DONOR_LIST.finditer(para.text):
            if not _GIVING.search(para.text):
                continue
            listing = m["list"]
            if not listing.strip() and para.text.rstrip().endswith(":"):
                listing = _following_bullets(doc, para)
            donors = _donor_names(listing)
            if len(donors) < 2:
                continue
            fund = _nearest_fund(doc, para, m.start())
            if fund is None:
                continue
            name, country = fund
            code = country.alpha3 if country else None
            key = fund_key(name, code)
            stated = re.search(r"(\d+)\s+collectivit[ée]s\b", m.group(0), re.I)
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
