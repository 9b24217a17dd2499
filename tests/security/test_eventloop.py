"""The epoll loop (endpoint/eventloop.py) asks a connection again only when something
says it may have changed: an event, its opening, a task thread that served it. With the
periodic look at every connection switched off, nothing else can keep a connection
going — so these tests fail if one of those signals is lost (a keep-alive client would
wait for ever for its second answer, a burst of connections would wait to be accepted).

A real waitress server, as ``haitikg serve`` sets it up, on a loopback port, serving a
small WSGI app; real sockets.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import waitress

from haitikg.endpoint import connections, eventloop

pytestmark = pytest.mark.skipif(
    not hasattr(__import__("select"), "epoll"), reason="the epoll loop needs Linux"
)


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    size = int(environ.get("QUERY_STRING") or 0)  # ?N: an answer of N bytes
    answer = b"x" * size if size else b"echo:" + body
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(answer)))])
    return [answer]


@pytest.fixture
def port(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setattr(eventloop, "FULL_SCAN", 1e9)  # no look at every connection
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = waitress.create_server(
        app, sockets=[sock], _dispatcher=connections.make_dispatcher(4), threads=4,
        channel_timeout=30, asyncore_use_poll=True, backlog=1024, connection_limit=1000,
    )  # fmt: skip
    connections.install(server, request_timeout=30, max_fields=100, max_field=8192)
    assert isinstance(server.asyncore, eventloop.EpollLoop)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield int(sock.getsockname()[1])
    server.task_dispatcher.shutdown(timeout=5)
    server.close()


def test_a_keep_alive_connection_is_served_request_after_request(port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for n in range(50):  # each answer ends a task; only its touch lets the loop read on
        conn.request("POST", "/", body=f"request {n}".encode())
        answer = conn.getresponse()
        assert (answer.status, answer.read()) == (200, f"echo:request {n}".encode())
    conn.close()


def test_an_answer_larger_than_the_socket_buffers_is_sent_whole(port: int) -> None:
    size = 8 * 1024 * 1024  # the loop sends what the task thread could not
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(3):
        conn.request("GET", f"/?{size}")
        answer = conn.getresponse()
        assert len(answer.read()) == size
    conn.close()


def test_a_burst_of_connections_is_accepted_and_answered(port: int) -> None:
    socks = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(300)]
    try:
        for n, sock in enumerate(socks):
            body = str(n).encode()
            sock.sendall(
                b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )
        for n, sock in enumerate(socks):
            received = b""
            while not received.endswith(b"echo:%d" % n):
                piece = sock.recv(4096)
                assert piece, f"connection {n} closed before its answer"
                received += piece
            assert received.startswith(b"HTTP/1.1 200")
    finally:
        for sock in socks:
            sock.close()
