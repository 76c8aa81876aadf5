"""Social part of the embedded sample: posts about AI assistants in four platforms' wire formats.

`build_social(plan, seed)` writes, for 2025-12-01 .. 2026-04-30, about 25,000 posts and
comments, one file per platform exactly in the shape its public API returns, plus a JSON Lines
file mixing the four item shapes:

- `social/hn.json`: an HN Algolia `search_by_date` response (`hits[]` of stories and comments);
- `social/reddit.json`: a Reddit Listing of `t3` submissions and `t1` comments;
- `social/bluesky.json`: an `app.bsky.feed.searchPosts` response (`posts[]`, no cursor);
- `social/mastodon.json`: a Mastodon array of statuses (hashtag timeline), newest first;
- `social/extra.jsonl`: one item per line, any of the four item shapes.

Texts come from sentence banks (coding help, opinions, prices, jokes, news reactions) and name
vendors by product ("ChatGPT", "Sonnet", "Le Chat", ...). Volume follows a daily rhythm (US
daytime peak) and a weekly one (quiet weekends); authors come from a per-platform pool in which
a few accounts are prolific.

Planted signals, recorded in the truth (post ids as the pipeline builds them,
'<platform>:<native id>': `hn:<objectID>`, `reddit:<id>`, `bluesky:<at:// uri>`,
`mastodon:<id>`):

- `migrations`: posts announcing a switch from one vendor to another: an OpenAI -> Anthropic
  wave from 3 March 2026 (peaking in its first days), an Anthropic -> OpenAI / Google backflow
  from 10 March while Claude's incidents pile up, and low background switching between all
  vendors. Each names exactly its two vendors (checked with `pipeline.core.vendors.match_vendors`).
- `hard_negatives`: look-alikes that are not migrations (questions, refusals, cancelled plans,
  comparisons, "I use both", hearsay, conditionals, migrations of databases, phones or cities).
- `crowd_bursts`: "is it down" bursts from many distinct authors over 2-5 hours that start
  30-120 minutes before a major/critical Anthropic or OpenAI incident of the status plan, plus
  one silent burst (no incident of any vendor within 6 hours). `expected_lead_minutes` is
  floor(burst start to the hour) - incident start, in minutes (negative: the crowd was first).
- `bad_records`: a '[deleted]' Reddit comment, a '[removed]' Reddit submission, an HN hit with
  empty comment_text, a Bluesky post whose createdAt is 'not-a-date' and a Mastodon status with
  empty content.

Determinism: every choice comes from `random.Random(f"social-{seed}")`, never from the clock;
the status and news parts of the sample do not change.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pipeline.core import vendors as vendor_table
from pipeline.sample.plan import WINDOW_DAYS, WINDOW_END, WINDOW_START, PlannedIncident


@dataclass(slots=True, frozen=True)
class SocialSource:
    """A social source of the sample catalog."""

    name: str
    path: str  # relative to the catalog
    platform: str | None  # None: the JSON Lines file mixing platforms
    description: str


SOCIAL_SOURCES: tuple[SocialSource, ...] = (
    SocialSource("hn-claude", "social/hn.json", "hn", "Hacker News search (Algolia)"),
    SocialSource("reddit-ai", "social/reddit.json", "reddit", "Reddit AI subreddits (Listing)"),
    SocialSource("bluesky-ai", "social/bluesky.json", "bluesky", "Bluesky post search"),
    SocialSource("mastodon-ai", "social/mastodon.json", "mastodon", "Mastodon hashtag timeline"),
    SocialSource("social-extra", "social/extra.jsonl", None, "Mixed social items (JSON Lines)"),
)
SOURCE_OF_PLATFORM = {s.platform: s.name for s in SOCIAL_SOURCES if s.platform}
EXTRA = "extra"
PLATFORM_WEIGHTS = {"reddit": 0.36, "hn": 0.20, "bluesky": 0.25, "mastodon": 0.14, EXTRA: 0.05}

DAILY_BASE = 150  # background posts on an ordinary weekday
# UTC hour -> relative volume: quiet European night, peak in US working hours.
HOUR_WEIGHTS = (
    3.0, 2.5, 2.0, 1.6, 1.3, 1.2, 1.3, 1.6, 2.2, 2.8, 3.3, 3.6,
    4.0, 4.8, 5.6, 6.2, 6.5, 6.6, 6.4, 6.0, 5.6, 5.0, 4.3, 3.6,
)  # fmt: skip
HOUR_CUM = tuple(itertools.accumulate(HOUR_WEIGHTS))
WEEKDAY_FACTORS = (1.05, 1.1, 1.1, 1.05, 0.95, 0.65, 0.6)  # Monday first
WAVE_START = date(2026, 3, 3)
BACKFLOW_START = date(2026, 3, 10)

# Quarantine defects: key -> (platform, reason in truth.json).
DEFECTS: dict[str, tuple[str, str]] = {
    "reddit_deleted": ("reddit", "comment body is '[deleted]'"),
    "reddit_removed": ("reddit", "submission text is '[removed]'"),
    "hn_empty": ("hn", "comment_text is empty"),
    "bluesky_bad_date": ("bluesky", "record.createdAt 'not-a-date' is not a timestamp"),
    "mastodon_empty": ("mastodon", "status content is empty"),
}

# --------------------------------------------------------------------------- wording

PRODUCTS: dict[str, tuple[str, ...]] = {
    "openai": ("ChatGPT", "ChatGPT", "GPT-4o", "GPT-5", "Codex"),
    "anthropic": ("Claude", "Claude", "Sonnet", "Claude Opus", "Claude Code"),
    "google": ("Gemini", "Gemini", "Gemini Pro", "Gemini Flash"),
    "microsoft": ("Copilot", "GitHub Copilot"),
    "meta": ("Llama", "Llama 4"),
    "mistral": ("Le Chat", "Mistral"),
    "xai": ("Grok",),
    "deepseek": ("DeepSeek", "DeepSeek R1"),
}
PLANS: dict[str, str] = {
    "openai": "ChatGPT Plus",
    "anthropic": "Claude Pro",
    "google": "Gemini Advanced",
    "microsoft": "Copilot Pro",
    "meta": "Llama",
    "mistral": "Le Chat Pro",
    "xai": "SuperGrok",
    "deepseek": "DeepSeek API credits",
}
MIGRATION_VENDORS = tuple(PRODUCTS)
CHATTER_VENDORS = {
    "openai": 0.34,
    "anthropic": 0.30,
    "google": 0.12,
    "microsoft": 0.07,
    "meta": 0.05,
    "deepseek": 0.05,
    "mistral": 0.03,
    "xai": 0.04,
}
SUBREDDITS: dict[str, tuple[str, ...]] = {
    "anthropic": ("ClaudeAI",),
    "openai": ("ChatGPT", "OpenAI"),
    "meta": ("LocalLLaMA",),
    "deepseek": ("LocalLLaMA", "singularity"),
    "google": ("singularity", "Bard"),
}
OTHER_SUBREDDITS = ("singularity", "artificial", "ChatGPTCoding")

LANGS = ("Python", "TypeScript", "Rust", "Go", "Kotlin", "SQL", "Bash", "Elixir", "C++", "Swift")
TASKS = (
    "a flaky integration test",
    "a gnarly regex",
    "a Terraform module",
    "a React hook",
    "a pandas groupby",
    "a race condition",
    "an N+1 query",
    "a CSS grid layout",
    "a memory leak",
    "a Dockerfile",
    "a GraphQL resolver",
    "an off-by-one bug",
    "a bash one-liner",
    "a SQL window function",
)

# Background chatter; {p} a product, {q} another vendor's product, {lang}, {task}.
CHATTER: dict[str, tuple[str, ...]] = {
    "coding": (
        "Asked {p} to write {task} in {lang} and it got it right first try.",
        "{p} just found {task} in my {lang} code that I'd been staring at for an hour.",
        "Tip: give {p} the failing test output, not just the code. Works much better for {task}.",
        "Spent the morning pairing with {p} on {task}. Mixed results.",
        "{p} keeps hallucinating {lang} APIs that don't exist. Annoying.",
        "How do you get {p} to stop rewriting the whole file when you only ask for {task}?",
        "{p} wrote a decent first draft of {task}, needed two small fixes.",
        "Today {p} explained {task} in {lang} better than the official docs.",
        "Code review by {p} caught {task} before it shipped. Not bad.",
        "Is {p} any good at {lang}? Mine struggles with {task}.",
        "My {lang} prompts for {p}: short context, the exact error, the expected output.",
        "{p} in the terminal is a different experience from the chat window, at least for {task}.",
        "Wrote {task} by hand, then asked {p} to review it. It found two edge cases.",
        "Letting {p} generate {lang} tests first, then writing the code, works surprisingly well.",
    ),
    "opinion": (
        "Hot take: {p} is overrated for anything beyond boilerplate.",
        "{p} has gotten noticeably better at following instructions lately.",
        "Honestly {p} is the best writing assistant I've used.",
        "I like {p} but the personality is a bit much sometimes.",
        "{p} refuses the weirdest things. Asked for a villain monologue and got a lecture.",
        "The long context on {p} is underrated for reading big codebases.",
        "{p} feels lazier this week, or is it just me?",
        "Unpopular opinion: {p} and {q} are roughly equal for day to day work.",
        "{p} answers are getting shorter and I don't love it.",
        "Still impressed how well {p} handles messy spreadsheets.",
        "The {p} model is great at planning, weaker at actually finishing the job.",
        "{p} is the first AI tool my non-technical parents actually use.",
    ),
    "prices": (
        "{p} pricing is getting confusing: three tiers and usage caps on top.",
        "Paying $20 a month for {p} is the best money I spend on software.",
        "API bill from {p} this month was way higher than expected. Watch your token counts.",
        "Is the {p} top tier worth $200 a month? Seems steep.",
        "{p} rate limits on the cheaper plan are brutal.",
        "Batch pricing on the {p} API cut our inference costs in half.",
        "The free tier of {p} is surprisingly usable.",
        "Per-token prices keep dropping; {p} is now cheaper than our old search API.",
    ),
    "jokes": (
        "{p} told me my code was 'elegant'. It was not.",
        "Me: fix this one bug. {p}: I have rewritten your entire app in a new framework.",
        "My rubber duck now has a subscription fee and it's called {p}.",
        "{p} apologized four times in one answer. Peak politeness.",
        "Asked {p} for a haiku about Kubernetes and it was better than our docs.",
        "{p} said 'Great question!' to the dumbest question I have ever asked.",
        "Every time {p} says 'Certainly!' a senior engineer loses their wings.",
        "{p} confidently invented a {lang} library, a maintainer and a changelog.",
    ),
    "news": (
        "Did you see the new {p} release? Benchmarks look good, will test tomorrow.",
        "{p} getting a bigger context window is great news for my codebase.",
        "Interesting read on how {p} handles prompt injection.",
        "{p} is now free for students, nice.",
        "The {p} launch event was mostly demos we'd already seen.",
        "New {p} model dropped, anyone tried it yet?",
        "Reading the {p} system card. Long, but worth it.",
        "Voice mode in {p} finally works well on my phone.",
    ),
    "generic": (
        "AI coding assistants are great until you have to debug what they wrote.",
        "Prompt engineering is mostly just writing clear tickets.",
        "Half my pull requests this month had an AI assistant involved somewhere.",
        "LLM evals are the new unit tests and nobody writes them either.",
        "Local models are finally good enough for autocomplete.",
        "Reminder to review generated code like it came from an intern.",
        "The best AI feature of the year is still just good autocomplete.",
        "Our team's rule: no generated code without a test that fails first.",
    ),
}
CHATTER_THEMES = {
    "coding": 0.30,
    "opinion": 0.20,
    "prices": 0.12,
    "jokes": 0.10,
    "news": 0.13,
    "generic": 0.15,
}
CRISIS_CHATTER = (
    "{p} reliability has been rough this month.",
    "Third time this week {p} fell over in the middle of a long task.",
    "Love {p} when it works, which lately is not always.",
    "Status pages should be legally required to be honest. Looking at you, {p}.",
)

# Migrations: {f}/{t} products, {fp}/{tp} plans of the two vendors.
MIGRATION: tuple[str, ...] = (
    "Switched from {f} to {t} last week and honestly not looking back.",
    "Finally moved my whole workflow from {f} over to {t}.",
    "Ditched {f} for {t}. The code suggestions are just better.",
    "bye {f}, hello {t} \N{WAVING HAND SIGN}",
    "Replaced {f} with {t} in our internal tooling this sprint.",
    "Cancelled {fp} and signed up for {tp} today.",
    "Stopped paying for {fp}; {t} is my daily driver now.",
    "Made the jump from {f} to {t} for all my side projects.",
    "Our team migrated from the {f} API to {t} over the weekend.",
    "After two years on {f} I'm now using {t} full time.",
    "Uninstalled {f}. {t} does everything I need.",
    "{f} \N{RIGHTWARDS ARROW} {t}. Done.",
    "Officially a {t} user now, {fp} subscription cancelled.",
    "Moving our agents off {f} and onto {t} starting Monday.",
    "Traded my {fp} for {tp}; best decision this month.",
    "{t} has taken over from {f} for me completely.",
    "Swapped {f} out for {t} in my editor.",
    "Goodbye {f}. I'm on {t} now.",
    "Told my team we're switching our default model from {f} to {t}.",
    "Not renewing {fp}; already moved everything to {t}.",
    "Took the plunge and ported all my prompts from {f} to {t}.",
    "Migrated our support bot from {f} to {t}. Answers are better, latency is fine.",
    "I'm done with {f}. Using {t} from now on.",
    "Rewired my scripts to call {t} instead of {f}.",
    "Dropped {f} last night, {t} is my go-to model now.",
    "Left {f} behind and went all in on {t}.",
    "Switching from {f} to {t} cost me one afternoon. Should have done it sooner.",
    "Today I cancelled {fp}. Moving to {t}.",
    "Been a {f} person since day one but I jumped ship to {t} this week.",
    "Pointed our whole codebase at {t} today, {f} is out.",
    "We finished moving production traffic from {f} to {t}.",
    "New setup: {t} for everything, {f} is gone from my dock.",
)
MIGRATION_TO_META = (
    "Ditched {f} and I'm self-hosting Llama now.",
    "Moved off {f}; running Llama 4 locally on my own GPU from now on.",
    "Cancelled {fp}. Self-hosted Llama on a used 3090 does the job for me.",
)
MIGRATION_BACK = (  # backflow: leaving Anthropic during its outages
    "Going back to {t}. {f} has been too unreliable lately.",
    "Crawling back to {t} after {f} fell over again today.",
    "Back on {t}; {f} keeps throwing overloaded errors.",
    "Returned to {t} this week. Can't ship anything while {f} is down every other day.",
    "Switched back from {f} to {t} until they sort out the outages.",
    "Cancelled {fp} and went back to {tp}. The downtime was killing my deadlines.",
)
CONTEXT_TAILS = (
    " #AI",
    " #LLM",
    " Better model for my prompts.",
    " (AI coding assistant, for context)",
)
MIGRATION_PREFIXES = ("", "", "", "Update: ", "PSA: ", "Well, ", "Ok so ", "Small news: ")
MIGRATION_REASONS: dict[str, tuple[str, ...]] = {
    "wave": (
        "",
        "",
        " The coding quality gap is real.",
        " It just understands my codebase better.",
        " Fewer refusals, better diffs.",
        " Writing quality is on another level.",
    ),
    "back": (
        "",
        " Too many 529s lately.",
        " Reliability matters more than vibes.",
        " I need something that stays up.",
    ),
    "noise": ("", "", " Cheaper too.", " Better at long documents.", " Faster for my use case."),
}

# Hard negatives: look like switches, are not. {a}/{b} products, {ap}/{bp} plans.
HARD_NEGATIVES: dict[str, tuple[str, ...]] = {
    "question": (
        "Should I switch from {a} to {b}? Mostly doing Python.",
        "Anyone moved from {a} to {b}? Was it worth it?",
        "Thinking about switching to {b}. Is it really better than {a} for coding?",
        "Is it worth cancelling {ap} for {bp}?",
        "Would you switch from {a} to {b} for a small team? Genuinely asking.",
    ),
    "refusal": (
        "Not switching to {b}, {a} works fine for me.",
        "People keep telling me to move to {b} but I'm staying with {a}.",
        "Everyone says ditch {a} for {b}. Nope, not doing it.",
        "I won't be leaving {a} for {b} anytime soon.",
    ),
    "cancelled": (
        "Cancelled my {ap} because I barely used it. Not getting anything else.",
        "Cancelled {ap} to save money this month. Back to writing code myself.",
        "Had to cancel {ap}, the company card expired. Will renew next week.",
    ),
    "comparison": (
        "{a} vs {b} on the same refactor: {a} was faster, {b} wrote cleaner tests.",
        "Ran the same prompt through {a} and {b}; {b} nailed it, {a} rambled.",
        "Benchmarked {a} against {b} on our eval set. Basically a tie.",
    ),
    "both": (
        "I use both {a} and {b}, different tools for different jobs.",
        "Paying for {ap} and {bp}. No regrets, they complement each other.",
        "{a} for code, {b} for writing. Works for me.",
    ),
    "hearsay": (
        "Everyone's moving to {b} apparently.",
        "Half my timeline switched from {a} to {b} this week, lol.",
        "My boss says the whole company is migrating to {b}. We'll see.",
        "Heard a lot of teams ditched {a} for {b}. Not me though.",
    ),
    "conditional": (
        "If {a} goes down one more time I'm switching to {b}.",
        "Might move to {b} next month if {a} pricing stays like this.",
    ),
    "other": (
        "Migrated our database from MySQL to Postgres this weekend; {a} wrote most of the scripts.",
        "Switched from Android to iPhone and the {a} app works great on it.",
        "Moved from London to Berlin last month, used {a} to translate my lease.",
        "We moved from Jenkins to GitHub Actions. {a} helped with the YAML.",
        "Switched from vim to VS Code after ten years. Still using {a} in the terminal.",
        "Replaced our Redis cache with Postgres. {a} talked me out of it twice.",
    ),
}

# "Is it down" reports; {p} a product of the vendor.
DOWN: dict[str, tuple[str, ...]] = {
    "anthropic": (
        "Is {p} down?",
        "is {p} down for anyone else?",
        "Getting 529s from the {p} API",
        "{p} overloaded again",
        "{p} API returning 'overloaded_error' on every request right now",
        "Anyone else getting errors from {p}? Status page says all green.",
        "{p} down again?? status page still green",
        "{p} is super slow right now, requests timing out",
        "can't get a single response out of {p}, anyone else?",
        "{p} is dead for me. Overloaded errors everywhere.",
        "Is it just me or is {p} down",
        "529 overloaded from {p} for the last 20 minutes",
    ),
    "openai": (
        "Is {p} down?",
        "{p} not working for anyone else?",
        "{p} just says 'something went wrong' on every message",
        "Getting 500s from the {p} API",
        "{p} down again? Status page says all systems operational.",
        "anyone else's {p} stuck on the loading dots?",
        "{p} API timing out for me, is it just me?",
        "Is it just me or is {p} down",
        "{p} is throwing 'network error' constantly right now",
        "{p} login loop again. Anyone else?",
    ),
}
DOWN_OTHER = (
    "Is {p} down?",
    "{p} not working for anyone else?",
    "{p} API timing out for me, is it just me?",
)

NEUTRAL_FOR_BAD = (
    "Anyone have a good prompt for summarizing meeting notes?",
    "Which model are you all using for code review these days?",
    "Is there a decent local model for autocomplete?",
)

HN_STORY_TITLES = (
    "Ask HN: How are you using AI coding assistants at work?",
    "Show HN: A tiny CLI that pipes git diffs to an LLM for review",
    "LLM inference costs are falling faster than expected",
    "Ask HN: What's your setup for local models?",
    "The hidden costs of AI-generated code",
    "Show HN: Open-source eval harness for coding agents",
)
REDDIT_LINK_TITLES = (
    "Weekly discussion thread",
    "What are you building this week?",
    "Tips for long coding sessions?",
    "Megathread: model performance and status",
)

# Handles.
_SYL = (
    "ka", "ro", "mi", "ta", "ne", "lo", "sa", "vi", "de", "ju", "pe", "ri", "zo", "an",
    "el", "or", "us", "ha", "ki", "mo", "ba", "li", "fe", "no", "tu", "ga", "si", "we",
)  # fmt: skip
_WORDS = (
    "Quiet", "Rusty", "Clever", "Sleepy", "Brave", "Lazy", "Cosmic", "Tiny", "Salty", "Happy",
    "Otter", "Falcon", "Badger", "Pickle", "Walrus", "Toaster", "Panda", "Koala", "Lemur",
    "Raccoon", "Teapot", "Comet", "Pixel", "Cactus",
)  # fmt: skip
MASTODON_HOSTS = (
    "mastodon.social",
    "mastodon.social",
    "fosstodon.org",
    "hachyderm.io",
    "infosec.exchange",
    "mas.to",
)
BSKY_SUFFIXES = ("bsky.social", "bsky.social", "bsky.social", "dev", "net", "io")
B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
HN_BASE = 46_120_000
REDDIT_T3_BASE = int("1p20000", 36)
REDDIT_T1_BASE = int("nq00000", 36)
POOL_SIZE = 3000


# --------------------------------------------------------------------------- plan records


@dataclass(slots=True)
class Draft:
    """One planned post before rendering; ids are assigned in time order per platform."""

    at: datetime
    text: str
    platform: str  # hn | reddit | bluesky | mastodon
    extra: bool = False  # written to extra.jsonl instead of the platform file
    role: str = "chatter"  # chatter | migration | negative | down | defect
    vendors: tuple[str, ...] = ()  # (from, to) for migrations; (vendor,) for down reports
    burst: int | None = None
    defect: str | None = None
    author: str = ""
    kind: str = "post"  # story | comment (hn), t3 | t1 (reddit), post
    native_id: str = ""
    thread: dict[str, str] = field(default_factory=dict)

    @property
    def post_id(self) -> str:
        """'<platform>:<native id>' as the pipeline builds it."""
        return f"{self.platform}:{self.native_id}"


@dataclass(slots=True, frozen=True)
class Burst:
    """A planted crowd burst of 'is it down' reports."""

    vendor: str
    start: datetime
    end: datetime
    incident: PlannedIncident | None


@dataclass(slots=True, frozen=True)
class SocialSample:
    """The social part of the sample: files (relative path -> bytes) and truth keys."""

    files: dict[str, bytes]
    truth: dict[str, list[object]]
    counts: dict[str, int]


# --------------------------------------------------------------------------- helpers


def _iso_ms(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def _iso_z(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _floor_hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def _b36(value: int) -> str:
    out = ""
    while value:
        value, digit = divmod(value, 36)
        out = B36[digit] + out
    return out or "0"


def _base32(value: int, width: int) -> str:
    """Lower-case RFC 4648 base32 digits (as in CIDs), most significant first."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    return "".join(alphabet[(value >> (5 * (width - 1 - i))) & 31] for i in range(width))


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:8]
    return "_".join(words) or "post"


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys, cum = _cumulative(tuple(weights.items()))
    return rng.choices(keys, cum_weights=cum)[0]


