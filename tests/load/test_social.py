"""Social loading: pages fetched, parsed, scored by the scorer passed in, stored per block."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import social
from tests.conftest import LocalServer, Reply

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
FAST = FetchSettings(max_attempts=1, connect_timeout=2, read_timeout=2)
MOVES_SCHEMA = {
    "post_id": pl.String(),
    "platform": pl.String(),
    "created_at": pl.Datetime("us", "UTC"),
    "from_vendor": pl.String(),
    "to_vendor": pl.String(),
    "confidence": pl.Float64(),
}


class PlainScorer:
    """A scorer without text signals: load needs only the columns, not enrich."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, datetime]] = []

    def __call__(self, posts: pl.DataFrame, first_seen_at: datetime) -> tuple:
        self.calls.append((posts.height, first_seen_at))
        rows = posts.unique("post_id", keep="first", maintain_order=True).with_columns(
            pl.lit([], dtype=pl.List(pl.String())).alias("vendors"),
            pl.lit(0.25).alias("sentiment"),
            pl.lit(False).alias("is_outage_report"),
            pl.lit(first_seen_at).cast(pl.Datetime("us", "UTC")).alias("first_seen_at"),
        )
        moves = pl.DataFrame(
            [{"post_id": rows["post_id"][0], "platform": rows["platform"][0],
              "created_at": rows["created_at"][0], "from_vendor": "openai",
              "to_vendor": "anthropic", "confidence": 1.0}],
            schema=MOVES_SCHEMA,
        )  # fmt: skip
        return rows, moves


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchall()[0][0]


def test_local_file_is_parsed_scored_and_stored(
    schema_con: duckdb.DuckDBPyConnection, home: Path
) -> None:
    source = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    scorer = PlainScorer()
    stats = social.load_social_source(schema_con, source, home, "run-1", FAST, NOW, scorer)
    posts = _one(schema_con, "select count(*) from posts")
    assert stats.pages == 1 and stats.posts == posts > 0 and stats.migrations == 1
    assert stats.quarantined == _one(schema_con, "select count(*) from quarantine") > 0
    assert _one(schema_con, "select min(sentiment) from posts") == 0.25  # the scorer's rows
    fetched_at = _one(schema_con, "select fetched_at from raw_fetches")
    assert [at for _, at in scorer.calls] == [fetched_at]
    run = schema_con.execute(
        "select fetch_outcome, records_parsed, quarantined, rows_written from source_runs"
    ).fetchall()
    assert run == [("fetched", posts + stats.quarantined, stats.quarantined, posts + 1)]
    assert _one(schema_con, "select parsed_sha256 is not null from fetch_state")
    # the same file next run is unchanged: nothing fetched again is parsed
    again = social.load_social_source(schema_con, source, home, "run-2", FAST, NOW, scorer)
    assert again == social.SocialStats("dump", 0, 0, 0, 0)
    assert len(scorer.calls) == 1


def _listing(natives: list[str], after: str | None) -> bytes:
    children = [
        {"kind": "t3", "data": {"id": n, "name": f"t3_{n}", "created_utc": 1772532000 - i,
                                "author": f"u{n}", "title": f"post {n}", "selftext": "",
                                "permalink": f"/r/x/comments/{n}/", "subreddit": "x"}}
        for i, n in enumerate(natives)
    ]  # fmt: skip
    return json.dumps({"kind": "Listing", "data": {"children": children, "after": after}}).encode()


def test_remote_source_follows_pages_while_they_bring_new_posts(
    schema_con: duckdb.DuckDBPyConnection, home: Path, local_http_server: LocalServer
) -> None:
    url = local_http_server.route(
        "/r/x/new.json",
        Reply(200, _listing(["b2", "b1"], after="t3_b1")),
        Reply(200, _listing(["a1"], after="t3_a1")),
        Reply(200, _listing(["a1"], after="t3_a1")),  # nothing new: paging stops here
    )
    source = Source("reddit-x", "social", url)
    stats = social.load_social_sources(
        schema_con, [source], home, "run-1", FAST, NOW, PlainScorer()
    )
    assert stats == [social.SocialStats("reddit-x", 3, 4, 0, 3)]
    queries = [r.path.partition("?")[2] for r in local_http_server.requests_to("/r/x/new.json")]
    assert queries == ["", "after=t3_b1", "after=t3_a1"]
    ids = schema_con.execute("select post_id from posts order by post_id").fetchall()
    assert [r[0] for r in ids] == ["reddit:a1", "reddit:b1", "reddit:b2"]
    assert _one(schema_con, "select count(*) from raw_fetches") == 2  # pages 2, 3: same bytes
    assert _one(schema_con, "select newest from social_cursors") == "t3_b2"


def test_unusable_payload_fails_the_source_only(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"<html>rate limited</html>")
    good = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    bad = Source("junk", "social", str(junk))
    stats = social.load_social_sources(
        schema_con, [bad, good], home, "run-1", FAST, NOW, PlainScorer()
    )
    assert stats[0] == social.SocialStats("junk", 1, 0, 1, 0)
    assert stats[1].posts > 0
    outcomes = schema_con.execute(
        "select source, fetch_outcome from source_runs order by source"
    ).fetchall()
    assert outcomes == [("dump", "fetched"), ("junk", "failed")]


