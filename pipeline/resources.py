"""Dagster resources: the warehouse (Dagster's DuckDB resource, UTC session), the catalog, HTTP."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipeline import warehouse
from pipeline.catalog import Catalog, default_catalog_path, load_catalog
from pipeline.fetch import FetchSettings


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
            warehouse.prepare_connection(con)
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
    """Fetcher settings: timeouts, retries, size cap, parallelism."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 32 * 2**20
    max_attempts: int = 4
    max_workers: int = 4

    def settings(self) -> FetchSettings:
        """The equivalent pipeline.fetch.FetchSettings."""
        return FetchSettings(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            max_bytes=self.max_bytes,
            max_attempts=self.max_attempts,
            max_workers=self.max_workers,
        )
