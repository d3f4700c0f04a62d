"""`coopgraph serve`: the web app under waitress (a production WSGI server, not Flask's).

The CLI group imports this module only when the command is run or listed (`coopgraph.cli`).
"""

from __future__ import annotations

import os

import click

from coopgraph.errors import CoopgraphError
from coopgraph.store import STORE_ENV, default_location

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--query-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Wall-clock limit of one query; past it the query is stopped and answered 503.")  # fmt: skip
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL_PREFIX",
              help="Let federated SERVICE calls target IRIs starting with this prefix (repeatable).")  # fmt: skip
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1), help="Query worker processes.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1), help="HTTP threads of waitress.")
@click.option("--result-cache-mb", default=64, show_default=True, type=click.IntRange(min=0),
              help="Memory for answers to repeated queries on an unchanged store (0: off).")  # fmt: skip
@click.option("--memory-copy-max-quads", default=2_000_000, show_default=True, type=click.IntRange(min=0), metavar="N",
              help="Query workers answer from an in-memory copy of a store of at most N quads (0: from disk).")  # fmt: skip
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, query_timeout: float, allow_service: tuple[str, ...],
    workers: int, threads: int, result_cache_mb: int, memory_copy_max_quads: int,
) -> None:  # fmt: skip
    """Serve the SPARQL endpoint (/sparql) and the named-query API (/api/queries)."""
    from waitress import serve as waitress_serve

    from coopgraph.web import create_app

    location = (ctx.obj or {}).get("store_location") or os.environ.get(STORE_ENV) or str(default_location())
    try:
        app = create_app(
            {
                "STORE": location,
                "QUERY_TIMEOUT": query_timeout,
                "QUERY_WORKERS": workers,
                "ALLOW_SERVICE": allow_service,
                "RESULT_CACHE_BYTES": result_cache_mb * 1_000_000,
                "MEMORY_COPY_MAX_QUADS": memory_copy_max_quads,
            }
        )
    except CoopgraphError as error:
        raise click.ClickException(str(error)) from None
    _wait_for_query_workers(app.extensions["coopgraph.executor"])
    click.echo(f"serving {location} on http://{host}:{port}/sparql (query timeout {query_timeout:g} s)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="coopgraph")


def _wait_for_query_workers(executor: object) -> None:
    """Listen only once the query workers can answer: a first visitor should not wait for their start."""
    from coopgraph.web.executor import WorkerPool

    if not isinstance(executor, WorkerPool):
        return
    click.echo(f"starting {executor.size} query worker(s) ...", err=True)
    if not executor.wait_until_ready():
        executor.close()
        reason = executor.startup_failure or "they did not start in time"
        raise click.ClickException(f"the query workers could not open {executor.store_path}: {reason}")
