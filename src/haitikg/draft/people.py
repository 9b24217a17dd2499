"""People and their titles: "Interior Minister Kipchumba Murkomen", "Haiti's prime minister,
Ariel Henry", "Alfred Mutua, Kenya's foreign affairs minister", "said Nadège Louis".

A title names an office; the office and the state (or organisation) it belongs to give the
post's id, ``<office>-of-<state>``. The state comes from the phrase itself ("Kenya's",
"Kenyan"), else from the first state named earlier in the sentence, else from the sentence
before; with none, no post is proposed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .actors import _PREPOSITION, NOMINALS, pieces
from .names import _WORD, COMMON, ORG_HEADS, datelines, headlines, outside
from .records import Holding, Mention
from .registry import Known, Registry, fold, slug
from .sentences import Sentences

MentionsBefore = Callable[[int], list[Mention]]
"""The mentions that end before an offset (``mentions.MentionIndex.before``)."""

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
    "minister of defence": "defence-minister",
    "minister of defense": "defence-minister",
    "finance minister": "finance-minister",
    "minister of finance": "finance-minister",
    "minister of justice": "justice-minister",
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
    "police commissioner": "police-chief",
    "commissioner of police": "police-chief",
    "director general": "director-general",
    "director-general": "director-general",
    "head": "head",
    "chair": "chair",
    "chairman": "chair",
    "chairperson": "chair",
    "ambassador": "ambassador",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "representative": "representative",
    "country representative": "representative",
    "permanent representative": "permanent-representative",
    "spokeswoman": "spokesperson",
    "governor": "governor",
    "mayor": "mayor",
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
    "finance-minister",
    "secretary-of-state",
    "police-chief",
    "ambassador",
    "permanent-representative",
}
#: Titles that name their state by themselves: Kenya's ministers are Cabinet Secretaries
#: (its 2010 constitution), "Secretary of State" alone is the United States' office.
TITLE_STATES = {"cabinet secretary": "kenya", "secretary of state": "united-states"}
ORG_TYPES = ("Organization", "InternationalOrganization", "MultinationalMission", "PoliceForce")
#: Ranks and honorifics: they mark a person, not a post.
RANKS = (
    "senior assistant inspector general|assistant inspector general|deputy inspector general|"
    "major general|lieutenant general|brigadier general|brigadier|lieutenant colonel|colonel|"
    "general|major|captain|lieutenant|commodore|admiral|police constable|constable|"
    "lance corporal|corporal|sergeant|superintendent|private|"
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
#: An office as written, spaced or hyphenated ("Inspector-General", "inspector general").
_OFFICE = "|".join(sorted((re.escape(o) for o in OFFICES), key=len, reverse=True))
_OFFICE = _OFFICE.replace(r"\ ", r"[\s-]")
_TITLED = _capitalised("|".join(re.escape(o) for o in OFFICES)).replace(r"\ ", r"[\s-]")
_OFFICE_BY_KEY = {re.sub(r"[\s-]+", " ", o): v for o, v in OFFICES.items()}


def office_of(title: str) -> str:
    """The office part of a post id for a title as written."""
    return _OFFICE_BY_KEY[re.sub(r"[\s-]+", " ", title.lower())]


#: A middle initial ("Antony J. Blinken"): part of the name, not its end.
_INITIAL = r"\s+[A-Z]\."
_PERSON = (
    rf"(?P<name>(?:{_WORD})"
    rf"(?:(?:{_INITIAL}){{0,2}}\s+(?:de|da|van|von|le|la|dos|del)?\s*(?:{_WORD})){{1,3}})"
)
#: Words that belong to a title, not to its owner: "Special Representative", "Acting Chief".
_QUALIFYING = r"(?i:special|deputy|acting|senior|chief|executive|permanent|country|vice|interim)\b"
_OWNER = (
    rf"(?:(?P<owner>{_WORD}|[Tt]he \w+)[’']s\s+|(?P<pronoun>[Ii]ts|[Tt]heir|whose)\s+"
    rf"|(?P<demonym>(?:[A-Z]\.){{2,}}|(?!{_QUALIFYING}){_WORD}(?:\s+{_WORD})?)\s+)?"
)
_OF = rf"(?:\s+of\s+(?:the\s+)?(?P<org>{_WORD}(?:\s+(?:of|on|and|for|in|the)?\s*{_WORD})*))?"

#: A rank between a title and the name: "its commander, Lieutenant General X".
_RANK = rf"(?:(?:{_capitalised(RANKS)})\s+)?"
#: Where the post is held or to whom: "UNICEF's representative in Mali, X", "Ghana's
#: ambassador to Peru, X" (the place is not the post's owner).
_POSTED = rf"(?:\s+(?:in|to)\s+(?:the\s+)?{_WORD}(?:[\s-]+{_WORD})?)?"

#: A person's title and name, in the three orders the text writes them.
CUES = {
    # Interior Minister Kipchumba Murkomen; Kenya's Interior Minister Kipchumba Murkomen
    "pattern:TITLE NAME": (
        rf"{_OWNER}(?<![Dd]eputy )(?<![Aa]ssistant )(?<![Ss]enior )(?<![Vv]ice )"
        rf"(?P<title>{_TITLED}){_OF}\s+{_PERSON}"
    ),
    # Haiti's prime minister, Ariel Henry; the director general of the X, Normil Rameau
    "pattern:TITLE, NAME": (
        rf"{_OWNER}(?P<title>(?i:{_OFFICE})){_OF}{_POSTED},\s+{_RANK}{_PERSON}(?=[,.;\s])"
    ),
    # Alfred Mutua, Kenya's foreign affairs minister; Ghada Waly, the head of the UNODC
    "pattern:NAME, TITLE": rf"{_PERSON},\s+(?:the\s+|a\s+)?{_OWNER}(?P<title>(?i:{_OFFICE})){_OF}",
}
PATTERNS = [(cue, re.compile(rx)) for cue, rx in CUES.items()]
#: A post told by its verb: "X, the UN envoy for Haiti, who heads BINUH".
HEADS = {"heads": "head", "leads": "head", "directs": "head", "chairs": "chair"}
_WHO_HEADS = re.compile(
    rf"{_PERSON},\s+(?:[^,.;“”\"]{{0,80}},\s+)?who\s+(?P<verb>{'|'.join(HEADS)})\s+(?:the\s+)?"
    rf"(?P<org>{_WORD}(?:\s+(?:of|on|and|for|in|the)?\s*{_WORD})*)"
)
#: A second title after the first: "…, Special Representative of X and head of UNMISS".
_AND_TITLE = re.compile(rf"\s+and\s+(?:the\s+)?{_OWNER}(?P<title>(?i:{_OFFICE})){_OF}")
RANKED = re.compile(rf"\b(?:{_capitalised(RANKS)})\s+{_PERSON}")
#: A byline near the top: "By Wanjiru K. Mwangi", "By Jean Dupont, Reuters", "By A and B"
#: (the first author).
BYLINE = re.compile(rf"^[ \t]*(?:By|BY)\s+{_PERSON}(?=[ \t]*(?:$|,|\sand\s))", re.M)
#: How far into a text a byline may be.
BYLINE_WITHIN = 400
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
        (found := registry.lookup(w)) and registry.entities[found].type != "Person" for w in words
    )


def find(
    text: str,
    registry: Registry,
    sentences: Sentences,
    mentions_before: MentionsBefore,
) -> tuple[
    list[tuple[Known, tuple[int, int], str, float]], list[Holding], list[Known], dict[str, set[str]]
]:
    """New people (with the span that names them), post holdings, new posts, and the
    people named with a title with its offices (a rank alone makes no spokesperson)."""
    people: list[tuple[Known, tuple[int, int], str, float]] = []
    holdings: list[Holding] = []
    posts: list[Known] = []
    seen: set[str] = set()
    officials: dict[str, set[str]] = {}  # people named with a title, and its offices
    headings = headlines(text)

    def person(
        name: str, begin: int, cue: str, confidence: float, *, byline: bool = False
    ) -> str | None:
        name = _clean_name(name)
        heading = any(b <= begin < e for b, e in headings) and not byline  # a byline's line
        if heading and not outside(text, name, headings):
            return None  # "… Chief Tells Security Council": capitals of a heading
        plain = re.sub(_INITIAL, "", name)  # "Antony J. Blinken" is "Antony Blinken"
        if not _is_name(plain, registry):
            existing = registry.lookup(name) or registry.surnames.get(fold(name))
            return existing if existing and registry.entities[existing].type == "Person" else None
        eid = registry.lookup(name) or registry.lookup(plain) or slug(plain)
        if eid in registry.entities and plain != name:  # the known person, by this name too
            registry.add(Known(eid, "Person", name, {name}))
        if eid not in registry.entities and eid not in seen:
            seen.add(eid)
            people.append(
                (
                    Known(eid, "Person", name, {name, plain}, new=True),
                    (begin, begin + len(name)),
                    cue,
                    confidence,
                )
            )
        return eid

    for cue, pattern in PATTERNS:
        for first in pattern.finditer(text):
            pid = person(first.group("name"), first.start("name"), cue, 0.85)
            if pid is None:
                continue
            titles = [first]  # "X, Special Representative of … and head of UNMISS": two
            if cue == "pattern:NAME, TITLE" and (second := _AND_TITLE.match(text, first.end())):
                titles.append(second)
            for m in titles:
                officials.setdefault(pid, set()).add(office_of(m.group("title")))
                post = _post(m, text, registry, sentences, mentions_before)
                if post is None:
                    continue
                known, basis = post
                if known.id not in registry.entities and all(p.id != known.id for p in posts):
                    posts.append(known)
                confidence = {"phrase": 0.85, "title": 0.8}.get(basis, 0.6)
                holdings.append(
                    Holding(first.start(), m.end(), f"{cue} ({basis})", confidence, pid, known.id)
                )
    for m in _WHO_HEADS.finditer(text):  # the organisation must be one the registry knows
        oid = registry.lookup(re.sub(r"[’']s$", "", m.group("org")))
        if oid is None or registry.entities[oid].type not in ORG_TYPES:
            continue
        pid = person(m.group("name"), m.start("name"), "pattern:NAME, who heads ORG", 0.75)
        if pid is None:
            continue
        office = HEADS[m.group("verb")]
        officials.setdefault(pid, set()).add(office)
        headed = Known(
            f"{office}-of-{oid}",
            "Post",
            f"{office.title()} of {registry.entities[oid].label}",
            new=True,
        )
        if headed.id not in registry.entities and all(p.id != headed.id for p in posts):
            posts.append(headed)
        holdings.append(
            Holding(m.start(), m.end(), "pattern:NAME, who heads ORG", 0.75, pid, headed.id)
        )
    for m in BYLINE.finditer(text, 0, BYLINE_WITHIN):
        person(m.group("name"), m.start("name"), "pattern:byline", 0.85, byline=True)
    for m in RANKED.finditer(text):
        person(m.group("name"), m.start("name"), "pattern:RANK NAME", 0.8)
    for pattern in SAID:
        for m in pattern.finditer(text):
            person(m.group("name"), m.start("name"), "pattern:said NAME", 0.7)
    unique: dict[tuple[str, str], Holding] = {}
    for h in holdings:
        unique.setdefault((h.person, h.post), h)
    return people, list(unique.values()), posts, officials


def _post(
    m: re.Match[str],
    text: str,
    registry: Registry,
    sentences: Sentences,
    mentions_before: MentionsBefore,
) -> tuple[Known, str] | None:
    office = office_of(m.group("title"))
    org = m.group("org")
    if org:
        org = re.sub(r"[’']s$", "", org)
        if possessive := re.match(r"(\S+)[’']s\s+", org):  # "Haiti's Transitional … Council"
            org = org[possessive.end() :]
        oid = registry.lookup(org)
        org_id = oid or slug(org)
        label_org = registry.entities[oid].label if oid else org
        return Known(
            f"{office}-of-{org_id}", "Post", f"{m.group('title').title()} of {label_org}", new=True
        ), "phrase"
    owner = m.group("owner") or m.group("demonym")
    before = mentions_before(m.start())
    state = None
    if (m.group("pronoun") or "").lower() == "whose":  # "the mission, whose spokesman, X"
        state = _antecedent(text, m.start(), before, registry)
    elif m.group("pronoun"):  # "Its chief, Volker Türk": the organisation just named
        kinds = ("MultinationalMission",) if office == "force-commander" else ORG_TYPES
        state = _last_of_type(before, registry, *kinds)  # a force's commander, a force's
    elif owner and re.match(r"the\s", owner, re.I):  # "the mission's commander"
        state = _last_of_type(before, registry, *NOMINALS.get(owner.split()[-1].lower(), ()))
    elif owner:
        eid = registry.lookup(owner)
        known = registry.entities.get(eid) if eid else None
        state = registry.state_of(eid) if eid else registry.demonyms.get(fold(owner))
        if state is None and known is not None and known.type in ORG_TYPES:
            state = eid  # "IOM's Chief of Mission": a post of the organisation
    basis = "phrase"
    if state is None:
        title = re.sub(r"[\s-]+", " ", m.group("title").lower())
        implied = [state_id for phrase, state_id in TITLE_STATES.items() if phrase in title]
        if implied and implied[0] in registry.entities:
            state, basis = implied[0], "title"
    if state is None and office in STATE_OFFICES:
        state, basis = context_state(m.start(), registry, sentences, mentions_before), "context"
    if state is None:
        return None
    label = f"{' '.join(office.split('-')).title()} of {registry.entities[state].label}"
    return Known(f"{office}-of-{state}", "Post", label, new=True), basis


def _antecedent(text: str, offset: int, before: list[Mention], registry: Registry) -> str | None:
    """Whose "whose" is: the state or organisation named just before its comma ("Peru,
    whose president"), or the one a noun there stands for ("the mission, whose
    spokesman": the one mission the story has named with that word); else None."""
    head = text[:offset].rstrip()
    if not head.endswith(","):
        return None
    head = head[:-1].rstrip()
    if before and before[-1].end == len(head):
        eid = before[-1].entity
        known = registry.entities[eid]
        if known.type == "State" or known.type in ORG_TYPES:
            return eid
    noun = re.search(r"\bthe\s+(?:[\w-]+\s+)?(?P<noun>\w+)$", head, re.I)
    if noun is None:
        return None
    word = noun.group("noun").lower()
    kinds = NOMINALS.get(word, ())
    # "the mission": one named so ("the … Support mission"), not the Gang Suppression Force
    named = {
        x.entity
        for x in before
        if registry.entities[x.entity].type in kinds
        and any(word in n.lower().split() for n in registry.entities[x.entity].names)
    }
    return named.pop() if len(named) == 1 else None


def _last_of_type(mentions: list[Mention], registry: Registry, *kinds: str) -> str | None:
    for mention in reversed(mentions):
        if registry.entities[mention.entity].type in kinds:
            return mention.entity
    return None


def context_state(
    offset: int,
    registry: Registry,
    sentences: Sentences,
    mentions_before: MentionsBefore,
    *,
    person: bool = True,
) -> str | None:
    """The state (or capital) named nearest before ``offset`` in its clause (no "since",
    "but" or "who" between), else where the person is ("in Nairobi"; not for an
    institution: "The National Police Service … missing in Haiti"), else the first in
    the sentence before (its topic), else the dateline's ("PORT-AU-PRINCE —"), then a
    headline's."""
    text = sentences.text
    index = sentences.index(offset)
    begin, end = sentences.spans[index]
    found = datelines(text)
    place_begin, dateline = found[0].span() if found else (0, 0)
    openers = [p[0] for p in pieces(text, (begin, end)) if p[2] and p[0] <= offset]
    start = max([begin, dateline, *openers])
    here = [x for x in mentions_before(end) if x.begin >= start]
    before = [x for x in here if x.end <= offset][::-1]
    located = [x for x in before if _located(text, x)]
    order = [x for x in before if x not in located]  # "Kenyan … in Haiti": Kenya
    order += [  # after a person's title, only where the person is: "in Nairobi"
        x
        for x in here
        if person
        and x.begin > offset
        and re.search(r"\b(?:in|at|from)\s+$", text[max(0, x.begin - 8) : x.begin])
    ]
    if index > 0:
        p_begin, p_end = sentences.spans[index - 1]
        previous = [x for x in mentions_before(p_end) if x.begin >= max(p_begin, dateline)]
        moved = [x for x in previous if _located(text, x)]  # "… flew to Haiti": not theirs
        order += [x for x in previous if x not in moved]
        located += moved
    headed = [x for x in mentions_before(dateline) if x.end <= dateline]
    order += [x for x in headed if x.begin >= place_begin]  # the dateline's own place …
    order += [x for x in headed if x.begin < place_begin] + located  # … before a headline's
    for mention in order:
        first = fold(text[mention.begin : mention.end].split()[0])
        if state := registry.state_of(mention.entity) or registry.demonyms.get(first):
            return state
    return None


def topic_state(
    offset: int, registry: Registry, sentences: Sentences, mentions_before: MentionsBefore
) -> str | None:
    """The state a sentence is about: the first named in it before ``offset`` that is
    not where something goes ("Ghana will send officers to Mali after the National
    Assembly …": Ghana), else the dateline's ("ACCRA —": Ghana)."""
    text = sentences.text
    begin, _ = sentences.around(offset)
    for mention in mentions_before(offset):
        if mention.begin >= begin and not _located(text, mention):
            first = fold(text[mention.begin : mention.end].split()[0])
            if state := registry.state_of(mention.entity) or registry.demonyms.get(first):
                return state
    place = next(iter(datelines(text)), None)
    found = registry.lookup(place.group("place").title()) if place else None
    return registry.state_of(found) if found else None


def _located(text: str, mention: Mention) -> bool:
    """Whether a name follows a preposition: where something is, not whose it is."""
    return bool(_PREPOSITION.search(text[max(0, mention.begin - 12) : mention.begin]))
