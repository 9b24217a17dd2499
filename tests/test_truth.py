"""The graph says only what its sources say (issue 10): no invented days, places, values,
participants or headlines; bounds where the text gives bounds; roles SEM tools can reach.

Each test names the item of the issue it covers. Tests that plant an old error in a copy of
the build check that `haitikg validate` would now catch it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from haitikg import paths
from haitikg.build import assemble
from haitikg.errors import CorpusError
from haitikg.validate import shacl, union_graph, violation_queries

RES = "https://w3id.org/haitikg/resource/"
VOC = "https://w3id.org/haitikg/vocab/"
HKG = "https://w3id.org/haitikg/ontology#"
DOC = "kenya-haiti-mss-2025-01-18"
DOC_GRAPH = ox.NamedNode(f"https://w3id.org/haitikg/graph/{DOC}")
PUBLICATION = f"{RES}{DOC}-publication"
README = Path(__file__).parents[1] / "README.md"

#: The events the article gives no day (issue 10, item 1).
UNDATED = (
    "ruto-pledge-1000-officers",
    "murkomen-case-for-mission",
    "murkomen-outlines-vision",
    "fils-aime-gratitude",
    "debate-over-support-for-haiti",
    "reclaiming-neighbourhoods",
    "community-building-approach",
)


def values(rows: list[dict], key: str) -> list[str]:
    return [r[key] for r in rows]


def readme_query(first_line: str) -> str:
    blocks = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith(first_line))


def plant(store: ox.Store, s: str, p: str, o: ox.Term) -> None:
    store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, DOC_GRAPH))


def failing(store: ox.Store) -> set[str]:
    return {c.name for c in violation_queries(store) if not c.passed}


# --- 1. time -----------------------------------------------------------------------------


def test_1_only_the_arrival_and_the_reception_have_a_day(article):
    rows = article("SELECT ?e ?day WHERE { ?e a sem:Event ; sem:hasTimeStamp ?day }")
    assert sorted((r["e"].removeprefix(RES), r["day"]) for r in rows) == [
        ("arrival-2025-01-18", "2025-01-18"),
        ("reception-2025-01-18", "2025-01-18"),
    ]
    for event in UNDATED:
        assert not article(f"SELECT ?t WHERE {{ res:{event} sem:hasTimeStamp ?t }}"), event


def test_1_the_pledge_began_no_later_than_june_2024_from_context(article):
    rows = article("""SELECT ?by ?basis ?other WHERE {
        res:ruto-pledge-1000-officers sem:hasLatestBeginTimeStamp ?by ; hkg:dateBasis ?basis .
        OPTIONAL { res:ruto-pledge-1000-officers sem:hasBeginTimeStamp|sem:hasEndTimeStamp
                   |sem:hasEarliestBeginTimeStamp ?other } }""")
    assert rows == [{"by": "2024-06", "basis": VOC + "date-from-context", "other": None}]
    datatype = article("""SELECT (DATATYPE(?by) AS ?d) WHERE {
        res:ruto-pledge-1000-officers sem:hasLatestBeginTimeStamp ?by }""")
    assert values(datatype, "d") == ["http://www.w3.org/2001/XMLSchema#gYearMonth"]


def test_1_reported_statements_were_over_before_the_publication_with_no_day(article):
    for event in ("murkomen-case-for-mission", "murkomen-outlines-vision", "fils-aime-gratitude"):
        rows = article(f"""SELECT ?pub ?basis WHERE {{ res:{event} time:hasTime ?t ;
            hkg:dateBasis ?basis . ?t time:before ?pub }}""")
        assert rows == [{"pub": PUBLICATION, "basis": VOC + "date-report"}], event
        literal = article(f"""SELECT ?v WHERE {{ res:{event} ?p ?v FILTER (isLiteral(?v)
            && STRSTARTS(STR(?p), "http://semanticweb.cs.vu.nl/2009/11/sem/has")) }}""")
        assert literal == [], f"{event}: the publication's day is unknown, so no literal"


def test_1_ongoing_activities_are_periods_under_way_at_the_publication(article):
    for event in ("reclaiming-neighbourhoods", "community-building-approach"):
        rows = article(f"""SELECT ?pub ?notEnded WHERE {{ res:{event} time:hasTime ?t ;
            sem:hasEarliestEndTimeStamp ?notEnded . ?t time:inside ?pub }}""")
        assert rows == [{"pub": PUBLICATION, "notEnded": "2025-01-18"}], event
    deployment = article("""SELECT ?begin ?pub WHERE { res:kenya-deployment-since-2024-06
        sem:hasBeginTimeStamp ?begin ; time:hasTime ?t . ?t time:inside ?pub }""")
    assert deployment == [{"begin": "2024-06", "pub": PUBLICATION}]


def test_1_in_time_order_the_pledge_comes_before_the_june_2024_deployment(article):
    """The README's standard-vocabulary query orders events as the text does."""
    rows = article(readme_query("# events in time order"))
    order = [r["event"].removeprefix(RES) for r in rows]
    assert (
        order.index("ruto-pledge-1000-officers")
        < order.index("kenya-deployment-since-2024-06")
        < order.index("arrival-2025-01-18")
    )
    undated = [r["event"].removeprefix(RES) for r in rows if r["known"] == "undated"]
    assert set(undated) == set(UNDATED) - {"ruto-pledge-1000-officers"}
    assert order[-len(undated) :] == undated, "events without a point come last"


