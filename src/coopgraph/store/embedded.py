"""The embedded store: pyoxigraph on disk (RocksDB) or in memory."""

from __future__ import annotations

import io
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from coopgraph.errors import StoreError
from coopgraph.store.base import GraphStore, QueryResult, Term

__all__ = ["EmbeddedStore", "Fingerprint", "MemoryWorkingCopy", "ReadOnlySnapshot", "store_fingerprint"]

log = logging.getLogger(__name__)


class EmbeddedStore(GraphStore):
    """A pyoxigraph `Store`: `EmbeddedStore(path)` on disk, `EmbeddedStore(None)` in memory."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            if "LOCK" in str(error):
                raise StoreError(
                    f"the store at {path} is in use by another process that writes to it "
                    "(another coopgraph load, restore or demo); wait for it to finish"
                ) from error
            raise StoreError(f"cannot open the store at {path}: {error}") from error

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else ':memory:'})"

    @classmethod
    def memory_copy_of(cls, source: EmbeddedStore) -> EmbeddedStore:
        """An in-memory store holding the same quads as `source` (both steps run outside the GIL)."""
        buffer = io.BytesIO()
        source._store.dump(buffer, format=ox.RdfFormat.N_QUADS)
        buffer.seek(0)
        copy = cls(None)
        copy._store.bulk_load(buffer, format=ox.RdfFormat.N_QUADS)
        return copy

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, Term] | None = None,
        union_default_graph: bool = True,
        default_graphs: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> QueryResult:
        return self._store.query(
            sparql,
            substitutions=dict(substitutions) if substitutions else None,
            use_default_graph_as_union=union_default_graph and not default_graphs,
            default_graph=list(default_graphs) if default_graphs else None,  # type: ignore[arg-type]
            named_graphs=list(named_graphs) if named_graphs is not None else None,  # type: ignore[arg-type]
        )

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def bulk_insert(self, quads: Iterable[ox.Quad]) -> None:
        self._store.bulk_extend(quads)

    def bulk_load(self, source: Path | IO[bytes], format: ox.RdfFormat, graph: ox.NamedNode) -> None:
        if isinstance(source, Path):
            self._store.bulk_load(path=str(source), format=format, to_graph=graph)
        else:
            self._store.bulk_load(source, format=format, to_graph=graph)

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)

    def graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self._store)
        # str(NamedNode) is a valid, escaped IRI reference.
        solutions = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(next(iter(solutions))["n"].value)

    def dump(self, output: IO[bytes], format: ox.RdfFormat) -> None:
        self._store.dump(output, format)

    def restore(self, path: Path, format: ox.RdfFormat) -> None:
        self._store.bulk_load(path=str(path), format=format)

    def clear(self) -> None:
        self._store.clear()

    def close(self) -> None:
        """Flush to disk and release the store's lock (the object is unusable afterwards)."""
        if self.path is not None and self._store is not None:
            self._store.flush()
            self._store = None  # type: ignore[assignment]  # dropping the last reference unlocks RocksDB


# ---------------------------------------------------------------- read-only views for servers

Fingerprint = tuple[tuple[str, int, int], ...]


def store_fingerprint(path: Path) -> Fingerprint:
    """Names of the store's files, with size and mtime for the mutable ones: changes whenever a writer commits.

    RocksDB never rewrites a table file (*.sst): its name stands for its content, so only the
    few others (write-ahead log, MANIFEST, CURRENT, OPTIONS) are stat-ed. Servers call this
    before every request, so it must stay cheap (~30 µs for a store of a few dozen files).
    """
    try:
        entries = list(os.scandir(path))
    except OSError:
        return ()
    found = []
    for entry in entries:
        if entry.name.endswith(".sst"):
            found.append((entry.name, 0, 0))
        elif entry.is_file():
            stat = entry.stat()
            found.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


class ReadOnlySnapshot:
    """A read-only handle on an on-disk store, reopened when a writer has committed since.

    A read-only pyoxigraph store is a snapshot of the moment it was opened; the CLI may
    load data while a server reads, so each use checks the store's fingerprint first.
    Not thread-safe: one per process or behind a lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: EmbeddedStore | None = None
        self._fingerprint: Fingerprint = ()

    def current(self) -> tuple[EmbeddedStore, Fingerprint]:
        """The store as last committed, and the fingerprint of that state."""
        fingerprint = store_fingerprint(self.path)
        if self._store is None or fingerprint != self._fingerprint:
            self._store, self._fingerprint = EmbeddedStore(self.path, read_only=True), fingerprint
        return self._store, fingerprint


class MemoryWorkingCopy:
    """The latest committed state of an on-disk store, answered from an in-memory copy once one is made.

    pyoxigraph in memory answers aggregates over a mid-size graph up to ten times faster
    than RocksDB (a GROUP BY over 393k quads: 119 ms against 1.37 s), and point queries
    1.5-3x faster. A server process that only reads therefore copies a store of at most
    `max_quads` quads into memory, in a background thread, and answers from the on-disk
    snapshot until the copy is ready. The disk stays the source of truth: when a writer
    commits, queries go to the new disk snapshot at once and a new copy is started.
    Not for concurrent use: one per worker process.
    """

    def __init__(self, path: Path, max_quads: int) -> None:
        self.snapshot = ReadOnlySnapshot(path)
        self.max_quads = max_quads
        self._lock = threading.Lock()
        self._copy: tuple[Fingerprint, EmbeddedStore] | None = None
        self._attempted: Fingerprint | None = None  # the state the last copy was started for
        self._copying = False  # one copy at a time: a store being loaded changes at every batch

    def current(self) -> EmbeddedStore:
        """The store to query now: the memory copy when it holds the latest state, else the disk snapshot."""
        disk, fingerprint = self.snapshot.current()
        with self._lock:
            if self._copy is not None and self._copy[0] == fingerprint:
                return self._copy[1]
            if self._copy is not None:
                self._copy = None  # stale: let its memory go before the next copy is made
            if self.max_quads > 0 and self._attempted != fingerprint and not self._copying:
                self._attempted, self._copying = fingerprint, True
                threading.Thread(target=self._make_copy, args=(disk, fingerprint), daemon=True).start()
        return disk

    def wait_until_copied(self, timeout: float) -> bool:
        """Whether a memory copy of the latest state is in use within `timeout` seconds (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.current().path is None:
                return True
            time.sleep(0.02)
        return False

    def _make_copy(self, disk: EmbeddedStore, fingerprint: Fingerprint) -> None:
        copy = None
        try:
            quads = len(disk._store)
            if quads <= self.max_quads:
                copy = EmbeddedStore.memory_copy_of(disk)
            else:
                log.info("store of %d quads: above %d, answered from disk", quads, self.max_quads)
        except (OSError, RuntimeError, ValueError) as error:  # the disk snapshot stays in use
            log.warning("no in-memory copy of the store: %s", error)
        with self._lock:
            self._copying = False
            if copy is not None and self._attempted == fingerprint:  # no newer state was committed meanwhile
                self._copy = (fingerprint, copy)
