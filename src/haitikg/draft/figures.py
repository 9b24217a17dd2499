"""Figures: a number (digits or words: "217", "1,000", "six hundred", "two dozen", "a
thousand", "5.6 thousand", "$13.3 million"), the qualifier around it ("over", "at least",
"about", "nearly", "passed", "or more"), what it counts (its unit noun, or one named
before: "a group of 200", "the strength of the force at 980", "up from 315,000") and its
measure, read from the verbs of its clause ("arrived", "pledged", "killed", "fled").

A number that counts nothing the measures know (a duration, "three robberies", "killed or
injured" together) is left alone rather than proposed with a made-up measure.
"""

from __future__ import annotations

import re
from collections.abc import Set

from text_to_num import text2num

from .actors import pieces
from .lexicon import PEOPLE_NOUNS, PERSONNEL_NOUNS
from .records import Figure
from .sentences import Sentences

Span = tuple[int, int]

SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|thousand|million"
)
_WORD_NUMBER = rf"(?i:(?:{_WORDS})\b(?:(?:\s+and\s+|[\s-]+)(?:{_WORDS})\b)*)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DOZEN = r"(?i:(?:a|one|two|three|four|five|six|several)\s+dozen)"
_A_SCALE = r"(?i:an?\s+(?:hundred|thousand|million))(?!\s+(?:of|and)\b)"
#: Currencies written before an amount, and the unit each is recorded in.
CURRENCIES = {
    "$": "US dollars", "US$": "US dollars", "USD": "US dollars",
    "C$": "Canadian dollars", "CA$": "Canadian dollars", "CAD": "Canadian dollars",
    "€": "euros", "EUR": "euros", "£": "pounds sterling", "GBP": "pounds sterling",
    "KSh": "Kenyan shillings", "Ksh": "Kenyan shillings", "KES": "Kenyan shillings",
}  # fmt: skip
_CURRENCY = "|".join(re.escape(c) + (r"\s?" if c.isalpha() else "")
                     for c in sorted(CURRENCIES, key=len, reverse=True))  # fmt: skip
