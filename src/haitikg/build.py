"""``haitikg build``: corpus + annotations + ontology → the published dataset in ``build/``.

The dataset has one named graph per document, one for the entity registry, one for
background facts, one for the ontology and one for inferred triples; the default graph
of the dumps is their union. Output is byte-identical for identical input, and a new
build replaces the old one atomically, so a crash mid-build leaves the last build intact.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from . import comparisons, duplicates, inputs, instances, namespaces, paths
from .annotations import Annotations, Fact, load_annotations
from .atomic import recover, replace_dir, staging_dir
from .cited import CitedTable, discover_tables
from .citing import EntryModel, table_triples
from .corpus import discover
from .dumps import write_dumps
from .entities import add_document_entities, load_registry
from .errors import BuildMissing, CorpusError
from .formats import by_name
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
from .rdfterms import canonical, quads
from .registry import entity_triples, registry_triples
from .void import void_triples

ENTITY_GRAPH = str(namespaces.ENTITY_GRAPH)
VOID_GRAPH = str(namespaces.VOID_GRAPH)
INFERRED = (str(INFERRED_GRAPH), str(DRAFTS_INFERRED_GRAPH))
DATASET = "haitikg"
#: Dumps of the whole dataset and of its union graph, by format short name.
DUMP_FORMATS = ("trig", "nq", "ttl", "nt", "jsonld", "rdfxml")
Progress = Callable[[str], None]
log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build made: per-graph triple counts, files, and what went into it."""

    out_dir: Path
    graphs: dict[str, int]
    documents: list[str]
    facts: int
    spans: int
    files: list[dict] = field(default_factory=list)
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


def _silent(_: str) -> None:
    pass


