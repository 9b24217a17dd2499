"""One synthetic article: its text, written sentence by sentence, and its triples, written
through the data model's own node shapes (nodes.py) as N-Triples lines."""

from __future__ import annotations

import hashlib
from datetime import date

from rdflib import URIRef

from ..namespaces import HKG, RES, XSD
from ..nodes import NTRIPLES, Nodes, short

XSD_DATE = str(XSD.date)


class Lines:
    """Triples as N-Triples lines without their final `` .`` (the writer adds the graph),
    each once, in the order written."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}
        self.nodes: Nodes[str, str] = Nodes(NTRIPLES, self.add)

    def add(self, s: str, p: URIRef, o: str) -> None:
        self.lines[f"<{s}> <{p}> {o}"] = None


class SyntheticArticle(Lines):
    """The text and triples of one synthetic news article."""

    def __init__(self, article_id: str, day: date) -> None:
        super().__init__()
        self.id = article_id
        self.iri = f"{RES}{article_id}"
        self.day = day
        self.text = ""
        self.sentences: list[tuple[int, int]] = []
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}  # span → its sentence

    def sentence(self, *parts: str) -> list[tuple[int, int]]:
        """Append a sentence made of ``parts``; return the (begin, end) of each part."""
        if self.text:
            self.text += " "
        out = []
        for part in parts:
            out.append((len(self.text), len(self.text) + len(part)))
            self.text += part
        self.sentences.append((out[0][0], out[-1][1]))
        return out

    def span(self, begin: int, end: int) -> str:
        """The IRI of a span of the last sentence, written with the article."""
        self.spans.setdefault((begin, end), self.sentences[-1])
        return self.char(begin, end)

    def char(self, begin: int, end: int) -> str:
        return f"{self.iri}#char={begin},{end}"

    def finish(self, headline: str) -> None:
        """The article itself, its author, publication, text, sentences and spans."""
        nodes, t, iri, text = self.nodes, NTRIPLES, self.iri, self.text
        day = t.typed(self.day.isoformat(), XSD_DATE)
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        nodes.document(iri, HKG.NewsArticle, headline, "en", self.id, sha256, day)
        nodes.headline(iri, headline, "en")
        nodes.published(iri, day)
        nodes.publication(iri, f"{iri}-publication", f"publication of {self.id}", day)
        nodes.author(iri, f"{iri}-author", f"author of “{headline}” (unnamed)")
        context = self.char(0, len(text))
        nodes.context(context, text, iri, f"text of “{short(headline, 50)}”")
        for n, (b, e) in enumerate(self.sentences, 1):
            nodes.sentence(self.char(b, e), context, text, b, e, f"sentence {n} of {self.id}")
        for (b, e), (sb, se) in self.spans.items():
            nodes.span(self.char(b, e), context, text, b, e, iri, self.char(sb, se))
