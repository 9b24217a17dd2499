"""Item 1: idle, slow-sending and non-reading clients cannot shut others out.

Before issue 13, waitress's 100-connection limit let 100 idle sockets block every request,
and 16 clients that asked for large answers and never read them held all 16 threads.
"""

from __future__ import annotations

import resource
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from .conftest import Server, serving, urlencoded

#: A 20 MB answer that gzip shrinks little (random UUIDs): far more than the socket buffers
#: between server and client hold, compressed or not.
LARGE = (
    "SELECT ?a ?b ?x { VALUES ?a { " + " ".join(map(str, range(100))) + " } "
    "VALUES ?b { " + " ".join(map(str, range(100))) + " } "
    "BIND(CONCAT(" + ", ".join(["STRUUID()"] * 55) + ") AS ?x) }"
)


@pytest.fixture(scope="module")
def many_files() -> None:
    """This test process holds over a thousand sockets at once."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    assert wanted >= 1200, f"the test needs 1,200 open files; the hard limit is {hard}"
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory, many_files: None) -> Iterator[Server]:
    # started as from a shell with the common default of 1,024 open files
    yield from serving(tmp_path_factory, "crowded", "--workers", "2", file_limit=1024)


def _non_reader(server: Server, gzip: bool = False) -> socket.socket:
    """A client that asks for :data:`LARGE` (compressed, if ``gzip``), reads its status line
    and nothing more."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    body = urlencoded(query=LARGE)
    encoding = b"Accept-Encoding: gzip\r\n" if gzip else b""
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n" + encoding
        + b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )  # fmt: skip
    return sock


def test_a_fresh_client_is_answered_beside_1000_idle_sockets_and_64_non_readers(
    crowded: Server,
) -> None:
    idle = [socket.create_connection(("127.0.0.1", crowded.port)) for _ in range(1000)]
    readers = [_non_reader(crowded, gzip=i % 2 == 1) for i in range(64)]  # half compressed
    try:
        for sock in readers:  # every answer has begun: 64 answers wait for their clients
            assert sock.recv(12).startswith(b"HTTP/1.1 200")
        # Before the fix every one of these timed out. How fast they are is measured by
        # bench/servers.py (p99 under 100 ms), not asserted here.
        for _ in range(200):
            with requests.Session() as fresh:  # a new connection each time
                answer = fresh.get(crowded.url, params={"query": "ASK {}"}, timeout=5)
            assert answer.status_code == 200, answer.text
    finally:
        for sock in idle + readers:
            sock.close()


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Idle connections closed after 2 s, a request must arrive within 2 s."""
    yield from serving(
        tmp_path_factory, "impatient",
        "--workers", "2",
        env={"HAITIKG_IDLE_TIMEOUT": "2", "HAITIKG_REQUEST_TIMEOUT": "2"},
    )  # fmt: skip


def _closed_within(sock: socket.socket, seconds: float, keep_sending: bool = False) -> bool:
    """Whether the server closes ``sock`` within ``seconds`` (a slow sender sends a header
    line every 0.5 s meanwhile)."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + seconds
    line = 0
    while time.monotonic() < deadline:
        try:
            if keep_sending:
                sock.sendall(f"X-Slow-{line}: {line}\r\n".encode())
                line += 1
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False


def test_idle_connections_are_closed_after_the_idle_timeout(impatient: Server) -> None:
    socks = [socket.create_connection(("127.0.0.1", impatient.port)) for _ in range(20)]
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda s=s: results.append(_closed_within(s, 8))) for s in socks
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for sock in socks:
        sock.close()
    assert results == [True] * 20


def test_a_slow_sender_is_cut_off_at_the_request_deadline(impatient: Server) -> None:
    with socket.create_connection(("127.0.0.1", impatient.port)) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        assert _closed_within(sock, 8, keep_sending=True)
    assert requests.get(impatient.url, params={"query": "ASK {}"}, timeout=10).ok
