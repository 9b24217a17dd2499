"""Query benchmark: haitikg's endpoint against ``oxigraph serve-read-only`` on the same store.

For each size: ``haitikg synth`` (seed 0) → ``haitikg bulkload`` into an on-disk store → a
copy of that store for Oxigraph → both servers on loopback (union default graph on
both) → a fixed query mix (lookups, joins, aggregates, property paths, DESCRIBE of a
busy actor) run by 1 and by 16 client threads for ``--seconds`` each; throughput and
p50/p99 latency, the ratio haitikg/Oxigraph; then resource-page latency (``page_latency``).

    python bench/query_bench.py --sizes 10000,100000,1000000 [--seconds 15] \
        [--markdown docs/scale.md] [--work /tmp/qbench]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from common import (  # bench/common.py, beside this script
    free_port,
    machine,
    run_clients,
    summarise,
    wait,
)

RES = "https://w3id.org/haitikg/resource/"
ACTOR = RES + "synth-state-0"
PREFIXES = """PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX hkg: <https://w3id.org/haitikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
MIX = {
    "lookup": f"SELECT ?p ?o {{ <{ACTOR}> ?p ?o }}",
    "lookup-label": f"SELECT ?s {{ ?s rdfs:label ?l . FILTER(?s = <{RES}synth-state-3>) }}",
    "join": f"""SELECT ?e ?place ?date {{ ?e sem:hasActor <{ACTOR}> ; sem:hasPlace ?place ;
               hkg:date ?date }} ORDER BY ?date LIMIT 100""",
    "aggregate": "SELECT ?t (COUNT(?e) AS ?n) { ?e hkg:eventType ?t } GROUP BY ?t",
    "aggregate-actors": """SELECT ?a (COUNT(?e) AS ?n) { ?e sem:hasActor ?a }
               GROUP BY ?a ORDER BY DESC(?n) LIMIT 10""",
    "path": f"""SELECT ?e ?label {{ ?e sem:hasActor <{ACTOR}> ; sem:hasPlace/rdfs:label ?label }}
               LIMIT 100""",
    "path-star": "SELECT (COUNT(*) AS ?n) { ?c rdfs:subClassOf* sem:Event }",
    "describe": f"DESCRIBE <{ACTOR}>",
}
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def prepare(size: int, work: Path) -> tuple[Path, Path]:
    data = work / f"synth-{size}.nq"
    store = work / f"store-{size}"
    copy = work / f"oxstore-{size}"
    if not data.exists():
        run([sys.executable, "-m", "haitikg", "synth", "--triples", str(size), "--out", str(data)])
    if not store.exists():
        run([sys.executable, "-m", "haitikg", "bulkload", str(data), "--store", str(store)])
    if not copy.exists():
        shutil.copytree(store, copy)
    return store, copy


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def drive(url: str, clients: int, seconds: float) -> dict:
    """Each client cycles through the mix (starting at a different query) until time is up."""
    names = list(MIX)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        session = requests.Session()
        mine: list[float] = []
        i = offset
        while time.monotonic() < stop:
            query = PREFIXES + MIX[names[i % len(names)]]
            i += 1
            started = time.perf_counter()
            try:
                r = session.post(
                    url, data={"query": query}, headers={"Accept": ACCEPT}, timeout=120
                )
                _ = r.content
                ok = r.ok
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - started
            if ok:
                mine.append(elapsed)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    wall = run_clients(clients, client)
    return summarise(latencies, wall, errors[0])


def page_latency(base: str, sparql: str, n: int = 20) -> dict:
    """Resource-page latency in ms, as HTML: the busiest actor's first view and the median
    of ``n`` repeats (served from the per-generation cache), and the median and worst
    first view of ``n`` different events (a typical page)."""
    session = requests.Session()
    html = {"Accept": "text/html"}

    def timed(path: str) -> float:
        started = time.perf_counter()
        session.get(f"{base}{path}", headers=html, timeout=300).raise_for_status()
        return (time.perf_counter() - started) * 1000

    first = timed("/resource/synth-state-0")
    repeats = statistics.median(timed("/resource/synth-state-0") for _ in range(n))
    answer = session.post(
        sparql,
        data={"query": PREFIXES + f"SELECT ?e {{ ?e a hkg:ContingentArrival }} LIMIT {n}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=300,
    ).json()
    events = [b["e"]["value"].removeprefix(RES) for b in answer["results"]["bindings"]]
    typical = [timed(f"/resource/{name}") for name in events]
    return {
        "busiest_first": first,
        "busiest_repeat": repeats,
        "typical_median": statistics.median(typical),
        "typical_max": max(typical),
    }


def bench_size(size: int, work: Path, seconds: float) -> dict:
    store, copy = prepare(size, work)
    hport, oport = free_port(), free_port()
    haitikg = subprocess.Popen(
        [sys.executable, "-m", "haitikg", "serve", "--store", str(store), "--port", str(hport),
         "--timeout", "120", "--max-rows", "0", "--no-throttle"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    oxigraph = subprocess.Popen(
        ["oxigraph", "serve-read-only", "--location", str(copy), "--bind",
         f"127.0.0.1:{oport}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        hurl, ourl = f"http://127.0.0.1:{hport}/sparql", f"http://127.0.0.1:{oport}/query"
        wait(hurl, haitikg)
        wait(ourl, oxigraph)
        for url in (hurl, ourl):  # warm both (page cache, labels)
            drive(url, 1, 2)
        row: dict = {"size": size}
        for clients in (1, 16):
            row[f"h{clients}"] = drive(hurl, clients, seconds)
            row[f"o{clients}"] = drive(ourl, clients, seconds)
        row["page"] = page_latency(f"http://127.0.0.1:{hport}", hurl)
        return row
    finally:
        for p in (haitikg, oxigraph):
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def table(rows: list[dict]) -> str:
    lines = [
        "| triples | clients | haitikg q/s | p50 / p99 ms | oxigraph q/s | p50 / p99 ms "
        "| q/s ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for clients in (1, 16):
            h, o = row[f"h{clients}"], row[f"o{clients}"]
            ratio = h["qps"] / o["qps"] if o["qps"] else float("nan")
            errs = ""
            if h["errors"] or o["errors"]:
                errs = f" (errors: {h['errors']}/{o['errors']})"
            lines.append(
                f"| {row['size']:,} | {clients} | {h['qps']:.1f} | {h['p50']:.0f} / {h['p99']:.0f} "
                f"| {o['qps']:.1f} | {o['p50']:.0f} / {o['p99']:.0f} | {ratio:.2f}{errs} |"
            )
    lines += [
        "",
        "Resource pages (HTML, ms): the busiest actor (`synth-state-0`) on first view and",
        "repeated (median of 20, from the per-generation cache); 20 different events, each",
        "on first view (median and worst).",
        "",
        "| triples | busiest first | busiest repeated | event median | event worst |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        pg = row["page"]
        lines.append(
            f"| {row['size']:,} | {pg['busiest_first']:.0f} | {pg['busiest_repeat']:.1f} "
            f"| {pg['typical_median']:.1f} | {pg['typical_max']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--work", default="/tmp/haitikg-query-bench")
    parser.add_argument("--markdown", help="append the table to this file")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(bench_size(size, work, args.seconds))
        print(table(rows[-1:]), flush=True)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"Measured {when} on {machine()}.\n\n{table(rows)}\n"
    print(text)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
