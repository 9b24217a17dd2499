"""The query page, and the catalogue of questions (``queries/*.rq``) each at its own URL.

As Datasette's canned queries: ``/queries/<name>`` is the query page with the question
filled in and run, and ``/queries/<name>.json``, ``.csv``, ``.ttl`` are its answer in that
format (``.ttl`` for CONSTRUCT/DESCRIBE questions, ``.json``/``.csv`` for SELECT/ASK),
computed by the same worker pool and under the same limits as ``/sparql``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, current_app, render_template, request

from .. import formats
from ..catalogue import load_catalogue
from ..endpoint import http, sparql
from ..engine.problems import QuerySyntaxError
from ..engine.remote import query_form
from ..namespaces import PREFIXES
from . import completions

#: The machine-readable twins of a question's page: URL suffix → format short name.
TWINS = {"json": "json", "csv": "csv", "ttl": "ttl"}
#: The twins that fit each query form (a SELECT has no Turtle, a CONSTRUCT no CSV).
FITTING = {"SELECT": ("json", "csv"), "ASK": ("json", "csv"), "CONSTRUCT": ("ttl",)}

#: The standard prefixes (``sem:``, ``rdfs:`` …) need no declaration.
DEFAULT_QUERY = """SELECT ?event ?label ?date WHERE {
  ?event a sem:Event ;
         rdfs:label ?label .
  OPTIONAL { ?event sem:hasTimeStamp|sem:hasBeginTimeStamp ?date }
}
ORDER BY ?date"""


@dataclass
class Question:
    """One question of the catalogue, as the pages show it."""

    name: str
    title: str
    question: str
    answer: str
    text: str

    @property
    def twins(self) -> tuple[str, ...]:
        """The URL suffixes of this question's answer files."""
        try:
            form = query_form(self.text)
        except QuerySyntaxError:
            return ()
        return FITTING.get(form, FITTING["CONSTRUCT"])


def catalogue() -> list[Question]:
    """Every question of the catalogue, by name."""
    entries = [Question(q.name, q.title, q.question, q.answer, q.text) for q in load_catalogue()]
    return sorted(entries, key=lambda e: e.name)


def query_page(
    text: str, canned: Question | None = None, alternates: list[http.View] | None = None
) -> Response:
    """The query page: editor, catalogue, results (run in the browser through ``/sparql``)."""
    config = current_app.config
    service = f"{request.script_root}/sparql"
    views = [*(alternates or []), (service, "text/turtle", "SPARQL service description")]
    body = render_template(
        "web/query.html",
        text=text,
        canned=canned,
        catalogue=catalogue(),
        timeout=config["TIMEOUT"],
        max_rows=config["MAX_ROWS"],
        prefixes=PREFIXES,
        terms=completions.terms(),
        default_query=DEFAULT_QUERY,
        alternates=views,
    )
    return http.with_alternates(Response(body, mimetype=http.HTML), views, vary=False)


def query() -> Response:
    """``/query``, or ``/query?query=…`` to fill the editor and run it."""
    return query_page(request.args.get("query", ""))


def index() -> Response:
    """``/queries``: every question, with a link to its page and its answers."""
    body = render_template("web/queries.html", catalogue=catalogue())
    return Response(body, mimetype=http.HTML)


def question(name: str) -> Response:
    """``/queries/<name>`` (the page) or ``/queries/<name>.<suffix>`` (the answer)."""
    known = {e.name: e for e in catalogue()}
    stem, _, suffix = name.rpartition(".")
    if stem in known and suffix in TWINS:
        response = sparql.answer(known[stem].text, TWINS[suffix])
        response.headers["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    if name not in known:
        abort(404)
    root = request.script_root
    answers = [
        (f"{root}/queries/{name}.{suffix}", formats.by_name(TWINS[suffix]).media_type, suffix)
        for suffix in known[name].twins
    ]
    return query_page(known[name].text, canned=known[name], alternates=answers)
