"""The importer on a held-out corpus of synthetic documents (tests/ingest/data/corpus), against its gold.

The corpus was written (with its gold file) before the rules were generalised, in
other words than the seed documents: newsletters (Markdown, PDF-like text with
hyphenated breaks and two columns side by side), a press release, website pages.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "corpus"
EVAL = Path(__file__).parents[2] / "benchmarks" / "eval_extraction.py"
TARGETS = {
    "presidencies": 0.9,
    "country groups": 0.9,
    "funds": 0.9,
    "fund donors": 0.9,
    "events with dates": 0.8,
    "roles": 0.8,
    "partnerships": 0.8,
}


def _evaluate():
    spec = importlib.util.spec_from_file_location("eval_extraction", EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.evaluate(CORPUS, CORPUS / "gold.jsonl")


def test_recall_and_precision_targets_on_the_held_out_corpus() -> None:
    tallies, extras = _evaluate()
    for label, target in TARGETS.items():
        assert tallies[label].recall >= target, (label, tallies[label].recall, tallies[label].misses)
    counted = [t for label, t in tallies.items() if label != "events (all)"]
    precision = sum(t.rows_right for t in counted) / sum(t.rows for t in counted)
    assert precision >= 0.9, [w for t in counted for w in t.wrong]
    assert extras["document dates"].recall == 1.0, extras["document dates"].misses
    assert extras["collectivités of found roles"].recall >= 0.9, extras["collectivités of found roles"].misses
