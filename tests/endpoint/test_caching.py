"""HTTP caching of answers: an ETag per dataset generation and request, 304 on a matching
If-None-Match, Cache-Control from the settings, gzip when accepted, and a result cache that
answers a repeated request without a query worker and is emptied by any update."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from inprocess import Client, running

from .conftest import AUTH, FIXTURE, TOKEN

JSON = {"Accept": "application/sparql-results+json"}
NAMES = "SELECT ?s ?n WHERE { ?s foaf:name ?n } ORDER BY ?s ?n"
MANY = "SELECT ?s ?i WHERE { ?s <http://example.org/index> ?i } ORDER BY ?i"


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """An app of this module's own (its workers are stopped by a test), with updates."""
    config = {
        "DATA": [str(FIXTURE)],
        "STORE": str(tmp_path_factory.mktemp("store") / "caching"),
        "UPDATE_TOKEN": TOKEN,
        "WORKERS": 2,
        "MAX_ROWS": 0,
    }
    with running(config) as client:
        yield client


def get(client: Client, query: str, **headers: str):
    return client.get(client.url, params={"query": query}, headers={**JSON, **headers})


def tag(response) -> str:
    value = response.headers.get("ETag")
    assert value and value.startswith('W/"'), "a weak ETag: the same answer in any row order"
    return value


def test_an_answer_has_an_etag_and_the_configured_cache_control(client: Client):
    first, again = get(client, NAMES), get(client, NAMES)
    assert first.status_code == again.status_code == 200
    assert tag(first) == tag(again)
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert {"Accept", "Accept-Encoding"} <= {v.strip() for v in first.headers["Vary"].split(",")}
    assert first.content == again.content


def test_a_matching_if_none_match_gets_304_without_a_body(client: Client):
    etag = tag(get(client, NAMES))
    answer = get(client, NAMES, **{"If-None-Match": f'W/"other", {etag}'})
    assert answer.status_code == 304 and answer.content == b""
    assert answer.headers["ETag"] == etag and answer.headers["Cache-Control"]
    assert get(client, NAMES, **{"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_etag_names_the_request_not_just_the_query(client: Client):
    json, csv = get(client, NAMES), get(client, NAMES, Accept="text/csv")
    assert tag(json) != tag(csv)
    assert (
        get(client, NAMES, **{"If-None-Match": tag(json), "Accept": "text/csv"}).status_code == 200
    )
    assert tag(get(client, NAMES + " LIMIT 1")) != tag(json)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (RAND() AS ?r) WHERE {}",
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "CONSTRUCT { [] <http://example.org/p> ?s } WHERE { ?s a foaf:Document }",
    ],
)
def test_an_answer_that_may_change_between_runs_gets_no_etag(client: Client, query: str):
    answer = get(client, query, Accept="application/sparql-results+json, text/turtle")
    assert answer.status_code == 200
    assert "ETag" not in answer.headers


def test_a_large_answer_is_gzipped_when_accepted(client: Client):
    plain = get(client, MANY)
    packed = get(client, MANY, **{"Accept-Encoding": "gzip, deflate"})
    assert len(plain.content) >= 1400 and "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed.headers["Content-Length"]) == len(packed.content) < len(plain.content)
    small = get(client, "ASK {}", **{"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers, "a small answer goes as it is"


def test_a_repeated_request_is_answered_without_a_query_worker(own: Client):
    layer = own.app.extensions["haitikg.cache"]
    first = get(own, NAMES)
    hits = layer.results.stats()["hits"]
    engine = own.app.extensions["haitikg"]
    for worker in list(engine.pool.workers):
        worker.process.kill()  # no worker can answer now (they are replaced on demand)
        worker.process.join(5)
    again = get(own, NAMES)
    assert again.status_code == 200 and again.content == first.content
    assert layer.results.stats()["hits"] == hits + 1
    assert get(own, NAMES + " # a new request").status_code == 200, "a new worker starts"


def test_an_update_empties_the_cache_and_changes_the_etag(own: Client):
    before = get(own, NAMES)
    insert = 'INSERT DATA { <http://example.org/new> foaf:name "new" }'
    done = own.post(own.url, data={"update": insert}, headers=AUTH)
    assert done.status_code == 204
    after = get(own, NAMES, **{"If-None-Match": tag(before)})
    assert after.status_code == 200, "the old ETag no longer matches"
    assert tag(after) != tag(before)
    assert b'"new"' in after.content and b'"new"' not in before.content
    assert own.app.extensions["haitikg.cache"].results.stats()["entries"] == 1


def test_cache_control_and_the_cache_size_are_settings():
    config = {"DATA": [str(FIXTURE)], "WORKERS": 1, "CACHE_CONTROL": "public, max-age=60",
              "RESULT_CACHE": 0}  # fmt: skip
    with running(config) as client:
        first, again = get(client, NAMES), get(client, NAMES)
        assert first.headers["Cache-Control"] == "public, max-age=60"
        assert tag(first) == tag(again)
        stats = client.app.extensions["haitikg.cache"].results.stats()
        assert stats["entries"] == 0 and stats["hits"] == 0, "RESULT_CACHE=0 keeps nothing"
        assert get(client, NAMES, **{"If-None-Match": tag(first)}).status_code == 304