NUMBER = re.compile(
    rf"(?<![\w.,$€£])(?P<dollar>{_CURRENCY})?\*?(?P<num>{_DOZEN}|{_A_SCALE}|{_DIGITS}|{_WORD_NUMBER})"
    rf"(?:\s+(?P<scale>thousand|million|billion)\b)?\*?(?![\w,]*\d)"
)
UNITS = rf"{PERSONNEL_NOUNS}|{PEOPLE_NOUNS}|votes|percent|per cent|%"
#: Words between a number and its noun ("1,041,000 internally displaced people"); none of
#: them may be a verb's helper or a preposition.
_FILLER = (
    r"(?:(?!(?:of|in|to|at|for|from|by|with|and|or|were|was|are|is|have|has|had|will|would|"
    r"that|which|who|the|a|an)\b)[\w-]+\s+)"
)
_UNIT = re.compile(rf"\s*\*?{_FILLER}{{0,3}}(?P<unit>{UNITS})(?:\b|(?<=%))", re.I)
_STRONG = re.compile(
    r"-(?:strong|member)\s+(?:[\w-]+\s+){0,2}(?:contingent|force|team|unit|group|mission|delegation)\b"
)
#: A unit named before the number: "the number of Kenyan officers … to 744", "Kenyan
#: police officers, 144 in all", "a group of 200", "the strength of the force at 980".
_UNIT_BEFORE = [
    re.compile(rf"(?:number|total) of\s+(?:\w+\s+){{0,2}}(?P<unit>{UNITS})\b[^.;]*?\bto\s+\*?$"),
    re.compile(
        rf"\b(?:number|count|toll|tally) of\s+(?:[\w-]+\s+){{0,2}}(?P<unit>{UNITS})\b[^.;]{{0,80}}?"
        r"\b(?:passed|reached|exceeded|surpassed|topped|at|to|is|was|stands\s+at|stood\s+at)\s+"
        r"(?:(?:more\s+than|over|about|around|some|nearly|almost|at\s+least|up\s+to|fewer\s+than|"
        r"less\s+than|roughly)\s+)?\*?$"
    ),
    re.compile(rf"(?P<unit>{PERSONNEL_NOUNS}),\s*\*?$"),
    re.compile(rf"(?P<unit>{PERSONNEL_NOUNS})\b[^.]*\b(?:strength|a total) of\s+\*?$"),
    re.compile(r"(?:strength|a total) of\s+\*?$(?P<unit>)"),
    re.compile(
        r"\b(?:group|contingent|team|batch|unit|force|detachment|delegation|deployment)\s+of\s+"
        r"(?:about\s+|some\s+|around\s+|nearly\s+)?\*?$(?P<unit>)"
    ),
    re.compile(r"\b(?:strength|size|headcount)\s+of\s+the\s+\w+\s+at\s+$(?P<unit>)"),
    # "raising its deployment to 78", "the mission had stalled at 970", "meant to reach
    # 2,500": a bare number the force's own noun governs (see _BARE_END)
    re.compile(
        r"\b(?:deployment|strength|presence|headcount|force|contingent|mission)\b[^.;,]{0,40}?"
        r"\b(?:to|at|reach|reached|reaches|of)\s+(?:about\s+|some\s+|around\s+|nearly\s+|"
        r"almost\s+|just\s+|roughly\s+)?\*?$(?P<bare>)"
    ),
]
#: What may follow a bare number whose unit is a noun before it: no noun of its own.
_BARE_END = re.compile(
    r"\*?(?:\s*(?:[,.;:)—–]|$)|\s+(?:in|on|by|and|but|as|after|before|when|since|under|"
    r"against|from|last|this|early|late|personnel)\b)"
)
_IN_ALL = re.compile(r"\s+in\s+(?:all|total)\b")
#: A bare number compared with a figure before it takes that figure's unit: "up from 315,000".
_COMPARED = re.compile(
    r"(?:up|down|rising|falling|rose|fell)?\s*(?:from|against|compared\s+(?:with|to))\s+$"
)

QUALIFIERS = [
    (r"more than|over|above|upwards of|in excess of|passed|surpassed|exceeded|topped", "more-than"),
    (r"at least|a minimum of", "at-least"),
    (r"fewer than|less than|under|below", "less-than"),
    (r"up to|at most|as many as|a maximum of", "up-to"),
    (r"nearly|almost|close to|just under|just short of", "nearly"),
    (
        r"about|around|roughly|approximately|some|an estimated|estimated|some \d+ or|"
        r"an? (?:approximate|rough)",
        "approximately",
    ),
]
_QUALIFIER = re.compile(
    r"(?:^|\W)(?P<q>" + "|".join(q for q, _ in QUALIFIERS) + r")\s+(?:only\s+)?\*?(?:\$\s?)?$",
    re.I,
)
_QUALIFIER_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}(?P<q>or more|or so|at least|at most)\b", re.I)

