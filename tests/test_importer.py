"""Imports through the CLI: every format, idempotence, atomicity, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import Result

from coopgraph.errors import InputError, ValidationError
from coopgraph.store import GraphStore
from coopgraph.validate import Finding
from tests.conftest import DATA, REPO, store_snapshot

TURTLE = (DATA / "people.ttl").read_text(encoding="utf-8")
NTRIPLES = (
    '<https://w3id.org/coopgraph/id/person/bob> <http://xmlns.com/foaf/0.1/name> "Bob" .\n'
    "<https://w3id.org/coopgraph/id/person/bob> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .\n"
)
VALID_FILES = {
    "people.ttl": TURTLE,
    "bob.nt": NTRIPLES,
    "bob.nq": NTRIPLES.replace(" .\n", " <urn:graph:x> .\n"),
    "bob.trig": "<urn:graph:x> { " + NTRIPLES + " }\n",
    "bob.jsonld": json.dumps(
        {
            "@context": {"foaf": "http://xmlns.com/foaf/0.1/"},
            "@id": "https://w3id.org/coopgraph/id/person/bob",
            "@type": "foaf:Person",
            "foaf:name": "Bob",
        }
    ),
    "bob.rdf": """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <foaf:Person rdf:about="https://w3id.org/coopgraph/id/person/bob"><foaf:name>Bob</foaf:name></foaf:Person>
