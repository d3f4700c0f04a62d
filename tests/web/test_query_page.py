"""`/query`: the page, its gallery and settings, rendered server-side with everything escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask.testing import FlaskClient

from coopgraph.namespaces import PREFIXES
from coopgraph.query import list_named_queries
from coopgraph.web.query_page import default_query

STATIC = Path(__file__).resolve().parents[2] / "src" / "coopgraph" / "web" / "static"


def _island(html: str, element_id: str) -> object:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.DOTALL)
    assert match, element_id
    return json.loads(match.group(1))


def test_page_lists_every_named_query(client: FlaskClient) -> None:
    response = client.get("/query")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for named in list_named_queries():
        assert f'data-name="{named.name}"' in html
    examples = _island(html, "query-examples")
    assert isinstance(examples, list)
    assert {e["name"] for e in examples} == {q.name for q in list_named_queries()}
    assert all(e["sparql"] and e["title"] for e in examples)


def test_config_points_at_the_local_endpoint_with_project_prefixes(client: FlaskClient) -> None:
    config = _island(client.get("/query").get_data(as_text=True), "query-config")
    assert isinstance(config, dict)
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"] == dict(PREFIXES)
    assert config["resourceBase"] == "https://w3id.org/coopgraph/id/"
    assert config["maxGraphFocus"] == 50


def test_default_query_declares_every_prefix_and_runs(client: FlaskClient) -> None:
    text = default_query()
    for prefix, iri in PREFIXES.items():
        assert re.search(rf"^PREFIX {prefix}:\s+<{re.escape(iri)}>$", text, re.MULTILINE)
    response = client.get(
        "/sparql", query_string={"query": text}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"]


def test_shared_query_is_escaped_in_the_page(client: FlaskClient) -> None:
    hostile = 'SELECT * { ?s ?p "</script><script>alert(1)</script>" }'
    html = client.get("/query", query_string={"query": hostile}).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert _island(html, "shared-query") == hostile


def test_page_loads_only_local_assets(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith(("/", "#", "data:")) for s in sources), sources
    for asset in ("yasgui/yasgui.min.js", "yasgui/yasgui.min.css", "query.js"):
        assert client.get(f"/static/{asset}").status_code == 200


def test_shipped_yasgui_has_no_remote_loads() -> None:
    """The built files are committed; no source map comment, no CDN stylesheet or font."""
    css = (STATIC / "yasgui" / "yasgui.min.css").read_text(encoding="utf-8")
    js = (STATIC / "yasgui" / "yasgui.min.js").read_text(encoding="utf-8")
    assert "@import" not in css and "url(http" not in css
    assert "sourceMappingURL" not in js
    assert "prefixCcApi: null" in (STATIC / "query.js").read_text(encoding="utf-8")
