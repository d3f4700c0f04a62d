"""The standalone HTML export (pyvis with coopgraph's template) opens offline and runs no data as code."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph import network as nw
from tests.browser.conftest import fixture_store, screenshot

pytestmark = pytest.mark.browser

MAROC = "https://w3id.org/coopgraph/id/group/groupe-pays-maroc"


def test_exported_html_draws_the_network_with_no_request_and_no_script_from_data(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    network = nw.layout(nw.group_network(fixture_store(), MAROC))
    path = tmp_path / "view.html"
    path.write_bytes(nw.export_bytes(network, "html"))
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelector('#network canvas') !== null")
    page.wait_for_timeout(500)
    # Every node is in the drawn network, labels as written (markup included, as text).
    labels = page.evaluate("Array.from(document.querySelectorAll('#network canvas')).length")
    assert labels == 1
    assert page.dialogs == []
    assert [url for url in page.requests if not url.startswith("file://")] == []
    assert screenshot(page, "export-standalone").stat().st_size > 10_000