</rdf:RDF>
""",
    "persons.csv": "person,alt_labels,wikidata\nBob,Robert,Q42\n",
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize("name", sorted(VALID_FILES))
def test_every_format_loads_and_is_queryable(cli: Callable[..., Result], tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, VALID_FILES[name])
    result = cli("load", str(path))
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output
    names = cli("query", "-e", "SELECT DISTINCT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n", "--format", "csv")
    assert names.exit_code == 0
    expected = "Alice Martin" if name == "people.ttl" else "Bob"
    assert expected in names.output.splitlines()
    sources = cli("sources")
    assert path.name.replace(".", "-") in sources.output


def test_reloading_replaces_the_graph_without_duplicates(
    cli: Callable[..., Result], store_dir: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "people.ttl", TURTLE)
    assert cli("load", str(path)).exit_code == 0
    first = store_snapshot(store_dir)
    assert cli("load", str(path)).exit_code == 0
    second = store_snapshot(store_dir)
    data = lambda quads: {q.rsplit(" ", 2)[0] for q in quads if "/graph/import/" in q}  # noqa: E731
    assert data(first) == data(second) and len(second) == len(first)
    # A changed file replaces the old content: the removed triple is gone.
    write(tmp_path, "people.ttl", TURTLE.replace('coop:inseeCode "01001" ', 'coop:inseeCode "01002" '))
    assert "reloaded" in cli("load", str(path)).output
    codes = cli("query", "-e", "SELECT ?c WHERE { ?a coop:inseeCode ?c }", "--format", "csv").output.split()
    assert codes == ["c", "01002"]


@pytest.mark.parametrize("bulk", [False, True], ids=["in-memory", "bulk"])
def test_the_recorded_triple_count_is_the_size_of_the_graph(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result], tmp_path: Path, bulk: bool
) -> None:
    import coopgraph.importer

    if bulk:
        monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 100)
    # A statement repeated, and one stated in two of the file's graphs: both merge in the import graph.
    lines = NTRIPLES.replace(" .\n", " <urn:graph:x> .\n")
    content = lines + lines + NTRIPLES.replace(" .\n", " <urn:graph:y> .\n")
    result = cli("load", str(write(tmp_path, "bob.nq", content)))
    assert result.exit_code == 0, result.output
    assert "bob.nq: 2 triples" in result.output
    assert cli("sources").output.split("\t")[1] == "2"
    in_imports = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), "/graph/import/")) }'
    graph_size = cli("query", "-e", in_imports, "--format", "csv")
    assert graph_size.output.split() == ["n", "2"]


def test_dry_run_writes_nothing(cli: Callable[..., Result], store_dir: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "people.ttl", TURTLE)
    cli("load", str(write(tmp_path, "bob.nt", NTRIPLES)))
    before = store_snapshot(store_dir)
    result = cli("load", "--dry-run", str(path))
    assert result.exit_code == 0 and "would load" in result.output and "6 triples" in result.output
    assert store_snapshot(store_dir) == before


def test_unload_removes_the_graph_and_the_record(cli: Callable[..., Result], store_dir: Path, tmp_path: Path) -> None:
    cli("load", str(write(tmp_path, "bob.nt", NTRIPLES)))
    before = store_snapshot(store_dir)
    cli("load", str(write(tmp_path, "people.ttl", TURTLE)))
    result = cli("unload", "people-ttl")
    assert result.exit_code == 0 and "unloaded people-ttl" in result.output
    assert store_snapshot(store_dir) == before
    missing = cli("unload", "nope")
    assert missing.exit_code == 1 and "no import called 'nope'" in missing.output


BAD_INPUTS: dict[str, tuple[str | bytes, list[str]]] = {
    # name: (content, fragments the error message must contain)
    "malformed.ttl": ('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', ["malformed.ttl:3:"]),
    "bad-iri.nt": ("<http://a> <http://b> <http://c d> .\n", ["bad-iri.nt:1:", "IRI"]),
    "remote.jsonld": (
        json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://a", "name": "x"}),
        ["remote.jsonld", "remote @context is not fetched"],
    ),
    "bomb.rdf": (
        '<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">'
        '<rdf:Description rdf:about="http://ex.org/s"><ex:p>&b;</ex:p></rdf:Description></rdf:RDF>',
        ["bomb.rdf", "entity"],
    ),
    "roles.csv": ("person,role\nAlice,maire\n", ["roles.csv:1:", "missing required column(s) organisation"]),
    "odd.csv": ("foo,bar\n1,2\n", ["odd.csv:1:", "matches no CSV template"]),
    "blank-cell.csv": ("collectivite,kind\nParis,\n", ["blank-cell.csv:2:", "required column 'kind' is empty"]),
    "bad-kind.csv": ("collectivite,kind\nParis,village\n", ["bad-kind.csv:2:", "'village' is not one of"]),
    "bad-date.csv": (
        "person,role,organisation,as_of\nA,maire,Paris,2024-02-30\n",
        ["bad-date.csv:2:", "not a real date"],
    ),
    "short-row.csv": ("person,alt_labels\nA\n", ["short-row.csv:2:", "expected 2 cells"]),
    "empty.ttl": ("", ["empty.ttl", "empty"]),
    "blank.nt": ("   \n\n", ["blank.nt", "only whitespace"]),
    "binary.ttl": (bytes(range(256)) * 4, ["binary.ttl", "binary"]),
    "latin1.csv": ("collectivite,kind\nChambéry,commune\n".encode("latin-1"), ["latin1.csv:2:", "not UTF-8"]),
    "no-label.ttl": (
        "<urn:x> a <https://w3id.org/coopgraph/def#CountryGroup> .\n",
        ["no-label.ttl", "SHACL violation", "rdfs:label"],
    ),
    "unknown.xyz": ("x", ["unknown.xyz", "--format"]),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_fails_cleanly_and_leaves_the_store_unchanged(
    cli: Callable[..., Result], store_dir: Path, tmp_path: Path, name: str
) -> None:
    cli("load", str(write(tmp_path, "bob.nt", NTRIPLES)))
    before = store_snapshot(store_dir)
    content, fragments = BAD_INPUTS[name]
    result = cli("load", str(write(tmp_path, name, content)))
    assert result.exit_code == 1
    message = result.output
    assert message.startswith("error: ")
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message
    assert store_snapshot(store_dir) == before


def test_a_bad_file_among_good_ones_stops_with_earlier_files_loaded(cli: Callable[..., Result], tmp_path: Path) -> None:
    good = write(tmp_path, "people.ttl", TURTLE)
    bad = write(tmp_path, "broken.ttl", "<a> <b> .")
    result = cli("load", str(good), str(bad))
    assert result.exit_code == 1 and "broken.ttl" in result.output
    assert "people-ttl" in cli("sources").output and "broken" not in cli("sources").output


def test_missing_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("load", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 1 and "nope.ttl: no such file" in result.output


def test_sample_data_loads_and_links_across_files(cli: Callable[..., Result]) -> None:
    files = sorted(str(p) for p in (REPO / "data" / "sample").glob("*.csv"))
    assert cli("load", *files).exit_code == 0
    # roles.csv names "Région Centre Val de Loire", collectivites.csv "Région Centre-Val de Loire": one IRI.
    query = "SELECT ?code WHERE { ?m coop:onBehalfOf ?a . ?a coop:inseeCode ?code } ORDER BY ?code"
    codes = cli("query", "-e", query, "--format", "csv").output.split()[1:]
    assert "24" in codes and "77445" in codes


def _person_lines(count: int) -> str:
    return "".join(
        f'<https://w3id.org/coopgraph/id/person/p{i}> <http://xmlns.com/foaf/0.1/name> "P {i}" .\n'
        f"<https://w3id.org/coopgraph/id/person/p{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://xmlns.com/foaf/0.1/Person> .\n"
        for i in range(count)
    )


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
def test_large_files_take_the_bulk_path_and_stay_atomic(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result], store_dir: Path, tmp_path: Path, suffix: str
) -> None:
    import coopgraph.importer

    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    lines = _person_lines(500)
    if suffix == ".nq":
        lines = lines.replace(" .\n", " <urn:g> .\n")
    big = write(tmp_path, f"big{suffix}", lines)
    assert cli("load", str(big)).exit_code == 0
    count = cli("query", "-e", "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }", "--format", "csv")
    assert count.output.split() == ["n", "500"]
    before = store_snapshot(store_dir)
    # A violation (a person without a name) found after the bulk load: the new graph is dropped.
    violating = write(
        tmp_path,
        f"big{suffix}",
        lines + "<urn:nameless> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> "
        f"{'<urn:g> ' if suffix == '.nq' else ''}.\n",
    )
    result = cli("load", str(violating))
    assert result.exit_code == 1 and "SHACL violation" in result.output and "foaf:name" in result.output
    assert store_snapshot(store_dir) == before
    # A syntax error near the end: the error has its line, and the store is unchanged.
    broken = write(tmp_path, f"big{suffix}", lines + '<urn:a> <urn:b> "unterminated .\n')
    result = cli("load", str(broken))
    assert result.exit_code == 1 and f"big{suffix}:1001:" in result.output
    assert store_snapshot(store_dir) == before


def test_bulk_loads_report_progress(monkeypatch: pytest.MonkeyPatch, memory_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import coopgraph.importer

    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    path = write(tmp_path, "people.nt", _person_lines(2000))
    seen: list[tuple[int, int]] = []
    report = coopgraph.importer.load_file(
        memory_store, path, on_progress=lambda done, total: seen.append((done, total))
    )
    assert report.triples == 4000
    assert len(seen) > 1 and seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


NEWSLETTER = """La Lettre de Cités Unies France — Mars 2026

