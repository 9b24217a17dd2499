"""One instance, several sources: what the build merges, and what it keeps apart.

GAF/NewsReader's instance–mention split: an event or a post holding that several sources
report (annotators give it the same id) is one node. Each source's graph keeps what that
source says, with its own evidence; what only several sources together decide goes into
``graph/instances``: the instance's one label, its time where the sources agree (the
functional ``hkg:date``, ``hkg:beginDate`` …) and, where they do not, every source's time
as a plain SEM literal (``sem:hasTimeStamp`` … are not functional) beside an
``hkg:Disagreement`` naming each source's reified ``hkg:TimeClaim``. Nothing picks a
winner; a functional property never gets two values, so the ontology stays consistent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .annotations import Fact, parse_time
from .markup import plain
from .namespaces import HKG, RES, SEM, VOCAB
from .rdfterms import Triple
from .temporal import (
    BOUND_KEYS,
    POINT_KEYS,
    PUBLICATION,
    EventTime,
    Time,
    event_time,
    first_day,
    last_day,
    literal,
    text,
)

#: The SEM property each time key is published with; a TimeClaim reifies this triple.
SEM_TIME = {
    "date": SEM.hasTimeStamp,
    "begin": SEM.hasBeginTimeStamp,
    "end": SEM.hasEndTimeStamp,
    "earliest-begin": SEM.hasEarliestBeginTimeStamp,
    "latest-begin": SEM.hasLatestBeginTimeStamp,
    "earliest-end": SEM.hasEarliestEndTimeStamp,
    "latest-end": SEM.hasLatestEndTimeStamp,
}
HKG_TIME = {**POINT_KEYS, **BOUND_KEYS}
#: Which date basis wins when sources differ: a time some source states is stated.
BASIS_ORDER = ("stated", "from-context", "report")
NEVER, ALWAYS = date.min, date.max


@dataclass
class Account:
    """What one source says of an event: its words for it, its time and where that comes
    from, and how it places the event."""

    source: str
    label: str
    times: dict[str, Time]  # time key -> value, publication bounds resolved to a day
    basis: str | None
    place_basis: str | None


@dataclass
class Tenure:
    """What one source says of a post holding: when it began, ended, or held."""

    source: str
    begin: Time | None = None
    end: Time | None = None
    as_of: Time | None = None


@dataclass
class Plan:
    """The instances several sources report, and how each is published."""

    events: dict[str, list[Account]] = field(default_factory=dict)
    tenures: dict[str, list[Tenure]] = field(default_factory=dict)
    #: A post holding's words ("Garry Conille as Prime Minister of Haiti"), by its id.
    holdings: dict[str, str] = field(default_factory=dict)

    def shared(self, event_id: str | None) -> bool:
        return event_id is not None and len(self.events.get(event_id, ())) > 1

    def shared_tenure(self, membership: str | None) -> bool:
        sources = {t.source for t in self.tenures.get(membership or "", ())}
        return len(sources) > 1

    def label(self, event_id: str) -> str:
        """The instance's label: its first source's (corpus texts first, then tables)."""
        return self.events[event_id][0].label

    def disputed(self, event_id: str) -> bool:
        return not consistent(self.events[event_id])

    def triples(self) -> list[Triple]:
        """Everything ``graph/instances`` says of the shared events and post holdings."""
        out: list[Triple] = []
        for event_id, accounts in sorted(self.events.items()):
            if len(accounts) > 1:
                out += event_triples(event_id, accounts)
        for membership, tenures in sorted(self.tenures.items()):
            if self.shared_tenure(membership):
                name = self.holdings.get(membership, membership)
                out += tenure_disagreement(membership, tenures, name)
        return out


def claim_iri(subject: str, key: str, source: str) -> URIRef:
    """The reified claim of one source about one time of an event or a post holding."""
    return RES[f"{subject}-{key}-by-{source}"]


def account(fact: Fact, source: str, known: dict[str, date | None]) -> Account:
    """One source's account of an event; ``known`` resolves publication bounds to the day
    the source's metadata allows (``earliest`` and ``latest``), or None."""
    when, basis = event_time(fact)
    times = resolved(when, known)
    place_basis = fact.get("place-basis", "stated") if "place" in fact.fields else None
    return Account(source, plain(str(fact.get("label"))), times, basis, place_basis)


def resolved(when: EventTime, known: dict[str, date | None]) -> dict[str, Time]:
    """An event's time keys with a value: points, bounds, and publication bounds whose
    day the metadata knows (a lower bound the earliest, an upper bound the latest)."""
    times: dict[str, Time] = {**when.points, **when.bounds}
    for name in sorted(when.relative):
        day = known["earliest" if name.startswith("earliest") else "latest"]
        if day is not None:
            times[name] = day
    return times


def tenure(fact: Fact, source: str) -> Tenure:
    """One source's account of a post holding (``begin``, ``end``, ``as-of``)."""
    found: dict[str, Time | None] = {}
    for key in ("begin", "end", "as-of"):
        value = parse_time(fact.get(key), fact, key) if key in fact.fields else None
        if value == PUBLICATION:
            value = None  # as of a document: the source's own membership node says so
        found[key] = value
    return Tenure(source, found["begin"], found["end"], found["as-of"])


def window(times: dict[str, Time], side: str) -> tuple[date, date]:
    """When an event began (``side`` "begin") or ended, as far as one source bounds it."""
    low, high = NEVER, ALWAYS
    point = times.get("date") or times.get(side)
    if point is not None:
        low, high = first_day(point), last_day(point)
    if (bound := times.get(f"earliest-{side}")) is not None:
        low = max(low, first_day(bound))
    if (bound := times.get(f"latest-{side}")) is not None:
        high = min(high, last_day(bound))
    return low, high