def assemble(
    corpus_dir: Path | None = None,
    ontology_path: Path | None = None,
    progress: Progress = _silent,
    drafts: bool = False,
) -> tuple[ox.Store, BuildResult]:
    """Build the whole dataset in memory; raise a HaitikgError on any bad input.

    Confirmed items go into each document's graph; with ``drafts``, drafted items also go
    into ``graph/drafts/<document-id>``. Rejected items are never published.
    """
    corpus_dir = corpus_dir or paths.corpus_dir()
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
    statuses = ("confirmed", "draft") if drafts else ("confirmed",)
    names = {eid: e.label for eid, e in registry.items()}
    plan = instances.plan(
        [(a.document.id, a.facts, _publication(a)) for a in annotations]
        + [(e.key, e.facts, {"earliest": None, "latest": None}) for t in tables for e in t.entries],
        names,
    )
    cited_events = {f.id for t in tables for f in t.facts if f.kind == "event"}

    def referable(include: tuple[str, ...]) -> tuple[dict, set[str]]:
        """Entities and events an item of these statuses may name."""
        entities = {k: e for k, e in registry.items() if e.status in include}
        events = {
            f.id for a in annotations for f in a.facts if f.kind == "event" and f.status in include
        }
        return entities, events | cited_events

    store = ox.Store()
    graphs: dict[str, int] = {}

    data: dict[str, set] = defaultdict(set)  # the data graphs, put once each triple is placed

    def put(triples, graph: str) -> None:
        store.extend(quads(triples, graph))

    def keep(triples, graph: str) -> None:
        data[graph].update(triples)

    keep((t for e in shared.values() for t in entity_triples(e)), ENTITY_GRAPH)
    keep(registry_triples(shared, vocab), ENTITY_GRAPH)
    n_facts = n_drafts = 0
    spans: set[tuple[str, int, int]] = set()
    draft_graphs: dict[str, list] = {}
    for ann in annotations:
        doc_id = ann.document.id
        n_drafts += sum(f.status == "draft" for f in ann.facts)
        n_drafts += sum(s.get("status") == "draft" for s in ann.entities.values())
        for status in statuses:
            progress(f"graph {doc_id}" + ("" if status == "confirmed" else " (drafts)"))
            entities, events = referable(statuses[: statuses.index(status) + 1])
            model_plan = plan if status == "confirmed" else None
            triples = DocumentModel(ann, entities, events, vocab, status, model_plan).build()
            if status == "confirmed":
                keep(triples, document_graph(doc_id))
            elif triples:
                draft_graphs[drafts_graph(doc_id)] = triples
            chosen = [f for f in ann.facts if f.status == status]
            n_facts += len(chosen)
            spans |= {(doc_id, s.begin, s.end) for f in chosen for s in f.spans}
    entities, events = referable(("confirmed",))
    for table in tables:
        progress(f"cited facts {table.id}")
        triples = table_triples(table)
        for entry in table.entries:
            triples += EntryModel(table, entry, entities, events, vocab, plan).build()
        keep(triples, cited_graph(table.id))
        n_facts += len(table.facts)
    progress("instances")
    keep(plan.triples(), str(INSTANCES_GRAPH))
    keep(
        comparisons.triples(
            _figures(annotations, tables), _names(names, plan, vocab, annotations, tables)
        ),
        str(INSTANCES_GRAPH),
    )
    background = corpus_dir / "background.ttl"
    if background.exists():
        keep(Graph().parse(background, format="turtle"), str(BACKGROUND_GRAPH))
    sources = [document_graph(a.document.id) for a in annotations]
    sources += [cited_graph(t.id) for t in tables]
    for graph, triples in one_graph_each(data, sources).items():
        put(triples, graph)
    put(canonical(onto), str(ONTOLOGY_GRAPH))
    progress("inference")
    rules = Rules(onto)
    data_graphs = [ENTITY_GRAPH, str(BACKGROUND_GRAPH), str(INSTANCES_GRAPH)]
    data_graphs += [document_graph(a.document.id) for a in annotations]
    data_graphs += [cited_graph(t.id) for t in tables]
    materialise(store, rules, data_graphs)
    for graph, triples in draft_graphs.items():  # after: drafts never cancel an entailment
        put(triples, graph)
    if draft_graphs:
        materialise(store, rules, list(draft_graphs), str(DRAFTS_INFERRED_GRAPH))
    for g in store.named_graphs():
        graphs[g.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, g))
    graphs = {g: n for g, n in graphs.items() if n}
    result = BuildResult(
        Path(),
        graphs,
        [a.document.id for a in annotations],
        n_facts,
        len(spans),
        drafts=n_drafts,
        drafts_published=drafts,
        tables=[t.id for t in tables],
        entries=sum(len(t.entries) for t in tables),
        cited_sources=len({url for t in tables for url in t.sources}),
        duplicates=duplicates.propose(store),
    )
    put(void_triples(store, result.graphs), VOID_GRAPH)
    graphs[VOID_GRAPH] = sum(
        1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(VOID_GRAPH))
    )
    return store, result


def one_graph_each(data: dict[str, set], sources: list[str]) -> dict[str, set]:
    """Each triple in one named graph, so the union default graph holds it once: what two
    sources say alike goes to graph/instances; what the registry or the background states
    stays there alone (Oxigraph's union default graph repeats a triple once per graph)."""
    homes = data[ENTITY_GRAPH] | data[str(BACKGROUND_GRAPH)]
    seen: dict = defaultdict(int)
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


def _publication(ann: Annotations) -> dict:
    """The days a document's publication bounds stand for, when its metadata knows them."""
    doc = ann.document
    return {"earliest": doc.published_not_before, "latest": doc.published_not_after}


def _figures(annotations: list[Annotations], tables: list[CitedTable]) -> list:
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
                found.setdefault(f.id, str(f.get("label")))
    found.update({e: plan.label(e) for e in plan.events})
    for concept, label in vocab.labels.items():
        name = str(concept).rpartition("/")[2]
        if name.startswith("measure-"):
            found[name] = label.removesuffix(" (measure)")
    return found


