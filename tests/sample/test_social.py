"""The social part of the embedded sample: real wire shapes, planted signals and their truth."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipeline.core import vendors
from pipeline.core.catalog import load_catalog
from pipeline.enrich.migration import extract_migrations
from pipeline.enrich.outage_reports import is_outage_report
from pipeline.enrich.sentiment import score_texts
from pipeline.sample import social as sample_social
from pipeline.sample.plan import (
    CRISIS_START,
    DEFAULT_SEED,
    WINDOW_END,
    WINDOW_START,
    PlannedIncident,
    plan_scenario,
)
from pipeline.sample.social_plan import (
    BASELINE_TONE,
    COMPLAINT_TONE,
    REACTION_REPORTS_PER_HOUR,
    WAVE_START,
    names_vendor,
    plan_posts,
)

SOCIAL_NAMES = {s.name for s in sample_social.SOCIAL_SOURCES}
AT_URI = re.compile(r"at://did:plc:[a-z2-7]{24}/app\.bsky\.feed\.post/[a-z2-7]{13}")
ISO_MS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


@pytest.fixture(scope="module")
def social(plan) -> sample_social.SocialSample:
    return sample_social.build_social(plan, DEFAULT_SEED)


@pytest.fixture(scope="module")
def docs(social) -> dict[str, object]:
    files = social.files
    return {
        "hn": json.loads(files["social/hn.json"]),
        "reddit": json.loads(files["social/reddit.json"]),
        "bluesky": json.loads(files["social/bluesky.json"]),
        "mastodon": json.loads(files["social/mastodon.json"]),
        "extra": [json.loads(line) for line in files["social/extra.jsonl"].splitlines()],
    }


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def item_of(raw: dict) -> tuple[str, datetime | None, str, str]:
    """(post_id, created_at, author, text) of any item shape, as the pipeline reads it."""
    if "objectID" in raw:
        text = raw["comment_text"] if raw["_tags"][0] == "comment" else raw["title"]
        when = datetime.fromtimestamp(raw["created_at_i"], UTC)
        return f"hn:{raw['objectID']}", when, raw["author"], text or ""
    if raw.get("kind") in ("t1", "t3"):
        data = raw["data"]
        text = data["body"] if raw["kind"] == "t1" else f"{data['title']}\n{data['selftext']}"
        when = datetime.fromtimestamp(data["created_utc"], UTC)
        return f"reddit:{data['id']}", when, data["author"], text
    if "uri" in raw and "record" in raw:
        stamp = raw["record"]["createdAt"]
        when = ts(stamp) if ISO_MS.fullmatch(stamp) else None
        return f"bluesky:{raw['uri']}", when, raw["author"]["handle"], raw["record"]["text"]
    return f"mastodon:{raw['id']}", ts(raw["created_at"]), raw["account"]["acct"], raw["content"]


@pytest.fixture(scope="module")
def posts(docs) -> dict[str, tuple[str, datetime | None, str, str, str]]:
    """post_id -> (post_id, created_at, author, text, file)."""
    found: dict[str, tuple] = {}
    raws = [
        *((r, "hn") for r in docs["hn"]["hits"]),
        *((c, "reddit") for c in docs["reddit"]["data"]["children"]),
        *((p, "bluesky") for p in docs["bluesky"]["posts"]),
        *((s, "mastodon") for s in docs["mastodon"]),
        *((r, "extra") for r in docs["extra"]),
    ]
    for raw, file in raws:
        post_id, when, author, text = item_of(raw)
        assert post_id not in found, post_id
        found[post_id] = (post_id, when, author, text, file)
    return found


@pytest.fixture(scope="module")
def truth(social) -> dict:
    return social.truth


def incidents_by_id(plan) -> dict[str, PlannedIncident]:
    return {i.incident_id: i for i in plan if i.in_truth}


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_bytes_other_seed_differs(out: Path, social):
    """write_sample builds the social part again: same seed, same bytes and truth."""
    for source in sample_social.SOCIAL_SOURCES:
        assert (out / source.path).read_bytes() == social.files[source.path]
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    for key in ("crisis_reaction", "crowd_bursts", "hard_negatives", "migrations"):
        assert truth[key] == social.truth[key]
    drafts, _ = plan_posts(plan_scenario(7), 7)  # planning only: fast
    planned = [(d.at, d.text) for d in drafts]
    mine, _ = plan_posts(plan_scenario(), DEFAULT_SEED)
    assert [(d.at, d.text) for d in mine] != planned


# --------------------------------------------------------------------------- wire shapes


def test_hn_is_an_algolia_search_response(docs):
    doc = docs["hn"]
    assert doc["page"] == 0 and doc["nbPages"] == 1
    assert doc["nbHits"] == doc["hitsPerPage"] == len(doc["hits"])
    kinds = Counter(h["_tags"][0] for h in doc["hits"])
    assert kinds["story"] > 100 and kinds["comment"] > 1000
    stamps = [h["created_at_i"] for h in doc["hits"]]
    assert stamps == sorted(stamps, reverse=True)  # search_by_date: newest first
    for hit in doc["hits"]:
        assert hit["objectID"].isdigit() and hit["author"]
        assert ts(hit["created_at"]).timestamp() == hit["created_at_i"]
        if hit["_tags"][0] == "comment":
            assert isinstance(hit["comment_text"], str) and hit["story_id"] < int(hit["objectID"])
            assert hit["parent_id"] < int(hit["objectID"])
        else:
            assert hit["title"] and hit["comment_text"] is None


def test_reddit_is_a_listing_of_t3_and_t1(docs):
    doc = docs["reddit"]
    assert doc["kind"] == "Listing" and doc["data"]["after"] is None
    children = doc["data"]["children"]
    assert doc["data"]["dist"] == len(children)
    assert {c["kind"] for c in children} == {"t1", "t3"}
    for child in children:
        data = child["data"]
        assert data["name"] == f"{child['kind']}_{data['id']}"
        assert re.fullmatch(r"[0-9a-z]{7}", data["id"])
        assert data["permalink"].startswith(f"/r/{data['subreddit']}/comments/")
        assert isinstance(data["created_utc"], float)
        if child["kind"] == "t1":
            assert data["link_id"].startswith("t3_") and "body" in data
        else:
            assert data["title"] and "selftext" in data
    stamps = [c["data"]["created_utc"] for c in children]
    assert stamps == sorted(stamps, reverse=True)


def test_bluesky_is_a_search_posts_response(docs):
    doc = docs["bluesky"]
    assert set(doc) == {"posts"}  # no cursor: the last page
    for post in doc["posts"]:
        assert AT_URI.fullmatch(post["uri"]), post["uri"]
        assert post["uri"].startswith(f"at://{post['author']['did']}/")
        assert post["cid"].startswith("bafyrei") and post["author"]["handle"]
        record = post["record"]
        assert record["$type"] == "app.bsky.feed.post" and record["langs"] == ["en"]
        assert ISO_MS.fullmatch(record["createdAt"]) or record["createdAt"] == "not-a-date"
        assert ISO_MS.fullmatch(post["indexedAt"]) and isinstance(post["likeCount"], int)


def test_mastodon_is_an_array_of_statuses(docs):
    statuses = docs["mastodon"]
    assert isinstance(statuses, list)
    ids = [int(s["id"]) for s in statuses]
    assert ids == sorted(ids, reverse=True)  # snowflake ids grow with time; newest first
    for status in statuses:
        assert ISO_MS.fullmatch(status["created_at"])
        # Mastodon ids carry the creation time in milliseconds above 16 bits.
        assert int(status["id"]) >> 16 == int(ts(status["created_at"]).timestamp() * 1000)
        assert status["reblog"] is None and status["account"]["acct"]
        assert status["content"] == "" or status["content"].startswith("<p>")
        assert status["url"].endswith(f"/@{status['account']['username']}/{status['id']}")


def test_extra_jsonl_mixes_the_four_shapes(docs, posts):
    platforms = Counter(item_of(raw)[0].split(":", 1)[0] for raw in docs["extra"])
    assert set(platforms) == {"hn", "reddit", "bluesky", "mastodon"}
    assert all(n >= 50 for n in platforms.values())


def plain(text: str) -> str:
    """A post's text as the pipeline reads it (Mastodon HTML without tags and entities)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_crisis_reaction_plants_complaints_in_days_0_to_3(truth, posts, plan):
    reaction = truth["crisis_reaction"]
    vendor, first = reaction["vendor"], date.fromisoformat(reaction["first_day"])
    last = date.fromisoformat(reaction["last_day"])
    assert vendor == "anthropic" and first == CRISIS_START and last - first == timedelta(days=3)
    # Day 0 of the event study: the vendor's first major/critical incident after a quiet week.
    serious = sorted(
        i.started_at.date()
        for i in plan
        if i.in_truth and i.vendor == vendor and i.impact in ("major", "critical")
    )
    assert first in serious and not [d for d in serious if first - timedelta(days=7) <= d < first]
    assert reaction["event_day"] == first.isoformat()
    complaints = set(reaction["complaint_posts"])
    assert len(complaints) >= 300 and reaction["outage_reports"] >= 12
    naming: Counter[date] = Counter()
    planted: Counter[date] = Counter()
    for post_id, when, _, text, _ in posts.values():
        if when is None or not first <= when.date() <= last:
            assert post_id not in complaints
            continue
        if names_vendor(plain(text), vendor):
            naming[when.date()] += 1
            planted[when.date()] += post_id in complaints
    assert sum(planted.values()) == len(complaints)  # every complaint names the vendor
    shares = [planted[d] / naming[d] for d in sorted(naming)]
    assert len(shares) == 4 and all(0.4 <= x <= 0.5 for x in shares), shares
    assert sum(shares) / 4 == pytest.approx(reaction["complaint_share"], abs=1e-4)
    drop = reaction["complaint_share"] * (reaction["complaint_tone"] - reaction["baseline_tone"])
    assert reaction["sentiment_drop"] == pytest.approx(drop, abs=1e-4)
    assert -0.35 <= reaction["sentiment_drop"] <= -0.25


