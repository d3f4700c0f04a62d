"""The exception tree of coopgraph. The library raises; the CLI and web layers format.

CoopgraphError
 ├── InputError            bad input file: carries path, line, column
 │    └── ValidationError  the data parses but breaks the SHACL shapes
 ├── StoreError            the store cannot be opened, read or written
 ├── QueryError            a SPARQL query or named query cannot run
 └── UnknownSourceError    no import with that identifier
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CoopgraphError",
    "InputError",
    "QueryError",
    "StoreError",
    "UnknownSourceError",
    "ValidationError",
]


class CoopgraphError(Exception):
    """Base class of every error coopgraph raises on purpose."""


class InputError(CoopgraphError):
    """An input file is unreadable, malformed or unsafe.

    The message names the file and, where known, the line and column, in the
    familiar `path:line:column: what` form.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(self.located_message())

    def located_message(self) -> str:
        where = [part for part in (self.path, self.line, self.column) if part is not None]
        prefix = ":".join(str(part) for part in where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ValidationError(InputError):
    """The data breaks the SHACL shapes; `violations` lists them."""

    def __init__(self, message: str, *, path: str | Path | None = None, violations: list[str]) -> None:
        self.violations = violations
        super().__init__(message, path=path)


class StoreError(CoopgraphError):
    """The store cannot be opened, read or written."""


class QueryError(CoopgraphError):
    """A query is malformed, unknown, or misses a parameter."""


class UnknownSourceError(CoopgraphError):
    """No import matches the given source identifier."""
