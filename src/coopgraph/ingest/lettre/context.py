"""What every extractor needs: the clean text, the document date, and evidence building."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coopgraph.ingest.lettre.facts import Evidence
from coopgraph.ingest.lettre.text import SourceText

__all__ = ["QUOTE_MAX", "Doc"]

QUOTE_MAX = 200

# A line that opens a new section: an all-capitals heading ("ACTUALITES THEMATIQUES", "AGENDA").
_SECTION = re.compile(r"^[A-ZÀ-Ý0-9 &'’,:/()«»!-]{6,}$")


@dataclass(frozen=True)
class Doc:
    """One document ready for extraction."""

    source: SourceText
    date: dt.date  # reference date for resolving partial dates

    @property
    def lines(self) -> list[str]:
        return [line.text for line in self.source.lines]

    def evidence(self, start_index: int, end_index: int | None = None, quote: str | None = None) -> Evidence:
        """Evidence for clean lines [start_index, end_index] (inclusive)."""
        end_index = start_index if end_index is None else end_index
        first = self.source.lines[start_index].first
        last = self.source.lines[end_index].last
        text = (
            quote
            if quote is not None
            else " ".join(self.source.lines[i].text for i in range(start_index, end_index + 1))
        )
        return Evidence(first, last, shorten(text))

    def section_heading(self, index: int) -> str | None:
        """The nearest all-capitals heading at or above clean line `index`."""
        for i in range(index, -1, -1):
            text = self.source.lines[i].text.strip()
            if _SECTION.match(text) and sum(c.isalpha() for c in text) >= 5:
                return text
        return None

    def paragraph_bounds(self, index: int) -> tuple[int, int]:
        """Clean-line indexes of the blank-line-delimited paragraph holding `index`."""
        lines = self.source.lines
        start = index
        while start > 0 and lines[start - 1].text.strip():
            start -= 1
        end = index
        while end + 1 < len(lines) and lines[end + 1].text.strip():
            end += 1
        return start, end


def shorten(text: str, limit: int = QUOTE_MAX) -> str:
    """A quote of at most `limit` characters, cut at a word boundary."""
    text = re.sub(r"\s+", " ", text[: limit * 4]).strip()  # only the start can be quoted
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
