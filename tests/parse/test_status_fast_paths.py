"""The status feed's fast paths give exactly what the paths they shortcut give.

- `entry_tokens` reads plain Statuspage paragraphs with regular expressions
  (`_plain_tokens`): the same tokens as lxml's events (`entry_tokens_events`) and
  BeautifulSoup (`entry_tokens_soup`) on generated and real markup, and whole feeds parse the
  same with it switched off;
- stamps placed without `infer_year` when within half a year of the reference;
- update bodies joined without splitting lines when no 'affected' line can be there;
- impact cues searched in bulk (polars) for a whole feed;
- Atom links resolved against the feed's base once, guids that cannot be http(s) URLs skipped,
  plain http(s) URLs read without urlsplit;
- the garbage collector paused during a parse and restored after it.
"""

from __future__ import annotations

import gc
import random
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest
from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from pipeline.core.models import Source
from pipeline.parse import status_entry_html, status_feed
from pipeline.parse.html_text import collapse_whitespace, http_url
from pipeline.parse.status_entry_html import (
    _nearest_year,
    _plain_tokens,
    entry_tokens,
    entry_tokens_events,
    entry_tokens_soup,
)
from pipeline.parse.status_records import collection_paused, plain_http_path, usable_url
from pipeline.parse.status_terms import _may_tell_impact, may_tell_impact
from pipeline.parse.timestamps import TZ_OFFSETS, infer_year
from pipeline.parse.xml_feed import _may_be_http, read_feed

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures"
OWN = REPO / "tests" / "fixtures" / "status"
SOURCE = Source(name="test-status", kind="status", url="file://feed", vendor="example")
NOW = datetime(2026, 12, 1, tzinfo=UTC)

SPACE = ("", "", "", " ", "\n", "  ", " \n ", "\t", "\n\n")
ODD_SPACE = ("\r\n", "\x0c", "\xa0", "\u2003", "\u2028")
TEXT = (
    "We are on it", "x", "&amp;", "&lt;b&gt;", "&#39;", "&quot;", "&nbsp;", "caf\u00e9",
    "\u65e5\u672c", "\U0001f680", "a > b", "-", " - ", "''", '"', "\u2014", "Resolved.",
    "This incident affected:", "14:05", "outage",
)  # fmt: skip
DAMAGE = (
    "AT&T", "&bogus;", "&amp", "\x00", "\x01", "\x85", "\ufffe", "\ufeff", "<b>x</b>", "<em>",
    "<a href='x'>l</a>", "<small>", "</strong>", "<!-- c -->", "</var>", "<VAR>", "<P>", "<p/>",
    "<p class='x'>", "</p >", "\r", "<", "<br>", "</br>", "<br\n/>",
)  # fmt: skip


def _text(rng: random.Random, damaged: bool) -> str:
    pool = TEXT + SPACE + (DAMAGE + ODD_SPACE if damaged else ())
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 4)))


def _stamp(rng: random.Random, damaged: bool) -> str:
    day, hour = rng.randint(1, 31), rng.randint(0, 23)
    month = rng.choice(["Mar", "Dec", "Jan", "Feb", ""])
    if rng.random() < 0.5:
        date = rng.choice(["<var data-var='date'>", '<var data-var="date">', "<var>"])
        time = rng.choice(["<var data-var='time'>", "<var  a='1' b=\"2\" >"])
        stamp = f"{month}{rng.choice(SPACE)}{date}{day}</var>,{rng.choice(SPACE)}{time}"
        stamp += f"{hour:02}:05</var>{rng.choice(SPACE)}{rng.choice(['UTC', 'PST', 'CET', ''])}"
    else:
        stamp = f"{month} {day}, {hour}:05 {rng.choice(['UTC', 'GMT+2', 'EST', ''])}"
    if damaged and rng.random() < 0.3:
        stamp += _text(rng, damaged)
    return stamp


