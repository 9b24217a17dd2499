"""What a query worker does with one job: check it, run it, write the results."""

from __future__ import annotations

import pyoxigraph as ox

from .. import formats
from . import results, safety
from .problems import NotAcceptable


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def run_job(store: ox.Store, job: dict, sink: results.Sink) -> dict:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE ``job`` and write its results to ``sink``."""
    text = job["query"]
    safety.check(text, update=False, allow_service=tuple(job["allow_service"]))
    default, named = job["default_graphs"], job["named_graphs"]
    options: dict = {"base_iri": job["base_iri"]}
    if default is not None or named is not None:
        options["default_graph"] = _graphs(default or [])
        options["named_graphs"] = _graphs(named or [])
    else:
        options["use_default_graph_as_union"] = job["union"]
    answer = store.query(text, **options)
    limit = job["max_rows"]
    if isinstance(answer, ox.QueryBoolean):
        fmt = _format(job["boolean_format"], "an ASK result")
        results.write_boolean(answer, fmt.results, sink)
        return _outcome(fmt, 1, False, "boolean")
    if isinstance(answer, ox.QuerySolutions):
        fmt = _format(job["solution_format"], "SELECT results")
        rows = results.write_solutions(answer, fmt.name, sink, limit)
        return _outcome(fmt, rows.count, rows.truncated, "solutions")
    fmt = _format(job["graph_format"], "CONSTRUCT and DESCRIBE results")
    rows = results.write_graph(answer, fmt.rdf, sink, limit, job["prefixes"])
    return _outcome(fmt, rows.count, rows.truncated, "graph")


def _format(name: str | None, what: str) -> formats.Format:
    if name is None:
        raise NotAcceptable(f"none of the formats in Accept can carry {what}")
    return formats.by_name(name)


def _outcome(fmt: formats.Format, rows: int, truncated: bool, kind: str) -> dict:
    return {"media_type": fmt.content_type, "rows": rows, "truncated": truncated, "kind": kind}