@functools.cache
def _cumulative(pairs: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    return tuple(k for k, _ in pairs), list(itertools.accumulate(w for _, w in pairs))


def _other_vendor(rng: random.Random, vendor: str) -> str:
    return rng.choice([v for v in MIGRATION_VENDORS if v != vendor])


def _names_exactly(text: str, wanted: Sequence[str]) -> bool:
    """True when `text` names exactly the `wanted` vendors (in any order) for the pipeline."""
    return sorted(vendor_table.match_vendors(text)) == sorted(wanted)


class _Planner:
    """Plans every post of the social sample from one seeded generator."""

    def __init__(self, plan: Sequence[PlannedIncident], seed: int) -> None:
        self.rng = random.Random(f"social-{seed}")
        self.plan = [i for i in plan if i.in_truth]
        self.drafts: list[Draft] = []
        self.bursts: list[Burst] = []

    # -- times and placement

    def _time_on(self, day: date) -> datetime:
        hour = self.rng.choices(range(24), cum_weights=HOUR_CUM)[0]
        return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) + timedelta(
            seconds=self.rng.randrange(3600), microseconds=self.rng.randrange(1000) * 1000
        )

    def _platform(self) -> tuple[str, bool]:
        choice = _pick(self.rng, PLATFORM_WEIGHTS)
        if choice == EXTRA:
            return self.rng.choice(("hn", "reddit", "bluesky", "mastodon")), True
        return choice, False

    def _add(self, at: datetime, text: str, **kw: object) -> Draft:
        platform, extra = self._platform()
        draft = Draft(at=at, text=text, platform=platform, extra=extra, **kw)  # type: ignore[arg-type]
        self.drafts.append(draft)
        return draft

    def _days(self, first: date, last: date, weight: object) -> tuple[list[date], list[float]]:
        days = [first + timedelta(days=d) for d in range((last - first).days + 1)]
        return days, [weight(d) for d in days]  # type: ignore[operator]

    # -- chatter

    def chatter(self) -> None:
        """Background posts: daily and weekly rhythm, more Claude talk during the crisis."""
        for offset in range(WINDOW_DAYS):
            day = WINDOW_START.date() + timedelta(days=offset)
            crisis = WAVE_START <= day <= date(2026, 3, 31)
            rate = DAILY_BASE * WEEKDAY_FACTORS[day.weekday()] * (1.0 + offset / 600)
            if crisis:
                rate *= 1.3
            count = max(0, round(self.rng.gauss(rate, math.sqrt(rate))))
            weights = dict(CHATTER_VENDORS)
            if crisis:
                weights["anthropic"] *= 1.6
            for _ in range(count):
                self._add(self._time_on(day), self._chatter_text(weights, crisis))
            for _ in range(self.rng.choice((0, 1, 1, 2))):  # background "is it down" reports
                vendor = self.rng.choice(("anthropic", "openai", "openai", "google", "xai"))
                text = self._down_text(vendor)
                self._add(self._time_on(day), text, role="down", vendors=(vendor,))

    def _chatter_text(self, weights: dict[str, float], crisis: bool) -> str:
        theme = _pick(self.rng, CHATTER_THEMES)
        vendor = _pick(self.rng, weights)
        if crisis and vendor == "anthropic" and self.rng.random() < 0.15:
            template = self.rng.choice(CRISIS_CHATTER)
        else:
            template = self.rng.choice(CHATTER[theme])
        return template.format(
            p=self.rng.choice(PRODUCTS[vendor]),
            q=self.rng.choice(PRODUCTS[_other_vendor(self.rng, vendor)]),
            lang=self.rng.choice(LANGS),
            task=self.rng.choice(TASKS),
        )

    # -- migrations and look-alikes

    def _migration_text(self, source: str, target: str, flavour: str) -> str:
        for _ in range(30):
            if target == "meta" and self.rng.random() < 0.5:
                template = self.rng.choice(MIGRATION_TO_META)
            elif flavour == "back" and self.rng.random() < 0.5:
                template = self.rng.choice(MIGRATION_BACK)
            else:
                template = self.rng.choice(MIGRATION)
            if source == "meta" and "{fp}" in template:
                continue  # nobody cancels a Llama subscription
            text = self.rng.choice(MIGRATION_PREFIXES) + template.format(
                f=self.rng.choice(PRODUCTS[source]),
                t=self.rng.choice(PRODUCTS[target]),
                fp=PLANS[source],
                tp=PLANS[target],
            )
            text += self.rng.choice(MIGRATION_REASONS[flavour])
            if not _names_exactly(text, (source, target)):
                # "Gemini", "Llama", "Grok"... count only with AI context (pipeline.core.vendors).
                text += self.rng.choice(CONTEXT_TAILS)
            if _names_exactly(text, (source, target)):
                return text
        raise AssertionError(f"no unambiguous migration text for {source} -> {target}")

    def migrations(self) -> None:
        """The OpenAI -> Anthropic wave, the backflow and background switching."""
        last = (WINDOW_END - timedelta(days=1)).date()
        days, weights = self._days(
            WAVE_START,
            WAVE_START + timedelta(days=15),
            lambda d: ((d - WAVE_START).days + 1) * math.exp(-(d - WAVE_START).days / 2.2),
        )
        for day in self.rng.choices(days, weights=weights, k=self.rng.randint(330, 380)):
            self._migration(day, "openai", "anthropic", "wave")
        days, weights = self._days(
            BACKFLOW_START,
            date(2026, 4, 5),
            lambda d: max(0.2, 1 - abs((d - date(2026, 3, 16)).days) / 12),
        )
        for target, count in (("openai", (110, 130)), ("google", (55, 70))):
            for day in self.rng.choices(days, weights=weights, k=self.rng.randint(*count)):
                self._migration(day, "anthropic", target, "back")
        all_days, _ = self._days(WINDOW_START.date(), last, lambda d: 1.0)
        for day in self.rng.choices(all_days, k=self.rng.randint(140, 170)):
            source = self.rng.choice(MIGRATION_VENDORS)
            self._migration(day, source, _other_vendor(self.rng, source), "noise")

    def _migration(self, day: date, source: str, target: str, flavour: str) -> None:
        text = self._migration_text(source, target, flavour)
        self._add(self._time_on(day), text, role="migration", vendors=(source, target))

    def hard_negatives(self) -> None:
        """Non-migrations that share the vocabulary, heavier around the March wave."""
        last = (WINDOW_END - timedelta(days=1)).date()
        days, weights = self._days(
            WINDOW_START.date(),
            last,
            lambda d: 4.0 if date(2026, 3, 1) <= d <= date(2026, 4, 5) else 1.0,
        )
        kinds = list(HARD_NEGATIVES)
        for day in self.rng.choices(days, weights=weights, k=self.rng.randint(380, 440)):
            kind = self.rng.choice(kinds)
            a = self.rng.choice(("openai", "anthropic", "anthropic", "google", "microsoft"))
            b = "anthropic" if a != "anthropic" else _other_vendor(self.rng, a)
            if self.rng.random() < 0.4:
                a, b = a, _other_vendor(self.rng, a)
            text = self.rng.choice(HARD_NEGATIVES[kind]).format(
                a=self.rng.choice(PRODUCTS[a]),
                b=self.rng.choice(PRODUCTS[b]),
                ap=PLANS[a],
                bp=PLANS[b],
            )
            self._add(self._time_on(day), text, role="negative")

    # -- crowd bursts

    def _down_text(self, vendor: str) -> str:
        bank = DOWN.get(vendor, DOWN_OTHER)
        for _ in range(30):
            text = self.rng.choice(bank).format(p=self.rng.choice(PRODUCTS[vendor]))
            if _names_exactly(text, (vendor,)):
                return text
        return text + self.rng.choice(CONTEXT_TAILS[:2])

    def _quiet_before(self, item: PlannedIncident, hours: int = 8) -> bool:
        """No incident of the vendor runs or starts in the `hours` before `item` starts."""
        since = item.started_at - timedelta(hours=hours)
        return not any(
            other.vendor == item.vendor
            and other is not item
            and other.started_at < item.started_at
            and (other.resolved_at or WINDOW_END) > since
            for other in self.plan
        )

    def _far_from_bursts(self, at: datetime) -> bool:
        return all(abs(at - b.start) > timedelta(hours=36) for b in self.bursts)

    def crowd_bursts(self) -> None:
        """Bursts ahead of chosen major/critical incidents, and one silent burst."""
        for vendor, wanted in (("anthropic", 4), ("openai", 2)):
            candidates = [
                i
                for i in self.plan
                if i.vendor == vendor
                and i.impact in ("major", "critical")
                and not i.is_maintenance
                and i.started_at >= WINDOW_START + timedelta(days=1)
                and self._quiet_before(i)
            ]
            self.rng.shuffle(candidates)
            chosen = 0
            for item in candidates:
                if chosen == wanted:
                    break
                if not self._far_from_bursts(item.started_at):
                    continue
                lead = self.rng.randint(30, 120)
                start = item.started_at - timedelta(minutes=lead)
                if start.minute > 20:  # the first hour of the burst must be busy
                    start = start.replace(minute=self.rng.randint(0, 20))
                    if not 30 <= (item.started_at - start).total_seconds() / 60 <= 120:
                        start = start + timedelta(hours=1)
                self._burst(vendor, start, item)
                chosen += 1
        self._silent_burst()

    def _silent_burst(self) -> None:
        for _ in range(500):
            day = WINDOW_START.date() + timedelta(days=self.rng.randint(20, 85))
            start = datetime(day.year, day.month, day.day, self.rng.randint(13, 20), tzinfo=UTC)
            start += timedelta(minutes=self.rng.randint(0, 15))
            end = start + timedelta(hours=5)
            clear = all(
                (i.resolved_at or WINDOW_END) < start - timedelta(hours=6)
                or i.started_at > end + timedelta(hours=6)
                for i in self.plan
            )
            if clear and self._far_from_bursts(start):
                self._burst("anthropic", start, None)
                return
        raise AssertionError("no quiet time for the silent burst")

    def _burst(self, vendor: str, start: datetime, incident: PlannedIncident | None) -> None:
        minutes = self.rng.randint(120, 300)
        posts = self.rng.randint(28, 60)
        times = [start] + [
            start + timedelta(seconds=int(minutes * 60 * self.rng.random() ** 1.8))
            for _ in range(posts - 1)
        ]
        index = len(self.bursts)
        for at in sorted(times):
            at += timedelta(microseconds=self.rng.randrange(1000) * 1000)
            text = self._down_text(vendor)
            self._add(at, text, role="down", vendors=(vendor,), burst=index)
        self.bursts.append(Burst(vendor, start, max(times), incident))

    # -- bad records

    def defects(self) -> None:
        """One record per quarantine defect, each in its platform's own file."""
        for name, (platform, _) in DEFECTS.items():
            day = WINDOW_START.date() + timedelta(days=self.rng.randint(5, WINDOW_DAYS - 5))
            kind = {"reddit_deleted": "t1", "reddit_removed": "t3", "hn_empty": "comment"}
            draft = Draft(
                at=self._time_on(day),
                text=self.rng.choice(NEUTRAL_FOR_BAD),
                platform=platform,
                role="defect",
                defect=name,
                kind=kind.get(name, "post"),
            )
            self.drafts.append(draft)

    def run(self) -> list[Draft]:
        """Plan every draft; sorted by time (ties by planning order)."""
        self.chatter()
        self.migrations()
        self.hard_negatives()
        self.crowd_bursts()
        self.defects()
        order = sorted(range(len(self.drafts)), key=lambda i: (self.drafts[i].at, i))
        return [self.drafts[i] for i in order]


