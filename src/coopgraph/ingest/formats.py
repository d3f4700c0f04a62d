"""Input formats: names, file extensions, and the checks every input file gets first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph.errors import InputError

__all__ = ["FORMATS", "InputFormat", "check_readable", "format_for", "read_text"]


@dataclass(frozen=True)
class InputFormat:
    name: str
    extensions: tuple[str, ...]
    rdf: ox.RdfFormat | None = None  # None: not an RDF syntax (CSV, newsletter)

    @property
    def has_quads(self) -> bool:
        return self.rdf is not None and self.rdf.supports_datasets


FORMATS: dict[str, InputFormat] = {
    f.name: f
    for f in (
        InputFormat("turtle", (".ttl", ".turtle"), ox.RdfFormat.TURTLE),
        InputFormat("ntriples", (".nt",), ox.RdfFormat.N_TRIPLES),
        InputFormat("nquads", (".nq",), ox.RdfFormat.N_QUADS),
        InputFormat("trig", (".trig",), ox.RdfFormat.TRIG),
        InputFormat("jsonld", (".jsonld", ".json"), ox.RdfFormat.JSON_LD),
        InputFormat("rdfxml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML),
        InputFormat("csv", (".csv",)),
        InputFormat("lettre", (".txt", ".md", ".pdf")),
    )
}


def format_for(path: Path, explicit: str | None = None) -> InputFormat:
    """The format named by `explicit`, else the one the file extension implies."""
    if explicit:
        try:
            return FORMATS[explicit.lower()]
        except KeyError:
            known = ", ".join(FORMATS)
            raise InputError(f"unknown format {explicit!r} (known: {known})", path=path) from None
    suffix = path.suffix.lower()
    for candidate in FORMATS.values():
        if suffix in candidate.extensions:
            return candidate
    raise InputError(f"cannot tell the format from the extension {suffix or '(none)'!r}; use --format", path=path)


def check_readable(path: Path, *, binary_ok: bool = False) -> None:
    """Refuse missing, empty and (for text formats) binary files before any parsing."""
    if path.is_dir():
        raise InputError("this is a folder, not a file (give the files, e.g. folder/*.ttl)", path=path)
    if not path.is_file():
        raise InputError("no such file", path=path)
    if path.stat().st_size == 0:
        raise InputError("the file is empty", path=path)
    if not binary_ok:
        with path.open("rb") as stream:
            head = stream.read(8192)
        if b"\x00" in head:
            raise InputError("this is a binary file, not text", path=path)
        if not head.strip():
            raise InputError("the file holds only whitespace", path=path)


def read_text(path: Path) -> str:
    """Decode a text file as UTF-8, naming the line of the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 (byte 0x{data[error.start]:02x}); re-save the file as UTF-8", path=path, line=line
        ) from None
