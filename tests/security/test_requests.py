"""Items 6 and 7: what a request costs before any query runs is bounded.

Before issue 13, one 15 MB form of 5 million parameters cost ~650 MiB and 6 s of CPU in the
main process, and a 185 KB ``Accept`` about 1 s of CPU. Now forms are held to
``MAX_FORM_PARTS`` and ``MAX_FORM_MEMORY_SIZE`` (413), and a header field longer than
``MAX_HEADER_BYTES`` (or more than ``MAX_HEADER_FIELDS`` of them) is 431, before anything
parses it: waitress answers it in plain text, measured before its parser runs; the site
answers a problem document for a field just over the limit that reaches it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import requests

from .conftest import FORM, Server


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def _accept(size: int) -> str:
    ranges: list[str] = []
    while sum(len(r) + 2 for r in ranges) < size:
        ranges.append(f"application/x-{len(ranges)};q=0.{len(ranges) % 10}")
    return ", ".join(ranges)


def test_a_form_of_five_million_fields_is_413_and_cheap(server: Server) -> None:
    pid = server.process.pid
    cpu, rss = _cpu_seconds(pid), server.rss()
    flood = b"a=&" * 5_000_000  # 15 MB
    answer = requests.post(server.url, data=flood, headers={"Content-Type": FORM}, timeout=60)
    assert answer.status_code == 413, answer.text[:300]
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert _cpu_seconds(pid) - cpu < 1.0
    assert server.rss() - rss < 100 * 1024 * 1024


def test_a_form_with_more_fields_than_allowed_is_413(server: Server) -> None:
    fields = "&".join(f"f{i}=1" for i in range(1001)) + "&query=ASK%7B%7D"
    answer = requests.post(server.url, data=fields, headers={"Content-Type": FORM}, timeout=30)
    assert answer.status_code == 413, answer.text[:300]
    assert "1000" in answer.json()["detail"]
    normal = requests.post(server.url, data={"query": "ASK {}", "format": "json"}, timeout=30)
    assert normal.status_code == 200


def test_a_huge_accept_is_431_and_costs_next_to_nothing(server: Server) -> None:
    pid = server.process.pid
    cpu = _cpu_seconds(pid)
    answers: list[requests.Response] = []

    def send() -> None:
        answers.append(
            requests.get(
                server.url,
                params={"query": "ASK {}"},
                headers={"Accept": _accept(185_000)},
                timeout=60,
            )
        )

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [431] * 8
    assert "8192 bytes" in answers[0].text  # the limit is named
    assert _cpu_seconds(pid) - cpu < 1.0


def test_header_limits(server: Server) -> None:
    ask = {"query": "ASK {}"}
    long = requests.get(server.url, params=ask, headers={"X-Long": "x" * 9000}, timeout=30)
    assert long.status_code == 431
    fresh = {"query": "ASK { <urn:header-limit-probe> ?p ?o }"}  # not an answer cached
    just_over = requests.get(server.url, params=fresh, headers={"X-Long": "x" * 8300}, timeout=30)
    assert just_over.status_code == 431
    assert just_over.json()["detail"].startswith("the X-Long header has 8300 characters")
    many = {f"X-H{i}": "1" for i in range(120)}
    assert requests.get(server.url, params=ask, headers=many, timeout=30).status_code == 431
    fine = requests.get(server.url, params=ask, headers={"Accept": _accept(2000)}, timeout=30)
    assert fine.status_code in (200, 406)
