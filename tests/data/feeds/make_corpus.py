"""Write the feed corpus: tests/data/feeds/<template>_<k>.xml and expected.jsonl.

Run from the repository root (deterministic; rewrites every file):
    .venv/bin/python tests/data/feeds/make_corpus.py

Each feed is written by one publisher's template (corpus_rss.py, corpus_atom.py: WordPress,
Blogger, Medium, Substack, Ghost, a news site, a legacy CMS, Statuspage, incident.io,
Instatus, a podcast host, hnrss, Drupal, Hugo, RSS 0.91/0.92/0.90, RSS 1.0 from Slash and
Movable Type, GitHub releases, Reddit, Jekyll, YouTube, a planet, Atom 0.3 from Blogger and
TypePad) under one "recipe": a defect or dialect feature real feeds have (xml:base, relative
links, Atom links as text, enclosures, raw ampersands, HTML entities, an unclosed root, a
truncated document, no <channel>, an undeclared prefix, BOMs, charsets declared wrongly, only
in HTTP, or nowhere). Titles, links and dates are written by the writers in corpus_markup.py
from the values the publisher meant; those values are the expected ones. No feed parser is
run here.
"""

from __future__ import annotations

import codecs
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import corpus_texts as texts
from corpus_atom import TEMPLATES as ATOM_TEMPLATES
from corpus_markup import ZONES, Ctx, Entry, esc, slugify, title_markup, write_date
from corpus_rss import TEMPLATES as RSS_TEMPLATES

HERE = Path(__file__).resolve().parent
FEEDS_PER_TEMPLATE = 11
RECIPES = (
    "clean",
    "base_root",
    "base_nested",
    "feedlink",
    "fetched",
    "query_amp",
    "query_raw",
    "entities",
    "unclosed_root",
    "truncated",
    "missing_channel",
    "undeclared_prefix",
    "bom_utf8",
    "bom_utf16",
    "http_charset",
    "wrong_decl",
    "legacy_charset",
    "leading_ws",
    "text_link",
    "enclosure",
    "multi_link",
    "double_escaped",
    "html_title",
)
RSS_DATES = (
    "rfc822_2y",
    "rfc822_nosec",
    "rfc822_noday",
    "rfc822_badday",
    "rfc822_1digit",
    "w3c",
    "rfc822",
    "asctime",
)
ATOM_DATES = ("w3c_frac", "w3c_nosec", "w3c_date", "w3c_z", "w3c", "rfc822")
DC_DATES = ("w3c", "w3c_frac", "w3c_nosec", "w3c_date", "w3c_z")
DECLS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    "<?xml version='1.0' encoding='utf-8'?>\n",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<?xml version="1.0"?>\n',
)
LEGACY = (
    ("windows-1252", "cp1252", texts.CP1252),
    ("big5", "big5", texts.BIG5),
    ("shift_jis", "shift_jis", texts.SJIS),
    ("iso-8859-1", "latin-1", texts.LATIN1),
    ("koi8-r", "koi8-r", texts.KOI8R),
)
AMP_TITLES = [t for t in texts.NEWS + texts.BLOG + texts.STATUS + texts.PODCAST if "&" in t]
UNDECLARED_ORDER = (
    "media",
    "itunes",
    "slash",
    "wfw",
    "thr",
    "atom",
    "content",
    "sy",
    "openSearch",
    "blogger",
    "georss",
    "gd",
    "yt",
    "syn",
    "admin",
    "cc",
    "googleplay",
    "podcast",
)


def _wp(n: int, w: datetime, slug: str, code: str) -> str:
    return f"/{w.year}/{w.month:02d}/{w.day:02d}/{slug}/"


def _blogger(n: int, w: datetime, slug: str, code: str) -> str:
    return f"/{w.year}/{w.month:02d}/{slug[:40].rstrip('-')}.html"