def test_1_the_catalogues_standard_timeline_lists_the_pledge_before_the_deployment(article):
    text = (paths.queries_dir() / "04-events-timeline-standard.rq").read_text(encoding="utf-8")
    order = [r["event"].removeprefix(RES) for r in article(text)]
    assert order[:5] == [
        "gang-violence-haiti-2024",
        "ruto-pledge-1000-officers",
        "kenya-deployment-since-2024-06",
        "arrival-2025-01-18",
        "reception-2025-01-18",
    ]


def test_1_a_year_is_a_proper_interval_and_no_interval_has_zero_length(article, store):
    rows = article("""SELECT ?b ?e ?unit WHERE { res:gang-violence-haiti-2024 time:hasTime ?t .
        ?t a time:ProperInterval ; time:hasBeginning/time:inXSDDate ?b ;
           time:hasEnd/time:inXSDDate ?e ; time:hasDateTimeDescription/time:unitType ?unit }""")
    assert rows == [
        {"b": "2024-01-01", "e": "2024-12-31", "unit": "http://www.w3.org/2006/time#unitYear"}
    ]
    assert "query zero-length-interval-violation.rq" not in failing(store)


def test_1_an_event_with_no_time_in_the_text_passes_the_shapes(corpus_copy):
    """The event shape no longer asks for a date: removing the debate's only bound is fine."""
    ann = corpus_copy / f"{DOC}.ann.yaml"
    text = ann.read_text(encoding="utf-8")
    cut = '  latest-begin: publication   # "has sparked": begun by the time of writing\n'
    assert cut in text
    ann.write_text(text.replace(cut, ""), encoding="utf-8")
    store, _ = assemble(corpus_copy)
    debate = list(store.quads_for_pattern(ox.NamedNode(RES + "debate-over-support-for-haiti"),
                                          ox.NamedNode(HKG + "dateBasis"), None))  # fmt: skip
    assert debate == []
    assert shacl(union_graph(store)).passed


