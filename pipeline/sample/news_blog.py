"""Anthropic's own news blog in the sample: product and policy posts, and the crisis from inside.

`blog(desk)` plans the posts of corpus/news_blog.yaml (each opens with the first sentence of
each of its sections, then the least used of the rest, padded with company boilerplate) and a
postmortem after each long critical outage of the status plan that carried one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.sample.news_background import PARTNER_ORGS
from pipeline.sample.news_desk import NewsDesk
from pipeline.sample.news_model import VENDOR_TEXT, Bank, Draft, Story
from pipeline.sample.news_text import People, clock_time, month_day, word_count
from pipeline.sample.texts import load_corpus

_BLOG = load_corpus("news_blog")
POSTS: Bank = _BLOG["posts"]  # sentences per section
POST_COMMON: tuple[str, ...] = _BLOG["post_common"]  # padding: no topic words, no other vendor
PM_FACTS: tuple[str, ...] = _BLOG["postmortem_facts"]
PM_CAUSES: tuple[tuple[str, ...], ...] = _BLOG["postmortem_causes"]  # in postmortem order
BLOG_POSTS: tuple[dict[str, Any], ...] = _BLOG["blog_posts"]  # see the file's comment


def _post(
    desk: NewsDesk,
    published: datetime,
    title: str,
    fixed: Sequence[str],
    pool: Sequence[str],
    ctx: dict[str, str],
    topics: tuple[str, ...],
    planned: tuple[str, ...],
) -> Story:
    """A blog post: `fixed` sentences first, then the least used of `pool`."""
    rng = desk.rng
    people = People(rng)
    taken: set[str] = set(fixed)
    sentences = [desk.writer.fill(t, ctx, people) for t in fixed]
    target = rng.randint(330, 480)
    while word_count(" ".join(sentences)) < target:
        chosen = desk.writer.pick(pool, ctx, 1, taken) or desk.writer.pick(
            POST_COMMON, ctx, 1, taken
        )
        if not chosen:
            break
        sentences.append(desk.writer.fill(chosen[0], ctx, people))
    paragraphs = [" ".join(sentences[:2])]
    rest = sentences[2:]
    while rest:
        size = rng.randint(2, 3)
        paragraphs.append(" ".join(rest[:size]))
        rest = rest[size:]
    summary = " ".join(sentences[:2]) if rng.random() < 0.5 else sentences[0]
    draft = Draft(title.format_map(ctx), summary, paragraphs)
    section = {"outage": "Announcements", "model_release": "Product"}.get(topics[0], "News")
    return desk.add("blog", "blog", published, draft, topics, planned, section=section)


def blog(desk: NewsDesk) -> None:
    """Anthropic's own posts: product news, policy, and the crisis seen from inside."""
    rng = desk.rng
    org, sector = rng.choice(PARTNER_ORGS)
    for post in BLOG_POSTS:
        sections, second = post["sections"], post.get("partner")
        at = datetime.fromisoformat(post["at"])
        published = at.replace(tzinfo=UTC, second=rng.randint(0, 59))
        ctx = {"org": org, "sector": sector, "model": post.get("model", "Claude")}
        if second is not None:
            ctx["co2"] = VENDOR_TEXT[second].company
        fixed = [POSTS[s][0] for s in sections]
        pool = [t for s in sections for t in POSTS[s][1:]]
        planned = ("anthropic", second) if second else ("anthropic",)
        _post(desk, published, post["title"], fixed, pool, ctx, post["topics"], planned)
    postmortems = sorted(
        (u.at, item)
        for item in desk.history
        if item.vendor == "anthropic"
        for u in item.updates
        if u.status == "postmortem"
    )
    for k, (at, item) in enumerate(postmortems):
        if item.resolved_at is None:
            continue
        identified = next((u.at for u in item.updates if u.status == "identified"), None)
        ctx = {
            "t_start": clock_time(item.started_at),
            "t_end": clock_time(item.resolved_at),
            "t_ident": clock_time(identified or item.started_at + timedelta(minutes=40)),
            "date": f"{month_day(item.started_at)}, {item.started_at.year}",
        }
        title = f"Postmortem: Claude outage of {month_day(item.started_at)}"
        fixed = (*PM_FACTS, *PM_CAUSES[k % len(PM_CAUSES)])
        pool = POSTS["outage"][k % 3 :: 3]  # each report its own sentences
        _post(desk, at, title, fixed, pool, ctx, ("outage",), ("anthropic",))


__all__ = ["blog"]
