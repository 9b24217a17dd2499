"""The site in this process: ``create_app`` and Flask's test client, with the real engine
(store, snapshots, query worker processes) behind it.

:class:`Client` takes the calls of ``requests`` (``get(url, params=…, data=…, headers=…)``)
so a protocol test reads the same whether it talks to this process or to a server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from haitikg.app import create_app
from haitikg.endpoint import runtime

BASE = "http://localhost"


class Response:
    """What a test reads of an answer, with ``requests``' names."""

    def __init__(self, answer: TestResponse) -> None:
        self.status_code = answer.status_code
        self.headers = answer.headers
        self.content = answer.get_data()
        self.ok = answer.status_code < 400
        answer.close()  # a file sent with send_file is closed here, as a server closes it

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


def _pairs(value: Any) -> Any:
    """``requests`` takes lists of pairs for repeated keys; Werkzeug takes a MultiDict."""
    if isinstance(value, list | tuple):
        return MultiDict(value)
    return value


class Client:
    """``requests``-style calls on one app; ``url`` is its ``/sparql``, ``base`` its root."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.base = BASE
        self.url = f"{BASE}/sparql"
        self.test_client = app.test_client()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = True,
    ) -> Response:
        parts = urlsplit(url)
        path = parts.path or "/"
        query = _pairs(params) if params is not None else parts.query
        answer = self.test_client.open(
            path,
            method=method,
            query_string=query,
            data=_pairs(data),
            headers=dict(headers or {}),
            follow_redirects=allow_redirects,
        )
        return Response(answer)

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> Response:
        return self.request("OPTIONS", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> Response:
        return self.request("HEAD", url, **kwargs)


@contextmanager
def running(config: Mapping[str, Any]) -> Iterator[Client]:
    """An app for ``config`` and a client for it; its workers stop when the block ends."""
    app = create_app({"TESTING": True, **config})
    try:
        yield Client(app)
    finally:
        runtime.stop(app)
