"""Events from trigger words, mapped to the ontology's event types, with their actors and
roles read from the trigger's clause (``actors``), their place ("in", "at" a named place in
that clause) and their time (the date expression of the trigger's clause, else one of its
sentence that no other trigger or subordinate clause holds).

Triggers are found by ``triggers``. Nothing is filled in: an event whose clause names no
place has none, and one whose sentence has no date has no time.
"""

from __future__ import annotations

import re
from itertools import pairwise

from . import actors, roles
from .names import dateline_end
from .records import Event, Figure, Mention, Quotation, TimeExpression
from .registry import Registry
from .sentences import Sentences
from .triggers import Trigger, triggers_of


def find(
    text: str,
    sentences: Sentences,
    mentions: list[Mention],
    times: list[TimeExpression],
    figures: list[Figure],
    quotations: list[Quotation],
    registry: Registry,
    holders: set[str],
) -> list[Event]:
    """Events of each sentence, one per trigger class (the first that makes an event wins,
    so "voted … adopted" is one vote). Words inside quotation marks trigger nothing."""
    out: list[Event] = []
    quoted = [(q.begin, q.end) for q in quotations]
    outside = [m for m in mentions if not any(b <= m.begin < e for b, e in quoted)]
    dateline = dateline_end(text)
    for s_begin, s_end in sentences:
        names = [(x.begin, x.end) for x in mentions if s_begin <= x.begin < s_end]
        triggers = triggers_of(text, s_begin, s_end, quoted + names)
        made: set[str] = set()
        for m, cls, etype, name in triggers:
            if cls in made:
                continue
            event = _event(text, (s_begin, s_end), m, cls, etype, name, outside, registry, out)
            if event is None or (name == "said" and not _public(event, registry, holders)):
                continue
            event.trigger_left = text[max(s_begin, m.start() - 40) : m.end()]
            mine = _times(text, m, (s_begin, s_end), times, triggers, dateline)
            if cls == "PublicStatement":  # "said it will review … before the end of the year"
                mine = [t for t in mine if not _REPORTED_FUTURE.search(text, m.end(), t.begin)]
            event.time.update(_time(text, m, mine))
            if re.search(r"\b(?:began|begun|begin|begins|started|starts|start)\b", m.group()):
                event.time.pop("end", None)  # "the deployment began in June": its start
            anonymous = not (event.roles or event.time or _counted(event, figures))
            if cls == "ContingentArrival" and anonymous:
                continue  # "… ; three quarters of them have arrived": no one arrival
            made.add(cls)
            if not _continues(event, out, sentences):
                out.append(event)
    _statements_from_quotes(out, quotations, sentences, registry, holders)
    return out


#: A future in the words reported: its date is theirs, not the telling's.
_REPORTED_FUTURE = re.compile(r"\b(?:will|would|shall|could|may|might|to\s+be)\b", re.I)


def _times(
    text: str,
    m: re.Match[str],
    sentence: tuple[int, int],
    times: list[TimeExpression],
    triggers: list[Trigger],
    dateline: int,
) -> list[TimeExpression]:
    """The date expressions of the trigger's piece of clause, else those of its sentence
    that stand in no subordinate clause of another verb and are nearest this trigger."""
    s_begin, s_end = sentence
    own = actors.piece_of(text, m.start(), sentence)
    inside = [t for t in times if s_begin <= t.begin and t.end <= s_end and t.begin >= dateline]
    mine = [t for t in inside if own[0] <= t.begin < own[1]]
    relative = re.match(r"\s+(?:that|which)\s+[^,.;]*", text[m.end() : s_end])
    if not mine and relative and not text[m.end() : own[1]].strip():  # "a ruling that … in May"
        mine = [t for t in inside if m.end() <= t.begin < m.end() + relative.end()]
    if mine:
        return mine
    out = []
    for t in inside:  # "On Friday, the council voted"; "…voted, on 16 November, to …"
        piece = actors.piece_of(text, t.begin, sentence)
        opens = re.fullmatch(r"\s*(?:on|in|at|by|since|early|late)?\s*", text[piece[0] : t.begin])
        leads = (  # "… that in 2024 alone, 5,600 lives were lost": the time leads the clause
            re.fullmatch(r"\s*(?:alone|only|so\s+far)?\s*", text[t.end : piece[1]])
            and opens
            and re.fullmatch(r"[\s,]*", text[piece[1] : own[0]])
        )
        if (piece[2] and not leads) or (piece[0] > own[0] and not opens):
            continue
        if _nearest(t, triggers) is m:
            out.append(t)
    return out