PATHS: dict[str, Callable[[int, datetime, str, str], str]] = {
    "wordpress": _wp,
    "wordpress_atom": _wp,
    "blogger_rss": _blogger,
    "blogger_atom": _blogger,
    "atom03_blogger": _blogger,
    "medium": lambda n, w, s, c: f"/@samokafor/{s}-{c}?source=rss-{c[:6]}------2",
    "substack": lambda n, w, s, c: f"/p/{s}",
    "ghost": lambda n, w, s, c: f"/{s}/",
    "news_site": lambda n, w, s, c: f"/technology/{w.year}/{w:%b}/{w.day:02d}/{s}".lower(),
    "legacy_news": lambda n, w, s, c: f"/news/article.php?id={n + 5000}&section=tech",
    "statuspage_rss": lambda n, w, s, c: f"/incidents/{c}",
    "incidentio_rss": lambda n, w, s, c: f"/incidents/01HQ{c.upper()}",
    "instatus_rss": lambda n, w, s, c: f"/incident/cl{c}",
    "podcast": lambda n, w, s, c: f"/episodes/{n}-{s}",
    "hn_like": lambda n, w, s, c: f"/{w.year}/{w.month:02d}/{s}",
    "drupal": lambda n, w, s, c: f"/news/{s}",
    "hugo": lambda n, w, s, c: f"/posts/{s}/",
    "rss091": lambda n, w, s, c: f"/stories/{w:%Y%m%d}/{s}.html",
    "rss092": lambda n, w, s, c: f"/{w.year}/{w.month:02d}/{s}.shtml",
    "rdf_slash": lambda n, w, s, c: f"/story/{w:%y/%m/%d}/{n:07d}/{s[:30].rstrip('-')}",
    "rdf_movabletype": lambda n, w, s, c: f"/archives/{w.year}/{w.month:02d}/{s}.html",
    "rss090": lambda n, w, s, c: f"/news/{s}.html",
    "github_releases": lambda n, w, s, c: f"/acme/llm-gateway/releases/tag/{s}",
    "reddit_atom": lambda n, w, s, c: f"/r/LocalLLaMA/comments/{c[:6]}/{s[:50].rstrip('-')}/",
    "statuspage_atom": lambda n, w, s, c: f"/incidents/{c}",
    "jekyll": lambda n, w, s, c: f"/{w.year}/{w.month:02d}/{w.day:02d}/{s}.html",
    "youtube": lambda n, w, s, c: f"/watch?v={c[:11]}",
    "planet": lambda n, w, s, c: f"/blog/{w.year}/{w.month:02d}/{w.day:02d}/{s.title()}",
    "atom03_typepad": lambda n, w, s, c: f"/fivenines/{w.year}/{w.month:02d}/{s}.html",
}


@dataclass(frozen=True)
class Spec:
    """How one publisher writes: its stories, hosts, title styles, dates and feed URL."""

    pool: tuple[str, ...]
    hosts: tuple[str, ...]
    feed_path: str
    titles: tuple[str, ...]
    date: tuple[str, tuple[str, int]]  # the publisher's own date style and zone
    stamps: str  # which dates entries carry: pub, pub+upd, upd, none, some
    years: tuple[int, int]


