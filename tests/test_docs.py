"""The README documents every command, option and CSV column (a test fails when one is not)."""

from __future__ import annotations

import click

from coopgraph.cli import main
from coopgraph.ingest.csv import TEMPLATES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented() -> None:
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert command is not None
        assert f"coopgraph {name}" in README, f"command {name!r} is not in the README"
        for param in command.params:
            if isinstance(param, click.Option):
                longest = max(param.opts, key=len)
                assert longest in README, f"option {longest} of {name!r} is not in the README"
    for param in main.params:
        if isinstance(param, click.Option):
            assert max(param.opts, key=len) in README


def test_every_csv_template_and_column_is_documented() -> None:
    for template in TEMPLATES.values():
        row = next((line for line in README.splitlines() if line.startswith(f"| `{template.name}` |")), None)
        assert row is not None, f"CSV template {template.name!r} is not in the README"
        for column in template.columns:
            assert column in row, f"column {column!r} of {template.name!r} is not in the README"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = README.split("```bash\n")
    assert blocks[1].startswith("bash scripts/demo.sh")
    assert blocks[2].startswith("bash scripts/test.sh")
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()