def test_duckdb_memory_is_capped_while_loading_and_restored(
    schema_con: duckdb.DuckDBPyConnection, home: Path, monkeypatch
) -> None:
    """DuckDB runs with LOAD_MEMORY_LIMIT while posts load, then with the warehouse's limit
    ($RADAR_DUCKDB_MEMORY_LIMIT) again."""
    monkeypatch.setenv("RADAR_DUCKDB_MEMORY_LIMIT", "700MB")
    limit = "select current_setting('memory_limit')"
    seen: list[object] = []
    plain = PlainScorer()

    def scorer(posts: pl.DataFrame, first_seen_at: datetime) -> tuple:
        seen.append(_one(schema_con, limit))
        return plain(posts, first_seen_at)

    source = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    stats = social.load_social_source(schema_con, source, home, "run-1", FAST, NOW, scorer)
    assert stats.posts > 0
    assert seen == ["244.1 MiB"]  # 256MB
    assert _one(schema_con, limit) == "667.5 MiB"  # 700MB


def test_a_large_page_is_stored_in_slices_with_the_same_rows(
    schema_con: duckdb.DuckDBPyConnection, home: Path, monkeypatch
) -> None:
    """A page of more than STORE_SLICE_ROWS posts is upserted slice by slice (each fits the
    load's memory limit): same posts, migrations and quarantine as in one piece."""
    source = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    whole = social.load_social_source(schema_con, source, home, "run-1", FAST, NOW, PlainScorer())
    tables = {
        "posts": "select * exclude (first_seen_at) from posts order by all",
        "migrations": "select * from migrations order by all",
    }
    expected = {t: schema_con.execute(sql).fetchall() for t, sql in tables.items()}
    quarantined = _one(schema_con, "select count(*) from quarantine")
    for statement in (
        "delete from posts",
        "delete from migrations",
        "delete from quarantine",
        "delete from raw_fetches",
        "delete from fetch_state",
        "delete from source_runs",
    ):
        schema_con.execute(statement)
    monkeypatch.setattr(social, "STORE_SLICE_ROWS", 2)
    sliced = social.load_social_source(schema_con, source, home, "run-2", FAST, NOW, PlainScorer())
    assert whole.posts > 2 and sliced.posts == whole.posts
    assert {t: schema_con.execute(sql).fetchall() for t, sql in tables.items()} == expected
    assert _one(schema_con, "select count(*) from quarantine") == quarantined


def test_blocks_scored_in_worker_processes_give_the_same_rows(
    schema_con: duckdb.DuckDBPyConnection, home: Path, monkeypatch, caplog
) -> None:
    """The real scorer in 2 worker processes (its migration model sent over), blocks scored
    while the next ones are parsed: the same posts, migrations and counts as in-process."""
    from pipeline.enrich.post_scorer import PostScorer
    from pipeline.parse import social_bulk

    monkeypatch.setattr(social_bulk, "BLOCK_BYTES", 300)  # the fixture in several blocks
    source = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    path = FIXTURES / "social" / "mixed.jsonl"
    assert len(list(social_bulk.parse_social_blocks(path, source, now=NOW))) >= 3
    tables = {
        "posts": "select * exclude (first_seen_at) from posts order by all",
        "migrations": "select * from migrations order by all",
        "quarantine": "select * exclude (seen_at) from quarantine order by all",
    }
    results = []
    caplog.set_level("INFO", logger="pipeline.load.social")
    for run, workers in (("run-1", 1), ("run-2", 2)):
        for table in ("posts", "migrations", "quarantine", "raw_fetches", "fetch_state"):
            schema_con.execute(f"delete from {table}")  # noqa: S608
        stats = social.load_social_source(
            schema_con, source, home, run, FAST, NOW, PostScorer(), workers
        )
        results.append((stats, {t: schema_con.execute(q).fetchall() for t, q in tables.items()}))
    (one, one_rows), (two, two_rows) = results
    assert one == two and one.posts > 3 and one_rows == two_rows
    assert "scoring posts in 2 processes" in caplog.text


def test_a_scorer_without_worker_setup_scores_in_this_process(
    schema_con: duckdb.DuckDBPyConnection, home: Path
) -> None:
    source = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    scorer = PlainScorer()  # not picklable by reference: no worker_setup, so never sent
    stats = social.load_social_source(schema_con, source, home, "run-1", FAST, NOW, scorer, 2)
    assert stats.posts > 0 and len(scorer.calls) == 1


class DyingWorkerScorer(PlainScorer):
    """Scores like PlainScorer; any worker process it sets up dies at once."""

    def worker_setup(self) -> tuple:
        import os

        return os._exit, (3,)


def test_blocks_are_scored_here_when_the_workers_die(
    schema_con: duckdb.DuckDBPyConnection, home: Path, monkeypatch, caplog
) -> None:
    from pipeline.parse import social_bulk

    monkeypatch.setattr(social_bulk, "BLOCK_BYTES", 300)  # several blocks in flight
    source = Source("dump", "social", str(FIXTURES / "social" / "mixed.jsonl"))
    scorer = DyingWorkerScorer()
    stats = social.load_social_source(schema_con, source, home, "run-1", FAST, NOW, scorer, 2)
    assert "scoring workers failed" in caplog.text
    assert stats.posts == _one(schema_con, "select count(*) from posts") > 3
    assert sum(height for height, _ in scorer.calls) >= stats.posts  # every block, here
