"""Imports: ingest -> validate -> store, atomically and idempotently.

Each import of a source is one named graph, recorded in the meta graph
(`coop:Import`: source id, path, format, checksum, time, triple count, graph).
Loading a source again writes a fresh graph, switches the record to it in one
update, then drops the old graph: a failure at any step leaves the store as it
was (a process killed mid-way leaves at most an unreferenced graph, which the
next load removes).

Small inputs are parsed and validated in a scratch in-memory store before the
real store is touched. Large N-Triples/N-Quads go through pyoxigraph's bulk
loader into a fresh graph, are validated there, and the graph is dropped if
anything fails.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from coopgraph.errors import InputError, UnknownSourceError, ValidationError
from coopgraph.identity import slugify
from coopgraph.ingest.formats import InputFormat, check_readable, format_for
from coopgraph.ingest.parts import (
    FilePart,
    PartReader,
    ReadProgress,
    line_parts,
    mentions_blank_nodes,
)
from coopgraph.ingest.rdf import check_rdf_safety, parse_rdf, syntax_error
from coopgraph.ingest.textscan import FactsReading, FileFacts, file_checksum
from coopgraph.namespaces import COOP, GRAPH, ID, META_GRAPH, ONTOLOGY_GRAPH, OWL, PROV, RDF, XSD, import_graph
from coopgraph.store.base import GraphStore
from coopgraph.validate import Finding, check_graph, iri_kind_paths, length_limits, load_ontology_quads

__all__ = [
    "BULK_THRESHOLD_BYTES",
    "Ingested",
    "LoadReport",
    "SourceRecord",
    "bulk_load_ntriples",
    "drop_orphan_graphs",
    "ensure_ontology",
    "file_checksum",
    "import_quads",
    "ingest_file",
    "list_sources",
    "load_file",
    "source_id_for",
    "unload_source",
]

# Above this size, triple/quad files bypass the scratch store and use the bulk loader.
BULK_THRESHOLD_BYTES = 32 * 1024 * 1024
# Above this many quads, in-memory imports are written with the bulk writer.
BULK_THRESHOLD_QUADS = 100_000
# Parallel bulk loaders of one N-Triples file: one per core, up to this many (each buffers its batch).
MAX_PARALLEL_LOADERS = 4
# A large N-Triples file is loaded in parts of at most this size, a few at a time: each bulk load
# holds its part's triples in memory (peak RSS at 5M triples: 3.2 GB in two parts, 1.2 GB in eight).
MAX_PART_BYTES = 128 * 1024 * 1024
# From this size on, a file is bulk-loaded whole, in one load (ingest.parts says why).
SINGLE_LOAD_MIN_BYTES = 640 * 1024 * 1024
_IMPORT_GRAPH_PREFIX = GRAPH + "import/"
ProgressCallback = Callable[[int, int], None]  # (bytes read, total bytes)


@dataclass(frozen=True)
class LoadReport:
    """What an import did (or, with dry_run, would do)."""

    source_id: str
    path: str
    format: str
    triples: int
    graph: str | None
    replaced: bool
    dry_run: bool
    warnings: tuple[Finding | str, ...] = field(default_factory=tuple)
    merged_graph_names: int = 0


@dataclass(frozen=True)
class SourceRecord:
    source_id: str
    path: str
    format: str
    checksum: str
    loaded_at: str
    triples: int
    graph: str


def source_id_for(path: Path) -> str:
    """The stable identifier of a source: its file name, slugified. Same name, same source."""
    return slugify(path.name)


def ensure_ontology(store: GraphStore) -> None:
    """Put the shipped ontology in its graph, replacing an older version."""
    quads = load_ontology_quads(ONTOLOGY_GRAPH)
    shipped = {
        str(q.object.value) for q in quads if q.predicate == OWL.versionInfo and isinstance(q.object, ox.Literal)
    }
    present = {
        s["v"].value
        for s in store.select(
            f"SELECT ?v WHERE {{ GRAPH {ONTOLOGY_GRAPH} {{ ?o <{OWL.versionInfo.value}> ?v }} }}",
            union_default_graph=False,
        )
    }
    if present == shipped and store.count(ONTOLOGY_GRAPH) == len(quads):
        return
    store.drop_graph(ONTOLOGY_GRAPH)
    store.insert(quads)


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Ingested:
    quads: list[ox.Quad]
    merged_graph_names: int = 0
    warnings: tuple[str, ...] = ()


def ingest_file(path: Path, fmt: InputFormat, *, document_date: dt.date | None = None) -> Ingested:
    """Parse a small input into quads in the default graph, with the ingester's warnings."""
    if fmt.name == "csv":
        from coopgraph.ingest.csv import parse_csv

        return Ingested([ox.Quad(t.subject, t.predicate, t.object) for t in parse_csv(path)])
    if fmt.name == "lettre":
        return _ingest_lettre(path, document_date)
    quads = list(parse_rdf(path, fmt))
    graph_names = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    return Ingested(quads, len(graph_names))


