"""People and their titles: "Interior Minister Kipchumba Murkomen", "Haiti's prime minister,
Ariel Henry", "Alfred Mutua, Kenya's foreign affairs minister", "said Nadège Louis".

A title names an office; the office and the state (or organisation) it belongs to give the
post's id, ``<office>-of-<state>``. The state comes from the phrase itself ("Kenya's",
"Kenyan"), else from the first state named earlier in the sentence, else from the sentence
before; with none, no post is proposed.
"""

from __future__ import annotations

import re

from .actors import _PREPOSITION, NOMINALS, pieces
from .names import _WORD, COMMON, ORG_HEADS, dateline_end
from .records import Holding, Mention
from .registry import Known, Registry, fold, slug

#: Office phrases (lowercase, as in the text) and the office part of the post id.
OFFICES = {
    "prime minister": "prime-minister",
    "president": "president",
    "deputy president": "deputy-president",
    "vice president": "vice-president",
    "interior minister": "interior-minister",
    "interior cabinet secretary": "interior-minister",
    "interior secretary": "interior-minister",
    "minister of the interior": "interior-minister",
    "cabinet secretary for the interior": "interior-minister",
    "foreign minister": "foreign-minister",
    "foreign affairs minister": "foreign-minister",
    "foreign affairs cabinet secretary": "foreign-minister",
    "minister of foreign affairs": "foreign-minister",
    "foreign secretary": "foreign-minister",
    "defence minister": "defence-minister",
    "defense minister": "defence-minister",
    "defence cabinet secretary": "defence-minister",
    "justice minister": "justice-minister",
    "secretary of state": "secretary-of-state",
    "secretary-general": "secretary-general",
    "force commander": "force-commander",
    "commander": "force-commander",
    "mission commander": "force-commander",
    "chief of mission": "chief-of-mission",
    "head of mission": "chief-of-mission",
    "special representative": "special-representative",
    "special envoy": "special-envoy",
    "executive director": "head",
    "high commissioner": "head",
    "chief": "head",
    "inspector general": "police-chief",
    "police chief": "police-chief",
    "inspector general of police": "police-chief",
    "director general": "director-general",
    "director-general": "director-general",
    "head": "head",
    "chair": "chair",
    "chairman": "chair",
    "chairperson": "chair",
    "ambassador": "ambassador",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
}
#: Offices a state has, whose state may come from the context ("Prime Minister X" in a
#: story about Haiti); an organisation's offices need their organisation named.
STATE_OFFICES = {
    "prime-minister",
    "president",
    "deputy-president",
    "vice-president",
    "interior-minister",
    "foreign-minister",
    "defence-minister",
    "justice-minister",
    "secretary-of-state",
    "police-chief",
    "ambassador",
}
ORG_TYPES = ("Organization", "InternationalOrganization", "MultinationalMission", "PoliceForce")
#: Ranks and honorifics: they mark a person, not a post.
RANKS = (
    "senior assistant inspector general|assistant inspector general|deputy inspector general|"
    "lieutenant colonel|colonel|general|major|captain|constable|corporal|sergeant|"
    "justice|judge|dr|mr|mrs|ms|senator|opposition politician|politician|lawyer|activist"
)


def _capitalised(alternatives: str) -> str:
    """ "prime minister" also as "Prime Minister": a title before a name is capitalised."""
    words = alternatives.split("|")
    small = {"of", "the", "for"}

    def title(phrase: str) -> str:
        return re.sub(
            r"[a-z]+", lambda m: m.group() if m.group() in small else m.group().title(), phrase
        )

    return "|".join(sorted({*words, *(title(w) for w in words)}, key=len, reverse=True))


TITLE_WORDS = {w for phrase in [*OFFICES, *RANKS.split("|")] for w in re.split(r"[\s-]", phrase)}
TITLE_WORDS -= {"of", "the", "for", "general"}
_OFFICE = "|".join(sorted((re.escape(o) for o in OFFICES), key=len, reverse=True))
_TITLED = _capitalised("|".join(re.escape(o) for o in OFFICES))
_PERSON = rf"(?P<name>(?:{_WORD})(?:\s+(?:de|da|van|von|le|la|dos|del)?\s*(?:{_WORD})){{1,3}})"
_OWNER = (
    rf"(?:(?P<owner>{_WORD}|[Tt]he \w+)[’']s\s+|(?P<pronoun>[Ii]ts|[Tt]heir)\s+"
    rf"|(?P<demonym>{_WORD}(?:\s+{_WORD})?)\s+)?"
)
_OF = rf"(?:\s+of\s+(?:the\s+)?(?P<org>{_WORD}(?:\s+(?:of|on|and|for|in|the)?\s*{_WORD})*))?"

