"""Issue 11, case 9 through the pipeline: a status feed with an incident starting in year 1.

Fetched, parsed and loaded by pipeline.load.feeds, then incidents and outage_daily rebuilt:
the impossible incident is quarantined (named, with the bound) and the data window starts at
the first plausible incident, so outage_daily holds days, not 739,956 rows since 0001-01-02.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipeline.core.models import Source
from pipeline.indicators.daily import build_outage_daily
from pipeline.indicators.window import resolve_window
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import feeds, status

NOW = datetime(2026, 3, 6, 12, tzinfo=UTC)


def incident(incident_id: str, start: str, end: str) -> dict:
    return {
        "id": incident_id,
        "name": f"Elevated errors ({incident_id})",
        "status": "resolved",
        "impact": "major",
        "created_at": start,
        "resolved_at": end,
        "updated_at": end,
        "shortlink": f"https://stspg.io/{incident_id}",
        "incident_updates": [
            {"status": "investigating", "body": "Looking.", "created_at": start},
            {"status": "resolved", "body": "Fixed.", "created_at": end},
        ],
    }


def test_year_one_incident_is_quarantined_and_outage_daily_keeps_only_real_days(
    schema_con: duckdb.DuckDBPyConnection, home: Path, tmp_path: Path
) -> None:
    document = {
        "page": {"id": "p", "name": "V", "url": "https://status.v.test"},
        "incidents": [
            incident("real", "2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z"),
            incident("year1", "0001-01-02T00:00:00Z", "2026-03-03T00:00:00Z"),
            incident("epoch", "1970-01-01T00:00:00Z", "2026-03-03T00:00:00Z"),
        ],
    }
    feed = tmp_path / "incidents.json"
    feed.write_text(json.dumps(document))
    source = Source("v-status", "status", str(feed), vendor="v", format="statuspage_json")

    feeds.fetch_sources(schema_con, [source], home, "run-1", FetchSettings())
    (stats,) = feeds.parse_pending(schema_con, [source], home, "run-1", NOW, "status")
    status.build_incident_updates(schema_con)
    status.build_incidents(schema_con)
    window = resolve_window(schema_con, now=NOW)
    build_outage_daily(schema_con, window, ["v"])

    assert (stats.records, stats.quarantined) == (3, 2)
    assert schema_con.execute("select incident_id from incidents").fetchall() == [("real",)]
    quarantine = schema_con.execute(
        "select source, record_ref, reason from quarantine order by record_ref"
    ).fetchall()
    assert quarantine == [
        (
            "v-status",
            "epoch",
            "implausible started_at: time 1970-01-01T00:00:00+00:00 is before 2005-01-01",
        ),
        (
            "v-status",
            "year1",
            "implausible started_at: time 0001-01-02T00:00:00+00:00 is before 2005-01-01",
        ),
    ]
    assert window.start == date(2026, 3, 2)
    rows, first, last, outage = schema_con.execute(
        "select count(*), min(day), max(day), sum(outage_minutes) from outage_daily"
    ).fetchall()[0]
    assert first >= date(2026, 3, 2) and last <= NOW.date()
    assert rows <= (NOW.date() - date(2026, 3, 2)).days + 1  # 5 days, not 739,956
    assert outage == 120  # the real two hours only
