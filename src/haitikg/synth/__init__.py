"""``haitikg synth``: a realistic synthetic dataset in haitikg's own ontology, of any size.

It looks like many documents' worth of the real thing, because it is written through the
build's own node shapes (nodes.py): each synthetic news article has a text (a
``nif:Context``) with its sentences, events (deployments, arrivals, pledges, statements,
receptions, security operations, debates, armed violence) with actors, roles, places,
dates and mission, figure claims with quantities, qualifiers and reporters, quotations,
each with its evidence (annotation, spans whose ``nif:anchorOf`` is the text between their
offsets). Actors are drawn with a Zipf-like skew, so a few states and persons take part in
many events.

Output is streamed: N-Quads lines are written article by article (one named graph per
article, plus one for the shared entities), so memory stays flat at 10^7 triples; the
same seed gives the same bytes. The inferred graph is not written here: ``haitikg bulkload``
computes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..namespaces import GRAPH
from .generator import Generator

#: The graph holding the shared synthetic entities (states, persons, posts, missions, places).
ENTITY_GRAPH = f"{GRAPH}synth-entities"
FORMATS = ("nq", "trig", "ttl", "nt")


@dataclass
class SynthResult:
    path: Path
    triples: int
    documents: int
    events: int
    bytes: int


def _writer(out: TextIO, fmt: str) -> Callable[[list[str], str], int]:
    """Writes lines (``<s> <p> o``) into one graph, as the format has it."""

    def write(lines: list[str], graph: str) -> int:
        if fmt == "nq":
            g = f" <{graph}> .\n"
            out.write("".join(line + g for line in lines))
        elif fmt == "trig":
            out.write(f"<{graph}> {{\n")
            out.write("".join(line + " .\n" for line in lines))
            out.write("}\n")
        else:  # N-Triples lines are valid Turtle too; the graph is dropped
            out.write("".join(line + " .\n" for line in lines))
        return len(lines)

    return write


def synth(
    out: Path,
    triples: int | None = None,
    events: int | None = None,
    seed: int = 0,
    fmt: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> SynthResult:
    """Write about ``triples`` triples (or exactly ``events`` events) of synthetic data."""
    if (triples is None) == (events is None):
        raise ValueError("give exactly one of triples or events")
    out = Path(out)
    fmt = fmt or out.suffix.lstrip(".") or "nq"
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    target = triples if triples is not None else (events or 0) * Generator.TRIPLES_PER_EVENT
    gen = Generator(seed, target)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = articles = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        write = _writer(fh, fmt)
        written += write(gen.entities(), ENTITY_GRAPH)
        while True:
            if triples is not None:
                # Stop at the article boundary nearest the target (half an article left).
                if articles > 0 and written + 0.5 * Generator.TRIPLES_PER_EVENT * 6 > triples:
                    break
            elif gen.events >= (events or 0):
                break
            left = None if events is None else events - gen.events
            article = gen.article(articles, left)
            written += write(list(article.lines), f"{GRAPH}{article.id}")
            articles += 1
            if progress and articles % 100 == 0:
                progress(written)
    return SynthResult(out, written, articles, gen.events, out.stat().st_size)
