"""The export bundle: every exported table as CSV and Parquet, its data dictionary, a manifest.

`export_bundle` writes every EXPORTABLE table in both formats, `vendors.csv`/`.parquet` (every
vendor of the alias table, which sources cover it and the days they cover), `DATA_DICTIONARY.md`
(from the warehouse's `COMMENT ON` texts) and `manifest.json` (files, rows, sha256, data window)
into one folder, replacing each file atomically and the manifest last. Same warehouse, same
bytes, except the manifest's `generated_at`. Files whose table did not change (`keep`, decided
by the caller) are left as the previous bundle wrote them, when they still match its manifest.
"""

import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline import __version__
from pipeline.core import warehouse
from pipeline.core.errors import CatalogError
from pipeline.core.vendors import VENDORS
from pipeline.core.warehouse import run_sql
from pipeline.publish import exports
from pipeline.publish.export_dictionary import VENDORS_FILE, dictionary_markdown

logger = logging.getLogger(__name__)

DICTIONARY_FILE = "DATA_DICTIONARY.md"
MANIFEST_FILE = "manifest.json"
GENERATOR = "reliability-radar"


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


def vendor_coverage_query(con: duckdb.DuckDBPyConnection) -> exports.ExportQuery:
    """The query of vendors.csv (sql/publish/select_export_vendor_coverage.sql): one row per
    vendor of the alias table with the sources that cover it and their first and last days."""
    statement, params = "select_export_vendor_coverage", {"vendors": list(VENDORS)}
    rel = con.sql(warehouse.sql_text(statement), params=params)
    columns = [(name, str(dtype)) for name, dtype in zip(rel.columns, rel.types, strict=True)]
    return exports.ExportQuery(statement, {}, params, columns)


def _parquet_columns(columns: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, exports.parquet_type(dtype)) for name, dtype in columns]


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
    if not run_sql(con, "count_schema_version_tables")[0][0]:
        return None
    version = warehouse.schema_version(con)
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


def _kept_entries(out_dir: Path, keep: Collection[str]) -> dict[str, list[ExportedFile]]:
    """Entries of the previous manifest (this generator's) for the indicators of `keep` whose
    CSV and Parquet files are still there with the bytes it lists (sha256 checked)."""
    if not keep:
        return {}
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        if data.get("generator") != GENERATOR or data.get("version") != __version__:
            return {}
        entries = [
            ExportedFile(**{**f, "columns": tuple(f.get("columns", ()))}) for f in data["files"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    kept: dict[str, list[ExportedFile]] = {}
    for name in keep:
        files = [e for e in entries if e.indicator == name and e.format in exports.FORMATS]
        if sorted(e.format for e in files) != sorted(exports.FORMATS):
            continue
        try:
            same = all(
                hashlib.sha256((out_dir / e.name).read_bytes()).hexdigest() == e.sha256
                for e in files
            )
        except OSError:
            continue
        if same:
            kept[name] = sorted(files, key=lambda e: exports.FORMATS.index(e.format))
    return kept


def export_bundle(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    indicators: Sequence[str] | None = None,
    keep: Collection[str] = (),
) -> Manifest:
    """Write the export bundle into `out_dir` and return its manifest.

    Writes every EXPORTABLE indicator (or `indicators`) as `<name>.csv` and `<name>.parquet`,
    `vendors.csv` and `vendors.parquet` (vendor_coverage_query), `DATA_DICTIONARY.md` and
    `manifest.json`. Everything is written to a temporary folder
    inside `out_dir` first, then each file is renamed into place (atomic per file) with the
    manifest last; files the previous manifest listed that are no longer exported are removed.
    Other files in `out_dir` are left alone. Same warehouse, same bytes, except the
    manifest's `generated_at`. The files of the indicators (or `VENDORS_FILE`) named in `keep`
    are not written again when the previous manifest lists them with the bytes they still hold:
    the caller knows their tables did not change since.

    Raises:
        CatalogError: unknown indicator, or `out_dir` is not a folder.
        RadarError: session not UTC, or an exported table or column has no COMMENT.
        ValueError: `generated_at` is naive.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware")
    names = list(exports.EXPORTABLE) if indicators is None else list(dict.fromkeys(indicators))
    for name in names:
        exports.check_indicator(name)
    if out_dir.exists() and not out_dir.is_dir():
        raise CatalogError(f"{out_dir} exists and is not a folder")
    exports.require_utc_session(con)
    coverage = vendor_coverage_query(con)
    # Fails before writing on missing comments.
    dictionary = dictionary_markdown(con, names, coverage.columns)
    out_dir.mkdir(parents=True, exist_ok=True)
    kept = _kept_entries(out_dir, keep)
    work = Path(tempfile.mkdtemp(prefix=".bundle-", dir=out_dir))
    try:
        files: list[ExportedFile] = []
        for name in names:
            if name in kept:
                files += kept[name]
                continue
            query = exports.build_export_query(con, name)
            csv_path = work / exports.export_filename(name, fmt="csv")
            frame = exports.write_query_csv(con, query, csv_path)
            days = _day_range(frame, exports.EXPORTABLE[name].date_column)
            files.append(_file_entry(csv_path, name, "csv", frame.height, query.columns, days))
            pq_path = work / exports.export_filename(name, fmt="parquet")
            rows = exports.write_query_parquet(con, query, pq_path)
            pq_columns = _parquet_columns(query.columns)
            files.append(_file_entry(pq_path, name, "parquet", rows, pq_columns, days))
        # vendors.csv: no data window of its own (status coverage runs to the last fetch).
        if VENDORS_FILE in kept:
            files += kept[VENDORS_FILE]
        else:
            csv_path = work / exports.export_filename(VENDORS_FILE, fmt="csv")
            frame = exports.write_query_csv(con, coverage, csv_path)
            entry = _file_entry(csv_path, VENDORS_FILE, "csv", frame.height, coverage.columns)
            files.append(entry)
            pq_path = work / exports.export_filename(VENDORS_FILE, fmt="parquet")
            rows = exports.write_query_parquet(con, coverage, pq_path)
            pq_columns = _parquet_columns(coverage.columns)
            files.append(_file_entry(pq_path, VENDORS_FILE, "parquet", rows, pq_columns))
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
                "list_separator": exports.LIST_SEPARATOR,
                "null": "",
                "date_format": "YYYY-MM-DD",
                "timestamp_format": "ISO 8601 UTC, e.g. 2026-03-03T14:05:00Z",
                # So that CSV readers infer the types the files' `columns` list (Parquet's).
                "number_format": exports.CSV_NUMBER_FORMAT,
                # Text cells (lists as joined) starting with one of these get the prefix.
                "formula_chars": list(exports.CSV_FORMULA_CHARS),
                "formula_prefix": exports.CSV_FORMULA_PREFIX,
            },
            files=tuple(files),
        )
        (work / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")

        stale = _previous_files(out_dir) - {f.name for f in files} - {MANIFEST_FILE}
        written = {p.name for p in work.iterdir()}
        for f in files:
            if f.name in written:
                (work / f.name).replace(out_dir / f.name)
        (work / MANIFEST_FILE).replace(out_dir / MANIFEST_FILE)
        for name in sorted(stale):
            (out_dir / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(f.rows or 0 for f in files if f.format == "csv")
    logger.info(
        "export bundle: %d indicators and vendors, %d rows, %d files (%d kept) -> %s",
        len(names),
        total,
        len(files) + 1,
        sum(len(k) for k in kept.values()),
        out_dir,
    )
    return manifest
