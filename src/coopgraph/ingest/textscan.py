"""What the bytes of an N-Triples or N-Quads file tell before the store does: literal lengths, IRI values.

A large file is bulk-loaded, then checked against the shapes in the store. Testing
`sh:maxLength` there decodes every value of the property (one lookup per long string
in freshly written files: on five million triples, 272,000 quotes took 7 to 31 s).
The file is read once anyway, beside the load, for its checksum; the same read can
vouch that every value of a property is a literal short enough, or that every value
of a property is an IRI (`sh:nodeKind sh:IRI`, the other test that decodes values: an
IRI lookup each), and the store then skips the test.

The reading must never vouch wrongly, so it is conservative. N-Triples writes each
predicate as a full IRI between angle brackets and each literal between double quotes
on one line, so every triple of a property is found by searching for its IRI. What the
search could miss gives up on every property: a `\\u` or `\\U` escape (an IRI may be
written with one) or a line too long to buffer. What it cannot measure gives up on its
property: a value that is not what is vouched for, or a literal too long once decoded.

The read runs in a process of its own (`FactsReading`): its Python work would otherwise
hold the GIL that the loader's reads of the file need. It runs at the lowest priority:
the loader's parsing thread sets the pace of a bulk load, which leaves part of the second
core idle, and the read should take that time and no other.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coopgraph.errors import CoopgraphError
from coopgraph.ingest.parts import BlankNodeMarks

__all__ = ["ChunkReader", "FactsReading", "FileFacts", "IriValues", "LiteralLengths", "file_checksum", "read_facts"]

# An escape of the N-Triples string grammar: one character written with 2, 6 or 10 bytes.
_ESCAPE = re.compile(rb"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
# The fewest bytes a statement has around a literal's text, from its opening quote on: the quotes and the dot.
_AROUND_TEXT = len(b'"".')
_MAX_BUFFERED_LINE = 1 << 24


class _WholeLines:
    """A reader of a file's statements, fed chunk by chunk, that reads whole lines only.

    It gives up (`unsure`) on what its searches could miss: a `\\u` or `\\U` escape (an IRI,
    a property's too, may be written with one) or a line too long to buffer.
    """

    def __init__(self, properties: Collection[str]) -> None:
        self._needles = {f"<{iri}>".encode(): iri for iri in properties}
        self._failed: set[bytes] = set()
        self._unsure = False
        self._partial_line = b""

    def feed(self, chunk: bytes) -> None:
        if self._unsure or not self._needles:
            return
        text = self._partial_line + chunk if self._partial_line else chunk
        end = text.rfind(b"\n") + 1  # whole lines only: a statement never spans two
        self._partial_line = text[end:]
        if len(self._partial_line) > _MAX_BUFFERED_LINE or _has_code_point_escape(text):
            self._unsure = True
        else:
            for needle in self._needles:
                if needle not in self._failed and not self._holds(text, end, needle):
                    self._failed.add(needle)

    def _holds(self, text: bytes, end: int, needle: bytes) -> bool:
        """Whether what the reader vouches for holds of every statement of the property `needle` in text[:end]."""
        raise NotImplementedError

    def vouched(self) -> frozenset[str]:
        """The properties the reader vouches for, once the whole file has been fed (a last line
        without a newline is read then)."""
        if self._partial_line:
            self.feed(b"\n")
        if self._unsure:
            return frozenset()
        return frozenset(iri for needle, iri in self._needles.items() if needle not in self._failed)


class LiteralLengths(_WholeLines):
    """Tells which properties have only literal values within their length limit.

    `limits` maps a property IRI to its limit, in characters (`sh:maxLength`).
    """

    def __init__(self, limits: Mapping[str, int]) -> None:
        super().__init__(limits)
        self._limits = {f"<{iri}>".encode(): limit for iri, limit in limits.items()}

    def _holds(self, text: bytes, end: int, needle: bytes) -> bool:
        return _values_within(text, end, needle, self._limits[needle])

    def within_limits(self) -> frozenset[str]:
        """The properties of `limits` whose every value in the file is a literal within the limit."""
        return self.vouched()


class IriValues(_WholeLines):
    """Tells which properties have only IRIs as values.

    Counted, not walked: when each mention of the property's IRI is followed by a space
    and `<` (and none by `<<`, which opens a triple term), each of its statements has an
    IRI for value. Mentions in literals or comments only make that rarer; a value written
    after a tab or two spaces, too.
    """

    def _holds(self, text: bytes, end: int, needle: bytes) -> bool:
        mentions = text.count(needle, 0, end)
        return mentions == text.count(needle + b" <", 0, end) and not text.count(needle + b" <<", 0, end)

    def iri_valued(self) -> frozenset[str]:
        """The properties whose every value in the file is an IRI."""
        return self.vouched()


def _has_code_point_escape(text: bytes) -> bool:
    """Whether `text` (whole lines) holds an escape `\\u` or `\\U`.

    Found from backslash to backslash (memchr; they are few): searching for the two bytes
    at once stalls on every `u` of the text (0.6 s against 0.01 s on 50 MB here).
    """
    backslash = text.find(b"\\")
    while backslash >= 0:
        if text[backslash + 1 : backslash + 2] in (b"u", b"U"):
            return True
        backslash = text.find(b"\\", backslash + 2)  # past the escaped character, which may be a backslash
    return False


def _values_within(text: bytes, end: int, needle: bytes, limit: int) -> bool:
    """Whether every mention of the property IRI `needle` in text[:end] is followed by a short literal.

    A mention that is not a predicate (inside a literal, a comment) is measured too: that only
    makes the answer more cautious.
    """
    position = text.find(needle, 0, end)
    while position >= 0:
        value_start = position + len(needle)
        line_end = text.find(b"\n", value_start, end)
        opening = value_start
        while text[opening : opening + 1] in (b" ", b"\t"):
            opening += 1
        if text[opening : opening + 1] != b'"':
            return False  # an IRI or a blank node: not a literal
        # Bytes never undercount characters: only a value with more bytes than the limit is decoded.
        if line_end - opening - _AROUND_TEXT > limit and _characters(text, opening, line_end) > limit:
            return False
        position = text.find(needle, line_end, end)
    return True


def _characters(text: bytes, opening: int, line_end: int) -> int:
    """At least the number of characters of the literal whose opening quote is at `opening`.

    Its text runs at most to the last quote on the line (what may follow a closing quote
    holds none but a comment, which only adds characters); escapes count for one.
    """
    closing = text.rfind(b'"', opening + 1, line_end)
    if closing < 0:
        return line_end - opening  # not a valid literal: the parser will say so
    written = text[opening + 1 : closing]
    saved = sum(len(escape) - 1 for escape in _ESCAPE.findall(written)) if b"\\" in written else 0
    return len(written.decode("utf-8", "replace")) - saved


class ChunkReader(Protocol):
    """Something learnt from a file's bytes, fed to it chunk by chunk in order."""

    def feed(self, chunk: bytes) -> None: ...


def file_checksum(path: Path, *readers: ChunkReader) -> str:
    """The file's sha256; `readers`, if any, are fed the file in the same read."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            for reader in readers:
                reader.feed(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileFacts:
    """What one read of an N-Triples or N-Quads file tells, for the record and the checks."""

    checksum: str  # sha256
    blank_nodes: bool  # whether the file may hold blank nodes (it holds the bytes `_:`)
    short_values: frozenset[str] = frozenset()  # properties whose values are all literals within their maxLength
    iri_values: frozenset[str] = frozenset()  # properties whose values are all IRIs


def read_facts(path: Path, limits: Mapping[str, int], iri_properties: Collection[str] = ()) -> FileFacts:
    """Read the file once for its `FileFacts`: `limits` are the maxLength of properties (`LiteralLengths`),
    `iri_properties` those whose values must be IRIs (`IriValues`)."""
    marks = BlankNodeMarks()
    lengths = LiteralLengths(limits)
    iris = IriValues(iri_properties)
    checksum = file_checksum(path, marks, lengths, iris)
    return FileFacts(checksum, marks.found, lengths.within_limits(), iris.iri_valued())


class FactsReading:
    """`read_facts` running in a child process, started at once; `result()` waits for it."""

    def __init__(self, path: Path, limits: Mapping[str, int], iri_properties: Collection[str] = ()) -> None:
        self._path = path
        asked = json.dumps({"limits": dict(limits), "iri_properties": sorted(iri_properties)})
        command = [sys.executable, "-m", "coopgraph.ingest.textscan", str(path), asked]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def result(self) -> FileFacts:
        output, errors = self._process.communicate()
        if self._process.returncode != 0:
            raise CoopgraphError(f"{self._path}: reading the file failed: {errors.decode(errors='replace').strip()}")
        facts = json.loads(output)
        return FileFacts(
            facts["checksum"], facts["blank_nodes"], frozenset(facts["short_values"]), frozenset(facts["iri_values"])
        )

    def cancel(self) -> None:
        self._process.kill()
        self._process.communicate()


def _main(arguments: list[str]) -> None:
    if hasattr(os, "nice"):  # not on Windows
        os.nice(19)  # only the CPU time the bulk load leaves idle (see the module's docstring)
    path, asked = arguments
    options = json.loads(asked)
    facts = read_facts(Path(path), options["limits"], options["iri_properties"])
    print(
        json.dumps(
            {**facts.__dict__, "short_values": sorted(facts.short_values), "iri_values": sorted(facts.iri_values)}
        )
    )


if __name__ == "__main__":
    _main(sys.argv[1:])