def test_1_checks_catch_an_event_dated_by_its_report(fresh_store):
    event = RES + "murkomen-outlines-vision"
    plant(fresh_store, event, HKG + "date", ox.Literal("2025-01-18", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date")))  # fmt: skip
    assert "query event-dated-by-report-violation.rq" in failing(fresh_store)


def test_1_checks_catch_a_bound_the_publication_does_not_give(fresh_store):
    """Over before a publication not before 18 January 2025 is no "over by 18 January"."""
    plant(fresh_store, RES + "fils-aime-gratitude", HKG + "latestEnd", ox.Literal(
        "2025-01-18", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))  # fmt: skip
    assert "query event-bound-beyond-report-violation.rq" in failing(fresh_store)


def test_1_checks_catch_a_zero_length_interval(fresh_store):
    interval = RES + "kenya-deployment-since-2024-06-time"
    plant(fresh_store, interval, "http://www.w3.org/2006/time#hasEnd", ox.NamedNode(
        RES + "time-2024-06"))  # fmt: skip
    assert "query zero-length-interval-violation.rq" in failing(fresh_store)


# --- 2. the document ---------------------------------------------------------------------


def test_2_the_document_records_what_is_known_and_no_more(article):
    rows = article(f"""SELECT ?p ?o WHERE {{ GRAPH <https://w3id.org/haitikg/graph/{DOC}> {{
        res:{DOC} ?p ?o }} }}""")
    found = {(r["p"], r["o"]) for r in rows}
    props = {p for p, _ in found}
    for invented in ("http://schema.org/headline", "http://purl.org/dc/terms/date",
                     "http://purl.org/dc/terms/title", "http://schema.org/datePublished",
                     "http://schema.org/publisher", "http://schema.org/url"):  # fmt: skip
        assert invented not in props, invented
    assert (HKG + "publishedNotBefore", "2025-01-18") in found
    assert (HKG + "addedToCorpus", "2026-11-27") in found
    assert (HKG + "publicationTime", PUBLICATION) in found
    assert (
        HKG + "sha256",
        "c61086fb4c1f71269a0fe81a0033528cc950d5d2e6ced30cc6dbafa9626a8434",
    ) in found
    title = [o for p, o in found if p == HKG + "descriptiveTitle"]
    assert title == [
        "Kenyan police officers arrive in Port-au-Prince as part of the UN-backed MSS mission"
    ]
    window = article(f"""SELECT ?from WHERE {{ ?w time:inside <{PUBLICATION}> ;
        time:hasBeginning/time:inXSDDate ?from FILTER NOT EXISTS {{ ?w time:hasEnd ?e }} }}""")
    assert values(window, "from") == ["2025-01-18"]


def test_2_metadata_with_a_date_key_is_refused_naming_the_keys_to_use(corpus_copy):
    meta = corpus_copy / f"{DOC}.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "date: 2025-01-18\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        assemble(corpus_copy)
    assert "published" in str(caught.value) and "published-not-before" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("published: 2025-01-20\n", "not both"),
        ("publisher: [a, b]\n", "publisher must be"),
        ("published-not-after: 2025-01-01\n", "before published-not-before"),
        ("url: 12\n", "url must be"),
        ("colour: blue\n", "unknown metadata key"),
    ],
)
def test_2_bad_metadata_is_refused(corpus_copy, line, message):
    meta = corpus_copy / f"{DOC}.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + line, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        assemble(corpus_copy)


def test_2_a_known_publication_day_is_published_and_bounds_become_that_day(corpus_copy):
    meta = corpus_copy / f"{DOC}.meta.yaml"
    text = meta.read_text(encoding="utf-8").replace(
        "published-not-before: 2025-01-18", "published: 2025-01-19\nheadline: Hope arrives"
    )
    meta.write_text(text, encoding="utf-8")
    store, _ = assemble(corpus_copy)
    rows = {
        (q.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1], q.object.value)
        for q in store.quads_for_pattern(ox.NamedNode(RES + "fils-aime-gratitude"), None, None)
    }
    assert ("latestEnd", "2025-01-19") in rows
    doc = {
        (q.predicate.value, q.object.value)
        for q in store.quads_for_pattern(ox.NamedNode(RES + DOC), None, None)
    }
    assert ("http://schema.org/datePublished", "2025-01-19") in doc
    assert ("http://schema.org/headline", "Hope arrives") in doc


# --- 3. places ---------------------------------------------------------------------------


