"""Writers of the feed corpus: how publishers write titles, dates and links into markup.

Each writer takes the value the publisher meant (plain title, UTC moment, absolute URL) and
returns it as some real feed software writes it; the generator keeps the meant value as the
expected one. Nothing here reads markup back.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# (name as written, offset in minutes). Named zones as RFC 822 and feedparser define them;
# 'A' and 'N' are RFC 822 military letters (A = one hour earlier, N = one hour later);
# CET/MET/MEST are the central European names feeds write.
ZONES = (
    ("GMT", 0),
    ("+0000", 0),
    ("EST", -300),
    ("PDT", -420),
    ("+0530", 330),
    ("EDT", -240),
    ("Z", 0),
    ("-0500", -300),
    ("PST", -480),
    ("+0900", 540),
    ("UT", 0),
    ("CST", -360),
    ("+0100", 60),
    ("MDT", -360),
    ("-0300", -180),
    ("CET", 60),
    ("+1000", 600),
    ("A", -60),
    ("-0700", -420),
    ("MEST", 120),
    ("N", 60),
    ("+0200", 120),
)

_WP_REFS = {
    "&": "&#038;",
    "<": "&lt;",
    ">": "&gt;",
    "\u2019": "&#8217;",
    "\u2018": "&#8216;",
    "\u201c": "&#8220;",
    "\u201d": "&#8221;",
    "\u2013": "&#8211;",
    "\u2014": "&#8212;",
    "\u2026": "&#8230;",
}
_NAMED = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\u2019": "&rsquo;",
    "\u2018": "&lsquo;",
    "\u201c": "&ldquo;",
    "\u201d": "&rdquo;",
    "\u2013": "&ndash;",
    "\u2014": "&mdash;",
    "\u2026": "&hellip;",
    "\u20ac": "&euro;",
    "\u00e9": "&eacute;",
    "\u00e8": "&egrave;",
    "\u00fc": "&uuml;",
    "\u00f6": "&ouml;",
    "\u00e7": "&ccedil;",
    "\u00f1": "&ntilde;",
    "\u00ef": "&iuml;",
}


def esc(text: str) -> str:
    """XML-escape text content and attribute values."""
    return html.escape(text, quote=True).replace("&#x27;", "'")


def inline_html(text: str, tag: str = "em") -> str:
    """The title as an HTML fragment with its first word emphasised (what a CMS emits)."""
    escaped = html.escape(text, quote=False)
    first, sep, rest = escaped.partition(" ")
    return f"<{tag}>{first}</{tag}>{sep}{rest}"


def title_markup(text: str, style: str) -> tuple[str, str]:
    """Return (element content, Atom type attribute or '') writing `text` in `style`.

    Styles: xml (escaped), cdata, wp (WordPress numeric references), entities (undeclared
    HTML named entities, a no-break space), raw_amp (bare '&'), double (HTML-escaped, then
    XML-escaped again: '&amp;amp;', '&amp;#39;'), html (escaped inline HTML), cdata_html,
    ws (wrapped in newlines and indentation), and the Atom ones: text, none, xhtml.
    """
    if style == "cdata":
        return f"<![CDATA[{text}]]>", ""
    if style == "cdata_html":
        return f"<![CDATA[{inline_html(text, 'b')}]]>", "html"
    if style == "wp":
        return "".join(_WP_REFS.get(ch, ch) for ch in text), "html"
    if style == "entities":
        body = "".join(_NAMED.get(ch, ch) for ch in text)
        return body.replace(" ", "&nbsp;", 1), "text"
    if style == "raw_amp":
        return esc(text).replace("&amp;", "&"), "text"
    if style == "double":
        once = html.escape(text, quote=True).replace("&#x27;", "&#39;")
        return esc(once), "html"
    if style == "html":
        return esc(inline_html(text)), "html"
    if style == "xhtml":
        return f'<div xmlns="http://www.w3.org/1999/xhtml">{inline_html(text, "i")}</div>', "xhtml"
    if style == "ws":
        return f"\n        {esc(text)}\n      ", "text"
    if style == "none":
        return esc(text), ""
    return esc(text), "text"  # xml / text


def write_date(when: datetime, style: str, zone: tuple[str, int]) -> tuple[str, datetime]:
    """Write the UTC moment `when` in `style`; return (text, the UTC moment the text means).

    RFC 822 styles: rfc822, rfc822_2y (two-digit year), rfc822_nosec, rfc822_noday,
    rfc822_badday (weekday name wrong), rfc822_1digit (day not zero-padded); W3CDTF styles:
    w3c, w3c_z (UTC as 'Z'), w3c_frac, w3c_nosec, w3c_date; asctime (UTC, no zone).
    """
    name, minutes = zone
    local = when + timedelta(minutes=minutes)
    meant = when
    if style.startswith("rfc822"):
        year = f"{local.year % 100:02d}" if style == "rfc822_2y" else str(local.year)
        day = str(local.day) if style == "rfc822_1digit" else f"{local.day:02d}"
        clock = f"{local:%H:%M}" if style == "rfc822_nosec" else f"{local:%H:%M:%S}"
        if style == "rfc822_nosec":
            meant = when.replace(second=0)
        stamp = f"{day} {MONTHS[local.month - 1]} {year} {clock} {name}"
        if style == "rfc822_noday":
            return stamp, meant
        weekday = (local.weekday() + (2 if style == "rfc822_badday" else 0)) % 7
        return f"{DAYS[weekday]}, {stamp}", meant
    if style == "asctime":
        day, month = DAYS[when.weekday()], MONTHS[when.month - 1]
        return f"{day} {month} {when.day:>2} {when:%H:%M:%S} {when.year}", when
    if style == "w3c_date":
        return f"{when:%Y-%m-%d}", when.replace(hour=0, minute=0, second=0)
    sign = "+" if minutes >= 0 else "-"
    offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if style == "w3c_z" or (minutes == 0 and name in ("Z", "GMT", "UT")):
        offset = "Z"
        local, minutes = when, 0
    if style == "w3c_nosec":
        return f"{local:%Y-%m-%dT%H:%M}{offset}", when.replace(second=0)
    if style == "w3c_frac":
        return f"{local:%Y-%m-%dT%H:%M:%S}.{(when.second * 37) % 1000:03d}{offset}", when
    return f"{local:%Y-%m-%dT%H:%M:%S}{offset}", when


def slugify(text: str, n: int) -> str:
    """ASCII slug of a title ('story-<n>' for titles without ASCII words)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:9]) if len(words) >= 2 else f"story-{n}"


