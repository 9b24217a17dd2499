"""The interoperability profile (docs/MODELING.md §3): standard-term queries find the facts.

Every query here uses only schema.org, SEM, PROV-O, ORG, NIF, OWL and RDFS terms, as an
outsider who knows nothing of haitikg's ontology would.
"""

from __future__ import annotations

import pytest

STD = """
PREFIX schema: <http://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def test_every_person_is_a_schema_person_with_a_name(select):
    rows = select(STD + "SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name }")
    names = {r["name"] for r in rows}
    assert {"William Ruto", "Alix Didier Fils-Aimé", "Kipchumba Murkomen"} <= names
    unnamed = select(
        STD + "SELECT ?p WHERE { ?p a schema:Person FILTER NOT EXISTS { ?p schema:name ?n } }"
    )
    assert unnamed == []


def test_countries_and_cities_are_typed_and_contained(select):
    countries = {
        r["l"] for r in select(STD + "SELECT ?l WHERE { ?c a schema:Country ; rdfs:label ?l }")
    }
    assert {"Kenya", "Haiti"} <= countries
    rows = select(
        STD
        + """SELECT ?city ?country WHERE {
        ?city a schema:City ; rdfs:label "Port-au-Prince"@en ;
              schema:containedInPlace ?c . ?c a schema:Country ; rdfs:label ?country }"""
    )
    assert [r["country"] for r in rows] == ["Haiti"]
    loose = select(
        STD + "SELECT ?city WHERE { ?city a schema:City "
        "FILTER NOT EXISTS { ?city schema:containedInPlace ?c . ?c a schema:Country } }"
    )
    assert loose == []


def test_organisations_are_schema_organizations(select):
    orgs = {
        r["l"] for r in select(STD + "SELECT ?l WHERE { ?o a schema:Organization ; rdfs:label ?l }")
    }
    assert {"United Nations", "Multinational Security Support Mission in Haiti"} <= orgs


def test_same_as_links_are_those_of_the_reference_file(select):
    rows = select(STD + "SELECT ?x ?y WHERE { ?x owl:sameAs ?y }")
    targets = {r["y"] for r in rows}
    assert "http://www.wikidata.org/entity/Q114" in targets
    assert "http://dbpedia.org/resource/Alix_Didier_Fils-Aimé" in targets
    assert all(
        t.startswith(("http://www.wikidata.org/entity/Q", "http://dbpedia.org/resource/"))
        for t in targets
    )


def test_every_event_is_a_sem_and_schema_event(select):
    events = select(STD + "SELECT DISTINCT ?e WHERE { ?e a sem:Event, schema:Event }")
    assert len(events) >= 10
    assert (
        select(STD + "SELECT ?e WHERE { ?e a sem:Event FILTER NOT EXISTS { ?e a schema:Event } }")
        == []
    )


def test_event_times_are_sem_literals_at_the_precision_of_the_text(select):
    """A day is an xsd:date; begins, ends and bounds a date, month or year; nothing else."""
    rows = select(
        STD
        + """SELECT ?e ?p (DATATYPE(?t) AS ?d) WHERE {
        VALUES ?p { sem:hasTimeStamp sem:hasBeginTimeStamp sem:hasEndTimeStamp
                    sem:hasEarliestBeginTimeStamp sem:hasLatestBeginTimeStamp
                    sem:hasEarliestEndTimeStamp sem:hasLatestEndTimeStamp }
        ?e a sem:Event ; ?p ?t }"""
    )
    assert rows
    for r in rows:
        kinds = {"date"} if r["p"].endswith("/hasTimeStamp") else {"date", "gYearMonth", "gYear"}
        assert r["d"].rsplit("#", 1)[1] in kinds, r
    days = {r["e"].rsplit("/", 1)[1] for r in rows if r["p"].endswith("/hasTimeStamp")}
    assert {"arrival-2025-01-18", "reception-2025-01-18", "samuel-kaetuai-death"} <= days
    assert not {"murkomen-case-for-mission", "kenya-deployment-since-2024-06"} & days


def test_places_and_actors_are_sem_links_where_the_text_gives_them(select):
    placed = select(STD + "SELECT DISTINCT ?e WHERE { ?e a sem:Event ; sem:hasPlace ?p }")
    acted = select(STD + "SELECT DISTINCT ?e WHERE { ?e a sem:Event ; sem:hasActor ?a }")
    events = select(STD + "SELECT DISTINCT ?e WHERE { ?e a sem:Event }")
    assert 0 < len(placed) < len(events) and 0 < len(acted) < len(events)


@pytest.mark.parametrize(
    ("number", "unit", "bound"),
    [
        (217, "police officers", None),
        (600, "police officers", "minValue"),
        (1000, "police officers", None),
        (5600, "people", None),
        (700000, "people", None),
        (80, "percent", "minValue"),
    ],
)
def test_figures_are_quantitative_values_with_numbers(select, number, unit, bound):
    """The text's own number is schema:value; "over N" is schema:minValue and no value (the
    article's figures: other sources give some of the same numbers as bounds)."""
    rows = select(
        STD
        + f"""SELECT ?q ?p ?claim WHERE {{
        ?q a schema:QuantitativeValue ; ?p ?v ; schema:unitText "{unit}" .
        FILTER (?p IN (schema:value, schema:minValue, schema:maxValue))
        FILTER (?v = {number} && DATATYPE(?v) IN (xsd:integer, xsd:decimal))
        ?claim ?link ?q . ?claim a schema:Claim ;
               prov:wasDerivedFrom/nif:referenceContext ?article }}"""
    )
    assert rows, f"no schema:QuantitativeValue {number} {unit} linked from a claim"
    assert {r["p"].rsplit("/", 1)[1] for r in rows} == {bound or "value"}


