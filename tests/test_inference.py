"""The targeted materialisation agrees with a full OWL 2 RL closure (owlrl) where it matters."""

from __future__ import annotations

import owlrl
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from haitikg.namespaces import ONTOLOGY_GRAPH

STANDARD = (
    "http://schema.org/",
    "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "https://w3id.org/haitikg/ontology#",
)


def asserted_graph(store) -> Graph:
    g = Graph()
    from haitikg.rdfterms import from_ox

    for q in store:
        name = q.graph_name.value if hasattr(q.graph_name, "value") else ""
        if name.endswith(("/inferred", "/void")):
            continue
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def test_materialised_triples_are_entailed_by_owl_rl_and_cover_its_alignment_entailments(
    store, union
):
    asserted = asserted_graph(store)
    data_subjects = {
        s for s in asserted.subjects() if str(s).startswith("https://w3id.org/haitikg/resource/")
    }
    closure = Graph()
    for t in asserted:
        closure.add(t)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)

    aliases = set(asserted.objects(None, OWL.sameAs))  # owl:sameAs is deliberately not materialised

    def relevant(t) -> bool:
        s, p, o = t
        if s not in data_subjects or p == OWL.sameAs or o in aliases:
            return False
        if p == RDF.type:
            return isinstance(o, URIRef) and str(o).startswith(STANDARD)
        return str(p).startswith(STANDARD)

    ours = {t for t in union if relevant(t)}
    theirs = {t for t in closure if relevant(t)}
    missing = theirs - ours
    extra = ours - theirs
    assert not extra, sorted(extra)[:10]
    assert not missing, sorted(missing)[:10]


def test_inferred_graph_holds_only_new_triples(store):
    inferred = "https://w3id.org/haitikg/graph/inferred"
    rows = list(
        store.query(f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }}
        GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{inferred}>) }}""")
    )
    assert rows == []
    assert bool(store.query(f"ASK {{ GRAPH <{inferred}> {{ ?s a <http://schema.org/Event> }} }}"))


def test_ontology_graph_is_not_a_target_of_inference(store):
    assert not bool(
        store.query(
            f"ASK {{ GRAPH <https://w3id.org/haitikg/graph/inferred> {{ ?c a ?k }} "
            f"GRAPH <{ONTOLOGY_GRAPH}> {{ ?c a <http://www.w3.org/2002/07/owl#Class> }} }}"
        )
    )
