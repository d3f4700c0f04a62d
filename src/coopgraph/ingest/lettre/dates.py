"""French dates in newsletters: the document's own date, and relative or partial dates.

Newsletters write dates the way people speak: "le lundi 20 juin", "du 18 au 21
novembre", "les 8 et 9 juillet 2026", "février 2026 – février 2027". A missing
year is resolved against the document date (the nearest such date, checked
against the weekday when one is given); a missing month (agenda lines such as
"Mercredi 6 :") is resolved by `resolve_weekday_day`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from coopgraph.identity import fold

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "DateMatch",
    "PartialDate",
    "detect_document_date",
    "find_dates",
    "parse_month",
    "resolve_weekday_day",
]

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
_ORDINAL_WORDS = {"premier": 1, "1er": 1}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, or only to the month (`day` is None)."""

    year: int
    month: int
    day: int | None = None

    def iso(self) -> str:
        """ISO form: YYYY-MM-DD, or YYYY-MM when only the month is known."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date:
        """The first day the partial date can mean (for comparisons)."""
        return dt.date(self.year, self.month, self.day or 1)

    @classmethod
    def of(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in text: [start, end) offsets, start date, optional end date."""

    start_offset: int
    end_offset: int
    start: PartialDate
    end: PartialDate | None
    text: str


# --- regular expressions -----------------------------------------------------------------

_MONTH_NAMES = sorted(
    [
        "janvier", "janv", "février", "fevrier", "févr", "mars", "avril", "avr", "mai", "juin",
        "juillet", "juil", "août", "aout", "septembre", "sept", "octobre", "oct", "novembre",
        "nov", "décembre", "decembre", "déc",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
MON = r"(?:" + "|".join(_MONTH_NAMES) + r")\.?"
WD = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
DAY = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])(?:er)?"
YEAR = r"(?:19|20)\d\d"

_D = rf"(?:{WD}\s+)?(?P<{{n}}d>{DAY})(?:\s+(?P<{{n}}m>{MON}))?(?:\s+(?:de\s+)?(?P<{{n}}y>{YEAR}))?"


def _part(name: str) -> str:
    return _D.replace("{n}", name)


_RANGE = re.compile(
    rf"\b(?:du\s+|de\s+)?{_part('a')}(?:\s+(?:au|-|–|à)\s+|\s*[-–]\s*){_part('b')}(?:\s+derniers?)?\b", re.I
)
_PAIR = re.compile(rf"\b(?:les?\s+)?{_part('a')}\s+(?:et|&)\s+(?:le\s+)?{_part('b')}(?:\s+derniers?)?\b", re.I)
_SINGLE = re.compile(rf"\b(?:le\s+)?{_part('a')}(?:\s+dernier)?\b", re.I)
_NUMERIC = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_MONTH_RANGE = re.compile(
    rf"\b(?P<am>{MON})(?:\s+(?P<ay>{YEAR}))?\s*(?:-|–|à|au|/)\s*(?P<bm>{MON})\s+(?P<by>{YEAR})\b", re.I
)
_MONTH_ONLY = re.compile(rf"\b(?:(?:en|de|d'|courant|fin|début)\s+)?(?P<am>{MON})\s+(?P<ay>{YEAR})\b", re.I)


def parse_month(word: str) -> int | None:
    """Month number of a French month name or abbreviation ("févr.", "AVR"), else None."""
    return MONTHS.get(fold(word).rstrip("."))


def _day(text: str) -> int:
    text = text.lower()
    if text in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[text]
    return int(re.sub(r"\D", "", text))


def _nearest_year(month: int, day: int | None, ref: dt.date, weekday: int | None = None) -> int:
    """The year that puts (month, day) nearest to `ref`; a weekday, when given, decides."""
    candidates = [ref.year - 1, ref.year, ref.year + 1]
    if weekday is not None and day is not None:
        fitting = [y for y in candidates if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday]
        if fitting:
            candidates = fitting
    return min(candidates, key=lambda y: abs((dt.date(y, month, min(day or 15, 28)) - ref).days))


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _weekday_before(text: str, offset: int) -> int | None:
    match = re.search(rf"({WD})\s+$", text[max(0, offset - 12) : offset], re.I)
    return WEEKDAYS[match.group(1).lower()] if match else None


