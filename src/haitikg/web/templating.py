"""Helpers the templates call: how a term is shown and where it links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox
from markupsafe import Markup, escape

from ..citation import citation
from ..markup import emphasis_runs, plain
from ..namespaces import XSD
from ..rdfterms import OxTerm
from .events import events_query
from .site import compact, is_local, label, linkable, local_url, public_iri

NAV = (
    ("/", "Home"),
    ("/query", "Query"),
    ("/timeline", "Timeline"),
    ("/disagreements", "Disagreements"),
    ("/network", "Network"),
    ("/ontology", "Ontology"),
    ("/downloads", "Downloads"),
)


@dataclass
class TermView:
    text: str
    href: str | None = None
    note: str = ""
    title: str = ""
    external: bool = False
    kind: str = "iri"


def term_view(term: OxTerm | str) -> TermView:
    """A term as text, link, and a small note (language tag or datatype)."""
    if isinstance(term, str):
        term = ox.NamedNode(term)
    if isinstance(term, ox.NamedNode):
        iri = term.value
        href = local_url(iri) if is_local(iri) or linkable(iri) else None  # else text
        return TermView(label(iri), href, title=iri, external=not is_local(iri), kind="iri")
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else ""
        dt = term.datatype.value
        if not note and dt != str(XSD.string):
            note = compact(dt)
        return TermView(term.value, note=note, kind="literal")
    return TermView(str(term), kind="bnode")


class Run(Protocol):
    """A stretch of source text and whether it is marked (``description.TextRun``)."""

    text: str
    marked: bool


def marked(pieces: Iterable[tuple[str, bool] | Run]) -> Markup:
    """Pieces of source text, ``(text, marked)`` pairs or objects with ``text`` and
    ``marked``, as HTML: marked pieces in ``<mark>``, the source's ``*…*`` emphasis as
    ``<em>`` (carried across pieces, so a span that cuts an emphasis renders right)."""
    out, emphasised = [], False
    for piece in pieces:
        text, hit = piece if isinstance(piece, tuple) else (piece.text, piece.marked)
        runs, emphasised = emphasis_runs(text, emphasised)
        html = "".join(f"<em>{escape(t)}</em>" if em else str(escape(t)) for t, em in runs)
        out.append(f"<mark>{html}</mark>" if hit else html)
    return Markup("".join(out))


def template_globals() -> dict[str, Any]:
    """What every template may call: how a term is shown and where it links."""
    return {
        "term_view": term_view,
        "local_url": local_url,
        "linkable": linkable,
        "label": label,
        "compact": compact,
        "public_iri": public_iri,
        "nav": NAV,
        "events_query": events_query,
        "marked": marked,
        "plain": plain,
        "citation": citation(),
    }
