"""Named queries, safe parameter binding, and every output format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from click.testing import Result

from coopgraph.errors import QueryError
from coopgraph.query import bind_parameters, list_named_queries, load_query_file, prefixed_query
from tests.conftest import DATA, REPO

SEARCH = DATA / "queries" / "search-label.rq"


@pytest.fixture
def loaded(cli: Callable[..., Result]) -> Callable[..., Result]:
    files = sorted(str(p) for p in (REPO / "data" / "sample").glob("*.csv"))
    assert cli("load", *files, str(REPO / "ontology" / "examples.ttl")).exit_code == 0
    return cli


def test_every_shipped_query_has_a_header_and_parses() -> None:
    import pyoxigraph as ox

    queries = list_named_queries()
    assert {"kinds", "partners-of"} <= {q.name for q in queries}
    for named in queries:
        assert named.title and named.title != named.name, f"{named.name}.rq lacks a '# title:' line"
        assert named.description, f"{named.name}.rq lacks a '# description:' line"
        dummy = {p.name: {"iri": "urn:x", "year": "2024", "date": "2024-01-01", "integer": "1"}.get(p.type, "x")
                 for p in named.parameters}  # fmt: skip
        ox.Store().query(prefixed_query(bind_parameters(named, dummy)))  # raises SyntaxError if malformed


def test_query_list_shows_titles_descriptions_and_parameters(cli: Callable[..., Result]) -> None:
    out = cli("query", "--list").output
    assert "partners-of: Partners of an actor" in out
    assert "--param actor=<iri>" in out


def test_named_query_with_iri_parameter(loaded: Callable[..., Result]) -> None:
    out = loaded("query", "partners-of", "--param", "actor=cid:authority/villeneuve-exemple", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["label"] for r in rows] == ["Ville-Exemple-du-Sud"]
    assert rows[0]["kind"] == "jumelage" and rows[0]["date"] == "2019-05-04"


def test_parameters_are_bound_as_terms_not_pasted(loaded: Callable[..., Result]) -> None:
    # A value trying to close the string and add a pattern is just a string that matches nothing.
    hostile = 'x")) } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER(("'
    out = loaded("query", str(SEARCH), "--param", f"text={hostile}", "--format", "csv")
    assert out.exit_code == 0 and out.output.strip() == "s,label"
    found = loaded("query", str(SEARCH), "--param", "text=liban", "--format", "csv").output
    assert "groupe-pays Liban" in found and "Fonds de solidarité Liban" in found


def test_parameter_values_are_type_checked(loaded: Callable[..., Result]) -> None:
    bad_iri = loaded("query", "partners-of", "--param", "actor=not an iri")
    assert bad_iri.exit_code == 1 and "not a valid iri" in bad_iri.output
    missing = loaded("query", "partners-of")
    assert missing.exit_code == 1 and "needs --param actor" in missing.output
    unknown = loaded("query", "partners-of", "--param", "actor=urn:x", "--param", "nope=1")
    assert unknown.exit_code == 1 and "unknown parameter" in unknown.output
    named = load_query_file(SEARCH)
    with pytest.raises(QueryError, match="not a valid year"):
        bind_parameters(named, {"text": "x", "limit_year": "20x4"})


def test_csv_output_has_plain_values(loaded: Callable[..., Result]) -> None:
    query = "SELECT ?a ?code WHERE { ?a coop:inseeCode ?code } ORDER BY ?code LIMIT 2"
    rows = list(csv.reader(io.StringIO(loaded("query", "-e", query, "--format", "csv").output)))
    assert rows[0] == ["a", "code"]
    assert rows[1][0].startswith("https://w3id.org/coopgraph/id/authority/") and rows[1][1] == "24"
    tsv = loaded("query", "-e", query, "--format", "tsv").output.splitlines()
    assert tsv[0] == "a\tcode" and "<" not in tsv[1] and '"' not in tsv[1]


def test_json_and_xml_results(loaded: Callable[..., Result]) -> None:
    query = "SELECT ?code WHERE { ?a coop:inseeCode ?code } ORDER BY ?code LIMIT 1"
    data = json.loads(loaded("query", "-e", query, "--format", "json").output)
    assert data["head"]["vars"] == ["code"]
    assert data["results"]["bindings"][0]["code"] == {"type": "literal", "value": "24"}
    xml = loaded("query", "-e", query, "--format", "xml").output
    assert '<variable name="code"/>' in xml and "<literal datatype=" in xml
    ask = loaded("query", "-e", 'ASK { ?a coop:inseeCode "24" }', "--format", "json").output
    assert json.loads(ask)["boolean"] is True


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("turtle", "@prefix"), ("ntriples", "def#inseeCode> "), ("jsonld", "@id"), ("rdfxml", "rdf:RDF")],
)
def test_construct_outputs(loaded: Callable[..., Result], fmt: str, marker: str) -> None:
    query = "CONSTRUCT { ?a coop:inseeCode ?c } WHERE { ?a coop:inseeCode ?c }"
    result = loaded("query", "-e", query, "--format", fmt)
    assert result.exit_code == 0 and marker in result.output and "77445" in result.output


def test_table_output_and_errors(loaded: Callable[..., Result]) -> None:
    table = loaded("query", "kinds").output
    assert "FrenchLocalAuthority" in table and "Ontology" not in table
    syntax = loaded("query", "-e", "SELEC nothing")
    assert syntax.exit_code == 1 and "SPARQL syntax error" in syntax.output
    unknown = loaded("query", "no-such-query")
    assert unknown.exit_code == 1 and "no named query 'no-such-query'" in unknown.output
    wrong = loaded("query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle")
    assert wrong.exit_code == 1 and "SELECT result" in wrong.output
    both = loaded("query", "kinds", "-e", "ASK {}")
    assert both.exit_code == 2
