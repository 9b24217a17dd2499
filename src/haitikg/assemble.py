"""The whole dataset in memory: every source's graph, the instances several sources share,
the ontology and what it entails, VoID. build.py writes it out.

The dataset has one named graph per document, one per table of cited facts, one for the
entity registry, one for background facts, one for shared instances, one for the ontology
and one for inferred triples; the default graph of the dumps is their union.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from . import comparisons, duplicates, instances, namespaces, paths
from .annotations import Annotations, Fact, load_annotations
from .cited import CitedTable, discover_tables
from .citing import EntryModel, table_triples
from .corpus import discover
from .entities import Entity, add_document_entities, load_registry
from .errors import CorpusError
from .inference import Rules, materialise
from .model import DocumentModel
from .namespaces import (
    BACKGROUND_GRAPH,
    DRAFTS_INFERRED_GRAPH,
    INFERRED_GRAPH,
    INSTANCES_GRAPH,
    ONTOLOGY_GRAPH,
    RES,
    cited_graph,
    document_graph,
    drafts_graph,
)
from .ontology import Terms, load_ontology, terms
from .rdfterms import GraphTriple, Triple, canonical, quads
from .registry import entity_triples, registry_triples
from .void import void_triples

ENTITY_GRAPH = str(namespaces.ENTITY_GRAPH)
VOID_GRAPH = str(namespaces.VOID_GRAPH)
INFERRED = (str(INFERRED_GRAPH), str(DRAFTS_INFERRED_GRAPH))
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build made: per-graph triple counts, files, and what went into it."""

    out_dir: Path
    graphs: dict[str, int]
    documents: list[str]
    facts: int
    spans: int
    files: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    #: Drafted items awaiting review (facts and entities), and whether this build published them.
    drafts: int = 0
    drafts_published: bool = False
    #: Tables of cited facts, their entries, and the distinct pages they cite.
    tables: list[str] = field(default_factory=list)
    entries: int = 0
    cited_sources: int = 0
    #: Pairs of events proposed as likely duplicates (duplicates.tsv), never merged.
    duplicates: list[duplicates.Proposal] = field(default_factory=list)
    #: The fingerprint of what it was built from (inputs.py), checked by ``ensure_built``.
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def asserted(self) -> int:
        return sum(n for g, n in self.graphs.items() if g not in (*INFERRED, VOID_GRAPH))

    @property
    def inferred(self) -> int:
        return sum(self.graphs.get(g, 0) for g in INFERRED)


def quiet(_: str) -> None:
    pass


@dataclass
class Sources:
    """What a build reads: the ontology, the registry, the annotated texts, the tables."""

    corpus_dir: Path
    ontology: Graph
    vocab: Terms
    shared: dict[str, Entity]  # entities.yaml's
    registry: dict[str, Entity]  # and those the annotation files introduce
    annotations: list[Annotations]
    tables: list[CitedTable]


def read_sources(corpus_dir: Path, ontology_path: Path | None, progress: Progress) -> Sources:
    """Every input of a build, checked; a HaitikgError names the first bad one."""
    progress("ontology")
    onto = load_ontology(ontology_path) if ontology_path else load_ontology()
    vocab = Terms(onto) if ontology_path else terms()
    progress("corpus")
    documents = discover(corpus_dir)
    progress("cited facts")
    tables = discover_tables(corpus_dir)
    if not documents and not tables:
        raise CorpusError(f"{corpus_dir}: no documents (*.txt) and no cited/*.yaml tables found")
    registry = load_registry(corpus_dir / "entities.yaml", corpus_dir / "links.tsv", vocab)
    shared = dict(registry)
    annotations: list[Annotations] = []
    for doc in documents:
        ann_path = doc.path.with_suffix(".ann.yaml")
        if not ann_path.exists():
            raise CorpusError(f"{doc.path}: no annotation file {ann_path.name} beside it")
        progress(f"annotations {ann_path.name}")
        ann = load_annotations(ann_path, doc)
        add_document_entities(registry, ann.entities, vocab, ann_path.name)
        annotations.append(ann)
    _check_unique_claims(annotations, tables)
    return Sources(corpus_dir, onto, vocab, shared, registry, annotations, tables)