def _paragraph(rng: random.Random, damaged: bool) -> str:
    """A Statuspage update paragraph, another plain paragraph, or either with damage."""
    br = rng.choice(["<br>", "<br/>", "<br />"])
    if rng.random() < 0.6:
        inner = (
            f"{rng.choice(SPACE)}<small>{_stamp(rng, damaged)}</small>{rng.choice(SPACE)}{br}"
            f"{rng.choice(SPACE)}<strong>{_text(rng, damaged)}</strong>{_text(rng, damaged)}"
        )
    else:
        pieces = [
            f"<small>{_stamp(rng, damaged)}</small>",
            f"<strong>{_text(rng, damaged)}</strong>",
            br,
            _text(rng, damaged),
        ]
        inner = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
    return f"<p>{inner}</p>"


def generated_markup(rng: random.Random) -> str:
    damaged = rng.random() < 0.3
    space = SPACE + (ODD_SPACE if damaged else ())
    paragraphs = [_paragraph(rng, damaged) + rng.choice(space) for _ in range(rng.randint(0, 5))]
    return rng.choice(space) + "".join(paragraphs)


def read_quietly(read, markup: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return read(markup)


# --- entry HTML ------------------------------------------------------------------------------


def test_plain_tokens_equal_the_event_and_soup_tokens() -> None:
    rng = random.Random(14)
    read = 0
    for i in range(4000):
        markup = generated_markup(rng)
        fast = _plain_tokens(markup)
        if fast is None:
            continue
        read += 1
        assert fast == entry_tokens_events(markup), markup
        if i % 8 == 0:
            assert fast == read_quietly(entry_tokens_soup, markup), markup
    assert read > 2000  # the fast path reads most undamaged markup


@pytest.mark.parametrize(
    "markup",
    [
        "x<p>text before the first paragraph</p>",
        "<p>a</p>x<p>b</p>",
        "<p>a</p>\xa0",
        "<P>upper case</P>",
        "<p class='x'>attributes</p>",
        "<p>AT&T</p>",
        "<p>&bogus;</p>",
        "<p>carriage\rreturn</p>",
        "<p>nul\x00</p>",
        "<p><small>Mar <var>3</small></p>",
        "<p><small>Mar 3</var>, 14:05 UTC</small></p>",
        "<p><b>bold</b></p>",
        "<p><strong><em>nested</em></strong></p>",
        "<p>unclosed",
        "\ufeff<p>bom</p>",
        "<div><p>block</p></div>",
    ],
)
def test_markup_outside_the_plain_shape_takes_the_event_path(markup: str) -> None:
    assert _plain_tokens(markup) is None
    assert entry_tokens(markup) == entry_tokens_events(markup)


def test_statuspage_paragraphs_take_the_plain_path() -> None:
    markup = (
        "\n<p><small>Mar <var data-var='date'>3</var>, <var data-var='time'>14:05</var> UTC"
        "</small><br><strong>Resolved</strong> - Fixed &amp; done.<br />\n<br />More.</p> "
        "<p>This incident affected: API.</p>  "
    )
    assert _plain_tokens(markup) == [
        ("sep", ""),
        ("small", "Mar 3, 14:05 UTC"),
        ("sep", ""),
        ("strong", "Resolved"),
        ("text", " - Fixed & done."),
        ("sep", ""),
        ("text", "\n"),
        ("sep", ""),
        ("text", "More."),
        ("text", " "),
        ("sep", ""),
        ("text", "This incident affected: API."),
        ("text", " "),
    ]
    assert _plain_tokens(markup) == entry_tokens_events(markup)


def _feed_markups(path: Path) -> list[str]:
    feed = read_feed(path.read_bytes(), "test")
    return [status_feed._status_entry(entry).content for entry in feed.entries]


def test_real_and_own_entries_give_the_same_tokens() -> None:
    paths = sorted(OWN.iterdir())
    if SHARED.is_dir():
        paths += sorted(SHARED.glob("statuspage_*/*.atom")) + sorted(SHARED.glob("*/*.rss"))
    plain = 0
    for path in paths:
        for markup in _feed_markups(path):
            fast = _plain_tokens(markup)
            plain += fast is not None
            if fast is not None:
                assert fast == entry_tokens_events(markup), (path.name, markup[:300])
    assert plain >= (100 if SHARED.is_dir() else 5)


def statuspage_feed(rng: random.Random, n: int) -> bytes:
    """A Statuspage Atom feed of `n` generated entries (zones, years, labels, damage)."""
    entries = []
    for i in range(n):
        ref = datetime(2014, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 24 * 365 * 12))
        labels = ["Resolved", "Update", "Investigating", "Monitoring", "In progress", "Scheduled"]
        paragraphs = []
        stamp_at = ref
        for _ in range(rng.randint(0, 5)):
            zone = rng.choice(["UTC"] * 4 + ["PST", "CET", "GMT+2", "IST", "XYZ"])
            paragraphs.append(
                f"<p><small>{stamp_at:%b} <var data-var='date'>{stamp_at.day}</var>, "
                f"<var data-var='time'>{stamp_at:%H:%M}</var> {zone}</small><br><strong>"
                f"{rng.choice(labels)}</strong> - {_text(rng, rng.random() < 0.2)}</p>"
            )
            stamp_at -= timedelta(minutes=rng.randint(1, 60 * 24 * 60))
        if rng.random() < 0.2:
            paragraphs.append("<p>This incident affected: API and Web (Partial outage).</p>")
        kind = rng.choice(["Incident", "Incident", "Maintenance"])
        entries.append(
            f"<entry><id>tag:status.example.com,2005:{kind}/{i}</id>"
            f"<published>{ref:%Y-%m-%dT%H:%M:%SZ}</published>"
            f'<link rel="alternate" type="text/html" href="https://status.example.com/incidents/'
            f'x{i}"/><title>{escape(rng.choice(["Errors", "Major outage", "Slow API"]))}</title>'
            f'<content type="html">{escape("".join(paragraphs))}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<id>tag:status.example.com,2005:/history</id><title>Example</title>"
        f"<updated>2026-03-04T12:00:00Z</updated>{''.join(entries)}</feed>"
    ).encode()


