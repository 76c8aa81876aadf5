"""What every asset shares: stage keywords, table metadata, the data window, and the one
factory for indicator tables rebuilt over that window."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import dagster as dg
import duckdb

from pipeline.core import warehouse
from pipeline.defs import metadata
from pipeline.defs.changes import ChangeTracker, Gate
from pipeline.defs.checks import check_results, check_specs
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


def load_result(
    con: duckdb.DuckDBPyConnection, table: str, loaded: bool, **extra: Any
) -> dg.MaterializeResult:
    """The materialization of a loaded table: full metadata when the step `loaded` something,
    else only the row count (nothing new arrived; the table is as the last run left it)."""
    if loaded:
        return table_result(con, table, **extra)
    meta = {"dagster/row_count": warehouse.table_rows(con, table), "new": "nothing new"}
    return dg.MaterializeResult(asset_key=table, metadata=meta | extra)


def gated_result(
    con: duckdb.DuckDBPyConnection, table: str, changes: ChangeTracker, gate: Gate, **extra: Any
) -> dg.MaterializeResult:
    """The materialization of table `table` after `gate`: full metadata when the asset rebuilt,
    only the row count and "unchanged, skipped" when it did not. Its data version is the
    table's content fingerprint."""
    version = dg.DataVersion(changes.table(table))
    if gate.skip:
        meta = {"dagster/row_count": warehouse.table_rows(con, table), "incremental": gate.outcome}
        return dg.MaterializeResult(asset_key=table, metadata=meta, data_version=version)
    meta = table_metadata(con, table, incremental=gate.outcome, **extra)
    return dg.MaterializeResult(asset_key=table, metadata=meta, data_version=version)


def with_checks(
    result: dg.MaterializeResult, checks: Sequence[dg.AssetCheckResult]
) -> dg.MaterializeResult:
    """`result` carrying the results of the asset's checks (its `check_specs`)."""
    return dg.MaterializeResult(
        asset_key=result.asset_key,
        metadata=result.metadata,
        data_version=result.data_version,
        tags=result.tags,
        check_results=list(checks),
    )


def table_names(deps: Sequence[Any]) -> list[str]:
    """The warehouse tables named by asset deps (asset objects or key strings)."""
    names: list[str] = []
    for dep in deps:
        keys = dep.keys if isinstance(dep, dg.AssetsDefinition) else [dg.AssetKey(dep)]
        names += [key.path[-1] for key in keys]
    return names


def window_params(window: DataWindow, vendors: Sequence[str]) -> dict[str, Any]:
    """What an indicator rebuild depends on besides its tables: window, close, vendors."""
    return {
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "close": window.close.isoformat(),
        "vendors": sorted(set(vendors)),
    }


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
    also_reads: Sequence[str] = (),
) -> dg.AssetsDefinition:
    """An indicators asset that rebuilds `table` over the data window with `build`.

    It reads the tables of `deps` and `also_reads`, and is skipped when they, the window and
    the vendors are as when it last rebuilt (`pipeline.defs.changes`); the checks of `table`
    (`pipeline.defs.checks`) run in its step.
    """
    reads = [*table_names(deps), *also_reads]

    @dg.asset(
        name=table,
        **stage("indicators"),
        kinds=set(kinds),
        deps=list(deps),
        description=description,
        freshness_policy=freshness_policy,
        check_specs=check_specs(table),
    )
    def rebuild(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
        changes = warehouse.changes
        with warehouse.connect() as con:
            window, vendors = window_and_vendors(con, catalog)
            gate = changes.gate(table, reads, [table], params=window_params(window, vendors))
            if not gate.skip:
                build(con, window, vendors)
            changes.done(gate)
            result = gated_result(con, table, changes, gate, **window_metadata(window))
        return with_checks(result, check_results(warehouse, table))

    return rebuild
