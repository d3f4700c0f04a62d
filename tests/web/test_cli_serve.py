"""The `serve` command: options, and a clear error without a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.web.cli_serve import serve


def test_serve_help_lists_the_options() -> None:
    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--query-timeout", "--allow-service", "--workers"):
        assert option in result.output


def test_serve_without_a_store_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(serve, [], obj={"store_location": str(tmp_path / "missing")})
    assert result.exit_code == 1
    assert "no store at" in result.output


@pytest.mark.parametrize(
    ("option", "value"),
    [("--workers", "0"), ("--threads", "0"), ("--result-cache-mb", "-1"), ("--memory-copy-max-quads", "-5"),
     ("--query-timeout", "0"), ("--query-timeout", "soon")],
)  # fmt: skip
def test_serve_refuses_impossible_settings(tmp_path: Path, option: str, value: str) -> None:
    result = CliRunner().invoke(serve, [option, value], obj={"store_location": str(tmp_path)})
    assert result.exit_code == 2 and option in result.output


def test_serve_stops_with_the_reason_when_the_query_workers_cannot_open_the_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import waitress

    def never_listen(*args: object, **kwargs: object) -> None:
        raise AssertionError("serve listened although its query workers could not start")

    monkeypatch.setattr(waitress, "serve", never_listen)
    corrupt = tmp_path / "store"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("garbage\n")  # RocksDB's pointer to its manifest
    result = CliRunner().invoke(serve, ["--workers", "1"], obj={"store_location": str(corrupt)})
    assert result.exit_code == 1
    assert f"the query workers could not open {corrupt}" in result.output and "Corruption" in result.output
