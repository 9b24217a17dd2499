"""Serve haitikg's site and SPARQL endpoint on http://127.0.0.1:5000/ (settings: HAITIKG_*)."""

from haitikg.app import create_app
from haitikg.serve import run

if __name__ == "__main__":  # guard: query workers are spawned processes that import __main__
    run(create_app())
