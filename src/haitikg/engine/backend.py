"""``haitikg serve --backend URL``: answer from a remote SPARQL endpoint.

The remote engine (Virtuoso, QLever, Fuseki, GraphDB, Oxigraph's server …) takes the
place of the local store and the worker pool, behind the same objects
(:class:`RemoteSnapshotStore`, :class:`RemotePool`), so ``/sparql``, the pages and the linked
data work unchanged on top of it:

* every query is checked here first (no ``SERVICE`` outside the allowed prefixes, no
  ``LOAD``; the length limit is checked in ``sparql.py`` as for the local engine);
* the time limit is the HTTP timeout and a deadline while the answer streams in: past
  it, 503 (the backend may go on computing: give it its own limit too);
* the answer is parsed (SPARQL JSON results or N-Triples) and written again in the
  negotiated format by the same writers as the local engine, stopping at ``MAX_ROWS``;
* a cut is never silent: more rows than ``MAX_ROWS``, exactly ``BACKEND_MAX_ROWS`` rows
  (the backend's own cap, e.g. Virtuoso's ``ResultSetMaxRows`` of 10,000), or
  Virtuoso's ``X-SPARQL-MaxRows`` header set ``X-Haitikg-Truncated`` and ``Warning``;
* updates are refused with 403: write to the backend itself (or ``haitikg publish``).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import IO, Any

import pyoxigraph as ox
import requests

from ..namespaces import PREFIXES, prologue_for
from ..query import GRAPH_SIZES, TRIPLES, graph_sizes
from ..rdfterms import GraphName, OxTerm, Subject
from . import lexer, safety
from .execute import Answer, Job, Written, answer_format, write_answer
from .problems import EndpointError, QueryTimeout, UpdateForbidden
from .remote import (
    GRAPH_ACCEPT,
    SOLUTIONS_ACCEPT,
    Backend,
    BackendFailed,
    Reader,
    query_form,
    rdf_format,
    results_format,
    triples_of,
)
from .workers import Outcome

SPOOL_IN_MEMORY = 1024 * 1024
#: Seconds the pages may cache what they computed from the backend (labels, indexes).
CACHE_SECONDS = 300.0


@dataclass
class RemoteOutcome(Outcome):
    """An :class:`Outcome` that may carry its own ``Warning`` text."""

    warning: str | None = None


def bind_variables(query: str, values: Mapping[ox.Variable, OxTerm]) -> str:
    """``query`` with the variables of ``values`` bound, for an engine without substitutions.

    The pages project each variable they bind (Oxigraph's substitutions need that); here a
    bound variable leaves the ``SELECT`` and ``GROUP BY`` lists and is replaced elsewhere by
    its term's N-Triples form (valid SPARQL). Only variable tokens are touched, never text
    inside an IRI or a string.
    """
    if not values:
        return query
    terms = {f"{mark}{v.value}": str(t) for v, t in values.items() for mark in "?$"}
    toks = list(lexer.tokens(query))
    drop: set[int] = set()
    for i, tok in enumerate(toks):
        if lexer.is_keyword(tok, "SELECT"):
            drop |= _listed(toks, i + 1, terms, ("WHERE", "FROM"))
        elif lexer.is_keyword(tok, "GROUP") and i + 1 < len(toks):
            listed = _listed(toks, i + 2, terms, ("HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"))
            end = i + 2
            while end < len(toks) and (toks[end].kind == "var" or end in listed):
                end += 1
            drop |= listed | ({i, i + 1} if listed == set(range(i + 2, end)) else set())
    out, last = [], 0
    for i, tok in enumerate(toks):
        if i in drop or (tok.kind == "var" and tok.text in terms):
            out += [query[last : tok.start], "" if i in drop else terms[tok.text]]
            last = tok.start + len(tok.text)
    out.append(query[last:])
    return "".join(out)


def _listed(
    toks: list[lexer.Token], start: int, terms: dict[str, str], stops: tuple[str, ...]
) -> set[int]:
    """Indexes of the bound variables listed bare (not inside parentheses) from ``start`` to
    the end of a SELECT or GROUP BY list."""
    found, depth = set(), 0
    for j in range(start, len(toks)):
        tok = toks[j]
        if tok.text in ("{", "}") or (depth == 0 and lexer.is_keyword(tok, *stops)):
            break
        depth += {"(": 1, ")": -1}.get(tok.text, 0) if tok.kind == "other" else 0
        if depth == 0 and tok.kind == "var" and tok.text in terms:
            found.add(j)
    return found


class RemotePool:
    """Stands for the worker pool: runs each job on the backend instead."""

    isolated = False

    def __init__(self, backend: Backend, size: int) -> None:
        self.backend = backend
        self.size = size
        self.workers = {"backend"}

    def generations(self) -> set[int]:
        return set()

    def close(self) -> None:
        pass

    def run(
        self, job: Job, timeout: float, charge: Callable[[float], None] | None = None
    ) -> Outcome:
        started = time.monotonic()
        try:
            return self._run(job, timeout, started + timeout)
        finally:
            if charge is not None:
                charge(time.monotonic() - started)

    def _run(self, job: Job, timeout: float, deadline: float) -> Outcome:
        text = job["query"]
        prefixes = job["prefixes"]
        safety.check(text, update=False, allow_service=tuple(job["allow_service"]),
                     prefixes=prefixes)  # fmt: skip
        form = query_form(text)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        answer_format(job, "graph" if graph else "boolean" if form == "ASK" else "solutions")
        # The backend does not know haitikg's standard prefixes: declare those used.
        text = prologue_for(text, prefixes) + text
        if job.get("base_iri"):
            text = f"BASE <{job['base_iri']}>\n{text}"
        response = self.backend.send(
            text,
            GRAPH_ACCEPT if graph else SOLUTIONS_ACCEPT,
            timeout,
            default_graphs=job["default_graphs"],
            named_graphs=job["named_graphs"],
        )
        spool = SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - handed on
        outcome = _rewrite(response, job, graph, spool, timeout, deadline)
        cut, warning = self._cut(outcome, response, job["max_rows"])
        size = spool.tell()
        spool.seek(0)
        return RemoteOutcome(
            spool, size, outcome["media_type"], outcome["rows"], cut, outcome["kind"], warning
        )

    def _cut(
        self, outcome: Written, response: requests.Response, limit: int
    ) -> tuple[str | None, str | None]:
        """Which limit cut the answer, here or the backend's, and the ``Warning`` saying so
        (None for the row or byte limit here, which ``sparql.py`` words itself)."""
        if outcome["cut"]:
            return outcome["cut"], None
        if outcome["kind"] != "boolean":
            why = self.backend.capped(response, outcome["rows"])
            if why:
                return "backend", f'199 haitikg "{why}"'
        return None, None


def _rewrite(
    response: requests.Response,
    job: Job,
    graph: bool,
    spool: IO[bytes],
    timeout: float,
    deadline: float,
) -> Written:
    """The backend's answer, parsed as it streams in and written again in the job's format
    by the local engine's own writers; past the deadline, 503."""
    reader = Reader(response, deadline)
    try:
        stream = io.BufferedReader(reader, 64 * 1024)
        answer: Answer
        if graph:
            quads = ox.parse(stream, rdf_format(response), base_iri=job.get("base_iri"))
            answer = triples_of(quads)
        else:
            answer = ox.parse_query_results(stream, results_format(response))
        return write_answer(answer, job, spool)
    except (OSError, SyntaxError, ValueError) as exc:
        spool.close()
        if reader.expired or time.monotonic() > deadline:
            raise QueryTimeout(
                f"the query ran longer than the {timeout:g} s limit on the backend and was "
                "abandoned; narrow it (LIMIT, more specific patterns)"
            ) from None
        raise BackendFailed(f"the backend's answer could not be read: {exc}") from None
    finally:
        response.close()


class RemoteStore:
    """The few ``pyoxigraph.Store`` methods the pages use, answered by the backend."""

    def __init__(self, backend: Backend, timeout: float) -> None:
        self.backend = backend
        self.timeout = timeout

    def query(
        self,
        query: str,
        *,
        use_default_graph_as_union: bool = True,
        prefixes: dict[str, str] | None = None,
        substitutions: Mapping[ox.Variable, OxTerm] | None = None,
        **_: Any,
    ) -> Any:
        safety.check(query, update=False, allow_service=(), prefixes=prefixes)
        query = bind_variables(query, substitutions or {})
        prologue = prologue_for(query, prefixes or {})
        text = prologue + query
        graph = query_form(query) in ("CONSTRUCT", "DESCRIBE")
        response = self.backend.send(text, GRAPH_ACCEPT if graph else SOLUTIONS_ACCEPT,
                                     self.timeout)  # fmt: skip
        body = response.content
        response.close()
        if graph:
            return iter(list(triples_of(ox.parse(body, rdf_format(response)))))
        answer = ox.parse_query_results(body, results_format(response))
        if isinstance(answer, ox.QueryBoolean):
            return answer
        return _Solutions(answer)

    def quads_for_pattern(
        self,
        subject: Subject | None,
        predicate: ox.NamedNode | None,
        object: OxTerm | None,
        graph_name: GraphName | None = None,
    ) -> Iterator[ox.Quad]:
        def term(value: OxTerm | GraphName | None, var: str) -> str:
            return f"?{var}" if value is None else str(value)

        pattern = f"{term(subject, 's')} {term(predicate, 'p')} {term(object, 'o')}"
        if isinstance(graph_name, ox.DefaultGraph):
            where = pattern  # only meaningful on a backend without a union default graph
        else:
            where = f"GRAPH {term(graph_name, 'g')} {{ {pattern} }}"
        for row in self.query(f"SELECT * {{ {where} }}"):
            yield ox.Quad(
                subject or row["s"],
                predicate or row["p"],
                object or row["o"],
                graph_name if graph_name is not None else row["g"],
            )

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def dump(self, output: Any, format: ox.RdfFormat, *, from_graph: Any = None, **kw: Any) -> None:
        quads = self.quads_for_pattern(None, None, None, from_graph)
        if from_graph is not None:
            items: Any = triples_of(quads)
        else:
            items = quads
        ox.serialize(items, output, format, **{k: v for k, v in kw.items() if v is not None})


class _Solutions:
    """Parsed solutions that keep their variables after being read into a list."""

    def __init__(self, answer: ox.QuerySolutions) -> None:
        self.variables = answer.variables
        self.rows: list[ox.QuerySolution] = list(answer)
        self._iter = iter(self.rows)

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        return iter(self.rows)

    def __next__(self) -> ox.QuerySolution:
        return next(self._iter)

    def __len__(self) -> int:
        return len(self.rows)


class RemoteSnapshotStore:
    """Stands for the local :class:`SnapshotStore`; its generation advances every
    ``CACHE_SECONDS``."""

    snapshot = None
    path = None
    in_memory = False

    def __init__(self, store: RemoteStore) -> None:
        self.store = store

    @property
    def generation(self) -> int:
        return int(time.monotonic() // CACHE_SECONDS)

    def forget(self, in_use: set[int]) -> None:
        pass

    def is_empty(self) -> bool:
        return not len(self.store.query("SELECT ?s { ?s ?p ?o } LIMIT 1"))

    def _refuse(self, *_: Any, **__: Any) -> None:
        raise UpdateForbidden(
            "this server answers from a remote backend and does not forward updates; "
            "change the data on the backend itself (or with haitikg publish)"
        )

    update = write = _refuse

    def graph_sizes(self) -> dict[str, int]:
        return graph_sizes(self.store.query(GRAPH_SIZES))

    def triples(self) -> int:
        return int(next(self.store.query(TRIPLES, use_default_graph_as_union=True))["n"].value)

    def close(self) -> None:
        pass


@dataclass
class RemoteEngine:
    snapshots: RemoteSnapshotStore
    pool: RemotePool

    def close(self) -> None:
        pass


def start(config: Mapping[str, Any]) -> RemoteEngine:
    """The engine for ``config["BACKEND"]``: checks that the backend answers ``ASK {}``."""
    backend = Backend(str(config["BACKEND"]), int(config.get("BACKEND_MAX_ROWS") or 0))
    store = RemoteStore(backend, float(config["TIMEOUT"]))
    try:
        store.query("ASK {}")
    except EndpointError as exc:
        raise BackendFailed(f"the backend {backend.url} does not answer: {exc.detail}") from None
    return RemoteEngine(RemoteSnapshotStore(store), RemotePool(backend, int(config["THREADS"])))


__all__ = ["PREFIXES", "Backend", "BackendFailed", "RemoteEngine", "query_form", "start"]
