"""Tests of pipeline.parse.gcloud_json (status.cloud.google.com incidents.json)."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import IncidentObservation, ParseResult, Source
from pipeline.parse.gcloud_json import is_ai_incident, parse_gcloud_json

OWN = Path(__file__).resolve().parents[1] / "fixtures" / "status_json"
SOURCE = Source(name="google-cloud-status", kind="status", url="https://x.test", vendor="google")
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def parse(payload: bytes | list[Any]) -> ParseResult:
    if isinstance(payload, list):
        payload = json.dumps(payload).encode()
    return parse_gcloud_json(payload, SOURCE, now=NOW)


def by_id(result: ParseResult) -> dict[str, IncidentObservation]:
    return {i.incident_id: i for i in result.incidents}


@pytest.fixture(scope="module")
def feed() -> ParseResult:
    return parse((OWN / "gcloud_incidents.json").read_bytes())


def test_keeps_ai_incidents_only(feed: ParseResult) -> None:
    # Cloud SQL and Dialogflow CX are skipped silently: neither kept nor quarantined.
    assert list(by_id(feed)) == [
        "aZ3kQ9vLm2XpT7bN4cRd",
        "Hb7wN2qXe5KjV9sL3tUa",
        "Qm4eR8tYu1IoP6aS2dFg",
        "Lk9jH3gF5dS1aQ7wE2rT",
    ]
    assert feed.format == "gcloud_json"
    assert feed.records == 7
    for incident in feed.incidents:
        assert (incident.vendor, incident.source, incident.format) == (
            "google",
            "google-cloud-status",
            "gcloud_json",
        )
        assert incident.has_history and not incident.impact_inferred and not incident.is_maintenance
        assert incident.started_at is not None and incident.started_at.utcoffset() == timedelta(0)


def test_resolved_disruption(feed: ParseResult) -> None:
    incident = by_id(feed)["Hb7wN2qXe5KjV9sL3tUa"]
    assert incident.title.startswith("Vertex Gemini API customers experienced")
    assert incident.impact == "minor"  # SERVICE_DISRUPTION, severity medium
    assert incident.started_at == datetime(2026, 2, 27, 14, 32, tzinfo=UTC)
    assert incident.resolved_at == datetime(2026, 2, 27, 16, 47, tzinfo=UTC)
    assert incident.observed_at == datetime(2026, 2, 28, 9, 12, 33, tzinfo=UTC)
    assert incident.status == "resolved"
    assert incident.components == ("Vertex Gemini API",)
    assert incident.url == "https://status.cloud.google.com/incidents/Hb7wN2qXe5KjV9sL3tUa"
    updates = [u for u in feed.updates if u.incident_id == incident.incident_id]
    assert [(u.status, u.posted_at) for u in updates] == [
        ("investigating", at("2026-02-27T15:01:42+00:00")),
        ("update", at("2026-02-27T15:40:03+00:00")),
        ("resolved", at("2026-02-27T16:55:12+00:00")),
    ]
    assert updates[0].body.startswith("Summary: Vertex Gemini API elevated error rates")


def test_multi_product_outage_kept_with_all_products(feed: ParseResult) -> None:
    incident = by_id(feed)["Qm4eR8tYu1IoP6aS2dFg"]
    assert incident.impact == "critical"  # SERVICE_OUTAGE, severity high
    assert incident.components == (
        "Cloud Run",
        "Google Compute Engine",
        "Vertex AI Online Prediction",
    )


def test_open_information_incident(feed: ParseResult) -> None:
    incident = by_id(feed)["aZ3kQ9vLm2XpT7bN4cRd"]
    assert incident.impact == "none"  # SERVICE_INFORMATION
    assert incident.resolved_at is None
    assert incident.status == "update"


def test_bad_ai_incidents_are_quarantined(feed: ParseResult) -> None:
    assert [(q.source, q.record_ref, q.reason) for q in feed.quarantined] == [
        (
            "google-cloud-status",
            "Vx1cZ3bN5mL7kJ9hG2fD",
            "resolved at 2026-02-22T09:00:00+00:00 before start at 2026-02-22T10:00:00+00:00",
        ),
        ("google-cloud-status", "Gt8yU6iO4pA2sD9fG7hJ", "unknown status_impact 'SERVICE_MELTDOWN'"),
        ("google-cloud-status", "incidents[8]", "missing 'id'"),
    ]


def record(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "abcDEF123",
        "number": "123",
        "begin": "2026-01-05T10:00:00+00:00",
        "created": "2026-01-05T10:10:00+00:00",
        "modified": "2026-01-05T10:10:00+00:00",
        "external_desc": "Gemini errors",
        "updates": [],
        "status_impact": "SERVICE_DISRUPTION",
        "severity": "low",
        "service_key": "k",
        "service_name": "Vertex Gemini API",
        "affected_products": [{"title": "Vertex Gemini API", "id": "k"}],
        "uri": "incidents/abcDEF123",
    }
    base.update(fields)
    return base


@pytest.mark.parametrize(
    ("status_impact", "severity", "impact"),
    [
        ("SERVICE_OUTAGE", "high", "critical"),
        ("SERVICE_OUTAGE", "medium", "major"),
        ("SERVICE_OUTAGE", "low", "major"),
        ("SERVICE_DISRUPTION", "high", "major"),
        ("SERVICE_DISRUPTION", "medium", "minor"),
        ("SERVICE_DISRUPTION", None, "minor"),
        ("SERVICE_INFORMATION", "high", "none"),
        (None, "high", None),
    ],
)
def test_impact_mapping(
    status_impact: str | None, severity: str | None, impact: str | None
) -> None:
    result = parse([record(status_impact=status_impact, severity=severity)])
    assert result.incidents[0].impact == impact


def test_available_update_closes_incident_without_end() -> None:
    updates = [
        {"when": "2026-01-05T11:00:00+00:00", "status": "AVAILABLE", "text": "Fixed."},
        {"when": "2026-01-05T10:10:00+00:00", "status": "SERVICE_DISRUPTION", "text": "Errors."},
        {"created": "2026-01-05T10:30:00+00:00", "status": "SERVICE_OUTAGE", "text": "Worse."},
    ]
    result = parse([record(updates=updates, uri="/incidents/abcDEF123")])
    (incident,) = result.incidents
    assert incident.resolved_at == datetime(2026, 1, 5, 11, tzinfo=UTC)
    assert incident.status == "resolved"
    assert incident.url == "https://status.cloud.google.com/incidents/abcDEF123"
    assert [u.status for u in result.updates] == ["investigating", "update", "resolved"]


def test_missing_uri_builds_url_from_id() -> None:
    (incident,) = parse([record(uri=None)]).incidents
    assert incident.url == "https://status.cloud.google.com/incidents/abcDEF123"


@pytest.mark.parametrize(
    ("item", "ref", "reason"),
    [
        ("text", "incidents[0]", "expected an object, got a string"),
        (record(severity="extreme"), "abcDEF123", "unknown severity 'extreme'"),
        (record(begin="2026-02-30T10:00:00+00:00"), "abcDEF123", "invalid timestamp 'begin': "
         "'2026-02-30T10:00:00+00:00'"),
        (record(begin=None, created=None), "abcDEF123", "missing 'begin' and 'created'"),
        (record(external_desc=""), "abcDEF123", "missing 'external_desc'"),
        (record(affected_products="Vertex AI"), "abcDEF123",
         "'affected_products' is a string, expected a list"),
        (record(updates=[{"when": "2026-01-05T10:00:00+00:00", "status": "SERVICE_BROKEN"}]),
         "abcDEF123", "updates[0]: unknown status 'SERVICE_BROKEN'"),
        (record(updates=[{"status": "AVAILABLE"}]), "abcDEF123",
         "updates[0]: missing 'when' and 'created'"),
    ],
)  # fmt: skip
def test_bad_records_quarantined(item: object, ref: str, reason: str) -> None:
    result = parse([item, record(id="good")])
    assert [(q.record_ref, q.reason) for q in result.quarantined] == [(ref, reason)]
    assert [i.incident_id for i in result.incidents] == ["good"]


def test_duplicate_id_keeps_the_first() -> None:
    result = parse([record(external_desc="first"), record(external_desc="second")])
    assert [i.title for i in result.incidents] == ["first"]
    assert [(q.record_ref, q.reason) for q in result.quarantined] == [
        ("abcDEF123", "duplicate incident id")
    ]


@pytest.mark.parametrize(
    ("titles", "service_name", "expected"),
    [
        (["Vertex Gemini API"], "Vertex Gemini API", True),
        (["Gemini Code Assist"], None, True),
        (["GEMINI for Google Cloud"], None, True),
        (["Vertex AI Search"], None, True),
        (["Generative AI on Vertex AI"], None, True),
        (["AI Platform Prediction"], None, True),
        ([], "Vertex   AI", True),
        (["Google Compute Engine", "Vertex AI Online Prediction"], "Multiple Products", True),
        (["Dialogflow CX"], "Dialogflow CX", False),
        (["Cloud Speech-to-Text", "Document AI"], None, False),
        (["Google Cloud SQL"], "Google Cloud SQL", False),
        (["Geminids Observatory"], None, False),
        ([], None, False),
    ],
)
def test_is_ai_incident(titles: list[str], service_name: str | None, expected: bool) -> None:
    assert is_ai_incident(titles, service_name) is expected


@pytest.mark.parametrize(
    "payload",
    [b"", b"not json", b'{"incidents": []}', b"<html></html>", b"[", b"42"],
)
def test_bad_payload_raises_parse_error(payload: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse(payload)
    assert info.value.record_ref == "payload"


def test_empty_array_is_an_empty_result() -> None:
    assert parse(b"[]").records == 0


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_result_or_parse_error(payload: bytes) -> None:
    try:
        result = parse_gcloud_json(payload, SOURCE, now=NOW)
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
TIME_TEXT = (
    st.datetimes().map(lambda d: d.isoformat() + "+00:00")
    | st.sampled_from(["2026-02-30T10:00:00+00:00", "soon"])
    | JSON
)
UPDATE = st.fixed_dictionaries(
    {},
    optional={
        "when": TIME_TEXT,
        "created": TIME_TEXT,
        "status": st.sampled_from(["AVAILABLE", "SERVICE_OUTAGE", "x"]) | JSON,
        "text": JSON,
    },
)
RECORD = st.fixed_dictionaries(
    {"affected_products": st.just([{"title": "Vertex AI"}]) | JSON},
    optional={
        "id": st.text(max_size=5) | JSON,
        "external_desc": st.text(max_size=5) | JSON,
        "begin": TIME_TEXT,
        "end": TIME_TEXT,
        "modified": TIME_TEXT,
        "status_impact": st.sampled_from(["SERVICE_OUTAGE", "SERVICE_INFORMATION"]) | JSON,
        "severity": st.sampled_from(["high", "low"]) | JSON,
        "service_name": JSON,
        "uri": JSON,
        "updates": st.lists(UPDATE, max_size=3) | JSON,
    },
)


@settings(max_examples=400)
@given(st.lists(RECORD | JSON, max_size=4))
def test_arbitrary_documents_never_raise_anything_else(document: list[Any]) -> None:
    result = parse(json.dumps(document).encode("utf-8", "surrogatepass"))
    for incident in result.incidents:
        assert incident.started_at is not None and incident.started_at.utcoffset() == timedelta(0)
        assert incident.resolved_at is None or incident.resolved_at >= incident.started_at
