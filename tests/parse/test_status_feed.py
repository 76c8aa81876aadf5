"""Tests for pipeline.parse.status_feed: real Statuspage fixtures, own edge feeds, safety, fuzz."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import IncidentObservation, ParseResult, Source
from pipeline.parse.status_feed import FEED_FORMATS, parse_status_feed

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures"
OWN = REPO / "tests" / "fixtures" / "status"
SOURCE = Source(name="test-status", kind="status", url="file://feed", vendor="example")
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/fixtures (real vendor feeds) is not checked out"
)

# file name -> (format, incidents)
REAL_FEEDS = {
    "statuspage_atom/codecov_history_2016.atom": ("statuspage_atom", 17),
    "statuspage_atom/githubstatus_history_2025-10-21.atom": ("statuspage_atom", 25),
    "statuspage_atom/githubstatus_history_2026-08-22.atom": ("statuspage_atom", 25),
    "statuspage_atom/travis_ci_history_2016.atom": ("statuspage_atom", 25),
    "statuspage_rss/parse_history_2014.rss": ("statuspage_rss", 17),
}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse_file(path: Path, fmt: str = "auto") -> ParseResult:
    return parse_status_feed(path.read_bytes(), SOURCE, fmt, now=NOW)


def by_id(result: ParseResult) -> dict[str, IncidentObservation]:
    return {i.incident_id: i for i in result.incidents}


def assert_utc(value: datetime | None) -> None:
    assert value is not None
    assert value.tzinfo is UTC, value


def assert_consistent(result: ParseResult) -> None:
    """Invariants every parse must keep: UTC datetimes, start <= resolution, sorted updates."""
    for incident in result.incidents:
        assert incident.source == SOURCE.name
        assert incident.vendor == "example"
        assert incident.format == result.format
        for value in (incident.started_at, incident.resolved_at, incident.observed_at):
            if value is not None:
                assert_utc(value)
        if incident.resolved_at is not None:
            assert incident.started_at is not None
            assert incident.started_at <= incident.resolved_at
    ids = {i.incident_id for i in result.incidents}
    last: dict[str, datetime] = {}
    for update in result.updates:
        assert update.incident_id in ids
        assert_utc(update.posted_at)
        assert update.posted_at >= last.get(update.incident_id, update.posted_at)
        last[update.incident_id] = update.posted_at
        assert update.body == " ".join(update.body.split())


# --- real fixtures ----------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_statuspage_feeds_parse_cleanly(name: str) -> None:
    fmt, count = REAL_FEEDS[name]
    result = parse_file(SHARED / name)
    assert result.format == fmt
    assert result.quarantined == []
    assert len(result.incidents) == count
    assert len(result.updates) >= count
    assert_consistent(result)
    for incident in result.incidents:
        assert incident.status in ("resolved", "completed", "postmortem")
        assert incident.resolved_at is not None
        assert incident.has_history
        assert incident.impact in ("minor", "major", "critical", "maintenance")
        assert incident.observed_at is not None
        # an update can't be posted long after the entry's own updated/pubDate
        assert incident.resolved_at <= incident.observed_at + timedelta(minutes=1)


@needs_shared
def test_github_2026_first_entry() -> None:
    result = parse_file(SHARED / "statuspage_atom" / "githubstatus_history_2026-08-22.atom")
    first = result.incidents[0]
    assert first.incident_id == "bhbcjn4n3jzp"
    assert first.title == "Intermittent failures creating agent tasks"
    assert first.url == "https://www.githubstatus.com/incidents/bhbcjn4n3jzp"
    assert first.status == "resolved"
    assert first.resolved_at == utc(2026, 8, 21, 0, 37)
    assert first.started_at == utc(2026, 8, 20, 14, 43)
    assert first.impact_inferred is True
    assert first.is_maintenance is False
    assert first.components == ()
    updates = [u for u in result.updates if u.incident_id == "bhbcjn4n3jzp"]
    assert updates[0].status == "investigating"
    assert updates[-1].status == "resolved"
    assert updates[-1].body.startswith("This incident has been resolved.")


@needs_shared
def test_parse_rss_pacific_times_are_converted_to_utc() -> None:
    result = parse_file(SHARED / "statuspage_rss" / "parse_history_2014.rss")
    incidents = by_id(result)
    new_year = incidents["lzf7mjchpy20"]  # 'Jan  1, 08:17 PST' .. 'Jan  1, 09:09 PST'
    assert new_year.started_at == utc(2014, 1, 1, 16, 17)
    assert new_year.resolved_at == utc(2014, 1, 1, 17, 9)
    assert new_year.resolved_at == new_year.observed_at  # pubDate 09:09:00 -0800
    # Statuspage printed 'PST' in October too; pubDate (-0700) shows it meant Pacific time.
    october = incidents["gtdv7rgyn76g"]  # 'Oct 28, 14:48 PST', pubDate 14:48:00 -0700
    assert october.resolved_at == utc(2013, 10, 28, 21, 48)
    assert october.resolved_at == october.observed_at
    # Dec 2013 entries get 2013, not the 2014 of the feed's newest entry.
    assert incidents["x7yb1mmd4721"].resolved_at == utc(2013, 12, 29, 20, 20)
    postmortem = incidents["p9hy357zjvb3"]
    assert postmortem.status == "postmortem"
    assert postmortem.resolved_at == utc(2013, 12, 24, 19, 21)


@needs_shared
def test_codecov_and_travis_maintenance_flagged() -> None:
    codecov = by_id(parse_file(SHARED / "statuspage_atom" / "codecov_history_2016.atom"))
    backend = codecov["chgn3yr158sd"]
    assert backend.is_maintenance
    assert backend.impact == "maintenance"
    assert backend.status == "completed"
    assert backend.started_at == utc(2016, 6, 12, 22, 49)
    assert backend.resolved_at == utc(2016, 6, 13, 2, 1)
    assert sum(i.is_maintenance for i in codecov.values()) == 3

    travis = by_id(parse_file(SHARED / "statuspage_atom" / "travis_ci_history_2016.atom"))
    assert travis["wwcfkg02fzj5"].is_maintenance
    assert travis["wwcfkg02fzj5"].resolved_at == utc(2016, 5, 29, 13, 7)
    assert travis["m80nxj972zn5"].is_maintenance
    # An incident *about* maintenance (Investigating/Resolved labels) is not a maintenance.
    assert not travis["lpd5d1gl62jp"].is_maintenance


@needs_shared
def test_utc_handling_does_not_depend_on_process_timezone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = SHARED / "statuspage_rss" / "parse_history_2014.rss"
    expected = parse_file(path)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert parse_file(path) == expected
    finally:
        monkeypatch.undo()
        time.tzset()


# --- own Statuspage edge cases ----------------------------------------------------------------


@pytest.fixture(scope="module")
def edge() -> ParseResult:
    return parse_file(OWN / "statuspage_edge_cases.atom")


def test_edge_feed_keeps_good_entries_and_quarantines_bad(edge: ParseResult) -> None:
    assert edge.format == "statuspage_atom"
    assert_consistent(edge)
    reasons = {q.record_ref: q.reason for q in edge.quarantined}
    assert reasons == {
        "broken000001": "no parsable update timestamps",
        "feb300000001": "impossible date Feb 30",
        "unknown00001": 'unknown status label "Exploded"',
    }
    assert all(q.source == SOURCE.name for q in edge.quarantined)
    assert len(edge.incidents) == 7
    assert edge.records == 10


def test_year_inferred_across_new_year(edge: ParseResult) -> None:
    incident = by_id(edge)["newyear00001"]
    assert incident.started_at == utc(2025, 12, 31, 22, 55)
    assert incident.resolved_at == utc(2026, 1, 1, 0, 40)
    posted = [u.posted_at.year for u in edge.updates if u.incident_id == "newyear00001"]
    assert posted == [2025, 2025, 2026]


def test_maintenance_starts_when_in_progress(edge: ParseResult) -> None:
    incident = by_id(edge)["maint0000001"]
    assert incident.is_maintenance
    assert incident.impact == "maintenance"
    assert incident.impact_inferred is False
    assert incident.status == "completed"
    assert incident.started_at == utc(2026, 3, 1, 2, 0)  # not the Feb 20 announcement
    assert incident.resolved_at == utc(2026, 3, 1, 4, 0)
    assert incident.components == ("Database",)
    statuses = [u.status for u in edge.updates if u.incident_id == "maint0000001"]
    assert statuses == ["scheduled", "in_progress", "verifying", "completed"]


def test_maintenance_flagged_by_entry_id(edge: ParseResult) -> None:
    incident = by_id(edge)["maint0000002"]
    assert incident.is_maintenance
    assert incident.impact == "maintenance"
    assert incident.resolved_at is None


def test_unresolved_incident_is_open(edge: ParseResult) -> None:
    incident = by_id(edge)["open00000001"]
    assert incident.status == "monitoring"
    assert incident.resolved_at is None
    assert incident.started_at == utc(2026, 3, 2, 9, 0)
    assert incident.impact == "major"  # 'unable to log in'
    assert incident.impact_inferred is True
    statuses = [u.status for u in edge.updates if u.incident_id == "open00000001"]
    assert statuses == ["investigating", "update", "monitoring"]  # 'Update 2' -> update


def test_out_of_order_updates_are_sorted(edge: ParseResult) -> None:
    incident = by_id(edge)["order0000001"]
    updates = [u for u in edge.updates if u.incident_id == "order0000001"]
    assert [u.status for u in updates] == ["investigating", "identified", "monitoring", "resolved"]
    assert updates[0].body == "We are investigating slow responses. More to follow."
    assert incident.started_at == utc(2026, 2, 10, 9, 0)
    assert incident.resolved_at == utc(2026, 2, 10, 11, 0)
    assert incident.status == "resolved"
    assert incident.components == ("API", "Console (platform.example.com)", "Example.ai")


def test_reopened_incident_resolves_at_final_resolution(edge: ParseResult) -> None:
    incident = by_id(edge)["reopened0001"]
    assert incident.status == "postmortem"
    assert incident.resolved_at == utc(2026, 2, 13, 12, 0)
    assert incident.impact == "major"


def test_entry_without_link_uses_id_text(edge: ParseResult) -> None:
    incident = by_id(edge)["tag:status.example.com,2005:Incident/1010"]
    assert incident.url is None
    assert incident.resolved_at == utc(2026, 2, 14, 9, 20)


def test_forced_format_is_reported() -> None:
    result = parse_file(OWN / "statuspage_edge_cases.atom", "statuspage_rss")
    assert result.format == "statuspage_rss"
    assert len(result.incidents) == 7


# --- other vendors ------------------------------------------------------------------------------


def test_incidentio_entries() -> None:
    result = parse_file(OWN / "incidentio_openai.atom")
    assert result.format == "incidentio_atom"
    assert result.quarantined == []
    assert_consistent(result)
    incidents = by_id(result)
    resolved = incidents["01JN8ZQ4T5V6W7X8Y9Z0ABCDEF"]
    assert resolved.url == "https://status.openai.com//incidents/01JN8ZQ4T5V6W7X8Y9Z0ABCDEF"
    assert resolved.has_history is False
    assert resolved.status == "resolved"
    assert resolved.components == ("Search", "Conversations")
    assert (resolved.impact, resolved.impact_inferred) == ("major", False)
    assert resolved.started_at == utc(2026, 3, 3, 14, 5)
    assert resolved.resolved_at == utc(2026, 3, 3, 15, 20)
    fixing = incidents["01JNA0B1C2D3E4F5G6H7J8K9MN"]
    assert fixing.status == "identified"
    assert fixing.resolved_at is None
    assert fixing.impact_inferred is True
    assert fixing.components == ()
    outage = incidents["01JNA1P2Q3R4S5T6V7W8X9Y0Z1"]
    assert (outage.impact, outage.status) == ("critical", "investigating")
    assert len(result.updates) == 3
    assert result.updates[0].body == "All impacted services have now fully recovered."


def test_instatus_entries() -> None:
    result = parse_file(OWN / "instatus_perplexity.atom")
    assert result.format == "instatus_atom"
    assert result.quarantined == []
    assert_consistent(result)
    incidents = by_id(result)
    incident = incidents["cm7x2k9qz0001abcd1234efgh"]
    assert incident.started_at == utc(2026, 3, 3, 14, 5, 10)
    assert incident.resolved_at == utc(2026, 3, 3, 15, 12, 45)
    assert incident.components == ("Sonar API", "Perplexity Web")
    assert (incident.impact, incident.impact_inferred) == ("major", False)
    statuses = [u.status for u in result.updates if u.incident_id == incident.incident_id]
    assert statuses == ["investigating", "identified", "monitoring", "resolved"]
    maintenance = incidents["cm7y0abcd0002efgh5678ijkl"]
    assert maintenance.is_maintenance
    assert maintenance.started_at == utc(2026, 3, 5, 2, 0)
    assert maintenance.resolved_at == utc(2026, 3, 5, 3, 0)


def test_xai_items() -> None:
    result = parse_file(OWN / "xai_feed.xml")
    assert result.format == "xai_rss"
    assert_consistent(result)
    incidents = by_id(result)
    outage = incidents["grok-web-models-outage-0303"]
    assert outage.components == ("Grok (Web)",)
    assert (outage.impact, outage.impact_inferred) == ("major", False)
    assert outage.started_at == utc(2026, 3, 3, 14, 5)
    assert outage.resolved_at == utc(2026, 3, 3, 15, 40)
    active = incidents["api-latency-0304"]
    assert (active.status, active.impact, active.resolved_at) == ("investigating", "minor", None)
    no_end = incidents["android-images-0228"]
    assert no_end.resolved_at == utc(2026, 2, 28, 18, 0)  # RESOLVED without end: pubDate
    assert [(q.record_ref, q.reason) for q in result.quarantined] == [
        ("ios-login-0301", "resolved 2026-03-01T10:00Z before start 2026-03-01T12:00Z")
    ]


def test_generic_aws_items() -> None:
    result = parse_file(OWN / "aws_bedrock_us_east_1.rss")
    assert result.format == "generic_feed"
    assert result.quarantined == []
    assert_consistent(result)
    incidents = by_id(result)
    resolved = incidents["bedrock-us-east-1_1772734560"]
    assert resolved.status == "resolved"
    assert resolved.started_at == utc(2026, 3, 5, 18, 16)  # 10:16 PST
    assert resolved.resolved_at == utc(2026, 3, 5, 18, 16)
    assert resolved.impact_inferred is True
    still_open = incidents["bedrock-us-east-1_1772728200"]
    assert still_open.resolved_at is None  # 'not yet resolved' is not a resolution
    assert still_open.status is None
    assert still_open.impact == "minor"


def test_empty_channel_is_an_empty_result() -> None:
    result = parse_file(OWN / "aws_empty.rss")
    assert result == ParseResult(format="generic_feed")


# --- payload errors and safety ----------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>
"""


