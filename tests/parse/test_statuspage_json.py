"""Tests of pipeline.parse.statuspage_json (Statuspage API v2 JSON and incident.io's copy)."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import IncidentObservation, ParseResult, Source
from pipeline.parse.statuspage_json import parse_statuspage_json

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "tests" / "fixtures" / "status_json"
SHARED = ROOT.parent / "shared" / "fixtures" / "statuspage_json"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared real-data fixtures not found at {SHARED}"
)
SOURCE = Source(name="example-status", kind="status", url="https://x.test", vendor="example")
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse(payload: bytes | dict[str, Any]) -> ParseResult:
    if isinstance(payload, dict):
        payload = json.dumps(payload).encode()
    return parse_statuspage_json(payload, SOURCE, now=NOW)


def by_id(result: ParseResult) -> dict[str, IncidentObservation]:
    return {i.incident_id: i for i in result.incidents}


def assert_all_utc(result: ParseResult) -> None:
    for incident in result.incidents:
        for value in (incident.started_at, incident.resolved_at, incident.observed_at):
            assert value is None or value.utcoffset() == timedelta(0)
    for update in result.updates:
        assert update.posted_at.utcoffset() == timedelta(0)


@pytest.fixture(scope="module")
def incidents() -> ParseResult:
    return parse((OWN / "statuspage_incidents.json").read_bytes())


# Real data: githubstatus.com single-incident documents.


@needs_shared
def test_real_incident_00km0kwpz23b() -> None:
    result = parse((SHARED / "githubstatus_incident_00km0kwpz23b.json").read_bytes())
    assert result.quarantined == []
    (incident,) = result.incidents
    assert incident.incident_id == "00km0kwpz23b"
    assert incident.title == "Incident with Actions and Git Operations"
    assert incident.impact == "minor"
    assert incident.started_at == at("2023-01-10T17:04:42.456Z")
    assert incident.resolved_at == at("2023-01-10T18:14:45.860Z")
    assert incident.observed_at == at("2023-01-10T18:14:45.880Z")
    assert incident.status == "resolved"
    assert incident.components == ("Actions", "Git Operations")
    assert incident.url == "https://stspg.io/xh2z5s3wq1b8"
    assert (incident.vendor, incident.source, incident.format) == (
        "example",
        "example-status",
        "statuspage_json",
    )
    assert incident.has_history and not incident.impact_inferred and not incident.is_maintenance
    assert [u.status for u in result.updates] == [
        "investigating",
        "investigating",
        "investigating",
        "resolved",
    ]
    assert result.updates[0].posted_at == at("2023-01-10T17:04:42.496Z")
    assert result.updates[-1].body == "This incident has been resolved."
    assert_all_utc(result)


@needs_shared
def test_real_incident_t2xwk9mz56f4() -> None:
    result = parse((SHARED / "githubstatus_incident_t2xwk9mz56f4.json").read_bytes())
    assert result.quarantined == []
    (incident,) = result.incidents
    assert incident.incident_id == "t2xwk9mz56f4"
    assert incident.impact == "major"
    assert incident.started_at == at("2023-02-18T03:45:31.283Z")
    assert incident.resolved_at == at("2023-02-18T05:02:16.705Z")
    assert incident.url == "https://stspg.io/nwvv08m094x8"
    assert incident.components == (
        "API Requests",
        "Actions",
        "Codespaces",
        "Issues",
        "Packages",
        "Pages",
        "Pull Requests",
        "Webhooks",
    )
    assert len(result.updates) == 29
    assert [u.posted_at for u in result.updates] == sorted(u.posted_at for u in result.updates)
    assert result.updates[-1].status == "resolved"
    assert_all_utc(result)


# The project's own list file: good incidents kept, bad ones quarantined.


def test_list_keeps_the_good_incidents(incidents: ParseResult) -> None:
    assert list(by_id(incidents)) == [
        "k3xq9mv2tz7d",
        "p8wq2hh0ny1s",
        "m5cz0r7k4j2b",
        "01JNB7Q8Z5X2K4M6P9R3T0V1W8",
    ]
    assert incidents.records == 11
    assert_all_utc(incidents)


def test_resolved_incident(incidents: ParseResult) -> None:
    incident = by_id(incidents)["k3xq9mv2tz7d"]
    assert incident.impact == "major"
    assert incident.started_at == at("2026-03-03T13:58:00Z")  # started_at wins over created_at
    assert incident.resolved_at == at("2026-03-03T15:20:45Z")
    assert incident.status == "resolved"
    # components[] plus affected_components of the updates
    assert incident.components == ("API", "Claude Code", "Console")
    updates = [u for u in incidents.updates if u.incident_id == "k3xq9mv2tz7d"]
    assert [u.status for u in updates] == ["investigating", "identified", "monitoring", "resolved"]


def test_open_incident_with_offset_times(incidents: ParseResult) -> None:
    incident = by_id(incidents)["p8wq2hh0ny1s"]
    assert incident.resolved_at is None
    assert incident.status == "investigating"
    assert incident.started_at == datetime(2026, 3, 4, 11, 40, tzinfo=UTC)  # 03:40 -08:00
    assert incident.started_at.tzinfo is UTC
    assert incident.url == "https://status.example-ai.test/incidents/p8wq2hh0ny1s"


def test_maintenance_starts_with_first_in_progress_update(incidents: ParseResult) -> None:
    incident = by_id(incidents)["m5cz0r7k4j2b"]
    assert incident.is_maintenance
    assert incident.impact == "maintenance"
    assert incident.started_at == at("2026-03-01T02:01:30Z")
    assert incident.resolved_at == at("2026-03-01T03:10:00Z")
    assert incident.status == "completed"
    statuses = [u.status for u in incidents.updates if u.incident_id == "m5cz0r7k4j2b"]
    assert statuses == ["scheduled", "in_progress", "verifying", "completed"]


def test_incidentio_ulid_with_fixing_and_no_resolved_at(incidents: ParseResult) -> None:
    incident = by_id(incidents)["01JNB7Q8Z5X2K4M6P9R3T0V1W8"]
    assert incident.started_at == at("2026-03-02T08:10:00Z")
    # resolved_at is null although resolved: the first closing update's time
    assert incident.resolved_at == at("2026-03-02T09:40:00Z")
    assert incident.url == "https://status.example-ai.test/incidents/01JNB7Q8Z5X2K4M6P9R3T0V1W8"
    statuses = [u.status for u in incidents.updates if u.incident_id == incident.incident_id]
    assert statuses == ["investigating", "identified", "monitoring", "resolved"]


def test_bad_records_are_quarantined_with_ref_and_reason(incidents: ParseResult) -> None:
    got = {(q.source, q.record_ref, q.reason) for q in incidents.quarantined}
    assert got == {
        ("example-status", "bad0impact01", "unknown impact 'catastrophic'"),
        (
            "example-status",
            "bad0date0001",
            "invalid timestamp 'created_at': '2026-02-30T10:00:00Z'",
        ),
        (
            "example-status",
            "bad0order001",
            "resolved at 2026-03-02T09:00:00+00:00 before start at 2026-03-02T10:00:00+00:00",
        ),
        ("example-status", "incidents[7]", "missing 'id'"),
        ("example-status", "bad0update01", "incident_updates[0]: unknown status 'exploded'"),
        ("example-status", "bad0text0001", "invalid timestamp 'created_at': 'yesterday'"),
        ("example-status", "bad0type0001", "'name' is a number, expected a string"),
    }
    quarantined = {q.record_ref for q in incidents.quarantined}
    assert not quarantined & {u.incident_id for u in incidents.updates}


def test_scheduled_maintenances_document() -> None:
    result = parse((OWN / "statuspage_scheduled_maintenances.json").read_bytes())
    upcoming, running = result.incidents
    assert upcoming.is_maintenance and running.is_maintenance
    assert upcoming.impact == "none"  # as declared; the list makes it a maintenance
    assert upcoming.started_at == at("2026-03-10T01:00:00Z")  # scheduled_for: not begun yet
    assert upcoming.resolved_at is None
    assert running.started_at == at("2026-03-05T11:02:00Z")  # first in_progress update
    assert running.status == "in_progress"
    # trailing slash of the page url is dropped
    assert running.url == "https://status.example-ai.test/incidents/r6t1n8bz3x5q"


# Edge cases on inline documents.


def incident(**fields: Any) -> dict[str, Any]:
    record = {
        "id": "abc123",
        "name": "Errors",
        "status": "investigating",
        "impact": "minor",
        "created_at": "2026-01-05T10:00:00Z",
        "updated_at": "2026-01-05T10:30:00Z",
        "incident_updates": [],
    }
    record.update(fields)
    return record


def test_closed_without_resolved_at_or_closing_update_uses_updated_at() -> None:
    result = parse({"incidents": [incident(status="postmortem")]})
    assert result.incidents[0].resolved_at == at("2026-01-05T10:30:00Z")


def test_missing_impact_is_none_and_no_url_without_page() -> None:
    result = parse({"incident": incident(impact=None)})
    assert result.incidents[0].impact is None
    assert result.incidents[0].url is None


@pytest.mark.parametrize(
    ("record", "ref", "reason"),
    [
        (42, "incidents[0]", "expected an object, got a number"),
        (incident(id=7), "incidents[0]", "'id' is a number, expected a string"),
        (incident(name="  "), "abc123", "missing 'name'"),
        (incident(created_at=None), "abc123", "missing 'started_at' and 'created_at'"),
        (incident(created_at=1767607200), "abc123", "'created_at' is a number, expected a string"),
        (incident(status="exploded"), "abc123", "unknown status 'exploded'"),
        (incident(impact=["major"]), "abc123", "'impact' is a list, expected a string"),
        (incident(components="API"), "abc123", "'components' is a string, expected a list"),
        (incident(components=[{"id": "c1"}]), "abc123", "components[0]: missing 'name'"),
        (
            incident(incident_updates={}),
            "abc123",
            "'incident_updates' is an object, expected a list",
        ),
        (
            incident(incident_updates=[{"status": "resolved"}]),
            "abc123",
            "incident_updates[0]: missing 'display_at' and 'created_at'",
        ),
        (
            incident(incident_updates=[{"created_at": "2026-01-05T10:00:00Z"}]),
            "abc123",
            "incident_updates[0]: missing 'status'",
        ),
    ],
)
def test_wrong_types_are_quarantined(record: object, ref: str, reason: str) -> None:
    result = parse({"incidents": [record, incident(id="good01")]})
    assert [(q.record_ref, q.reason) for q in result.quarantined] == [(ref, reason)]
    assert [i.incident_id for i in result.incidents] == ["good01"]


def test_duplicate_id_keeps_the_first() -> None:
    result = parse({"incidents": [incident(name="first"), incident(name="second")]})
    assert [i.title for i in result.incidents] == ["first"]
    assert result.quarantined[0].record_ref == "abc123"
    assert "duplicate" in result.quarantined[0].reason


def test_updates_with_same_time_and_status_merge() -> None:
    same = {"status": "investigating", "created_at": "2026-01-05T10:00:00Z"}
    record = incident(incident_updates=[{**same, "body": "a"}, {**same, "body": "b"}])
    (update,) = parse({"incidents": [record]}).updates
    assert update.body == "a\n\nb"


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"   ",
        b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
        b"\x00\xff\xfe garbage",
        b"{",
        b"[]",
        b'{"page": {"id": "x"}}',
        b'{"incidents": {"id": "x"}}',
        b'{"incident": []}',
        b'"incidents"',
    ],
)
def test_bad_payload_raises_parse_error(payload: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse(payload)
    assert info.value.record_ref == "payload"
    assert info.value.source == "example-status"


def test_bom_is_accepted() -> None:
    payload = b"\xef\xbb\xbf" + json.dumps({"incidents": [incident()]}).encode()
    assert len(parse(payload).incidents) == 1


# UTC handling under a non-UTC process time zone.


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_are_utc_under_new_york_tz(new_york: None) -> None:
    assert datetime(2026, 1, 5, tzinfo=UTC).astimezone().utcoffset() == timedelta(hours=-5)
    result = parse((OWN / "statuspage_incidents.json").read_bytes())
    assert_all_utc(result)
    for item in result.incidents:
        assert item.started_at is not None and item.started_at.tzinfo is UTC
    assert by_id(result)["p8wq2hh0ny1s"].started_at == datetime(2026, 3, 4, 11, 40, tzinfo=UTC)
    naive = parse({"incidents": [incident(created_at="2026-01-05T10:00:00")]}).incidents[0]
    assert naive.started_at == datetime(2026, 1, 5, 10, tzinfo=UTC)  # naive means UTC, not local


# Property tests.


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_result_or_parse_error(payload: bytes) -> None:
    try:
        result = parse_statuspage_json(payload, SOURCE, now=NOW)
    except ParseError as err:
        assert err.record_ref == "payload"
    else:
        assert isinstance(result, ParseResult)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)
TIME_TEXT = st.one_of(
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=14))])).map(
        datetime.isoformat
    ),
    st.sampled_from(["2026-02-30T10:00:00Z", "yesterday", "", "0001-01-01T00:00:00+01:00"]),
    JSON,
)
STATUS = st.sampled_from(["investigating", "Fixing", "resolved", "in_progress", "x"]) | JSON
UPDATE = st.fixed_dictionaries(
    {},
    optional={
        "status": STATUS,
        "created_at": TIME_TEXT,
        "display_at": TIME_TEXT,
        "body": JSON,
        "affected_components": JSON | st.lists(st.fixed_dictionaries({"name": JSON})),
    },
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=5) | JSON,
        "name": st.text(max_size=5) | JSON,
        "status": STATUS,
        "impact": st.sampled_from(["minor", "maintenance", "catastrophic"]) | JSON,
        **{key: TIME_TEXT for key in ("created_at", "started_at", "resolved_at", "scheduled_for")},
        "shortlink": JSON,
        "components": JSON | st.lists(st.fixed_dictionaries({"name": JSON})),
        "incident_updates": JSON | st.lists(UPDATE, max_size=3),
    },
)
DOCUMENT = st.fixed_dictionaries(
    {},
    optional={
        "page": JSON | st.fixed_dictionaries({"url": JSON}),
        "incidents": JSON | st.lists(RECORD | JSON, max_size=4),
        "scheduled_maintenances": JSON | st.lists(RECORD, max_size=2),
        "incident": RECORD | JSON,
    },
)


@settings(max_examples=400)
@given(DOCUMENT)
def test_arbitrary_documents_never_raise_anything_else(document: dict[str, Any]) -> None:
    try:
        result = parse(json.dumps(document).encode("utf-8", "surrogatepass"))
    except ParseError as err:
        assert err.record_ref == "payload"
        return
    assert len(result.incidents) + len(result.quarantined) == result.records
    assert_all_utc(result)
    for item in result.incidents:
        assert item.started_at is not None
        assert item.resolved_at is None or item.resolved_at >= item.started_at


ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-8)), timezone(timedelta(hours=5.5))])
# hypothesis wants naive bounds; `timezones` makes the drawn values aware.
# The plausible range of pipeline.core.limits up to NOW (a day in, for the zone offsets).
LOW, HIGH = datetime(2005, 1, 2), datetime(2026, 12, 1)  # noqa: DTZ001
MOMENT = st.datetimes(min_value=LOW, max_value=HIGH, timezones=ZONES)


@given(
    st.lists(
        st.tuples(st.from_regex(r"[a-z0-9]{12}", fullmatch=True), MOMENT, MOMENT),
        max_size=5,
        unique_by=lambda t: t[0],
    )
)
def test_valid_incidents_round_trip_ids_and_times(
    rows: list[tuple[str, datetime, datetime]],
) -> None:
    records = []
    for incident_id, a, b in rows:
        start, end = sorted((a, b))
        records.append(
            incident(
                id=incident_id,
                status="resolved",
                created_at=start.isoformat(),
                resolved_at=end.isoformat(),
                incident_updates=[{"status": "resolved", "created_at": end.isoformat()}],
            )
        )
    result = parse({"incidents": records})
    assert result.quarantined == []
    assert [(i.incident_id, i.started_at, i.resolved_at) for i in result.incidents] == [
        (r[0], *sorted(r[1:])) for r in rows
    ]
    assert_all_utc(result)


def test_maintenance_scheduled_for_year_9999_does_not_crash() -> None:
    """Found by benchmarks/fuzz_parsers.py: `now + 1 day` overflowed past datetime.max."""
    page = {
        "page": {"id": "p", "url": "https://status.example.com"},
        "scheduled_maintenances": [
            {
                "id": "m1",
                "name": "Planned",
                "status": "scheduled",
                "impact": "maintenance",
                "created_at": "2026-08-01T00:00:00Z",
                "scheduled_for": "9999-12-31T23:59:59Z",
                "scheduled_until": "9999-12-31T23:59:59Z",
                "shortlink": "https://stspg.io/x",
                "incident_updates": [],
                "components": [],
            }
        ],
    }
    result = parse_statuspage_json(json.dumps(page).encode(), SOURCE, now=NOW)
    assert len(result.incidents) + len(result.quarantined) == 1
