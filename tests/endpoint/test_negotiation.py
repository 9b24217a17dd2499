"""Content negotiation: Werkzeug's q-values and wildcards, ``format=``, 406, ``Vary``."""

from __future__ import annotations

import pytest

from inprocess import Response

from .conftest import Client

SELECT = "SELECT ?name WHERE { <http://example.org/kenya> <http://example.org/name> ?name }"
CONSTRUCT = "CONSTRUCT WHERE { <http://example.org/kenya> ?p ?o }"


def get(client: Client, query: str, accept: str | None = None, **params) -> Response:
    headers = {} if accept is None else {"Accept": accept}
    return client.get(client.url, params={"query": query, **params}, headers=headers)


def media(response: Response) -> str:
    return response.headers["Content-Type"].split(";")[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml;q=0.9, text/csv;q=0.1", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
        ("text/html, application/json;q=0.8", "application/sparql-results+json"),
        ("application/xml", "application/sparql-results+xml"),
    ],
)
def test_select_results_follow_accept(client: Client, accept: str, expected: str) -> None:
    response = get(client, SELECT, accept)
    assert response.status_code == 200, response.text
    assert media(response) == expected
    assert response.headers["Vary"] == "Accept, Accept-Encoding"  # answers may be gzipped


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-quads", "application/n-quads"),
        ("application/trig", "application/trig"),
        ("*/*", "text/turtle"),
        ("application/*", "application/n-triples"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.8", "application/rdf+xml"),
        ("text/turtle;q=0, */*", "application/n-triples"),
    ],
)
def test_graph_results_follow_accept(client: Client, accept: str, expected: str) -> None:
    response = get(client, CONSTRUCT, accept)
    assert response.status_code == 200, response.text
    assert media(response) == expected
    assert response.headers["Vary"] == "Accept, Accept-Encoding"  # answers may be gzipped


def test_missing_accept_gets_sparql_json_for_select(client: Client) -> None:
    response = client.get(client.url, params={"query": SELECT}, headers={"Accept": ""})
    assert media(response) == "application/sparql-results+json"


def test_missing_accept_gets_turtle_for_construct(client: Client) -> None:
    response = client.get(client.url, params={"query": CONSTRUCT}, headers={"Accept": ""})
    assert media(response) == "text/turtle"


def test_nothing_acceptable_is_406(client: Client) -> None:
    response = get(client, SELECT, "image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["detail"]


def test_graph_format_for_select_is_406(client: Client) -> None:
    assert get(client, SELECT, "text/turtle").status_code == 406


def test_results_format_for_construct_is_406(client: Client) -> None:
    assert get(client, CONSTRUCT, "text/csv").status_code == 406


def test_everything_at_q0_is_406(client: Client) -> None:
    assert get(client, SELECT, "*/*;q=0").status_code == 406


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("srj", "application/sparql-results+json"),
    ],
)
def test_format_parameter_overrides_accept_for_select(
    client: Client, name: str, expected: str
) -> None:
    response = get(client, SELECT, "application/sparql-results+xml", format=name)
    assert media(response) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ttl", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdfxml", "application/rdf+xml"),
        ("nq", "application/n-quads"),
        ("trig", "application/trig"),
    ],
)
def test_format_parameter_overrides_accept_for_construct(
    client: Client, name: str, expected: str
) -> None:
    response = get(client, CONSTRUCT, "text/turtle", format=name)
    assert media(response) == expected


def test_format_parameter_in_a_posted_form_is_honoured(client: Client) -> None:
    response = client.post(client.url, data={"query": SELECT, "format": "csv"})
    assert media(response) == "text/csv"


def test_unknown_format_parameter_is_400(client: Client) -> None:
    response = get(client, SELECT, format="yaml")
    assert response.status_code == 400
    assert "yaml" in response.json()["detail"]


def test_errors_are_problem_json_by_default(client: Client) -> None:
    response = get(client, "SELECT * WHERE {")
    assert media(response) == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Malformed query"
    assert problem["detail"].startswith("line 1, column ")


def test_errors_are_plain_text_when_asked(client: Client) -> None:
    accept = "application/sparql-results+json, text/plain;q=0.5"
    response = get(client, "SELECT * WHERE {", accept)
    assert response.status_code == 400
    assert media(response) == "text/plain"
    assert response.text.startswith("Malformed query:")


def test_a_406_for_a_text_only_client_is_plain_text(client: Client) -> None:
    response = get(client, SELECT, "text/plain")
    assert response.status_code == 406
    assert media(response) == "text/plain"
