"""`/api/queries`: the named-query library, listed and runnable over HTTP."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request, url_for

from coopgraph.errors import QueryError
from coopgraph.query import NamedQuery, bind_parameters, get_named_query, list_named_queries
from coopgraph.web.sparql import negotiated_job, respond, run
from coopgraph.web.sparql_text import analyse, varies_between_runs

__all__ = ["bp"]

bp = Blueprint("api", __name__, url_prefix="/api")

# Request parameters that steer the response rather than bind the query.
_RESERVED = frozenset({"format"})


def _summary(named: NamedQuery) -> dict[str, object]:
    return {**named.summary(), "url": url_for("api.run_named_query", name=named.name, _external=True)}


@bp.get("/queries")
def named_queries() -> Response:
    """Every named query: name, title, description, parameters, text and URL."""
    return jsonify([_summary(q) for q in list_named_queries()])


@bp.get("/queries/<name>")
def run_named_query(name: str) -> Response:
    """Run a named query with `?param=value`, answering in the negotiated format."""
    try:
        named = get_named_query(name)
    except QueryError:
        abort(404, f"no named query {name!r}; see {url_for('api.named_queries')}")
    values = {k: v for k, v in request.args.items() if k not in _RESERVED}
    try:
        sparql = bind_parameters(named, values)
    except QueryError as error:
        abort(400, str(error))
    return respond(run(negotiated_job(sparql, form=analyse(sparql).form)), volatile=varies_between_runs(sparql))
