"""The worker pool: read-only workers beside a writer, fresh snapshots, and the kill on timeout."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.store import EmbeddedStore
from coopgraph.web.executor import QueryExecutor, QueryFailed, QueryJob, QueryTimeout, WorkerPool

pytestmark = pytest.mark.slow

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"


def count(pool: QueryExecutor) -> int:
    outcome = pool.execute(QueryJob(COUNT))
    return int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"])


def test_workers_read_while_a_writer_holds_the_store_and_see_its_commits(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    writer.insert([ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"), ox.NamedNode("urn:g"))])
    # The writer keeps its read-write handle open all along.
    pool = WorkerPool(tmp_path / "store", size=1, timeout=10)
    try:
        assert count(pool) == 1
        writer.insert([ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("2"), ox.NamedNode("urn:g"))])
        after_commit = pool.execute(QueryJob(COUNT))
        assert (
            after_commit.answered_from == "disk"
            and json.loads(after_commit.body)["results"]["bindings"][0]["n"]["value"] == "2"
        )
    finally:
        pool.close()
        writer.close()


def test_a_query_past_the_limit_is_killed_and_its_worker_replaced(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.bulk_insert(
        ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)), ox.NamedNode("urn:g"))
        for i in range(2000)
    )
    store.close()
    pool = WorkerPool(tmp_path / "store", size=1, timeout=1.0)
    try:
        # Starting a worker is not charged to a query: on a busy machine it takes longer than the limit.
        assert pool.wait_until_ready(timeout=120)
        (old,) = list(pool._all)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="limit and was stopped"):
            pool.execute(QueryJob("SELECT * WHERE { ?a <urn:p> ?b . ?c <urn:p> ?d . ?e <urn:p> ?f . ?g <urn:p> ?h }"))
        # The explosive query would run for minutes: the caller got its answer at the limit, not after it.
        assert time.monotonic() - started < 30
        assert not old.process.is_alive()
        assert pool.wait_until_ready(timeout=120)
        assert count(pool) == 2000
    finally:
        pool.close()


def test_a_worker_that_cannot_open_the_store_is_reported_not_waited_for(tmp_path: Path) -> None:
    (tmp_path / "not-a-store").mkdir()
    (tmp_path / "not-a-store" / "CURRENT").write_text("garbage\n")
    pool = WorkerPool(tmp_path / "not-a-store", size=1, timeout=5)
    try:
        assert not pool.wait_until_ready(timeout=120)
        with pytest.raises(QueryFailed, match="could not start") as failure:
            pool.execute(QueryJob(COUNT))
        assert failure.value.status == 503
    finally:
        pool.close()


def test_workers_answer_from_a_memory_copy_of_a_small_store(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    writer.insert([ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"), ox.NamedNode("urn:g"))])
    pool = WorkerPool(tmp_path / "store", size=1, timeout=10, memory_copy_max_quads=100)
    try:
        # The worker starts the copy as it opens the store and answers from disk until the copy is made.
        assert pool.execute(QueryJob(COUNT)).answered_from in ("disk", "memory")
        deadline = time.monotonic() + 30
        while pool.execute(QueryJob(COUNT)).answered_from != "memory" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.execute(QueryJob(COUNT)).answered_from == "memory" and count(pool) == 1
        # A commit is answered at once (from disk), never from the stale copy.
        writer.insert([ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("2"), ox.NamedNode("urn:g"))])
        after_commit = pool.execute(QueryJob(COUNT))
        assert (
            after_commit.answered_from == "disk"
            and json.loads(after_commit.body)["results"]["bindings"][0]["n"]["value"] == "2"
        )
    finally:
        pool.close()
        writer.close()
