"""The query editor in a real browser (Debian's Chromium driven by Playwright): typing with
highlighting, completing a prefix and an ontology term, running, sorting, and an error
marked where it is. Everything is served by haitikg itself (the page fixture fails on any
request to another host). Screenshots go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, shoot


@pytest.fixture(scope="module")
def site(live_site: Site) -> Site:
    """A browser needs a real server: the site as a ``haitikg serve`` process."""
    return live_site


def count(site: Site, query: str) -> int:
    return len(site.sparql(query))


CONTENT = ".cm-editor .cm-content"
COMPLETIONS = ".cm-tooltip-autocomplete li"


def clear(page: Page) -> None:
    page.locator(CONTENT).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")


def accept(page: Page, label: str) -> None:
    """Wait for the completion list to offer ``label``; take it with Enter when it is the
    selected option, else with a click on it."""
    option = page.locator(COMPLETIONS, has=page.locator(".cm-completionLabel", has_text=label))
    expect(option.first).to_be_visible(timeout=5_000)
    page.wait_for_timeout(200)  # CodeMirror takes Enter as "accept" 75 ms after the list opens
    selected = page.locator(f"{COMPLETIONS}[aria-selected] .cm-completionLabel")
    if selected.count() and selected.first.inner_text() == label:
        page.keyboard.press("Enter")
    else:
        option.first.click()


def test_typing_completing_and_running_a_query(page: Page, site):
    page.goto(site.url("/query"))
    expect(page.locator(CONTENT)).to_be_visible()
    expect(page.locator("textarea#query")).to_be_hidden()
    clear(page)
    page.keyboard.type("SELECT ?arrival ?label WHERE {\n?arrival a hkg:ContingentArr")
    accept(page, "hkg:ContingentArrival")
    page.keyboard.type(" ;\nrdfs:lab")
    accept(page, "rdfs:label")
    page.keyboard.type(" ?label")
    text = page.evaluate("window.haitikgQueryEditor.value")
    assert "a hkg:ContingentArrival ;" in text and "rdfs:label ?label" in text
    assert text.count("}") == 1, "the brace typed after WHERE was closed by the editor"
    keyword = page.locator(".cm-line span", has_text="SELECT").first
    variable = page.locator(".cm-line span", has_text="?arrival").first
    assert keyword.evaluate("e => getComputedStyle(e).color") != variable.evaluate(
        "e => getComputedStyle(e).color"
    ), "keywords and variables are highlighted apart"
    shoot(page, "editor-typed")
    page.keyboard.press("Control+Enter")
    rows = page.locator("#results tbody tr")
    expected = count(site, "SELECT ?a ?l WHERE { ?a a hkg:ContingentArrival ; rdfs:label ?l }")
    expect(rows).to_have_count(expected, timeout=20_000)
    assert expected > 0
    assert "query=" in page.url, "the permalink is in the address bar"
    expect(page.locator("a.download[data-format=csv]")).to_be_visible()


def test_a_prefix_is_offered_as_the_word_is_typed(page: Page, site):
    page.goto(site.url("/query"))
    clear(page)
    page.keyboard.type("SELECT * WHERE { ?s a sch")
    accept(page, "schema:")
    page.keyboard.type("Eve")
    accept(page, "schema:Event")
    assert "?s a schema:Event" in page.evaluate("window.haitikgQueryEditor.value")
    shoot(page, "editor-completion")


def test_results_sort_by_a_column(page: Page, site):
    query = "SELECT ?label ?n WHERE { VALUES (?label ?n) { ('b' 10) ('a' 9) ('c' 100) } }"
    page.goto(site.url("/query"))
    page.evaluate("text => { window.haitikgQueryEditor.value = text }", query)
    page.click("#run")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3, timeout=20_000)
    numbers, labels = (rows.locator(f"td:nth-child({i}) .literal") for i in (2, 1))
    by_label, by_n = page.locator("#results thead button.sort").all()
    assert (by_label.inner_text(), by_n.inner_text()) == ("label", "n")
    by_n.click()
    assert numbers.all_inner_texts() == ["9", "10", "100"], "numbers sort as numbers"
    expect(page.locator("#results thead th").nth(1)).to_have_attribute("aria-sort", "ascending")
    by_n.click()
    assert numbers.all_inner_texts() == ["100", "10", "9"]
    by_label.click()
    assert labels.all_inner_texts() == ["a", "b", "c"]


def test_an_unknown_prefix_is_named_and_marked_in_the_editor(page: Page, site):
    page.goto(site.url("/query"))
    page.evaluate(
        "text => { window.haitikgQueryEditor.value = text }",
        "SELECT ?s WHERE {\n  ?s wdt:P31 ?o\n}",
    )
    page.click("#run")
    error = page.locator("#error")
    expect(error).to_be_visible(timeout=20_000)
    expect(error).to_contain_text("line 2, column 6: unknown prefix `wdt:`")
    mark = page.locator(".cm-lintRange-error")
    expect(mark).to_have_count(1)
    assert mark.inner_text() == "w", "the mark is where `wdt:P31` starts"
    shoot(page, "editor-error")


def test_standard_prefixes_need_no_declaration_and_are_listed(page: Page, site):
    page.goto(site.url("/query"))
    listed = page.locator("#standard-prefixes tr")
    expect(listed.first).to_be_attached()
    names = [
        re.sub(r":$", "", t) for t in page.locator("#standard-prefixes th").all_text_contents()
    ]
    assert {"hkg", "voc", "sem", "schema"} <= set(names)
    page.evaluate(
        "text => { window.haitikgQueryEditor.value = text }",
        "SELECT ?e WHERE { ?e hkg:eventType voc:event-type-arrival }",
    )
    page.click("#run")
    expect(page.locator("#results tbody tr").first).to_be_visible(timeout=20_000)
