"""What a careful reader takes from the article is in the graph, each fact with its evidence
(on the article's own build: other sources join its events in tests/test_sources.py)."""

from __future__ import annotations

import pytest


def test_arrival_of_217_officers_in_port_au_prince_on_18_january_2025(article):
    rows = article("""SELECT ?date ?basis ?place ?placeBasis ?n WHERE {
        res:arrival-2025-01-18 a hkg:ContingentArrival ; hkg:date ?date ; hkg:dateBasis ?basis ;
            sem:hasPlace ?p ; hkg:placeBasis ?placeBasis ; hkg:hasFigure ?q .
        ?p rdfs:label ?place . ?q schema:value ?n }""")
    assert rows == [
        {
            "date": "2025-01-18",
            "basis": "https://w3id.org/haitikg/vocab/date-stated",
            "place": "Port-au-Prince",
            "placeBasis": "https://w3id.org/haitikg/vocab/place-from-context",
            "n": "217",
        }
    ]


def test_arrival_roles_name_the_contingent_and_kenya(article):
    rows = article("""SELECT ?role ?actor WHERE { res:arrival-2025-01-18 hkg:hasRole ?r .
        ?r rdf:value ?a ; sem:roleType ?t . ?t skos:prefLabel ?role . ?a rdfs:label ?actor }""")
    roles = {(r["role"], r["actor"]) for r in rows}
    assert ("sending state", "Kenya") in roles
    assert ("agent", "Kenyan police contingent that arrived on 18 January 2025") in roles


def test_reception_by_prime_minister_fils_aime(article):
    rows = article("""SELECT ?host WHERE { ?e a hkg:Reception ; hkg:hasRole ?r .
        ?r sem:roleType <https://w3id.org/haitikg/vocab/role-host> ; rdf:value ?h .
        ?h org:holds res:prime-minister-of-haiti ; schema:name ?host }""")
    assert [r["host"] for r in rows] == ["Alix Didier Fils-Aimé"]


def test_arrival_is_part_of_the_un_backed_mss_mission(article):
    rows = article("""SELECT ?m WHERE { res:arrival-2025-01-18 hkg:partOfMission ?m .
        ?m hkg:backedBy res:united-nations }""")
    assert [r["m"] for r in rows] == ["https://w3id.org/haitikg/resource/mss-mission"]


@pytest.mark.parametrize(
    ("measure", "number", "kind", "qualifier", "reporter"),
    [
        ("personnel-deployed", "600", "minValue", "more-than", "author"),
        ("personnel-pledged", "1000", "value", "target", "author"),
        ("killed", "5600", "value", "estimate", "United Nations"),
        ("displaced", "700000", "value", "estimate", "United Nations"),
        ("territory-controlled", "80", "minValue", "more-than", "author"),
    ],
)
def test_reported_figures_keep_qualifier_and_reporter(
    article, measure, number, kind, qualifier, reporter
):
    rows = article(f"""SELECT ?p ?n ?who WHERE {{
        ?c hkg:measure <https://w3id.org/haitikg/vocab/measure-{measure}> ;
           hkg:qualifier <https://w3id.org/haitikg/vocab/qualifier-{qualifier}> ;
           hkg:figure ?q ; hkg:reportedBy ?r . ?r rdfs:label ?who .
        ?q ?p ?n FILTER (?p IN (hkg:value, hkg:minValue, hkg:maxValue)) }}""")
    assert [(r["p"].rsplit("#", 1)[1], r["n"]) for r in rows] == [(kind, number)]
    assert reporter in rows[0]["who"]


def test_un_figures_refer_to_haiti_in_2024(article):
    rows = article("""SELECT ?c ?year ?place WHERE { ?c hkg:reportedBy res:united-nations ;
        hkg:period ?t ; hkg:place ?p . ?t time:hasDateTimeDescription/time:year ?year .
        ?p rdfs:label ?place }""")
    assert {(r["year"], r["place"]) for r in rows} == {("2024", "Haiti")} and len(rows) == 2


def test_deployment_since_june_2024_and_pledge_by_ruto(article):
    rows = article("""SELECT ?begin WHERE { res:kenya-deployment-since-2024-06 hkg:beginDate ?begin
        FILTER (DATATYPE(?begin) = xsd:gYearMonth) }""")
    assert [r["begin"] for r in rows] == ["2024-06"]
    pledger = article("""SELECT ?n WHERE { ?e a hkg:Pledge ; hkg:hasRole ?r .
        ?r sem:roleType <https://w3id.org/haitikg/vocab/role-pledger> ; rdf:value ?p .
        ?p schema:name ?n }""")
    assert [r["n"] for r in pledger] == ["William Ruto"]


def test_debate_and_murkomens_case_with_quote_and_aims(article):
    assert article("SELECT ?e WHERE { ?e a hkg:Debate ; hkg:concerns res:mss-mission }")
    quote = article("""SELECT ?text WHERE { ?q hkg:quotedIn res:murkomen-case-for-mission ;
        schema:text ?text ; schema:creator res:kipchumba-murkomen }""")
    assert [r["text"] for r in quote] == ["Kenya’s spirit of giving defines who we are"]
    aims = {
        r["t"]
        for r in article(
            "SELECT ?t WHERE { ?a a hkg:StatedAim ; "
            "hkg:reportedBy res:kipchumba-murkomen ; hkg:aimText ?t }"
        )
    }
    assert aims == {
        "reducing violence",
        "empower Haiti to develop the capacity to manage its own security long-term",
    }


def test_praise_community_building_and_gratitude(article):
    assert article(
        "SELECT ?c WHERE { ?c a hkg:Assessment ; hkg:concerns res:reclaiming-neighbourhoods }"
    )
    assert article(
        "SELECT ?e WHERE { res:community-building-approach a hkg:SecurityOperation ; "
        "sem:hasActor res:kenyan-police }"
    )
    thanks = article("""SELECT ?text WHERE { res:fils-aime-gratitude hkg:hasQuotation ?q .
        ?q schema:text ?text }""")
    assert [r["text"] for r in thanks] == [
        "The Haitian people will not forget those who stood by us in our darkest hour."
    ]


def test_capital_region_and_posts(article):
    assert article("SELECT * WHERE { res:port-au-prince hkg:capitalOf res:haiti }") == [{}]
    assert article("SELECT * WHERE { res:kenya schema:containedInPlace res:east-africa }") == [{}]
    posts = {
        (r["who"], r["post"])
        for r in article(
            "SELECT ?who ?post WHERE { ?p hkg:holdsPost ?o . ?p schema:name ?who . "
            "?o rdfs:label ?post }"
        )
    }
    assert len(posts) == 3


def test_simple_facts_carry_their_evidence_as_reified_claims(article):
    rows = article("""SELECT ?anchor WHERE { ?st rdf:subject res:port-au-prince ;
        rdf:predicate hkg:capitalOf ; rdf:object res:haiti ; prov:wasDerivedFrom ?span .
        ?span nif:anchorOf ?anchor }""")
    assert [r["anchor"] for r in rows] == ["Port-au-Prince, Haiti’s capital"]


def test_spans_know_their_sentence(article):
    rows = article("""SELECT ?sentence WHERE { res:figure-un-killed-2024 prov:wasDerivedFrom ?s .
        ?s nif:sentence ?sent ; nif:beginIndex ?b . ?sent a nif:Sentence ; nif:anchorOf ?sentence
        } ORDER BY ?b""")
    assert [r["sentence"][:47] for r in rows] == [
        "Haiti’s current plight is heart-wrenching.",
        "The United Nations estimates that in 2024 alone",
    ]