def find_dates(text: str, ref: dt.date) -> list[DateMatch]:
    """Every date expression in `text`, resolved against the document date `ref`.

    Ranges and pairs win over the single dates inside them; expressions never overlap.
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    patterns = (
        (_NUMERIC, "numeric"),
        (_RANGE, "range"),
        (_PAIR, "range"),
        (_SINGLE, "single"),
        (_MONTH_RANGE, "month-range"),
        (_MONTH_ONLY, "month"),
    )
    for pattern, kind in patterns:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            parsed = _parse(m, kind, text, ref)
            if parsed is None:
                continue
            start, end = parsed
            found.append(DateMatch(m.start(), m.end(), start, end, m.group(0)))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start_offset)


def _parse(m: re.Match[str], kind: str, text: str, ref: dt.date) -> tuple[PartialDate, PartialDate | None] | None:
    if kind == "numeric":
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        return (PartialDate(y, mo, d), None) if _valid(y, mo, d) else None
    if kind in ("month-range", "month"):
        am = parse_month(m["am"])
        if am is None:
            return None
        if kind == "month":
            return PartialDate(int(m["ay"]), am), None
        bm, by = parse_month(m["bm"]), int(m["by"])
        if bm is None:
            return None
        ay = int(m["ay"]) if m["ay"] else (by if am <= bm else by - 1)
        return PartialDate(ay, am), PartialDate(by, bm)
    if kind == "single":
        if not m["am"]:
            return None  # a bare number is not a date
        return _single(m, "a", text, ref), None
    return _range(m, text, ref)


def _single(m: re.Match[str], n: str, text: str, ref: dt.date) -> PartialDate:
    day, month = _day(m[f"{n}d"]), parse_month(m[f"{n}m"]) or 1
    weekday = _weekday_before(text, m.start(f"{n}d"))
    year = int(m[f"{n}y"]) if m[f"{n}y"] else _nearest_year(month, day, ref, weekday)
    return PartialDate(year, month, day if _valid(year, month, day) else None)


def _range(m: re.Match[str], text: str, ref: dt.date) -> tuple[PartialDate, PartialDate | None] | None:
    bm = parse_month(m["bm"]) if m["bm"] else None
    am = parse_month(m["am"]) if m["am"] else bm
    if am is None or bm is None:
        return None  # "du 4 au 8" with no month: the caller (agenda) resolves it
    bd, ad = _day(m["bd"]), _day(m["ad"])
    by = int(m["by"]) if m["by"] else _nearest_year(bm, bd, ref, _weekday_before(text, m.start("bd")))
    ay = int(m["ay"]) if m["ay"] else (by if (am, ad) <= (bm, bd) else by - 1)
    if not (_valid(ay, am, ad) and _valid(by, bm, bd)):
        return None
    return PartialDate(ay, am, ad), PartialDate(by, bm, bd)


def resolve_weekday_day(
    day: int, weekday: int | None, ref: dt.date, *, after: dt.date | None = None, month_hint: int | None = None
) -> dt.date | None:
    """The date of an agenda line that names a weekday and a day but no month ("Mercredi 6").

    Prefers the month heading (`month_hint`) when the weekday agrees with it;
    otherwise the date nearest to `ref`, not before `after` (agenda lines are
    in order), on which `day` falls on `weekday`.
    """
    candidates = []
    for offset in range(-8, 9):
        month0 = ref.month - 1 + offset
        year, month = ref.year + month0 // 12, month0 % 12 + 1
        if _valid(year, month, day):
            candidates.append(dt.date(year, month, day))
    if weekday is not None:
        candidates = [c for c in candidates if c.weekday() == weekday]
    if month_hint is not None:
        hinted = [c for c in candidates if c.month == month_hint]
        if hinted:
            return min(hinted, key=lambda c: abs((c - ref).days))
        if weekday is None:
            return None
    if after is not None:
        # agenda lines are in order, but PDF columns can scramble them: only trust a close successor
        later = [c for c in candidates if after <= c <= after + dt.timedelta(days=62)]
        if later:
            return min(later)
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs((c - ref).days))


# --- the document's own date ---------------------------------------------------------------

_DATELINE = re.compile(
    rf"^\s*[A-ZÀ-Ý][\w'’-]+(?:[ -](?:[A-ZÀ-Ý][\w'’-]+|en|sur|sous|le|la|les|de)){{0,3}},\s+le\s+(?P<d>{DAY})\s+(?P<m>{MON})\s+(?P<y>{YEAR})\s*\.?"
    r"\s*(?:[-–—:|]\s*(?i:communiqu[ée]\s+de\s+presse|pour\s+diffusion\s+imm[ée]diate)\s*\.?\s*)?$",
    re.M,
)
# A web page's own date: "Publié le 5 février 2025", "Mis à jour le 2 septembre 2025", "Date : 3 mai 2024".
_PUBLISHED = re.compile(
    rf"^\W*(?i:publi[ée]e?|mise?\s+à\s+jour|mis\s+en\s+ligne|actualit[ée]\s+du|date)\s*(?:le\s+|:\s*)?(?:{WD}\s+)?"
    rf"(?P<d>{DAY})\s+(?P<m>{MON})\s+(?P<y>{YEAR})\b",
    re.M | re.I,
)
_ISSUE_HEADING = re.compile(
    rf"^\s*(?:(?:la\s+)?lettre[^\n]{{0,60}}?[-–—:,]\s*)?(?:n°\s*\d+\s*[-–—:,]?\s*)?"
    rf"(?:(?P<m1>{MON})\s*(?:&|et|-|–|/)\s*)?(?P<m2>{MON})\s+(?P<y>{YEAR})\s*$",
    re.I | re.M,
)


def detect_document_date(lines: Sequence[str], agenda_dates: Sequence[dt.date] = ()) -> tuple[PartialDate | None, str]:
    """The document's date and how it was found.

    In order: a press-release dateline ("Paris, le 9 juillet 2021"), an issue
    heading ("Mars & Avril 2026") near the top, the month of the last agenda
    entry, the month-year most often written in full in the text.
    """
    head = "\n".join(lines[:40])
    if m := _DATELINE.search("\n".join(lines[:80])):
        month = parse_month(m["m"])
        if month:
            return PartialDate(int(m["y"]), month, _day(m["d"])), "dateline"
    if m := _PUBLISHED.search(head):
        month = parse_month(m["m"])
        if month:
            return PartialDate(int(m["y"]), month, _day(m["d"])), "publication date"
    if m := _ISSUE_HEADING.search(head):
        month = parse_month(m["m2"])
        if month:
            return PartialDate(int(m["y"]), month), "issue heading"
    if agenda_dates:
        last = max(agenda_dates)
        return PartialDate(last.year, last.month), "agenda"
    if month_year := _most_frequent_month(lines):
        return month_year, "most frequent month"
    return None, "none"


def _most_frequent_month(lines: Sequence[str]) -> PartialDate | None:
    counts: Counter[tuple[int, int]] = Counter()
    for m in re.finditer(rf"\b(?P<m>{MON})\s+(?P<y>{YEAR})\b", "\n".join(lines), re.I):
        month = parse_month(m["m"])
        if month:
            counts[(int(m["y"]), month)] += 1
    if not counts:
        return None
    (year, month), _ = counts.most_common(1)[0]
    return PartialDate(year, month)


def explicit_reference(lines: Sequence[str]) -> dt.date | None:
    """A rough reference date (mid-point of full dates in the text) for resolving agenda lines."""
    month_year = _most_frequent_month(lines)
    return month_year.as_date().replace(day=15) if month_year else None


def iter_years(text: str) -> Iterator[int]:
    """Every four-digit year written in the text."""
    for m in re.finditer(rf"\b{YEAR}\b", text):
        yield int(m.group(0))
