"""Who plays which role in an event, read from its trigger's clause: one reader per class
of event. A reader that finds the trigger is no event of its class says so (False), and
the drafter proposes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import actors
from .actors import ACTOR_TYPES, kind
from .records import Event, Mention
from .registry import Registry

ORGS = {"Organization", "InternationalOrganization", "Government"}
SPEAKERS = {"Person", "State", "InternationalOrganization", "Organization", "Government"}
#: What may be the subject of each class of event (None: any actor).
AGENTS: dict[str, set[str] | None] = {
    "PublicStatement": SPEAKERS | {"PoliceForce", "MultinationalMission"},
    "Vote": ORGS,
    "Authorization": ORGS,
    "CourtRuling": {"Court"},
    "Deployment": {"State"},
    "Pledge": SPEAKERS,
    "SecurityOperation": {"MultinationalMission", "PoliceForce", "Contingent", "State"},
}
RETURN = r"\b(?:return(?:s|ed|ing)?|came\s+home|come\s+home|back\s+home|homecoming)\b"


@dataclass
class Clause:
    """A trigger in its sentence, the names around it, and the roles read so far."""

    text: str
    sentence: tuple[int, int]
    m: re.Match[str]
    name: str  # the trigger's entry in triggers.py
    mentions: list[Mention]
    registry: Registry
    earlier: list[Event]  # the events drafted before, for "he said" going on
    here: list[Mention] = field(init=False)  # the names of the sentence
    actors: list[Mention] = field(init=False)  # those that can act
    after: list[Mention] = field(init=False)  # those that can act, after the trigger
    own: tuple[int, int, bool] = field(init=False)  # the trigger's piece of clause
    found: Mention | None = None  # the trigger's subject
    roles: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        b, e = self.sentence
        self.here = [x for x in self.mentions if b <= x.begin and x.end <= e]
        self.actors = [x for x in self.here if self.kind(x) in ACTOR_TYPES]
        self.after = [x for x in self.actors if x.begin >= self.m.end()]
        self.own = actors.piece_of(self.text, self.m.start(), self.sentence)

    @property
    def subject(self) -> str | None:
        return self.found.entity if self.found else None

    @property
    def words(self) -> str:
        """The sentence's text."""
        return self.text[self.sentence[0] : self.sentence[1]]

    def kind(self, mention: Mention) -> str:
        return kind(self.registry, mention)

    def put(self, role: str, entity: str | None) -> None:
        if entity and entity not in self.roles.get(role, []):
            self.roles.setdefault(role, []).append(entity)


def read(clause: Clause, cls: str) -> dict[str, list[str]] | None:
    """The roles of an event of class ``cls`` in this clause, or None when it is none."""
    c = clause
    c.found = actors.subject(c.text, c.m, c.sentence, c.mentions, c.registry, AGENTS.get(cls))
    reader = READERS.get(cls)
    if reader is not None and reader(c) is False:
        return None
    if cls in AGENTIVE and _agentive(c, cls) is False:
        return None
    return c.roles


def _arrival(c: Clause) -> bool:
    """Who arrives is named in the trigger's clause; landing at home is a return."""
    if re.search(RETURN, c.words, re.I):
        return False
    s_begin = c.sentence[0]
    marks = [x.end() for x in re.finditer(r"[;:—]", c.text[s_begin : c.m.start()])]
    start = s_begin + max(marks or [0])
    mine = [x for x in c.here if x.begin >= start]
    forces = [x for x in mine if c.kind(x) in ("PoliceForce", "Contingent")]
    if forces:
        c.put("agent", forces[0].entity)
    c.put("sender", actors.sender(c.text, mine, c.registry))
    return True


def _reception(c: Clause) -> bool:
    """The host (a person "by"/"from" after the trigger, else the last actor before it)
    and the guests (a force, else a demonym)."""
    by = re.search(r"\b(?:by|from)\b", c.text[c.m.start() : c.sentence[1]])
    hosts = [x for x in c.after if c.kind(x) == "Person"] if by else []
    hosts = hosts or [x for x in c.actors if x.end <= c.m.start()][-1:]
    for h in hosts:
        if c.kind(h) in ("Person", "State", "Government", "Organization"):
            c.put("host", h.entity)
    guests = [x for x in c.actors if c.kind(x) in ("PoliceForce", "Contingent")]
    guests = guests or [x for x in c.here if x.cue == "demonym"]
    if guests and guests[0].entity not in c.roles.get("host", []):
        c.put("guest", guests[0].entity)
    return "host" in c.roles or "guest" in c.roles


def _pledge(c: Clause) -> bool:
    """Who pledges: the subject and those listed with it, or who is named after "by"."""
    text, m, s_begin, s_end = c.text, c.m, *c.sentence
    by = m.group().lower().endswith(" by")
    subject = c.subject
    if re.search(r"\b(?:was|were|been|being|is|are)\s+$", text[s_begin : m.start()]):
        # "1,000 officers were promised": the promiser is after "by", if named
        by_agent = re.match(r"\s+(?:to\s+[^,.;]*?\s+)?by\s+", text[m.end() : s_end])
        subject = c.after[0].entity if by_agent and c.after else None
        c.found = None
    c.put("pledger", c.after[0].entity if by and c.after else subject)
    if subject and c.found and c.found.cue != "nominal":
        for x in _coordinated(text, c.found, c.mentions, c.registry):
            c.put("pledger", x)
    return "pledger" in c.roles or bool(re.search(r"promised|pledged", m.group(), re.I))


