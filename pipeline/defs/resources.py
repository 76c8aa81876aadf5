"""Dagster resources: the warehouse (Dagster's DuckDB resource, UTC session), the catalog, HTTP."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipeline.core import limits, warehouse
from pipeline.core.catalog import Catalog, default_catalog_path, load_catalog
from pipeline.ingest.fetch import FetchSettings

# Per warehouse file: how many tables it had right after this process applied the schema.
# Applying sql/core/schema.sql takes ~0.3-2 s (hundreds of COMMENT statements); doing it on every
# connection of every asset and check dominated run time. A later connection re-applies it
# only when the table count changed (a new or replaced file, a table added or dropped).
_SCHEMA_APPLIED: dict[str, int] = {}


def _prepare(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Pin UTC; apply the schema unless this process already did on this very file."""
    key = str(path.resolve())
    tables = warehouse.run_sql(con, "count_tables")[0][0]
    if _SCHEMA_APPLIED.get(key) == tables:
        warehouse.prepare_connection(con, read_only=True)  # UTC only: the schema is there
        return
    warehouse.prepare_connection(con)
    _SCHEMA_APPLIED[key] = warehouse.run_sql(con, "count_tables")[0][0]


class WarehouseResource(dg.ConfigurableResource):
    """The home folder and its DuckDB warehouse; every connection runs in UTC."""

    home: str = warehouse.DEFAULT_HOME

    @property
    def home_path(self) -> Path:
        """The home folder (warehouse, raw archive, exports, sample)."""
        return warehouse.resolve_home(self.home)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open a short-lived writer connection with the schema applied."""
        path = warehouse.warehouse_path(self.home_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with DuckDBResource(database=str(path)).get_connection() as con:
            _prepare(con, path)
            yield con


class CatalogResource(dg.ConfigurableResource):
    """The source catalog (YAML); empty path means the packaged default catalog.

    `window_start` / `window_end` (ISO dates) override the catalog's data window.
    """

    path: str = ""
    window_start: str = ""
    window_end: str = ""

    def load(self) -> Catalog:
        """Load and validate the catalog (raises CatalogError)."""
        return load_catalog(Path(self.path) if self.path else default_catalog_path())

    def window(self, catalog: Catalog) -> tuple[date | None, date | None]:
        """The configured data window bounds (None = derive from data)."""
        start = date.fromisoformat(self.window_start) if self.window_start else catalog.window_start
        end = date.fromisoformat(self.window_end) if self.window_end else catalog.window_end
        return start, end


class HttpResource(dg.ConfigurableResource):
    """Fetcher settings: timeouts, deadline and minimum rate, size caps per kind, retries,
    parallelism (defaults in pipeline.core.limits; per source: catalog timeout, max_bytes)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = limits.FETCH_DEADLINE_SECONDS
    min_rate: float = limits.MIN_TRANSFER_RATE
    rate_grace: float = limits.TRANSFER_RATE_GRACE_SECONDS
    max_bytes: int = limits.MAX_PAYLOAD_BYTES
    max_social_bytes: int = limits.MAX_SOCIAL_PAYLOAD_BYTES
    max_attempts: int = 4
    max_retry_time: float = limits.MAX_RETRY_SECONDS
    max_workers: int = 4

    def settings(self) -> FetchSettings:
        """The equivalent pipeline.ingest.fetch.FetchSettings."""
        return FetchSettings(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            deadline=self.deadline,
            min_rate=self.min_rate,
            rate_grace=self.rate_grace,
            max_bytes=self.max_bytes,
            max_social_bytes=self.max_social_bytes,
            max_attempts=self.max_attempts,
            max_retry_time=self.max_retry_time,
            max_workers=self.max_workers,
        )
