"""Time as precisely as a source supports it, and no more (docs/model.md, "Events: time").

SEM readers get literals: ``hkg:date`` ⊑ ``sem:hasTimeStamp``, ``hkg:beginDate`` /
``hkg:endDate`` ⊑ ``sem:hasBeginTimeStamp`` / ``sem:hasEndTimeStamp``, and the uncertain-time
bounds ``hkg:earliestBegin`` … ⊑ ``sem:hasEarliestBeginTimeStamp`` …. OWL-Time readers get
instants and intervals, and the relations a literal cannot carry: an event over *before* a
publication whose day is unknown, or under way at it (``time:inside``). A month or a year
taken as a whole is a proper interval from its first to its last day, never an interval
whose beginning is its end.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .annotations import Fact, parse_time
from .corpus import Document
from .namespaces import HKG, RES, TIME
from .nodes import Nodes

Time = date | str  # a day, a month "2024-06" or a year "2024"
PUBLICATION = "publication"
#: The OWL-Time property of an instant, by the precision of its literal.
INSTANT_PROPERTIES = {
    XSD.date: TIME.inXSDDate,
    XSD.gYearMonth: TIME.inXSDgYearMonth,
    XSD.gYear: TIME.inXSDgYear,
}

#: Event keys (docs/model.md) and the properties their known values are published with.
POINT_KEYS = {"date": HKG.date, "begin": HKG.beginDate, "end": HKG.endDate}
BOUND_KEYS = {
    "earliest-begin": HKG.earliestBegin,
    "latest-begin": HKG.latestBegin,
    "earliest-end": HKG.earliestEnd,
    "latest-end": HKG.latestEnd,
}
BASES = ("stated", "from-context", "report")
MUST_PRECEDE = (
    ("begin", "end"),
    ("earliest-begin", "latest-begin"),
    ("earliest-end", "latest-end"),
    ("earliest-begin", "end"),
    ("begin", "latest-end"),
    ("earliest-begin", "latest-end"),
)


def parse_day(value: str | None, *, last: bool = False) -> date | None:
    """An ``xsd:date``, ``gYearMonth`` or ``gYear`` as its first (or ``last``) day; ``None``
    for anything else, as a store may hold literals no annotation was checked for."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            return date(year, month, int(parts[2]))
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    except (ValueError, IndexError):
        return None


def datatype(value: Time) -> URIRef:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``: the precision of the value."""
    if isinstance(value, date):
        return XSD.date
    return XSD.gYearMonth if "-" in value else XSD.gYear


def literal(value: Time) -> Literal:
    return Literal(text(value), datatype=datatype(value))


def text(value: Time) -> str:
    return value.isoformat() if isinstance(value, date) else value


def first_day(value: Time) -> date:
    if isinstance(value, date):
        return value
    year, _, month = value.partition("-")
    return date(int(year), int(month or 1), 1)


def last_day(value: Time) -> date:
    if isinstance(value, date):
        return value
    year, _, month = value.partition("-")
    m = int(month or 12)
    return date(int(year), m, calendar.monthrange(int(year), m)[1])


@dataclass
class EventTime:
    """An event's time keys, parsed: known values, and which bounds are the publication."""

    points: dict[str, Time] = field(default_factory=dict)
    bounds: dict[str, Time] = field(default_factory=dict)
    relative: set[str] = field(default_factory=set)  # bound keys whose value is publication

    @property
    def ongoing(self) -> bool:
        """Under way at the publication: not over by then, and begun by then."""
        began = "latest-begin" in self.relative or "begin" in self.points
        return "earliest-end" in self.relative and (began or "latest-begin" in self.bounds)

    @property
    def empty(self) -> bool:
        return not (self.points or self.bounds or self.relative)


