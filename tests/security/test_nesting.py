"""Item 3: deep nesting cannot crash a worker, nor the server, nor starve others.

Before issue 13, 5,000 nested parentheses overflowed the parser's stack and killed the
worker (503 "worker lost"); in a loop from 8 threads it made most other clients' queries
fail, and as an update it would have killed the server itself.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest

from .conftest import TOKEN, Server, serving

DEEP = "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
#: The same depth hidden inside what a tokenizer takes for an IRI: Oxigraph reads
#: ``?a < (((…))) > 2``.
HIDDEN = "SELECT * { BIND(1 AS ?a) FILTER(?a <" + "(" * 3000 + "1" + ")" * 3000 + ">2) }"
DEEP_UPDATE = "INSERT { ?s ?p ?o } WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"


@pytest.fixture(scope="module")
def updatable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(
        tmp_path_factory, "nesting",
        "--workers", "2", "--update-token", TOKEN,
        "--store", str(tmp_path_factory.mktemp("store") / "db"),
        clean_log=("Traceback",),
    )  # fmt: skip


def test_deep_nesting_is_400_with_line_and_column(updatable: Server) -> None:
    started = time.monotonic()
    answer = updatable.query(DEEP)
    assert answer.status_code == 400, answer.text[:300]
    problem = answer.json()
    assert problem["title"] == "Query too deeply nested"
    assert re.search(r"line 1, column \d+", problem["detail"])
    assert time.monotonic() - started < 5


def test_nesting_hidden_from_a_tokenizer_is_refused_too(updatable: Server) -> None:
    answer = updatable.query(HIDDEN)
    assert answer.status_code == 400, answer.text[:300]
    assert answer.json()["title"] == "Query too deeply nested"


def test_the_same_text_as_an_update_cannot_crash_the_server(updatable: Server) -> None:
    answer = updatable.update(DEEP_UPDATE)
    assert answer.status_code == 400, answer.text[:300]
    assert answer.json()["title"] == "Query too deeply nested"
    assert updatable.process.poll() is None
    assert updatable.query("ASK {}").json()["boolean"] is True


def test_a_crash_loop_from_8_threads_does_not_starve_other_clients(updatable: Server) -> None:
    stop = threading.Event()
    refused: list[int] = []

    def attacker() -> None:
        while not stop.is_set():
            refused.append(updatable.query(DEEP).status_code)

    threads = [threading.Thread(target=attacker) for _ in range(8)]
    for thread in threads:
        thread.start()
    others = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        others.append(updatable.query("SELECT ?s { ?s ?p ?o } LIMIT 3").status_code)
    stop.set()
    for thread in threads:
        thread.join()
    assert set(refused) == {400}, refused
    assert others and set(others) == {200}, others


def test_past_the_check_the_engine_runs_on_a_deep_stack(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """With the limit raised past 20,000 levels, the engine parses and runs them: the
    workers' 256 MiB stack holds what the check would have refused."""
    lax = Server(
        "--workers", "1",
        log=tmp_path_factory.mktemp("lax") / "log",
        env={"HAITIKG_MAX_NESTING": "100000"},
    )  # fmt: skip
    try:
        deep = "ASK { FILTER(" + "(" * 20000 + "true" + ")" * 20000 + ") }"
        answer = lax.query(deep)
        assert answer.status_code == 200, answer.text[:300]
        assert answer.json()["boolean"] is True
    finally:
        lax.stop()
