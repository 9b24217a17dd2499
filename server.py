"""Serve haitikg's SPARQL endpoint on http://127.0.0.1:5000/sparql (settings: HAITIKG_*)."""

from haitikg.endpoint.app import create_app
from haitikg.endpoint.serve import serve

serve(create_app())
