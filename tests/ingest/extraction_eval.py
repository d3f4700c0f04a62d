"""The extraction evaluation (benchmarks/eval_extraction.py) for the tests, loaded once, and the issue's targets."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

EVAL = Path(__file__).parents[2] / "benchmarks" / "eval_extraction.py"
# Recall targets of issue 3; precision ≥ 0.9 overall.
TARGETS = {
    "presidencies": 0.9,
    "country groups": 0.9,
    "funds": 0.9,
    "fund donors": 0.9,
    "events with dates": 0.8,
    "roles": 0.8,
    "partnerships": 0.8,
}


@cache
def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_extraction", EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def evaluate(documents: Path, gold: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(tallies per fact type, extra tallies) of the importer on `documents` against `gold`."""
    return _module().evaluate(documents, gold)  # type: ignore[no-any-return]


def overall_precision(tallies: dict[str, Any]) -> float:
    counted = [t for label, t in tallies.items() if label != "events (all)"]
    return sum(t.rows_right for t in counted) / sum(t.rows for t in counted)
