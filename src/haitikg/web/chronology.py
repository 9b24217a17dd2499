"""What the pages say of an event's time: only what the data says, in words and in order.

An event may have a day, a begin and end, only bounds (SEM's uncertain time: "by June
2024"), or only a relation to the publication of the report that tells of it (OWL-Time:
over before it, under way at it), whose day may itself be known only by a lower bound.
Events sort by their best known point (day, begin, latest begin, earliest begin), an event
begun *by* a time before one begun *at* it; events with no point come last.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..endpoint.data import store
from ..namespaces import HKG, SEM, TIME
from ..temporal import parse_day as parse

#: Ranks of a point on a tie: begun by it, at it, no earlier than it.
BY, AT, FROM = 0, 1, 2
#: The SEM time literals of an event (asserted as hkg:, entailed as sem:), by When field.
SEM_TIME = {
    name: ox.NamedNode(SEM + local)
    for name, local in (
        ("day", "hasTimeStamp"),
        ("begin", "hasBeginTimeStamp"),
        ("end", "hasEndTimeStamp"),
        ("earliest_begin", "hasEarliestBeginTimeStamp"),
        ("latest_begin", "hasLatestBeginTimeStamp"),
        ("earliest_end", "hasEarliestEndTimeStamp"),
        ("latest_end", "hasLatestEndTimeStamp"),
    )
}
HAS_TIME, HAS_BEGINNING, BEFORE, INSIDE, IN_DATE = (
    ox.NamedNode(TIME + n) for n in ("hasTime", "hasBeginning", "before", "inside", "inXSDDate")
)
NOT_BEFORE = ox.NamedNode(HKG + "notBefore")


def readable(value: str) -> str:
    """``2025-01-18`` → ``18 Jan 2025``; ``2024-06`` → ``Jun 2024``; ``2024`` → ``2024``."""
    parts = value.strip()[:10].split("-")
    day = parse(value)
    if day is None:
        return value
    if len(parts) > 2:
        return f"{day.day} {day:%b %Y}"
    return f"{day:%b %Y}" if len(parts) == 2 else str(day.year)


def compact(days: tuple[str, ...]) -> str:
    """Days in few words: ``23 / 25 Feb 2025``, ``30 Sep / 1 Oct 2025``."""
    found = [d for d in map(parse, days) if d is not None]
    if len(found) < len(days) or any(len(d) != 10 for d in days):  # not all days
        return " / ".join(readable(d) for d in days)
    if len({(d.year, d.month) for d in found}) == 1:
        return " / ".join(str(d.day) for d in found) + f" {found[0]:%b %Y}"
    if len({d.year for d in found}) == 1:
        return " / ".join(f"{d.day} {d:%b}" for d in found) + f" {found[0].year}"
    return " / ".join(readable(d) for d in days)


@dataclass
class When:
    """What the data says of one event's time (SEM literals as strings, and the relation
    of its interval to the publication of its report)."""

    day: str | None = None
    begin: str | None = None
    end: str | None = None
    earliest_begin: str | None = None
    latest_begin: str | None = None
    earliest_end: str | None = None
    latest_end: str | None = None
    relation: str | None = None  # "before", "inside" or "begun-before" the publication
    published: str | None = None  # the publication's day, or the earliest it can be
    #: Every day the sources give, when they give the event different days.
    days: tuple[str, ...] = ()

    @property
    def point(self) -> tuple[str | None, int]:
        """The best known point and how it is known (BY, AT or FROM)."""
        for value, rank in (
            (self.day, AT),
            (self.begin, AT),
            (self.latest_begin, BY),
            (self.earliest_begin, FROM),
        ):
            if value:
                return value, rank
        return None, FROM

    @property
    def dated(self) -> bool:
        return self.point[0] is not None

    def sort_key(self, label: str) -> tuple:
        value, rank = self.point
        return (value is None, value or "", rank, label)

    @property
    def publication(self) -> str:
        return f"publication (≥ {readable(self.published)})" if self.published else "publication"

    @property
    def short(self) -> str:
        """The point alone when there is one (``since Jun 2024``), for a timeline row whose
        bar shows the rest; every day, when the sources disagree."""
        if len(self.days) > 1:
            return compact(self.days)
        return self.text.split(", ")[0] if self.dated else self.text

    @property
    def text(self) -> str:
        """In words, e.g. ``18 Jan 2025``, ``by Jun 2024``, ``since Jun 2024, under way at
        publication (≥ 18 Jan 2025)``, ``before publication (≥ 18 Jan 2025)``."""
        if len(self.days) > 1:
            return " or ".join(readable(d) for d in self.days) + " (the sources disagree)"
        if self.day:
            return readable(self.day)
        if self.begin and self.end:
            if self.begin == self.end:
                return f"in {readable(self.begin)}"
            return f"{readable(self.begin)} – {readable(self.end)}"
        words = []
        if self.begin:
            words.append(f"since {readable(self.begin)}")
        elif self.latest_begin:
            words.append(f"by {readable(self.latest_begin)}")
        elif self.earliest_begin:
            words.append(f"not before {readable(self.earliest_begin)}")
        if self.end:
            words.append(f"until {readable(self.end)}")
        elif self.latest_end:
            words.append(f"over by {readable(self.latest_end)}")
        if self.relation == "inside":
            words.append(f"under way at {self.publication}")
        elif self.relation == "before":
            words.append(f"before {self.publication}")
        elif self.relation == "begun-before":
            words.append(f"begun before {self.publication}")
        elif self.earliest_end:
            words.append(f"not over before {readable(self.earliest_end)}")
        return ", ".join(words) or "undated"


def objects(s: ox.Term, p: ox.NamedNode) -> list[ox.Term]:
    return sorted((q.object for q in store().quads_for_pattern(s, p, None, None)), key=str)


def when_of(event: ox.NamedNode) -> When:
    """What the data says of an event's time, from direct lookups (SEM literals, and the
    OWL-Time relation of its interval to the publication of its report)."""
    found = When()
    for name, prop in SEM_TIME.items():
        values = [t.value for t in objects(event, prop) if isinstance(t, ox.Literal)]
        setattr(found, name, values[0] if values else None)
        if name == "day" and len(set(values)) > 1:  # the sources disagree: keep every day
            found.days = tuple(sorted(set(values)))
    for interval in objects(event, HAS_TIME):
        relations = [("inside", p) for p in objects(interval, INSIDE)]
        relations += [("before", p) for p in objects(interval, BEFORE)]
        for start in objects(interval, HAS_BEGINNING):
            relations += [("begun-before", p) for p in objects(start, BEFORE)]
        for relation, publication in relations[:1]:
            found.relation = relation
            days = objects(publication, IN_DATE) + objects(publication, NOT_BEFORE)
            found.published = days[0].value if days else None
    return found
