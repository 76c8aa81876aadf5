"""Safety limits in the status and news parsers (issue 11, cases 9, 11 and 15).

Small payloads in the real wire formats (Statuspage JSON/Atom/RSS, Google Cloud JSON, xAI
RSS, a generic feed, news RSS/Atom, article HTML) with impossible dates, huge text and
non-http(s) links: implausible status records are quarantined with a reason naming the field
and the bound, news dates outside the range are dropped (the item is kept), text is cut to
pipeline.core.limits' lengths, and links that are not http(s) are not stored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

import pytest

from pipeline.core.limits import (
    MAX_ARTICLE_TEXT_CHARS,
    MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
)
from pipeline.core.models import ParseResult, Source
from pipeline.parse import parse_status_payload
from pipeline.parse.article_html import extract_article
from pipeline.parse.news_feed import parse_news_feed
from pipeline.parse.status_records import usable_url

NOW = datetime(2026, 3, 6, 12, tzinfo=UTC)  # the run's time
HUGE = 1_000_000  # a 1 MB title, as a hostile feed sent


def status_source(fmt: str) -> Source:
    return Source(name="vendor-status", kind="status", url="https://x.test", vendor="v", format=fmt)


def reasons(result: ParseResult) -> dict[str, str]:
    return {q.record_ref: q.reason for q in result.quarantined}


# --- Statuspage JSON ---------------------------------------------------------------------------


def sp_incident(incident_id: str, start: str, end: str | None = None, **extra: Any) -> dict:
    record = {
        "id": incident_id,
        "name": f"Incident {incident_id}",
        "status": "resolved" if end else "investigating",
        "impact": "major",
        "created_at": start,
        "resolved_at": end,
        "updated_at": end or start,
        "shortlink": f"https://stspg.io/{incident_id}",
        "incident_updates": [
            {"status": "investigating", "body": "Looking.", "created_at": start},
            *([{"status": "resolved", "body": "Fixed.", "created_at": end}] if end else []),
        ],
    }
    return {**record, **extra}


def parse_statuspage(*incidents: dict, page: bool = True, **lists: list) -> ParseResult:
    doc: dict[str, Any] = {"incidents": list(incidents), **lists}
    if page:
        doc["page"] = {"id": "p", "name": "V", "url": "https://status.v.test"}
    return parse_status_payload(json.dumps(doc).encode(), status_source("statuspage_json"), now=NOW)


def test_statuspage_json_quarantines_impossible_and_future_times() -> None:
    result = parse_statuspage(
        sp_incident("good", "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"),
        sp_incident("year1", "0001-01-02T00:00:00Z", "2026-03-01T11:00:00Z"),
        sp_incident("epoch", "1970-01-01T00:00:00Z", "2026-03-01T11:00:00Z"),
        sp_incident("future", "2026-03-01T10:00:00Z", "2099-01-01T00:00:00Z"),
        sp_incident(
            "old-update",
            "2026-03-01T10:00:00Z",
            "2026-03-01T11:00:00Z",
            incident_updates=[
                {"status": "investigating", "body": "x", "created_at": "1999-12-31T23:00:00Z"}
            ],
        ),
        sp_incident("tomorrow", "2026-03-07T06:00:00Z"),  # within the one day of slack
    )
    assert [i.incident_id for i in result.incidents] == ["good", "tomorrow"]
    assert reasons(result) == {
        "year1": "implausible started_at: time 0001-01-02T00:00:00+00:00 is before 2005-01-01",
        "epoch": "implausible started_at: time 1970-01-01T00:00:00+00:00 is before 2005-01-01",
        "future": "implausible resolved_at: time 2099-01-01T00:00:00+00:00 is more than 1 day "
        "after now",
        "old-update": "implausible update posted_at: time 1999-12-31T23:00:00+00:00 is before "
        "2005-01-01",
    }
    assert {u.incident_id for u in result.updates} == {"good", "tomorrow"}


def test_statuspage_json_upcoming_maintenance_may_start_in_the_future() -> None:
    upcoming = {
        "id": "maint",
        "name": "Network upgrade",
        "status": "scheduled",
        "impact": "maintenance",
        "created_at": "2026-03-05T09:00:00Z",
        "updated_at": "2026-03-05T09:00:00Z",
        "scheduled_for": "2026-04-10T01:00:00Z",
        "scheduled_until": "2026-04-10T03:00:00Z",
        "incident_updates": [
            {"status": "scheduled", "body": "Planned.", "created_at": "2026-03-05T09:00:00Z"}
        ],
    }
    ancient = {**upcoming, "id": "ancient", "scheduled_for": "1970-01-01T00:00:00Z"}
    result = parse_statuspage(scheduled_maintenances=[upcoming, ancient])
    (kept,) = result.incidents
    assert kept.incident_id == "maint" and kept.started_at == datetime(2026, 4, 10, 1, tzinfo=UTC)
    assert reasons(result)["ancient"].endswith("is before 2005-01-01")


def test_statuspage_json_caps_title_body_and_refuses_huge_ids() -> None:
    big = sp_incident("big", "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", name="T" * HUGE)
    big["incident_updates"][0]["body"] = "b" * (MAX_BODY_CHARS + 5)
    huge_id = sp_incident("i" * HUGE, "2026-03-01T10:00:00Z")
    result = parse_statuspage(big, huge_id)
    (incident,) = result.incidents
    assert incident.title == "T" * MAX_TITLE_CHARS
    assert max(len(u.body) for u in result.updates) == MAX_BODY_CHARS
    (quarantined,) = result.quarantined
    assert quarantined.record_ref == "i" * MAX_URL_CHARS
    assert quarantined.reason == f"incident id longer than {MAX_URL_CHARS} characters"


@pytest.mark.parametrize(
    ("shortlink", "page", "expected"),
    [
        ("javascript:alert(document.cookie)", True, "https://status.v.test/incidents/x1"),
        ("javascript:alert(document.cookie)", False, None),
        ("data:text/html,<script>alert(1)</script>", False, None),
        ("/incidents/x1", False, None),
        ("https://stspg.io/" + "a" * MAX_URL_CHARS, False, None),
        ("  https://stspg.io/x1 ", False, "https://stspg.io/x1"),
    ],
)
def test_statuspage_json_link_must_be_http(shortlink: str, page: bool, expected: str) -> None:
    record = sp_incident("x1", "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", shortlink=shortlink)
    result = parse_statuspage(record, page=page)
    (incident,) = result.incidents  # the incident is kept with its other fields
    assert incident.url == expected
    assert incident.title == "Incident x1" and result.quarantined == []


# --- Statuspage Atom / RSS, xAI RSS, generic feed ---------------------------------------------


def atom_entry(incident: str, published: str, stamp: str, title: str = "API errors") -> str:
    html = (
        f"<p><small>{stamp}</small><br><strong>Resolved</strong> - Fixed.</p>"
        "<p><small>Jan 1, 00:05 UTC</small><br><strong>Investigating</strong> - Looking.</p>"
    )
    return (
        f"<entry><id>tag:status.v.test,2005:Incident/{incident}</id>"
        f"<published>{published}</published><updated>{published}</updated>"
        f'<link rel="alternate" type="text/html" href="https://status.v.test/incidents/{incident}"/>'
        f"<title>{escape(title)}</title><content type='html'>{escape(html)}</content></entry>"
    )


def atom_feed(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xml:lang="en-US" '
        'xmlns="http://www.w3.org/2005/Atom"><id>tag:status.v.test,2005:/history</id>'
        '<link rel="alternate" type="text/html" href="https://status.v.test"/>'
        f"<title>V Status</title><updated>2026-01-01T01:00:00Z</updated>{''.join(entries)}</feed>"
    ).encode()


def test_statuspage_atom_quarantines_implausible_entries() -> None:
    payload = atom_feed(
        atom_entry("good00000001", "2026-01-01T00:40:00Z", "Jan 1, 00:40 UTC"),
        atom_entry("epoch0000001", "1970-01-01T00:40:00Z", "Jan 1, 00:40 UTC"),
        atom_entry("future000001", "2031-01-01T00:40:00Z", "Jan 1, 00:40 UTC"),
        atom_entry("year00000001", "0001-01-02T00:00:00Z", "Jan 1, 00:40 UTC"),
    )
    result = parse_status_payload(payload, status_source("statuspage_atom"), now=NOW)
    assert [i.incident_id for i in result.incidents] == ["good00000001"]
    why = reasons(result)
    assert why["epoch0000001"].startswith("implausible started_at: time 1970-01-01T00:05")
    assert why["future000001"].endswith("is more than 1 day after now")
    # Year 1 is not even read as a date by the feed reader (1970..2200 only).
    assert why["year00000001"].startswith("unparsable date <published> '0001-01-02")


def test_statuspage_atom_caps_title_and_drops_non_http_link() -> None:
    entry = atom_entry("big000000001", "2026-01-01T00:40:00Z", "Jan 1, 00:40 UTC", "T" * HUGE)
    entry = entry.replace("https://status.v.test/incidents/big000000001", "javascript:alert(1)")
    result = parse_status_payload(atom_feed(entry), status_source("statuspage_atom"), now=NOW)
    (incident,) = result.incidents
    assert incident.title == "T" * MAX_TITLE_CHARS
    # Kept without a link; its id falls back to the entry id.
    assert incident.url is None
    assert incident.incident_id == "tag:status.v.test,2005:Incident/big000000001"


def rss(items: str, link: str = "https://status.v.test") -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>V</title><link>{link}</link>'
        f"{items}</channel></rss>"
    ).encode()


def test_statuspage_rss_quarantines_an_epoch_entry() -> None:
    html = "<p><small>Jan  1, 00:40 UTC</small><br><strong>Resolved</strong> - Fixed.</p>"
    items = "".join(
        f"<item><title>Errors</title><description>{escape(html)}</description>"
        f"<pubDate>{date}</pubDate><link>https://status.v.test/incidents/{ref}</link>"
        f"<guid>tag:status.v.test,2005:Incident/{ref}</guid></item>"
        for ref, date in [
            ("ok", "Thu, 01 Jan 2026 00:40:00 +0000"),
            ("ep", "Thu, 01 Jan 1970 00:40:00 +0000"),
        ]
    )
    result = parse_status_payload(rss(items), status_source("statuspage_rss"), now=NOW)
    assert [i.incident_id for i in result.incidents] == ["ok"]
    assert reasons(result)["ep"].endswith("is before 2005-01-01")


def test_xai_rss_quarantines_a_start_line_in_1970() -> None:
    description = "<h3>Status: RESOLVED</h3><p>Severity: outage</p><p>Started: {}</p>"
    items = "".join(
        f"<item><title>[API] Down</title><link>https://status.x.ai/incidents/{ref}</link>"
        f"<pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate>"
        f"<description>{escape(description.format(start))}</description></item>"
        for ref, start in [("ok", "2026-03-03T14:05:00Z"), ("bad", "1970-01-01T00:00:00Z")]
    )
    result = parse_status_payload(
        rss(items, "https://status.x.ai/"), status_source("xai_rss"), now=NOW
    )
    assert [i.incident_id for i in result.incidents] == ["ok"]
    assert reasons(result)["bad"].startswith("implausible started_at: time 1970-01-01")


def test_generic_feed_quarantines_a_future_item() -> None:
    items = "".join(
        f"<item><title>Service degraded</title><guid>https://aws.test/#{ref}</guid>"
        f"<pubDate>{date}</pubDate><description>Increased error rates.</description></item>"
        for ref, date in [
            ("ok", "Wed, 04 Mar 2026 10:00:00 GMT"),
            ("later", "Mon, 01 Jan 2035 10:00:00 GMT"),
        ]
    )
    result = parse_status_payload(rss(items), status_source("generic_feed"), now=NOW)
    assert [i.incident_id for i in result.incidents] == ["ok"]
    assert reasons(result)["later"].endswith("is more than 1 day after now")


# --- Google Cloud JSON --------------------------------------------------------------------------


def gcloud(incident_id: str, begin: str, **extra: Any) -> dict:
    record = {
        "id": incident_id,
        "external_desc": "Vertex Gemini API errors",
        "begin": begin,
        "created": begin,
        "end": "2026-03-02T00:00:00+00:00",
        "modified": "2026-03-02T00:00:00+00:00",
        "status_impact": "SERVICE_OUTAGE",
        "severity": "high",
        "affected_products": [{"title": "Vertex Gemini API", "id": "p"}],
        "uri": f"incidents/{incident_id}",
        "updates": [{"status": "AVAILABLE", "when": "2026-03-02T00:00:00+00:00", "text": "Fixed."}],
    }
    return {**record, **extra}


def test_gcloud_json_quarantines_year_one_and_caps_the_title() -> None:
    doc = [
        gcloud("good", "2026-03-01T00:00:00+00:00", external_desc="D" * HUGE),
        gcloud("year1", "0001-01-02T00:00:00+00:00"),
    ]
    result = parse_status_payload(json.dumps(doc).encode(), status_source("gcloud_json"), now=NOW)
    (incident,) = result.incidents
    assert incident.incident_id == "good" and incident.title == "D" * MAX_TITLE_CHARS
    assert reasons(result) == {
        "year1": "implausible started_at: time 0001-01-02T00:00:00+00:00 is before 2005-01-01"
    }


# --- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://status.v.test/incidents/1", "https://status.v.test/incidents/1"),
        ("HTTP://status.v.test/", "HTTP://status.v.test/"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("//status.v.test/x", None),
        ("https://", None),
        ("https://v.test/a b", None),
        ("https://v.test/\x00", None),
        ("https:\\\\evil.test", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
        ("https://v.test/" + "a" * MAX_URL_CHARS, None),
    ],
)
def test_usable_url(value: str | None, expected: str | None) -> None:
    assert usable_url(value) == expected


# --- news feeds ---------------------------------------------------------------------------------

NEWS = Source(name="news-feed", kind="news", url="https://n.test/feed")


def news_rss(*items: str) -> bytes:
    return (
        "<?xml version='1.0'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        f"<channel><title>N</title><link>https://n.test/</link>{''.join(items)}</channel></rss>"
    ).encode()


def news_item(ref: str, date: str = "Wed, 04 Mar 2026 10:00:00 GMT", **fields: str) -> str:
    values = {"title": f"Story {ref}", "link": f"https://n.test/{ref}", "description": "Text."}
    values.update(fields)
    inner = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in values.items())
    return f"<item><guid isPermaLink='false'>{ref}</guid>{inner}<pubDate>{date}</pubDate></item>"


def test_news_item_with_implausible_date_is_kept_without_it() -> None:
    result = parse_news_feed(
        news_rss(
            news_item("ok"),
            news_item("epoch", "Thu, 01 Jan 1970 00:00:00 +0000"),
            news_item("future", "Sat, 01 Jan 2033 00:00:00 GMT"),
            # A placeholder pubDate, then a real dc:date: the plausible one counts.
            news_item("both", "Thu, 01 Jan 1970 00:00:00 +0000", **{"dc:date": "2026-03-02"}),
        ),
        NEWS,
        now=NOW,
    )
    dates = {i.item_id: i.published_at for i in result.items}
    assert dates == {
        "ok": datetime(2026, 3, 4, 10, tzinfo=UTC),
        "epoch": None,
        "future": None,
        "both": datetime(2026, 3, 2, tzinfo=UTC),
    }
    assert result.quarantined == []


def test_atom_entry_skips_an_implausible_published_for_its_updated() -> None:
    feed = (
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>N</title><entry><id>urn:x:1</id>"
        "<title>S</title><link href='https://n.test/1'/><published>2099-01-01T00:00:00Z"
        "</published><updated>2026-03-05T08:00:00Z</updated></entry></feed>"
    )
    (item,) = parse_news_feed(feed.encode(), NEWS, now=NOW).items
    assert item.published_at == datetime(2026, 3, 5, 8, tzinfo=UTC)


def test_news_item_text_is_capped() -> None:
    item = news_item(
        "big",
        title="T" * HUGE,
        description="word " * (MAX_BODY_CHARS // 2),
        **{"dc:creator": "A" * (MAX_TITLE_CHARS + 1), "category": "C" * (MAX_TITLE_CHARS + 1)},
    )
    (parsed,) = parse_news_feed(news_rss(item), NEWS, now=NOW).items
    assert parsed.title == "T" * MAX_TITLE_CHARS
    assert len(parsed.summary) == MAX_BODY_CHARS
    assert parsed.author == "A" * MAX_TITLE_CHARS
    assert parsed.categories == ("C" * MAX_TITLE_CHARS,)


def test_news_items_without_a_usable_link_or_id_are_quarantined() -> None:
    long_link = "https://n.test/" + "a" * MAX_URL_CHARS
    huge_guid = "g" * HUGE
    result = parse_news_feed(
        news_rss(
            news_item("js", link="javascript:alert(1)"),
            news_item("long", link=long_link),
            news_item(huge_guid, link="https://n.test/g"),
            news_item("ok"),
        ),
        NEWS,
        now=NOW,
    )
    assert [i.item_id for i in result.items] == ["ok"]
    assert reasons(result) == {
        "js": "no http(s) link (got 'javascript:alert(1)')",
        "long": f"link longer than {MAX_URL_CHARS} characters ({len(long_link)})",
        "g" * MAX_URL_CHARS: f"item id longer than {MAX_URL_CHARS} characters ({HUGE})",
    }


# --- article pages ------------------------------------------------------------------------------

ARTICLE = "<p>" + "The API was down for most customers on Tuesday afternoon. " * 10 + "</p>"


def page(head: str, body: str = ARTICLE) -> bytes:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()


def test_article_skips_implausible_dates() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2026-03-03T09:00:00Z"})
    head = (
        '<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
        f'<script type="application/ld+json">{ld}</script>'
    )
    extracted = extract_article(page(head), "https://n.test/a", source="n", now=NOW)
    assert extracted.published_at == datetime(2026, 3, 3, 9, tzinfo=UTC)
    future = '<meta property="article:published_time" content="2040-01-01T00:00:00Z">'
    undated = extract_article(page(future), "https://n.test/a", source="n", now=NOW)
    assert undated.published_at is None and undated.text  # the page is kept


def test_article_text_fields_are_capped() -> None:
    head = (
        f'<meta property="og:title" content="{"T" * HUGE}">'
        f'<link rel="canonical" href="https://n.test/{"c" * MAX_URL_CHARS}">'
        '<meta property="og:url" content="https://n.test/short">'
    )
    body = "<p>" + "Long article text goes on. " * (MAX_ARTICLE_TEXT_CHARS // 20) + "</p>"
    extracted = extract_article(page(head, body), "https://n.test/a", source="n", now=NOW)
    assert extracted.title == "T" * MAX_TITLE_CHARS
    assert len(extracted.text) == MAX_ARTICLE_TEXT_CHARS
    assert extracted.canonical_url == "https://n.test/short"  # the over-long one is skipped
