"""News part of the embedded sample: feeds, an offline mirror of article pages, and their truth.

`build_news(plan, seed)` turns the planted status history (`pipeline.sample.plan.plan_scenario`)
into news coverage of 2025-12-01 .. 2026-04-30, written in real wire formats:

- four news sources (`NEWS_SOURCES`): TechWire's AI category feed (WordPress RSS 2.0),
  AIWatch (Atom, times with US offsets), Anthropic's news blog (Atom) and a news-search feed
  (RSS 2.0, Google-News style) whose links carry `?utm_source=rss&utm_medium=feed` or point
  at AMP renderings;
- an offline mirror `pages/<host>/<path>` (query and fragment ignored, '/' -> index.html,
  percent-decoded) holding every linked article page in its outlet's layout: TechWire
  (WordPress, JSON-LD, cookie banner, comments), AIWatch (article:published_time, local
  offsets), The Daily Ledger (legacy CMS in windows-1252), ByteBeat (no charset declared,
  UTF-8 bytes), Anthropic's blog, AMP renderings, a video page without usable text, and two
  hostile pages (binary garbage; ~1 MB of nested divs) that the pipeline must quarantine;
- truth: `articles` (one entry per story), `news_duplicates` (stories under more than one
  link), `news_daily` (see `compute_news_daily`; no tone) and the hostile pages as
  `bad_records` (source = the news source, record_ref = the item link as published).

The story: ordinary AI news from December to February (model releases, funding, pricing,
partnerships, regulation, security), a wave of ChatGPT users trying Claude in February, then
from 3 March 2026 a burst of outage coverage that follows Anthropic's planted incidents day by
day, and from mid-March stories of Claude users moving to ChatGPT or Gemini. Syndicated
copies (tracking parameters, AMP, another outlet's edited copy under its own headline with a
canonical link to the original) join their original story. Two decoys mention "Claude" (a
chef) and "Gemini" (a horoscope) outside any AI context.

Determinism: every choice comes from `random.Random(f"news-{seed}")` (planning) and
`random.Random(f"news-{seed}/render")` (cosmetics), never from the clock; the status part of
the sample does not change. Truth definitions:

- `vendors`: slugs in order of first mention in the headline, then in the body (the text the
  pipeline analyses: the page's main text, or the feed summary when the page has none), as
  `pipeline.core.vendors.match_vendors` reads them; the generator checks they are the planned ones
  and keeps only stories whose order is the same by salience (`salience_order`: a headline
  mention weighs 3, the first vendor named +1, a body mention 1), so "most central first" is
  unambiguous. Stories of different events stay below 0.5 word-3-shingle TF-IDF cosine of
  each other; syndicated copies stay above 0.6 of their original.
- `topics`: the planned topics; the generator checks each story's text uses the marker words
  of exactly those topics (`TOPIC_MARKERS`) and of no other.
- `published_at`, `title`, `canonical_url`: those of the earliest copy (the original);
  feed and page give the same instant. `canonical_url` is normalized: https, no `www.`, no
  query, no trailing slash, no AMP marker.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from pipeline.core import vendors as vendor_table
from pipeline.sample.plan import (
    CRISIS_START,
    VENDORS,
    WINDOW_END,
    WINDOW_START,
    PlannedIncident,
)

MIRROR_DIR = "pages"
MAX_ARTICLES = 1000
TRACKING = "utm_source=rss&utm_medium=feed"
WINDOW_LAST = (WINDOW_END - timedelta(days=1)).date()
MIN_WORDS, MAX_WORDS = 300, 900


@dataclass(slots=True, frozen=True)
class NewsSource:
    """A news feed of the sample catalog."""

    name: str
    path: str  # relative to the catalog
    description: str


NEWS_SOURCES: tuple[NewsSource, ...] = (
    NewsSource("techwire-ai", "news/techwire/ai.rss", "TechWire AI category (WordPress RSS 2.0)"),
    NewsSource("aiwatch-news", "news/aiwatch/news.atom", "AIWatch news (Atom)"),
    NewsSource("anthropic-news", "news/anthropic/news.atom", "Anthropic news blog (Atom)"),
    NewsSource(
        "news-search",
        "news/search/anthropic-claude-chatgpt-gemini.rss",
        "News search for Anthropic OR Claude OR ChatGPT OR Gemini (RSS 2.0)",
    ),
)
TECHWIRE, AIWATCH, BLOG, SEARCH = (s.name for s in NEWS_SOURCES)

# Hostile pages: reason given in truth.json's bad_records.
HOSTILE_REASONS = {
    "binary": "article page is binary data, not HTML",
    "nested": "article page nests elements too deeply (hostile HTML)",
}

TOPIC_MARKERS: dict[str, str] = {
    "outage": (
        r"outages?|downtime|went down|goes down|is down|was down|were down|down for|down again"
        r"|529s?|overloaded|error rates?|errors|offline|disruptions?|disrupted|unavailable"
        r"|status page"
    ),
    "migration": (
        r"switch(?:ed|es|ing)?|migrat(?:e|ed|es|ing|ion|ions)|(?:moving|moved|move) (?:back )?to"
        r"|defect(?:ed|ing|ors?|ions?)?|ditch(?:ed|es|ing)?|jump(?:ed|ing)? ship"
        r"|cancel(?:l?ed|l?ing|s)?|churn"
    ),
    "pricing": (
        r"prices?|pricing|priced|cheaper|per million tokens|discount(?:s|ed)?"
        r"|\$\d+(?:\.\d+)? (?:a|per) month"
    ),
    "model_release": (
        r"releas(?:e|es|ed|ing)|launch(?:es|ed|ing)?|unveil(?:s|ed|ing)?|debut(?:s|ed)?"
        r"|new model|introduc(?:e|es|ed|ing)"
    ),
    "funding": (
        r"funding|raises|raised|raising|valuation|investors?|series [a-f]|venture capital"
        r"|tender offer"
    ),
    "regulation": (
        r"regulat(?:ors?|ion|ions|ory|ed|e)|lawmakers|legislat(?:ion|ors?|ure)|AI Act|FTC"
        r"|antitrust|compliance|bill|law|attorneys? general"
    ),
    "security": (
        r"security|vulnerabilit(?:y|ies)|exploit(?:s|ed)?|breach(?:es|ed)?|prompt injection"
        r"|jailbreaks?|leak(?:s|ed)?|malware|CVE-\d+|patch(?:ed|es)?"
    ),
    "partnership": (
        r"partnerships?|partners?|partnered|partnering|alliance|teams? up|teaming up|tie-up"
        r"|collaborat(?:ion|e|es|ed|ing)|deal|agreement"
    ),
}
_TOPIC_RES = {t: re.compile(rf"(?i)\b(?:{p})\b") for t, p in TOPIC_MARKERS.items()}


def topics_in(text: str) -> list[str]:
    """Topics whose marker words occur in `text`, in TOPICS order (the generator's self-check)."""
    return [t for t, pattern in _TOPIC_RES.items() if pattern.search(text)]


_ALIAS_RE = re.compile(vendor_table.ALIAS_PATTERN)


def salience_order(title: str, body: str) -> list[str]:
    """Vendors by weight: 3 per headline mention (+1 for the first named), 1 per body mention.

    Ties go to the first mention. The generator keeps only stories for which this order and
    `vendors_in` agree, so "most central first" means the same under either reading.
    """
    allowed = set(vendors_in(title, body))
    score: Counter[str] = Counter()
    first: dict[str, int] = {}
    for weight, text in ((3, title), (1, body)):
        for match in _ALIAS_RE.finditer(text):
            vendor = vendor_table.vendor_of_alias(match.group())
            if vendor in allowed:
                score[vendor] += weight + (weight == 3 and not first)
                first.setdefault(vendor, len(first))
    return sorted(score, key=lambda v: (-score[v], first[v]))


def vendors_in(title: str, body: str) -> list[str]:
    """Vendor slugs of a story: first mentions in the headline, then in the body.

    The ambiguity guard of `pipeline.core.vendors` sees the whole story, so a headline "Claude"
    counts when the body gives the AI context.
    """
    return vendor_table.match_vendors(f"{title}\n{body}")


# --------------------------------------------------------------------------- outlets


@dataclass(slots=True, frozen=True)
class Outlet:
    """A publication whose pages live in the mirror."""

    key: str
    name: str
    host: str
    feed: str  # the source carrying its own feed; SEARCH when only reached through search


OUTLETS: dict[str, Outlet] = {
    o.key: o
    for o in (
        Outlet("techwire", "TechWire", "techwire.example", TECHWIRE),
        Outlet("aiwatch", "AIWatch", "www.aiwatch.example", AIWATCH),
        Outlet("ledger", "The Daily Ledger", "www.dailyledger.example", SEARCH),
        Outlet("bytebeat", "ByteBeat", "bytebeat.example", SEARCH),
        Outlet("blog", "Anthropic", "anthropic.example", BLOG),
    )
}

REPORTERS: dict[str, tuple[str, ...]] = {
    "techwire": (
        "Maxine Okafor",
        "Devin Castellano",
        "Harriet Lindqvist",
        "Samir Haddad",
        "Julia Brennan",
        "Theo Nakamura",
    ),
    "aiwatch": (
        "Renée Caldwell",
        "Owen Whitfield",
        "Lucía Serrano",
        "Marcus Adebayo",
        "Ingrid Holm",
    ),
    "ledger": ("Frank Mulvaney", "Dolores Kettering", "Daily Ledger Staff"),
    "bytebeat": ("Priya Natarajan",),
    "blog": ("Anthropic",),
}


# --------------------------------------------------------------------------- vendor wording


@dataclass(slots=True, frozen=True)
class VendorText:
    """How stories name a vendor; every field contains one of its aliases."""

    company: str
    product: str
    app: str
    api: str
    coder: str | None
    models: tuple[str, ...]


VENDOR_TEXT: dict[str, VendorText] = {
    "anthropic": VendorText(
        "Anthropic",
        "Claude",
        "claude.ai",
        "the Claude API",
        "Claude Code",
        ("Claude Opus 4.6", "Claude Sonnet 4.6", "Claude Haiku 4.5"),
    ),
    "openai": VendorText(
        "OpenAI",
        "ChatGPT",
        "ChatGPT",
        "the OpenAI API",
        "Codex",
        ("GPT-5.2", "GPT-5.2 Pro", "GPT-5 mini"),
    ),
    "google": VendorText(
        "Google",
        "Gemini",
        "the Gemini app",
        "the Gemini API",
        "Gemini CLI",
        ("Gemini 3 Pro", "Gemini 3 Flash", "Gemini 3.1 Pro"),
    ),
    "microsoft": VendorText(
        "Microsoft", "Copilot", "the Copilot app", "Azure AI Foundry", "GitHub Copilot", ()
    ),
    "meta": VendorText(
        "Meta", "Meta AI", "the Meta AI app", "the Llama API", None, ("Llama 5", "Llama 5 Scout")
    ),
    "mistral": VendorText(
        "Mistral AI",
        "Le Chat",
        "Le Chat",
        "Mistral's La Plateforme",
        "Devstral 2",
        ("Mistral Large 3", "Magistral Medium 2"),
    ),
    "cohere": VendorText(
        "Cohere", "Command A", "Cohere's North platform", "the Cohere API", None, ("Command A",)
    ),
    "xai": VendorText(
        "xAI", "Grok", "the Grok app", "the xAI API", None, ("Grok 4.1", "Grok 4.1 Fast")
    ),
    "deepseek": VendorText(
        "DeepSeek",
        "DeepSeek Chat",
        "the DeepSeek app",
        "the DeepSeek API",
        None,
        ("DeepSeek-V3.2", "DeepSeek-R2"),
    ),
    "perplexity": VendorText(
        "Perplexity", "Perplexity Pro", "the Perplexity app", "Perplexity's Sonar API", None, ()
    ),
    "amazon": VendorText(
        "Amazon",
        "Amazon Q",
        "Amazon's Alexa+ app",
        "Amazon Bedrock",
        "Amazon Q Developer",
        ("Amazon Nova 2", "Amazon Nova 2 Pro"),
    ),
    "ai21": VendorText("AI21", "Jamba", "AI21's Maestro platform", "the AI21 API", None, ()),
}

EXECS: dict[str, tuple[tuple[str, str], ...]] = {
    "anthropic": (("Maya Lindgren", "head of product for Claude"), ("Tobias Reyes", "CTO")),
    "openai": (("Priscilla Vance", "head of ChatGPT product"), ("Arjun Mehta", "COO")),
    "google": (("Helena Brandt", "vice president for Gemini"), ("Kofi Mensah", "product lead")),
    "microsoft": (("Dana Whitlock", "corporate vice president for AI"),),
    "meta": (("Lars Eklund", "vice president of generative AI"),),
    "mistral": (("Camille Roussel", "chief product officer"),),
    "cohere": (("Nadia Farouk", "head of enterprise"),),
    "xai": (("Evan Kowalski", "engineering lead"),),
    "deepseek": (("Wei Lin", "researcher"),),
    "perplexity": (("Rosa Delgado", "chief business officer"),),
    "amazon": (("Grant Ellison", "vice president for AI services"),),
    "ai21": (("Yael Ben-Ami", "chief operating officer"),),
}

FIRST_NAMES = (
    "Alex", "Bianca", "Carlos", "Dana", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonah",
    "Kavya", "Liam", "Mira", "Noor", "Oskar", "Paula", "Quentin", "Rania", "Stefan", "Tamsin",
    "Uma", "Victor", "Wren", "Ximena", "Yusuf", "Zoë", "Andrés", "Beatriz", "Chidi", "Delphine",
    "Emeka", "Freya", "Gustavo", "Hannah", "Ivan", "Jae", "Katrin", "Leon", "Marta", "Nikhil",
)  # fmt: skip
LAST_NAMES = (
    "Abara", "Bergström", "Costa", "Duarte", "Eriksen", "Fontaine", "Gallagher", "Hoffmann",
    "Iwu", "Jansen", "Kaur", "Lindahl", "Moreau", "Novak", "Osei", "Petrov", "Quinlan", "Rossi",
    "Sato", "Tanaka", "Ueda", "Varga", "Wojcik", "Yilmaz", "Zamora", "Achebe", "Brandão",
    "Chen", "Dubois", "Esposito", "Fischer", "García", "Haugen", "Ibarra", "Jensen",
    "Kowalczyk", "Larsen", "Mbeki", "Nguyen", "Okonkwo",
)  # fmt: skip
STARTUPS = (
    "Brightloom", "Quillstack", "Parcelwise", "Tallybird", "Northgate Labs", "Loopform",
    "Copperline", "Hatchway", "Driftwood Analytics", "Kestrel Systems", "Ouro Health",
    "Marlow Legal", "Fieldnote", "Pebblepath", "Sundial Robotics", "Inkwell Studio",
)  # fmt: skip
CITIES = (
    "Austin", "Berlin", "Toronto", "Lagos", "São Paulo", "Bangalore", "Lisbon", "Seattle",
    "Melbourne", "Warsaw", "Dublin", "Nairobi", "Denver", "Montreal",
)  # fmt: skip
DEV_ROLES = (
    "a software engineer at {startup} in {city}",
    "chief technology officer of {startup}",
    "an independent developer in {city}",
    "head of engineering at {startup}",
    "a product manager at {startup}",
    "founder of {startup}, a {city}-based startup",
    "a machine learning engineer at {startup}",
    "a freelance developer in {city}",
    "a data scientist at {startup}",
    "an engineering manager at {startup}",
)
EXPERT_ROLES = (
    "an analyst at Redline Research",
    "a principal analyst at Canopy Insights",
    "a researcher at Carnegie Mellon University",
    "an analyst at Meridian Analytics",
    "a senior fellow at the Bellwether Institute",
    "a professor of computer science at the University of Toronto",
    "a cloud infrastructure consultant in {city}",
    "a lecturer at the University of Edinburgh",
    "director of research at Halberd Group",
)
FIRMS = ("Sensor Lane", "AppTrace", "Similarly Data", "Traffic Lens", "Glasswing Metrics")
INVESTORS = (
    "Greywater Capital",
    "Northstar Growth",
    "Sable Peak Ventures",
    "a group of sovereign wealth funds",
    "Lodestar Capital",
)
PARTNER_ORGS = (
    ("Northwind Health", "health care"),
    ("Harbor Line Shipping", "logistics"),
    ("Meridian Bank", "banking"),
    ("Cascade Retail Group", "retail"),
    ("Veridia Pharmaceuticals", "drug discovery"),
    ("Tessellate Media", "publishing"),
    ("Oakmont University", "education"),
    ("Brightwater Insurance", "insurance"),
)
SECURITY_FIRMS = ("Lantern Labs", "Ironbark Security", "Quiver Research", "Saltmarsh Security")

# Vendors a story may lead with, by kind (weights). None = no vendor (e.g. an AI startup).
LEADS: dict[str, dict[str | None, float]] = {
    "release": {
        "openai": 5, "google": 5, "anthropic": 3, "meta": 2, "mistral": 2, "xai": 2,
        "deepseek": 2, "amazon": 1, "cohere": 1,
    },
    "funding": {
        "openai": 2, "anthropic": 2, "mistral": 2, "xai": 2, "perplexity": 1, "cohere": 1,
        "ai21": 1, None: 4,
    },
    "pricing": {
        "openai": 4, "google": 3, "anthropic": 2, "mistral": 1, "deepseek": 2, "xai": 1,
        "perplexity": 1, "microsoft": 1,
    },
    "partnership": {
        "openai": 3, "anthropic": 3, "google": 2, "microsoft": 2, "mistral": 2, "cohere": 2,
        "meta": 1, "amazon": 1,
    },
    "regulation": {"openai": 3, "meta": 2, "google": 2, "xai": 1, "deepseek": 1, None: 4},
    "security": {
        "openai": 2, "anthropic": 2, "google": 2, "microsoft": 2, "deepseek": 1, "meta": 1,
        None: 1,
    },
}  # fmt: skip
# Funding rounds: (amounts in $bn, valuation range in $bn) by vendor.
FUNDING_SCALE: dict[str, tuple[tuple[int, ...], tuple[int, int]]] = {
    "openai": ((20, 30, 40), (500, 850)),
    "anthropic": ((10, 13, 15, 20), (180, 380)),
    "xai": ((10, 15, 20), (200, 300)),
    "mistral": ((1, 2, 3), (12, 25)),
    "perplexity": ((1, 2), (18, 30)),
    "cohere": ((1,), (6, 10)),
    "ai21": ((1,), (2, 4)),
}
BACKGROUND_KINDS = {
    "release": 0.28,
    "funding": 0.14,
    "pricing": 0.13,
    "partnership": 0.16,
    "regulation": 0.13,
    "security": 0.16,
}
KIND_TOPICS = {
    "release": ("model_release",),
    "funding": ("funding",),
    "pricing": ("pricing",),
    "partnership": ("partnership",),
    "regulation": ("regulation",),
    "security": ("security",),
}
# Second vendors a lead vendor is naturally paired with (investors, clouds, rivals).
INVESTOR_VENDORS = {
    "openai": ("microsoft",),
    "anthropic": ("amazon", "google"),
    "mistral": ("microsoft",),
    "xai": (),
    "perplexity": ("amazon",),
}
RIVALS = {
    "openai": ("google", "anthropic"),
    "google": ("openai", "anthropic"),
    "anthropic": ("openai", "google"),
    "meta": ("openai", "google"),
    "mistral": ("openai", "meta"),
    "xai": ("openai", "google"),
    "deepseek": ("openai", "meta"),
    "amazon": ("microsoft", "google"),
    "cohere": ("openai", "mistral"),
    "microsoft": ("google", "amazon"),
    "perplexity": ("google", "openai"),
}
CLOUD_PARTNERS = {
    "openai": ("microsoft", "amazon"),
    "anthropic": ("google", "amazon"),
    "mistral": ("microsoft",),
    "cohere": ("amazon",),
    "meta": ("microsoft",),
    "google": (),
    "microsoft": ("openai",),
    "amazon": ("anthropic",),
}


# --------------------------------------------------------------------------- text banks
#
# Templates use str.format fields filled per story; a template is eligible only when every
# field it names is known for the story, so flags such as {_crisis} or {_resolved} (empty
# strings) switch sentences on. "[a|b|c]" picks one alternative. {who}/{role} and
# {expert}/{expert_role} name a fresh person in every sentence. Marker words of other topics
# (see TOPIC_MARKERS) must not appear in a bank of another topic: the generator checks it.

Bank = dict[str, tuple[str, ...]]

OUTAGE: Bank = {
    "title": (
        "{prod} goes down for thousands of users as {co} investigates",
        "{co}'s {prod} hit by outage, leaving developers stranded",
        "{prod} outage: what we know about {weekday}'s disruption",
        "{_resolved}{co} scrambles to restore {prod} after {dur_adj} outage",
        "{_resolved}Outage knocks {prod} offline for {dur_short}",
        "Developers vent as {prod} errors pile up",
        "{co} confirms elevated error rates across {prod}",
        "{prod} is down for many users; {co} says it is working on a fix",
        "{_resolved}{co} restores {prod} after {weekday} outage",
        "{prod} suffers {weekday} outage, frustrating paying customers",
        "{_crisis}{prod} goes down again as {co} battles {nth} outage since March 3",
        "{_crisis}{prod} API buckles under 529 'overloaded' errors",
        "{_crisis}{coder} grinds to a halt amid another {co} outage",
        "{_crisis}Another day, another {prod} outage",
        "{_crisis}{co}'s reliability woes deepen with {nth} {prod} outage since March 3",
        "{_crisis}{prod}'s rough stretch continues with fresh outage",
        "{_crisis}'Overloaded': {prod} users hit a wall of errors on {weekday}",
        "{_crisis}{co}'s {model} stumbles as error rates spike again",
        "{_crisis}{prod} down again: {co}'s capacity crunch shows no sign of easing",
        "{_crisis}Yet another outage hits {prod} as {co} struggles to keep up with demand",
    ),
    "lede": (
        "{co}'s {prod} suffered an outage on {weekday}, with users of {app} and {api} "
        "[reporting|describing] failed requests and error messages.",
        "Users of {co}'s {prod} [ran into|were met with] a wall of errors on {weekday} as the "
        "company's AI services [faltered|stumbled].",
        "{prod}, the AI [assistant|chatbot] made by {co}, was unavailable for many users on "
        "{weekday} as the company's status page reported '{inc_title}'.",
        "An outage at {co} left {prod} users staring at error messages on {weekday}.",
        "{co} spent part of {weekday} fighting an outage that [took|knocked] {prod} offline for "
        "[a large share of|many of] its users.",
        "Developers who depend on {api} [watched their requests fail|saw requests time out and "
        "fail] on {weekday} during an outage at {co}.",
        "{_crisis}For the {nth} time since March 3, developers building on {co}'s models "
        "watched their requests fail with errors on {weekday}.",
        "{_crisis}{co} was fighting yet another outage on {weekday}, as {api} returned HTTP 529 "
        "'overloaded' errors to a large share of callers.",
        "{_crisis}{prod} went down again on {weekday}, deepening frustration with a service that "
        "has stumbled repeatedly {since_phrase}.",
        "{_crisis}Developers who rely on {coder} lost hours of work on {weekday} when an outage "
        "at {co} took the coding tool and the underlying API offline.",
        "{_crisis}{co}'s run of outages continued on {weekday}, with {prod} [failing|refusing] "
        "requests for many users [in the US and Europe|across several regions].",
        "{_crisis}It happened again: {prod} was [unavailable|offline] for many users on "
        "{weekday}, the latest in a string of outages at {co} that began in early March.",
    ),
    "follow": (
        "{co} acknowledged the problem on its status page at {t_start}, describing it as "
        "'{inc_title}'.",
        "The company's status page listed the incident as '{inc_title}'.",
        "{_ongoing}The company said it was investigating and would post updates as it learned "
        "more.",
        "{_resolved}The incident was marked resolved at {t_end}, about {dur} after it began.",
        "{_crisis}It was the {nth} incident on {co}'s status page since March 3.",
        "{_ongoing}At the time of writing, the company had not said when service would be fully "
        "restored.",
    ),
    "timeline": (
        "{co}'s status page first flagged the problem at {t_start} under the heading "
        "'{inc_title}'.",
        "The first notice went up at {t_start} on {date}: '{first_body}'",
        "{_ident}By {t_ident}, the company said it had identified the cause and was working on a "
        "fix.",
        "{_ident}An update posted at {t_ident} said engineers had found the source of the problem.",
        "{_resolved}The incident was marked resolved at {t_end}, roughly {dur} after it began.",
        "{_resolved}Service recovered gradually, and {co} declared the incident over at {t_end}.",
        "{_ongoing}As of publication, the incident remained open on the status page.",
        "{_ongoing}The most recent update said engineers were still working to restore full "
        "service.",
        "{_monitor}A fix was rolled out, and the company moved the incident into monitoring at "
        "{t_monitor}.",
        "[The status page listed|According to the status page, the incident affected] "
        "{components}.",
    ),
    "impact": (
        "Developers [on social media|on X and Bluesky|in online forums] posted screenshots of "
        "requests failing with [error codes|error messages] [instead of answers|rather than "
        "responses].",
        "Several companies that route customer support through {prod} said their queues backed "
        "up while the service was unreachable.",
        "[On Hacker News and Reddit|On developer forums], threads about the outage filled up "
        "within minutes, many of them [started by|from] paying customers.",
        "Some users said the web app loaded but every message ended in an error, while others "
        "could not sign in at all.",
        "Teams running automated agents reported jobs that failed halfway through and had to be "
        "restarted by hand.",
        "Third-party monitors that track popular APIs showed failure rates for {prod} requests "
        "climbing well above normal levels.",
        "Frustration was [palpable|obvious]: 'unusable' and 'again?' were among the most common "
        "replies under {co}'s posts.",
        "Startups that built their products entirely on {prod} had little choice but to wait it "
        "out.",
        "{_us_hours}The timing was painful for business customers, since the disruption landed "
        "in the middle of the US working day.",
        "Reports of problems [peaked|spiked] within minutes of the first errors, according to "
        "outage-tracking sites.",
        "Paying subscribers were hit as hard as free users, [many|several] of them noted with "
        "irritation.",
        "Help desks at companies that build tools on top of {prod} were flooded with tickets "
        "during the outage.",
        "Developers said their dashboards lit up red [as soon as|the moment] the failures began.",
        "Scheduled jobs queued up behind the failing requests, and some teams said it took hours "
        "to clear the backlog afterwards.",
    ),
    "quote": (
        "'We pay for priority access and we still couldn't get a response,' said {who}, {role}.",
        "'Our customers don't care whose fault it is. They just see our product failing,' said "
        "{who}, {role}.",
        "'I had a demo scheduled and the model just kept returning errors,' {who}, {role}, told "
        "{outlet}.",
        "'The model is brilliant when it works. Lately it often doesn't,' said {who}, {role}.",
        "'Every retry came back with the same error,' said {who}, {role}. 'We lost an afternoon "
        "waiting.'",
        "{who}, {role}, said the outage cost the team most of a working day. 'Nobody could get "
        "anything done,' {who_last} said.",
        "'Reliability is a feature, and right now it is the feature that's missing,' said {who}, "
        "{role}.",
        "'We love the product, but we can't build a business on hope,' said {who}, {role}.",
        "'It's exhausting. We spend more time watching the status page than shipping,' said "
        "{who}, {role}.",
        "'I refreshed the page twenty times before giving up,' said {who}, {role}.",
        "'This is the kind of thing that makes a CTO nervous,' said {who}, {role}.",
        "'We were halfway through a rollout for a big customer when it failed,' said {who}, "
        "{role}. 'Terrible timing.'",
    ),
    "statement": (
        "A {co} spokesperson said the company was 'aware of the issue and working to restore "
        "full service as quickly as possible.'",
        "{co} did not respond to a request for comment before publication.",
        "In a statement, {co} apologized for the disruption and said it was 'taking steps to "
        "prevent a recurrence.'",
        "{co} declined to say how many customers were affected.",
        "A company representative pointed reporters to the status page and said more details "
        "would follow.",
        "{co} said it would share a fuller explanation once its investigation was complete.",
        "{_crisis}In a statement, {co} said demand for its models had grown faster than the "
        "capacity it could bring online, and apologized to customers.",
        "Asked about the cause, a spokesperson said only that engineers had 'identified "
        "contributing factors' and were working through them.",
    ),
    "crisis": (
        "{_crisis}{co} has now logged {count} incidents on its status page since March 3, many "
        "of them involving elevated error rates or capacity problems.",
        "{_crisis}The company's troubles began in early March, when a surge of new users "
        "coincided with a string of capacity incidents.",
        "{_crisis}By most measures, the weeks since March 3 have been the worst stretch for "
        "{prod}'s availability since the service opened to the public.",
        "{_prev}The latest failure follows a {prev_dur} outage on {prev_date} that took {prod} "
        "offline for most users.",
        "{_crisis}Independent monitors counted more minutes of {prod} downtime in March than in "
        "the previous three months combined.",
        "{_crisis}Capacity has been the recurring theme: many of the incidents have involved the "
        "529 'overloaded' status code.",
        "{_crisis}The string of outages has become a running joke on social media, with users "
        "sharing memes about refreshing the status page.",
        "{_crisis}Enterprise customers have started asking for written commitments on uptime, "
        "according to two people who have sat in on those conversations.",
    ),
    "analysis": (
        "Running large models at scale requires enormous numbers of specialized chips, and "
        "analysts say {co} has been racing to secure more of them.",
        "{_crisis}Analysts note that demand for {prod} rose sharply after the company's newest "
        "models arrived in February.",
        "{_crisis}When the servers are saturated, {api} answers with status code 529 instead of "
        "processing the request, telling clients to try again later.",
        "Engineers who build on large language models generally recommend retry logic with "
        "exponential backoff, though that does little when a failure lasts hours.",
        "'Capacity crunches like this are a nice problem to have from a demand perspective, but "
        "a terrible one from a customer's,' said {expert}, {expert_role}.",
        "Some customers have started spreading workloads across several providers to reduce the "
        "risk of a single point of failure.",
        "The incident is a reminder of how concentrated the AI stack has become: when one "
        "provider stumbles, thousands of downstream products stumble with it.",
        "'Most teams still treat the model provider like a utility that never fails,' said "
        "{expert}, {expert_role}. 'Weeks like this show why that's a mistake.'",
        "Cloud outages are nothing new, but AI services are younger and, so far, less "
        "predictable than the databases and storage systems companies have relied on for "
        "decades.",
        "{expert}, {expert_role}, said the incidents highlighted how little visibility "
        "customers have into the infrastructure behind the models they rent.",
    ),
    "rivals": (
        "{_v2}Rival services, including {co2}'s {prod2}, reported no comparable problems during "
        "the same period.",
        "{_v2}{co2}'s status page showed {prod2} operating normally throughout.",
        "{_v2}{prod2}, from {co2}, was unaffected, according to its status dashboard.",
        "{_v3}Neither {co2}'s {prod2} nor {co3}'s {prod3} reported problems at the time.",
        "{_v3}Competing assistants such as {prod2} and {prod3} kept working normally, "
        "according to their status dashboards.",
    ),
    "closing": (
        "{outlet} will update this story as more information becomes available.",
        "{co} publishes current incidents and historical uptime for each of its services on its "
        "status page.",
        "It is not yet clear whether {co} will offer service credits to business customers "
        "affected by the incident.",
        "{_crisis}{co} has promised a detailed incident report in the coming days.",
        "Customers can subscribe to status updates by email or text message, the company says.",
    ),
}

MIGRATION_AWAY: Bank = {  # from Anthropic (f*) to OpenAI / Google (t*), with outages
    "title": (
        "Fed up with outages, {fprod} users move back to {tprod}",
        "{fprod}'s outages push developers toward {tprod}",
        "Developers ditch {fcoder} for rivals after weeks of errors",
        "'We had to switch': startups abandon {fprod} amid outage streak",
        "{fprod} stumbles through another week of outages, and {tprod} gains",
        "{fprod} loses users it won from {tco} as outages drag on",
        "Is it time to switch from {fprod}? What the outages mean for your team",
        "{fprod}'s churn problem: users drift to {tprod} after outage streak",
        "After a month of outages, {fco} customers weigh their options, and many are leaving",
        "{fprod} users are migrating to {tprod}. Will they come back?",
        "{_t2}{fprod} users drift to {tprod} and {tprod2} after outage streak",
        "{_t2}Outages send {fprod} customers to {tprod} and {tprod2}",
    ),
    "lede": (
        "A growing number of {fprod} users say they are moving back to {tprod} after weeks of "
        "outages at {fco}, according to posts on developer forums and interviews with "
        "{outlet}.",
        "{fco}'s string of outages is starting to cost it customers: several startups told "
        "{outlet} they had switched their production traffic to {tprod} in recent weeks.",
        "Developers are voting with their API keys. After repeated outages at {fco}, teams that "
        "standardized on {fprod} only months ago are migrating to {tprod}.",
        "{tco} appears to be the early winner of {fco}'s reliability crisis, as {fprod} users "
        "frustrated by weeks of outages move to {tprod}.",
        "When {fprod} went down again in March, {who} had seen enough: the team switched its "
        "customer-facing assistant to {tprod} the next morning.",
        "{_t2}Weeks of outages at {fco} are pushing {fprod} users to switch to {tprod} and "
        "{tprod2}, according to developers and analytics firms.",
    ),
    "evidence": (
        "Data from app analytics firm {firm} shows downloads of {tapp} rose {pct}% in the two "
        "weeks after {fco}'s longest outage, while {fprod}'s growth stalled.",
        "Web traffic to {fprod} fell by roughly {pct2}% week over week in late March, according "
        "to estimates from {firm}.",
        "Searches for phrases like 'cancel {fprod}' and '{fprod} alternative' spiked after the "
        "outages, according to {firm}.",
        "On Reddit, a thread titled 'Switched back to {tprod}, not looking back' collected "
        "hundreds of replies in a day.",
        "{firm} said the share of API traffic it routes to {fco} among its customers dropped "
        "from {share_hi}% to {share_lo}% over the month.",
        "Several consultancies that help companies pick AI vendors said client requests to "
        "migrate away from {fprod} had jumped since the outages began.",
        "{_t2}Both {tprod} and {tprod2} recorded more sign-ups than usual during the worst of "
        "the outages, {firm} estimates.",
        "Among the startups {outlet} contacted, [roughly a third|about a third|several] said "
        "they had moved at least part of their traffic away from {fprod} since early March.",
        "{firm}'s data shows {tprod} gaining ground in [every week|each week] of the outages, "
        "with the biggest jumps on the days {fprod} was unavailable.",
        "Developer surveys run by {firm} found that [nearly half|more than 40%] of teams using "
        "{fprod} were evaluating an alternative after the outages.",
        "Traffic to comparison sites that help buyers choose an AI assistant [doubled|jumped] "
        "during the worst week of outages.",
    ),
    "quote": (
        "'We moved our whole support bot to {tprod} in a weekend. It was painful, but not as "
        "painful as another outage,' said {who}, {role}.",
        "'I don't think {fprod} is worse. I just can't have my product failing every other "
        "day,' said {who}, {role}.",
        "'The migration took two engineers about four days,' said {who}, {role}. 'Most of that "
        "was rewriting prompts.'",
        "'We switched to {fprod} from {tprod} in January. Now we've switched back,' said {who}, "
        "{role}. 'Nobody on the team is happy about it.'",
        "'Our customers were asking why the assistant kept failing. Moving to {tprod} was the "
        "only answer we had,' said {who}, {role}.",
        "'After the third outage in a week, my manager told me to find a plan B by Friday,' said "
        "{who}, {role}.",
        "'Our on-call rotation was getting paged for someone else's outage. That had to stop,' "
        "said {who}, {role}.",
        "'We built a fallback to {tprod} in an afternoon, and then we just never turned it "
        "off,' said {who}, {role}.",
        "'I'd rather have a slightly worse model that answers than a great one that doesn't,' "
        "said {who}, {role}.",
        "'Our board asked what our plan was if {fco} went down for a day. We didn't have one,' "
        "said {who}, {role}.",
        "'We're still on {fprod} for the hard problems, but the everyday traffic now goes to "
        "{tprod},' said {who}, {role}.",
    ),
    "cost": (
        "Moving a production system from one model to another is rarely trivial: prompts need "
        "retuning, evaluations have to be rerun and output formats checked.",
        "For many teams the switch is less dramatic than it sounds, because tools that abstract "
        "away the provider let them change models with a configuration flag.",
        "A migration also carries hidden costs, from retraining staff to renegotiating "
        "enterprise contracts.",
        "Some companies are not leaving entirely, but moving only their most critical workloads "
        "to {tprod} while keeping {fprod} for the rest.",
        "Teams that built their products around features unique to {fprod}, such as [its coding "
        "tools|long-running agents], face the hardest migrations.",
        "Engineers say the biggest risk in a migration is subtle changes in tone and formatting "
        "that customers notice before anyone else does.",
        "Some companies are signing contracts with two providers at once, paying extra for the "
        "insurance.",
        "Enterprise customers locked into annual commitments have fewer options in the short term.",
    ),
    "loyal": (
        "Not everyone is leaving. 'I'll put up with the odd outage for the quality of the "
        "answers,' said {who}, {role}.",
        "Others argue the exodus is overstated. {expert}, {expert_role}, said most complaints "
        "came from a vocal minority of heavy users.",
        "'Every provider has bad weeks. {tco} had plenty of outages last year,' said {expert}, "
        "{expert_role}.",
        "Loyal users point out that {fprod} still leads many coding benchmarks, which is why "
        "they are reluctant to leave despite the outages.",
        "'The grass isn't always greener. {tprod} has its own problems,' said {who}, {role}.",
        "Some developers said they had tried {tprod} during the outages and come back to "
        "{fprod} within days.",
        "Heavy users of {fcoder} in particular said they had found no equivalent elsewhere.",
    ),
    "vendor": (
        "{fco} said it was adding capacity 'as fast as physically possible' and that "
        "reliability was its top priority.",
        "{fco} declined to comment on customer numbers but said usage of {fprod} remained at "
        "record levels despite the outages.",
        "{tco} did not comment directly on the influx but said sign-ups had been 'strong'.",
        "A spokesperson for {tco} said the company had seen 'significant interest' from "
        "developers looking for alternatives.",
        "{fco} has said that new capacity coming online in the spring should end the worst of "
        "the outages.",
        "{tco} has rolled out tools to import conversations and settings from rival assistants.",
        "{fco} has offered service credits to some enterprise customers affected by the "
        "outages, according to two people familiar with the matter.",
    ),
    "analysis": (
        "'Switching costs in this market are lower than people assumed,' said {expert}, "
        "{expert_role}. 'Loyalty lasts until the next outage.'",
        "The episode shows how quickly fortunes can turn in the chatbot market, where users can "
        "try a rival with a few clicks.",
        "Analysts say the real test will come in a few months, when it becomes clear whether "
        "users who left return once {fco} stabilizes.",
        "For {fco}, the timing is unfortunate: the company had spent the early part of the year "
        "winning over users from {tprod}.",
        "'This is the first real test of how sticky these products are,' said {expert}, "
        "{expert_role}.",
        "Market share in AI assistants has proved more fluid than in search or cloud computing, "
        "where customers rarely move.",
        "The winners of this episode may be the tools that let companies route requests to "
        "whichever model is available.",
        "For {tco}, the challenge is to keep the new users once the outages at {fco} are over.",
    ),
}

MIGRATION_TOWARD: Bank = {  # from OpenAI (f*) to Anthropic (t*); {_outage}: after an outage
    "title": (
        "{tprod} is winning over {fprod} users. Here's why",
        "{tprod} climbs the app charts as {fprod} users switch",
        "Why developers are choosing {tprod} over {fprod}",
        "The great chatbot migration: {tprod} wins over {fprod} loyalists",
        "'I moved to {tprod} and never looked back': {fprod} users explain the switch",
        "{tprod} gains ground as {fprod} users defect",
        "{_outage}{tprod} picks up users who switched after the {fprod} outage",
    ),
    "lede": (
        "{tco}'s {tprod} is winning over a growing number of {fprod} users, according to app "
        "download data and interviews with developers who have made the switch.",
        "Developers who built their first AI features on {fprod} are increasingly moving to "
        "{tprod}, citing the quality of its coding help and its longer answers.",
        "{tprod} jumped into the top ranks of the app store this week as {fprod} users, many of "
        "them developers, switched over in large numbers.",
        "{_outage}{fco}'s {fprod} outage on {out_weekday} has pushed some users to switch to "
        "{tprod}, and a number of them say they are not going back.",
    ),
    "evidence": (
        "Data from app analytics firm {firm} shows downloads of {tapp} rose {pct}% over the past "
        "month.",
        "Daily active users of {tprod} have roughly doubled since the start of the year, "
        "according to estimates from {firm}.",
        "On Reddit, posts from people who say they have left {fprod} for {tprod} regularly reach "
        "the front page of AI forums.",
        "{firm} said the share of API traffic it routes to {tco} among its customers climbed "
        "from {share_lo}% to {share_hi}% over the quarter.",
        "{tprod}'s mobile app climbed into the top five productivity apps in the US and "
        "[several European countries|much of Europe], according to {firm}.",
        "{firm} estimates that {tprod}'s weekly active users grew faster in the past month than "
        "in any month since the service opened.",
        "Mentions of {tprod} on developer forums have overtaken mentions of {fprod} for the "
        "first time, according to a tally by {firm}.",
    ),
    "quote": (
        "'The answers are just better for the kind of code I write,' said {who}, {role}, who "
        "moved from {fprod} in January.",
        "'I cancelled my {fprod} plan last week. {tprod} does everything I need,' said {who}, "
        "{role}.",
        "'It writes the way I write,' said {who}, {role}. 'That was enough to make me switch.'",
        "'We ran both for a month and {tprod} won on almost every task,' said {who}, {role}.",
        "{_outage}'I had a report due when {fprod} went down, so I tried {tprod}. I've used it "
        "ever since,' said {who}, {role}.",
        "'I kept both subscriptions for a while. Last week I finally cancelled one, and it "
        "wasn't {tprod},' said {who}, {role}.",
        "'The coding help is the reason. It just understands a codebase better,' said {who}, "
        "{role}, [who made the move in February|who changed over last month].",
        "'My whole team moved over in a week. Nobody asked to go back,' said {who}, {role}.",
    ),
    "analysis": (
        "{tco} has been gaining share among developers for months, helped by {tcoder}, its "
        "command-line coding tool.",
        "The shift is still small in absolute terms: {fprod} has far more weekly users than "
        "{tprod}.",
        "'Consumer AI loyalty is shallow,' said {expert}, {expert_role}. 'People go wherever the "
        "best model is this month.'",
        "Surging demand has a flip side: analysts warn that {tco} will need to add computing "
        "capacity quickly to keep up with its new users.",
        "Some of the movement is driven by word of mouth among programmers, who share "
        "side-by-side comparisons of the two assistants.",
        "Competition for chatbot users has intensified as the assistants converge on similar "
        "features, making small differences in quality matter more.",
        "'Developers are the early adopters here, and where they go, companies tend to "
        "follow,' said {expert}, {expert_role}.",
        "{fco} still dominates consumer usage, but its lead among programmers looks less secure "
        "than it did a year ago.",
    ),
    "vendor": (
        "{tco} said sign-ups had hit records in recent weeks but declined to give figures.",
        "{fco} said its weekly user numbers continued to grow and pointed to new features in "
        "{fprod}.",
        "Neither company would comment on how many users had moved between the two services.",
        "{tco} has been adding servers to cope with the influx, according to people familiar "
        "with its plans.",
        "{fco} has responded with a stream of updates to {fprod} in recent weeks.",
    ),
}

RELEASE: Bank = {
    "title": (
        "{co} unveils {model} with longer memory and better coding skills",
        "{_v2}{model} is here: {co}'s new model takes aim at {co2}",
        "Hands-on with {model}, {co}'s latest release",
        "{co} launches {model} for developers and {prod} users",
        "{co}'s {model} debuts with stronger agent abilities",
        "{co} introduces {model}, its most capable model yet",
        "First look: {co}'s {model} sets a new bar on coding benchmarks",
        "{co} releases {model}, promising sharper reasoning",
    ),
    "lede": (
        "{co} on {weekday} released {model}, a new model that the company says [handles longer "
        "tasks|reasons more reliably] and writes better code than its predecessor.",
        "{co} has launched {model}, the latest version of the AI model family behind {prod}.",
        "{co} unveiled {model} on {weekday}, making it available in {app} and through {api} "
        "from day one.",
        "The newest model from {co}, {model}, debuted on {weekday} with [improved|stronger] "
        "scores on coding and math benchmarks.",
    ),
    "capabilities": (
        "According to {co}, {model} can work through multistep tasks for longer without losing "
        "track of its goal.",
        "The company says the model makes fewer factual mistakes and is better at saying when it "
        "does not know something.",
        "{model} accepts text, images and documents, and can produce structured output for use "
        "in other software.",
        "Benchmarks published by {co} show gains on [SWE-bench|coding tests] and graduate-level "
        "science questions, though independent evaluations are still pending.",
        "The model's context window, the amount of text it can consider at once, [stays "
        "at|grows to] {ctx_tokens} tokens.",
        "{co} highlighted the model's performance on agentic tasks, in which an AI system uses "
        "tools such as a browser or a code editor to complete a job.",
        "The company said it had spent months testing the model with outside experts before "
        "making it public.",
    ),
    "availability": (
        "{model} is available today to paying subscribers of {app}, with free users getting "
        "limited access.",
        "Developers can reach the model through {api}, and it is also offered on major cloud "
        "platforms.",
        "{co} said it would roll out the model to enterprise customers over the coming weeks.",
        "The model becomes the default for all users of {app}.",
    ),
    "exec": (
        "'This is the biggest step forward we have taken this year,' said {exec1}, {exec1_role} "
        "at {co}.",
        "'We focused on making the model more dependable for long, messy real-world tasks,' "
        "{exec1}, {exec1_role} at {co}, said in an interview.",
        "{exec1}, {exec1_role} at {co}, described {model} as 'a model you can hand a project to, "
        "not just a question.'",
    ),
    "reaction": (
        "Early testers were broadly positive. 'It's noticeably better at following "
        "instructions,' said {who}, {role}.",
        "'The benchmarks look great, but I'll wait for independent tests,' said {who}, {role}.",
        "Some researchers cautioned that benchmark gains do not always translate into everyday "
        "usefulness.",
        "On developer forums, early reactions focused on the model's coding ability, which "
        "several users described as a clear improvement.",
        "'For the agent work we do, the jump is real,' said {who}, {role}.",
    ),
    "competition": (
        "{_v2}The model puts pressure on {co2}, whose {prod2} has led several popular "
        "leaderboards this year.",
        "{_v2}{model} arrives weeks after {co2} updated {prod2}, underlining how fast the "
        "leading labs are moving.",
        "{_v2}Analysts said the model narrows the gap with {co2}'s {model2} on reasoning tasks.",
    ),
    "context": (
        "The [announcement|news] comes amid an intense race among AI labs to ship more capable "
        "models every few months.",
        "{co} has been steadily expanding {prod}, adding file handling, memory and voice "
        "features over the past year.",
        "Frontier models now arrive often enough that many businesses test each new version "
        "before deciding whether to adopt it.",
        "'The gap between the top labs is measured in weeks now,' said {expert}, {expert_role}.",
        "Independent researchers typically need several weeks to evaluate a new model thoroughly.",
        "Model names have become so similar across companies that even enthusiasts struggle to "
        "keep track of them.",
        "'Every release now comes with a chart showing it beating everyone else,' said "
        "{expert}, {expert_role}.",
        "{co} did not disclose how large the model is or how much data was used to train it.",
    ),
}

FUNDING: Bank = {
    "title": (
        "{co} raises ${amount} billion at a ${valuation} billion valuation",
        "{co} closes ${amount} billion funding round led by {investor}",
        "Investors pour another ${amount} billion into {co}",
        "{co}'s valuation hits ${valuation} billion after new funding",
        "{_novendor}AI startup {startup} raises ${amount_m} million",
        "{_novendor}{startup} lands ${amount_m} million Series B for AI agents",
    ),
    "lede": (
        "{co}, the company behind {prod}, has raised ${amount} billion in a new funding round "
        "that values it at ${valuation} billion, according to people familiar with the matter.",
        "{co} said on {weekday} it had raised ${amount} billion from investors led by "
        "{investor}, lifting its valuation to ${valuation} billion.",
        "Investors have committed ${amount} billion to {co} in one of the largest private "
        "funding rounds ever for an AI company.",
        "{_novendor}{startup}, a startup that builds AI agents for {sector}, has raised "
        "${amount_m} million in a round led by {investor}.",
    ),
    "details": (
        "The round was led by {investor}, with participation from existing backers.",
        "{co} plans to spend much of the money on computing capacity and on hiring researchers, "
        "the company said.",
        "The valuation is roughly double what the company was worth a year ago.",
        "People familiar with the talks said demand from investors exceeded the amount {co} set "
        "out to raise.",
        "The funding also includes a tender offer that lets employees sell some of their shares.",
        "{_vendor}The company has not said when it expects to turn a profit.",
        "{_vendor}Existing shareholders were offered the chance to keep their stakes from being "
        "diluted, [people familiar with the terms|two people briefed on the terms] said.",
        "{_vendor}The money will also pay for [new offices|an expansion] in Europe and Asia, "
        "according to a memo sent to staff.",
        "{_novendor}{startup} was founded two years ago by former researchers from a large "
        "technology company and now employs about {staff} people.",
        "{_novendor}The company says its software handles routine paperwork for customers in "
        "{sector}, with a human reviewing the results.",
    ),
    "context": (
        "AI developers are spending money at an unprecedented rate as they pay for chips, data "
        "centers and talent.",
        "Investors are betting that the leading labs will capture a large share of corporate "
        "spending on AI software.",
        "{_vendor}{co}'s revenue has grown quickly on the back of {prod} subscriptions and API "
        "sales, though it remains deeply unprofitable.",
        "{_vendor}The round cements {co}'s position among the handful of companies able to train "
        "frontier models.",
        "Venture capital investment in AI companies hit a record last year and has kept climbing.",
        "{_novendor}Investors have been keen on startups that apply AI models to narrow, "
        "well-defined business problems.",
        "The size of AI funding rounds has grown so fast that last year's records now look modest.",
        "Some investors have warned that valuations are running ahead of revenue.",
        "{_vendor}{co} has been hiring aggressively, adding hundreds of employees in the past "
        "year.",
    ),
    "quote": (
        "{_vendor}'The capital lets us plan years ahead on compute,' said {exec1}, {exec1_role} "
        "at {co}.",
        "'Valuations like this assume a lot of things go right,' said {expert}, {expert_role}.",
        "'Everybody wants exposure to AI, and there are only a few ways to get it,' said "
        "{expert}, {expert_role}.",
        "{_novendor}'We want to be boring and useful,' said {who}, {role}.",
        "'There is a lot of capital chasing a small number of companies,' said {expert}, "
        "{expert_role}.",
    ),
    "investor_vendor": (
        "{_v2}{co2}, an existing backer, also took part in the round.",
        "{_v2}The company counts {co2} among its largest shareholders, alongside several "
        "venture firms.",
    ),
}

PRICING: Bank = {  # angles: _a_cut (API prices fall), _a_tier (a pricier top plan)
    "title": (
        "{_a_cut}{co} cuts {model} API prices by {pct}%",
        "{_a_cut}{co} slashes prices as the AI price war heats up",
        "{_a_cut}{co} lowers prices for {api} across its lineup",
        "{_a_tier}{co} adds a ${tier_price}-a-month {prod} plan for power users",
        "{_a_tier}{prod} gets a pricier top tier",
        "{_a_tier}{co} bets power users will pay ${tier_price} a month for {prod}",
    ),
    "lede": (
        "{_a_cut}{co} is cutting the price of {model} by {pct}%, bringing the cost of input to "
        "${price_in} per million tokens.",
        "{_a_cut}{co} is lowering API prices across its model lineup, the latest move in an "
        "escalating price war among AI providers.",
        "{_a_tier}{co} will charge ${tier_price} a month for a new top tier of {prod}, aimed at "
        "professionals who hit usage limits on cheaper plans.",
        "{_a_tier}Heavy users of {prod} can now pay ${tier_price} a month for a plan with far "
        "higher usage limits, {co} said on {weekday}.",
    ),
    "details": (
        "{_a_cut}Output tokens will cost ${price_out} per million, compared with "
        "${price_out_old} before.",
        "{_a_cut}The new prices take effect immediately for all API customers, {co} said.",
        "{_a_cut}Batch requests, which are processed within 24 hours, get an additional 50% "
        "discount.",
        "{_a_cut}Cached prompts will be billed at a fraction of the normal rate, which matters "
        "for applications that resend long instructions.",
        "{_a_cut}{co} said the lower prices reflect efficiency gains in how it serves its models.",
        "{_a_tier}Subscribers on the top tier get higher usage limits and early access to "
        "experimental features.",
        "{_a_tier}The existing plans keep their current prices, {co} said.",
        "{_a_tier}The tier is aimed at programmers, analysts and researchers who use {prod} for "
        "hours every day.",
        "{_a_tier}Business customers on annual contracts are not affected for now.",
        "{_a_tier}The plan also includes priority access [during busy periods|when demand "
        "spikes] and more memory for long projects.",
        "{_a_tier}{co} said a small share of power users accounted for a large share of usage "
        "on its existing plans.",
        "{_a_cut}The cut applies to both the standard and the fastest versions of the model.",
        "{_a_cut}{co} last changed its API prices [about six months ago|late last year].",
    ),
    "competition": (
        "{_a_cut}{_v2}The cut undercuts {co2}, whose comparable model is priced higher per token.",
        "{_a_cut}{_v2}{co2} lowered its own prices last month, and analysts expect the two to "
        "keep leapfrogging each other.",
        "{_a_cut}{_v2}Developers said the move makes {co} cheaper than {co2} for most chat "
        "workloads.",
        "{_a_tier}{_v2}{co2} offers a similarly priced top plan for its own assistant.",
    ),
    "reaction": (
        "{_a_cut}'At these prices, a lot of projects that didn't pencil out suddenly do,' said "
        "{who}, {role}.",
        "{_a_cut}'Cheaper tokens are great, but what we really need is predictable bills,' said "
        "{who}, {role}.",
        "{_a_tier}Some users complained on social media that the top tier's price is too steep "
        "for individuals.",
        "{_a_tier}'If it saves me an hour a day, the price is easy to justify,' said {who}, "
        "{role}.",
        "{_a_tier}'I'll pay it if the limits really go away,' said {who}, {role}.",
        "{_a_tier}Analysts said the new tier's price signals that {co} sees professionals, not "
        "casual users, as its most valuable customers.",
        "{_a_cut}'Price cuts this deep usually mean the provider found a cheaper way to run the "
        "model,' said {expert}, {expert_role}.",
        "'We rerun our cost model every time a provider changes its prices,' said {who}, {role}.",
        "Developers on forums were quick to [recalculate|rework] their monthly bills under the "
        "new prices.",
    ),
    "analysis": (
        "Prices for a given level of AI capability have fallen steeply over the past two years "
        "as hardware and software have become more efficient.",
        "{_a_cut}Falling prices put pressure on smaller model developers, which lack the scale "
        "of the biggest labs.",
        "Subscription plans have become an important source of revenue for AI companies, "
        "alongside API sales.",
        "'The pricing pages of AI companies now change more often than their logos,' said "
        "{expert}, {expert_role}.",
        "For many businesses, the cost of running AI models now matters more than small "
        "differences in quality.",
        "'Procurement teams are finally asking the same questions about AI that they ask about "
        "cloud storage,' said {expert}, {expert_role}.",
    ),
}

PARTNERSHIP: Bank = {  # angles: _a_org (a customer organization), _a_cloud (a vendor, {co2})
    "title": (
        "{_a_org}{co} and {org} strike multiyear partnership",
        "{_a_org}{co} partners with {org} to bring {prod} to {sector}",
        "{_a_org}{org} picks {co} as its AI partner",
        "{_a_cloud}{_v2}{co} teams up with {co2} on {area}",
        "{_a_cloud}{_v2}{co} signs cloud agreement with {co2}",
        "{_a_cloud}{_v2}{co} and {co2} expand their alliance",
        "{_a_org}{org} rolls out {prod} to staff in new partnership with {co}",
        "{_a_cloud}{_v2}{co} deepens ties with {co2} in new compute deal",
    ),
    "lede": (
        "{_a_org}{co} has signed a multiyear partnership with {org} that will put {prod} in "
        "front of thousands of employees, the companies said on {weekday}.",
        "{_a_org}{org} is teaming up with {co} to build AI tools for {sector}, the companies "
        "announced on {weekday}.",
        "{_a_cloud}{_v2}{co} and {co2} have agreed to a broad partnership covering {area}, the "
        "companies said on {weekday}.",
        "{_a_cloud}{_v2}{co} will work more closely with {co2} on {area} under a partnership "
        "announced on {weekday}.",
        "{_a_org}{co} will supply AI tools to {org}, one of the larger employers in {sector}, "
        "under a partnership the two companies announced on {weekday}.",
        "{_a_cloud}{_v2}{co2} will provide {co} with more computing capacity under an expanded "
        "alliance announced on {weekday}.",
    ),
    "details": (
        "Financial terms were not disclosed.",
        "{_a_org}Under the agreement, {org} will give its staff access to {prod} and build "
        "custom tools on {api}.",
        "{_a_org}The companies will also collaborate on safety testing and on tools tailored to "
        "{sector}.",
        "The partnership expands an existing relationship between the two companies.",
        "{_a_cloud}{_v2}Under the agreement, {co} will run more of its workloads on {co2}'s data "
        "centers and chips.",
        "{_a_cloud}{_v2}{co2} will also offer {co}'s models to its own cloud customers.",
        "{_a_cloud}{_v2}The agreement spans several years and covers both training and serving "
        "of {co}'s models.",
        "{_a_cloud}{_v2}The arrangement gives {co} access to [some of the newest|large numbers "
        "of] accelerators as they come off the production line.",
        "{_a_cloud}{_v2}For {co2}, the agreement brings one of the most demanding AI customers "
        "onto its infrastructure.",
        "{_a_cloud}{_v2}People familiar with the talks said the commitment runs into the "
        "billions of dollars over several years.",
        "{_a_cloud}{_v2}{co} has been spreading its computing needs across several cloud "
        "providers to avoid depending on any single one.",
        "{_a_cloud}{_v2}Engineers from both companies will work together on the software that "
        "runs {co}'s models on {co2}'s hardware.",
        "{_a_org}The first tools will [focus on|target] routine paperwork, research and customer "
        "correspondence.",
        "{_a_org}{org} said employees would be trained before getting access and that sensitive "
        "data would stay within its own systems.",
        "{_a_org}A pilot with a few hundred employees ran for several months before the wider "
        "rollout.",
        "{_a_org}Unions representing some staff at {org} said they had been consulted about the "
        "project.",
    ),
    "quote": (
        "{_a_org}'We chose {co} because of the quality of its models and its approach to "
        "safety,' said {who}, a senior executive at {org}.",
        "'Our customers asked for this,' {exec1}, {exec1_role} at {co}, said in a statement.",
        "{_a_org}'This is about giving people better tools, not replacing them,' said {who}, who "
        "leads the project at {org}.",
        "{_a_org}'We measured the time saved before signing anything,' said {who}, who oversaw "
        "the pilot at {org}.",
        "{_a_cloud}{_v2}'Compute is the scarcest thing in this industry,' said {expert}, "
        "{expert_role}. 'Partnerships like this are how labs get it.'",
    ),
    "context": (
        "Partnerships with large enterprises have become a key battleground for AI developers "
        "seeking steady revenue.",
        "{_a_org}{co} has signed similar agreements with companies in banking, health care and "
        "retail over the past year.",
        "{_a_org}Companies in {sector} have been cautious about AI because of strict rules on "
        "data, but that caution is fading.",
        "{_a_org}'Every big company now wants a named AI partner,' said {expert}, {expert_role}.",
        "{_a_cloud}{_v2}Cloud providers are competing hard to host the leading AI labs, whose "
        "demand for chips keeps growing.",
        "Analysts expect more such agreements as AI developers look for distribution and large "
        "companies look for expertise.",
        "The companies said they would share more details about the collaboration later this year.",
        "'These tie-ups are as much about talent as about technology,' said {expert}, "
        "{expert_role}.",
    ),
}

REGULATION: Bank = {  # angles: _a_inquiry, _a_code, _a_ftc (a vendor); _a_state, _a_guide (none)
    "title": (
        "{_a_inquiry}EU regulators open inquiry into {co}'s {prod}",
        "{_a_inquiry}{co} faces scrutiny from European regulators over {prod}",
        "{_a_code}{co} signs EU code of practice for general-purpose AI",
        "{_a_code}{_v3}{co}, {co2} and {co3} sign EU code for general-purpose AI",
        "{_a_ftc}FTC questions {co} about {prod}'s handling of children's data",
        "{_a_state}{_novendor}{jurisdiction} lawmakers advance bill targeting frontier AI models",
        "{_a_guide}{_novendor}European Commission sets out new guidance under the AI Act",
    ),
    "lede": (
        "{_a_inquiry}European regulators have opened an inquiry into how {co} trains and deploys "
        "{prod}, adding to the legal pressure on AI developers.",
        "{_a_code}{co} said on {weekday} it would sign the European Union's code of practice for "
        "general-purpose AI models, a voluntary framework tied to the AI Act.",
        "{_a_code}{_v3}{co}, {co2} and {co3} are among the companies that have signed the "
        "European Union's code of practice for general-purpose AI models under the AI Act.",
        "{_a_ftc}The Federal Trade Commission, the US consumer protection regulator, has asked "
        "{co} for information about how {prod} handles data from younger users, according to a "
        "letter seen by {outlet}.",
        "{_a_state}{_novendor}Lawmakers in {jurisdiction} advanced a bill on {weekday} that "
        "would impose new obligations on developers of the most powerful AI models.",
        "{_a_guide}{_novendor}The European Commission on {weekday} published guidance "
        "explaining how developers of general-purpose AI models should meet their obligations "
        "under the AI Act.",
    ),
    "details": (
        "{_a_inquiry}The inquiry will examine whether the company's data practices comply with "
        "European privacy law.",
        "{_a_inquiry}Companies that break the rules could face fines of up to 4% of global "
        "annual turnover.",
        "{_a_code}Under the AI Act, providers of general-purpose models must document their "
        "training data and assess systemic risks.",
        "{_a_code}Signatories commit to publishing summaries of their training data and to "
        "sharing information with the EU's AI Office.",
        "{_a_ftc}The agency can seek civil penalties if it finds violations of federal "
        "children's privacy law.",
        "{_a_ftc}The letter asks for internal documents about age checks and parental controls.",
        "{_a_state}The bill would require large developers to publish safety frameworks and "
        "report serious incidents to the state.",
        "{_a_state}It now goes to the full legislature, where its backers expect a close vote.",
        "{_a_guide}The guidance is not binding, but regulators have said they will take it into "
        "account when enforcing the law.",
        "{_a_guide}It covers how to summarize training data and how to assess systemic risks.",
        "{_a_code}The code is voluntary, but signing it is [widely|generally] seen as the "
        "easiest way to show compliance with the AI Act.",
        "{_a_code}Some companies have declined to sign, arguing that the code goes beyond what "
        "the law requires.",
        "{_a_code}Signing commits companies to respecting opt-outs from website owners who do "
        "not want their content used for training.",
        "{_a_code}The AI Office said more companies were expected to sign in the coming weeks.",
        "{_a_inquiry}The investigation is expected to take months, and the company can respond "
        "before any decision is made.",
        "{_a_inquiry}{co} said it had cooperated with European authorities and believed its "
        "practices complied with the law.",
        "{_a_ftc}The agency has [stepped up|increased] its scrutiny of AI products aimed at "
        "teenagers over the past year.",
        "{_a_ftc}{co} said it shared the agency's goal of protecting young users and would "
        "respond to the letter.",
        "{_a_state}Similar bills have been filed in several other states this year.",
        "{_a_state}The governor's office declined to say whether the bill would be signed.",
        "{_a_guide}The Commission said it would review the guidance after a year.",
        "{_a_guide}Developers of smaller models are exempt from some of the obligations.",
    ),
    "reaction": (
        "'Regulators are moving from principles to enforcement,' said {expert}, {expert_role}.",
        "{_vendor}{co} said it welcomed 'clear and workable rules' and would cooperate with the "
        "authorities.",
        "Civil society groups said the measures did not go far enough.",
        "{_a_guide}Industry groups warned that a patchwork of rules would slow the adoption of "
        "AI in Europe.",
        "{_a_state}Technology trade groups said the bill would push startups out of the state.",
        "'The details will matter more than the headlines,' said {expert}, {expert_role}.",
        "'Compliance is becoming a product feature,' said {expert}, {expert_role}.",
    ),
    "context": (
        "Governments on both sides of the Atlantic are trying to set rules for AI without "
        "stifling a fast-growing industry.",
        "{_a_code}The AI Act's obligations for general-purpose models began to apply in stages "
        "starting last year.",
        "{_a_state}State legislatures in the US have taken the lead on AI rules in the absence "
        "of federal legislation.",
        "{_v2}{co2} faced similar questions from regulators last year.",
        "Lawyers who advise AI companies said clients were [spending more time|devoting more "
        "staff] on documentation than a year ago.",
        "Consumer advocates have pushed for stronger rules on how chatbots handle personal "
        "information.",
        "The debate over how to regulate AI has shifted from whether to act to how quickly.",
    ),
}

SECURITY: Bank = {  # angles: _a_inj, _a_bug, _a_abuse, _a_jail, _a_leak
    "title": (
        "{_a_inj}{_coder}Researchers find prompt injection flaw in {coder}",
        "{_a_inj}{_novendor}AI coding agents are a new target for attackers, researchers warn",
        "{_a_bug}{co} fixes vulnerability that exposed {prod} conversation titles",
        "{_a_abuse}Hackers used {prod} to help write malware, {co} says",
        "{_a_jail}Security researchers jailbreak {prod} within days of its latest update",
        "{_a_leak}{co} patches flaw in {api} after researcher report",
    ),
    "lede": (
        "{_a_inj}{_coder}Security researchers have found a way to trick {coder} into running "
        "malicious commands through a technique known as prompt injection.",
        "{_a_inj}{_novendor}Security researchers are warning that AI coding agents, which can "
        "run commands on a developer's machine, are becoming an attractive target for "
        "attackers.",
        "{_a_bug}{co} has fixed a vulnerability in {app} that could have let attackers read "
        "other users' conversation titles, the company said.",
        "{_a_abuse}{co} said on {weekday} it had shut out a group of hackers who were using "
        "{prod} to help write malware.",
        "{_a_jail}Security researchers needed only a few days to jailbreak the latest version of "
        "{prod}, getting it to ignore {co}'s safety rules.",
        "{_a_leak}A security researcher has shown how a specially crafted document could make "
        "{prod} leak parts of a user's files.",
    ),
    "details": (
        "{_a_bug}The flaw was reported through the company's bug bounty program and fixed "
        "within days, {co} said.",
        "{_a_bug}There is no evidence the vulnerability was exploited, according to the company.",
        "{_a_leak}{co} fixed the flaw within a week and said there was no evidence it had been "
        "exploited.",
        "{_a_inj}Prompt injection attacks hide instructions in web pages, emails or documents "
        "that an AI agent reads while doing its job.",
        "{_a_leak}The attack is a form of prompt injection: the document contains hidden "
        "instructions that the model follows.",
        "Researchers at {secfirm} published a proof of concept and a timeline of their disclosure.",
        "{_vendor}{co} said it had added new safeguards and was working with outside "
        "researchers to test them.",
        "{_a_bug}The issue has been assigned the identifier CVE-2026-{cve}.",
        "{_a_abuse}The accounts involved have been banned, and {co} said it had shared "
        "indicators with other companies.",
        "{_a_abuse}The hackers used the assistant to debug code and translate phishing lures, "
        "according to the company's threat report.",
        "{_a_jail}The jailbreak relies on a long role-play scenario that gradually steers the "
        "model away from its guardrails.",
        "{_a_jail}{co} said it was aware of the technique and was updating its defenses.",
        "{_a_inj}{_novendor}Several vendors of coding agents have added confirmation prompts "
        "before commands run, but researchers say users often click through them.",
    ),
    "quote": (
        "{_a_inj}'Agents that can take actions are a new attack surface,' said {who}, a "
        "researcher at {secfirm}.",
        "{_a_leak}'The model did exactly what the hidden text told it to do,' said {who}, who "
        "found the flaw.",
        "'We should assume these systems will be attacked constantly,' said {expert}, "
        "{expert_role}.",
        "{_a_jail}'Every model gets jailbroken eventually. The question is how fast it is "
        "fixed,' said {expert}, {expert_role}.",
        "'Most of these attacks are old ideas in a new costume,' said {expert}, {expert_role}.",
    ),
    "context": (
        "The episode adds to a growing list of security issues in AI tools as companies race to "
        "connect them to email, files and code.",
        "Security teams at large companies have started writing policies specifically for AI "
        "agents.",
        "{_a_abuse}Attackers have been experimenting with AI models to speed up phishing and "
        "reconnaissance, according to several threat reports.",
        "{_v2}{co2} reported a similar class of issue in its own tools earlier this year.",
        "Bug bounty programs at AI companies have paid out growing sums as researchers turn "
        "their attention to AI tools.",
        "Companies are being urged to give AI agents only the permissions they strictly need.",
        "Red-teaming, in which experts try to make a model misbehave, has become a standard "
        "part of AI testing.",
    ),
}

ANGLES: dict[str, tuple[str, ...]] = {
    "pricing": ("_a_cut", "_a_tier"),
    "partnership": ("_a_org", "_a_cloud"),
    "regulation": ("_a_inquiry", "_a_code", "_a_ftc", "_a_state", "_a_guide"),
    "security": ("_a_inj", "_a_bug", "_a_abuse", "_a_jail", "_a_leak"),
}

BACKGROUND_BANKS: dict[str, Bank] = {
    "release": RELEASE,
    "funding": FUNDING,
    "pricing": PRICING,
    "partnership": PARTNERSHIP,
    "regulation": REGULATION,
    "security": SECURITY,
}
# Body sections per kind: (section, sentences per paragraph); required first, then optional.
RECIPES: dict[str, tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = {
    "outage": (
        (("timeline", 3), ("impact", 3), ("quote", 2), ("rivals", 1), ("statement", 2)),
        (("crisis", 3), ("analysis", 3), ("impact", 2), ("quote", 2), ("analysis", 2),
         ("crisis", 2), ("closing", 1)),
    ),
    "away": (
        (("evidence", 2), ("quote", 2), ("cost", 2), ("vendor", 2)),
        (("loyal", 2), ("analysis", 2), ("evidence", 2), ("quote", 2), ("analysis", 2)),
    ),
    "toward": (
        (("evidence", 2), ("quote", 2), ("analysis", 2)),
        (("vendor", 2), ("quote", 2), ("evidence", 2), ("analysis", 2)),
    ),
    "release": (
        (("capabilities", 3), ("availability", 2), ("competition", 1)),
        (("exec", 1), ("reaction", 2), ("context", 2), ("capabilities", 2), ("reaction", 2)),
    ),
    "funding": (
        (("details", 3), ("investor_vendor", 1), ("context", 2)),
        (("quote", 2), ("details", 2), ("context", 2)),
    ),
    "pricing": (
        (("details", 3), ("competition", 1), ("reaction", 2)),
        (("analysis", 2), ("details", 2), ("reaction", 2), ("analysis", 2)),
    ),
    "partnership": (
        (("details", 3), ("quote", 1)),
        (("context", 2), ("details", 2), ("quote", 1), ("context", 2)),
    ),
    "regulation": (
        (("details", 2), ("reaction", 2), ("context", 1)),
        (("details", 2), ("reaction", 2), ("context", 2)),
    ),
    "security": (
        (("details", 3), ("quote", 1), ("context", 1)),
        (("details", 2), ("quote", 2), ("context", 2)),
    ),
}  # fmt: skip

# Padding for background stories: industry context with no topic markers and no vendor names.
INDUSTRY: tuple[str, ...] = (
    "Businesses have moved from experimenting with generative AI to putting it into everyday "
    "[workflows|operations], according to [recent surveys|several recent surveys] of IT "
    "leaders.",
    "The [biggest|largest] AI labs now employ thousands of people and spend billions of "
    "dollars a year on computing power.",
    "Demand for the specialized chips used to train and run AI models still outstrips supply, "
    "according to [industry executives|people in the industry].",
    "Much of the [competition|rivalry] among AI companies now plays out in developer tools, "
    "where programmers can compare models side by side.",
    "[Enterprise buyers|Corporate customers] increasingly ask for detailed documentation "
    "about how models were trained and tested.",
    "AI agents, which carry out multistep tasks on a user's behalf, have become the focus of "
    "much of the industry's [work|attention] this year.",
    "Many companies now use more than one AI model, picking different ones for different "
    "tasks depending on speed, quality and cost.",
    "Energy use by data centers has become a political issue in several countries as AI "
    "workloads grow.",
    "The pace of change has made it hard for [smaller companies|many smaller firms] to decide "
    "which AI tools to standardize on.",
    "Research labs have been publishing fewer details about their largest models, citing "
    "competition and safety concerns.",
    "Hiring for AI roles remains [intense|fierce], with top researchers commanding pay "
    "packages that rival those of professional athletes.",
    "Open-weight models, which anyone can download and run, have narrowed the gap with "
    "proprietary systems over the past year.",
    "[Universities|Academic researchers] say they struggle to study the largest models because "
    "they lack the computing resources to run them.",
    "Customer service, software development and document processing remain the most common "
    "business uses of large language models.",
    "Several large companies have created the role of chief AI officer to coordinate their "
    "efforts.",
    "Surveys suggest that most office workers have now tried an AI assistant at least once, "
    "though far fewer use one daily.",
    "[Analysts|Industry watchers] expect spending on AI infrastructure to keep rising through "
    "the end of the decade.",
    "Benchmarks that once seemed difficult for AI systems are now routinely saturated, pushing "
    "researchers to design harder tests.",
    "The industry's biggest players are also building their own data centers rather than "
    "relying only on existing cloud capacity.",
    "Questions about copyright and training data continue to work their way through courts in "
    "several countries.",
    "Startups building on top of foundation models say their biggest challenge is "
    "differentiating their products as the underlying models improve.",
    "Voice interfaces have become a growing part of how people interact with AI assistants, "
    "especially on phones and in cars.",
)

POSTS: Bank = {
    "release": (
        "Today we're releasing {model} to everyone on claude.ai and through the Claude API.",
        "{model} is our most capable model for coding and long-running agentic work.",
        "In our evaluations, {model} completes multistep software tasks more reliably than any "
        "model we have shipped before.",
        "We have improved how the model plans, checks its own work and recovers when a tool "
        "call does not return what it expected.",
        "Developers can use {model} with Claude Code, our command-line coding tool, starting "
        "today.",
        "As with every model we ship, {model} went through extensive safety testing, including "
        "evaluations by external experts.",
        "The system card published alongside this post describes our testing in detail.",
        "We're grateful to the early-access customers whose feedback shaped this model.",
        "{model} is also available on major cloud platforms for customers who prefer to work "
        "there.",
        "{model} is better at understanding large codebases, and it can keep track of changes "
        "across many files in a single session.",
        "Customers who tested {model} early told us it needed fewer corrections on long tasks.",
        "We have also improved the model's writing, which is clearer and more concise than before.",
        "For developers, {model} supports the same tools and features as our previous models, "
        "so upgrading is a one-line change.",
        "The model is better calibrated: when it is unsure, it says so instead of guessing.",
        "We are continuing to invest in interpretability research to understand how models "
        "like {model} arrive at their answers.",
        "Enterprise customers can start using {model} today through their existing accounts.",
        "We will publish more detailed benchmark results in the coming weeks.",
        "We'd love to hear what you build with it.",
    ),
    "pricing": (
        "{model} costs the same per million tokens as the model it replaces, so existing "
        "customers get the upgrade at no extra cost.",
        "Batch processing and prompt caching discounts apply to {model} as they do to our "
        "other models.",
        "Pricing details for every plan are on our pricing page.",
        "Starting next month, usage limits on the Pro plan will reset on a rolling five-hour "
        "window rather than once a day.",
        "The Max plan remains priced at $100 a month and $200 a month for its two tiers.",
        "Most Pro subscribers will not notice any difference in their day-to-day usage.",
        "We know pricing changes can be disruptive, so we are giving customers several weeks' "
        "notice before the new limits take effect.",
        "Team and Enterprise customers keep their current prices until their contracts renew.",
        "Max subscribers will get priority access during periods of high demand.",
        "These changes affect fewer than 5% of subscribers, based on current usage.",
        "We will show remaining usage directly in claude.ai, so there are no surprises.",
        "Our goal is to keep Claude affordable for individuals while making sure the heaviest "
        "users do not crowd out everyone else.",
        "If you have questions about your plan, our support team is happy to help.",
    ),
    "outage": (
        "We are sorry. Many of you rely on Claude for critical work, and we let you down.",
        "Demand for Claude has grown far faster than we planned for since February.",
        "We have been bringing new capacity online every week, but not quickly enough to avoid "
        "the 529 overloaded errors many of you have seen.",
        "We have added safeguards to our rollout process so that a single change cannot remove "
        "this much capacity at once.",
        "We are also adding headroom so that a sudden spike in demand is less likely to "
        "overload our systems.",
        "We will keep publishing detailed reports for every major incident on our status page "
        "and here.",
        "Customers on Enterprise plans will receive service credits in line with their contracts.",
        "If your application uses the API, we recommend retrying 529 errors with exponential "
        "backoff and jitter.",
        "Reliability is now the top priority for every engineering team at Anthropic.",
        "We will share another update on our progress within two weeks.",
        "Over the past weeks, many of you have run into errors when using Claude, and some "
        "outages have lasted hours.",
        "We have doubled the size of the team working on capacity planning and incident response.",
        "We are moving more of our traffic to newer data centers with more headroom.",
        "We are also improving how we communicate during incidents, with more frequent and "
        "more specific status page updates.",
        "We know that apologies are not enough; what matters is that Claude works when you "
        "need it.",
        "Thank you for your patience, and for the detailed reports many of you have sent us.",
        "Some of the incidents were caused by sudden spikes in traffic, others by changes we "
        "made ourselves.",
        "We want to explain what happened, why it took as long as it did to recover, and what "
        "we are changing.",
        "Our on-call engineers were paged within two minutes of the first errors.",
        "Recovery took longer than it should have because bringing capacity back too quickly "
        "would have triggered a second wave of failures.",
        "While the incident was ongoing, we posted updates to our status page roughly every "
        "thirty minutes.",
        "We are reviewing every step of our incident response against this timeline.",
        "Customers who were midway through long agentic tasks lost their progress, and we know "
        "how frustrating that is.",
        "This report covers the root cause, the timeline and the follow-up actions we have "
        "committed to.",
        "We have already completed some of these actions; the rest will be finished within weeks.",
    ),
    "capacity": (
        "Demand for Claude has grown faster than at any point in our history, and our "
        "infrastructure has not kept up.",
        "Over the past days, many of you have seen 529 overloaded errors, slow responses and, at "
        "times, full outages.",
        "We are adding new capacity every week and prioritizing it for the Claude API and for "
        "paying subscribers.",
        "In the short term, we may lower usage limits for free users during peak hours to keep "
        "the service stable for everyone.",
        "We are also working on smarter load management, so that spikes in demand slow things "
        "gracefully instead of causing errors.",
        "We will publish a postmortem for every major incident.",
        "Our status page is the best place to follow incidents in real time.",
        "We have set up a dedicated team whose only job is reliability.",
        "Longer term, new data center capacity coming online in the spring will give us much "
        "more headroom.",
        "Enterprise customers will hear from their account teams about service credits.",
        "We are grateful for your patience and sorry for the disruption.",
        "We'll keep you updated here as things improve.",
        "Reliability will not be a one-time fix; it is work we will keep doing every week.",
        "Developers can reduce the impact of capacity errors by retrying with backoff and "
        "spreading large batch jobs over time.",
    ),
    "partnership": (
        "Today we're announcing an expanded partnership with {co2} that will significantly "
        "increase the computing capacity available to Claude.",
        "Under the agreement, we will gain access to a large new cluster of accelerators over "
        "the coming months.",
        "The additional capacity will go first to the Claude API and to claude.ai, where demand "
        "has been highest.",
        "We have worked together for several years, and this agreement deepens that collaboration.",
        "We expect the first of the new capacity to come online within weeks.",
        "This is one of several steps we are taking to make Claude dependable for everyone who "
        "relies on it.",
        "Customers who reach Claude through a cloud marketplace will benefit from the same "
        "capacity.",
        "The agreement is one of the largest compute commitments we have made.",
        "Together with the capacity we are adding elsewhere, it will roughly double the compute "
        "available for serving Claude by the end of the year.",
        "Our engineers have worked closely with their teams for months to prepare for this "
        "expansion.",
        "We are grateful to everyone involved for moving so quickly.",
        "We'll share more details as the rollout progresses.",
    ),
    "org": (
        "Today we're announcing a partnership with {org} to bring Claude to teams in {sector}.",
        "{org} will give thousands of employees access to Claude and build tools on the Claude "
        "API.",
        "Our teams will collaborate on evaluations tailored to the needs of {sector}.",
        "We chose to work with {org} because of its commitment to using AI responsibly.",
        "The partnership builds on a pilot that ran over the past six months.",
        "Organizations in {sector} handle sensitive information, so the agreement includes "
        "strict commitments on data handling.",
        "Employees at {org} will be able to use Claude in the tools they already work with.",
        "Early results from the pilot were encouraging: employees reported saving several hours "
        "a week on routine writing and research.",
        "{org} will also help us understand where Claude falls short for specialists, so we can "
        "improve it.",
        "The work will start with a small number of teams and expand over the coming year.",
        "Both organizations will share what they learn with the wider community.",
        "We look forward to sharing what we learn together.",
    ),
    "policy": (
        "Today we're publishing our approach to meeting the obligations of the EU AI Act for "
        "general-purpose AI models.",
        "We have signed the EU's code of practice and will publish a summary of our training "
        "data in the required format.",
        "We support clear rules for the most capable AI systems, and we think the AI Act's "
        "approach to systemic risk is a reasonable starting point.",
        "Our compliance work builds on the responsible scaling policy we have followed since 2023.",
        "We have shared our safety evaluations with the EU's AI Office and will continue to do so.",
        "We will update this page as the guidance under the law evolves.",
        "Regulation works best when it is precise about what it asks of developers, and we will "
        "keep contributing to that conversation.",
        "We believe transparency about how models are tested helps both regulators and customers.",
        "Europe has chosen a risk-based approach, and we think that is the right framework for "
        "the most capable models.",
        "Much of what the code of practice asks for, such as documentation and evaluations, is "
        "work we were already doing.",
        "We also think smaller developers need guidance that is proportionate to their size.",
        "We will publish our next transparency report later this year.",
        "We look forward to continued dialogue with policymakers in Europe and elsewhere.",
    ),
    "security": (
        "Today we're sharing details of the work we have done to make Claude more resistant to "
        "prompt injection.",
        "Prompt injection is an attack in which instructions hidden in a web page, document or "
        "email try to take control of an AI agent.",
        "Our latest models refuse a much larger share of injected instructions in our internal "
        "tests than earlier versions did.",
        "We have also added classifiers that flag suspicious content before Claude acts on it.",
        "No defense is perfect, so we recommend that developers limit the permissions of agents "
        "that browse the web or read untrusted files.",
        "We welcome reports from security researchers through our bug bounty program.",
        "We will keep publishing our security research so that the whole industry can benefit "
        "from it.",
        "Security teams can find our recommended configurations in the documentation.",
        "In our tests, the share of successful attacks on browsing agents fell by more than half "
        "compared with our previous model.",
        "We also run red-teaming exercises with outside experts who try to break our defenses "
        "before attackers do.",
        "Developers building agents should treat any content from the web as untrusted input.",
        "We have updated Claude Code so that it asks for confirmation before running commands "
        "suggested by untrusted files.",
        "Prompt injection will remain an active area of research for the whole field.",
    ),
}
# Padding for every post (no topic words, no other vendor).
POST_COMMON: tuple[str, ...] = (
    "Anthropic is an AI safety and research company that builds reliable, interpretable and "
    "steerable AI systems.",
    "Claude is used by millions of people and by businesses of every size, from startups to "
    "the largest enterprises.",
    "Our mission is to ensure that the world safely makes the transition through "
    "transformative AI.",
    "We publish our research so that others can build on it and hold us to account.",
    "Everything we build starts with the people who use Claude every day.",
    "Claude is available on the web, in desktop and mobile apps, and through the Claude API.",
    "Teams across the company contributed to this work, from research and engineering to "
    "customer support.",
    "We read every piece of feedback we receive, and much of what we build comes directly from it.",
    "Developers can find documentation, guides and sample code on our developer platform.",
    "We are hiring across research, engineering and operations; see our careers page for open "
    "roles.",
    "Our commitment to safety shapes every decision we make about how Claude is built and "
    "deployed.",
    "Questions about this post can be sent to our press team.",
    "We will share more in the coming months.",
    "Thank you to everyone who uses Claude and tells us how to make it better.",
)
# What went wrong in each postmortem, in the order of the postmortems.
PM_FACTS: tuple[str, ...] = (
    "[Between {t_start} and {t_end} on {date}|On {date}, from {t_start} to {t_end}], the Claude "
    "API, claude.ai and Claude Code [experienced a major outage|were largely unavailable].",
    "[During that time|For most of that window], [most|the majority of] requests to our "
    "services [failed or timed out|returned errors or timed out].",
    "Engineers [identified the cause|found the cause] at {t_ident} and [restored service region "
    "by region|brought capacity back in stages].",
)
PM_CAUSES: tuple[tuple[str, ...], ...] = (
    (
        "The outage was triggered by a configuration change to our request routing layer that "
        "removed a large share of serving capacity while demand was at its peak.",
        "Our automated rollback should have reverted the change within minutes, but it did not "
        "trigger because the health checks it relies on were themselves affected.",
        "We have since added a limit on how much capacity any single configuration change can "
        "affect.",
    ),
    (
        "The outage began when a batch of newly installed accelerators failed a firmware update "
        "and dropped out of service in one of our largest regions.",
        "Traffic was shifted to other regions, but the extra load pushed them past their limits, "
        "and requests started failing there too.",
        "Our load-shedding system, which is meant to protect the remaining capacity, rejected "
        "far more requests than necessary.",
        "We have changed how firmware updates are rolled out, so that only a small fraction of "
        "machines update at once.",
    ),
    (
        "The outage was caused by our authentication service, which became overloaded after a "
        "routine database failover.",
        "When the service slowed, clients retried aggressively, which added even more load and "
        "made recovery slower.",
        "Engineers restored service by temporarily blocking retries and bringing up additional "
        "authentication servers.",
        "We have since added capacity to the authentication service and changed our client "
        "libraries to back off more gently.",
    ),
)
# Anthropic's posts: (UTC time, bank sections, title, topics, second vendor or None).
BLOG_POSTS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...], str | None], ...] = (
    (
        "2025-12-11 16:05",
        ("org",),
        "Bringing Claude to {sector} with {org}",
        ("partnership",),
        None,
    ),
    (
        "2026-01-13 15:10",
        ("policy",),
        "How Anthropic is meeting its obligations under the EU AI Act",
        ("regulation",),
        None,
    ),
    (
        "2026-01-27 17:20",
        ("security",),
        "Making Claude more resistant to prompt injection",
        ("security",),
        None,
    ),
    ("2026-02-05 17:30", ("release",), "Introducing {model}", ("model_release",), None),
    (
        "2026-02-17 17:00",
        ("release", "pricing"),
        "{model}: more capable, same price",
        ("model_release", "pricing"),
        None,
    ),
    (
        "2026-02-26 18:15",
        ("pricing",),
        "Changes to Claude Pro and Max usage limits",
        ("pricing",),
        None,
    ),
    ("2026-03-05 20:40", ("capacity",), "An update on Claude availability", ("outage",), None),
    (
        "2026-03-20 19:05",
        ("capacity",),
        "Our plan to make Claude more reliable",
        ("outage",),
        None,
    ),
    (
        "2026-04-02 16:00",
        ("partnership",),
        "Expanding Claude's compute partnership with Google Cloud",
        ("partnership",),
        "google",
    ),
    (
        "2026-04-16 16:30",
        ("partnership",),
        "More capacity for Claude on AWS",
        ("partnership",),
        "amazon",
    ),
    ("2026-04-23 17:00", ("release",), "{model} is now available", ("model_release",), None),
)
BLOG_MODELS = {
    "2026-02-05 17:30": "Claude Opus 4.6",
    "2026-02-17 17:00": "Claude Sonnet 4.6",
    "2026-04-23 17:00": "Claude Haiku 4.6",
}