def test_reaction_tones_hold_on_the_project_scorer(truth, posts):
    """The tones the truth states are what pipeline.enrich.sentiment gives these texts."""
    reaction = truth["crisis_reaction"]
    assert (reaction["complaint_tone"], reaction["baseline_tone"]) == (
        COMPLAINT_TONE,
        BASELINE_TONE,
    )
    complaints = pl.Series([plain(posts[p][3]) for p in reaction["complaint_posts"]])
    assert abs(score_texts(complaints).mean() - COMPLAINT_TONE) <= 0.05
    # Complaints, not outage reports or switches: they move sentiment only.
    assert not is_outage_report(complaints).any()
    moves = extract_migrations(complaints)
    assert moves.filter(pl.col("to_vendor").is_not_null()).is_empty()
    ordinary = pl.DataFrame(
        [
            (when.date(), plain(text))
            for _, when, _, text, _ in posts.values()
            if when is not None
            and when.date() < CRISIS_START
            and names_vendor(plain(text), "anthropic")
        ],
        schema={"day": pl.Date(), "text": pl.String()},
        orient="row",
    )
    daily = (
        ordinary.with_columns(score=score_texts(ordinary["text"]))
        .group_by("day")
        .agg(pl.col("score").mean())
    )
    assert abs(daily["score"].mean() - BASELINE_TONE) <= 0.05


