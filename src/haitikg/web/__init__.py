"""The researcher's web pages and linked-data views (registered on the endpoint's app).

Routes (each module is one concern):

==========================  =====================================================
``/``                       home: what the graph holds (``pages``)
``/query``                  query editor, catalogue, results (``pages``)
``/downloads``, ``/dumps/`` dumps with size, sha256, license (``pages``)
``/.well-known/void``       VoID description (``pages``)
``/context.jsonld``         JSON-LD ``@context`` (``pages``)
``/resource/…``, ``/vocab/…`` dereferenceable IRIs, negotiated (``resources``)
``/ontology``               ontology documentation and files (``ontology_page``)
``/timeline``, ``/network`` SVG pictures (``pictures``)
``/-/health`` ``/-/version`` ``/-/stats``  tool endpoints (``tools``)
``/-/static/…``             the pages' own CSS and JavaScript
==========================  =====================================================
"""

from __future__ import annotations

from flask import Flask

from .site import DEFAULTS


def register(app: Flask) -> None:
    """Attach the pages' blueprints, settings and template helpers to ``app``."""
    from . import ontology_page, pages, pictures, resources, tools, views

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(pages.bp)
    app.register_blueprint(resources.bp)
    app.register_blueprint(ontology_page.bp)
    app.register_blueprint(pictures.bp)
    app.register_blueprint(tools.bp)
    app.jinja_env.globals.update(views.helpers())
