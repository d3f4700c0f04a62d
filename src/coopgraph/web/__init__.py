"""The coopgraph web application: the SPARQL endpoint and the named-query API.

`create_app(config)` is the app factory (flaskr style). Configuration keys:

- `STORE`: a store directory (str or Path), ":memory:", or a `GraphStore` instance (tests).
  A directory is queried by a pool of worker processes with a real wall-clock limit;
  an in-memory store is queried in-process.
- `QUERY_TIMEOUT` (seconds, default 30), `QUERY_WORKERS` (default 2),
- `ALLOW_SERVICE`: IRI prefixes that federated `SERVICE` calls may target (default none),
- `MAX_QUERY_BYTES` (default 100 000), `MAX_RESULT_BYTES` (default 50 MB), `MAX_CONTENT_LENGTH`,
- `RESULT_CACHE_BYTES`: memory for answers to repeated queries on an unchanged store (default 64 MB, 0: off).
- `MEMORY_COPY_MAX_QUADS`: each query worker answers from an in-memory copy of a store holding at
  most this many quads (default 2 000 000, about 1 GB per worker; 0: always from disk).
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from coopgraph.store import GraphStore, open_store
from coopgraph.web.executor import InProcessExecutor, QueryExecutor, QueryFailed, WorkerPool
from coopgraph.web.response_cache import ResponseCache

__all__ = ["create_app"]

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "STORE": ":memory:",
    "QUERY_TIMEOUT": 30.0,
    "QUERY_WORKERS": 2,
    "ALLOW_SERVICE": (),
    "MAX_QUERY_BYTES": 100_000,
    "MAX_RESULT_BYTES": 50_000_000,
    # Answers to repeated queries on an unchanged store are kept in memory (0 disables).
    "RESULT_CACHE_BYTES": 64_000_000,
    # Workers copy a store this small into memory: aggregates run up to 10x faster than on RocksDB.
    "MEMORY_COPY_MAX_QUADS": 2_000_000,
    # Form-encoded bodies are a little longer than the query they carry.
    "MAX_CONTENT_LENGTH": 400_000,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides `DEFAULTS`."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if config:
        app.config.update(config)
    app.config["ALLOW_SERVICE"] = tuple(app.config["ALLOW_SERVICE"])
    executor = _make_executor(app.config)
    app.extensions["coopgraph.executor"] = executor
    atexit.register(executor.close)

    from coopgraph.web import api, entity, explore, query_page, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(explore.bp)
    app.register_blueprint(entity.bp)
    app.register_blueprint(query_page.bp)
    _register_error_handlers(app)
    app.after_request(_cors)
    if isinstance(executor, WorkerPool) and int(app.config["RESULT_CACHE_BYTES"]) > 0:
        # In front of Flask: a repeated query on an unchanged store costs neither routing nor a worker.
        app.wsgi_app = ResponseCache(  # type: ignore[method-assign]
            app.wsgi_app,
            executor.store_path,
            max_bytes=int(app.config["RESULT_CACHE_BYTES"]),
            max_request_bytes=int(app.config["MAX_CONTENT_LENGTH"]),
        )
    return app


def _make_executor(config: Mapping[str, Any]) -> QueryExecutor:
    store = config["STORE"]
    timeout = float(config["QUERY_TIMEOUT"])
    if isinstance(store, GraphStore):
        return InProcessExecutor(store, timeout)
    if str(store) == ":memory:":
        return InProcessExecutor(open_store(":memory:"), timeout)
    pool = WorkerPool(
        Path(store),
        size=int(config["QUERY_WORKERS"]),
        timeout=timeout,
        memory_copy_max_quads=int(config["MEMORY_COPY_MAX_QUADS"]),
    )
    return pool


def _plain_error(status: int, message: str) -> Response:
    # Plain text: every SPARQL client shows it as is; no HTML, no stack trace.
    return Response(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(QueryFailed)
    def query_failed(error: QueryFailed) -> Response:
        return _plain_error(error.status, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = _plain_error(error.code or 500, error.description or error.name)
        if error.code == 405 and (allowed := error.get_response().headers.get("Allow")):
            response.headers["Allow"] = allowed
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _plain_error(500, "internal server error (details are in the server log)")


def _cors(response: Response) -> Response:
    """Any origin may read this public, read-only endpoint (e.g. a YASGUI page served elsewhere)."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response