# Decoys: "Claude" and "Gemini" outside any AI context (vendors [] and topics []).
CHEF_TITLE = "Chef Claude Marchetti's new café brings a taste of Lyon to the riverfront"
CHEF_SUMMARY = (
    "Claude Marchetti, who cooked in Lyon for two decades, has opened Café Lumière on Water "
    "Street. The menu leans on quenelles, roast chicken and a memorable crème brûlée."
)
CHEF_BODY: tuple[str, ...] = (
    CHEF_SUMMARY + " On a recent Thursday evening every table was taken by seven o'clock.",
    "Marchetti, 54, grew up above his parents' bakery in the Croix-Rousse district and spent "
    "twenty years in the kitchens of Lyon's traditional bouchons before moving here with his "
    'family in 2019. "I wanted a room where people sit for a long time and nobody rushes '
    'them," he said, wiping his hands on a linen towel between orders.',
    "The dining room seats forty-two, with zinc counters, mismatched bentwood chairs and a "
    "chalkboard that changes daily. The quenelles de brochet, light pike dumplings in a "
    "crayfish sauce, are the dish regulars mention first. The roast chicken arrives whole on "
    "a board with a pile of pommes purée that owes more to butter than to potatoes.",
    "Desserts are the work of pastry chef Hélène Varga, who joined from a hotel kitchen in "
    "Montréal. Her crème brûlée has a crust thin enough to crack with a spoon, and the tarte "
    "aux pralines, bright pink with candied almonds, has already become a fixture on local "
    "food blogs.",
    "Claude, as everyone in the kitchen calls him, still shops the farmers' market himself on "
    "Saturday mornings. He buys most of his vegetables from two growers in the valley and his "
    'cheese from a dairy an hour north. "Good cooking starts with good shopping," he said. '
    '"Everything else is just patience."',
    "The wine list is short and almost entirely French, with Beaujolais by the carafe and a "
    "handful of Rhône reds. Service is warm and unhurried, which suits the room but may test "
    "diners who are in a hurry.",
    "Café Lumière is open Tuesday through Saturday for dinner and on Sunday for lunch. "
    "Reservations are recommended on weekends, although Marchetti keeps a few tables for "
    'walk-ins. "A neighborhood place has to leave the door open," he said.',
)
HOROSCOPE_TITLE = "Gemini daily horoscope for {date}: say what you mean"
HOROSCOPE_SUMMARY = (
    "Gemini, your ruling planet Mercury sharpens your wit today, but a friend needs you to "
    "listen more than you talk. An old idea deserves a second look."
)
HOROSCOPE_BODY: tuple[str, ...] = (
    HOROSCOPE_SUMMARY + " Trust the quiet hunch you have been ignoring since the weekend.",
    "Gemini (May 21 \N{EN DASH} June 20): Your curiosity is your greatest gift, and this "
    "week it pulls you in several directions at once. Before lunch, choose one thing that "
    "matters and give it your full attention. The rest will keep. Conversations with "
    "siblings or neighbors go better than you expect, especially if you let them finish their "
    "sentences.",
    "Work and money: a colleague may take credit for something you started. Resist the urge "
    "to respond in writing while you are annoyed; a short, calm chat on Thursday clears the "
    "air. Avoid impulse purchases until the full moon has passed.",
    "Love and friendship: single twins may be surprised by a spark with someone they have "
    "known for years. If you are attached, plan an evening without screens. Your loved one "
    "has been waiting for you to slow down and ask how they really are.",
    "Health: your nervous energy needs an outlet. A long walk, a swim or an afternoon in the "
    "garden will do more for your mood than another cup of coffee. Sleep comes easier if you "
    "write down tomorrow's worries before bed.",
    "Weekend outlook: Saturday favors short trips and long conversations. A neighbor or "
    "cousin could bring news that changes your plans for the better, so keep the afternoon "
    "flexible. On Sunday, tidy your desk and your inbox; a clear space helps a busy mind "
    "settle.",
    "Lucky numbers: 5, 14, 23. Lucky color: sunflower yellow. Best day this week: Friday, "
    "when the moon moves into your sign and your charm is hard to resist.",
    "Cancer, Leo and Virgo readers can find their own forecasts in the daily horoscope "
    "section. Our astrologer, Seraphina Vale, answers readers' questions every Sunday.",
)
FOOD_LINKS = (
    ("Five bakeries worth crossing town for", "lifestyle/food/five-bakeries-worth-crossing-town"),
    ("The farmers' market is back: what to buy now", "lifestyle/food/farmers-market-is-back"),
    ("A chowder shack that does one thing well", "lifestyle/food/chowder-shack-review"),
)
STARS_LINKS = (
    ("Leo daily horoscope: a bold move pays off", "lifestyle/horoscopes/leo-daily"),
    ("Virgo daily horoscope: tidy up loose ends", "lifestyle/horoscopes/virgo-daily"),
    ("Cancer daily horoscope: home comforts", "lifestyle/horoscopes/cancer-daily"),
)
COMMENTS: tuple[str, ...] = (
    "Great write-up, thanks.",
    "We hit this too. Had to explain to our boss why the support bot was silent all afternoon.",
    "Honestly the bigger story is how few companies have any fallback at all.",
    "Gemini has been rock solid for us, for what it's worth.",
    "Switched to ChatGPT months ago and never looked back.",
    "Is anyone else getting tired of every headline being about AI?",
    "The status page said 'degraded'. It was not degraded, it was gone.",
    "Would love to see a follow-up on what this costs the companies affected.",
    "Good reporting. The quote from the CTO is spot on.",
    "This is why we self-host a small model for the boring stuff.",
    "Typo in the third paragraph, but otherwise solid piece.",
    "Claude Code is still the best coding tool I've used, outages or not.",
)
COMMENTERS = (
    "pixelfarmer", "kd_lambda", "mara.builds", "throwaway_42", "Rhea T.", "old_unix_hand",
    "J. Okoro", "quietcoder", "ben from ops", "Nadia",
)  # fmt: skip


