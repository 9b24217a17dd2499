"""The ontology: metadata, documentation of every term, OWL 2 DL hygiene, and tool loading."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VANN

import haitikg
from haitikg.namespaces import HKG, ONTOLOGY_IRI

ONTO = URIRef(ONTOLOGY_IRI)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return haitikg.ontology()


def test_header_carries_full_metadata(onto):
    for prop in (
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
    ):
        assert onto.value(ONTO, prop) is not None, prop
    assert str(onto.value(ONTO, VANN.preferredNamespaceUri)) == str(HKG)
    assert str(onto.value(ONTO, OWL.versionInfo)) == haitikg.__version__


def test_every_own_term_has_label_comment_and_is_defined_by(onto):
    own = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(HKG))}
    assert len(own) > 60
    for term in own:
        for prop in (RDFS.label, RDFS.comment, RDFS.isDefinedBy):
            assert onto.value(term, prop) is not None, f"{term} lacks {prop}"


def test_no_term_is_both_object_and_datatype_property(onto):
    both = set(onto.subjects(RDF.type, OWL.ObjectProperty)) & set(
        onto.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert not both


def test_every_property_used_in_the_data_is_declared(onto, union):
    declared = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in onto.subjects(RDF.type, kind)
    }
    builtin = {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        RDFS.isDefinedBy,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.sameAs,
        OWL.inverseOf,
        OWL.versionIRI,
        OWL.versionInfo,
        OWL.members,
        OWL.equivalentClass,
        RDF.first,
        RDF.rest,
        RDF.value,
        RDF.subject,
        RDF.predicate,
        RDF.object,
    }
    used = {p for _, p, _ in union}
    undeclared = {p for p in used - declared - builtin if not str(p).startswith(str(OWL))}
    assert not undeclared, sorted(undeclared)


def test_no_reserved_vocabulary_is_declared_as_a_class(onto):
    reserved = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    assert not [c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(reserved)]


def test_disjointness_and_functional_properties_are_there(onto):
    assert len(list(onto.subjects(RDF.type, OWL.AllDisjointClasses))) >= 3
    functional = set(onto.subjects(RDF.type, OWL.FunctionalProperty))
    assert {HKG.date, HKG.value, HKG.figure} <= functional


def test_owlready2_loads_the_rdfxml_release_and_hermit_finds_it_consistent(build_dir, java):
    world = owlready2.World()
    onto = world.get_ontology((build_dir / "ontology" / "haitikg.owl").as_uri()).load()
    assert onto.search_one(iri=str(HKG.ContingentArrival)) is not None
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    arrival = onto.search_one(iri=str(HKG.ContingentArrival))
    assert onto.search_one(iri=str(HKG.Event)) in arrival.ancestors()