def test_3_places_only_where_the_text_states_or_fixes_them(article):
    rows = article("""SELECT ?e ?place ?basis WHERE { ?e a sem:Event ; sem:hasPlace ?place .
        OPTIONAL { ?e hkg:placeBasis ?basis } }""")
    placed = {r["e"].removeprefix(RES): (r["place"].removeprefix(RES), r["basis"]) for r in rows}
    assert placed == {
        "arrival-2025-01-18": ("port-au-prince", VOC + "place-from-context"),
        "reception-2025-01-18": ("port-au-prince", VOC + "place-from-context"),
        "kenya-deployment-since-2024-06": ("haiti", VOC + "place-stated"),
        "gang-violence-haiti-2024": ("haiti", VOC + "place-from-context"),
        "reclaiming-neighbourhoods": ("haiti", VOC + "place-stated"),
        "community-building-approach": ("haiti", VOC + "place-from-context"),
    }


def test_3_shapes_catch_a_place_without_a_basis(fresh_store):
    basis = ox.NamedNode(HKG + "placeBasis")
    for q in list(fresh_store.quads_for_pattern(ox.NamedNode(RES + "arrival-2025-01-18"), basis,
                                                None)):  # fmt: skip
        fresh_store.remove(q)
    result = shacl(union_graph(fresh_store))
    assert any(p.startswith(RES + "arrival-2025-01-18:") and "hkg:placeBasis" in p
               for p in result.problems)  # fmt: skip


# --- 4. figures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claim", ["figure-deployed-over-600", "figure-gang-control-over-80-percent"]
)
def test_4_over_n_is_a_strict_lower_bound_with_no_value(article, claim):
    rows = article(f"""SELECT ?min ?name ?value WHERE {{ res:{claim} hkg:figure ?q .
        ?q schema:minValue ?min ; schema:valueReference ?ref . ?ref a schema:DefinedTerm ;
           schema:name ?name . OPTIONAL {{ ?q schema:value ?value }} }}""")
    assert len(rows) == 1 and rows[0]["name"] == "more than" and rows[0]["value"] is None


def test_4_since_june_2024_is_a_running_total_to_the_publication(article):
    rows = article("""SELECT ?begin ?end WHERE { res:figure-deployed-over-600 hkg:period ?p .
        ?p a time:ProperInterval ; time:hasBeginning/time:inXSDgYearMonth ?begin ;
           time:hasEnd ?end }""")
    assert rows == [{"begin": "2024-06", "end": PUBLICATION}]


def test_4_in_2024_is_the_whole_year(article):
    rows = article("""SELECT DISTINCT ?b ?e WHERE { ?c hkg:reportedBy res:united-nations ;
        hkg:period ?p . ?p time:hasBeginning/time:inXSDDate ?b ; time:hasEnd/time:inXSDDate ?e }""")
    assert rows == [{"b": "2024-01-01", "e": "2024-12-31"}]


def test_4_the_qualifier_scheme_has_bounds_as_named_defined_terms(article):
    rows = article(f"""SELECT ?code ?name ?bound WHERE {{ ?q skos:inScheme <{VOC}qualifier> ;
        a schema:DefinedTerm ; schema:termCode ?code ; schema:name ?name .
        OPTIONAL {{ ?q skos:broader ?bound }} }}""")
    named = {r["code"]: (r["name"], r["bound"]) for r in rows}
    for code, name in (("at-least", "at least"), ("more-than", "more than"),
                       ("less-than", "less than"), ("up-to", "up to")):  # fmt: skip
        side = "lower" if code in ("at-least", "more-than") else "upper"
        assert named[code] == (name, f"{VOC}qualifier-{side}-bound")
    for code in ("exact", "approximately", "estimate", "nearly", "target"):
        assert named[code][1] is None


@pytest.mark.parametrize(
    ("qualifier", "prop"),
    [("up-to", "maxValue"), ("less-than", "maxValue"), ("at-least", "minValue"),
     ("nearly", "value"), ("approximately", "value")],
)  # fmt: skip
def test_4_each_qualifier_publishes_its_number_as_value_or_bound(corpus_copy, qualifier, prop):
    ann = corpus_copy / f"{DOC}.ann.yaml"
    old = '  value: "5,600"\n  unit: people\n  qualifier: estimate'
    text = ann.read_text(encoding="utf-8")
    assert old in text
    ann.write_text(text.replace(old, old.replace("estimate", qualifier)), encoding="utf-8")
    store, _ = assemble(corpus_copy)
    qty = ox.NamedNode(RES + "figure-un-killed-2024-quantity")
    numbers = {
        q.predicate.value.rsplit("#")[1]
        for q in store.quads_for_pattern(qty, None, None)
        if q.predicate.value in (HKG + "value", HKG + "minValue", HKG + "maxValue")
    }
    assert numbers == {prop}
    assert shacl(union_graph(store)).passed


