"""The store interface and its implementations.

Callers hold a `GraphStore` and never need to know which backend it is. The
embedded pyoxigraph store is the default; a remote SPARQL 1.1 server comes later
through the same interface. `open_store` picks the location the way the CLI
documents it: explicit argument, else `$COOPGRAPH_STORE`, else the default directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from coopgraph.errors import StoreError
from coopgraph.store.base import GraphStore, QueryResult
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.readonly import Fingerprint, MemoryWorkingCopy, ReadOnlySnapshot, store_fingerprint

__all__ = [
    "STORE_ENV",
    "EmbeddedStore",
    "Fingerprint",
    "GraphStore",
    "MemoryWorkingCopy",
    "QueryResult",
    "ReadOnlySnapshot",
    "default_location",
    "open_store",
    "store_fingerprint",
]

STORE_ENV = "COOPGRAPH_STORE"


def default_location() -> Path:
    """`$XDG_DATA_HOME/coopgraph/store` (usually `~/.local/share/coopgraph/store`)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "coopgraph" / "store"


def open_store(location: str | os.PathLike[str] | None = None, *, create: bool = True) -> GraphStore:
    """Open the store at `location`; ":memory:" gives an in-memory store (tests, dry runs).

    With `create=False` (commands that only read), a missing store is an error
    rather than a new empty one made as a side effect.
    """
    chosen = str(location) if location else os.environ.get(STORE_ENV) or str(default_location())
    if chosen == ":memory:":
        return EmbeddedStore(None)
    path = Path(chosen)
    if not create and not path.is_dir():
        raise StoreError(f"no store at {path}: load data first (coopgraph load FILE..., or coopgraph demo)")
    return EmbeddedStore(path)