_P = texts
SPECS: dict[str, Spec] = {
    "wordpress": Spec(
        tuple(_P.BLOG + _P.NEWS[:20]),
        ("opsnotes.example", "www.kernelcafe.example"),
        "/feed/",
        ("wp",),
        ("rfc822", ("+0000", 0)),
        "pub",
        (2009, 2026),
    ),
    "blogger_rss": Spec(
        tuple(_P.BLOG),
        ("priya-reliability.blogspot.com",),
        "/feeds/posts/default?alt=rss",
        ("xml", "double", "entities"),
        ("rfc822", ("+0000", 0)),
        "pub+upd",
        (2008, 2024),
    ),
    "medium": Spec(
        tuple(_P.BLOG + _P.NEWS[30:]),
        ("medium.com",),
        "/feed/@samokafor",
        ("cdata",),
        ("rfc822", ("GMT", 0)),
        "pub+upd",
        (2015, 2026),
    ),
    "substack": Spec(
        tuple(_P.NEWS[10:50]),
        ("uptimeletter.substack.com",),
        "/feed",
        ("cdata",),
        ("rfc822", ("GMT", 0)),
        "pub",
        (2019, 2026),
    ),
    "ghost": Spec(
        tuple(_P.BLOG),
        ("faultlines.ghost.io", "blog.faultlines.example"),
        "/rss/",
        ("cdata",),
        ("rfc822", ("GMT", 0)),
        "pub",
        (2016, 2026),
    ),
    "news_site": Spec(
        tuple(_P.NEWS),
        ("www.dailywire.example",),
        "/technology/rss",
        ("xml", "html", "entities"),
        ("rfc822", ("GMT", 0)),
        "pub+dc",
        (2010, 2026),
    ),
    "legacy_news": Spec(
        tuple(_P.NEWS),
        ("www.springfieldcourier.example",),
        "/rss/business.xml",
        ("entities", "xml"),
        ("rfc822", ("EST", -300)),
        "pub",
        (2007, 2020),
    ),
    "statuspage_rss": Spec(
        tuple(_P.STATUS),
        ("status.acme.example", "status.nimbusai.example"),
        "/history.rss",
        ("xml",),
        ("rfc822", ("+0000", 0)),
        "pub",
        (2014, 2026),
    ),
    "incidentio_rss": Spec(
        tuple(_P.STATUS),
        ("status.nimbus.example",),
        "/feed.rss",
        ("xml",),
        ("rfc822", ("GMT", 0)),
        "pub",
        (2022, 2026),
    ),
    "instatus_rss": Spec(
        tuple(_P.STATUS),
        ("vectorly.instatus.example",),
        "/history.rss",
        ("xml", "cdata"),
        ("rfc822", ("GMT", 0)),
        "pub",
        (2021, 2026),
    ),
    "podcast": Spec(
        tuple(_P.PODCAST),
        ("pagerdutyhours.example",),
        "/feed.xml",
        ("xml", "cdata", "entities"),
        ("rfc822", ("-0500", -300)),
        "pub",
        (2017, 2026),
    ),
    "hn_like": Spec(
        tuple(_P.NEWS + _P.BLOG),
        ("hn-links.example",),
        "/frontpage",
        ("cdata",),
        ("rfc822", ("+0000", 0)),
        "pub",
        (2012, 2026),
    ),
    "drupal": Spec(
        tuple(_P.NEWS[::2]),
        ("www.regional-it.example",),
        "/rss.xml",
        ("xml", "double"),
        ("rfc822", ("+0000", 0)),
        "pub",
        (2010, 2024),
    ),
    "hugo": Spec(
        tuple(_P.BLOG),
        ("nullpointer.example",),
        "/posts/index.xml",
        ("xml", "html"),
        ("rfc822", ("-0700", -420)),
        "pub",
        (2015, 2026),
    ),
    "rss091": Spec(
        tuple(_P.NEWS[::3]),
        ("www.webdevweekly.example",),
        "/rss/news.rss",
        ("xml", "entities"),
        ("rfc822_2y", ("EST", -300)),
        "some",
        (2005, 2011),
    ),
    "rss092": Spec(
        tuple(_P.BLOG + _P.NEWS[5:15]),
        ("scriptingops.example",),
        "/rss.xml",
        ("xml", "entities", "cdata"),
        ("rfc822", ("GMT", 0)),
        "some",
        (2005, 2012),
    ),
    "rdf_slash": Spec(
        tuple(_P.NEWS),
        ("tech.nerdnews.example",),
        "/index.rss",
        ("xml",),
        ("w3c", ("+00:00", 0)),
        "pub",
        (2006, 2020),
    ),
    "rdf_movabletype": Spec(
        tuple(_P.BLOG),
        ("www.serverroom.example",),
        "/index.rdf",
        ("xml", "entities"),
        ("w3c", ("-0500", -300)),
        "pub",
        (2005, 2012),
    ),
    "rss090": Spec(
        tuple(_P.NEWS[1::2]),
        ("www.techheadlines.example",),
        "/rss090.rdf",
        ("xml",),
        ("rfc822", ("GMT", 0)),
        "none",
        (2005, 2010),
    ),
    "wordpress_atom": Spec(
        tuple(_P.BLOG),
        ("opsnotes.example", "blog.latency.example"),
        "/feed/atom/",
        ("wp",),
        ("w3c_z", ("Z", 0)),
        "pub+upd",
        (2009, 2026),
    ),
    "blogger_atom": Spec(
        tuple(_P.BLOG + _P.REDDIT),
        ("marta-debugs.blogspot.com",),
        "/feeds/posts/default",
        ("text", "double", "entities"),
        ("w3c_frac", ("-08:00", -480)),
        "pub+upd",
        (2008, 2025),
    ),
    "github_releases": Spec(
        tuple(_P.RELEASES),
        ("github.com",),
        "/acme/llm-gateway/releases.atom",
        ("none", "text"),
        ("w3c_z", ("Z", 0)),
        "upd",
        (2018, 2026),
    ),
    "reddit_atom": Spec(
        tuple(_P.REDDIT),
        ("www.reddit.com",),
        "/r/LocalLLaMA/.rss",
        ("none", "text"),
        ("w3c", ("+00:00", 0)),
        "pub+upd",
        (2020, 2026),
    ),
    "statuspage_atom": Spec(
        tuple(_P.STATUS),
        ("status.acme.example", "www.cloudstatus.example"),
        "/history.atom",
        ("none", "text"),
        ("w3c", ("-08:00", -480)),
        "pub+upd",
        (2014, 2026),
    ),
    "jekyll": Spec(
        tuple(_P.BLOG),
        ("kimlee.example",),
        "/feed.xml",
        ("double", "html"),
        ("w3c", ("+00:00", 0)),
        "pub+upd",
        (2014, 2026),
    ),
    "youtube": Spec(
        tuple(_P.PODCAST + _P.NEWS[:10]),
        ("www.youtube.com",),
        "/feeds/videos.xml?channel_id=UCq9pQ1LX7nIsJj-fakeChan",
        ("none", "text", "entities"),
        ("w3c", ("+00:00", 0)),
        "pub+upd",
        (2012, 2026),
    ),
    "planet": Spec(
        tuple(_P.BLOG + _P.NEWS[40:]),
        ("planet.ops.example",),
        "/atom.xml",
        ("text", "html", "xhtml", "ws"),
        ("w3c", ("-05:00", -300)),
        "pub+upd",
        (2006, 2026),
    ),
    "atom03_blogger": Spec(
        tuple(_P.BLOG),
        ("jo-weblog.blogspot.com",),
        "/atom.xml",
        ("text", "html", "double"),
        ("w3c", ("-07:00", -420)),
        "pub+upd",
        (2005, 2008),
    ),
    "atom03_typepad": Spec(
        tuple(_P.BLOG),
        ("chris.typepad.example",),
        "/fivenines/atom.xml",
        ("text", "html"),
        ("w3c", ("+01:00", 60)),
        "pub+upd",
        (2005, 2008),
    ),
}
FORCED_TITLES = {"wordpress_atom", "hn_like"}  # their titles are always written one way


