"""One pass over a text: names, mentions, people, dates, figures, quotations, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import attribution, dates, events, figures, mentions, names, people, quotations
from .records import Event, Figure, Holding, Mention, Quotation, TimeExpression
from .registry import Known, Registry
from .sentences import Sentences


@dataclass
class Draft:
    """Everything proposed for one text, with the entities it introduces."""

    text: str
    anchor: date | None
    registry: Registry
    sentences: Sentences
    new: dict[str, tuple[Known, str, float]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def draft(text: str, registry: Registry, anchor: date | None = None) -> Draft:
    """Propose every annotation the rules find in ``text``; ``anchor`` resolves relative
    dates and is left None when the document's date is not known."""
    registry = registry.copy()
    sents = Sentences(text)
    starts = {b for b, _ in sents}
    result = Draft(text, anchor, registry, sents)
    fixed: list[tuple[int, int, str, str, float]] = []
    prelim = mentions.MentionIndex(mentions.find(text, registry))

    def context(at: int) -> str | None:  # whose a generic institution is ("High Court")
        return people.context_state(
            at, registry, sents, prelim.before, person=False
        ) or people.topic_state(at, registry, sents, prelim.before)

    for known, name in names.find(text, registry, starts, context):
        kept = registry.add(known)
        if kept is known and known.new and known.id not in result.new:
            result.new[known.id] = (known, f"name:{known.type}", 0.6)
        fixed.append((name.begin, name.end, kept.id, f"name:{known.type}", 0.6))
    first = mentions.MentionIndex(mentions.merge(mentions.find(text, registry), fixed))
    found_people, holdings, posts, officials = people.find(text, registry, sents, first.before)
    for known, (begin, end), cue, confidence in found_people:
        registry.add(known)
        result.new[known.id] = (known, cue, confidence)
        fixed.append((begin, end, known.id, cue, confidence))
    for post in posts:
        registry.add(post)
        result.new[post.id] = (post, "title", 0.6)
    result.holdings = holdings
    found = mentions.merge(mentions.find(text, registry), fixed)
    result.mentions = _without_titles(found, holdings, registry)
    for m in result.mentions:  # gazetteer states and cities become proposals once named
        known = registry.entities[m.entity]
        if known.new and m.entity not in result.new:
            result.new[m.entity] = (known, f"gazetteer:{known.type}", 0.8)
    result.times = dates.find(text, anchor, sents)
    taken = [(t.begin, t.end) for t in result.times]
    taken += [
        (m.begin, m.end)
        for m in result.mentions
        if registry.entities[m.entity].type == "Resolution"
    ]
    result.figures = figures.find(text, sents, taken, set(registry.demonyms))
    attribution.reporters(text, result.figures, result.mentions, sents, registry)
    result.quotations = quotations.find(text, sents, result.mentions, registry, officials)
    holders = {h.person for h in holdings} | set(officials)
    result.events = events.find(
        text,
        sents,
        result.mentions,
        result.times,
        result.figures,
        result.quotations,
        registry,
        holders,
    )
    _contingents(result)
    return result


def _contingents(result: Draft) -> None:
    """An arrival on a known day by a sending state's personnel is the arrival of a
    contingent, ``<demonym>-contingent-<yyyy-mm-dd>``: propose it, make it the agent, and
    the guest of a reception told in the next two sentences."""
    registry = result.registry
    for e in result.events:
        senders = e.roles.get("sender")
        sender = senders[0] if senders else None
        day = e.time.get("date")
        if e.type != "ContingentArrival" or not sender or not day:
            continue
        state = registry.entities[sender]
        demonym = sorted(state.demonyms)[0] if state.demonyms else state.label
        known = Known(
            f"{demonym.lower()}-contingent-{day}",
            "Contingent",
            f"{demonym} contingent that arrived on {day}",
            new=True,
        )
        registry.add(known)
        result.new.setdefault(known.id, (known, "arrival:contingent", 0.6))
        e.roles["agent"] = [known.id]
        here = result.sentences.index(e.begin)
        for other in result.events:
            if other.type == "Reception" and 0 <= result.sentences.index(other.begin) - here <= 2:
                other.roles["guest"] = [known.id]
                other.time.setdefault("date", day)


def _without_titles(
    found: list[Mention], holdings: list[Holding], registry: Registry
) -> list[Mention]:
    """Posts are not mentioned by name in running text; drop any a title produced."""
    return [m for m in found if registry.entities[m.entity].type != "Post"]