# --------------------------------------------------------------------------- text machinery

_FORMATTER = string.Formatter()
_VARIANT = re.compile(r"\[([^\[\]]+)\]")
PERSON_FIELDS = frozenset({"who", "role", "who_last", "expert", "expert_role"})
_FIELDS: dict[str, frozenset[str]] = {}


def _fields(template: str) -> frozenset[str]:
    """Names of the format fields of a template (cached)."""
    if template not in _FIELDS:
        _FIELDS[template] = frozenset(n for _, n, _, _ in _FORMATTER.parse(template) if n)
    return _FIELDS[template]


def _words(text: str) -> int:
    return len(text.split())


def _ordinal(n: int) -> str:
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
    if n <= len(words):
        return words[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _duration(minutes: int) -> tuple[str, str, str]:
    """(long, short, adjective) wording of a duration: '5 hours and 25 minutes', ..."""
    hours, mins = divmod(minutes, 60)
    if hours == 0:
        return f"{mins} minutes", f"{mins} minutes", f"{mins}-minute"
    hour_word = NUMBER_WORDS[hours] if hours < len(NUMBER_WORDS) else str(hours)
    unit = "hour" if hours == 1 else "hours"
    long = f"{hour_word} {unit}" + (f" and {mins} minutes" if mins else "")
    short = f"more than {hour_word} {unit}" if mins >= 10 else f"about {hour_word} {unit}"
    if hours == 1 and mins >= 10:
        short = "more than an hour"
    return long, short, f"{hour_word}-hour"


class _People:
    """Invented people quoted in one story; every sentence that quotes someone gets a new one."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def person(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if f"{first} {last}" not in self.seen:
                self.seen.add(f"{first} {last}")
                return f"{first} {last}", last

    def role(self, roles: Sequence[str]) -> str:
        return self.rng.choice(roles).format(
            startup=self.rng.choice(STARTUPS), city=self.rng.choice(CITIES)
        )


class _Writer:
    """Fills templates; prefers the least used ones so stories of one kind differ."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: Counter[str] = Counter()

    def pick(
        self,
        templates: Iterable[str],
        ctx: dict[str, str],
        n: int,
        taken: set[str],
        prefer: Sequence[str] = (),
    ) -> list[str]:
        known = ctx.keys() | PERSON_FIELDS
        pool = [t for t in templates if t not in taken and _fields(t) <= known]
        chosen: list[str] = []
        for flag in prefer:
            flagged = [t for t in pool if flag in _fields(t)]
            if flagged and len(chosen) < n:
                chosen.append(self._least_used(flagged))
                pool.remove(chosen[-1])
        while len(chosen) < n and pool:
            chosen.append(self._least_used(pool))
            pool.remove(chosen[-1])
        for template in chosen:
            self.used[template] += 1
            taken.add(template)
        return chosen

    def _least_used(self, pool: list[str]) -> str:
        low = min(self.used[t] for t in pool)
        return self.rng.choice([t for t in pool if self.used[t] == low])

    def fill(self, template: str, ctx: dict[str, str], people: _People) -> str:
        text = _VARIANT.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        values = dict(ctx)
        names = _fields(template)
        if names & {"who", "role", "who_last"}:
            who, last = people.person()
            values.update(who=who, who_last=last, role=people.role(DEV_ROLES))
        if names & {"expert", "expert_role"}:
            values["expert"] = people.person()[0]
            values["expert_role"] = people.role(EXPERT_ROLES)
        return text.format_map(values)

    def paragraph(
        self,
        templates: Iterable[str],
        ctx: dict[str, str],
        people: _People,
        n: int,
        taken: set[str],
        prefer: Sequence[str] = (),
    ) -> str:
        chosen = self.pick(templates, ctx, n, taken, prefer)
        return " ".join(self.fill(t, ctx, people) for t in chosen)


@dataclass(slots=True)
class Draft:
    """Headline, feed summary and body paragraphs of one story."""

    title: str
    summary: str
    paragraphs: list[str]


def _compose(
    writer: _Writer,
    bank: Bank,
    recipe: str,
    ctx: dict[str, str],
    people: _People,
    prefer: Sequence[str] = (),
    target: int = 500,
) -> Draft:
    """Write one story from a bank: headline, lede (the feed summary), then body sections."""
    rng = writer.rng
    taken: set[str] = set()
    title = writer.paragraph(bank["title"], ctx, people, 1, taken, prefer)
    lede = writer.paragraph(bank["lede"], ctx, people, 1, taken, prefer)
    first = [lede]
    if "follow" in bank:
        first.append(writer.paragraph(bank["follow"], ctx, people, 1, taken))
    summary = " ".join(first[:2]) if len(first) > 1 and rng.random() < 0.5 else lede
    paragraphs = [" ".join(first)]
    required, optional = RECIPES[recipe]
    for section, n in required:
        text = writer.paragraph(bank.get(section, ()), ctx, people, n, taken, prefer)
        if text:
            paragraphs.append(text)
    for section, n in optional:
        if _words(" ".join(paragraphs)) >= target:
            break
        text = writer.paragraph(bank.get(section, ()), ctx, people, n, taken)
        if text:
            paragraphs.append(text)
    floor = MIN_WORDS + rng.randint(10, 60)
    while _words(" ".join(paragraphs)) < floor:
        text = writer.paragraph(INDUSTRY, ctx, people, 2, taken)
        if not text:
            break
        paragraphs.insert(len(paragraphs) - 1 if len(paragraphs) > 2 else len(paragraphs), text)
    while _words(" ".join(paragraphs)) > MAX_WORDS and len(paragraphs) > 2:
        paragraphs.pop(-2)
    return Draft(title, summary, paragraphs)


# --------------------------------------------------------------------------- stories


@dataclass(slots=True, frozen=True)
class Copy:
    """One feed item carrying a story."""

    source: str
    url: str  # the item link as published
    published: datetime
    title: str
    summary: str
    item_id: str
    author: str


@dataclass(slots=True)
class Page:
    """One article page of the mirror."""

    url: str
    outlet: str
    layout: str  # techwire | aiwatch | ledger | bytebeat | blog | amp | video | binary | nested
    title: str
    summary: str
    paragraphs: list[str]
    published: datetime
    author: str
    canonical: str
    section: str
    tags: tuple[str, ...]
    story: int
    credit: str | None = None


@dataclass(slots=True)
class Story:
    """One news story: its original page and every feed item that carries it."""

    key: int
    kind: str
    outlet: str
    published: datetime
    draft: Draft
    topics: tuple[str, ...]
    planned: tuple[str, ...]  # vendors the story was written about, lead first
    author: str
    section: str = "AI"
    page: str = "article"  # article | video | binary | nested
    bank: Bank | None = None
    ctx: dict[str, str] = field(default_factory=dict)
    url: str = ""
    copies: list[Copy] = field(default_factory=list)
    vendors: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.draft.title

    @property
    def text(self) -> str:
        """The text the pipeline analyses: the page body, or the feed summary without one."""
        if self.page == "article":
            return "\n\n".join(self.draft.paragraphs)
        return self.draft.summary


class NewsPlanError(AssertionError):
    """A generated story does not say what it was planned to say (a bank bug)."""


def _fmt_time(at: datetime) -> str:
    return f"{at:%H:%M} UTC"


def _fmt_date(at: datetime | date) -> str:
    return f"{at:%B} {at.day}"


def _vendor_fields(vendor: str, suffix: str, rng: random.Random) -> dict[str, str]:
    text = VENDOR_TEXT[vendor]
    fields = {
        f"co{suffix}": text.company,
        f"prod{suffix}": text.product,
        f"app{suffix}": text.app,
        f"api{suffix}": text.api,
    }
    if text.coder:
        fields[f"coder{suffix}"] = text.coder
    if text.models:
        fields[f"model{suffix}"] = rng.choice(text.models)
    return fields


def _role_fields(vendor: str, prefix: str) -> dict[str, str]:
    """Migration stories name vendors by role: f* = users leave it, t* = users go there."""
    text = VENDOR_TEXT[vendor]
    fields = {
        f"{prefix}co": text.company,
        f"{prefix}prod": text.product,
        f"{prefix}app": text.app,
    }
    if text.coder:
        fields[f"{prefix}coder"] = text.coder
    return fields


def _clear(draft: Draft, page: str = "article") -> bool:
    """True when the draft's vendor order is the same by first mention and by salience."""
    text = "\n\n".join(draft.paragraphs) if page == "article" else draft.summary
    return salience_order(draft.title, text) == vendors_in(draft.title, text)


def _redraw(make: Callable[[], Draft], page: str = "article", attempts: int = 15) -> Draft:
    """Draft again (with fresh random choices) until the vendor order is unambiguous."""
    draft = make()
    for _ in range(attempts):
        if _clear(draft, page):
            break
        draft = make()
    return draft


def _weighted(rng: random.Random, weights: dict[str | None, float]) -> str | None:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _poisson(rng: random.Random, rate: float) -> int:
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _duration_minutes(item: PlannedIncident) -> int:
    end = item.resolved_at or WINDOW_END
    return int((end - item.started_at).total_seconds() // 60)


class _Planner:
    """Plans every story of the news sample from one seeded generator."""

    def __init__(self, plan: Sequence[PlannedIncident], seed: int) -> None:
        self.rng = random.Random(f"news-{seed}")
        self.writer = _Writer(self.rng)
        self.history = sorted(
            (i for i in plan if i.in_truth and not i.is_maintenance),
            key=lambda i: (i.started_at, i.vendor, i.incident_id),
        )
        self.stories: list[Story] = []
        self.slugs: set[str] = set()
        self.pages: dict[str, Page] = {}
        self.post_ids = 2_931_000
        self.recent: list[tuple[datetime, str, str | None, str]] = []  # kind, lead, angle
        self.recent_orgs: list[str] = []

    # -- helpers

    def _when(self, day: date, low: int = 12, high: int = 23) -> datetime:
        at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            hours=self.rng.randint(low, high),
            minutes=self.rng.randint(0, 59),
            seconds=self.rng.randint(0, 59),
        )
        return min(at, WINDOW_END - timedelta(minutes=self.rng.randint(20, 90)))

    def _outlet(self, weights: dict[str, float]) -> str:
        return str(_weighted(self.rng, dict(weights)))

    def _base_ctx(self, published: datetime, outlet: str) -> dict[str, str]:
        return {
            "outlet": OUTLETS[outlet].name,
            "weekday": f"{published:%A}",
            "date": _fmt_date(published),
        }

    def _add(
        self,
        kind: str,
        outlet: str,
        published: datetime,
        draft: Draft,
        topics: Iterable[str],
        planned: Iterable[str],
        *,
        bank: Bank | None = None,
        ctx: dict[str, str] | None = None,
        section: str = "AI",
        page: str = "article",
    ) -> Story:
        story = Story(
            key=len(self.stories),
            kind=kind,
            outlet=outlet,
            published=published,
            draft=draft,
            topics=tuple(sorted(topics)),
            planned=tuple(planned),
            author=self.rng.choice(REPORTERS[outlet]),
            section=section,
            page=page,
            bank=bank,
            ctx=dict(ctx or {}),
        )
        self._check(story)
        self.stories.append(story)
        return story

    def _check(self, story: Story) -> None:
        """The story names its planned vendors (lead first) and the words of its topics only."""
        found = vendors_in(story.title, story.text)
        if sorted(found) != sorted(story.planned) or (found and found[0] != story.planned[0]):
            raise NewsPlanError(f"vendors {found} != planned {story.planned}: {story.title}")
        if salience_order(story.title, story.text) != found:
            raise NewsPlanError(f"vendor order is ambiguous: {story.title}")
        text = f"{story.title}\n{story.text}"
        if topics_in(text) != sorted(story.topics, key=list(TOPIC_MARKERS).index):
            raise NewsPlanError(f"topics {topics_in(text)} != {story.topics}: {story.title}")
        story.vendors = tuple(found)

    # -- background news

    def background(self) -> None:
        """Ordinary AI news every day of the window."""
        day = WINDOW_START.date()
        while day <= WINDOW_LAST:
            for _ in range(_poisson(self.rng, 0.62)):
                when = self._when(day)
                last = {k: at for at, k, _, _ in self.recent}
                kinds = {
                    k: w
                    for k, w in BACKGROUND_KINDS.items()
                    if k not in last or when - last[k] >= timedelta(days=8)
                }
                if kinds:
                    kind = str(_weighted(self.rng, dict(kinds)))
                else:  # every kind ran this week: the one that ran longest ago
                    kind = min(BACKGROUND_KINDS, key=lambda k: last[k])
                outlet = self._outlet({"techwire": 45, "aiwatch": 35, "bytebeat": 10, "ledger": 10})
                self.background_story(kind, outlet, when)
            day += timedelta(days=1)

    def background_story(
        self,
        kind: str,
        outlet: str,
        published: datetime,
        *,
        lead: str | None = None,
        alone: bool = False,
        page: str = "article",
    ) -> Story | None:
        """One story of a background kind; `alone` keeps it to its lead vendor.

        Returns None when the kind has nothing fresh to say on that day.
        """
        rng = self.rng
        # The same news twice in a week reads as one story (and would be one, textually).
        recent = [r[1:] for r in self.recent if abs(published - r[0]) < timedelta(days=10)]
        if lead is None:
            # A company raises money once in five months; other news may recur after a while.
            funded = {s.planned[0] for s in self.stories if s.kind == "funding" and s.planned}
            for _ in range(12):
                lead = _weighted(rng, LEADS[kind])
                if kind == "funding" and lead in funded:
                    continue
                if all((k, v) != (kind, lead) for k, v, _ in recent):
                    break
            if kind == "funding" and lead in funded:
                lead = None
            if kind == "funding" and lead is None:
                startups = [
                    s
                    for s in self.stories
                    if s.kind == "funding"
                    and not s.planned
                    and abs(published - s.published) < timedelta(days=21)
                ]
                if startups:
                    return None  # one startup round every three weeks is plenty
        ctx = self._base_ctx(published, outlet)
        planned: list[str] = []
        second: tuple[str, ...] = ()
        if lead is None:
            ctx["_novendor"] = ""
        else:
            planned.append(lead)
            ctx["_vendor"] = ""
            ctx.update(_vendor_fields(lead, "", rng))
            if VENDOR_TEXT[lead].coder:
                ctx["_coder"] = ""
            ctx["exec1"], ctx["exec1_role"] = rng.choice(EXECS[lead])
            second = self._second_vendors(kind, lead, alone)
        for suffix, vendor in zip(("2", "3"), second, strict=False):
            ctx.update(_vendor_fields(vendor, suffix, rng))
            ctx[f"_v{suffix}"] = ""
            planned.append(vendor)
        ctx.update(self._numbers(kind, lead))
        angle = self._angle(kind, ctx, {a for k, _, a in recent if k == kind})
        ctx.update(angle)
        self.recent.append((published, kind, lead, next(iter(angle), "")))
        prefer = ("_v3", "_v2") if len(second) == 2 else ("_v2",) if second else ()
        if lead is None:
            prefer = ("_novendor",)
        bank = BACKGROUND_BANKS[kind]
        people = _People(rng)
        draft = _redraw(
            lambda: _compose(self.writer, bank, kind, ctx, people, prefer, rng.randint(330, 760)),
            page,
        )
        return self._add(
            kind,
            outlet,
            published,
            draft,
            KIND_TOPICS[kind],
            planned,
            bank=bank,
            ctx=ctx,
            page=page,
        )

    def _angle(self, kind: str, ctx: dict[str, str], avoid: set[str]) -> dict[str, str]:
        """Pick what the story is about within its kind (a title of that angle must fit)."""
        known = ctx.keys() | PERSON_FIELDS
        fitting = [
            angle
            for angle in ANGLES.get(kind, ())
            if any(
                angle in _fields(t) and _fields(t) <= known | {angle}
                for t in BACKGROUND_BANKS[kind]["title"]
            )
        ]
        if "_v3" in ctx and "_a_code" in fitting:
            fitting = ["_a_code"]
        if "_v2" in ctx and "_a_cloud" in fitting:
            fitting = ["_a_cloud"]
        fresh = [a for a in fitting if a not in avoid] or fitting
        return {self.rng.choice(fresh): ""} if fresh else {}

    def _second_vendors(self, kind: str, lead: str, alone: bool) -> tuple[str, ...]:
        rng = self.rng
        if alone:
            return ()
        if kind == "funding" and INVESTOR_VENDORS.get(lead) and rng.random() < 0.45:
            return (rng.choice(INVESTOR_VENDORS[lead]),)
        if kind == "partnership" and CLOUD_PARTNERS.get(lead) and rng.random() < 0.4:
            return (rng.choice(CLOUD_PARTNERS[lead]),)
        if kind == "regulation" and rng.random() < 0.15:
            others = [v for v in ("openai", "google", "anthropic", "mistral") if v != lead]
            return tuple(rng.sample(others, 2))
        share = {"release": 0.35, "pricing": 0.3, "regulation": 0.2, "security": 0.15}
        if kind in share and lead in RIVALS and rng.random() < share[kind]:
            return (rng.choice(RIVALS[lead]),)
        return ()

    def _numbers(self, kind: str, lead: str | None) -> dict[str, str]:
        rng = self.rng
        amounts, (low, high) = FUNDING_SCALE.get(lead or "", ((1, 2), (5, 12)))
        amount = rng.choice(amounts)
        fresh = [o for o in PARTNER_ORGS if o[0] not in self.recent_orgs] or list(PARTNER_ORGS)
        org, sector = rng.choice(fresh)
        if kind == "partnership":
            self.recent_orgs = [*self.recent_orgs[-3:], org]
        price_in = rng.choice((0.8, 1.25, 2, 2.5, 3))
        price_out = price_in * rng.choice((4, 5, 8))
        return {
            "amount": str(amount),
            "valuation": str(rng.randrange(low, high + 1, 5 if high >= 100 else 1)),
            "amount_m": str(rng.choice((18, 25, 40, 60, 85, 120, 150))),
            "investor": rng.choice(INVESTORS),
            "startup": rng.choice(STARTUPS),
            "staff": str(rng.choice((40, 65, 90, 120, 200))),
            "pct": str(rng.choice((20, 25, 30, 40, 50, 60, 75))),
            "pct2": str(rng.choice((8, 11, 14, 17, 22))),
            "share_hi": str(rng.choice((48, 55, 61, 64))),
            "share_lo": str(rng.choice((22, 29, 33, 38))),
            "price_in": f"{price_in:g}",
            "price_out": f"{price_out:g}",
            "price_out_old": f"{price_out * rng.choice((1.5, 2, 3)):g}",
            "tier_price": str(rng.choice((100, 200, 250))),
            "ctx_tokens": rng.choice(("200,000", "400,000", "one million", "two million")),
            "org": org,
            "sector": sector,
            "area": rng.choice(
                ("cloud computing and chips", "AI infrastructure", "data centers and custom chips")
            ),
            "jurisdiction": rng.choice(("California", "New York", "Colorado", "Illinois")),
            "firm": rng.choice(FIRMS),
            "secfirm": rng.choice(SECURITY_FIRMS),
            "cve": str(rng.randint(21000, 39999)),
        }

    # -- outages

    def outage_story(
        self,
        focus: PlannedIncident,
        published: datetime,
        outlet: str,
        rivals: tuple[str, ...],
    ) -> Story:
        """A story about one status incident, with what was known at `published`."""
        rng = self.rng
        vendor = focus.vendor
        ctx = self._base_ctx(published, outlet)
        ctx.update(_vendor_fields(vendor, "", rng))
        ctx["inc_title"] = focus.title
        ctx["first_body"] = focus.updates[0].body
        ctx["t_start"] = _fmt_time(focus.started_at)
        if vendor == "google":
            ctx["components"] = f"{focus.components[0]} in {focus.components[1]}"
        else:
            ctx["components"] = " and ".join(focus.components)
        for status, key in (("identified", "ident"), ("monitoring", "monitor")):
            update = next((u for u in focus.updates if u.status == status), None)
            if update is not None and update.at <= published:
                ctx[f"_{key}"] = ""
                ctx[f"t_{key}"] = _fmt_time(update.at)
        if focus.resolved_at is not None and focus.resolved_at <= published:
            long, short, adj = _duration(_duration_minutes(focus))
            ctx.update(_resolved="", t_end=_fmt_time(focus.resolved_at), dur=long)
            ctx.update(dur_short=short, dur_adj=adj)
        else:
            ctx["_ongoing"] = ""
        if 13 <= focus.started_at.hour <= 21:
            ctx["_us_hours"] = ""
        if vendor == "anthropic" and focus.started_at.date() >= CRISIS_START:
            since = [
                i
                for i in self.history
                if i.vendor == "anthropic" and i.started_at.date() >= CRISIS_START
            ]
            rank = since.index(focus) + 1
            if rank >= 3:
                ctx["_crisis"] = ""
                if rank <= 30:  # "the 162nd outage" reads like a joke, not a headline
                    ctx["nth"] = _ordinal(rank)
                ctx["count"] = str(sum(1 for i in since if i.started_at <= published))
                ctx["since_phrase"] = "this month" if published.month == 3 else "since early March"
            previous = [
                i
                for i in since
                if i.impact == "critical"
                and _duration_minutes(i) >= 180
                and i.resolved_at is not None
                and i.started_at.date() < focus.started_at.date()
            ]
            if previous:
                ctx["_prev"] = ""
                ctx["prev_dur"] = _duration(_duration_minutes(previous[-1]))[2]
                ctx["prev_date"] = _fmt_date(previous[-1].started_at)
        for suffix, rival in zip(("2", "3"), rivals, strict=False):
            ctx.update(_vendor_fields(rival, suffix, rng))
            ctx[f"_v{suffix}"] = ""
        prefer = ("_v3", "_v2") if len(rivals) == 2 else ("_v2",) if rivals else ()
        people = _People(rng)
        draft = _redraw(
            lambda: _compose(
                self.writer, OUTAGE, "outage", ctx, people, prefer, rng.randint(360, 820)
            )
        )
        return self._add(
            "outage", outlet, published, draft, ("outage",), (vendor, *rivals), bank=OUTAGE, ctx=ctx
        )

    def vendor_outages(self) -> None:
        """Coverage of serious incidents before the crisis and at Anthropic's competitors."""
        for item in self.history:
            if item.vendor == "anthropic" and item.started_at.date() >= CRISIS_START:
                continue
            if item.impact == "critical":
                count = 1 + (self.rng.random() < 0.6)
            elif item.impact == "major" and item.vendor in VENDOR_TEXT:
                count = 1 if self.rng.random() < 0.12 else 0
            else:
                count = 0
            if item.vendor == "openai" and item.impact == "critical":
                count = 3  # the full ChatGPT outage is big news
            outlets = ["techwire", "aiwatch", "bytebeat", "ledger"]
            self.rng.shuffle(outlets)
            for k in range(count):
                published = item.started_at + timedelta(
                    minutes=self.rng.randint(30, 200) + 45 * k, seconds=self.rng.randint(0, 59)
                )
                if published >= WINDOW_END - timedelta(minutes=20):
                    continue
                self.outage_story(item, published, outlets[k], ())

    def crisis(self) -> None:
        """From 3 March: coverage follows Anthropic's incidents day by day."""
        rng = self.rng
        since = [
            i
            for i in self.history
            if i.vendor == "anthropic" and i.started_at.date() >= CRISIS_START
        ]
        by_day: dict[date, list[PlannedIncident]] = {}
        for item in since:
            by_day.setdefault(item.started_at.date(), []).append(item)
        weight = {"none": 0.0, "minor": 0.3, "major": 0.9, "critical": 1.6}
        for day, items in sorted(by_day.items()):
            score = sum(weight[i.impact] for i in items)
            count = min(4, int(score + rng.random()))
            long_critical = any(
                i.impact == "critical" and _duration_minutes(i) >= 180 for i in items
            )
            if long_critical:
                count = max(count, 4)
            if day == CRISIS_START:
                count = max(count, 2)
            outlets = self._spread(["techwire", "aiwatch", "bytebeat", "ledger"], count)
            worst = sorted(
                items, key=lambda i: (-weight[i.impact], -_duration_minutes(i), i.started_at)
            )
            for k in range(count):
                focus = worst[0] if k == 0 or rng.random() < 0.6 else rng.choice(items)
                published = focus.started_at + timedelta(
                    minutes=rng.randint(35, 150) + 40 * k, seconds=rng.randint(0, 59)
                )
                if published >= WINDOW_END - timedelta(minutes=20):
                    continue
                roll = rng.random()
                rivals: tuple[str, ...] = ()
                if roll < 0.1:
                    rivals = ("openai", "google")
                elif roll < 0.25:
                    rivals = ("openai",)
                elif roll < 0.33:
                    rivals = ("google",)
                story = self.outage_story(focus, published, outlets[k], rivals)
                if long_critical and k == 0:
                    story.kind = "anchor"

    def _spread(self, outlets: list[str], count: int) -> list[str]:
        order = outlets[:]
        self.rng.shuffle(order)
        weights = {"techwire": 0.38, "aiwatch": 0.34, "bytebeat": 0.16, "ledger": 0.12}
        order.sort(key=lambda o: -weights[o] * (0.5 + self.rng.random()))
        return [order[k % len(order)] for k in range(count)]

    # -- migrations

    def migration_story(
        self,
        bank: Bank,
        recipe: str,
        published: datetime,
        outlet: str,
        source: str,
        targets: tuple[str, ...],
        extra: dict[str, str],
        topics: tuple[str, ...],
    ) -> Story:
        rng = self.rng
        ctx = self._base_ctx(published, outlet)
        ctx.update(_role_fields(source, "f"))
        ctx.update(_role_fields(targets[0], "t"))
        if len(targets) > 1:
            text = VENDOR_TEXT[targets[1]]
            ctx.update(tco2=text.company, tprod2=text.product, tapp2=text.app, _t2="")
        ctx.update(self._numbers("migration", None))
        ctx.update(extra)
        prefer = ("_t2",) if len(targets) > 1 else ("_outage",) if "_outage" in extra else ()
        people = _People(rng)
        draft = _redraw(
            lambda: _compose(self.writer, bank, recipe, ctx, people, prefer, rng.randint(380, 800))
        )
        planned = vendors_in(draft.title, "\n\n".join(draft.paragraphs))
        if sorted(planned) != sorted((source, *targets)):
            raise NewsPlanError(f"migration story names {planned}: {draft.title}")
        return self._add(recipe, outlet, published, draft, topics, planned, bank=bank, ctx=ctx)

    def migrations(self) -> None:
        """ChatGPT users trying Claude (Feb - early March), then Claude users leaving (March on)."""
        rng = self.rng
        chatgpt_down = next(
            (i for i in self.history if i.vendor == "openai" and i.impact == "critical"), None
        )
        weights = {"techwire": 4, "aiwatch": 4, "bytebeat": 3, "ledger": 2}
        if chatgpt_down is not None:
            for offset in (1, 3):
                day = chatgpt_down.started_at.date() + timedelta(days=offset)
                extra = {"_outage": "", "out_weekday": f"{chatgpt_down.started_at:%A}"}
                self.migration_story(
                    MIGRATION_TOWARD,
                    "toward",
                    self._when(day),
                    self._outlet(weights),
                    "openai",
                    ("anthropic",),
                    extra,
                    ("migration", "outage"),
                )
        day = date(2026, 2, 8)
        last = date(2026, 2, 5)
        while day < date(2026, 3, 9):
            if (day - last).days >= 4 and rng.random() < 0.3:
                last = day
                self.migration_story(
                    MIGRATION_TOWARD,
                    "toward",
                    self._when(day),
                    self._outlet(weights),
                    "openai",
                    ("anthropic",),
                    {},
                    ("migration",),
                )
            day += timedelta(days=1)
        day = date(2026, 3, 11)
        last = date(2026, 3, 9)
        while day <= date(2026, 4, 25):
            chance = 0.45 if day.month == 3 else 0.3 if day.day <= 15 else 0.12
            if (day - last).days >= 2 and rng.random() < chance:
                last = day
                roll = rng.random()
                targets = (
                    ("openai",)
                    if roll < 0.45
                    else ("google",)
                    if roll < 0.75
                    else tuple(rng.sample(["openai", "google"], 2))
                )
                self.migration_story(
                    MIGRATION_AWAY,
                    "away",
                    self._when(day),
                    self._outlet(weights),
                    "anthropic",
                    targets,
                    {},
                    ("migration", "outage"),
                )
            day += timedelta(days=1)

    # -- Anthropic's blog, decoys, pages without text

    def _post(
        self,
        published: datetime,
        title: str,
        fixed: Sequence[str],
        pool: Sequence[str],
        ctx: dict[str, str],
        topics: tuple[str, ...],
        planned: tuple[str, ...],
    ) -> Story:
        """A blog post: `fixed` sentences first, then the least used of `pool`."""
        rng = self.rng
        people = _People(rng)
        taken: set[str] = set(fixed)
        sentences = [self.writer.fill(t, ctx, people) for t in fixed]
        target = rng.randint(330, 480)
        while _words(" ".join(sentences)) < target:
            chosen = self.writer.pick(pool, ctx, 1, taken) or self.writer.pick(
                POST_COMMON, ctx, 1, taken
            )
            if not chosen:
                break
            sentences.append(self.writer.fill(chosen[0], ctx, people))
        paragraphs = [" ".join(sentences[:2])]
        rest = sentences[2:]
        while rest:
            size = rng.randint(2, 3)
            paragraphs.append(" ".join(rest[:size]))
            rest = rest[size:]
        summary = " ".join(sentences[:2]) if rng.random() < 0.5 else sentences[0]
        draft = Draft(title.format_map(ctx), summary, paragraphs)
        section = {"outage": "Announcements", "model_release": "Product"}.get(topics[0], "News")
        return self._add("blog", "blog", published, draft, topics, planned, section=section)

    def blog(self) -> None:
        """Anthropic's own posts: product news, policy, and the crisis seen from inside."""
        rng = self.rng
        org, sector = rng.choice(PARTNER_ORGS)
        for stamp, sections, title, topics, second in BLOG_POSTS:
            published = datetime.fromisoformat(stamp).replace(tzinfo=UTC, second=rng.randint(0, 59))
            ctx = {"org": org, "sector": sector, "model": BLOG_MODELS.get(stamp, "Claude")}
            if second is not None:
                ctx["co2"] = VENDOR_TEXT[second].company
            fixed = [POSTS[s][0] for s in sections]
            pool = [t for s in sections for t in POSTS[s][1:]]
            planned = ("anthropic", second) if second else ("anthropic",)
            self._post(published, title, fixed, pool, ctx, topics, planned)
        postmortems = sorted(
            (u.at, item)
            for item in self.history
            if item.vendor == "anthropic"
            for u in item.updates
            if u.status == "postmortem"
        )
        for k, (at, item) in enumerate(postmortems):
            if item.resolved_at is None:
                continue
            identified = next((u.at for u in item.updates if u.status == "identified"), None)
            ctx = {
                "t_start": _fmt_time(item.started_at),
                "t_end": _fmt_time(item.resolved_at),
                "t_ident": _fmt_time(identified or item.started_at + timedelta(minutes=40)),
                "date": f"{_fmt_date(item.started_at)}, {item.started_at.year}",
            }
            title = f"Postmortem: Claude outage of {_fmt_date(item.started_at)}"
            fixed = (*PM_FACTS, *PM_CAUSES[k % len(PM_CAUSES)])
            pool = POSTS["outage"][k % 3 :: 3]  # each report its own sentences
            self._post(at, title, fixed, pool, ctx, ("outage",), ("anthropic",))

    def decoys(self) -> None:
        """A chef called Claude and a Gemini horoscope: search hits that are not AI news."""
        rng = self.rng
        chef_at = datetime(2026, 1, 14, 15, rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)
        draft = Draft(CHEF_TITLE, CHEF_SUMMARY, list(CHEF_BODY))
        self._add("chef", "ledger", chef_at, draft, (), (), section="Food")
        stars_at = datetime(2026, 3, 12, 5, rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)
        title = HOROSCOPE_TITLE.format(date=f"{_fmt_date(stars_at)}, {stars_at.year}")
        draft = Draft(title, HOROSCOPE_SUMMARY, list(HOROSCOPE_BODY))
        self._add("horoscope", "ledger", stars_at, draft, (), (), section="Horoscopes")

    def specials(self) -> None:
        """Stories whose page gives no text: binary garbage, ~1 MB of nested divs, a video."""
        self.background_story(
            "security", "techwire", self._when(date(2026, 1, 21)), lead="openai", alone=True,
            page="binary",
        )  # fmt: skip
        self.background_story(
            "release", "aiwatch", self._when(date(2026, 2, 24)), lead="google", alone=True,
            page="video",
        )  # fmt: skip
        self.background_story(
            "funding", "aiwatch", self._when(date(2026, 4, 8)), lead="mistral", alone=True,
            page="nested",
        )  # fmt: skip

    # -- links and copies

    def run(self) -> list[Story]:
        """Plan every story, give each its URL and the feed items that carry it."""
        self.background()
        self.vendor_outages()
        self.crisis()
        self.migrations()
        self.blog()
        self.decoys()
        self.specials()
        self.stories.sort(key=lambda s: (s.published, s.key))
        for index, story in enumerate(self.stories):
            story.key = index  # pages refer to stories by their index in publication order
            if story.outlet in ("ledger", "bytebeat"):
                story.draft = _typeset(story.draft)
        for story in self.stories:
            story.url = self.url(story.outlet, story.published, story.title, story.kind, story.page)
        self.post_ids += self.rng.randint(0, 900)
        for story in self.stories:
            self.syndicate(story)
        return self.stories

    def url(self, outlet: str, at: datetime, title: str, kind: str, page: str) -> str:
        """A fresh, plausible URL for a page of `outlet`."""
        host = OUTLETS[outlet].host
        limit = 14 if outlet == "techwire" else 9
        base = _slug(title, limit)
        slug, n = base, 1
        while f"{outlet}/{slug}" in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(f"{outlet}/{slug}")
        if outlet == "techwire":
            return f"https://{host}/{at:%Y/%m/%d}/{slug}/"
        if outlet == "aiwatch":
            folder = "video" if page == "video" else "news"
            return f"https://{host}/{folder}/{at:%Y/%m}/{slug}-{self.rng.randint(40000, 99999)}"
        if outlet == "ledger":
            if kind == "chef":
                name = "claude-marchetti-café-lumière-lyon-riverfront"
                return f"https://{host}/lifestyle/food/{at:%Y/%m/%d}/{quote(name)}.html"
            if kind == "horoscope":
                day = f"{at:%B}-{at.day}-{at.year}".lower()
                return f"https://{host}/lifestyle/horoscopes/gemini-daily-horoscope-{day}.html"
            return f"https://{host}/business/technology/{at:%Y/%m/%d}/{slug}.html"
        if outlet == "bytebeat":
            return f"https://{host}/p/{slug}"
        return f"https://{host}/news/{slug}"

    def _item_id(self, source: str, url: str, published: datetime) -> str:
        if source == TECHWIRE:
            self.post_ids += self.rng.randint(3, 40)
            return f"https://techwire.example/?p={self.post_ids}"
        if source == AIWATCH:
            return f"tag:aiwatch.example,{published:%Y-%m-%d}:{urlsplit(url).path}"
        if source == SEARCH:
            alphabet = string.ascii_letters + string.digits + "-_"
            return "CBMi" + "".join(self.rng.choice(alphabet) for _ in range(72))
        return url

    def _copy(
        self,
        story: Story,
        source: str,
        url: str,
        at: datetime,
        draft: Draft,
        author: str | None = None,
    ) -> None:
        item_id = self._item_id(source, url, at)
        author = author or story.author
        story.copies.append(Copy(source, url, at, draft.title, draft.summary, item_id, author))

    def _page(self, story: Story, url: str, outlet: str, layout: str, **changes: object) -> Page:
        page = Page(
            url=url,
            outlet=outlet,
            layout=layout,
            title=story.title,
            summary=story.draft.summary,
            paragraphs=list(story.draft.paragraphs),
            published=story.published,
            author=story.author,
            canonical=story.url,
            section=story.section,
            tags=_tags(story),
            story=story.key,
        )
        page = replace(page, **changes)
        self.pages[_page_key(url)] = page
        return page

    def syndicate(self, story: Story) -> None:
        """The original item and page, then tracking/AMP copies and other outlets' rewrites."""
        rng = self.rng
        feed = OUTLETS[story.outlet].feed
        layout = story.page if story.page != "article" else story.outlet
        self._page(story, story.url, story.outlet, layout)
        link = story.url
        if feed == SEARCH and rng.random() < 0.6:
            link = f"{story.url}?{TRACKING}"
        self._copy(story, feed, link, story.published, story.draft)
        if story.page != "article" or story.kind in ("chef", "horoscope"):
            return
        searchable = bool({"anthropic", "openai", "google"} & set(story.vendors))
        anchor = story.kind == "anchor"
        if story.outlet == "blog":
            if searchable and rng.random() < 0.35:
                self._copy(story, SEARCH, story.url, story.published, story.draft)
            return
        if story.outlet in ("techwire", "aiwatch") and searchable:
            roll = rng.random()
            if anchor or roll < 0.28:
                link = f"{story.url}?{TRACKING}"
                self._copy(story, SEARCH, link, story.published, story.draft)
            elif roll < 0.42:
                amp = _amp_url(story.url)
                self._page(story, amp, story.outlet, "amp")
                self._copy(story, SEARCH, amp, story.published, story.draft)
        if story.outlet not in ("techwire", "aiwatch") or story.bank is None:
            return
        if searchable and (anchor or rng.random() < 0.1):
            self.rewrite(story, "ledger", SEARCH)
        if searchable and rng.random() < 0.05:
            self.rewrite(story, "bytebeat", SEARCH)
        if story.outlet == "techwire" and (anchor or rng.random() < 0.06):
            self.rewrite(story, "aiwatch", AIWATCH)

    def rewrite(self, story: Story, outlet: str, source: str) -> None:
        """Another outlet runs an edited copy under its own headline, canonical -> original."""
        rng = self.rng
        published = story.published + timedelta(
            minutes=rng.randint(50, 1500), seconds=rng.randint(0, 59)
        )
        if published >= WINDOW_END - timedelta(minutes=10) or story.bank is None:
            return
        people = _People(rng)
        title = story.title
        for _ in range(8):
            candidate = self.writer.paragraph(story.bank["title"], story.ctx, people, 1, set())
            lead = vendors_in(candidate, story.text)[:1]
            if candidate != story.title and lead == list(story.vendors[:1]):
                title = candidate
                break
        if title == story.title:
            title = f"Report: {story.title}"
        paragraphs = _edit(story.draft.paragraphs, rng)
        credit = {
            "ledger": f"This story originally appeared on {OUTLETS[story.outlet].name} and is "
            "republished here with permission.",
            "bytebeat": f"Originally published by {OUTLETS[story.outlet].name}.",
            "aiwatch": f"This article first ran on {OUTLETS[story.outlet].name} and appears here "
            "through a syndication arrangement.",
        }[outlet]
        draft = Draft(title, paragraphs[0].split(". ")[0].rstrip(".") + ".", paragraphs)
        if outlet in ("ledger", "bytebeat"):
            draft = _typeset(draft)
        url = self.url(outlet, published, draft.title, story.kind, "article")
        own = url
        author = rng.choice(REPORTERS[outlet])
        self._page(
            story,
            url,
            outlet,
            outlet,
            title=draft.title,
            summary=draft.summary,
            paragraphs=list(draft.paragraphs),
            published=published,
            author=author,
            credit=credit,
        )
        link = f"{own}?{TRACKING}" if source == SEARCH and rng.random() < 0.5 else own
        self._copy(story, source, link, published, draft, author)


EDITS: tuple[tuple[str, str], ...] = (
    (r"\bthe company\b", "the firm"),
    (r"\bdevelopers\b", "programmers"),
    (r"\broughly\b", "about"),
    (r"\bseveral\b", "a number of"),
    (r"\bbegan\b", "started"),
    (r"\bquickly\b", "rapidly"),
    (r"\bIn a statement\b", "In a written statement"),
    (r"\busers\b", "customers"),
    (r"\bHowever\b", "Still"),
    (r"\blarge\b", "big"),
)


def _edit(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    """A copy editor's pass: a few words swapped, one middle paragraph cut."""
    out = list(paragraphs)
    if len(out) >= 6:
        cut = rng.randrange(2, len(out) - 1)
        if _words(" ".join(out[:cut] + out[cut + 1 :])) >= MIN_WORDS:
            del out[cut]
    edited = []
    for text in out:
        for pattern, replacement in rng.sample(EDITS, 3):
            if rng.random() < 0.6:
                text = re.sub(pattern, replacement, text)
        edited.append(text)
    return edited


def _typeset(draft: Draft) -> Draft:
    return Draft(_smart(draft.title), _smart(draft.summary), [_smart(p) for p in draft.paragraphs])


def _smart(text: str) -> str:
    """Typographic quotes, as newspaper and newsletter CMSes print them."""
    text = re.sub(r"(^|[\s(])\"", "\\1\N{LEFT DOUBLE QUOTATION MARK}", text)
    text = text.replace('"', "\N{RIGHT DOUBLE QUOTATION MARK}")
    text = re.sub(r"(^|[\s(])'", "\\1\N{LEFT SINGLE QUOTATION MARK}", text)
    return text.replace("'", "\N{RIGHT SINGLE QUOTATION MARK}")


def _slug(title: str, limit: int) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(
        r"[a-z0-9]+", folded.lower().replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "")
    )
    return "-".join(words[:limit]) or "story"


def _amp_url(url: str) -> str:
    """The AMP rendering of a page: WordPress appends amp/, AIWatch prefixes /amp."""
    parts = urlsplit(url)
    if url.endswith("/"):
        return url + "amp/"
    return f"{parts.scheme}://{parts.netloc}/amp{parts.path}"


def _page_key(url: str) -> str:
    """The mirror file of a URL, relative to the mirror folder (see ingest.fetch.mirror_path)."""
    parts = urlsplit(url)
    path = unquote(parts.path or "/")
    if path.endswith("/"):
        path += "index.html"
    return f"{parts.hostname}/{path.lstrip('/')}"


def normalize_url(url: str) -> str:
    """Canonical form of a story URL: https, no www., no query/fragment/AMP, no trailing '/'."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path
    if path.startswith("/amp/"):
        path = path[len("/amp") :]
    path = path.removesuffix("/").removesuffix("/amp")
    return f"https://{host}{path}"


def _tags(story: Story) -> tuple[str, ...]:
    if story.kind == "chef":
        return ("Food", "Restaurants", "Reviews")
    if story.kind == "horoscope":
        return ("Horoscopes", "Gemini")
    names = [VENDOR_TEXT[v].company for v in story.vendors]
    labels = {
        "outage": "Outages",
        "migration": "Chatbots",
        "pricing": "Pricing",
        "model_release": "AI models",
        "funding": "Funding",
        "regulation": "Policy",
        "security": "Security",
        "partnership": "Enterprise",
    }
    return ("AI", *names, *(labels[t] for t in story.topics))


# --------------------------------------------------------------------------- rendering: feeds

DST_START = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # US Eastern time moves to EDT


def _eastern(at: datetime) -> datetime:
    offset = timedelta(hours=-4 if at >= DST_START else -5)
    return at.astimezone(timezone(offset))


def _eastern_label(at: datetime) -> str:
    return "EDT" if at >= DST_START else "EST"


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc822(at: datetime, *, gmt: bool = False) -> str:
    return format_datetime(at.astimezone(UTC), usegmt=gmt)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _items(stories: Sequence[Story], source: str) -> list[tuple[Copy, Story]]:
    found = [(c, s) for s in stories for c in s.copies if c.source == source]
    return sorted(found, key=lambda cs: (cs[0].published, cs[0].url), reverse=True)


def _write_techwire_rss(stories: Sequence[Story]) -> str:
    """WordPress category feed: dc:creator, CDATA categories, guid ?p=<post id>."""
    items = _items(stories, TECHWIRE)
    entries = []
    for copy, story in items:
        cats = "".join(f"\t\t<category>{_cdata(t)}</category>\n" for t in _tags(story))
        entries.append(
            "\t<item>\n"
            f"\t\t<title>{xml_escape(copy.title)}</title>\n"
            f"\t\t<link>{xml_escape(copy.url)}</link>\n"
            f"\t\t<comments>{xml_escape(copy.url)}#respond</comments>\n"
            f"\t\t<dc:creator>{_cdata(story.author)}</dc:creator>\n"
            f"\t\t<pubDate>{_rfc822(copy.published)}</pubDate>\n"
            f"{cats}"
            f'\t\t<guid isPermaLink="false">{xml_escape(copy.item_id)}</guid>\n'
            f"\t\t<description>{_cdata(f'<p>{_esc(copy.summary)}</p>')}</description>\n"
            "\t</item>\n"
        )
    latest = items[0][0].published if items else WINDOW_START
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n'
        "\t>\n\n<channel>\n"
        "\t<title>AI News &amp; Artificial Intelligence | TechWire</title>\n"
        '\t<atom:link href="https://techwire.example/category/artificial-intelligence/feed/" '
        'rel="self" type="application/rss+xml" />\n'
        "\t<link>https://techwire.example/category/artificial-intelligence/</link>\n"
        "\t<description>Startup and technology news</description>\n"
        f"\t<lastBuildDate>{_rfc822(latest)}</lastBuildDate>\n"
        "\t<language>en-US</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.8.1</generator>\n"
        + "".join(entries)
        + "</channel>\n</rss>\n"
    )


def _write_aiwatch_atom(stories: Sequence[Story]) -> str:
    """AIWatch's Atom feed: times in US Eastern with offsets, html summaries."""
    items = _items(stories, AIWATCH)
    entries = []
    for copy, story in items:
        local = _eastern(copy.published).isoformat()
        cats = "".join(f'    <category term="{_attr(t)}"/>\n' for t in _tags(story))
        entries.append(
            "  <entry>\n"
            f'    <title type="html">{xml_escape(copy.title)}</title>\n'
            f'    <link rel="alternate" type="text/html" href="{_attr(copy.url)}"/>\n'
            f"    <id>{xml_escape(copy.item_id)}</id>\n"
            f"    <published>{local}</published>\n"
            f"    <updated>{local}</updated>\n"
            f"    <author>\n      <name>{xml_escape(copy.author)}</name>\n    </author>\n"
            f"{cats}"
            f'    <summary type="html">{xml_escape(f"<p>{_esc(copy.summary)}</p>")}</summary>\n'
            "  </entry>\n"
        )
    latest = _eastern(items[0][0].published).isoformat() if items else _iso(WINDOW_START)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">\n'
        "  <title>AIWatch</title>\n"
        "  <subtitle>Independent reporting on artificial intelligence</subtitle>\n"
        '  <link rel="alternate" type="text/html" href="https://www.aiwatch.example/"/>\n'
        '  <link rel="self" type="application/atom+xml" '
        'href="https://www.aiwatch.example/feeds/news.atom"/>\n'
        "  <id>https://www.aiwatch.example/</id>\n"
        f"  <updated>{latest}</updated>\n"
        "  <rights>Copyright 2026 AIWatch LLC</rights>\n" + "".join(entries) + "</feed>\n"
    )


