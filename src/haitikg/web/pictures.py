"""The timeline and the network, laid out here and drawn as SVG by the templates.

Both read the data with the standard terms of the interoperability profile (``sem:``), so
anything that follows it is drawn. Layouts are deterministic: one row per event on the
timeline; actors and events in two columns on the network, actors ordered by the mean
position of their events to keep lines short.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from flask import Response, render_template, request

from ..endpoint import http
from ..endpoint.data import select
from ..namespaces import VOCAB
from .site import label

EVENTS = """
SELECT ?e ?day ?begin ?end ?basis WHERE {
  ?e a sem:Event .
  OPTIONAL { ?e sem:hasTimeStamp ?day }
  OPTIONAL { ?e sem:hasBeginTimeStamp ?begin }
  OPTIONAL { ?e sem:hasEndTimeStamp ?end }
  OPTIONAL { ?e hkg:dateBasis ?basis }
}"""

ACTORS = """
SELECT DISTINCT ?e ?a ?role WHERE {
  ?e a sem:Event ; sem:hasActor ?a .
  FILTER NOT EXISTS { ?a a sem:Role }
  OPTIONAL { ?e hkg:hasRole ?r . ?r rdf:value ?a ; sem:roleType ?rt .
             OPTIONAL { ?rt skos:prefLabel ?role } }
}"""

PUBLICATION = str(VOCAB["date-publication"])


def parse(value: str, *, last: bool = False) -> date | None:
    """An ``xsd:date``, ``gYearMonth`` or ``gYear`` as its first (or ``last``) day."""
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            return date(year, month, int(parts[2]))
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    except (ValueError, IndexError):
        return None


@dataclass
class Dated:
    iri: str
    label: str
    start: date
    end: date | None  # None: a day
    open_ended: bool
    publication_only: bool
    when: str
    y: float = 0
    x1: float = 0
    x2: float = 0


def dated_events() -> tuple[list[Dated], list[str]]:
    """Events with a day or a period, in time order, and the IRIs of undated events."""
    rows: dict[str, dict] = {}
    for r in select(EVENTS):
        row = rows.setdefault(r["e"].value, {})
        for key in ("day", "begin", "end", "basis"):
            if r[key] is not None:
                row.setdefault(key, r[key].value)
    events, undated = [], []
    for iri, row in rows.items():
        name = label(iri)
        if "day" in row and (day := parse(row["day"])):
            publication = row.get("basis") == PUBLICATION
            events.append(Dated(iri, name, day, None, False, publication, row["day"]))
        elif "begin" in row and (start := parse(row["begin"])):
            end = parse(row["end"], last=True) if "end" in row else None
            when = f"{row['begin']} – {row['end']}" if "end" in row else f"since {row['begin']}"
            if "end" in row and row["end"] == row["begin"]:
                when = f"during {row['begin']}"
            events.append(Dated(iri, name, start, end, end is None, False, when))
        else:
            undated.append(iri)
    events.sort(key=lambda e: (e.start, e.end or e.start, e.label))
    return events, sorted(undated, key=label)


@dataclass
class Timeline:
    events: list[Dated]
    undated: list[str]
    width: int
    height: int
    left: int
    right: int
    ticks: list[tuple[float, str]] = field(default_factory=list)
    axis_y: float = 0


ROW = 34
TOP = 40


def timeline_layout() -> Timeline:
    events, undated = dated_events()
    width, left, right = 1180, 540, 1150
    if not events:
        return Timeline([], undated, width, 80, left, right)
    first = min(e.start for e in events)
    last = max(max(e.start, e.end or e.start) for e in events)
    lo = date(first.year, first.month, 1)
    hi_month = last.month % 12 + 1
    hi = date(last.year + (last.month == 12), hi_month, 1)
    span = max((hi - lo).days, 1)

    def x(d: date) -> float:
        return round(left + (right - left) * (d - lo).days / span, 1)

    for i, e in enumerate(events):
        e.y = TOP + i * ROW
        e.x1 = x(e.start)
        if e.end is not None:
            e.x2 = x(e.end)
        elif e.open_ended:
            e.x2 = x(last)  # ongoing when the source was written
        else:
            e.x2 = e.x1
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    step = 1 if months <= 14 else 3 if months <= 40 else 12
    ticks = []
    for m in range(0, months + 1, step):
        year, month = lo.year + (lo.month - 1 + m) // 12, (lo.month - 1 + m) % 12 + 1
        tick = date(year, month, 1)
        ticks.append(
            (x(tick), tick.strftime("%b %Y") if month == 1 or m == 0 else tick.strftime("%b"))
        )
    axis_y = TOP + len(events) * ROW
    return Timeline(events, undated, width, int(axis_y + 40), left, right, ticks, axis_y)


@dataclass
class Node:
    iri: str
    label: str
    kind: str  # "actor" | "event"
    x: float = 0
    y: float = 0


@dataclass
class Edge:
    actor: Node
    event: Node
    role: str


@dataclass
class Network:
    actors: list[Node]
    events: list[Node]
    edges: list[Edge]
    width: int
    height: int


def network_layout() -> Network:
    dated, undated = dated_events()
    order = [e.iri for e in dated] + undated
    pairs: dict[tuple[str, str], str] = {}
    for r in select(ACTORS):
        key = (r["a"].value, r["e"].value)
        if key not in pairs or (r["role"] is not None and not pairs[key]):
            pairs[key] = r["role"].value if r["role"] is not None else ""
    event_iris = [e for e in order if any(k[1] == e for k in pairs)]
    event_iris += sorted({e for _, e in pairs} - set(event_iris), key=label)
    position = {e: i for i, e in enumerate(event_iris)}
    actor_iris = sorted(
        {a for a, _ in pairs},
        key=lambda a: (
            sum(position[e] for b, e in pairs if b == a) / sum(1 for b, _ in pairs if b == a),
            label(a),
        ),
    )
    rows = max(len(actor_iris), len(event_iris), 1)
    gap = 40
    height = 60 + rows * gap

    def column(iris: list[str], kind: str, x: float) -> list[Node]:
        offset = 40 + (rows - len(iris)) * gap / 2
        return [Node(i, label(i), kind, x, offset + n * gap) for n, i in enumerate(iris)]

    actors = column(actor_iris, "actor", 340)
    events = column(event_iris, "event", 700)
    by_iri = {n.iri: n for n in actors + events}
    edges = [Edge(by_iri[a], by_iri[e], role) for (a, e), role in sorted(pairs.items())]
    return Network(actors, events, edges, 1240, int(height))


def _page(template: str, query: str, **context) -> Response:
    """The page, with the SPARQL results it is drawn from as its machine-readable twin."""
    twin = f"{request.script_root}/sparql?" + urlencode({"query": query.strip(), "format": "json"})
    alternates = [(twin, "application/sparql-results+json", "data (SPARQL JSON)")]
    body = render_template(template, alternates=alternates, **context)
    return http.with_alternates(Response(body, mimetype=http.HTML), alternates, vary=False)


def timeline() -> Response:
    return _page("web/timeline.html", EVENTS, t=timeline_layout())


def network() -> Response:
    return _page("web/network.html", ACTORS, n=network_layout())