def _code(rng: random.Random, n: int = 12) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """Writes feeds one by one, cycling zones and date styles across the whole corpus."""

    def __init__(self) -> None:
        self.zone_i = 0
        self.date_i = 0
        self.feed_i = 0
        self.legacy_i = 0
        self.pool_i: dict[str, int] = {}

    def zone(self) -> tuple[str, int]:
        self.zone_i += 1
        return ZONES[self.zone_i % len(ZONES)]

    def titles(self, key: str, pool: list[str] | tuple[str, ...], count: int) -> list[str]:
        start = self.pool_i.get(key, 0)
        self.pool_i[key] = start + count
        return [pool[(start + i) % len(pool)] for i in range(count)]

    def feed(self, name: str, dialect: str, render: Callable[[Ctx], str], k: int, t: int) -> dict:
        spec = SPECS[name]
        kind = "atom" if dialect.startswith("atom") else "rss"
        recipe = RECIPES[(t * 5 + k * 7) % len(RECIPES)]
        recipe = _remap(recipe, kind, dialect, name)
        rng = random.Random(f"{name}-{k}")
        host = spec.hosts[k % len(spec.hosts)]
        site = f"https://{host}"
        url = site + spec.feed_path
        notes: list[str] = []
        count = (3, 4, 2, 3, 5)[k % 5]
        encoding, codec, content_type, decl, bom = self.encoding(recipe, kind, dialect, k, notes)
        pool: list[str] | tuple[str, ...] = spec.pool
        if codec != "utf-8" or recipe in ("bom_utf8", "bom_utf16", "wrong_decl"):
            pool = _charset_pool(recipe, codec, k)
        elif recipe in ("query_raw", "double_escaped"):
            pool = AMP_TITLES
        titles = self.titles(
            f"{name}-{recipe in ('query_raw', 'double_escaped')}-{codec}", pool, count
        )
        # Dates: the publisher's own style one feed in three, the corpus-wide cycles otherwise.
        own = k % 3 == 0
        styles = ATOM_DATES if kind == "atom" else DC_DATES if dialect == "rss1.0" else RSS_DATES
        if own:
            style, zone = spec.date
        else:
            self.date_i += 1
            style, zone = styles[self.date_i % len(styles)], self.zone()
        stamps = spec.stamps
        if stamps == "some":
            stamps = "pub" if k % 2 else "none"
        missing = (
            None if stamps == "none" else (1 if (self.feed_i % 9 == 4 and count > 1) else None)
        )
        self.feed_i += 1
        start = datetime(
            rng.randint(*spec.years),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(1, 59),
            tzinfo=UTC,
        )
        start = min(start, datetime(2026, 11, 28, tzinfo=UTC))
        entries: list[Entry] = []
        title_styles = _title_styles(recipe, kind, spec.titles, name)
        for i, title in enumerate(titles):
            when = start - timedelta(hours=7 * i + rng.randint(1, 40), minutes=rng.randint(0, 59))
            n = k * 10 + i + 1
            code = _code(rng)
            slug = slugify(title, n)
            link = site + PATHS[name](n, when, slug, code)
            e = Entry(
                n=n, title=" ".join(title.split()), link=link, when=when, slug=slug, code=code
            )
            e.title_xml, e.title_type = title_markup(title, title_styles[i % len(title_styles)])
            e.summary = esc(f"{title} - updates and details inside.")
            self.dates(e, style, zone, stamps, i == missing, kind, name)
            entries.append(e)
        ctx = Ctx(
            idx=k,
            site=site,
            url=url,
            name=name,
            decl=decl,
            entries=entries,
            feed_link=esc(site + "/"),
            notes=notes,
        )
        ctx.updated, _ = write_date(start + timedelta(hours=1), "w3c_z", ("Z", 0))
        ctx.build, _ = write_date(start + timedelta(hours=1), "rfc822", ("+0000", 0))
        url = self.links(ctx, recipe, kind, name)
        if name == "drupal" and not ctx.root_attr:
            ctx.root_attr = f' xml:base="{site}"'
        doc = render(ctx)
        doc, recipe = _document_defects(doc, recipe, kind, dialect, ctx)
        if recipe == "leading_ws":
            doc = "\n\n  " + doc
        payload = doc.encode(codec)
        if bom:
            payload = bom + payload
        if zone[0] == "CET" and stamps != "none" and style.startswith("rfc822"):
            notes.append("zone CET is +0100 (feedparser's zone table lacks it and reads +0000).")
        if zone[0] in ("A", "N") and stamps != "none" and style.startswith("rfc822"):
            notes.append(
                f"military zone {zone[0]} read as RFC 822 section 5.2 defines it (A = -0100, "
                "N = +0100), as feedparser does; RFC 2822 section 4.3 would read -0000."
            )
        if recipe == "query_raw":
            notes.append(
                "bare '&' in titles and links (not well-formed): the text means a literal '&'; "
                "feedparser's loose parser writes 'AT&T' as 'AT&T;'."
            )
        date_styles = sorted({f"date:{style}"} if stamps != "none" else {"date:none"})
        if missing is not None:
            date_styles.append("date:missing")
        return {
            "file": f"{name}_{k:02d}.xml",
            "url": url,
            "content_type": content_type,
            "http_charset": _charset_of(content_type),
            "kind": kind,
            "dialect": dialect,
            "template": name,
            "recipe": recipe,
            "tags": sorted(
                {*date_styles, f"zone:{zone[0]}", *(f"title:{s}" for s in title_styles)}
            ),
            "encoding": encoding,
            "feedparser_reads": True,
            "comment": " ".join(dict.fromkeys(ctx.notes)) or None,
            "entries": [
                {"title": e.title, "link": e.link, "date": _iso(e.expected_date)} for e in entries
            ],
            "_payload": payload,
        }

    def encoding(self, recipe: str, kind: str, dialect: str, k: int, notes: list[str]):
        """Return (encoding, python codec, content type, declaration, BOM) for the recipe."""
        media = {"atom": "application/atom+xml", "rss": "application/rss+xml"}[kind]
        if dialect in ("rss1.0", "rss0.90"):
            media = "application/rdf+xml"
        plain = (f"{media}; charset=utf-8", media, "application/xml; charset=UTF-8", media)
        decl = DECLS[k % len(DECLS)]
        if recipe == "bom_utf8":
            return "utf-8", "utf-8", media, DECLS[0], codecs.BOM_UTF8
        if recipe == "bom_utf16":
            codec = ("utf-16-le", "utf-16-be")[k % 2]
            bom = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)[k % 2]
            return codec, codec, media, '<?xml version="1.0" encoding="UTF-16"?>\n', bom
        if recipe in ("http_charset", "legacy_charset"):
            self.legacy_i += 1
            label, codec, _ = LEGACY[self.legacy_i % len(LEGACY)]
            bare = ('<?xml version="1.0"?>\n', "")[k % 2]
            if recipe == "http_charset":
                ctype = (f"text/xml; charset={label}", f"{media}; charset={label.upper()}")[k % 2]
                notes.append(f"charset only in HTTP ({label}); no XML declaration encoding.")
                return label, codec, ctype, bare, b""
            notes.append(
                f"{label} bytes, no charset declared anywhere (not valid UTF-8): the reader must "
                "detect it; feedparser does so only with chardet installed."
            )
            return label, codec, media, bare, b""
        if recipe == "wrong_decl":
            if k % 2:
                notes.append(
                    "XML declaration says ISO-8859-1 but HTTP says utf-8 and the bytes are UTF-8:"
                    " the HTTP charset wins (RFC 7303 section 8.1, RFC 3023)."
                )
                decl = '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
                return "utf-8", "utf-8", f"{media}; charset=utf-8", decl, b""
            notes.append(
                "XML declaration says UTF-8 but the bytes are windows-1252 (a legacy CMS): invalid"
                " as UTF-8, read as windows-1252 as feedparser's fallback does."
            )
            return "windows-1252", "cp1252", media, DECLS[0], b""
        if recipe == "leading_ws" and "encoding" not in decl:
            decl = DECLS[0]
        return "utf-8", "utf-8", plain[k % len(plain)], decl, b""

    def dates(
        self,
        e: Entry,
        style: str,
        zone: tuple[str, int],
        stamps: str,
        missing: bool,
        kind: str,
        name: str,
    ) -> None:
        """Write the entry's dates; set the expected one (publication, else update)."""
        assert e.when is not None
        if stamps == "none" or missing:
            e.expected_date = None
            return
        upd_moment = e.when + timedelta(hours=3, minutes=17)
        if stamps == "upd":
            e.upd_xml, e.expected_date = write_date(upd_moment, style, zone)
            return
        e.date_xml, e.expected_date = write_date(e.when, style, zone)
        if stamps == "pub+dc":  # the news site repeats the same moment in dc:date
            e.upd_xml, _ = write_date(e.expected_date, "w3c_z", ("Z", 0))
        elif stamps == "pub+upd":
            upd_style = "w3c_z" if name in ("blogger_rss", "medium") else style
            e.upd_xml, _ = write_date(upd_moment, upd_style, zone)

    def links(self, c: Ctx, recipe: str, kind: str, name: str) -> str:
        """Write each entry's link as the recipe wants; return the fetched URL to pretend."""
        url = c.url
        first = [s for s in c.entries[0].link[len(c.site) :].partition("?")[0].split("/") if s]
        for i, e in enumerate(c.entries):
            path = e.link[len(c.site) :]
            bare, _, query = path.partition("?")
            segs = [s for s in bare.split("/") if s]
            tail = "/" if bare.endswith("/") else ""
            rest1 = "/".join(segs[1:]) + tail + (f"?{query}" if query else "")
            if recipe == "query_amp" or recipe == "query_raw":
                sep = "&" if query else "?"
                e.link = f"{e.link}{sep}utm_source=rss&utm_medium=feed&utm_campaign={e.slug[:20]}"
                e.href = esc(e.link) if recipe == "query_amp" else e.link
            elif recipe == "base_root" and len(first) >= 2:
                c.root_attr = f' xml:base="{c.site}/{first[0]}/"'
                e.href = esc(rest1 if segs[0] == first[0] else path)
            elif recipe in ("base_root", "base_nested") and len(first) < 2:
                c.root_attr = f' xml:base="{c.site}/"'
                e.href = esc(path.lstrip("/"))
            elif recipe == "base_nested":
                if c.idx % 2:  # an absolute entry base overrides a root base on another host
                    c.root_attr = ' xml:base="https://cdn.static-assets.example/feeds/"'
                    e.attr = f' xml:base="{c.site}/{segs[0]}/"'
                    e.href = esc(rest1)
                else:
                    c.root_attr = f' xml:base="{c.site}/"'
                    e.attr = f' xml:base="{segs[0]}/"'
                    if kind == "atom" and len(segs) >= 3:  # and one more on the link itself
                        e.link_attr = f' xml:base="{segs[1]}/"'
                        rest2 = "/".join(segs[2:]) + tail + (f"?{query}" if query else "")
                        e.href = esc(rest2)
                    else:
                        e.href = esc(rest1)
                c.notes.append("relative links under nested xml:base (RFC 3986 resolution).")
            elif recipe == "feedlink":
                e.href = esc(path)
                if kind == "rss" and c.idx % 2:
                    url = f"https://feeds.feedburner.example/{name.title().replace('_', '')}"
                    c.notes.append(
                        "root-relative item links, no xml:base, feed served from FeedBurner: they "
                        "resolve against the channel <link> (the site), as the issue asks; "
                        "feedparser resolves against the document URL."
                    )
            elif recipe == "fetched":
                c.feed_link = None if c.idx % 2 else "/"
                e.href = esc(f"//{c.site[8:]}{path}" if i == 1 else path)
                c.notes.append(
                    "relative links and no absolute site link: resolved on the fetched URL."
                )
            else:
                e.href = esc(e.link)
            if recipe == "text_link" and kind == "atom":
                e.link_text = True
                c.notes.append("Atom <link> without href, the URL as element text.")
            if recipe == "enclosure":
                audio = f"https://media.{c.site[8:]}/audio/{e.code}.mp3"
                if kind == "atom":
                    e.extra = (
                        f'<link rel="enclosure" type="audio/mpeg" length="1048576" '
                        f'href="{audio}"/>\n    '
                    )
                else:
                    e.extra = f'<enclosure url="{audio}" length="1048576" type="audio/mpeg"/>\n'
                    if name == "podcast":
                        c.notes.append(
                            "items without <link>: the permalink guid is the story link."
                        )
            if recipe == "multi_link" and kind == "atom":
                typed = name not in ("reddit_atom", "youtube", "planet")
                json_alt = (
                    (
                        f'<link rel="alternate" type="application/json" '
                        f'href="{esc(e.link.rstrip("/"))}.json"/>'
                    )
                    if typed
                    else ""
                )
                e.extra = (
                    f'<link rel="self" type="application/atom+xml" href="{c.site}/feeds/{e.code}"/>'
                    f'<link rel="replies" type="text/html" href="{esc(e.link)}#comments"/>'
                    f'<link rel="related" type="text/html" href="https://news.ycombinator.example/'
                    f'item?id={e.n}&amp;p=1"/>{json_alt}\n    '
                )
        return url

    def write_all(self) -> list[dict]:
        feeds = []
        templates = {**RSS_TEMPLATES, **ATOM_TEMPLATES}
        for t, (name, (dialect, render)) in enumerate(templates.items()):
            for k in range(FEEDS_PER_TEMPLATE):
                feeds.append(self.feed(name, dialect, render, k, t))
        return feeds


