"""Exports: which tables are exported and how one table becomes a CSV or Parquet file.

EXPORTABLE names every exported table with its sort keys, date and vendor columns.
`export_table` writes one table (filtered by vendor and UTC days) as CSV or Parquet; the
bundle of every table (pipeline.publish.bundle) is written with the same queries and files.
The queries are `sql/publish/select_export_*.sql`, the table and column names filling their
identifier slots.

CSV conventions (what spreadsheets, pandas, polars and DuckDB read without options): UTF-8,
comma-separated, header row, no index column, columns in table order, rows sorted by the
spec's keys (ties by the remaining columns), dates `2026-03-03`, timestamps ISO 8601 in UTC
`2026-03-03T14:05:00Z` (fractional seconds only when present), lists `;`-joined, NULL an
empty field (an empty string or list is `""`), numbers in plain decimal notation (never an
exponent): integers without a decimal point (`90`), floating-point (DOUBLE) values always with
one (`90.0`, `0.0000001`), so that a reader inferring types reads a DOUBLE column as floats
and an integer column as integers, the types the Parquet file holds, even when every value of
the DOUBLE column happens to be whole; booleans `true`/`false`. A text cell (a
text column, or a list's `;`-joined text) that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading `'`, so that a spreadsheet shows it instead of running it as a
formula (OWASP's CSV injection advice; numbers, dates and booleans are never changed). Parquet
keeps the warehouse types and the raw text (TIMESTAMPTZ as UTC timestamps, lists as lists),
except that integer columns are written as 64-bit integers (INT64): the type every CSV reader
infers for a whole-number column, so a column has the same type from either file.

Vendor filters take a slug or any alias of pipeline.core.vendors, in any case (`Claude` ->
`anthropic`); a known vendor without rows in the table selects nothing and says so in the
result's notes, as does any filter that selects nothing (with the table's data window).
`open_export_database` opens what `radar export` reads: the snapshot when there is one, else
the warehouse read-only, retried while a run or `dagster dev` holds it.
"""

import io
import logging
import os
import re
import time as clock
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

import duckdb
import polars as pl

from pipeline.core import vendors as vendor_table
from pipeline.core import warehouse
from pipeline.core.errors import CatalogError, RadarError
from pipeline.core.warehouse import run_sql, sql_text

logger = logging.getLogger(__name__)

FORMATS = ("csv", "parquet")
LIST_SEPARATOR = ";"
CSV_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.fZ"  # chrono: `%.f` only when the fraction is not 0
CSV_NUMBER_FORMAT = (
    "plain decimal, never an exponent; integer columns without a decimal point (90), "
    "DOUBLE columns always with one (90.0, 0.0000001)"
)
# Sort key slots of sql/publish/select_export_rows*.sql ({{key_1}}..{{key_5}}).
MAX_SORT_KEYS = 5
# CSV formula injection (OWASP): a spreadsheet runs a cell starting with one of these as a
# formula, so the CSV writes such text cells with CSV_FORMULA_PREFIX in front.
CSV_FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
CSV_FORMULA_PREFIX = "'"
# RE2 pattern and replacement of sql/publish/select_export_csv_*.sql: a CSV_FORMULA_CHARS
# character at the start of the cell, written back after the prefix.
CSV_FORMULA_PATTERN = "^([=+\\-@\t\r])"
_FORMULA_REPLACEMENT = CSV_FORMULA_PREFIX + "\\1"
# Name of float_text's helper column (never a warehouse column: they are lower-case words).
_ROW_MARK = "__row__"


@dataclass(frozen=True, slots=True)
class ExportSpec:
    """How one warehouse table is exported.

    `date_column` is what --since/--until filter (inclusive UTC days; a timestamp column is
    compared with UTC midnights) and what the manifest's data window reads; `vendor_column`
    what --vendor filters (None: the table has no vendor column). A list vendor column (such
    as articles.vendors) keeps rows whose list contains any requested vendor; a tuple of
    columns (such as migration_daily's from_vendor and to_vendor) keeps rows where any of them
    is a requested vendor.
    """

    description: str
    order_by: tuple[str, ...]
    date_column: str
    vendor_column: str | tuple[str, ...] | None = "vendor"

    def __post_init__(self) -> None:
        if not 1 <= len(self.order_by) <= MAX_SORT_KEYS:
            raise ValueError(f"order_by needs 1 to {MAX_SORT_KEYS} columns: {self.order_by}")
        if len(self.vendor_columns) > 2:
            raise ValueError(f"at most two vendor columns: {self.vendor_column}")

    @property
    def vendor_columns(self) -> tuple[str, ...]:
        """The vendor columns as a tuple (empty: no vendor filter)."""
        if self.vendor_column is None:
            return ()
        if isinstance(self.vendor_column, str):
            return (self.vendor_column,)
        return self.vendor_column


