"""The importer on the five real seed documents, measured against the hand-made gold facts.

Runs only where the shared directory (../shared next to the repository) exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.extraction_eval import TARGETS, evaluate, overall_precision

SHARED = Path(__file__).parents[2].parent / "shared"

pytestmark = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir() or not (SHARED / "gold" / "seeds.jsonl").is_file(),
    reason=f"seed documents and gold facts not found in {SHARED}",
)


def _evaluate():  # type: ignore[no-untyped-def]
    return evaluate(SHARED / "seeds", SHARED / "gold" / "seeds.jsonl")


def test_recall_and_precision_targets_on_the_seeds() -> None:
    tallies, _ = _evaluate()
    for label, target in TARGETS.items():
        assert tallies[label].recall >= target, (label, tallies[label].recall, tallies[label].misses)
    precision = overall_precision(tallies)
    assert precision >= 0.9


def test_every_seed_imports_with_a_document_date() -> None:
    from coopgraph.ingest.lettre import parse_lettre

    dates = {p.name[:3]: parse_lettre(p).document_date.iso() for p in sorted((SHARED / "seeds").glob("*.txt"))}
    assert dates == {"000": "2022-06", "001": "2024-12", "002": "2026-04", "003": "2021-07-09", "004": "2023-09-20"}