class Clock:
    """Mints the time nodes of one document's graph: instants, whole periods, intervals,
    and the document's publication instant (the anchor for "as of the document")."""

    def __init__(self, doc: Document, nodes: Nodes[URIRef, Node]) -> None:
        self.doc = doc
        self.nodes = nodes
        self.add = nodes.add
        self.label = nodes.label
        self.publication = RES[f"{doc.id}-publication"]

    def instant(self, value: Time) -> URIRef:
        """An instant known to the day, month or year (``res:time-2024-06``)."""
        node = RES[f"time-{text(value)}"]
        prop = INSTANT_PROPERTIES[datatype(value)]
        self.nodes.instant(node, prop, literal(value), text(value))
        return node

    def period(self, value: Time) -> URIRef:
        """A day as an instant; a month or a year as a whole, a proper interval from its
        first to its last day with its OWL-Time date-time description."""
        if isinstance(value, date):
            return self.instant(value)
        node, description = RES[f"period-{value}"], RES[f"period-{value}-description"]
        self.add(node, RDF.type, TIME.ProperInterval)
        self.add(node, RDF.type, TIME.DateTimeInterval)
        self.add(node, TIME.hasBeginning, self.instant(first_day(value)))
        self.add(node, TIME.hasEnd, self.instant(last_day(value)))
        self.add(node, TIME.hasDateTimeDescription, description)
        self.label(node, f"the {'month' if '-' in value else 'year'} {value}")
        year, _, month = value.partition("-")
        self.add(description, RDF.type, TIME.DateTimeDescription)
        self.add(description, TIME.unitType, TIME.unitMonth if month else TIME.unitYear)
        self.add(description, TIME.year, Literal(year, datatype=XSD.gYear))
        if month:
            self.add(description, TIME.month, Literal(f"--{month}", datatype=XSD.gMonth))
        self.label(description, f"{value} (date-time description)")
        return node

    def point(self, value: Time | str) -> URIRef:
        """An instant, or the document's publication."""
        return self.publication if value == PUBLICATION else self.instant(value)

    def known(self, key: str) -> Time | None:
        """The day a publication bound stands for, when the metadata knows one. An event
        under way at a publication not before D is still under way on D: a lower bound
        takes ``published-not-before``; an upper bound ``published-not-after``."""
        earliest = key.startswith("earliest")
        return self.doc.published_not_before if earliest else self.doc.published_not_after

    def values(self, when: EventTime) -> dict[str, Time]:
        """The known values of an event's time keys, publication bounds resolved to the day
        the metadata allows."""
        found: dict[str, Time] = {**when.points, **when.bounds}
        for name in sorted(when.relative):
            if (day := self.known(name)) is not None:
                found[name] = day
        return found

    def document(self, iri: URIRef) -> None:
        """The publication instant, its known day or bounds, and a window it falls in."""
        doc, pub = self.doc, self.publication
        day = literal(doc.published) if doc.published else None
        self.nodes.publication(iri, pub, f"publication of {doc.id}", day)
        if doc.published:
            return
        low, high = doc.meta.get("published-not-before"), doc.meta.get("published-not-after")
        for day, prop, doc_prop in (
            (low, HKG.notBefore, HKG.publishedNotBefore),
            (high, HKG.notAfter, HKG.publishedNotAfter),
        ):
            if day:
                self.add(pub, prop, literal(day))
                self.add(iri, doc_prop, literal(day))
        if low or high:
            window = RES[f"{doc.id}-publication-window"]
            self.add(window, RDF.type, TIME.ProperInterval)
            if low:
                self.add(window, TIME.hasBeginning, self.instant(low))
            if high:
                self.add(window, TIME.hasEnd, self.instant(high))
            self.add(window, TIME.inside, pub)
            span = f"from {low or '?'} to {high or '?'}"
            self.label(window, f"when {doc.id} can have been published ({span})")

    def event(self, node: URIRef, key: str, when: EventTime, literals: bool = True) -> None:
        """SEM literals and OWL-Time nodes for an event's time (without the literals for an
        event several sources report: the build merges those, see instances.py)."""
        if literals:
            for name, value in self.values(when).items():
                self.add(node, {**POINT_KEYS, **BOUND_KEYS}[name], literal(value))
        if "date" in when.points:
            self.add(node, TIME.hasTime, self.instant(when.points["date"]))
            return
        begin, end = when.points.get("begin"), when.points.get("end")
        if begin is not None and begin == end and not isinstance(begin, date):
            self.add(node, TIME.hasTime, self.period(begin))  # "in 2024": the whole year
            return
        if begin is None and end is None and not when.relative:
            return  # literal bounds only: nothing for OWL-Time to add
        interval = RES[f"{key}-time"]
        self.add(node, TIME.hasTime, interval)
        self.add(interval, RDF.type, TIME.Interval)
        if begin is not None:
            self.add(interval, TIME.hasBeginning, self.instant(begin))
        if end is not None:
            self.add(interval, TIME.hasEnd, self.instant(end))
        if when.ongoing:
            self.add(interval, TIME.inside, self.publication)
        elif "latest-end" in when.relative:
            self.add(interval, TIME.before, self.publication)
        elif "earliest-begin" in when.relative:
            self.add(interval, TIME.after, self.publication)
        else:
            for name, edge, relation in (
                ("latest-begin", TIME.hasBeginning, TIME.before),
                ("earliest-end", TIME.hasEnd, TIME.after),
            ):
                if name in when.relative:
                    inner = RES[f"{key}-time-{'beginning' if 'begin' in name else 'end'}"]
                    self.add(interval, edge, inner)
                    self.add(inner, RDF.type, TIME.Instant)
                    self.add(inner, relation, self.publication)
                    side = "beginning" if "begin" in name else "end"
                    self.label(inner, f"{side} of {key}")
        self.label(interval, f"time of {key}: {describe(when)}")

    def span(self, key: str, begin: Time | str | None, end: Time | str | None) -> URIRef:
        """An interval from ``begin`` to ``end`` (either may be the publication)."""
        node = RES[key]
        self.add(node, RDF.type, TIME.ProperInterval)
        if begin is not None:
            self.add(node, TIME.hasBeginning, self.point(begin))
        if end is not None:
            self.add(node, TIME.hasEnd, self.point(end))
        self.label(node, f"from {self.words(begin)} to {self.words(end)}")
        return node

    def words(self, value: Time | str | None) -> str:
        if value is None:
            return "?"
        return f"the publication of {self.doc.id}" if value == PUBLICATION else text(value)

    def as_of(self, key: str, moment: Time | str) -> URIRef:
        """An interval known only to contain ``moment`` (Wikidata's "as of")."""
        node = RES[key]
        self.add(node, RDF.type, TIME.Interval)
        self.add(node, TIME.inside, self.point(moment))
        self.label(node, f"as of {self.words(moment)}")
        return node


