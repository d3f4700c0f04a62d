"""A wheel built from the repository carries and finds the ontology, the named queries and the web assets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_contains_and_finds_its_resources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("coopgraph-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected_files = (
        "coopgraph/ontology/coopgraph.ttl", "coopgraph/ontology/shapes.ttl", "coopgraph/queries/kinds.rq",
        "coopgraph/py.typed", "coopgraph/cli.py", "coopgraph/web/templates/graph.html",
        "coopgraph/web/static/vendor/vis-network/vis-network.min.js", "coopgraph/web/static/yasgui/yasgui.min.js",
        "coopgraph/export_templates/network.html", "coopgraph/web/descriptions/service.rq",
    )  # fmt: skip
    assert any(name.startswith("coopgraph/data/demo/") and name.endswith(".ttl") for name in names)
    for expected in expected_files:
        assert expected in names, f"{expected} is missing from the wheel"
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    # Run from the unpacked wheel (first on sys.path), far from the checkout.
    probe = (
        "import coopgraph.resources as r, coopgraph.query as q;"
        "print(r.ontology_dir()); print(r.queries_dir()); print(len(q.list_named_queries()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(unpacked)},
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    assert out[0] == str(unpacked / "coopgraph" / "ontology")
    assert out[1] == str(unpacked / "coopgraph" / "queries")
    assert int(out[2]) >= 2
