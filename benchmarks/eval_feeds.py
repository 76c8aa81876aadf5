"""Evaluate the project's RSS/Atom reading against feedparser on the feed corpus (issue 15).

Feeds:

* the corpus `tests/data/feeds/*.xml` (written by `tests/data/feeds/make_corpus.py` from
  hand-written publisher templates: RSS 2.0, 0.91, 0.92, 0.90, 1.0, Atom 1.0 and 0.3, well- and
  ill-formed), each described by one line of `tests/data/feeds/expected.jsonl`: the fetched URL
  to pretend, the HTTP Content-Type (and its charset), the kind, dialect, recipe (the defect
  or feature it shows) and its entries' expected title (plain text, whitespace collapsed),
  link (absolute after resolution) and date (UTC, publication else update, or null), stated
  from what the publisher meant, never by running a parser;
* the real RSS/Atom feeds of `../shared/fixtures/` (news_rss, statuspage_atom,
  statuspage_rss; see its SOURCES.md). They have no hand-written expected values: for them
  the script reports feeds read, entries, and how often the two readers agree with each other.

Readers, side by side:

* project: `pipeline.parse.news_feed.parse_news_feed(payload, Source(url=<fetched URL>),
  now=...)`, the entry point the pipeline uses (its RSS/Atom reader is
  `pipeline.parse.xml_feed.read_feed`); NewsItem title, url and published_at are compared,
  quarantined items count as dropped entries. When parse_news_feed accepts `base_url` (the
  fetched URL) and `content_type` (the HTTP header) keywords they are passed; when its result
  has an `encoding` it is compared with the corpus' encoding.
* feedparser: `feedparser.parse(BytesIO(payload), response_headers={"content-location": url,
  "content-type": ...})`; title (HTML title constructs reduced to text), link, and
  published_parsed else updated_parsed.

A feed is "read" when the reader returns at least one entry. Entries are paired with the
expected ones in order when the counts agree, else by equal link, then equal title.

Run:
    .venv/bin/python benchmarks/eval_feeds.py [--json] [--errors N]
Done when (issue 15): 0 feeds dropped by the project that feedparser reads, and >= 99 %
agreement with the expected titles, links and dates.
"""

from __future__ import annotations

import argparse
import codecs
import html
import inspect
import io
import json
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from pipeline.core.errors import ParseError  # noqa: E402
from pipeline.core.models import Source  # noqa: E402
from pipeline.parse.news_feed import parse_news_feed  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "data" / "feeds"
SHARED_DIR = ROOT.parent / "shared" / "fixtures"
SHARED_FOLDERS = ("news_rss", "statuspage_atom", "statuspage_rss")
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates
TARGET_AGREEMENT = 0.99
FIELDS = ("title", "link", "date")
_TAG = re.compile(r"<[^>]*>")
_SAME_TEXT = {
    "utf-8-sig": "utf-8",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "cp932": "shift_jis",
}

Triple = tuple[str, str | None, str | None]


@dataclass
class Reading:
    """What one reader made of one feed."""

    entries: list[Triple]
    error: str | None = None
    quarantined: int = 0
    encoding: str | None = None

    @property
    def read(self) -> bool:
        """True when the reader returned at least one entry."""
        return bool(self.entries)


@dataclass
class Tally:
    """Counts of one reader over a group of feeds."""

    feeds: int = 0
    read: int = 0
    expected_entries: int = 0
    entries: int = 0
    quarantined: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    encodings: int = 0
    encodings_agree: int = 0

    def share(self, name: str) -> float:
        """Agreement of field `name` with the expected values, over the expected entries."""
        return self.agree[name] / self.expected_entries if self.expected_entries else 1.0

    def as_dict(self) -> dict[str, Any]:
        """The tally as plain JSON values."""
        return {
            "feeds": self.feeds,
            "read": self.read,
            "expected_entries": self.expected_entries,
            "entries": self.entries,
            "quarantined": self.quarantined,
            **{f"{n}_agree": self.agree[n] for n in FIELDS},
            **{f"{n}_share": round(self.share(n), 4) for n in FIELDS},
            "encodings_reported": self.encodings,
            "encodings_agree": self.encodings_agree,
        }


def collapse(text: str | None) -> str:
    """Whitespace collapsed (no-break spaces count as spaces, as str.split has it)."""
    return " ".join((text or "").split())


