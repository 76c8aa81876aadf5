"""Benchmark: social ingest of a million posts, sentiment against VADER, migration extraction.

Generates N posts (default 1,000,000) as JSON Lines mixing the four platforms' item shapes
(Reddit t3/t1 things, HN Algolia hits, Bluesky PostViews, Mastodon statuses) with texts from
sentence banks about AI assistants (~3% switches, ~1% "is it down", ~0.2% deleted Reddit
comments), authors from a pool, timestamps over 5 months. Generation is not timed. Then, each
in its own spawned process (peak RSS belongs to it alone):

* baseline: DuckDB `read_json(file, format='newline_delimited')` into a table;
* ingest: the file read whole (as the pipeline reads an archived payload) and parsed by
  `parse_social_blocks` (the bulk JSON Lines parser, in the pipeline's blocks of 32 MiB)
  into a staged posts table: the counterpart of read_json's table, compared with it for the
  ingest-rate target;
* end to end: the same run continues each block through `pipeline.enrich.social.score_posts`
  (vendors, sentiment, outage flag, migrations) and `pipeline.load.social.store_page` (the
  project's upsert SQL) into a DuckDB warehouse;
* sentiment: `score_texts` vs VADER `polarity_scores` on a 20,000-post sample of the loaded
  texts in CPU time (the process's, all threads; 5 interleaved runs each, the median), wall
  time beside it, and sign agreement (neutral band +-0.05) on texts without domain words;
  `score_texts` scores each distinct text once, so it is also timed on the sample's distinct
  texts alone (VADER's time scaled to them): the figure for posts that never repeat;
* migration: `extract_migrations` over all loaded texts at once, plus the other scorers over
  50,000-text slices for a breakdown (CPU and wall seconds; the regex scorers also without
  their ASCII shadow, as before issue 14, and their outputs compared).

The load average is printed at the start: the machine is shared.

Run:
    .venv/bin/python benchmarks/bench_social.py [--posts 1000000] [--block-mib 64] [--chunk 50000]
    .venv/bin/python benchmarks/bench_social.py --posts 200000 --only sentiment  # ingest, VADER
Targets: ingest >= 0.5x read_json posts/s; score_texts >= 30x VADER in CPU time; sign agreement
>= 0.85; end to end < 2 min and peak RSS < 3 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue as queue_module
import random
import re
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pipeline.parse.social_bulk import BLOCK_BYTES

START = int(datetime(2025, 12, 1, tzinfo=UTC).timestamp())
SPAN = 150 * 86_400  # 5 months
PRODUCTS = {
    "openai": ("ChatGPT", "ChatGPT", "GPT-4o", "GPT-5", "Codex"),
    "anthropic": ("Claude", "Claude", "Sonnet", "Claude Opus", "Claude Code"),
    "google": ("Gemini", "Gemini Pro", "Gemini Flash"),
    "microsoft": ("Copilot", "GitHub Copilot"),
    "meta": ("Llama", "Llama 4"),
    "mistral": ("Le Chat", "Mistral"),
    "xai": ("Grok",),
    "deepseek": ("DeepSeek", "DeepSeek R1"),
}
ALL_PRODUCTS = [p for ps in PRODUCTS.values() for p in ps]
LANGS = ("Python", "TypeScript", "Rust", "Go", "Kotlin", "SQL", "Bash", "C++", "Swift")
TASKS = (
    "a CSV parser", "a flaky integration test", "an off-by-one bug", "a React form",
    "a SQL join", "a regex for dates", "a retry decorator", "a memory leak",
    "the CI pipeline", "a Dockerfile", "a pagination bug", "unit tests",
)  # fmt: skip
CHATTER = (
    "Asked {p} to write {task} in {lang} and it got it right first try.",
    "{p} just found {task} in my {lang} code that I had been staring at for an hour. Amazing.",
    "Spent the morning pairing with {p} on {task}. Mixed results.",
    "{p} keeps inventing {lang} APIs that don't exist. Really annoying.",
    "How do you get {p} to stop rewriting the whole file when I only ask for {task}?",
    "{p} wrote a decent first draft of {task}, needed two small fixes.",
    "Today {p} explained {task} better than the official docs. Love it!",
    "Honestly {p} is great for {lang} but terrible at {task}.",
    "Is {p} any good at {lang}? Mine struggles with {task}.",
    "I don't trust {p} with {task} anymore, the answers got worse.",
    "The new {p} release is impressive, it handled {task} without any help.",
    "{p} gave me a confident but completely wrong answer about {task}. Not great.",
    "Thanks to {p} I finished {task} in ten minutes. Happy!",
    "Anyone using {p} for {lang}? Curious how it compares.",
    "{p} refused to help with {task} for no reason. So frustrating.",
    "Pretty happy with {p} for {lang} lately, it's a solid helper.",
    "The {p} pricing is confusing, I can't tell what I'm paying for.",
    "I asked {p} about {task} and the answer was useless.",
    "Wow, {p} nailed {task} in {lang}. Best tool I've used this year.",
    "Meh. {p} is fine for boring {lang} code, nothing special.",
    "Our team uses {p} for code review; it catches {task} issues nobody noticed.",
    "{p} is so slow today, waiting ages for {task}.",
    "Getting an error from {p} every time I paste {task}, weird.",
    "Hit the rate limit on {p} again while working on {task}. Ugh.",
    "{p} is awful at {lang} generics, it never gets them right.",
    "Really impressed by how {p} handles long {lang} files.",
    "Does {p} remember context between chats? Trying to do {task}.",
    "Not sure {p} is worth the money for {task}, but the docs answers are nice.",
    "{p} helped me understand {task}, great explanation and good examples.",
    "Sad that {p} lost the feature I used for {task}. Disappointed.",
)
MIGRATION = (
    "Switched from {f} to {t} last week and honestly not looking back.",
    "Finally moved my whole workflow from {f} over to {t}.",
    "Ditched {f} for {t}. The code suggestions are just better.",
    "Replaced {f} with {t} in our internal tooling this sprint.",
    "Made the jump from {f} to {t} for all my side projects.",
    "Our team migrated from the {f} API to {t} over the weekend.",
    "After two years on {f} I'm now using {t} full time.",
    "Uninstalled {f}. {t} does everything I need.",
    "Moving our agents off {f} and onto {t} starting today.",
    "Cancelled my {f} subscription and switched to {t}.",
)
DOWN = (
    "Is {p} down?",
    "is {p} down for anyone else?",
    "Getting 529s from the {p} API",
    "{p} overloaded again",
    "Anyone else getting errors from {p}? Status page says all green.",
    "{p} down again?? status page still green",
    "{p} not working for me right now, requests timing out",
    "can't get a single response out of {p}, anyone else?",
)
TAILS = (
    "", "", "", " Anyone else?", " Thoughts?", " Ugh.", " lol", " 🙄", " 🎉", " Thanks!",
    " More in the thread.", " Details: https://example.com/notes/abc", " Still thinking about it.",
)  # fmt: skip
SUBS = ("ClaudeAI", "ChatGPT", "OpenAI", "LocalLLaMA", "singularity", "artificial", "Bard")
HOSTS = ("mastodon.social", "hachyderm.io", "fosstodon.org", "infosec.exchange")
# Texts containing these read differently to a service's users than to general English
# (the project weights them on purpose) and VADER's lexicon has no entry for them (like "down",
# "outage", "slow", "switched" in the issue), so they are left out of the VADER sign comparison.
DOMAIN = re.compile(
    r"\b(?:down|flaky|bugs?|buggy|issues?|"
    r"outage\w*|slow\w*|switch\w*|moved|moving|migrat\w*|ditched|replaced|"
    r"uninstalled|overloaded|529s?|5\d\d|5xx|errors?|rate.?limit\w*|timing out|time.?outs?|"
    r"status page|not working|hallucinat\w*|laggy|throttl\w*|nerfed|unusable|crash\w*|"
    r"fixed|back up|refused)\b",
    re.IGNORECASE,
)


def _b36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while value:
        value, r = divmod(value, 36)
        out = digits[r] + out
    return out or "0"


def _text(rng: random.Random, bank: tuple[str, ...], sentences: int) -> str:
    out = []
    for _ in range(sentences):
        vendor = rng.choice(list(PRODUCTS))
        f = rng.choice(PRODUCTS[vendor])
        t = rng.choice(PRODUCTS[rng.choice([v for v in PRODUCTS if v != vendor])])
        out.append(
            rng.choice(bank).format(
                p=rng.choice(ALL_PRODUCTS), f=f, t=t, task=rng.choice(TASKS), lang=rng.choice(LANGS)
            )
        )
        bank = CHATTER  # a switch or a down report may be followed by chatter
    return " ".join(out) + rng.choice(TAILS)


def _html(text: str) -> str:
    paragraphs = text.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&#x27;")
    return "<p>" + paragraphs.replace(". ", ".</p><p>", 1) + "</p>"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _pool(rng: random.Random, bank: tuple[str, ...], size: int) -> list[dict[str, str]]:
    """`size` texts, each pre-rendered (JSON-quoted) for every platform's text fields."""
    out = []
    for _ in range(size):
        text = _text(rng, bank, rng.choice((1, 1, 2, 2, 3)) if bank is CHATTER else 1)
        title, _, rest = text.partition(". ")
        md = text.replace("&", "&amp;").replace("https://example.com/notes/abc", "")
        if "Details:" in text:
            md += " [notes](https://example.com/notes/abc)"
        out.append(
            {
                "plain": _q(text),
                "md": _q(md),
                "html": _q(_html(text)),
                "title": _q(title[:120]),
                "rest": _q(rest),
            }
        )
    return out


