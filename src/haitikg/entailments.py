"""The entailments of :mod:`haitikg.inference`'s rules, quad by quad as data streams past:
how ``haitikg bulkload`` infers at 10^6–10^7 triples without reading the store back."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib.namespace import RDF

from .inference import Rules
from .namespaces import INFERRED_GRAPH
from .rdfterms import select

Resource = ox.NamedNode | ox.BlankNode | ox.Triple  # what a quad's subject can be
Term = Resource | ox.Literal  # what its object can be
#: What one quad entails (a rule, by the quad's predicate).
Rule = Callable[[ox.Quad], list[ox.Quad]]
#: Adds to a list the quads typing a node with some classes, once.
AddTypes = Callable[[Resource, list[ox.Quad]], None]
PropertyTriple = tuple[Resource, ox.NamedNode, Term]


class Entailments:
    """The rules as lookup tables, so what a quad entails is known from that quad alone.

    Every rule has one premise (a triple with some predicate, or a type triple with some
    class), and the tables are transitively closed (domain and range classes come with
    their superclasses), so one pass over the data gives the whole closure. That lets
    ``haitikg bulkload`` infer while the parser streams the files into the store, instead
    of reading every quad back out of it.
    """

    def __init__(self, rules: Rules, target: str = str(INFERRED_GRAPH)) -> None:
        self.target = ox.NamedNode(target)
        self.rdf_type = ox.NamedNode(str(RDF.type))
        Column = list[ox.NamedNode]
        tables: dict[ox.NamedNode, tuple[Column, Column, Column, Column]] = defaultdict(
            lambda: ([], [], [], [])
        )
        for column, rows in enumerate(
            (
                rules.property_rows(backwards=False),
                rules.property_rows(backwards=True),
                rules.domain_rows("subject"),
                rules.domain_rows("object"),
            )
        ):
            for a, b in rows:
                tables[ox.NamedNode(a)][column].append(ox.NamedNode(b))
        self.super_classes = {
            ox.NamedNode(c): [ox.NamedNode(x) for x in sorted(sups)]
            for c, sups in rules.super_classes.items()
            if sups
        }
        # For each node, the classes it already has, as bit masks: the low bits say which
        # were written (entailed or asserted), the bits above ``width`` which were
        # asserted. The domain and range rules would give an event its four or five
        # classes once per property it has; and an asserted type that meets one already
        # entailed is a collision the inferred graph must lose (see ``collisions``).
        classes = {x for r in tables.values() for x in r[2] + r[3]}
        classes |= {x for v in self.super_classes.values() for x in v}
        self.bit: dict[Term, int] = {c: 1 << i for i, c in enumerate(sorted(classes, key=str))}
        self.width = len(self.bit)
        self.typed: dict[Resource, int] = {}
        #: Entailed type quads that some other graph turned out to assert.
        self.collisions: list[ox.Quad] = []
        # Entailed type quads held back for a while: data states a node's own type near
        # its other triples, often just after the property whose range entailed it, and
        # a quad cancelled here never has to be written and then deleted (deleting them
        # afterwards is slow: docs/scale.md).
        self.pending: OrderedDict[tuple[Resource, int], ox.Quad] = (
            OrderedDict()
        )  # popped from the front
        #: Whether ``collisions`` is complete (it is unless ``typed`` outgrew its bound).
        self.exact_types = True
        # The property triples written (False) or asserted (True) so far, for the
        # predicates the rules write: a triple entailed twice is written once, and one
        # asserted after it was entailed is a collision, known without joining the
        # inferred and asserted triples afterwards.
        self.outputs = {q for row in tables.values() for q in row[0] + row[1]}
        self.props: dict[PropertyTriple, bool] = {}
        #: Whether ``collisions`` holds every property triple collision too.
        self.exact_properties = True
        self.rules: dict[ox.NamedNode, Rule] = {
            p: self._property_rule(p, *row) for p, row in tables.items()
        }
        for q in self.outputs - set(self.rules):
            self.rules[q] = self._asserted_only
        self.rules[self.rdf_type] = self._type_rule(self.rules.get(self.rdf_type))
        self.rule_for = self.rules.get

    @property
    def complete(self) -> bool:
        """Whether ``collisions`` holds every entailment another graph asserts (it does
        unless a memory outgrew its bound)."""
        return self.exact_types and self.exact_properties

    def of(self, quad: ox.Quad) -> list[ox.Quad]:
        """The quads of the target graph that ``quad`` (taken as data) entails."""
        rule = self.rule_for(quad.predicate)
        return rule(quad) if rule else []

    def note_asserted(self, quad: ox.Quad) -> None:
        """Record that a named graph asserts ``quad`` (a type, or a triple of a predicate
        the rules write; others are ignored)."""
        if quad.predicate in self.outputs:
            self._note_property(quad)
            return
        bit = self.bit.get(quad.object) if quad.predicate == self.rdf_type else None
        if not bit:
            return
        node = quad.subject
        have = self.typed.get(node, 0)
        entailed_before = have & bit and not (have >> self.width) & bit
        if entailed_before and self.pending.pop((node, bit), None) is None:  # written already
            self.collisions.append(ox.Quad(node, self.rdf_type, quad.object, self.target))
        self._keep(node, have | bit | (bit << self.width))

    def _note_property(self, quad: ox.Quad) -> None:
        key = (quad.subject, quad.predicate, quad.object)
        seen = self.props.get(key)
        if seen is False:  # written as entailed, asserted after all
            self.collisions.append(ox.Quad(*key, self.target))
        if seen is not True:
            self._remember(key, True)

    def _asserted_only(self, quad: ox.Quad) -> list[ox.Quad]:
        """The rule of a predicate that entails nothing but that the rules may write."""
        self._note_property(quad)
        return []

    def _remember(self, key: PropertyTriple, asserted: bool) -> None:
        if len(self.props) >= MAX_PROPERTY_TRIPLES and key not in self.props:
            self.props.clear()  # a bound on memory: drop_asserted joins them instead
            self.exact_properties = False
        self.props[key] = asserted

    def drain(self) -> list[ox.Quad]:
        """The entailed type quads still held back: write them after the last premise."""
        held = list(self.pending.values())
        self.pending.clear()
        return held

    def _keep(self, node: Resource, value: int) -> None:
        if len(self.typed) >= MAX_TYPED_NODES and node not in self.typed:
            self.typed.clear()  # a bound on memory: repeats are rewritten, and
            self.exact_types = False  # drop_asserted checks the types itself
        self.typed[node] = value

    def _typer(self, classes: list[ox.NamedNode]) -> AddTypes | None:
        """A function adding to ``out`` the quads typing a node with ``classes``, once."""
        if not classes:
            return None
        tgt, rdf_type, typed, keep = self.target, self.rdf_type, self.typed, self._keep
        pending = self.pending
        bits = [(c, self.bit[c]) for c in classes]
        mask = sum(b for _, b in bits)

        def add_types(node: Resource, out: list[ox.Quad]) -> None:
            have = typed.get(node, 0)
            if new := mask & ~have:
                keep(node, have | mask)
                for c, b in bits:
                    if new & b:
                        pending[node, b] = ox.Quad(node, rdf_type, c, tgt)
                while len(pending) > HOLD_BACK:
                    out.append(pending.popitem(last=False)[1])

        return add_types

    def _property_rule(
        self,
        predicate: ox.NamedNode,
        forward: list[ox.NamedNode],
        backward: list[ox.NamedNode],
        domains: list[ox.NamedNode],
        ranges: list[ox.NamedNode],
    ) -> Rule:
        tgt, props, remember = self.target, self.props, self._remember
        subject_types, object_types = self._typer(domains), self._typer(ranges)
        note = self._note_property if predicate in self.outputs else None

        def write(s: Resource, q: ox.NamedNode, o: Term, out: list[ox.Quad]) -> None:
            key = (s, q, o)
            if key not in props:
                remember(key, False)
                out.append(ox.Quad(s, q, o, tgt))

        def entailed(quad: ox.Quad) -> list[ox.Quad]:
            if note:
                note(quad)
            s, o = quad.subject, quad.object
            out: list[ox.Quad] = []
            for q in forward:
                write(s, q, o, out)
            if subject_types:
                subject_types(s, out)
            if not isinstance(o, ox.Literal):
                for q in backward:
                    write(o, q, s, out)
                if object_types:
                    object_types(o, out)
            return out

        return entailed

    def _type_rule(self, as_property: Rule | None) -> Rule:
        typers: dict[Term, AddTypes | None] = {
            c: self._typer(supers) for c, supers in self.super_classes.items()
        }
        typer_of, note = typers.get, self.note_asserted

        def entailed(quad: ox.Quad) -> list[ox.Quad]:
            out = as_property(quad) if as_property else []
            note(quad)  # an asserted type is never entailed again for this node
            add_types = typer_of(quad.object)
            if add_types:
                add_types(quad.subject, out)
            return out

        return entailed


#: Nodes whose classes :class:`Entailments` remembers (about 200 bytes each).
MAX_TYPED_NODES = 4_000_000
#: Entailed type quads :class:`Entailments` holds back before writing them.
HOLD_BACK = 100_000
#: Property triples :class:`Entailments` remembers (about 250 bytes each).
MAX_PROPERTY_TRIPLES = 3_000_000


def materialise_streaming(
    store: ox.Store,
    rules: Rules,
    data_graphs: list[str],
    target: str = str(INFERRED_GRAPH),
) -> int:
    """What :func:`materialise` computes, by streaming quads through :class:`Entailments`.

    Same rules, same result, but memory stays bounded and it does not slow down with
    thousands of data graphs: it reads only the quads whose predicate or class some rule
    uses, and writes what they entail with one ``bulk_extend`` (no transaction).
    """
    entail = Entailments(rules, target)
    data = {ox.NamedNode(g) for g in data_graphs}

    def premises() -> Iterable[ox.Quad]:
        for p, rule in entail.rules.items():
            if p != entail.rdf_type and rule != entail._asserted_only:  # not a premise
                yield from store.quads_for_pattern(None, p, None, None)
        for c in entail.super_classes:
            yield from store.quads_for_pattern(None, entail.rdf_type, c, None)

    def entailed() -> Iterable[ox.Quad]:
        for quad in premises():
            if quad.graph_name in data:
                yield from entail.of(quad)
        yield from entail.drain()

    store.bulk_extend(entailed())
    return drop_asserted(store, target)


def drop_asserted(
    store: ox.Store,
    target: str = str(INFERRED_GRAPH),
    known: Iterable[ox.Quad] = (),
    complete: bool = False,
) -> int:
    """Keep the inferred graph to what no other named graph asserts; return its size.

    ``haitikg bulkload`` learns, while it streams, which entailments some graph asserts
    (``Entailments.collisions``): with ``complete`` those are all there is to delete.
    Otherwise each kind of inferred quad — a predicate, or ``rdf:type`` with a class — is
    checked here: one cheap ``ASK`` per kind finds the few kinds asserted anywhere, and
    each of those is joined with a constant pattern, which Oxigraph hashes (faster than
    ``FILTER EXISTS`` probes or a join with the predicate as a variable). Probing a freshly
    bulk-loaded store this way is still slow, hence the stream's own bookkeeping (the
    measurements: docs/scale.md).
    """
    graph, rdf_type = ox.NamedNode(target), ox.NamedNode(str(RDF.type))
    inferred, elsewhere = f"GRAPH <{target}>", f"GRAPH ?g {{ PATTERN }} FILTER (?g != <{target}>)"
    found: list[ox.Quad] = list(known)
    kinds: list[tuple[ox.NamedNode, ox.NamedNode | None]] = []
    if not complete:
        rows = select(
            store,
            f"SELECT DISTINCT ?p ?c {{ GRAPH <{target}> {{ ?s ?p ?o }} "
            f"BIND (IF(?p = <{rdf_type.value}>, ?o, ?none) AS ?c) }}",
        )
        kinds = [(row["p"], row["c"]) for row in rows]
    for p, c in kinds:
        pattern = f"?s {p} " + (str(c) if c is not None else "?o")
        asserted = elsewhere.replace("PATTERN", pattern)
        if not store.query(f"ASK {{ {asserted} }}"):
            continue
        terms = "?s ?o" if c is None else "?s"
        query = f"SELECT DISTINCT {terms} {{ {{ {inferred} {{ {pattern} }} }} {{ {asserted} }} }}"
        for hit in select(store, query):
            found.append(ox.Quad(hit["s"], p, c if c is not None else hit["o"], graph))
    for quad in found:
        store.remove(quad)
    query = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"
    return int(next(select(store, query))["n"].value)
