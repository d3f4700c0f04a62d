"""The importer on a held-out corpus of synthetic documents (tests/ingest/data/corpus), against its gold.

The corpus was written (with its gold file) before the rules were generalised, in
other words than the seed documents: newsletters (Markdown, PDF-like text with
hyphenated breaks and two columns side by side), a press release, website pages.
"""

from __future__ import annotations

from pathlib import Path

from tests.ingest.extraction_eval import TARGETS, evaluate, overall_precision

CORPUS = Path(__file__).parent / "data" / "corpus"


def _evaluate():  # type: ignore[no-untyped-def]
    return evaluate(CORPUS, CORPUS / "gold.jsonl")


def test_recall_and_precision_targets_on_the_held_out_corpus() -> None:
    tallies, extras = _evaluate()
    for label, target in TARGETS.items():
        assert tallies[label].recall >= target, (label, tallies[label].recall, tallies[label].misses)
    counted = [t for label, t in tallies.items() if label != "events (all)"]
    precision = overall_precision(tallies)
    assert precision >= 0.9, [w for t in counted for w in t.wrong]
    assert extras["document dates"].recall == 1.0, extras["document dates"].misses
    assert extras["collectivités of found roles"].recall >= 0.9, extras["collectivités of found roles"].misses
