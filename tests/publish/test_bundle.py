"""publish.bundle: the export bundle, its CSV conventions, data dictionary and manifest."""

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline import __version__, cli
from pipeline.core import warehouse
from pipeline.core.errors import CatalogError, RadarError
from pipeline.core.vendors import VENDORS
from pipeline.publish import bundle, export_dictionary, exports

NOW = datetime(2026, 3, 4, 6, 15, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
TINY = 1e-7  # DuckDB would write 1e-07


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    """A few rows in six exported tables: lists (empty, NULL), fractions of seconds, tiny floats."""
    con.executemany(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values (?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("openai", "o1", 'Say "hi", then; leave', "critical", False,
             "2026-03-02 22:00:00+00", None, None, None, None, "o-json", ["o-json"],
             "investigating", 1),
            ("anthropic", "a1", "Elevated errors\non Claude", "major", False,
             "2026-03-02 02:00:00+00", "2026-03-02 03:30:00.25+00", 90.004166666666667,
             ["api", "console"], "https://status.claude.com/a1", "a-atom", ["a-atom", "a-json"],
             "resolved", 3),
            ("openai", "o2", "", "maintenance", True,
             "2026-03-01 02:00:00+00", "2026-03-01 04:00:00+00", 120.0, [], None, "o-json",
             ["o-json"], "completed", 2),
        ],
    )  # fmt: skip
    con.executemany(
        "insert into outage_daily values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("anthropic", date(2026, 3, 1), 0, 0.0, 0.0, 0.0, 100.0, None, 0.0),
            ("anthropic", date(2026, 3, 2), 1, 90.0, 90.0, 27.0, 98.125, 90.0, TINY),
            ("openai", date(2026, 3, 1), 0, 0.0, 0.0, 0.0, 100.0, None, 120.0),
            ("openai", date(2026, 3, 2), 1, 120.0, 120.0, 120.0, 91.66666666666667, None, 0.0),
        ],
    )
    con.execute(
        "insert into articles (article_id, source, url, canonical_url, published_at, title,"
        " summary, text_source, language, vendors, topics, tone, sources, urls, copies) values"
        " ('n1', 'wire', 'https://n.example/1', 'https://n.example/1', '2026-02-27 09:00:00+00',"
        "  'OpenAI outage', 'a | pipe', 'page', 'en', ['openai'], ['outage'], -0.6,"
        "  ['wire', 'blog'], ['https://n.example/1'], 2),"
        " ('n2', 'blog', 'https://n.example/2', 'https://n.example/2', null, 'Undated', '',"
        "  'feed_summary', null,"
        "  ['anthropic', 'openai'], [], 0.0, ['blog'], ['https://n.example/2'], 1)"
    ).fetchall()
    con.execute(
        "insert into migrations values"
        " ('hn:1', 'hn', '2026-03-01 10:00:00.123456+00', 'openai', 'anthropic', 0.9),"
        " ('reddit:2', 'reddit', '2026-03-03 23:59:59+00', 'anthropic', 'google', 0.35)"
    ).fetchall()
    con.executemany(
        "insert into outage_reports_hourly values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("openai", datetime(2026, 3, 2, h, tzinfo=UTC), r, 0.5, 0.0, 3.5, r > 3.5, r > 3.5)
            for h, r in ((0, 0), (1, 7), (2, 9))
        ],
    )
    con.execute(
        "insert into sentiment_daily values ('openai', '2026-03-02', 'social', 3, -0.25, 0.0),"
        " ('openai', '2026-03-02', 'news', 0, null, null)"
    ).fetchall()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the full schema and a few rows, built once per module."""
    db = warehouse.warehouse_path(tmp_path_factory.mktemp("template"))
    with warehouse.connect(db) as con:
        _fill(con)
    return db


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    """A home holding a fresh copy of the template warehouse."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(template, warehouse.warehouse_path(home))
    return home


