"""Likely duplicates: events that may be one event under two ids, proposed, never merged.

Identity is the annotators' to declare (the same id in every source). After a build, this
proposes pairs of events for them to review: the same type, times that overlap, the same
place (or one inside the other), and at least one actor in common. The build writes the
proposals to ``duplicates.tsv`` beside the dumps and counts them in its summary.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .rdfterms import select
from .temporal import parse_day

EVENTS = """
SELECT ?e ?type ?p ?v WHERE {
  ?e a hkg:Event ; a ?type .
  FILTER (STRSTARTS(STR(?type), STR(hkg:)) && ?type != hkg:Event)
  OPTIONAL {
    VALUES ?p { sem:hasTimeStamp sem:hasBeginTimeStamp sem:hasEndTimeStamp
                sem:hasEarliestBeginTimeStamp sem:hasLatestEndTimeStamp
                sem:hasPlace sem:hasActor }
    ?e ?p ?v .
    FILTER NOT EXISTS { ?v a sem:Role }
  }
}"""
PLACES = "SELECT ?inner ?outer WHERE { ?inner hkg:locatedIn+ ?outer }"
SEM = PREFIXES["sem"]
STARTS = {SEM + n for n in ("hasTimeStamp", "hasBeginTimeStamp", "hasEarliestBeginTimeStamp")}
ENDS = {SEM + n for n in ("hasTimeStamp", "hasEndTimeStamp", "hasLatestEndTimeStamp")}


@dataclass
class Seen:
    """What the graph says of one event, as far as the comparison needs it."""

    types: set[str] = field(default_factory=set)
    starts: list[date] = field(default_factory=list)
    ends: list[date] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)

    def span(self) -> tuple[date, date] | None:
        if not self.starts and not self.ends:
            return None
        return min(self.starts or self.ends), max(self.ends or self.starts)


@dataclass(frozen=True)
class Proposal:
    """Two events that may be one: why, in the words of the report."""

    first: str
    second: str
    type: str
    when: str
    places: str
    actors: str


def _local(iri: str) -> str:
    return iri.rpartition("/")[2].rpartition("#")[2]


def propose(store: ox.Store) -> list[Proposal]:
    """Pairs of distinct events of one type whose time, place and actors overlap."""
    seen: dict[str, Seen] = defaultdict(Seen)
    for row in select(store, EVENTS, use_default_graph_as_union=True, prefixes=PREFIXES):
        event = seen[row["e"].value]
        event.types.add(row["type"].value)
        p, v = row["p"], row["v"]
        if p is None or v is None:
            continue
        if p.value in STARTS | ENDS and isinstance(v, ox.Literal):
            if p.value in STARTS and (d := parse_day(v.value)):
                event.starts.append(d)
            if p.value in ENDS and (d := parse_day(v.value, last=True)):
                event.ends.append(d)
        elif p.value == SEM + "hasPlace":
            event.places.add(v.value)
        elif p.value == SEM + "hasActor":
            event.actors.add(v.value)
    inside: dict[str, set[str]] = defaultdict(set)
    for row in select(store, PLACES, use_default_graph_as_union=True, prefixes=PREFIXES):
        inside[row["inner"].value].add(row["outer"].value)

    def around(places: set[str]) -> set[str]:
        return places | {outer for p in places for outer in inside[p]}

    out = []
    for a, b in combinations(sorted(seen), 2):
        ea, eb = seen[a], seen[b]
        common = ea.types & eb.types
        sa, sb = ea.span(), eb.span()
        if not common or sa is None or sb is None or sa[0] > sb[1] or sb[0] > sa[1]:
            continue
        places = around(ea.places) & eb.places | ea.places & around(eb.places)
        actors = ea.actors & eb.actors
        if places and actors:
            out.append(
                Proposal(
                    _local(a),
                    _local(b),
                    ", ".join(sorted(_local(t) for t in common)),
                    f"{sa[0]}–{sa[1]} / {sb[0]}–{sb[1]}",
                    ", ".join(sorted(_local(p) for p in places)),
                    ", ".join(sorted(_local(x) for x in actors)),
                )
            )
    return out


REPORT = "duplicates.tsv"
COLUMNS = ("first", "second", "type", "when", "places", "actors")


def write_report(out_dir: Path, proposals: list[Proposal]) -> Path:
    """The proposals as a tab-separated table, one pair a line, for annotators to review."""
    path = out_dir / REPORT
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for p in proposals:
            writer.writerow([getattr(p, c) for c in COLUMNS])
    return path