#: A person's title and name, in the three orders the text writes them.
CUES = {
    # Interior Minister Kipchumba Murkomen; Kenya's Interior Minister Kipchumba Murkomen
    "pattern:TITLE NAME": (
        rf"{_OWNER}(?<![Dd]eputy )(?<![Aa]ssistant )(?<![Ss]enior )(?<![Vv]ice )"
        rf"(?P<title>{_TITLED}){_OF}\s+{_PERSON}"
    ),
    # Haiti's prime minister, Ariel Henry; the director general of the X, Normil Rameau
    "pattern:TITLE, NAME": rf"{_OWNER}(?P<title>(?i:{_OFFICE})){_OF},\s+{_PERSON}(?=[,.;\s])",
    # Alfred Mutua, Kenya's foreign affairs minister; Ghada Waly, the head of the UNODC
    "pattern:NAME, TITLE": rf"{_PERSON},\s+(?:the\s+|a\s+)?{_OWNER}(?P<title>(?i:{_OFFICE})){_OF}",
}
PATTERNS = [(cue, re.compile(rx)) for cue, rx in CUES.items()]
RANKED = re.compile(rf"\b(?:{_capitalised(RANKS)})\s+{_PERSON}")
SPEECH = "said|says|told|added|remarked|declared|announced|stated|warned|explained"
SAID = [
    re.compile(rf"\b(?:{SPEECH})\s+{_PERSON}"),
    re.compile(rf"{_PERSON},\s+(?:a|an|the|who)\b[^.”\"]{{0,120}}?,\s+(?:{SPEECH})\b"),
    re.compile(rf"{_PERSON},?\s+(?:{SPEECH})\b"),
    # an apposition only a person has: "Leslie Voltaire, who heads …", "X, a teacher"
    re.compile(rf"{_PERSON},\s+(?:who|whose|a|an)\s+(?-i:[a-z])"),
]


def _clean_name(name: str) -> str:
    return re.sub(r"[’']s$", "", name).strip()


def _is_name(name: str, registry: Registry) -> bool:
    """Two or more capitalised words that are not a known place or organisation, a
    common word or an organisation's head word ("Council", "Police")."""
    words = name.split()
    if len(words) < 2:
        return False
    if any(fold(w) in COMMON or fold(w) in ORG_HEADS or fold(w) in TITLE_WORDS for w in words):
        return False
    known = registry.lookup(name)
    if known and registry.entities[known].type != "Person":
        return False
    return not any(
        registry.lookup(w) and registry.entities[registry.lookup(w)].type != "Person" for w in words
    )


def find(
    text: str,
    registry: Registry,
    sentences,
    mentions_before,
) -> tuple[list[tuple[Known, tuple[int, int], str, float]], list[Holding], list[Known], set[str]]:
    """New people (with the span that names them), post holdings, new posts, and the
    people named with a title (a rank alone makes no spokesperson)."""
    people: list[tuple[Known, tuple[int, int], str, float]] = []
    holdings: list[Holding] = []
    posts: list[Known] = []
    seen: set[str] = set()
    officials: set[str] = set()  # people named with a title: they speak for an office

    def person(name: str, begin: int, cue: str, confidence: float) -> str | None:
        name = _clean_name(name)
        if not _is_name(name, registry):
            existing = registry.lookup(name) or registry.surnames.get(fold(name))
            return existing if existing and registry.entities[existing].type == "Person" else None
        eid = registry.lookup(name) or slug(name)
        if eid not in registry.entities and eid not in seen:
            seen.add(eid)
            people.append(
                (
                    Known(eid, "Person", name, {name}, new=True),
                    (begin, begin + len(name)),
                    cue,
                    confidence,
                )
            )
        return eid

    for cue, pattern in PATTERNS:
        for m in pattern.finditer(text):
            pid = person(m.group("name"), m.start("name"), cue, 0.85)
            if pid is None:
                continue
            officials.add(pid)
            post = _post(m, text, registry, sentences, mentions_before)
            if post is None:
                continue
            known, basis = post
            if known.id not in registry.entities and all(p.id != known.id for p in posts):
                posts.append(known)
            confidence = 0.85 if basis == "phrase" else 0.6
            holdings.append(
                Holding(m.start(), m.end(), f"{cue} ({basis})", confidence, pid, known.id)
            )
    for m in RANKED.finditer(text):
        person(m.group("name"), m.start("name"), "pattern:RANK NAME", 0.8)
    for pattern in SAID:
        for m in pattern.finditer(text):
            person(m.group("name"), m.start("name"), "pattern:said NAME", 0.7)
    unique: dict[tuple[str, str], Holding] = {}
    for h in holdings:
        unique.setdefault((h.person, h.post), h)
    return people, list(unique.values()), posts, officials


