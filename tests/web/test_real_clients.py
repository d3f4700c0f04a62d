"""Real clients (SPARQLWrapper, rdflib's SPARQLStore, urllib) against a waitress server on 127.0.0.1.

The server runs the on-disk store through worker processes with a 2 s limit.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow

PREFIXES = "PREFIX coop: <https://w3id.org/coopgraph/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SELECT = PREFIXES + "SELECT ?label WHERE { ?g a coop:CountryGroup ; rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?g rdfs:label ?label } WHERE { ?g a coop:CountryGroup ; rdfs:label ?label }"
# A cross join of five patterns over the 3,000 bulk triples: 2.4e17 rows, minutes of work.
EXPLOSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a <https://w3id.org/coopgraph/id/bulkValue> ?v1 . "
    "?b <https://w3id.org/coopgraph/id/bulkValue> ?v2 . ?c <https://w3id.org/coopgraph/id/bulkValue> ?v3 . "
    "?d <https://w3id.org/coopgraph/id/bulkValue> ?v4 . ?e <https://w3id.org/coopgraph/id/bulkValue> ?v5 }"
)


def wrapper(live_server: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def http_get(url: str, accept: str = "*/*") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def query_url(live_server: str, query: str) -> str:
    return f"{live_server}/sparql?{urllib.parse.urlencode({'query': query})}"


def test_sparqlwrapper_select_formats(live_server: str) -> None:
    data = wrapper(live_server, SELECT, JSON).queryAndConvert()
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == ["groupe-pays Maroc", "groupe-pays Sénégal"]
    xml = wrapper(live_server, SELECT, XML).queryAndConvert()
    assert "groupe-pays Maroc" in xml.toxml()
    csv_text = wrapper(live_server, SELECT, CSV).queryAndConvert().decode()
    assert csv_text.splitlines()[0] == "label"
    tsv_text = wrapper(live_server, SELECT, TSV).queryAndConvert().decode()
    assert tsv_text.splitlines()[0] == "?label"
    ask = wrapper(live_server, PREFIXES + "ASK { ?f a coop:SolidarityFund }", JSON).queryAndConvert()
    assert ask["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, N3])
def test_sparqlwrapper_construct_formats(live_server: str, fmt: str) -> None:
    result = wrapper(live_server, CONSTRUCT, fmt).query()
    graph = rdflib.Graph()
    body = result.response.read()
    content_type = result.response.headers.get_content_type()
    graph.parse(data=body, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                   "application/ld+json": "json-ld", "application/n-triples": "nt"}[content_type])  # fmt: skip
    assert {str(o) for o in graph.objects()} == {"groupe-pays Maroc", "groupe-pays Sénégal"}


def test_sparqlwrapper_post(live_server: str) -> None:
    sparql = wrapper(live_server, SELECT, JSON)
    sparql.setMethod("POST")
    assert len(sparql.queryAndConvert()["results"]["bindings"]) == 2


def test_rdflib_sparqlstore(live_server: str) -> None:
    graph = rdflib.Graph(SPARQLStore(live_server + "/sparql"))
    labels = sorted(str(row.label) for row in graph.query(SELECT))
    assert labels == ["groupe-pays Maroc", "groupe-pays Sénégal"]
    constructed = graph.query(CONSTRUCT)
    assert len(constructed.graph) == 2
    assert graph.query(PREFIXES + "ASK { ?f a coop:SolidarityFund }").askAnswer is True


def test_status_codes_over_http(live_server: str) -> None:
    assert http_get(query_url(live_server, "SELECT * WHERE { ?s ?p }"))[0] == 400
    assert http_get(query_url(live_server, SELECT), accept="image/png")[0] == 406
    status, media_type, body = http_get(query_url(live_server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"))
    assert (status, media_type) == (403, "text/plain")
    status, _, body = http_get(query_url(live_server, "SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }"))
    assert status == 400 and b"SERVICE" in body
    request = urllib.request.Request(live_server + "/sparql", data=b"x", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 405


def test_sparqlwrapper_update_is_refused(live_server: str) -> None:
    from SPARQLWrapper import POST
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        sparql.query()


def test_allowed_service_is_run(live_server: str) -> None:
    # The server allows SERVICE calls to itself: a worker calls the endpoint, another worker answers.
    query = (
        PREFIXES
        + f"SELECT ?label WHERE {{ SERVICE <{live_server}/sparql> {{ ?g a coop:CountryGroup ; rdfs:label ?label }} }}"
    )
    status, _, body = http_get(query_url(live_server, query), accept="application/sparql-results+json")
    assert status == 200, body
    assert len(json.loads(body)["results"]["bindings"]) == 2
    # Another server's data is not covered by this store's state: asked again, it is asked again.
    request = urllib.request.Request(
        query_url(live_server, query), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as again:
        assert again.headers["Cache-Control"] == "no-store"
        assert again.headers["X-Coopgraph-Answered-From"] != "cache"


def test_named_queries_api_over_http(live_server: str) -> None:
    status, media_type, body = http_get(live_server + "/api/queries")
    assert (status, media_type) == (200, "application/json")
    status, media_type, body = http_get(live_server + "/api/queries/events-of-year?year=2026", accept="text/csv")
    assert (status, media_type) == (200, "text/csv")
    assert b"Rencontres de l'AICT 2026" in body


def test_explosive_query_is_stopped_while_others_are_served(live_server: str) -> None:
    outcome: dict[str, object] = {}

    def explode() -> None:
        started = time.monotonic()
        outcome["explosive"] = http_get(query_url(live_server, EXPLOSIVE))
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)  # the explosive query holds one worker now
    data = wrapper(live_server, SELECT, JSON).queryAndConvert()
    assert len(data["results"]["bindings"]) == 2
    assert thread.is_alive()  # answered meanwhile, not after the explosive query
    thread.join(timeout=60)
    status, media_type, body = outcome["explosive"]  # type: ignore[misc]
    assert status == 503
    assert media_type == "text/plain"
    assert b"limit" in body
    # Stopped at the 2 s limit, not when done (minutes): the bound is loose for busy machines.
    assert 1.9 < outcome["elapsed"] < 30  # type: ignore[operator]
    # The killed worker was replaced: the server still answers with both workers.
    for _ in range(3):
        assert len(wrapper(live_server, SELECT, JSON).queryAndConvert()["results"]["bindings"]) == 2