def write_posts(path: Path, n: int, seed: int = 5) -> tuple[int, dict[str, int]]:
    """Write `n` JSON Lines posts to `path`; return (bytes written, lines per kind)."""
    rng = random.Random(seed)
    pools = {
        "chatter": _pool(rng, CHATTER, 4000),
        "switch": _pool(rng, MIGRATION, 600),
        "down": _pool(rng, DOWN, 300),
    }
    authors = [f"{rng.choice(('dev', 'ml', 'sam', 'kai', 'ops', 'byte'))}_{k}" for k in range(5000)]
    prolific = authors[:50]
    kinds = dict.fromkeys(("reddit", "hn", "bluesky", "mastodon", "switch", "down", "bad"), 0)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        buf: list[str] = []
        for i in range(n):
            r = rng.random()
            kind = "switch" if r < 0.03 else "down" if r < 0.04 else "chatter"
            pool = pools[kind]
            t = pool[rng.randrange(len(pool))]
            if kind != "chatter":
                kinds[kind] += 1
            author = rng.choice(prolific) if rng.random() < 0.2 else rng.choice(authors)
            at = START + rng.randrange(SPAN)
            iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at)) + ".000Z"
            score = rng.randrange(200)
            p = rng.random()
            if p < 0.36:
                kinds["reddit"] += 1
                rid = _b36(10**9 + i)
                sub = SUBS[i % len(SUBS)]
                if p < 0.12:
                    line = (
                        f'{{"kind":"t3","data":{{"id":"{rid}","name":"t3_{rid}","title":'
                        f'{t["title"]},"selftext":{t["rest"]},"author":"{author}","subreddit":'
                        f'"{sub}","created_utc":{at}.0,"score":{score},"num_comments":{score % 40},'
                        f'"permalink":"/r/{sub}/comments/{rid}/post/","over_18":false,'
                        f'"url":"https://www.reddit.com/r/{sub}/comments/{rid}/post/"}}}}'
                    )
                else:
                    body = t["md"]
                    if rng.random() < 0.002:
                        kinds["bad"] += 1
                        body = '"[deleted]"'
                    link = _b36(10**9 + i // 20)
                    line = (
                        f'{{"kind":"t1","data":{{"id":"{rid}","name":"t1_{rid}","author":'
                        f'"{author}","body":{body},"created_utc":{at}.0,"link_id":"t3_{link}",'
                        f'"parent_id":"t3_{link}","score":{score},"subreddit":"{sub}",'
                        f'"permalink":"/r/{sub}/comments/{link}/post/{rid}/","replies":""}}}}'
                    )
            elif p < 0.56:
                kinds["hn"] += 1
                oid = 46_000_000 + i
                if p < 0.40:
                    line = (
                        f'{{"created_at":"{iso}","created_at_i":{at},"title":{t["plain"]},'
                        f'"url":"https://example.com/{oid}","author":"{author}","points":{score},'
                        f'"story_text":null,"num_comments":{score % 30},"objectID":"{oid}",'
                        f'"_tags":["story","author_{author}","story_{oid}"]}}'
                    )
                else:
                    story = 46_000_000 + i - i % 50
                    line = (
                        f'{{"created_at":"{iso}","created_at_i":{at},"author":"{author}",'
                        f'"comment_text":{t["html"]},"story_id":{story},"parent_id":{story},'
                        f'"story_title":"Ask HN: which assistant do you use?","objectID":"{oid}",'
                        f'"_tags":["comment","author_{author}","story_{story}"]}}'
                    )
            elif p < 0.86:
                kinds["bluesky"] += 1
                did = f"did:plc:{author.replace('_', '')}{'x' * 12}"
                rkey = f"3l{_b36(36**10 + i)}"
                line = (
                    f'{{"uri":"at://{did}/app.bsky.feed.post/{rkey}","cid":"bafyrei{rkey}",'
                    f'"author":{{"did":"{did}","handle":"{author.replace("_", "-")}.bsky.social",'
                    f'"displayName":"{author}"}},"record":{{"$type":"app.bsky.feed.post",'
                    f'"text":{t["plain"]},"createdAt":"{iso}","langs":["en"]}},'
                    f'"replyCount":{score % 7},"repostCount":{score % 5},"likeCount":{score},'
                    f'"indexedAt":"{iso}"}}'
                )
            else:
                kinds["mastodon"] += 1
                sid = 113_000_000_000_000_000 + i
                host = HOSTS[i % len(HOSTS)]
                line = (
                    f'{{"id":"{sid}","created_at":"{iso}","in_reply_to_id":null,'
                    f'"in_reply_to_account_id":null,"sensitive":false,"spoiler_text":"",'
                    f'"visibility":"public","language":"en","uri":"https://{host}/users/'
                    f'{author}/statuses/{sid}","url":"https://{host}/@{author}/{sid}",'
                    f'"replies_count":0,"reblogs_count":{score % 9},"favourites_count":{score},'
                    f'"content":{t["html"]},"reblog":null,"account":{{"id":"{i % 5000}",'
                    f'"username":"{author}","acct":"{author}@{host}","display_name":"{author}"}},'
                    f'"media_attachments":[],"mentions":[],"tags":[]}}'
                )
            buf.append(line)
            if len(buf) == 20_000:
                chunk = "\n".join(buf) + "\n"
                size += fh.write(chunk)
                buf.clear()
        if buf:
            size += fh.write("\n".join(buf) + "\n")
    return path.stat().st_size, kinds


# --- measurements (each in a child process) ---------------------------------------------------


def _read_json(path: Path, db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false").fetchall()  # as in the project's parser
    start = time.perf_counter()
    con.execute(
        "create table raw_posts as select * from read_json(?, format='newline_delimited')",
        [str(path)],
    ).fetchall()
    rows = con.execute("select count(*) from raw_posts").fetchall()[0][0]
    con.close()
    return {"seconds": time.perf_counter() - start, "rows": rows}


def _ingest(path: Path, db: Path, block_mib: float) -> dict:
    from pipeline.core import warehouse
    from pipeline.core.models import Source
    from pipeline.enrich.social import score_posts
    from pipeline.load import social, staging
    from pipeline.parse.social_bulk import POST_SCHEMA, parse_social_blocks, posts_frame

    now = datetime(2026, 5, 1, tzinfo=UTC)
    source = Source("bench-social", "social", str(path), format="jsonl")
    stages = dict.fromkeys(("read", "parse", "stage", "score", "store"), 0.0)
    blocks = 0
    start = time.perf_counter()
    with warehouse.connect(db) as con:
        # Parsed posts are also loaded as they are (the counterpart of read_json's table).
        con.register("empty_posts", posts_frame([]))
        con.execute("create temp table parsed_posts as select * from empty_posts").fetchall()
        con.unregister("empty_posts")
        t0 = time.perf_counter()
        payload = path.read_bytes()  # as the pipeline reads an archived payload
        lines = payload.count(b"\n")
        stages["read"] = time.perf_counter() - t0
        results = parse_social_blocks(payload, source, block_bytes=int(block_mib * 2**20))
        while True:
            t1 = time.perf_counter()
            result = next(results, None)
            if result is None:
                break
            blocks += 1
            t2 = time.perf_counter()
            con.register("parsed_page", result.posts.select(*POST_SCHEMA))
            con.execute("insert into parsed_posts select * from parsed_page").fetchall()
            con.unregister("parsed_page")
            t3 = time.perf_counter()
            posts, moves = score_posts(result.posts, now)
            t4 = time.perf_counter()
            quarantine = staging.quarantine_frame(result.quarantined, now, None)
            social.store_page(con, posts, moves, quarantine)
            t5 = time.perf_counter()
            spans = (t2 - t1, t3 - t2, t4 - t3, t5 - t4)
            for name, secs in zip(("parse", "stage", "score", "store"), spans, strict=True):
                stages[name] += secs
        posts_n, outages, with_vendor, avg_sent = con.execute(
            "select count(*), count(*) filter (where is_outage_report),"
            " count(*) filter (where len(vendors) > 0), avg(sentiment) from posts"
        ).fetchall()[0]
        moves_n = warehouse.table_rows(con, "migrations")
        quarantined = warehouse.table_rows(con, "quarantine")
    return {
        "seconds": time.perf_counter() - start,
        "lines": lines,
        "blocks": blocks,
        "posts": posts_n,
        "outages": outages,
        "with_vendor": with_vendor,
        "avg_sentiment": avg_sent,
        "migrations": moves_n,
        "quarantined": quarantined,
        "stages": stages,
    }


def _sign(x: float) -> int:
    return 1 if x > 0.05 else -1 if x < -0.05 else 0


ROUNDS = 5  # sentiment timing rounds


def _timed(func, *args) -> tuple[float, float, object]:
    """(CPU seconds of the whole process, wall seconds, result) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = func(*args)
    return time.process_time() - cpu, time.perf_counter() - wall, out


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _sentiment(db: Path, sample: int) -> dict:
    import duckdb
    import polars as pl
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from pipeline.enrich.sentiment import score_texts

    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("SET enable_progress_bar = false").fetchall()
        texts = con.sql(
            f"select text from posts using sample reservoir({int(sample)} rows) repeatable (42)"  # noqa: S608
        ).pl()["text"]
    score_texts(texts.head(100))  # warm-up (regex compilation)
    analyzer = SentimentIntensityAnalyzer()
    items = texts.to_list()

    def vader_scores(batch: list[str]) -> list[float]:
        return [analyzer.polarity_scores(t)["compound"] for t in batch]

    # The scorers alternate, ROUNDS times each, and each keeps its median: CPU time (all of the
    # process's threads) is the figure compared, as wall time on a shared machine measures the
    # neighbours too; a drift in the machine's speed hits both scorers alike.
    # score_texts scores each distinct text once: also timed on the distinct texts alone (as if
    # no post repeated), against VADER's time scaled to them.
    distinct = texts.unique(maintain_order=True)
    times: dict[str, list[tuple[float, float]]] = {"ours": [], "vader": [], "distinct": []}
    for _ in range(ROUNDS):
        cpu, wall, ours = _timed(score_texts, texts)
        times["ours"].append((cpu, wall))
        times["distinct"].append(_timed(score_texts, distinct)[:2])
        cpu, wall, vader = _timed(vader_scores, items)
        times["vader"].append((cpu, wall))
    kept = [k for k, t in enumerate(items) if not DOMAIN.search(t)]
    ours_l = ours.to_list()
    agree = sum(_sign(ours_l[k]) == _sign(vader[k]) for k in kept)
    signs = pl.Series([_sign(vader[k]) for k in kept]).value_counts(sort=True)
    return {
        "texts": len(items),
        "distinct": distinct.len(),
        "distinct_s": _median([c for c, _ in times["distinct"]]),
        "load": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "ours_s": _median([c for c, _ in times["ours"]]),
        "vader_s": _median([c for c, _ in times["vader"]]),
        "ours_wall": _median([w for _, w in times["ours"]]),
        "vader_wall": _median([w for _, w in times["vader"]]),
        "kept": len(kept),
        "agree": agree / max(len(kept), 1),
        "vader_signs": dict(zip(signs[:, 0].to_list(), signs[:, 1].to_list(), strict=True)),
    }


def _migration(db: Path, chunk: int) -> dict:
    import duckdb
    import polars as pl

    from pipeline.enrich import migration, sentiment, topics
    from pipeline.enrich import outage_reports as crowd

    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("SET enable_progress_bar = false").fetchall()
        texts = con.sql("select text from posts order by created_at, post_id").pl()["text"]
    start = time.perf_counter()
    candidates = int(migration.candidate_mask(texts).sum())
    mask_s = time.perf_counter() - start
    start = time.perf_counter()
    found = migration.extract_migrations(texts)
    mig_s = time.perf_counter() - start
    # Each scorer per slice, CPU and wall seconds; the regex scorers also without their ASCII
    # shadow (the code before issue 14), interleaved with it, and their outputs compared.
    names = ("rank_vendors", "rank_vendors unshadowed", "score_texts", "is_outage_report",
             "is_outage_report unshadowed")  # fmt: skip
    parts = {name: [0.0, 0.0] for name in names}
    differ = 0
    for offset in range(0, texts.len(), chunk):
        part = texts.slice(offset, chunk)
        empty = pl.Series("title", [""] * part.len(), dtype=pl.String)
        runs = (
            (topics.rank_vendors, (empty, part), {"assume_context": True}),
            (topics.rank_vendors, (empty, part), {"assume_context": True, "ascii_shadow": False}),
            (sentiment.score_texts, (part,), {}),
            (crowd.is_outage_report, (part,), {}),
            (crowd.is_outage_report, (part,), {"ascii_shadow": False}),
        )
        outs = []
        for name, (func, args, kwargs) in zip(names, runs, strict=True):
            cpu, wall, out = _timed(lambda f=func, a=args, k=kwargs: f(*a, **k))
            parts[name][0] += cpu
            parts[name][1] += wall
            outs.append(out)
        differ += int((outs[0] != outs[1]).sum()) + int((outs[3] != outs[4]).sum())
    return {
        "texts": texts.len(),
        "seconds": mig_s,
        "mask_s": mask_s,
        "candidates": candidates,
        "found": found.height,
        "both": int(found["from_vendor"].is_not_null().sum()),
        "parts": parts,
        "differ": differ,
    }


def _child(job: str, args: tuple, queue) -> None:
    jobs = {"read_json": _read_json, "ingest": _ingest, "sentiment": _sentiment}
    figures = jobs.get(job, _migration)(*args)
    figures["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(figures)


def run(job: str, *args) -> dict:
    """Run `job` in a fresh spawned process; return its figures (with its peak RSS)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(job, args, queue))
    proc.start()
    while True:
        try:
            figures = queue.get(timeout=2)
        except queue_module.Empty:
            if not proc.is_alive():
                raise SystemExit(f"{job}: child process failed (exit {proc.exitcode})") from None
            continue
        proc.join()
        return figures


def _verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def _report_sentiment(sent: dict) -> None:
    """Print the sentiment figures and their targets (then the other targets follow)."""
    print(
        f"sentiment, {sent['texts']:,} posts ({sent['distinct']:,} distinct texts), median of"
        f" {ROUNDS} interleaved runs, CPU time: score_texts {sent['ours_s']:.3f} s,"
        f" VADER {sent['vader_s']:.3f} s (wall {sent['ours_wall']:.3f} s,"
        f" {sent['vader_wall']:.3f} s); load average after: {sent['load']}"
    )
    print(
        f"sentiment sign agreement with VADER: {sent['agree']:.3f} on {sent['kept']:,} posts"
        f" without domain words (VADER signs {sent['vader_signs']})"
    )
    speed = sent["vader_s"] / sent["ours_s"]
    print(
        f"  every text distinct: score_texts {sent['distinct_s']:.3f} s CPU for the"
        f" {sent['distinct']:,} distinct texts ="
        f" {sent['vader_s'] * sent['distinct'] / sent['texts'] / sent['distinct_s']:.1f}x VADER"
    )
    wall_speed = sent["vader_wall"] / sent["ours_wall"]
    print("\ntargets:")
    print(
        f"  score_texts >= 30x VADER (CPU):    {_verdict(speed >= 30)} ({speed:.1f}x;"
        f" wall {wall_speed:.1f}x)"
    )
    print(f"  sign agreement >= 0.85:            {_verdict(sent['agree'] >= 0.85)}")


def main() -> None:
    """Generate the posts, run every measurement and print the figures and verdicts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument(
        "--block-mib",
        type=float,
        default=BLOCK_BYTES / 2**20,
        help="JSON Lines block size in MiB (default: the pipeline's)",
    )
    ap.add_argument("--chunk", type=int, default=50_000, help="texts per scorer slice")
    ap.add_argument("--sample", type=int, default=20_000, help="posts compared with VADER")
    ap.add_argument(
        "--only",
        choices=("sentiment",),
        help="sentiment: only ingest (for the posts table) and score_texts against VADER",
    )
    args = ap.parse_args()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench_social_") as tmp:
        path = Path(tmp) / "posts.jsonl"
        start = time.perf_counter()
        size, kinds = write_posts(path, args.posts)
        gen_s = time.perf_counter() - start
        n = args.posts
        print(
            f"generated {n:,} posts, {size / 2**20:.0f} MiB JSON Lines in {gen_s:.1f} s (untimed)"
            f" on {os.cpu_count()} cores: " + ", ".join(f"{k} {v:,}" for k, v in kinds.items())
        )
        if args.only == "sentiment":
            run("ingest", path, Path(tmp) / "warehouse.duckdb", args.block_mib)
            _report_sentiment(run("sentiment", Path(tmp) / "warehouse.duckdb", args.sample))
            return
        base = run("read_json", path, Path(tmp) / "raw.duckdb")
        ing = run("ingest", path, Path(tmp) / "warehouse.duckdb", args.block_mib)
        sent = run("sentiment", Path(tmp) / "warehouse.duckdb", args.sample)
        mig = run("migration", Path(tmp) / "warehouse.duckdb", args.chunk)

    base_rate = base["rows"] / base["seconds"]
    loading = sum(ing["stages"][k] for k in ("read", "parse", "stage"))
    load_rate = ing["lines"] / loading
    ing_rate = ing["lines"] / ing["seconds"]
    print(f"\n{'measure':58} {'seconds':>8} {'posts/s':>10} {'peak RSS':>10}")
    rows = [
        ("baseline: duckdb read_json -> table", base["seconds"], base_rate, base["rss_mib"]),
        ("project: JSONL -> parsed posts table (read, parse, stage)", loading, load_rate,
         ing["rss_mib"]),
        ("project: JSONL -> parse -> score -> posts (end to end)", ing["seconds"], ing_rate,
         ing["rss_mib"]),
        (f"project: score_texts, {sent['texts']:,} posts (wall)", sent["ours_wall"],
         sent["texts"] / sent["ours_wall"], sent["rss_mib"]),
        (f"baseline: VADER polarity_scores, {sent['texts']:,} posts (wall)", sent["vader_wall"],
         sent["texts"] / sent["vader_wall"], sent["rss_mib"]),
        (f"project: extract_migrations, {mig['texts']:,} texts", mig["seconds"],
         mig["texts"] / mig["seconds"], mig["rss_mib"]),
    ]  # fmt: skip
    for label, secs, rate, rss in rows:
        print(f"{label:58} {secs:8.2f} {rate:10,.0f} {rss:6.0f} MiB")
    print(
        f"\ningest of {ing['lines']:,} lines in {ing['blocks']} blocks of {args.block_mib:g} MiB:"
        " stages "
        + ", ".join(f"{k} {v:.1f} s" for k, v in ing["stages"].items())
        + f"\n  loaded {ing['posts']:,} posts ({ing['with_vendor']:,} naming a vendor,"
        f" {ing['outages']:,} outage reports, mean sentiment {ing['avg_sentiment']:+.3f}),"
        f" {ing['migrations']:,} migrations, {ing['quarantined']:,} quarantined"
        f"\n  read_json loaded {base['rows']:,} rows"
    )
    print(
        f"scorers over {mig['texts']:,} texts in {args.chunk:,}-text slices (CPU / wall):\n  "
        + "\n  ".join(
            f"{k:28} {cpu:6.1f} s / {wall:6.1f} s" for k, (cpu, wall) in mig["parts"].items()
        )
        + f"\n  shadowed and unshadowed outputs differ on {mig['differ']:,} posts"
        + f"\nmigrations: candidate_mask {mig['mask_s']:.1f} s -> {mig['candidates']:,}"
        f" candidates -> {mig['found']:,} found ({mig['both']:,} with both vendors)"
    )
    ratio = load_rate / base_rate
    gib = ing["rss_mib"] / 1024
    _report_sentiment(sent)
    print(f"  ingest >= 0.5x read_json posts/s:  {_verdict(ratio >= 0.5)} ({ratio:.3f}x)")
    print(
        f"  end to end < 2 min ({n:,} posts):  {_verdict(ing['seconds'] < 120)}"
        f" ({ing['seconds']:.1f} s)"
    )
    print(f"  peak RSS < 3 GB:                   {_verdict(gib < 3)} ({gib:.2f} GiB)")


if __name__ == "__main__":
    main()