#: Measure cues: (regex over the clause, measure, what the unit must count, strength).
#: A weak cue ("has", "had") counts only when no strong one is in the clause.
MEASURES = [
    (r"\bcontrol|\bhold\b|\bheld\b|\bunder\s+(?:gang|their)", "territory-controlled", "percent", 2),
    (
        r"\b(?:kill|lives\W+(?:were\s+)?lost|died|dead|deaths?|murder|massacr|slain)",
        "killed",
        "people",
        2,
    ),
    (
        r"\bdisplac|\bfled\b|\bflee|forced\s+(?:from|out\s+of)|driven\s+(?:from|out)|uprooted|"
        r"homeless|left\s+their\s+homes",
        "displaced",
        "people",
        2,
    ),
    (r"\binjur|wounded", "injured", "people", 2),
    (
        r"\bvoted|\bvotes?\b|in\s+favou?r|\badopt|\bpassed\b|\bbacked\b",
        "votes-in-favour",
        "votes",
        2,
    ),
    (r"\bbudget|\brequir|\bcost|\bneed", "budget", "money", 2),
    (r"\bwaiver|\bapprov", "funding-approved", "money", 2),
    (r"\bfro(?:ze|zen)", "funding-frozen", "money", 2),
    (r"\braised|\breceived|\breached the|\bdisbursed|\bcollected", "funding-received", "money", 2),
    (
        r"\bpledg|\bpromis|\bcommit|\boffer|\bannounc|\bcontribut|\bdonat|\ballocat|\bearmark|\bgrant|"
        r"\bsupport\b",
        "funding-pledged",
        "money",
        2,
    ),
    (r"\bauthori[sz]|\ballows?\b|\bmandate|\bapprov", "personnel-authorised", "personnel", 2),
    (
        r"(?<=expected to )reach|\bexpected\b|\bplanned|\bfull\s+strength|\btarget|\bdue\s+to|"
        r"\bwill\s+(?:\w+\s+)?(?:deploy|arrive|follow|join)|\bgoal|\bmeant\s+to|\bhoped|"
        r"\b(?:should|would|will|to)\s+reach\b|\bplanned\s+strength",
        "personnel-planned",
        "personnel",
        2,
    ),
    (
        r"\bpledg|\bpromis|\bcommit|\boffer|\bprovide\b|\bto send\b|\bcontribut|\bvow",
        "personnel-pledged",
        "any",
        2,
    ),
    (
        r"\barriv|\bland|\breach(?:ed|es)?\s+(?:the\s+)?(?-i:[A-Z])|\bjoin|\btravell?ed|\bflew|"
        r"\bflown|\bincludes?\b|\btouch(?:ed)?\s+down|\bdisembark",
        "personnel-arrived",
        "personnel",
        2,
    ),
    (
        r"\bdeploy|\bserv(?:e|es|ed|ing)\b|\bnumber of|\bbringing|"
        r"(?<!planned )(?<!full )(?<!authori[sz]ed )(?<!target )\bstrength|\bcounts?\b|"
        r"\bnumbers\b|\bremain|\bstationed|\bon the ground|"
        r"\b(?:are|were|is)\s+(?:now\s+|still\s+)?in\b",
        "personnel-deployed",
        "personnel",
        2,
    ),
    (r"\bhad\b|\bhas\b|\bhave\b", "personnel-deployed", "personnel", 1),
]
PERSONNEL = set(PERSONNEL_NOUNS.split("|"))
PEOPLE = set(PEOPLE_NOUNS.split("|")) - {"civilians"}
_NOT_A_COUNT = re.compile(
    r"\W*(?:\w+\s+){0,3}?(?:killed|dead)\s+(?:or|and)\s+(?:injured|wounded)", re.I
)


def parse(num: str, scale: str | None) -> int | float | None:
    """The number as written: digits or English words, times a scale word."""
    raw = num.strip().replace("*", "")
    words = raw.lower().split()
    if words and words[-1] == "dozen":
        value: float = 12 * (1 if words[0] in ("a", "one") else (parse(words[0], None) or 0))
        if words[0] == "several":
            return None
    elif words and words[0] in ("a", "an"):
        value = SCALES.get(words[1], 100 if words[1] == "hundred" else 0)
    elif re.fullmatch(_DIGITS, raw):
        value = float(raw.replace(",", ""))
    else:
        try:
            value = text2num(raw.lower().replace("-", " "), "en")
        except ValueError:
            return None
    value *= SCALES.get(scale or "", 1)
    return int(value) if float(value).is_integer() else value


