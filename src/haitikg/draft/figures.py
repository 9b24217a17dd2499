"""Figures: a number (digits or words: "217", "1,000", "six hundred", "$13.3 million"), the
qualifier before it ("over", "at least", "about", "up to"), what it counts (its unit noun)
and its measure, read from the verbs of its clause ("arrived", "pledged", "killed").

A number that counts nothing the measures know (a duration, "three robberies") is left
alone rather than proposed with a made-up measure.
"""

from __future__ import annotations

import re

from text_to_num import text2num

from .records import Figure

SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|thousand|million"
)
_WORD_NUMBER = rf"(?i:(?:{_WORDS})\b(?:(?:\s+and\s+|[\s-]+)(?:{_WORDS})\b)*)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = re.compile(
    rf"(?<![\w.,$])(?P<dollar>\$)?\*?(?P<num>{_DIGITS}|{_WORD_NUMBER})"
    rf"(?:\s+(?P<scale>thousand|million|billion)\b)?\*?(?![\w,]*\d)"
)
#: Nouns a count may be of, as a unit; words between the number and the noun are allowed.
UNITS = (
    r"police officers|officers|policemen|police|soldiers|troops|peacekeepers|marines|personnel|"
    r"staff|people|lives|civilians|residents|children|refugees|migrants|women|men|votes|"
    r"members|percent|per cent|%|military"
)
_UNIT = re.compile(
    rf"\s*\*?(?:(?:more|additional|uniformed|[A-Z]\w+|police|in all)\s+){{0,3}}(?P<unit>{UNITS})\b"
)

#: A unit named before the number: "the number of Kenyan officers … to 744",
#: "Kenyan police officers, 144 in all".
_UNIT_BEFORE = [
    re.compile(rf"(?:number|total) of\s+(?:\w+\s+){{0,2}}(?P<unit>{UNITS})\b[^.;]*?\bto\s+\*?$"),
    re.compile(rf"(?P<unit>{UNITS}),\s*\*?$"),
    re.compile(rf"(?P<unit>{UNITS})\b[^.]*\b(?:strength|a total) of\s+\*?$"),
    re.compile(r"(?:strength|a total) of\s+\*?$(?P<unit>)"),
]
_IN_ALL = re.compile(r"\s+in\s+(?:all|total)\b")

QUALIFIERS = [
    (r"more than|over|above|upwards of|in excess of", "more-than"),
    (r"at least|a minimum of", "at-least"),
    (r"fewer than|less than|under|below", "less-than"),
    (r"up to|at most|as many as|a maximum of", "up-to"),
    (r"nearly|almost|close to", "nearly"),
    (
        r"about|around|roughly|approximately|some|an estimated|estimated|some \d+ or",
        "approximately",
    ),
]
_QUALIFIER = re.compile(
    r"(?:^|\W)(?P<q>" + "|".join(q for q, _ in QUALIFIERS) + r")\s+(?:only\s+)?\*?$", re.I
)
_QUALIFIER_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}(?P<q>or more|or so|at least|at most)\b", re.I)

#: Measure cues: (regex over the clause, measure, whether the unit must be personnel).
MEASURES = [
    (r"\bcontrol", "territory-controlled", "percent"),
    (r"\b(?:kill|lives\W+(?:were\s+)?lost|died|dead|deaths?)", "killed", "people"),
    (r"\bdisplac", "displaced", "people"),
    (r"\binjur|wounded", "injured", "people"),
    (r"\bvot|in favour|in favor", "votes-in-favour", "votes"),
    (r"\bbudget", "budget", "money"),
    (r"\bwaiver|\bapprov", "funding-approved", "money"),
    (r"\bfro(?:ze|zen)", "funding-frozen", "money"),
    (r"\braised|\breceived|\breached the", "funding-received", "money"),
    (r"\bauthori[sz]|\ballows?\b|\bmandate|\bapprov", "personnel-authorised", "personnel"),
    (
        r"(?<=expected to )reach|\bexpected\b|\bplanned|\bstrength|\btarget",
        "personnel-planned",
        "personnel",
    ),
    (r"\bpledg|\bpromis|\bcommit|\boffer|\bprovide\b|\bto send\b", "personnel-pledged", "any"),
    (
        r"\barriv|\bland|\breach|\bjoin|\btravell?ed|\bflew|\bincludes?\b",
        "personnel-arrived",
        "personnel",
    ),
    (
        r"\bdeploy|\bserving|\bnumber of|\bbringing|\bhad\b|\bhas\b",
        "personnel-deployed",
        "personnel",
    ),
]
PERSONNEL = {
    *[
        "officers",
        "policemen",
        "police",
        "soldiers",
        "troops",
        "peacekeepers",
        "marines",
        "personnel",
        "staff",
    ],
    *["civilians", "women", "men", "military", "members"],
    "police officers",
}
PEOPLE = {"people", "residents", "children", "refugees", "migrants"}
_STRONG = re.compile(r"-strong\s+(?:\w+\s+){0,2}(?:contingent|force|team|unit|group|mission)\b")
REPORTER = re.compile(
    r"(?P<who>\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\s*(?:,[^,]{0,80},\s*)?"
    r"(?:estimates?|estimated|says?|said|told|reported|reports|counts?|counted)\b"
)


