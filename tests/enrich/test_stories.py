"""Stories: feed-item copies merged into one scored row per story, rebuilt in the warehouse."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import polars as pl

from pipeline.enrich.stories import ARTICLE_COLUMNS, ARTICLE_SCHEMA, build_articles, story_frame


def test_no_copies_give_an_empty_typed_frame() -> None:
    copies = pl.DataFrame(schema={"item_key": pl.String()})
    stories = story_frame(copies)
    assert stories.is_empty() and stories.schema == pl.Schema(ARTICLE_SCHEMA)
    assert tuple(stories.columns) == ARTICLE_COLUMNS


def test_copies_of_one_story_are_one_article(schema_con: duckdb.DuckDBPyConnection) -> None:
    at = datetime(2026, 3, 3, 14, tzinfo=UTC)
    for source, item in (("wire", "w1"), ("paper", "p1")):
        schema_con.execute(
            "insert into news_items (source, item_id, url, title, summary, published_at,"
            " categories, first_seen_at) values (?, ?, ?, ?, '', ?, [], ?)",
            [source, item, "https://press.example/claude-outage?utm_source=" + source,
             "Claude suffers major outage", at, at],
        ).fetchall()  # fmt: skip
    assert build_articles(schema_con) == 1
    row = schema_con.execute("select sources, copies, tone between -1 and 1 from articles")
    assert row.fetchall() == [(["paper", "wire"], 2, True)]
    assert build_articles(schema_con) == 1  # a rebuild replaces, never appends
