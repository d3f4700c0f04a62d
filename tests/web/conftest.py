"""Fixtures for the web tests: the fixture graph in memory and on disk, apps, a live waitress server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from coopgraph.store import EmbeddedStore
from coopgraph.web import create_app

FIXTURE = Path(__file__).parent / "data" / "research.trig"
# Enough triples for a cross join of a few patterns to run for minutes.
BULK_TRIPLES = 3000


def load_fixture(store: EmbeddedStore) -> None:
    store.restore(FIXTURE, ox.RdfFormat.TRIG)
    graph = ox.NamedNode("https://w3id.org/coopgraph/graph/import/bulk/1")
    predicate = ox.NamedNode("https://w3id.org/coopgraph/id/bulkValue")
    store.bulk_insert(
        ox.Quad(ox.NamedNode(f"https://w3id.org/coopgraph/id/bulk/{i}"), predicate, ox.Literal(str(i)), graph)
        for i in range(BULK_TRIPLES)
    )


@pytest.fixture(scope="session")
def disk_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the fixture graph; released so workers can open it read-only."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = EmbeddedStore(path)
    load_fixture(store)
    store.close()
    del store
    return path


@pytest.fixture
def app() -> Iterator[Flask]:
    """An app over an in-memory store (queries run in-process)."""
    store = EmbeddedStore(None)
    load_fixture(store)
    app = create_app({"STORE": store, "TESTING": True, "ALLOW_SERVICE": ["http://allowed.example/"]})
    yield app
    app.extensions["coopgraph.executor"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(disk_store_path: Path) -> Iterator[str]:
    """A real waitress server over the on-disk store with worker processes and a 2 s limit; yields its base URL."""
    from waitress.server import create_server

    port = free_port()
    app = create_app(
        {
            "STORE": str(disk_store_path),
            "QUERY_TIMEOUT": 2.0,
            "QUERY_WORKERS": 2,
            "ALLOW_SERVICE": [f"http://127.0.0.1:{port}/"],
        }
    )
    # As `coopgraph serve` does: listen once the workers can answer (their start is not a query's time).
    assert app.extensions["coopgraph.executor"].wait_until_ready(timeout=120), "the query workers did not start"
    server = create_server(app, host="127.0.0.1", port=port, threads=6)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.close()
    app.extensions["coopgraph.executor"].close()
