"""A tiny warehouse for the publish tests: a few rows in every table the pages and exports read.

Incidents and outage_daily (`fill_status`), news (`fill_news`) and the Users page's tables
(`fill_users`), with hostile titles (XSS) and URLs; the fixtures `con`, `news_con` and
`users_con` of tests/publish/conftest.py build on them.
"""

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

SCHEMA = Path(__file__).parents[2] / "sql" / "core" / "schema.sql"
NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
XSS = "<script>alert(1)</script>"

INCIDENTS = [
    # vendor, id, title, impact, maint, started, resolved, minutes, components, url, sources
    (
        "anthropic", "a1", "Elevated errors on Claude API", "major", False,
        "2026-02-28 10:00:00+00", "2026-02-28 11:30:00+00", 90.0,
        ["api", "console"], "https://status.claude.com/incidents/a1", ["a-atom", "a-json"],
    ),
    (
        "anthropic", "a2", XSS, "minor", False,
        "2026-03-01 23:30:00+00", "2026-03-02 00:10:00+00", 40.0,
        ["api"], "javascript:alert(1)", ["a-atom"],
    ),
    (
        "openai", "o1", "\"Degraded\" ChatGPT & 'API'", "critical", False,
        "2026-03-02 22:00:00+00", None, None,
        None, "https://status.openai.com/incidents/o1?a=1&b=2", ["o-json"],
    ),
    (
        "openai", "o2", "Scheduled database maintenance", "maintenance", True,
        "2026-03-01 02:00:00+00", "2026-03-01 04:00:00+00", 120.0,
        [], "https://status.openai.com/incidents/o2", ["o-json"],
    ),
    (
        # 02:00 UTC is still 2026-03-01 in New York: the day filter must use UTC.
        "openai", "o3", "Login failures", "major", False,
        "2026-03-02 02:00:00+00", "2026-03-02 03:00:00+00", 60.0,
        ["login"], "HTTPS://status.openai.com/incidents/o3", ["o-json"],
    ),
]  # fmt: skip
DAYS = [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]


XSS_IMG = "<img src=x onerror=alert(1)>"
N = "https://news.example/"
ARTICLES = [
    # article_id, url, published_at, title, vendors, topics, tone, sources, copies
    ("n1", N + "openai-outage?utm=1&x=2", "2026-03-02 09:00:00+00",
     "OpenAI outage takes down ChatGPT", ["openai"], ["outage"], -0.6,
     ["wire", "blog", "tech"], 3),
    ("n2", "javascript:alert(1)", "2026-03-02 10:00:00+00",
     XSS_IMG, ["anthropic", "openai"], ["security", "outage"], -0.2, ["wire", "blog"], 2),
    ("n3", N + "anthropic-funding", "2026-03-02 11:00:00+00",
     "Anthropic raises new funding", ["anthropic"], ["funding"], 0.7, ["tech"], 1),
    ("n4", N + "pricing", "2026-03-02 12:00:00+00",
     "OpenAI changes API pricing", ["openai"], ["pricing"], 0.1, ["wire", "blog"], 1),
    ("n5", N + "migrate", "2026-03-01 08:00:00+00",
     "Startups migrate from OpenAI to Claude", ["anthropic", "openai"], ["migration"], 0.3,
     ["wire", "tech"], 2),
    ("n9", N + "praise", "2026-03-01 09:00:00+00",
     "Claude praised by developers", ["anthropic"], [], 0.5, ["blog"], 1),
    ("n10", N + "limits", "2026-03-01 10:00:00+00",
     "Developers grumble about OpenAI limits", ["openai"], ["pricing"], -0.8, ["tech"], 1),
    ("n6", N + "gemini", "2026-02-23 05:00:00+00",
     "Gemini model release", ["google"], ["model_release", "pricing"], 0.0, ["blog"], 1),
    # Older than the top-stories window; no topics.
    ("n7", N + "old", "2026-01-10 10:00:00+00",
     "Ancient story", ["openai"], [], -0.9, ["wire"], 5),
    # No publication time: exported, but on no chart or table.
    ("n8", N + "undated", None, "Undated story", ["anthropic"], ["outage"], 0.0, ["blog"], 1),
]  # fmt: skip
NEWS_DAILY = [
    # vendor, day, articles, tone_mean, outage, migration, lead, sources
    ("anthropic", DAYS[0], 0, None, 0, 0, 0, 0),
    ("anthropic", DAYS[1], 2, 0.4, 0, 1, 1, 3),
    ("anthropic", DAYS[2], 2, 0.25, 1, 0, 1, 3),
    ("openai", DAYS[0], 0, None, 0, 0, 0, 0),
    ("openai", DAYS[1], 2, -0.25, 0, 1, 1, 3),
    ("openai", DAYS[2], 3, -0.2, 2, 0, 2, 3),
]


