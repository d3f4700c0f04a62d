"""Content negotiation for SPARQL results: media types <-> result formats."""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = ["GRAPH_MEDIA_TYPES", "MEDIA_TYPES", "SOLUTION_MEDIA_TYPES", "choose_formats"]

# Preferred media type first: it wins when the client accepts anything (*/*).
SOLUTION_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
# The media type each format is answered with.
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


# A media type given as `format=` means its format.
MEDIA_FORMAT_ALIASES: dict[str, str] = {**SOLUTION_MEDIA_TYPES, **GRAPH_MEDIA_TYPES}


def _best(accept: MIMEAccept, offered: dict[str, str]) -> str | None:
    if not accept:  # no Accept header: the first (standard) type
        return next(iter(offered.values()))
    match = accept.best_match(list(offered))
    return offered[match] if match else None


@lru_cache(maxsize=256)  # clients send the same few Accept headers; matching one costs ~50 µs
def choose_formats(accept_header: str | None, explicit: str | None = None) -> tuple[str | None, str | None]:
    """(format for SELECT/ASK, format for CONSTRUCT/DESCRIBE) the client accepts; None where it accepts none.

    `accept_header` is the request's Accept header as sent. `explicit` is a `format=` request
    parameter: a format name (`csv`, `turtle`...) or a media type wins over Accept; other values
    (clients such as SPARQLWrapper send their own names) are ignored.
    """
    accept = parse_accept_header(accept_header, MIMEAccept)
    explicit = MEDIA_FORMAT_ALIASES.get(explicit or "", explicit)
    if explicit in MEDIA_TYPES:
        return (
            explicit if explicit in SOLUTION_MEDIA_TYPES.values() else None,
            explicit if explicit in GRAPH_MEDIA_TYPES.values() else None,
        )
    return _best(accept, SOLUTION_MEDIA_TYPES), _best(accept, GRAPH_MEDIA_TYPES)