def _counted(event: Event, figures: list[Figure]) -> bool:
    return any(
        event.begin <= f.begin and f.end <= event.end and f.measure == "personnel-arrived"
        for f in figures
    )


def _public(event: Event, registry: Registry, holders: set[str]) -> bool:
    """A plain "said" is a public statement when an office holder, an organisation or a
    state says it; what a resident tells a reporter is not."""
    speaker = event.roles["speaker"][0]
    return registry.entities[speaker].type != "Person" or speaker in holders


#: Event types whose telling may go on over the next sentences, and the role that must
#: agree ("Ruto told the Assembly … ‘…,’ Ruto said": one statement).
CONTINUED = {
    "Authorization": "agent",
    "Vote": "agent",
    "CourtRuling": "agent",
    "ArmedViolence": "perpetrator",
    "PublicStatement": "speaker",
    "ContingentArrival": "sender",
}


def _continues(event: Event, earlier: list[Event], sentences: Sentences) -> bool:
    """An act told again in the next sentences ("The council voted … It authorises the new
    force …"; "… died after an ambush. … gunmen attacked a patrol") is the same event: add
    the span to the first telling."""
    if event.type not in CONTINUED:
        return False
    here = sentences.index(event.begin)
    for e in reversed(earlier):
        if e.type != event.type or not 0 < here - sentences.index(e.begin) <= 2:
            continue
        key = CONTINUED[event.type]
        agents, mine = set(e.roles.get(key, [])), set(event.roles.get(key, []))
        if (mine and agents and not mine & agents) or (key == "speaker" and mine != agents):
            continue
        if event.type == "PublicStatement" and not event.cue.endswith(":said"):
            continue  # "X said …" goes on; "X outlined …" is another statement
        counted = (  # "… in the first quarter. Figures show 1,554 people were killed"
            event.type == "ArmedViolence"
            and here - sentences.index(e.begin) == 1
            and re.search(r"\d\s+\w+\s+(?:were|had\s+been|have\s+been)\s+\w+$", event.trigger_left)
        )
        if event.time and e.time and event.time != e.time and not counted:
            continue
        if event.place and e.place and event.place != e.place:
            continue
        e.also.append((event.begin, event.end))
        for role, who in event.roles.items():
            for x in who:
                if x not in e.roles.setdefault(role, []):
                    e.roles[role].append(x)
        e.time = e.time or event.time
        e.place = e.place or event.place
        return True
    return False


def _nearest(t: TimeExpression, triggers: list[Trigger]) -> re.Match[str]:
    return min(triggers, key=lambda x: min(abs(t.begin - x[0].end()), abs(x[0].start() - t.end)))[0]


def _event(
    text: str,
    sentence: tuple[int, int],
    m: re.Match[str],
    cls: str,
    etype: str | None,
    name: str,
    mentions: list[Mention],
    registry: Registry,
    earlier: list[Event],
) -> Event | None:
    """The event a trigger makes, with its roles (roles.py) and place; None when the
    trigger's clause shows it is no event of its class."""
    clause = roles.Clause(text, sentence, m, name, mentions, registry, earlier)
    found = roles.read(clause, cls)
    if found is None:
        return None
    event = Event(
        sentence[0],
        sentence[1],
        f"trigger:{name}",
        0.7,
        type=cls,
        event_type=etype,
        trigger=m.group(),
        roles=found,
    )
    motion = {"ContingentArrival": "move", "Deployment": "move", "ArmedViolence": "attack"}
    event.place = actors.place(clause, motion.get(cls, "other"))
    return event


