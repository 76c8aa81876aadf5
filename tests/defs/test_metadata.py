"""pipeline.defs.metadata: the table descriptions the Dagster UI shows (pure, no dagster)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from pipeline.defs import metadata


@pytest.fixture
def con(schema_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    schema_con.execute(
        "insert into migration_daily select date '2026-01-01' + i::integer, "
        "'openai', 'anthropic', i + 1 from range(12) as t(i)"
    ).fetchall()
    return schema_con


def test_format_cell_escapes_html_and_markdown_and_truncates():
    cell = metadata.format_cell("a|b <script>*x*</script>\n" + "z" * 80, max_chars=30)
    assert "<" not in cell and "&lt;script&gt;" in cell
    assert "a\\|b" in cell and "\\*x\\*" in cell
    assert "\n" not in cell and cell.endswith("…")
    assert metadata.format_cell(None) == ""
    assert metadata.format_cell(0.123456) == "0.1235"
    assert metadata.format_cell(["openai", "meta"]) == "openai, meta"
    assert metadata.format_cell(date(2026, 1, 2)) == "2026-01-02"
    assert metadata.format_cell(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)).startswith(
        "2026-01-02 03:04:00"
    )


def test_markdown_table_shape():
    md = metadata.markdown_table(["a_b", "c"], [(1, "x|y"), (None, "z")]).splitlines()
    assert md == ["| a\\_b | c |", "|---|---|", "| 1 | x\\|y |", "|  | z |"]


def test_summarize_table_counts_types_comments_window_and_newest_rows(con):
    info = metadata.summarize_table(con, "migration_daily", limit=3)
    assert info.rows == 12
    assert info.comment
    assert [c.name for c in info.columns] == ["day", "from_vendor", "to_vendor", "posts"]
    assert info.columns[0].type == "DATE" and info.columns[0].comment
    assert info.key_columns == ["day", "from_vendor", "to_vendor"]
    assert info.span == metadata.TimeSpan("day", "2026-01-01", "2026-01-12")
    lines = info.preview_markdown.splitlines()
    assert len(lines) == 2 + 3
    assert lines[2].startswith("| 2026-01-12 |")  # newest first


def test_empty_table_has_no_window_values(con):
    info = metadata.summarize_table(con, "incidents")
    assert info.rows == 0
    assert info.span == metadata.TimeSpan("started_at", None, None)
    assert len(info.preview_markdown.splitlines()) == 2


def test_time_column_prefers_the_row_time_over_ingestion_times():
    cols = [
        metadata.Column("fetched_at", "TIMESTAMP WITH TIME ZONE", ""),
        metadata.Column("created_at", "TIMESTAMP WITH TIME ZONE", ""),
    ]
    assert metadata.time_column(cols) == "created_at"
    assert metadata.time_column(cols[:1]) == "fetched_at"
    assert metadata.time_column([metadata.Column("x", "VARCHAR", "")]) is None


def test_bad_names_are_rejected(con):
    with pytest.raises(ValueError, match="not a table name"):
        metadata.summarize_table(con, "posts; drop table posts")
    with pytest.raises(ValueError, match="no such warehouse table"):
        metadata.summarize_table(con, "nope")
    with pytest.raises(ValueError, match="cannot order"):
        metadata.preview_rows(con, "migration_daily", ["posts; select 1"])
