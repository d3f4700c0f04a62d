"""RDF files: safe parsing with pyoxigraph.

pyoxigraph never fetches JSON-LD remote contexts (no loader is set), but it does
expand entities declared in an RDF/XML DOCTYPE: those files are refused before
parsing, since entity expansion is the "billion laughs" attack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from coopgraph.errors import InputError
from coopgraph.ingest.formats import InputFormat

__all__ = ["check_rdf_safety", "parse_rdf", "syntax_error"]

_DOCTYPE_ENTITY = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE | re.DOTALL)
_SAFETY_SCAN_BYTES = 1 << 20
_PARSER_POSITION = re.compile(
    r"^Parser error (?:at line \d+ (?:between columns \d+ and \d+|column \d+)|between line \d+ column \d+ and line \d+ column \d+): "
)


def check_rdf_safety(path: Path, fmt: InputFormat) -> None:
    """Refuse inputs that would make the parser expand or fetch things."""
    if fmt.rdf != ox.RdfFormat.RDF_XML:
        return
    with path.open("rb") as stream:
        head = stream.read(_SAFETY_SCAN_BYTES)
    if _DOCTYPE_ENTITY.search(head):
        raise InputError(
            "RDF/XML with entity declarations (<!ENTITY>) is refused: entity expansion is unsafe", path=path
        )


def syntax_error(path: Path, error: SyntaxError, *, first_line: int = 1) -> InputError:
    """Turn a pyoxigraph SyntaxError into an InputError with line and column.

    `first_line` is the file's line number of the first line the parser saw (a part of the file).
    """
    # The position goes in front as path:line:column; drop the parser's own wording of it.
    message = _PARSER_POSITION.sub("", error.msg or str(error))
    if "remote context" in message.lower():
        message = "JSON-LD remote @context is not fetched (no network access); inline the context"
    line = error.lineno + first_line - 1 if error.lineno is not None else None
    return InputError(message, path=path, line=line, column=error.offset)


def parse_rdf(path: Path, fmt: InputFormat, *, base_iri: str | None = None) -> Iterator[ox.Quad]:
    """Yield the quads of an RDF file; raise InputError with the position of a syntax error."""
    assert fmt.rdf is not None
    check_rdf_safety(path, fmt)
    try:
        yield from ox.parse(path=str(path), format=fmt.rdf, base_iri=base_iri)
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except (ValueError, OSError) as error:
        raise InputError(str(error), path=path) from None