def iso(moment: datetime | None) -> str | None:
    """A UTC datetime as 'YYYY-MM-DDTHH:MM:SSZ' (seconds precision), or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def codec_name(label: str | None) -> str | None:
    """The Python codec name of an encoding label ('UTF-8' and 'utf8' -> 'utf-8')."""
    if not label:
        return None
    label = label.split(" (")[0].strip()  # 'big5 (detected)': the label, not how it was chosen
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return label.lower()
    # UTF-16 with a BOM is one encoding whatever byte order a reader names; the others are
    # supersets that decode the corpus' bytes to the same text (the web reads Latin-1 as
    # windows-1252, Shift_JIS as its Microsoft form cp932).
    if name.startswith("utf-16"):
        return "utf-16"
    return _SAME_TEXT.get(name, name)


# --- readers -----------------------------------------------------------------------------------


def read_project(payload: bytes, url: str, content_type: str | None) -> Reading:
    """Read one payload with the pipeline's news-feed entry point."""
    source = Source(name="feed-corpus", kind="news", url=url, format="auto")
    accepted = inspect.signature(parse_news_feed).parameters
    kwargs: dict[str, Any] = {}
    if "base_url" in accepted:
        kwargs["base_url"] = url
    if content_type and "content_type" in accepted:
        kwargs["content_type"] = content_type
    try:
        result = parse_news_feed(payload, source, now=NOW, **kwargs)
    except ParseError as err:
        return Reading([], error=str(err))
    entries = [(collapse(i.title), i.url, iso(i.published_at)) for i in result.items]
    encoding = getattr(result, "encoding", None)
    return Reading(entries, quarantined=len(result.quarantined), encoding=encoding)


def _feedparser_title(entry: Any) -> str:
    title = entry.get("title") or ""
    kind = (entry.get("title_detail") or {}).get("type") or ""
    if "html" in kind:
        title = html.unescape(_TAG.sub(" ", title))
    return collapse(title)