def consistent(accounts: list[Account]) -> bool:
    """Whether the sources can all be right about the time: no key with two values, and
    the spans each leaves for the beginning and the end overlap."""
    for key in POINT_KEYS:
        if len({text(a.times[key]) for a in accounts if key in a.times}) > 1:
            return False
    for side in ("begin", "end"):
        windows = [window(a.times, side) for a in accounts]
        if max(w[0] for w in windows) > min(w[1] for w in windows):
            return False
    starts = max(window(a.times, "begin")[0] for a in accounts)
    ends = min(window(a.times, "end")[1] for a in accounts)
    return starts <= ends


def merged(accounts: list[Account]) -> dict[str, Time]:
    """The time of agreeing sources: a day if one gives it; else the begin and end given,
    and the tightest bounds on a side no point fixes."""
    found: dict[str, Time] = {}
    for a in accounts:
        for key in POINT_KEYS:
            if key in a.times:
                found[key] = a.times[key]
    if "date" in found:
        return {"date": found["date"]}
    for key in BOUND_KEYS:
        side = "begin" if key.endswith("begin") else "end"
        values = [a.times[key] for a in accounts if key in a.times]
        if not values or side in found:
            continue
        pick = max if key.startswith("earliest") else min
        edge = first_day if key.startswith("earliest") else last_day
        found[key] = pick(values, key=edge)
    return found


def event_triples(event_id: str, accounts: list[Account]) -> Iterable[Triple]:
    """The shared event's label, time, date and place basis, and any disagreement."""
    node = RES[event_id]
    yield node, RDFS.label, Literal(accounts[0].label, lang="en")
    timed = [a for a in accounts if a.times]
    if timed:
        bases = {a.basis for a in timed if a.basis}
        basis = next((b for b in BASIS_ORDER if b in bases), "stated")
        yield node, HKG.dateBasis, URIRef(f"{VOCAB}date-{basis}")
    if consistent(timed or accounts):
        for key, value in merged(timed).items():
            yield node, HKG_TIME[key], literal(value)
    else:
        yield from time_disagreement(event_id, accounts)
    places = {a.place_basis for a in accounts if a.place_basis}
    if places:
        basis = "stated" if "stated" in places else "from-context"
        yield node, HKG.placeBasis, URIRef(f"{VOCAB}place-{basis}")


def time_disagreement(event_id: str, accounts: list[Account]) -> Iterable[Triple]:
    """Every source's time as a plain SEM literal, and the disagreement naming each
    source's claim."""
    node, disagreement = RES[event_id], RES[f"disagreement-{event_id}-time"]
    words = []
    yield disagreement, RDF.type, HKG.Disagreement
    yield disagreement, HKG.disagreementOn, node
    for a in accounts:
        for key, value in sorted(a.times.items()):
            yield node, SEM_TIME[key], literal(value)
            yield disagreement, HKG.includesClaim, claim_iri(event_id, key, a.source)
            words.append(f"{key} {text(value)} ({a.source})")
    label = f"Sources disagree on when “{accounts[0].label}” happened: " + "; ".join(words)
    yield disagreement, RDFS.label, Literal(label, lang="en")


def tenure_disagreement(membership: str, tenures: list[Tenure], name: str) -> Iterable[Triple]:
    """A disagreement on a post holding's beginning or end, when sources give two."""
    for key in ("begin", "end"):
        given = [(t.source, getattr(t, key)) for t in tenures if getattr(t, key) is not None]
        if len({text(v) for _, v in given}) < 2:
            continue
        node = RES[f"disagreement-{membership}-{key}"]
        yield node, RDF.type, HKG.Disagreement
        yield node, HKG.disagreementOn, RES[membership]
        for source, _ in given:
            yield node, HKG.includesClaim, claim_iri(f"{membership}-during", key, source)
        words = "; ".join(f"{text(v)} ({s})" for s, v in given)
        yield node, RDFS.label, Literal(f"Sources disagree on the {key} of {name}: {words}", "en")


def plan(
    sources: list[tuple[str, list[Fact], dict[str, date | None]]], names: dict[str, str]
) -> Plan:
    """The plan for confirmed facts of ``(source key, facts, publication days)``, sources
    in the order that picks labels: corpus texts by id, then tables of cited facts.
    ``names`` gives the labels of the registry's entities."""
    events: dict[str, list[Account]] = defaultdict(list)
    tenures: dict[str, list[Tenure]] = defaultdict(list)
    holdings: dict[str, str] = {}
    for key, facts, known in sources:
        for fact in facts:
            if fact.status != "confirmed":
                continue
            if fact.kind == "event":
                if not any(a.source == key for a in events[fact.item_id]):
                    events[fact.item_id].append(account(fact, key, known))
            elif fact.kind == "statement" and "membership" in fact.fields:
                membership = fact.get("membership")
                tenures[membership].append(tenure(fact, key))
                holdings[membership] = holding(fact, names)
    return Plan(dict(events), dict(tenures), holdings)


def holding(fact: Fact, names: dict[str, str]) -> str:
    """A post holding in words: "Musalia Mudavadi as Interior Minister of Kenya (acting)"."""
    person, post = (str(fact.get(k)) for k in ("subject", "object"))
    words = f"{names.get(person, person)} as {names.get(post, post)}"
    return words + (f" ({fact.get('capacity')})" if fact.get("capacity") else "")
