"""Events from trigger words, mapped to the ontology's event types, with their actors and
roles read from the sentence, their place ("in", "at" a named place after the trigger) and
their time (the date expression of the trigger's clause, else of its sentence).

Nothing is filled in: an event whose sentence names no place has none, and one whose
sentence has no date has no time.
"""

from __future__ import annotations

import re

from .figures import clause
from .records import Event, Figure, Mention, Quotation, TimeExpression
from .registry import Registry

#: (trigger regex, event class, event-type concept or None, cue name)
TRIGGERS: list[tuple[str, str, str | None, str]] = [
    (
        r"arrived|arrives|arriving|landed|lands|touched down|reached Haiti|travell?ed",
        "ContingentArrival",
        None,
        "arrive",
    ),
    (
        r"(?:has|have|had|was|were)\s+deployed|deployed\s+(?:over|more|about|some|\d)",
        "Deployment",
        None,
        "deploy",
    ),
    (
        r"(?:said|says)\s+(?:it|they|he|she)\s+(?:would|will)\s+"
        r"(?:provide|send|contribute|give|deploy)|pledged|promised|"
        r"(?<!remained )(?<!remains )committed|offered|commitment\s+by|pledge[sd]?\s+to",
        "Pledge",
        None,
        "pledge",
    ),
    (
        r"(?:were|was|warmly)\s+(?:received|greeted)|welcomed|greeted\s+(?:by|the\s+(?:officers|contingent|troops))",
        "Reception",
        None,
        "receive",
    ),
    (
        r"expressed\s+(?:his|her|their)\s+gratitude|thanked",
        "PublicStatement",
        "endorsement",
        "thank",
    ),
    (r"made\s+a\s+(?:strong\s+)?case|praised|hailed", "PublicStatement", "endorsement", "endorse"),
    (
        r"outlined|described|announced|told\s+the|remarked|declared|stated|warned",
        "PublicStatement",
        None,
        "say",
    ),
    (r"\b(?:said|says|told)\b", "PublicStatement", None, "said"),
    (r"sparked\s+debate|debated|debate\s+over", "Debate", None, "debate"),
    (
        r"killed|lives\W+(?:were\s+)?lost|attacked|massacred|(?:were|was)\s+shot|ambushed|"
        r"gang\s+attacks",
        "ArmedViolence",
        None,
        "kill",
    ),
    (r"reclaim(?:ed|ing)?|retook|recaptured", "SecurityOperation", None, "reclaim"),
    (
        r"voted\s+(?:\w+\s+){0,3}to\s+(?:authori[sz]e|create|establish|turn|renew|extend)|"
        r"authori[sz]ed|authori[sz]es|approved\s+the\s+(?:force|mission)|"
        r"(?:renewed|extended)\s+(?:\w+\s+){0,2}(?:mandate|authori[sz]ation)",
        "Authorization",
        None,
        "authorise",
    ),
    (r"voted|votes?\s+in\s+favour|adopted|passed\s+by", "Vote", None, "vote"),
    (r"\bruled\b|ruling\s+that|court\s+ruling", "CourtRuling", None, "rule"),
]
_TRIGGERS = [(re.compile(rf"\b(?:{p})\b", re.I), c, t, n) for p, c, t, n in TRIGGERS]
UNITS_WORDS = "officers|soldiers|troops|personnel|police"
ORGS = {"Organization", "InternationalOrganization", "Government"}
#: What may be the subject of each class of event (None: any actor).
AGENTS: dict[str, set[str] | None] = {
    "PublicStatement": {
        "Person",
        "State",
        "InternationalOrganization",
        "Organization",
        "Government",
    },
    "Vote": ORGS,
    "Authorization": ORGS,
    "CourtRuling": {"Court"},
    "Deployment": {"State"},
    "Pledge": {"Person", "State", "InternationalOrganization", "Organization", "Government"},
}
SPEAKERS = {"Person", "State", "InternationalOrganization", "Organization", "Government"}
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
_PLACE_PREP = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.I)
#: What may follow a place named as where an event happened ("in Haiti on Thursday"),
#: unlike a place name used as an adjective ("in United States foreign aid").
_AFTER_PLACE = re.compile(
    r"[’']s\b|\s*(?:[,.;:—)]|$)|\s+(?:on|in|at|to|for|from|with|and|before|after|since|during|"
    r"earlier|last|this|the|as|when|where|while|by|of|who|which|that|until|over)\b"
)
_MOVE_PREP = re.compile(r"\b(?:in|at|to|into)\s+(?:the\s+)?$", re.I)
_FUTURE = re.compile(r"\b(?:will|would|expected|due|plans?\s+to|to\s+be)\s+(?:\w+\s+)?$", re.I)


