"""The Python API: the built dataset and the ontology as rdflib objects."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from .build import dataset_path, ensure_built
from .disagreements import Disagreement, read, store_select
from .ontology import load_ontology
from .query import open_store


def load(build_dir: Path | None = None) -> Dataset:
    """The built dataset, building it first if needed.

    Named graphs are kept; like the published default graph, the dataset's default graph
    is their union (``default_union=True``), so ``ds.triples(...)`` and SPARQL see it all.
    """
    out = ensure_built(build_dir)
    ds = Dataset(default_union=True)
    with dataset_path(out).open("rb") as fh:  # rdflib leaves a file it opens unclosed
        ds.parse(fh, format="nquads")
    return ds


def ontology() -> Graph:
    """A fresh copy of the ontology graph."""
    graph = Graph()
    for prefix, ns in load_ontology().namespaces():
        graph.bind(prefix, ns)
    for triple in load_ontology():
        graph.add(triple)
    return graph


def disagreements(about: str | None = None, build_dir: Path | None = None) -> list[Disagreement]:
    """Where the sources disagree: each figure or time several sources give differently,
    with every source's value, qualifier, date and confidence side by side, none preferred.
    ``about`` keeps those about one resource (an event's time, a figure concerning it)."""
    return read(store_select(open_store(build_dir)), about)