def read_feedparser(payload: bytes, url: str, content_type: str | None) -> Reading:
    """Read one payload with feedparser, as if fetched from `url` with that Content-Type."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(payload), response_headers=headers)
    entries = []
    for entry in parsed.entries:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = iso(datetime(*stamp[:6], tzinfo=UTC)) if stamp else None
        entries.append((_feedparser_title(entry), entry.get("link"), date))
    error = None if entries else str(parsed.get("bozo_exception") or "no entries")
    return Reading(entries, error=error, encoding=parsed.get("encoding"))


# --- scoring -----------------------------------------------------------------------------------


def align(expected: list[Triple], got: list[Triple]) -> list[Triple | None]:
    """Pair each expected entry with a read one: in order when counts agree, else by link/title."""
    if len(expected) == len(got):
        return list(got)
    pairs: list[Triple | None] = [None] * len(expected)
    used: set[int] = set()
    for key in (1, 0):  # equal link first, then equal title
        for i, want in enumerate(expected):
            if pairs[i] is not None:
                continue
            for j, have in enumerate(got):
                if j not in used and have[key] and have[key] == want[key]:
                    pairs[i], _ = have, used.add(j)
                    break
    return pairs


def score(expected: list[Triple], reading: Reading) -> dict[str, list[int]]:
    """Per field, the indexes of the expected entries the reading gets right."""
    right: dict[str, list[int]] = {name: [] for name in FIELDS}
    for i, (want, have) in enumerate(zip(expected, align(expected, reading.entries), strict=True)):
        if have is None:
            continue
        for k, name in enumerate(FIELDS):
            if have[k] == want[k]:
                right[name].append(i)
    return right


def _expected(feed: dict[str, Any]) -> list[Triple]:
    return [(collapse(e["title"]), e["link"], e["date"]) for e in feed["entries"]]


def load_manifest(corpus_dir: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """The corpus manifest: one dict per feed (see tests/data/feeds/make_corpus.py)."""
    lines = (corpus_dir / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(corpus_dir: Path = CORPUS_DIR, shared_dir: Path | None = SHARED_DIR) -> dict[str, Any]:
    """Run both readers over the corpus (and the shared real feeds when present).

    Returns a JSON-able dict: per reader the overall tally, per-dialect and per-recipe
    tallies, the feeds each reader drops, the feeds the project drops that feedparser reads,
    the disagreements of the project with the expected values, timings and the shared feeds.
    """
    readers = {"project": read_project, "feedparser": read_feedparser}
    total = {name: Tally() for name in readers}
    by_dialect: dict[str, dict[str, Tally]] = defaultdict(lambda: {n: Tally() for n in readers})
    by_recipe: dict[str, dict[str, Tally]] = defaultdict(lambda: {n: Tally() for n in readers})
    cpu = dict.fromkeys(readers, 0.0)
    wall = dict.fromkeys(readers, 0.0)
    dropped: dict[str, list[str]] = {name: [] for name in readers}
    project_only_drops: list[str] = []
    misreads: list[dict[str, Any]] = []
    feedparser_flag_wrong: list[str] = []
    manifest = load_manifest(corpus_dir)
    for feed in manifest:
        payload = (corpus_dir / feed["file"]).read_bytes()
        expected = _expected(feed)
        readings: dict[str, Reading] = {}
        for name, reader in readers.items():
            wall0, cpu0 = time.perf_counter(), time.process_time()
            readings[name] = reader(payload, feed["url"], feed.get("content_type"))
            wall[name] += time.perf_counter() - wall0
            cpu[name] += time.process_time() - cpu0
        for name, reading in readings.items():
            right = score(expected, reading)
            for tally in (
                total[name],
                by_dialect[feed["dialect"]][name],
                by_recipe[feed["recipe"]][name],
            ):
                tally.feeds += 1
                tally.read += reading.read
                tally.expected_entries += len(expected)
                tally.entries += len(reading.entries)
                tally.quarantined += reading.quarantined
                for field_name in FIELDS:
                    tally.agree[field_name] += len(right[field_name])
                if reading.encoding:
                    tally.encodings += 1
                    same = codec_name(reading.encoding) == codec_name(feed["encoding"])
                    tally.encodings_agree += same
            if expected and not reading.read:
                dropped[name].append(feed["file"])
            if name == "project":
                wrong = [
                    {
                        "entry": i,
                        "field": f,
                        "expected": expected[i][k],
                        "got": (align(expected, reading.entries)[i] or (None,) * 3)[k],
                    }
                    for k, f in enumerate(FIELDS)
                    for i in range(len(expected))
                    if i not in right[f]
                ]
                if wrong:
                    misreads.append(
                        {
                            "file": feed["file"],
                            "recipe": feed["recipe"],
                            "error": reading.error,
                            "wrong": wrong,
                        }
                    )
        if expected and readings["feedparser"].read and not readings["project"].read:
            project_only_drops.append(feed["file"])
        if readings["feedparser"].read != feed["feedparser_reads"]:
            feedparser_flag_wrong.append(feed["file"])
    return {
        "feeds": len(manifest),
        "totals": {name: tally.as_dict() for name, tally in total.items()},
        "by_dialect": {
            d: {n: t.as_dict() for n, t in v.items()} for d, v in sorted(by_dialect.items())
        },
        "by_recipe": {
            r: {n: t.as_dict() for n, t in v.items()} for r, v in sorted(by_recipe.items())
        },
        "dropped": dropped,
        "project_drops_feedparser_reads": project_only_drops,
        "feedparser_reads_flag_wrong": feedparser_flag_wrong,
        "project_misreads": misreads,
        "seconds": {n: {"wall": round(wall[n], 3), "cpu": round(cpu[n], 3)} for n in readers},
        "shared": evaluate_shared(shared_dir),
        "feedparser_chardet": _has_chardet(),
    }


def _has_chardet() -> bool:
    try:
        from feedparser.encodings import chardet  # type: ignore[attr-defined]
    except ImportError:
        return False
    return chardet is not None


def evaluate_shared(shared_dir: Path | None) -> dict[str, Any] | None:
    """Read the real RSS/Atom fixtures with both readers; None when the folder is absent."""
    if shared_dir is None or not shared_dir.is_dir():
        return None
    rows = []
    for folder in SHARED_FOLDERS:
        for path in sorted((shared_dir / folder).glob("*")):
            if path.suffix not in (".rss", ".atom", ".xml"):
                continue
            payload = path.read_bytes()
            url = f"https://fixtures.invalid/{folder}/{path.name}"
            kind = "application/atom+xml" if path.suffix == ".atom" else "application/rss+xml"
            ours = read_project(payload, url, kind)
            theirs = read_feedparser(payload, url, kind)
            pairs = align(theirs.entries, ours.entries)
            same = {
                f: sum(1 for t, o in zip(theirs.entries, pairs, strict=True) if o and o[k] == t[k])
                for k, f in enumerate(FIELDS)
            }
            rows.append(
                {
                    "file": f"{folder}/{path.name}",
                    "project_entries": len(ours.entries),
                    "project_quarantined": ours.quarantined,
                    "project_error": ours.error,
                    "feedparser_entries": len(theirs.entries),
                    **{f"{f}_same": n for f, n in same.items()},
                }
            )
    drops = [r["file"] for r in rows if r["feedparser_entries"] and not r["project_entries"]]
    return {"feeds": rows, "project_drops_feedparser_reads": drops}


# --- report ------------------------------------------------------------------------------------


def _pct(tally: dict[str, Any], name: str) -> str:
    share, agree = tally[f"{name}_share"], tally[f"{name}_agree"]
    return f"{100 * share:6.2f}% ({agree}/{tally['expected_entries']})"


def print_report(result: dict[str, Any], errors: int) -> None:
    """Print the side-by-side report."""
    p, f = result["totals"]["project"], result["totals"]["feedparser"]
    print(f"feed corpus: {result['feeds']} feeds, {p['expected_entries']} expected entries")
    print(f"{'':28}{'project':>30}{'feedparser':>30}")
    rows = [
        ("feeds read", f"{p['read']}/{p['feeds']}", f"{f['read']}/{f['feeds']}"),
        ("entries", f"{p['entries']} (+{p['quarantined']} quarantined)", str(f["entries"])),
        *((f"{n} agreement", _pct(p, n), _pct(f, n)) for n in FIELDS),
        (
            "encoding reported / right",
            f"{p['encodings_reported']} / {p['encodings_agree']}",
            f"{f['encodings_reported']} / {f['encodings_agree']}",
        ),
        (
            "seconds wall / cpu",
            "{wall:.2f} / {cpu:.2f}".format(**result["seconds"]["project"]),
            "{wall:.2f} / {cpu:.2f}".format(**result["seconds"]["feedparser"]),
        ),
    ]
    for label, ours, theirs in rows:
        print(f"{label:28}{ours:>30}{theirs:>30}")
    drops = result["project_drops_feedparser_reads"]
    print(f"\nfeeds the project drops that feedparser reads: {len(drops)} (target 0)")
    for name in drops:
        print(f"  {name}")
    print(
        f"feeds feedparser drops: {len(result['dropped']['feedparser'])}"
        f" {result['dropped']['feedparser'][:10]}"
    )
    if result["feedparser_reads_flag_wrong"]:
        print(f"manifest 'feedparser_reads' wrong for: {result['feedparser_reads_flag_wrong']}")
    if not result["feedparser_chardet"]:
        print("(feedparser runs without chardet: it cannot detect undeclared legacy charsets)")
    for title, groups in (("dialect", result["by_dialect"]), ("recipe", result["by_recipe"])):
        print(f"\nby {title}: read and title/link/date agreement, project | feedparser")
        for group, tallies in groups.items():
            cells = []
            for reader in ("project", "feedparser"):
                t = tallies[reader]
                shares = "/".join(f"{100 * t[f'{n}_share']:3.0f}" for n in FIELDS)
                cells.append(f"{t['read']:3}/{t['feeds']:<3} {shares}")
            print(f"  {group:18} {cells[0]:>24}  | {cells[1]:>24}")
    shared = result["shared"]
    if shared is None:
        print("\nshared fixtures: ../shared/fixtures is absent, real feeds skipped")
    else:
        print(
            "\nreal feeds (../shared/fixtures): entries project/feedparser, same title/link/date;"
            f" project drops that feedparser reads: {len(shared['project_drops_feedparser_reads'])}"
        )
        for row in shared["feeds"]:
            extra = (
                f" quarantined {row['project_quarantined']}" if row["project_quarantined"] else ""
            )
            error = f" ERROR {row['project_error']}" if row["project_error"] else ""
            print(
                f"  {row['file']:50} {row['project_entries']:3}/{row['feedparser_entries']:<3}"
                f" {row['title_same']}/{row['link_same']}/{row['date_same']}{extra}{error}"
            )
    if errors:
        print(f"\nproject disagreements (first {errors} feeds):")
        for miss in result["project_misreads"][:errors]:
            print(f"  {miss['file']} [{miss['recipe']}] {miss['error'] or ''}")
            for wrong in miss["wrong"][:4]:
                print(
                    f"     #{wrong['entry']} {wrong['field']}: want {wrong['expected']!r}"
                    f" got {wrong['got']!r}"
                )
    print(f"\nload average {os.getloadavg()[0]:.2f}")


def main() -> None:
    """Parse arguments, evaluate, print (or dump JSON); exit code 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--errors", type=int, default=0, help="list N feeds the project misreads")
    args = parser.parse_args()
    result = evaluate()
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        print_report(result, args.errors)


if __name__ == "__main__":
    main()
