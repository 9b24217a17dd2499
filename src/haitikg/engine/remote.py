"""Talking to a remote SPARQL endpoint: one ``requests`` session per thread, its errors as
the endpoint's problems, and how to read what it answers (``backend.py`` uses it to stand
in for the local store and workers)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import requests

from .. import formats
from . import safety
from .problems import EndpointError, QuerySyntaxError, QueryTimeout

SOLUTIONS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
EXCERPT = 300


class BackendFailed(EndpointError):
    """The remote endpoint failed or could not be reached."""

    status, title = 502, "Backend failed"


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first such keyword at depth 0."""
    for token in safety.tokens(text):
        if token.kind == "word" and token.depth == 0:
            word = token.text.upper()
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                return word
    raise QuerySyntaxError("the query has no SELECT, ASK, CONSTRUCT or DESCRIBE form")


class _Expired(Exception):
    pass


class Reader(io.RawIOBase):
    """The backend's response body as a file, raising once the deadline has passed."""

    def __init__(self, response: requests.Response, deadline: float) -> None:
        self.raw = response.raw
        self.deadline = deadline
        self.expired = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if time.monotonic() > self.deadline:
            self.expired = True
            raise OSError("the query time limit passed while reading the backend's answer")
        try:
            data = self.raw.read(len(buffer), decode_content=True)
        except (requests.exceptions.ReadTimeout, TimeoutError) as exc:
            self.expired = True
            raise OSError("the backend did not answer within the query time limit") from exc
        except Exception as exc:
            if "timed out" in str(exc).lower():
                self.expired = True
            raise OSError(str(exc)) from exc
        n = len(data)
        buffer[:n] = data
        return n


def _excerpt(response: requests.Response) -> str:
    try:
        text = response.text
    except Exception:
        text = ""
    text = " ".join(text.split())
    return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


class Backend:
    """One remote SPARQL endpoint, reached with one ``requests`` session per thread."""

    def __init__(self, url: str, cap: int = 0) -> None:
        self.url = url
        self.cap = int(cap or 0)
        self.local = threading.local()

    @property
    def session(self) -> requests.Session:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
        return session

    def send(
        self,
        text: str,
        accept: str,
        timeout: float,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> requests.Response:
        data: list[tuple[str, str]] = [("query", text)]
        data += [("default-graph-uri", g) for g in default_graphs or []]
        data += [("named-graph-uri", g) for g in named_graphs or []]
        try:
            response = self.session.post(
                self.url,
                data=data,
                headers={"Accept": accept},
                timeout=(min(10.0, timeout), timeout),
                stream=True,
            )
        except requests.exceptions.Timeout:
            raise QueryTimeout(
                f"the backend did not answer within the {timeout:g} s limit; "
                "narrow the query (LIMIT, more specific patterns)"
            ) from None
        except requests.RequestException as exc:
            raise BackendFailed(f"cannot reach the backend {self.url}: {exc}") from None
        if response.status_code >= 400:
            body = _excerpt(response)
            response.close()
            if response.status_code in (400, 422):
                raise QuerySyntaxError(f"the backend refused the query: {body}")
            raise BackendFailed(
                f"the backend {self.url} answered HTTP {response.status_code}: {body}"
            )
        return response

    def capped(self, response: requests.Response, count: int) -> str | None:
        """Why the backend's own answer may be cut, or None."""
        header = response.headers.get("X-SPARQL-MaxRows")
        if header:
            return f"the backend cut its answer at its limit of {header} rows"
        if response.headers.get("X-SQL-State", "").upper() == "S1TAT":  # Virtuoso "anytime"
            return "the backend stopped at its own time limit and sent partial results"
        if self.cap and count >= self.cap:
            return (
                f"the backend returned exactly its cap of {self.cap} rows, so its answer is "
                "probably cut"
            )
        return None


def rdf_format(response: requests.Response) -> ox.RdfFormat:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type in ("text/plain", "application/n-triples", "text/ntriples"):
        return ox.RdfFormat.N_TRIPLES
    try:
        fmt = formats.by_media_type(media_type)
    except KeyError:
        fmt = None
    if fmt is None or fmt.rdf is None:
        raise BackendFailed(f"the backend answered a graph query with {media_type!r}")
    return fmt.rdf


def results_format(response: requests.Response) -> ox.QueryResultsFormat:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if "xml" in media_type:
        return ox.QueryResultsFormat.XML
    if "tab-separated" in media_type:
        return ox.QueryResultsFormat.TSV
    return ox.QueryResultsFormat.JSON


def triples_of(quads: Iterator[ox.Quad]) -> Iterator[ox.Triple]:
    for quad in quads:
        yield ox.Triple(quad.subject, quad.predicate, quad.object)