@pytest.mark.parametrize(
    "payload",
    [
        BILLION_LAUGHS,
        BILLION_LAUGHS.decode().replace('"1.0"?', '"1.0" encoding="UTF-16"?').encode("utf-16"),
    ],
    ids=["utf8", "utf16"],
)
def test_billion_laughs_is_refused_quickly(payload: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(ParseError) as info:
        parse_status_feed(payload, SOURCE, now=NOW)
    assert time.perf_counter() - start < 1.0
    assert info.value.record_ref == "payload"
    assert "ENTITY" in info.value.reason


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>',
    ],
)
def test_xxe_is_refused(doctype: str) -> None:
    payload = (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><item>'
        "<title>&xxe;</title><pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate>"
        "</item></channel></rss>"
    ).encode()
    with pytest.raises(ParseError) as info:
        parse_status_feed(payload, SOURCE, now=NOW)
    assert info.value.record_ref == "payload"
    assert "root:" not in str(info.value)


def test_external_dtd_without_entities_is_not_loaded() -> None:
    payload = (
        b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd">'
        b'<rss version="2.0"><channel><item><title>Outage</title>'
        b"<guid>a1</guid><pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate>"
        b"<description>The API is down.</description></item></channel></rss>"
    )
    result = parse_status_feed(payload, SOURCE, now=NOW)
    assert [i.incident_id for i in result.incidents] == ["a1"]
    assert "root:" not in repr(result)


