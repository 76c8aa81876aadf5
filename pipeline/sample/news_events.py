"""News coverage of the sample's planted events: outages, the March crisis, users switching.

`vendor_outages` covers serious incidents before the crisis and at Anthropic's competitors (the
full ChatGPT outage of 3 February is big news); `crisis` follows Anthropic's incidents day by
day from 3 March 2026, with long critical outages as anchors that other outlets rewrite;
`migrations` plans ChatGPT users trying Claude (February to early March), then Claude users
leaving for ChatGPT or Gemini while the outages pile up. Each story says only what the status
history knew when it was published.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pipeline.sample.news_background import story_numbers
from pipeline.sample.news_desk import NewsDesk, incident_minutes
from pipeline.sample.news_model import VENDOR_TEXT, Bank, NewsPlanError, Story
from pipeline.sample.news_text import (
    People,
    clock_time,
    compose,
    duration_words,
    month_day,
    ordinal,
    redraw,
    role_fields,
    vendor_fields,
    vendors_in,
)
from pipeline.sample.plan import CRISIS_START, WINDOW_END, PlannedIncident
from pipeline.sample.texts import load_corpus

_BANKS = load_corpus("news_banks")
OUTAGE: Bank = _BANKS["outage"]  # one status incident
MIGRATION_AWAY: Bank = _BANKS["migration_away"]  # from Anthropic (f*) to OpenAI / Google (t*)
MIGRATION_TOWARD: Bank = _BANKS["migration_toward"]  # from OpenAI (f*) to Anthropic (t*)


def outage_story(
    desk: NewsDesk,
    focus: PlannedIncident,
    published: datetime,
    outlet: str,
    rivals: tuple[str, ...],
) -> Story:
    """A story about one status incident, with what was known at `published`."""
    rng = desk.rng
    vendor = focus.vendor
    ctx = desk.base_ctx(published, outlet)
    ctx.update(vendor_fields(vendor, "", rng))
    ctx["inc_title"] = focus.title
    ctx["first_body"] = focus.updates[0].body
    ctx["t_start"] = clock_time(focus.started_at)
    if vendor == "google":
        ctx["components"] = f"{focus.components[0]} in {focus.components[1]}"
    else:
        ctx["components"] = " and ".join(focus.components)
    for status, key in (("identified", "ident"), ("monitoring", "monitor")):
        update = next((u for u in focus.updates if u.status == status), None)
        if update is not None and update.at <= published:
            ctx[f"_{key}"] = ""
            ctx[f"t_{key}"] = clock_time(update.at)
    if focus.resolved_at is not None and focus.resolved_at <= published:
        long, short, adj = duration_words(incident_minutes(focus))
        ctx.update(_resolved="", t_end=clock_time(focus.resolved_at), dur=long)
        ctx.update(dur_short=short, dur_adj=adj)
    else:
        ctx["_ongoing"] = ""
    if 13 <= focus.started_at.hour <= 21:
        ctx["_us_hours"] = ""
    if vendor == "anthropic" and focus.started_at.date() >= CRISIS_START:
        since = [
            i
            for i in desk.history
            if i.vendor == "anthropic" and i.started_at.date() >= CRISIS_START
        ]
        rank = since.index(focus) + 1
        if rank >= 3:
            ctx["_crisis"] = ""
            if rank <= 30:  # "the 162nd outage" reads like a joke, not a headline
                ctx["nth"] = ordinal(rank)
            ctx["count"] = str(sum(1 for i in since if i.started_at <= published))
            ctx["since_phrase"] = "this month" if published.month == 3 else "since early March"
        previous = [
            i
            for i in since
            if i.impact == "critical"
            and incident_minutes(i) >= 180
            and i.resolved_at is not None
            and i.started_at.date() < focus.started_at.date()
        ]
        if previous:
            ctx["_prev"] = ""
            ctx["prev_dur"] = duration_words(incident_minutes(previous[-1]))[2]
            ctx["prev_date"] = month_day(previous[-1].started_at)
    for suffix, rival in zip(("2", "3"), rivals, strict=False):
        ctx.update(vendor_fields(rival, suffix, rng))
        ctx[f"_v{suffix}"] = ""
    prefer = ("_v3", "_v2") if len(rivals) == 2 else ("_v2",) if rivals else ()
    people = People(rng)
    draft = redraw(
        lambda: compose(desk.writer, OUTAGE, "outage", ctx, people, prefer, rng.randint(360, 820))
    )
    return desk.add(
        "outage", outlet, published, draft, ("outage",), (vendor, *rivals), bank=OUTAGE, ctx=ctx
    )


def vendor_outages(desk: NewsDesk) -> None:
    """Coverage of serious incidents before the crisis and at Anthropic's competitors."""
    for item in desk.history:
        if item.vendor == "anthropic" and item.started_at.date() >= CRISIS_START:
            continue
        if item.impact == "critical":
            count = 1 + (desk.rng.random() < 0.6)
        elif item.impact == "major" and item.vendor in VENDOR_TEXT:
            count = 1 if desk.rng.random() < 0.12 else 0
        else:
            count = 0
        if item.vendor == "openai" and item.impact == "critical":
            count = 3  # the full ChatGPT outage is big news
        outlets = ["techwire", "aiwatch", "bytebeat", "ledger"]
        desk.rng.shuffle(outlets)
        for k in range(count):
            published = item.started_at + timedelta(
                minutes=desk.rng.randint(30, 200) + 45 * k, seconds=desk.rng.randint(0, 59)
            )
            if published >= WINDOW_END - timedelta(minutes=20):
                continue
            outage_story(desk, item, published, outlets[k], ())


