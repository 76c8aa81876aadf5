"""Tests of format detection and of the parse entry point pipeline.parse.parse_status_payload."""

import json
import sys
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.parse
from pipeline.core.errors import ParseError
from pipeline.core.models import ParseResult, Source
from pipeline.parse import parse_status_payload
from pipeline.parse.detect import DETECTED_FORMATS, detect_format, payload_hint, sniff

NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "tests" / "fixtures" / "status_json"
SHARED = ROOT.parent / "shared" / "fixtures"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared real-data fixtures not found at {SHARED}"
)

HTML_ERROR = b"<!DOCTYPE html>\n<html lang='en'><head><title>502 Bad Gateway</title></head></html>"
ATOM = b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>'
RSS = b'<rss version="2.0"><channel><title>x</title></channel></rss>'


def source(fmt: str = "auto") -> Source:
    return Source(name="s1", kind="status", url="https://x.test", vendor="example", format=fmt)


@needs_shared
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("statuspage_json/githubstatus_incident_00km0kwpz23b.json", "statuspage_json"),
        ("statuspage_json/githubstatus_incident_t2xwk9mz56f4.json", "statuspage_json"),
        ("statuspage_atom/githubstatus_history_2025-10-21.atom", "xml"),
        ("statuspage_atom/travis_ci_history_2016.atom", "xml"),
        ("statuspage_rss/parse_history_2014.rss", "xml"),
        ("news_rss/guardian_us_2018.rss", "xml"),
        ("news_html/theverge_apple_vision_pro_handson_2023.html", "unknown"),
        ("hn_algolia/algolia_search_by_url_story_hits.json", "unknown"),
        ("mastodon/mastodon_statuses_array.json", "unknown"),
    ],
)
def test_detect_real_files(path: str, expected: str) -> None:
    assert detect_format((SHARED / path).read_bytes()) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("statuspage_incidents.json", "statuspage_json"),
        ("statuspage_scheduled_maintenances.json", "statuspage_json"),
        ("gcloud_incidents.json", "gcloud_json"),
    ],
)
def test_detect_own_files(name: str, expected: str) -> None:
    assert detect_format((OWN / name).read_bytes()) == expected


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"page": {}, "incidents": []}', "statuspage_json"),
        (b'{"scheduled_maintenances": []}', "statuspage_json"),
        (b'\xef\xbb\xbf \r\n\t{"incident": {"id": "x"}}', "statuspage_json"),
        ('{"incidents": []}'.encode("utf-16"), "statuspage_json"),
        (b'[{"id": "a", "begin": "2026-01-01T00:00:00+00:00"}]', "gcloud_json"),
        (b'  [{"service_name": "Vertex AI"}]', "gcloud_json"),
        (ATOM, "xml"),
        (b"\xef\xbb\xbf\n" + RSS, "xml"),
        ('<?xml version="1.0" encoding="UTF-16"?><feed/>'.encode("utf-16"), "xml"),
        (b"<rdf:RDF xmlns:rdf='x'></rdf:RDF>", "xml"),
        (HTML_ERROR, "unknown"),
        (b"<HTML><body>Service Unavailable</body></HTML>", "unknown"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="x"></html>', "unknown"),
        (b"", "unknown"),
        (b" \n\t ", "unknown"),
        (b"\x00\x01\x02\xff\xfe\xfd", "unknown"),
        (b"\x89PNG\r\n\x1a\n", "unknown"),
        (b"Service Unavailable", "unknown"),
        (b"[]", "unknown"),
        (b"[1, 2]", "unknown"),
        (b'{"page": {"id": "x"}, "status": {}}', "unknown"),
        (b'{"incidents": [', "unknown"),
        (b"[" * 100_000, "unknown"),
    ],
)
def test_detect_shapes(payload: bytes, expected: str) -> None:
    assert detect_format(payload) == expected


def test_sniff_returns_the_decoded_document() -> None:
    fmt, document = sniff(b'{"incidents": []}')
    assert (fmt, document) == ("statuspage_json", {"incidents": []})
    assert sniff(ATOM) == ("xml", None)


def test_payload_hint_is_escaped_and_truncated() -> None:
    assert payload_hint(b"") == "empty payload"
    assert payload_hint(b"  \n") == "only whitespace (3 bytes)"
    assert payload_hint(b"\x00\x01\xff" + b"A" * 100) == (
        "starts with b'\\x00\\x01\\xff" + "A" * 37 + "'... (103 bytes)"
    )
    assert payload_hint(b"\xef\xbb\xbf  Service Unavailable\r\n") == (
        "starts with 'Service Unavailable\\r\\n' (26 bytes)"
    )
    # a multi-byte character cut at the limit is dropped, not shown as binary
    assert payload_hint("é".encode() * 30) == f"starts with {'é' * 20!r}... (60 bytes)"
    assert "\n" not in payload_hint(HTML_ERROR)


@given(st.binary(max_size=3000))
def test_detect_never_raises(payload: bytes) -> None:
    assert detect_format(payload) in DETECTED_FORMATS


# parse_status_payload: dispatch.


