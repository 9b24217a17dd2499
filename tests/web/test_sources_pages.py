"""The whole arc on the site: the timeline 2023–2025 and its filters, each fact's sources
(a span, or a cited page with its entry), the document-level marker, disagreements on their
own page and as a panel of each page they concern, sources by kind on the home page."""

from __future__ import annotations

import html
import re

from .test_pages import page

RES = "https://w3id.org/haitikg/resource/"


def rows(text: str) -> list[str]:
    """The events a timeline page draws, by local name, in order."""
    return re.findall(r'<a class="event [^"]*" href="[^"]*" data-iri="[^"]*/([^"/]+)"', text)


def test_the_timeline_spans_2023_to_2025_with_every_source(site):
    text = page(site, "/timeline")
    drawn = rows(text)
    assert drawn[0] == "ruto-pledge-1000-officers"  # 29 July 2023, from row T01a
    assert "arrival-2025-12-08" in drawn and "arrival-2025-01-18" in drawn
    events = site.sparql(
        "SELECT DISTINCT ?e { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }"
    )
    undated = text.split("Events the sources do not date")[1].count("<li>")
    assert len(drawn) + undated == len(events) == 75
    assert "Jul 2023" in text and "Jan 2025" in text


def test_the_timeline_filters_by_source_kind_and_actor(site):
    cited = rows(page(site, "/timeline?source=cited"))
    texts = rows(page(site, "/timeline?source=text"))
    assert "arrival-2025-01-18" in cited and "arrival-2025-01-18" in texts  # both kinds
    assert "arrival-2024-06-25" in cited and "arrival-2024-06-25" not in texts
    assert "murkomen-case-for-mission" not in cited  # the article alone dates it
    kenya = rows(page(site, f"/timeline?actor={RES}kenya"))
    assert kenya == rows(page(site, "/timeline?actor=kenya"))
    actors = site.sparql(
        "SELECT DISTINCT ?e { ?e <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> "
        f"<{RES}kenya> ; <http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp> ?d }}"
    )
    assert {r["e"]["value"].removeprefix(RES) for r in actors} <= set(kenya)
    assert "conille-sworn-in-2024-06-03" not in kenya


def test_bad_timeline_filters_are_a_400_naming_the_parameter(site):
    for query, words in (("source=rumour", "source must be one of"), ("actor=nobody", "nobody")):
        r = site.get(f"/timeline?{query}", accept="application/json")
        assert r.status_code == 400
        assert words in r.text


def test_a_cited_fact_lists_its_pages_and_is_marked_document_level(site):
    text = html.unescape(page(site, "/resource/arrival-2024-06-25"))
    assert "document-level provenance only" in text
    assert "Haitify (AlterPresse)" in text and "https://diasporamessenger.com/" in text
    assert re.search(r"entry <a [^>]*>T21a</a>, low confidence", text)
    both = html.unescape(page(site, "/resource/arrival-2025-01-18"))
    assert "document-level provenance only" not in both
    assert '<blockquote class="source">' in both and "LatestLY (AP)" in both


def test_a_page_shows_the_disagreements_that_concern_it(site):
    text = html.unescape(page(site, "/resource/arrival-2024-06-25"))
    panel = text.split('<section class="disagreements-panel">')[1].split("</section>\n</section>")[
        0
    ]
    assert "personnel arrived" in panel
    assert re.search(r"entry T21a</a>", panel) and re.search(r"entry T21b</a>", panel)
    death = html.unescape(page(site, "/resource/samuel-kaetuai-death"))
    assert "2025-02-23" in death.split("disagreements-panel")[1]
    assert "2025-02-25" in death.split("disagreements-panel")[1]
    plain = html.unescape(page(site, "/resource/debate-over-support-for-haiti"))
    assert "disagreements-panel" not in plain


def test_the_disagreements_page_lists_figures_and_times(site):
    text = html.unescape(page(site, "/disagreements"))
    found = site.sparql("SELECT ?d { ?d a <https://w3id.org/haitikg/ontology#Disagreement> }")
    assert text.count('<section class="disagreement"') == len(found) == 19
    assert "The graph keeps every version" in text
    assert text.index("President Ruto's commitment") < text.index("Ariel Henry's resignation")


def test_the_home_page_counts_sources_by_kind(site):
    text = html.unescape(page(site, "/"))
    table = text.split('<table class="counts sources">')[1].split("</table>")[0]
    numbers = dict(
        re.findall(r"<td>([^<]+?) <small>.*?</small></td><td class=\"num\">(\d+)</td>", table)
    )
    assert numbers == {
        "Corpus texts": "1",
        "Cited news articles": "145",
        "Cited web pages": "11",
        "Tables of cited facts": "1",
        "Cited entries": "80",
    }
    assert 'href="/disagreements"' in text