class Assembly:
    """The store a build fills, graph by graph, and what it counts on the way."""

    def __init__(self, sources: Sources, drafts: bool, progress: Progress) -> None:
        self.sources, self.drafts, self.progress = sources, drafts, progress
        self.store = ox.Store()
        self.data: dict[str, set[GraphTriple]] = defaultdict(set)  # put once each triple is placed
        self.draft_graphs: dict[str, list[Triple]] = {}
        self.facts = self.draft_items = 0
        self.spans: set[tuple[str, int, int]] = set()
        self.names = {eid: e.label for eid, e in sources.registry.items()}
        no_day: dict[str, date | None] = {"earliest": None, "latest": None}
        self.plan = instances.plan(
            [(a.document.id, a.facts, _publication(a)) for a in sources.annotations]
            + [(e.key, e.facts, no_day) for t in sources.tables for e in t.entries],
            self.names,
        )

    def put(self, triples: Iterable[GraphTriple], graph: str) -> None:
        self.store.extend(quads(triples, graph))

    def keep(self, triples: Iterable[GraphTriple], graph: str) -> None:
        self.data[graph].update(triples)

    def referable(self, include: tuple[str, ...]) -> tuple[dict[str, Entity], set[str]]:
        """Entities and events an item of these statuses may name."""
        src = self.sources
        entities = {k: e for k, e in src.registry.items() if e.status in include}
        events = {
            f.id
            for a in src.annotations
            for f in a.facts
            if f.kind == "event" and f.status in include and f.id is not None
        }
        cited = {f.id for t in src.tables for f in t.facts if f.kind == "event" and f.id}
        return entities, events | cited

    def registry_graph(self) -> None:
        shared = self.sources.shared
        self.keep((t for e in shared.values() for t in entity_triples(e)), ENTITY_GRAPH)
        self.keep(registry_triples(shared, self.sources.vocab), ENTITY_GRAPH)

    def document_graphs(self) -> None:
        """Each document's confirmed items in its graph; its drafts in graph/drafts/… ."""
        statuses = ("confirmed", "draft") if self.drafts else ("confirmed",)
        for ann in self.sources.annotations:
            doc_id = ann.document.id
            self.draft_items += sum(f.status == "draft" for f in ann.facts)
            self.draft_items += sum(s.get("status") == "draft" for s in ann.entities.values())
            for status in statuses:
                self.progress(f"graph {doc_id}" + ("" if status == "confirmed" else " (drafts)"))
                entities, events = self.referable(statuses[: statuses.index(status) + 1])
                plan = self.plan if status == "confirmed" else None
                model = DocumentModel(ann, entities, events, self.sources.vocab, status, plan)
                triples = model.build()
                if status == "confirmed":
                    self.keep(triples, document_graph(doc_id))
                elif triples:
                    self.draft_graphs[drafts_graph(doc_id)] = triples
                chosen = [f for f in ann.facts if f.status == status]
                self.facts += len(chosen)
                self.spans |= {(doc_id, s.begin, s.end) for f in chosen for s in f.spans}

    def cited_graphs(self) -> None:
        entities, events = self.referable(("confirmed",))
        for table in self.sources.tables:
            self.progress(f"cited facts {table.id}")
            triples = table_triples(table)
            for entry in table.entries:
                model = EntryModel(table, entry, entities, events, self.sources.vocab, self.plan)
                triples += model.build()
            self.keep(triples, cited_graph(table.id))
            self.facts += len(table.facts)

    def shared_graphs(self) -> None:
        """The instances several sources report, the figures they compare, the background."""
        src = self.sources
        self.progress("instances")
        self.keep(self.plan.triples(), str(INSTANCES_GRAPH))
        names = _names(self.names, self.plan, src.vocab, src.annotations, src.tables)
        figures = _figures(src.annotations, src.tables)
        self.keep(comparisons.triples(figures, names), str(INSTANCES_GRAPH))
        background = src.corpus_dir / "background.ttl"
        if background.exists():
            self.keep(Graph().parse(background, format="turtle"), str(BACKGROUND_GRAPH))

    def place_and_infer(self) -> None:
        """Each triple into its one graph, the ontology, then what they entail (drafts
        after: they never cancel an entailment)."""
        src = self.sources
        sources = [document_graph(a.document.id) for a in src.annotations]
        sources += [cited_graph(t.id) for t in src.tables]
        for graph, triples in one_graph_each(self.data, sources).items():
            self.put(triples, graph)
        self.put(canonical(src.ontology), str(ONTOLOGY_GRAPH))
        self.progress("inference")
        rules = Rules(src.ontology)
        materialise(
            self.store, rules, [ENTITY_GRAPH, str(BACKGROUND_GRAPH), str(INSTANCES_GRAPH), *sources]
        )
        for graph, drafted in self.draft_graphs.items():
            self.put(drafted, graph)
        if self.draft_graphs:
            materialise(self.store, rules, list(self.draft_graphs), str(DRAFTS_INFERRED_GRAPH))

    def result(self) -> BuildResult:
        """What was built, counted; then its VoID description, counted too."""
        src, store = self.sources, self.store
        graphs = {g.value: _count(store, g) for g in store.named_graphs()}
        result = BuildResult(
            Path(),
            {g: n for g, n in graphs.items() if n},
            [a.document.id for a in src.annotations],
            self.facts,
            len(self.spans),
            drafts=self.draft_items,
            drafts_published=self.drafts,
            tables=[t.id for t in src.tables],
            entries=sum(len(t.entries) for t in src.tables),
            cited_sources=len({url for t in src.tables for url in t.sources}),
            duplicates=duplicates.propose(store),
        )
        self.put(void_triples(store, result.graphs), VOID_GRAPH)
        result.graphs[VOID_GRAPH] = _count(store, ox.NamedNode(VOID_GRAPH))
        return result


