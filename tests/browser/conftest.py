"""Browser tests: the app under waitress in a thread over an in-memory fixture store, driven by
Debian's chromium through playwright (never `playwright install`: it downloads a browser)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.store import EmbeddedStore
from coopgraph.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
]  # fmt: skip
HERE = Path(__file__).parent
FIXTURES = [HERE.parent / "web" / "data" / "research.trig", HERE / "data" / "xss.trig"]
ARTIFACTS = HERE.parents[1] / "test-artifacts"


def fixture_store() -> EmbeddedStore:
    """The research fixture plus hostile names, in memory."""
    store = EmbeddedStore(None)
    for path in FIXTURES:
        store.restore(path, ox.RdfFormat.TRIG)
    return store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(app: object) -> tuple[str, object]:
    """Start waitress on a free 127.0.0.1 port in a daemon thread; returns (base URL, server)."""
    from waitress.server import create_server

    port = _free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    app = create_app({"STORE": fixture_store(), "TESTING": True})
    url, server = serve(app)
    yield url
    server.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    """A fresh page that records dialogs (XSS would open one) and every request's URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.dialogs = []
    page.requests = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def screenshot(page: object, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page in test-artifacts/.

    Pages with the network viewer take `full_page=False`: a full-page capture resizes the
    viewport for a moment, vis-network follows the resize and then moves the view back, so
    a node's position read right after would be stale.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path


@pytest.fixture(scope="session")
def chromium_browser(browser: object) -> object:
    """The same browser under the name the query-page tests use."""
    return browser


@pytest.fixture(scope="session")
def chromium_artifacts() -> Path:
    """Where screenshots go (test-artifacts/, git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