Le groupe-pays Arménie s'est réuni le mardi 10 mars à Paris.
Camille Exemple, adjointe au maire de Villeneuve-Exemple déléguée aux relations internationales,
présidente du groupe-pays Arménie, a ouvert la séance.
"""


def test_a_newsletter_loads_with_provenance(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = write(tmp_path, "lettre-mars.txt", NEWSLETTER)
    result = cli("load", str(path), "--date", "2026-03-15")
    assert result.exit_code == 0, result.output
    assert "(lettre)" in result.output
    query = """SELECT ?date ?start ?end WHERE {
        ?g a coop:CountryGroup ; prov:wasDerivedFrom ?ev .
        ?ev coop:document/dcterms:date ?date ; coop:lineStart ?start ; coop:lineEnd ?end }"""
    rows = cli("query", "-e", query, "--format", "csv").output.splitlines()
    assert len(rows) >= 2 and rows[1].startswith("2026-03-15,")
    start, end = (int(n) for n in rows[1].split(",")[1:])
    assert 1 <= start <= end <= 5


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        (
            "recette.txt",
            "Faire fondre le beurre, ajouter la farine et le lait, remuer dix minutes. " * 3,
            "not a newsletter",
        ),
        ("vide.md", "", "empty"),
        ("faux.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "faux.pdf"),
    ],
)
def test_texts_that_are_not_newsletters_import_nothing(
    cli: Callable[..., Result], store_dir: Path, tmp_path: Path, name: str, content: str | bytes, fragment: str
) -> None:
    cli("load", str(write(tmp_path, "bob.nt", NTRIPLES)))
    before = store_snapshot(store_dir)
    result = cli("load", str(write(tmp_path, name, content)))
    assert result.exit_code == 1 and fragment in result.output and "Traceback" not in result.output
    assert store_snapshot(store_dir) == before


def test_parallel_bulk_loads_give_the_same_graph_and_keep_blank_nodes_whole(
    monkeypatch: pytest.MonkeyPatch,
    memory_store,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    import coopgraph.importer
    from coopgraph.ingest import parts

    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    monkeypatch.setattr(coopgraph.importer.os, "cpu_count", lambda: 3)  # three loaders, whatever this machine has
    cuts: list[int] = []
    real_line_parts = parts.line_parts
    monkeypatch.setattr(
        coopgraph.importer, "line_parts", lambda path, count: cuts.append(count) or real_line_parts(path, count)
    )
    lines = _person_lines(900)
    path = write(tmp_path, "people.nt", lines)
    report = coopgraph.importer.load_file(memory_store, path)
    expected = {(q.subject, q.predicate, q.object) for q in ox.parse(lines, ox.RdfFormat.N_TRIPLES)}
    loaded = {(q.subject, q.predicate, q.object) for q in memory_store.quads(ox.NamedNode(report.graph))}
    assert cuts == [3] and report.triples == 1800 and loaded == expected
    # A blank node described at both ends of the file stays one node: such a file is loaded whole.
    nameless = '_:b1 <http://xmlns.com/foaf/0.1/name> "Anonyme" .\n'
    typed = "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .\n"
    path = write(tmp_path, "blank.nt", typed + lines + nameless)
    report = coopgraph.importer.load_file(memory_store, path)
    assert cuts == [3, 1]
    blank = memory_store.select(
        f"SELECT ?b WHERE {{ GRAPH <{report.graph}> {{ ?b a <http://xmlns.com/foaf/0.1/Person> ; "
        "<http://xmlns.com/foaf/0.1/name> 'Anonyme' . FILTER(isBlank(?b)) } }"
    )
    assert len(list(blank)) == 1


def test_a_large_file_is_loaded_in_bounded_parts_one_loader_per_core(
    monkeypatch: pytest.MonkeyPatch,
    memory_store,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    import threading

    import coopgraph.importer

    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    monkeypatch.setattr(coopgraph.importer, "MAX_PART_BYTES", 20_000)  # each bulk load holds one part in memory
    monkeypatch.setattr(coopgraph.importer.os, "cpu_count", lambda: 2)
    running, most, loads = [0], [0], []
    lock = threading.Lock()
    real_bulk_load = memory_store.bulk_load

    def counted_bulk_load(reader, *args, **kwargs):  # type: ignore[no-untyped-def]
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            real_bulk_load(reader, *args, **kwargs)
            loads.append(reader)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(memory_store, "bulk_load", counted_bulk_load)
    lines = _person_lines(2000)
    path = write(tmp_path, "people.nt", lines)
    report = coopgraph.importer.load_file(memory_store, path)
    expected = {(q.subject, q.predicate, q.object) for q in ox.parse(lines, ox.RdfFormat.N_TRIPLES)}
    loaded = {(q.subject, q.predicate, q.object) for q in memory_store.quads(ox.NamedNode(report.graph))}
    assert loaded == expected and report.triples == 4000
    size = path.stat().st_size
    # Parts of at most 20,000 bytes, in rounds of two (an even count), never more than two at a time.
    assert len(loads) % 2 == 0 and size / len(loads) <= 20_000 < size / (len(loads) - 2) and most[0] <= 2


@pytest.mark.parametrize("whole", [True, False], ids=["one-part", "in-parts"])
def test_a_large_file_is_loaded_whole_without_a_blank_node_scan_and_its_checksum_recorded(
    monkeypatch: pytest.MonkeyPatch,
    memory_store,
    tmp_path: Path,
    whole: bool,  # type: ignore[no-untyped-def]
) -> None:
    import hashlib

    import coopgraph.importer

    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    monkeypatch.setattr(coopgraph.importer, "SINGLE_LOAD_MIN_BYTES", 1000 if whole else 10**12)
    monkeypatch.setattr(coopgraph.importer.os, "cpu_count", lambda: 2)
    scans: list[Path] = []  # reads of the whole file looking for blank nodes
    real_scan = coopgraph.importer.mentions_blank_nodes
    monkeypatch.setattr(coopgraph.importer, "mentions_blank_nodes", lambda path: scans.append(path) or real_scan(path))
    loads: list[object] = []
    real_bulk_load = memory_store.bulk_load
    monkeypatch.setattr(
        memory_store, "bulk_load", lambda reader, *a, **k: loads.append(reader) or real_bulk_load(reader, *a, **k)
    )
    lines = _person_lines(900)
    path = write(tmp_path, "people.nt", lines)
    report = coopgraph.importer.load_file(memory_store, path)
    loaded = {(q.subject, q.predicate, q.object) for q in memory_store.quads(ox.NamedNode(report.graph))}
    assert loaded == {(q.subject, q.predicate, q.object) for q in ox.parse(lines, ox.RdfFormat.N_TRIPLES)}
    [record] = coopgraph.importer.list_sources(memory_store)
    assert record.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    if whole:  # one load; no scan for blank nodes (one part is one document)
        assert len(loads) == 1 and scans == []
    else:
        assert len(loads) == 2 and scans == [path]
    # The read that hashes the file also tells the checks whether it may hold blank nodes.
    checked: list[bool] = []
    real_check = coopgraph.importer.check_graph
    monkeypatch.setattr(
        coopgraph.importer, "check_graph", lambda *a, **k: checked.append(k["blank_nodes"]) or real_check(*a, **k)
    )
    coopgraph.importer.load_file(memory_store, path)
    coopgraph.importer.load_file(memory_store, write(tmp_path, "blank.nt", lines + '_:b <urn:p> "x" .\n'))
    assert checked == [False, True]


@pytest.mark.parametrize("whole", [False, True], ids=["in-parts", "one-part"])
def test_a_syntax_error_in_a_later_part_has_its_line_in_the_file(
    monkeypatch: pytest.MonkeyPatch,
    memory_store,
    tmp_path: Path,
    whole: bool,  # type: ignore[no-untyped-def]
) -> None:
    import coopgraph.importer

    monkeypatch.setattr(coopgraph.importer, "SINGLE_LOAD_MIN_BYTES", 1000 if whole else 10**12)
    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    monkeypatch.setattr(coopgraph.importer.os, "cpu_count", lambda: 4)
    lines = _person_lines(600).splitlines(keepends=True)
    lines[1000] = "<urn:a> <urn:p> <not an iri> .\n"  # in the third quarter of the file
    path = write(tmp_path, "broken.nt", "".join(lines))
    coopgraph.importer.ensure_ontology(memory_store)  # what any load puts in first
    before = set(memory_store.quads())
    with pytest.raises(InputError) as raised:
        coopgraph.importer.load_file(memory_store, path)
    assert raised.value.line == 1001 and raised.value.column is not None
    assert set(memory_store.quads()) == before


def test_the_progress_bar_says_when_reading_is_over(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from coopgraph.cli import _progress_printer

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    update = _progress_printer()
    assert update is not None
    for done in (10, 50, 100, 100):
        update(done, 100)
    assert capsys.readouterr().err.count("checking the triples against the shapes") == 1


def _evidence_lines(quotes: list[str]) -> str:
    evidence = "https://w3id.org/coopgraph/id/evidence/e"
    return "".join(
        f"<{evidence}{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/coopgraph/def#Evidence> .\n"
        f"<{evidence}{i}> <https://w3id.org/coopgraph/def#document> <https://w3id.org/coopgraph/id/document/d> .\n"
        f'<{evidence}{i}> <https://w3id.org/coopgraph/def#quote> "{quote}" .\n'
        for i, quote in enumerate(quotes)
    )


def _bulk_loads_telling_the_checks(monkeypatch: pytest.MonkeyPatch, fact: str) -> list[frozenset[str]]:
    """Small files take the bulk path, and each `check_graph` call notes what it is told as `fact`."""
    import coopgraph.importer

    monkeypatch.setattr(coopgraph.importer, "BULK_THRESHOLD_BYTES", 1000)
    told: list[frozenset[str]] = []
    real_check = coopgraph.importer.check_graph

    def noting_check(store: GraphStore, graph: ox.NamedNode, **known: Any) -> list[Finding]:
        told.append(known[fact])
        return real_check(store, graph, **known)

    monkeypatch.setattr(coopgraph.importer, "check_graph", noting_check)
    return told


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
def test_a_bulk_load_measures_quotes_from_the_file_bytes_and_still_rejects_a_long_one(
    monkeypatch: pytest.MonkeyPatch,
    memory_store,
    tmp_path: Path,
    suffix: str,  # type: ignore[no-untyped-def]
) -> None:
    import coopgraph.importer

    told = _bulk_loads_telling_the_checks(monkeypatch, "short_values")
    # Quotes of 200 characters and 300 bytes or more: measured by decoding them.
    quotes = [f"{i:03d} " + "« Coopération » " * 12 + "." * 4 for i in range(300)]
    assert {len(q) for q in quotes} == {200}
    report = coopgraph.importer.load_file(memory_store, write(tmp_path, f"short{suffix}", _evidence_lines(quotes)))
    assert report.triples == 900 and told == [frozenset({"https://w3id.org/coopgraph/def#quote"})]
    before = {str(q) for q in memory_store.quads()}
    too_long = write(tmp_path, f"long{suffix}", _evidence_lines(["court"] * 299 + ["é" * 201]))
    with pytest.raises(ValidationError) as rejected:
        coopgraph.importer.load_file(memory_store, too_long)
    (violation,) = rejected.value.violations
    assert violation.startswith("Violation: <https://w3id.org/coopgraph/id/evidence/e299> coop:quote: ")
    assert violation.endswith("(value is longer than 200 characters)")
    assert told[-1] == frozenset() and {str(q) for q in memory_store.quads()} == before


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
def test_a_bulk_load_vouches_for_iri_values_from_the_file_bytes_and_still_rejects_a_literal(
    monkeypatch: pytest.MonkeyPatch,
    memory_store,
    tmp_path: Path,
    suffix: str,  # type: ignore[no-untyped-def]
) -> None:
    import coopgraph.importer

    document = "https://w3id.org/coopgraph/def#document"
    told = _bulk_loads_telling_the_checks(monkeypatch, "iri_values")
    lines = _evidence_lines(["court"] * 50)
    report = coopgraph.importer.load_file(memory_store, write(tmp_path, f"iris{suffix}", lines))
    assert report.triples == 150 and document in told[-1]
    before = {str(q) for q in memory_store.quads()}
    literal = lines.replace(f"<{document}> <https://w3id.org/coopgraph/id/document/d> .\n", f'<{document}> "d" .\n', 1)
    with pytest.raises(ValidationError) as rejected:
        coopgraph.importer.load_file(memory_store, write(tmp_path, f"literal{suffix}", literal))
    (violation,) = rejected.value.violations
    assert violation.startswith("Violation: <https://w3id.org/coopgraph/id/evidence/e0> coop:document: ")
    assert document not in told[-1] and {str(q) for q in memory_store.quads()} == before