def test_feeds_parse_the_same_without_the_fast_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    payloads = [statuspage_feed(random.Random(seed), 150) for seed in (1, 2)]
    payloads += [path.read_bytes() for path in sorted(OWN.iterdir())]
    if SHARED.is_dir():
        payloads += [p.read_bytes() for p in sorted(SHARED.glob("statuspage_*/*.atom"))]
    fast = [status_feed.parse_status_feed(p, SOURCE, now=NOW) for p in payloads]
    with monkeypatch.context() as patch:
        patch.setattr(status_entry_html, "_plain_tokens", lambda markup: None)
        patch.setattr(status_entry_html, "_HALF_YEAR", timedelta(0))  # always infer_year
        patch.setattr(
            status_feed, "may_tell_impact", lambda texts: list(map(_may_tell_impact, texts))
        )
        slow = [status_feed.parse_status_feed(p, SOURCE, now=NOW) for p in payloads]
    assert sum(len(result.incidents) for result in fast) > 200
    assert sum(len(result.quarantined) for result in fast) > 10
    for one, other in zip(fast, slow, strict=True):
        assert (one.incidents, one.updates, one.quarantined) == (
            other.incidents,
            other.updates,
            other.quarantined,
        )


# --- stamps, bodies, impact cues -------------------------------------------------------------


def test_nearest_year_equals_infer_year() -> None:
    rng = random.Random(3)
    offsets = list(TZ_OFFSETS.values())
    for _ in range(20000):
        reference = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(
            minutes=rng.randrange(0, 60 * 24 * 366 * 30)
        )
        if rng.random() < 0.5:  # near the year's end or the half-year mark
            month = rng.choice([1, 6, 7, 12])
            reference = reference.replace(month=month, day=min(reference.day, 28))
        month, day = rng.randint(1, 12), rng.choice([1, 2, 28, 29, 30, 31, rng.randint(1, 31)])
        hour, minute, offset = rng.randint(0, 23), rng.randint(0, 59), rng.choice(offsets)
        try:
            expected = infer_year(month, day, hour, minute, offset, reference)
        except ValueError:
            with pytest.raises(ValueError):
                _nearest_year(month, day, hour, minute, offset, reference)
            continue
        assert _nearest_year(month, day, hour, minute, offset, reference) == expected