def _write_blog_atom(stories: Sequence[Story]) -> str:
    """Anthropic's news feed: plain-text summaries, the URL as id."""
    items = _items(stories, BLOG)
    entries = []
    for copy, _story in items:
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(copy.title)}</title>\n"
            f'    <link href="{_attr(copy.url)}"/>\n'
            f"    <id>{xml_escape(copy.item_id)}</id>\n"
            f"    <published>{_iso(copy.published)}</published>\n"
            f"    <updated>{_iso(copy.published)}</updated>\n"
            f'    <summary type="text">{xml_escape(copy.summary)}</summary>\n'
            "  </entry>\n"
        )
    latest = _iso(items[0][0].published) if items else _iso(WINDOW_START)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Anthropic News</title>\n"
        '  <link href="https://anthropic.example/news"/>\n'
        '  <link rel="self" href="https://anthropic.example/news/feed.atom"/>\n'
        "  <id>https://anthropic.example/news</id>\n"
        f"  <updated>{latest}</updated>\n"
        "  <author>\n    <name>Anthropic</name>\n  </author>\n" + "".join(entries) + "</feed>\n"
    )


def _write_search_rss(stories: Sequence[Story]) -> str:
    """A news-search feed (Google News style): opaque guids, <source>, GMT dates."""
    items = _items(stories, SEARCH)
    entries = []
    for copy, _story in items:
        outlet = next(o for o in OUTLETS.values() if urlsplit(copy.url).hostname == o.host)
        entries.append(
            "<item>"
            f"<title>{xml_escape(copy.title)}</title>"
            f"<link>{xml_escape(copy.url)}</link>"
            f'<guid isPermaLink="false">{copy.item_id}</guid>'
            f"<pubDate>{_rfc822(copy.published, gmt=True)}</pubDate>"
            f"<description>{xml_escape(f'<p>{_esc(copy.summary)}</p>')}</description>"
            f'<source url="https://{outlet.host}">{xml_escape(outlet.name)}</source>'
            "</item>"
        )
    latest = _rfc822(items[0][0].published, gmt=True) if items else _rfc822(WINDOW_START)
    query = "%22Anthropic%22+OR+%22Claude%22+OR+%22ChatGPT%22+OR+%22Gemini%22"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        "<generator>NFE/5.0</generator>"
        "<title>&quot;Anthropic&quot; OR &quot;Claude&quot; OR &quot;ChatGPT&quot; OR "
        "&quot;Gemini&quot; - News search</title>"
        f"<link>https://news.search.example/search?q={query}&amp;hl=en-US&amp;gl=US</link>"
        "<language>en-US</language>"
        "<webMaster>news-webmaster@search.example</webMaster>"
        "<copyright>2026 News Search. All rights reserved.</copyright>"
        f"<lastBuildDate>{latest}</lastBuildDate>"
        "<description>News search results</description>" + "".join(entries) + "</channel></rss>\n"
    )


