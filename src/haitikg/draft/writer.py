"""Write a draft as ``<id>.meta.yaml`` and ``<id>.ann.yaml`` in the annotation format (v2).

Every item has ``status: draft``, a ``confidence`` and the ``cue`` that produced it. Quotes
are the text's own words; a quote found more than once gets ``occurrence: N``, as a person
would write it. Besides ``facts``, the file has two layers the build does not publish as
facts: ``mentions`` (which words name which entity) and ``dates`` (each date expression,
normalised), so a reviewer and ``haitikg eval`` can check them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .pipeline import Draft
from .records import Event, Figure, Found, Period, Quotation, TimeExpression

EVENT_SLUG = {
    "ContingentArrival": "arrival",
    "Deployment": "deployment",
    "Reception": "reception",
    "Pledge": "pledge",
    "PublicStatement": "statement",
    "Debate": "debate",
    "ArmedViolence": "violence",
    "SecurityOperation": "operation",
    "Vote": "vote",
    "Authorization": "authorisation",
    "CourtRuling": "ruling",
}
ABOUT = {
    "personnel-arrived": "ContingentArrival",
    "personnel-deployed": "Deployment",
    "personnel-pledged": "Pledge",
    "funding-pledged": "Pledge",
    "killed": "ArmedViolence",
    "displaced": "ArmedViolence",
    "votes-in-favour": "Vote",
    "personnel-authorised": "Authorization",
}
HEADER = """\
# Draft annotations of {id}.txt, proposed by `haitikg draft`{anchor}.
# Nothing here is published as fact until a person reviews it: for each item, change
# `status: draft` to `confirmed` (or correct it first), or to `rejected`, or delete it.
"""


def _draft(item: Found) -> dict[str, Any]:
    return {"status": "draft", "confidence": round(item.confidence, 2), "cue": item.cue}


def quote(text: str, begin: int, end: int) -> dict[str, Any]:
    """``quote`` (and ``occurrence`` when the words occur more than once) for a span."""
    words = text[begin:end]
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    if begin not in starts:  # overlapping repeats: quote a little more to the left
        return quote(text, begin - 1, end)
    out: dict[str, Any] = {"quote": words}
    if len(starts) > 1:
        out["occurrence"] = starts.index(begin) + 1
    return out


def _time_keys(t: TimeExpression) -> dict[str, Any]:
    out: dict[str, Any] = {"type": t.kind}
    if t.value is not None:
        out["value"] = t.value
    if t.earliest is not None:
        out["earliest"] = t.earliest
    if t.latest is not None:
        out["latest"] = t.latest
    out["basis"] = t.basis
    return out


def _period(figure: Figure, draft: Draft, about: Event | None) -> Period | None:
    """The time of the event the figure is about, else a date in the figure's clause."""
    if about is not None:
        when = about.time
        if "date" in when:
            return when["date"]
        if "begin" in when and when.get("end") == when["begin"]:
            return when["begin"]
        if "begin" in when:
            return {"begin": when["begin"], "end": "publication"}
    near = [t for t in draft.times if figure.begin <= t.begin and t.end <= figure.end]
    for t in near:
        if t.since and t.earliest:
            return {"begin": t.earliest, "end": "publication"}
        if t.value:
            return t.value
    return None


def _label(draft: Draft, eid: str) -> str:
    return draft.registry.entities[eid].label


def annotation_file(draft: Draft, doc_id: str) -> dict[str, Any]:
    """The annotation file as a mapping, in the order a reviewer reads it."""
    text = draft.text
    entities: dict[str, dict[str, Any]] = {}
    for eid, (known, cue, confidence) in draft.new.items():
        spec: dict[str, Any] = {"type": known.type, "label": known.label}
        alt = sorted(n for n in known.names if n != known.label)
        if alt:
            spec["alt"] = alt
        spec.update({"status": "draft", "confidence": confidence, "cue": cue})
        entities[eid] = spec
    mentions = [
        {"entity": m.entity, **quote(text, m.begin, m.end), **_draft(m)} for m in draft.mentions
    ]
    dates = [{**quote(text, t.begin, t.end), **_time_keys(t), **_draft(t)} for t in draft.times]
    facts: list[dict[str, Any]] = []
    for h in draft.holdings:
        facts.append(
            {
                "kind": "statement",
                "subject": h.person,
                "property": "hkg:holdsPost",
                "object": h.post,
                **quote(text, h.begin, h.end),
                **_draft(h),
            }
        )
    ids: dict[int, str] = {}
    used: set[str] = set()
    for e in draft.events:
        ids[id(e)] = _event_id(e, used)
    for e in draft.events:
        facts.append(_event(draft, e, ids[id(e)]))
    for n, f in enumerate(draft.figures, 1):
        facts.append(_figure(draft, f, n, draft.events, ids))
    for n, e_q in enumerate(_quotations(draft, ids), 1):
        q, event_id = e_q
        first = " ".join(text[q.begin : q.end].split()[:6])
        item = {
            "id": f"quote-{n}",
            "kind": "quotation",
            "label": f"{_label(draft, q.speaker)}: “{first}…”",
            **quote(text, q.begin, q.end),
            "speaker": q.speaker,
        }
        if event_id:
            item["in"] = event_id
        facts.append({**item, **_draft(q)})
    return {
        "document": doc_id,
        "entities": entities,
        "mentions": mentions,
        "dates": dates,
        "facts": facts,
    }


