"""Outage-report detection: which social posts report a vendor failing right now.

`is_outage_report` is a documented regex rule set evaluated with polars string expressions (no
per-row Python): a post is a report when at least one POSITIVE rule matches and no VETO rule
matches, and no PAST rule matches unless a PRESENT marker does too. Posts are flagged when they
are scored (`pipeline.enrich.social.score_posts`); the hourly crowd signal built from the flags
is in `pipeline.indicators.crowd`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.core import vendors
from pipeline.enrich.fast_regex import shadow_for


@dataclass(slots=True, frozen=True)
class Rule:
    """One named detection rule: a case-insensitive Rust-regex (polars) pattern and why."""

    name: str
    pattern: str
    doc: str


# What a report is about: a vendor/product alias (pipeline.core.vendors) or a generic service noun.
_SUBJECT = (
    r"(?:" + vendors.ALIAS_PATTERN + r"|\b(?:api|apis|site|website|app|service|servers?|"
    r"endpoints?|it|everything)\b)"
)
_LINK = (
    r"(?:is|are|'s|seems?|looks?|appears?|just|still|currently|totally|completely|fully|"
    r"literally|officially|now|again|went|goes|going|keeps?\s+going|has\s+been|have\s+been|"
    r"has\s+gone|so)"
)
_STATE = (
    r"(?:down|dead|broken|borked|offline|unreachable|unusable|unresponsive|overloaded|"
    r"erroring|timing\s+out|failing|crashing)"
)

POSITIVE_RULES: tuple[Rule, ...] = (
    Rule(
        "subject_state",
        _SUBJECT + r"(?:'s)?\s+(?:" + _LINK + r"\s+){0,3}" + _STATE + r"\b",
        "a vendor or service noun, up to 3 present-tense linkers, then a failure state: "
        "'Claude down again', 'Claude is dead rn', 'the API is overloaded'",
    ),
    Rule(
        "is_subject_state",
        r"\b(?:is|are)\s+(?:the\s+)?" + _SUBJECT + r"(?:\s+\w+)?\s+(?:" + _STATE + r"|working)\b",
        "a question about the current state: 'is Claude down?', 'is ChatGPT working for anyone?'",
    ),
    Rule(
        "down_now",
        r"\bdown\s+(?:again|rn|right\s+now|atm|everywhere|globally|"
        r"for\s+(?:everyone|anyone|anybody|everybody|me|us))\b",
        "'down' followed by a now/again/for-everyone marker",
    ),
    Rule(
        "http_status",
        r"\b(?:getting|got|get|returning|returns|returned|throwing|throws|hitting|seeing|"
        r"receiving|error|errors|status|http|code)\s+(?:an?\s+|constant\s+|random\s+|"
        r"lots\s+of\s+|tons\s+of\s+)?(?:5\d\d|429)s?\b|\b(?:5\d\d|429)s?\s+(?:errors?|status|"
        r"responses?|codes?)\b",
        "a 5xx or 429 status with a receiving verb or an 'error/status' noun: 'getting 529s', "
        "'API returning 500', '503 errors'",
    ),
    Rule(
        "named_error",
        r"\b(?:internal\s+server\s+error|bad\s+gateway|service\s+unavailable|gateway\s+time-?out|"
        r"too\s+many\s+requests|overloaded_error|api_error|overloaded\s+errors?|"
        r"something\s+went\s+wrong|network\s+error|at\s+capacity)\b",
        "error messages vendors show during incidents",
    ),
    Rule(
        "status_overloaded",
        r"\b(?:5\d\d|429)s?\s+(?:overloaded|rate[-\s]?limit(?:ed)?|timeouts?)\b|"
        r"\boverloaded\s+(?:from|on|again|for\s+the\s+last|all\s+(?:day|morning|afternoon))\b",
        "a status code or 'overloaded' with a source or duration: '529 overloaded from Claude "
        "Opus for the last 20 minutes', 'overloaded again'",
    ),
    Rule(
        "no_response",
        r"\b(?:can't|cant|cannot|unable\s+to|not\s+able\s+to)\s+get\s+(?:a|an|any|one|a\s+single)"
        r"\s+(?:\w+\s+)?(?:response|reply|answer|completion|message)\b",
        "'can't get a single response out of Claude Code'",
    ),
    Rule(
        "getting_overloaded",
        r"\b(?:getting|got|seeing|hitting|keeps?\s+(?:getting|saying)|says)\s+(?:\w+\s+){0,2}"
        r"overloaded\b",
        "'keeps saying overloaded', 'getting the overloaded message'",
    ),
    Rule(
        "not_working",
        r"\b(?:not|isn't|isnt|aren't|arent|stopped|still\s+not)\s+(?:currently\s+)?"
        r"(?:working|responding|loading)\b|\b(?:won't|wont|doesn't|does\s+not|will\s+not)\s+"
        r"(?:load|respond|open)\b",
        "'ChatGPT not working', 'stopped responding', 'won't load'",
    ),
    Rule(
        "cannot_access",
        r"\b(?:can't|cant|cannot|can\s+not|unable\s+to|won't\s+let\s+me|not\s+able\s+to)"
        r"\s+(?:even\s+)?(?:log\s*in|login|sign\s*in|log\s+on|access|connect\s+to|reach|load)\b",
        "'can't log in to ChatGPT', 'unable to reach the API'",
    ),
    Rule(
        "rate_limited",
        r"\b(?:i'm|im|i\s+am|getting|got|being|been|get|keep\s+getting|we're|we\s+are)\s+"
        r"(?:\w+\s+)?rate[-\s]?limited\b|\brate[-\s]?limited\s+(?:to\s+death|again|rn|"
        r"right\s+now|constantly|nonstop|every)\b",
        "being rate limited now (not news about rate-limit policy): 'rate limited to death'",
    ),
    Rule(
        "getting_errors",
        r"\b(?:getting|seeing|hitting|throwing|keep\s+getting|keeps\s+giving|constant|"
        r"tons\s+of|lots\s+of|so\s+many)\s+(?:\w+\s+){0,2}(?:errors?|timeouts?|time\s*outs)\b",
        "'anyone else getting errors on Gemini?', 'constant timeouts'",
    ),
    Rule(
        "having_outage",
        r"\b(?:having|experiencing)\s+(?:an?\s+|some\s+)?(?:\w+\s+)?(?:outage|issues|problems|"
        r"difficulties|degraded\s+performance)\b|\b(?:another|major|massive|huge|ongoing|"
        r"global|partial|full)\s+(?:\w+\s+)?outage\b|\boutage\s+(?:again|rn|right\s+now|atm)\b",
        "'OpenAI is having issues', 'another outage', 'outage right now'",
    ),
)

VETO_RULES: tuple[Rule, ...] = (
    Rule(
        "figurative_down",
        r"\bdown\s+(?:bad|to\s+earth|the\s+(?:rabbit\s+hole|line|road|drain)|with\s+(?:it|that|"
        r"this)|to\s+(?:help|try|code|chat|hang|collab))\b|\b(?:feeling|feel|felt|let\s+me|"
        r"calm|sit|slow|shut|shutting|shuts|turned|turn|scaled|scale|dumbed|watered|tone|toned|"
        r"narrow|narrowed|wind|winding|step|stepping|stepped|back|break|breaking|hunt|track|"
        r"write|wrote|jot|boil|boils|put|knock|knocked|upside)\s+down\b|\b(?:i'm|im|i\s+am|"
        r"are\s+you|you\s+guys)\s+down\b",
        "idioms and phrasal verbs: 'down bad', 'shut down the project', 'I'm down for it'",
    ),
    Rule(
        "metric_down",
        r"\b(?:price|prices|pricing|cost|costs|stock|shares|valuation|usage|traffic|quality|"
        r"rates?|numbers|market\s+share|subscribers|users|hype)\s+(?:\w+\s+){0,2}(?:went|go|goes|"
        r"going|has\s+gone|came|come|is|are|was)\s+down\b|\bdown\s+\d+(?:\.\d+)?\s*%",
        "a quantity going down: 'price went down', 'stock down 5%'",
    ),
    Rule(
        "hypothetical",
        r"\b(?:if|whenever|in\s+case|what\s+if|what\s+happens\s+when|imagine|when|until)\s+"
        r"(?:\w+\s+){0,3}(?:goes|go|is|are|gets|went)\s+(?:down|offline)\b",
        "conditionals and generalities: 'what happens when Claude goes down'",
    ),
    Rule(
        "migration",
        r"\b(?:switch(?:ed|ing)?|mov(?:ed|ing)|migrat(?:ed|ing|e)|cancel+(?:ed|ing)?|"
        r"unsubscrib(?:ed|ing|e)|ditch(?:ed|ing)?|jump(?:ed|ing)\s+ship)\s+(?:\w+\s+){0,2}"
        r"(?:to|from|over|subscription)\b",
        "posts about switching vendors (counted in migrations, not as outage reports)",
    ),
    Rule(
        "review",
        r"\b(?:review|reviewed|rating|rated|verdict|pros\s+and\s+cons|benchmarks?|comparison|"
        r"compared|vs)\b|\b\d+(?:\.\d+)?\s*/\s*10\b|\b\d\s+stars?\b",
        "reviews and comparisons",
    ),
    Rule(
        "joke",
        r"\b(?:dead\s+to\s+me|long\s+live|dead\s+(?:meme|joke|horse)|downvotes?|shutdown)\b",
        "jokes and opinions about the words: 'ChatGPT is dead to me', 'X is dead, long live Y'",
    ),
)

PAST_RULES: tuple[Rule, ...] = (
    Rule(
        "past_time",
        r"\b(?:last\s+(?:week|month|year|night|time|weekend|monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday)|yesterday|(?:days|weeks|months|years)\s+ago|back\s+in|"
        r"remember\s+when|the\s+other\s+day|earlier\s+this\s+(?:week|month|year)|"
        r"post-?mortem|root\s+cause|what\s+happened)\b",
        "the post is about an earlier outage",
    ),
    Rule(
        "habitual",
        r"\b(?:always|constantly|every\s+(?:week|day|time|other\s+day|month)|so\s+often|"
        r"all\s+the\s+time|(?:is|are|was)\s+down\s+(?:a\s+lot|so\s+much|more\s+than))\b",
        "a general complaint about reliability, not a report of now",
    ),
)

PRESENT_RULE = Rule(
    "present",
    r"\b(?:rn|right\s+now|atm|at\s+the\s+moment|currently|again|still|anyone\s+else|"
    r"for\s+anyone|is\s+it\s+just\s+me)\b",
    "marks a post as about now even if it also mentions the past",
)


TRIGGER_PATTERN: str = (
    r"(?i)down|dead|broken|borked|offline|unreachable|unusable|unresponsive|overload|failing"
    r"|crashing|timing|time\s*out|working|respond|response|reply|answer|completion|message"
    r"|load|\bopen\b|log|sign|access|connect|reach|limited|error|internal|gateway|unavailable"
    r"|requests|wrong|capacity|having|experiencing|outage|5\d\d|429"
)
"""Cheap prefilter: a word that every POSITIVE rule needs (the failure states of
`subject_state`, "working", "respond"/"load"/"open" of `not_working`, "log"/"sign"/"access"/
"reach" of `cannot_access`, "limited", "error", "time out", a 5xx/429 status, the words of
`named_error`, "response"/"answer"/... of `no_response`, "having"/"outage" of `having_outage`).
A text without any of them matches no POSITIVE rule, so it is not a report; `is_outage_report`
and `flag_outage_reports` evaluate the full rule set only on texts that pass (a few percent of
social chatter does not). Keep it in sync when a POSITIVE rule gains a new required word
(tests/enrich/test_outage_reports.py checks it on the rule examples)."""


SHADOW_PATTERNS: tuple[str, ...] = (
    *("(?i)" + r.pattern for r in (*POSITIVE_RULES, *VETO_RULES, *PAST_RULES, PRESENT_RULE)),
    TRIGGER_PATTERN,
)
"""Every pattern matched on the texts: `fast_regex.Shadow` keeps their matches."""
SHADOW = shadow_for(SHADOW_PATTERNS)
"""The ASCII shadow of the texts the rules run on (`pipeline.enrich.fast_regex`)."""
UNDERSCORE_GUARD = r"(?i)(?:overloaded|api)[^\x00-\x7f]error"
"""Texts the shadow would change for `named_error`, which names "_" ("api_error") while the
shadow writes "_" for any non-ASCII letter ("apiéerror"): they are matched unshadowed."""


def matches_any(text: pl.Expr, rules: Sequence[Rule]) -> pl.Expr:
    """True where any of `rules` matches `text` (case-insensitive)."""
    return pl.any_horizontal([text.str.contains("(?i)" + r.pattern) for r in rules])


def outage_report_expr(text: pl.Expr, *, ascii_shadow: bool = True) -> pl.Expr:
    """The detection rule set as one boolean polars expression over a text expression.

    True when a POSITIVE rule matches, no VETO rule matches, and no PAST rule matches unless
    the PRESENT rule does; NULL text is False. Curly apostrophes count as "'". The rules run on
    an ASCII shadow of the text (same matches, much faster on non-ASCII text; see
    `pipeline.enrich.fast_regex`); `ascii_shadow=False` runs them on the text itself.
    """
    return _rules(_rule_text(text, ascii_shadow))


APOSTROPHES = "[\u2018\u2019\u02bc]"
"""Typographic apostrophes (phones type them): they count as "'", so rules spell only "can't"."""


def _rule_text(text: pl.Expr, ascii_shadow: bool) -> pl.Expr:
    text = text.str.replace_all(APOSTROPHES, "'")
    if not ascii_shadow:
        return text
    return pl.when(text.str.contains(UNDERSCORE_GUARD)).then(text).otherwise(SHADOW.expr(text))


def _rules(text: pl.Expr) -> pl.Expr:
    positive = matches_any(text, POSITIVE_RULES)
    veto = matches_any(text, VETO_RULES)
    past = matches_any(text, PAST_RULES) & ~text.str.contains("(?i)" + PRESENT_RULE.pattern)
    return (positive & ~veto & ~past).fill_null(False)


def _flag(texts: pl.Series, ascii_shadow: bool = True) -> pl.Series:
    """`outage_report_expr` over `texts`, evaluated only on rows matching `TRIGGER_PATTERN`.

    The text the rules read is computed once, as a series (inside one expression it would be
    computed again for each of the 22 rules), and shadowed only where it is not ASCII."""
    texts = texts.cast(pl.String)
    seen = SHADOW.series(texts) if ascii_shadow else texts
    rows = seen.str.contains(TRIGGER_PATTERN).fill_null(False).arg_true()
    text = texts.gather(rows).str.replace_all(APOSTROPHES, "'")
    if ascii_shadow:
        guarded = text.str.contains(UNDERSCORE_GUARD)
        text = pl.select(pl.when(guarded).then(text).otherwise(SHADOW.series(text))).to_series()
    hits = pl.DataFrame({"text": text}).select(_rules(pl.col("text"))).to_series()
    return pl.Series(np.zeros(texts.len(), dtype=bool)).scatter(rows.filter(hits), True)


def is_outage_report(texts: pl.Series, *, ascii_shadow: bool = True) -> pl.Series:
    """Flag posts that report the service failing right now (see module docstring).

    `ascii_shadow` as in `outage_report_expr` (False: the slower path, for benchmarks and tests).
    """
    return _flag(texts, ascii_shadow).alias(texts.name or "is_outage_report")


def flag_outage_reports(posts: pl.DataFrame) -> pl.DataFrame:
    """Add (or replace) the boolean column `is_outage_report` computed from `text`."""
    return posts.with_columns(_flag(posts["text"]).alias("is_outage_report"))