SENTIMENT_DAYS = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
SENTIMENT = [
    # vendor, day, source_type, items, sentiment_mean, negative_share
    ("anthropic", SENTIMENT_DAYS[0], "social", 2, 0.5, 0.0),
    ("anthropic", SENTIMENT_DAYS[1], "social", 0, None, None),
    ("anthropic", SENTIMENT_DAYS[2], "social", 1, -0.4, 1.0),
    ("openai", SENTIMENT_DAYS[0], "social", 1, 0.2, 0.0),
    ("openai", SENTIMENT_DAYS[1], "social", 3, -0.6, 1.0),
    ("openai", SENTIMENT_DAYS[2], "social", 0, None, None),
    ("openai", SENTIMENT_DAYS[2], "news", 4, 0.9, 0.0),  # not on the social chart
]
MIGRATION_DAILY = [
    # day, from, to, posts: one old day (whole window only), the rest in the last 30 days
    (date(2026, 1, 10), "openai", "anthropic", 5),
    (date(2026, 3, 1), "openai", "anthropic", 3),
    (date(2026, 3, 1), "openai", "google", 1),
    (date(2026, 3, 2), "anthropic", "openai", 2),
]
MIGRATIONS = [
    # post_id, platform, created_at, from, to, confidence
    ("hn:1", "hn", "2026-03-01 10:00:00+00", "openai", "anthropic", 0.9),
    ("reddit:2", "reddit", "2026-03-02 01:00:00+00", "anthropic", "openai", 0.8),
    ("hn:3", "hn", "2026-03-01 12:00:00+00", "openai", "google", 0.7),
]
MIGRATION_INDEX = [
    # vendor, day, inflow, outflow, net, inflow_7d, outflow_7d, net_7d, share_7d
    ("anthropic", date(2026, 3, 1), 3, 0, 3, 3, 0, 3, 0.75),
    ("anthropic", date(2026, 3, 2), 0, 2, -2, 3, 2, 1, 0.5),
    ("openai", date(2026, 3, 1), 0, 4, -4, 0, 4, -4, 0.0),
    ("openai", date(2026, 3, 2), 2, 0, 2, 2, 4, -2, 0.33),
]
LEAD_TIMES = [
    # vendor, id, title, impact, started, resolved, first anomaly, run end, hours, lead, peak,
    # burst id
    ("openai", "o1", "\"Degraded\" ChatGPT & 'API'", "critical", "2026-03-02 22:00:00+00", None,
     "2026-03-02 22:00:00+00", "2026-03-03 00:00:00+00", 2, 0.0, 5, "openai:2026-03-02T22:00Z"),
    ("anthropic", "a2", XSS, "minor", "2026-03-01 23:30:00+00", "2026-03-02 00:10:00+00",
     None, None, None, None, None, None),
    ("openai", "o3", "Login failures", "major", "2026-03-02 02:00:00+00",
     "2026-03-02 03:00:00+00", "2026-03-02 01:00:00+00", "2026-03-02 04:00:00+00", 3, -60.0, 9,
     "openai:2026-03-02T01:00Z"),
]  # fmt: skip
SILENT = [
    ("anthropic", "2026-03-01 14:00:00+00", "2026-03-01 16:00:00+00", 2, 6, 11),
    ("google", "2026-03-01 03:00:00+00", "2026-03-01 05:00:00+00", 2, 4, 7),
]


