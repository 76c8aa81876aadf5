"""News loading: feed items into news_items, article pages (from a mirror) into article_pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import feeds, news

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Press</title><link>https://press.example/</link>
<item><title>Claude is down</title><link>https://press.example/a</link><guid>a</guid>
<pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate></item>
<item><title>Claude is down (again)</title><link>https://press.example/a</link><guid>a</guid>
<pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate></item>
<item><title>Plain text page</title><link>https://press.example/b</link><guid>b</guid>
<pubDate>Tue, 03 Mar 2026 13:00:00 GMT</pubDate></item>
<item><title>Missing page</title><link>https://press.example/c</link><guid>c</guid>
<pubDate>Tue, 03 Mar 2026 12:00:00 GMT</pubDate></item>
</channel></rss>
"""
PARAGRAPH = (
    "<p>Anthropic's Claude was unavailable for about an hour on Tuesday afternoon, the company "
    "said on its status page. Users saw errors in the app and in the API, and developers "
    "reported failed requests across several regions before the service recovered.</p>"
)
PAGE = (
    '<html lang="en"><head><title>Claude is down</title>'
    '<link rel="canonical" href="https://press.example/a"></head><body><article>'
    + PARAGRAPH * 4
    + "</article></body></html>"
).encode()


def _news_source(tmp_path: Path) -> Source:
    (tmp_path / "feed.rss").write_bytes(FEED)
    mirror = tmp_path / "mirror" / "press.example"
    mirror.mkdir(parents=True)
    (mirror / "a").write_bytes(PAGE)
    (mirror / "b").write_bytes(b"just words, no markup at all")
    return Source(
        "press",
        "news",
        str(tmp_path / "feed.rss"),
        fetch_articles=True,
        mirror="mirror",
        base_dir=tmp_path,
    )


def test_news_items_are_stored_once_per_item_id(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    source = _news_source(tmp_path)
    feeds.fetch_sources(schema_con, [source], home, "run-1", FetchSettings())
    (stats,) = feeds.parse_pending(schema_con, [source], home, "run-1", NOW, "news")
    assert (stats.records, stats.quarantined, stats.rows_written) == (4, 0, 3)
    items = schema_con.execute("select item_id, title from news_items order by item_id").fetchall()
    assert items == [("a", "Claude is down"), ("b", "Plain text page"), ("c", "Missing page")]
    assert news.pages_to_fetch(schema_con, source) == [
        "https://press.example/a",
        "https://press.example/b",
        "https://press.example/c",
    ]


def test_article_pages_are_fetched_extracted_and_counted(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    source = _news_source(tmp_path)
    settings = FetchSettings(max_attempts=1)
    feeds.fetch_sources(schema_con, [source], home, "run-1", settings)
    feeds.parse_pending(schema_con, [source], home, "run-1", NOW, "news")
    stats = news.load_article_pages(schema_con, [source], home, "run-1", settings)
    # a: extracted; b: fetched but not HTML (quarantined); c: not in the mirror (not recorded)
    assert stats == [news.PageStats("press", fetched=1, failed=2)]
    pages = schema_con.execute(
        "select url, final_url, status, text is not null from article_pages order by url"
    ).fetchall()
    assert pages == [
        ("https://press.example/a", "https://press.example/a", "ok", True),
        ("https://press.example/b", "https://press.example/b", "failed", False),
    ]
    quarantine = schema_con.execute("select source, record_ref from quarantine").fetchall()
    assert quarantine == [("press", "https://press.example/b")]
    logged = schema_con.execute("select url from raw_fetches order by url").fetchall()
    assert ("https://press.example/a",) in logged and ("https://press.example/b",) in logged
    counts = schema_con.execute("select pages_fetched, pages_failed from source_runs").fetchall()
    assert counts == [(1, 2)]
    # only the page that could not be fetched is tried again
    assert news.pages_to_fetch(schema_con, source) == ["https://press.example/c"]