def reference_body(parts: list[str]) -> tuple[str, list[str]]:
    """The update body as status_feed read it line by line before the shortcut."""
    items: list[str] = []
    lines: list[str] = []
    for line in (collapse_whitespace(x) for x in "".join(parts).split("\n")):
        affected = status_feed._AFFECTED.match(line)
        if affected is not None:
            items.extend(status_feed.split_names(affected["names"]))
        elif line:
            lines.append(line)
    return status_feed.re.sub(r"^[\s\-\u2013\u2014:]+", "", " ".join(lines)), items


def test_update_body_equals_the_line_by_line_reading() -> None:
    rng = random.Random(5)
    pieces = (
        "\n", " ", " - ", "\u2013", ":", "\u3000", "\x1c", "text", "This incident AFFECTED: A, B",
        "this maintenance affected:  C", "unaffected", "\u00a0", "-\n-", "x",
    )  # fmt: skip
    for _ in range(5000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(0, 6))]
        items: list[str] = []
        body = status_feed._update_body(parts, items)
        assert (body, items) == reference_body(parts), parts


def test_bulk_impact_cues_equal_one_by_one() -> None:
    rng = random.Random(7)
    words = (
        "outage", "OUTAGE", "down", " down", "unavailable", "can't", "cannot", "fail", "failing",
        "most users", "many\nusers", "all requests", "high error", "error", "we", "fix", "\u0130",
        "\u0131", "\u017f", "\u212a", "\u00e9", "\u65e5\u672c", "\U0001f680", " ", "",
    )  # fmt: skip
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    assert may_tell_impact(texts) == [_may_tell_impact(text) for text in texts]
    assert may_tell_impact(texts[:3]) == [_may_tell_impact(text) for text in texts[:3]]
    assert may_tell_impact(["bad \ud800 surrogate"] * 10) == [False] * 10


# --- feed reader, collector ------------------------------------------------------------------


def test_guids_that_cannot_be_http_urls() -> None:
    rng = random.Random(9)
    pieces = ("http", "https", "HTTP", "Https", ":", "//", "h", "\t", "\n", "\r", "tag", "x.y",
              "urn:uuid:1", " ", "\x00", "\u00e9", "/a")  # fmt: skip
    for _ in range(20000):
        guid = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))).strip()
        if guid and not _may_be_http(guid):
            assert http_url(guid, None) is None, guid


def test_plain_http_paths_equal_urlsplit() -> None:
    rng = random.Random(11)
    schemes = ("http://", "https://", "HTTP://", "http:/", "ftp://", "")
    hosts = ("a", "b.example.com", "x-y.z", "", "[::1]", "u@h", "h:80", "h:", "h:8x", "\u00e9.fr")
    tails = (
        "/",
        "/p",
        "//",
        "/x/",
        "/a%20b",
        "/\u00e9",
        ";p",
        "?q=1",
        "#f",
        "?a#b",
        "#a?b",
        " ",
        "\t",
    )
    plain = 0
    for _ in range(20000):
        tail = "".join(rng.choice(tails) for _ in range(rng.randint(0, 5)))
        url = rng.choice(schemes) + rng.choice(hosts) + tail
        path = plain_http_path(url)
        if path is None:
            continue
        plain += 1
        parts = urlsplit(url)
        assert (parts.scheme, parts.path) == (url.split(":")[0], path), url
        assert parts.netloc and parts.hostname and usable_url(url) == url
    assert plain > 1000


def test_atom_links_resolve_against_entry_and_link_bases() -> None:
    payload = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/root/">'
        b'<entry><id>1</id><link href="one"/></entry>'
        b'<entry xml:base="sub/"><id>2</id><link href="two"/></entry>'
        b'<entry><id>3</id><link xml:base="https://b.example/" href="three"/></entry>'
        b'<entry xml:base=" "><id>4</id><link href="four"/></entry>'
        b"</feed>"
    )
    links = [entry.links for entry in read_feed(payload, "test").entries]
    assert links == [
        ["https://a.example/root/one"],
        ["https://a.example/root/sub/two"],
        ["https://b.example/three"],
        ["https://a.example/root/four"],
    ]


def test_collection_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
