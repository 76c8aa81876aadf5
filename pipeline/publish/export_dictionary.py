"""The exports' data dictionary: units by rule and `DATA_DICTIONARY.md` from COMMENT ON texts.

Every exported table or view and its columns carry a `COMMENT ON` text in sql/core/schema.sql
or views.sql; the dictionary lists them with each column's type and a unit derived by
UNIT_RULES (exceptions in UNIT_OVERRIDES). A table or column without a comment fails the
bundle before anything is written. `vendors.csv`, which no warehouse table holds (the bundle
computes it), is documented by VENDORS_FILE_COLUMNS here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from pipeline.core import warehouse
from pipeline.core.errors import RadarError
from pipeline.publish.exports import EXPORTABLE

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
# vendors.csv / vendors.parquet (sql/publish/select_export_vendor_coverage.sql).
VENDORS_FILE = "vendors"
VENDORS_FILE_DESCRIPTION = (
    "One row per vendor of the alias table (every vendor, covered or not): which sources "
    "cover it and the first and last UTC day each kind of source covers. A vendor missing "
    "from outage_daily with empty status_sources has no status feed (no data, not zero "
    "outages)."
)
VENDORS_FILE_COLUMNS: dict[str, str] = {
    "vendor": "Vendor slug.",
    "status_sources": "Status sources of the vendor with at least one successful fetch "
    "(status_coverage); empty: no status feed, so no outage_daily rows.",
    "status_first_day": "First UTC day a status source of the vendor covers "
    "(min status_coverage.first_covered_day); NULL without a status feed.",
    "status_last_day": "Last UTC day a status source of the vendor covers (the day of its last "
    "successful fetch, max status_coverage.last_covered_day); NULL without a status feed.",
    "status_sources_failed": "Status sources of the vendor in the catalog's runs (source_runs) "
    "that never fetched successfully.",
    "news_sources": "News sources of the stories mentioning the vendor (articles.sources); "
    "empty: no story mentions it.",
    "news_articles": "News stories mentioning the vendor (articles).",
    "news_first_day": "UTC day of the first dated story mentioning the vendor; NULL without one.",
    "news_last_day": "UTC day of the last dated story mentioning the vendor; NULL without one.",
    "social_sources": "Social sources of the posts mentioning the vendor (posts.source); "
    "empty: no post mentions it.",
    "social_posts": "Social posts mentioning the vendor (posts).",
    "social_first_day": "UTC day of the first post mentioning the vendor; NULL without one.",
    "social_last_day": "UTC day of the last post mentioning the vendor; NULL without one.",
}
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
    rows = warehouse.data_dictionary(con) + warehouse.view_dictionary(con)
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
            "exported tables and columns need COMMENT ON text (sql/core/schema.sql): "
            + ", ".join(undocumented)
        )
    return {t: comments[t] for t in tables}, columns


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes and angle brackets escaped, one line."""
    for char in "\\|<>":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def vendors_file_section(columns: Sequence[tuple[str, str]]) -> list[str]:
    """The dictionary section of vendors.csv; `columns` are the file's (name, DuckDB type).

    Raises:
        RadarError: a column of the file has no definition in VENDORS_FILE_COLUMNS.
    """
    missing = [name for name, _ in columns if name not in VENDORS_FILE_COLUMNS]
    if missing:
        raise RadarError(f"{VENDORS_FILE}.csv columns without a definition: {', '.join(missing)}")
    out = [
        "",
        f"## `{VENDORS_FILE}`",
        "",
        VENDORS_FILE_DESCRIPTION,
        "",
        f"Files `{VENDORS_FILE}.csv`, `{VENDORS_FILE}.parquet`; sorted by `vendor`; computed "
        "by the bundle from status_coverage, source_runs, articles and posts.",
        "",
        "| column | type | unit | definition |",
        "|---|---|---|---|",
    ]
    for name, dtype in columns:
        definition = VENDORS_FILE_COLUMNS[name]
        unit = column_unit(VENDORS_FILE, name, dtype, definition)
        out.append(f"| `{name}` | {dtype} | {unit} | {_cell(definition)} |")
    return out


def dictionary_markdown(
    con: duckdb.DuckDBPyConnection,
    tables: Sequence[str],
    vendors_columns: Sequence[tuple[str, str]] = (),
) -> str:
    """DATA_DICTIONARY.md for the exported `tables` (per table its comment and column table),
    then vendors.csv when its (name, type) columns are given."""
    table_comments, columns = dictionary_entries(con, tables)
    out = [
        "# Reliability Radar exports: data dictionary",
        "",
        "Generated from the warehouse's own documentation (DuckDB `COMMENT ON`, "
        "`sql/core/schema.sql`); `manifest.json` lists the files with row counts and SHA-256.",
        "",
        "Every indicator comes as `<indicator>.csv` and `<indicator>.parquet` with the same "
        "columns and rows. CSV: UTF-8, header row, no index column, columns in the order "
        "below, rows sorted as stated; dates `2026-03-03` and timestamps "
        "`2026-03-03T14:05:00Z` (ISO 8601, always UTC); lists `;`-joined; NULL is an empty "
        "field; numbers in plain decimal notation (never an exponent): integers without a "
        "decimal point (`90`), DOUBLE values always with one (`90.0`, `0.0000001`); booleans "
        "`true`/`false`. A text cell "
        "(text, or a list's `;`-joined text) that starts with `=`, `+`, `-`, `@`, a tab or a "
        "carriage return is written with a leading `'` (`'=1+2`), so that a spreadsheet shows "
        "it instead of running it as a formula (OWASP's advice against CSV injection); "
        "numbers, dates and booleans are never changed. Parquet keeps the types below and the "
        "raw text (timestamps as UTC, lists as lists), except that every integer column "
        "(INTEGER, BIGINT, ...) is a 64-bit integer (INT64) in Parquet: the type CSV readers "
        "(pandas, polars, DuckDB) infer for it, so it reads as the same type from both files; "
        "a DOUBLE column is DOUBLE in Parquet and its CSV values carry a decimal point, so CSV "
        "readers infer floats for it even when every value is whole (minutes computed from "
        "timestamps, `outage_minutes` = `90.0`, are fractional by definition and stay DOUBLE).",
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
    if vendors_columns:
        out += vendors_file_section(vendors_columns)
    return "\n".join(out) + "\n"