@pytest.fixture
def con(home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        yield con


BUNDLE_EXTRAS = {"vendors.csv", "vendors.parquet", "DATA_DICTIONARY.md", "manifest.json"}
INTEGERS = pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.sql(
        "select column_name, data_type from duckdb_columns()"
        " where schema_name = 'main' and table_name = ? order by column_index",
        params=[table],
    ).fetchall()


def _expected_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The table in export order, written independently: spec keys, then the other columns."""
    spec = exports.EXPORTABLE[table]
    names = [n for n, _ in _columns(con, table)]
    keys = [*spec.order_by, *(n for n in names if n not in spec.order_by)]
    return f"select * from {table} order by {', '.join(keys)}"  # noqa: S608


def _read_back_csv(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> list[tuple]:
    """Parse an exported CSV back into the table's types (lists split on ';')."""
    exprs = []
    for name, dtype in _columns(con, table):
        if dtype.endswith("[]"):
            exprs.append(
                f"case when {name} = '' then []::varchar[] else string_split({name}, ';') end"
            )
        else:
            exprs.append(f"{name}::{dtype}")
    return con.execute(
        f"select {', '.join(exprs)} from read_csv($p, header = true, all_varchar = true,"  # noqa: S608
        " allow_quoted_nulls = false)",
        {"p": str(path)},
    ).fetchall()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------ round trip


def test_bundle_round_trips_every_table(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    bundle.export_bundle(con, out, generated_at=NOW)
    expected_names = {f"{t}.{fmt}" for t in exports.EXPORTABLE for fmt in ("csv", "parquet")}
    assert {p.name for p in out.iterdir()} == expected_names | BUNDLE_EXTRAS
    for table in exports.EXPORTABLE:
        expected_sql = _expected_sql(con, table)
        csv_path, parquet_path = out / f"{table}.csv", out / f"{table}.parquet"
        header = csv_path.read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [n for n, _ in _columns(con, table)], table  # no index
        assert _read_back_csv(con, csv_path, table) == con.sql(expected_sql).fetchall(), table
        expected = con.sql(expected_sql).pl()
        # Integer columns are INT64 in Parquet, whatever their width in the warehouse.
        widened = expected.with_columns(pl.col(*INTEGERS).cast(pl.Int64))
        assert_frame_equal(pl.read_parquet(parquet_path), widened)


def test_csv_conventions(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    bundle.export_bundle(con, tmp_path, generated_at=NOW)
    incidents = (tmp_path / "incidents.csv").read_text(encoding="utf-8")
    assert incidents.splitlines()[1:2] == [
        # sorted by vendor, started_at; fractional seconds only where present; lists ;-joined
        'anthropic,a1,"Elevated errors',
    ]
    assert (
        'on Claude",major,false,false,2026-03-02T02:00:00Z,2026-03-02T03:30:00.250Z,'
        "90.00416666666666,api;console,https://status.claude.com/a1,a-atom,a-atom;a-json,"
        "resolved,3,false,false,false\n"  # is_duration_clipped, then the deprecated aliases
    ) in incidents
    # Empty string and empty list are "", NULL is an empty field.
    assert 'openai,o2,"",maintenance,false,true,2026-03-01T02:00:00Z,2026-03-01T04:00:00Z,' in (
        incidents
    )
    assert ',120.0,"",,o-json,o-json,completed,2,false,false,false\n' in incidents
    assert '"Say ""hi"", then; leave",critical' in incidents
    assert (
        ",2026-03-02T22:00:00Z,,,,,o-json,o-json,investigating,1,false,false,false\n" in incidents
    )
    outage = (tmp_path / "outage_daily.csv").read_text(encoding="utf-8").splitlines()
    assert outage[2] == "anthropic,2026-03-02,1,90.0,90.0,27.0,98.125,90.0,0.0000001"  # no 1e-07
    assert outage[4] == "openai,2026-03-02,1,120.0,120.0,120.0,91.66666666666667,,0.0"
    assert not any(re.search(r"\de[-+]?\d", line) for line in outage)
    migrations = (tmp_path / "migrations.csv").read_text(encoding="utf-8").splitlines()
    assert migrations[1] == "hn:1,hn,2026-03-01T10:00:00.123456Z,openai,anthropic,0.9"
    # polars (like pandas) parses the dates and UTC timestamps without being told.
    parsed = pl.read_csv(tmp_path / "incidents.csv", try_parse_dates=True)
    assert parsed.schema["started_at"] == pl.Datetime("us", "UTC")
    assert parsed["started_at"][0] == datetime(2026, 3, 2, 2, tzinfo=UTC)
    assert pl.read_csv(tmp_path / "outage_daily.csv", try_parse_dates=True).schema["day"] == (
        pl.Date
    )
    # Sorted by the spec keys, the undated story last.
    articles = pl.read_csv(tmp_path / "articles.csv")
    assert articles["article_id"].to_list() == ["n1", "n2"]
    assert articles["vendors"].to_list() == ["openai", "anthropic;openai"]


def test_csv_formula_neutralisation_is_documented(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    manifest = bundle.export_bundle(con, tmp_path, generated_at=NOW)
    data = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert data["csv"]["formula_chars"] == ["=", "+", "-", "@", "\t", "\r"]
    assert data["csv"]["formula_prefix"] == "'" == manifest.csv["formula_prefix"]
    text = (tmp_path / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "starts with `=`, `+`, `-`, `@`, a tab or a carriage return" in text
    assert "Parquet keeps the types below and the raw text" in text


# -------------------------------------------------------------------------------- manifest


def test_manifest_matches_files(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    manifest = bundle.export_bundle(con, tmp_path, generated_at=NOW)
    data = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert data == json.loads(manifest.to_json())
    assert data["generator"] == "reliability-radar"
    assert data["version"] == __version__
    assert data["schema_version"] == bundle.schema_version(con)
    assert data["generated_at"] == "2026-03-04T06:15:00Z"
    # Earliest dated row: article n1 (02-27); latest: migration reddit:2 (03-03, UTC).
    assert data["data_window"] == {"start": "2026-02-27", "end": "2026-03-03"}
    names = [f["name"] for f in data["files"]]
    assert names == [
        *(f"{t}.{fmt}" for t in exports.EXPORTABLE for fmt in ("csv", "parquet")),
        "vendors.csv",
        "vendors.parquet",
        "DATA_DICTIONARY.md",
    ]
    for entry in data["files"]:
        path = tmp_path / entry["name"]
        assert entry["bytes"] == path.stat().st_size
        assert entry["sha256"] == _sha(path)
        table = entry["indicator"]
        if table is None:
            assert entry["format"] == "markdown"
            continue
        if table == "vendors":
            assert entry["rows"] == len(VENDORS) and entry["first_day"] is None
            continue
        assert entry["format"] == path.suffix[1:]
        count = warehouse.table_rows(con, table)
        assert entry["rows"] == count, entry["name"]
        if entry["format"] == "csv":
            assert len(pl.read_csv(path, infer_schema=False)) == count
        else:
            assert pl.read_parquet(path).height == count
        columns = _columns(con, table)
        if entry["format"] == "parquet":
            columns = [(n, exports.parquet_type(t)) for n, t in columns]
        assert [(c["name"], c["type"]) for c in entry["columns"]] == columns
    by_name = {f["name"]: f for f in data["files"]}
    assert (by_name["outage_daily.csv"]["first_day"], by_name["outage_daily.csv"]["last_day"]) == (
        "2026-03-01",
        "2026-03-02",
    )
    assert by_name["news_daily.parquet"]["rows"] == 0
    assert by_name["news_daily.parquet"]["first_day"] is None


def test_schema_version_is_optional() -> None:
    con = duckdb.connect()
    assert bundle.schema_version(con) is None
    con.execute("create table schema_version (version integer)").fetchall()
    assert bundle.schema_version(con) is None
    con.execute("insert into schema_version values (1), (3)").fetchall()
    assert bundle.schema_version(con) == 3


# ------------------------------------------------------------------------------ dictionary


def _dictionary_sections(text: str) -> dict[str, list[list[str]]]:
    """Table name -> rows (column, type, unit, definition) of DATA_DICTIONARY.md."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for line in text.splitlines():
        if m := re.fullmatch(r"## `(\w+)`", line):
            current = sections.setdefault(m.group(1), [])
        elif current is not None and line.startswith("| `"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            current.append([cells[0].strip("`"), *cells[1:]])
    return sections


def test_dictionary_covers_every_exported_column(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    bundle.export_bundle(con, tmp_path, generated_at=NOW)
    text = (tmp_path / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    sections = _dictionary_sections(text)
    assert list(sections) == [*exports.EXPORTABLE, "vendors"]
    rows = warehouse.data_dictionary(con) + warehouse.view_dictionary(con)
    comments = {(t, c): comment for t, _, c, _, comment in rows if comment}
    vendors_rows = sections.pop("vendors")
    assert [r[0] for r in vendors_rows] == list(export_dictionary.VENDORS_FILE_COLUMNS)
    assert "| `status_sources` | VARCHAR[] | list |" in text
    assert "| `status_first_day` | DATE | UTC date |" in text
    assert "| `news_articles` | BIGINT | count |" in text
    assert "| `uptime_days` | INTEGER | count |" in text  # vendor_scorecard_monthly (a view)
    assert "INT64" in text  # the Parquet integer rule
    for table, rows in sections.items():
        assert [(r[0], r[1]) for r in rows] == _columns(con, table), table
        for column, _, unit, definition in rows:
            assert unit, (table, column)
            assert re.sub(r"\\(.)", r"\1", definition) == comments[(table, column)]
    assert "| `uptime_pct` | DOUBLE | percent [0, 100] |" in text
    assert "| `started_at` | TIMESTAMP WITH TIME ZONE | UTC timestamp |" in text
    assert "| `day` | DATE | UTC date |" in text
    assert "| `tone` | DOUBLE | score [-1, 1] |" in text
    assert "| `vendors` | VARCHAR[] | list |" in text
    assert "| `is_anomaly` | BOOLEAN | true/false |" in text
    assert "| `share_7d` | DOUBLE | fraction [0, 1] |" in text
    assert "| `duration_minutes` | DOUBLE | minutes |" in text
    assert "| `incidents_started` | INTEGER | count |" in text
    assert "| `baseline` | DOUBLE | reporters per hour |" in text
    assert "Units are derived by rule" in text


@pytest.mark.parametrize(
    ("column", "dtype", "comment", "unit"),
    [
        ("components", "VARCHAR[]", "Affected components.", "list"),
        ("hour", "TIMESTAMP WITH TIME ZONE", "Start of the UTC hour.", "UTC timestamp"),
        ("lead_minutes", "DOUBLE", "Minutes from started_at.", "minutes"),
        ("sentiment_mean", "DOUBLE", "Mean sentiment in [-1, 1].", "score [-1, 1]"),
        ("confidence", "DOUBLE", "Confidence in [0, 1].", "fraction [0, 1]"),
        ("negative_share", "DOUBLE", "Share of items.", "fraction [0, 1]"),
        ("anomaly_hours", "INTEGER", "Anomalous hours.", "hours"),
        ("bytes", "BIGINT", "Payload size.", "bytes"),
        ("net", "INTEGER", "inflow - outflow.", "count"),
        ("abnormal_return", "DOUBLE", "Return over the market.", "number"),
        ("vendor", "VARCHAR", "Vendor slug.", "text"),
    ],
)
def test_column_unit_rules(column: str, dtype: str, comment: str, unit: str) -> None:
    assert export_dictionary.column_unit("t", column, dtype, comment) == unit


def test_missing_comment_fails_before_writing(home: Path, tmp_path: Path) -> None:
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        con.execute("comment on column outage_daily.uptime_pct is null").fetchall()
        con.execute("comment on table silent_outages is ''").fetchall()
        out = tmp_path / "bundle"
        with pytest.raises(RadarError, match=r"silent_outages, outage_daily\.uptime_pct$"):
            bundle.export_bundle(con, out, generated_at=NOW)
    assert not out.exists()


# ------------------------------------------------------------------------ files on disk


def test_rerun_gives_the_same_bytes(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    bundle.export_bundle(con, out, generated_at=NOW)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    bundle.export_bundle(con, out, generated_at=LATER)
    second = {p.name: p.read_bytes() for p in out.iterdir()}
    assert first.keys() == second.keys()
    changed = [name for name in first if first[name] != second[name]]
    assert changed == ["manifest.json"]
    before, after = (json.loads(d["manifest.json"]) for d in (first, second))
    assert after.pop("generated_at") == "2026-03-04T07:15:00Z"
    before.pop("generated_at")
    assert before == after


def test_kept_files_are_not_rewritten_unless_they_no_longer_match(
    home: Path, tmp_path: Path
) -> None:
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        _kept_files(con, tmp_path / "bundle")


def _kept_files(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    bundle.export_bundle(con, out, generated_at=NOW)
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    con.execute("delete from incidents where incident_id = 'o2'").fetchall()
    con.execute("delete from outage_daily where vendor = 'openai'").fetchall()
    # the caller says incidents did not change: its files stay as written, with their entries
    manifest = bundle.export_bundle(con, out, generated_at=LATER, keep={"incidents"})
    entries = {f.name: f for f in manifest.files}
    assert entries["incidents.csv"].rows == 3  # as written before the delete
    assert {f["name"]: f for f in before["files"]}["incidents.csv"] == json.loads(
        manifest.to_json()
    )["files"][[f.name for f in manifest.files].index("incidents.csv")]
    for name in ("incidents.csv", "incidents.parquet"):
        assert (out / name).stat().st_mtime_ns == stamps[name]
    assert entries["outage_daily.csv"].rows == 2  # not kept: rewritten
    assert (out / "outage_daily.csv").stat().st_mtime_ns != stamps["outage_daily.csv"]
    # a kept file edited by hand no longer matches the manifest: written again
    (out / "incidents.csv").write_text("edited", encoding="utf-8")
    manifest = bundle.export_bundle(con, out, generated_at=LATER, keep={"incidents"})
    assert {f.name: f for f in manifest.files}["incidents.csv"].rows == 2
    assert (
        _sha(out / "incidents.csv") == {f.name: f for f in manifest.files}["incidents.csv"].sha256
    )


def test_stale_files_removed_others_kept(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    bundle.export_bundle(con, out, generated_at=NOW, indicators=["incidents", "articles"])
    assert (out / "incidents.parquet").exists()
    bundle.export_bundle(con, out, generated_at=NOW, indicators=["articles"])
    assert sorted(p.name for p in out.iterdir()) == [
        "DATA_DICTIONARY.md",
        "articles.csv",
        "articles.parquet",
        "manifest.json",
        "notes.txt",
        "vendors.csv",
        "vendors.parquet",
    ]
    # A manifest.json of another tool is replaced, but the files it names are not deleted.
    (out / "manifest.json").write_text('{"files": [{"name": "notes.txt"}]}', encoding="utf-8")
    bundle.export_bundle(con, out, generated_at=NOW, indicators=["incidents"])
    assert (out / "notes.txt").exists() and (out / "articles.csv").exists()
    with pytest.raises(CatalogError, match="unknown indicator 'posts'; choose one of: articles"):
        bundle.export_bundle(con, out, generated_at=NOW, indicators=["posts"])


def test_failed_bundle_leaves_the_previous_one(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bundle"
    bundle.export_bundle(con, out, generated_at=NOW)
    before = {p.name: _sha(p) for p in out.iterdir()}
    real = exports.write_query_parquet
    calls = []

    def failing(*args: object) -> int:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(exports, "write_query_parquet", failing)
    with pytest.raises(OSError, match="disk full"):
        bundle.export_bundle(con, out, generated_at=LATER)
    assert {p.name: _sha(p) for p in out.iterdir()} == before  # no temp folder either


def test_bundle_refuses_bad_arguments(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        bundle.export_bundle(con, tmp_path, generated_at=datetime(2026, 3, 4))  # noqa: DTZ001
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(CatalogError, match="not a folder"):
        bundle.export_bundle(con, file, generated_at=NOW)
    con.execute("SET TimeZone = 'America/New_York'").fetchall()
    with pytest.raises(RadarError, match="TimeZone = 'UTC'"):
        bundle.export_bundle(con, tmp_path / "b", generated_at=NOW)


@pytest.mark.usefixtures("new_york_tz")
def test_bundle_is_utc_under_new_york_tz(home: Path, tmp_path: Path) -> None:
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        manifest = bundle.export_bundle(con, tmp_path, generated_at=NOW)
    # 23:59:59 UTC on 03-03 is still 03-03 (in New York it would be 18:59 the same day,
    # but 02:00 UTC on 03-02 would be 03-01 there): days and timestamps stay UTC.
    assert manifest.data_window == {"start": "2026-02-27", "end": "2026-03-03"}
    entry = next(f for f in manifest.files if f.name == "incidents.csv")
    assert (entry.first_day, entry.last_day) == ("2026-03-01", "2026-03-02")
    text = (tmp_path / "incidents.csv").read_text(encoding="utf-8")
    assert "2026-03-02T02:00:00Z" in text
    assert "+00" not in text and "-05" not in text


# ------------------------------------------------------------------------------------- CLI


def test_cli_export_all(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", "all", "--home", str(home)]) == cli.EXIT_OK
    default = home / "exports"
    assert (default / "manifest.json").exists() and (default / "DATA_DICTIONARY.md").exists()
    for table in exports.EXPORTABLE:
        assert (default / f"{table}.csv").exists() and (default / f"{table}.parquet").exists()
    assert f"wrote {len(exports.EXPORTABLE)} indicators" in capsys.readouterr().err
    out = tmp_path / "investor"
    assert cli.main(["export", "all", "-o", str(out), "--home", str(home)]) == cli.EXIT_OK
    assert {p.name for p in out.iterdir()} == {p.name for p in default.iterdir()}
    assert (out / "incidents.csv").read_bytes() == (default / "incidents.csv").read_bytes()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["export", "all", "--vendor", "openai"], "drop --vendor, --since, --until and --format"),
        (["export", "all", "--format", "csv"], "drop --vendor"),
        (["export", "nope"], "unknown indicator 'nope'; choose one of: articles"),
        (["export"], "missing INDICATOR; choose one of: all, vendor_scorecard_monthly, incidents"),
    ],
)
def test_cli_export_usage_errors(
    home: Path, args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*args, "--home", str(home)]) == cli.EXIT_USAGE
    assert needle in capsys.readouterr().err
    assert not (home / "exports").exists()


def test_cli_export_one_table_keeps_working(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.parquet"
    args = ["export", "outage_daily", "--vendor", "openai", "--format", "parquet", "-o", str(out)]
    assert cli.main([*args, "--home", str(home)]) == cli.EXIT_OK
    assert pl.read_parquet(out)["vendor"].to_list() == ["openai", "openai"]
    csv_out = tmp_path / "o.csv"
    assert cli.main(["export", "migrations", "-o", str(csv_out), "--home", str(home)]) == 0
    assert "2026-03-03T23:59:59Z" in csv_out.read_text(encoding="utf-8")


def test_cli_export_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", "--list"]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(exports.EXPORTABLE) + 1
    for line, (name, spec) in zip(lines, exports.EXPORTABLE.items(), strict=False):
        assert line == f"{name}: {spec.description} [csv, parquet]"
    assert lines[-1].startswith("all: every indicator above as csv, parquet, plus")


# --------------------------------------------------------------- vendors.csv, scorecard


def test_vendors_file_lists_every_vendor_and_its_coverage(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        con.execute(
            "insert into source_runs (run_id, source, kind, started_at, fetch_outcome, vendor)"
            " values ('r1', 'o-json', 'status', '2026-03-02 06:00:00+00', 'fetched', 'openai'),"
            " ('r1', 'x-atom', 'status', '2026-03-02 06:00:00+00', 'failed', 'xai'),"
            " ('r1', 'wire', 'news', '2026-03-02 06:00:00+00', 'fetched', null)"
        ).fetchall()
        con.execute(
            "insert into posts (post_id, platform, created_at, text, vendors, sentiment, kind,"
            " is_outage_report, source, first_seen_at) values ('hn:1', 'hn',"
            " '2026-03-01 23:30:00+00', 'moved to Claude', ['anthropic'], 0.1, 'story', false,"
            " 'hn-ai', '2026-03-02 00:00:00+00')"
        ).fetchall()
        manifest = bundle.export_bundle(con, out, generated_at=NOW)
    csv = pl.read_csv(out / "vendors.csv", infer_schema=False)
    assert csv["vendor"].to_list() == sorted(VENDORS)  # every vendor, covered or not
    rows = {r["vendor"]: r for r in csv.iter_rows(named=True)}
    assert rows["openai"]["status_sources"] == "o-json"
    assert rows["openai"]["status_first_day"] == "2026-03-02"
    assert rows["openai"]["news_sources"] == "blog;wire"  # stories n1 (wire, blog) and n2
    assert (rows["openai"]["news_articles"], rows["openai"]["news_first_day"]) == (
        "2",
        "2026-02-27",
    )
    assert rows["xai"]["status_sources"] == "" and rows["xai"]["status_first_day"] is None
    assert rows["xai"]["status_sources_failed"] == "x-atom"
    assert rows["anthropic"]["social_sources"] == "hn-ai"
    assert rows["anthropic"]["social_first_day"] == "2026-03-01"  # UTC day
    assert (rows["amazon"]["news_articles"], rows["amazon"]["social_posts"]) == ("0", "0")
    parquet = pl.read_parquet(out / "vendors.parquet")
    assert parquet["vendor"].to_list() == sorted(VENDORS)
    assert (
        parquet.schema["news_articles"]
        == pl.Int64
        == pl.read_csv(out / "vendors.csv").schema["news_articles"]
    )
    entry = next(f for f in manifest.files if f.name == "vendors.csv")
    assert entry.rows == len(VENDORS) and entry.indicator == "vendors"
    assert "## `vendors`" in (out / "DATA_DICTIONARY.md").read_text(encoding="utf-8")


def test_bundle_has_the_monthly_scorecard(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    bundle.export_bundle(con, tmp_path, generated_at=NOW)
    got = pl.read_parquet(tmp_path / "vendor_scorecard_monthly.parquet")
    expected = con.sql("select * from vendor_scorecard_monthly order by vendor, month").pl()
    assert got.height == expected.height > 0
    assert got.columns == expected.columns
    assert got.schema["incidents"] == pl.Int64  # INTEGER in the view, INT64 in Parquet
    text = (tmp_path / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "## `vendor_scorecard_monthly`" in text and "| `month` | DATE | UTC date |" in text


# Types CSV readers infer by themselves; text and lists are checked by the round trip above.
_INFERRED_TYPES = ("BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP WITH TIME ZONE")


def test_csv_and_parquet_agree_on_types_and_values(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """Per exported table: the Parquet columns have the manifest's types, DuckDB's read_csv
    infers the same type for every number, boolean, date and timestamp column with a value
    (a DOUBLE column whose values are all whole included), and the CSV read with the
    manifest's types holds the Parquet file's values."""
    bundle.export_bundle(con, tmp_path, generated_at=NOW)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    entries = {f["name"]: f for f in manifest["files"]}
    whole_doubles = []
    for table in [*exports.EXPORTABLE, "vendors"]:
        csv_path, parquet_path = tmp_path / f"{table}.csv", tmp_path / f"{table}.parquet"
        listed = [(c["name"], c["type"]) for c in entries[parquet_path.name]["columns"]]
        in_parquet = con.sql(
            "select column_name, column_type from (describe select * from read_parquet(?))",
            params=[str(parquet_path)],
        ).fetchall()
        assert in_parquet == listed, table
        inferred = dict(
            con.sql(
                "select column_name, column_type from (describe select * from read_csv(?))",
                params=[str(csv_path)],
            ).fetchall()
        )
        frame = pl.read_parquet(parquet_path)
        checked = []
        for name, dtype in listed:
            values = frame[name].drop_nulls()
            if dtype in _INFERRED_TYPES and len(values):
                assert inferred[name] == dtype, (table, name, inferred[name], dtype)
                checked.append(name)
                if dtype == "DOUBLE" and (values == values.round()).all():
                    whole_doubles.append(f"{table}.{name}")
        if not checked:
            continue
        typed = {n: ("VARCHAR" if t.endswith("[]") else t) for n, t in listed}
        columns = ", ".join(f'"{n}"' for n in checked)
        only_in_one = con.sql(
            f"(select {columns} from read_csv($csv, columns = $types) except all "  # noqa: S608
            f"select {columns} from read_parquet($parquet)) union all "
            f"(select {columns} from read_parquet($parquet) except all "
            f"select {columns} from read_csv($csv, columns = $types))",
            params={"csv": str(csv_path), "parquet": str(parquet_path), "types": typed},
        )
        assert only_in_one.fetchall() == [], table
    # The check has teeth: the tiny warehouse's outage minutes are all whole (90.0, 120.0).
    assert "outage_daily.outage_minutes" in whole_doubles
