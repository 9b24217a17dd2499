"""What a query worker does with one job: check it, run it, write the results."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .. import formats
from ..explain import explain
from . import results, safety
from .problems import NotAcceptable, QuerySyntaxError


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def run_job(store: ox.Store, job: dict[str, Any], sink: results.Sink) -> dict[str, Any]:
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
FORMAT_KEYS = {
    "boolean": ("boolean_format", "an ASK result"),
    "solutions": ("solution_format", "SELECT results"),
    "graph": ("graph_format", "CONSTRUCT and DESCRIBE results"),
}


def answer_format(job: dict[str, Any], kind: str) -> formats.Format:
    """The format negotiated for a ``kind`` of answer; 406 when ``Accept`` left none."""
    key, what = FORMAT_KEYS[kind]
    name = job[key]
    if name is None:
        raise NotAcceptable(f"none of the formats in Accept can carry {what}")
    return formats.by_name(name)


def write_answer(answer: Any, job: dict[str, Any], sink: results.Sink) -> dict[str, Any]:
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


def _outcome(fmt: formats.Format, rows: int, cut: str | None, kind: str) -> dict[str, Any]:
    return {"media_type": fmt.content_type, "rows": rows, "cut": cut, "kind": kind}
