"""``haitikg eval``: score draft annotations against hand annotations (gold).

Each kind is scored by precision, recall and F1. Items are paired one to one by overlapping
spans (the words they quote); a pair counts when its normalised values agree as well:
the entity of a mention, the type and value of a date, the value, qualifier and measure of a
figure, the speaker of a quotation, the type of an event. Posts are (person, post) pairs.
Roles, places and times of events are scored over the events so paired, and every role,
place or time of an unpaired event is a miss or a false alarm. Entities a draft proposes
are taken to be the gold's entity of the same id or of the same name.

A kind is scored only when the gold annotates it: a gold file without ``mentions`` or
``dates`` leaves those kinds out rather than counting every proposal as a false alarm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .annotations import TIME_KEYS, YamlMap
from .draft.registry import fold
from .errors import HaitikgError

KINDS = (
    "mentions",
    "posts",
    "dates",
    "figures",
    "quotations",
    "attributions",
    "events",
    "event roles",
    "event places",
    "event times",
)


@dataclass
class EvalItem:
    """One annotation to score: where it stands, what it says, and how to show it."""

    spans: list[tuple[int, int]]
    key: Any
    show: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Annotated:
    """An annotation file read for scoring: its text, entities and items by kind."""

    def __init__(self, path: Path, text_dirs: Iterable[Path] = ()) -> None:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise HaitikgError(f"{path}: cannot read annotations: {exc}") from exc
        if not isinstance(raw, dict) or "document" not in raw:
            raise HaitikgError(f"{path}: not an annotation file (no `document`)")
        self.path = path
        self.document = str(raw["document"])
        self.text = self._text(path, text_dirs)
        self.raw = raw
        self.entities = {k: v for k, v in (raw.get("entities") or {}).items() if _live(v)}
        self.facts = [f for f in raw.get("facts") or [] if isinstance(f, dict) and _live(f)]
        self.has = {"mentions": "mentions" in raw, "dates": "dates" in raw, "facts": "facts" in raw}

    def _text(self, path: Path, dirs: Iterable[Path]) -> str:
        for folder in (path.parent, *dirs):
            candidate = folder / f"{self.document}.txt"
            if candidate.exists():
                return candidate.read_text(encoding="utf-8")
        raise HaitikgError(f"{path}: the text {self.document}.txt is not beside it")

    def spans(self, item: YamlMap, key: str = "quote") -> list[tuple[int, int]]:
        """Where ``item[key]`` stands ("occurrence: all" is every occurrence)."""
        words = item.get(key)
        if not isinstance(words, str) or not words:
            return []
        occurrence = item.get("occurrence", 1)
        pattern = re.escape(words)
        if occurrence == "all":  # every occurrence as a word, not inside a longer one
            pattern = (r"(?<!\w)" if words[0].isalnum() else "") + pattern
            pattern += r"(?!\w)" if words[-1].isalnum() else ""
        starts = [m.start() for m in re.finditer(pattern, self.text)]
        if not starts:
            raise HaitikgError(f"{self.path}: quote not found in the text: {words!r}")
        if occurrence == "all":
            return [(s, s + len(words)) for s in starts]
        if not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
            raise HaitikgError(
                f"{self.path}: occurrence {occurrence!r} of {words!r} is not 1..{len(starts)}"
            )
        s = starts[occurrence - 1]
        return [(s, s + len(words))]


def _live(item: Any) -> bool:
    return isinstance(item, dict) and item.get("status", "confirmed") != "rejected"


def _number(raw: Any) -> float | None:
    try:
        return float(str(raw).replace(",", "").replace("*", "").strip())
    except ValueError:
        return None


def _names(spec: YamlMap, eid: str) -> set[str]:
    names = {str(spec.get("label", eid)), *(str(a) for a in spec.get("alt") or [])}
    return {" ".join(w for w in fold(n).split() if w != "the") for n in names}


def aligner(draft: Annotated, gold: Annotated) -> Callable[[Any], Any]:
    """Map a draft's proposed entity ids to the gold's ids of the same name."""
    gold_names: dict[str, str] = {}
    for eid, spec in gold.entities.items():
        for name in _names(spec, eid):
            gold_names.setdefault(name, eid)
    mapping: dict[str, str] = {}
    for eid, spec in draft.entities.items():
        if eid in gold.entities:
            continue
        for name in _names(spec, eid):
            if name in gold_names:
                mapping[eid] = gold_names[name]
                break

    def align(value: Any) -> Any:
        if isinstance(value, list):
            return [align(v) for v in value]
        return mapping.get(value, value) if isinstance(value, str) else value

    return align


def items(doc: Annotated, kind: str, align: Callable[[Any], Any]) -> list[EvalItem]:
    """The items of one kind, normalised so that equal meaning compares equal."""
    out: list[EvalItem] = []
    if kind == "mentions":
        for m in doc.raw.get("mentions") or []:
            if _live(m):
                for span in doc.spans(m):
                    out.append(
                        EvalItem(
                            [span],
                            align(m.get("entity")),
                            f"{doc.text[slice(*span)]!r} → {m.get('entity')}",
                        )
                    )
    elif kind == "dates":
        for d in doc.raw.get("dates") or []:
            if _live(d):
                key = (
                    d.get("type"),
                    *(
                        str(d.get(k)) if d.get(k) is not None else None
                        for k in ("value", "earliest", "latest")
                    ),
                )
                out.append(EvalItem(doc.spans(d), key, f"{d.get('quote')!r} {key}"))
    elif kind == "posts":
        for f in doc.facts:
            if f.get("kind") == "statement" and f.get("property") == "hkg:holdsPost":
                key = (align(f.get("subject")), align(f.get("object")))
                out.append(EvalItem([], key, f"{key[0]} holds {key[1]}"))
    elif kind == "figures":
        for f in doc.facts:
            if f.get("kind") == "figure":
                quote = doc.spans(f)
                wording = _inside(doc, f.get("wording"), quote) or quote
                key = (_number(f.get("value")), f.get("qualifier"), f.get("measure"))
                out.append(EvalItem(wording, key, f"{f.get('wording')!r} {key}"))
    elif kind == "quotations":
        for f in doc.facts:
            if f.get("kind") == "quotation":
                out.append(
                    EvalItem(
                        doc.spans(f),
                        align(f.get("speaker")),
                        f"{_short(f.get('quote'))!r} by {f.get('speaker')}",
                    )
                )
    elif kind == "attributions":
        for f in doc.facts:
            if f.get("reported-by"):
                spans = _inside(doc, f.get("wording"), doc.spans(f)) or doc.spans(f)
                out.append(
                    EvalItem(
                        spans,
                        align(f.get("reported-by")),
                        f"{_short(f.get('quote'))!r} reported by {f.get('reported-by')}",
                    )
                )
    elif kind == "events":
        for f in doc.facts:
            if f.get("kind") == "event":
                spans = doc.spans(f) + [
                    s for a in f.get("also") or [] for s in doc.spans({"quote": a})
                ]
                roles = {
                    (r, a)
                    for r, actors in (f.get("roles") or {}).items()
                    for a in (actors if isinstance(actors, list) else [actors])
                }
                extra = {
                    "roles": {(r, align(a)) for r, a in roles},
                    "place": align(f.get("place")),
                    "time": {k: str(f[k]) for k in TIME_KEYS if k in f},
                }
                out.append(
                    EvalItem(
                        spans, f.get("type"), f"{f.get('type')} {_short(f.get('quote'))!r}", extra
                    )
                )
    return out


def _inside(doc: Annotated, words: Any, within: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if not isinstance(words, str) or not within:
        return []
    begin, end = within[0]
    at = doc.text.find(words, begin, end)
    return [(at, at + len(words))] if at >= 0 else []


def _short(text: Any, n: int = 60) -> str:
    words = str(text or "")
    return words if len(words) <= n else words[: n - 1] + "…"


def _overlap(a: EvalItem, b: EvalItem) -> int:
    return max((min(e1, e2) - max(b1, b2) for b1, e1 in a.spans for b2, e2 in b.spans), default=0)


def pair(
    draft: list[EvalItem], gold: list[EvalItem]
) -> tuple[list[tuple[EvalItem, EvalItem]], list[EvalItem], list[EvalItem]]:
    """One-to-one pairs of overlapping items with equal keys, the best overlap first;
    items without spans (posts) pair on their keys alone."""
    candidates = []
    for i, d in enumerate(draft):
        for j, g in enumerate(gold):
            if d.key != g.key:
                continue
            if not d.spans and not g.spans:
                candidates.append((1, i, j))
            elif (size := _overlap(d, g)) > 0:
                candidates.append((size, i, j))
    used_d, used_g, pairs = set(), set(), []
    for _, i, j in sorted(candidates, key=lambda c: -c[0]):
        if i not in used_d and j not in used_g:
            used_d.add(i)
            used_g.add(j)
            pairs.append((draft[i], gold[j]))
    return (
        pairs,
        [d for i, d in enumerate(draft) if i not in used_d],
        [g for j, g in enumerate(gold) if j not in used_g],
    )


def score_kind(draft: list[EvalItem], gold: list[EvalItem]) -> Score:
    pairs, extra, missing = pair(draft, gold)
    return Score(
        len(pairs), len(extra), len(missing), [g.show for g in missing], [d.show for d in extra]
    )


def score_events(draft: list[EvalItem], gold: list[EvalItem]) -> dict[str, Score]:
    """Events by span and type; their roles, places and times over the pairs."""
    pairs, extra, missing = pair(draft, gold)
    out = {
        "events": Score(
            len(pairs), len(extra), len(missing), [g.show for g in missing], [d.show for d in extra]
        )
    }
    roles, places, times = Score(), Score(), Score()
    for d, g in [*pairs, *((d, None) for d in extra), *((None, g) for g in missing)]:
        d_roles = d.extra["roles"] if d else set()
        g_roles = g.extra["roles"] if g else set()
        either = d or g
        assert either is not None  # a pair, an extra draft item or a missing gold one
        name = either.show
        roles.add(
            Score(
                len(d_roles & g_roles),
                len(d_roles - g_roles),
                len(g_roles - d_roles),
                [f"{name}: {r}" for r in sorted(g_roles - d_roles)],
                [f"{name}: {r}" for r in sorted(d_roles - g_roles)],
            )
        )
        for score, key in ((places, "place"), (times, "time")):
            dv = d.extra[key] if d else None
            gv = g.extra[key] if g else None
            if dv and gv and dv == gv:
                score.tp += 1
                continue
            if gv:
                score.fn += 1
                score.misses.append(f"{name}: {key} {gv}")
            if dv:
                score.fp += 1
                score.false_alarms.append(f"{name}: {key} {dv}")
    out.update({"event roles": roles, "event places": places, "event times": times})
    return out


def evaluate(draft: Annotated, gold: Annotated) -> dict[str, Score]:
    """Scores per kind for one document (only the kinds the gold annotates)."""
    if draft.document != gold.document:
        raise HaitikgError(
            f"{draft.path} is about {draft.document}, {gold.path} about {gold.document}"
        )
    align = aligner(draft, gold)
    out: dict[str, Score] = {}
    for kind in ("mentions", "dates"):
        if gold.has[kind]:
            out[kind] = score_kind(items(draft, kind, align), items(gold, kind, lambda x: x))
    if gold.has["facts"]:
        for kind in ("posts", "figures", "quotations", "attributions"):
            out[kind] = score_kind(items(draft, kind, align), items(gold, kind, lambda x: x))
        out.update(score_events(items(draft, "events", align), items(gold, "events", lambda x: x)))
    return {k: out[k] for k in KINDS if k in out}


def evaluate_paths(draft: Path, gold: Path) -> dict[str, Score]:
    """One file against one file, or every gold file of a folder against the draft of the
    same document in the other folder, micro-averaged (counts summed over documents)."""
    if draft.is_file() and gold.is_file():
        return evaluate(Annotated(draft, [gold.parent]), Annotated(gold, [draft.parent]))
    if not (draft.is_dir() and gold.is_dir()):
        raise HaitikgError("give two annotation files, or two folders of them")
    total: dict[str, Score] = {}
    golds = sorted(gold.glob("*.ann.yaml"))
    if not golds:
        raise HaitikgError(f"{gold}: no *.ann.yaml files")
    for g in golds:
        d = draft / g.name
        if not d.exists():
            raise HaitikgError(f"{draft}: no draft {g.name} for the gold {g}")
        for kind, score in evaluate(Annotated(d, [gold]), Annotated(g, [draft])).items():
            if kind not in total:
                total[kind] = Score()
            score.misses = [f"{g.name.removesuffix('.ann.yaml')}: {m}" for m in score.misses]
            score.false_alarms = [
                f"{g.name.removesuffix('.ann.yaml')}: {m}" for m in score.false_alarms
            ]
            total[kind].add(score)
    return {k: total[k] for k in KINDS if k in total}
