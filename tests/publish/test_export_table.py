"""publish.exports.export_table: one table as CSV or Parquet (filters, UTC, errors)."""

import csv
import io
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.core import warehouse
from pipeline.core.errors import CatalogError, RadarError
from pipeline.core.vendors import VENDORS
from pipeline.publish.exports import (
    EXPORTABLE,
    MAX_SORT_KEYS,
    ExportSpec,
    export_all,
    export_filename,
    export_rows,
    export_table,
    open_export_database,
    resolve_vendor,
)
from pipeline.publish.page import OUTAGES_PAGE
from pipeline.publish.site import build_page
from tests.publish import tiny_warehouse as tw
from tests.publish.tiny_warehouse import ARTICLES, DAYS, INCIDENTS, NOW, XSS_IMG

EXPECTED_INCIDENTS = (
    "select * from incidents where vendor = 'openai'"
    " and started_at >= '2026-03-01 00:00:00+00' and started_at < '2026-03-03 00:00:00+00'"
    " order by vendor, started_at, incident_id"
)


def _csv_value(value: Any) -> str:
    """How a value should look in the CSV export (written independently of py)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return np.format_float_positional(value, trim="0")  # never an exponent; 90.0
    if isinstance(value, datetime):
        assert value.utcoffset() is not None
        assert value.utcoffset().total_seconds() == 0
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        row[0]
        for row in con.sql(
            "select column_name from duckdb_columns() where table_name = ? order by column_index",
            params=[table],
        ).fetchall()
    ]


def _widened(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` as the Parquet export types it: every integer column INT64."""
    return frame.with_columns(
        pl.col(pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16).cast(pl.Int64)
    )


def _unknown(name: str, table: str, valid: str) -> str:
    return (
        f"unknown vendor {name!r}; choose a vendor slug or alias (any case): {ALL_VENDORS} "
        f"({table} has rows for: {valid})"
    )


