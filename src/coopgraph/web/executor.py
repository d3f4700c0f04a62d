"""Query execution with a wall-clock limit that really stops the query.

pyoxigraph has no timeout and holds the CPU until a query ends, so queries over
the on-disk store run in a small pool of worker processes. Each worker opens the
store read-only (RocksDB allows this while the CLI holds it read-write), runs one
job at a time, and serializes the *complete* result before sending a byte back.
The web thread waits at most until the deadline; past it, the worker is killed
(its CPU given back), replaced, and the request answered 503. Other requests keep
being served by the other workers meanwhile.

A worker answers from an in-memory copy of the store when the store holds at most
`memory_copy_max_quads` quads (`MemoryWorkingCopy`: made in the background, replaced
when a writer commits): aggregates run up to ten times faster there than on RocksDB.

In-memory stores (tests) cannot be shared with another process: they run in the
calling thread with the same job and outcome types, without the limit.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph.errors import QueryError, StoreError
from coopgraph.namespaces import PREFIXES
from coopgraph.store import EmbeddedStore, GraphStore, MemoryWorkingCopy
from coopgraph.web.sparql_text import analyse, mentions_service, prologue, service_check_text

__all__ = [
    "InProcessExecutor",
    "QueryExecutor",
    "QueryFailed",
    "QueryJob",
    "QueryOutcome",
    "QueryTimeout",
    "WorkerPool",
    "run_job",
]

log = logging.getLogger(__name__)

# How long a new query worker may take to import coopgraph and open the store before it is given up.
WORKER_STARTUP_LIMIT = 120.0

SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class QueryFailed(QueryError):
    """A query could not be answered; `status` is the HTTP status the web layer should use."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(QueryFailed):
    """The query ran past the wall-clock limit and was stopped."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=503)


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs; picklable (plain strings only).

    `solutions_format` / `graph_format` are the negotiated formats for each result
    family (None: the client accepts none of them, answered 406 once the kind of
    result is known).
    """

    sparql: str
    solutions_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default_graph: bool = True
    max_result_bytes: int = 50_000_000


@dataclass(frozen=True)
class QueryOutcome:
    """A complete, serialized answer: which format, the bytes, and what answered it.

    `answered_from` is "disk" (the on-disk store), "memory" (an in-memory store or
    working copy) or "store" (another backend); the endpoint shows it in a header
    (and the response cache, "cache").
    """

    format: str
    body: bytes
    kind: str  # "solutions", "boolean" or "graph"
    answered_from: str = "disk"


_POSITION = re.compile(r"\b(?:at|line) (\d+):(\d+)")


def _user_positions(message: str, shift: int) -> str:
    """Parser positions on line 1 moved back over the prologue we prepended."""

    def fix(match: re.Match[str]) -> str:
        line, column = int(match.group(1)), int(match.group(2))
        if line == 1:
            column = max(1, column - shift)
        return match.group().replace(f"{match.group(1)}:{match.group(2)}", f"{line}:{column}")

    return _POSITION.sub(fix, message)


def run_job(store: GraphStore, job: QueryJob) -> QueryOutcome:
    """Run one job on `store` and serialize its whole result; raises QueryFailed."""
    head = prologue()
    analysis = analyse(job.sparql)
    try:
        if mentions_service(job.sparql):
            # Parse (never run) the witness on an empty store: it fails if the lexer missed a SERVICE.
            ox.Store().query(head + service_check_text(job.sparql, analysis))
        result = store.query(
            head + job.sparql,
            union_default_graph=job.union_default_graph and not analysis.has_dataset_clause,
            default_graphs=[ox.NamedNode(g) for g in job.default_graphs] if job.default_graphs else None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] if job.named_graphs is not None else None,
        )
        outcome = _serialize(result, job, _kind_of_store(store))
    except SyntaxError as error:
        raise QueryFailed(f"SPARQL syntax error: {_user_positions(str(error), len(head))}") from None
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise QueryFailed(f"the query failed: {error}", status=500) from None
    if len(outcome.body) > job.max_result_bytes:
        raise QueryFailed(
            f"the result is larger than {job.max_result_bytes // 1_000_000} MB; narrow the query or add a LIMIT",
            status=503,
        )
    return outcome


def _kind_of_store(store: GraphStore) -> str:
    if isinstance(store, EmbeddedStore):
        return "disk" if store.path is not None else "memory"
    return "store"


def _serialize(result: Any, job: QueryJob, answered_from: str) -> QueryOutcome:
    if isinstance(result, ox.QueryTriples):
        if job.graph_format is None:
            raise QueryFailed("no acceptable format for a graph result (CONSTRUCT/DESCRIBE)", status=406)
        data = ox.serialize(list(result), format=GRAPH_FORMATS[job.graph_format], prefixes=dict(PREFIXES))
        return QueryOutcome(job.graph_format, data or b"", "graph", answered_from)
    if job.solutions_format is None:
        raise QueryFailed("no acceptable format for a SELECT/ASK result", status=406)
    kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
    data = result.serialize(format=SOLUTION_FORMATS[job.solutions_format])
    return QueryOutcome(job.solutions_format, data or b"", kind, answered_from)


