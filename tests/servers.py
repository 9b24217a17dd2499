"""Real ``haitikg serve`` processes, for the tests that need a process (worker kills,
``kill -9``, time-outs, real HTTP clients, a browser) and for the benchmarks.

Everything else talks to the app in-process (the ``client`` fixtures, Flask's test client).
One class, :class:`ServerProcess`: it starts ``python -m haitikg serve`` from this checkout
on a free loopback port, writes its output to a file (no pipe a flood of log lines could
fill), and waits until ``/sparql`` answers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

#: The checkout's ``src``: servers run this code, whatever haitikg is installed.
SRC = Path(__file__).resolve().parents[1] / "src"
READY = "ASK {}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(url: str, process: subprocess.Popen[Any], what: str, seconds: float) -> None:
    """Until the SPARQL endpoint at ``url`` answers ``ASK {}``; fail if ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            if requests.get(url, params={"query": READY}, timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url} within {seconds:g} s")


class ServerProcess:
    """One ``haitikg serve`` process; ``url`` is its ``/sparql``, ``base`` its root."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        log: Path | None = None,
        command: tuple[str, ...] = ("-m", "haitikg", "serve"),
        preexec: Callable[[], None] | None = None,
    ) -> None:
        """``preexec`` runs in the child before the server starts (say, to set a limit)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/sparql"
        self.args = [*command, "--port", str(self.port), *args]
        self.env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
        self.log = log or Path(tempfile.mkstemp(prefix="haitikg-server-", suffix=".log")[1])
        self.preexec = preexec
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, seconds: float = 120) -> ServerProcess:
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, *self.args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=self.preexec,
            )
        try:
            wait_until_answers(self.url, self.process, "haitikg serve", seconds)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}:\n{self.stop()}") from None
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> str:
        """Stop the process (SIGTERM, or SIGKILL to simulate a crash); return its output."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        return self.output()

    def kill(self) -> None:
        """``kill -9``: the process gets no chance to clean up."""
        self.stop(signal.SIGKILL)

    def __enter__(self) -> ServerProcess:
        return self.start() if self.process is None else self

    def __exit__(self, *_: object) -> None:
        self.stop()


class Listener:
    """A TCP server on 127.0.0.1 that records every connection and its first bytes, and
    answers each with ``reply`` (a stand-in for an internal service an attacker aims at)."""

    def __init__(
        self,
        reply: bytes = b"HTTP/1.1 500 Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ) -> None:
        self.reply = reply
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = int(self.sock.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.requests: list[bytes] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                with self.lock:
                    self.requests.append(data)
                conn.sendall(self.reply)

    def seen(self) -> list[bytes]:
        with self.lock:
            return list(self.requests)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