def _type(registry: Registry, mention: Mention) -> str:
    return registry.entities[mention.entity].type


def find(
    text: str,
    sentences,
    mentions: list[Mention],
    times: list[TimeExpression],
    figures: list[Figure],
    quotations: list[Quotation],
    registry: Registry,
    holders: set[str],
) -> list[Event]:
    """Events of each sentence, one per trigger class (the first wins, so "voted …
    adopted" is one vote). Words inside quotation marks trigger nothing."""
    out: list[Event] = []
    quoted = [(q.begin, q.end) for q in quotations]
    outside = [m for m in mentions if not any(b <= m.begin < e for b, e in quoted)]
    for s_begin, s_end in sentences:
        triggers = []
        for pattern, cls, etype, name in _TRIGGERS:
            for m in pattern.finditer(text, s_begin, s_end):
                if any(b <= m.start() < e for b, e in quoted):
                    continue
                if not re.match(r"said|says", m.group()) and _FUTURE.search(
                    text[max(s_begin, m.start() - 25) : m.start()]
                ):
                    continue
                overlaps = any(t[0].start() < m.end() and m.start() < t[0].end() for t in triggers)
                if (
                    all(t[1] != cls for t in triggers)
                    and not overlaps  # "said it would provide" is a pledge, not also a statement
                    and not (cls == "Vote" and any(t[1] == "Authorization" for t in triggers))
                ):
                    triggers.append((m, cls, etype, name))
        for m, cls, etype, name in triggers:
            event = _event(
                text, (s_begin, s_end), m, cls, etype, name, outside, figures, registry, out
            )
            if event is None or (name == "said" and not _public(event, registry, holders)):
                continue
            c_begin, c_end = clause(text, m.start(), m.end(), (s_begin, s_end))
            mine = [t for t in times if c_begin <= t.begin and t.end <= c_end]
            mine = mine or [
                t
                for t in times
                if s_begin <= t.begin and t.end <= s_end and _nearest(t, triggers) is m
            ]
            event.time.update(_time(m, mine))
            if not _continues(event, out, sentences):
                out.append(event)
    _statements_from_quotes(out, quotations, sentences, registry, holders)
    return out


def _public(event: Event, registry: Registry, holders: set[str]) -> bool:
    """A plain "said" is a public statement when an office holder, an organisation or a
    state says it; what a resident tells a reporter is not."""
    speaker = event.roles["speaker"][0]
    return registry.entities[speaker].type != "Person" or speaker in holders


def _continues(event: Event, earlier: list[Event], sentences) -> bool:
    """An institution's act told again in the next sentences ("The council voted … It
    authorises the new force …") is the same event: add the span to the first telling."""
    if event.type not in ("Authorization", "Vote", "CourtRuling"):
        return False
    here = sentences.index(event.begin)
    for e in reversed(earlier):
        if e.type != event.type or not 0 < here - sentences.index(e.begin) <= 2:
            continue
        agents, mine = set(e.roles.get("agent", [])), set(event.roles.get("agent", []))
        if mine and agents and not mine & agents:
            continue
        if event.time and e.time and event.time != e.time:
            continue
        e.also.append((event.begin, event.end))
        return True
    return False


def _nearest(t: TimeExpression, triggers) -> re.Match:
    return min(triggers, key=lambda x: min(abs(t.begin - x[0].end()), abs(x[0].start() - t.end)))[0]


def _in(items, begin, end):
    return [i for i in items if begin <= i.begin and i.end <= end]