def _statement(c: Clause) -> bool:
    """The speaker, and whom the words are addressed to ("thanked … to", "told the …")."""
    text, m = c.text, c.m
    if re.fullmatch(r"says?", m.group()) and re.match(r"\s*[.;]", text[m.end() :]):
        return False  # "…, the UN says.": whose figure it is, not an act of saying
    speaker = _speaker(c)
    if speaker is None:
        return False
    c.put("speaker", speaker)
    if c.name == "thank" and re.search(r"\bto\s+", text[m.end() : c.sentence[1]]) and c.after:
        c.put("addressee", c.after[0].entity)
    addressee = re.match(r"\s+(?:the\s+)?", text[m.end() :])
    if re.match(r"told|briefed|briefing", m.group(), re.I) and addressee and c.after:
        first = c.after[0]
        if first.begin == m.end() + addressee.end() and c.kind(first) in ORGS:
            c.put("addressee", first.entity)
    return True


def _debate(c: Clause) -> bool:
    states = [x for x in c.here if c.kind(x) == "State"]
    c.put("participant", states[0].entity if states else None)
    return True


def _violence(c: Clause) -> bool:
    """The gang (when the registry knows one), and the person it befell."""
    text, m, own = c.text, c.m, c.own
    if re.search(r"\bgangs?\b|gang-related|gang\s+members", text[own[0] : own[1]], re.I):
        gangs = [k for k, v in c.registry.entities.items() if v.type == "CriminalGang"]
        c.put("perpetrator", gangs[0] if len(gangs) == 1 else None)
    befell = r"\b(?:was|were)\s+(?:\w+\s+)?$|\bdisappeared\b|\bdied\b"
    victims = [
        x
        for x in c.here
        if c.kind(x) == "Person"
        and x.end <= m.start()
        and re.search(befell, text[x.end : m.start()])
    ]
    if victims:
        c.put("affected", victims[-1].entity)
    return True


def _agentive(c: Clause, cls: str) -> bool:
    """Acts of an agent (a deployment's sender): the subject, or the organisation after
    "by" ("the mission approved by the Council")."""
    subject = c.subject
    if c.m.group().lower().endswith(" by"):
        orgs = [x for x in c.after if c.kind(x) in ORGS]
        if not orgs:
            return False
        subject = orgs[0].entity
    c.put("sender" if cls == "Deployment" else "agent", subject)
    if subject is None and cls == "Vote":
        return False
    if cls == "Deployment":
        if subject is None and not re.search(r"began|begun|started|start", c.m.group()):
            return False
        own = c.own
        forces = [x for x in c.here if c.kind(x) == "PoliceForce" and own[0] <= x.begin < own[1]]
        if forces:
            c.put("agent", forces[0].entity)
    return True


READERS: dict[str, Callable[[Clause], bool]] = {
    "ContingentArrival": _arrival,
    "Reception": _reception,
    "Pledge": _pledge,
    "PublicStatement": _statement,
    "Debate": _debate,
    "ArmedViolence": _violence,
}
AGENTIVE = ("SecurityOperation", "Vote", "Authorization", "CourtRuling", "Deployment")


def _speaker(c: Clause) -> str | None:
    """Who makes the statement: the subject; the person right after "said" ("…,” said X");
    "he"/"she" the last person named before (and then the statement goes on)."""
    text, m, s_begin = c.text, c.m, c.sentence[0]
    if re.search(r"\b(?:he|she)\s+$", text[max(s_begin, m.start() - 5) : m.start()], re.I):
        people = [x for x in c.mentions if x.end <= s_begin and c.kind(x) == "Person"]
        if not people:
            return None
        for e in reversed(c.earlier):  # "… he remarked": the statement goes on
            if e.type == "PublicStatement" and people[-1].entity in e.roles.get("speaker", []):
                e.also.append(c.sentence)
                return None
        return people[-1].entity
    if c.name == "said" and (inverted := actors.after_speech(text, m, c.mentions, c.registry)):
        return inverted.entity
    if c.found is None or (c.name == "said" and not actors.adjacent(text, c.found, m)):
        return None
    return c.found.entity


def _coordinated(
    text: str, first: Mention, mentions: list[Mention], registry: Registry
) -> list[str]:
    """ "Jamaica, Belize and the Bahamas have pledged": every state of the list."""
    out: list[Mention] = []
    for x in reversed([x for x in mentions if x.end <= first.begin]):
        between = text[x.end : first.begin if not out else out[-1].begin]
        if kind(registry, x) != kind(registry, first) or not re.fullmatch(
            r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", between
        ):
            break
        out.append(x)
    return [x.entity for x in out]
