"""Splitting a large N-Triples file into parts that bulk-load side by side.

pyoxigraph's bulk loader parses in one thread and writes batches of a million
triples in others. Below two batches it keeps about one core busy (measured here:
54 s of CPU in 53 s on a million triples), so two loaders, each reading one part
of the file into the same graph, halve the time on two cores. Parts are of bounded
size (each load holds its part's triples), a few at a time.

On several batches the loader overlaps parsing and writing by itself: on five
million triples (823 MB) one load took 144 s and 225 s of CPU where eight parts
took 152 s and 282 s (more, smaller files to write), with a peak RSS of 1.7 GB,
bounded by the batches whatever the file's size. So a file of that order is
loaded whole.

N-Triples puts exactly one triple on each line, so any line boundary is a valid
cut. Blank node labels are the exception: their scope is the document, and each
bulk load is a document of its own, so `_:b1` in two parts would become two
nodes. A file that contains `_:` anywhere is therefore loaded whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

__all__ = ["BlankNodeMarks", "FilePart", "PartReader", "ReadProgress", "line_parts", "mentions_blank_nodes"]

_NEWLINE_COUNT_CHUNK = 1 << 22
_NEWLINE_SCAN_CHUNK = 1 << 16
_SCAN_CHUNK = 1 << 20


@dataclass(frozen=True)
class FilePart:
    """The bytes [start, end) of a file, starting at the beginning of a line."""

    path: Path
    start: int
    end: int

    def first_line(self) -> int:
        """The file's line number (from 1) of the part's first line; counted on demand (error messages)."""
        lines = 1
        with self.path.open("rb") as stream:
            remaining = self.start
            while remaining > 0:
                chunk = stream.read(min(remaining, _NEWLINE_COUNT_CHUNK))
                if not chunk:
                    break
                lines += chunk.count(b"\n")
                remaining -= len(chunk)
        return lines


def line_parts(path: Path, count: int) -> list[FilePart]:
    """`count` parts of about equal size (fewer for a small file), each cut after a newline."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as stream:
        for index in range(1, max(1, count)):
            cut = _next_line_start(stream, max(size * index // count, cuts[-1]))
            if cut >= size:
                break
            if cut > cuts[-1]:
                cuts.append(cut)
    cuts.append(size)
    return [FilePart(path, start, end) for start, end in pairwise(cuts)]


def _next_line_start(stream: BinaryIO, offset: int) -> int:
    """The offset just after the first newline at or after `offset` (the file's size if none).

    Read in chunks, not with readline(): one line of a hostile file may be gigabytes long.
    """
    stream.seek(offset)
    while chunk := stream.read(_NEWLINE_SCAN_CHUNK):
        found = chunk.find(b"\n")
        if found >= 0:
            return offset + found + 1
        offset += len(chunk)
    return offset


class BlankNodeMarks:
    """Looks for the bytes `_:` in a file read chunk by chunk (a blank node label may be there;
    a literal or IRI may hold them too).

    Each chunk is searched for `_` first, at memory speed (0.08 s for 823 MB here); searching
    for the two bytes at once stumbles on every `:` of every IRI (5.8 s), so only chunks
    with an underscore pay for it.
    """

    def __init__(self) -> None:
        self.found = False
        self._last_byte = b""

    def feed(self, chunk: bytes) -> None:
        if not self.found and chunk:
            self.found = (b"_" in chunk and b"_:" in chunk) or (self._last_byte == b"_" and chunk[:1] == b":")
            self._last_byte = chunk[-1:]


def mentions_blank_nodes(path: Path) -> bool:
    """Whether the bytes `_:` occur anywhere in the file (see `BlankNodeMarks`)."""
    marks = BlankNodeMarks()
    with path.open("rb") as stream:
        while not marks.found and (chunk := stream.read(_SCAN_CHUNK)):
            marks.feed(chunk)
    return marks.found


@dataclass
class ReadProgress:
    """Bytes read so far by all the readers of one file, reported to `on_progress(done, total)`."""

    total: int
    on_progress: Callable[[int, int], None] | None = None
    done: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, count: int) -> None:
        with self._lock:  # reported under the lock too, so that the figures only grow
            self.done += count
            if self.on_progress is not None:
                self.on_progress(self.done, self.total)


class PartReader:
    """A binary reader over one part of a file, for `Store.bulk_load`."""

    def __init__(self, part: FilePart, progress: ReadProgress | None = None) -> None:
        self._stream = part.path.open("rb")
        self._stream.seek(part.start)
        self._left = part.end - part.start
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        chunk = self._stream.read(self._left if size is None or size < 0 else min(size, self._left))
        self._left -= len(chunk)
        if self._progress is not None:
            self._progress.add(len(chunk))
        return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> PartReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
