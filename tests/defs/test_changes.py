"""Change detection (pipeline.defs.changes) and the story tag cache: what an incremental run
skips, and that skipping never changes a result."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.defs.changes import RUN_LOG, SKIPPED, ChangeTracker, files_fingerprint
from pipeline.enrich import stories
from pipeline.enrich.stories import StoryTagCache, build_articles


def _tracker(con: duckdb.DuckDBPyConnection, home: Path, *, full: bool = False) -> ChangeTracker:
    return ChangeTracker(con, home, full=full)


def _rebuild(tracker: ChangeTracker, con: duckdb.DuckDBPyConnection) -> bool:
    """One 'asset': migration_daily from migrations; True when it ran."""
    gate = tracker.gate("migration_daily", ["migrations"], ["migration_daily"], params={"w": 1})
    if not gate.skip:
        con.execute("delete from migration_daily").fetchall()
    tracker.done(gate)
    tracker.flush()
    return not gate.skip


def test_an_asset_is_skipped_only_while_inputs_and_outputs_are_as_it_left_them(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = schema_con
    assert _rebuild(_tracker(con, tmp_path), con)  # never ran: rebuild
    again = _tracker(con, tmp_path)
    assert not _rebuild(again, con)  # next run, nothing changed
    assert again.decisions == {"migration_daily": SKIPPED}

    con.execute(
        "insert into migrations (post_id, platform, created_at, from_vendor, to_vendor, "
        "confidence) values ('p1', 'hn', '2026-03-01T00:00:00Z', 'openai', 'anthropic', 1)"
    ).fetchall()
    assert _rebuild(_tracker(con, tmp_path), con)  # an input changed
    assert not _rebuild(_tracker(con, tmp_path), con)

    con.execute(
        "insert into migration_daily (day, from_vendor, to_vendor, posts) "
        "values ('2026-03-01', 'openai', 'anthropic', 9)"
    ).fetchall()
    assert _rebuild(_tracker(con, tmp_path), con)  # its output was changed behind its back
    assert _rebuild(_tracker(con, tmp_path, full=True), con)  # --full


def test_other_code_or_a_lost_memory_rebuilds(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = schema_con
    _rebuild(_tracker(con, tmp_path), con)
    state = tmp_path / "state" / "incremental.json"
    saved = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps(saved | {"code": "other"}), encoding="utf-8")
    assert _rebuild(_tracker(con, tmp_path), con)
    state.write_text("{not json", encoding="utf-8")
    assert _rebuild(_tracker(con, tmp_path), con)
    state.unlink()
    assert _rebuild(_tracker(con, tmp_path), con)


def test_the_run_log_fingerprint_ignores_what_every_run_appends(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = schema_con

    def run(run_id: str, started: str) -> str:
        con.execute(
            "insert into source_runs (run_id, source, kind, started_at, fetch_outcome, vendor) "
            "values (?, 'a-status', 'status', ?, 'unchanged', 'anthropic')",
            [run_id, started],
        ).fetchall()
        return _tracker(con, tmp_path).table(RUN_LOG)

    first = run("r1", "2026-03-01T01:00:00Z")
    assert run("r2", "2026-03-01T02:00:00Z") == first  # same day: coverage unchanged
    assert run("r3", "2026-03-02T02:00:00Z") != first  # a new covered day


def test_checks_remember_their_count_while_the_tables_they_read_are_unchanged(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = schema_con
    check, reads = "incidents_keys_unique", {"select", "incidents", "vendor"}
    tracker = _tracker(con, tmp_path)
    assert tracker.check_result(check, reads) is None
    tracker.remember_check(check, 0, reads)
    tracker.remember_check("via_view", 0, {"vendor_daily"})  # a view: keyed on every table
    tracker.flush()
    assert _tracker(con, tmp_path).check_result(check, reads) == 0
    con.execute(
        "insert into news_items (source, item_id, url, title, published_at, first_seen_at) "
        "values ('s', 'i', 'https://x.example/a', 't', now(), now())"
    ).fetchall()
    assert _tracker(con, tmp_path).check_result(check, reads) == 0  # reads no news_items
    assert _tracker(con, tmp_path).check_result("via_view", {"vendor_daily"}) is None
    assert _tracker(con, tmp_path, full=True).check_result(check, reads) is None
    con.execute(
        "insert into incidents by name select 'openai' as vendor, 'i1' as incident_id, "
        "'major' as impact, false as is_impact_inferred, false as is_maintenance, "
        "now() as started_at, 's' as source, ['s'] as sources, 1 as updates"
    ).fetchall()
    assert _tracker(con, tmp_path).check_result(check, reads) is None


def test_files_fingerprint_sees_a_deleted_or_rewritten_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "runs.html").write_text("r")
    before = files_fingerprint(tmp_path, ["runs.html"])
    (tmp_path / "runs.html").write_text("rr")
    assert files_fingerprint(tmp_path, ["runs.html"]) == before
    (tmp_path / "a.html").write_text("aa")
    assert files_fingerprint(tmp_path, ["runs.html"]) != before
    assert files_fingerprint(tmp_path / "missing") == "missing"


def _add_item(con: duckdb.DuckDBPyConnection, item: str, title: str) -> None:
    at = datetime(2026, 3, 3, 14, tzinfo=UTC)
    con.execute(
        "insert or replace into news_items (source, item_id, url, title, summary, published_at,"
        " categories, first_seen_at) values ('wire', ?, ?, ?, '', ?, [], ?)",
        [item, f"https://press.example/{item}", title, at, at],
    ).fetchall()


def test_story_tags_are_computed_only_for_new_or_changed_texts(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = schema_con
    tagged: list[int] = []
    rank = stories.topics.rank_vendors

    def counting(title: pl.Series, text: pl.Series) -> pl.Series:
        tagged.append(len(title))
        return rank(title, text)

    monkeypatch.setattr(stories.topics, "rank_vendors", counting)
    cache = StoryTagCache(tmp_path / "state", "v1")
    _add_item(con, "w1", "Claude suffers major outage")
    _add_item(con, "w2", "OpenAI raises prices for GPT API")
    assert build_articles(con, cache) == 2
    assert tagged == [2]
    assert build_articles(con, cache) == 2
    assert tagged == [2, 0]  # nothing new: nothing classified
    _add_item(con, "w2", "Gemini outage hits developers")  # one text changed
    build_articles(con, cache)
    assert tagged == [2, 0, 1]
    cached = con.execute("select * from articles order by article_id").fetchall()
    build_articles(con)  # no cache: every story classified afresh
    assert con.execute("select * from articles order by article_id").fetchall() == cached
    assert build_articles(con, StoryTagCache(tmp_path / "state", "v2")) == 2  # new tagging code
    assert tagged[-1] == 2
    assert [p.name for p in (tmp_path / "state").iterdir()] == [cache.path.name.replace("v1", "v2")]