def _ingest_lettre(path: Path, document_date: dt.date | None) -> Ingested:
    from coopgraph.ingest.lettre import LettreError, parse_lettre

    try:
        result = parse_lettre(path, date=document_date)
    except LettreError as error:
        raise InputError(error.message, path=path, line=error.line) from None
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in result.triples]
    return Ingested(quads, 0, tuple(result.warnings))


def _into_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _scratch_check(quads: list[ox.Quad], path: Path) -> list[Finding]:
    """Validate quads in a throw-away in-memory store; raise on violations."""
    from coopgraph.store.embedded import EmbeddedStore

    scratch = EmbeddedStore(None)
    scratch.insert(load_ontology_quads(ONTOLOGY_GRAPH))
    staging = ox.NamedNode(GRAPH + "staging")
    scratch.insert(_into_graph(quads, staging))
    return _raise_on_violations(check_graph(scratch, staging), path)


def _raise_on_violations(findings: list[Finding], path: Path) -> list[Finding]:
    violations = [f for f in findings if f.severity == "Violation"]
    if violations:
        raise ValidationError(
            f"{len(violations)} SHACL violation(s); nothing was imported",
            path=path,
            violations=[str(v) for v in violations],
        )
    return findings


# ---------------------------------------------------------------- records


def _record_iri(source_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}import/{source_id}")


def list_sources(store: GraphStore) -> list[SourceRecord]:
    """Every import recorded in the meta graph, by source id."""
    query = f"""
        SELECT ?id ?path ?format ?checksum ?time ?count ?graph WHERE {{
          GRAPH {META_GRAPH} {{
            ?r a {COOP.Import} ; {COOP.sourceId} ?id ; {COOP.sourcePath} ?path ; {COOP.sourceFormat} ?format ;
               {COOP.checksum} ?checksum ; {PROV.endedAtTime} ?time ; {COOP.tripleCount} ?count ;
               {COOP.importedGraph} ?graph .
          }}
        }} ORDER BY ?id"""
    return [
        SourceRecord(
            s["id"].value,
            s["path"].value,
            s["format"].value,
            s["checksum"].value,
            s["time"].value,
            int(s["count"].value),
            s["graph"].value,
        )
        for s in store.select(query, union_default_graph=False)
    ]


def _find_source(store: GraphStore, source_id: str) -> SourceRecord | None:
    return next((r for r in list_sources(store) if r.source_id == source_id), None)


def _record_quads(record: SourceRecord) -> list[ox.Quad]:
    node = _record_iri(record.source_id)
    return [
        ox.Quad(node, RDF.type, COOP.Import, META_GRAPH),
        ox.Quad(node, COOP.sourceId, ox.Literal(record.source_id), META_GRAPH),
        ox.Quad(node, COOP.sourcePath, ox.Literal(record.path), META_GRAPH),
        ox.Quad(node, COOP.sourceFormat, ox.Literal(record.format), META_GRAPH),
        ox.Quad(node, COOP.checksum, ox.Literal(record.checksum), META_GRAPH),
        ox.Quad(node, PROV.endedAtTime, ox.Literal(record.loaded_at, datatype=XSD.dateTime), META_GRAPH),
        ox.Quad(node, COOP.tripleCount, ox.Literal(str(record.triples), datatype=XSD.integer), META_GRAPH),
        ox.Quad(node, COOP.importedGraph, ox.NamedNode(record.graph), META_GRAPH),
    ]


def _switch_record(store: GraphStore, record: SourceRecord) -> None:
    """Replace the record of a source in one atomic update."""
    node = _record_iri(record.source_id)
    triples = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in _record_quads(record))
    store.update(
        f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {node} ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH {META_GRAPH} {{ {triples} }} }}"
    )


def drop_orphan_graphs(store: GraphStore) -> list[str]:
    """Drop import graphs no record points to (left by an interrupted load)."""
    referenced = {r.graph for r in list_sources(store)}
    orphans = [g for g in store.graphs() if g.value.startswith(_IMPORT_GRAPH_PREFIX) and g.value not in referenced]
    for graph in orphans:
        store.drop_graph(graph)
    return [g.value for g in orphans]


