"""Fixtures of the publish tests: the tiny warehouse of tests/publish/tiny_warehouse.py."""

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.publish import tiny_warehouse as tw


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A tiny warehouse: schema.sql plus a few incidents and outage_daily rows."""
    con = tw.empty_warehouse(tmp_path / "warehouse.duckdb")
    tw.fill_status(con)
    yield con
    con.close()


@pytest.fixture
def news_con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The tiny warehouse plus a few news stories and news_daily rows."""
    tw.fill_news(con)
    return con


@pytest.fixture
def users_con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The tiny warehouse plus a few rows in every table of the Users page."""
    tw.fill_users(con)
    return con