ALL_VENDORS = ", ".join(VENDORS)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def test_export_csv_round_trip(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "incidents_openai.csv"
    rows = export_table(
        con, "incidents", out, vendors=["openai"], since=date(2026, 3, 1), until=date(2026, 3, 2)
    )
    expected = con.sql(EXPECTED_INCIDENTS).fetchall()
    assert rows == len(expected) == 3
    header, written = _read_csv(out)
    assert header == _table_columns(con, "incidents")
    assert written == [[_csv_value(v) for v in row] for row in expected]
    assert [r[1] for r in written] == ["o2", "o3", "o1"]  # sorted by vendor, started_at
    assert written[0][9] == ""  # empty components list
    assert written[2][9] == ""  # NULL components
    assert written[2][7] == ""  # open incident: no duration
    assert not list(out.parent.glob(".*"))  # no temp file left behind


def test_export_csv_lists_and_days(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    export_table(con, "incidents", out, vendors=["anthropic"])
    header, written = _read_csv(out)
    assert written[0][header.index("components")] == "api;console"
    assert written[0][header.index("sources")] == "a-atom;a-json"
    out = tmp_path / "outage_daily.csv"
    n = export_table(con, "outage_daily", out, since=date(2026, 3, 2))
    header, written = _read_csv(out)
    assert n == 2
    assert header == [
        "vendor",
        "day",
        "incidents_started",
        "outage_minutes",
        "major_outage_minutes",
        "weighted_down_minutes",
        "uptime_pct",
        "mttr_minutes",
        "maintenance_minutes",
    ]
    assert [(r[0], r[1]) for r in written] == [
        ("anthropic", "2026-03-02"),
        ("openai", "2026-03-02"),
    ]


def test_export_parquet_round_trip(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    rows = export_table(
        con,
        "incidents",
        out,
        vendors=["openai"],
        since=date(2026, 3, 1),
        until=date(2026, 3, 2),
        fmt="parquet",
    )
    assert rows == 3
    got = pl.read_parquet(out)
    expected = _widened(con.sql(EXPECTED_INCIDENTS).pl())
    assert_frame_equal(got, expected)
    assert got.schema["components"] == pl.List(pl.String)
    assert got.schema["started_at"] == pl.Datetime("us", "UTC")

    out = tmp_path / "outage_daily.parquet"
    export_table(
        con, "outage_daily", out, vendors=["anthropic", "openai"], until=date(2026, 2, 28),
        fmt="parquet",
    )  # fmt: skip
    assert_frame_equal(
        pl.read_parquet(out),
        _widened(
            con.sql(
                "select * from outage_daily where day <= '2026-02-28' order by vendor, day"
            ).pl()
        ),
    )


def test_export_all(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    warehouse.run_sql(con, "views")  # vendor_scorecard_monthly is a view
    paths = export_all(con, tmp_path / "exports")
    assert [p.name for p in paths] == [f"{name}.csv" for name in EXPORTABLE]
    assert paths[0].name == "vendor_scorecard_monthly.csv"
    paths = paths[1:]
    assert paths[:3] == [
        tmp_path / "exports" / f"{t}.csv" for t in ("incidents", "outage_daily", "news_daily")
    ]
    assert len(_read_csv(paths[0])[1]) == len(INCIDENTS)
    assert len(_read_csv(paths[1])[1]) == 6
    assert len(_read_csv(paths[2])[1]) == 0  # news tables exist (schema.sql) but are empty
    assert export_filename("incidents", ["openai"], "parquet") == "incidents_openai.parquet"


def test_export_news_daily_round_trip(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "news_daily_openai.csv"
    n = export_table(news_con, "news_daily", out, vendors=["openai"], since=DAYS[1])
    expected = news_con.sql(
        "select * from news_daily where vendor = 'openai' and day >= '2026-03-01' order by day"
    ).fetchall()
    assert n == len(expected) == 2
    header, written = _read_csv(out)
    assert header == _table_columns(news_con, "news_daily")
    assert written == [[_csv_value(v) for v in row] for row in expected]

    out = tmp_path / "news_daily.parquet"
    n = export_table(news_con, "news_daily", out, until=DAYS[1], fmt="parquet")
    assert n == 4
    assert_frame_equal(
        pl.read_parquet(out),
        _widened(
            news_con.sql(
                "select * from news_daily where day <= '2026-03-01' order by vendor, day"
            ).pl()
        ),
    )


def _articles_mentioning(con: duckdb.DuckDBPyConnection, *vendors: str) -> pl.DataFrame:
    everything = con.sql("select * from articles order by published_at, article_id").pl()
    mask = pl.any_horizontal(pl.col("vendors").list.contains(v) for v in vendors)
    return everything.filter(mask)


def test_export_articles_csv(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "articles_anthropic.csv"
    n = export_table(news_con, "articles", out, vendors=["anthropic"], since=DAYS[1], until=DAYS[2])
    expected = _articles_mentioning(news_con, "anthropic").filter(
        pl.col("published_at").is_between(
            datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC), closed="left"
        )
    )
    assert expected["article_id"].to_list() == ["n5", "n9", "n2", "n3"]
    assert n == 4
    header, written = _read_csv(out)
    assert header == _table_columns(news_con, "articles")
    assert written == [[_csv_value(v) for v in row] for row in expected.rows()]
    n2 = dict(zip(header, written[2], strict=True))
    assert n2["vendors"] == "anthropic;openai"
    assert n2["topics"] == "security;outage"
    assert n2["sources"] == "wire;blog"
    assert n2["urls"] == "javascript:alert(1)"
    assert n2["title"] == XSS_IMG  # exports carry data, not HTML
    assert n2["published_at"] == "2026-03-02T10:00:00Z"
    assert written[1][header.index("topics")] == ""  # empty list


def test_export_articles_parquet(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    n = export_table(news_con, "articles", out, vendors=["google", "openai"], fmt="parquet")
    got = pl.read_parquet(out)
    expected = _articles_mentioning(news_con, "google", "openai")
    assert n == expected.height == 7
    assert_frame_equal(got, _widened(expected))
    assert got.schema["vendors"] == pl.List(pl.String)
    assert got["article_id"].to_list() == ["n7", "n6", "n5", "n10", "n1", "n2", "n4"]
    # Without filters every story is exported, the undated one last.
    export_table(news_con, "articles", out, fmt="parquet")
    got = pl.read_parquet(out)
    assert got.height == len(ARTICLES)
    assert got["article_id"][-1] == "n8"
    assert got["published_at"][-1] is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"indicator": "articles", "vendors": ["openai", "acme"]},
            _unknown("acme", "articles", "anthropic, google, openai"),
        ),
        (
            {"indicator": "articles", "since": date(2026, 3, 2), "until": date(2026, 3, 1)},
            "--since 2026-03-02 is after --until 2026-03-01",
        ),
    ],
)
def test_export_news_usage_errors_list_choices(
    news_con: duckdb.DuckDBPyConnection, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CatalogError) as err:
        export_table(news_con, out=out, **kwargs)
    assert str(err.value) == message
    assert not out.exists()


def test_export_known_vendor_on_empty_table_is_an_empty_result(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    result = export_rows(con, "articles", tmp_path / "x.csv", vendors=["openai"])
    assert result.rows == 0
    assert result.notes == ("articles has no rows for vendor 'openai'; its vendors: (none)",)
    assert _read_csv(tmp_path / "x.csv") == (_table_columns(con, "articles"), [])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"indicator": "foo"},
            "unknown indicator 'foo'; choose one of: " + ", ".join(sorted(EXPORTABLE)),
        ),
        (
            {"indicator": "incidents", "vendors": ["openai", "acme"]},
            _unknown("acme", "incidents", "anthropic, openai"),
        ),
        (
            {"indicator": "incidents", "since": date(2026, 3, 2), "until": date(2026, 3, 1)},
            "--since 2026-03-02 is after --until 2026-03-01",
        ),
        (
            {"indicator": "incidents", "fmt": "xlsx"},
            "unknown format 'xlsx'; choose one of: csv, parquet",
        ),
    ],
)
def test_export_usage_errors_list_choices(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CatalogError) as err:
        export_table(con, out=out, **kwargs)
    assert str(err.value) == message
    assert not out.exists()


