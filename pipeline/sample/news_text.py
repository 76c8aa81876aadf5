"""How the sample's news stories are written and checked: templates, invented people, topic words.

`compose` writes one story from a bank of templates (corpus/news_banks.yaml): headline, lede,
then body sections following the kind's recipe (`RECIPES`), padded with industry context to a
plausible length. `Writer` prefers the least used templates so stories of one kind differ;
`People` invents the people quoted. Stories are then checked against what the pipeline reads:
`vendors_in` (vendor slugs by first mention), `salience_order` and `topics_in` (the marker
words of each topic, `TOPIC_MARKERS`).
"""

from __future__ import annotations

import random
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from pipeline.core import vendors as vendor_table
from pipeline.sample.news_model import MAX_WORDS, MIN_WORDS, VENDOR_TEXT, Bank, Draft
from pipeline.sample.texts import load_corpus

_NAMES = load_corpus("news_names")
FIRST_NAMES: tuple[str, ...] = _NAMES["first_names"]
LAST_NAMES: tuple[str, ...] = _NAMES["last_names"]
STARTUPS: tuple[str, ...] = _NAMES["startups"]
CITIES: tuple[str, ...] = _NAMES["cities"]
DEV_ROLES: tuple[str, ...] = _NAMES["dev_roles"]  # {startup}, {city}
EXPERT_ROLES: tuple[str, ...] = _NAMES["expert_roles"]
# Padding for background stories: industry context with no topic markers and no vendor names.
INDUSTRY: tuple[str, ...] = load_corpus("news_banks")["industry"]

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


_FORMATTER = string.Formatter()
_VARIANT = re.compile(r"\[([^\[\]]+)\]")
PERSON_FIELDS = frozenset({"who", "role", "who_last", "expert", "expert_role"})
_FIELDS: dict[str, frozenset[str]] = {}


def template_fields(template: str) -> frozenset[str]:
    """Names of the format fields of a template (cached)."""
    if template not in _FIELDS:
        _FIELDS[template] = frozenset(n for _, n, _, _ in _FORMATTER.parse(template) if n)
    return _FIELDS[template]


def word_count(text: str) -> int:
    """Words of `text` (split on whitespace)."""
    return len(text.split())


def ordinal(n: int) -> str:
    """'first' .. 'eighth', then '9th', '21st'..."""
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
    if n <= len(words):
        return words[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def duration_words(minutes: int) -> tuple[str, str, str]:
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


class People:
    """Invented people quoted in one story; every sentence that quotes someone gets a new one."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def person(self) -> tuple[str, str]:
        """A name not yet used in the story: (full name, last name)."""
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if f"{first} {last}" not in self.seen:
                self.seen.add(f"{first} {last}")
                return f"{first} {last}", last

    def role(self, roles: Sequence[str]) -> str:
        """One of `roles`, its {startup} and {city} filled."""
        return self.rng.choice(roles).format(
            startup=self.rng.choice(STARTUPS), city=self.rng.choice(CITIES)
        )


class Writer:
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
        """Up to `n` eligible templates not in `taken`, least used first (a `prefer` flag first).

        A template is eligible when `ctx` knows every field it names; chosen ones join `taken`.
        """
        known = ctx.keys() | PERSON_FIELDS
        pool = [t for t in templates if t not in taken and template_fields(t) <= known]
        chosen: list[str] = []
        for flag in prefer:
            flagged = [t for t in pool if flag in template_fields(t)]
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

    def fill(self, template: str, ctx: dict[str, str], people: People) -> str:
        """Pick the '[a|b]' alternatives and fill the fields (fresh people where named)."""
        text = _VARIANT.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        values = dict(ctx)
        names = template_fields(template)
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
        people: People,
        n: int,
        taken: set[str],
        prefer: Sequence[str] = (),
    ) -> str:
        """`pick` then `fill` `n` templates, joined into one paragraph."""
        chosen = self.pick(templates, ctx, n, taken, prefer)
        return " ".join(self.fill(t, ctx, people) for t in chosen)


def compose(
    writer: Writer,
    bank: Bank,
    recipe: str,
    ctx: dict[str, str],
    people: People,
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
        if word_count(" ".join(paragraphs)) >= target:
            break
        text = writer.paragraph(bank.get(section, ()), ctx, people, n, taken)
        if text:
            paragraphs.append(text)
    floor = MIN_WORDS + rng.randint(10, 60)
    while word_count(" ".join(paragraphs)) < floor:
        text = writer.paragraph(INDUSTRY, ctx, people, 2, taken)
        if not text:
            break
        paragraphs.insert(len(paragraphs) - 1 if len(paragraphs) > 2 else len(paragraphs), text)
    while word_count(" ".join(paragraphs)) > MAX_WORDS and len(paragraphs) > 2:
        paragraphs.pop(-2)
    return Draft(title, summary, paragraphs)


def clock_time(at: datetime) -> str:
    """'14:05 UTC'."""
    return f"{at:%H:%M} UTC"


def month_day(at: datetime | date) -> str:
    """'March 3'."""
    return f"{at:%B} {at.day}"


def vendor_fields(vendor: str, suffix: str, rng: random.Random) -> dict[str, str]:
    """Fields naming `vendor`: co/prod/app/api (+coder, +a drawn model), each + `suffix`."""
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


def role_fields(vendor: str, prefix: str) -> dict[str, str]:
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


def redraw(make: Callable[[], Draft], page: str = "article", attempts: int = 15) -> Draft:
    """Draft again (with fresh random choices) until the vendor order is unambiguous."""
    draft = make()
    for _ in range(attempts):
        if _clear(draft, page):
            break
        draft = make()
    return draft


def typeset(draft: Draft) -> Draft:
    """The draft with typographic quotes."""
    return Draft(_smart(draft.title), _smart(draft.summary), [_smart(p) for p in draft.paragraphs])


def _smart(text: str) -> str:
    """Typographic quotes, as newspaper and newsletter CMSes print them."""
    text = re.sub(r"(^|[\s(])\"", "\\1\N{LEFT DOUBLE QUOTATION MARK}", text)
    text = text.replace('"', "\N{RIGHT DOUBLE QUOTATION MARK}")
    text = re.sub(r"(^|[\s(])'", "\\1\N{LEFT SINGLE QUOTATION MARK}", text)
    return text.replace("'", "\N{RIGHT SINGLE QUOTATION MARK}")


__all__ = [
    "PERSON_FIELDS",
    "RECIPES",
    "TOPIC_MARKERS",
    "People",
    "Writer",
    "clock_time",
    "compose",
    "duration_words",
    "month_day",
    "ordinal",
    "redraw",
    "role_fields",
    "salience_order",
    "template_fields",
    "topics_in",
    "typeset",
    "vendor_fields",
    "vendors_in",
    "word_count",
]
