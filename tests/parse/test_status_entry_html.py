"""Tests for pipeline.parse.status_entry_html: the lxml token reader against BeautifulSoup.

`entry_tokens` (lxml parser events) must give exactly the tokens of `entry_tokens_soup` (the
BeautifulSoup walk it replaced, kept as its fallback), and a whole feed parsed either way the
same incidents, updates and quarantine: on the real vendor feeds, our own edge feeds, bench-
shaped entries and generated tricky markup (nesting, <br>, entities, <small> stamps,
non-ASCII, broken and hostile markup).
"""

from __future__ import annotations

import random
import warnings
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from pipeline.core.models import ParseResult, Source
from pipeline.parse import status_feed
from pipeline.parse.status_entry_html import entry_tokens, entry_tokens_soup
from pipeline.parse.status_records import RecordError

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures"
OWN = REPO / "tests" / "fixtures" / "status"
SOURCE = Source(name="test-status", kind="status", url="file://feed", vendor="example")
NOW = datetime(2026, 12, 1, tzinfo=UTC)

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/fixtures (real vendor feeds) is not checked out"
)


def shared_feeds() -> list[Path]:
    return sorted(SHARED.glob("statuspage_*/*.atom")) + sorted(SHARED.glob("statuspage_*/*.rss"))