def _post(m: re.Match, text: str, registry: Registry, sentences, mentions_before):
    office = OFFICES[m.group("title").lower()]
    org = m.group("org")
    if org:
        org = re.sub(r"[’']s$", "", org)
        if owner := re.match(r"(\S+)[’']s\s+", org):  # "Haiti's Transitional … Council"
            org = org[owner.end() :]
        oid = registry.lookup(org)
        org_id = oid or slug(org)
        label_org = registry.entities[oid].label if oid else org
        return Known(
            f"{office}-of-{org_id}", "Post", f"{m.group('title').title()} of {label_org}", new=True
        ), "phrase"
    owner = m.group("owner") or m.group("demonym")
    before = mentions_before(m.start())
    state = None
    if m.group("pronoun"):  # "Its chief, Volker Türk": the organisation just named
        state = _last_of_type(before, registry, *ORG_TYPES)
    elif owner and re.match(r"the\s", owner, re.I):  # "the mission's commander"
        state = _last_of_type(before, registry, *NOMINALS.get(owner.split()[-1].lower(), ()))
    elif owner:
        eid = registry.lookup(owner)
        known = registry.entities.get(eid) if eid else None
        state = registry.state_of(eid) if eid else registry.demonyms.get(fold(owner))
        if state is None and known is not None and known.type in ORG_TYPES:
            state = eid  # "IOM's Chief of Mission": a post of the organisation
    basis = "phrase"
    if state is None and office in STATE_OFFICES:
        state, basis = context_state(m.start(), registry, sentences, mentions_before), "context"
    if state is None:
        return None
    label = f"{' '.join(office.split('-')).title()} of {registry.entities[state].label}"
    return Known(f"{office}-of-{state}", "Post", label, new=True), basis


def _last_of_type(mentions: list[Mention], registry: Registry, *kinds: str) -> str | None:
    for mention in reversed(mentions):
        if registry.entities[mention.entity].type in kinds:
            return mention.entity
    return None


def context_state(offset: int, registry: Registry, sentences, mentions_before) -> str | None:
    """The state (or capital) named nearest before ``offset`` in its clause (no "since",
    "but" or "who" between), else where the person is ("in Nairobi"), else the first in
    the sentence before (its topic), else the dateline's ("PORT-AU-PRINCE —")."""
    text = sentences.text
    index = sentences.index(offset)
    begin, end = sentences.spans[index]
    dateline = dateline_end(text)
    openers = [p[0] for p in pieces(text, (begin, end)) if p[2] and p[0] <= offset]
    start = max([begin, dateline, *openers])
    here = [x for x in mentions_before(end) if x.begin >= start]
    before = [x for x in here if x.end <= offset][::-1]
    located = [x for x in before if _located(text, x)]
    order = [x for x in before if x not in located]  # "Kenyan … in Haiti": Kenya
    order += [  # after the title, only where the person is: "in Nairobi"
        x
        for x in here
        if x.begin > offset
        and re.search(r"\b(?:in|at|from)\s+$", text[max(0, x.begin - 8) : x.begin])
    ]
    if index > 0:
        p_begin, p_end = sentences.spans[index - 1]
        previous = [x for x in mentions_before(p_end) if x.begin >= max(p_begin, dateline)]
        moved = [x for x in previous if _located(text, x)]  # "… flew to Haiti": not theirs
        order += [x for x in previous if x not in moved]
        located += moved
    order += [x for x in mentions_before(dateline) if x.end <= dateline] + located
    for mention in order:
        first = fold(text[mention.begin : mention.end].split()[0])
        if state := registry.state_of(mention.entity) or registry.demonyms.get(first):
            return state
    return None


def _located(text: str, mention: Mention) -> bool:
    """Whether a name follows a preposition: where something is, not whose it is."""
    return bool(_PREPOSITION.search(text[max(0, mention.begin - 12) : mention.begin]))