# ---------------------------------------------------------------- load / unload


def _is_bulk(path: Path, fmt: InputFormat) -> bool:
    return fmt.name in ("ntriples", "nquads") and path.stat().st_size > BULK_THRESHOLD_BYTES


def _new_graph(source_id: str, tag: str) -> ox.NamedNode:
    """A graph name no earlier import used: a tag (the checksum's start) plus the time, to the microsecond."""
    return import_graph(source_id, f"{tag[:12]}-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S%f')}")


def _prepare(store: GraphStore, source_id: str, dry_run: bool) -> SourceRecord | None:
    """Ontology in place, leftovers of interrupted loads gone; returns the import being replaced."""
    ensure_ontology(store)
    if not dry_run:
        drop_orphan_graphs(store)
    return _find_source(store, source_id)


def _commit(store: GraphStore, record: SourceRecord, previous: SourceRecord | None) -> None:
    """Point the source's record at its new graph (one update), then drop the old graph."""
    try:
        _switch_record(store, record)
    except BaseException:
        store.drop_graph(ox.NamedNode(record.graph))
        raise
    if previous is not None and previous.graph != record.graph:
        store.drop_graph(ox.NamedNode(previous.graph))


def load_file(
    store: GraphStore,
    path: Path,
    *,
    format: str | None = None,
    source_id: str | None = None,
    dry_run: bool = False,
    document_date: dt.date | None = None,
    on_progress: ProgressCallback | None = None,
) -> LoadReport:
    """Import one file as one named graph, replacing an earlier import of the same source.

    Raises `InputError` (with path, line, column) or `ValidationError`; the
    store is then exactly as it was.
    """
    check_readable(path, binary_ok=path.suffix.lower() == ".pdf")
    fmt = format_for(path, format)
    source_id = source_id or source_id_for(path)
    if not (_is_bulk(path, fmt) and not dry_run):
        ingested = ingest_file(path, fmt, document_date=document_date)
        return import_quads(
            store, ingested.quads, source_id=source_id, origin=path, format_name=fmt.name, checksum=file_checksum(path),
            dry_run=dry_run, merged_graph_names=ingested.merged_graph_names, warnings=ingested.warnings,
        )  # fmt: skip
    previous = _prepare(store, source_id, dry_run)
    graph = _new_graph(source_id, "bulk")
    triples, findings, checksum = _bulk_import(store, path, fmt, graph, on_progress)
    record = SourceRecord(source_id, str(path), fmt.name, checksum, _now(), triples, graph.value)
    _commit(store, record, previous)
    return LoadReport(
        source_id, str(path), fmt.name, triples, graph.value, previous is not None, False, tuple(findings)
    )


def import_quads(
    store: GraphStore,
    quads: list[ox.Quad],
    *,
    source_id: str,
    origin: str | Path,
    format_name: str,
    checksum: str,
    dry_run: bool = False,
    merged_graph_names: int = 0,
    warnings: tuple[str, ...] = (),
) -> LoadReport:
    """Validate triples that fit in memory and import them as the graph of `source_id`.

    `origin` is the file (or data package) they come from, recorded with the import.
    """
    if not quads:
        raise InputError("no triples found; nothing was imported", path=origin)
    previous = _prepare(store, source_id, dry_run)
    findings: tuple[Finding | str, ...] = (*warnings, *_scratch_check(quads, Path(origin)))
    replaced = previous is not None
    triples = _distinct_triples(quads)
    if dry_run:
        return LoadReport(
            source_id, str(origin), format_name, triples, None, replaced, True, findings, merged_graph_names
        )
    graph = _new_graph(source_id, checksum)
    if len(quads) > BULK_THRESHOLD_QUADS:
        # Faster and not atomic, which is safe here: the graph is new and no record points to it yet.
        try:
            store.bulk_insert(_into_graph(quads, graph))
        except BaseException:
            store.drop_graph(graph)
            raise
    else:
        store.insert(_into_graph(quads, graph))
    record = SourceRecord(source_id, str(origin), format_name, checksum, _now(), triples, graph.value)
    _commit(store, record, previous)
    return LoadReport(
        source_id, str(origin), format_name, triples, graph.value, replaced, False, findings, merged_graph_names
    )