# --------------------------------------------------------------------------- authors and ids


class _Accounts:
    """Per-platform author pools; a Zipf-like weight makes a few accounts prolific."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pools: dict[str, list[dict[str, str]]] = {}
        cum, total = [], 0.0
        for rank in range(1, POOL_SIZE + 1):
            total += 1 / rank**0.95
            cum.append(total)
        self.cum = cum
        for platform in ("hn", "reddit", "bluesky", "mastodon"):
            seen: set[str] = set()
            pool = []
            while len(pool) < POOL_SIZE:
                account = self._make(platform)
                if account["name"] not in seen:
                    seen.add(account["name"])
                    pool.append(account)
            self.pools[platform] = pool

    def _syllables(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(_SYL) for _ in range(self.rng.randint(low, high)))

    def _make(self, platform: str) -> dict[str, str]:
        rng = self.rng
        if platform == "hn":
            name = self._syllables(2, 4) + rng.choice(("", "", "_", str(rng.randint(1, 99))))
            return {"name": name.rstrip("_")}
        if platform == "reddit":
            name = f"{rng.choice(_WORDS)}_{rng.choice(_WORDS)}{rng.randint(10, 9999)}"
            return {"name": name, "fullname": "t2_" + "".join(rng.choices(B36, k=8))}
        if platform == "bluesky":
            base = self._syllables(2, 4)
            suffix = rng.choice(BSKY_SUFFIXES)
            handle = f"{base}.{suffix}"
            did = "did:plc:" + "".join(rng.choices(B32_SORT, k=24))
            return {"name": handle, "did": did, "display": base.capitalize()}
        host = rng.choice(MASTODON_HOSTS)
        user = self._syllables(2, 3) + rng.choice(("", "", str(rng.randint(1, 99))))
        acct = user if host == "mastodon.social" else f"{user}@{host}"
        return {
            "name": acct,
            "username": user,
            "host": host,
            "id": str(rng.randint(10**17, 10**18 - 1)),
        }

    def pick(self, platform: str) -> dict[str, str]:
        return self.rng.choices(self.pools[platform], cum_weights=self.cum)[0]

    def pick_distinct(self, platform: str, taken: set[str]) -> dict[str, str]:
        while True:
            account = self.rng.choice(self.pools[platform])
            if account["name"] not in taken:
                taken.add(account["name"])
                return account


# --------------------------------------------------------------------------- rendering


class _Renderer:
    """Assigns ids, authors and threads in time order; builds each platform's items."""

    def __init__(self, drafts: list[Draft], seed: int) -> None:
        self.rng = random.Random(f"social-{seed}/render")
        self.drafts = drafts
        self.accounts = _Accounts(self.rng)
        self.seen: set[str] = set()
        self.items: dict[str, list[tuple[Draft, dict[str, object]]]] = {}
        self.hn_stories: list[tuple[datetime, int, str]] = []
        self.reddit_links: list[tuple[datetime, str, str, str]] = []
        self.accounts_of: dict[int, dict[str, str]] = {}

    def _unique(self, value: str) -> bool:
        if value in self.seen:
            return False
        self.seen.add(value)
        return True

    def _seconds(self, at: datetime) -> float:
        return (at - WINDOW_START).total_seconds()

    def run(self) -> None:
        burst_authors: dict[int, set[str]] = {}
        for draft in self.drafts:
            if draft.burst is not None:
                taken = burst_authors.setdefault(draft.burst, set())
                account = self.accounts.pick_distinct(draft.platform, taken)
            else:
                account = self.accounts.pick(draft.platform)
            draft.author = account["name"]
            item = getattr(self, f"_{draft.platform}")(draft, account)
            key = EXTRA if draft.extra else draft.platform
            self.items.setdefault(key, []).append((draft, item))

    # -- HN Algolia hits

    def _hn_id(self, at: datetime) -> int:
        value = HN_BASE + int(self._seconds(at) * 0.116) + self.rng.randint(0, 3)
        while not self._unique(f"hn:{value}"):
            value += 1
        return value

    def _hn(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        if draft.kind == "post":
            story = draft.role == "chatter" and self.rng.random() < 0.1
            draft.kind = "story" if story else "comment"
        object_id = self._hn_id(draft.at)
        draft.native_id = str(object_id)
        points = self.rng.randint(1, 400) if draft.kind == "story" else None
        stamp = draft.at.replace(microsecond=0)
        hit: dict[str, object] = {
            "_tags": [draft.kind, f"author_{account['name']}"],
            "author": account["name"],
            "created_at": _iso_ms(stamp),
            "created_at_i": int(stamp.timestamp()),
            "objectID": str(object_id),
            "updated_at": _iso_ms(stamp + timedelta(minutes=self.rng.randint(1, 300))),
        }
        if draft.kind == "story":
            title, rest = _split_title(draft.text)
            hit.update(
                {
                    "title": title if rest else f"Ask HN: {title}",
                    "story_text": _hn_html(rest) if rest else "",
                    "comment_text": None,
                    "url": None,
                    "points": points,
                    "num_comments": self.rng.randint(0, 120),
                    "story_id": object_id,
                    "parent_id": None,
                    "story_title": None,
                    "story_url": None,
                }
            )
            hit["_tags"] = [*hit["_tags"], f"story_{object_id}"]  # type: ignore[list-item]
            self.hn_stories.append((draft.at, object_id, str(hit["title"])))
            return hit
        recent = [s for s in self.hn_stories[-40:] if draft.at - s[0] < timedelta(days=2)]
        if recent and self.rng.random() < 0.7:
            _, story_id, story_title = self.rng.choice(recent)
        else:
            story_id = object_id - self.rng.randint(2_000, 200_000)
            story_title = self.rng.choice(HN_STORY_TITLES)
        parent = story_id if self.rng.random() < 0.6 else object_id - self.rng.randint(1, 900)
        text = "" if draft.defect == "hn_empty" else _hn_html(draft.text)
        hit.update(
            {
                "comment_text": text,
                "story_id": story_id,
                "parent_id": parent,
                "story_title": story_title,
                "story_url": None,
                "points": None,
                "num_comments": None,
                "title": None,
                "story_text": None,
                "url": None,
            }
        )
        hit["_tags"] = [*hit["_tags"], f"story_{story_id}"]  # type: ignore[list-item]
        return hit

    # -- Reddit things

    def _reddit_id(self, at: datetime, kind: str) -> str:
        base, rate = (REDDIT_T3_BASE, 5.7) if kind == "t3" else (REDDIT_T1_BASE, 61.0)
        value = base + int(self._seconds(at) * rate) + self.rng.randint(0, 30)
        while not self._unique(f"reddit:{_b36(value)}"):
            value += 1
        return _b36(value)

    def _subreddit(self, text: str) -> str:
        found = vendor_table.match_vendors(text)
        options = SUBREDDITS.get(found[0], OTHER_SUBREDDITS) if found else OTHER_SUBREDDITS
        return self.rng.choice(options)

    def _reddit(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        if draft.kind == "post":
            draft.kind = "t3" if self.rng.random() < 0.3 else "t1"
        native = self._reddit_id(draft.at, draft.kind)
        draft.native_id = native
        created = float(int(draft.at.timestamp()))
        score = max(0, int(self.rng.paretovariate(1.3)) - 1)
        author, fullname = account["name"], account["fullname"]
        if draft.kind == "t3":
            subreddit = self._subreddit(draft.text)
            title, rest = _split_title(draft.text)
            selftext = rest
            if draft.defect == "reddit_removed":
                selftext, author = "[removed]", "[deleted]"
            permalink = f"/r/{subreddit}/comments/{native}/{_slug(title)}/"
            self.reddit_links.append((draft.at, native, subreddit, _slug(title)))
            data: dict[str, object] = {
                "approved_at_utc": None,
                "subreddit": subreddit,
                "selftext": selftext,
                "author_fullname": fullname,
                "title": title,
                "subreddit_name_prefixed": f"r/{subreddit}",
                "name": f"t3_{native}",
                "upvote_ratio": round(self.rng.uniform(0.6, 1.0), 2),
                "ups": score,
                "score": score,
                "is_self": True,
                "link_flair_text": self.rng.choice((None, "Discussion", "Question", "Humor")),
                "removed_by_category": "moderator" if draft.defect else None,
                "id": native,
                "author": author,
                "num_comments": self.rng.randint(0, 250),
                "permalink": permalink,
                "url": f"https://www.reddit.com{permalink}",
                "created": created,
                "created_utc": created,
                "over_18": False,
                "stickied": False,
            }
            return {"kind": "t3", "data": data}
        recent = [s for s in self.reddit_links[-60:] if draft.at - s[0] < timedelta(days=2)]
        if recent and self.rng.random() < 0.7:
            _, link, subreddit, slug = self.rng.choice(recent)
        else:
            link = _b36(REDDIT_T3_BASE + int(self._seconds(draft.at) * 5.7) - 50_000)
            subreddit, slug = (
                self._subreddit(draft.text),
                _slug(self.rng.choice(REDDIT_LINK_TITLES)),
            )
        body = draft.text
        if draft.defect == "reddit_deleted":
            body, author, fullname = "[deleted]", "[deleted]", None  # type: ignore[assignment]
        parent = f"t3_{link}" if self.rng.random() < 0.6 else f"t1_{_b36(int(native, 36) - 977)}"
        data = {
            "subreddit_id": "t5_" + _b36(abs(_hash_str(subreddit)) % 36**6),
            "subreddit": subreddit,
            "id": native,
            "author": author,
            "author_fullname": fullname,
            "created_utc": created,
            "created": created,
            "parent_id": parent,
            "link_id": f"t3_{link}",
            "score": score,
            "ups": score,
            "body": body,
            "body_html": html.escape(
                f'<div class="md"><p>{html.escape(body, quote=False)}</p>\n</div>', quote=False
            ),
            "name": f"t1_{native}",
            "is_submitter": False,
            "permalink": f"/r/{subreddit}/comments/{link}/{slug}/{native}/",
            "subreddit_name_prefixed": f"r/{subreddit}",
            "depth": 0 if parent.startswith("t3_") else 1,
            "replies": "",
            "controversiality": 0,
            "stickied": False,
        }
        return {"kind": "t1", "data": data}

    # -- Bluesky post views

    def _tid(self, at: datetime) -> str:
        micros = int(at.timestamp()) * 1_000_000 + at.microsecond + self.rng.randrange(1000)
        while True:
            value = (micros << 10) | self.rng.randrange(1024)
            tid = "".join(B32_SORT[(value >> (5 * (12 - i))) & 31] for i in range(13))
            if self._unique(f"bluesky:{tid}"):
                return tid
            micros += 1

    def _bluesky(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        rkey = self._tid(draft.at)
        uri = f"at://{account['did']}/app.bsky.feed.post/{rkey}"
        draft.native_id = uri
        created = "not-a-date" if draft.defect == "bluesky_bad_date" else _iso_ms(draft.at)
        indexed = draft.at + timedelta(milliseconds=self.rng.randint(50, 4000))
        return {
            "uri": uri,
            "cid": "bafyrei" + _base32(self.rng.getrandbits(260), 52),
            "author": {
                "did": account["did"],
                "handle": account["name"],
                "displayName": account["display"],
                "labels": [],
            },
            "record": {
                "$type": "app.bsky.feed.post",
                "createdAt": created,
                "langs": ["en"],
                "text": draft.text,
            },
            "replyCount": self.rng.randint(0, 8),
            "repostCount": self.rng.randint(0, 12),
            "likeCount": max(0, int(self.rng.paretovariate(1.2)) - 1),
            "quoteCount": self.rng.randint(0, 2),
            "indexedAt": _iso_ms(indexed),
            "labels": [],
        }

    # -- Mastodon statuses

    def _mastodon(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        millis = int(draft.at.timestamp() * 1000)
        while True:
            status_id = str((millis << 16) | self.rng.randrange(65536))
            if self._unique(f"mastodon:{status_id}"):
                break
        draft.native_id = status_id
        host = account["host"]
        url = f"https://{host}/@{account['username']}/{status_id}"
        content = "" if draft.defect == "mastodon_empty" else self._toot_html(draft.text)
        return {
            "id": status_id,
            "created_at": _iso_ms(draft.at),
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": "en",
            "uri": f"https://{host}/users/{account['username']}/statuses/{status_id}",
            "url": url,
            "replies_count": self.rng.randint(0, 5),
            "reblogs_count": self.rng.randint(0, 9),
            "favourites_count": self.rng.randint(0, 30),
            "edited_at": None,
            "content": content,
            "reblog": None,
            "account": {
                "id": account["id"],
                "username": account["username"],
                "acct": account["name"],
                "display_name": account["username"].capitalize(),
                "url": f"https://{host}/@{account['username']}",
                "bot": False,
            },
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }

    def _toot_html(self, text: str) -> str:
        body = f"<p>{html.escape(text, quote=False)}</p>"
        if self.rng.random() < 0.3:
            # Vendor-neutral tags only: a '#claude' would add a vendor to a planted post.
            tag = self.rng.choice(("ai", "llm", "genai", "programming", "coding"))
            body = body[:-4] + (
                f' <a href="https://mastodon.social/tags/{tag}" class="mention hashtag" '
                f'rel="tag">#<span>{tag}</span></a></p>'
            )
        return body


def _hash_str(text: str) -> int:
    """A process-independent string hash (Python's hash() is salted per process)."""
    value = 0
    for char in text:
        value = (value * 131 + ord(char)) % (1 << 61)
    return value


def _split_title(text: str) -> tuple[str, str]:
    """First sentence as a title, the rest as the body ('' when one sentence)."""
    match = re.search(r"(?<=[.!?])\s+(?=\S)", text)
    if not match:
        return text, ""
    return text[: match.start()], text[match.end() :]


def _hn_html(text: str) -> str:
    return html.escape(text, quote=True).replace("/", "&#x2F;")


# --------------------------------------------------------------------------- documents


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _newest_first(items: list[tuple[Draft, dict[str, object]]]) -> list[dict[str, object]]:
    return [item for _, item in reversed(items)]


def render_files(items: dict[str, list[tuple[Draft, dict[str, object]]]]) -> dict[str, bytes]:
    """Every social file of the catalog: {relative path: bytes}."""
    hits = _newest_first(items.get("hn", []))
    hn = {
        "exhaustiveNbHits": True,
        "hits": hits,
        "hitsPerPage": len(hits),
        "nbHits": len(hits),
        "nbPages": 1,
        "page": 0,
        "params": "query=claude&tags=%28story%2Ccomment%29&hitsPerPage=" + str(len(hits)),
        "processingTimeMS": 12,
        "query": "claude",
    }
    children = _newest_first(items.get("reddit", []))
    reddit = {
        "kind": "Listing",
        "data": {
            "after": None,
            "dist": len(children),
            "modhash": "",
            "geo_filter": "",
            "children": children,
            "before": None,
        },
    }
    bluesky = {"posts": _newest_first(items.get("bluesky", []))}
    mastodon = _newest_first(items.get("mastodon", []))
    extra = "".join(_dumps(item) + "\n" for _, item in items.get(EXTRA, []))
    texts = {
        "social/hn.json": _dumps(hn) + "\n",
        "social/reddit.json": _dumps(reddit) + "\n",
        "social/bluesky.json": _dumps(bluesky) + "\n",
        "social/mastodon.json": _dumps(mastodon) + "\n",
        "social/extra.jsonl": extra,
    }
    return {path: text.encode("utf-8") for path, text in texts.items()}


# --------------------------------------------------------------------------- truth


def social_truth(drafts: Sequence[Draft], bursts: Sequence[Burst]) -> dict[str, list[object]]:
    """Truth keys of the social sample (see the module docstring)."""
    migrations = [
        {"from_vendor": d.vendors[0], "post_id": d.post_id, "to_vendor": d.vendors[1]}
        for d in drafts
        if d.role == "migration"
    ]
    negatives = sorted(d.post_id for d in drafts if d.role == "negative")
    crowd = []
    for index, burst in enumerate(bursts):
        members = [d for d in drafts if d.burst == index]
        lead = None
        if burst.incident is not None:
            delta = _floor_hour(burst.start) - burst.incident.started_at
            lead = int(delta.total_seconds() // 60)
        crowd.append(
            {
                "authors": len({d.author for d in members}),
                "end": _iso_z(max(d.at for d in members)),
                "expected_lead_minutes": lead,
                "incident_id": burst.incident.incident_id if burst.incident else None,
                "posts": len(members),
                "start": _iso_z(min(d.at for d in members)),
                "vendor": burst.vendor,
            }
        )
    crowd.sort(key=lambda b: (b["start"], b["vendor"]))
    bad = [
        {
            "reason": DEFECTS[d.defect][1],
            "record_ref": d.post_id,
            "source": SOURCE_OF_PLATFORM[d.platform],
        }
        for d in drafts
        if d.defect is not None
    ]
    return {
        "bad_records": sorted(bad, key=lambda b: (b["source"], b["record_ref"])),
        "crowd_bursts": crowd,
        "hard_negatives": negatives,
        "migrations": migrations,
    }


# --------------------------------------------------------------------------- public API


def build_social(plan: Sequence[PlannedIncident], seed: int) -> SocialSample:
    """Plan, render and describe the social sample for the status `plan` (deterministic)."""
    planner = _Planner(plan, seed)
    drafts = planner.run()
    renderer = _Renderer(drafts, seed)
    renderer.run()
    files = render_files(renderer.items)
    counts = {key: len(value) for key, value in sorted(renderer.items.items())}
    return SocialSample(files, social_truth(drafts, planner.bursts), counts)


def merge_truth(truth: dict[str, object], social: dict[str, list[object]]) -> None:
    """Add the social keys to the sample truth in place (bad_records merged, kept sorted)."""
    bad = [*truth["bad_records"], *social["bad_records"]]  # type: ignore[misc]
    truth["bad_records"] = sorted(bad, key=lambda b: (b["source"], b["record_ref"]))
    for key in ("crowd_bursts", "hard_negatives", "migrations"):
        truth[key] = social[key]


def render_catalog_entries() -> str:
    """The social sources of catalog.yaml, to append to its `sources:` list."""
    lines = []
    for source in SOCIAL_SOURCES:
        lines += [
            f"  - name: {source.name}",
            "    kind: social",
            f"    url: {source.path}",
            f"    description: {json.dumps(source.description)}",
            "    format: auto",
        ]
    return "\n".join(lines) + "\n"


__all__ = [
    "DEFECTS",
    "SOCIAL_SOURCES",
    "SocialSample",
    "build_social",
    "merge_truth",
    "render_catalog_entries",
    "social_truth",
]