def _quotations(draft: Draft, ids: dict[int, str]) -> list[tuple[Quotation, str | None]]:
    """Each quotation with the id of the statement it is said in, if any."""
    by_quote: dict[int, str] = {}
    for e in draft.events:
        for q in e.quotations:
            by_quote[id(q)] = ids[id(e)]
    return [(q, by_quote.get(id(q))) for q in draft.quotations]


def _event_id(e: Event, used: set[str]) -> str:
    """``arrival-2024-06-25``; ``statement-1``, ``statement-2`` for undated events."""
    stem = EVENT_SLUG.get(e.type, "event")
    when = e.time.get("date") or e.time.get("begin") or ""
    base = f"{stem}-{when}" if when else stem
    n, candidate = 1, base if when else f"{base}-1"
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _event(draft: Draft, e: Event, event_id: str) -> dict[str, Any]:
    words = " ".join(draft.text[e.begin : e.end].split()[:10]).rstrip(",.;")
    item: dict[str, Any] = {
        "id": event_id,
        "kind": "event",
        "type": e.type,
        "label": f"{EVENT_SLUG.get(e.type, 'event').title()}: {words}…",
        **quote(draft.text, e.begin, e.end),
    }
    also = [draft.text[b:end] for b, end in e.also]
    also = [a for a in also if draft.text.count(a) == 1]
    if also:
        item["also"] = also
    if e.event_type:
        item["event-type"] = e.event_type
    item.update(e.time)
    if e.place:
        item["place"] = e.place
    if e.roles:
        item["roles"] = {r: (a[0] if len(a) == 1 else a) for r, a in e.roles.items()}
    return {**item, **_draft(e)}


def _figure(
    draft: Draft, f: Figure, n: int, events: list[Event], ids: dict[int, str]
) -> dict[str, Any]:
    text = draft.text
    item: dict[str, Any] = {
        "id": f"figure-{n}",
        "kind": "figure",
        "label": f"{f.value} {f.unit} ({f.measure})",
        **quote(text, f.begin, f.end),
        "measure": f.measure,
        "wording": text[f.wording[0] : f.wording[1]],
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
    }
    if f.reporter:
        item["reported-by"] = f.reporter
    kind = ABOUT.get(f.measure or "")
    about = None
    for e in events:
        if e.type == kind and e.begin <= f.begin < e.end:
            about = e
            item["about"] = ids[id(e)]
            break
    period = _period(f, draft, about)
    if period is not None:
        item["period"] = period
    return {**item, **_draft(f)}


def meta(doc_id: str, text_path: Path, draft: Draft, title: str | None = None) -> dict[str, Any]:
    first = draft.text[slice(*draft.sentences.spans[0])] if len(draft.sentences) else doc_id
    out: dict[str, Any] = {
        "id": doc_id,
        "title": title or " ".join(first.replace("*", "").split()[:14]),
        "type": "NewsArticle",
        "language": "en",
    }
    if draft.anchor is not None:
        out["published"] = draft.anchor
    out["sha256"] = hashlib.sha256(text_path.read_bytes()).hexdigest()
    out["added"] = date.today()
    return out


class _Flow(dict[str, Any]):
    """A mapping written on one line: mentions and dates are many and short."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def dump(data: dict[str, Any], header: str = "") -> str:
    data = {k: [_Flow(x) for x in v] if k in ("mentions", "dates") else v for k, v in data.items()}
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def write(draft: Draft, text_path: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write the two files beside each other in ``out_dir``; return their paths."""
    doc_id = text_path.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    anchor = (
        f", relative dates resolved against {draft.anchor}"
        if draft.anchor
        else (", with no document date: relative dates left unresolved")
    )
    meta_path = out_dir / f"{doc_id}.meta.yaml"
    ann_path = out_dir / f"{doc_id}.ann.yaml"
    meta_path.write_text(
        dump(
            meta(doc_id, text_path, draft),
            "# Metadata drafted by `haitikg draft`: check the title.\n",
        ),
        encoding="utf-8",
    )
    ann_path.write_text(
        dump(annotation_file(draft, doc_id), HEADER.format(id=doc_id, anchor=anchor)),
        encoding="utf-8",
    )
    return meta_path, ann_path
