"""The timeline and the network, laid out here and drawn as SVG by the templates.

Both read the data with the standard terms of the interoperability profile (``sem:``), so
anything that follows it is drawn. Layouts are deterministic: one row per event on the
timeline; actors and events in two columns on the network, actors ordered by the mean
position of their events to keep lines short. Labels are wrapped, never cut, and the
network writes each role on its line (a reader should not have to hover to see it).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Response, abort, render_template, request

from ..endpoint import http
from ..endpoint.data import select
from ..temporal import parse_day as parse
from .chronology import When
from .site import label, public_iri

EVENTS = """
SELECT ?e ?day ?begin ?end ?earliestBegin ?latestBegin ?earliestEnd ?latestEnd ?relation
       ?published ?level WHERE {
  ?e a sem:Event .
  OPTIONAL { ?e hkg:evidenceLevel ?level }
  OPTIONAL { ?e sem:hasTimeStamp ?day }
  OPTIONAL { ?e sem:hasBeginTimeStamp ?begin }
  OPTIONAL { ?e sem:hasEndTimeStamp ?end }
  OPTIONAL { ?e sem:hasEarliestBeginTimeStamp ?earliestBegin }
  OPTIONAL { ?e sem:hasLatestBeginTimeStamp ?latestBegin }
  OPTIONAL { ?e sem:hasEarliestEndTimeStamp ?earliestEnd }
  OPTIONAL { ?e sem:hasLatestEndTimeStamp ?latestEnd }
  OPTIONAL {
    ?e time:hasTime ?t .
    { ?t time:inside ?pub BIND ("inside" AS ?relation) }
    UNION { ?t time:before ?pub BIND ("before" AS ?relation) }
    UNION { ?t time:hasBeginning/time:before ?pub BIND ("begun-before" AS ?relation) }
    OPTIONAL { ?pub time:inXSDDate|hkg:notBefore ?published }
  }
}"""

ACTORS = """
SELECT DISTINCT ?e ?a ?role WHERE {
  ?e a sem:Event ; sem:hasActor ?a .
  FILTER NOT EXISTS { ?a a sem:Role }
  OPTIONAL { ?e hkg:hasRole ?r . ?r rdf:value ?a ; sem:roleType ?rt .
             OPTIONAL { ?rt skos:prefLabel ?role } }
}"""

#: SPARQL variables of EVENTS and the When fields they fill.
FIELDS = {
    "day": "day",
    "begin": "begin",
    "end": "end",
    "earliestBegin": "earliest_begin",
    "latestBegin": "latest_begin",
    "earliestEnd": "earliest_end",
    "latestEnd": "latest_end",
    "relation": "relation",
    "published": "published",
}


#: Filters of the timeline by the kind of source (hkg:evidenceLevel), as the page names them.
SOURCE_KINDS = {
    "all": ("every source", None),
    "text": ("corpus texts (span-level)", "span"),
    "cited": ("cited pages (document-level)", "document"),
}
ACTOR_EVENTS = "SELECT DISTINCT ?e ?a WHERE { ?e a sem:Event ; sem:hasActor ?a }"
ACTORS_WITH_EVENTS = """
SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a sem:Event ; sem:hasActor ?a . FILTER NOT EXISTS { ?a a sem:Role }
} GROUP BY ?a"""


@dataclass
class Dated:
    """An event drawn on the timeline: ``shape`` says how much of its time is known."""

    iri: str
    label: str
    when: When
    start: date
    end: date
    shape: str  # "day", "period", "open" (begun, not over), "by" (begun by), "from"
    y: float = 0
    x1: float = 0
    x2: float = 0
    lines: list[str] = field(default_factory=list)  # the label, wrapped, never cut
    height: float = 0
    #: The kinds of its sources: "span" (a corpus text), "document" (a cited page).
    levels: frozenset[str] = frozenset()
    #: Where the other days the sources give are drawn, when they disagree.
    others: list[float] = field(default_factory=list)


def _dated(iri: str, name: str, when: When) -> Dated | None:
    if (day := parse(when.day)) is not None:
        return Dated(iri, name, when, day, day, "day")
    if (start := parse(when.begin)) is not None:
        end = parse(when.end, last=True)
        return Dated(iri, name, when, start, end or start, "period" if end else "open")
    if (by := parse(when.latest_begin, last=True)) is not None:
        return Dated(iri, name, when, by, by, "by")
    if (after := parse(when.earliest_begin)) is not None:
        return Dated(iri, name, when, after, after, "from")
    return None


def dated_events(
    source: str | None = None, actor: str | None = None
) -> tuple[list[Dated], list[tuple[str, str]]]:
    """Events with a point in time, in time order, and the others (IRI, what bounds
    them), in the same order: last, as the text leaves them undated. ``source`` keeps the
    events with a source of that level ("span", "document"); ``actor`` those it takes part
    in. An event its sources date differently is placed at its earliest day and carries
    the others."""
    found: dict[str, When] = {}
    days: dict[str, set[str]] = {}
    levels: dict[str, set[str]] = {}
    for r in select(EVENTS):
        iri = r["e"].value
        when = found.setdefault(iri, When())
        for var, name in FIELDS.items():
            if r[var] is not None and getattr(when, name) is None:
                setattr(when, name, r[var].value)
        if r["day"] is not None:
            days.setdefault(iri, set()).add(r["day"].value)
        if r["level"] is not None:
            levels.setdefault(iri, set()).add(r["level"].value.rpartition("-")[2])
    for iri, given in days.items():
        found[iri].day = min(given)
        found[iri].days = tuple(sorted(given))
    keep = set(found)
    if source:
        keep = {iri for iri in keep if source in levels.get(iri, ())}
    if actor:
        keep &= {r["e"].value for r in select(ACTOR_EVENTS, a=ox.NamedNode(actor))}
    order = sorted(
        ((i, w) for i, w in found.items() if i in keep),
        key=lambda item: item[1].sort_key(label(item[0])),
    )
    events, undated = [], []
    for iri, when in order:
        drawn = _dated(iri, label(iri), when)
        if drawn is None:
            undated.append((iri, when.text))
        else:
            drawn.levels = frozenset(levels.get(iri, ()))
            events.append(drawn)
    return events, undated


def actors() -> list[tuple[str, str, int]]:
    """Every actor of an event, by name: (IRI, name, number of events)."""
    rows = [
        (r["a"].value, label(r["a"].value), int(r["n"].value)) for r in select(ACTORS_WITH_EVENTS)
    ]
    return sorted(rows, key=lambda a: (a[1].lower(), a[0]))


@dataclass
class Timeline:
    events: list[Dated]
    undated: list[tuple[str, str]]
    width: int
    height: int
    left: int
    right: int
    ticks: list[tuple[float, str]] = field(default_factory=list)
    axis_y: float = 0


ROW = 34
TOP = 40
FADE = 120  # width of the fading part of a bar whose beginning is only bounded
LINE = 18  # between the lines of a wrapped label
LABEL_CHARS = 52  # a timeline label's line, left of its date (14 px type)


def wrap(text: str, chars: int) -> list[str]:
    """A label as lines of at most about ``chars`` characters: whole, never cut short."""
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [text]


def timeline_layout(source: str | None = None, actor: str | None = None) -> Timeline:
    events, undated = dated_events(source, actor)
    width, left, right = 1180, 540, 1150
    if not events:
        return Timeline([], undated, width, 80, left, right)
    first = min(e.start for e in events)
    last = max(e.end for e in events)
    lo = date(first.year, first.month, 1)
    hi_month = last.month % 12 + 1
    hi = date(last.year + (last.month == 12), hi_month, 1)
    span = max((hi - lo).days, 1)

    def x(d: date) -> float:
        return round(left + (right - left) * (d - lo).days / span, 1)

    top = TOP - ROW / 2
    for e in events:  # rows as tall as their wrapped labels
        e.lines = wrap(e.label, LABEL_CHARS)
        e.height = max(ROW, LINE * len(e.lines) + 16)
        e.y = top + e.height / 2
        top += e.height
        e.x1, e.x2 = x(e.start), x(e.end)
        e.others = [x(d) for d in map(parse, e.when.days[1:]) if d is not None]
        if e.shape == "open":
            e.x2 = x(last)  # not known to have ended when the source was written
        elif e.shape == "by":  # begun at some time before: fades in from the left
            e.x1 = max(left, e.x2 - FADE)
        elif e.shape == "from":  # begun at some time after: fades out to the right
            e.x2 = min(right, e.x1 + FADE)
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    step = 1 if months <= 14 else 3 if months <= 40 else 12
    ticks = []
    for m in range(0, months + 1, step):
        year, month = lo.year + (lo.month - 1 + m) // 12, (lo.month - 1 + m) % 12 + 1
        tick = date(year, month, 1)
        ticks.append(
            (x(tick), tick.strftime("%b %Y") if month == 1 or m == 0 else tick.strftime("%b"))
        )
    axis_y = top + ROW / 2
    return Timeline(events, undated, width, int(axis_y + 40), left, right, ticks, axis_y)


@dataclass
class Node:
    iri: str
    label: str
    kind: str  # "actor" | "event"
    x: float = 0
    y: float = 0
    lines: list[str] = field(default_factory=list)


@dataclass
class Edge:
    actor: Node
    event: Node
    role: str
    lx: float = 0  # where the role is written on the line
    ly: float = 0

    def at(self, t: float) -> tuple[float, float]:
        """The point at ``t`` (0–1) of the line's cubic Bézier curve, as the template draws it."""
        (x0, y0), (x3, y3) = (self.actor.x + 7, self.actor.y), (self.event.x - 7, self.event.y)
        mid = (self.actor.x + self.event.x) / 2
        u = 1 - t
        x = u**3 * x0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t**3 * x3
        y = u**3 * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y3 + t**3 * y3
        return round(x, 1), round(y, 1)


