"""Dagster resources: the warehouse (Dagster's DuckDB resource, UTC session), the catalog, HTTP."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from pipeline.core import limits, warehouse
from pipeline.core.catalog import Catalog, default_catalog_path, load_catalog
from pipeline.defs.changes import ChangeTracker
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


def _prepare_for_run(con: duckdb.DuckDBPyConnection, changes: ChangeTracker) -> None:
    """Pin UTC; apply the schema unless an earlier run of the same code applied it to this
    warehouse (same table count, current schema version recorded)."""
    warehouse.prepare_connection(con, read_only=True)  # UTC session only
    tables = warehouse.run_sql(con, "count_tables")[0][0]
    applied = f"{tables}:{warehouse.SCHEMA_VERSION}"
    current = tables and warehouse.schema_version(con) == warehouse.SCHEMA_VERSION
    if current and changes.schema_applied(applied):
        return
    warehouse.apply_schema(con)
    tables = warehouse.run_sql(con, "count_tables")[0][0]
    changes.remember_schema(f"{tables}:{warehouse.SCHEMA_VERSION}")


class WarehouseResource(dg.ConfigurableResource):
    """The home folder and its DuckDB warehouse; every connection runs in UTC.

    In a run, the resource opens one connection for the whole run (the executor is in-process:
    every asset and check shares it), applies the schema at most once and tracks what changed
    (`changes`); `full` rebuilds every derived table and publishes everything anyway.
    `parse_workers` processes parse the run's status and news payloads into staging files
    before this connection loads them (0: one per core when that pays, see
    pipeline.load.staging); 2 or more also score social posts while it stores them
    (pipeline.load.social).
    """

    home: str = warehouse.DEFAULT_HOME
    full: bool = False
    parse_workers: int = 0
    _stack: ExitStack | None = PrivateAttr(default=None)
    _con: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)
    _changes: ChangeTracker | None = PrivateAttr(default=None)

    @property
    def home_path(self) -> Path:
        """The home folder (warehouse, raw archive, exports, sample)."""
        return warehouse.resolve_home(self.home)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Open the run's connection (closed by `teardown_after_execution`)."""
        path = warehouse.warehouse_path(self.home_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        stack = ExitStack()
        con = stack.enter_context(DuckDBResource(database=str(path)).get_connection())
        try:
            changes = ChangeTracker(con, self.home_path, full=self.full)
            _prepare_for_run(con, changes)
        except BaseException:
            stack.close()
            raise
        self._stack, self._con, self._changes = stack, con, changes

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Save what the run learned about changes; close the run's connection."""
        stack, changes = self._stack, self._changes
        self._stack, self._con, self._changes = None, None, None
        try:
            if changes is not None:
                changes.flush()
        finally:
            if stack is not None:
                stack.close()

    @property
    def parse_processes(self) -> int | None:
        """`parse_workers` as pipeline.load.feeds.parse_pending takes it (None: automatic)."""
        return self.parse_workers or None

    @property
    def changes(self) -> ChangeTracker:
        """What changed in this run (only inside a run)."""
        if self._changes is None:
            raise RuntimeError("WarehouseResource.changes is only available inside a run")
        return self._changes

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The run's connection; outside a run, a short-lived writer with the schema applied."""
        if self._con is not None:
            yield self._con
            return
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
    _catalog: Catalog | None = PrivateAttr(default=None)

    def load(self) -> Catalog:
        """Load and validate the catalog (raises CatalogError); read once per run (the
        in-process executor shares one resource object between the run's steps)."""
        if self._catalog is None:
            self._catalog = load_catalog(Path(self.path) if self.path else default_catalog_path())
        return self._catalog

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Forget the catalog: the next run reads the file again."""
        self._catalog = None

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
