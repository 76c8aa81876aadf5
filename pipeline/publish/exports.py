"""Exports: indicator tables as CSV and Parquet, and the investor bundle.

`export_table` writes one table (filtered by vendor and UTC days) as CSV or Parquet;
`export_bundle` writes every EXPORTABLE table in both formats plus `DATA_DICTIONARY.md`
(from the warehouse's `COMMENT ON` texts) and `manifest.json` (files, rows, sha256, data
window) into one folder, replacing each file atomically and the manifest last.

CSV conventions (what spreadsheets, pandas, polars and DuckDB read without options): UTF-8,
comma-separated, header row, no index column, columns in table order, rows sorted by the
spec's keys (ties by the remaining columns), dates `2026-03-03`, timestamps ISO 8601 in UTC
`2026-03-03T14:05:00Z` (fractional seconds only when present), lists `;`-joined, NULL an
empty field (an empty string or list is `""`), numbers in plain decimal notation (never an
exponent; whole numbers without a decimal point), booleans `true`/`false`. Parquet keeps the
warehouse types (TIMESTAMPTZ as UTC timestamps, lists as lists).
"""

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline import __version__
from pipeline.core import warehouse
from pipeline.core.errors import CatalogError, RadarError

logger = logging.getLogger(__name__)

FORMATS = ("csv", "parquet")
LIST_SEPARATOR = ";"
DICTIONARY_FILE = "DATA_DICTIONARY.md"
MANIFEST_FILE = "manifest.json"
GENERATOR = "reliability-radar"
CSV_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.fZ"  # chrono: `%.f` only when the fraction is not 0


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

    @property
    def vendor_columns(self) -> tuple[str, ...]:
        """The vendor columns as a tuple (empty: no vendor filter)."""
        if self.vendor_column is None:
            return ()
        if isinstance(self.vendor_column, str):
            return (self.vendor_column,)
        return self.vendor_column


