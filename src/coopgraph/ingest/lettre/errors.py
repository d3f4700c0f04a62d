"""Errors raised by the newsletter importer.

Every error carries the file (`path`), the 1-based `line` when one is known, and
a human `message`; the CLI formats them. They subclass `ValueError` for now and
will be re-parented under the project's `CoopgraphError` tree.

    LettreError (ValueError)
    ├── EmptyInputError       the file holds no text
    ├── BinaryInputError      the file is not text (and not a readable PDF)
    ├── NotALettreError       readable text that is not a newsletter / press release
    └── DocumentDateError     no document date found and none given
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BinaryInputError",
    "DocumentDateError",
    "EmptyInputError",
    "LettreError",
    "NotALettreError",
]


class LettreError(ValueError):
    """A newsletter could not be imported; nothing from it should be stored."""

    def __init__(self, path: Path | str | None, message: str, *, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.message = message
        where = str(self.path) if self.path is not None else "<text>"
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}")


class EmptyInputError(LettreError):
    """The input is empty or holds only whitespace."""


class BinaryInputError(LettreError):
    """The input is binary data, not text or a readable PDF."""


class NotALettreError(LettreError):
    """The input is text, but not a newsletter or press release of the network."""


class DocumentDateError(LettreError):
    """The document's date could not be found; pass it explicitly (`--date`)."""