def tokens_or_error(read, markup: str) -> list[tuple[str, str]] | tuple[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return read(markup)
        except RecordError as err:
            return ("RecordError", str(err))


def assert_same_tokens(markup: str) -> None:
    assert tokens_or_error(entry_tokens, markup) == tokens_or_error(entry_tokens_soup, markup), (
        markup[:500]
    )


def parse_both(payload: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[ParseResult, ...]:
    fast = status_feed.parse_status_feed(payload, SOURCE, now=NOW)
    with monkeypatch.context() as patch:
        patch.setattr(status_feed, "entry_tokens", entry_tokens_soup)
        soup = status_feed.parse_status_feed(payload, SOURCE, now=NOW)
    return fast, soup


def assert_same_parse(payload: bytes, monkeypatch: pytest.MonkeyPatch) -> ParseResult:
    fast, soup = parse_both(payload, monkeypatch)
    assert fast.format == soup.format
    assert fast.incidents == soup.incidents
    assert fast.updates == soup.updates
    assert fast.quarantined == soup.quarantined
    return fast


def entry_markups(payload: bytes, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entry HTML the feed parser hands to entry_tokens."""
    seen: list[str] = []

    def recording(markup: str) -> list[tuple[str, str]]:
        seen.append(markup)
        return entry_tokens(markup)

    with monkeypatch.context() as patch:
        patch.setattr(status_feed, "entry_tokens", recording)
        status_feed.parse_status_feed(payload, SOURCE, now=NOW)
    return seen


# --- whole feeds -----------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", shared_feeds(), ids=lambda p: p.name)
def test_real_feeds_parse_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = assert_same_parse(path.read_bytes(), monkeypatch)
    assert result.incidents and result.updates


@pytest.mark.parametrize("path", sorted(OWN.iterdir()), ids=lambda p: p.name)
def test_own_feeds_parse_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_parse(path.read_bytes(), monkeypatch)


def statuspage_feed(contents: list[str]) -> bytes:
    """A Statuspage-shaped Atom feed whose entries carry `contents` as their HTML."""
    entries = "".join(
        f"<entry><id>tag:status.example.com,2005:Incident/{i}</id>"
        "<published>2026-03-04T12:00:00Z</published><updated>2026-03-04T12:00:00Z</updated>"
        f'<link rel="alternate" type="text/html" href="https://status.example.com/incidents/x{i}"/>'
        f'<title>Incident {i}</title><content type="html">{escape(c)}</content></entry>'
        for i, c in enumerate(contents)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<id>tag:status.example.com,2005:/history</id><title>Example</title>"
        f"<updated>2026-03-04T12:00:00Z</updated>{entries}</feed>"
    ).encode()


def test_tricky_entries_parse_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    result = assert_same_parse(statuspage_feed(TRICKY), monkeypatch)
    assert len(result.incidents) + len(result.quarantined) == len(TRICKY)
    assert len(result.incidents) >= 10


def test_generated_entries_parse_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(14)
    contents = [statuspage_like(rng) for _ in range(300)]
    result = assert_same_parse(statuspage_feed(contents), monkeypatch)
    assert len(result.incidents) > 100  # most generated entries are readable incidents


# --- tokens ----------------------------------------------------------------------------------

TRICKY = [
    # the shapes vendors write
    "<p><small>Mar <var data-var='date'>3</var>, <var data-var='time'>14:05</var> UTC</small>"
    "<br><strong>Resolved</strong> - This incident has been resolved.</p>",
    "<p><small>Oct 28, 14:48 PST</small><br><strong>Update</strong> - A fix is rolling out."
    "</p><p><small>Oct 28, 13:02 PST</small><br><strong>Investigating</strong> - We are "
    "investigating.</p><p>This incident affected: API, Web (Degraded performance).</p>",
    "<b>Type</b>: Maintenance<br><b>Duration</b>: 2 hours<br><br><b>Affected Components</b>: "
    "API<br><small>Mar 3, 2026, 2:05 PM</small><br><strong>In progress</strong>",
    "<b>Status: Resolved</b><p>Errors are back to normal.</p><b>Affected components</b><ul>"
    "<li>Chat (Full outage)</li><li>API (Degraded performance)</li></ul>",
    # nesting, <br> forms, entities, non-ASCII
    "<div><p><small>Jan  1, <b>09:09</b> CET</small><br/><strong><em>Identified</em></strong>"
    " &ndash; caf&eacute; &amp; na&iuml;ve &#8212; &#x1F600; &nbsp;x</p></div>",
    "<p><small>Feb 29, 23:59 UTC</small></br><strong>Monitoring</strong>\u00a0-\u00a0日本語の"
    "テキスト, ümlaut, עברית, emoji 🚀</p>",
    "<ul><li><small>Mar 3, 14:05 UTC</small> <strong>Update</strong><ol><li>one</li><li>two"
    "</li></ol></li></ul><table><tr><td>a</td><td>b</td></tr></table>",
    "<p><small>Mar 3, 14:05 UTC</small><br><strong>Resolved</strong> <strong>twice</strong>"
    " <small>not a stamp</small> tail</p>",
    # whitespace BeautifulSoup rewrites, pre/textarea where it does not
    "<p>\n\t <small>Mar 3, 14:05 UTC</small>\r\n<br>  <strong> Resolved </strong>\n\n</p>\n",
    "<pre>  keep\n  <small>Mar 3, 14:05 UTC</small>\n \t</pre><textarea> \n </textarea>",
    # hidden strings: script, style, template, head, ruby
    "<script>var x = '<small>Mar 3, 14:05 UTC</small>';</script><style>p{}</style>"
    "<template><small>Mar 3, 14:05 UTC</small></template><p><small>Mar 3, 14:05 UTC</small>"
    "<strong>Resolved</strong></p>",
    "<small>Mar <script>x</script>3, 14:05 UTC</small><strong>Re<rt>x</rt>solved</strong>"
    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><title>t</title><head><b>h</b></head>",
    # comments, processing instructions, doctypes, CDATA, a BOM
    "\ufeff<!-- c --> <p><small>Mar 3, 14:05 UTC</small><!-- x --><strong>Re<!-- y -->solved"
    "</strong></p>",
    "<?php echo 1 ?>\n<!DOCTYPE html>  <p>a<!DOCTYPE html>b</p><![CDATA[ x<y ]]>tail",
    # broken markup
    "<p><small>Mar 3, 14:05 UTC<strong>Resolved</p> unclosed <b>bold <i>italic",
    "</small></strong><p>stray closers</b></p></div>< p>not a tag<>&bogus; &#0; &#xD800;",
    "<small>Mar 3, 14:05 UTC</small><strong>Resolved</strong><body><html>again</html>",
    "<p <small>Mar 3, 14:05 UTC</small> <strong a=\"1' b=>Resolved</strong>",
    "<frameset><frame></frameset><p>after frameset</p><plaintext><p>all text</p>",
    "<table><small>Mar 3, 14:05 UTC</small><tr><strong>Resolved</strong><td>x</td></table>",
    "<" + "div>" * 300 + "<small>Mar 3, 14:05 UTC</small>deep",
    "text without tags &amp; an entity",
    "",
    "   ",
    "<!---->",
    "<",
]


@pytest.mark.parametrize("markup", TRICKY)
def test_tricky_markup_gives_the_same_tokens(markup: str) -> None:
    assert_same_tokens(markup)


def test_stamp_label_and_body_tokens() -> None:
    tokens = entry_tokens(TRICKY[0])
    assert ("small", "Mar 3, 14:05 UTC") in tokens
    assert ("strong", "Resolved") in tokens
    assert ("text", " - This incident has been resolved.") in tokens
    assert tokens[0] == ("sep", "")


@needs_shared
def test_real_entries_give_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    markups = [m for p in shared_feeds() for m in entry_markups(p.read_bytes(), monkeypatch)]
    assert len(markups) > 100
    for markup in markups:
        assert_same_tokens(markup)


def test_own_entries_give_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(OWN.iterdir())
    markups = [m for p in paths for m in entry_markups(p.read_bytes(), monkeypatch)]
    assert len(markups) > 20
    for markup in markups:
        assert_same_tokens(markup)


def test_real_pages_give_the_same_tokens() -> None:
    """Whole news pages (other people's markup, scripts and all) as if they were entries."""
    pages = sorted(SHARED.glob("news_html/*.html")) + sorted(REPO.glob("tests/fixtures/**/*.html"))
    if not pages:
        pytest.skip("../shared/fixtures/news_html (real article pages) is not checked out")
    for page in pages:
        assert_same_tokens(page.read_text(encoding="utf-8", errors="replace"))


PIECES = (
    "&amp;", "&nbsp;", "&#8212;", "&bogus;", "&#0;", "&#x1F600;", " ", "  ", "\n", "\t",
    "\r\n", "\x0c", "\u00a0", "é", "日本", "Mar 3, 14:05 UTC", "Resolved", "Update", "<!-- c -->",
    "<!--", "-->", "<?php x ?>", "<![CDATA[ a<b ]]>", "<!DOCTYPE html>", "<", ">", "</", "<p",
    "a=1>", "'", '"', "\ufeff", "<br/>", "</br>", "<p/>", "\u2028", "x",
)  # fmt: skip
TAGS = (
    "p div br small strong b i em span var rt rp ruby pre textarea script style template head "
    "title body html table tr td li ul a noscript svg math select option frameset iframe "
    "plaintext xmp font center h1 section meta link base img"
).split()


def random_markup(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 30)):
        roll, tag = rng.random(), rng.choice(TAGS)
        if roll < 0.3:
            out.append(f"<{tag}>")
        elif roll < 0.5:
            out.append(f"</{tag}>")
        elif roll < 0.55:
            out.append(f"<{tag} class='x' data-v=\"y\">")
        else:
            out.append(rng.choice(PIECES))
    return "".join(out)


def statuspage_like(rng: random.Random) -> str:
    """A Statuspage entry with random damage: extra tags, entities, whitespace, garbage."""
    parts = []
    for _ in range(rng.randint(1, 5)):
        day, hour = rng.randint(1, 28), rng.randint(0, 23)
        label = rng.choice(["Resolved", "Update", "Investigating", "Identified", "Monitoring"])
        parts.append(
            f"<p><small>Mar <var data-var='date'>{day}</var>, <var data-var='time'>{hour:02}:05"
            f"</var> {rng.choice(['UTC', 'PST', 'CET'])}</small><br><strong>{label}</strong>"
            f" - {random_markup(rng) if rng.random() < 0.5 else 'We are on it &amp; more.'}</p>"
        )
    return "".join(parts)


def test_generated_markup_gives_the_same_tokens() -> None:
    rng = random.Random(2026)
    for _ in range(3000):
        assert_same_tokens(random_markup(rng))
    for _ in range(500):
        assert_same_tokens(statuspage_like(rng))


def test_lxml_failure_falls_back_to_beautifulsoup(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refusing:
        def feed(self, data: str) -> None:
            raise ValueError("refused")

    from pipeline.parse import status_entry_html

    local = status_entry_html._LOCAL.__dict__
    monkeypatch.setitem(local, "reader", (status_entry_html._TokenTarget(), Refusing()))
    assert entry_tokens(TRICKY[0]) == entry_tokens_soup(TRICKY[0])
    assert entry_tokens(TRICKY[1]) == entry_tokens_soup(TRICKY[1])  # a fresh parser after it
