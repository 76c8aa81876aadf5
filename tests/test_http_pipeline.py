"""The whole pipeline over HTTP on 127.0.0.1: validators persist, a 304 costs no parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pipeline import cli, sample, warehouse
from tests.conftest import Reply, Request

ROOT = Path(__file__).resolve().parents[1]


def _conditional(body: bytes, etag: str):
    def reply(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == etag:
            return Reply(304, headers={"ETag": etag})
        return Reply(200, body, headers={"ETag": etag, "Content-Type": "application/atom+xml"})

    return reply


def test_second_run_gets_304_and_parses_nothing(tmp_path, local_http_server):
    out = tmp_path / "sample"
    sample.write_sample(out)
    atom = (out / "status" / "anthropic" / "history.atom").read_bytes()
    feed = local_http_server.route("/history.atom", _conditional(atom, '"v1"'))
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        f"sources:\n  - name: anthropic-status-atom\n    kind: status\n    vendor: anthropic\n"
        f"    url: {feed}\n"
    )
    home = tmp_path / "home"
    args = ["run", "--sources", str(catalog), "--home", str(home)]
    assert cli.main(args) == cli.EXIT_OK
    assert cli.main(args) == cli.EXIT_OK
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        runs = con.execute(
            "select fetch_outcome, http_status, records_parsed from source_runs order by started_at"
        ).fetchall()
        fetches = con.execute("select count(*), min(http_status) from raw_fetches").fetchall()
        incidents = con.execute("select count(*) from incidents").fetchall()[0][0]
    assert runs[0][:2] == ("fetched", 200) and runs[0][2] > 100
    assert runs[1] == ("not_modified", 304, None)
    assert fetches == [(1, 200)]
    assert incidents > 100
    conditional = [r for r in local_http_server.requests_to("/history.atom")][1]
    assert conditional.headers.get("If-None-Match") == '"v1"'


def test_run_in_another_timezone_gives_the_same_utc_tables(tmp_path):
    """`radar run --sample` under TZ=America/New_York recovers the same UTC outage_daily."""
    env = {**os.environ, "TZ": "America/New_York"}
    home = tmp_path / "ny"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", "--sample", "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    truth = json.loads((home / "sample" / "truth.json").read_text())
    expected = {(r["vendor"], r["day"]): r["outage_minutes"] for r in truth["outage_daily"]}
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        got = {
            (v, d.isoformat()): m
            for v, d, m in con.execute(
                "select vendor, day, outage_minutes from outage_daily"
            ).fetchall()
        }
    assert got == expected


def _reddit_listing(items: list[tuple[str, int, str]], after: str | None) -> bytes:
    children = [
        {
            "kind": "t3",
            "data": {
                "id": native,
                "name": f"t3_{native}",
                "created_utc": created,
                "author": f"user_{native}",
                "title": text,
                "selftext": "",
                "permalink": f"/r/ClaudeAI/comments/{native}/x/",
                "subreddit": "ClaudeAI",
                "score": 1,
            },
        }
        for native, created, text in items
    ]
    return json.dumps({"kind": "Listing", "data": {"children": children, "after": after}}).encode()


def test_social_paging_and_incremental_rerun(tmp_path, local_http_server):
    """Page 1 -> page 2 via `after`; the next run asks only for newer posts (`before`)."""
    base = 1772532000  # 2026-03-03 10:00 UTC
    page1 = _reddit_listing(
        [("b2", base + 600, "Switched from ChatGPT to Claude today"), ("b1", base + 300, "hi")],
        after="t3_b1",
    )
    page2 = _reddit_listing([("a1", base, "Is Claude down? getting 529s")], after=None)
    newer = _reddit_listing([("c1", base + 900, "Claude Code is great")], after=None)

    def listing(request: Request) -> Reply:
        query = request.path.partition("?")[2]
        if "before=t3_b2" in query:
            return Reply(200, newer)
        if "after=t3_b1" in query:
            return Reply(200, page2)
        return Reply(200, page1)

    url = local_http_server.route("/r/ClaudeAI/new.json", listing)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        f"sources:\n  - name: reddit-test\n    kind: social\n    url: {url}?limit=100\n"
    )
    home = tmp_path / "home"
    args = ["run", "--sources", str(catalog), "--home", str(home)]
    assert cli.main(args) == cli.EXIT_OK
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        first = con.execute("select post_id from posts order by post_id").fetchall()
        moves = con.execute("select from_vendor, to_vendor from migrations").fetchall()
    assert [r[0] for r in first] == ["reddit:a1", "reddit:b1", "reddit:b2"]
    assert moves == [("openai", "anthropic")]
    assert cli.main(args) == cli.EXIT_OK
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        second = con.execute("select post_id from posts order by post_id").fetchall()
        cursor = con.execute("select newest from social_cursors").fetchall()
    assert [r[0] for r in second] == ["reddit:a1", "reddit:b1", "reddit:b2", "reddit:c1"]
    assert cursor == [("t3_c1",)]
    queries = [
        r.path.partition("?")[2] for r in local_http_server.requests_to("/r/ClaudeAI/new.json")
    ]
    assert any("after=t3_b1" in q for q in queries)
    assert any("before=t3_b2" in q for q in queries)