def crisis(desk: NewsDesk) -> None:
    """From 3 March: coverage follows Anthropic's incidents day by day."""
    rng = desk.rng
    since = [
        i for i in desk.history if i.vendor == "anthropic" and i.started_at.date() >= CRISIS_START
    ]
    by_day: dict[date, list[PlannedIncident]] = {}
    for item in since:
        by_day.setdefault(item.started_at.date(), []).append(item)
    weight = {"none": 0.0, "minor": 0.3, "major": 0.9, "critical": 1.6}
    for day, items in sorted(by_day.items()):
        score = sum(weight[i.impact] for i in items)
        count = min(4, int(score + rng.random()))
        long_critical = any(i.impact == "critical" and incident_minutes(i) >= 180 for i in items)
        if long_critical:
            count = max(count, 4)
        if day == CRISIS_START:
            count = max(count, 2)
        outlets = _spread(desk, ["techwire", "aiwatch", "bytebeat", "ledger"], count)
        worst = sorted(items, key=lambda i: (-weight[i.impact], -incident_minutes(i), i.started_at))
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
            story = outage_story(desk, focus, published, outlets[k], rivals)
            if long_critical and k == 0:
                story.kind = "anchor"


def _spread(desk: NewsDesk, outlets: list[str], count: int) -> list[str]:
    order = outlets[:]
    desk.rng.shuffle(order)
    weights = {"techwire": 0.38, "aiwatch": 0.34, "bytebeat": 0.16, "ledger": 0.12}
    order.sort(key=lambda o: -weights[o] * (0.5 + desk.rng.random()))
    return [order[k % len(order)] for k in range(count)]


def migration_story(
    desk: NewsDesk,
    bank: Bank,
    recipe: str,
    published: datetime,
    outlet: str,
    source: str,
    targets: tuple[str, ...],
    extra: dict[str, str],
    topics: tuple[str, ...],
) -> Story:
    """A story of users leaving `source` for `targets`, written from a migration bank."""
    rng = desk.rng
    ctx = desk.base_ctx(published, outlet)
    ctx.update(role_fields(source, "f"))
    ctx.update(role_fields(targets[0], "t"))
    if len(targets) > 1:
        text = VENDOR_TEXT[targets[1]]
        ctx.update(tco2=text.company, tprod2=text.product, tapp2=text.app, _t2="")
    ctx.update(story_numbers(desk, "migration", None))
    ctx.update(extra)
    prefer = ("_t2",) if len(targets) > 1 else ("_outage",) if "_outage" in extra else ()
    people = People(rng)
    draft = redraw(
        lambda: compose(desk.writer, bank, recipe, ctx, people, prefer, rng.randint(380, 800))
    )
    planned = vendors_in(draft.title, "\n\n".join(draft.paragraphs))
    if sorted(planned) != sorted((source, *targets)):
        raise NewsPlanError(f"migration story names {planned}: {draft.title}")
    return desk.add(recipe, outlet, published, draft, topics, planned, bank=bank, ctx=ctx)


def migrations(desk: NewsDesk) -> None:
    """ChatGPT users trying Claude (Feb - early March), then Claude users leaving (March on)."""
    rng = desk.rng
    chatgpt_down = next(
        (i for i in desk.history if i.vendor == "openai" and i.impact == "critical"), None
    )
    weights = {"techwire": 4, "aiwatch": 4, "bytebeat": 3, "ledger": 2}
    if chatgpt_down is not None:
        for offset in (1, 3):
            day = chatgpt_down.started_at.date() + timedelta(days=offset)
            extra = {"_outage": "", "out_weekday": f"{chatgpt_down.started_at:%A}"}
            migration_story(
                desk,
                MIGRATION_TOWARD,
                "toward",
                desk.when(day),
                desk.outlet(weights),
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
            migration_story(
                desk,
                MIGRATION_TOWARD,
                "toward",
                desk.when(day),
                desk.outlet(weights),
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
            migration_story(
                desk,
                MIGRATION_AWAY,
                "away",
                desk.when(day),
                desk.outlet(weights),
                "anthropic",
                targets,
                {},
                ("migration", "outage"),
            )
        day += timedelta(days=1)


__all__ = ["crisis", "migration_story", "migrations", "outage_story", "vendor_outages"]
