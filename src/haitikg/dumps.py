"""Serialise the built dataset: dumps in every format, ontology artefacts, VoID, @context.

Every file is byte-identical for identical input: quads are written sorted (Oxigraph's
in-memory order and its prefix tables vary from run to run), prefix declarations are put
in a fixed order, and JSON-LD is compacted with haitikg's @context, nodes and values sorted.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .formats import by_name
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, VOID_GRAPH
from .ontology import source_path
from .rdfterms import from_ox, in_memory

CONTEXT_FILE = "context.jsonld"
Json = dict[str, "Json"] | list["Json"] | str | int | float | bool | None


def context() -> dict[str, dict[str, str]]:
    """The JSON-LD @context: haitikg's prefixes, so compact IRIs read as in Turtle."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def _sorted_json(value: Json) -> Json:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(store: ox.Store, graph: ox.NamedNode | None = None) -> bytes:
    """Compact, sorted JSON-LD of one graph of ``store`` (the default graph by default)."""
    g = Graph()
    for q in store.quads_for_pattern(None, None, None, graph or ox.DefaultGraph()):
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    doc = _sorted_json(
        json.loads(g.serialize(format="json-ld", context=context()["@context"], auto_compact=True))
    )
    if not isinstance(doc, dict):  # rdflib writes one object, its @context and @graph
        raise TypeError(f"JSON-LD of {graph} is not an object")
    ordered = {"@context": doc.pop("@context"), **doc}
    return (json.dumps(ordered, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def union_store(store: ox.Store) -> ox.Store:
    """A store whose default graph is the union of every named graph (duplicates merged)."""
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
    return union


def _key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object)


_XMLNS = re.compile(rb'\s+xmlns:[\w.-]+="[^"]*"')


def stable_prefixes(data: bytes) -> bytes:
    """Put the prefix declarations Oxigraph writes in hash order into sorted order."""
    if data.startswith(b"@prefix"):
        lines = data.split(b"\n")
        n = next(i for i, line in enumerate(lines) if not line.startswith(b"@prefix"))
        return b"\n".join(sorted(lines[:n]) + lines[n:])
    start = data.find(b"<rdf:RDF")
    if start >= 0:
        end = data.index(b">", start)
        attrs = sorted(_XMLNS.findall(data, start, end))
        return data[:start] + b"<rdf:RDF" + b"".join(attrs) + data[end:]
    return data


def dump(store: ox.Store, fmt_name: str, graph: ox.NamedNode | None = None) -> bytes:
    """One graph (or, for TriG/N-Quads, the whole dataset) in the named format, sorted."""
    fmt = by_name(fmt_name)
    if fmt.name == "jsonld":
        return jsonld(store, graph)
    if fmt.holds_datasets:
        data = sorted(store, key=_key)
    else:
        chosen = store.quads_for_pattern(None, None, None, graph or ox.DefaultGraph())
        data = [ox.Triple(q.subject, q.predicate, q.object) for q in sorted(chosen, key=_key)]
    prefixes = None if fmt.name in ("nt", "nq") else PREFIXES
    return stable_prefixes(in_memory(ox.serialize(data, format=fmt.rdf, prefixes=prefixes)))


def write_dumps(store: ox.Store, out_dir: Path, name: str, formats: tuple[str, ...]) -> None:
    union = union_store(store)
    for fmt_name in formats:
        fmt = by_name(fmt_name)
        source = store if fmt.holds_datasets else union
        (out_dir / f"{name}.{fmt.extension}").write_bytes(dump(source, fmt_name))
    (out_dir / CONTEXT_FILE).write_text(json.dumps(context(), indent=1) + "\n")
    void = ox.NamedNode(str(VOID_GRAPH))
    (out_dir / "void.ttl").write_bytes(dump(store, "ttl", void))
    onto_dir = out_dir / "ontology"
    onto_dir.mkdir(exist_ok=True)
    shutil.copyfile(source_path(), onto_dir / "haitikg.ttl")
    onto = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for fmt_name in ("rdfxml", "jsonld", "nt"):
        fmt = by_name(fmt_name)
        (onto_dir / f"haitikg.{'owl' if fmt_name == 'rdfxml' else fmt.extension}").write_bytes(
            dump(store, fmt_name, onto)
        )
