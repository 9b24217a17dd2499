"""Item 11: a proxy cannot turn throttling off, and a budget cannot be overdrawn by more
than one query's time.

Before issue 13 loopback was exempt, so a reverse proxy on the same host turned throttling
off for everyone, and concurrent queries overdrew a budget by workers × time limit.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
import requests

from .conftest import Server, serving

SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?s ?p ?o }"


def _query(server: Server, text: str, client: str | None = None) -> requests.Response:
    headers = {"Accept": "application/json"}
    if client is not None:
        headers["X-Forwarded-For"] = client
    return requests.post(server.url, data={"query": text}, headers=headers, timeout=60)


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A 0.5 s budget, a 1 s time limit; 127.0.0.1 is a trusted proxy."""
    yield from serving(
        tmp_path_factory, "proxy",
        "--workers", "4", "--timeout", "1",
        "--throttle-budget", "0.5", "--throttle-window", "60",
        env={"HAITIKG_TRUSTED_PROXIES": json.dumps(["127.0.0.1"])},
    )  # fmt: skip


def test_clients_behind_a_trusted_proxy_have_budgets_of_their_own(behind_proxy: Server) -> None:
    assert _query(behind_proxy, SLOW, "203.0.113.5").status_code == 503  # 1 s spent
    refused = _query(behind_proxy, FAST, "203.0.113.5")
    assert refused.status_code == 429, refused.text[:300]
    assert "203.0.113.5" in refused.json()["detail"]
    assert _query(behind_proxy, FAST, "203.0.113.6").status_code == 200  # another client
    direct = _query(behind_proxy, FAST)  # a local tool, no proxy: not throttled
    assert direct.status_code == 200


@pytest.fixture(scope="module")
def untrusted_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """No trusted proxies: a forwarded request is the proxy's, and never exempt."""
    yield from serving(
        tmp_path_factory, "untrusted",
        "--workers", "2", "--timeout", "1",
        "--throttle-budget", "0.5", "--throttle-window", "60",
    )  # fmt: skip


def test_a_proxy_on_loopback_does_not_turn_throttling_off(untrusted_proxy: Server) -> None:
    assert _query(untrusted_proxy, SLOW, "198.51.100.1").status_code == 503
    for spoofed in ("198.51.100.1", "198.51.100.2", "10.0.0.1"):  # XFF is not believed
        assert _query(untrusted_proxy, FAST, spoofed).status_code == 429


@pytest.fixture(scope="module")
def concurrent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A 2 s budget, a 1 s time limit, 4 workers, 8 queries at once allowed."""
    yield from serving(
        tmp_path_factory, "concurrent",
        "--workers", "4", "--timeout", "1", "--throttle-loopback",
        "--throttle-budget", "2", "--throttle-window", "60",
        env={"HAITIKG_CLIENT_QUERIES": "8"},
    )  # fmt: skip


def _at_once(server: Server, count: int) -> list[int]:
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(_query(server, SLOW).status_code))
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_concurrent_queries_cannot_overdraw_a_budget_by_more_than_one_query(
    concurrent: Server,
) -> None:
    statuses = _at_once(concurrent, 6)
    assert statuses.count(503) <= 2, statuses  # 2 s of budget: two 1 s reservations
    assert statuses.count(429) >= 4, statuses
    after = _query(concurrent, FAST)  # the budget is near zero, not six queries below it
    assert after.status_code == 200 or int(after.headers["Retry-After"]) <= 31


def test_a_client_may_run_only_so_many_queries_at_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    srv = Server(
        "--workers", "4", "--timeout", "1", "--throttle-loopback",
        log=tmp_path_factory.mktemp("one-at-a-time") / "log",
        env={"HAITIKG_CLIENT_QUERIES": "1"},
    )  # fmt: skip
    try:
        statuses = _at_once(srv, 3)
        assert sorted(statuses) == [429, 429, 503], statuses
    finally:
        srv.stop()
