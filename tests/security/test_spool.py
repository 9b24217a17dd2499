"""Item 5: answers waiting for their clients cannot fill the disk.

Before issue 13 a 12 KB query wrote a 2.6 GB spool file in 7.6 s and kept it while its
client did not read; 16 such clients fill the disk. Now an answer stops at
``MAX_ANSWER_BYTES`` (at a row, said in the headers as the row limit is), all spools
together are held to ``SPOOL_LIMIT``, and a spool goes when its client goes.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Server, descendants, serving, urlencoded

MIB = 1024 * 1024


def rows(count_a: int, count_b: int, width: int) -> str:
    """``count_a × count_b`` rows of ``width`` characters each."""
    return (
        f"SELECT ?a ?b ?x {{ VALUES ?a {{ {' '.join(map(str, range(count_a)))} }} "
        f"VALUES ?b {{ {' '.join(map(str, range(count_b)))} }} "
        f'BIND("{"x" * width}" AS ?x) }}'
    )


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(
        tmp_path_factory, "capped",
        "--workers", "2",
        env={"HAITIKG_MAX_ANSWER_BYTES": str(MIB)},
    )  # fmt: skip


@pytest.fixture(scope="module")
def spooling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(
        tmp_path_factory, "spooling",
        "--workers", "2",
        env={"HAITIKG_SPOOL_LIMIT": str(64 * MIB)},
    )  # fmt: skip


@pytest.mark.parametrize("accept", ["text/csv", "application/sparql-results+json"])
def test_an_answer_stops_at_the_byte_limit_at_a_row_and_says_so(
    capped: Server, accept: str
) -> None:
    answer = capped.query(rows(100, 100, 2000), accept=accept)  # 20 MB uncut
    assert answer.status_code == 200, answer.text[:300]
    assert len(answer.content) <= MIB
    assert answer.headers["X-Haitikg-Truncated"] == "true"
    assert answer.headers["X-Haitikg-Max-Bytes"] == str(MIB)
    assert f"{MIB} bytes" in answer.headers["Warning"]
    if accept == "text/csv":
        lines = answer.text.splitlines()
        assert lines[0] == "a,b,x" and all(line.endswith("x" * 2000) for line in lines[1:])
    else:
        bindings = json.loads(answer.text)["results"]["bindings"]  # a whole document
        assert 0 < len(bindings) < 10_000


def _spool_files(server: Server) -> int:
    """Deleted files the server still holds open: its spools on disk."""
    count = 0
    for pid in [server.process.pid, *descendants(server.process.pid)]:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.endswith("(deleted)") and not Path(target.split(" ")[0]).name.startswith(
                ("LOG", "MANIFEST", "OPTIONS", "CURRENT")
            ):
                count += 1
    return count


def _non_reader(server: Server, text: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    body = urlencoded(query=text)
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    return sock


def test_clients_that_do_not_read_cannot_hold_more_than_the_spool_limit(
    spooling: Server,
) -> None:
    big = rows(100, 60, 2000)  # 12 MB: more than the socket buffers take from a spool
    before = _spool_files(spooling)
    first = [_non_reader(spooling, big) for _ in range(5)]
    try:
        assert [sock.recv(12) for sock in first] == [b"HTTP/1.1 200"] * 5  # 60 of 64 MiB
        late = spooling.query(big, accept="text/csv")
        assert late.status_code == 503, late.text[:300]
        assert late.json()["title"] == "Answer storage full"
        assert _spool_files(spooling) >= before + 5
    finally:
        for sock in first:  # the clients go away: their spools with them
            sock.close()
    deadline = time.monotonic() + 10
    while _spool_files(spooling) > before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _spool_files(spooling) <= before
    assert spooling.query(big, accept="text/csv").status_code == 200
