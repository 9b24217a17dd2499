"""What a query worker does with one job: check it, run it, write the results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, NotRequired, TypedDict

import pyoxigraph as ox

from .. import formats
from ..explain import explain
from . import results, safety
from .problems import NotAcceptable, QuerySyntaxError


class Job(TypedDict):
    """One query for a worker: its text and dataset (the protocol's parameters), the
    server's limits, and the format negotiated for each kind of answer (None: none fits)."""

    query: str
    base_iri: str | None
    union: bool  # the union of the graphs as the default graph
    default_graphs: list[str] | None  # default-graph-uri=
    named_graphs: list[str] | None  # named-graph-uri=
    max_rows: int
    max_bytes: NotRequired[int]
    max_nesting: NotRequired[int]
    allow_service: list[str]
    prefixes: dict[str, str]
    generation: NotRequired[int]  # the snapshot to read ...
    snapshot: NotRequired[str]  # ... and where it is
    in_memory: NotRequired[bool]  # query a copy of the snapshot in the worker's memory
    spool_room: NotRequired[int]  # bytes the answer may take (workers.Pool adds it)
    solution_format: str | None
    boolean_format: str | None
    graph_format: str | None


#: An answer to write: the local store's, or one parsed from a remote endpoint.
Answer = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


class Written(TypedDict):
    """What a worker tells of the answer it wrote: what the response headers must say."""

    media_type: str
    rows: int
    cut: str | None  # "rows" or "bytes" when a limit cut it short
    kind: str  # "solutions", "boolean" or "graph"


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def run_job(store: ox.Store, job: Job, sink: results.Sink) -> Written:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE ``job`` and write its results to ``sink``."""
    text = job["query"]
    prefixes = job["prefixes"]
    shape = safety.check(
        text,
        update=False,
        allow_service=tuple(job["allow_service"]),
        base_iri=job["base_iri"],
        max_nesting=job.get("max_nesting", safety.MAX_NESTING),
        prefixes=prefixes,
    )
    default, named = job["default_graphs"], job["named_graphs"]
    # The standard prefixes need no declaration; a query's own PREFIX wins.
    options: dict[str, Any] = {"base_iri": job["base_iri"], "prefixes": prefixes}
    if default is not None or named is not None:  # the protocol's dataset wins (§2.1.4)
        options["default_graph"] = _graphs(default or [])
        options["named_graphs"] = _graphs(named or [])
    elif not shape.dataset:  # a query's own FROM / FROM NAMED defines its dataset
        options["use_default_graph_as_union"] = job["union"]
    try:
        answer = store.query(text, **options)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(explain(text, str(exc), prefixes))) from None
    return write_answer(answer, job, sink)


#: For each kind of answer: the job key naming its negotiated format, and what 406 calls it.
FormatKey = Literal["boolean_format", "solution_format", "graph_format"]
FORMAT_KEYS: dict[str, tuple[FormatKey, str]] = {
    "boolean": ("boolean_format", "an ASK result"),
    "solutions": ("solution_format", "SELECT results"),
    "graph": ("graph_format", "CONSTRUCT and DESCRIBE results"),
}


def answer_format(job: Job, kind: str) -> formats.Format:
    """The format negotiated for a ``kind`` of answer; 406 when ``Accept`` left none."""
    key, what = FORMAT_KEYS[kind]
    name = job[key]
    if name is None:
        raise NotAcceptable(f"none of the formats in Accept can carry {what}")
    return formats.by_name(name)


def write_answer(answer: Answer, job: Job, sink: results.Sink) -> Written:
    """Write an answer — the local store's, or one parsed from a remote endpoint — in the
    job's format, stopping at its row or byte limit; what the response headers must say."""
    limit, max_bytes = job["max_rows"], job.get("max_bytes", 0)
    if isinstance(answer, ox.QueryBoolean):
        fmt = answer_format(job, "boolean")
        assert fmt.results is not None  # the boolean formats are result formats
        results.write_boolean(answer, fmt.results, sink)
        return _outcome(fmt, 1, None, "boolean")
    if isinstance(answer, ox.QuerySolutions):
        fmt = answer_format(job, "solutions")
        rows = results.write_solutions(answer, fmt.name, sink, limit, max_bytes)
        return _outcome(fmt, rows.count, rows.cut, "solutions")
    fmt = answer_format(job, "graph")
    assert fmt.rdf is not None  # the graph formats are RDF formats
    triples = results.write_graph(answer, fmt.rdf, sink, limit, job["prefixes"], max_bytes)
    return _outcome(fmt, triples.count, triples.cut, "graph")


def _outcome(fmt: formats.Format, rows: int, cut: str | None, kind: str) -> Written:
    return {"media_type": fmt.content_type, "rows": rows, "cut": cut, "kind": kind}
