"""haitikg's SPARQL 1.1 endpoint: a Flask app over pyoxigraph, with query worker processes.

``create_app(config)`` builds the app; ``haitikg serve`` (or ``python server.py``) runs it
under waitress on loopback.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
