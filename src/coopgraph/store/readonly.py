"""Read-only views of an on-disk store for servers: its fingerprint, a fresh snapshot, an in-memory copy.

A read-only pyoxigraph store is a snapshot of the moment it was opened, and the CLI may
write while a server reads: these classes reopen (or copy again) when a writer commits.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from coopgraph.store.embedded import EmbeddedStore

__all__ = ["Fingerprint", "MemoryWorkingCopy", "ReadOnlySnapshot", "store_fingerprint"]

log = logging.getLogger(__name__)

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
            quads = disk.count()
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
