"""The network explorer: home page with search, `/api/search`, the graph viewer and its data API.

Routes
- `GET /` home page: search box with autocomplete, ready-made views.
- `GET /api/search?q=TEXT[&type=KIND]` → `[{"iri", "label", "type", "url"}]`.
- `GET /graph?focus=IRI[&focus=IRI...]&hops=N[&view=ego|group|fund|map]` the viewer page;
  filters `kind=`, `relation=` (repeatable), `country=` (ISO alpha-3, repeatable), `from=`, `to=`,
  `max=` (nodes, default 500).
- `GET /api/graph?...` the same parameters → `{"nodes", "edges", "notices", ...}` with positions.
- `GET /api/graph/expand?node=IRI[&relation=R&direction=out|in&offset=N]` one node's neighbours.
- `GET /api/graph/node?iri=IRI` the side panel's facts.
- `GET /api/graph/export?format=html|gexf|graphml|csv|nodes-csv&...[&expand=IRI...]` the current view as a file
  (html: a standalone page made with pyvis, vis-network inlined, that opens offline).

Pages query the store in-process (their queries are bounded by VALUES and caps, unlike
user SPARQL, which goes through the worker pool with its timeout): the in-memory store
of the tests is used as is; an on-disk store is opened read-only and reopened when a
writer changes it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from coopgraph import network as nw
from coopgraph.search import SearchIndex
from coopgraph.store import GraphStore, ReadOnlySnapshot
from coopgraph.web.executor import InProcessExecutor

__all__ = ["bp", "page_store", "search_index"]

bp = Blueprint("explore", __name__)

_PAGES_KEY = "coopgraph.pages"


# ---------------------------------------------------------------- store access for pages


@dataclass
class _PageStores:
    """The pages' view of the store and the search index of its current state."""

    store: GraphStore | None
    snapshot: ReadOnlySnapshot | None
    index: SearchIndex | None = None
    index_state: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> tuple[GraphStore, object]:
        with self.lock:
            if self.snapshot is None:
                assert self.store is not None
                # In-memory stores (tests): the quad count tells an insert apart.
                return self.store, self.store.count()
            return self.snapshot.current()


def _pages(app: Flask) -> _PageStores:
    pages = app.extensions.get(_PAGES_KEY)
    if pages is None:
        executor = app.extensions["coopgraph.executor"]
        if isinstance(executor, InProcessExecutor):
            pages = _PageStores(executor.store, None)
        else:
            pages = _PageStores(None, ReadOnlySnapshot(Path(app.config["STORE"])))
        app.extensions[_PAGES_KEY] = pages
    return pages


def page_store() -> GraphStore:
    """The store the pages read (current state)."""
    return _pages(current_app).current()[0]


def search_index() -> SearchIndex:
    """The label index of the current store state, rebuilt when the store has changed."""
    pages = _pages(current_app)
    store, state = pages.current()
    if pages.index is None or pages.index_state != state:
        index = SearchIndex.build(store)
        pages.index, pages.index_state = index, state
    return pages.index


@bp.record_once
def _warm_up(setup: Any) -> None:
    """Build the search index in the background at start-up so the first keystroke is fast."""
    app: Flask = setup.app
    if app.config.get("TESTING"):
        return

    def build() -> None:
        with app.app_context():
            try:
                search_index()
            except Exception as error:  # a missing or locked store is reported by the first request instead
                app.logger.warning("could not build the search index at start-up: %s: %s", type(error).__name__, error)

    threading.Thread(target=build, name="coopgraph-search-index", daemon=True).start()


# ---------------------------------------------------------------- error pages


@bp.app_errorhandler(404)
def _not_found(error: HTTPException) -> Response:
    # App-wide for 404 (an unknown /id/... path never reaches a view): HTML on the explorer's
    # pages, plain text everywhere else.
    return _error_page(error)


def _wants_html() -> bool:
    """HTML error pages for the explorer's pages only; /sparql and /api keep plain text."""
    path = request.path
    if path.startswith(("/api/", "/sparql")):
        return False
    return path in ("/", "/graph", "/entity") or path.startswith("/id/")