@dataclass
class Network:
    actors: list[Node]
    events: list[Node]
    edges: list[Edge]
    width: int
    height: int


def network_layout() -> Network:
    dated, undated = dated_events()
    order = [e.iri for e in dated] + [iri for iri, _ in undated]
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
    actors = [Node(i, label(i), "actor", 340, lines=wrap(label(i), 40)) for i in actor_iris]
    events = [Node(i, label(i), "event", 800, lines=wrap(label(i), 56)) for i in event_iris]
    total = max(_stack(actors), _stack(events), GAP)
    for column in (actors, events):  # each column centred on the taller one
        shift = (total - _stack(column)) / 2
        for node in column:
            node.y += shift
    by_iri = {n.iri: n for n in actors + events}
    edges = [Edge(by_iri[a], by_iri[e], role) for (a, e), role in sorted(pairs.items())]
    _place_roles(edges)
    return Network(actors, events, edges, 1240, int(total + 60))


GAP = 40  # between the nodes of a column


def _stack(nodes: list[Node]) -> float:
    """Put ``nodes`` one under the other, each as tall as its wrapped label; their height."""
    top = 40 - GAP / 2
    for node in nodes:
        height = max(GAP, LINE * len(node.lines) + 22)
        node.y = top + height / 2
        top += height
    return top - (40 - GAP / 2)


