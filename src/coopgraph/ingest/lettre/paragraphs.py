"""Paragraphs: runs of non-blank clean lines joined into one string, with offsets back to lines."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from coopgraph.ingest.lettre.context import Doc
from coopgraph.ingest.lettre.facts import Evidence

__all__ = ["Paragraph", "ends_with", "paragraphs", "sentence_bounds"]


@dataclass(frozen=True)
class Paragraph:
    """Clean lines [first, last] joined by spaces; `starts[i]` is where line first+i begins."""

    first: int
    last: int
    text: str
    starts: tuple[int, ...]

    def line_index(self, offset: int) -> int:
        return self.first + max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def evidence(self, doc: Doc, start: int, end: int) -> Evidence:
        """Evidence for [start, end): its lines, quoting the sentence around it."""
        s_start, s_end = sentence_bounds(self.text, start, end)
        return doc.evidence(self.line_index(start), self.line_index(max(end - 1, start)), self.text[s_start:s_end])


def paragraphs(doc: Doc) -> Iterator[Paragraph]:
    """Every paragraph of the document (bullets and list items are their own paragraphs)."""
    lines = doc.source.lines
    i = 0
    while i < len(lines):
        if not lines[i].text.strip():
            i += 1
            continue
        first = i
        text, starts = "", []
        while i < len(lines):
            line = lines[i].text.strip()
            if (
                not line
                and text
                and ((_ends_open(text) and _next_lowercase(lines, i)) or (text.endswith(",") and _next_text(lines, i)))
            ):
                i += 1  # a PDF column break inside a sentence: keep reading
                continue
            if not line:
                break
            if i > first and line.startswith("•"):
                break
            if text:
                text += " " if _continues(text, line) else "\n"
            starts.append(len(text))
            text += line
            i += 1
        yield Paragraph(first, i - 1, text, tuple(starts))


_OPEN_END = re.compile(
    r"(?:[,(«\-–]|\b(?:de|du|des|la|le|les|à|au|aux|et|en|d['’]|l['’]|pour|par|sur|avec|dans|un|une|son|sa|ses|leur|leurs))\s*$",
    re.I,
)


def _next_lowercase(lines, i: int) -> bool:
    j = i
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    return j - i <= 2 and j < len(lines) and lines[j].text.strip()[:1].islower()


def _next_text(lines, i: int) -> bool:
    j = i
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    return j - i <= 2 and j < len(lines)


def _continues(text: str, line: str) -> bool:
    """Does `line` continue the sentence of `text` (else the break is a heading/body boundary)?"""
    return bool(_ends_open(text) or line[:1].islower() or line[:1] in "«(")


def _ends_open(text: str) -> bool:
    """Does `text` end on a word or sign that calls for more (a comma, "de", "et"...)?"""
    return ends_with(_OPEN_END, text)


def ends_with(pattern: re.Pattern[str], text: str, reach: int = 32) -> bool:
    """Whether `pattern` (anchored with `$`) matches at the end of `text`, searching its last `reach` characters.

    Searching a whole paragraph once per line made long paragraphs quadratic (4,000 short
    lines: 345 s). `pos` keeps the word boundaries of the real text; trailing spaces are
    left out so that they cannot hide the end. `reach` must exceed the longest match.
    """
    text = text.rstrip()
    return pattern.search(text, max(0, len(text) - reach)) is not None


_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\bM)[.!?](?=\s+[A-ZÀ-Ý«\"“])|\n")


# How far a sentence is followed from the span it holds: a text without full stops would
# otherwise be one sentence, read whole for every fact in it (quadratic).
_SENTENCE_REACH = 1_000


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence(s) holding [start, end), at most `_SENTENCE_REACH` characters either side."""
    s = max(0, start - _SENTENCE_REACH)
    for m in _SENTENCE_END.finditer(text, s, start):
        s = m.end()
    limit = min(len(text), end + _SENTENCE_REACH)
    after = _SENTENCE_END.search(text, end, limit)
    e = after.end() if after else limit
    return s, e
