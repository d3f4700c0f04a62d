"""The embedded store, and the CLI commands over the whole store: stats, validate, dump, restore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result

from coopgraph.store import EmbeddedStore, open_store
from tests.conftest import REPO, store_snapshot


def test_store_location_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COOPGRAPH_STORE", str(tmp_path / "from-env"))
    assert open_store().path == tmp_path / "from-env"  # type: ignore[attr-defined]
    assert open_store(tmp_path / "explicit").path == tmp_path / "explicit"  # type: ignore[attr-defined]
    monkeypatch.delenv("COOPGRAPH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert open_store().path == tmp_path / "xdg" / "coopgraph" / "store"  # type: ignore[attr-defined]
    assert open_store(":memory:").path is None  # type: ignore[attr-defined]


def test_embedded_store_basics(memory_store: EmbeddedStore) -> None:
    graph = ox.NamedNode("urn:g")
    quad = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), graph)
    memory_store.insert([quad])
    assert memory_store.count() == 1 and memory_store.count(graph) == 1
    assert memory_store.graphs() == [graph]
    assert list(memory_store.quads(graph)) == [quad]
    # The default graph is the union of the named graphs.
    assert bool(memory_store.query("ASK { <urn:s> <urn:p> ?o }"))
    memory_store.drop_graph(graph)
    memory_store.drop_graph(graph)  # dropping twice is not an error
    assert memory_store.count() == 0


def test_ontology_lives_in_its_own_graph(cli: Callable[..., Result], store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    cli("load", str(tmp_path / "a.ttl"))
    store = EmbeddedStore(store_dir)
    graphs = {g.value for g in store.graphs()}
    store.close()
    assert "https://w3id.org/coopgraph/graph/ontology" in graphs
    assert "https://w3id.org/coopgraph/graph/meta" in graphs
    assert sum(g.startswith("https://w3id.org/coopgraph/graph/import/a-ttl/") for g in graphs) == 1


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_dump_and_restore_round_trip(cli: Callable[..., Result], tmp_path: Path, suffix: str) -> None:
    files = sorted(str(p) for p in (REPO / "data" / "sample").glob("*.csv"))
    assert cli("load", *files).exit_code == 0
    before = store_snapshot(tmp_path / "store")
    dump = tmp_path / f"dump{suffix}"
    result = cli("dump", str(dump))
    assert result.exit_code == 0 and f"dumped {len(before)} quads" in result.output
    fresh = tmp_path / "fresh"
    from click.testing import CliRunner

    from coopgraph.cli import main

    restored = CliRunner().invoke(main, ["--store", str(fresh), "restore", str(dump)])
    assert restored.exit_code == 0, restored.output
    assert store_snapshot(fresh) == before
    again = CliRunner().invoke(main, ["--store", str(fresh), "restore", str(dump)])
    assert again.exit_code == 1 and "not empty" in again.output
    assert store_snapshot(fresh) == before


def test_restore_of_a_broken_dump_leaves_the_store_empty(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coopgraph.cli import main

    broken = tmp_path / "broken.nq"
    broken.write_text('<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> "unterminated <urn:g> .\n')
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "restore", str(broken)])
    assert result.exit_code == 1 and "broken.nq:2" in result.output
    assert store_snapshot(tmp_path / "s") == set()
    wrong = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "dump", str(tmp_path / "x.ttl")])
    assert wrong.exit_code == 1 and "TriG (.trig) or N-Quads (.nq)" in wrong.output


def test_stats_counts_entities(cli: Callable[..., Result]) -> None:
    cli("load", *sorted(str(p) for p in (REPO / "data" / "sample").glob("*.csv")))
    out = cli("stats").output
    assert "imports: 5" in out
    assert "https://w3id.org/coopgraph/def#CountryGroup" in out


def test_validate_files_and_store(cli: Callable[..., Result], tmp_path: Path) -> None:
    good = cli("validate", str(REPO / "ontology" / "examples.ttl"))
    assert good.exit_code == 0 and "0 violation(s)" in good.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x> a <https://w3id.org/coopgraph/def#SolidarityFund> ; "
                   "<https://w3id.org/coopgraph/def#donorCount> -3 .\n")  # fmt: skip
    report = cli("validate", str(bad))
    assert report.exit_code == 1 and "rdfs:label" in report.output and "coop:donorCount" in report.output
    cli("load", *sorted(str(p) for p in (REPO / "data" / "sample").glob("*.csv")))
    store_report = cli("validate")
    assert store_report.exit_code == 0 and "0 violation(s)" in store_report.output


@pytest.mark.parametrize("args", [["stats"], ["sources"], ["query", "kinds"], ["unload", "x"], ["validate"]])
def test_read_commands_do_not_create_a_store(tmp_path: Path, args: list[str]) -> None:
    from click.testing import CliRunner

    from coopgraph.cli import main

    missing = tmp_path / "nowhere" / "store"
    result = CliRunner().invoke(main, ["--store", str(missing), *args])
    assert result.exit_code == 1 and f"no store at {missing}" in result.output
    assert not missing.exists() and not missing.parent.exists()


def test_queries_report_positions_in_the_users_text_and_refuse_updates(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    cli("load", str(tmp_path / "a.ttl"))
    syntax = cli("query", "-e", "SELECT * WHERE {\n  ?s ?p\n}")
    assert syntax.exit_code == 1 and "error at 3:" in syntax.output  # line 3 of what the user wrote
    update = cli("query", "-e", "PREFIX ex: <urn:x>\nDELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 1 and "this is a SPARQL update" in update.output
    assert cli("query", "-e", "ASK { <urn:a> <urn:b> <urn:c> }").output.strip() == "true"


def test_a_store_held_by_another_writer_gives_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    from coopgraph.errors import StoreError

    holder = subprocess.Popen(
        [sys.executable, "-c", f"from coopgraph.store import open_store; import time; s = open_store({str(tmp_path / 's')!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(tmp_path / "s")
        # Readers are not blocked: the web app's workers open the store read-only.
        EmbeddedStore(tmp_path / "s", read_only=True)
    finally:
        holder.kill()
        holder.wait()