#: "between 1 January and 31 March 2025", "from June to August": one period, two dates.
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+$", re.I)
_RANGE_JOIN = re.compile(r"\s*(?:and|to|until|through|[–—-])\s*", re.I)


def _time(text: str, m: re.Match[str], mine: list[TimeExpression]) -> dict[str, str]:
    """The time keys of the nearest resolved date expression that belongs to this trigger
    (of the period two of them bound, when it is one of those)."""
    candidates = [t for t in mine if t.kind != "unresolved"]
    if not candidates:
        return {}
    t = min(candidates, key=lambda t: min(abs(t.begin - m.end()), abs(m.start() - t.end)))
    if period := _period(text, candidates, t):
        return period
    if t.kind == "xsd:date":
        return _given({"date": t.value})
    if t.since and t.earliest:
        return {"begin": t.earliest}
    if t.kind in ("xsd:gYearMonth", "xsd:gYear"):
        if t.cue == "date:this":  # "this year": from its start, still running
            return _given({"begin": t.value})
        return _given({"begin": t.value, "end": t.value})
    if t.cue in ("date:quarter", "date:first months"):  # "in the first quarter": within it
        return _given({"begin": t.earliest, "end": t.latest})
    return _given({"earliest-begin": t.earliest, "latest-end": t.latest})


def _period(
    text: str, candidates: list[TimeExpression], t: TimeExpression
) -> dict[str, str] | None:
    """Begin and end of a period told by two dates ("between … and …", "from … to …")
    of which ``t`` is one; the first takes the second's year when it gives none."""
    ordered = sorted(candidates, key=lambda x: x.begin)
    for first, last in pairwise(ordered):
        if t not in (first, last) or not (first.value and last.value):
            continue
        opened = _RANGE_OPEN.search(text, max(0, first.begin - 12), first.begin)
        if not (opened and _RANGE_JOIN.fullmatch(text, first.end, last.begin)):
            continue
        begin, end = first.value, last.value
        if first.basis == "relative" and last.basis == "stated" and len(begin) == len(end):
            year = int(end[:4]) - (begin[4:] > end[4:])  # "from November to March 2025"
            begin = f"{year:04d}{begin[4:]}"
        return {"begin": begin, "end": end} if begin <= end else None
    return None


def _given(keys: dict[str, str | None]) -> dict[str, str]:
    """The time keys that have a value (a resolved date expression has them all)."""
    return {key: value for key, value in keys.items() if value}


def _statements_from_quotes(
    events: list[Event],
    quotations: list[Quotation],
    sentences: Sentences,
    registry: Registry,
    holders: set[str],
) -> None:
    """A quotation by a post holder, an organisation or a state is said in a statement;
    the statement of its sentence if there is one, else a new one."""
    for q in quotations:
        kind_ = registry.entities[q.speaker].type
        if kind_ == "Person" and q.speaker not in holders:
            continue
        s_begin, s_end = sentences.around(q.begin)
        for e in events:
            spans = [(e.begin, e.end), *e.also]
            near = any(
                b <= q.begin < end
                or b < q.end <= end
                or (q.cue == "quote:continued" and end <= q.begin <= end + 3)
                for b, end in spans
            )
            told_just_before = (  # "X announced … . “…,” the minister said.": one act
                any(0 <= sentences.index(q.begin) - sentences.index(b) <= 2 for b, _ in spans)
                and e.roles.get("speaker") == [q.speaker]
                and q.cue in ("quote:title-after", "quote:pronoun-after")
            )
            if (
                e.type == "PublicStatement"
                and (near or told_just_before)
                and q.speaker in e.roles.get("speaker", [])
            ):
                e.quotations.append(q)
                if not any(b <= q.begin < end for b, end in spans):
                    e.also.append((s_begin, s_end))
                break
        else:
            e = Event(
                s_begin,
                s_end,
                "quotation:speaker",
                0.6,
                type="PublicStatement",
                roles={"speaker": [q.speaker]},
            )
            e.quotations.append(q)
            events.append(e)
