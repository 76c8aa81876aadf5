"""Evaluate article extraction on real page markup: word-shingle F1, title, date, speed.

Pages (each with its expected main text, title and publication time, written by hand):

* repo pages: `tests/data/articles/<name>.html` + `<name>.txt`, indexed in `pages.json`,
  written in the real markup of publishers and platforms (WordPress, Arc XP, Medium,
  Substack, Ghost, Next.js, AMP, a live blog, a paywalled teaser, Drupal, Blogger, Hugo, a
  legacy table layout, ...) with their boilerplate; `set` "dev" pages were written before
  the extractor was tuned, "holdout" pages after it was frozen;
* shared pages: the real article pages in `../shared/fixtures/news_html/` (read in place,
  never copied; skipped with a message when absent), their expected text in
  `tests/data/articles/expected_shared/<fixture>.txt`.

Expected text: the article body as a reader sees it (paragraphs, subheadings, lists,
tables, quotes and code blocks of the body), without headline, standfirst, byline,
dateline metadata, captions, pull quotes, embedded link cards, ads, share bars, newsletter
boxes, related links, tags, author bios and comments.

Score (as the ScrapingHub article-extraction-benchmark computes it): per page, multisets of
word 4-shingles (tokens `\\w+`, case kept) of expected and extracted text give tp/fp/fn,
normalised to sum 1; precision and recall are averaged over pages, F1 is their harmonic
mean. Title: equal (whitespace collapsed) to one of the accepted titles. Published: within
60 s of the expected time (same day when only a date is expected or, for trafilatura,
found).

Extractors side by side: the project's `extract_article` (metadata + text), the same with
trafilatura switched off (its own rules alone, the fallback path), and trafilatura's
`bare_extraction` on the raw page (text + metadata, comments excluded) in its three modes.
Speed: every page extracted `--loops` times per run; median of `--repeat` runs of wall and
CPU time (`time.process_time`), pages/s, the slowest page, the load average. Worst pages:
CPU time of `extract_article` on generated pathological pages inside the parser's limits.

Run:
    .venv/bin/python benchmarks/eval_articles.py [--pages] [--repeat 5] [--loops 20]
Targets: F1 >= 0.96 and >= 100 pages/s (one core of the 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES_DIR = ROOT / "tests" / "data" / "articles"
SHARED_DIR = ROOT.parent / "shared" / "fixtures" / "news_html"
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates
SHINGLE = 4
TARGET_F1 = 0.96
TARGET_PAGES_PER_SECOND = 100.0
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True, frozen=True)
class Page:
    """One evaluation page: its HTML and what a reader takes from it."""

    name: str
    origin: str  # "repo" (tests/data/articles) or "shared" (../shared fixtures)
    split: str  # "dev", "holdout" or "shared"
    url: str
    html: bytes
    text: str
    titles: tuple[str, ...]
    published: str | None  # ISO time, or a date


@dataclass(slots=True, frozen=True)
class Extracted:
    """What an extractor returned for one page."""

    text: str
    title: str | None
    published: datetime | date | None


def _read_index(folder: Path) -> list[dict]:
    return json.loads((folder / "pages.json").read_text(encoding="utf-8"))


def load_pages(*, shared: bool = True, log: Callable[[str], None] = print) -> list[Page]:
    """Return the repo pages, plus the shared fixtures when `shared` and present."""
    pages = [
        Page(
            name=row["name"],
            origin="repo",
            split=row.get("set", "dev"),
            url=row["url"],
            html=(PAGES_DIR / f"{row['name']}.html").read_bytes(),
            text=(PAGES_DIR / f"{row['name']}.txt").read_text(encoding="utf-8"),
            titles=tuple(row["title"]),
            published=row.get("published"),
        )
        for row in _read_index(PAGES_DIR)
    ]
    if not shared:
        return pages
    if not SHARED_DIR.is_dir():
        log(f"shared fixtures skipped: {SHARED_DIR} is not there (../shared not checked out)")
        return pages
    expected = PAGES_DIR / "expected_shared"
    for row in _read_index(expected):
        path = SHARED_DIR / f"{row['name']}.html"
        if not path.is_file():
            log(f"shared fixture skipped: {path} is missing")
            continue
        pages.append(
            Page(
                name=row["name"],
                origin="shared",
                split="shared",
                url=row["url"],
                html=path.read_bytes(),
                text=(expected / f"{row['name']}.txt").read_text(encoding="utf-8"),
                titles=tuple(row["title"]),
                published=row.get("published"),
            )
        )
    return pages


# --- score -----------------------------------------------------------------------------------


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-shingles of `text` (a text shorter than n is one shingle)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(expected: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of shingles for one page, normalised to sum 1 (0s for two empty texts)."""
    truth, guess = shingles(expected), shingles(predicted)
    truth.pop((), None)
    guess.pop((), None)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summary(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and F1 of the two averages."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def title_ok(page: Page, title: str | None) -> bool:
    """Whether `title` is one of the page's accepted titles (whitespace collapsed)."""
    got = " ".join((title or "").split())
    return any(got == " ".join(t.split()) for t in page.titles)


def published_ok(page: Page, found: datetime | date | None) -> bool:
    """Whether `found` is the page's publication time (within 60 s; by day for a bare day)."""
    if page.published is None:
        return found is None
    if found is None:
        return False
    if len(page.published) == 10:
        day = found.astimezone(UTC).date() if isinstance(found, datetime) else found
        return day.isoformat() == page.published
    expected = datetime.fromisoformat(page.published)
    if not isinstance(found, datetime):  # a day only (trafilatura): compared by UTC day
        return found.isoformat() == expected.astimezone(UTC).date().isoformat()
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return abs((found - expected).total_seconds()) <= 60


# --- extractors ------------------------------------------------------------------------------


def radar(page: Page) -> Extracted:
    """The project's extractor (metadata and main text)."""
    from pipeline.parse.article_html import extract_article

    found = extract_article(page.html, page.url, source="eval", now=NOW)
    return Extracted(found.text, found.title, found.published_at)


def radar_own_rules(page: Page) -> Extracted:
    """The project's extractor with trafilatura switched off: the own rules alone (fallback)."""
    from pipeline.parse import article_text

    budget = article_text.LIBRARY_MAX_ELEMENTS
    article_text.LIBRARY_MAX_ELEMENTS = 0
    try:
        return radar(page)
    finally:
        article_text.LIBRARY_MAX_ELEMENTS = budget


def _trafilatura(page: Page, **options: bool) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(
        page.html, url=page.url, with_metadata=True, include_comments=False, **options
    )
    if document is None:
        return Extracted("", None, None)
    published = None
    if document.date:
        try:
            published = date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    return Extracted(document.text or "", document.title, published)


def trafilatura_default(page: Page) -> Extracted:
    """trafilatura, balanced mode."""
    return _trafilatura(page)


def trafilatura_precision(page: Page) -> Extracted:
    """trafilatura with favor_precision."""
    return _trafilatura(page, favor_precision=True)


def trafilatura_recall(page: Page) -> Extracted:
    """trafilatura with favor_recall."""
    return _trafilatura(page, favor_recall=True)


EXTRACTORS: dict[str, Callable[[Page], Extracted]] = {
    "radar extract_article": radar,
    "radar own rules only": radar_own_rules,
    "trafilatura": trafilatura_default,
    "trafilatura precision": trafilatura_precision,
    "trafilatura recall": trafilatura_recall,
}


def trafilatura_available() -> bool:
    """Whether trafilatura imports here (it is optional for the evaluation)."""
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(slots=True)
class Result:
    """Quality and speed of one extractor over the pages."""

    name: str
    counts: list[tuple[float, float, float]]
    titles: list[bool]
    dates: list[bool]
    wall: float = 0.0  # median seconds per run (all pages x loops)
    cpu: float = 0.0
    slowest: tuple[str, float] = ("", 0.0)


def evaluate(pages: list[Page], extractor: Callable[[Page], Extracted], name: str) -> Result:
    """Score one extractor on `pages` (no timing)."""
    out = [extractor(p) for p in pages]
    return Result(
        name=name,
        counts=[page_counts(p.text, e.text) for p, e in zip(pages, out, strict=True)],
        titles=[title_ok(p, e.title) for p, e in zip(pages, out, strict=True)],
        dates=[published_ok(p, e.published) for p, e in zip(pages, out, strict=True)],
    )


def time_extractor(
    result: Result,
    pages: list[Page],
    extractor: Callable[[Page], Extracted],
    *,
    repeat: int,
    loops: int,
) -> None:
    """Fill `result` with the median wall and CPU time of `repeat` runs and the slowest page."""
    walls, cpus = [], []
    per_page: dict[str, list[float]] = {p.name: [] for p in pages}
    for _ in range(repeat):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(loops):
            for page in pages:
                start = time.perf_counter()
                extractor(page)
                per_page[page.name].append(time.perf_counter() - start)
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
    result.wall, result.cpu = statistics.median(walls), statistics.median(cpus)
    result.slowest = max(
        ((n, statistics.median(t)) for n, t in per_page.items()), key=lambda x: x[1]
    )


def hostile_pages() -> dict[str, bytes]:
    """Pathological pages inside the parser's limits (html_page: 200,000 elements, depth 256)."""
    from pipeline.parse.article_text import LIBRARY_MAX_ELEMENTS

    words = "model outage latency users cloud region service engineers report".split()
    rng = random.Random(12)

    def prose(_: int, n: int) -> bytes:
        return " ".join(rng.choice(words) for _ in range(n)).encode()

    def dense(elements: int) -> bytes:
        cells = b"".join(
            b"<div class='c'><p>" + prose(i, 12) + b"</p></div>" for i in range(elements // 2)
        )
        return b"<html><body>" + cells + b"</body></html>"

    return {
        f"{LIBRARY_MAX_ELEMENTS:,} text-dense elements (trafilatura's budget)": dense(
            LIBRARY_MAX_ELEMENTS - 10
        ),
        "190,000 text-dense elements": dense(190_000),
        "190,000 flat <p>": b"<html><body><article>"
        + b"".join(b"<p>" + prose(i, 3) + b"</p>" for i in range(190_000)),
        "700 x 250-deep <div> chains": b"<html><body>"
        + b"".join(
            b"<div>" * 250 + b"<p>" + prose(i, 20) + b"</p>" + b"</div>" * 250 for i in range(700)
        ),
        "700 x 120-deep nested lists": b"<html><body><article>"
        + b"".join(b"<ul><li>" * 120 + prose(i, 5) + b"</li></ul>" * 120 for i in range(700)),
        "95,000 links in a list": b"<html><body><ul>"
        + b"".join(b"<li><a href='/x'>" + prose(i, 2) + b"</a></li>" for i in range(95_000)),
        "one 5 MB paragraph": b"<html><body><p>" + prose(0, 9) * 100_000 + b"</p>",
    }


def time_hostile() -> list[tuple[str, int, float, str]]:
    """(page, bytes, CPU seconds, outcome) of the project's extractor on `hostile_pages()`."""
    from pipeline.core.errors import ParseError
    from pipeline.parse.article_html import extract_article

    rows = []
    for name, payload in hostile_pages().items():
        start = time.process_time()
        try:
            page = extract_article(payload, "https://x.test/a", source="eval", now=NOW)
            outcome = f"{len(page.text):,} characters of text"
        except ParseError as err:
            outcome = f"refused: {err.reason[:60]}"
        rows.append((name, len(payload), time.process_time() - start, outcome))
    return rows


def _print_pages(pages: list[Page], results: list[Result]) -> None:
    width = max(len(p.name) for p in pages)
    print(f"\n{'page':<{width}}  {'set':<7}  " + "  ".join(f"{r.name[:22]:>22}" for r in results))
    for i, page in enumerate(pages):
        cells = []
        for r in results:
            s = summary([r.counts[i]])
            marks = ("" if r.titles[i] else "T") + ("" if r.dates[i] else "D")
            cells.append(f"{s['f1']:>6.3f} P{s['precision']:.2f} R{s['recall']:.2f} {marks:<2}")
        print(f"{page.name:<{width}}  {page.split:<7}  " + "  ".join(f"{c:>22}" for c in cells))
    print("(T: title wrong, D: published time wrong)")


def main() -> None:
    """Print per-page and overall F1, title and date accuracy, and speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="print the per-page table")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (median)")
    parser.add_argument("--loops", type=int, default=20, help="passes over the pages per run")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--no-hostile", action="store_true", help="skip the worst-page timing")
    args = parser.parse_args()

    pages = load_pages()
    extractors = dict(EXTRACTORS)
    if args.no_trafilatura or not trafilatura_available():
        if not args.no_trafilatura:
            print("trafilatura is not installed: only the project's extractor is measured")
        extractors = {k: v for k, v in extractors.items() if not k.startswith("trafilatura")}
    results = [evaluate(pages, fn, name) for name, fn in extractors.items()]
    for result in results:
        time_extractor(result, pages, extractors[result.name], repeat=args.repeat, loops=args.loops)
    if args.pages:
        _print_pages(pages, results)

    splits = ["all", *sorted({p.split for p in pages})]
    sizes = ", ".join(f"{s}: {sum(p.split == s for p in pages)}" for s in splits[1:])
    print(f"\n{len(pages)} pages ({sizes}); word {SHINGLE}-shingle F1 (P / R averaged over pages)")
    header = f"{'extractor':<24}" + "".join(f"{s:>22}" for s in splits)
    print(header + f"{'title':>8}{'date':>7}{'pages/s':>10}{'cpu ms/page':>13}{'slowest ms':>12}")
    for r in results:
        cells = []
        for split in splits:
            chosen = [c for c, p in zip(r.counts, pages, strict=True) if split in ("all", p.split)]
            s = summary(chosen)
            cells.append(f"{s['f1']:.3f} ({s['precision']:.3f}/{s['recall']:.3f})")
        n = len(pages) * args.loops
        print(
            f"{r.name:<24}"
            + "".join(f"{c:>22}" for c in cells)
            + f"{sum(r.titles):>5}/{len(pages):<2}{sum(r.dates):>4}/{len(pages):<2}"
            + f"{n / r.wall:>10.1f}{1000 * r.cpu / n:>13.2f}{1000 * r.slowest[1]:>12.1f}"
        )
    ours = results[0]
    f1 = summary(ours.counts)["f1"]
    rate = len(pages) * args.loops / ours.wall
    print(
        f"\nspeed: median of {args.repeat} runs x {args.loops} passes, one process; "
        f"load average {os.getloadavg()[0]:.2f}; slowest page for {ours.name}: {ours.slowest[0]}"
    )
    cpu_rate = len(pages) * args.loops / ours.cpu
    verdict = "meets" if f1 >= TARGET_F1 and rate >= TARGET_PAGES_PER_SECOND else "MISSES"
    print(
        f"target F1 >= {TARGET_F1} and >= {TARGET_PAGES_PER_SECOND:.0f} pages/s: {verdict} "
        f"(F1 {f1:.3f}, {rate:.0f} pages/s wall, {cpu_rate:.0f} pages/s of CPU time)"
    )
    if not args.no_hostile:
        print("\nworst pages (project's extractor, CPU seconds, one run each):")
        for name, size, seconds, outcome in time_hostile():
            print(f"  {name:<48} {size / 2**20:6.1f} MiB {seconds:6.2f} s  {outcome}")


if __name__ == "__main__":
    main()
