"""One smoke test on the real built graph, and the ``haitikg serve`` command itself."""

from __future__ import annotations

import requests
from click.testing import CliRunner

from .conftest import Server


def test_haitikg_serve_is_a_command_with_the_documented_options() -> None:
    from haitikg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--data", "--store", "--timeout", "--max-rows",
                   "--update-token", "--allow-service", "--allow-load"):  # fmt: skip
        assert option in result.output


def test_the_built_graph_is_served_with_its_named_graphs(build_dir) -> None:
    server = Server("--workers", "2", env={"HAITIKG_BUILD_DIR": str(build_dir)}).start()
    try:
        query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        response = requests.get(server.url, params={"query": query})
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) >= 3
        assert requests.get(server.url, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]
        default = requests.get(
            server.url, params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "urn:x:none"}
        )
        assert default.json()["boolean"] is False
    finally:
        out = server.stop()
    assert "/sparql" in out and "/store" in out  # the start-up message gives the URLs