def _event(text, sentence, m, cls, etype, name, mentions, figures, registry, earlier):
    s_begin, s_end = sentence
    here = _in(mentions, s_begin, s_end)
    actors = [x for x in here if _type(registry, x) in ACTOR_TYPES]
    before = [x for x in actors if x.end <= m.start()]
    after = [x for x in actors if x.begin >= m.end()]
    roles: dict[str, list[str]] = {}

    def put(role: str, entity: str | None) -> None:
        if entity and entity not in roles.get(role, []):
            roles.setdefault(role, []).append(entity)

    subject = _subject(text, before, registry, AGENTS.get(cls))
    if cls == "ContingentArrival":
        personnel = [
            f
            for f in figures
            if f.begin >= s_begin and f.end <= s_end and f.measure == "personnel-arrived"
        ]
        forces = [x for x in here if _type(registry, x) in ("PoliceForce", "Contingent")]
        if forces:
            put("agent", forces[0].entity)
        put("sender", _sender(text, here, registry))
        if not roles and not personnel:
            return None
    elif cls == "Reception":
        by = re.search(r"\bby\b", text[m.end() : s_end])
        hosts = [x for x in after if _type(registry, x) == "Person"] if by else []
        hosts = hosts or [x for x in before if _type(registry, x) == "Person"][:1]
        for h in hosts:
            put("host", h.entity)
        guests = [x for x in actors if _type(registry, x) in ("PoliceForce", "Contingent")]
        guests = guests or [x for x in here if x.cue == "demonym"]
        if guests:
            put("guest", guests[0].entity)
        if "host" not in roles:
            return None
    elif cls == "Pledge":
        by = m.group().lower().endswith(" by")
        pledger = after[0].entity if by and after else subject
        put("pledger", pledger)
        if pledger is None:
            return None
    elif cls == "PublicStatement":
        if re.search(r"\b(?:he|she)\s+$", text[max(s_begin, m.start() - 5) : m.start()], re.I):
            people = [x for x in mentions if x.end <= s_begin and _type(registry, x) == "Person"]
            if not people:
                return None
            for e in reversed(earlier):  # "… he remarked": the statement goes on
                if e.type == "PublicStatement" and people[-1].entity in e.roles.get("speaker", []):
                    e.also.append((s_begin, s_end))
                    return None
            subject = people[-1].entity
        elif subject is None or (name == "said" and not _adjacent(text, mentions, subject, m)):
            return None
        put("speaker", subject)
        if name == "thank":
            target = re.search(r"\bto\s+", text[m.end() : s_end])
            if target and after:
                put("addressee", after[0].entity)
    elif cls == "Debate":
        states = [x for x in here if _type(registry, x) == "State"]
        put("participant", states[0].entity if states else None)
    elif cls == "ArmedViolence":
        if re.search(r"\bgangs?\b|gang-related", text[s_begin:s_end], re.I):
            gangs = [k for k, v in registry.entities.items() if v.type == "CriminalGang"]
            put("perpetrator", gangs[0] if len(gangs) == 1 else None)
    elif cls in ("SecurityOperation", "Vote", "Authorization", "CourtRuling", "Deployment"):
        role = "sender" if cls == "Deployment" else "agent"
        put(role, subject)
        if subject is None and cls not in ("Authorization", "CourtRuling"):
            return None
        if cls == "Deployment":
            forces = [x for x in here if _type(registry, x) in ("PoliceForce",)]
            if forces:
                put("agent", forces[0].entity)
    event = Event(
        s_begin,
        s_end,
        f"trigger:{name}",
        0.7,
        type=cls,
        event_type=etype,
        trigger=m.group(),
        roles=roles,
    )
    event.place = _place(text, m, here, registry, cls)
    return event


def _subject(text: str, before: list[Mention], registry: Registry, kinds) -> str | None:
    """The actor nearest before the trigger, of a kind the event allows; a possessor
    ("Kenya’s police officers") only when nothing else fits."""
    before = [_capital_as_state(x, registry) for x in before]
    if kinds and "Person" in kinds and any(_type(registry, x) == "Person" for x in before):
        before = [x for x in before if _type(registry, x) == "Person"]
    fits = [
        x
        for x in before
        if kinds is None
        or _type(registry, x) in kinds
        or ("Court" in kinds and "Court" in registry.entities[x.entity].label)
    ]
    plain = [x for x in fits if not re.match(r"[’']s\b", text[x.end : x.end + 2])]
    pick = plain or fits
    return pick[-1].entity if pick else None