ROLE_CHAR = 7.5  # px per character of a role written on a line (11 px type, with its halo)
#: Where on its line a role may go, from the middle outwards.
ROLE_AT = tuple(sorted((i / 40 for i in range(6, 35)), key=lambda t: (abs(t - 0.5), t)))


def _place_roles(edges: list[Edge]) -> None:
    """Write each role on its line where it overlaps no other role: the first free point
    from the middle of the line outwards (the middle when none is free)."""
    taken: list[tuple[float, float, float, float]] = []
    for edge in sorted(edges, key=lambda e: (e.actor.y, e.event.y)):
        if not edge.role:
            continue
        half_width, half_height = ROLE_CHAR * len(edge.role) / 2 + 4, 10.5
        for t in (*ROLE_AT, 0.5):
            x, y = edge.at(t)
            box = (x - half_width, y - half_height, x + half_width, y + half_height)
            if not any(_overlap(box, other) for other in taken):
                break
        edge.lx, edge.ly = x, y
        taken.append(box)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _page(template: str, query: str, **context) -> Response:
    """The page, with the SPARQL results it is drawn from as its machine-readable twin."""
    twin = f"{request.script_root}/sparql?" + urlencode({"query": query.strip(), "format": "json"})
    alternates = [(twin, "application/sparql-results+json", "data (SPARQL JSON)")]
    body = render_template(template, alternates=alternates, **context)
    return http.with_alternates(Response(body, mimetype=http.HTML), alternates, vary=False)


def timeline() -> Response:
    """The timeline, filtered by ``?source=text|cited`` and ``?actor=<IRI or id>``."""
    source = request.args.get("source", "all")
    if source not in SOURCE_KINDS:
        known = ", ".join(SOURCE_KINDS)
        abort(400, description=f"source must be one of {known}, not {source!r}")
    known_actors = actors()
    actor = request.args.get("actor") or None
    if actor is not None:
        iri = actor if ":" in actor else public_iri(f"resource/{actor}")
        if iri not in {a for a, _, _ in known_actors}:
            abort(400, description=f"actor {actor!r} takes part in no event of the graph")
        actor = iri
    layout = timeline_layout(SOURCE_KINDS[source][1], actor)
    return _page(
        "web/timeline.html",
        EVENTS,
        t=layout,
        source=source,
        source_kinds=SOURCE_KINDS,
        actor=actor,
        actors=known_actors,
    )


def network() -> Response:
    return _page("web/network.html", ACTORS, n=network_layout())
