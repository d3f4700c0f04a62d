"""Read-only views of an on-disk store for servers: fingerprint, snapshots, in-memory working copies."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.store import EmbeddedStore, MemoryWorkingCopy, store_fingerprint


def _quad(subject: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(subject), ox.NamedNode("urn:p"), ox.Literal("v"), ox.NamedNode("urn:g"))


def test_fingerprint_changes_with_every_commit_and_only_then(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    writer.insert([_quad("urn:a")])
    before = store_fingerprint(tmp_path / "store")
    assert before == store_fingerprint(tmp_path / "store")
    EmbeddedStore(tmp_path / "store", read_only=True).query("ASK { ?s ?p ?o }")  # reading changes nothing
    assert before == store_fingerprint(tmp_path / "store")
    writer.insert([_quad("urn:b")])
    assert before != store_fingerprint(tmp_path / "store")
    writer.close()


def test_memory_working_copy_follows_the_writer(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    writer.insert([_quad("urn:a")])
    working = MemoryWorkingCopy(tmp_path / "store", max_quads=10)
    assert working.current().count() == 1  # answered at once, from disk, while the copy is made
    assert working.wait_until_copied(timeout=30)
    assert working.current().path is None and working.current().count() == 1
    # A commit is seen at once (from the new disk snapshot), then from a new copy.
    writer.insert([_quad("urn:b")])
    now = working.current()
    assert now.path is not None and now.count() == 2
    assert working.wait_until_copied(timeout=30) and working.current().count() == 2
    writer.close()


def test_memory_working_copy_leaves_large_stores_on_disk(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    writer.insert([_quad(f"urn:s{i}") for i in range(5)])
    working = MemoryWorkingCopy(tmp_path / "store", max_quads=4)
    assert not working.wait_until_copied(timeout=1.0)
    assert working.current().path == tmp_path / "store"
    assert MemoryWorkingCopy(tmp_path / "store", max_quads=0).current().path is not None  # 0: never copied
    writer.close()


def test_memory_working_copy_makes_one_copy_at_a_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import threading
    import time

    running, most, lock = 0, 0, threading.Lock()
    real_copy = EmbeddedStore.memory_copy_of

    def slow_copy(source: EmbeddedStore) -> EmbeddedStore:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.3)
        with lock:
            running -= 1
        return real_copy(source)

    monkeypatch.setattr(EmbeddedStore, "memory_copy_of", staticmethod(slow_copy))
    writer = EmbeddedStore(tmp_path / "store")
    working = MemoryWorkingCopy(tmp_path / "store", max_quads=100)
    for i in range(5):  # a store being loaded: a new state at every request
        writer.insert([_quad(f"urn:s{i}")])
        assert working.current().count() == i + 1
    assert working.wait_until_copied(timeout=30) and working.current().count() == 5
    assert most == 1
    writer.close()
