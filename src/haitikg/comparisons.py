"""Figures of the same quantity from different sources, side by side.

Claims about the same quantity — the same measure of the same subject, at the same place
and time — are grouped into one ``hkg:FigureInstance`` (GAF's instance: the number of
Kenyan officers who landed on 25 June 2024), which each claim ``hkg:quantifies`` and which
is ``gaf:denotedBy`` every claim's mentions. Annotators may declare the grouping
(``instance: <id>``, for claims whose subject, place or time the sources word differently);
otherwise claims group by (measure, subjects, place, time) exactly, and a group in which one
source has two claims is left ungrouped (they are different quantities, such as 20 soldiers
and 4 police). Where the numbers differ, an ``hkg:Disagreement`` names the claims. No value
is preferred.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .annotations import Fact, parse_number
from .namespaces import GAF, HKG, RES
from .rdfterms import Triple


@dataclass(frozen=True)
class FigureClaim:
    """One published figure claim, as far as grouping needs it."""

    claim: str
    source: str
    measure: str
    subjects: tuple[str, ...]
    place: str | None
    time: str | None
    instance: str | None
    number: int | float
    mentions: tuple[URIRef, ...]


def figure(fact: Fact, source: str, mentions: Iterable[URIRef]) -> FigureClaim:
    """A figure claim's grouping key fields; a time relative to the publication belongs to
    that source alone."""
    subjects: list[str] = []
    for key in ("about", "concerns"):
        value = fact.get(key)
        subjects += value if isinstance(value, list) else [value] if value else []
    time = fact.get("period", fact.get("as-of"))
    if isinstance(time, dict):
        time = "/".join(str(time.get(k, "")) for k in ("begin", "end"))
    time = None if time is None else str(time)
    if time is not None and "publication" in time:
        time = f"{time}@{source}"
    return FigureClaim(
        claim=str(fact.id),
        source=source,
        measure=str(fact.get("measure")),
        subjects=tuple(sorted(subjects)),
        place=fact.get("place"),
        time=time,
        instance=fact.get("instance"),
        number=parse_number(fact.get("value"), fact.error),
        mentions=tuple(mentions),
    )


def _slug(*parts: object) -> str:
    text = "-".join(str(p) for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _name(measure: str, subjects: tuple[str, ...], place: str | None, time: str | None) -> str:
    """A computed instance's local name: measure, subjects, and the time and place unless
    a subject's id already says them (``arrival-2024-06-25``)."""
    said = "-".join(subjects)
    extra = [p for p in (time, place) if p and _slug(p) not in said]
    return _slug(measure, *subjects, *extra)


def groups(figures: list[FigureClaim]) -> dict[str, list[FigureClaim]]:
    """Figure instances (by IRI local name) with their claims, from two sources or more."""
    #: ("instance", its id, …) or ("key", measure, subjects, place, time)
    found: dict[tuple[str, str, tuple[str, ...], str | None, str | None], list[FigureClaim]]
    found = defaultdict(list)
    for f in figures:
        if f.instance:
            found[("instance", f.instance, (), None, None)].append(f)
        elif f.subjects:
            found[("key", f.measure, f.subjects, f.place, f.time)].append(f)
    out: dict[str, list[FigureClaim]] = {}
    for key, claims in found.items():
        sources = [c.source for c in claims]
        if len(set(sources)) < 2:
            continue
        if key[0] == "key" and len(set(sources)) < len(sources):
            continue  # one source, two claims: not one quantity
        kind, name, subjects, place, time = key
        name = name if kind == "instance" else _name(name, subjects, place, time)
        out[f"figure-{name}"] = sorted(claims, key=lambda c: (c.source, c.claim))
    return dict(sorted(out.items()))


def describe(claims: list[FigureClaim], names: dict[str, str]) -> str:
    """An instance in words: measure, subjects, place, and time when the claims share it."""
    first = claims[0]
    words = [names.get(f"measure-{first.measure}", first.measure)]
    subjects = sorted({s for c in claims for s in c.subjects})
    if subjects:
        words.append(", ".join(names.get(s, s) for s in subjects))
    places = sorted({c.place for c in claims if c.place})
    if len(places) == 1:
        words.append(f"in {names.get(places[0], places[0])}")
    times = {c.time for c in claims}
    if len(times) == 1 and first.time and "@" not in first.time:
        words.append(first.time)
    return " — ".join([words[0], ", ".join(words[1:])]) if len(words) > 1 else words[0]


def triples(figures: list[FigureClaim], names: dict[str, str]) -> Iterable[Triple]:
    """Figure instances, each claim's link to its instance, and the disagreements."""
    for local, claims in groups(figures).items():
        node = RES[local]
        label = describe(claims, names)
        yield node, RDF.type, HKG.FigureInstance
        yield node, RDFS.label, Literal(label, lang="en")
        for subject in sorted({s for c in claims for s in c.subjects}):
            yield node, HKG.concerns, RES[subject]
        for c in claims:
            yield RES[c.claim], HKG.quantifies, node
            for mention in c.mentions:
                yield node, GAF.denotedBy, mention
        if len({c.number for c in claims}) > 1:
            disagreement = RES[f"disagreement-{local.removeprefix('figure-')}"]
            values = "; ".join(f"{c.number:,} ({c.source})" for c in claims)
            yield disagreement, RDF.type, HKG.Disagreement
            yield disagreement, HKG.disagreementOn, node
            yield disagreement, RDFS.label, Literal(f"Sources disagree on {label}: {values}", "en")
            for c in claims:
                yield disagreement, HKG.includesClaim, RES[c.claim]
