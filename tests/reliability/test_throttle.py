"""Per-client query-time budget: 429 with an honest ``Retry-After``, refilled over time."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Process, check

SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?s ?p ?o }"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


_asked = itertools.count()


def fresh(query: str) -> str:
    """``query`` as no client asked it before: a repeated one is answered from the result
    cache, which costs no query time and so is never refused."""
    return f"{query} # {next(_asked)}"


def _post(server: Process, query: str):
    from urllib.parse import urlencode

    return server.send("POST", "/sparql", FORM, urlencode({"query": query}).encode())


@pytest.fixture(scope="module")
def throttled(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    """Loopback throttled: 0.5 s of query time, refilled at 0.25 s per second; 1 s limit."""
    srv = Process(
        "--data", str(built / "haitikg.nq"), "--timeout", "1", "--workers", "2",
        "--throttle-loopback", "--throttle-budget", "0.5", "--throttle-window", "2",
        log=tmp_path_factory.mktemp("throttled") / "server.log",
    )  # fmt: skip
    yield srv
    srv.stop()


def test_a_client_over_its_budget_gets_429_with_retry_after(throttled: Process) -> None:
    assert _post(throttled, FAST).status == 200
    first = _post(throttled, fresh(SLOW))  # runs into the 1 s limit: 1 s charged, budget 0.5 s
    assert first.status == 503
    refused = _post(throttled, fresh(FAST))
    check(refused, "query over budget")
    assert refused.status == 429, refused.text
    assert "query time" in refused.text
    assert _post(throttled, FAST).status == 200, "an answer already made costs no query time"
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 3  # 0.5 s overdrawn at 0.25 s/s: about 2 s
    time.sleep(wait + 0.2)
    assert _post(throttled, fresh(FAST)).status == 200  # the budget has refilled as promised


def test_pages_and_dumps_are_not_counted(throttled: Process) -> None:
    _post(throttled, fresh(SLOW))  # overdraw again
    assert _post(throttled, fresh(FAST)).status == 429
    assert throttled.send("GET", "/-/health").status == 200
    assert throttled.send("GET", "/dumps/manifest.json").status == 200


def test_loopback_is_not_throttled_unless_enabled(
    built: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    srv = Process(
        "--data", str(built / "haitikg.nq"), "--timeout", "1", "--workers", "2",
        log=tmp_path_factory.mktemp("unthrottled") / "server.log",
        env={"HAITIKG_THROTTLE_BUDGET": "0.1", "HAITIKG_THROTTLE_WINDOW": "3600"},
    )  # fmt: skip
    try:
        assert _post(srv, SLOW).status == 503
        assert [_post(srv, fresh(FAST)).status for _ in range(3)] == [200, 200, 200]
    finally:
        srv.stop()
