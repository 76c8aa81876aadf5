"""The whole pipeline over HTTP on 127.0.0.1: validators persist, a 304 costs no parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pipeline import cli
from pipeline.core import warehouse
from pipeline.sample import build as sample
from tests.conftest import Reply, Request

ROOT = Path(__file__).resolve().parents[2]


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


def _jsonl_items(count: int) -> bytes:
    """Reddit and HN items as JSON Lines, with a bad line and a blank line every 50 lines."""
    base = 1772532000  # 2026-03-03 10:00 UTC
    lines = []
    for k in range(count):
        if k % 50 == 7:
            lines.append("{not json")
        elif k % 50 == 8:
            lines.append("")
        elif k % 2:
            hit = {
                "objectID": str(40_000_000 + k),
                "created_at_i": base + k,
                "title": f"Claude is down again, story {k}",
                "author": f"hn{k % 13}",
                "points": k,
                "_tags": ["story"],
            }
            lines.append(json.dumps(hit))
        else:
            thing = {
                "kind": "t3",
                "data": {
                    "id": f"x{k}",
                    "created_utc": base + k,
                    "title": f"Switched from ChatGPT to Claude &amp; happy, post {k}",
                    "selftext": "",
                    "author": f"r{k % 17}",
                    "permalink": f"/r/ClaudeAI/comments/x{k}/",
                },
            }
            lines.append(json.dumps(thing))
    return ("\n".join(lines) + "\n").encode()


def test_large_json_lines_file_loads_block_by_block(tmp_path, monkeypatch):
    """A JSON Lines file larger than a block is parsed, scored and stored block by block with
    the same tables as in one piece (quarantine names lines of the whole file)."""
    from pipeline.parse import social_bulk

    data = tmp_path / "posts.jsonl"
    data.write_bytes(_jsonl_items(3_000))
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(f"sources:\n  - name: dump\n    kind: social\n    url: {data.as_uri()}\n")
    blocks = []
    real_blocks = social_bulk.split_blocks

    def counted(payload: bytes, block_bytes: int):
        for first_line, block in real_blocks(payload, block_bytes):
            blocks.append(first_line)
            yield first_line, block

    monkeypatch.setattr(social_bulk, "split_blocks", counted)
    tables = {}
    for label, block_bytes in (("whole", 2**30), ("blocks", 40_000)):
        monkeypatch.setattr(social_bulk, "BLOCK_BYTES", block_bytes)
        home = tmp_path / label
        assert cli.main(["run", "--sources", str(catalog), "--home", str(home)]) == cli.EXIT_OK
        with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
            tables[label] = [
                con.execute(
                    "select post_id, created_at, author, text, vendors, sentiment, kind"
                    " from posts order by post_id"
                ).fetchall(),
                con.execute(
                    "select post_id, from_vendor, to_vendor from migrations order by post_id"
                ).fetchall(),
                con.execute(
                    "select record_ref, reason from quarantine order by record_ref"
                ).fetchall(),
                con.execute(
                    "select records_parsed, quarantined, rows_written from source_runs"
                    " where source = 'dump'"
                ).fetchall(),
            ]
    assert len(blocks) > 10 and blocks[:1] == [1]
    posts, moves, quarantine, runs = tables["whole"]
    assert len(posts) == 2_880 and len(moves) == 1_440
    assert quarantine[:2] == [("jsonl:#1008", "not JSON"), ("jsonl:#1058", "not JSON")]
    assert runs == [(2_940, 60, 2_880 + 1_440)]
    assert tables["blocks"] == tables["whole"]
