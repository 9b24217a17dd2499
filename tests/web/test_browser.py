"""The pages in a real browser: Playwright driving Debian's Chromium (``apt-get install
chromium``; ``playwright install`` is never needed). These tests fail, never skip, when the
browser is missing. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import MAX_ROWS, XSS_LABEL, Site, shoot

SEM = "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n"
EVENTS_QUERY = (  # events of the article, whose sources are spans of its text
    SEM + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?event ?label WHERE { ?event a sem:Event ; rdfs:label ?label ; "
    "<https://w3id.org/haitikg/ontology#evidenceLevel> "
    "<https://w3id.org/haitikg/vocab/evidence-span> } ORDER BY ?label"
)


@pytest.fixture(scope="session")
def site(live_site: Site) -> Site:
    """A browser needs a real server: the site as a ``haitikg serve`` process."""
    return live_site


def count(site, query: str) -> int:
    return len(site.sparql(query))


def write(page: Page, text: str) -> None:
    """Put ``text`` in the query editor, as a paste would."""
    page.evaluate("text => { window.haitikgQueryEditor.value = text }", text)


def test_home_page_opens(page: Page, site):
    page.goto(site.url("/"))
    expect(page.locator("h1")).to_have_text("haitikg")
    expect(page.locator("table.counts tbody tr").first).to_be_visible()
    expect(page.locator("ul.documents li")).to_have_count(
        count(
            site,
            "SELECT ?d { ?d a <http://schema.org/NewsArticle> ; "
            "<https://w3id.org/haitikg/ontology#sha256> ?text }",
        )
    )
    cited = count(site, "SELECT ?d { ?d a <https://w3id.org/haitikg/ontology#CitedSource> }")
    sources = page.locator("table.sources tbody tr")
    expect(sources).to_have_count(5)  # texts, cited news, cited pages, tables, entries
    numbers = [int(n) for n in sources.locator("td.num").all_inner_texts()]
    assert numbers[0] == 1 and numbers[1] + numbers[2] == cited
    shoot(page, "home")


def test_an_example_query_runs_and_shows_rows(page: Page, site):
    page.goto(site.url("/query"))
    first = page.locator("a.canned").first
    title = first.inner_text()
    first.click()
    expect(page.locator("#results tbody tr").first).to_be_visible(timeout=20_000)
    assert page.locator("#results tbody tr").count() > 0
    expect(page.locator("#status")).to_contain_text(" in ")
    expect(page.locator("a.download[data-format=csv]")).to_be_visible()
    assert "query=" in page.url
    shoot(page, "query-example")
    assert title


def test_typed_query_shows_every_row_and_links_iris_locally(page: Page, site):
    page.goto(site.url("/query"))
    write(page, EVENTS_QUERY)
    page.click("#run")
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_be_visible(timeout=20_000)
    expect(rows).to_have_count(count(site, EVENTS_QUERY))
    href = rows.first.locator("a").first.get_attribute("href")
    assert href and href.startswith("/resource/")
    expect(page.locator("#status")).to_contain_text(f"{rows.count()} rows in")
    csv = page.locator("a.download[data-format=csv]").get_attribute("href")
    assert csv and csv.startswith("/sparql?") and "format=csv" in csv


def test_a_result_link_opens_the_resource_page_with_its_highlighted_sentence(page: Page, site):
    page.goto(site.url("/query"))
    write(page, EVENTS_QUERY)
    page.click("#run")
    link = page.locator("#results tbody tr a").first
    expect(link).to_be_visible(timeout=20_000)
    link.click()
    page.wait_for_url("**/resource/**")
    expect(page.locator("h1")).to_be_visible()
    mark = page.locator("blockquote.source mark").first
    expect(mark).to_be_visible()
    assert mark.inner_text().strip()
    shoot(page, "resource-event")
    page.goto(site.url("/resource/kenya"))
    expect(page.locator("blockquote.source mark").first).to_be_visible()
    shoot(page, "resource-kenya")
    shoot(page, "resource-kenya-full", full=True)


def test_a_span_link_lands_on_the_sentence_in_the_document(page: Page, site):
    page.goto(site.url("/resource/kenya"))
    span = page.locator("a.span-link").first
    href = span.get_attribute("href")
    assert href and "#char=" in href
    span.click()
    fragment = href.partition("#")[2]
    target = page.locator(f'[id="{fragment}"]')
    expect(target).to_be_visible()
    expect(target.locator("mark").first).to_be_visible()
    shoot(page, "document")


def test_a_syntax_error_shows_its_line_and_column(page: Page, site):
    page.goto(site.url("/query"))
    write(page, "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?x = )\n}")
    page.click("#run")
    error = page.locator("#error")
    expect(error).to_be_visible(timeout=20_000)
    where = re.search(r"line (\d+), column (\d+): ", error.inner_text())
    assert where, "the message names the position"
    cursor = page.evaluate(
        "(() => { const v = window.haitikgQueryEditor.view;"
        " const at = v.state.selection.main.head; const line = v.state.doc.lineAt(at);"
        " return [line.number, at - line.from + 1]; })()"
    )
    assert cursor == [int(where[1]), int(where[2])], "the cursor is put on that spot"
    expect(page.locator(".cm-lintRange-error")).to_have_count(1)
    shoot(page, "query-error")


def test_results_cut_by_the_row_limit_are_announced(page: Page, site):
    page.goto(site.url("/query?query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D"))
    notice = page.locator("#notice")
    expect(notice).to_be_visible(timeout=20_000)
    expect(notice).to_contain_text(f"cut at {MAX_ROWS}")
    expect(page.locator("#results tbody tr")).to_have_count(MAX_ROWS)


def test_timeline_draws_every_dated_event(page: Page, site):
    dated = count(
        site,
        SEM + "SELECT DISTINCT ?e { ?e a sem:Event . { ?e sem:hasTimeStamp ?d } "
        "UNION { ?e sem:hasBeginTimeStamp ?d } UNION { ?e sem:hasLatestBeginTimeStamp ?d } "
        "UNION { ?e sem:hasEarliestBeginTimeStamp ?d } }",
    )
    page.goto(site.url("/timeline"))
    events = page.locator("svg#timeline a.event")
    expect(events).to_have_count(dated)
    assert page.locator("svg#timeline a.event.period rect.bar").count() >= 1
    assert page.locator("svg#timeline a.event.by rect.fade").count() >= 1
    assert page.locator("ul.undated li").count() >= 1
    shoot(page, "timeline")
    events.first.click()
    page.wait_for_url("**/resource/**")


def test_network_draws_every_actor_and_event(page: Page, site):
    actors = count(
        site,
        SEM + "SELECT DISTINCT ?a { ?e a sem:Event ; sem:hasActor ?a "
        "FILTER NOT EXISTS { ?a a sem:Role } }",
    )
    events = count(site, SEM + "SELECT DISTINCT ?e { ?e a sem:Event ; sem:hasActor ?a }")
    page.goto(site.url("/network"))
    expect(page.locator("svg#network a.node.actor")).to_have_count(actors)
    expect(page.locator("svg#network a.node.event")).to_have_count(events)
    assert page.locator("svg#network path.edge").count() >= actors
    shoot(page, "network")
    page.locator("svg#network a.node.actor").first.click()
    page.wait_for_url("**/resource/**")
    expect(page.locator("h1")).to_be_visible()


def test_ontology_page_anchors_terms(page: Page, site):
    page.goto(site.url("/ontology#Deployment"))
    expect(page.locator('section.term[id="Deployment"]')).to_be_in_viewport()
    shoot(page, "ontology")


def test_unknown_resource_gets_a_404_page(page: Page, site):
    response = page.goto(site.url("/resource/kenyaa"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("Nothing here")
    expect(page.locator("ul.suggestions a").first).to_be_visible()
    shoot(page, "not-found")


def test_the_xss_literal_stays_text(page: Page, site):
    page.goto(site.url("/resource/xss-test"))
    expect(page.locator("h1")).to_have_text(XSS_LABEL)
    shoot(page, "xss-resource")
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { <https://w3id.org/haitikg/resource/xss-test> ?p ?label }"
    )
    page.goto(site.url("/query"))
    write(page, query)
    page.click("#run")
    cells = page.locator("#results tbody td")
    expect(cells.first).to_be_visible(timeout=20_000)
    expect(page.locator("#results tbody td", has_text=XSS_LABEL)).to_have_count(1)
    assert page.locator("#results script, #results img, #results svg").count() == 0
    page.wait_for_timeout(300)
    shoot(page, "xss-query")
    assert page.dialogs == []  # type: ignore[attr-defined]
