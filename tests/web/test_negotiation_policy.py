"""One negotiation policy for the whole site (endpoint/http.py): no ``Accept`` or ``*/*``
gets the first machine-readable format, and only a client naming HTML gets a page."""

from __future__ import annotations

import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: Every URL that has both an HTML page and RDF, with what ``*/*`` must get.
NEGOTIATED = [("/ontology", "text/turtle"), ("/resource/kenya", "text/turtle"),
              ("/sparql", "text/turtle")]  # fmt: skip


@pytest.mark.parametrize(("path", "machine"), NEGOTIATED)
@pytest.mark.parametrize("accept", ["*/*", None, ""])
def test_any_or_no_accept_gets_the_machine_readable_format(site, path, machine, accept):
    r = site.get(path, accept=accept)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == machine
    assert r.headers["Vary"] == "Accept"


@pytest.mark.parametrize(("path", "machine"), NEGOTIATED)
def test_a_browser_gets_the_page(site, path, machine):
    r = site.get(path, accept=BROWSER)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert f'type="{machine}"' in r.headers["Link"], "the page names its machine-readable twin"


@pytest.mark.parametrize(("path", "machine"), NEGOTIATED)
def test_html_below_a_wildcard_is_not_chosen(site, path, machine):
    r = site.get(path, accept="text/html;q=0.5, */*")
    assert r.headers["Content-Type"].split(";")[0] == machine


def test_the_query_page_is_one_page_at_two_urls(site):
    via_sparql = site.get("/sparql", accept=BROWSER).text
    via_query = site.get("/query", accept=BROWSER).text
    assert 'id="query-form"' in via_sparql

    def main(page: str) -> str:
        return page.split("<main>")[1].split("</main>")[0]

    assert main(via_sparql) == main(via_query)
