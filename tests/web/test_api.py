"""`/api/queries`: the named-query library over HTTP."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_list_named_queries(client: FlaskClient) -> None:
    response = client.get("/api/queries")
    assert response.status_code == 200
    queries = {q["name"]: q for q in response.json}
    events = queries["events-of-year"]
    assert events["title"] == "Events of a year"
    assert events["parameters"] == [
        {"name": "year", "type": "year", "description": "the year, e.g. 2026", "optional": False}
    ]
    assert events["url"].endswith("/api/queries/events-of-year")
    assert "SELECT" in events["sparql"]


def test_run_named_query_with_negotiation(client: FlaskClient) -> None:
    response = client.get("/api/queries/events-of-year?year=2026")
    assert response.mimetype == "application/sparql-results+json"
    assert [b["label"]["value"] for b in response.json["results"]["bindings"]] == ["Rencontres de l'AICT 2026"]
    csv = client.get("/api/queries/events-of-year?year=2026", headers={"Accept": "text/csv"})
    assert csv.mimetype == "text/csv" and b"Rencontres" in csv.data
    explicit = client.get("/api/queries/events-of-year?year=2026&format=tsv")
    assert explicit.mimetype == "text/tab-separated-values"


def test_named_query_errors(client: FlaskClient) -> None:
    assert client.get("/api/queries/no-such-query").status_code == 404
    missing = client.get("/api/queries/events-of-year")
    assert missing.status_code == 400 and b"year" in missing.data
    assert client.get("/api/queries/events-of-year?year=20x6").status_code == 400
    assert client.get("/api/queries/events-of-year?year=2026&bogus=1").status_code == 400
    assert client.get("/api/queries/events-of-year?year=2026", headers={"Accept": "text/turtle"}).status_code == 406
