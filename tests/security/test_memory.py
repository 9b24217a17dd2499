"""Item 2: one query cannot take the machine's memory.

Before issue 13, a 1.2 KB query doubling a string with CONCAT 27 times grew one worker to
6.2 GiB and was answered 200. Now each worker has a memory limit (``WORKER_MEMORY``): the
query is answered 503 saying so, its worker is replaced, and other clients see nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .conftest import Server, descendants, serving

LIMIT = 256 * 1024 * 1024


def bomb(doublings: int) -> str:
    """A string of 48 × 2^doublings bytes, built by a query of about a kilobyte."""
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(doublings))
    return f'SELECT (STRLEN(?s{doublings}) AS ?n) {{ BIND("{"a" * 48}" AS ?s0) {binds} }}'


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(
        tmp_path_factory, "bounded",
        "--workers", "2",
        env={"HAITIKG_WORKER_MEMORY": str(LIMIT)},
        clean_log=("Traceback", "stack backtrace"),
    )  # fmt: skip


def test_a_memory_bomb_is_503_and_other_clients_are_unaffected(bounded: Server) -> None:
    others: list[int] = []
    stop = threading.Event()

    def neighbour() -> None:
        while not stop.is_set():
            others.append(bounded.query("ASK { ?s ?p ?o }").status_code)

    thread = threading.Thread(target=neighbour)
    thread.start()
    peak = 0
    result: list[requests.Response] = []
    attacker = threading.Thread(target=lambda: result.append(bounded.query(bomb(24))))
    attacker.start()
    while attacker.is_alive():
        peak = max(peak, bounded.rss())
        time.sleep(0.02)
    stop.set()
    thread.join()
    answer = result[0]
    assert answer.status_code == 503, answer.text[:500]
    problem = answer.json()
    assert problem["title"] == "Query memory limit exceeded"
    assert "256 MiB" in problem["detail"] and "WORKER_MEMORY" in problem["detail"]
    assert others and set(others) == {200}, others
    assert peak < 2 * 1024**3, f"the server grew to {peak >> 20} MiB"
    assert bounded.query("ASK { ?s ?p ?o }").json()["boolean"] is True


def test_workers_carry_the_limit_and_the_default_is_sized_for_the_machine(
    bounded: Server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from haitikg.engine import sandbox

    def data_limits(server: Server) -> set[int]:
        limits = set()
        for pid in descendants(server.process.pid):
            for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
                if line.startswith("Max data size") and line.split()[3] != "unlimited":
                    limits.add(int(line.split()[3]))
        return limits

    assert data_limits(bounded) == {LIMIT + sandbox.STACK}
    default = Server("--workers", "2", log=tmp_path_factory.mktemp("default") / "log")
    try:
        assert data_limits(default) == {sandbox.default_heap(2) + sandbox.STACK}
    finally:
        default.stop()
    assert 256 << 20 <= sandbox.default_heap(2) <= 768 << 20
