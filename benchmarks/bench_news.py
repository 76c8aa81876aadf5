"""Benchmark: article extraction and story deduplication.

* extraction: 2,000 generated ~50 KB article pages (head with metadata and JSON-LD, navigation,
  header, cookie banner, share widgets, 30-60 paragraphs, related links, comments, footer,
  scripts); pages/s of `pipeline.parse.article_html.extract_article` (metadata + main text)
  next to a plain `BeautifulSoup(html, "html.parser").get_text()` baseline in the same run;
* dedup: 50,000 generated stories (a fifth of them syndicated 2-3 times under other URLs,
  with tracking parameters, AMP variants and edited copies) through `pipeline.enrich.dedup`;
* topics: `pipeline.enrich.topics.classify_topics` per story on 400 generated stories, plain
  ASCII and the same with a few non-ASCII characters (curly quotes, a dash, accented names, a
  euro amount), with the ASCII shadow and without it (the code before issue 14), interleaved,
  5 runs each, median CPU and wall time; the two outputs must be equal.

The load average is printed at the start (the machine is shared); CPU time is the process's.

Each measurement runs in its own process, so peak RSS belongs to it alone. Run:
    .venv/bin/python benchmarks/bench_news.py [--pages 2000] [--articles 50000] [--topics 400]
Targets: extraction >= 2x the baseline's pages/s; dedup of 50,000 under 60 s on 2 cores;
classify_topics >= 10x faster with the shadow than without on non-ASCII stories.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import time
from datetime import UTC, datetime, timedelta
from html import escape

WORDS = (
    "the model api users developers outage latency capacity request error service platform "
    "company release pricing customers enterprise cloud chatbot response update engineers "
    "traffic growth regulators investors report statement week team data feature launch "
    "subscription benchmark reliability incident status page spokesperson analysts market"
).split()
VENDORS = ("OpenAI", "Anthropic", "Google", "Mistral", "Meta", "xAI", "Cohere", "DeepSeek")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    words.insert(rng.randrange(len(words)), rng.choice(VENDORS))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def make_page(i: int, target_bytes: int = 50_000) -> bytes:
    """One realistic article page of about `target_bytes`."""
    rng = random.Random(i)
    title = f"{rng.choice(VENDORS)} {' '.join(rng.choice(WORDS) for _ in range(7))}"
    published = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(10**5))
    url = f"https://news{i % 7}.example/2026/{i}/story-{i}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published.isoformat(),
        "author": {"@type": "Person", "name": "A. B"},
    }
    nav = "".join(f'<li><a href="/s/{k}">Section {k}</a></li>' for k in range(40))
    related = "".join(f'<li><a href="/r/{k}">{_sentence(rng)}</a></li>' for k in range(15))
    comments = "".join(f'<div class="comment"><p>{_sentence(rng)}</p></div>' for _ in range(10))
    head = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)} |"
        f" News</title><meta property='og:title' content='{escape(title)}'>"
        f"<meta property='og:url' content='{url}'><link rel='canonical' href='{url}'>"
        f"<meta property='article:published_time' content='{published.isoformat()}'>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        "<style>body{font-family:sans-serif}.nav li{display:inline}</style>"
        "<script>window.dataLayer=[];function track(){return 1}</script></head><body>"
        f"<header><nav class='nav'><ul>{nav}</ul></nav></header>"
        "<div id='cookie-banner' class='consent'>We use cookies. <button>Accept</button></div>"
        f"<main><article><h1>{escape(title)}</h1><div class='share-buttons'>Share</div>"
    )
    tail = (
        f"</article><aside class='related'><ul>{related}</ul></aside>"
        f"<section id='comments'>{comments}</section></main>"
        f"<footer><p>Copyright 2026</p><ul>{nav}</ul></footer>"
        "<script>track();</script></body></html>"
    )
    body: list[str] = []
    size = len(head) + len(tail)
    while size < target_bytes:
        paragraph = f"<p>{escape(_paragraph(rng))}</p>"
        body.append(paragraph)
        size += len(paragraph)
    return (head + "".join(body) + tail).encode()


def make_stories(n: int, seed: int = 11):
    """`n` feed items: distinct stories plus syndicated copies under other URLs."""
    import polars as pl

    rng = random.Random(seed)
    rows = []
    base = datetime(2026, 1, 1, tzinfo=UTC)
    i = 0
    while len(rows) < n:
        text = " ".join(_sentence(rng) for _ in range(rng.randint(6, 14)))
        published = base + timedelta(minutes=rng.randrange(150 * 24 * 60))
        url = f"https://outlet{i % 40}.example/2026/story-{i}"
        rows.append((f"s{len(rows)}", url, None, published, f"Story {i}", text))
        if rng.random() < 0.2:
            for k in range(rng.randint(1, 2)):
                variant = rng.choice(
                    [
                        url + "?utm_source=rss&utm_medium=feed",
                        url.replace("/2026/", "/amp/2026/"),
                        f"https://syndicate{k}.example/wire/{i}",
                    ]
                )
                copy = text + " This story originally appeared on a partner site."
                rows.append((f"s{len(rows)}", variant, url, published, f"Copy of {i}", copy))
        i += 1
    rows = rows[:n]
    cols = ["item_key", "url", "canonical_url", "published_at", "title", "text"]
    return pl.DataFrame(rows, schema=cols, orient="row")


def _non_ascii(text: str, i: int) -> str:
    """`text` with what real news prose holds: curly quotes, a dash, accented names, euros."""
    name = ("José Müller", "Zoë Brontë", "François Lefèvre", "Łukasz Żółw")[i % 4]
    head, _, tail = text.partition(". ")
    return f"{head} — “it\u2019s early days”, said {name}. {tail} It cost €{i % 90 + 10} million."


ROUNDS = 5


def _topics(args: argparse.Namespace) -> dict:
    """Per-story CPU and wall seconds of classify_topics with and without the ASCII shadow."""
    import polars as pl

    from pipeline.enrich import topics

    stories = make_stories(args.topics, seed=23)
    plain_title, plain_text = stories["title"], stories["text"]
    variants = {
        "ASCII": (plain_title, plain_text),
        "non-ASCII": (
            pl.Series([f"{t}\u2019s “update”" for t in plain_title]),
            pl.Series([_non_ascii(t, i) for i, t in enumerate(plain_text)]),
        ),
    }
    topics.classify_topics(plain_title.head(5), plain_text.head(5))  # warm-up
    figures = {}
    for variant, (title, text) in variants.items():
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        outs = {}
        for _ in range(ROUNDS):
            for shadow in (True, False):
                cpu, wall = time.process_time(), time.perf_counter()
                outs[shadow] = topics.classify_topics(title, text, ascii_shadow=shadow)
                times[shadow].append((time.process_time() - cpu, time.perf_counter() - wall))
        for shadow, runs in times.items():
            cpus, walls = sorted(c for c, _ in runs), sorted(w for _, w in runs)
            figures[(variant, shadow)] = (cpus[ROUNDS // 2], walls[ROUNDS // 2])
        figures[(variant, "equal")] = outs[True].to_list() == outs[False].to_list()
        figures[(variant, "chars")] = text.str.len_chars().mean()
    return figures


def _child(job: str, args: argparse.Namespace, queue) -> None:
    if job == "topics":
        queue.put(_topics(args))
    elif job in ("baseline", "extract"):
        from bs4 import BeautifulSoup

        from pipeline.parse.article_html import extract_article

        pages = [make_page(i) for i in range(args.pages)]
        start = time.perf_counter()
        if job == "baseline":
            for page in pages:
                BeautifulSoup(page, "html.parser").get_text()
        else:
            for i, page in enumerate(pages):
                extract_article(
                    page, f"https://news.example/{i}", source="bench", now=datetime.now(UTC)
                )
        seconds = time.perf_counter() - start
        mb = sum(len(p) for p in pages) / 2**20
        queue.put((seconds, len(pages) / seconds, mb))
    else:
        from pipeline.enrich import dedup

        frame = make_stories(args.articles)
        start = time.perf_counter()
        out = dedup.deduplicate(frame)
        seconds = time.perf_counter() - start
        queue.put((seconds, out["article_id"].n_unique(), frame.height))
    queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run(job: str, args: argparse.Namespace):
    """Run `job` in a fresh process; return (its figures, its peak RSS in MiB)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(job, args, queue))
    proc.start()
    figures, peak = queue.get(), queue.get()
    proc.join()
    return figures, peak