def _adjacent(text: str, mentions: list[Mention], subject: str, m: re.Match) -> bool:
    """Whether the subject stands right before "said", an apposition apart at most
    ("Godfrey Otunge, the commander, said"), not before another noun ("Haiti, the judge
    said")."""
    last = [x for x in mentions if x.entity == subject and x.end <= m.start()][-1]
    between = text[last.end : m.start()]
    return bool(
        re.fullmatch(
            r"(?:[’']s)?\s*(?:,[^,.;]{0,80},|,)?\s*(?:\w+ly\s+)?(?:has\s+|had\s+)?", between
        )
    )


def _capital_as_state(x: Mention, registry: Registry) -> Mention:
    """ "Washington had pledged": a capital acting stands for its state."""
    state = registry.capitals.get(x.entity)
    return Mention(x.begin, x.end, x.cue, x.confidence, state) if state else x


def _sender(text: str, here: list[Mention], registry: Registry) -> str | None:
    """The state whose demonym names the personnel ("Kenyan officers", "Kenyan police"),
    or that they come from ("officers from Belize")."""
    for x in here:
        if _type(registry, x) == "State" and re.search(
            rf"\b(?:{UNITS_WORDS})\s+from\s+$", text[max(0, x.begin - 30) : x.begin]
        ):
            return x.entity
    for x in here:
        if x.cue == "demonym":
            return x.entity
        first = text[x.begin : x.end].split()[0]
        if (
            _type(registry, x) in ("PoliceForce", "Contingent")
            and first.lower() in registry.demonyms
        ):
            return registry.demonyms[first.lower()]
    return None


def _place(text, m, here, registry, cls) -> str | None:
    """A named place after "in" or "at" (or "to" for a movement) following the trigger,
    or one the trigger's clause is introduced by ("Haiti, where gang violence killed")."""
    prep = _MOVE_PREP if cls in ("ContingentArrival", "Deployment") else _PLACE_PREP
    for x in here:
        where = re.fullmatch(r",\s+where\b[^,;.]*", text[x.end : m.start()].rstrip())
        if x.end <= m.start() and _type(registry, x) in PLACE_TYPES and where:
            return x.entity
    for x in here:
        if x.begin < m.end() or _type(registry, x) not in PLACE_TYPES:
            continue
        if prep.search(text[max(m.end(), x.begin - 12) : x.begin]) and _AFTER_PLACE.match(
            text, x.end
        ):
            return x.entity
    return None


def _time(m, mine: list[TimeExpression]) -> dict[str, str]:
    """The time keys of the nearest resolved date expression that belongs to this trigger."""
    candidates = [t for t in mine if t.kind != "unresolved"]
    if not candidates:
        return {}
    t = min(candidates, key=lambda t: min(abs(t.begin - m.end()), abs(m.start() - t.end)))
    if t.kind == "xsd:date":
        return {"date": t.value}
    if t.kind in ("xsd:gYearMonth", "xsd:gYear"):
        return {"begin": t.value, "end": t.value}
    if t.since and t.earliest:
        return {"begin": t.earliest}
    keys = {}
    if t.earliest:
        keys["earliest-begin"] = t.earliest
    if t.latest:
        keys["latest-end"] = t.latest
    return keys


def _statements_from_quotes(events, quotations, sentences, registry, holders) -> None:
    """A quotation by a post holder, an organisation or a state is said in a statement;
    the statement of its sentence if there is one, else a new one."""
    for q in quotations:
        kind = registry.entities[q.speaker].type
        if kind == "Person" and q.speaker not in holders:
            continue
        s_begin, s_end = sentences.around(q.begin)
        for e in events:
            spans = [(e.begin, e.end), *e.also]
            if (
                e.type == "PublicStatement"
                and any(b <= q.begin < end for b, end in spans)
                and q.speaker in e.roles.get("speaker", [])
            ):
                e.quotations.append(q)
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