# Indicator name = table or view name (an identifier from this constant, never from user
# input). `radar export --list`, `radar export all` and the dictionary pick up every entry.
EXPORTABLE: dict[str, ExportSpec] = {
    "vendor_scorecard_monthly": ExportSpec(
        "Monthly scorecard per vendor and UTC month (month = its first day): incidents, "
        "uptime, repair time, sentiment, news, migration.",
        ("vendor", "month"),
        "month",
    ),
    "incidents": ExportSpec(
        "One row per vendor status incident.", ("vendor", "started_at", "incident_id"), "started_at"
    ),
    "outage_daily": ExportSpec(
        "Outage indicators per vendor and UTC day.", ("vendor", "day"), "day"
    ),
    "news_daily": ExportSpec("News coverage per vendor and UTC day.", ("vendor", "day"), "day"),
    "articles": ExportSpec(
        "One row per news story, with vendors, topics and tone.",
        ("published_at", "article_id"),
        "published_at",
        "vendors",
    ),
    "sentiment_daily": ExportSpec(
        "Sentiment per vendor, UTC day and source type (social posts, news stories).",
        ("vendor", "day", "source_type"),
        "day",
    ),
    "migrations": ExportSpec(
        "One row per post reporting a switch between vendors (--vendor: from or to).",
        ("created_at", "post_id"),
        "created_at",
        ("from_vendor", "to_vendor"),
    ),
    "migration_daily": ExportSpec(
        "Reported switches per UTC day and vendor pair (--vendor: from or to).",
        ("day", "from_vendor", "to_vendor"),
        "day",
        ("from_vendor", "to_vendor"),
    ),
    "migration_index_daily": ExportSpec(
        "Net migration index per vendor and UTC day, with 7-day rolling figures.",
        ("vendor", "day"),
        "day",
    ),
    "outage_reports_hourly": ExportSpec(
        "Crowd outage reports per vendor and UTC hour, with baseline and anomaly flag.",
        ("vendor", "hour"),
        "hour",
    ),
    "incident_lead_times": ExportSpec(
        "Per official incident: the crowd burst credited to it (one to one), its first hour "
        "and the lead time.",
        ("vendor", "started_at", "incident_id"),
        "started_at",
    ),
    "silent_outages": ExportSpec(
        "Runs of anomalous crowd hours that no official incident explains.",
        ("vendor", "started_at"),
        "started_at",
    ),
    "event_study": ExportSpec(
        "Event study: per major/critical incident cluster, subject vendor and metric, the "
        "change from days -3..-1 to 0..+3 with a 95% bootstrap interval.",
        ("vendor", "event_day", "role", "subject_vendor", "metric"),
        "event_day",
    ),
}


def choices_text(values: Sequence[str]) -> str:
    """The valid choices of a usage error: 'a, b, c' ('(none)' when there are none)."""
    return ", ".join(values) if values else "(none)"


def export_filename(indicator: str, vendors: Sequence[str] = (), fmt: str = "csv") -> str:
    """Return the conventional file name `<indicator>[_<vendor>...].<fmt>`."""
    suffix = "".join("_" + re.sub(r"[^a-z0-9-]+", "-", v.lower()) for v in vendors)
    return f"{indicator}{suffix}.{fmt}"


# --------------------------------------------------------------------------- one table


