"""``haitikg publish``: push the built dataset into another triple store, then verify it.

Two ways to write, both standard:

* SPARQL 1.1 Update (default): for each named graph ``DROP SILENT GRAPH <g>``, then
  ``INSERT DATA { GRAPH <g> { … } }`` in batches of ``--batch`` triples, POSTed as
  ``application/sparql-update`` to ``--update-url`` (default ``--to``);
* the SPARQL 1.1 Graph Store HTTP Protocol (``--graph-store URL``): the first batch of a
  graph is ``PUT ?graph=g`` (replacing it), the next ones ``POST ?graph=g``, as N-Triples.

Named graphs are kept. Blank nodes are only the same node within one request, so every
graph's triples that mention a blank node go in one request of their own. Afterwards a
``COUNT`` per graph on ``--to`` must equal what was sent, or publish fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests

from . import formats
from .errors import HaitikgError
from .query import GRAPH_SIZES, graph_sizes

EXCERPT = 300
DEFAULT_KEY = ""  # the default graph, in the per-graph tables


class PublishError(HaitikgError):
    """An HTTP failure or a count that does not match."""


@dataclass
class Target:
    """A store to publish to: its SPARQL query and update endpoints, its Graph Store
    Protocol endpoint, and the bearer token and timeout of each request."""

    query_url: str
    update_url: str | None = None
    graph_store: str | None = None
    token: str | None = None
    timeout: float = 300.0
    session: requests.Session = field(default_factory=requests.Session)

    def headers(self, content_type: str) -> dict[str, str]:
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def request(
        self,
        method: str,
        url: str,
        what: str,
        *,
        data: bytes | dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        try:
            response = self.session.request(
                method, url, params=params, data=data, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise PublishError(f"{what}: cannot reach {url}: {exc}") from None
        if response.status_code >= 400:
            body = " ".join(response.text.split())
            body = body[:EXCERPT] + ("…" if len(body) > EXCERPT else "")
            raise PublishError(
                f"{what}: {method} {url} answered HTTP {response.status_code} "
                f"{response.reason}: {body or '(empty body)'}"
            )
        return response

    def update(self, text: str, what: str) -> None:
        url = self.update_url or self.query_url
        self.request(
            "POST",
            url,
            what,
            data=text.encode("utf-8"),
            headers=self.headers("application/sparql-update; charset=utf-8"),
        )

    def put_graph(self, graph: str, triples: list[ox.Triple], first: bool) -> None:
        assert self.graph_store is not None
        params = {"default": ""} if graph == DEFAULT_KEY else {"graph": graph}
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        self.request(
            "PUT" if first else "POST",
            self.graph_store,
            f"graph {graph or 'default'}",
            params=params,
            data=body,
            headers=self.headers("application/n-triples"),
        )

    def counts(self) -> dict[str, int]:
        response = self.request(
            "POST",
            self.query_url,
            "verifying counts",
            data={"query": GRAPH_SIZES},
            headers={"Accept": "application/sparql-results+json"},
        )
        answer = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        if not isinstance(answer, ox.QuerySolutions):
            raise PublishError(f"{self.query_url} answered the count query with a boolean")
        return graph_sizes(answer)


def _graph_key(quad: ox.Quad) -> str:
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


def _has_bnode(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _insert(graph: str, triples: list[ox.Triple]) -> str:
    """``INSERT DATA``, or for blank nodes ``INSERT {…} WHERE {}``: the template's blank
    nodes are one fresh node each per request (Virtuoso refuses them in INSERT DATA)."""
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    if graph != DEFAULT_KEY:
        body = f"GRAPH <{graph}> {{\n{body}\n}}"
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
           for t in triples):  # fmt: skip
        return f"INSERT {{\n{body}\n}} WHERE {{}}"
    return f"INSERT DATA {{\n{body}\n}}"


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return formats.for_path(str(path))
    except KeyError as exc:
        raise PublishError(str(exc.args[0])) from None


def publish(
    path: Path,
    target: Target,
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Send every quad of ``path``; returns the triples sent per graph (verified)."""
    sent: dict[str, int] = defaultdict(int)
    seen: dict[str, set[int]] = defaultdict(set)  # duplicates in the file are one triple
    pending: dict[str, list[ox.Triple]] = defaultdict(list)
    blank: dict[str, list[ox.Triple]] = defaultdict(list)
    started: set[str] = set()
    size = path.stat().st_size

    def start(graph: str) -> None:
        if graph in started:
            return
        started.add(graph)
        if target.graph_store is None:
            drop = "DROP SILENT DEFAULT" if graph == DEFAULT_KEY else f"DROP SILENT GRAPH <{graph}>"
            target.update(drop, f"clearing graph {graph or 'default'}")

    def flush(graph: str, triples: list[ox.Triple]) -> None:
        if not triples:
            return
        first = graph not in started
        start(graph)
        if target.graph_store is not None:
            target.put_graph(graph, triples, first)
        else:
            target.update(_insert(graph, triples), f"inserting into {graph or 'default'}")
        sent[graph] += len(triples)

    with path.open("rb") as handle:
        for quad in ox.parse(handle, rdf_format(path)):
            graph = _graph_key(quad)
            key = hash((quad.subject, quad.predicate, quad.object))
            if key in seen[graph]:
                continue
            seen[graph].add(key)
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            if _has_bnode(quad):
                blank[graph].append(triple)
                continue
            pending[graph].append(triple)
            if len(pending[graph]) >= batch:
                flush(graph, pending.pop(graph))
                if progress:
                    progress(handle.tell(), size)
        for graph in list(pending):
            flush(graph, pending.pop(graph))
        for graph in list(blank):
            flush(graph, blank.pop(graph))
        if progress:
            progress(size, size)
    seen.clear()
    verify(target, dict(sent))
    return dict(sent)


def verify(target: Target, sent: dict[str, int]) -> None:
    counts = target.counts()
    wrong = [
        f"{graph or 'default graph'}: sent {n}, the store has {counts.get(graph, 0)}"
        for graph, n in sorted(sent.items())
        if graph != DEFAULT_KEY and counts.get(graph, 0) != n
    ]
    if wrong:
        shown = "; ".join(wrong[:10]) + (f"; … {len(wrong) - 10} more" if len(wrong) > 10 else "")
        raise PublishError(f"the counts do not match in {len(wrong)} graph(s): {shown}")