def test_crisis_reports_trickle_while_incidents_run(truth, plan):
    drafts, _ = plan_posts(plan, DEFAULT_SEED)
    reports = [d for d in drafts if d.role == "crisis_report"]
    assert len(reports) == truth["crisis_reaction"]["outage_reports"]
    per_hour = Counter(d.at.replace(minute=0, second=0, microsecond=0) for d in reports)
    assert max(per_hour.values()) <= REACTION_REPORTS_PER_HOUR  # under the anomaly threshold
    running = [i for i in plan if i.vendor == "anthropic" and not i.is_maintenance]
    for draft in reports:
        assert CRISIS_START <= draft.at.date() <= CRISIS_START + timedelta(days=3)
        assert any(i.started_at <= draft.at < (i.resolved_at or WINDOW_END) for i in running)
    flagged = is_outage_report(pl.Series([d.text for d in reports]))
    assert flagged.mean() >= 0.75  # texts of the "down" bank, within the detector's recall


# --------------------------------------------------------------------------- volume and rhythm


def test_counts_rhythm_and_authors(social, posts):
    assert 20_000 <= len(posts) <= 40_000
    assert sum(social.counts.values()) == len(posts)
    times = [p[1] for p in posts.values() if p[1] is not None]
    assert min(times) >= WINDOW_START and max(times) < WINDOW_END
    hours = Counter(t.hour for t in times)
    assert sum(hours[h] for h in range(14, 20)) > 3 * sum(hours[h] for h in range(2, 8))
    days = Counter(t.weekday() for t in times)
    assert days[1] > 1.3 * days[6]  # Tuesdays busier than Sundays
    authors = Counter((p[0].split(":")[0], p[2]) for p in posts.values())
    assert len(authors) > 2000 and authors.most_common(1)[0][1] > 100  # a few prolific ones
    texts = " ".join(p[3] for p in list(posts.values())[:5000])
    for product in ("ChatGPT", "Claude", "Sonnet", "Gemini", "Copilot", "Llama", "Grok"):
        assert product in texts, product
    assert len({p[3] for p in posts.values()}) > 3000  # varied wording