class QueryExecutor(ABC):
    """Runs jobs and returns complete outcomes; raises QueryFailed (QueryTimeout past the limit)."""

    timeout: float

    @abstractmethod
    def execute(self, job: QueryJob) -> QueryOutcome: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release workers; the default does nothing."""


class InProcessExecutor(QueryExecutor):
    """Runs queries in the calling thread: for in-memory stores, where no worker can see the data.

    There is no wall-clock limit on this path; the server always uses `WorkerPool` on disk.
    """

    def __init__(self, store: GraphStore, timeout: float = 30.0) -> None:
        self.store = store
        self.timeout = timeout
        self._lock = threading.Lock()

    def execute(self, job: QueryJob) -> QueryOutcome:
        with self._lock:  # the in-memory store is shared by every request thread
            return run_job(self.store, job)


# ---------------------------------------------------------------- worker processes


def _worker_main(connection: Connection, store_path: str, memory_copy_max_quads: int) -> None:
    """Worker loop: say ("ready",) once the store is open, then receive a job and answer
    ("ok", outcome) or ("error", status, message); None stops."""
    try:
        working_copy = MemoryWorkingCopy(Path(store_path), memory_copy_max_quads)
        working_copy.current()  # open the store now: the first query should not pay for it
    except Exception as error:  # the pool must learn why, whatever happened
        connection.send(("failed", f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready",))
    while True:
        try:
            job = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            reply: tuple[Any, ...] = ("ok", run_job(working_copy.current(), job))
        except QueryFailed as error:
            reply = ("error", error.status, str(error))
        except StoreError as error:
            reply = ("error", 500, str(error))
        except Exception as error:  # the worker must answer, whatever happened
            reply = ("error", 500, f"the query failed: {type(error).__name__}")
        connection.send(reply)


@dataclass(eq=False)  # identity hashing: workers live in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    ready: bool = False  # said it is ready; guarded by the pool's lock


def _startup_failure_of(worker: _Worker) -> str | None:
    """Wait for a new worker's first word: None when it is ready, else why it is not."""
    try:
        if not worker.connection.poll(WORKER_STARTUP_LIMIT):
            return f"it did not start within {WORKER_STARTUP_LIMIT:g} s"
        said: tuple[str, ...] = worker.connection.recv()
    except (EOFError, OSError):
        return "the worker process stopped while starting"
    if said == ("ready",):
        return None
    return said[1] if len(said) > 1 else repr(said)


class WorkerPool(QueryExecutor):
    """A fixed number of worker processes over an on-disk store, each killed if it runs past `timeout`.

    A worker takes queries only once it has said it is ready (imports done, store open): on a
    busy machine starting one can take longer than a query's limit, and that time must not be
    charged to the first query.
    """

    def __init__(
        self, store_path: Path, *, size: int = 2, timeout: float = 30.0, memory_copy_max_quads: int = 0
    ) -> None:
        if not store_path.is_dir():
            raise StoreError(f"no store at {store_path}: load data first (coopgraph load ...)")
        self.store_path = store_path
        self.size = size
        self.timeout = timeout
        # Each worker answers from an in-memory copy of a store this small (MemoryWorkingCopy).
        self.memory_copy_max_quads = memory_copy_max_quads
        # spawn, not fork: the server process has threads, and a forked RocksDB handle is unsafe.
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()  # guarded by _lock, for close()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # a worker became ready or failed to start
        self._startup_failure: str | None = None  # guarded by _lock
        self._closed = False
        for _ in range(size):
            self._start_worker()

    def _start_worker(self) -> None:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child_end, str(self.store_path), self.memory_copy_max_quads),
            name="coopgraph-query-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        with self._lock:
            self._all.add(worker)
        threading.Thread(
            target=self._admit_when_ready, args=(worker,), name="coopgraph-worker-start", daemon=True
        ).start()

    def _admit_when_ready(self, worker: _Worker) -> None:
        """Put a new worker among the idle ones once it says it is ready; drop it if it cannot start."""
        failure = _startup_failure_of(worker)
        if self._closed:
            return
        if failure is None:
            with self._changed:
                if worker in self._all:  # not closed meanwhile
                    worker.ready = True
                    self._idle.put(worker)
                self._changed.notify_all()
            return
        log.error("a query worker could not start: %s", failure)
        self._stop(worker)
        with self._changed:
            self._startup_failure = failure
            self._changed.notify_all()

    def _ready_count(self) -> int:
        """Live workers that said they are ready; call with the lock held."""
        return sum(worker.ready for worker in self._all)

    def wait_until_ready(self, timeout: float = WORKER_STARTUP_LIMIT) -> bool:
        """Whether every worker is ready to take queries within `timeout` seconds (False if one failed)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._ready_count() < self.size and self._startup_failure is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return self._ready_count() >= self.size

    @property
    def startup_failure(self) -> str | None:
        """Why the last worker that could not start failed, if one did."""
        with self._lock:
            return self._startup_failure

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        with self._lock:
            self._all.discard(worker)
            worker.ready = False

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker (it may be mid-query) and start its replacement."""
        self._stop(worker)
        if not self._closed:
            self._start_worker()

    def _no_worker_free(self) -> QueryFailed:
        with self._lock:
            failure, ready = self._startup_failure, self._ready_count()
        if failure is not None and ready == 0:
            return QueryFailed(f"the query workers could not start: {failure}", status=503)
        if ready == 0:
            return QueryTimeout("the query workers are still starting; try again in a few seconds")
        return QueryTimeout(
            f"the server is busy: no query worker became free within {self.timeout:g} s; try again later"
        )

    def execute(self, job: QueryJob) -> QueryOutcome:
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise self._no_worker_free() from None
        try:
            worker.connection.send(job)
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                self._discard(worker)
                raise QueryTimeout(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped; "
                    "narrow it (bind a start node, add LIMIT, avoid open property paths)"
                )
            reply = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            log.warning("a query worker died; replacing it")
            self._discard(worker)
            raise QueryFailed("the query worker stopped unexpectedly (out of memory?)", status=500) from None
        self._idle.put(worker)
        if reply[0] == "ok":
            outcome: QueryOutcome = reply[1]
            return outcome
        raise QueryFailed(reply[2], status=reply[1])

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._stop(worker)
