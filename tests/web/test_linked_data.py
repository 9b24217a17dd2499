"""Dereferencing IRIs over HTTP: negotiation, suffixes, headers, 404/406, files, tools."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

from haitikg import formats

RES = "https://w3id.org/haitikg/resource/"
KENYA = ox.NamedNode(RES + "kenya")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF = {f.name: f for f in formats.GRAPH_FORMATS}
SUFFIX = {"ttl": "ttl", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "nt"}


def parse(response, fmt: formats.Format) -> set[ox.Triple]:
    quads = ox.parse(response.content, format=fmt.rdf)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


@pytest.mark.parametrize("name", ["ttl", "jsonld", "rdfxml", "nt"])
def test_each_rdf_format_is_negotiated_with_200_and_vary(site, name):
    fmt = RDF[name]
    r = site.get("/resource/kenya", accept=fmt.media_type, allow_redirects=False)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == fmt.media_type
    assert "Accept" in r.headers["Vary"]
    assert r.headers["Content-Location"] == f"/resource/kenya.{fmt.extension}"
    assert ox.Triple(KENYA, LABEL, ox.Literal("Kenya", language="en")) in parse(r, fmt)


@pytest.mark.parametrize("suffix", ["ttl", "jsonld", "rdf", "nt"])
def test_suffix_urls_give_their_format_whatever_accept_says(site, suffix):
    fmt = formats.by_name(SUFFIX[suffix])
    r = site.get(f"/resource/kenya.{suffix}", accept="text/html")
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == fmt.media_type
    assert any(t.subject == KENYA for t in parse(r, fmt))


def test_link_header_lists_every_format_as_alternate(site):
    r = site.get("/resource/kenya", accept=BROWSER)
    links = r.headers["Link"]
    for media_type in ["text/html", *(RDF[n].media_type for n in SUFFIX.values())]:
        assert re.search(rf'<[^>]+>; rel="alternate"; type="{re.escape(media_type)}"', links)
    assert f"<{site.base}/resource/kenya.ttl>" in links


def test_browsers_get_html_and_programs_without_preference_get_turtle(site):
    assert (
        site.get("/resource/kenya", accept=BROWSER).headers["Content-Type"].startswith("text/html")
    )
    for accept in ("*/*", None):
        r = site.get("/resource/kenya", accept=accept)
        assert r.headers["Content-Type"].startswith("text/turtle")


def test_q_values_and_q_zero_are_honoured(site):
    r = site.get("/resource/kenya", accept="text/turtle;q=0.5, application/ld+json")
    assert r.headers["Content-Type"].startswith("application/ld+json")
    r = site.get("/resource/kenya", accept="text/turtle;q=0, */*;q=0.1")
    assert not r.headers["Content-Type"].startswith("text/turtle")


def test_nothing_acceptable_is_406(site):
    r = site.get("/resource/kenya", accept="image/png")
    assert r.status_code == 406
    assert "Accept" in r.headers["Vary"]


def test_unknown_resource_is_a_helpful_404_page_for_browsers(site):
    r = site.get("/resource/kenyaa", accept=BROWSER)
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("text/html")
    assert 'href="/resource/kenya"' in r.text  # a suggestion


def test_unknown_resource_is_a_problem_document_for_programs(site):
    r = site.get("/resource/no-such-thing", accept="application/json")
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["status"] == 404
    r = site.get("/resource/no-such-thing.ttl", accept="text/plain")
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/plain")


def test_description_has_incoming_links_and_the_evidence_of_statements(site):
    triples = parse(site.get("/resource/kenya.nt"), RDF["nt"])
    mission = ox.NamedNode(RES + "mss-mission")
    assert any(t.subject == mission and t.object == KENYA for t in triples), "incoming link"
    statements = {
        t.subject
        for t in triples
        if t.predicate.value.endswith("22-rdf-syntax-ns#subject") and t.object == KENYA
    }
    assert statements, "the reified statements about it"
    spans = {
        t.object
        for t in triples
        if t.subject in statements
        and t.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"
    }
    assert spans and all("#char=" in s.value for s in spans)
    anchored = {t.subject for t in triples if t.predicate.value.endswith("nif-core#anchorOf")}
    assert spans <= anchored, "each span is described (its text and offsets)"


def test_a_document_describes_its_spans(site):
    doc = site.sparql(
        "SELECT ?d { ?d a <http://schema.org/NewsArticle> ; "
        "<https://w3id.org/haitikg/ontology#sha256> ?text } LIMIT 1"
    )[0]["d"]["value"]
    name = doc.removeprefix(RES)
    triples = parse(site.get(f"/resource/{name}.ttl"), RDF["ttl"])
    begins = {t.subject.value for t in triples if t.predicate.value.endswith("#beginIndex")}
    assert any(s.startswith(doc + "#char=") for s in begins)
    html = site.get(f"/resource/{name}", accept=BROWSER).text
    fragment = sorted(begins)[0].partition("#")[2]
    assert f'id="{fragment}"' in html, "span IRIs resolve to anchors of the document page"


def test_vocabulary_concepts_dereference(site):
    r = site.get("/vocab/date-stated", accept="text/turtle")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")


def test_ontology_negotiates_and_anchors_terms(site):
    html = site.get("/ontology", accept=BROWSER)
    assert html.headers["Content-Type"].startswith("text/html")
    assert 'id="Deployment"' in html.text
    for name in ("ttl", "jsonld", "rdfxml", "nt"):
        fmt = RDF[name]
        r = site.get("/ontology", accept=fmt.media_type)
        assert r.status_code == 200, name
        assert r.headers["Content-Type"].split(";")[0] == fmt.media_type
        assert "Accept" in r.headers["Vary"]
        deployment = ox.NamedNode("https://w3id.org/haitikg/ontology#Deployment")
        assert any(t.subject == deployment for t in parse(r, fmt))
    assert site.get("/ontology.ttl").headers["Content-Type"].startswith("text/turtle")
    assert site.get("/ontology", accept="image/png").status_code == 406


def test_every_dump_is_served_with_its_size_hash_and_media_type(site):
    manifest = json.loads((site.build / "manifest.json").read_text())
    for entry in manifest["files"]:
        r = site.get(f"/dumps/{entry['path']}")
        assert r.status_code == 200, entry["path"]
        assert len(r.content) == entry["bytes"]
        assert hashlib.sha256(r.content).hexdigest() == entry["sha256"]
        if entry["path"].endswith((".ttl", ".nt", ".nq", ".trig", ".rdf", ".owl")):
            parse_format = ox.RdfFormat.from_media_type(r.headers["Content-Type"].split(";")[0])
            assert parse_format is not None, entry["path"]
    assert site.get("/dumps/../pyproject.toml").status_code == 404
    assert site.get("/dumps/not-a-dump.txt").status_code == 404


def test_void_and_context_are_served(site):
    void = site.get("/.well-known/void")
    assert void.headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(void.content, format=ox.RdfFormat.TURTLE))
    assert any(t.object.value == "http://rdfs.org/ns/void#Dataset" for t in triples)
    context = site.get("/context.jsonld")
    assert context.headers["Content-Type"].startswith("application/ld+json")
    assert context.json()["@context"]["hkg"] == "https://w3id.org/haitikg/ontology#"


def test_tool_endpoints(site):
    health = site.get("/-/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert site.get("/-/version").json()["haitikg"]
    stats = site.get("/-/stats").json()
    assert stats["triples"] > 1000
    assert "https://w3id.org/haitikg/graph/inferred" in stats["graphs"]


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.alternates: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.fetched.append(a["src"])
        if tag == "link":
            rel = (a.get("rel") or "").split()
            if "alternate" in rel:
                self.alternates.append(a.get("href") or "")
            else:
                self.fetched.append(a.get("href") or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


PAGES = ["/", "/query", "/downloads", "/timeline", "/network", "/ontology", "/resource/kenya"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_fetch_nothing_off_the_server_and_link_locally(site, path):
    r = site.get(path, accept=BROWSER)
    assert r.status_code == 200
    assets = _Assets()
    assets.feed(r.text)
    assert assets.fetched, "every page loads its stylesheet"
    assert all(u.startswith("/") and not u.startswith("//") for u in assets.fetched)
    assert "url(http" not in r.text and "@import" not in r.text
    assert not [u for u in assets.links if u.startswith("https://w3id.org/haitikg/")], (
        "links to public IRIs stay on this server"
    )


@pytest.mark.parametrize(
    "path", ["/", "/query", "/downloads", "/timeline", "/network", "/ontology", "/resource/kenya"]
)
def test_pages_advertise_their_machine_readable_twin(site, path):
    r = site.get(path, accept=BROWSER)
    assets = _Assets()
    assets.feed(r.text)
    assert assets.alternates
    assert 'rel="alternate"' in r.headers.get("Link", "")


def test_static_assets_are_served_locally(site):
    assert site.get("/-/static/style.css").headers["Content-Type"].startswith("text/css")
    assert "javascript" in site.get("/-/static/query.js").headers["Content-Type"]
