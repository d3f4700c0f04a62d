"""`/query`: the SPARQL query page (YASQE editor + YASR results, served from the package, no CDN).

The gallery of named queries and the project's prefixes are rendered server-side, so the page
needs no extra request to show them; `static/query.js` wires the editor, the results table,
the shareable URL, the downloads and the "view as graph" action.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from coopgraph.namespaces import ID, PREFIXES
from coopgraph.query import NamedQuery, list_named_queries

__all__ = ["bp", "default_query", "page_config"]

bp = Blueprint("query_page", __name__)

# Longest query accepted from the page URL: the endpoint refuses longer ones anyway.
MAX_URL_QUERY_CHARS = 100_000


def default_query() -> str:
    """The editor's starting text: every project prefix declared, then a small useful query."""
    width = max(len(prefix) for prefix in PREFIXES)
    lines = [f"PREFIX {prefix + ':':<{width + 1}} <{iri}>" for prefix, iri in PREFIXES.items()]
    lines += [
        "",
        "# Les collectivités territoriales, françaises et étrangères, avec leur pays",
        "SELECT ?authority ?name ?country WHERE {",
        "  ?authority a coop:LocalAuthority ; rdfs:label ?name .",
        "  OPTIONAL { ?authority coop:country ?country }",
        "}",
        "ORDER BY ?name",
        "LIMIT 50",
    ]
    return "\n".join(lines) + "\n"


def _example(named: NamedQuery) -> dict[str, Any]:
    """What the gallery shows and loads for one named query."""
    return named.summary()


def page_config() -> dict[str, Any]:
    """The settings `query.js` reads from the page (a JSON data island, escaped by `tojson`)."""
    return {
        "endpoint": url_for("sparql.endpoint"),
        "prefixes": dict(PREFIXES),
        "defaultQuery": default_query(),
        "resourceBase": ID,
        "resourcePath": "/id/",
        "entityPath": "/entity",
        "graphPath": "/graph",
        "maxGraphFocus": 50,
    }


@bp.get("/query")
def query_page() -> str:
    """The query page; `?query=` (a shared link) opens with that query in the editor."""
    shared = request.args.get("query", "")[:MAX_URL_QUERY_CHARS]
    examples = [_example(q) for q in list_named_queries()]
    return render_template("query.html", config=page_config(), examples=examples, shared_query=shared)
