"""Entity pages: HTML for browsers, RDF for clients; facts, timeline, sources, links; escaping."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from coopgraph.web.entity import entity_path

CID = "https://w3id.org/coopgraph/id/"
XSS = Path(__file__).parents[1] / "browser" / "data" / "xss.trig"


@pytest.fixture
def pages(app: Flask) -> FlaskClient:
    app.extensions["coopgraph.executor"].store.insert(ox.parse(path=str(XSS), format=ox.RdfFormat.TRIG))
    return app.test_client()


def test_entity_path() -> None:
    assert entity_path(CID + "group/groupe-pays-maroc") == "/id/group/groupe-pays-maroc"
    assert entity_path("http://example.org/x?y") == "/entity?iri=http%3A%2F%2Fexample.org%2Fx%3Fy"


def test_group_page_shows_presidents_over_time_with_sources(pages: FlaskClient) -> None:
    html = pages.get("/id/group/groupe-pays-maroc").get_data(as_text=True)
    assert '<h1 id="entity-label">groupe-pays Maroc</h1>' in html
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    assert timeline.index("2026-01") < timeline.index("2026-02") < timeline.index("2026-03")
    assert 'href="/id/person/camille">Camille Exemple</a>' in timeline
    assert "Camille Exemple préside le groupe-pays Maroc." in html and "lignes 12–14" in html
    assert "Lettre de CUF, janvier 2026" in html
    assert (
        'href="/graph?focus=https%3A%2F%2Fw3id.org%2Fcoopgraph%2Fid%2Fgroup%2Fgroupe-pays-maroc&amp;view=group"' in html
    )


def test_facts_are_linked_labels_and_incoming_relations_listed(pages: FlaskClient) -> None:
    html = pages.get("/id/group/groupe-pays-maroc").get_data(as_text=True)
    assert ">Cités Unies France</a>" in html and ">Maroc</a>" in html
    country = pages.get("/entity", query_string={"iri": "http://publications.europa.eu/resource/authority/country/MAR"})
    text = country.get_data(as_text=True)
    assert country.status_code == 200 and "Relations entrantes" in text and "ISO 3166 alpha-3" in text


def test_sparql_link_opens_the_query_page_with_the_facts_query(pages: FlaskClient) -> None:
    html = pages.get("/id/person/camille").get_data(as_text=True)
    href = html.split('id="sparql-link" href="')[1].split('"')[0].replace("&amp;", "&")
    query = parse_qs(urlparse(href).query)["query"][0]
    assert urlparse(href).path == "/query" and "<https://w3id.org/coopgraph/id/person/camille>" in query
    rows = json.loads(pages.get("/sparql", query_string={"query": query},
                                headers={"Accept": "application/sparql-results+json"}).data)  # fmt: skip
    assert len(rows["results"]["bindings"]) > 5


def test_hostile_names_are_text(pages: FlaskClient) -> None:
    for path in (
        "/id/person/xss-script",
        "/id/authority/xss-img",
        "/id/group/groupe-pays-maroc",
        "/id/authority/bourg",
    ):
        html = pages.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html, path
    html = pages.get("/id/person/xss-script").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html


@pytest.mark.parametrize(
    ("accept", "media_type", "parse_format"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_content_negotiation(pages: FlaskClient, accept: str, media_type: str, parse_format: ox.RdfFormat) -> None:
    response = pages.get("/id/group/groupe-pays-maroc", headers={"Accept": accept})
    assert response.status_code == 200 and response.content_type.startswith(media_type)
    assert response.headers["Vary"] == "Accept"
    triples = list(ox.parse(response.data, format=parse_format))
    subjects = {t.subject.value for t in triples}
    assert CID + "group/groupe-pays-maroc" in subjects and CID + "membership/camille-maroc-jan" in subjects


def test_browsers_get_html_and_format_parameter_wins(pages: FlaskClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert pages.get("/id/person/camille", headers={"Accept": browser}).content_type.startswith("text/html")
    assert pages.get("/id/person/camille?format=ntriples").content_type.startswith("application/n-triples")
    assert pages.get("/id/person/camille?format=pdf").status_code == 400


def test_unknown_entity_is_a_404_page(pages: FlaskClient) -> None:
    response = pages.get("/id/person/nobody")
    assert response.status_code == 404 and "Le graphe ne dit rien" in response.get_data(as_text=True)