# --------------------------------------------------------------------------- planted signals


def test_truth_keys_and_sorting(truth):
    assert set(truth) == {
        "bad_records",
        "crisis_reaction",
        "crowd_bursts",
        "hard_negatives",
        "migrations",
    }
    assert truth["hard_negatives"] == sorted(truth["hard_negatives"])
    for m in truth["migrations"]:
        assert set(m) == {"post_id", "from_vendor", "to_vendor"}
        assert m["from_vendor"] != m["to_vendor"]
        assert vendors.is_vendor(m["from_vendor"]) and vendors.is_vendor(m["to_vendor"])


def test_planted_migrations_exist_and_name_their_vendors(truth, posts):
    for m in truth["migrations"]:
        text = posts[m["post_id"]][3]
        plain = re.sub(r"<[^>]+>", "", text).replace("&#x27;", "'").replace("&#x2F;", "/")
        wanted = sorted([m["from_vendor"], m["to_vendor"]])
        assert sorted(vendors.match_vendors(plain)) == wanted, plain
    assert len({m["post_id"] for m in truth["migrations"]}) == len(truth["migrations"])
    assert not set(truth["hard_negatives"]) & {m["post_id"] for m in truth["migrations"]}
    assert all(n in posts for n in truth["hard_negatives"])
    assert len(truth["hard_negatives"]) >= 300


def test_migration_waves(truth, posts):
    def day_counts(source: str, target: str) -> Counter:
        return Counter(
            posts[m["post_id"]][1].date()
            for m in truth["migrations"]
            if (m["from_vendor"], m["to_vendor"]) == (source, target)
        )

    wave = day_counts("openai", "anthropic")
    assert sum(wave.values()) >= 300
    assert min(wave) < WAVE_START  # background noise before the wave
    early = sum(n for d, n in wave.items() if "2026-03-03" <= d.isoformat() <= "2026-03-07")
    late = sum(n for d, n in wave.items() if "2026-03-12" <= d.isoformat() <= "2026-03-16")
    assert early > 3 * late  # peaks early
    back = day_counts("anthropic", "openai") + day_counts("anthropic", "google")
    assert sum(back.values()) >= 150
    assert sum(n for d, n in back.items() if d.isoformat() >= "2026-03-10") > 0.8 * sum(
        back.values()
    )
    pairs = {(m["from_vendor"], m["to_vendor"]) for m in truth["migrations"]}
    assert len(pairs) >= 20  # background switching between all vendors