def _plain(error: HTTPException) -> Response:
    # The same plain text as the app-wide handler: every SPARQL client shows it as is.
    return Response(f"{error.description or error.name}\n", status=error.code or 500,
                    content_type="text/plain; charset=utf-8")  # fmt: skip


def _error_page(error: HTTPException) -> Response:
    if not _wants_html():
        return _plain(error)
    body = render_template("error.html", code=error.code, message=error.description or error.name)
    return Response(body, status=error.code or 500, content_type="text/html; charset=utf-8")


@bp.errorhandler(HTTPException)
def _blueprint_error(error: HTTPException) -> Response:
    return _error_page(error)


# ---------------------------------------------------------------- search


def entity_url(iri: str) -> str:
    from coopgraph.web.entity import entity_path

    return entity_path(iri)


@bp.get("/")
def home() -> str:
    """The search page, with the ready-made views (country groups, funds, the France–world map)."""
    return render_template("home.html", views=_ready_made_views(page_store()), kinds=_search_kinds())


def _search_kinds() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _) in nw.KINDS.items() if key not in ("more", "other")]


def _ready_made_views(store: GraphStore) -> dict[str, list[dict[str, str]]]:
    """Country and thematic groups, and funds, with their labels (few: CUF has some 30 groups)."""
    sparql = """SELECT ?x ?k WHERE {
        { ?x a coop:CountryGroup BIND("group" AS ?k) } UNION { ?x a coop:ThematicGroup BIND("group" AS ?k) }
        UNION { ?x a coop:SolidarityFund BIND("fund" AS ?k) } } LIMIT 500"""
    rows = nw._select(store, sparql)
    described = nw.describe_nodes(store, sorted({r["x"] for r in rows}))
    views: dict[str, list[dict[str, str]]] = {"group": [], "fund": []}
    for row in sorted(rows, key=lambda r: described[r["x"]].label.lower()):
        if not any(v["iri"] == row["x"] for v in views[row["k"]]):
            views[row["k"]].append({"iri": row["x"], "label": described[row["x"]].label})
    return views


@bp.get("/api/search")
def api_search() -> Response:
    """`?q=TEXT[&type=KIND][&limit=N]` → `[{"iri", "label", "type", "url"}]` (label: the entity's main label)."""
    text = request.args.get("q", "").strip()
    kind = request.args.get("type") or None
    if kind is not None and kind not in nw.KINDS:
        abort(400, f"unknown type {kind!r}; choose from {', '.join(k for k, _ in _search_kinds())}")
    limit = _int_arg("limit", 20, 1, 100)
    hits = search_index().search(text, kind=kind, limit=limit) if text else []
    payload = [
        {"iri": h.iri, "label": h.label, "matched": h.matched, "type": h.kind, "typeLabel": h.kind_label,
         "url": entity_url(h.iri)}
        for h in hits
    ]  # fmt: skip
    return _json(payload)


# ---------------------------------------------------------------- graph


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, f"{name} must be a whole number")
    return min(max(value, low), high)


def _filters() -> nw.Filters:
    return nw.Filters(
        kinds=frozenset(request.args.getlist("kind")),
        relations=frozenset(request.args.getlist("relation")),
        # "MAR,SEN" from the form's text box, or country=MAR&country=SEN.
        countries=frozenset(
            c.strip().upper() for value in request.args.getlist("country") for c in value.split(",") if c.strip()
        ),
        date_from=request.args.get("from") or None,
        date_to=request.args.get("to") or None,
    )


def _focus() -> list[str]:
    return [iri for iri in request.args.getlist("focus") if iri.strip()]


def _view_name(focus: list[str]) -> str:
    view = request.args.get("view") or ("ego" if focus else "map")
    if view not in ("ego", "group", "fund", "map"):
        abort(400, f"unknown view {view!r} (ego, group, fund, map)")
    if view != "map" and not focus:
        abort(400, f"the {view} view needs a focus=IRI")
    return view


def _checked_iri(iri: str) -> str:
    try:
        nw._iri(iri)
    except ValueError:
        abort(400, f"not a valid IRI: {iri!r}")
    return iri


