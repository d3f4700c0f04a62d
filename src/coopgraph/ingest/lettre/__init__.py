"""Import "La Lettre de Cités Unies France" (and the network's press releases) as facts.

    >>> result = parse_lettre(Path("lettre.pdf"))            # doctest: +SKIP
    >>> result.document_date, len(result.triples), result.warnings  # doctest: +SKIP

`parse_lettre` reads a .txt, .md or .pdf file, checks that it is a newsletter
or press release (`looks_like_lettre`), finds the document's date (or takes
`date=`), extracts persons and roles, group presidencies, country groups,
solidarity funds and donors, events, partner institutions, partnerships and
programme beneficiaries, and maps them to triples with provenance.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Triple

from coopgraph.ingest.lettre.context import Doc
from coopgraph.ingest.lettre.dates import MON, PartialDate, detect_document_date, explicit_reference
from coopgraph.ingest.lettre.errors import (
    BinaryInputError,
    DocumentDateError,
    EmptyInputError,
    LettreError,
    NotALettreError,
)
from coopgraph.ingest.lettre.events import agenda_dates, extract_events
from coopgraph.ingest.lettre.facts import Fact
from coopgraph.ingest.lettre.funds import extract_funds
from coopgraph.ingest.lettre.persons import extract_people
from coopgraph.ingest.lettre.rdf import DocumentInfo, facts_to_triples
from coopgraph.ingest.lettre.relations import (
    extract_beneficiaries,
    extract_country_cooperation,
    extract_organizations,
    extract_partnerships,
)
from coopgraph.ingest.lettre.text import SourceText, load_text, text_from_string

__all__ = [
    "BinaryInputError",
    "DocumentDateError",
    "EmptyInputError",
    "LettreError",
    "LettreResult",
    "NotALettreError",
    "looks_like_lettre",
    "parse_lettre",
    "parse_lettre_text",
]


@dataclass(frozen=True)
class LettreResult:
    """What one newsletter yields: triples (default graph), its date, warnings, and the facts."""

    triples: list[Triple]
    document_date: PartialDate
    warnings: list[str]
    facts: list[Fact]
    title: str


# Signals of the network's publications; a text needs the network's name or several signals.
_NETWORK = re.compile(r"Cit[ée]s\s+Unies\s+France|\bCUF\b")
_SIGNALS = (
    r"\bgroupes?[- ]pays\b",
    r"\bcoop[ée]ration\s+d[ée]centralis[ée]e\b",
    r"\bAICT\b|action internationale des collectivit[ée]s",
    r"\bcollectivit[ée]s?\s+territoriales?\b",
    r"\bfonds\s+de\s+solidarit[ée]\b",
    r"\bjumelage",
    r"\bcommuniqu[ée] de presse\b",
    r"\bla lettre\b",
    r"\bAGENDA\b",
    r"\bCGLU\b|\bPLATFORMA\b|\bDAECT\b|\bDCTCIV\b",
    r"\brelations\s+internationales\b|\bsolidarit[ée]s?\s+internationales?\b",
    r"\b(?:accord|convention)\s+de\s+(?:coop[ée]ration|partenariat)\b|\bprotocole\s+d['’]entente\b|\bpacte\s+d['’]amiti[ée]\b",
    r"\b(?:adjointe?\s+au\s+maire|conseill[eè]re?\s+(?:municipal|d[ée]partemental|r[ée]gional))",
)


def looks_like_lettre(text: str) -> bool:
    """Is this text a newsletter or press release of the network (or of its kind)?"""
    if len(text.strip()) < 80:
        return False
    signals = sum(1 for pattern in _SIGNALS if re.search(pattern, text, re.I))
    if _NETWORK.search(text):
        return signals >= 1
    return signals >= 3


def parse_lettre(path: Path, *, date: dt.date | None = None) -> LettreResult:
    """Read one newsletter file and extract its facts and triples.

    Raises `EmptyInputError`, `BinaryInputError`, `NotALettreError` or
    `DocumentDateError` (all `LettreError`, a `ValueError`) with the file name.
    """
    return _parse(load_text(Path(path)), date=date)


def parse_lettre_text(text: str, *, date: dt.date | None = None, path: Path | None = None) -> LettreResult:
    """Like `parse_lettre`, for text already in memory."""
    return _parse(text_from_string(text, path=path), date=date)


def _parse(source: SourceText, *, date: dt.date | None) -> LettreResult:
    if not looks_like_lettre(source.text):
        raise NotALettreError(source.path, "not a newsletter or press release of the network: nothing imported")
    warnings = list(source.warnings)
    document_date = _document_date(source, date, warnings)
    reference = document_date.as_date().replace(day=document_date.day or 15)
    doc = Doc(source, reference)
    facts = _extract(doc)
    if not facts:
        warnings.append("no facts found in the document")
    if truncated := _truncation(source):
        warnings.append(truncated)
    title = _title(source, document_date)
    info = DocumentInfo(title, document_date, source.checksum, str(source.path) if source.path else None, source.fmt)
    triples = facts_to_triples(facts, info, warnings)
    return LettreResult(triples, document_date, warnings, facts, title)


def _document_date(source: SourceText, date: dt.date | None, warnings: list[str]) -> PartialDate:
    if date is not None:
        return PartialDate.of(date)
    lines = [line.text for line in source.lines]
    rough = explicit_reference(lines) or dt.date.today()
    agenda = agenda_dates(Doc(source, rough), rough)
    found, how = detect_document_date(lines, agenda)
    if found is None:
        raise DocumentDateError(source.path, "cannot find the document's date; give it explicitly (--date YYYY-MM-DD)")
    if how in ("agenda", "most frequent month"):
        warnings.append(f"document date {found.iso()} inferred from the {how}; pass --date to override")
    return found


def _extract(doc: Doc) -> list[Fact]:
    roles, groups = extract_people(doc)
    funds, donations = extract_funds(doc)
    facts: list[Fact] = [*roles, *groups, *funds, *donations]
    facts.extend(extract_events(doc))
    facts.extend(extract_organizations(doc))
    facts.extend(extract_partnerships(doc))
    facts.extend(extract_beneficiaries(doc))
    facts.extend(extract_country_cooperation(doc))
    return facts


def _truncation(source: SourceText) -> str | None:
    """A warning when the text stops in the middle of a sentence or a word."""
    lines = [line for line in source.lines if line.text.strip()]
    if not lines:
        return None
    last = lines[-1]
    text = last.text.rstrip()
    if re.search(r"(?:[-,;(«]|\b(?:de|du|des|la|le|les|et|à|au|aux|en|pour|par))$", text) or (
        len(text.split()) >= 10 and text[-1].isalpha() and text[-1].islower()
    ):
        return f"the document seems truncated at line {last.last} (it stops mid-sentence); imported what could be read"
    return None


def _title(source: SourceText, date: PartialDate) -> str:
    for line in source.lines[:60]:
        text = line.text.strip()
        if re.match(r"(?:la\s+)?lettre\s+de\s+cit", text, re.I):
            if re.search(rf"\b(?:{MON})\s+(?:19|20)\d\d\s*$", text, re.I):
                return text  # the heading already carries the month and year
            return f"{text} — {date.iso()}"
        if re.match(r"communiqu[ée] de presse", text, re.I):
            return f"Communiqué de presse de Cités Unies France — {date.iso()}"
    stem = source.path.stem if source.path else "texte"
    return f"La Lettre de Cités Unies France — {date.iso()} ({stem})"
