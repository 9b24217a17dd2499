"""``haitikg validate``: SHACL shapes, a DL reasoner, and violation queries over the graph.

Each check returns :class:`CheckResult`; the report fails if any check found a problem.
The reasoner check needs Java (HermiT runs through owlready2); without Java it says so
and how to install it, and the other checks still run.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from . import paths
from .entities import read_links
from .namespaces import OWL, PREFIXES, VOID_GRAPH
from .rdfterms import from_ox, select

#: RDF vocabulary that OWL 2 DL reserves; triples using it are left out of the reasoner's view.
NON_DL_PREDICATES = {RDF.value, RDF.subject, RDF.predicate, RDF.object}


@dataclass
class CheckResult:
    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class Report:
    checks: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def problems(self) -> list[str]:
        return [f"{c.name}: {p}" for c in self.checks for p in c.problems]


def union_graph(store: ox.Store, skip: tuple[str, ...] = (str(VOID_GRAPH),)) -> Graph:
    """The union of the store's graphs as one rdflib graph (the published default graph)."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for q in store:
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip:
            continue
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return graph


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, prefixes: frozenset[tuple[str, Any]]) -> Query:
    return translateQuery(parseQuery(text), base, dict(prefixes))


#: SHACL runs take turns: rdflib's SPARQL parser (pyparsing) fails when two threads parse
#: at once, and patches made and undone by overlapping runs could be left behind.
_SHACL_TURN = threading.Lock()


@contextmanager
def _sparql_parsed_once() -> Iterator[None]:
    """pyshacl hands rdflib the same few SPARQL constraints once per focus node, and rdflib
    parses the text each time (nine tenths of a SHACL run). In this block (one run at a
    time) each text is parsed once: a prepared rdflib ``Query`` is run again with other
    bindings."""
    with _SHACL_TURN:
        query = SPARQLProcessor.query

        def prepared_query(
            self: SPARQLProcessor,
            strOrQuery: str | Query,
            initBindings: Mapping[str, Identifier] | None = None,
            initNs: Mapping[str, Any] | None = None,
            base: str | None = None,
            DEBUG: bool = False,
        ) -> Mapping[str, Any]:
            if isinstance(strOrQuery, str):
                strOrQuery = _prepared(strOrQuery, base, frozenset((initNs or {}).items()))
            return query(self, strOrQuery, initBindings, initNs, base, DEBUG)

        SPARQLProcessor.query = prepared_query  # type: ignore[method-assign]
        try:
            yield
        finally:
            SPARQLProcessor.query = query  # type: ignore[method-assign]


def shacl(data: Graph, shapes_path: Path | None = None) -> CheckResult:
    """The SHACL shapes of ``ontology/shapes/`` (pyshacl; no inference: it is materialised)."""
    from pyshacl import validate as pyshacl_validate

    shapes = Graph()
    for path in sorted((shapes_path or paths.ontology_dir() / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    with _sparql_parsed_once():
        conforms, results, _ = pyshacl_validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus, message, path, shape = (
            results.value(result, key)
            for key in (SH.focusNode, SH.resultMessage, SH.resultPath, SH.sourceShape)
        )
        problems.append(f"{focus}: {message} (path {path}, shape {shape})")
    return CheckResult("SHACL shapes", conforms, sorted(problems))


def violation_queries(store: ox.Store, checks_dir: Path | None = None) -> list[CheckResult]:
    """Each ``*-violation.rq`` must return no rows over the union of the graphs."""
    out = []
    for path in sorted((checks_dir or paths.ontology_dir() / "checks").glob("*-violation.rq")):
        solutions = select(store, path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        rows = [
            ", ".join(f"{n}={sol[n].value if sol[n] is not None else ''}" for n in names)
            for sol in solutions
        ]
        out.append(CheckResult(f"query {path.name}", not rows, rows[:50]))
    return out


def same_as_links(store: ox.Store, links_path: Path | None = None) -> CheckResult:
    """owl:sameAs targets are exactly IRIs of the reference links.tsv, none invented."""
    allowed = {
        iri
        for iris in read_links(links_path or paths.corpus_dir() / "links.tsv").values()
        for iri in iris
    }
    same_as = store.quads_for_pattern(None, ox.NamedNode(str(OWL.sameAs)), None)
    used = {q.object.value for q in same_as if not isinstance(q.object, ox.Triple)}
    invented = sorted(used - allowed)
    return CheckResult(
        "owl:sameAs only to links.tsv",
        not invented,
        [f"{iri} is not in links.tsv" for iri in invented],
    )


def reasoner(data: Graph) -> CheckResult:
    """Consistency and class satisfiability (HermiT via owlready2) over the DL view of the data."""
    name = "OWL 2 DL reasoner (HermiT)"
    if shutil.which("java") is None:
        return CheckResult(
            name,
            True,
            skipped=(
                "Java is not installed, so the reasoner did not run. Install a JRE "
                "(Debian: apt-get install -y default-jre-headless) and run validate again."
            ),
        )
    import owlready2

    dl = Graph()
    for s, p, o in data:
        if p in NON_DL_PREDICATES or (p == RDF.type and o == RDF.Statement):
            continue
        dl.add((s, p, o))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "haitikg-dl.nt"
        dl.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
                )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return CheckResult(name, False, [f"the ontology and data are inconsistent: {exc}"])
        except owlready2.OwlReadyJavaError as exc:
            return CheckResult(name, False, [f"HermiT failed: {str(exc)[:2000]}"])
        unsat = sorted(c.iri for c in world.inconsistent_classes())
    return CheckResult(name, not unsat, [f"unsatisfiable class {iri}" for iri in unsat])


def validate(store: ox.Store, *, run_reasoner: bool = True) -> Report:
    """Every check over a built dataset held in ``store``."""
    data = union_graph(store)
    checks = [shacl(data), same_as_links(store), *violation_queries(store)]
    if run_reasoner:
        checks.append(reasoner(data))
    return Report(checks)