def _remap(recipe: str, kind: str, dialect: str, name: str) -> str:
    if kind == "rss" and recipe in ("text_link", "multi_link"):
        return {"text_link": "base_nested", "multi_link": "feedlink"}[recipe]
    if kind == "atom" and recipe == "missing_channel":
        return "undeclared_prefix"
    if name in FORCED_TITLES and recipe in ("entities", "double_escaped", "html_title"):
        return "clean"
    return recipe


def _charset_pool(recipe: str, codec: str, k: int) -> list[str]:
    if codec not in ("utf-8", "utf-16-le", "utf-16-be"):
        return next(pool for _, c, pool in LEGACY if c == codec)
    if recipe == "bom_utf8":
        return texts.LATIN1[:5] + texts.CP1252[:5]
    mixed = zip(texts.KOI8R, texts.BIG5, texts.LATIN1[:6], texts.SJIS, strict=True)
    return [t for group in mixed for t in group]


def _title_styles(recipe: str, kind: str, own: tuple[str, ...], name: str) -> tuple[str, ...]:
    if name in FORCED_TITLES:
        return own
    rss = kind == "rss"
    by_recipe = {
        "entities": ("entities",),
        "query_raw": ("raw_amp",),
        "double_escaped": ("double",),
        "html_title": ("html", "cdata_html") if rss else ("html", "xhtml"),
    }
    styles = by_recipe.get(recipe, own)
    if name.startswith("atom03"):  # Atom 0.3: text, or escaped HTML (mode="escaped")
        styles = tuple(s if s in ("text", "html", "double", "entities") else "html" for s in styles)
    return styles