@dataclass(frozen=True, slots=True)
class ExportQuery:
    """A validated export query: a sql/publish statement, its identifiers and parameters.

    `notes` are what the caller should tell the user (e.g. a requested vendor without rows).
    """

    statement: str
    identifiers: dict[str, str]
    params: dict[str, object]
    columns: list[tuple[str, str]]  # (name, DuckDB type) in table order
    notes: tuple[str, ...] = ()

    def rows(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
        """The query as a relation over `con` (run by whoever reads it)."""
        return con.sql(sql_text(self.statement, **self.identifiers), params=self.params)


def require_utc_session(con: duckdb.DuckDBPyConnection) -> None:
    """Raise RadarError unless the connection's session time zone is UTC."""
    (zone,) = run_sql(con, "select_session_time_zone")[0]
    if zone not in ("UTC", "Etc/UTC"):
        raise RadarError(
            f"connection time zone is {zone!r}; exports need "
            "SET TimeZone = 'UTC' (warehouse.connect does it)"
        )


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(name, dtype) for name, dtype in run_sql(con, "select_column_types", table=table)]


def check_indicator(indicator: str) -> ExportSpec:
    """The spec of `indicator`; CatalogError (listing the choices) for an unknown one."""
    spec = EXPORTABLE.get(indicator)
    if spec is None:
        raise CatalogError(
            f"unknown indicator {indicator!r}; choose one of: {choices_text(sorted(EXPORTABLE))}"
        )
    return spec


def resolve_vendor(name: str) -> str | None:
    """The vendor slug of `name`: a slug or any alias of the vendor table, in any case
    (`Anthropic`, `claude` -> `anthropic`); None for a name the table does not know."""
    slug = name.strip().lower()
    return slug if vendor_table.is_vendor(slug) else vendor_table.vendor_of_alias(name)


def _vendor_slots(
    indicator: str, spec: ExportSpec, types: dict[str, str]
) -> tuple[dict[str, str], bool]:
    """The vendor column slots of the export statements and whether the column is a list.

    Raises:
        RadarError: the spec mixes list and plain vendor columns or has two list columns.
    """
    columns = spec.vendor_columns
    listed = [types[c].endswith("[]") for c in columns]
    if listed == [True]:
        return {"vendor_column": columns[0]}, True
    if not any(listed):
        return {"vendor_column": columns[0], "other_vendor_column": columns[-1]}, False
    raise RadarError(f"{indicator}: vendor columns {columns} mix lists and plain columns")


def build_export_query(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    *,
    vendors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
) -> ExportQuery:
    """Validate the arguments and pick the sorted, filtered select of one table.

    Vendors are slugs or aliases in any case (`resolve_vendor`); a known vendor the table has
    no rows for selects nothing and adds a note naming the table's vendors.

    Raises:
        CatalogError: unknown indicator or vendor, or `since` after `until` (the message
            lists the valid choices).
        RadarError: the session time zone is not UTC, or the table is missing.
    """
    spec = check_indicator(indicator)
    if since is not None and until is not None and since > until:
        raise CatalogError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    require_utc_session(con)
    columns = _table_columns(con, indicator)
    if not columns:
        raise RadarError(f"table {indicator} does not exist; run the pipeline first")
    types = dict(columns)

    # Identifiers come from EXPORTABLE (checked against the catalog); values are parameters.
    keys = [*spec.order_by] + [spec.order_by[-1]] * (MAX_SORT_KEYS - len(spec.order_by))
    identifiers = {"table": indicator, "date_column": spec.date_column}
    identifiers |= {f"key_{i}": key for i, key in enumerate(keys, start=1)}
    # Days are compared as dates; timestamps against UTC midnights (independent of the
    # session). The upper bound is exclusive: the day after `until`.
    is_day = types[spec.date_column] == "DATE"
    end = None if until is None or until == date.max else until + timedelta(days=1)
    params: dict[str, object] = {
        "since": since if is_day or since is None else datetime.combine(since, time(), UTC),
        "until": end if is_day or end is None else datetime.combine(end, time(), UTC),
    }
    if not vendors:
        return ExportQuery("select_export_rows", identifiers, params, columns)
    if not spec.vendor_columns:
        raise CatalogError(f"indicator {indicator!r} has no vendor column; drop --vendor")
    slots, listed = _vendor_slots(indicator, spec, types)
    valid_rows = run_sql(
        con,
        "select_export_listed_vendors" if listed else "select_export_vendors",
        identifiers={"table": indicator, **slots},
    )
    valid = [row[0] for row in valid_rows]
    resolved = {name: resolve_vendor(name) for name in dict.fromkeys(vendors)}
    unknown = [name for name, slug in resolved.items() if slug is None]
    if unknown:
        names = ", ".join(repr(v) for v in unknown)
        raise CatalogError(
            f"unknown vendor {names}; choose a vendor slug or alias (any case): "
            f"{choices_text(vendor_table.VENDORS)} ({indicator} has rows for: "
            f"{choices_text(valid)})"
        )
    slugs = list(dict.fromkeys(slug for slug in resolved.values() if slug is not None))
    absent = [slug for slug in slugs if slug not in valid]
    notes = tuple(
        f"{indicator} has no rows for vendor {slug!r}; its vendors: {choices_text(valid)}"
        for slug in absent
    )
    params["vendors"] = slugs
    statement = (
        "select_export_rows_of_listed_vendors" if listed else "select_export_rows_of_vendors"
    )
    return ExportQuery(statement, identifiers | slots, params, columns, notes)