def _build_view() -> nw.Network:
    """The network the request's parameters describe, expansions included, filtered (no layout yet)."""
    focus = [_checked_iri(i) for i in _focus()]
    view = _view_name(focus)
    filters = _filters()
    store = page_store()
    max_nodes = _int_arg("max", nw.DEFAULT_MAX_NODES, 1, 5000)
    if view == "map":
        network = nw.country_map(store, filters=filters)
    elif view == "group":
        network = nw.group_network(store, focus[0], filters=filters, max_nodes=max_nodes)
    elif view == "fund":
        network = nw.fund_network(store, focus[0], filters=filters, max_nodes=max_nodes)
    else:
        network = nw.ego_network(
            store, focus, hops=_int_arg("hops", 1, 1, nw.MAX_HOPS), filters=filters, max_nodes=max_nodes
        )
    for node in request.args.getlist("expand"):
        _merge(network, nw.expand_node(store, _checked_iri(node), filters=filters))
    return network


def _merge(network: nw.Network, extra: nw.Network) -> None:
    for iri, node in extra.nodes.items():
        if iri not in network.nodes:
            node.focus = False
            network.nodes[iri] = node
    for edge in extra.edges.values():
        network.add_edge(edge)


def _with_urls(payload: dict[str, Any]) -> dict[str, Any]:
    for node in payload["nodes"]:
        node["url"] = None if node["kind"] == "more" else entity_url(node["id"])
    return payload


@bp.get("/graph")
def graph_page() -> str:
    """The viewer; its script fetches `/api/graph` with the page's own query string."""
    focus = _focus()
    view = _view_name(focus)
    store = page_store()
    focus_nodes = nw.describe_nodes(store, [_checked_iri(i) for i in focus])
    return render_template(
        "graph.html",
        view=view, focus=[focus_nodes[i] for i in focus], hops=_int_arg("hops", 1, 1, nw.MAX_HOPS),
        filters=_filters(), max_nodes=_int_arg("max", nw.DEFAULT_MAX_NODES, 1, 5000),
        kinds=_search_kinds(), relations=[(r.key, r.label) for r in nw.RELATIONS],
        export_formats=list(nw.EXPORT_FORMATS), kind_style=nw.KIND_STYLE,
    )  # fmt: skip


@bp.get("/api/graph")
def api_graph() -> Response:
    """The view's nodes (with positions and degree) and edges, plus notices of what was left out."""
    network = nw.layout(_build_view())
    return _json(_with_urls(network.to_json()))


@bp.get("/api/graph/expand")
def api_expand() -> Response:
    """A node's neighbours, or with `relation` the next page of a capped relation (no positions:
    the viewer places them around the node it expands)."""
    node = _checked_iri(request.args.get("node", ""))
    relation = request.args.get("relation") or None
    if relation is not None and relation not in {r.key for r in nw.RELATIONS}:
        abort(400, f"unknown relation {relation!r}")
    network = nw.expand_node(
        page_store(), node, filters=_filters(), relation=relation,
        direction=request.args.get("direction") or None, offset=_int_arg("offset", 0, 0, 10_000_000),
    )  # fmt: skip
    return _json(_with_urls(network.to_json()))


@bp.get("/api/graph/node")
def api_node() -> Response:
    """The side panel: the entity's kind, label and main facts by relation (linked entities with URLs)."""
    iri = _checked_iri(request.args.get("iri", ""))
    details = nw.node_details(page_store(), iri)
    details["url"] = entity_url(iri)
    for group in details["relations"]:
        for fact in group["facts"]:
            fact["url"] = entity_url(fact["iri"])
    return _json(details)


@bp.get("/api/graph/export")
def api_export() -> Response:
    """The current view (same parameters, plus `expand=IRI` for each node expanded in the browser)."""
    format = request.args.get("format", "gexf")
    if format not in nw.EXPORT_FORMATS:
        abort(400, f"unknown format {format!r}; choose from {', '.join(nw.EXPORT_FORMATS)}")
    network = nw.layout(_build_view())
    media_type, extension = nw.EXPORT_FORMATS[format]
    response = Response(nw.export_bytes(network, format), content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="coopgraph-network.{extension}"'
    return response


def _json(payload: Any) -> Response:
    # Labels stay as they are ("<script>" included): JSON is data, the viewer puts it in the page as text.
    return Response(json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8")