@dataclass
class Entry:
    """One entry: the meant values (expected) and how the template writes them."""

    n: int
    title: str
    link: str
    when: datetime | None
    slug: str
    code: str
    expected_date: datetime | None = None
    title_xml: str = ""
    title_type: str = ""
    href: str = ""  # the story link as written (escaped for XML)
    attr: str = ""  # extra attributes of <item>/<entry> (xml:base)
    link_attr: str = ""  # extra attributes of the Atom <link>
    link_text: bool = False  # Atom link written as element text, without href
    date_xml: str | None = None
    upd_xml: str | None = None
    extra: str = ""  # recipe-specific elements before the link (enclosures, other links)
    summary: str = ""  # escaped HTML (XML-escaped once)

    def alink(
        self, fmt: str = '<link rel="alternate" type="text/html" href="{href}"{attr}/>'
    ) -> str:
        """The Atom alternate link in the template's own format, or as element text."""
        if self.link_text:
            rel = ' rel="alternate"' if self.n % 2 else ""
            return f"<link{rel}{self.link_attr}>{self.href}</link>"
        return fmt.format(href=self.href, attr=self.link_attr)

    def tattr(self, quote: str = '"') -> str:
        """The Atom title's type attribute (or nothing)."""
        return f" type={quote}{self.title_type}{quote}" if self.title_type else ""


@dataclass
class Ctx:
    """One feed being written."""

    idx: int
    site: str
    url: str
    name: str
    decl: str
    entries: list[Entry]
    root_attr: str = ""
    feed_link: str | None = None  # the channel/feed link as written; None: not written
    updated: str = ""  # feed-level W3CDTF date
    build: str = ""  # feed-level RFC 822 date
    extra_ns: str = ""
    notes: list[str] = field(default_factory=list)

    def rss_link(self) -> str:
        """The channel <link> (or nothing)."""
        return "" if self.feed_link is None else f"<link>{self.feed_link}</link>"

    def atom_link(self, fmt: str = '<link rel="alternate" type="text/html" href="{href}"/>') -> str:
        """The feed-level Atom alternate link (or nothing)."""
        return "" if self.feed_link is None else fmt.format(href=self.feed_link)
