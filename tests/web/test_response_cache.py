"""The response cache in front of the app: repeated query requests on an unchanged store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.store import EmbeddedStore
from coopgraph.web import create_app
from coopgraph.web.response_cache import ANSWERED_FROM, ResponseCache

pytestmark = pytest.mark.slow

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"
JSON = {"Accept": "application/sparql-results+json"}


def _quad(subject: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(subject), ox.NamedNode("urn:p"), ox.Literal("v"), ox.NamedNode("urn:g"))


def test_repeated_requests_are_answered_from_memory_until_the_store_changes(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    writer.insert([_quad("urn:a")])
    app = create_app({"STORE": str(tmp_path / "store"), "QUERY_WORKERS": 1, "MEMORY_COPY_MAX_QUADS": 0})
    cache = app.wsgi_app
    assert isinstance(cache, ResponseCache)
    client = app.test_client()
    try:
        first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
        again = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
        assert first.headers[ANSWERED_FROM] == "disk" and again.headers[ANSWERED_FROM] == "cache"
        assert again.data == first.data and again.content_type == first.content_type and cache.hits == 1
        assert again.headers["Access-Control-Allow-Origin"] == "*"
        # Another format, another method or another host is another answer.
        csv = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "text/csv"})
        assert csv.headers[ANSWERED_FROM] == "disk" and csv.data.decode().split() == ["n", "1"]
        for _ in range(2):
            posted = client.post("/sparql", data={"query": COUNT}, headers=JSON)
        assert posted.headers[ANSWERED_FROM] == "cache" and posted.data == first.data and cache.hits == 2
        described = [client.get("/sparql", base_url=f"http://{host}/").data for host in ("a.example", "b.example")]
        assert b"a.example" in described[0] and b"b.example" in described[1]
        # A commit changes the store's fingerprint: the new state is answered.
        writer.insert([_quad("urn:b")])
        after = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
        assert after.headers[ANSWERED_FROM] == "disk" and b'"2"' in after.data
        # An answer that changes from run to run is never kept.
        clock = "SELECT (NOW() AS ?t) (RAND() AS ?r) WHERE {}"
        for _ in range(2):
            volatile = client.get("/sparql", query_string={"query": clock}, headers=JSON)
            assert volatile.headers[ANSWERED_FROM] == "disk" and volatile.headers["Cache-Control"] == "no-store"
        # Errors are never kept.
        for _ in range(2):
            assert client.get("/sparql", query_string={"query": "SELECT nothing"}).status_code == 400
        assert cache.hits == 2
    finally:
        app.extensions["coopgraph.executor"].close()
        writer.close()


def test_the_cache_keeps_within_its_memory(tmp_path: Path) -> None:
    def answer(environ: dict[str, object], start_response: object) -> list[bytes]:
        body = str(environ["QUERY_STRING"]).encode() * 100
        start_response("200 OK", [("Content-Type", "text/plain"), (ANSWERED_FROM, "disk")])  # type: ignore[operator]
        return [body]

    (tmp_path / "store").mkdir()
    cache = ResponseCache(answer, tmp_path / "store", max_bytes=750, max_entry_bytes=500)
    statuses: list[str] = []
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "wsgi.url_scheme": "http", "HTTP_HOST": "h"}
    for text in ["q=1", "q=2", "q=3", "q=1", "q=3", "q=123456"]:
        cache({**environ, "QUERY_STRING": text}, lambda status, headers: statuses.append(dict(headers)[ANSWERED_FROM]))
    # 300-byte answers (+ about 20 bytes of key), 750 bytes at most: q=1 made way for q=3, q=2 for q=1 again;
    # 800 bytes is too big to keep.
    assert statuses == ["disk", "disk", "disk", "disk", "cache", "disk"]
    assert cache._bytes <= 750

    def short(environ: dict[str, object], start_response: object) -> list[bytes]:
        start_response("200 OK", [(ANSWERED_FROM, "disk")])  # type: ignore[operator]
        return [b"ok"]

    # Long requests count too: a 2-byte answer to a 2,000-byte query does not fit in 750 bytes.
    small = ResponseCache(short, tmp_path / "store", max_bytes=750)
    small({**environ, "QUERY_STRING": "q=" + "x" * 2000}, lambda status, headers: None)
    assert small._bytes == 0 and not small._entries