def write(
    store: ox.Store, out_dir: Path, result: BuildResult, progress: Progress = _silent
) -> None:
    """Every dump, the ontology artefacts, the VoID file, the JSON-LD context and a manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    progress("dumps")
    write_dumps(store, out_dir, DATASET, DUMP_FORMATS)
    duplicates.write_report(out_dir, result.duplicates)
    files = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name != "manifest.json"):
        data = path.read_bytes()
        files.append(
            {
                "path": path.relative_to(out_dir).as_posix(),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    result.files = files
    manifest = {
        "dataset": DATASET,
        "documents": result.documents,
        "facts": result.facts,
        "spans": result.spans,
        "graphs": result.graphs,
        "asserted": result.asserted,
        "inferred": result.inferred,
        "drafts": result.drafts,
        "drafts_published": result.drafts_published,
        "tables": result.tables,
        "entries": result.entries,
        "cited_sources": result.cited_sources,
        "duplicates": len(result.duplicates),
        "files": files,
        "inputs": result.inputs,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def build(
    out_dir: Path | None = None,
    corpus_dir: Path | None = None,
    progress: Progress = _silent,
    drafts: bool = False,
) -> BuildResult:
    """Build into a temporary folder beside ``out_dir``, then swap it in atomically."""
    started = time.perf_counter()
    out_dir = Path(out_dir or paths.default_build_dir())
    fingerprint = inputs.fingerprint(corpus_dir)  # before reading: an edit meanwhile is seen
    store, result = assemble(corpus_dir, progress=progress, drafts=drafts)
    result.inputs = fingerprint
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    staging = staging_dir(out_dir, "building")
    try:
        write(store, staging, result, progress)
        replace_dir(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.out_dir = out_dir
    result.seconds = time.perf_counter() - started
    return result


def dataset_path(out_dir: Path | None = None) -> Path:
    return Path(out_dir or paths.default_build_dir()) / f"{DATASET}.{by_name('nq').extension}"


def is_built(out_dir: Path | None = None) -> bool:
    out_dir = Path(out_dir or paths.default_build_dir())
    return (out_dir / "manifest.json").exists() and dataset_path(out_dir).exists()


def stale(out_dir: Path) -> str | None:
    """Why the build in ``out_dir`` cannot be served as it is (None when it can): missing,
    or made from other inputs than those there are now."""
    if not is_built(out_dir):
        return "there is no build yet"
    recorded = _manifest(out_dir).get("inputs")
    if not isinstance(recorded, dict) or not recorded:
        return "it records no fingerprint of its inputs (an older haitikg made it)"
    corpus = recorded.get("corpus_dir")
    if corpus and not Path(corpus).is_dir():
        log.warning("%s was built from %s, which is gone: serving it as it is", out_dir, corpus)
        return None
    changes = inputs.changed(recorded, inputs.fingerprint(Path(corpus) if corpus else None))
    if changes:
        return f"{', '.join(changes)} changed since it was built"
    return None


def ensure_built(out_dir: Path | None = None, progress: Progress = _silent) -> Path:
    """The build folder, built first when it is missing and built again (from the corpus
    it was built from, with or without drafts as before) when its inputs changed."""
    out_dir = Path(out_dir or paths.default_build_dir())
    why = stale(out_dir)
    if why is not None:
        previous = _manifest(out_dir)
        if is_built(out_dir):
            log.warning("rebuilding %s: %s", out_dir, why)
        progress(why)
        corpus = (previous.get("inputs") or {}).get("corpus_dir")
        build(
            out_dir,
            Path(corpus) if corpus else None,
            progress=progress,
            drafts=bool(previous.get("drafts_published")),
        )
    if not is_built(out_dir):
        raise BuildMissing(f"{out_dir}: the build did not produce {dataset_path(out_dir).name}")
    return out_dir


def _manifest(out_dir: Path) -> dict[str, Any]:
    """The build's manifest, or nothing when there is none to read."""
    try:
        found = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
