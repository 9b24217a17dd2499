"""``haitikg publish`` into real remote stores and ``haitikg serve --backend`` in front of them."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pyoxigraph as ox
import requests

from .conftest import TIMEOUT, Haitikg, Remote, publish

RES = "https://w3id.org/haitikg/resource/"
PREFIX = (
    "PREFIX schema: <http://schema.org/> PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n"
)
SELECTS = [
    f"SELECT ?p ?o {{ <{RES}kenya> ?p ?o }}",
    PREFIX + "SELECT ?e ?a { ?e sem:hasActor ?a } ORDER BY ?e ?a LIMIT 40",
    PREFIX + "SELECT ?s ?name { ?s a schema:Country ; schema:name ?name }",
]
CONSTRUCT = PREFIX + "CONSTRUCT { ?e sem:hasActor ?a } { ?e sem:hasActor ?a }"
VALUES = " ".join(str(i) for i in range(1, 11))
MANY_ROWS = (  # 12,000 rows, without any data
    f"SELECT ?a ?b ?c ?d ?e {{ VALUES ?a {{{VALUES}}} VALUES ?b {{{VALUES}}} "
    f"VALUES ?c {{{VALUES}}} VALUES ?d {{1 2 3 4 5 6}} VALUES ?e {{1 2}} }}"
)


def ask(server: Haitikg, query: str, accept: str, **kwargs) -> requests.Response:
    return requests.post(
        server.url, data={"query": query}, headers={"Accept": accept}, timeout=60, **kwargs
    )


def solutions(response: requests.Response, fmt: ox.QueryResultsFormat) -> set:
    assert response.status_code == 200, response.text
    answer = ox.parse_query_results(response.content, fmt)
    names = [v.value for v in answer.variables]
    return {tuple(str(row[n]) if row[n] is not None else None for n in names) for row in answer}


def triples(response: requests.Response, fmt: ox.RdfFormat) -> set:
    assert response.status_code == 200, response.text
    return {str(t) for t in ox.parse(response.content, fmt)}


def test_publish_verified_counts(remote: Remote) -> None:
    assert "the counts match" in " ".join(remote.published.split())  # type: ignore[attr-defined]
    graphs = {
        "https://w3id.org/haitikg/graph/ontology",
        "https://w3id.org/haitikg/graph/inferred",
    }
    query = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    answer = requests.post(
        remote.query_url,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    found = {
        r["g"].value for r in ox.parse_query_results(answer.content, ox.QueryResultsFormat.JSON)
    }
    assert graphs <= found


def test_publish_reports_http_errors(remote: Remote, build_dir: Path) -> None:
    done = publish(
        "--to", remote.query_url, "--update-url", remote.query_url + "-nowhere", build_dir=build_dir
    )
    assert done.returncode == 1
    message = " ".join(done.stderr.split())
    assert "answered HTTP 404" in message or "answered HTTP 4" in message, message


def test_select_like_local(fronted: Haitikg, local: Haitikg) -> None:
    for query in SELECTS:
        for accept, fmt in [
            ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
            ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
            ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ]:
            remote = ask(fronted, query, accept)
            assert remote.headers["Content-Type"].startswith(accept)
            assert solutions(remote, fmt) == solutions(ask(local, query, accept), fmt), query
            assert "X-Haitikg-Truncated" not in remote.headers


def test_ask_and_construct_like_local(fronted: Haitikg, local: Haitikg) -> None:
    for query, expected in [
        (f"ASK {{ <{RES}kenya> ?p ?o }}", "true"),
        ("ASK { <x:no> ?p ?o }", "false"),
    ]:
        response = ask(fronted, query, "application/sparql-results+json")
        assert response.json()["boolean"] is (expected == "true")
    for accept, fmt in [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ]:
        remote = ask(fronted, CONSTRUCT, accept)
        assert remote.headers["Content-Type"].startswith(accept)
        assert triples(remote, fmt) == triples(ask(local, CONSTRUCT, accept), fmt)
        assert len(triples(remote, fmt)) > 10


def test_service_refused_before_the_backend(fronted: Haitikg) -> None:
    query = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = ask(fronted, query, "application/json")
    assert response.status_code == 400
    assert response.json()["type"].endswith("service-refused")


def test_updates_refused(fronted: Haitikg) -> None:
    response = requests.post(
        fronted.url, data={"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}, timeout=30
    )
    assert response.status_code == 403


def test_slow_query_times_out(fronted: Haitikg) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = ask(fronted, query, "application/json")
    assert response.status_code == 503, response.text
    assert time.monotonic() - started < TIMEOUT + 3


def test_row_limit_marked(remote: Remote, build_dir: Path) -> None:
    """More rows than the backend's cap (Virtuoso: 10,000) come back marked, never silently.

    Its own server, with a generous time limit: 12,000 rows must not be cut off by the
    short limit the time-out test needs, however loaded the machine is.
    """
    extra = ["--backend-max-rows", "10000"] if remote.name == "virtuoso" else []
    patient = Haitikg(
        "--backend", remote.query_url, *extra, "--timeout", "120", build_dir=build_dir
    )
    try:
        response = ask(patient, MANY_ROWS, "text/csv")
    finally:
        patient.stop()
    assert response.status_code == 200
    rows = response.text.count("\n") - 1
    if remote.name == "virtuoso":
        assert rows == 10_000
        assert response.headers["X-Haitikg-Truncated"] == "true"
        assert "10000" in response.headers["Warning"]
    else:
        assert rows == 12_000
        assert "X-Haitikg-Truncated" not in response.headers


def test_resource_page(fronted: Haitikg, local: Haitikg) -> None:
    html = {"Accept": "text/html"}
    remote = requests.get(f"{fronted.base}/resource/kenya", headers=html, timeout=60)
    here = requests.get(f"{local.base}/resource/kenya", headers=html, timeout=60)
    assert remote.status_code == 200
    assert remote.headers["Content-Type"].startswith("text/html")
    assert "Kenya" in remote.text
    # The same pages are linked (how often a link repeats may differ: the backend's answers
    # come without Oxigraph's graph order, so a fact can fall in another group).
    links = set(re.findall(r'<a [^>]*href="([^"]*)"', remote.text))
    expected = set(re.findall(r'<a [^>]*href="([^"]*)"', here.text))
    assert links == expected, links ^ expected
    turtle = requests.get(
        f"{fronted.base}/resource/kenya", headers={"Accept": "text/turtle"}, timeout=60
    )
    assert turtle.status_code == 200
    assert "Kenya" in turtle.text