def test_quotations_keep_exact_text_and_speaker(select, store):
    text = next(
        iter(
            store.query(
                STD + "SELECT ?t WHERE { ?c nif:isString ?t }",
                use_default_graph_as_union=True,
            )
        )
    )[0].value
    rows = select(
        STD
        + """SELECT ?text ?who WHERE {
        ?q a schema:Quotation ; schema:text ?text ; schema:creator ?p . ?p schema:name ?who }"""
    )
    assert {(r["who"], r["text"]) for r in rows} == {
        ("Kipchumba Murkomen", "Kenya’s spirit of giving defines who we are"),
        (
            "Alix Didier Fils-Aimé",
            "The Haitian people will not forget those who stood by us in our darkest hour.",
        ),
    }
    assert all(r["text"] in text for r in rows)


def test_posts_are_org_posts_held_via_org_holds(select):
    rows = select(
        STD
        + """SELECT ?post ?holder WHERE {
        ?p a org:Post ; rdfs:label ?post . ?h org:holds ?p ; schema:name ?holder }"""
    )
    council = "President of the Transitional Presidential Council"
    assert {(r["post"], r["holder"]) for r in rows} == {
        ("Prime Minister of Haiti", "Alix Didier Fils-Aimé"),
        ("President of Kenya", "William Ruto"),
        ("Interior Minister of Kenya", "Kipchumba Murkomen"),
        # from the cited timeline
        ("Prime Minister of Haiti", "Ariel Henry"),
        ("Prime Minister of Haiti", "Michel Patrick Boisvert"),
        ("Prime Minister of Haiti", "Garry Conille"),
        (council, "Edgard Leblanc Fils"),
        (council, "Leslie Voltaire"),
        (council, "Fritz Alphonse Jean"),
        (council, "Laurent Saint-Cyr"),
        ("Interior Minister of Kenya", "Kithure Kindiki"),
        ("Interior Minister of Kenya", "Musalia Mudavadi"),
        ("Deputy President of Kenya", "Kithure Kindiki"),
        ("Inspector-General of the National Police Service of Kenya", "Japhet Koome"),
        ("Executive Director of the UN Office on Drugs and Crime", "Ghada Waly"),
    }