def _distinct_triples(quads: list[ox.Quad]) -> int:
    """How many triples the import graph will hold: a repeated statement, or one stated in two
    of the file's graphs (merged into one), is one triple."""
    return len({quad.triple for quad in quads})


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _bulk_import(
    store: GraphStore, path: Path, fmt: InputFormat, graph: ox.NamedNode, on_progress: ProgressCallback | None
) -> tuple[int, list[Finding], str]:
    """Bulk-load a large file into a fresh graph and validate it there; drop it on any failure.

    Returns the graph's triple count, the warnings and the file's checksum.
    """
    assert fmt.rdf is not None
    check_rdf_safety(path, fmt)
    try:
        if fmt.has_quads:
            # The import is one graph: the file's own graph names are merged into it.
            loaded = _load_while_reading(path, lambda: store.bulk_insert(_into_graph(parse_rdf(path, fmt), graph)))
        else:
            loaded = bulk_load_ntriples(store, path, graph, on_progress)
        # Counting scans the graph once more: do it while the checks run.
        with ThreadPoolExecutor(max_workers=1) as counter:
            pending_count = counter.submit(store.count, graph)
            found = check_graph(
                store,
                graph,
                blank_nodes=loaded.blank_nodes,
                short_values=loaded.short_values,
                iri_values=loaded.iri_values,
            )
            triples = pending_count.result()
        if triples == 0:
            raise InputError("no triples found in the file; nothing was imported", path=path)
        findings = _raise_on_violations(found, path)
    except BaseException:
        store.drop_graph(graph)
        raise
    return triples, findings, loaded.checksum


def _file_parts(path: Path) -> tuple[list[FilePart], int]:
    """The parts of an N-Triples file and how many to load at a time (ingest.parts says why).

    A file from SINGLE_LOAD_MIN_BYTES on, or whose blank node labels must stay in one
    document, is one part.
    """
    size = path.stat().st_size
    if size >= SINGLE_LOAD_MIN_BYTES or mentions_blank_nodes(path):
        return line_parts(path, 1), 1
    loaders = min(MAX_PARALLEL_LOADERS, os.cpu_count() or 1)
    # A whole number of rounds of equal parts: with 7 parts on 2 loaders, the 7th would run
    # alone at the end, on one core, for an eighth of the load.
    rounds = math.ceil(size / (MAX_PART_BYTES * loaders))
    return line_parts(path, loaders * rounds), loaders


def bulk_load_ntriples(
    store: GraphStore, path: Path, graph: ox.NamedNode, on_progress: ProgressCallback | None = None
) -> FileFacts:
    """Bulk-load an N-Triples file into `graph`, in parts (ingest.parts), one loader per core.

    The checksum, and what the checks can learn from the bytes (ingest.textscan), come from a
    read of its own, in another process: hashing in the reader the loader pulls from would slow
    the parser, which sets the pace of the whole load (+6% on a million triples). Not atomic:
    on an error the graph holds part of the file (callers load into a fresh graph and drop it).
    """
    parts, loaders = _file_parts(path)
    progress = ReadProgress(path.stat().st_size, on_progress)

    def load(part: FilePart) -> None:
        with PartReader(part, progress) as reader:
            try:
                store.bulk_load(reader, ox.RdfFormat.N_TRIPLES, graph)  # type: ignore[arg-type]
            except SyntaxError as error:
                raise syntax_error(path, error, first_line=part.first_line()) from None

    def load_parts() -> None:
        with ThreadPoolExecutor(max_workers=loaders) as pool:
            outcomes = [pool.submit(load, part) for part in parts]
            try:
                for outcome in outcomes:  # the first part's error first: it is the earliest in the file
                    outcome.result()
            except BaseException:
                for outcome in outcomes:
                    outcome.cancel()  # the parts not started yet
                raise

    return _load_while_reading(path, load_parts)


def _load_while_reading(path: Path, load: Callable[[], None]) -> FileFacts:
    """Run `load` while a process of its own hashes the file and reads what the checks can use."""
    reading = FactsReading(path, length_limits(), iri_kind_paths())
    try:
        load()
    except BaseException:
        reading.cancel()
        raise
    return reading.result()


def unload_source(store: GraphStore, source_id: str) -> SourceRecord:
    """Remove an import (its graph and its record). Accepts the source id or the path it was loaded from."""
    record = _find_source(store, source_id) or next(
        (r for r in list_sources(store) if r.path == source_id or Path(r.path).name == source_id), None
    )
    if record is None:
        known = ", ".join(r.source_id for r in list_sources(store)) or "none"
        raise UnknownSourceError(f"no import called {source_id!r} (imports: {known})")
    store.update(f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {_record_iri(record.source_id)} ?p ?o }} }}")
    store.drop_graph(ox.NamedNode(record.graph))
    return record