@pytest.mark.parametrize(
    "payload",
    [b"", b"   \n", b"not xml at all", b"<rss><channel>", b"\xff\xfe\x00garbage", b"{}"],
)
def test_garbage_payload_raises_parse_error(payload: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse_status_feed(payload, SOURCE, now=NOW)
    assert info.value.record_ref == "payload"
    assert info.value.source == SOURCE.name


def test_non_feed_root_and_unknown_format_raise_parse_error() -> None:
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        parse_status_feed(b"<html><body>hi</body></html>", SOURCE, now=NOW)
    with pytest.raises(ParseError, match="unsupported feed format"):
        parse_status_feed(b"<rss><channel/></rss>", SOURCE, "gcloud_json", now=NOW)


# --- fuzz -----------------------------------------------------------------------------------------


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_give_result_or_parse_error(payload: bytes) -> None:
    try:
        result = parse_status_feed(payload, SOURCE, now=NOW)
    except ParseError:
        return
    assert isinstance(result, ParseResult)


def xml_text(max_size: int) -> st.SearchStrategy[str]:
    """Text that XML can carry (no control characters or surrogates)."""
    return st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co")), max_size=max_size)


STAMP = st.one_of(
    st.builds(
        "{} {}, {:02d}:{:02d} {}".format,
        st.sampled_from(["Jan", "Feb", "Dec", "Foo", "March"]),
        st.integers(0, 40),
        st.integers(0, 30),
        st.integers(0, 70),
        st.sampled_from(["UTC", "PST", "GMT+0", "XYZ", "", "-05:30"]),
    ),
    xml_text(30),
)
LABEL = st.one_of(
    st.sampled_from(["Resolved", "Update", "In progress", "Exploded", ""]), xml_text(20)
)


def entry_xml(index: int, stamp: str, label: str, body: str, date: str) -> str:
    html = f"<p><small>{escape(stamp)}</small><br><strong>{escape(label)}</strong> - {body}</p>"
    return (
        f"<entry><id>tag:x,2005:Incident/{index}</id><published>{escape(date)}</published>"
        f'<updated>{escape(date)}</updated><link rel="alternate" href="https://x/incidents/i{index}"/>'
        f'<title>t{index}</title><content type="html">{escape(html)}</content></entry>'
    )


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    stamps=st.lists(STAMP, min_size=1, max_size=3),
    label=LABEL,
    body=xml_text(80),
    date=st.one_of(st.just("2026-01-01T00:10:00Z"), xml_text(25)),
    fmt=st.sampled_from(("auto", *FEED_FORMATS)),
)
def test_generated_entries_never_break_the_feed(
    stamps: list[str], label: str, body: str, date: str, fmt: str
) -> None:
    entries = "".join(
        entry_xml(i, stamp, label, escape(body), date) for i, stamp in enumerate(stamps)
    )
    payload = f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()
    result = parse_status_feed(payload, SOURCE, fmt, now=NOW)
    assert result.records == len(stamps)
    assert_consistent(result)