def test_bursts_precede_their_incidents(truth, plan, posts):
    incidents = incidents_by_id(plan)
    bursts = truth["crowd_bursts"]
    led = [b for b in bursts if b["incident_id"] is not None]
    assert len(led) >= 4 and {b["vendor"] for b in led} == {"anthropic", "openai"}
    for burst in led:
        incident = incidents[burst["incident_id"]]
        assert incident.vendor == burst["vendor"]
        assert incident.impact in ("major", "critical")
        start, end = ts(burst["start"]), ts(burst["end"])
        lead = (incident.started_at - start).total_seconds() / 60
        assert 30 <= lead <= 121, burst
        assert timedelta(hours=2) <= end - start <= timedelta(hours=5)
        floored = start.replace(minute=0, second=0)
        expected = int((floored - incident.started_at).total_seconds() // 60)
        assert burst["expected_lead_minutes"] == expected < 0
        assert burst["authors"] == burst["posts"] >= 25
        members = [
            p
            for p in posts.values()
            if p[1] is not None
            and start <= p[1] <= end + timedelta(seconds=1)
            and burst["vendor"] in vendors.match_vendors(re.sub(r"<[^>]+>", "", p[3]))
        ]
        assert len(members) >= burst["posts"]
        # The crowd is first: no incident of the vendor runs in the hours before.
        assert not any(
            i.vendor == incident.vendor
            and i is not incident
            and i.started_at < incident.started_at
            and (i.resolved_at or WINDOW_END) > start - timedelta(hours=6)
            for i in incidents.values()
        )


def test_silent_burst_has_no_incident_nearby(truth, plan):
    silent = [b for b in truth["crowd_bursts"] if b["incident_id"] is None]
    assert len(silent) == 1
    burst = silent[0]
    assert burst["expected_lead_minutes"] is None and burst["authors"] >= 25
    start, end = ts(burst["start"]), ts(burst["end"])
    for item in plan:
        if not item.in_truth:
            continue
        finish = item.resolved_at or WINDOW_END
        far = finish < start - timedelta(hours=6) or item.started_at > end + timedelta(hours=6)
        assert far, (item.vendor, item.incident_id)


def test_bad_records_are_present_in_their_files(truth, posts):
    bad = {b["source"]: [] for b in truth["bad_records"]}
    for b in truth["bad_records"]:
        bad[b["source"]].append(b)
        assert b["reason"]
        assert sample_social.SOURCE_OF_PLATFORM[posts[b["record_ref"]][4]] == b["source"]
    refs = {b["record_ref"]: b for b in truth["bad_records"]}
    assert len(refs) == 5 and set(bad) == {"hn-claude", "reddit-ai", "bluesky-ai", "mastodon-ai"}
    texts = {ref: posts[ref][3] for ref in refs}
    assert any(t == "[deleted]" for t in texts.values())
    assert any(t.endswith("\n[removed]") for t in texts.values())
    hn = next(r for r in refs if r.startswith("hn:"))
    assert texts[hn] == ""
    bsky = next(r for r in refs if r.startswith("bluesky:"))
    assert posts[bsky][1] is None  # createdAt 'not-a-date'
    masto = next(r for r in refs if r.startswith("mastodon:"))
    assert texts[masto] == ""


# --------------------------------------------------------------------------- written sample


def test_write_sample_adds_social_sources_and_truth(out: Path, social):
    catalog = load_catalog(out / "catalog.yaml")
    kinds = [s.kind for s in catalog.sources]
    assert kinds == sorted(kinds, key=("status", "news", "social").index)
    found = {s.name: s for s in catalog.sources if s.kind == "social"}
    assert set(found) == SOCIAL_NAMES
    for source in sample_social.SOCIAL_SOURCES:
        assert found[source.name].format == "auto"
        assert (out / found[source.name].url).is_file()
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    mine = [b for b in truth["bad_records"] if b["source"] in SOCIAL_NAMES]
    assert mine == social.truth["bad_records"]
    assert list(truth) == sorted(truth)
