"""What every asset shares: stage keywords, table metadata, the data window, and the one
factory for indicator tables rebuilt over that window."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import dagster as dg
import duckdb

from pipeline.defs import metadata
from pipeline.defs.resources import CatalogResource, WarehouseResource
from pipeline.indicators.window import DataWindow, resolve_window

STATUS = "status"
NEWS = "news"
SOCIAL = "social"
OWNERS = ["team:reliability-radar"]
# Status feeds are fetched hourly, news and social daily (see pipeline/defs/definitions.py).
STATUS_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=3), warn_window=timedelta(hours=2)
)
DAILY_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=48), warn_window=timedelta(hours=26)
)

WindowBuilder = Callable[[duckdb.DuckDBPyConnection, DataWindow, Sequence[str]], int]
"""Rebuild one table over the data window for the catalog's vendors; return its row count."""


def stage(name: str) -> dict[str, Any]:
    """Keywords every asset (or AssetSpec) of stage `name` shares: group, owners, `stage` tag.

    Use as `@dg.asset(**stage("indicators"), kinds={"duckdb"}, deps=[...])`.
    """
    return {"group_name": name, "owners": OWNERS, "tags": {"stage": name}}


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, **extra: Any) -> dict[str, Any]:
    """Materialization metadata of warehouse table `table` plus `extra` entries.

    Row count, column schema (DuckDB types and COMMENT ON texts), the table's data window
    (min/max of its time column) and a Markdown preview of its newest rows.
    """
    info = metadata.summarize_table(con, table)
    schema = dg.TableSchema(
        columns=[
            dg.TableColumn(c.name, c.type, description=c.comment or None) for c in info.columns
        ]
    )
    out: dict[str, Any] = {
        "dagster/row_count": info.rows,
        "dagster/column_schema": schema,
        "table": dg.MetadataValue.text(table),
        "preview": dg.MetadataValue.md(info.preview_markdown),
    }
    if info.span is not None:
        out["time_column"] = dg.MetadataValue.text(info.span.column)
        out["data_from"] = dg.MetadataValue.text(info.span.first or "")
        out["data_to"] = dg.MetadataValue.text(info.span.last or "")
    return out | extra


def table_result(con: duckdb.DuckDBPyConnection, table: str, **extra: Any) -> dg.MaterializeResult:
    """The materialization of table `table` (its asset key) with `table_metadata`."""
    return dg.MaterializeResult(asset_key=table, metadata=table_metadata(con, table, **extra))


def window_metadata(window: DataWindow) -> dict[str, Any]:
    """The configured data window of an indicator rebuild (UTC days)."""
    return {"window_start": window.start.isoformat(), "window_end": window.end.isoformat()}


def window_and_vendors(
    con: duckdb.DuckDBPyConnection, catalog: CatalogResource
) -> tuple[DataWindow, list[str]]:
    """The data window (catalog bounds, else the data's) and the catalog's status vendors."""
    cat = catalog.load()
    start, end = catalog.window(cat)
    vendors = [s.vendor for s in cat.sources if s.kind == STATUS and s.vendor]
    return resolve_window(con, now=datetime.now(UTC), start=start, end=end), vendors


def window_table_asset(
    table: str,
    build: WindowBuilder,
    *,
    deps: Sequence[Any],
    description: str,
    kinds: frozenset[str] = frozenset({"duckdb"}),
    freshness_policy: dg.FreshnessPolicy | None = None,
) -> dg.AssetsDefinition:
    """An indicators asset that rebuilds `table` over the data window with `build`."""

    @dg.asset(
        name=table,
        **stage("indicators"),
        kinds=set(kinds),
        deps=list(deps),
        description=description,
        freshness_policy=freshness_policy,
    )
    def rebuild(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            window, vendors = window_and_vendors(con, catalog)
            build(con, window, vendors)
            return table_result(con, table, **window_metadata(window))

    return rebuild
