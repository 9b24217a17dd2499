"""``haitikg synth``: a realistic synthetic dataset in haitikg's own ontology, of any size.

It looks like many documents' worth of the real thing: each synthetic news article has a
text (a ``nif:Context``), events (deployments, arrivals, pledges, statements, receptions,
security operations, debates, armed violence) with actors, places, roles, dates and
mission, figure claims with quantities, qualifiers and reporters, quotations, and text
spans whose ``nif:anchorOf`` is the text between their offsets. Actors are drawn with a
Zipf-like skew, so a few states and persons take part in many events.

Output is streamed: N-Quads lines are written document by document (one named graph per
document, plus one for the shared entities), so memory stays flat at 10^7 triples; the
same seed gives the same bytes. The inferred graph is not written here: ``haitikg bulkload``
computes it.
"""

from __future__ import annotations

import bisect
import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from .namespaces import (
    DCTERMS,
    GRAPH,
    HKG,
    NIF,
    OA,
    PROV,
    RDF,
    RDFS,
    RES,
    SCHEMA,
    SEM,
    TIME,
    VOCAB,
    XSD,
)  # fmt: skip

RDF_TYPE = str(RDF.type)
RDF_VALUE = str(RDF.value)
LABEL = str(RDFS.label)
DCT = str(DCTERMS)
#: The graph holding the shared synthetic entities (states, persons, posts, missions, places).
ENTITY_GRAPH = f"{GRAPH}synth-entities"
FORMATS = ("nq", "trig", "ttl", "nt")

STATE_NAMES = [
    "Kenya", "Haiti", "Jamaica", "Bahamas", "Belize", "Guatemala", "El Salvador", "Benin",
    "Chad", "Bangladesh", "Barbados", "Antigua and Barbuda", "Canada", "United States",
    "France", "Brazil", "Mexico", "Dominican Republic", "Trinidad and Tobago", "Suriname",
]  # fmt: skip
CITY_NAMES = [
    "Port-au-Prince", "Cap-Haïtien", "Gonaïves", "Les Cayes", "Jacmel", "Pétion-Ville",
    "Croix-des-Bouquets", "Cabaret", "Mirebalais", "Saint-Marc", "Léogâne", "Nairobi",
]  # fmt: skip
GIVEN = [
    "Amina",
    "Jean",
    "Grace",
    "Pierre",
    "Wanjiru",
    "Marie",
    "Kamau",
    "Joseph",
    "Achieng",
    "Claude",
    "Otieno",
    "Nadège",
]
GIVEN += ["Mwangi", "Rose", "Kiprono", "Fritz", "Njeri", "Louis"]
FAMILY = [
    "Otieno",
    "Baptiste",
    "Mwangi",
    "Joseph",
    "Kariuki",
    "Louis",
    "Njoroge",
    "Pierre",
    "Wafula",
    "Jean-Louis",
]
FAMILY += ["Kimani", "Desir", "Ochieng", "Charles", "Mutua", "Etienne"]
POSTS = ["President", "Prime Minister", "Interior Minister", "Foreign Minister",
         "Police Commander", "Ambassador", "Defence Minister", "Mission Spokesperson"]  # fmt: skip
QUOTES = [
    "We are here to restore peace and stability.",
    "The people of Haiti will not forget those who stood by them.",
    "Our officers will work with the Haitian National Police.",
    "Security is the foundation of every other right.",
    "More officers will arrive in the coming weeks.",
    "The mission needs funding to succeed.",
]
QUALIFIERS = ["exact", "more-than", "estimate", "approximately", "target"]
QUAL_WORDS = {"exact": "", "more-than": "over ", "estimate": "an estimated ",
              "approximately": "about ", "target": "up to "}  # fmt: skip


@dataclass
class Entity:
    iri: str
    name: str
    cls: str


def _zipf_picker(rng: random.Random, items: list[Entity], s: float = 1.1) -> Callable[[], Entity]:
    """A function that draws items with weight 1/(rank+1)^s (a few are drawn very often)."""
    cum, total = [], 0.0
    for k in range(len(items)):
        total += 1.0 / (k + 1) ** s
        cum.append(total)

    def pick() -> Entity:
        return items[min(bisect.bisect_left(cum, rng.random() * total), len(items) - 1)]

    return pick