def fmt(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


_MARK = re.compile(r"[;:—()]|,(?!\d)")


def clause(text: str, begin: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The stretch between the punctuation marks around ``[begin, end)`` in its sentence."""
    marks = [m.start() for m in _MARK.finditer(text, sentence[0], sentence[1])]
    left = max([m + 1 for m in marks if m < begin] or [sentence[0]])
    while left < begin and text[left].isspace():
        left += 1
    right = min([m for m in marks if m >= end] or [sentence[1]])
    return left, right


def _measure(
    text: str, begin: int, end: int, unit_kind: str, sentence: Span
) -> tuple[str | None, str]:
    """The measure whose cue is nearest the figure: in its own piece of clause (or the
    relative clause that follows it: "400 officers who have been deployed"), else its
    clause, else its sentence; strong cues before weak ones."""
    own = next((p for p in pieces(text, sentence) if p[0] <= begin < p[1]), (begin, end, False))
    relative = re.match(r"\s*,?\s*(?:who|which|that)\s+[^,.;]*", text[end : sentence[1]])
    scopes = [((own[0], own[1]), "clause")]
    if relative:
        scopes.append(((end, end + relative.end()), "clause"))
    scopes.append((clause(text, begin, end, sentence), "clause"))
    scopes.append((sentence, "sentence"))
    for (s_begin, s_end), where in scopes:
        for strength in (2, 1):
            best: tuple[int, str] | None = None
            for pattern, measure, needs, weight in MEASURES:
                if weight != strength or not _fits(needs, unit_kind):
                    continue
                for m in re.compile(pattern, re.I).finditer(text, s_begin, s_end):
                    # the whole word: the cue's regex may hold only its stem ("arriv")
                    joined = not re.match(r"includ|arrival|landing", text[m.start() :], re.I)
                    if measure == "personnel-arrived" and m.start() < begin and joined:
                        continue  # "join 400 officers": they are joined, not arriving
                    distance = abs(m.start() - begin)
                    if best is None or distance < best[0]:
                        best = (distance, measure)
            if best:
                return best[1], where
    return None, ""


def _fits(needs: str, unit_kind: str) -> bool:
    """Whether a measure for ``needs`` may count a unit of ``unit_kind`` ("both": a
    demonym, which may be personnel or people)."""
    return needs in ("any", unit_kind) or (unit_kind == "both" and needs in ("personnel", "people"))


def _counts(unit: str) -> str:
    """What a unit noun counts: percent, personnel, people, both (civilians: killed, or
    serving with a force), or itself (votes)."""
    if unit == "civilians":
        return "both"
    if unit in PEOPLE:
        return "people"
    return "percent" if unit == "percent" else "personnel" if unit in PERSONNEL else unit


def _unit(text: str, m: re.Match[str], demonyms: Set[str]) -> tuple[str, str, int] | None:
    """(unit, what it counts, end of the wording) of the number ``m``."""
    begin, end = m.span()
    if currency := m.group("dollar"):
        return CURRENCIES[currency.strip()], "money", end
    if strong := _STRONG.match(text, end):
        return "personnel", "personnel", strong.end()
    if unit_m := _UNIT.match(text, end):
        unit = unit_m.group("unit").lower()
        unit = {"per cent": "percent", "%": "percent", "lives": "people"}.get(unit, unit)
        return unit, _counts(unit), unit_m.end()
    plural = re.match(r"\s+(?P<d>[A-Z][a-z]+s)\b", text[end:])
    if plural and plural.group("d")[:-1].lower() in demonyms:  # "75 Guatemalans"
        return "people", "both", end + plural.end()
    for pattern in _UNIT_BEFORE:
        if back := pattern.search(text, max(0, begin - 120), begin):
            if "bare" in pattern.groupindex and not _BARE_END.match(text, end):
                continue  # "sent officers to 3 cities": the number has its own noun
            unit = (back.groupdict().get("unit") or "").lower() or "personnel"
            wording_end = in_all.end() if (in_all := _IN_ALL.match(text, end)) else end
            return unit, _counts(unit), wording_end
    return None


def find(
    text: str, sentences: Sentences, taken: list[Span], demonyms: Set[str] = frozenset()
) -> list[Figure]:
    """Every figure with a measure, outside the spans in ``taken`` (dates, names)."""
    out: list[Figure] = []
    for m in NUMBER.finditer(text):
        begin, end = m.span()
        if any(b < end and begin < e for b, e in taken):
            continue
        value = parse(m.group("num"), m.group("scale"))
        if value is None or value == 0:
            continue
        sentence = sentences.around(begin)
        found = _unit(text, m, demonyms)
        if found is None:
            found = _compared(text, m, sentence, out)
        if found is None:
            continue
        unit, unit_kind, wording_end = found
        if unit == "members" and re.search(
            r"\b(?:adopted|voted|votes|passed)\b", text[slice(*sentence)]
        ):
            unit, unit_kind = "votes", "votes"
        if _NOT_A_COUNT.match(text, wording_end):
            continue  # "killed or injured": no measure counts both
        measure, where = _measure(text, begin, wording_end, unit_kind, sentence)
        if measure is None:
            continue
        qualifier, q_begin = _qualifier(text, begin, wording_end, sentence, measure)
        if m.group("dollar") and measure == "personnel-pledged":
            measure = "funding-pledged"
        confidence = 0.8 if where == "clause" else 0.6
        if text.count("*", q_begin, wording_end) % 2:
            if text.startswith("*", wording_end):
                wording_end += 1
            elif text.startswith("*", begin):
                begin = q_begin = begin + 1 if q_begin == begin else q_begin
        c_begin, c_end = clause(text, q_begin, wording_end, sentence)
        out.append(
            Figure(
                c_begin,
                c_end,
                f"number+{where}-cue:{measure}",
                confidence,
                (q_begin, wording_end),
                fmt(value),
                "personnel" if unit == "people" and "personnel" in measure else unit,
                qualifier,
                measure,
            )
        )
    return out


def _compared(
    text: str, m: re.Match[str], sentence: Span, earlier: list[Figure]
) -> tuple[str, str, int] | None:
    """ "1,041,000 displaced people, up from 315,000": the unit of the figure compared."""
    begin = m.start()
    if not _COMPARED.search(text[max(sentence[0], begin - 30) : begin]):
        return None
    before = [f for f in earlier if sentence[0] <= f.begin and f.wording[1] <= begin]
    if not before:
        return None
    f = before[-1]
    kind = "percent" if f.unit == "percent" else "personnel" if f.unit in PERSONNEL else "people"
    kind = "money" if f.unit in CURRENCIES.values() else kind
    digits = re.match(r"[\d,.]+", text[begin:])  # "up from two hundred": the whole number
    return f.unit, kind, begin + digits.end() if digits else m.end()


def _qualifier(
    text: str, begin: int, wording_end: int, sentence: Span, measure: str
) -> tuple[str, int]:
    """The qualifier before the number ("more than", "passed") or after it ("or more");
    "estimated" anywhere before it; a pledge or plan is a target."""
    qualifier, q_begin = "exact", begin
    window = text[max(sentence[0], begin - 30) : begin]
    if q := _QUALIFIER.search(window):
        qualifier = next(
            name for pattern, name in QUALIFIERS if re.fullmatch(pattern, q.group("q"), re.I)
        )
        q_begin = begin - (len(window) - q.start("q"))
    elif q := _QUALIFIER_AFTER.match(text, wording_end):
        qualifier = {"or more": "at-least", "at least": "at-least", "at most": "up-to"}.get(
            q.group("q").lower(), "approximately"
        )
    if qualifier == "exact" and re.search(r"\bestimat", text[sentence[0] : begin], re.I):
        qualifier = "estimate"
    if qualifier == "exact" and measure in ("personnel-pledged", "personnel-planned"):
        qualifier = "target"
    return qualifier, q_begin