def parse(num: str, scale: str | None) -> int | float | None:
    """The number as written: digits or English words, times a scale word."""
    raw = num.strip().replace("*", "")
    if re.fullmatch(_DIGITS, raw):
        value: float = float(raw.replace(",", ""))
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
    text: str, f_begin: int, f_end: int, unit_kind: str, sentence
) -> tuple[str | None, str]:
    """The measure whose cue is in the figure's clause, else nearest in its sentence."""
    c_begin, c_end = clause(text, f_begin, f_end, sentence)
    for (s_begin, s_end), where in (((c_begin, c_end), "clause"), (sentence, "sentence")):
        best = None
        for pattern, measure, needs in MEASURES:
            if needs not in ("any", unit_kind):
                continue
            for m in re.compile(pattern, re.I).finditer(text, s_begin, s_end):
                at = m.start()
                distance = abs(at - f_begin)
                if best is None or distance < best[0]:
                    best = (distance, measure)
        if best:
            return best[1], where
    return None, ""


def find(text: str, sentences, taken: list[tuple[int, int]]) -> list[Figure]:
    """Every figure with a measure, outside the spans in ``taken`` (dates, names)."""
    out = []
    for m in NUMBER.finditer(text):
        begin, end = m.span()
        if any(b < end and begin < e for b, e in taken):
            continue
        value = parse(m.group("num"), m.group("scale"))
        if value is None or value == 0:
            continue
        unit_m = _UNIT.match(text, end)
        if m.group("dollar"):
            unit, unit_kind, wording_end = "US dollars", "money", end
        elif strong := _STRONG.match(text, end):
            unit, unit_kind, wording_end = "personnel", "personnel", strong.end()
        elif unit_m:
            unit = unit_m.group("unit").lower()
            unit = {"per cent": "percent", "%": "percent", "lives": "people"}.get(unit, unit)
            unit_kind = (
                "percent" if unit == "percent" else "personnel" if unit in PERSONNEL else unit
            )
            wording_end = unit_m.end()
        elif back := next(
            (b for p in _UNIT_BEFORE if (b := p.search(text, max(0, begin - 120), begin))), None
        ):
            unit = back.group("unit").lower() or "personnel"
            unit_kind, wording_end = "personnel" if unit in PERSONNEL else unit, end
            if _IN_ALL.match(text, end):
                wording_end = _IN_ALL.match(text, end).end()
        else:
            continue
        sentence = sentences.around(begin)
        if unit in PEOPLE:
            unit_kind = "people"
        if unit == "members" and re.search(r"\b(?:adopted|vot|passed)", text[slice(*sentence)]):
            unit, unit_kind = "votes", "votes"
        measure, where = _measure(text, begin, end, unit_kind, sentence)
        if measure is None:
            continue
        qualifier, q_begin = "exact", begin
        if q := _QUALIFIER.search(text[max(sentence[0], begin - 30) : begin]):
            qualifier = next(
                name for pattern, name in QUALIFIERS if re.fullmatch(pattern, q.group("q"), re.I)
            )
            q_begin = begin - (len(text[max(sentence[0], begin - 30) : begin]) - q.start("q"))
        elif q := _QUALIFIER_AFTER.match(text, wording_end):
            qualifier = {"or more": "at-least", "at least": "at-least", "at most": "up-to"}.get(
                q.group("q").lower(), "approximately"
            )
        if qualifier == "exact" and re.search(r"\bestimat", text[sentence[0] : begin], re.I):
            qualifier = "estimate"
        if qualifier == "exact" and measure in (
            "personnel-pledged",
            "personnel-planned",
            "funding-pledged",
        ):
            qualifier = "target"
        if m.group("dollar") and measure == "personnel-pledged":
            measure = "funding-pledged"
        confidence = 0.8 if where == "clause" else 0.6
        if text.count("*", q_begin, wording_end) % 2:
            if text.startswith("*", wording_end):
                wording_end += 1
            elif text.startswith("*", begin):
                begin = q_begin = begin + 1 if q_begin == begin else q_begin
        wording = (q_begin, wording_end)
        c_begin, c_end = clause(text, q_begin, wording_end, sentence)
        out.append(
            Figure(
                c_begin,
                c_end,
                f"number+{where}-cue:{measure}",
                confidence,
                wording,
                fmt(value),
                unit,
                qualifier,
                measure,
            )
        )
    return out


def reporter(text: str, figure: Figure, mentions, sentences) -> str | None:
    """Who the figure is attributed to: "The United Nations estimates that …"."""
    s_begin = sentences.around(figure.wording[0])[0]
    before = text[s_begin : figure.wording[0]]
    for m in REPORTER.finditer(before):
        start = s_begin + m.start("who")
        end = s_begin + m.end("who")
        inside = [x for x in mentions if start <= x.begin and x.end <= end]
        if inside:  # "Kenya's President William Ruto told": the last name speaks
            return inside[-1].entity
    m = re.search(
        r"according to (?:the\s+)?(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)",
        text[figure.begin : figure.end],
    )
    if m:
        start = figure.begin + m.start("who")
        for mention in mentions:
            if mention.begin == start:
                return mention.entity
    return None
