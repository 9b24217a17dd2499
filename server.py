"""Serve haitikg's SPARQL endpoint on http://127.0.0.1:5000/sparql (settings: HAITIKG_*)."""

from haitikg.endpoint.app import create_app
from haitikg.endpoint.serve import serve

if __name__ == "__main__":  # guard: query workers are spawned processes that import __main__
    serve(create_app())
