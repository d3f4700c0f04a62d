"""The query page in a real browser: editor, gallery, results, links, shareable URL, downloads, escaping.

A waitress server in a thread serves the app over the fixture graph (in memory) on 127.0.0.1;
every request the page makes must stay on that host (no CDN, no prefix.cc, no LOV).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pyoxigraph as ox
import pytest

from coopgraph.store import EmbeddedStore
from coopgraph.web import create_app

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "web" / "data" / "research.trig"
XSS = "<img src=x onerror=alert(1)>"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def query_page_server() -> Iterator[str]:
    """The app over the fixture graph under waitress on a free local port; yields its base URL."""
    from waitress.server import create_server

    store = EmbeddedStore(None)
    store.restore(FIXTURE, ox.RdfFormat.TRIG)
    app = create_app({"STORE": store})
    port = _free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.close()
    app.extensions["coopgraph.executor"].close()


@dataclass
class PageWatch:
    """What a page did: console errors, requested URLs, dialogs that fired."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def query_page(chromium_browser: Any, query_page_server: str) -> Iterator[tuple[Any, PageWatch]]:
    """A fresh page (own context: no storage carried between tests) with listeners attached."""
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch = PageWatch()
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("response", lambda r: watch.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, watch
    context.close()


def _open(page: Any, base: str, query: str | None = None) -> None:
    url = f"{base}/query" + (f"?query={quote(query)}" if query is not None else "")
    page.goto(url)
    page.wait_for_selector("#editor .CodeMirror")


def _editor_text(page: Any) -> str:
    return str(page.evaluate("() => document.querySelector('#editor .CodeMirror').CodeMirror.getValue()"))


def _set_editor(page: Any, text: str) -> None:
    page.evaluate("(text) => document.querySelector('#editor .CodeMirror').CodeMirror.setValue(text)", text)


def _run(page: Any) -> None:
    page.click("#editor .yasqe_queryButton")
    page.wait_for_selector("#result-actions:not([hidden])")


def _assert_local_only(watch: PageWatch) -> None:
    hosts = {urlparse(url).hostname for url in watch.requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1"}, f"the page reached outside the app: {sorted(hosts)}"


def test_page_loads_with_prefixes_and_no_errors(query_page: tuple[Any, PageWatch], query_page_server: str) -> None:
    page, watch = query_page
    _open(page, query_page_server)
    text = _editor_text(page)
    assert "PREFIX coop:" in text and "https://w3id.org/coopgraph/def#" in text
    assert "PREFIX cid:" in text and "PREFIX country:" in text
    # Syntax highlighting: CodeMirror's SPARQL mode marks keywords.
    assert page.locator("#editor .cm-keyword").count() > 0
    assert page.locator("#gallery button.example").count() >= 15
    page.wait_for_timeout(300)
    assert watch.errors == []
    _assert_local_only(watch)


def test_query_results_link_to_entity_pages(
    query_page: tuple[Any, PageWatch], query_page_server: str, chromium_artifacts: Path
) -> None:
    page, watch = query_page
    _open(page, query_page_server)
    _run(page)
    rows = page.locator("#results table tbody tr")
    assert rows.count() >= 3
    link = page.locator("#results a.iri", has_text="cid:authority/villeneuve").first
    assert link.get_attribute("href") == "/id/authority/villeneuve"
    # An IRI outside the project's resources goes through /entity?iri=.
    country = page.locator("#results a.iri", has_text="country:FRA").first
    assert country.get_attribute("href") == "/entity?iri=" + quote(
        "http://publications.europa.eu/resource/authority/country/FRA", safe=""
    )
    # The fixture's label "Bourg<script>" is shown as text.
    assert page.locator("#results td", has_text="Bourg<script>").count() == 1
    page.screenshot(path=str(chromium_artifacts / "query-page.png"), full_page=True)
    assert watch.errors == []
    _assert_local_only(watch)


def test_downloads_and_graph_action(query_page: tuple[Any, PageWatch], query_page_server: str) -> None:
    page, watch = query_page
    _open(page, query_page_server)
    _run(page)
    formats = page.locator("#downloads a.download")
    assert [formats.nth(i).get_attribute("data-format") for i in range(formats.count())] == ["csv", "tsv", "json"]
    csv_href = formats.nth(0).get_attribute("href")
    response = page.request.get(query_page_server + csv_href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert "Villeneuve" in response.text()

    graph = page.locator("#view-graph")
    assert graph.is_visible()
    target = urlparse(graph.get_attribute("href"))
    focus = parse_qs(target.query)["focus"]
    assert target.path == "/graph"
    assert "https://w3id.org/coopgraph/id/authority/villeneuve" in focus
    assert len(focus) == len(set(focus)) <= 50
    _assert_local_only(watch)


def test_gallery_example_loads_and_url_reopens_it(query_page: tuple[Any, PageWatch], query_page_server: str) -> None:
    page, watch = query_page
    _open(page, query_page_server)
    page.click("#gallery button.example[data-name='presidencies']")
    loaded = _editor_text(page)
    assert "title: Presidencies" in loaded
    # The page URL carries the query; opening it again restores the same text.
    shared = parse_qs(urlparse(page.url).query)["query"][0]
    assert shared == loaded
    page.goto(page.url)
    page.wait_for_selector("#editor .CodeMirror")
    assert _editor_text(page) == loaded
    # Editing updates the URL too.
    _set_editor(page, "SELECT ?s WHERE { ?s a foaf:Person }")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('foaf:Person')")
    assert watch.errors == []
    _assert_local_only(watch)


def test_shared_url_runs_and_escapes_markup(query_page: tuple[Any, PageWatch], query_page_server: str) -> None:
    page, watch = query_page
    query = f'SELECT ?value ?lang WHERE {{ BIND("{XSS}" AS ?value) BIND("{XSS}"@fr AS ?lang) }}'
    _open(page, query_page_server, query)
    assert _editor_text(page) == query
    _run(page)
    cells = page.locator("#results td", has_text=XSS)
    assert cells.count() == 2
    assert page.locator("#results img").count() == 0
    page.wait_for_timeout(300)
    assert watch.dialogs == []
    # No IRI in this result: no graph action.
    assert page.locator("#view-graph").is_hidden()
    _assert_local_only(watch)


def test_prefix_completion_offers_project_prefixes(query_page: tuple[Any, PageWatch], query_page_server: str) -> None:
    page, watch = query_page
    _open(page, query_page_server)
    _set_editor(page, "")
    page.click("#editor .CodeMirror")
    page.keyboard.type("PREFIX coo")
    page.wait_for_selector(".CodeMirror-hints")
    hints = page.locator(".CodeMirror-hint").all_inner_texts()
    assert any(h.startswith("coop: <https://w3id.org/coopgraph/def#>") for h in hints), hints
    _assert_local_only(watch)


def test_syntax_error_is_shown_without_actions(query_page: tuple[Any, PageWatch], query_page_server: str) -> None:
    page, watch = query_page
    _open(page, query_page_server, "SELECT ?x WHERE { ?x }")
    page.evaluate("() => document.querySelector('#editor .CodeMirror').CodeMirror.query().catch(() => {})")
    page.wait_for_selector("#results .errorResult")
    assert "syntax" in page.locator("#results .errorResult").inner_text().lower()
    assert page.locator("#result-actions").is_hidden()
    _assert_local_only(watch)


def test_a_shared_query_gets_the_project_prefixes_it_uses(
    query_page: tuple[Any, PageWatch], query_page_server: str
) -> None:
    page, watch = query_page
    query = "SELECT ?g ?label WHERE { ?g a coop:CountryGroup ; rdfs:label ?label }"
    _open(page, query_page_server, query)
    text = _editor_text(page)
    # The editor declares what the endpoint predeclares, so its checker marks nothing as wrong.
    assert text.startswith("PREFIX coop: <https://w3id.org/coopgraph/def#>\nPREFIX rdfs: ") and text.endswith(query)
    assert "PREFIX foaf:" not in text  # only the prefixes the query uses
    assert page.locator("#editor .parseErrorIcon").count() == 0
    _run(page)
    assert page.locator("#results td", has_text="groupe-pays Maroc").count() >= 1
    _assert_local_only(watch)