def _count(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def assemble(
    corpus_dir: Path | None = None,
    ontology_path: Path | None = None,
    progress: Progress = quiet,
    drafts: bool = False,
) -> tuple[ox.Store, BuildResult]:
    """Build the whole dataset in memory; raise a HaitikgError on any bad input.

    Confirmed items go into each document's graph; with ``drafts``, drafted items also go
    into ``graph/drafts/<document-id>``. Rejected items are never published.
    """
    sources = read_sources(corpus_dir or paths.corpus_dir(), ontology_path, progress)
    assembly = Assembly(sources, drafts, progress)
    assembly.registry_graph()
    assembly.document_graphs()
    assembly.cited_graphs()
    assembly.shared_graphs()
    assembly.place_and_infer()
    return assembly.store, assembly.result()


def one_graph_each(
    data: dict[str, set[GraphTriple]], sources: list[str]
) -> dict[str, set[GraphTriple]]:
    """Each triple in one named graph, so the union default graph holds it once: what two
    sources say alike goes to graph/instances; what the registry or the background states
    stays there alone (Oxigraph's union default graph repeats a triple once per graph)."""
    homes = data[ENTITY_GRAPH] | data[str(BACKGROUND_GRAPH)]
    seen: dict[GraphTriple, int] = defaultdict(int)
    for graph in sources:
        for triple in data[graph]:
            seen[triple] += 1
    shared = {triple for triple, n in seen.items() if n > 1} - homes
    for graph in [*sources, str(INSTANCES_GRAPH)]:
        data[graph] -= homes
    for graph in sources:
        data[graph] -= shared
    data[str(INSTANCES_GRAPH)] |= shared
    return {g: triples for g, triples in data.items() if triples}


def _check_unique_claims(annotations: list[Annotations], tables: list[CitedTable]) -> None:
    """Claims belong to one source; events and entities may be shared, an event keeping
    its one type in every source that reports it."""
    owner: dict[str, str] = {}
    kinds: dict[str, tuple[str, Fact]] = {}
    sources = [(a.document.id, a.facts) for a in annotations]
    sources += [(e.key, e.facts) for t in tables for e in t.entries]
    for source, facts in sources:
        for fact in facts:
            if fact.id is None or fact.kind == "statement":
                continue
            kind = f"an event of type {fact.get('type')}" if fact.kind == "event" else "a claim"
            if fact.id in kinds and kinds[fact.id][0] != kind:
                first = kinds[fact.id][1]
                raise fact.error(
                    f"id {fact.id!r} names {kind} here but {kinds[fact.id][0]} in "
                    f"{first.file}:{first.line}",
                    "id",
                )
            kinds.setdefault(fact.id, (kind, fact))
            if kind != "a claim":
                continue
            if fact.id in owner and owner[fact.id] != source:
                raise fact.error(f"claim id {fact.id!r} is already used in {owner[fact.id]}", "id")
            owner[fact.id] = source


def _publication(ann: Annotations) -> dict[str, date | None]:
    """The days a document's publication bounds stand for, when its metadata knows them."""
    doc = ann.document
    return {"earliest": doc.published_not_before, "latest": doc.published_not_after}


def _figures(
    annotations: list[Annotations], tables: list[CitedTable]
) -> list[comparisons.FigureClaim]:
    """Every published figure claim with its mentions, for grouping (comparisons.py)."""
    out = []
    for ann in annotations:
        doc = RES[ann.document.id]
        for f in ann.facts:
            if f.kind == "figure" and f.status == "confirmed":
                spans = [URIRef(f"{doc}#char={s.begin},{s.end}") for s in f.spans]
                out.append(comparisons.figure(f, ann.document.id, spans))
    for table in tables:
        for entry in table.entries:
            for f in entry.facts:
                if f.kind == "figure":
                    out.append(comparisons.figure(f, entry.key, [RES[entry.key]]))
    return out


def _names(
    names: dict[str, str],
    plan: instances.Plan,
    vocab: Terms,
    annotations: list[Annotations],
    tables: list[CitedTable],
) -> dict[str, str]:
    """Labels of entities, events and measures, for the words of figure instances."""
    found = dict(names)
    for facts in [a.facts for a in annotations] + [t.facts for t in tables]:
        for f in facts:
            if f.kind == "event" and f.status == "confirmed":
                found.setdefault(f.item_id, str(f.get("label")))
    found.update({e: plan.label(e) for e in plan.events})
    for concept, label in vocab.labels.items():
        name = str(concept).rpartition("/")[2]
        if name.startswith("measure-"):
            found[name] = label.removesuffix(" (measure)")
    return found