def test_4_checks_catch_a_value_on_a_lower_bound(fresh_store):
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    quantity = RES + "figure-deployed-over-600-quantity"
    plant(fresh_store, quantity, "http://schema.org/value", ox.Literal("600", datatype=integer))
    assert "query bound-figure-with-value-violation.rq" in failing(fresh_store)


# --- 5. links ----------------------------------------------------------------------------


def test_5_the_mission_and_the_arrival_target_the_gangs(article):
    rows = article("SELECT ?x WHERE { ?x hkg:targets res:haitian-gangs }")
    assert sorted(values(rows, "x")) == [RES + "arrival-2025-01-18", RES + "mss-mission"]


def test_5_governments_and_posts_are_linked_by_the_registry(article):
    """Posts in Kenya's government are found without a string filter, and the links are
    the registry's, not the article's."""
    posts = article("""SELECT ?post WHERE { ?post org:postIn ?gov .
        ?gov hkg:governmentOf res:kenya }""")
    assert sorted(values(posts, "post")) == [
        RES + "deputy-president-of-kenya",
        RES + "foreign-minister-of-kenya",
        RES + "interior-minister-of-kenya",
        RES + "police-chief-of-kenya",  # in the Kenyan police, the government's
        RES + "president-of-kenya",
    ]
    graphs = article("""SELECT DISTINCT ?g WHERE { GRAPH ?g {
        { ?x hkg:governmentOf ?s } UNION { ?x hkg:postIn ?o } } }""")
    assert values(graphs, "g") == ["https://w3id.org/haitikg/graph/entities"]
    attributed = article("""SELECT ?st WHERE { ?st rdf:subject res:government-of-haiti ;
        rdf:predicate hkg:governmentOf ; rdf:object res:haiti ;
        prov:wasAttributedTo res:entity-registry }""")
    assert len(attributed) == 1


def test_5_part_of_the_mission_only_what_is_part_of_it_the_rest_is_about_it(article):
    parts = article("SELECT ?x WHERE { ?x hkg:partOfMission res:mss-mission }")
    assert sorted(r["x"].removeprefix(RES) for r in parts) == [
        "arrival-2025-01-18",
        "kenya-deployment-since-2024-06",
        "kenyan-contingent-2025-01-18",
    ]
    about = article("SELECT ?x WHERE { ?x a sem:Event ; schema:about res:mss-mission }")
    assert sorted(r["x"].removeprefix(RES) for r in about) == [
        "debate-over-support-for-haiti",
        "murkomen-case-for-mission",
        "murkomen-outlines-vision",
    ]


def test_5_the_debate_has_no_invented_participant_or_place(article):
    rows = article("""SELECT ?e ?a ?p WHERE { ?e a hkg:Debate .
        OPTIONAL { ?e sem:hasActor ?a } OPTIONAL { ?e sem:hasPlace ?p } }""")
    assert rows == [{"e": RES + "debate-over-support-for-haiti", "a": None, "p": None}]


def test_5_posts_are_held_as_of_the_document(article):
    rows = article("""SELECT ?who ?org ?role ?at WHERE { ?m a org:Membership ; org:member ?who ;
        org:organization ?org ; org:role ?role ; org:memberDuring ?t . ?t time:inside ?at .
        ?role a org:Role }""")
    assert sorted((r["who"], r["org"], r["role"], r["at"]) for r in rows) == sorted(
        [
            (RES + "alix-didier-fils-aime", RES + "government-of-haiti",
             VOC + "office-prime-minister", PUBLICATION),
            (RES + "kipchumba-murkomen", RES + "government-of-kenya",
             VOC + "office-interior-minister", PUBLICATION),
            (RES + "william-ruto", RES + "government-of-kenya", VOC + "office-president",
             PUBLICATION),
        ]
    )  # fmt: skip


