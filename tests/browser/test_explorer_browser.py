"""The explorer in headless chromium: search → entity page → network → panel → expansion,
with hostile names that must never run, and no request leaving 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

CID = "https://w3id.org/coopgraph/id/"
MAROC = CID + "group/groupe-pays-maroc"


def _wait_for_graph(page: object) -> list[str]:
    page.wait_for_function("window.coopgraphViewer && window.coopgraphViewer.ready", timeout=15_000)
    return page.evaluate("window.coopgraphViewer.nodes.getIds()")


def _node_point(page: object, iri: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    dom = page.evaluate(
        "(id) => { const n = window.coopgraphViewer.network; return n.canvasToDOM(n.getPosition(id)); }", iri
    )
    box = page.locator("#graph").bounding_box()
    return box["x"] + dom["x"], box["y"] + dom["y"]


def _only_local(page: object, base_url: str) -> None:
    outside = [url for url in page.requests if not url.startswith(base_url) and not url.startswith("data:")]
    assert outside == [], f"requests left the app: {outside}"


def test_search_entity_explore_panel_expand(page: object, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("#search-input", "camille exemple")
    hit = page.locator("#search-results a").first
    hit.wait_for()
    assert hit.inner_text() == "Camille Exemple"
    screenshot(page, "home-search")
    hit.click()

    page.wait_for_url("**/id/person/camille")
    assert page.locator("h1#entity-label").inner_text() == "Camille Exemple"
    timeline = page.locator("#timeline").inner_text()
    assert "groupe-pays Maroc" in timeline and "2026-01" in timeline and "groupe-pays Sénégal" in timeline
    assert "Camille Exemple préside le groupe-pays Maroc." in page.locator("#sources").inner_text()
    screenshot(page, "entity-person")
    page.click("#explore-link")

    nodes = _wait_for_graph(page)
    assert {CID + "person/camille", MAROC, CID + "group/groupe-pays-senegal", CID + "authority/villeneuve"} <= set(
        nodes
    )
    screenshot(page, "graph-ego", full_page=False)

    page.mouse.click(*_node_point(page, MAROC))
    page.wait_for_function(
        "document.querySelector('#side-panel .panel-title')?.textContent === 'groupe-pays Maroc'", timeout=10_000
    )
    panel = page.locator("#side-panel").inner_text()
    assert "Dominique Autre" in panel and "Camille Exemple" in panel and "Fiche complète" in panel

    before = len(nodes)
    page.mouse.dblclick(*_node_point(page, MAROC))
    page.wait_for_function(f"window.coopgraphViewer.nodes.length > {before}", timeout=10_000)
    after = page.evaluate("window.coopgraphViewer.nodes.getIds()")
    assert CID + "person/dominique" in after and CID + "person/xss-script" in after
    assert page.evaluate("window.coopgraphViewer.expanded") == [MAROC]
    screenshot(page, "graph-expanded", full_page=False)
    assert page.dialogs == []
    _only_local(page, base_url)


def test_hostile_names_never_run(page: object, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("#search-input", "<img src=x")
    page.locator("#search-results a").first.wait_for()
    assert page.locator("#search-results a").first.inner_text() == "<img src=x onerror=alert(1)>"

    page.goto(base_url + "/id/person/xss-script")
    assert page.locator("h1#entity-label").inner_text() == "<script>alert(1)</script>"
    sources = page.locator("#sources").inner_text()
    assert "<script>alert(3)</script> préside" in sources and "Lettre <img src=x onerror=alert(2)>" in sources
    screenshot(page, "entity-xss")

    page.goto(base_url + "/id/authority/xss-img")
    assert page.locator("h1#entity-label").inner_text() == "<img src=x onerror=alert(1)>"

    page.goto(base_url + "/graph?view=group&focus=" + MAROC)
    nodes = _wait_for_graph(page)
    assert CID + "person/xss-script" in nodes
    labels = page.evaluate("window.coopgraphViewer.nodes.get().map(n => n.data.label)")
    assert "<script>alert(1)</script>" in labels
    # Hover (tooltip) and click (panel) on the hostile node.
    x, y = _node_point(page, CID + "person/xss-script")
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "<script>alert(1)</script>" in page.locator("div.vis-tooltip").inner_text()
    page.mouse.click(x, y)
    page.wait_for_function(
        "document.querySelector('#side-panel .panel-title')?.textContent === '<script>alert(1)</script>'",
        timeout=10_000,
    )
    assert page.locator("#side-panel img, #side-panel script, #side-panel b").count() == 0
    screenshot(page, "graph-group-xss", full_page=False)
    page.wait_for_timeout(300)  # let any injected handler fire, if one had been injected
    assert page.dialogs == []
    _only_local(page, base_url)


def test_map_view_and_png_export(page: object, base_url: str) -> None:
    page.goto(base_url + "/graph?view=map")
    nodes = _wait_for_graph(page)
    assert "http://publications.europa.eu/resource/authority/country/FRA" in nodes
    assert page.locator("#legend").inner_text().count("pays") >= 1
    with page.expect_download() as download:
        page.click("#export-png")
    assert download.value.suggested_filename == "coopgraph-network.png"
    screenshot(page, "graph-map", full_page=False)
    _only_local(page, base_url)