def test_export_refuses_non_utc_session(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    con.execute("SET TimeZone = 'America/New_York'").fetchall()
    with pytest.raises(RadarError, match="TimeZone = 'UTC'"):
        export_table(con, "incidents", tmp_path / "x.csv")


@pytest.mark.usefixtures("new_york_tz")
def test_utc_output_under_new_york_tz(tmp_path: Path) -> None:
    # DuckDB's session zone follows TZ unless the connection sets UTC (as warehouse.connect does).
    assert duckdb.connect().execute("select current_setting('TimeZone')").fetchall() == [
        ("America/New_York",)
    ]
    con = tw.empty_warehouse(tmp_path / "ny.duckdb")
    con.execute(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values ('openai', 'o3', 'Login failures', 'major', false,"
        " false, '2026-03-02 02:00:00+00', '2026-03-02 03:00:00+00', 60.0, ['login'], null,"
        " 's', ['s'], 'resolved', 1)"
    ).fetchall()
    out = tmp_path / "incidents.csv"
    # 02:00 UTC on 03-02 is 21:00 on 03-01 in New York: it belongs to the UTC day 03-02.
    assert export_table(con, "incidents", out, until=date(2026, 3, 1)) == 0
    assert export_table(con, "incidents", out, since=date(2026, 3, 2)) == 1
    header, rows = _read_csv(out)
    assert rows[0][header.index("started_at")] == "2026-03-02T02:00:00Z"
    assert rows[0][header.index("resolved_at")] == "2026-03-02T03:00:00Z"
    page = build_page(con, tmp_path / "d", OUTAGES_PAGE, generated_at=NOW).read_text(
        encoding="utf-8"
    )
    assert "<td>2026-03-02 02:00 UTC</td>" in page


def test_export_migration_daily_vendor_matches_from_or_to(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "migration_daily_google.csv"
    n = export_table(users_con, "migration_daily", out, vendors=["google"])
    header, written = _read_csv(out)
    assert n == 1
    assert header == ["day", "from_vendor", "to_vendor", "posts"]
    assert written == [["2026-03-01", "openai", "google", "1"]]
    out = tmp_path / "migration_daily.parquet"
    n = export_table(
        users_con, "migration_daily", out, vendors=["anthropic"], since=date(2026, 3, 1),
        fmt="parquet",
    )  # fmt: skip
    expected = users_con.sql(
        "select * from migration_daily where 'anthropic' in (from_vendor, to_vendor)"
        " and day >= '2026-03-01' order by day, from_vendor, to_vendor"
    ).pl()
    assert n == expected.height == 2
    assert_frame_equal(pl.read_parquet(out), _widened(expected))


def test_export_migrations_and_index(users_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "migrations.csv"
    export_table(users_con, "migrations", out, vendors=["openai"], until=date(2026, 3, 1))
    header, written = _read_csv(out)
    assert header == _table_columns(users_con, "migrations")
    assert [r[0] for r in written] == ["hn:1", "hn:3"]  # by created_at; 03-02 left out
    out = tmp_path / "migration_index_daily.csv"
    n = export_table(users_con, "migration_index_daily", out, vendors=["openai"])
    expected = users_con.sql(
        "select * from migration_index_daily where vendor = 'openai' order by day"
    ).fetchall()
    assert n == 2
    assert _read_csv(out)[1] == [[_csv_value(v) for v in row] for row in expected]


def test_export_hourly_and_crowd_tables(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "outage_reports_hourly.parquet"
    n = export_table(
        users_con, "outage_reports_hourly", out, vendors=["openai"], since=date(2026, 3, 2),
        until=date(2026, 3, 2), fmt="parquet",
    )  # fmt: skip
    got = pl.read_parquet(out)
    assert n == got.height == 24  # the UTC day 03-02 only
    assert got["hour"][0] == datetime(2026, 3, 2, tzinfo=UTC)
    assert got["hour"].is_sorted()
    out = tmp_path / "incident_lead_times.csv"
    export_table(users_con, "incident_lead_times", out, since=date(2026, 3, 2))
    header, written = _read_csv(out)
    assert header == _table_columns(users_con, "incident_lead_times")
    assert [(r[0], r[1]) for r in written] == [("openai", "o3"), ("openai", "o1")]
    assert written[1][header.index("title")] == "\"Degraded\" ChatGPT & 'API'"
    out = tmp_path / "silent_outages.csv"
    assert export_table(users_con, "silent_outages", out) == 2
    assert [r[0] for r in _read_csv(out)[1]] == ["anthropic", "google"]
    out = tmp_path / "sentiment_daily.csv"
    assert export_table(users_con, "sentiment_daily", out, since=date(2026, 3, 3)) == 3
    assert [(r[0], r[2]) for r in _read_csv(out)[1]] == [
        ("anthropic", "social"),
        ("openai", "news"),
        ("openai", "social"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"indicator": "migration_daily", "vendors": ["acme"]},
            _unknown("acme", "migration_daily", "anthropic, google, openai"),
        ),
        (
            {"indicator": "outage_reports_hourly", "vendors": ["Claudette"]},
            _unknown("Claudette", "outage_reports_hourly", "anthropic, google, openai"),
        ),
        (
            {"indicator": "posts"},
            "unknown indicator 'posts'; choose one of: " + ", ".join(sorted(EXPORTABLE)),
        ),
    ],
)
def test_export_users_usage_errors_list_choices(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CatalogError) as err:
        export_table(users_con, out=out, **kwargs)
    assert str(err.value) == message
    assert not out.exists()


def test_export_spec_fits_the_statements() -> None:
    # The export statements have five sort key slots and two vendor column slots.
    with pytest.raises(ValueError, match="order_by"):
        ExportSpec("x", ("a", "b", "c", "d", "e", "f"), "day")
    with pytest.raises(ValueError, match="vendor columns"):
        ExportSpec("x", ("a",), "day", ("a", "b", "c"))
    assert all(1 <= len(s.order_by) <= MAX_SORT_KEYS for s in EXPORTABLE.values())


# CSV formula injection (issue 11, case 13): text a spreadsheet would run as a formula.
HOSTILE_TEXT = {
    "incident_id": "+1",
    "title": '=HYPERLINK("http://x")',
    "impact": "-2",
    "url": "@cmd",
    "source": "\tcmd",
    "status": "\r=1",
}


def _insert_hostile_incident(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values ('xai', $incident_id, $title, $impact, false, false,"
        " '2026-03-01 00:00:00+00', null, -5.5, [null, '@sum(1)', 'api'], $url, $source,"
        " ['-x', '=y'], $status, -3)",
        HOSTILE_TEXT,
    ).fetchall()


def test_csv_neutralises_formula_text_only(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _insert_hostile_incident(con)
    out = tmp_path / "incidents_xai.csv"
    assert export_table(con, "incidents", out, vendors=["xai"]) == 1
    header, (row,) = _read_csv(out)
    cell = dict(zip(header, row, strict=True))
    for column, text in HOSTILE_TEXT.items():
        assert cell[column] == "'" + text, column
    assert cell["components"] == "'@sum(1);api"  # the joined list is one text cell
    assert cell["sources"] == "'-x;=y"  # only the cell's start matters
    assert cell["vendor"] == "xai"  # harmless text untouched
    assert cell["duration_minutes"] == "-5.5"  # numbers never get the prefix
    assert cell["updates"] == "-3"
    assert cell["started_at"] == "2026-03-01T00:00:00Z"
    assert cell["is_impact_inferred"] == "false"
    # The neutralised export keeps the rows and order of the raw one.
    export_table(con, "incidents", tmp_path / "all.csv")
    header, rows = _read_csv(tmp_path / "all.csv")
    ids = con.sql("select incident_id from incidents order by vendor, started_at").fetchall()
    assert [r[header.index("incident_id")] for r in rows] == [
        "'+1" if i == "+1" else i for (i,) in ids
    ]


def test_parquet_keeps_the_raw_text(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _insert_hostile_incident(con)
    out = tmp_path / "incidents_xai.parquet"
    export_table(con, "incidents", out, vendors=["xai"], fmt="parquet")
    (row,) = pl.read_parquet(out).to_dicts()
    assert {c: row[c] for c in HOSTILE_TEXT} == HOSTILE_TEXT
    assert row["components"] == [None, "@sum(1)", "api"]
    assert row["duration_minutes"] == -5.5


# ----------------------------------------------------------- vendors, notes, types (issue 13)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("anthropic", "anthropic"),
        ("Anthropic", "anthropic"),
        ("ANTHROPIC", "anthropic"),
        ("claude", "anthropic"),
        ("Claude Code", "anthropic"),
        ("chatgpt", "openai"),
        ("XAI", "xai"),
        ("grok", "xai"),
        ("Le  Chat", "mistral"),
        ("acme", None),
        ("Claudette", None),
    ],
)
def test_resolve_vendor_takes_slugs_and_aliases_in_any_case(name: str, slug: str | None) -> None:
    assert resolve_vendor(name) == slug


def test_vendor_aliases_select_the_vendor(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    by_slug = tmp_path / "slug.csv"
    export_table(con, "incidents", by_slug, vendors=["openai"])
    for alias in ("OpenAI", "chatgpt", "GPT-4o"):
        out = tmp_path / f"{alias}.csv"
        result = export_rows(con, "incidents", out, vendors=[alias])
        assert result.rows == 3 and result.notes == ()
        assert out.read_bytes() == by_slug.read_bytes()
    # One vendor asked for twice (slug and alias) is exported once.
    assert export_table(con, "incidents", tmp_path / "x.csv", vendors=["claude", "Anthropic"]) == 2


def test_known_vendor_without_rows_gives_an_empty_result_and_a_note(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "google.csv"
    result = export_rows(con, "outage_daily", out, vendors=["Gemini"])
    assert result.rows == 0
    # Not "unknown vendor": the note names the vendors the table has.
    assert result.notes == (
        "outage_daily has no rows for vendor 'google'; its vendors: anthropic, openai",
    )
    header, rows = _read_csv(out)
    assert header == _table_columns(con, "outage_daily") and rows == []
    # With a vendor that has rows, the other one's note stays and its rows come out.
    result = export_rows(con, "outage_daily", out, vendors=["google", "openai"])
    assert result.rows == 3 and len(result.notes) == 1


def test_a_filter_selecting_nothing_names_the_data_window(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    result = export_rows(con, "outage_daily", tmp_path / "x.csv", since=date(2027, 1, 1))
    assert result.rows == 0
    assert result.notes == (
        "no rows of outage_daily match --since 2027-01-01; its data window is 2026-02-28 to "
        "2026-03-02 (6 rows)",
    )
    result = export_rows(
        con, "incidents", tmp_path / "x.csv", vendors=["anthropic"], until=date(2026, 1, 1)
    )
    assert result.notes == (
        "no rows of incidents match --vendor anthropic --until 2026-01-01; its data window is "
        "2026-02-28 to 2026-03-02 (5 rows)",
    )
    result = export_rows(con, "news_daily", tmp_path / "x.csv", since=date(2026, 1, 1))
    assert result.notes == ("no rows match --since 2026-01-01: news_daily is empty",)
    # Rows written: no note.
    assert export_rows(con, "outage_daily", tmp_path / "x.csv").notes == ()


def test_csv_to_a_stream_is_the_file_and_parquet_needs_a_file(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    export_table(con, "incidents", out)
    stream = io.BytesIO()
    assert export_rows(con, "incidents", stream).rows == len(INCIDENTS)
    assert stream.getvalue() == out.read_bytes()
    with pytest.raises(CatalogError, match=r"parquet needs an output file \(-o FILE\)"):
        export_rows(con, "incidents", io.BytesIO(), fmt="parquet")


def test_integer_columns_have_one_type_in_csv_and_parquet(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    for table in ("outage_daily", "migration_index_daily", "incidents"):
        csv_path, parquet_path = tmp_path / f"{table}.csv", tmp_path / f"{table}.parquet"
        export_table(users_con, table, csv_path)
        export_table(users_con, table, parquet_path, fmt="parquet")
        from_csv = pl.read_csv(csv_path).schema
        from_parquet = pl.read_parquet(parquet_path).schema
        integers = [
            name
            for name, dtype in _table_types(users_con, table)
            if dtype in ("INTEGER", "BIGINT", "SMALLINT")
        ]
        assert integers, table
        for name in integers:
            assert from_parquet[name] == pl.Int64 == from_csv[name], (table, name)


def _table_types(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.sql(
        "select column_name, data_type from duckdb_columns() where table_name = ?"
        " order by column_index",
        params=[table],
    ).fetchall()


# ------------------------------------------------ what exports open: snapshot or warehouse

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("create table if not exists held (x integer)")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding a write connection to `db` for `seconds`, as a run does."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def export_home(tmp_path: Path) -> Path:
    """A home with a tiny warehouse (closed) and no snapshot."""
    home = tmp_path / "home"
    home.mkdir()
    con = tw.empty_warehouse(warehouse.warehouse_path(home))
    tw.fill_status(con)
    con.close()
    return home


def test_open_prefers_the_snapshot_while_a_writer_holds_the_warehouse(export_home: Path) -> None:
    shutil.copyfile(warehouse.warehouse_path(export_home), warehouse.snapshot_path(export_home))
    holder = _hold(warehouse.warehouse_path(export_home), 30)
    try:
        started = time.monotonic()
        with open_export_database(export_home, wait_seconds=0) as (con, path):
            assert path == warehouse.snapshot_path(export_home)
            assert export_table(con, "incidents", export_home / "x.csv") == len(INCIDENTS)
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()


def test_open_waits_for_the_writer_then_reads_the_warehouse(export_home: Path) -> None:
    holder = _hold(warehouse.warehouse_path(export_home), 1.0)
    try:
        with open_export_database(export_home, wait_seconds=20) as (con, path):
            assert path == warehouse.warehouse_path(export_home)
            (zone,) = con.execute("select current_setting('TimeZone')").fetchone()
            assert zone == "UTC"
    finally:
        holder.wait()


def test_open_gives_up_with_one_clear_line(export_home: Path) -> None:
    holder = _hold(warehouse.warehouse_path(export_home), 30)
    try:
        with (
            pytest.raises(RadarError, match="held by another process") as err,
            open_export_database(export_home, wait_seconds=0.5),
        ):
            pass
        assert "\n" not in str(err.value) and "no snapshot yet" in str(err.value)
    finally:
        holder.kill()
        holder.wait()
    with (
        pytest.raises(CatalogError, match="no warehouse at"),
        open_export_database(export_home / "nowhere"),
    ):
        pass