# --------------------------------------------------------------------------- rendering: pages


@dataclass(slots=True, frozen=True)
class _Extras:
    """Page furniture drawn at render time: related links, comments, AMP link."""

    related: tuple[tuple[str, str], ...]
    comments: tuple[tuple[str, datetime, str], ...]
    amphtml: str | None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _human_utc(at: datetime) -> str:
    return f"{at:%B} {at.day}, {at.year} · {at:%-I:%M %p} UTC"


def _json_ld(page: Page, publisher: str, logo: str) -> str:
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.summary,
        "datePublished": _iso(page.published),
        "dateModified": _iso(page.published),
        "author": [{"@type": "Person", "name": page.author}],
        "publisher": {"@type": "Organization", "name": publisher, "logo": logo},
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.canonical},
        "articleSection": page.section,
        "keywords": list(page.tags),
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/")


def _paras(paragraphs: Sequence[str], indent: str = "") -> str:
    return "".join(f"{indent}<p>{_esc(p)}</p>\n" for p in paragraphs)


def _techwire_page(page: Page, extras: _Extras) -> str:
    """TechWire (WordPress): JSON-LD, cookie dialog, share links, inline related, comments."""
    iso = page.published.astimezone(UTC).isoformat()
    image = f"https://techwire.example/wp-content/uploads/{page.published:%Y/%m}/"
    image += f"{_slug(page.title, 5)}.jpg"
    body = list(page.paragraphs)
    parts = []
    for index, text in enumerate(body):
        parts.append(f"<p>{_esc(text)}</p>\n")
        if index == 2:
            parts.append('<div class="ad-slot" data-slot="mid-article">Advertisement</div>\n')
        if index == 4 and extras.related:
            title, href = extras.related[0]
            parts.append(
                f'<aside class="inline-related"><strong>Related</strong> '
                f'<a href="{_attr(href)}">{_esc(title)}</a></aside>\n'
            )
    if page.credit:
        parts.append(f'<p class="syndication-credit"><em>{_esc(page.credit)}</em></p>\n')
    related = "".join(
        f'<li><a href="{_attr(href)}">{_esc(title)}</a></li>' for title, href in extras.related
    )
    comments = "".join(
        '<li class="comment"><article class="comment-body"><footer class="comment-meta">'
        f'<b class="fn">{_esc(name)}</b> <time datetime="{_iso(at)}">{_human_utc(at)}</time>'
        f'</footer><div class="comment-content"><p>{_esc(text)}</p></div></article></li>\n'
        for name, at, text in extras.comments
    )
    amp = f'<link rel="amphtml" href="{_attr(extras.amphtml)}">\n' if extras.amphtml else ""
    tags = "".join(f'<li><a href="/tag/{_slug(t, 4)}/">{_esc(t)}</a></li>' for t in page.tags)
    author_slug = _slug(page.author, 4)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(page.title)} | TechWire</title>\n"
        f'<meta name="description" content="{_attr(page.summary)}">\n'
        f'<link rel="canonical" href="{_attr(page.canonical)}">\n'
        f"{amp}"
        '<meta property="og:type" content="article">\n'
        '<meta property="og:site_name" content="TechWire">\n'
        f'<meta property="og:title" content="{_attr(page.title)}">\n'
        f'<meta property="og:description" content="{_attr(page.summary)}">\n'
        f'<meta property="og:url" content="{_attr(page.canonical)}">\n'
        f'<meta property="og:image" content="{_attr(image)}?w=1200">\n'
        f'<meta property="article:published_time" content="{iso}">\n'
        f'<meta property="article:author" content="{_attr(page.author)}">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
        '<link rel="alternate" type="application/rss+xml" title="TechWire &raquo; AI Feed" '
        'href="https://techwire.example/category/artificial-intelligence/feed/">\n'
        '<link rel="stylesheet" href="https://techwire.example/wp-content/themes/tw/'
        'style.min.css?ver=6.8.1">\n'
        '<script type="application/ld+json">'
        f"{_json_ld(page, 'TechWire', 'https://techwire.example/logo.png')}</script>\n"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        "gtag('js',new Date());gtag('config','G-TW0000001');</script>\n"
        "</head>\n"
        '<body class="post-template-default single single-post">\n'
        '<div id="cmp-banner" class="cmp-banner" role="dialog" aria-label="Cookie consent">\n'
        "<p>We and our partners use cookies and similar technologies to store and access "
        "information on your device, to measure audiences and to show personalised ads. "
        '<a href="/privacy-policy/">Privacy policy</a></p>\n'
        '<button class="cmp-accept">Accept all</button> <button class="cmp-reject">Reject all'
        '</button> <button class="cmp-manage">Manage preferences</button>\n</div>\n'
        '<header class="site-header">\n<a class="site-logo" href="https://techwire.example/">'
        "TechWire</a>\n"
        '<nav class="primary-nav" aria-label="Main"><ul>'
        '<li><a href="/category/startups/">Startups</a></li>'
        '<li><a href="/category/venture/">Venture</a></li>'
        '<li><a href="/category/artificial-intelligence/">AI</a></li>'
        '<li><a href="/category/security/">Security</a></li>'
        '<li><a href="/category/apps/">Apps</a></li>'
        '<li><a href="/events/">Events</a></li>'
        '<li><a href="/newsletters/">Newsletters</a></li></ul></nav>\n'
        '<form class="search-form" action="/" role="search"><input type="search" name="s" '
        'placeholder="Search TechWire"></form>\n</header>\n'
        '<main id="main" class="site-main">\n<article class="article">\n'
        '<header class="article__header">\n'
        '<a class="article__category" href="/category/artificial-intelligence/">AI</a>\n'
        f'<h1 class="article__title">{_esc(page.title)}</h1>\n'
        f'<div class="article__byline">By <a rel="author" href="/author/{author_slug}/">'
        f'{_esc(page.author)}</a> · <time class="article__date" datetime="{iso}">'
        f"{_human_utc(page.published)}</time></div>\n"
        '<ul class="social-share"><li><a class="share-x" href="https://x.example/intent/post?url='
        f'{quote(page.canonical, safe="")}">Post</a></li><li><a class="share-linkedin" '
        'href="https://linkedin.example/sharing/share-offsite/?url='
        f'{quote(page.canonical, safe="")}">Share</a></li><li><button class="share-copy">'
        "Copy link</button></li></ul>\n</header>\n"
        f'<figure class="article__hero"><img src="{_attr(image)}" alt="" width="1200" '
        'height="675"><figcaption>Image Credits: TechWire</figcaption></figure>\n'
        '<div class="entry-content">\n' + "".join(parts) + "</div>\n"
        f'<footer class="article__footer"><ul class="tags">{tags}</ul></footer>\n</article>\n'
        '<section class="related-posts" aria-label="More from TechWire"><h2>More from TechWire'
        f"</h2><ul>{related}</ul></section>\n"
        '<section id="comments" class="comments-area">\n'
        f'<h2 class="comments-title">{_count(len(extras.comments), "Comment")}</h2>\n'
        f'<ol class="comment-list">\n{comments}</ol>\n'
        '<div id="respond" class="comment-respond"><h3>Leave a Reply</h3>'
        '<form action="/wp-comments-post.php" method="post"><textarea name="comment">'
        '</textarea><input type="submit" value="Post Comment"></form></div>\n'
        "</section>\n</main>\n"
        '<aside class="newsletter-signup"><h3>The AI Brief</h3><p>Get the day&#8217;s biggest AI '
        'stories in your inbox every weekday.</p><form><input type="email" '
        'placeholder="Email address"><button>Subscribe</button></form></aside>\n'
        '<footer class="site-footer"><p>© 2026 TechWire Media. All rights reserved.</p><ul>'
        '<li><a href="/about/">About</a></li><li><a href="/privacy-policy/">Privacy</a></li>'
        '<li><a href="/terms/">Terms</a></li><li><a href="/contact/">Contact</a></li></ul>'
        "</footer>\n"
        '<script src="https://techwire.example/wp-includes/js/wp-embed.min.js?ver=6.8.1">'
        "</script>\n</body>\n</html>\n"
    )


