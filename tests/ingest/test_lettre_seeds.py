"""The importer on the five real seed documents, measured against the hand-made gold facts.

Runs only where the shared directory (../shared next to the repository) exists.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2].parent / "shared"
EVAL = Path(__file__).parents[2] / "benchmarks" / "eval_extraction.py"

pytestmark = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir() or not (SHARED / "gold" / "seeds.jsonl").is_file(),
    reason=f"seed documents and gold facts not found in {SHARED}",
)


def _evaluate():
    spec = importlib.util.spec_from_file_location("eval_extraction", EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module.evaluate(SHARED / "seeds", SHARED / "gold" / "seeds.jsonl")


def test_recall_and_precision_targets_on_the_seeds() -> None:
    tallies, _ = _evaluate()
    targets = {
        "presidencies": 0.9,
        "country groups": 0.9,
        "funds": 0.9,
        "fund donors": 0.9,
        "events with dates": 0.8,
        "roles": 0.8,
        "partnerships": 0.8,
    }
    for label, target in targets.items():
        assert tallies[label].recall >= target, (label, tallies[label].recall, tallies[label].misses)
    counted = [t for label, t in tallies.items() if label != "events (all)"]
    precision = sum(t.rows_right for t in counted) / sum(t.rows for t in counted)
    assert precision >= 0.9


def test_every_seed_imports_with_a_document_date() -> None:
    from coopgraph.ingest.lettre import parse_lettre

    dates = {p.name[:3]: parse_lettre(p).document_date.iso() for p in sorted((SHARED / "seeds").glob("*.txt"))}
    assert dates == {"000": "2022-06", "001": "2024-12", "002": "2026-04", "003": "2021-07-09", "004": "2023-09-20"}