def data_window(
    con: duckdb.DuckDBPyConnection, indicator: str
) -> tuple[date | None, date | None, int]:
    """First and last UTC day of `indicator`'s date column, and its row count (unfiltered)."""
    spec = check_indicator(indicator)
    first, last, rows = run_sql(
        con,
        "select_export_window",
        identifiers={"table": indicator, "date_column": spec.date_column},
    )[0]
    return first, last, int(rows)


def empty_result_note(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    *,
    vendors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
) -> str:
    """The note for an export that selected no row: the filters and the table's data window."""
    first, last, rows = data_window(con, indicator)
    filters = [f"--vendor {v}" for v in vendors]
    filters += [f"--since {since.isoformat()}"] if since else []
    filters += [f"--until {until.isoformat()}"] if until else []
    chosen = f" match {' '.join(filters)}" if filters else ""
    if rows == 0:
        return f"no rows{chosen}: {indicator} is empty"
    window = f"{first.isoformat() if first else '?'} to {last.isoformat() if last else '?'}"
    return f"no rows of {indicator}{chosen}; its data window is {window} ({rows} rows)"


def csv_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Return `df` as the CSV writes it: lists `;`-joined text, timestamps in UTC."""
    exprs = []
    for name, dtype in df.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Array):
            col = col.arr.to_list()
            dtype = pl.List(dtype.inner)
        if isinstance(dtype, pl.List):
            col = col.list.eval(pl.element().cast(pl.String)).list.join(LIST_SEPARATOR)
        elif isinstance(dtype, pl.Datetime):
            # Naive timestamps are UTC by the warehouse's convention.
            col = (
                col.dt.convert_time_zone("UTC")
                if dtype.time_zone
                else col.dt.replace_time_zone("UTC")
            )
        exprs.append(col)
    return float_text(df.select(exprs))


def float_text(df: pl.DataFrame) -> pl.DataFrame:
    """Return `df` with its float columns as the CSV's text: plain decimal notation (never an
    exponent) with a decimal point on whole values (`90.0`); NULL stays NULL.

    The digits are polars' own CSV writer's (shortest round-trip, `float_scientific=False`),
    read back as text, so only the `.0` of whole values is added here.
    """
    floats = [name for name, dtype in df.schema.items() if dtype.is_float()]
    if not floats or df.is_empty():
        return df.with_columns(pl.col(floats).cast(pl.String))
    # A constant first column keeps every line non-empty (a row of NULLs is still a row).
    names = [_ROW_MARK, *floats]
    text = df.select(pl.lit(0).alias(_ROW_MARK), *floats).write_csv(
        include_header=False, float_scientific=False, null_value=""
    )
    plain = pl.read_csv(
        io.StringIO(text),
        has_header=False,
        new_columns=names,
        schema=dict.fromkeys(names, pl.String),
    )
    text_columns = plain.select(
        pl.when(pl.col(name).str.contains(r"^-?[0-9]+$"))
        .then(pl.col(name) + ".0")
        .otherwise(pl.col(name))
        .alias(name)
        for name in floats  # columns, not rows
    )
    return df.with_columns(text_columns.get_columns())


def write_csv(df: pl.DataFrame, path: Path | BinaryIO) -> None:
    """Write `df` to `path` (a file or a binary stream) with the export CSV conventions (see
    the module docstring)."""
    csv_frame(df).write_csv(
        path,
        include_header=True,
        date_format="%Y-%m-%d",
        datetime_format=CSV_DATETIME_FORMAT,
        float_scientific=False,
        null_value="",
    )


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside `out`; rename it to `out` when the block succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        yield tmp
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def csv_rows(con: duckdb.DuckDBPyConnection, query: ExportQuery) -> pl.DataFrame:
    """Run `query` with its text neutralised for spreadsheets, as the CSV writes it.

    Text cells (VARCHAR columns, and the first element of a list, with which the `;`-joined
    cell starts) that start with a CSV_FORMULA_CHARS character get CSV_FORMULA_PREFIX, set-based
    in DuckDB (sql/publish/select_export_csv_text.sql, select_export_csv_lists.sql); list
    elements become text. Other columns and the row order are the query's.
    """
    text = [name for name, dtype in query.columns if dtype == "VARCHAR"]
    lists = [name for name, dtype in query.columns if dtype.endswith("[]")]
    rows = query.rows(con)
    params = {"pattern": CSV_FORMULA_PATTERN, "replacement": _FORMULA_REPLACEMENT}
    registered: list[str] = []
    try:
        for statement, columns in (
            ("select_export_csv_text", text),
            ("select_export_csv_lists", lists),
        ):
            if columns:  # COLUMNS(...) refuses to match no column
                view = f"{statement}_rows"
                con.register(view, rows)
                registered.append(view)
                rows = con.sql(sql_text(statement, rows=view), params=params | {"columns": columns})
        frame = rows.pl()
    finally:
        for view in registered:
            con.unregister(view)
    return frame.select([name for name, _ in query.columns])


def write_query_csv(con: duckdb.DuckDBPyConnection, query: ExportQuery, out: Path) -> pl.DataFrame:
    """Run `query` into the CSV `out`; return the frame written (text neutralised, csv_rows)."""
    frame = csv_rows(con, query)
    with _atomic(out) as tmp:
        write_csv(frame, tmp)
    return frame


def _write_csv_rows(con: duckdb.DuckDBPyConnection, query: ExportQuery, out: Path) -> int:
    return write_query_csv(con, query, out).height


# Integer types that widen to BIGINT without loss: Parquet gets INT64 for all of them.
_WIDENED_INTEGERS = frozenset("TINYINT SMALLINT INTEGER UTINYINT USMALLINT UINTEGER BIGINT".split())


def parquet_type(dtype: str) -> str:
    """The DuckDB type a warehouse column has in the Parquet export (integers as BIGINT)."""
    return "BIGINT" if dtype in _WIDENED_INTEGERS else dtype


def parquet_rows(con: duckdb.DuckDBPyConnection, query: ExportQuery) -> duckdb.DuckDBPyRelation:
    """`query` as the Parquet file holds it: integer columns as BIGINT (INT64), the others as
    they are, in table order."""
    rel = query.rows(con)
    if all(parquet_type(t) == t for _, t in query.columns):
        return rel
    bigint = duckdb.sqltype("BIGINT")
    return rel.select(
        *(
            duckdb.ColumnExpression(name).cast(bigint).alias(name)
            if parquet_type(dtype) != dtype
            else duckdb.ColumnExpression(name)
            for name, dtype in query.columns
        )
    )


def write_query_parquet(con: duckdb.DuckDBPyConnection, query: ExportQuery, out: Path) -> int:
    """Write `query` into the Parquet file `out` (DuckDB's writer, integers as INT64); return
    the rows written."""
    with _atomic(out) as tmp:
        parquet_rows(con, query).to_parquet(os.fspath(tmp))
        rows = pl.scan_parquet(tmp).select(pl.len()).collect().item()
    return int(rows)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What `export_rows` wrote: the row count and notes for the user (empty results)."""

    rows: int
    notes: tuple[str, ...] = ()


def export_rows(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    out: Path | BinaryIO,
    *,
    vendors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    fmt: str = "csv",
) -> ExportResult:
    """Write one warehouse table (filtered) to `out` as CSV or Parquet; return rows and notes.

    `out` is a file path (written beside it and renamed, never half-written) or, for CSV, a
    binary stream (stdout). Columns keep the table's order, rows are sorted by the spec's
    keys; the CSV follows the conventions of the module docstring, Parquet keeps the
    warehouse types (integers as INT64). `since`/`until` are inclusive UTC days. `vendors`
    are slugs or aliases in any case; for a list vendor column (articles.vendors) rows
    mentioning any of them are kept. The notes say when a vendor has no rows in the table or
    the filters selected nothing (with the table's data window).

    Raises:
        CatalogError: unknown indicator, vendor or format, Parquet to a stream, or `since`
            after `until`; the message lists the valid choices.
        RadarError: the connection's session time zone is not UTC, or the table is missing.
    """
    check_indicator(indicator)
    if fmt not in FORMATS:
        raise CatalogError(f"unknown format {fmt!r}; choose one of: {choices_text(FORMATS)}")
    if fmt != "csv" and not isinstance(out, Path):
        raise CatalogError(f"{fmt} needs an output file (-o FILE); only csv goes to stdout")
    query = build_export_query(con, indicator, vendors=vendors, since=since, until=until)
    if isinstance(out, Path):
        write = _write_csv_rows if fmt == "csv" else write_query_parquet
        rows = write(con, query, out)
    else:
        frame = csv_rows(con, query)
        write_csv(frame, out)
        rows = frame.height
    notes = query.notes
    slugs = [str(v) for v in query.params.get("vendors", [])]  # type: ignore[union-attr]
    # No row: say so with the table's data window, unless every vendor asked for has none.
    if rows == 0 and not (slugs and len(query.notes) == len(slugs)):
        notes += (empty_result_note(con, indicator, vendors=slugs, since=since, until=until),)
    logger.info("exported %s: %d rows -> %s", indicator, rows, out)
    return ExportResult(rows, notes)


def export_table(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    out: Path,
    *,
    vendors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    fmt: str = "csv",
) -> int:
    """Write one warehouse table (filtered) to the file `out`; return the rows written.

    As `export_rows`, without the notes.
    """
    result = export_rows(con, indicator, out, vendors=vendors, since=since, until=until, fmt=fmt)
    return result.rows


def export_all(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write every EXPORTABLE table as `out_dir/<indicator>.csv`; return the paths written."""
    paths = []
    for indicator in EXPORTABLE:
        path = out_dir / export_filename(indicator)
        export_table(con, indicator, path)
        paths.append(path)
    return paths


# How long `open_export_database` waits for a writer (a run, `dagster dev`) to release the
# warehouse when there is no snapshot, and the pause between attempts.
OPEN_WAIT_SECONDS = 10.0
OPEN_RETRY_SECONDS = 0.25


@contextmanager
def open_export_database(
    home: Path, *, wait_seconds: float | None = None
) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """Open what exports read, read-only with a UTC session; yield (connection, its file).

    The snapshot (`warehouse-snapshot.duckdb`, published after each successful run) when it
    exists: no writer ever holds it, so a run or `dagster dev` never blocks the export. Else
    the warehouse, read-only, retried for up to `wait_seconds` while another process holds
    its lock (`wait_seconds`, default OPEN_WAIT_SECONDS).

    Raises:
        CatalogError: there is neither a snapshot nor a warehouse under `home`.
        RadarError: the file stayed locked (or could not be opened); one line naming the
            file and what to do.
    """
    snapshot = warehouse.snapshot_path(home)
    path = snapshot if snapshot.exists() else warehouse.warehouse_path(home)
    if not path.exists():
        raise CatalogError(f"no warehouse at {path.parent}; run `radar run` first")
    wait_seconds = OPEN_WAIT_SECONDS if wait_seconds is None else wait_seconds
    deadline = clock.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.Error as err:
            locked = "lock" in str(err).lower()
            if not locked:
                raise RadarError(f"cannot open {path}: {str(err).splitlines()[0]}") from err
            if clock.monotonic() >= deadline:
                raise RadarError(
                    f"{path} is held by another process (a run or `dagster dev`) and there "
                    f"is no snapshot yet; waited {wait_seconds:.0f} s - retry after the run "
                    "(each successful run publishes the snapshot exports read)"
                ) from err
            clock.sleep(OPEN_RETRY_SECONDS)
    try:
        warehouse.prepare_connection(con, read_only=True)
        yield con, path
    finally:
        con.close()
