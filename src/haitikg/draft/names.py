"""Proper names: runs of capitalised words, and the organisations and places among them
that the registry lacks, typed by their head word ("… Council", "the … neighbourhood").

People are found by ``people`` (titles, speech verbs); this module finds the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import verbs
from .registry import Known, Registry, fold, slug

_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*\w|[A-ZÀ-ÖØ-Þ])"
_JOIN = r"(?:of|on|and|for|in|de|du|des|la|le|the|au)"
#: A run of capitalised words, with lowercase joiners inside ("Office on Drugs and Crime").
NAME = re.compile(rf"(?:{_WORD})(?:(?:[^\S\n]+{_JOIN})*[^\S\n]+(?:{_WORD}))*")

_JOINERS = {"of", "on", "and", "for", "in", "de", "du", "des", "la", "le", "the", "au"}
#: Words that start sentences or headings in capitals without being names.
COMMON = frozenset(
    fold(w)
    for w in """
    a an the this that these those it its in on at by for from of to with since after
    before during however but and or yet so only all some many most more others other
    money violence gangs government officers police residents people he she they we i
    our their his her there here when while where who what as if not no new first second
    third fourth one two three four five six seven eight nine ten twenty thirty forty
    fifty hundred thousand million billion opposition warmly shocking faced despite
    beyond monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december
    """.split()  # noqa: SIM905
)

#: Head words that make a name an organisation, with the class it then gets.
ORG_HEADS = {
    "police": "PoliceForce",
    "force": "MultinationalMission",
    "mission": "MultinationalMission",
    "council": "Organization",
    "assembly": "Organization",
    "parliament": "Organization",
    "senate": "Organization",
    "court": "Organization",
    "ministry": "Organization",
    "office": "Organization",
    "agency": "Organization",
    "fund": "Organization",
    "service": "Organization",
    "unit": "Organization",
    "guard": "Organization",
    "commission": "Organization",
    "committee": "Organization",
    "department": "Organization",
    "army": "Organization",
    "alliance": "Organization",
    "party": "Organization",
    "programme": "Organization",
    "organization": "Organization",
    "organisation": "Organization",
    "crime": "Organization",  # "Office on Drugs and Crime"
    "community": "InternationalOrganization",  # "East African Community"
    "union": "InternationalOrganization",
    "authority": "Organization",
    "institute": "Organization",
    "league": "Organization",
}
#: Words of a state's own armed forces, which are no multinational mission.
_ARMED = frozenset("defence defense armed air naval navy army military self-defence".split())  # noqa: SIM905
#: Lowercase nouns after a name that make it a place: "the Delmas neighbourhood".
PLACE_NOUNS = r"neighbou?rhood|district|area|settlement|commune|region|department|suburb|slum"
_PLACE = re.compile(
    rf"\b(?:the|[\w’']+[’']s)\s+(?P<name>{_WORD}(?:[\s-]+{_WORD})*)\s+(?:{PLACE_NOUNS})\b"
)
_AIRPORT = re.compile(rf"(?P<name>(?:{_WORD}\s+)+(?:International\s+)?Airport)\b")
_GOVERNMENT = re.compile(rf"\bGovernment\s+of\s+(?:the\s+)?(?P<state>{_WORD}(?:\s+{_WORD}){{0,2}})")
_RESOLUTION = re.compile(r"\b[Rr]esolution\s+(?P<number>\d{3,5})\b")


#: Words of institutions every state has: such a name needs its state ("High Court").
GENERIC = frozenset(
    """
    high supreme court national assembly security council parliament senate police
    service ministry interior defence defense foreign affairs army navy air force forces
    guard coast cabinet government federal constitutional electoral commission central
    bank of the and justice finance legislative congress house representatives chamber
    deputies military armed public
    """.split()  # noqa: SIM905
)
#: A news dateline at the start of a paragraph (the first, or the one below a headline):
#: "NAIROBI — ", "PORT-AU-PRINCE, Haiti — ".
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'-]*[A-Z])(?:,\s+[A-Z][\w .]*)?(?:\s*\([^)\n]{1,40}\))?"
    r"\s+[—–-]{1,2}\s",
    re.M,
)
#: How far into a text a dateline may be (below a headline and a byline).
DATELINE_WITHIN = 400
#: A dateline in title case at the start of a paragraph: "Geneva, 15 January 2025 — ".
_DATELINE_TITLED = re.compile(
    r"^(?P<place>[A-Z][a-zà-ÿ'-]+(?:[ -][A-Z][a-zà-ÿ'-]+)*),\s+(?:\d{1,2}\s+[A-Z][a-z]+|"
    r"[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?\s+[—–-]{1,2}\s",
    re.M,
)
#: Capitals that open a page without naming a place: "PRESS RELEASE —", "OPINION |".
NOT_PLACES = frozenset(
    """
    press release statement media note opinion editorial analysis update breaking news
    exclusive comment letter briefing readout fact sheet security council meetings coverage
    """.split()  # noqa: SIM905
)
#: Words that open a title, not a name: "Chief of Mission in Haiti".
TITLE_HEADS = frozenset(
    """
    chief head director minister secretary commander president spokesperson spokesman
    spokeswoman ambassador envoy representative chair chairman chairperson inspector
    commissioner deputy assistant acting
    """.split()  # noqa: SIM905
)
#: "landed in Cap-Haïtien": a capitalised name where people arrive or are posted is a place.
_ARRIVED_AT = re.compile(
    r"\b(?:"
    + verbs("arrive", "land", "touch down", "disembark", "deploy", "station", "base", "fly")
    + r"|arrival|landing|deployment"
    + rf")\s+(?:in|at|into|to)\s+(?P<name>{_WORD}(?:-[\w'’]+)*(?:\s+{_WORD}(?:-[\w'’]+)*)*)"
)
#: "near Pont-Sondé", "the town of Pont-Sondé": a capitalised name there is a place.
_LOCATED = re.compile(
    rf"\b(?:near|outside|(?:the\s+)?(?:town|city|village|commune|neighbou?rhood|district|"
    rf"region|department|suburb|area|outskirts|slum|port)\s+of)\s+"
    rf"(?P<name>{_WORD}(?:-[\w'’]+)*(?:\s+{_WORD}(?:-[\w'’]+)*){{0,2}})"
)


#: Small words a title-case heading leaves in lowercase.
_MINOR = frozenset(
    "a an the and or but nor of in on at to for by as with from into per vs".split()  # noqa: SIM905
)


def headlines(text: str) -> list[tuple[int, int]]:
    """Lines in title case ("Drugs And Crime Chief Tells Security Council") or long ones in
    capitals: a line with no closing stop whose every word but the small ones is
    capitalised. Their capitals mark every word, not names, so a name found only there is
    not proposed."""
    out = []
    for m in re.finditer(r"^[^\S\n]*(\S[^\n]*?)[^\S\n]*$", text, re.M):
        line = m.group(1)
        if line[-1] in '.!?"”:':
            continue
        if line.isupper() and "," not in line and len(line.split()) < 6:
            continue  # a page's header ("MINISTRY OF FOREIGN AFFAIRS"), not a headline
        words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if w.lower() not in _MINOR]
        if len(words) >= 4 and all(w[0].isupper() for w in words):
            out.append((m.start(1), m.end(1)))
    return out


def outside(text: str, name: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``name`` occurs in ``text`` outside the ``spans`` (headings)."""
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        if not any(b <= m.start() < e for b, e in spans):
            return True
    return False


