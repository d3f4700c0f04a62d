"""benchmarks/RESULTS.md: one section per benchmark, each rewritten by its own script."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"
_HEADER = "# Benchmark results\n\nOne section per benchmark; each is rewritten by its script (see README.md).\n"


def write_section(name: str, section: str, results_file: Path = RESULTS_FILE) -> None:
    """Replace the "## {name}" section (or append it), leaving the other sections as they are."""
    text = results_file.read_text(encoding="utf-8") if results_file.exists() else ""
    if not text.strip():
        text = _HEADER
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results_file.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
