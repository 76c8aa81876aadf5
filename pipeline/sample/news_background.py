"""Ordinary AI news in the sample: releases, funding, pricing, partnerships, regulation, security.

`background(desk)` plans a few stories on most days of the window (`BACKGROUND_KINDS`), each led
by a vendor drawn for its kind (`LEADS`; none for an AI startup) and sometimes naming a second
or third vendor it is naturally paired with (investors, clouds, rivals), written from the kind's
bank (corpus/news_banks.yaml) with an angle that did not run in the last days. `decoys` adds two
search hits that are not AI news (a chef called Claude, a Gemini horoscope) and `specials` three
stories whose pages carry no text (binary garbage, nested divs, a video).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pipeline.sample.news_desk import WINDOW_LAST, NewsDesk, weighted
from pipeline.sample.news_model import VENDOR_TEXT, Bank, Draft, Story
from pipeline.sample.news_text import (
    PERSON_FIELDS,
    STARTUPS,
    People,
    compose,
    month_day,
    redraw,
    template_fields,
    vendor_fields,
)
from pipeline.sample.plan import WINDOW_START, poisson
from pipeline.sample.texts import load_corpus

_NAMES = load_corpus("news_names")
EXECS: dict[str, tuple[tuple[str, str], ...]] = _NAMES["execs"]  # (name, role) per vendor
FIRMS: tuple[str, ...] = _NAMES["firms"]
INVESTORS: tuple[str, ...] = _NAMES["investors"]
PARTNER_ORGS: tuple[tuple[str, str], ...] = _NAMES["partner_orgs"]  # (name, sector)
SECURITY_FIRMS: tuple[str, ...] = _NAMES["security_firms"]
_BANKS = load_corpus("news_banks")
_DECOYS = load_corpus("news_pages")

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

ANGLES: dict[str, tuple[str, ...]] = {
    "pricing": ("_a_cut", "_a_tier"),
    "partnership": ("_a_org", "_a_cloud"),
    "regulation": ("_a_inquiry", "_a_code", "_a_ftc", "_a_state", "_a_guide"),
    "security": ("_a_inj", "_a_bug", "_a_abuse", "_a_jail", "_a_leak"),
}

BACKGROUND_BANKS: dict[str, Bank] = {kind: _BANKS[kind] for kind in BACKGROUND_KINDS}

# Decoys: "Claude" and "Gemini" outside any AI context (vendors [] and topics []).
CHEF_TITLE: str = _DECOYS["chef"]["title"]
CHEF_SUMMARY: str = _DECOYS["chef"]["summary"]
CHEF_BODY: tuple[str, ...] = (
    f"{CHEF_SUMMARY} {_DECOYS['chef']['lede_tail']}",
    *_DECOYS["chef"]["body"],
)
HOROSCOPE_TITLE: str = _DECOYS["horoscope"]["title"]  # {date}
HOROSCOPE_SUMMARY: str = _DECOYS["horoscope"]["summary"]
HOROSCOPE_BODY: tuple[str, ...] = (
    f"{HOROSCOPE_SUMMARY} {_DECOYS['horoscope']['lede_tail']}",
    *_DECOYS["horoscope"]["body"],
)


def background(desk: NewsDesk) -> None:
    """Ordinary AI news every day of the window."""
    day = WINDOW_START.date()
    while day <= WINDOW_LAST:
        for _ in range(poisson(desk.rng, 0.62)):
            when = desk.when(day)
            last = {k: at for at, k, _, _ in desk.recent}
            kinds = {
                k: w
                for k, w in BACKGROUND_KINDS.items()
                if k not in last or when - last[k] >= timedelta(days=8)
            }
            if kinds:
                kind = str(weighted(desk.rng, dict(kinds)))
            else:  # every kind ran this week: the one that ran longest ago
                kind = min(BACKGROUND_KINDS, key=lambda k: last[k])
            outlet = desk.outlet({"techwire": 45, "aiwatch": 35, "bytebeat": 10, "ledger": 10})
            background_story(desk, kind, outlet, when)
        day += timedelta(days=1)


def background_story(
    desk: NewsDesk,
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
    rng = desk.rng
    # The same news twice in a week reads as one story (and would be one, textually).
    recent = [r[1:] for r in desk.recent if abs(published - r[0]) < timedelta(days=10)]
    if lead is None:
        # A company raises money once in five months; other news may recur after a while.
        funded = {s.planned[0] for s in desk.stories if s.kind == "funding" and s.planned}
        for _ in range(12):
            lead = weighted(rng, LEADS[kind])
            if kind == "funding" and lead in funded:
                continue
            if all((k, v) != (kind, lead) for k, v, _ in recent):
                break
        if kind == "funding" and lead in funded:
            lead = None
        if kind == "funding" and lead is None:
            startups = [
                s
                for s in desk.stories
                if s.kind == "funding"
                and not s.planned
                and abs(published - s.published) < timedelta(days=21)
            ]
            if startups:
                return None  # one startup round every three weeks is plenty
    ctx = desk.base_ctx(published, outlet)
    planned: list[str] = []
    second: tuple[str, ...] = ()
    if lead is None:
        ctx["_novendor"] = ""
    else:
        planned.append(lead)
        ctx["_vendor"] = ""
        ctx.update(vendor_fields(lead, "", rng))
        if VENDOR_TEXT[lead].coder:
            ctx["_coder"] = ""
        ctx["exec1"], ctx["exec1_role"] = rng.choice(EXECS[lead])
        second = _second_vendors(desk, kind, lead, alone)
    for suffix, vendor in zip(("2", "3"), second, strict=False):
        ctx.update(vendor_fields(vendor, suffix, rng))
        ctx[f"_v{suffix}"] = ""
        planned.append(vendor)
    ctx.update(story_numbers(desk, kind, lead))
    angle = _angle(desk, kind, ctx, {a for k, _, a in recent if k == kind})
    ctx.update(angle)
    desk.recent.append((published, kind, lead, next(iter(angle), "")))
    prefer = ("_v3", "_v2") if len(second) == 2 else ("_v2",) if second else ()
    if lead is None:
        prefer = ("_novendor",)
    bank = BACKGROUND_BANKS[kind]
    people = People(rng)
    draft = redraw(
        lambda: compose(desk.writer, bank, kind, ctx, people, prefer, rng.randint(330, 760)),
        page,
    )
    return desk.add(
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


def _angle(desk: NewsDesk, kind: str, ctx: dict[str, str], avoid: set[str]) -> dict[str, str]:
    """Pick what the story is about within its kind (a title of that angle must fit)."""
    known = ctx.keys() | PERSON_FIELDS
    fitting = [
        angle
        for angle in ANGLES.get(kind, ())
        if any(
            angle in template_fields(t) and template_fields(t) <= known | {angle}
            for t in BACKGROUND_BANKS[kind]["title"]
        )
    ]
    if "_v3" in ctx and "_a_code" in fitting:
        fitting = ["_a_code"]
    if "_v2" in ctx and "_a_cloud" in fitting:
        fitting = ["_a_cloud"]
    fresh = [a for a in fitting if a not in avoid] or fitting
    return {desk.rng.choice(fresh): ""} if fresh else {}


def _second_vendors(desk: NewsDesk, kind: str, lead: str, alone: bool) -> tuple[str, ...]:
    rng = desk.rng
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


def story_numbers(desk: NewsDesk, kind: str, lead: str | None) -> dict[str, str]:
    """Figures, names and places a story of `kind` may quote (drawn whether used or not)."""
    rng = desk.rng
    amounts, (low, high) = FUNDING_SCALE.get(lead or "", ((1, 2), (5, 12)))
    amount = rng.choice(amounts)
    fresh = [o for o in PARTNER_ORGS if o[0] not in desk.recent_orgs] or list(PARTNER_ORGS)
    org, sector = rng.choice(fresh)
    if kind == "partnership":
        desk.recent_orgs = [*desk.recent_orgs[-3:], org]
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


def decoys(desk: NewsDesk) -> None:
    """A chef called Claude and a Gemini horoscope: search hits that are not AI news."""
    rng = desk.rng
    chef_at = datetime(2026, 1, 14, 15, rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)
    draft = Draft(CHEF_TITLE, CHEF_SUMMARY, list(CHEF_BODY))
    desk.add("chef", "ledger", chef_at, draft, (), (), section="Food")
    stars_at = datetime(2026, 3, 12, 5, rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)
    title = HOROSCOPE_TITLE.format(date=f"{month_day(stars_at)}, {stars_at.year}")
    draft = Draft(title, HOROSCOPE_SUMMARY, list(HOROSCOPE_BODY))
    desk.add("horoscope", "ledger", stars_at, draft, (), (), section="Horoscopes")


def specials(desk: NewsDesk) -> None:
    """Stories whose page gives no text: binary garbage, ~1 MB of nested divs, a video."""
    background_story(
        desk, "security", "techwire", desk.when(date(2026, 1, 21)), lead="openai", alone=True,
        page="binary",
    )  # fmt: skip
    background_story(
        desk, "release", "aiwatch", desk.when(date(2026, 2, 24)), lead="google", alone=True,
        page="video",
    )  # fmt: skip
    background_story(
        desk, "funding", "aiwatch", desk.when(date(2026, 4, 8)), lead="mistral", alone=True,
        page="nested",
    )  # fmt: skip


__all__ = [
    "BACKGROUND_KINDS",
    "LEADS",
    "PARTNER_ORGS",
    "background",
    "background_story",
    "decoys",
    "specials",
    "story_numbers",
]