def outage_rows() -> list[tuple[Any, ...]]:
    rows = []
    for vendor in ("anthropic", "openai"):
        for day in DAYS:
            down = {("anthropic", DAYS[0]): 90.0, ("openai", DAYS[2]): 180.0}.get((vendor, day), 0)
            uptime = 100.0 - 100.0 * down * 0.3 / 1440
            mttr = 90.0 if (vendor, day) == ("anthropic", DAYS[0]) else None
            rows.append((vendor, day, 1 if down else 0, down, down, down * 0.3, uptime, mttr, 0.0))
    return rows


def hourly_rows() -> list[tuple[Any, ...]]:
    """48 hours x 3 vendors; openai is anomalous 01:00-03:59 on 03-02, google has no reports."""
    rows = []
    for vendor in ("anthropic", "google", "openai"):
        for h in range(48):
            hour = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=h)
            reports = 0
            if vendor == "openai" and h in (25, 26, 27):
                reports = 8 + h - 25
            elif vendor == "anthropic" and h in (14, 15):
                reports = 6 if h == 14 else 5
            elif vendor == "openai" and h == 5:
                reports = 1
            anomaly = reports > 3
            rows.append((vendor, hour, reports, 0.0, 0.0, 3.0, anomaly, anomaly))
    return rows


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """A UTC connection to `db` (no schema)."""
    con = duckdb.connect(str(db))
    con.execute("SET TimeZone = 'UTC'").fetchall()
    return con


def empty_warehouse(db: Path) -> duckdb.DuckDBPyConnection:
    """A UTC connection to a new warehouse with schema.sql applied and no rows."""
    con = connect(db)
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    return con


def fill_status(con: duckdb.DuckDBPyConnection) -> None:
    """INCIDENTS and outage_daily rows of DAYS."""
    con.executemany(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values (?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?[1], ?,"
        " 'resolved', 2)",
        [(*row, row[-1]) for row in INCIDENTS],
    )
    con.executemany("insert into outage_daily values (?, ?, ?, ?, ?, ?, ?, ?, ?)", outage_rows())


def fill_news(con: duckdb.DuckDBPyConnection) -> None:
    """ARTICLES and NEWS_DAILY."""
    con.executemany(
        "insert into articles (article_id, source, url, canonical_url, published_at, title,"
        " summary, text_source, language, vendors, topics, tone, sources, urls, copies)"
        " values (?, ?[1], ?, ?, ?, ?, null, 'page', 'en', ?, ?, ?, ?, [?], ?)",
        [
            (aid, sources, url, url.lower(), at, title, vendors, topics, tone, sources, url, n)
            for aid, url, at, title, vendors, topics, tone, sources, n in ARTICLES
        ],
    )
    con.executemany("insert into news_daily values (?, ?, ?, ?, ?, ?, ?, ?)", NEWS_DAILY)


def fill_users(con: duckdb.DuckDBPyConnection) -> None:
    """A few rows in every table of the Users page."""
    con.executemany("insert into sentiment_daily values (?, ?, ?, ?, ?, ?)", SENTIMENT)
    con.executemany("insert into migration_daily values (?, ?, ?, ?)", MIGRATION_DAILY)
    con.executemany("insert into migrations values (?, ?, ?, ?, ?, ?)", MIGRATIONS)
    con.executemany(
        "insert into migration_index_daily values (?, ?, ?, ?, ?, ?, ?, ?, ?)", MIGRATION_INDEX
    )
    con.executemany(
        "insert into outage_reports_hourly values (?, ?, ?, ?, ?, ?, ?, ?)", hourly_rows()
    )
    con.executemany(
        "insert into incident_lead_times values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", LEAD_TIMES
    )
    con.executemany("insert into silent_outages values (?, ?, ?, ?, ?, ?)", SILENT)


def plotly_traces(page: str) -> list[dict[str, Any]]:
    """The trace JSON arrays passed to Plotly.newPlot, decoded."""
    decoder = json.JSONDecoder()
    traces = []
    for match in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", page):
        data, _ = decoder.raw_decode(page, match.end())
        traces.extend(data)
    return traces
