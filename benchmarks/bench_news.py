"""Benchmark: article extraction and story deduplication.

* extraction: 2,000 generated ~50 KB article pages (head with metadata and JSON-LD, navigation,
  header, cookie banner, share widgets, 30-60 paragraphs, related links, comments, footer,
  scripts); pages/s of `pipeline.parse.article_html.extract_article` (metadata + main text)
  next to a plain `BeautifulSoup(html, "html.parser").get_text()` baseline in the same run;
* dedup: 50,000 generated stories (a fifth of them syndicated 2-3 times under other URLs,
  with tracking parameters, AMP variants and edited copies) through `pipeline.enrich.dedup`.

Each measurement runs in its own process, so peak RSS belongs to it alone. Run:
    .venv/bin/python benchmarks/bench_news.py [--pages 2000] [--articles 50000]
Targets: extraction >= 2x the baseline's pages/s; dedup of 50,000 under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
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


def _child(job: str, args: argparse.Namespace, queue) -> None:
    if job in ("baseline", "extract"):
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
    """Run both benchmarks and print their figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--articles", type=int, default=50_000)
    args = ap.parse_args()
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
