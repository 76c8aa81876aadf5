"""Fuzz every parser with mutated real payloads: only a ParseError may leave a parser.

Seeds are the real payloads in `tests/fixtures/` and `../shared/fixtures/` (skipped when
absent; a format with no fixture left is seeded from the embedded sample scenario). Each case
takes one seed and applies one to four mutations (benchmarks/fuzz_mutations.py),
deterministically from `--seed`:

* byte level: bit flips, interesting bytes and tokens (entities, CDATA, DOCTYPEs, BOMs, NUL,
  deep nesting, huge numbers), deleted, repeated and spliced chunks, truncation, transcoding;
* value level: dates, URLs and numbers found in the payload replaced by hostile ones (year 1,
  1970, 9999, impossible days, `javascript:` and metadata URLs, 20-digit numbers);
* structure level: JSON trees and XML/HTML element trees edited (values replaced by odd types,
  markup, lone surrogates, 200,000-character strings; keys and elements dropped, duplicated,
  renamed) and written back out.

Per parser it prints cases, parsed (a result came back), refused (the documented ParseError),
cases with at least one quarantined record, records kept, crashes (any other exception, or a
case running over `--case-timeout`; must be 0), outputs breaking a documented limit
(pipeline.core.limits: a time outside the plausible range, except a planned maintenance's
start, text over its cap, a non-http(s) URL; reported, not counted as crashes) and the slowest
case; then a differential check of the bulk JSON Lines parser against the per-record one (same
posts, quarantine and paging; a payload cut in several blocks must give the same posts once
duplicates across blocks are dropped). Crash inputs are written to `--crash-dir`. CPU and
wall time are printed per parser and in total.

Run:
    .venv/bin/python benchmarks/fuzz_parsers.py [--cases 10000] [--seed 11] [--parser NAME]...
    .venv/bin/python benchmarks/fuzz_parsers.py --list
Target: 0 crashes and 0 disagreements over >= 10,000 cases per parser (>= 2,000 differential).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.core import limits
from pipeline.core.errors import ParseError
from pipeline.core.models import Source
from pipeline.parse import parse_status_payload
from pipeline.parse.article_html import extract_article
from pipeline.parse.news_feed import parse_news_feed
from pipeline.parse.social import page_format, page_nodes, parse_social
from pipeline.parse.social_bulk import parse_social_blocks, posts_frame

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling module, when imported
from fuzz_mutations import make_case

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)  # the run time every parse gets (seeds reach 2026-08)
FAR = datetime.max.replace(tzinfo=UTC)
SOCIAL_LATEST = datetime(2100, 1, 1, tzinfo=UTC)  # posts: 2005..2100 (pipeline.parse.social_items)

# --------------------------------------------------------------------------------- targets


@dataclass(frozen=True, slots=True)
class Target:
    """One parser under test: its seeds (fixture globs), family and how to call it."""

    name: str
    family: str  # xml | json | jsonl | html | any: which mutations apply
    globs: tuple[str, ...]
    call: Callable[[bytes], Outcome]
    sample_globs: tuple[str, ...] = ()  # seeds from the sample scenario when no fixture is left


@dataclass(slots=True)
class Outcome:
    """What one successful parse returned, reduced to counts and limit violations."""

    records: int
    quarantined: int
    violations: list[str] = field(default_factory=list)


def _source(kind: str, fmt: str, **extra: Any) -> Source:
    return Source(
        name="fuzz",
        kind=kind,
        url="https://fuzz.example/feed",
        vendor="openai",
        format=fmt,
        **extra,
    )


def _time_violation(what: str, value: datetime | None, latest: datetime) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() != timedelta(0):
        return f"{what} not UTC: {value!r}"
    if not limits.EARLIEST_PLAUSIBLE <= value <= latest:
        return f"{what} outside the plausible range: {value.isoformat()}"
    return None


def _text_violation(what: str, value: str | None, cap: int) -> str | None:
    if value is not None and len(value) > cap:
        return f"{what} of {len(value):,} characters (cap {cap:,})"
    return None


def _url_violation(what: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not re.match(r"(?i)https?://", value):
        return f"{what} not http(s): {value[:60]!r}"
    return _text_violation(what, value, limits.MAX_URL_CHARS)


def _kept(*checks: str | None) -> list[str]:
    return [c for c in checks if c]


def _status(fmt: str, **extra: Any) -> Callable[[bytes], Outcome]:
    source = _source("status", fmt, **extra)
    latest = NOW + limits.FUTURE_SLACK

    def call(payload: bytes) -> Outcome:
        result = parse_status_payload(payload, source, now=NOW)
        bad: list[str] = []
        for i in result.incidents:
            # A planned maintenance may be announced for any later time: no upper bound.
            planned = i.is_maintenance and i.status == "scheduled"
            bad += _kept(
                _time_violation("incident started_at", i.started_at, FAR if planned else latest),
                _time_violation("incident resolved_at", i.resolved_at, latest),
                _text_violation("incident title", i.title, limits.MAX_TITLE_CHARS),
                _url_violation("incident url", i.url),
            )
        for u in result.updates:
            bad += _kept(
                _time_violation("update posted_at", u.posted_at, latest),
                _text_violation("update body", u.body, limits.MAX_BODY_CHARS),
            )
        return Outcome(len(result.incidents) + len(result.updates), len(result.quarantined), bad)

    return call


def _news(fmt: str) -> Callable[[bytes], Outcome]:
    source = _source("news", fmt)
    latest = NOW + limits.FUTURE_SLACK

    def call(payload: bytes) -> Outcome:
        result = parse_news_feed(payload, source, now=NOW)
        bad: list[str] = []
        for item in result.items:
            bad += _kept(
                _time_violation("item published_at", item.published_at, latest),
                _text_violation("item title", item.title, limits.MAX_TITLE_CHARS),
                _text_violation("item summary", item.summary, limits.MAX_BODY_CHARS),
                _url_violation("item url", item.url),
            )
        return Outcome(len(result.items), len(result.quarantined), bad)

    return call


def _article(payload: bytes) -> Outcome:
    page = extract_article(payload, "https://news.fuzz.example/a/1", source="fuzz", now=NOW)
    bad = _kept(
        _time_violation("page published_at", page.published_at, NOW + limits.FUTURE_SLACK),
        _text_violation("page title", page.title, limits.MAX_TITLE_CHARS),
        _text_violation("page text", page.text, limits.MAX_ARTICLE_TEXT_CHARS),
        _url_violation("page canonical_url", page.canonical_url),
    )
    return Outcome(1, 0, bad)


def _post_violations(frame: pl.DataFrame) -> list[str]:
    bad: list[str] = []
    if frame.height == 0:
        return bad
    low, high = frame["created_at"].min(), frame["created_at"].max()
    bad += _kept(
        _time_violation("post created_at", low, SOCIAL_LATEST),  # type: ignore[arg-type]
        _time_violation("post created_at", high, SOCIAL_LATEST),  # type: ignore[arg-type]
    )
    longest = frame["text"].str.len_chars().max()
    if longest is not None and longest > limits.MAX_BODY_CHARS:  # type: ignore[operator]
        bad.append(f"post text of {longest:,} characters (cap {limits.MAX_BODY_CHARS:,})")
    urls = frame["url"].drop_nulls()
    unsafe = urls.filter(~urls.str.contains(r"(?i)^https?://"))
    if unsafe.len():
        bad.append(f"post url not http(s): {unsafe[0][:60]!r}")
    return bad


def _social(fmt: str) -> Callable[[bytes], Outcome]:
    source = _source("social", fmt)

    def call(payload: bytes) -> Outcome:
        result = parse_social(payload, source)
        return Outcome(
            len(result.posts), len(result.quarantined), _post_violations(posts_frame(result.posts))
        )

    return call


def _social_bulk(payload: bytes) -> Outcome:
    # bulk_min_lines=0: every JSON Lines payload takes the bulk (DuckDB) path; a small block
    # size for larger payloads exercises the block split too.
    block = 64 * 2**20 if len(payload) < 6_000 else max(2_048, len(payload) // 3)
    posts, quarantined = [], 0
    for result in parse_social_blocks(payload, SOCIAL_AUTO, block_bytes=block, bulk_min_lines=0):
        posts.append(result.posts)
        quarantined += len(result.quarantined)
    frame = pl.concat(posts) if posts else posts_frame([])
    return Outcome(frame.height, quarantined, _post_violations(frame))


SOCIAL_AUTO = _source("social", "auto")
STATUS_GLOBS = ("status/*", "status_json/*", "statuspage_*/*")

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("statuspage_atom", "xml", ("status/statuspage*.atom", "statuspage_atom/*"),
               _status("statuspage_atom"), ("status/*/history.atom",)),
        Target("statuspage_rss", "xml", ("statuspage_rss/*",), _status("statuspage_rss"),
               ("status/*/history.rss",)),
        Target("statuspage_json", "json", ("status_json/statuspage*.json", "statuspage_json/*"),
               _status("statuspage_json"), ("status/*/incidents.json",)),
        Target("gcloud_json", "json", ("status_json/gcloud*.json",), _status("gcloud_json"),
               ("status/google/*.json",)),
        Target("incidentio_atom", "xml", ("status/incidentio*.atom",), _status("incidentio_atom"),
               ("status/openai/*.atom",)),
        Target("instatus_atom", "xml", ("status/instatus*.atom",), _status("instatus_atom"),
               ("status/perplexity/*.atom",)),
        Target("xai_rss", "xml", ("status/xai*",), _status("xai_rss"), ("status/xai/*",)),
        Target("generic_feed", "xml", ("status/aws*.rss",), _status("generic_feed")),
        Target("status_auto", "any", STATUS_GLOBS, _status("auto", match=("GitHub", "API"))),
        Target("news_rss", "xml", ("news/*.rss", "news_rss/*.rss"), _news("rss"),
               ("news/*.rss",)),
        Target("news_atom", "xml", ("news/*.atom", "news_rss/*.atom"), _news("atom"),
               ("news/*.atom",)),
        Target("news_rdf", "xml", ("news/*.rdf",), _news("auto")),
        Target("article_html", "html", ("news_html/*.html",), _article,
               ("pages/*/*/*/*/*/index.html",)),
        Target("social_hn", "json", ("hn_algolia/*",), _social("hn_algolia"), ("social/hn*",)),
        Target("social_reddit", "json", ("social/reddit*.json", "reddit/*"), _social("reddit"),
               ("social/reddit*",)),
        Target("social_bluesky", "json", ("social/bluesky*.json",), _social("bluesky"),
               ("social/bluesky*",)),
        Target("social_mastodon", "json", ("mastodon/*",), _social("mastodon"),
               ("social/mastodon*",)),
        Target("social_jsonl", "jsonl", ("social/*.jsonl",), _social("jsonl"),
               ("social/*.jsonl",)),
        Target("social_bulk", "jsonl", ("social/*.jsonl",), _social_bulk, ("social/*.jsonl",)),
    )
}  # fmt: skip
SOCIAL_PAGE_TARGETS = ("social_hn", "social_reddit", "social_bluesky", "social_mastodon")


# ----------------------------------------------------------------------------------- seeds


def _files(roots: list[Path], globs: tuple[str, ...]) -> list[Path]:
    found = {p for root in roots for g in globs for p in root.glob(g) if p.is_file()}
    return sorted(found)


def _page_lines(payload: bytes) -> list[bytes]:
    """The items of one social page as JSON Lines (seeds for the JSON Lines parsers)."""
    try:
        document = json.loads(payload)
    except ValueError:
        return []
    fmt = page_format(document)
    if fmt is None:
        return []
    return [json.dumps(node).encode() for node in page_nodes(fmt, document)]


def _trimmed(payload: bytes, keep: int = 50) -> bytes:
    """A large JSON seed with every list cut to `keep` elements (cases stay fast)."""
    if len(payload) < 256 * 2**10:
        return payload
    try:
        document = json.loads(payload)
    except ValueError:
        return payload

    def trim(value: Any) -> Any:
        if isinstance(value, list):
            return [trim(v) for v in value[:keep]]
        if isinstance(value, dict):
            return {k: trim(v) for k, v in value.items()}
        return value

    return json.dumps(trim(document)).encode()


def load_seeds(roots: list[Path], sample_dir: Callable[[], Path] | None) -> dict[str, list[bytes]]:
    """Seed payloads per target: its fixture files, else files of the sample scenario.

    Without `sample_dir`, a target with no fixture gets no seed (an empty list).
    """
    seeds: dict[str, list[bytes]] = {}
    for target in TARGETS.values():
        files = _files(roots, target.globs)
        if not files and target.sample_globs and sample_dir is not None:
            files = _files([sample_dir()], target.sample_globs)
        seeds[target.name] = [_trimmed(p.read_bytes()) for p in files]
    # JSON Lines seeds: the JSON Lines fixtures plus every social page cut into item lines
    # (one payload per platform and one mixing them all).
    per_platform = [
        lines[:50]
        for name in SOCIAL_PAGE_TARGETS
        for page in seeds[name]
        if (lines := _page_lines(page))
    ]
    mixed = [line for lines in per_platform for line in lines[:15]]
    random.Random(0).shuffle(mixed)
    for name in ("social_jsonl", "social_bulk"):
        seeds[name] += [b"\n".join(lines) + b"\n" for lines in per_platform]
        if mixed:
            seeds[name].append(b"\n".join(mixed) + b"\n")
    return seeds


@contextlib.contextmanager
def sample_scenario() -> Iterator[Callable[[], Path]]:
    """A function writing the sample scenario on first use (into a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-sample-") as tmp:
        written: list[Path] = []

        def folder() -> Path:
            if not written:
                from pipeline.sample.build import write_sample

                write_sample(Path(tmp) / "sample")
                written.append(Path(tmp) / "sample")
            return written[0]

        yield folder


# -------------------------------------------------------------------------------- running


class CaseTimeout(BaseException):
    """Raised in the parser by the alarm when one case runs over its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise CaseTimeout in the block after `seconds` of wall time (main thread only)."""

    def alarm(*_: object) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(slots=True)
class Crash:
    """One case that raised something else than ParseError (or hung)."""

    parser: str
    recipe: str
    error: str
    where: str
    payload: bytes


@dataclass(slots=True)
class Tally:
    """The figures of one parser."""

    name: str
    cases: int = 0
    parsed: int = 0
    refused: int = 0
    quarantined: int = 0
    records: int = 0
    violations: int = 0
    first_violation: str = ""
    crashes: list[Crash] = field(default_factory=list)
    slowest: float = 0.0
    slowest_recipe: str = ""
    cpu: float = 0.0
    wall: float = 0.0


def _where(err: BaseException) -> str:
    frames = traceback.extract_tb(err.__traceback__)
    inside = [f for f in frames if "/pipeline/" in f.filename] or frames
    last = inside[-1] if inside else None
    return f"{Path(last.filename).name}:{last.lineno}" if last else "?"


def run_target(
    target: Target, seeds: list[bytes], cases: int, seed: int, case_timeout: float
) -> Tally:
    """Run `cases` mutated cases of `target`; count outcomes, keep crashes."""
    rng = random.Random(f"{seed}:{target.name}")
    tally = Tally(target.name)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(cases):
        payload, recipe = make_case(rng, seeds, target.family)
        tally.cases += 1
        start = time.perf_counter()
        try:
            with time_limit(case_timeout):
                outcome = target.call(payload)
        except ParseError:
            tally.refused += 1
        except CaseTimeout:
            tally.crashes.append(
                Crash(target.name, recipe, f"hang: over {case_timeout:g} s", "?", payload)
            )
        except Exception as err:  # noqa: BLE001 - any other exception is the crash we look for
            error = f"{type(err).__name__}: {str(err)[:300]}"
            tally.crashes.append(Crash(target.name, recipe, error, _where(err), payload))
        else:
            tally.parsed += 1
            tally.records += outcome.records
            tally.quarantined += outcome.quarantined > 0
            if outcome.violations:
                tally.violations += 1
                tally.first_violation = tally.first_violation or (
                    f"{outcome.violations[0]} [{recipe}]"
                )
        elapsed = time.perf_counter() - start
        if elapsed > tally.slowest:
            tally.slowest, tally.slowest_recipe = elapsed, f"{recipe} ({len(payload):,} B)"
    tally.cpu, tally.wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return tally


# ---------------------------------------------------------------------------- differential


@dataclass(slots=True)
class Differential:
    """Bulk vs per-record parser on the same JSON Lines payloads."""

    cases: int = 0
    compared: int = 0
    both_refused: int = 0
    multi_block: int = 0
    disagreements: list[tuple[str, str, bytes]] = field(default_factory=list)
    cpu: float = 0.0
    wall: float = 0.0


def _compare(payload: bytes, block_bytes: int) -> str | None:
    """Why the bulk parse of `payload` (blocks of `block_bytes`) differs from parse_social."""
    try:
        reference = parse_social(payload, SOCIAL_AUTO)
    except ParseError as err:
        reference, refused = None, str(err)
    try:
        results = list(
            parse_social_blocks(payload, SOCIAL_AUTO, block_bytes=block_bytes, bulk_min_lines=0)
        )
    except ParseError as err:
        if reference is None:
            return None if str(err) == refused else f"refusals differ: {err} / {refused}"
        return f"only the bulk parser refused: {err}"
    if reference is None:
        return f"only the per-record parser refused: {refused}"
    posts = pl.concat([r.posts for r in results]) if results else posts_frame([])
    if len(results) > 1:  # a post repeated in a later block comes again there
        posts = posts.unique("post_id", keep="first", maintain_order=True)
    expected = posts_frame(reference.posts)
    if not posts.equals(expected):
        return _frame_difference(posts, expected)
    quarantined = [q for r in results for q in r.quarantined]
    if quarantined != reference.quarantined:
        return f"quarantine differs: {quarantined[:3]} / {reference.quarantined[:3]}"
    if len(results) == 1 and (results[0].next_cursor, results[0].newest) != (
        reference.next_cursor,
        reference.newest,
    ):
        return "paging differs"
    return None


def _frame_difference(got: pl.DataFrame, expected: pl.DataFrame) -> str:
    if got.height != expected.height:
        extra = set(got["post_id"]) ^ set(expected["post_id"])
        return f"posts differ: {got.height} bulk vs {expected.height}; e.g. {sorted(extra)[:3]}"
    for column in expected.columns:
        diff = got.filter(got[column].ne_missing(expected[column]))
        if diff.height:
            row = diff.row(0, named=True)
            other = expected.filter(pl.col("post_id") == row["post_id"])
            theirs = other[column][0] if other.height else None
            return f"{column} differs for {row['post_id']}: {row[column]!r:.80} / {theirs!r:.80}"
    return "posts differ"


def run_differential(seeds: list[bytes], cases: int, seed: int) -> Differential:
    """Bulk vs per-record on mutated JSON Lines payloads, one block or several."""
    rng = random.Random(f"{seed}:differential")
    diff = Differential()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(cases):
        payload, recipe = make_case(rng, seeds, "jsonl")
        multi = rng.random() < 0.3 and len(payload) > 4_096
        block = max(1_024, len(payload) // rng.randint(2, 5)) if multi else 64 * 2**20
        diff.cases += 1
        diff.multi_block += multi
        try:
            why = _compare(payload, block)
        except Exception as err:  # noqa: BLE001 - a crash in either parser is a disagreement
            why = f"crash {type(err).__name__}: {str(err)[:200]} at {_where(err)}"
        if why is None:
            diff.compared += 1
        else:
            diff.disagreements.append((why, f"{recipe}{' blocks' if multi else ''}", payload))
    diff.cpu, diff.wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return diff


# ----------------------------------------------------------------------------------- main


def _save(crash_dir: Path | None, name: str, payload: bytes) -> str:
    if crash_dir is None:
        return ""
    crash_dir.mkdir(parents=True, exist_ok=True)
    path = crash_dir / name
    path.write_bytes(payload)
    return f" -> {path}"


def report(tallies: list[Tally], diff: Differential | None, crash_dir: Path | None) -> int:
    """Print the table and the crashes; return the number of crashes and disagreements."""
    head = (
        f"{'parser':17} {'cases':>7} {'parsed':>7} {'refused':>7} {'quarant.':>8} "
        f"{'records':>9} {'crashes':>7} {'limits':>6} {'slowest':>9} {'cpu s':>7} {'wall s':>7}"
    )
    print(head)
    for t in tallies:
        print(
            f"{t.name:17} {t.cases:7,} {t.parsed:7,} {t.refused:7,} {t.quarantined:8,} "
            f"{t.records:9,} {len(t.crashes):7,} {t.violations:6,} {t.slowest * 1e3:7.0f} ms "
            f"{t.cpu:7.1f} {t.wall:7.1f}"
        )
    total_cases = sum(t.cases for t in tallies)
    crashes = [c for t in tallies for c in t.crashes]
    print(
        f"{'total':17} {total_cases:7,} {'':>43} {len(crashes):7,} "
        f"{sum(t.violations for t in tallies):6,} {'':>9} "
        f"{sum(t.cpu for t in tallies):7.1f} {sum(t.wall for t in tallies):7.1f}"
    )
    for t in tallies:
        print(f"  {t.name}: slowest {t.slowest * 1e3:.0f} ms: {t.slowest_recipe}")
        if t.first_violation:
            print(f"  {t.name}: {t.violations} outputs break a limit, e.g. {t.first_violation}")
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(crashes):
        key = (c.parser, c.where + c.error.split(":")[0])
        if key in seen:
            continue
        seen.add(key)
        saved = _save(crash_dir, f"crash-{c.parser}-{i}.bin", c.payload)
        print(f"CRASH {c.parser} at {c.where}: {c.error} [{c.recipe}]{saved}")
    problems = len(crashes)
    if diff is not None:
        print(
            f"\ndifferential bulk vs per-record: {diff.cases:,} cases ({diff.multi_block:,} in "
            f"several blocks), {diff.compared:,} identical, {len(diff.disagreements):,} "
            f"disagreements; cpu {diff.cpu:.1f} s, wall {diff.wall:.1f} s"
        )
        kinds: dict[str, int] = {}
        for why, recipe, payload in diff.disagreements:
            kind = why.split(":")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
            if kinds[kind] <= 3:
                saved = _save(crash_dir, f"differential-{len(kinds)}-{kinds[kind]}.jsonl", payload)
                print(f"DISAGREE {why} [{recipe}]{saved}")
        problems += len(diff.disagreements)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Parse the options, fuzz the chosen parsers, print the table; exit 1 on any crash."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000, help="cases per parser (10,000)")
    ap.add_argument(
        "--differential",
        type=int,
        default=None,
        help="bulk vs per-record cases (default: --cases / 5, at least 2,000; 0 skips)",
    )
    ap.add_argument("--seed", type=int, default=11, help="random seed (11)")
    ap.add_argument("--parser", action="append", choices=sorted(TARGETS), help="repeatable")
    ap.add_argument("--case-timeout", type=float, default=30.0, help="seconds per case (30)")
    ap.add_argument(
        "--crash-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "fuzz_parsers",
        help="where crash and disagreement inputs are written",
    )
    ap.add_argument("--no-shared", action="store_true", help="ignore ../shared/fixtures")
    ap.add_argument("--list", action="store_true", help="list the parsers and their seeds")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # parsers log what they quarantine; the table says it
    warnings.simplefilter("ignore")  # e.g. BeautifulSoup's XMLParsedAsHTMLWarning on odd markup
    roots = [FIXTURES] + (
        [] if args.no_shared or not SHARED_FIXTURES.is_dir() else [SHARED_FIXTURES]
    )
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with sample_scenario() as sample_dir:
        seeds = load_seeds(roots, sample_dir)
    missing = [name for name, payloads in seeds.items() if not payloads]
    if missing:
        raise SystemExit(f"no seed payload for: {', '.join(missing)}")
    if args.list:
        for name, target in TARGETS.items():
            sizes = ", ".join(f"{len(s):,} B" for s in seeds[name])
            print(f"{name:17} {target.family:5} {len(seeds[name])} seeds ({sizes})")
        return 0
    names = args.parser or list(TARGETS)
    print(
        f"fuzz_parsers: {args.cases:,} cases per parser, seed {args.seed}, "
        f"fixtures from {', '.join(str(r) for r in roots)}",
        flush=True,
    )
    tallies = []
    for name in names:
        tally = run_target(TARGETS[name], seeds[name], args.cases, args.seed, args.case_timeout)
        print(
            f"  {name}: {tally.cases:,} cases, {len(tally.crashes)} crashes, {tally.wall:.1f} s",
            flush=True,
        )
        tallies.append(tally)
    n_diff = max(2_000, args.cases // 5) if args.differential is None else args.differential
    diff = run_differential(seeds["social_bulk"], n_diff, args.seed) if n_diff else None
    print()
    problems = report(tallies, diff, args.crash_dir)
    print(
        f"\ntotal: cpu {time.process_time() - cpu0:.1f} s, wall {time.perf_counter() - wall0:.1f} s"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
