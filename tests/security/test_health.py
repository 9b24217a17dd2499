"""Item 12: liveness is not readiness, and a client cannot make either flap.

Before issue 13, ``/-/health`` answered 503 while query workers were being replaced, so a
client that kept killing workers (a crashing or memory-hungry query in a loop) could make
a load balancer drop a live server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import requests

from .conftest import Server, serving
from .test_memory import bomb
from .test_nesting import DEEP


@pytest.fixture(scope="module")
def harried(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(
        tmp_path_factory, "harried",
        "--workers", "2",
        env={"HAITIKG_WORKER_MEMORY": str(256 * 1024 * 1024)},
    )  # fmt: skip


def test_health_and_readiness_hold_while_a_client_kills_workers(harried: Server) -> None:
    stop = threading.Event()
    attacks: list[int] = []

    def attacker(text: str) -> None:
        while not stop.is_set():
            attacks.append(harried.query(text).status_code)

    threads = [threading.Thread(target=attacker, args=(t,)) for t in (bomb(24), DEEP)]
    for thread in threads:
        thread.start()
    health, ready = [], []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        health.append(requests.get(f"{harried.base}/-/health", timeout=10).status_code)
        ready.append(requests.get(f"{harried.base}/-/ready", timeout=10).status_code)
        time.sleep(0.02)
    stop.set()
    for thread in threads:
        thread.join()
    assert 503 in attacks  # workers were lost to the memory bomb, and replaced
    assert set(health) == {200}, health
    assert set(ready) == {200}, ready
    body = requests.get(f"{harried.base}/-/ready", timeout=10).json()
    assert body["status"] == "ok" and body["data"] is True