def test_5_each_post_rests_on_words_naming_the_holder_and_the_state(article):
    """A claim that someone holds a post of Kenya rests on text that mentions Kenya."""
    rows = article("""SELECT ?st ?anchor ?name ?state WHERE { ?st a rdf:Statement ;
        rdf:predicate hkg:holdsPost ; rdf:subject ?who ; rdf:object ?post ;
        prov:wasDerivedFrom/nif:anchorOf ?anchor . ?post org:postIn/hkg:governmentOf ?s .
        ?s rdfs:label ?state . ?who rdfs:label|skos:altLabel ?name }""")
    evidence: dict[str, dict[str, set[str]]] = {}
    for r in rows:
        found = evidence.setdefault(r["st"], {"text": set(), "names": set(), "state": set()})
        found["text"].add(r["anchor"])
        found["names"].add(r["name"])
        found["state"].add(r["state"])
    assert len(evidence) == 3
    for st, found in evidence.items():
        text = " ".join(found["text"])
        assert any(n in text for n in found["names"]), st
        assert all(s in text for s in found["state"]), st


# --- 6. emphasis -------------------------------------------------------------------------


def test_6_readable_literals_have_no_asterisks_and_spans_keep_them(article, store):
    assert "query emphasis-in-literal-violation.rq" not in failing(store)
    wording = article("SELECT ?w WHERE { res:figure-deployed-over-600 hkg:wording ?w }")
    assert values(wording, "w") == ["over 600 officers"]
    anchors = article("""SELECT ?a WHERE { res:figure-deployed-over-600 prov:wasDerivedFrom ?s .
        ?s nif:anchorOf ?a }""")
    assert values(anchors, "a") == [
        "Since *June 2024*, Kenya has deployed over *600 officers* to Haiti"
    ]


def test_6_checks_catch_an_asterisk_in_a_label(fresh_store):
    plant(fresh_store, RES + "mss-mission", "http://www.w3.org/2000/01/rdf-schema#label",
          ox.Literal("*Multinational Security Support (MSS) Mission*", language="en"))  # fmt: skip
    assert "query emphasis-in-literal-violation.rq" in failing(fresh_store)


# --- 7. roles ----------------------------------------------------------------------------


def test_7_a_sem_only_query_finds_who_was_sender_host_and_speaker(article):
    rows = article(readme_query("# role query"))
    found = {(r["event"].removeprefix(RES), r["actor"].removeprefix(RES),
              r["roleType"].removeprefix(VOC)) for r in rows}  # fmt: skip
    assert {
        ("arrival-2025-01-18", "kenya", "role-sender"),
        ("reception-2025-01-18", "alix-didier-fils-aime", "role-host"),
        ("murkomen-case-for-mission", "kipchumba-murkomen", "role-speaker"),
    } <= found
    assert len(rows) == len(found) == len(article("SELECT ?r WHERE { ?r a sem:Role }"))


def test_7_the_plain_actor_query_finds_actors_once_and_no_role_nodes(article):
    rows = article(readme_query("# plain actor query"))
    pairs = [(r["event"], r["actor"]) for r in rows]
    assert len(pairs) == len(set(pairs)) > 10
    roles = {r["r"] for r in article("SELECT ?r WHERE { ?r a sem:Role }")}
    assert not roles & {a for _, a in pairs}
    arrival = {a.removeprefix(RES) for e, a in pairs if e == RES + "arrival-2025-01-18"}
    assert arrival == {"kenya", "haiti", "kenyan-contingent-2025-01-18"}


def test_7_role_nodes_are_reached_by_sem_has_actor_and_are_not_actors(article):
    rows = article("""SELECT ?r WHERE { ?e hkg:hasRole ?r
        FILTER NOT EXISTS { ?e sem:hasActor ?r } }""")
    assert rows == []
    assert article("SELECT ?r WHERE { ?r a sem:Role , sem:Actor }") == []
