"""`/sparql`: the SPARQL 1.1 Protocol endpoint (read-only), its service description, and VoID."""

from __future__ import annotations

from importlib.resources import files

from flask import Blueprint, Response, abort, current_app, request, url_for

from coopgraph.query import NamedQuery, Parameter, bind_parameters
from coopgraph.web.executor import QueryJob, QueryOutcome
from coopgraph.web.negotiation import MEDIA_TYPES, choose_formats
from coopgraph.web.response_cache import ANSWERED_FROM
from coopgraph.web.sparql_text import analyse, forbidden_services, varies_between_runs

__all__ = ["bp", "negotiated_job", "respond", "run"]

bp = Blueprint("sparql", __name__)

_FORM = "application/x-www-form-urlencoded"
_DIRECT_QUERY = "application/sparql-query"
_DIRECT_UPDATE = "application/sparql-update"


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query (GET query=, POST form, POST application/sparql-query); without one, describe the service."""
    sparql = _query_text()
    if sparql is None:
        return service_description()
    analysis = analyse(sparql)
    if analysis.is_update:
        abort(403, "this endpoint is read-only: SPARQL UPDATE is refused (data is loaded with the coopgraph CLI)")
    if analysis.form is None:
        abort(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    refused = forbidden_services(analysis, current_app.config["ALLOW_SERVICE"])
    if refused:
        abort(400, f"federated SERVICE calls are not allowed here (refused: {', '.join(refused)})")
    default_graphs = _graph_params("default-graph-uri")
    named_graphs = _graph_params("named-graph-uri")
    protocol_dataset = bool(default_graphs or named_graphs)
    job = negotiated_job(
        sparql,
        form=analysis.form,
        default_graphs=tuple(default_graphs) if default_graphs else None,
        named_graphs=tuple(named_graphs) if protocol_dataset else None,
        # The union of all graphs is the default graph unless the request names a dataset.
        union_default_graph=not protocol_dataset,
    )
    # A federated answer depends on another server's data, which the store's state does not cover.
    return respond(run(job), volatile=bool(analysis.services) or varies_between_runs(sparql))


def _query_text() -> str | None:
    """The query of the request, per the protocol's three operations; None when there is none."""
    if request.method == "GET":
        if "update" in request.args:
            abort(403, "this endpoint is read-only: SPARQL UPDATE is refused")
        queries = request.args.getlist("query")
    else:
        content_type = request.mimetype
        if content_type == _DIRECT_UPDATE or (content_type == _FORM and "update" in request.form):
            abort(403, "this endpoint is read-only: SPARQL UPDATE is refused")
        if content_type == _DIRECT_QUERY:
            text = request.get_data(as_text=True)
            queries = [text] if text.strip() else []
        elif content_type in (_FORM, "multipart/form-data"):
            queries = request.form.getlist("query")
        else:
            abort(415, f"POST a query as {_FORM} or {_DIRECT_QUERY}, not {content_type or 'no content type'}")
    if len(queries) > 1:
        abort(400, "give exactly one query parameter")
    if not queries:
        if request.method == "POST":
            abort(400, "the request has no query")
        return None
    text = queries[0]
    limit = current_app.config["MAX_QUERY_BYTES"]
    if len(text.encode("utf-8")) > limit:
        abort(413, f"the query is longer than {limit} bytes")
    return text


def _graph_params(name: str) -> list[str]:
    values = request.args.getlist(name)
    if request.method == "POST" and request.mimetype == _FORM:
        values += request.form.getlist(name)
    return values


def negotiated_job(sparql: str, *, form: str | None = None, **dataset: object) -> QueryJob:
    """A job with the formats the client accepts; 406 at once when it accepts none for this query form."""
    solutions_format, graph_format = choose_formats(request.headers.get("Accept"), request.args.get("format"))
    expects_graph = form in ("CONSTRUCT", "DESCRIBE")
    if form is not None and (graph_format if expects_graph else solutions_format) is None:
        offered = [
            t for t, f in MEDIA_TYPES.items() if (f in ("turtle", "ntriples", "jsonld", "rdfxml")) == expects_graph
        ]
        abort(406, f"cannot answer this {form} query in the requested format; available: {', '.join(offered)}")
    return QueryJob(
        sparql,
        solutions_format=solutions_format,
        graph_format=graph_format,
        max_result_bytes=current_app.config["MAX_RESULT_BYTES"],
        **dataset,  # type: ignore[arg-type]
    )


def run(job: QueryJob) -> QueryOutcome:
    """Execute through the app's executor; QueryFailed is turned into a status by the error handler."""
    return current_app.extensions["coopgraph.executor"].execute(job)


def respond(outcome: QueryOutcome, *, volatile: bool = False) -> Response:
    """The complete serialized result with its media type; `volatile`: another run may answer otherwise."""
    media_type = MEDIA_TYPES[outcome.format]
    charset = "" if outcome.format in ("xml", "rdfxml") else "; charset=utf-8"
    response = Response(outcome.body, content_type=media_type + charset)
    response.vary.add("Accept")
    # disk or memory; the response cache (response_cache.py) keeps only responses marked so.
    response.headers[ANSWERED_FROM] = outcome.answered_from
    if volatile:
        response.headers["Cache-Control"] = "no-store"  # kept by no cache, ours included
    return response


# ---------------------------------------------------------------- descriptions


def _description_query(name: str) -> NamedQuery:
    """A CONSTRUCT template shipped in the package, with the endpoint and dataset IRIs as parameters."""
    text = files("coopgraph.web").joinpath("descriptions", f"{name}.rq").read_text(encoding="utf-8")
    return NamedQuery(name, name, "", text, (Parameter("endpoint", "iri"), Parameter("dataset", "iri")))


def _describe(name: str) -> Response:
    endpoint_iri = url_for("sparql.endpoint", _external=True)
    dataset_iri = url_for("sparql.void", _external=True)
    sparql = bind_parameters(_description_query(name), {"endpoint": endpoint_iri, "dataset": dataset_iri})
    job = negotiated_job(sparql, form="CONSTRUCT", union_default_graph=False)
    return respond(run(job))


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (Turtle unless asked otherwise)."""
    return _describe("service")


@bp.route("/.well-known/void")
def void() -> Response:
    """A VoID description of the dataset: endpoint, vocabularies, one subset per import."""
    return _describe("void")
