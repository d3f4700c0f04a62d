"""An HTTP response cache in front of the app: repeated query requests on an unchanged store.

Researchers ask the same questions again (a shared link, a reloaded page, a
notebook run twice, a dashboard). A query answer depends only on the request and
on the store's contents, so a repeated request is answered from memory, before
Flask or a query worker is involved, as long as the store has not changed.

- Only query answers are kept: responses to `/sparql` and `/api/queries/...` that
  carry the `X-Coopgraph-Answered-From` header (set by the endpoint on complete,
  successful answers), with status 200 and at most `max_entry_bytes` of body, and
  not marked `Cache-Control: no-store` (answers of queries calling NOW(), RAND()...).
- The key is the whole request as far as it can change the answer: method, host,
  path, query string, content type, body and Accept header (the service description
  names the endpoint by the host it was asked on), plus the store's fingerprint
  (`store_fingerprint`), so any commit by a writer makes every entry unreachable.
- The least recently used entries go first when the cache passes `max_bytes`, which
  counts the keys' texts as well as the answers.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopgraph.store import Fingerprint, store_fingerprint

__all__ = ["ANSWERED_FROM", "ResponseCache"]

ANSWERED_FROM = "X-Coopgraph-Answered-From"
_CACHED_PATHS = ("/sparql", "/api/queries/")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Headers = list[tuple[str, str]]
_Key = tuple[str, str, str, str, str, bytes, str, Fingerprint]


@dataclass(frozen=True)
class _Entry:
    status: str
    headers: Headers
    body: bytes
    size: int  # what it holds in memory, its key's texts included (a long query can outweigh its answer)


class ResponseCache:
    """WSGI middleware: answers a repeated query request on an unchanged store from memory."""

    def __init__(
        self,
        app: WsgiApp,
        store_path: Path,
        *,
        max_bytes: int = 64_000_000,
        max_entry_bytes: int = 1_000_000,
        max_request_bytes: int = 400_000,
    ) -> None:
        self.app = app
        self.store_path = store_path
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.max_request_bytes = max_request_bytes
        self.hits = 0
        self._entries: dict[_Key, _Entry] = {}  # insertion order = least recently used first
        self._bytes = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        with self._lock:
            entry = self._entries.pop(key, None)
            if entry is not None:
                self._entries[key] = entry  # most recently used now
                self.hits += 1
        if entry is not None:
            start_response(entry.status, [*entry.headers, (ANSWERED_FROM, "cache")])
            return [entry.body]
        return self._answer_and_remember(key, environ, start_response)

    def _key(self, environ: dict[str, Any]) -> _Key | None:
        """The request's key, or None when it is not a query request this cache may answer."""
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        if method not in ("GET", "POST") or not path.startswith(_CACHED_PATHS):
            return None
        body = b""
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return None
            if not 0 < length <= self.max_request_bytes:
                return None  # the app answers (and refuses what it must) as usual
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)  # the app reads the same bytes again
        return (
            method,
            f"{environ.get('wsgi.url_scheme', '')}://{environ.get('HTTP_HOST', '')}{environ.get('SCRIPT_NAME', '')}",
            path,
            environ.get("QUERY_STRING", ""),
            environ.get("CONTENT_TYPE", ""),
            body,
            environ.get("HTTP_ACCEPT", ""),
            store_fingerprint(self.store_path),
        )

    def _answer_and_remember(
        self, key: _Key, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        captured: list[tuple[str, Headers]] = []

        def capture(status: str, headers: Headers, exc_info: Any = None) -> Callable[[bytes], Any]:
            captured.append((status, headers))
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = captured[-1]
        named = {name.lower(): value for name, value in headers}
        storable = ANSWERED_FROM.lower() in named and "no-store" not in named.get("cache-control", "")
        if status.startswith("200") and storable and len(body) <= self.max_entry_bytes:
            kept = [(name, value) for name, value in headers if name.lower() != ANSWERED_FROM.lower()]
            size = len(body) + sum(len(part) for part in key[:6])
            self._remember(key, _Entry(status, kept, body, size))
        return [body]

    def _remember(self, key: _Key, entry: _Entry) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = entry
            self._bytes += entry.size
            while self._bytes > self.max_bytes and self._entries:
                oldest = next(iter(self._entries))
                self._bytes -= self._entries.pop(oldest).size