def main() -> None:
    """Run the benchmarks and print their figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--topics", type=int, default=400, help="stories tagged with topics")
    ap.add_argument("--only-topics", action="store_true", help="run the topics benchmark only")
    args = ap.parse_args()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    if not args.only_topics:
        _extraction_and_dedup(args)
    figures, t_rss = run("topics", args)
    print(f"topics: classify_topics on {args.topics} stories, median of {ROUNDS} interleaved runs")
    per = 1000 / args.topics  # ms per story
    for variant in ("ASCII", "non-ASCII"):
        new_cpu, new_wall = figures[(variant, True)]
        old_cpu, old_wall = figures[(variant, False)]
        chars = figures[(variant, "chars")]
        print(
            f"  {variant:9} ({chars:.0f} chars): with shadow {new_cpu * per:.3f} ms CPU,"
            f" {new_wall * per:.3f} ms wall per story; without {old_cpu * per:.3f} ms CPU,"
            f" {old_wall * per:.3f} ms wall; {old_cpu / new_cpu:.1f}x CPU,"
            f" {old_wall / new_wall:.1f}x wall; outputs equal: {figures[(variant, 'equal')]}"
        )
    ratio = figures[("non-ASCII", False)][0] / figures[("non-ASCII", True)][0]
    print(
        f"  target >= 10x on non-ASCII stories (CPU): {'meets' if ratio >= 10 else 'MISSES'}"
        f" ({ratio:.1f}x); peak RSS {t_rss:.0f} MiB"
    )


def _extraction_and_dedup(args: argparse.Namespace) -> None:
    """Run the extraction and dedup benchmarks and print their figures."""
    (b_s, b_rate, mb), b_rss = run("baseline", args)
    (e_s, e_rate, _), e_rss = run("extract", args)
    print(f"extraction: {args.pages} pages, {mb:.0f} MiB ({mb * 1024 / args.pages:.0f} KiB/page)")
    print(
        f"  baseline BeautifulSoup(html.parser).get_text(): {b_s:7.2f} s {b_rate:8.1f} pages/s"
        f"  peak RSS {b_rss:.0f} MiB"
    )
    print(
        f"  project extract_article (metadata + main text): {e_s:7.2f} s {e_rate:8.1f} pages/s"
        f"  peak RSS {e_rss:.0f} MiB"
    )
    ratio = e_rate / b_rate
    print(f"  ratio {ratio:.1f}x (target >= 2x: {'meets' if ratio >= 2 else 'MISSES'})")
    (d_s, stories, rows), d_rss = run("dedup", args)
    print(
        f"dedup: {rows} items -> {stories} stories in {d_s:.2f} s ({rows / d_s:,.0f} items/s)"
        f"  peak RSS {d_rss:.0f} MiB (target < 60 s: {'meets' if d_s < 60 else 'MISSES'})"
    )


if __name__ == "__main__":
    main()