def _charset_of(content_type: str) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type)
    return match.group(1) if match else None


def _document_defects(doc: str, recipe: str, kind: str, dialect: str, c: Ctx) -> tuple[str, str]:
    """Apply the recipe's document-level defect; return (document, recipe actually applied)."""
    root_end = {"atom": "</feed>", "rss": "</rss>"}[kind]
    if dialect in ("rss1.0", "rss0.90"):
        root_end = "</rdf:RDF>"
    if recipe == "unclosed_root":
        cut = doc.rindex(root_end)
        doc = doc[:cut].rstrip() + "\n"
        if kind == "rss" and root_end == "</rss>" and c.idx % 2:
            doc = doc[: doc.rindex("</channel>")].rstrip() + "\n"
        c.notes.append("the document ends without closing its root element.")
    elif recipe == "truncated":
        # Cut a little after the last of the last entry's title, link and date.
        last = max(doc.rfind("<item"), doc.rfind("<entry"))
        e = c.entries[-1]
        title = e.title if c.name == "hn_like" else e.title_xml.strip()
        needed = [title, e.href, e.date_xml or e.upd_xml or ""]
        found = [doc.rfind(part, last) for part in needed]  # the last mention of each
        if min(found) < 0:
            return _document_defects(doc, "unclosed_root", kind, dialect, c)
        end = max(f + len(p) for f, p in zip(found, needed, strict=True))
        doc = doc[: doc.index(">", end) + 12]
        c.notes.append("the document is cut inside the last entry, after its title, link and date.")
    elif recipe == "missing_channel":
        if root_end == "</rdf:RDF>":
            doc = re.sub(r"<channel\b.*?</channel>\s*", "", doc, count=1, flags=re.S)
        else:
            doc = re.sub(r"<channel\b[^>]*>\s*", "", doc, count=1).replace("</channel>", "")
        c.notes.append("no <channel> element: the items sit directly under the root.")
    elif recipe == "undeclared_prefix":
        for prefix in UNDECLARED_ORDER:
            decl = re.compile(rf"\s+xmlns:{prefix}=([\"']).*?\1")
            if decl.search(doc) and f"<{prefix}:" in doc:
                doc = decl.sub("", doc, count=1)
                c.notes.append(f"the '{prefix}:' prefix is used but never declared.")
                break
        else:
            if kind == "rss":
                link = f'<atom:link href="{c.url}" rel="self" type="application/rss+xml"/>'
                doc = re.sub(r"(<channel\b[^>]*>)", rf"\1{link}", doc, count=1)
                c.notes.append("the 'atom:' prefix is used but never declared.")
            else:
                thumb = '<media:thumbnail url="https://img.static-assets.example/t.jpg"/>'
                doc = re.sub(r"(<entry\b[^>]*>)", rf"\1{thumb}", doc)
                c.notes.append("the 'media:' prefix is used but never declared.")
    return doc, recipe


def main(out_dir: Path = HERE) -> int:
    """Rewrite the corpus files and expected.jsonl in `out_dir`; return the number of feeds."""
    for old in out_dir.glob("*.xml"):
        old.unlink()
    feeds = Writer().write_all()
    lines = []
    for feed in feeds:
        (out_dir / feed["file"]).write_bytes(feed.pop("_payload"))
        lines.append(json.dumps(feed, ensure_ascii=False))
    (out_dir / "expected.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(feeds)


if __name__ == "__main__":
    print(f"wrote {main()} feeds to {HERE}")
