"""The timeline and the network say everything without a hover: labels whole (wrapped, never
cut with "…"), and every role written on its line of the network."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from playwright.sync_api import Page, expect

from .conftest import Site, shoot

SVG = "{http://www.w3.org/2000/svg}"


def svg(site: Site, path: str, name: str) -> ET.Element:
    html = site.get(path).text
    source = re.search(rf'<svg id="{name}".*?</svg>', html, re.DOTALL)
    assert source, f"{path} draws svg#{name}"
    return ET.fromstring(source[0])


def text_of(element: ET.Element) -> str:
    """What a <text> says, its <tspan> lines joined with spaces."""
    parts = [t.text or "" for t in element.iter(f"{SVG}tspan")] or [element.text or ""]
    return " ".join(p.strip() for p in parts)


def labels(site: Site, iris: set[str]) -> dict[str, str]:
    # Only the drawn IRIs: the whole graph's labels outnumber the endpoint's row limit.
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    rows = site.sparql(
        f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s rdfs:label ?l "
        "FILTER(LANG(?l) IN ('en', '')) }"
    )
    return {r["s"]["value"]: r["l"]["value"] for r in rows}


def test_the_timeline_writes_every_label_whole(site: Site):
    drawn = {
        a.get("data-iri"): text_of(a.find(f"{SVG}text[@class='lbl']"))
        for a in svg(site, "/timeline", "timeline").iter(f"{SVG}a")
    }
    assert drawn
    assert drawn == labels(site, set(drawn)), "each label whole, not cut with …"
    assert any(len(name) > 50 for name in drawn.values()), "the data has labels that need wrapping"


def test_the_network_writes_labels_whole_and_every_role_on_its_line(site: Site):
    picture = svg(site, "/network", "network")
    nodes = {a.get("data-iri"): text_of(a.find(f"{SVG}text")) for a in picture.iter(f"{SVG}a")}
    assert nodes == labels(site, set(nodes))
    written = {
        (t.get("data-actor"), t.get("data-event"), t.text)
        for t in picture.iter(f"{SVG}text")
        if t.get("class") == "role"
    }
    roles = site.sparql(
        "SELECT ?a ?e ?role WHERE { ?e a sem:Event ; hkg:hasRole ?r . "
        "?r rdf:value ?a ; sem:roleType/skos:prefLabel ?role }"
    )
    expected = {(r["a"]["value"], r["e"]["value"], r["role"]["value"]) for r in roles}
    assert expected and written >= {
        w for w in expected if not any(x[:2] == w[:2] and x != w for x in expected)
    }, "every actor's role in every event is written on the line between them"


def test_roles_are_visible_without_hovering(page: Page, live_site: Site):
    page.goto(live_site.url("/network"))
    roles = page.locator("svg#network text.role")
    expect(roles.first).to_be_visible()
    boxes = [roles.nth(i).bounding_box() for i in range(roles.count())]
    assert all(b and b["width"] > 0 for b in boxes)
    overlaps = sum(
        1
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
    )  # fmt: skip
    assert overlaps == 0, "no role is written over another"
    shoot(page, "network-roles", full=True)
    page.goto(live_site.url("/timeline"))
    shoot(page, "timeline-wrapped", full=True)