# Indicator name = table name (an identifier from this constant, never from user input).
# `radar export --list`, `radar export all` and the dictionary pick up every entry.
EXPORTABLE: dict[str, ExportSpec] = {
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
        "Per official incident: the first anomalous crowd hour and the lead time.",
        ("vendor", "started_at", "incident_id"),
        "started_at",
    ),
    "silent_outages": ExportSpec(
        "Runs of anomalous crowd hours that no official incident explains.",
        ("vendor", "run_start"),
        "run_start",
    ),
    "event_study": ExportSpec(
        "Event study: per major/critical incident cluster, subject vendor and metric, the "
        "change from days -3..-1 to 0..+3 with a 95% bootstrap interval.",
        ("vendor", "event_day", "role", "subject_vendor", "metric"),
        "event_day",
    ),
}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _choices(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(none)"


def export_filename(indicator: str, vendors: Sequence[str] = (), fmt: str = "csv") -> str:
    """Return the conventional file name `<indicator>[_<vendor>...].<fmt>`."""
    suffix = "".join("_" + re.sub(r"[^a-z0-9-]+", "-", v.lower()) for v in vendors)
    return f"{indicator}{suffix}.{fmt}"


# --------------------------------------------------------------------------- one table


@dataclass(frozen=True, slots=True)
class _Query:
    """A validated export query: SQL over constant identifiers, values as parameters."""

    sql: str
    params: dict[str, object]
    columns: list[tuple[str, str]]  # (name, DuckDB type) in table order


def _require_utc(con: duckdb.DuckDBPyConnection) -> None:
    # Results are always fetched to the end: DuckDB 2 refuses new work on a connection
    # with an unfinished execute() result.
    (zone,) = con.execute("select current_setting('TimeZone')").fetchall()[0]
    if zone not in ("UTC", "Etc/UTC"):
        raise RadarError(
            f"connection time zone is {zone!r}; exports need "
            "SET TimeZone = 'UTC' (warehouse.connect does it)"
        )


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.sql(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' and table_name = ? "
        "order by column_index",
        params=[table],
    ).fetchall()


def _check_indicator(indicator: str) -> ExportSpec:
    spec = EXPORTABLE.get(indicator)
    if spec is None:
        raise CatalogError(
            f"unknown indicator {indicator!r}; choose one of: {_choices(sorted(EXPORTABLE))}"
        )
    return spec


def _build_query(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    *,
    vendors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
) -> _Query:
    """Validate the arguments and build the sorted, filtered select of one table."""
    spec = _check_indicator(indicator)
    if since is not None and until is not None and since > until:
        raise CatalogError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    _require_utc(con)
    columns = _table_columns(con, indicator)
    if not columns:
        raise RadarError(f"table {indicator} does not exist; run the pipeline first")
    types = dict(columns)
    table = _ident(indicator)

    where: list[str] = []
    params: dict[str, object] = {}
    if vendors:
        if not spec.vendor_columns:
            raise CatalogError(f"indicator {indicator!r} has no vendor column; drop --vendor")
        # Identifiers come from EXPORTABLE and the catalog; values are parameters.
        sources = []
        conditions = []
        for name in spec.vendor_columns:  # one or two columns
            column = _ident(name)
            if types[name].endswith("[]"):
                sources.append(f"select unnest({column}) as v from {table}")  # noqa: S608
                conditions.append(f"list_has_any({column}, $vendors::varchar[])")
            else:
                sources.append(f"select {column} as v from {table}")  # noqa: S608
                conditions.append(f"{column} in (select unnest($vendors::varchar[]))")
        union = " union ".join(sources)
        valid_rows = con.sql(
            f"select distinct v from ({union}) where v is not null order by 1"  # noqa: S608
        ).fetchall()
        valid = [row[0] for row in valid_rows]
        unknown = [v for v in dict.fromkeys(vendors) if v not in valid]
        if unknown:
            names = ", ".join(repr(v) for v in unknown)
            raise CatalogError(
                f"unknown vendor {names} for {indicator}; choose one of: {_choices(valid)}"
            )
        where.append("(" + " or ".join(conditions) + ")")
        params["vendors"] = list(dict.fromkeys(vendors))
    date_col = _ident(spec.date_column)
    is_day = types[spec.date_column] == "DATE"
    # Days are compared as dates; timestamps against UTC midnights (independent of the session).
    if since is not None:
        where.append(f"{date_col} >= $since")
        params["since"] = since if is_day else datetime.combine(since, time(), UTC)
    if until is not None:
        where.append(f"{date_col} <= $until" if is_day else f"{date_col} < $until")
        params["until"] = (
            until if is_day else datetime.combine(until + timedelta(days=1), time(), UTC)
        )

    select = ", ".join(_ident(name) for name, _ in columns)
    query = f"select {select} from {table}"  # noqa: S608 - identifiers only, see above
    if where:
        query += " where " + " and ".join(where)
    # The spec's keys, then every other column: the same rows always come in the same order.
    keys = [*spec.order_by, *(name for name, _ in columns if name not in spec.order_by)]
    query += " order by " + ", ".join(_ident(c) for c in keys)
    return _Query(query, params, columns)


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
    return df.select(exprs)


def write_csv(df: pl.DataFrame, path: Path) -> None:
    """Write `df` to `path` with the export CSV conventions (see the module docstring)."""
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


def _write_csv(con: duckdb.DuckDBPyConnection, query: _Query, out: Path) -> pl.DataFrame:
    """Run `query` into the CSV `out`; return the frame written (warehouse types)."""
    frame = con.sql(query.sql, params=query.params or None).pl()
    with _atomic(out) as tmp:
        write_csv(frame, tmp)
    return frame


def _write_csv_rows(con: duckdb.DuckDBPyConnection, query: _Query, out: Path) -> int:
    return _write_csv(con, query, out).height


def _write_parquet(con: duckdb.DuckDBPyConnection, query: _Query, out: Path) -> int:
    """COPY `query` into the Parquet file `out`; return the rows written."""
    with _atomic(out) as tmp:
        params = {**query.params, "path": os.fspath(tmp)}
        result = con.execute(f"copy ({query.sql}) to $path (format parquet)", params).fetchall()
    return int(result[0][0]) if result else 0


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
    """Write one warehouse table (filtered) to `out` as CSV or Parquet; return rows written.

    Columns keep the table's order, rows are sorted by the spec's keys; the CSV follows the
    conventions of the module docstring, Parquet keeps the warehouse types. `since`/`until`
    are inclusive UTC days. For a list vendor column (articles.vendors) `vendors` keeps rows
    mentioning any of them; the valid vendors are the distinct list elements. The file is
    written beside `out` and renamed, so `out` is never half-written.

    Raises:
        CatalogError: unknown indicator, vendor or format, or `since` after `until`; the
            message lists the valid choices.
        RadarError: the connection's session time zone is not UTC, or the table is missing.
    """
    _check_indicator(indicator)
    if fmt not in FORMATS:
        raise CatalogError(f"unknown format {fmt!r}; choose one of: {_choices(FORMATS)}")
    query = _build_query(con, indicator, vendors=vendors, since=since, until=until)
    write = _write_csv_rows if fmt == "csv" else _write_parquet
    rows = write(con, query, out)
    logger.info("exported %s: %d rows -> %s", indicator, rows, out)
    return rows


def export_all(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write every EXPORTABLE table as `out_dir/<indicator>.csv`; return the paths written."""
    paths = []
    for indicator in EXPORTABLE:
        path = out_dir / export_filename(indicator)
        export_table(con, indicator, path)
        paths.append(path)
    return paths


# -------------------------------------------------------------------------- dictionary

# Unit of a column, first matching rule wins (documented in DATA_DICTIONARY.md and README).
# Exceptions the rules cannot see go in UNIT_OVERRIDES, keyed (table, column).
UNIT_OVERRIDES: dict[tuple[str, str], str] = {
    ("outage_reports_hourly", "baseline"): "reporters per hour",
    ("outage_reports_hourly", "mad"): "reporters per hour",
    ("outage_reports_hourly", "threshold"): "reporters per hour",
}
_INTEGER_TYPES = frozenset(
    "TINYINT SMALLINT INTEGER BIGINT HUGEINT UTINYINT USMALLINT UINTEGER UBIGINT UHUGEINT".split()
)
UNIT_RULES = (
    "the type first: lists are `list` (`;`-joined in CSV), TIMESTAMP WITH TIME ZONE "
    "`UTC timestamp`, DATE `UTC date`, BOOLEAN `true/false`; then the name and definition: "
    "`*_minutes` `minutes`, `*_pct` `percent [0, 100]`, a definition saying `in [-1, 1]` "
    "`score [-1, 1]`, one saying `in [0, 1]` or a name with `share` `fraction [0, 1]`, "
    "`hours`/`*_hours` `hours`, `bytes` `bytes`; other integers `count`, other numbers "
    "`number`, text `text`"
)


def column_unit(table: str, column: str, dtype: str, comment: str) -> str:
    """Unit of a warehouse column, derived from its type, name and comment (UNIT_RULES)."""
    override = UNIT_OVERRIDES.get((table, column))
    if override is not None:
        return override
    rules: list[tuple[bool, str]] = [
        (dtype.endswith("[]"), "list"),
        (dtype.startswith("TIMESTAMP"), "UTC timestamp"),
        (dtype == "DATE", "UTC date"),
        (dtype == "BOOLEAN", "true/false"),
        (column.endswith("_minutes") or column == "minutes", "minutes"),
        (column.endswith("_pct"), "percent [0, 100]"),
        ("in [-1, 1]" in comment, "score [-1, 1]"),
        ("in [0, 1]" in comment or "share" in column.split("_"), "fraction [0, 1]"),
        (column == "hours" or column.endswith("_hours"), "hours"),
        (column == "bytes", "bytes"),
        (dtype in _INTEGER_TYPES, "count"),
        (dtype in ("DOUBLE", "FLOAT", "REAL") or dtype.startswith("DECIMAL"), "number"),
        (dtype == "VARCHAR", "text"),
    ]
    return next((unit for matched, unit in rules if matched), dtype.lower())


@dataclass(frozen=True, slots=True)
class DictionaryColumn:
    """One documented column of an exported table."""

    table: str
    column: str
    type: str
    unit: str
    definition: str


def dictionary_entries(
    con: duckdb.DuckDBPyConnection, tables: Sequence[str]
) -> tuple[dict[str, str], list[DictionaryColumn]]:
    """Table comments and documented columns of `tables` (in that order), from COMMENT ON.

    Raises:
        RadarError: a table is missing, or a table or column of them has no comment.
    """
    rows = warehouse.data_dictionary(con)
    comments = {table: comment for table, comment, *_ in rows}
    missing_tables = [t for t in tables if t not in comments]
    if missing_tables:
        raise RadarError(f"tables missing from the warehouse: {', '.join(missing_tables)}")
    order = {t: i for i, t in enumerate(tables)}
    columns = [
        DictionaryColumn(table, column, dtype, column_unit(table, column, dtype, comment), comment)
        for table, _, column, dtype, comment in rows
        if table in order
    ]
    columns.sort(key=lambda c: order[c.table])  # stable: column order kept within a table
    undocumented = [t for t in tables if not comments[t].strip()] + [
        f"{c.table}.{c.column}" for c in columns if not c.definition.strip()
    ]
    if undocumented:
        raise RadarError(
            "exported tables and columns need COMMENT ON text (sql/schema.sql): "
            + ", ".join(undocumented)
        )
    return {t: comments[t] for t in tables}, columns


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes and angle brackets escaped, one line."""
    for char in "\\|<>":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def dictionary_markdown(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> str:
    """DATA_DICTIONARY.md for the exported `tables`: per table its comment and column table."""
    table_comments, columns = dictionary_entries(con, tables)
    out = [
        "# Reliability Radar exports: data dictionary",
        "",
        "Generated from the warehouse's own documentation (DuckDB `COMMENT ON`, "
        "`sql/schema.sql`); `manifest.json` lists the files with row counts and SHA-256.",
        "",
        "Every indicator comes as `<indicator>.csv` and `<indicator>.parquet` with the same "
        "columns and rows. CSV: UTF-8, header row, no index column, columns in the order "
        "below, rows sorted as stated; dates `2026-03-03` and timestamps "
        "`2026-03-03T14:05:00Z` (ISO 8601, always UTC); lists `;`-joined; NULL is an empty "
        "field; numbers in plain decimal notation; booleans `true`/`false`. Parquet keeps "
        "the types below (timestamps as UTC, lists as lists).",
        "",
        f"Units are derived by rule: {UNIT_RULES}.",
    ]
    for table in tables:
        spec = EXPORTABLE.get(table)
        out += ["", f"## `{table}`", "", _cell(table_comments[table]), ""]
        if spec is not None:
            out += [
                f"Files `{table}.csv`, `{table}.parquet`; sorted by "
                + ", ".join(f"`{c}`" for c in spec.order_by)
                + f"; dated by `{spec.date_column}`.",
                "",
            ]
        out += ["| column | type | unit | definition |", "|---|---|---|---|"]
        out += [
            f"| `{c.column}` | {c.type} | {c.unit} | {_cell(c.definition)} |"
            for c in columns
            if c.table == table
        ]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------ bundle


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One file of the bundle as the manifest lists it."""

    name: str
    indicator: str | None
    format: str
    rows: int | None
    bytes: int
    sha256: str
    columns: tuple[dict[str, str], ...] = ()
    first_day: str | None = None
    last_day: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    """What `export_bundle` wrote: `manifest.json` as a value."""

    generator: str
    version: str
    schema_version: int | None
    generated_at: str
    data_window: dict[str, str | None]
    csv: dict[str, object]
    files: tuple[ExportedFile, ...]

    def to_json(self) -> str:
        """The manifest as pretty, key-ordered JSON text (ending in a newline)."""
        data: dict[str, Any] = asdict(self)
        data["files"] = [{**asdict(f), "columns": list(f.columns)} for f in self.files]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _file_entry(
    path: Path,
    indicator: str | None,
    fmt: str,
    rows: int | None,
    columns: Sequence[tuple[str, str]] = (),
    days: tuple[date | None, date | None] = (None, None),
) -> ExportedFile:
    data = path.read_bytes()
    first, last = days
    return ExportedFile(
        name=path.name,
        indicator=indicator,
        format=fmt,
        rows=rows,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        columns=tuple({"name": n, "type": t} for n, t in columns),
        first_day=None if first is None else first.isoformat(),
        last_day=None if last is None else last.isoformat(),
    )


def _day_range(frame: pl.DataFrame, column: str) -> tuple[date | None, date | None]:
    series = frame[column]
    if isinstance(series.dtype, pl.Datetime):
        if series.dtype.time_zone:
            series = series.dt.convert_time_zone("UTC")
        series = series.dt.date()
    days = series.drop_nulls()
    if days.is_empty():
        return None, None
    return days.min(), days.max()  # type: ignore[return-value]


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The warehouse's schema version (max of table `schema_version`), or None without one."""
    exists = con.execute(
        "select count(*) from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'main' "
        "and table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return None
    (version,) = con.execute("select max(version) from schema_version").fetchall()[0]
    return None if version is None else int(version)


def _previous_files(out_dir: Path) -> set[str]:
    """File names the previous bundle's manifest lists (plain names only).

    Only a manifest this generator wrote counts: another tool's manifest.json in a shared
    folder never gets its files deleted.
    """
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        if data.get("generator") != GENERATOR:
            return set()
        names = {str(f["name"]) for f in data["files"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()
    return {n for n in names if n and Path(n).name == n and not n.startswith(".")}


def export_bundle(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    indicators: Sequence[str] | None = None,
) -> Manifest:
    """Write the export bundle into `out_dir` and return its manifest.

    Writes every EXPORTABLE indicator (or `indicators`) as `<name>.csv` and `<name>.parquet`,
    `DATA_DICTIONARY.md` and `manifest.json`. Everything is written to a temporary folder
    inside `out_dir` first, then each file is renamed into place (atomic per file) with the
    manifest last; files the previous manifest listed that are no longer exported are removed.
    Other files in `out_dir` are left alone. Same warehouse, same bytes, except the
    manifest's `generated_at`.

    Raises:
        CatalogError: unknown indicator, or `out_dir` is not a folder.
        RadarError: session not UTC, or an exported table or column has no COMMENT.
        ValueError: `generated_at` is naive.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware")
    names = list(EXPORTABLE) if indicators is None else list(dict.fromkeys(indicators))
    for name in names:
        _check_indicator(name)
    if out_dir.exists() and not out_dir.is_dir():
        raise CatalogError(f"{out_dir} exists and is not a folder")
    _require_utc(con)
    dictionary = dictionary_markdown(con, names)  # fails before writing on missing comments
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".bundle-", dir=out_dir))
    try:
        files: list[ExportedFile] = []
        for name in names:
            query = _build_query(con, name)
            csv_path = work / export_filename(name, fmt="csv")
            frame = _write_csv(con, query, csv_path)
            days = _day_range(frame, EXPORTABLE[name].date_column)
            files.append(_file_entry(csv_path, name, "csv", frame.height, query.columns, days))
            pq_path = work / export_filename(name, fmt="parquet")
            rows = _write_parquet(con, query, pq_path)
            files.append(_file_entry(pq_path, name, "parquet", rows, query.columns, days))
        dict_path = work / DICTIONARY_FILE
        dict_path.write_text(dictionary, encoding="utf-8")
        files.append(_file_entry(dict_path, None, "markdown", None))

        firsts = [f.first_day for f in files if f.first_day]
        lasts = [f.last_day for f in files if f.last_day]
        manifest = Manifest(
            generator=GENERATOR,
            version=__version__,
            schema_version=schema_version(con),
            generated_at=generated_at.astimezone(UTC)
            .isoformat(timespec="seconds")
            .replace("+00:00", "Z"),
            data_window={
                "start": min(firsts) if firsts else None,
                "end": max(lasts) if lasts else None,
            },
            csv={
                "encoding": "utf-8",
                "delimiter": ",",
                "header": True,
                "list_separator": LIST_SEPARATOR,
                "null": "",
                "date_format": "YYYY-MM-DD",
                "timestamp_format": "ISO 8601 UTC, e.g. 2026-03-03T14:05:00Z",
            },
            files=tuple(files),
        )
        (work / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")

        stale = _previous_files(out_dir) - {f.name for f in files} - {MANIFEST_FILE}
        for f in files:
            (work / f.name).replace(out_dir / f.name)
        (work / MANIFEST_FILE).replace(out_dir / MANIFEST_FILE)
        for name in sorted(stale):
            (out_dir / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(f.rows or 0 for f in files if f.format == "csv")
    logger.info(
        "export bundle: %d indicators, %d rows, %d files -> %s",
        len(names),
        total,
        len(files) + 1,
        out_dir,
    )
    return manifest
