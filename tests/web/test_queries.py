"""The catalogue's questions at their own URLs, with their answers as files."""

from __future__ import annotations

import csv
import html
import io

import pyoxigraph as ox
import pytest

from haitikg.catalogue import load_catalogue

CATALOGUE = {q.name: q for q in load_catalogue()}
SELECT = "01-arrival-participants"
CONSTRUCT = "28-arrival-as-schema-org"


def test_the_index_links_every_question_and_its_answers(site):
    text = site.get("/queries", accept="text/html").text
    for name, query in CATALOGUE.items():
        assert f'href="/queries/{name}"' in text
        assert query.title in html.unescape(text)
    assert f'href="/queries/{SELECT}.csv"' in text and f'href="/queries/{CONSTRUCT}.ttl"' in text
    assert f'href="/queries/{SELECT}.ttl"' not in text, "a SELECT has no Turtle answer"


def test_a_question_page_fills_in_and_runs_the_question(site):
    r = site.get(f"/queries/{SELECT}", accept="text/html")
    assert r.status_code == 200
    text = html.unescape(r.text)
    assert CATALOGUE[SELECT].title in text and 'data-autorun="true"' in text
    assert CATALOGUE[SELECT].text.strip() in text
    assert f'/queries/{SELECT}.json>; rel="alternate"' in r.headers["Link"]


def test_the_answers_match_the_endpoint(site):
    rows = site.sparql(CATALOGUE[SELECT].text)
    answer = site.get(f"/queries/{SELECT}.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/sparql-results+json")
    assert answer.json()["results"]["bindings"] == rows
    table = list(csv.reader(io.StringIO(site.get(f"/queries/{SELECT}.csv").text)))
    assert len(table) == len(rows) + 1
    graph = site.get(f"/queries/{CONSTRUCT}.ttl")
    assert graph.headers["Content-Type"].startswith("text/turtle")
    assert list(ox.parse(graph.content, format=ox.RdfFormat.TURTLE))


@pytest.mark.parametrize(
    ("path", "status"),
    [(f"/queries/{SELECT}.ttl", 406), ("/queries/no-such-question", 404),
     (f"/queries/{SELECT}.xyz", 404)],
)  # fmt: skip
def test_what_does_not_exist_says_so(site, path, status):
    assert site.get(path).status_code == status