def test_events_claims_and_quotations_derive_from_nif_spans_or_cited_sources(select):
    """A span of a held text (NIF, checked against the text), or a cited page: a
    prov:Entity and schema:CreativeWork with its schema:url."""
    facts = select(
        STD
        + """SELECT DISTINCT ?x WHERE {
        { ?x a sem:Event } UNION { ?x a schema:Claim } UNION { ?x a schema:Quotation } }"""
    )
    assert len(facts) >= 30
    unsourced = select(
        STD
        + """SELECT ?x WHERE {
        { ?x a sem:Event } UNION { ?x a schema:Claim } UNION { ?x a schema:Quotation }
        FILTER NOT EXISTS {
            ?x prov:wasDerivedFrom ?s .
            ?s nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a ; nif:referenceContext ?c .
            ?c nif:isString ?text .
            FILTER (SUBSTR(?text, ?b + 1, ?e - ?b) = STR(?a))
        }
        FILTER NOT EXISTS {
            ?x prov:wasDerivedFrom ?page . ?page a prov:Entity, schema:CreativeWork ;
                                                 schema:url ?url }
        }"""
    )
    assert unsourced == []


def test_claims_from_someone_are_attributed_to_that_agent(select):
    rows = select(
        STD
        + """SELECT ?v ?who WHERE {
        ?c a schema:Claim ; prov:wasAttributedTo ?a ; ?link ?q . ?a rdfs:label ?who .
        ?q schema:value ?v FILTER (?v IN (5600, 700000)) }"""
    )
    assert {(r["v"], r["who"]) for r in rows} == {
        ("5600", "United Nations"),
        ("700000", "United Nations"),
    }
    unattributed = select(
        STD + "SELECT ?c WHERE { ?c a schema:Claim "
        "FILTER NOT EXISTS { ?c prov:wasAttributedTo ?a } }"
    )
    assert unattributed == []


def test_the_document_is_a_news_article_and_prov_entity(select):
    rows = select(
        STD + "SELECT ?d WHERE { ?d a schema:NewsArticle, prov:Entity . ?c nif:sourceUrl ?d }"
    )
    assert [r["d"] for r in rows] == [
        "https://w3id.org/haitikg/resource/kenya-haiti-mss-2025-01-18"
    ]


def test_cited_sources_are_creative_works_with_a_url(select):
    cited = select(STD + "SELECT ?d WHERE { ?e schema:citation ?d }")
    assert len({r["d"] for r in cited}) == 156
    odd = select(
        STD
        + """SELECT ?d WHERE { ?e schema:citation ?d .
        FILTER NOT EXISTS { ?d a prov:Entity, schema:CreativeWork ; schema:url ?u ; schema:name ?n }
        FILTER NOT EXISTS { ?d a schema:NewsArticle } FILTER NOT EXISTS { ?d a schema:WebPage } }"""
    )
    assert odd == []


def test_every_iri_resource_has_a_label(select):
    unlabelled = select(
        STD
        + """SELECT DISTINCT ?x WHERE {
        ?x ?p ?o FILTER (isIRI(?x)) FILTER NOT EXISTS { ?x rdfs:label ?l } }"""
    )
    assert unlabelled == []


def test_every_term_of_the_ontology_has_label_and_comment(select):
    rows = select(
        STD
        + """SELECT ?t WHERE {
        ?t rdfs:isDefinedBy <https://w3id.org/haitikg/ontology> .
        FILTER (NOT EXISTS { ?t rdfs:label ?l } || NOT EXISTS { ?t rdfs:comment ?c }) }"""
    )
    assert rows == []
    assert (
        len(
            select(
                STD + "SELECT ?t WHERE { ?t rdfs:isDefinedBy <https://w3id.org/haitikg/ontology> }"
            )
        )
        > 80
    )


def test_schema_org_is_only_used_with_http(union):
    assert not [t for triple in union for t in triple if str(t).startswith("https://schema.org/")]


def test_mss_is_un_backed_but_not_part_of_the_un(select):
    sponsors = select(
        STD
        + """SELECT ?s WHERE { ?m rdfs:label "Multinational Security Support Mission in Haiti"@en ;
        schema:sponsor ?u . ?u rdfs:label ?s }"""
    )
    assert [r["s"] for r in sponsors] == ["United Nations"]
    inside = select(
        STD
        + """SELECT ?l WHERE { ?m rdfs:label "Multinational Security Support Mission in Haiti"@en ;
        ?l <https://w3id.org/haitikg/resource/united-nations>
        FILTER (?l IN (org:subOrganizationOf, org:memberOf)) }"""
    )
    assert inside == []