def describe(when: EventTime) -> str:
    """A short English description of what is known of an event's time."""
    parts = [f"{name} {text(value)}" for name, value in {**when.points, **when.bounds}.items()]
    if when.ongoing:
        parts.append("under way at the publication")
    elif "latest-end" in when.relative:
        parts.append("over before the publication")
    parts += [
        f"{name} the publication"
        for name in sorted(when.relative)
        if not when.ongoing and name != "latest-end"
    ]
    return ", ".join(parts)


def event_time(fact: Fact) -> tuple[EventTime, str | None]:
    """An event's time keys and its date basis, checked: a day excludes every other key,
    a known begin (end) excludes bounds on the begin (end), nothing ends before it begins."""
    when = EventTime()
    for key in (*POINT_KEYS, *BOUND_KEYS):
        if key not in fact.fields:
            continue
        value = parse_time(fact.get(key), fact, key, publication=key in BOUND_KEYS)
        if value == PUBLICATION:
            when.relative.add(key)
        elif key in POINT_KEYS:
            when.points[key] = value
        else:
            when.bounds[key] = value
    ongoing = fact.get("ongoing")
    if ongoing not in (None, True, False):
        raise fact.error("ongoing must be true or false", "ongoing")
    if ongoing:
        if "earliest-end" in when.bounds or "end" in when.points:
            raise fact.error("an ongoing event has no end yet; drop end/earliest-end", "ongoing")
        when.relative.add("earliest-end")
        if not ({"begin", "date"} & set(when.points) or "latest-begin" in when.bounds):
            when.relative.add("latest-begin")
    keys = set(when.points) | set(when.bounds) | when.relative
    if "date" in keys and len(keys) > 1:
        raise fact.error("a day (`date`) says all there is: drop the other time keys", "date")
    if "date" in when.points and not isinstance(when.points["date"], date):
        raise fact.error("date must be a day; use begin/end for a month or year", "date")
    for point, (low, high) in (
        ("begin", ("earliest-begin", "latest-begin")),
        ("end", ("earliest-end", "latest-end")),
    ):
        if point in keys and (low in keys or high in keys):
            raise fact.error(f"{point} is known, so it takes no {low}/{high}", point)
    values = {**when.points, **when.bounds}
    for a, b in MUST_PRECEDE:  # what must not end before it begins
        if a in values and b in values and last_day(values[b]) < first_day(values[a]):
            raise fact.error(f"{b} {text(values[b])} is before {a} {text(values[a])}", b)
    basis = fact.get("date-basis")
    if basis is not None and basis not in BASES:
        raise fact.error(f"date-basis must be one of {', '.join(BASES)}, not {basis!r}",
                         "date-basis")  # fmt: skip
    own = bool(when.points or when.bounds)
    if not own and not when.relative:
        if basis is not None:
            raise fact.error("date-basis without any time key: the event is undated",
                             "date-basis")  # fmt: skip
        return when, None
    if not own:  # bounded by the report only
        if basis not in (None, "report"):
            raise fact.error(
                "bounds relative to the publication come from the report: "
                "date-basis is `report` (or leave it out)",
                "date-basis",
            )
        return when, "report"
    if basis == "report":
        raise fact.error("a day, month or year the text gives is `stated` or `from-context`",
                         "date-basis")  # fmt: skip
    return when, basis or "stated"