def _aiwatch_head(page: Page, extras: _Extras, own_url: str) -> str:
    local = _eastern(page.published).isoformat()
    amp = f'<link rel="amphtml" href="{_attr(extras.amphtml)}">\n' if extras.amphtml else ""
    return (
        "<!doctype html>\n"
        '<html lang="en-US" class="no-js">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(page.title)} - AIWatch</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{_attr(page.summary)}">\n'
        f'<meta property="og:title" content="{_attr(page.title)}">\n'
        f'<meta property="og:description" content="{_attr(page.summary)}">\n'
        f'<meta property="og:url" content="{_attr(own_url)}">\n'
        '<meta property="og:site_name" content="AIWatch">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{local}">\n'
        f'<meta property="article:modified_time" content="{local}">\n'
        f'<meta property="article:section" content="{_attr(page.section)}">\n'
        f'<meta name="author" content="{_attr(page.author)}">\n'
        f'<link rel="canonical" href="{_attr(page.canonical)}">\n'
        f"{amp}"
        '<script async src="https://www.aiwatch.example/static/js/analytics.4f2c1e.js"></script>\n'
        "<style>.story__body p{line-height:1.6}.share-bar a{margin-right:1em}</style>\n"
        "</head>\n"
    )


def _aiwatch_chrome_top() -> str:
    return (
        '<body class="page-article">\n<a class="skip-link" href="#story">Skip to content</a>\n'
        '<div class="top-bar">Support independent AI journalism. '
        '<a href="/membership/">Become a member</a></div>\n'
        '<header class="masthead"><a href="/" class="logo">AIWatch</a><nav>'
        '<a href="/news/">News</a> <a href="/analysis/">Analysis</a> <a href="/video/">Video'
        '</a> <a href="/newsletter/">Newsletter</a> <a href="/about/">About</a></nav>'
        '<button class="menu-toggle" aria-expanded="false">Menu</button></header>\n<main>\n'
    )


