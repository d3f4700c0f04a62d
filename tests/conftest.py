"""Shared fixtures: stores, a CLI runner bound to a store, small input files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coopgraph.cli import main
from coopgraph.store import EmbeddedStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def shared_dir() -> Path:
    """`../shared` (seeds and gold); tests that need it skip when a clone has none."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"{SHARED} is absent: the seed documents come with CI, not with a clone")
    return SHARED


@pytest.fixture
def memory_store() -> EmbeddedStore:
    return EmbeddedStore(None)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def cli(store_dir: Path) -> Callable[..., Result]:
    """Run `coopgraph --store <tmp> ARGS...` in-process; returns click's Result."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, ["--store", str(store_dir), *args], catch_exceptions=False)

    return run


def store_snapshot(store_dir: Path) -> set[str]:
    """Every quad of an on-disk store, as N-Quads lines (for 'store unchanged' checks)."""
    if not store_dir.exists():
        return set()
    store = EmbeddedStore(store_dir)
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()
        del store
