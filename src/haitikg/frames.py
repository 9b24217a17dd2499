"""SPARQL answers as pandas DataFrames with typed columns: ``haitikg.sparql(query)``.

A researcher's next step after a query is pandas, so the answer comes typed: numbers as
numbers (nullable ``Int64`` / ``Float64``), days and instants as ``datetime64``, months and
years as pandas ``Period`` s (a gYear is a year, not 1 January), booleans as ``boolean``;
IRIs and other text as ``string``. A column that mixes days with months keeps each cell's
own type (``object``). The same function reads the local build or any SPARQL endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import HaitikgError
from .explain import MalformedQuery
from .namespaces import PREFIXES, prologue_for
from .namespaces import XSD as XSD_NS

XSD = str(XSD_NS)
INTEGER_NAMES = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                 "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                 "unsignedShort", "unsignedByte")  # fmt: skip
INTEGERS = {XSD + name for name in INTEGER_NAMES}
FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
PERIODS = {XSD + "gYear": "Y", XSD + "gYearMonth": "M"}
INSTANTS = {XSD + "date", XSD + "dateTime", XSD + "dateTimeStamp"}
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


class EndpointQueryError(HaitikgError):
    """A remote endpoint refused the query or could not be reached."""

    status = 502
    title = "Endpoint error"


def sparql(
    query: str,
    endpoint: str | None = None,
    *,
    compact: bool = False,
    build_dir: Path | None = None,
    timeout: float = 60.0,
) -> Any:
    """Run ``query`` and return a DataFrame (SELECT; CONSTRUCT/DESCRIBE as subject,
    predicate, object) or a bool (ASK).

    ``endpoint=None`` reads the local build (built on first use); a URL sends the query by
    the SPARQL 1.1 Protocol. haitikg's standard prefixes (``haitikg.namespaces.PREFIXES``)
    need no declaration either way; a query's own ``PREFIX`` wins. ``compact=True`` writes
    IRIs as prefixed names (``hkg:Deployment``).

    >>> df = sparql("SELECT ?e ?day WHERE { ?e hkg:date ?day }")  # doctest: +SKIP
    >>> df.dtypes["day"]  # doctest: +SKIP
    dtype('<M8[s]')
    """
    answer = _local(query, build_dir) if endpoint is None else _remote(query, endpoint, timeout)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [[solution[name] for name in names] for solution in answer]
    else:
        names = ["subject", "predicate", "object"]
        rows = [[t.subject, t.predicate, t.object] for t in answer]
    return frame(names, rows, compact=compact)


def frame(names: list[str], rows: list[list[Any]], *, compact: bool = False) -> Any:
    """A DataFrame from rows of pyoxigraph terms (``None`` for unbound), one typed column each."""
    import pandas as pd

    columns = {name: column([row[i] for row in rows], compact) for i, name in enumerate(names)}
    return pd.DataFrame(columns, columns=names)


def column(terms: list[Any], compact: bool = False) -> Any:
    """One column: a single pandas dtype when every bound value shares a datatype."""
    import pandas as pd

    kinds = {_kind(t) for t in terms if t is not None}
    if len(kinds) == 1:
        kind = kinds.pop()
        values = [None if t is None else t.value for t in terms]
        if kind in INTEGERS:
            return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        if kind in FLOATS:
            return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        if kind == XSD + "boolean":
            return pd.array([None if v is None else v in ("true", "1") for v in values], "boolean")
        if kind in INSTANTS:
            return pd.to_datetime(
                pd.Series(values, dtype="object"), format="ISO8601", utc=_tz(values)
            )
        if kind in PERIODS:
            return pd.array(
                [None if v is None else pd.Period(v, freq=PERIODS[kind]) for v in values],
                dtype=pd.PeriodDtype(PERIODS[kind]),
            )
    if kinds and kinds <= (INTEGERS | FLOATS | INSTANTS | set(PERIODS)):
        return pd.Series([_cell(t) for t in terms], dtype="object")
    return pd.array([None if t is None else _text(t, compact) for t in terms], dtype="string")


def _kind(term: Any) -> str:
    return term.datatype.value if isinstance(term, ox.Literal) else type(term).__name__


def _tz(values: Iterable[str | None]) -> bool:
    """Whether any value carries a time zone (then the column is in UTC)."""
    return any(v is not None and re.search(r"(Z|[+-]\d\d:\d\d)$", v) for v in values)


def _cell(term: Any) -> Any:
    """A value of a mixed column in its own type."""
    import pandas as pd

    if term is None:
        return None
    kind, value = _kind(term), term.value
    if kind in INTEGERS:
        return int(value)
    if kind in FLOATS:
        return float(value)
    if kind in PERIODS:
        return pd.Period(value, freq=PERIODS[kind])
    return pd.Timestamp(value)


def _text(term: Any, compact: bool) -> str:
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value) if compact else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def compact_iri(iri: str) -> str:
    """``hkg:Deployment`` for an IRI in a standard namespace, else the IRI itself."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    local = iri[len(best) :]
    if not re.fullmatch(r"[A-Za-z_][\w.-]*|", local) or local.endswith("."):
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{local}"


def _local(query: str, build_dir: Path | None) -> Any:
    from .query import open_store, run

    return run(query, open_store(build_dir))


def _remote(query: str, endpoint: str, timeout: float) -> Any:
    import requests

    prologue = prologue_for(query)
    text = prologue + query
    try:
        response = requests.post(
            endpoint, data={"query": text}, headers={"Accept": ACCEPT}, timeout=timeout
        )
    except requests.RequestException as exc:
        raise EndpointQueryError(f"{endpoint} could not be reached: {exc}") from None
    if response.status_code >= 400:
        error = _refusal(endpoint, response, text)
        raise error.shifted(prologue.count("\n")) if isinstance(error, MalformedQuery) else error
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if media in ("application/sparql-results+json", "application/json"):
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    if media in ("application/n-triples", "text/turtle"):
        fmt = ox.RdfFormat.N_TRIPLES if media == "application/n-triples" else ox.RdfFormat.TURTLE
        return [q.triple for q in ox.parse(response.content, fmt)]
    raise EndpointQueryError(f"{endpoint} answered {media or 'without a Content-Type'}, "
                             "not SPARQL JSON results or N-Triples")  # fmt: skip


def _refusal(endpoint: str, response: Any, text: str) -> HaitikgError:
    """The endpoint's own words: a problem document's detail, else the start of its body."""
    try:
        problem = response.json()
        detail = f"{problem.get('title', '')}: {problem.get('detail', '')}".strip(": ")
    except ValueError:
        detail = response.text.strip()[:500]
    position = re.search(r"error at \d+:\d+: .*", detail, re.DOTALL)
    if response.status_code == 400 and position:  # an engine's own parser message
        return MalformedQuery.from_engine(text, position[0])
    return EndpointQueryError(f"{endpoint} answered HTTP {response.status_code}: {detail}")
