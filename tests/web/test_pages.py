"""The HTML pages as served: what they show, that data is escaped, and the base mapping."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote

from haitikg.app import create_app
from haitikg.catalogue import load_catalogue
from haitikg.web import site as web_site
from inprocess import running

from .conftest import XSS_LABEL, config, in_process

BROWSER = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


def page(site, path: str) -> str:
    r = site.get(path, accept=BROWSER)
    assert r.status_code == 200, path
    assert r.headers["Content-Type"].startswith("text/html")
    return r.text


def test_home_shows_counts_documents_and_build_time(site):
    text = page(site, "/")
    rows = site.sparql(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e a <https://w3id.org/haitikg/ontology#Event> }"
    )
    events = rows[0]["n"]["value"]
    assert re.search(rf">Event</a></td><td class=\"num\"><a [^>]*>{events}</a>", text)
    assert "Kenyan police officers arrive in Port-au-Prince" in text
    manifest = json.loads((site.build / "manifest.json").read_text())
    assert str(manifest["asserted"]) in text
    assert re.search(r"Last build</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", text)
    for path in ("/query", "/timeline", "/network", "/ontology", "/downloads", "/sparql"):
        assert f'href="{path}"' in text


def test_downloads_lists_every_file_with_size_hash_and_license(site):
    text = page(site, "/downloads")
    manifest = json.loads((site.build / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert f'href="/dumps/{entry["path"]}"' in text
        assert entry["sha256"] in text
        assert f"{entry['bytes']:,} B" in text
    assert "CC BY 4.0" in text


def test_query_page_offers_the_catalogue_one_click_each(site):
    text = page(site, "/query")
    catalogue = load_catalogue()
    assert catalogue
    for query in catalogue:
        assert query.title in html.unescape(text)
    assert text.count('class="canned"') == len(catalogue)


def test_query_permalink_fills_the_editor(site):
    text = page(site, "/query?query=ASK+%7B+%3Fs+%3Fp+%3Fo+%7D")
    assert "ASK { ?s ?p ?o }" in html.unescape(text)


def test_resource_page_shows_evidence_with_the_span_marked(site):
    text = page(site, "/resource/kenya")
    assert "<mark>" in text
    assert 'href="/resource/kenya-haiti-mss-2025-01-18#char=' in text
    assert 'href="/ontology#State"' in text, "types link to the ontology documentation"
    assert "http://www.wikidata.org/entity/Q114" in text
    assert "Cite this" in text and "Events involving Kenya" in text


def test_data_is_escaped_on_server_rendered_pages(site):
    text = page(site, "/resource/xss-test")
    assert XSS_LABEL not in text
    assert html.escape(XSS_LABEL) in text
    assert "<img src=x" not in text and "<svg onload" not in text


PLACED_IN_TIME = (
    "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n"
    "SELECT DISTINCT ?e { ?e a sem:Event . { ?e sem:hasTimeStamp ?d } "
    "UNION { ?e sem:hasBeginTimeStamp ?d } UNION { ?e sem:hasLatestBeginTimeStamp ?d } "
    "UNION { ?e sem:hasEarliestBeginTimeStamp ?d } }"
)


def test_timeline_and_network_draw_every_dated_event_and_actor(site):
    dated = site.sparql(PLACED_IN_TIME)
    text = page(site, "/timeline")
    drawn = set(re.findall(r'<a class="event[^"]*" href="[^"]*" data-iri="([^"]+)"', text))
    assert drawn == {r["e"]["value"] for r in dated}
    actors = site.sparql(
        "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n"
        "SELECT DISTINCT ?a { ?e a sem:Event ; sem:hasActor ?a "
        "FILTER NOT EXISTS { ?a a sem:Role } }"
    )
    text = page(site, "/network")
    drawn = set(re.findall(r'<a class="node actor" href="[^"]*" data-iri="([^"]+)"', text))
    assert drawn == {r["a"]["value"] for r in actors}


def test_timeline_shows_bounded_and_undated_events_honestly_in_the_order_of_the_text(site):
    text = html.unescape(page(site, "/timeline"))
    rows = re.findall(r'<a class="event (\w+)[^"]*" href="[^"]*" data-iri="[^"]*/([^"/]+)"[^>]*>\s*'
                      r"<title>[^<]*\(([^)]*(?:\([^)]*\))?)\)</title>", text)  # fmt: skip
    order = [name for _, name, _ in rows]
    assert order.index("ruto-pledge-1000-officers") < order.index("kenya-deployment-since-2024-06")
    shapes = {name: (shape, when) for shape, name, when in rows}
    # the pledge the article bounds ("by Jun 2024") has its day from timeline row T01a
    assert shapes["ruto-pledge-1000-officers"] == ("day", "29 Jul 2023")
    assert shapes["us-freezes-mss-funding"] == ("by", "by 4 Feb 2025")
    assert shapes["samuel-kaetuai-death"] == (
        "day",
        "23 Feb 2025 or 25 Feb 2025 (the sources disagree)",
    )
    assert shapes["gang-violence-haiti-2024"] == ("period", "in 2024")
    assert shapes["kenya-deployment-since-2024-06"] == (
        "open",
        "since Jun 2024, under way at publication (≥ 18 Jan 2025)",
    )
    assert shapes["arrival-2025-01-18"] == ("day", "18 Jan 2025")
    undated = text.split("Events the sources do not date")[1]
    thanks = 'Prime Minister Fils-Aimé thanks Kenya</a> — <span class="when">'
    assert thanks + "before publication (≥ 18 Jan 2025)" in undated
    assert "under way at publication (≥ 18 Jan 2025)" in undated
    assert "url(#fade-in)" in text, "a bound begin is drawn as a bar that fades in"


def test_resource_pages_date_events_as_their_sources_do(site):
    ruto = html.unescape(page(site, "/resource/william-ruto"))
    assert re.search(r'<td class="when">29 Jul 2023</td>', ruto)  # the pledge, from T01a
    murkomen = html.unescape(page(site, "/resource/kipchumba-murkomen"))
    assert murkomen.count('<td class="when">before publication (≥ 18 Jan 2025)</td>') == 2
    assert "2025-01-18</td>" not in murkomen


def test_the_document_page_says_what_is_unknown(site):
    text = html.unescape(page(site, "/resource/kenya-haiti-mss-2025-01-18"))
    record = text.split("About this source")[1].split("</dl>")[0]
    for key, value in (
        ("Publisher", "unknown"),
        ("URL", "unknown"),
        ("Published", "unknown (not before 18 Jan 2025)"),
        ("Added to the corpus", "27 Nov 2026"),
    ):
        assert re.search(rf"<dt>{key}</dt><dd[^>]*>{re.escape(value)}</dd>", record), key
    assert "haitikg's own descriptive title" in record


def test_pages_render_emphasis_instead_of_showing_stars(site):
    text = page(site, "/resource/kenya-haiti-mss-2025-01-18")
    doc = text.split('<div class="doctext"')[1].split("</div>")[0]
    assert "*" not in doc
    assert "<em>June 2024</em>" in doc
    assert "<em>600 officers</em>" in doc  # inside a marked span
    quote = page(site, "/resource/figure-deployed-over-600")
    assert "<em>600 officers</em>" in quote and "*600" not in quote.split("<h2>Source")[1]


def test_public_base_maps_to_this_server():
    app = create_app({"PUBLIC_BASE": "https://example.org/kg/"})
    with app.test_request_context("/", base_url="http://localhost:8000/mirror"):
        assert web_site.local_url("https://example.org/kg/resource/kenya") == (
            "/mirror/resource/kenya"
        )
        assert web_site.local_url("https://example.org/kg/ontology#Event") == (
            "/mirror/ontology#Event"
        )
        assert web_site.local_url("http://schema.org/Event") == "http://schema.org/Event"
        assert web_site.public_iri("resource/haiti") == "https://example.org/kg/resource/haiti"


def test_a_busy_resource_lists_the_latest_events_and_links_to_the_rest(tmp_path, build_dir):
    """150 events involve one actor: the page shows the latest 100, says how many there are
    and gives the SPARQL for all of them; the incoming links are capped the same way."""
    lines = ["@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .",
             "@prefix hkg: <https://w3id.org/haitikg/ontology#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]  # fmt: skip
    actor = "https://w3id.org/haitikg/resource/busy-actor"
    for day in range(150):
        date = f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}"
        lines.append(
            f"<https://w3id.org/haitikg/resource/busy-event-{day:03d}> a hkg:Deployment ; "
            f'sem:hasActor <{actor}> ; hkg:date "{date}"^^xsd:date .'
        )
    data = tmp_path / "busy.ttl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with running(config(data, build=build_dir)) as client:
        busy = in_process(client, build_dir)
        page = busy.get("/resource/busy-actor", accept="text/html")
        assert page.status_code == 200
        text = page.text
        assert "the latest 100 of 150" in text
        assert "busy-event-149" in text and "busy-event-050" in text  # the latest 100
        assert "busy-event-049" not in text.split("Incoming links")[0]  # an older one
        assert "the first 100 of 150" in text
        link = re.search(r'href="([^"]*/query\?query=[^"]*hasActor[^"]*)"', text)
        assert link, "a link to the SPARQL for every event"
        query = unquote(html.unescape(link.group(1)).partition("query=")[2])
        rows = busy.sparql(query)
        assert len(rows) == 150