def datelines(text: str) -> list[re.Match[str]]:
    """The dateline (in capitals or in title case) near the top of ``text``, first first."""
    found = [_DATELINE.search(text, 0, DATELINE_WITHIN)]
    found += _DATELINE_TITLED.finditer(text, 0, DATELINE_WITHIN)
    return sorted((m for m in found if m), key=lambda m: m.start())


def dateline_end(text: str) -> int:
    """Where the dateline ends ("PORT-AU-PRINCE, July 17 — "), or 0: its place and date
    are the story's, not those of the first sentence's events."""
    found = datelines(text)
    return found[0].end() if found else 0


@dataclass
class Name:
    begin: int
    end: int
    text: str


def runs(text: str, sentence_starts: set[int]) -> list[Name]:
    """Capitalised runs, minus a sentence-initial word that is a common word."""
    out = []
    for m in NAME.finditer(text):
        begin, words = m.start(), m.group().split()
        while words and (
            fold(words[0]) in COMMON
            or (
                fold(words[0].rstrip("’'s")) in COMMON
                and (begin in sentence_starts or begin - 1 in sentence_starts)
            )
        ):
            begin = text.index(words[1], begin + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        for i in range(1, len(words) - 1):  # "… Patrol Unit and the Anti-Stock Theft Unit"
            if (words[i] == "and" and fold(words[i - 1]) in ORG_HEADS) or (
                words[i] == "the" and words[i - 1] != "of"
            ):
                head = " ".join(words[:i])
                if words[i] == "and":
                    out.append(Name(begin, begin + len(head), head))
                rest = i + 1 + (words[i + 1] == "the")
                begin = text.index(words[rest], begin + len(head)) if rest < len(words) else m.end()
                words = words[rest:]
                break
        for i, word in enumerate(words[1:], 1):  # "High Court on Friday": the name ends
            if fold(word) in COMMON and fold(word) not in _JOINERS and fold(word) not in ORG_HEADS:
                words = words[:i]
                break
        for i, word in enumerate(words[:-1]):  # "Haiti's Transitional Council": two names
            if re.search(r"[’']s$", word):
                end = text.index(word, begin) + len(word) - 2
                out.append(Name(begin, end, text[begin:end]))
                begin = text.index(words[i + 1], end)
                words = words[i + 1 :]
                break
        while words and fold(words[-1]) in {"of", "on", "and", "for", "in", "the"}:
            words = words[:-1]
        if words:
            end = text.index(words[-1], begin) + len(words[-1])
            out.append(Name(begin, end, text[begin:end]))
    return out


#: People of a body, capitalised at a sentence's start: the body is the name.
_MEMBERS = re.compile(r"(?:Members?|Officials?|Staff) of (?:the )?(?=[A-Z])")


def _strip_possessive(name: str) -> str:
    return re.sub(r"[’']s$", "", name)


def _no_state(at: int) -> str | None:
    return None


def find(
    text: str,
    registry: Registry,
    sentence_starts: set[int],
    context_state: Callable[[int], str | None] = _no_state,
) -> list[tuple[Known, Name]]:
    """New organisations, places and resolutions, each with the name that introduced it."""
    found: list[tuple[Known, Name]] = []
    council = "Security Council" in text
    for m in _RESOLUTION.finditer(text):
        number = m.group("number")
        eid = f"unsc-resolution-{number}" if council else f"resolution-{number}"
        label = f"UN Security Council resolution {number}" if council else m.group()
        found.append(
            (
                Known(eid, "Resolution", label, {m.group()}, new=True),
                Name(m.start(), m.end(), m.group()),
            )
        )
    for m in _GOVERNMENT.finditer(text):  # "the Government of Rwanda"
        state = registry.lookup(m.group("state"))
        if state is None or registry.state_of(state) != state:
            continue
        gid = registry.institution("Government", state) or f"government-of-{state}"
        known = registry.entities.get(gid) or Known(
            gid,
            "Government",
            f"Government of {registry.entities[state].label}",
            {m.group()},
            new=True,
            state=state,
        )
        found.append((known, Name(m.start(), m.end(), m.group())))
    for pattern, kind in (
        (_PLACE, "Place"),
        (_AIRPORT, "Place"),
        (_LOCATED, "Place"),
        (_ARRIVED_AT, "Place"),
    ):
        for m in pattern.finditer(text):
            name = m.group("name")
            if registry.lookup(name) or fold(name.split()[0]) in COMMON:
                continue
            last = fold(name.split()[-1])
            if pattern in (_LOCATED, _ARRIVED_AT) and last in (*ORG_HEADS, "airport"):
                continue  # "landed at … International Airport": the airport's own rule
            span = Name(m.start("name"), m.end("name"), name)
            found.append((Known(slug(name), kind, name, {name}, new=True), span))
    headings = headlines(text)
    for run in runs(text, sentence_starts):
        name = _strip_possessive(run.text)
        if any(b <= run.begin < e for b, e in headings) and not outside(text, name, headings):
            continue
        if members := _MEMBERS.match(name):  # "Members of the National Assembly": the body
            name = name[members.end() :]
            run = Name(run.begin + members.end(), run.end, name)
        words = name.split()
        tail = next(
            (i for i in range(len(words) - 1, 0, -1) if words[i] in ("in", "of", "for")), None
        )
        head = fold(words[tail - 1] if tail and fold(words[-1]) not in ORG_HEADS else words[-1])
        if head not in ORG_HEADS or len(words) < 2 or fold(words[0]).split("-")[0] in TITLE_HEADS:
            continue
        known_id = registry.lookup(name)
        owner = None
        if all(fold(w) in GENERIC for w in words):  # "High Court": whose?
            owner = _possessor(text, run.begin, registry) or context_state(run.begin)
        if known_id and (owner is None or _organ_state(known_id, registry) in (None, owner)):
            continue  # a known name (a generic one of another state is that state's)
        kind = ORG_HEADS[head]
        if head == "force" and {fold(w) for w in words} & _ARMED:
            kind = "Organization"  # "Rwanda Defence Force": a state's armed force
        if name.startswith(("UN ", "United Nations ")) and kind == "Organization":
            kind = "InternationalOrganization"
        eid = slug(name) + (f"-of-{owner}" if owner else "")
        span = Name(run.begin, run.begin + len(name), name)
        if owner and (known_id := _institution(words, owner, registry)):
            found.append((registry.entities[known_id], span))
            continue
        label = name + (f" of {registry.entities[owner].label}" if owner else "")
        found.append((Known(eid, kind, label, {name}, new=True), span))
    for dateline in datelines(text):
        if set(fold(dateline.group("place")).split()) & NOT_PLACES:
            continue
        name = dateline.group("place").title()
        eid = registry.lookup(name) or slug(name)
        span = Name(dateline.start("place"), dateline.end("place"), dateline.group("place"))
        known = registry.entities.get(eid) or Known(eid, "City", name, new=True)
        found.append((known, span))
    return found


def _organ_state(eid: str, registry: Registry) -> str | None:
    """The state a known institution belongs to: its own, or the one its label ends
    with ("National Assembly of Kenya")."""
    known = registry.entities[eid]
    if known.state or known.type == "State":
        return known.state or eid
    of = re.search(r"\bof\s+(?:the\s+)?([A-Z][\w ’'-]*)$", known.label)
    found = registry.lookup(of.group(1)) if of else None
    return registry.state_of(found) if found else None


def _institution(words: list[str], owner: str, registry: Registry) -> str | None:
    """The registry's police force or government of ``owner`` that a generic name
    ("National Police Service", "Government") stands for, if it has exactly one."""
    folded = {fold(w) for w in words}
    kind = "PoliceForce" if "police" in folded else "Government" if "government" in folded else None
    return registry.institution(kind, owner) if kind else None


def _possessor(text: str, begin: int, registry: Registry) -> str | None:
    """The state in "Kenya's High Court" or "the Kenyan National Assembly"."""
    before = text[max(0, begin - 40) : begin]
    m = re.search(rf"({_WORD})[’']s\s+$", before)
    if m:
        eid = registry.lookup(m.group(1))
        return registry.state_of(eid) if eid else None
    return None
