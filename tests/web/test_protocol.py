"""SPARQL 1.1 Protocol details, with Flask's test client over an in-memory store."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

SELECT = "SELECT ?label WHERE { ?g a coop:CountryGroup ; rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?g rdfs:label ?label } WHERE { ?g a coop:CountryGroup ; rdfs:label ?label }"
FORM = "application/x-www-form-urlencoded"


def labels(response) -> list[str]:
    data = json.loads(response.data)
    return [b["label"]["value"] for b in data["results"]["bindings"]]


def test_get_select_defaults_to_json_over_the_union_of_graphs(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert labels(response) == ["groupe-pays Maroc", "groupe-pays Sénégal"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_post_form_and_direct_post(client: FlaskClient) -> None:
    form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    assert labels(form) == labels(direct) == ["groupe-pays Maroc", "groupe-pays Sénégal"]


@pytest.mark.parametrize(
    ("accept", "media_type", "marker"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"bindings"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/csv", "text/csv", b"label\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?label\n"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("*/*", "application/sparql-results+json", b'"bindings"'),
    ],
)
def test_select_content_negotiation(client: FlaskClient, accept: str, media_type: str, marker: bytes) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert marker in response.data
    assert "Sénégal".encode() in response.data


@pytest.mark.parametrize(
    ("accept", "media_type", "marker"),
    [
        ("text/turtle", "text/turtle", b"rdfs:label"),
        ("application/n-triples", "application/n-triples", b"<http://www.w3.org/2000/01/rdf-schema#label>"),
        ("application/ld+json", "application/ld+json", b'"@id"'),
        ("application/rdf+xml", "application/rdf+xml", b"<rdf:RDF"),
        ("*/*", "text/turtle", b"rdfs:label"),
    ],
)
def test_construct_content_negotiation(client: FlaskClient, accept: str, media_type: str, marker: bytes) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert marker in response.data


def test_ask_and_describe(client: FlaskClient) -> None:
    ask = client.get("/sparql", query_string={"query": "ASK { ?s a coop:SolidarityFund }"})
    assert json.loads(ask.data)["boolean"] is True
    describe = client.get(
        "/sparql", query_string={"query": "DESCRIBE cid:fund\\/fonds-maroc"}, headers={"Accept": "text/turtle"}
    )
    assert describe.status_code == 200
    assert b"Fonds de solidarit" in describe.data


def test_unsupported_accept_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert b"available" in response.data
    graph_for_select = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert graph_for_select.status_code == 406


def test_syntax_error_is_400_with_the_parser_message(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert b"syntax error" in response.data
    assert b"1:" in response.data  # position in the user's text, not in our prologue
    assert b"Traceback" not in response.data


def test_wrong_method_is_405(client: FlaskClient) -> None:
    response = client.put("/sparql", data=SELECT)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_update_is_refused_with_403(client: FlaskClient) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for response in (
        client.get("/sparql", query_string={"query": update}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", data=update, content_type="application/sparql-update"),
        client.post(
            "/sparql",
            data="# comment\nPREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }",
            content_type="application/sparql-query",
        ),
    ):
        assert response.status_code == 403
        assert b"read-only" in response.data
    assert client.get("/sparql", query_string={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}).json["boolean"] is False


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o. SERVICE ?endpoint { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * WHERE { ?s ?p 1SERVICE e:x { ?s ?p ?o } }",
        # The lexer reads an IRI then a string here; the parser check catches the real SERVICE.
        "SELECT * WHERE { ?x ?y ?z FILTER(?x<'>' ) SERVICE <http://evil.example/b> { ?s ?p ?o } } #'",
    ],
)
def test_service_is_refused(client: FlaskClient, query: str) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400


def test_service_word_in_strings_iris_and_names_is_fine(client: FlaskClient) -> None:
    query = (
        "PREFIX service: <http://service.example/> SELECT ?service WHERE { "
        "BIND('SERVICE <http://evil.example/> {}' AS ?service) ?s service:p <http://x/SERVICE> } # SERVICE"
    )
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data


def test_service_target_message_names_it(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * { SERVICE <http://evil.example/q> {} }"})
    assert b"http://evil.example/q" in response.data
    assert b"SERVICE" in response.data


def test_default_and_named_graph_uri(client: FlaskClient) -> None:
    march = "https://w3id.org/coopgraph/graph/import/lettre-mar/1"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?g a coop:CountryGroup }"
    union = client.get("/sparql", query_string={"query": query}).json
    only_march = client.get("/sparql", query_string={"query": query, "default-graph-uri": march}).json
    assert union["results"]["bindings"][0]["n"]["value"] == "2"
    assert only_march["results"]["bindings"][0]["n"]["value"] == "0"  # the groups are in January's import
    named = client.post(
        "/sparql",
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": march},
    ).json
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [march]


def test_from_clause_is_honoured(client: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/coopgraph/graph/import/lettre-mar/1> WHERE { ?g a coop:CountryGroup }"
    assert client.get("/sparql", query_string={"query": query}).json["results"]["bindings"][0]["n"]["value"] == "0"


def test_size_limits(client: FlaskClient) -> None:
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 120_000
    assert client.post("/sparql", data=long_query, content_type="application/sparql-query").status_code == 413
    assert client.post("/sparql", data=b"x" * 500_000, content_type="application/sparql-query").status_code == 413


def test_other_errors(client: FlaskClient) -> None:
    assert client.post("/sparql", data="SELECT", content_type="text/plain").status_code == 415
    assert client.post("/sparql", data={"other": "1"}).status_code == 400
    assert client.get("/sparql", query_string=[("query", SELECT), ("query", SELECT)]).status_code == 400
    assert client.get("/nowhere").status_code == 404


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert b"sd:Service" in response.data or b"sparql-service-description#Service" in response.data
    assert b"http://localhost/sparql" in response.data
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"


def test_void_description(client: FlaskClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert b"<http://rdfs.org/ns/void#sparqlEndpoint> <http://localhost/sparql>" in response.data
    assert b'"lettre-mar"' in response.data


ANALYSED_TEXTS = [
    "ASK {}",
    "# a comment with FROM and SERVICE\nSELECT * WHERE { ?s ?p ?o }",
    "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?d WHERE { ?x prov:wasDerivedFrom ?d }",
    "prefix ex: <http://ex/#from> base <http://b/> construct { ?s ?p ?o } where { ?s ?p ?o }",
    "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",
    "SELECT * from named <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s WHERE { ?s ?p 'from here' }",
    "SELECT * WHERE { ?s ?p ?o } # trailing comment FROM",
    "PREFIX : <http://x/> DESCRIBE :a",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }",
    "PREFIX broken <urn:x> SELECT * {}",
    "(SELECT * {})",
    "SELECT * WHERE { ?s ?p 1FROM }",
    "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s <http://x/servicE> ?o }",
]


@pytest.mark.parametrize("text", ANALYSED_TEXTS)
def test_the_fast_analysis_agrees_with_the_lexer(text: str) -> None:
    from coopgraph.web.sparql_text import _lexed_analysis, analyse

    assert analyse(text) == _lexed_analysis(text)


def test_answers_say_what_answered_them(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 200
    assert response.headers["X-Coopgraph-Answered-From"] == "memory"  # the app over an in-memory store


def test_typical_queries_are_analysed_without_the_lexer(monkeypatch: pytest.MonkeyPatch) -> None:
    from coopgraph.query import list_named_queries, prefixed_query
    from coopgraph.web import sparql_text

    def no_lexer(text: str) -> None:
        raise AssertionError("lexed")

    monkeypatch.setattr(sparql_text, "tokens", no_lexer)
    for named in list_named_queries():
        if named.name != "changes-between-sources":  # its variable ?fromImport is lexed, to be sure
            assert sparql_text._analysis(prefixed_query(named.text)).form == "SELECT", named.name