def _lit(value: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{esc}"@{lang}'
    if dtype:
        return f'"{esc}"^^<{dtype}>'
    return f'"{esc}"'


def _int(n: int) -> str:
    return f'"{n}"^^<{XSD}integer>'


class Doc:
    """The text and triples of one synthetic document, built sentence by sentence."""

    def __init__(self, doc_id: str) -> None:
        self.id = doc_id
        self.iri = f"{RES}{doc_id}"
        self.text = ""
        self.triples: list[tuple[str, str, str]] = []
        self.spans: dict[tuple[int, int], str] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append((f"<{s}>", f"<{p}>", o))

    def sentence(self, *parts: str) -> list[tuple[int, int]]:
        """Append a sentence made of ``parts``; return the (begin, end) of each part."""
        if self.text:
            self.text += " "
        out = []
        for part in parts:
            out.append((len(self.text), len(self.text) + len(part)))
            self.text += part
        return out

    def span(self, begin: int, end: int) -> str:
        if (begin, end) not in self.spans:
            self.spans[(begin, end)] = f"{self.iri}#char={begin},{end}"
        return self.spans[(begin, end)]

    def finish_spans(self) -> None:
        ctx = f"{self.iri}#char=0,{len(self.text)}"
        add, text = self.add, self.text
        for (b, e), iri in self.spans.items():
            anchor = text[b:e]
            for cls in (NIF.String, NIF.RFC5147String, OA.SpecificResource):
                add(iri, RDF_TYPE, f"<{cls}>")
            add(iri, str(NIF.anchorOf), _lit(anchor))
            add(iri, str(NIF.beginIndex), _int(b))
            add(iri, str(NIF.endIndex), _int(e))
            add(iri, str(NIF.referenceContext), f"<{ctx}>")
            add(iri, LABEL, _lit(f"“{anchor[:40]}” [{b}–{e}]", "en"))
            add(iri, str(OA.hasSource), f"<{self.iri}>")
            pos, quote = f"{self.iri}-position-{b}-{e}", f"{self.iri}-quote-{b}-{e}"
            add(iri, str(OA.hasSelector), f"<{pos}>")
            add(iri, str(OA.hasSelector), f"<{quote}>")
            add(pos, RDF_TYPE, f"<{OA.TextPositionSelector}>")
            add(pos, LABEL, _lit(f"position selector [{b}–{e}]", "en"))
            add(pos, str(OA.start), _int(b))
            add(pos, str(OA.end), _int(e))
            add(quote, RDF_TYPE, f"<{OA.TextQuoteSelector}>")
            add(quote, LABEL, _lit(f"quote selector [{b}–{e}]", "en"))
            add(quote, str(OA.exact), _lit(anchor))
            add(quote, str(OA.prefix), _lit(text[max(0, b - 32) : b]))
            add(quote, str(OA.suffix), _lit(text[e : e + 32]))
        for cls in (NIF.Context, NIF.String, NIF.RFC5147String):
            add(ctx, RDF_TYPE, f"<{cls}>")
        add(ctx, str(NIF.beginIndex), _int(0))
        add(ctx, str(NIF.endIndex), _int(len(text)))
        add(ctx, str(NIF.isString), _lit(text))
        add(ctx, str(NIF.sourceUrl), f"<{self.iri}>")
        add(ctx, LABEL, _lit(f"text of synthetic document {self.id}", "en"))


class Generator:
    """Deterministic synthetic haitikg data for a seed, sized for about ``triples`` triples."""

    TRIPLES_PER_EVENT = 73  # measured average, used to size the entity pools

    def __init__(self, seed: int = 0, triples: int = 10_000) -> None:
        self.rng = random.Random(seed)
        events = max(10, triples // self.TRIPLES_PER_EVENT)
        rng = self.rng
        self.states = [
            Entity(f"{RES}synth-state-{i}", n if i < len(STATE_NAMES) else f"State {i}", "State")
            for i, n in enumerate(STATE_NAMES + [""] * max(0, events // 400 - len(STATE_NAMES)))
        ]
        n_persons = max(20, events // 20)
        self.persons = []
        for i in range(n_persons):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            if i >= len(GIVEN):
                name += f" {i}"
            self.persons.append(Entity(f"{RES}synth-person-{i}", name, "Person"))
        self.cities = [
            Entity(f"{RES}synth-city-{i}", n, "City") for i, n in enumerate(CITY_NAMES)
        ] + [
            Entity(f"{RES}synth-city-{i}", f"Town {i}", "City")
            for i in range(12, 12 + events // 200)
        ]
        self.missions = [
            Entity(f"{RES}synth-mission-{i}", f"Multinational Security Support mission {i}",
                   "MultinationalMission")
            for i in range(max(2, events // 5000))
        ]  # fmt: skip
        self.posts = {
            p.iri: Entity(f"{p.iri}-post", f"{POSTS[i % len(POSTS)]} ({p.name})", "Post")
            for i, p in enumerate(self.persons)
        }
        self.pick_state = _zipf_picker(rng, self.states, 1.2)
        self.pick_person = _zipf_picker(rng, self.persons, 1.1)
        self.pick_city = _zipf_picker(rng, self.cities, 1.0)
        self.pick_mission = _zipf_picker(rng, self.missions, 1.5)
        self.events = 0

    def entities(self) -> Iterator[tuple[str, str, str]]:
        def lab(e: Entity) -> Iterator[tuple[str, str, str]]:
            yield f"<{e.iri}>", f"<{RDF_TYPE}>", f"<{HKG[e.cls]}>"
            yield f"<{e.iri}>", f"<{LABEL}>", _lit(e.name, "en")
            yield f"<{e.iri}>", f"<{SCHEMA.name}>", _lit(e.name, "en")

        for e in self.states + self.cities + self.missions:
            yield from lab(e)
        for p in self.persons:
            yield from lab(p)
            post = self.posts[p.iri]
            yield from lab(post)
            yield f"<{p.iri}>", f"<{HKG.holdsPost}>", f"<{post.iri}>"

    def document(self, index: int, max_events: int | None = None) -> Doc:
        """One synthetic article: 3–9 events with their figures, quotations and spans."""
        rng = self.rng
        doc = Doc(f"synth-doc-{index}")
        day = date(2024, 6, 1) + timedelta(days=rng.randrange(600))
        author = f"{doc.iri}-author"
        n_events = rng.randint(3, 9)
        if max_events is not None:
            n_events = min(n_events, max_events)
        headline = None
        for k in range(n_events):
            kind = rng.choices(
                ["arrival", "deployment", "pledge", "statement", "reception", "operation",
                 "debate", "violence"],
                weights=[4, 3, 2, 4, 1, 2, 1, 2],
            )[0]  # fmt: skip
            title = self._event(doc, kind, f"{doc.id}-e{k}", day, author)
            headline = headline or title
        self.events += n_events
        day_iri = f"{RES}time-{day.isoformat()}"
        doc.add(day_iri, RDF_TYPE, f"<{TIME.Instant}>")
        doc.add(day_iri, LABEL, _lit(day.isoformat(), "en"))
        doc.add(day_iri, str(TIME.inXSDDate), _lit(day.isoformat(), dtype=f"{XSD}date"))
        doc.add(author, RDF_TYPE, f"<{HKG.Actor}>")
        doc.add(author, LABEL, _lit(f"author of synthetic document {doc.id} (unnamed)", "en"))
        d = doc.iri
        doc.add(d, RDF_TYPE, f"<{HKG.NewsArticle}>")
        for p in (LABEL, f"{DCT}title", str(SCHEMA.headline)):
            doc.add(d, p, _lit(headline or doc.id, "en"))
        doc.add(d, f"{DCT}date", _lit(day.isoformat(), dtype=f"{XSD}date"))
        doc.add(d, str(HKG.publicationTime), f"<{day_iri}>")
        doc.add(d, str(HKG.addedToCorpus), _lit(day.isoformat(), dtype=f"{XSD}date"))
        doc.add(d, f"{DCT}identifier", _lit(doc.id))
        doc.add(d, f"{DCT}language", _lit("en"))
        doc.add(d, str(SCHEMA.inLanguage), _lit("en"))
        doc.add(d, str(SCHEMA.author), f"<{author}>")
        doc.add(d, str(PROV.wasAttributedTo), f"<{author}>")
        doc.add(d, str(HKG.sha256), _lit(hashlib.sha256(doc.text.encode()).hexdigest()))
        doc.finish_spans()
        return doc

    def _event(self, doc: Doc, kind: str, eid: str, day: date, author: str) -> str:
        rng, add = self.rng, doc.add
        e = f"{RES}{eid}"
        state, host = self.pick_state(), self.pick_state()
        city, person, mission = self.pick_city(), self.pick_person(), self.pick_mission()
        n = rng.choice([50, 100, 150, 200, 217, 250, 300, 400, 600, 1000, 2500])
        qual = rng.choice(QUALIFIERS)
        roles: list[tuple[str, Entity]] = []
        figure = quote = None
        when = day.strftime("%d %B %Y").lstrip("0")
        if kind == "arrival":
            cls, words = "ContingentArrival", f"{QUAL_WORDS[qual]}{n} police officers"
            parts = doc.sentence(
                f"On {when}, ", words, f" from {state.name} arrived in {city.name}."
            )
            roles = [("sender", state), ("beneficiary", host)]
            figure = ("personnel-arrived", words, parts[1])
        elif kind == "deployment":
            cls, words = "Deployment", f"{QUAL_WORDS[qual]}{n} officers"
            parts = doc.sentence(f"{state.name} has deployed ", words, f" to {city.name}.")
            roles = [("sender", state), ("beneficiary", host)]
            figure = ("personnel-deployed", words, parts[1])
        elif kind == "pledge":
            cls, words = "Pledge", f"{n} officers"
            parts = doc.sentence(f"{person.name} of {state.name} pledged to send ", words, ".")
            roles = [("pledger", person), ("sender", state)]
            qual = "target"
            figure = ("personnel-pledged", words, parts[1])
        elif kind == "statement":
            cls, text = "PublicStatement", rng.choice(QUOTES)
            parts = doc.sentence(f"In {city.name}, {person.name} said: “", text, "”")
            roles = [("speaker", person), ("addressee", state)]
            quote = (text, parts[1])
        elif kind == "reception":
            cls = "Reception"
            parts = doc.sentence(
                f"{person.name} welcomed the officers from {state.name} in {city.name}."
            )
            roles = [("host", person), ("guest", state)]
        elif kind == "operation":
            cls = "SecurityOperation"
            parts = doc.sentence(f"Officers from {state.name} led an operation in {city.name}.")
            roles = [("agent", state), ("beneficiary", host)]
        elif kind == "debate":
            cls = "Debate"
            parts = doc.sentence(f"Lawmakers in {state.name} debated the mission to {host.name}.")
            roles = [("participant", state)]
        else:
            cls, words = "ArmedViolence", f"{QUAL_WORDS[qual]}{n} people"
            parts = doc.sentence(f"Gang violence near {city.name} displaced ", words, ".")
            roles = [("affected", host)]
            figure = ("displaced", words, parts[1])
        b, end = parts[0][0], parts[-1][1]
        label = doc.text[b:end][:90]
        add(e, RDF_TYPE, f"<{HKG[cls]}>")
        add(e, LABEL, _lit(label, "en"))
        add(e, str(PROV.wasDerivedFrom), f"<{doc.span(b, end)}>")
        add(e, str(HKG.date), _lit(day.isoformat(), dtype=f"{XSD}date"))
        add(e, str(HKG.dateBasis), f"<{VOCAB}date-stated>")
        add(e, str(HKG.eventType), f"<{VOCAB}event-type-{_event_type(kind)}>")
        add(e, str(TIME.hasTime), f"<{RES}time-{day.isoformat()}>")
        add(e, str(SEM.hasPlace), f"<{city.iri}>")
        add(e, str(HKG.placeBasis), f"<{VOCAB}place-stated>")
        add(e, str(HKG.reportedIn), f"<{doc.iri}>")
        add(e, str(HKG.partOfMission), f"<{mission.iri}>")
        seen = set()
        for role, who in roles:
            if who.iri not in seen:
                add(e, str(SEM.hasActor), f"<{who.iri}>")
                seen.add(who.iri)
            r = f"{e}-{role}"
            add(e, str(HKG.hasRole), f"<{r}>")
            add(r, RDF_TYPE, f"<{SEM.Role}>")
            add(r, RDF_VALUE, f"<{who.iri}>")
            add(r, str(SEM.roleType), f"<{VOCAB}role-{role}>")
            add(r, LABEL, _lit(f"{who.name} as {role} in {label}", "en"))
        if figure:
            measure, words, (fb, fe) = figure
            c, q = f"{e}-figure", f"{e}-figure-quantity"
            span = f"<{doc.span(fb, fe)}>"
            unit = "people" if measure == "displaced" else "police officers"
            add(e, str(HKG.hasFigure), f"<{q}>")
            add(q, RDF_TYPE, f"<{HKG.Quantity}>")
            add(q, LABEL, _lit(f"{words} ({n} {unit})", "en"))
            add(q, str(PROV.wasDerivedFrom), span)
            add(q, str(HKG.minValue if qual == "more-than" else HKG.value), _int(n))
            add(q, str(SCHEMA.valueReference), f"<{VOCAB}qualifier-{qual}>")
            add(q, str(HKG.unit), _lit(unit))
            add(q, str(HKG.wording), _lit(words))
            reporter = self.pick_person().iri if rng.random() < 0.3 else author
            add(c, RDF_TYPE, f"<{HKG.FigureClaim}>")
            add(c, LABEL, _lit(f"{words}: {label}", "en"))
            add(c, str(PROV.wasDerivedFrom), span)
            add(c, str(HKG.concerns), f"<{e}>")
            add(c, str(HKG.figure), f"<{q}>")
            add(c, str(HKG.measure), f"<{VOCAB}measure-{measure}>")
            add(c, str(HKG.qualifier), f"<{VOCAB}qualifier-{qual}>")
            add(c, str(HKG.place), f"<{city.iri}>")
            add(c, str(HKG.placeBasis), f"<{VOCAB}place-stated>")
            add(c, str(HKG.reportedBy), f"<{reporter}>")
            add(c, str(HKG.statedIn), f"<{doc.iri}>")
            add(c, str(HKG.wording), _lit(words))
        if quote:
            text, (qb, qe) = quote
            qi = f"{e}-quote"
            add(qi, RDF_TYPE, f"<{HKG.Quotation}>")
            add(qi, LABEL, _lit(f"{person.name}: “{text}”", "en"))
            add(qi, str(SCHEMA.text), _lit(text))
            add(qi, str(SCHEMA.creator), f"<{person.iri}>")
            add(qi, str(PROV.wasDerivedFrom), f"<{doc.span(qb, qe)}>")
            add(qi, str(HKG.quotedIn), f"<{e}>")
            add(qi, str(HKG.reportedBy), f"<{person.iri}>")
            add(qi, str(HKG.statedIn), f"<{doc.iri}>")
        return label


def _event_type(kind: str) -> str:
    return {
        "operation": "security-operation",
        "violence": "armed-violence",
        "statement": "statement",
    }.get(kind, kind)


@dataclass
class SynthResult:
    path: Path
    triples: int
    documents: int
    events: int
    bytes: int


def _writer(out: TextIO, fmt: str) -> Callable[[list[tuple[str, str, str]], str], int]:
    def write(triples: list[tuple[str, str, str]], graph: str) -> int:
        if fmt == "nq":
            g = f"<{graph}>"
            out.write("".join(f"{s} {p} {o} {g} .\n" for s, p, o in triples))
        elif fmt == "trig":
            out.write(f"<{graph}> {{\n")
            out.write("".join(f"{s} {p} {o} .\n" for s, p, o in triples))
            out.write("}\n")
        else:  # N-Triples lines are valid Turtle too; the graph is dropped
            out.write("".join(f"{s} {p} {o} .\n" for s, p, o in triples))
        return len(triples)

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
    written = docs = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        write = _writer(fh, fmt)
        written += write(list(gen.entities()), ENTITY_GRAPH)
        while True:
            if triples is not None:
                # Stop at the document boundary nearest the target (half a document left).
                if docs > 0 and written + 0.5 * Generator.TRIPLES_PER_EVENT * 6 > triples:
                    break
            elif gen.events >= (events or 0):
                break
            left = None if events is None else events - gen.events
            doc = gen.document(docs, left)
            written += write(doc.triples, f"{GRAPH}{doc.id}")
            docs += 1
            if progress and docs % 100 == 0:
                progress(written)
    return SynthResult(out, written, docs, gen.events, out.stat().st_size)
