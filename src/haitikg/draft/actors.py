"""Who did it and where: the arguments of a trigger, read from the clause it stands in.

A sentence is cut into pieces at punctuation and at words that open a subordinate clause
("that", "which", "since", "after" …). A trigger's subject is the nearest fitting actor
before it that is not the object of a preposition ("the UN office *in Haiti* said": the
office speaks, not Haiti); its place is a named place after "in", "at" (or "to", "into" for a
movement; "near" for an attack) inside its own piece, so "told the Assembly that 382 officers
were serving in Haiti" gives the telling no place. "The mission", "the council", "the
service" stand for the last entity named with that head word.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Protocol

from .lexicon import SUBORDINATORS, TEMPORAL_SUBORDINATORS
from .records import Mention
from .registry import Registry, fold

ACTOR_TYPES = {
    "Person",
    "State",
    "Organization",
    "Government",
    "PoliceForce",
    "Contingent",
    "InternationalOrganization",
    "MultinationalMission",
    "CriminalGang",
}
PLACE_TYPES = {"City", "Place", "State", "Region"}
PERSONNEL_WORDS = "officers|soldiers|troops|personnel|police|team|contingent|delegation|group"

_DATEISH = (
    r"(?:the\s+)?(?:early|late|mid|last|this|next|\d|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)"
)
#: Clause marks; "since June" and "until Friday" are a date, not a clause.
_PIECE = re.compile(
    rf"[;:—()“”\"]|,(?!\d)|\b(?:{SUBORDINATORS})\b|"
    rf"\b(?:{TEMPORAL_SUBORDINATORS})\b(?!\s+{_DATEISH})",
    re.I,
)
_PREPOSITION = re.compile(
    r"\b(?:in|at|of|from|for|to|on|with|near|by|over|against|into|across|than|about|under|"
    r"between|among|toward|towards|beside|behind|outside|inside|throughout)\s+(?:the\s+)?$",
    re.I,
)
#: "The representative of Panama said": who speaks for a state speaks as the state.
_SPEAKS_FOR = re.compile(
    r"\b(?:representatives?|delegates?|delegations?|envoys?|ambassadors?|spokes(?:person|man|"
    r"woman)s?|members?|officials?|staff)\s+(?:of|for|from)\s+(?:the\s+)?$",
    re.I,
)
#: Head nouns of definite descriptions ("the mission said") and what they may stand for.
NOMINALS = {
    "mission": ("MultinationalMission",),
    "force": ("MultinationalMission",),
    "council": ("Organization", "InternationalOrganization"),
    "court": ("Organization",),
    "service": ("Organization", "PoliceForce"),
    "police": ("PoliceForce",),
    "office": ("Organization", "InternationalOrganization"),
    "agency": ("Organization", "InternationalOrganization"),
    "organisation": ("Organization", "InternationalOrganization"),
    "organization": ("Organization", "InternationalOrganization"),
    "assembly": ("Organization", "InternationalOrganization"),
    "government": ("Government",),
    "ministry": ("Organization", "Government"),
}
_NOMINAL = re.compile(
    r"\b(?:the|its|their)\s+(?:[\w-]+\s+){0,2}(?P<head>" + "|".join(NOMINALS) + r")\s*$", re.I
)


_OPENING = re.compile(
    r"\s*(?:[A-Z][A-Z .'-]+[—–]\s*)?(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?P<head>"
    + "|".join(NOMINALS)
    + r")\b(?=\s*(?:,|has|had|have|was|were|is|\w+ed\b))",
    re.I,
)


def kind(registry: Registry, mention: Mention) -> str:
    return registry.entities[mention.entity].type


def pieces(text: str, sentence: tuple[int, int]) -> list[tuple[int, int, bool]]:
    """``(begin, end, subordinate)`` stretches of a sentence between clause marks."""
    s_begin, s_end = sentence
    out, start, sub = [], s_begin, False
    for m in _PIECE.finditer(text, s_begin, s_end):
        out.append((start, m.start(), sub))
        start, sub = m.end(), m.group()[0].isalpha()
    out.append((start, s_end, sub))
    return [p for p in out if p[1] > p[0]]


def piece_of(text: str, offset: int, sentence: tuple[int, int]) -> tuple[int, int, bool]:
    for p in pieces(text, sentence):
        if p[0] <= offset < p[1]:
            return p
    return (offset, offset, False)


class Site(Protocol):
    """A trigger in its sentence with the names of the text (``roles.Clause`` is one)."""

    text: str
    m: re.Match[str]
    sentence: tuple[int, int]
    mentions: list[Mention]  # the text's
    here: list[Mention]  # the sentence's
    registry: Registry


def subject(site: Site, kinds: Collection[str] | None) -> Mention | None:
    """The actor the trigger's clause is about: nearest before it in the main clause (not
    after a preposition), a description ("the mission") resolved, else a possessor."""
    text, m, sentence = site.text, site.m, site.sentence
    mentions, registry = site.mentions, site.registry
    s_begin = sentence[0]
    own = piece_of(text, m.start(), sentence)
    # a subordinate clause has its subject inside it ("… that Kenya had sent"); a main
    # clause runs back over appositions to the sentence start
    start = own[0] if own[2] else s_begin
    if own[2] and not [x for x in mentions if own[0] <= x.begin and x.end <= m.start()]:
        for x in mentions:  # "Burkina Faso, which had promised a battalion": its antecedent
            if re.fullmatch(r"\s*,\s*(?:which|who)\s*", text[x.end : own[0]]) and (
                kinds is None or kind(registry, x) in kinds
            ):
                return _capital_as_state(x, registry)
    before = [x for x in mentions if start <= x.begin and x.end <= m.start()]
    before = [_capital_as_state(x, registry) for x in before]
    described = nominal(text, m.start(), mentions, registry, kinds)
    if described is None and not own[2]:  # "The Kenya-led security mission, which …, has"
        described = nominal(text, m.start(), mentions, registry, kinds, at_start=start)
    candidates = []
    for x in before:
        if re.match(r"-(?:led|based|backed|funded|run)\b", text[x.end : x.end + 8]):
            continue  # "the Kenya-led mission": a modifier, not the subject
        court = (
            kinds is not None and "Court" in kinds and "Court" in registry.entities[x.entity].label
        )
        if kinds is not None and kind(registry, x) not in kinds and not court:
            continue
        if _PREPOSITION.search(
            text[max(s_begin, x.begin - 12) : x.begin]
        ) and not _SPEAKS_FOR.search(text, max(s_begin, x.begin - 40), x.begin):
            continue
        if not own[2] and any(p[2] and p[0] <= x.begin < p[1] for p in pieces(text, sentence)):
            continue  # inside a relative clause: "Blinken, who met Ruto, praised"
        candidates.append(x)
    if described and (not candidates or candidates[-1].end < described.begin):
        return described
    persons = [x for x in candidates if kind(registry, x) == "Person"]
    if kinds and "Person" in kinds and persons:
        candidates = persons
    plain = [x for x in candidates if not re.match(r"[’']s\b", text[x.end : x.end + 2])]
    pick = plain or candidates
    return pick[-1] if pick else None


def nominal(
    text: str,
    at: int,
    mentions: list[Mention],
    registry: Registry,
    kinds: Collection[str] | None,
    at_start: int | None = None,
) -> Mention | None:
    """ "the mission said": the last entity named before, of the description's head word;
    with ``at_start``, a description opening the clause there ("The … mission, which …")."""
    if at_start is None:
        m = _NOMINAL.search(text, max(0, at - 40), at)
    else:
        m = _OPENING.match(text, at_start, at)
    if not m:
        return None
    head = m.group("head").lower()
    for x in reversed([x for x in mentions if x.end <= m.start()]):
        known = registry.entities[x.entity]
        if known.type not in NOMINALS[head] or (kinds is not None and known.type not in kinds):
            continue
        if head in ("mission", "force") or head in fold(known.label).split():
            return Mention(m.start(), m.end(), "nominal", 0.6, x.entity)
    return None


def after_speech(
    text: str, m: re.Match[str], mentions: list[Mention], registry: Registry
) -> Mention | None:
    """ "…,” said María Isabel Salvador": the person right after a speech verb."""
    for x in mentions:
        if x.begin >= m.end() and kind(registry, x) == "Person":
            if re.fullmatch(r"\s+", text[m.end() : x.begin]):
                return x
            break
    return None


def adjacent(text: str, found: Mention, m: re.Match[str]) -> bool:
    """Whether the subject stands right before the verb, an apposition apart at most
    ("Godfrey Otunge, the commander, said"), not before another noun ("Haiti, the judge
    said")."""
    between = text[found.end : m.start()]
    return bool(
        re.fullmatch(
            r"(?:[’']s)?\s*(?:,[^,.;]{0,80},|,)?\s*(?:\w+ly\s+)?(?:has\s+|had\s+|have\s+)?",
            between,
        )
    )


def _capital_as_state(x: Mention, registry: Registry) -> Mention:
    """ "Washington had pledged": a capital acting stands for its state."""
    state = registry.capitals.get(x.entity)
    return Mention(x.begin, x.end, x.cue, x.confidence, state) if state else x


def sender(text: str, here: list[Mention], registry: Registry) -> str | None:
    """The state whose demonym names the personnel ("Kenyan officers", "Kenyan police"),
    or that they come from ("officers from Belize")."""
    for x in here:
        if kind(registry, x) == "State" and re.search(
            rf"\b(?:{PERSONNEL_WORDS})\s+(?:\w+\s+)?from\s+$", text[max(0, x.begin - 40) : x.begin]
        ):
            return x.entity
    for x in here:
        if x.cue == "demonym":
            return x.entity
        first = text[x.begin : x.end].split()[0]
        if kind(registry, x) in ("PoliceForce", "Contingent") and fold(first) in registry.demonyms:
            return registry.demonyms[fold(first)]
    return None


_PLACE_PREP = {
    "move": r"in|at|to|into|on",
    "attack": r"in|at|near|outside",
    "other": r"in|at",
}
_AFTER_PLACE = re.compile(
    r"[’']s\b|\s*(?:[,.;:—)]|$)|\s+(?:on|in|at|to|for|from|with|and|before|after|since|during|"
    r"earlier|last|this|the|as|when|where|while|by|of|who|which|that|until|over|late|early)\b"
)


def place(site: Site, motion: str) -> str | None:
    """A named place after "in"/"at" (or "to" for a movement, "near" for an attack) in the
    trigger's own piece of clause, or the place a "…, where" clause hangs on."""
    text, m, sentence = site.text, site.m, site.sentence
    here, registry = site.here, site.registry
    for x in here:
        where = re.fullmatch(
            r"(?:\s+(?:area|neighbou?rhood|district|region|town|city|commune|department))?"
            r",\s+where\b[^,;.]*",
            text[x.end : m.start()].rstrip(),
        )
        if x.end <= m.start() and kind(registry, x) in PLACE_TYPES and where:
            return x.entity
    for x in here:  # "In Port-au-Prince, gang attacks continued."
        if x.end > m.start() or kind(registry, x) not in PLACE_TYPES:
            continue
        lead = text[sentence[0] : x.begin]
        if re.fullmatch(r"\s*(?:In|At|Near|Outside)\s+(?:the\s+)?", lead) and re.match(
            r"\s*(?:area|region|district)?\s*,", text[x.end :]
        ):
            return x.entity
    own = piece_of(text, m.start(), sentence)
    prep = re.compile(
        rf"\b(?:{_PLACE_PREP[motion]})\s+(?:the\s+)?(?:(?:town|city|village|commune|capital)\s+of\s+)?$",
        re.I,
    )
    direct = re.match(r"reach", m.group(), re.I)  # "reached Bangui": no preposition
    for x in here:
        if x.begin < m.end() or x.end > own[1] or kind(registry, x) not in PLACE_TYPES:
            continue
        if direct and re.fullmatch(r"\s+(?:the\s+)?", text[m.end() : x.begin]):
            return x.entity
        if prep.search(text[max(m.start(), x.begin - 24) : x.begin]) and _AFTER_PLACE.match(
            text, x.end
        ):
            owned = [  # "in Haiti's Artibonite region": the region
                y
                for y in here
                if y.begin > x.end
                and kind(registry, y) in PLACE_TYPES
                and re.fullmatch(r"[’']s\s+", text[x.end : y.begin])
            ]
            return (owned or [x])[0].entity
    return None