class FakeFeeds:
    """Stands in for pipeline.parse.status_feed (another module) and records its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[bytes, str, str]] = []
        self.module = types.ModuleType("pipeline.parse.status_feed")
        self.module.parse_status_feed = self.parse_status_feed  # type: ignore[attr-defined]

    def parse_status_feed(
        self,
        payload: bytes,
        source: Source,
        format: str = "auto",
        *,
        now: datetime,
        base_url: str | None = None,
        content_type: str | None = None,
    ) -> ParseResult:
        self.calls.append((payload, source.name, format))
        return ParseResult(format="statuspage_atom" if format == "auto" else format)


@pytest.fixture
def feeds() -> Iterator[FakeFeeds]:
    fake = FakeFeeds()
    with mock.patch.dict(sys.modules, {"pipeline.parse.status_feed": fake.module}):
        yield fake


def test_exports() -> None:
    assert pipeline.parse.__all__ == ["keep_matching", "parse_status_payload"]


def test_auto_statuspage_json() -> None:
    payload = (OWN / "statuspage_incidents.json").read_bytes()
    result = parse_status_payload(payload, source(), now=NOW)
    assert result.format == "statuspage_json"
    assert len(result.incidents) == 4


def test_auto_gcloud_json() -> None:
    payload = (OWN / "gcloud_incidents.json").read_bytes()
    result = parse_status_payload(payload, source(), now=NOW)
    assert result.format == "gcloud_json"
    assert len(result.incidents) == 4


def test_explicit_json_formats_skip_detection() -> None:
    assert parse_status_payload(b"[]", source("gcloud_json"), now=NOW).format == "gcloud_json"
    with pytest.raises(ParseError, match="not JSON"):
        parse_status_payload(HTML_ERROR, source("statuspage_json"), now=NOW)


def test_xml_goes_to_the_feed_parser(feeds: FakeFeeds) -> None:
    assert parse_status_payload(ATOM, source(), now=NOW).format == "statuspage_atom"
    assert parse_status_payload(RSS, source("xai_rss"), now=NOW).format == "xai_rss"
    assert feeds.calls == [(ATOM, "s1", "auto"), (RSS, "s1", "xai_rss")]


@pytest.mark.parametrize(
    ("payload", "hint"),
    [
        (HTML_ERROR, "starts with \"<!DOCTYPE html>\\n<html lang='en'><head><t\"... (82 bytes)"),
        (b"", "empty payload"),
        (b"\x89PNG\r\n\x1a\n", "starts with b'\\x89PNG\\r\\n\\x1a\\n' (8 bytes)"),
        (b'{"page": {}}', "starts with '{\"page\": {}}' (12 bytes)"),
    ],
)
def test_unrecognised_payload(payload: bytes, hint: str, feeds: FakeFeeds) -> None:
    with pytest.raises(ParseError) as info:
        parse_status_payload(payload, source(), now=NOW)
    assert info.value.record_ref == "payload"
    assert info.value.source == "s1"
    assert info.value.reason.startswith("unrecognised format: ")
    assert hint in info.value.reason
    assert feeds.calls == []


def test_unsupported_format_name() -> None:
    with pytest.raises(ParseError, match="unsupported format 'csv'"):
        parse_status_payload(b"a,b", source("csv"), now=NOW)


PAYLOADS = (
    st.binary(max_size=2000)
    | st.binary(max_size=50).map(lambda b: b"<" + b)
    | st.dictionaries(
        st.sampled_from(["incidents", "incident", "scheduled_maintenances", "page"]),
        st.none() | st.lists(st.none() | st.integers()),
    ).map(lambda d: json.dumps(d).encode())
    | st.lists(st.dictionaries(st.sampled_from(["begin", "id"]), st.integers())).map(
        lambda d: json.dumps(d).encode()
    )
)


@settings(max_examples=300)
@given(PAYLOADS)
def test_arbitrary_bytes_give_result_or_parse_error(payload: bytes) -> None:
    fake = FakeFeeds()
    with mock.patch.dict(sys.modules, {"pipeline.parse.status_feed": fake.module}):
        try:
            result = parse_status_payload(payload, source(), now=NOW)
        except ParseError as err:
            assert err.record_ref == "payload"
        else:
            assert isinstance(result, ParseResult)


def test_match_terms_keep_only_mentioning_incidents():
    from pipeline.parse import keep_matching, parse_status_payload

    doc = {
        "incidents": [
            {
                "id": "a1",
                "name": "Azure OpenAI Service degraded",
                "status": "resolved",
                "impact": "minor",
                "created_at": "2026-03-01T10:00:00Z",
                "resolved_at": "2026-03-01T11:00:00Z",
                "incident_updates": [],
            },
            {
                "id": "b2",
                "name": "Virtual Machines unavailable",
                "status": "resolved",
                "impact": "major",
                "created_at": "2026-03-01T10:00:00Z",
                "resolved_at": "2026-03-01T11:00:00Z",
                "incident_updates": [
                    {
                        "status": "resolved",
                        "body": "Fixed for openai workloads.",
                        "created_at": "2026-03-01T11:00:00Z",
                    }
                ],
            },
            {
                "id": "c3",
                "name": "Storage latency",
                "status": "resolved",
                "impact": "minor",
                "created_at": "2026-03-01T10:00:00Z",
                "resolved_at": "2026-03-01T11:00:00Z",
                "incident_updates": [
                    {
                        "status": "resolved",
                        "body": "Resolved.",
                        "created_at": "2026-03-01T11:00:00Z",
                    }
                ],
            },
        ]
    }
    payload = json.dumps(doc).encode()
    source = Source("azure", "status", "x.json", vendor="microsoft", match=("OpenAI",))
    result = parse_status_payload(payload, source, now=NOW)
    assert sorted(i.incident_id for i in result.incidents) == ["a1", "b2"]
    assert {u.incident_id for u in result.updates} == {"b2"}
    everything = keep_matching(result, ())
    assert everything is result