def _aiwatch_chrome_bottom(extras: _Extras) -> str:
    related = "".join(
        f'<li><a href="{_attr(href)}">{_esc(title)}</a></li>' for title, href in extras.related
    )
    return (
        f'<section class="read-next"><h2>Read next</h2><ol>{related}</ol></section>\n'
        '<div id="disqus_thread"></div>\n'
        "<noscript>Please enable JavaScript to view the comments.</noscript>\n</main>\n"
        '<footer class="site-footer"><nav><a href="/about/">About</a> <a href="/ethics/">'
        'Ethics policy</a> <a href="/contact/">Contact</a></nav><p>AIWatch is an independent '
        "publication. © 2026 AIWatch LLC</p></footer>\n"
        '<div id="consent" class="consent-modal" hidden><p>This site uses cookies to improve '
        "your experience.</p><button>OK</button></div>\n</body>\n</html>\n"
    )


def _aiwatch_meta(page: Page) -> str:
    local = _eastern(page.published)
    label = f"{local:%b} {local.day}, {local.year}, {local:%-I:%M %p} {_eastern_label(local)}"
    return (
        f'<div class="story__meta"><span class="story__author">By {_esc(page.author)}</span> '
        f'<time datetime="{local.isoformat()}" class="story__time">{label}</time></div>\n'
    )


