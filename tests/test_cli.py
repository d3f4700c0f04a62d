"""The command group: every command is listed, and the web commands load only when used."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import DATA


def test_help_lists_the_web_commands_with_the_others(cli: Callable[..., Result]) -> None:
    listed = cli("--help").output
    for name in ("demo", "serve", "load", "query", "dump"):
        assert f"  {name} " in listed, f"{name!r} is missing from coopgraph --help"
    assert "Serve the SPARQL endpoint" in cli("serve", "--help").output


def test_loading_and_querying_do_not_import_the_web_app(store_dir: Path) -> None:
    """Flask and the web app cost about a second of start-up that `load` and `query` do not need."""
    probe = (
        "import sys\n"
        "from coopgraph.cli import main\n"
        "try:\n"
        f"    main([{'--store'!r}, {str(store_dir)!r}, *sys.argv[1:]])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print(sorted(name for name in ('flask', 'werkzeug', 'coopgraph.web') if name in sys.modules))\n"
    )
    sample = DATA / "people.ttl"
    for args in (["load", str(sample)], ["query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"]):
        run = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
        assert run.stdout.splitlines()[-1] == "[]", (args, run.stdout, run.stderr)
