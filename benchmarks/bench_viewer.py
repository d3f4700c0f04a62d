"""Viewer speed: headless Chromium from navigation to a drawn, interactive graph (100, 500, 2,000
nodes), and `/api/graph` response times for ego networks on the sample data + France reference data.

    .venv/bin/python benchmarks/bench_viewer.py [--runs 5] [--store benchmarks/data/viewer-store]

The browser part serves the real /graph page and answers its /api/graph request with a synthetic
network laid out by `network.layout` (the server-side layout time is reported on its own line).
The API part builds the store once (sample CSVs + ontology examples + `reference load france`) and
times the app's /api/graph in-process (Flask test client, no HTTP), median and max of the runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
]  # fmt: skip
KINDS = ["authority-fr", "authority", "person", "group", "fund", "event", "organization"]


def synthetic(count: int, seed: int = 7) -> dict[str, object]:
    """A random graph of `count` entities (about 1.5 edges each), laid out like a real view."""
    from coopgraph import network as nw

    rng = random.Random(seed)
    network = nw.Network()
    for i in range(count):
        iri = f"https://w3id.org/coopgraph/id/bench/{i}"
        network.nodes[iri] = nw.Node(iri, f"Entité {i}", KINDS[i % len(KINDS)], focus=i == 0)
    iris = list(network.nodes)
    for i in range(1, count):
        # A preferential-attachment-like tree plus extra links: hubs, as in the real network.
        network.add_edge(nw.Edge(iris[i], iris[rng.randrange(0, max(1, i // 3))], "partnership"))
    for _ in range(count // 2):
        a, b = rng.sample(iris, 2)
        network.add_edge(nw.Edge(a, b, "role", date="2026-03", detail="président·e"))
    started = time.perf_counter()
    nw.layout(network)
    layout_ms = (time.perf_counter() - started) * 1000
    payload = network.to_json()
    for node in payload["nodes"]:
        node["url"] = "/id/bench/x"
    return {"payload": payload, "layout_ms": layout_ms}


def _answer_with(body: str) -> object:
    def handler(route: object, _request: object) -> None:
        route.fulfill(status=200, content_type="application/json", body=body)  # type: ignore[attr-defined]

    return handler


def bench_browser(counts: list[int], runs: int) -> list[str]:
    from playwright.sync_api import sync_playwright
    from waitress.server import create_server

    from coopgraph.store import EmbeddedStore
    from coopgraph.web import create_app

    app = create_app({"STORE": EmbeddedStore(None), "TESTING": True})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    port = server.effective_port  # type: ignore[attr-defined]
    threading.Thread(target=server.run, daemon=True).start()
    lines = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for count in counts:
            data = synthetic(count)
            body = json.dumps(data["payload"])
            times = []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route("**/api/graph?*", _answer_with(body))
                page.goto(f"http://127.0.0.1:{port}/graph?view=map")
                page.wait_for_function("window.coopgraphViewer && window.coopgraphViewer.ready", timeout=120_000)
                # Interactive: the next frame is painted and the network answers a hit test.
                elapsed = page.evaluate("""() => new Promise(resolve => requestAnimationFrame(() => {
                    const v = window.coopgraphViewer; v.network.getNodeAt({x: 10, y: 10});
                    resolve(performance.now()); }))""")
                times.append(elapsed / 1000)
                page.close()
            lines.append(
                f"| {count} nodes, {len(data['payload']['edges'])} edges | {statistics.median(times):.2f} s "
                f"| {max(times):.2f} s | {data['layout_ms']:.0f} ms |"
            )
        browser.close()
    server.close()
    return lines


def ensure_store(path: Path) -> None:
    """Sample data + ontology examples + the France reference data (35k communes), built once."""
    if path.exists():
        return
    from coopgraph.store import EmbeddedStore
    from coopgraph.web.cli_demo import load_demo

    store = EmbeddedStore(path)
    load_demo(store)
    store.close()
    del store
    subprocess.run([sys.executable, "-m", "coopgraph.cli", "--store", str(path), "reference", "load", "france"],
                   check=True, cwd=REPO)  # fmt: skip


def bench_api(store_path: Path, runs: int) -> list[str]:
    from coopgraph.web import create_app

    ensure_store(store_path)
    app = create_app({"STORE": str(store_path), "TESTING": True, "QUERY_WORKERS": 1})
    client = app.test_client()
    cid = "https://w3id.org/coopgraph/id/"
    cases = [
        ("ego Savigny-le-Temple, 1 hop", {"focus": cid + "authority/savigny-le-temple", "hops": 1}),
        ("ego Savigny-le-Temple, 2 hops (reaches France: 35k communes, capped)",
         {"focus": cid + "authority/savigny-le-temple", "hops": 2}),
        ("ego Savigny-le-Temple, 3 hops", {"focus": cid + "authority/savigny-le-temple", "hops": 3}),
        ("ego groupe-pays Liban, 2 hops", {"focus": cid + "group/groupe-pays-liban", "hops": 2}),
        ("group view groupe-pays Liban", {"focus": cid + "group/groupe-pays-liban", "view": "group"}),
        ("France–world map", {"view": "map"}),
        ("search 'saint etienne'", None),
    ]  # fmt: skip
    client.get("/api/search?q=warm")  # builds the search index once (timed separately below)
    lines = []
    for name, params in cases:
        url, query = ("/api/search", {"q": "saint etienne"}) if params is None else ("/api/graph", params)
        first = client.get(url, query_string=query)
        assert first.status_code == 200, first.data[:300]
        sizes = first.get_json()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url, query_string=query)
            times.append((time.perf_counter() - started) * 1000)
        size = f"{len(sizes['nodes'])} nodes" if isinstance(sizes, dict) else f"{len(sizes)} hits"
        lines.append(f"| {name} | {size} | {statistics.median(times):.0f} ms | {max(times):.0f} ms |")
    from coopgraph.search import SearchIndex
    from coopgraph.store import EmbeddedStore

    store = EmbeddedStore(store_path, read_only=True)
    started = time.perf_counter()
    index = SearchIndex.build(store)
    lines.append(
        f"| search index build ({len(index)} entities) | — | {(time.perf_counter() - started) * 1000:.0f} ms | — |"
    )
    app.extensions["coopgraph.executor"].close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, default=HERE / "data" / "viewer-store")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    if not args.skip_browser:
        print("| graph | navigation → drawn & interactive (median) | max | server layout |")
        print("|---|---|---|---|")
        print("\n".join(bench_browser([100, 500, 2000], args.runs)))
        print()
    print("| /api/graph request | size | median | max |")
    print("|---|---|---|---|")
    print("\n".join(bench_api(args.store, max(args.runs, 10))))


if __name__ == "__main__":
    main()