def _aiwatch_page(page: Page, extras: _Extras) -> str:
    """AIWatch: article:published_time with a US offset, dek, share bar, read-next list."""
    body = [f"<p>{_esc(p)}</p>\n" for p in page.paragraphs]
    body.insert(
        min(2, len(body)),
        '<div class="newsletter-inline"><p>Get AIWatch in your inbox.</p>'
        '<a href="/newsletter/">Sign up</a></div>\n',
    )
    if page.credit:
        body.append(f'<p class="story__credit"><em>{_esc(page.credit)}</em></p>\n')
    share = quote(page.url, safe="")
    return (
        _aiwatch_head(page, _Extras(extras.related, (), extras.amphtml), page.url)
        + _aiwatch_chrome_top()
        + '<article id="story" class="story">\n'
        f'<p class="story__kicker">{_esc(page.section)}</p>\n'
        f'<h1 class="story__headline">{_esc(page.title)}</h1>\n'
        f'<p class="story__dek">{_esc(page.summary)}</p>\n'
        + _aiwatch_meta(page)
        + f'<div class="share-bar"><a href="mailto:?subject={quote(page.title)}&amp;body={share}">'
        f'Email</a><a href="https://bsky.example/intent/compose?text={share}">Bluesky</a>'
        f'<a href="https://linkedin.example/shareArticle?url={share}">LinkedIn</a></div>\n'
        '<div class="story__body">\n'
        + "".join(body)
        + "</div>\n</article>\n"
        + _aiwatch_chrome_bottom(extras)
    )


def _video_page(page: Page, extras: _Extras) -> str:
    """An AIWatch video page: a player and a one-line caption, no article text."""
    token = _slug(page.title, 3)
    return (
        _aiwatch_head(page, extras, page.url)
        + _aiwatch_chrome_top()
        + '<article id="story" class="story story--video">\n'
        f'<h1 class="story__headline">{_esc(page.title)}</h1>\n'
        + _aiwatch_meta(page)
        + '<figure class="video-player">\n'
        f'<video controls preload="none" poster="https://cdn.aiwatch.example/posters/{token}.jpg" '
        'width="1280" height="720">\n'
        f'<source src="https://cdn.aiwatch.example/video/{token}/master.m3u8" '
        'type="application/x-mpegURL">\n</video>\n'
        "<figcaption>Watch: highlights from the presentation. (Video: AIWatch)</figcaption>\n"
        "</figure>\n</article>\n" + _aiwatch_chrome_bottom(extras)
    )


def _ledger_page(page: Page, extras: _Extras) -> str:
    """The Daily Ledger: a legacy CMS page in windows-1252 (declared without quotes)."""
    local = _eastern(page.published)
    hour = f"{local:%-I:%M} {'a.m.' if local.hour < 12 else 'p.m.'}"
    stamp = f"{local:%B} {local.day}, {local.year} at {hour} {_eastern_label(local)}"
    section = {"Food": "Lifestyle", "Horoscopes": "Lifestyle"}.get(page.section, "Business")
    leaf = page.section if section == "Lifestyle" else "Technology"
    body = "".join(f"<p>{_esc(p)}</p>\n" for p in page.paragraphs)
    if page.credit:
        body += f"<p><i>{_esc(page.credit)}</i></p>\n"
    related = "".join(
        f'<li><a href="{_attr(href)}">{_esc(title)}</a></li>' for title, href in extras.related
    )
    comments = "".join(
        f'<div class="comment"><b>{_esc(name)}</b> wrote on {at:%m/%d/%Y}:<br>{_esc(text)}</div>\n'
        for name, at, text in extras.comments
    )
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
        '"http://www.w3.org/TR/html4/loose.dtd">\n<html>\n<head>\n'
        "<meta charset=windows-1252>\n"
        f"<title>{_esc(page.title)} - The Daily Ledger</title>\n"
        f'<meta name="description" content="{_attr(page.summary)}">\n'
        f'<meta name="keywords" content="{_attr(", ".join(page.tags))}">\n'
        f'<meta property="og:title" content="{_attr(page.title)}">\n'
        f'<meta property="og:url" content="{_attr(page.url)}">\n'
        f'<meta property="article:published_time" content="{_iso(page.published)}">\n'
        f'<link rel="canonical" href="{_attr(page.canonical)}">\n'
        '<link rel="stylesheet" type="text/css" href="/css/ledger2009.css">\n'
        '<script type="text/javascript" src="/js/jquery-1.4.2.min.js"></script>\n'
        "</head>\n<body>\n"
        '<div id="eu-cookie-notice">This website uses cookies. By continuing to browse you agree '
        'to our use of cookies. <a href="/cookies.html">More information</a> '
        '<a href="#" class="close">Close</a></div>\n'
        '<table id="masthead" width="100%"><tr><td><a href="/"><img src="/images/ledger-logo.gif" '
        f'alt="The Daily Ledger"></a></td><td class="date">{local:%A}, {local:%B} {local.day}, '
        f"{local.year}</td></tr></table>\n"
        '<div id="topnav"><a href="/news/">News</a> | <a href="/business/">Business</a> | '
        '<a href="/business/technology/">Technology</a> | <a href="/sports/">Sports</a> | '
        '<a href="/lifestyle/">Lifestyle</a> | <a href="/opinion/">Opinion</a> | '
        '<a href="/obituaries/">Obituaries</a></div>\n'
        f'<div id="breadcrumb"><a href="/">Home</a> &raquo; {section} &raquo; {leaf}</div>\n'
        '<div id="content">\n<div id="story">\n'
        f"<h1>{_esc(page.title)}</h1>\n"
        f'<p class="byline">By {_esc(page.author)} | <span class="dateline">Published {stamp}'
        "</span></p>\n"
        f'<div class="storytext">\n{body}</div>\n'
        '<div class="tools"><a href="javascript:window.print()">Print</a> | '
        '<a href="mailto:?subject=From%20The%20Daily%20Ledger">E-mail</a> | '
        '<a href="#comments">Comment</a></div>\n</div>\n'
        f'<div id="sidebar"><h3>Most Read</h3><ol>{related}</ol>'
        '<div class="ad"><!-- 300x250 --></div></div>\n'
        f'<div id="comments"><h3>Reader comments ({len(extras.comments)})</h3>\n{comments}</div>\n'
        "</div>\n"
        '<div id="footer">Copyright &copy; 2026 The Daily Ledger Publishing Co. All rights '
        'reserved. | <a href="/contact.html">Contact us</a> | <a href="/subscribe.html">'
        'Subscribe</a> | <a href="/privacy.html">Privacy</a></div>\n</body>\n</html>\n'
    )


def _bytebeat_page(page: Page, extras: _Extras) -> str:
    """ByteBeat (a newsletter platform): no charset declared, UTF-8 bytes, JSON-LD."""
    body = "".join(f"<p>{_esc(p)}</p>\n" for p in page.paragraphs)
    if page.credit:
        body += f"<p><em>{_esc(page.credit)}</em></p>\n"
    comments = "".join(
        f'<div class="comment"><div class="comment-author">{_esc(name)}</div>'
        f'<div class="comment-body"><p>{_esc(text)}</p></div></div>\n'
        for name, _at, text in extras.comments
    )
    likes = 12 + (len(page.title) * 7) % 180
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n'
        f"<title>{_esc(page.title)} - ByteBeat</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta property="og:title" content="{_attr(page.title)}">\n'
        f'<meta property="og:description" content="{_attr(page.summary)}">\n'
        f'<meta property="og:url" content="{_attr(page.url)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta name="author" content="{_attr(page.author)}">\n'
        f'<link rel="canonical" href="{_attr(page.canonical)}">\n'
        '<script type="application/ld+json">'
        f"{_json_ld(page, 'ByteBeat', 'https://bytebeat.example/logo.png')}</script>\n"
        "</head>\n<body>\n"
        '<div class="topbar"><a href="/" class="pub-name">ByteBeat</a> '
        '<a class="subscribe-btn" href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a>'
        "</div>\n"
        '<div class="post-wrap">\n<article class="post">\n<div class="post-header">\n'
        f'<h1 class="post-title">{_esc(page.title)}</h1>\n'
        f'<h3 class="subtitle">{_esc(page.summary)}</h3>\n'
        f'<div class="post-meta"><a href="/profile/priya">{_esc(page.author)}</a> · '
        f'<time datetime="{_iso(page.published)}">{page.published:%b} {page.published.day}, '
        f"{page.published.year}</time></div>\n"
        f'<div class="post-ufi"><button class="like">♥ {likes}</button> <button class="comment">'
        f'💬 {len(extras.comments)}</button> <button class="share">Share</button></div>\n'
        "</div>\n"
        f'<div class="available-content"><div class="body markup">\n{body}</div></div>\n'
        '<div class="subscription-widget"><p>ByteBeat is a reader-supported newsletter. To '
        "receive new posts and support my work, consider becoming a free or paid subscriber."
        '</p><form><input type="email" placeholder="Type your email…"><button>Subscribe'
        "</button></form></div>\n</article>\n"
        f'<div class="comments-section"><h4>{_count(len(extras.comments), "Comment")}</h4>\n'
        f"{comments}"
        "</div>\n"
        '<div class="post-footer"><p>© 2026 Priya Natarajan · <a href="/privacy">Privacy</a> · '
        '<a href="/tos">Terms</a></p></div>\n</div>\n</body>\n</html>\n'
    )


def _blog_page(page: Page, extras: _Extras) -> str:
    """Anthropic's news page: plain corporate layout, no comments."""
    related = "".join(
        f'<li><a href="{_attr(href)}">{_esc(title)}</a></li>' for title, href in extras.related
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(page.title)} \\ Anthropic</title>\n"
        f'<meta name="description" content="{_attr(page.summary)}">\n'
        f'<meta property="og:title" content="{_attr(page.title)}">\n'
        f'<meta property="og:url" content="{_attr(page.url)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{_iso(page.published)}">\n'
        f'<link rel="canonical" href="{_attr(page.canonical)}">\n'
        '<link rel="stylesheet" href="/_next/static/css/4a1b9e.css">\n</head>\n<body>\n'
        '<header class="site-header"><a class="wordmark" href="/">Anthropic</a><nav>'
        '<a href="/claude">Claude</a> <a href="/api">API</a> <a href="/research">Research</a> '
        '<a href="/company">Company</a> <a href="/news">News</a></nav>'
        '<a class="cta" href="/claude">Try Claude</a></header>\n'
        '<main>\n<article class="post">\n'
        f'<div class="post-meta"><span class="category">{_esc(page.section)}</span> '
        f'<time datetime="{_iso(page.published)}">{page.published:%b} {page.published.day}, '
        f"{page.published.year}</time></div>\n"
        f"<h1>{_esc(page.title)}</h1>\n"
        f'<div class="post-body">\n{_paras(page.paragraphs)}</div>\n</article>\n'
        f'<section class="related"><h2>Related content</h2><ul>{related}</ul></section>\n'
        "</main>\n"
        '<footer class="site-footer"><nav><a href="/legal/privacy">Privacy policy</a> '
        '<a href="/legal/terms">Terms of service</a> <a href="/careers">Careers</a></nav>'
        "<p>© 2026 Anthropic PBC</p></footer>\n</body>\n</html>\n"
    )


def _amp_page(page: Page, extras: _Extras) -> str:
    """The AMP rendering of an article: canonical link to the full page."""
    outlet = OUTLETS[page.outlet]
    return (
        "<!doctype html>\n"
        '<html ⚡ lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(page.title)}</title>\n"
        f'<link rel="canonical" href="{_attr(page.canonical)}">\n'
        '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
        '<script type="application/ld+json">'
        f"{_json_ld(page, outlet.name, f'https://{outlet.host}/logo.png')}</script>\n"
        "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal "
        "both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style><noscript><style "
        "amp-boilerplate>body{-webkit-animation:none;animation:none}</style></noscript>\n"
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        '<script async custom-element="amp-social-share" '
        'src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>\n'
        "<style amp-custom>.amp-body p{font-size:18px;line-height:1.5}</style>\n"
        "</head>\n<body>\n"
        f'<header class="amp-header"><a href="https://{outlet.host}/">{_esc(outlet.name)}</a>'
        "</header>\n"
        '<article class="amp-article">\n'
        f"<h1>{_esc(page.title)}</h1>\n"
        f'<p class="byline">By {_esc(page.author)} <time datetime="{_iso(page.published)}">'
        f"{_human_utc(page.published)}</time></p>\n"
        f'<amp-img src="https://{outlet.host}/images/{_slug(page.title, 4)}.jpg" width="1200" '
        'height="675" layout="responsive" alt=""></amp-img>\n'
        f'<div class="amp-body">\n{_paras(page.paragraphs)}</div>\n'
        '<amp-social-share type="twitter"></amp-social-share>'
        '<amp-social-share type="linkedin"></amp-social-share>\n</article>\n'
        f'<footer class="amp-footer"><a href="{_attr(page.canonical)}">View full site</a> '
        f"© 2026 {_esc(outlet.name)}</footer>\n</body>\n</html>\n"
    )


def _nested_page(page: Page) -> str:
    """Hostile HTML: the text sits under ~95,000 nested divs (about 1 MB)."""
    depth = 95_000
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(page.title)} - AIWatch</title>\n</head>\n<body>\n"
        + "<div>" * depth
        + f"<p>{_esc(page.summary)}</p>"
        + "</div>" * depth
        + "\n</body>\n</html>\n"
    )


def _binary_page(rng: random.Random) -> bytes:
    """Hostile bytes: a gzip stream served as the page (compressed twice upstream)."""
    head = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
    return head + bytes(rng.getrandbits(8) for _ in range(24_000))


FOOD_COMMENTS = (
    "We went for a birthday dinner. The crème brûlée alone is worth the trip.",
    "Finally a proper bistro in this town!",
    "Service was slow but friendly. We'll be back for the quenelles.",
)

PAGE_WRITERS = {
    "techwire": _techwire_page,
    "aiwatch": _aiwatch_page,
    "video": _video_page,
    "ledger": _ledger_page,
    "bytebeat": _bytebeat_page,
    "blog": _blog_page,
    "amp": _amp_page,
}


def _extras(
    page: Page, pages: Sequence[Page], stories: Sequence[Story], rng: random.Random
) -> _Extras:
    story = stories[page.story]
    related: list[tuple[str, str]] = []
    if story.kind == "chef":
        host = OUTLETS["ledger"].host
        related = [(t, f"https://{host}/{path}.html") for t, path in FOOD_LINKS]
    elif story.kind == "horoscope":
        host = OUTLETS["ledger"].host
        related = [(t, f"https://{host}/{path}.html") for t, path in STARS_LINKS]
    else:
        earlier = [
            p
            for p in pages
            if p.outlet == page.outlet
            and p.layout in (page.outlet, "video")
            and p.published < page.published
            and stories[p.story].kind not in ("chef", "horoscope")
        ]
        related = [(p.title, p.url) for p in earlier[-rng.randint(3, 4) :]][::-1]
    comments: list[tuple[str, datetime, str]] = []
    if page.layout in ("techwire", "ledger", "bytebeat") and story.kind != "horoscope":
        bank = FOOD_COMMENTS if story.kind == "chef" else COMMENTS
        count = rng.randint(1, 3) if story.kind == "chef" else rng.randint(0, 4)
        for text in rng.sample(bank, min(count, len(bank))):
            at = page.published + timedelta(minutes=rng.randint(5, 600))
            comments.append((rng.choice(COMMENTERS), at, text))
    amphtml = None
    if page.layout in ("techwire", "aiwatch"):
        amp = _amp_url(page.url)
        if any(p.url == amp for p in pages):
            amphtml = amp
    return _Extras(tuple(related), tuple(comments), amphtml)


def render_pages(pages: dict[str, Page], stories: Sequence[Story], seed: int) -> dict[str, bytes]:
    """Every page of the mirror: {path relative to the catalog: bytes}."""
    rng = random.Random(f"news-{seed}/render")
    ordered = sorted(pages.values(), key=lambda p: (p.published, p.url))
    files: dict[str, bytes] = {}
    for key in sorted(pages):
        page = pages[key]
        path = f"{MIRROR_DIR}/{key}"
        if page.layout == "binary":
            files[path] = _binary_page(rng)
            continue
        if page.layout == "nested":
            files[path] = _nested_page(page).encode("utf-8")
            continue
        extras = _extras(page, ordered, stories, rng)
        text = PAGE_WRITERS[page.layout](page, extras)
        encoding = "cp1252" if page.layout == "ledger" else "utf-8"
        files[path] = text.encode(encoding)
    return files


# --------------------------------------------------------------------------- truth


def _article_truth(story: Story) -> dict[str, object]:
    return {
        "canonical_url": normalize_url(story.url),
        "published_at": _iso(story.published),
        "sources": sorted({c.source for c in story.copies}),
        "title": story.title,
        "topics": sorted(story.topics),
        "urls": sorted({c.url for c in story.copies}),
        "vendors": list(story.vendors),
    }


def compute_news_daily(articles: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """Expected `news_daily` rows (see sql/schema.sql), without tone_mean.

    One row per vendor and UTC day of the window; vendors are the status vendors of the
    sample plus every vendor some story mentions. A story counts on its publication day for
    every vendor it mentions; `lead_articles` when the vendor comes first; `sources` counts
    the distinct sources that carried those stories.
    """
    mentioned = {str(v) for a in articles for v in a["vendors"]}  # type: ignore[attr-defined]
    names = sorted(set(VENDORS) | mentioned)
    days = [
        WINDOW_START.date() + timedelta(days=n)
        for n in range((WINDOW_LAST - WINDOW_START.date()).days + 1)
    ]
    cells: dict[tuple[str, str], dict[str, object]] = {
        (v, d.isoformat()): {
            "articles": 0,
            "day": d.isoformat(),
            "lead_articles": 0,
            "migration_articles": 0,
            "outage_articles": 0,
            "sources": set(),
            "vendor": v,
        }
        for v in names
        for d in days
    }
    for article in articles:
        day = str(article["published_at"])[:10]
        vendor_list: list[str] = list(article["vendors"])  # type: ignore[call-overload]
        topics: list[str] = list(article["topics"])  # type: ignore[call-overload]
        for position, vendor in enumerate(vendor_list):
            cell = cells.get((vendor, day))
            if cell is None:
                continue
            cell["articles"] = int(cell["articles"]) + 1  # type: ignore[call-overload]
            cell["lead_articles"] = int(cell["lead_articles"]) + (position == 0)  # type: ignore[call-overload]
            cell["outage_articles"] = int(cell["outage_articles"]) + ("outage" in topics)  # type: ignore[call-overload]
            cell["migration_articles"] = int(cell["migration_articles"]) + (  # type: ignore[call-overload]
                "migration" in topics
            )
            cell["sources"].update(article["sources"])  # type: ignore[attr-defined]
    rows = []
    for key in sorted(cells):
        cell = dict(cells[key])
        cell["sources"] = len(cell["sources"])  # type: ignore[arg-type]
        rows.append(cell)
    return rows


def news_truth(stories: Sequence[Story]) -> dict[str, list[dict[str, object]]]:
    """Truth of the news sample: articles, duplicates, news_daily and the hostile pages."""
    ordered = sorted(stories, key=lambda s: (s.published, normalize_url(s.url)))
    articles = [_article_truth(s) for s in ordered]
    duplicates = [
        {"canonical_url": a["canonical_url"], "urls": a["urls"]}
        for a in articles
        if len(a["urls"]) > 1  # type: ignore[arg-type]
    ]
    bad = [
        {
            "reason": HOSTILE_REASONS[s.page],
            "record_ref": s.copies[0].url,
            "source": s.copies[0].source,
        }
        for s in ordered
        if s.page in HOSTILE_REASONS
    ]
    return {
        "articles": articles,
        "bad_records": bad,
        "news_daily": compute_news_daily(articles),
        "news_duplicates": duplicates,
    }


# --------------------------------------------------------------------------- public API


@dataclass(slots=True, frozen=True)
class NewsSample:
    """The news part of the sample: files (relative path -> bytes) and truth keys."""

    stories: tuple[Story, ...]
    pages: dict[str, Page]  # mirror path (relative to the mirror folder) -> page
    files: dict[str, bytes]
    truth: dict[str, list[dict[str, object]]]


def plan_news(plan: Sequence[PlannedIncident], seed: int) -> tuple[list[Story], dict[str, Page]]:
    """Plan the stories (and their pages) that cover the status history `plan`."""
    planner = _Planner(plan, seed)
    stories = planner.run()
    return stories, planner.pages


def build_news(plan: Sequence[PlannedIncident], seed: int) -> NewsSample:
    """Plan, render and describe the news sample for `plan` (deterministic in `seed`)."""
    stories, pages = plan_news(plan, seed)
    files = render_pages(pages, stories, seed)
    writers = {
        TECHWIRE: _write_techwire_rss,
        AIWATCH: _write_aiwatch_atom,
        BLOG: _write_blog_atom,
        SEARCH: _write_search_rss,
    }
    for source in NEWS_SOURCES:
        files[source.path] = writers[source.name](stories).encode("utf-8")
    return NewsSample(tuple(stories), pages, files, news_truth(stories))


def merge_truth(status: dict[str, object], news: dict[str, list[dict[str, object]]]) -> None:
    """Add the news keys to the status truth in place (bad_records merged, kept sorted)."""
    bad = [*status["bad_records"], *news["bad_records"]]  # type: ignore[misc]
    status["bad_records"] = sorted(bad, key=lambda b: (b["source"], b["record_ref"]))
    status["articles"] = news["articles"]
    status["news_duplicates"] = news["news_duplicates"]
    status["news_daily"] = news["news_daily"]


def render_catalog_entries() -> str:
    """The news sources of catalog.yaml, to append to its `sources:` list."""
    lines = []
    for source in NEWS_SOURCES:
        lines += [
            f"  - name: {source.name}",
            "    kind: news",
            f"    url: {source.path}",
            f"    description: {json.dumps(source.description)}",
            "    fetch_articles: true",
            f"    max_articles: {MAX_ARTICLES}",
            f"    mirror: {MIRROR_DIR}",
            "    format: auto",
        ]
    return "\n".join(lines) + "\n"


__all__ = [
    "NEWS_SOURCES",
    "TOPIC_MARKERS",
    "NewsSample",
    "build_news",
    "compute_news_daily",
    "merge_truth",
    "normalize_url",
    "plan_news",
    "render_catalog_entries",
    "salience_order",
    "topics_in",
    "vendors_in",
]
