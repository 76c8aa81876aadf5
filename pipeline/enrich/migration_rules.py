"""The migration rule engine: "ditched ChatGPT for Claude" -> (openai, anthropic) by templates.

Hand-written templates and guards, precise on the phrasings they know. The pipeline's migration
detector (`pipeline.enrich.migration`) is a learned model that takes this engine's verdict as
features (`rule_evidence`: the best match, its template family, the guards that blocked other
matches), beside word n-grams; `extract_rule_migrations` runs the engine alone (the baseline
of benchmarks/eval_migration.py).

`extract_rule_migrations(texts)` returns one row per post that reports a switch, with the vendor
left (``from_vendor``, may be null) and the vendor adopted (``to_vendor``, never null), and a
confidence in [0, 1]. Posts without a migration are not in the result (``row`` indexes `texts`).

How it works
------------
1. Prefilter (polars, all rows at once): a post is a candidate only when it has a vendor alias
   (`vendors.ALIAS_PATTERN`) and a switch cue (`CUE_PATTERN`: switch/move/migrate/ditch/drop/
   cancel/left/quit/replace/swap/jump ship/bye/back to/instead of/ported/renew/now using/arrows
   ...) within `CUE_WINDOW` characters of it ("off" only as a word before whitespace, not in
   "off-by-one"). On social volume
   only a few percent of posts pass; only they go through the per-post rule engine below.
2. Vendor mentions: every alias match becomes a placeholder ``⟦i⟧`` carrying its vendor
   (`vendors.vendor_of_alias`). The ambiguity guard of `vendors.match_vendors` applies, with
   one extension: an ambiguous alias ("Claude", "Gemini", "Grok", "Le Chat", "o3") counts when
   the post has an unambiguous alias, an AI context word (`vendors.CONTEXT_PATTERN`) or one of
   the subscription/coding words of `EXTRA_CONTEXT_PATTERN` ("Pro", "Plus", "subscription",
   "code", "self-hosted"), OR when the switch fills both roles with aliases ("Left Gemini for
   Grok": two product names in one switch template are context enough). A lone ambiguous
   destination without context ("Finally switched to Gemini") is dropped.
   Products that are not vendors in the alias table (Cursor, Postgres, Kubernetes, Berlin) never
   fill a slot, so "switched from Copilot to Cursor" and "moved to Berlin" yield nothing.
3. Templates (`TEMPLATES`) assign roles over the placeholder text; gaps between slots stay inside
   one sentence and never cross another vendor mention:

   ====================  ========================================================  ======
   family                example                                                   conf.
   ====================  ========================================================  ======
   from_to               switched/moved/migrated/ported (...) from X to Y          0.95
   to_from               jumped ship to Y from X; moved back to Y from X           0.90
   off_to                moved off (of) X to Y; migrating away from X to Y         0.90
   x_for_y               ditched/dropped/left/quit/cancelled/swapped X for Y       0.90
   replaced              replaced/swapped (out) X with/by Y                        0.90
   y_replaced_x          Y (has) replaced X (for me)                               0.85
   bye_hello             bye/goodbye/farewell/RIP/adios X ... hello/welcome/hola Y  0.85
   arrow                 X -> Y, X → Y, X => Y, X ➡️ Y (first and last of a chain)  0.85
   ex_now                ex-X user, now on Y                                       0.80
   bye_on                bye/goodbye/so long X(.) I'm on/using Y now (needs now)   0.80
   after_now             after two years on/with X (I'm) now using/on Y            0.80
   instead_of            Y (now) instead of X   (needs now/these days/switched, or   0.80
                         an action verb: rewired/pointed/routed ... to call Y)
   taken_over            Y (has) taken/took over from X (needs me/my/we/our)       0.85
   left_all_in           left X (behind)(,/and) (went) all in on Y                 0.80
   leave_adopt           cancelled/stopped paying for/uninstalled X ... Y is my     0.80
                         daily driver/main/default/go-to now; X (sub) cancelled/gone
   adopt_leave           the same clauses in the other order ("Y is my daily
                         driver now, X subscription cancelled"; "X is gone from my
                         toolbar, Y took its place"); "Y for everything" (not
                         "everything else") adopts too: "New setup: Y for
                         everything, X is gone from my dock"
   two_clause            cancelled/uninstalled/done with X ... Y from now on /      0.75
                         signed up for Y / Y it is / went with Y
   came_from             came from X (Y = the vendor the author is "on")          0.75
   bare_from_to          from X to Y with a switch word elsewhere in the sentence  0.80
   back_to               going/went/switched back to Y; returned to Y               0.85*
   to_only               switched/moved/migrated (...) to Y                         0.85*
   ====================  ========================================================  ======

   \\* ``back_to`` (also "back on Y" at a sentence start, "I'm back on Y") and ``to_only`` look
   for the vendor left in the same sentence ("from X", "off X", "after (a month on) X", "after
   X's outage") or in a leaving phrase anywhere in the post ("cancelled X", "quit paying for X",
   "instead of X", "not renewing X", "been an X person/fan/user", "X keeps/kept <failing>",
   "X has been (too) unreliable/flaky/broken/down again"). When none is found the row is still
   emitted with ``from_vendor`` null and confidence 0.5 ("finally switched to Claude Pro"): the
   destination is clear, the origin is not. Posts that only leave ("cancelled ChatGPT") are not
   emitted.
4. Guards drop a template match (checked on its sentence: ``pre`` = sentence text before the
   match, ``post`` = after it):

   - question: the sentence ends with "?" unless the author reports it ("I switched ..., anyone
     else?");
   - hypothetical: should/would/could/might/maybe/thinking/considering/planning/gonna/will/'ll/
     want/tempted/about to/time to/need to/worth/how/why/"one more (outage)" in the clause
     before the match (after the last , ; : or "but", so "not sure why but I switched" counts),
     and if/unless/whether/once/when/should/would/guide/how to anywhere before it in the sentence;
   - negation: not/never/no way/won't/didn't/haven't/refuse/couldn't ... in the last 6 words
     of that clause ("not switching", "I won't leave X", "never moving to Y");
   - cancelled plan: "was going to / were about to / almost / nearly / came close / planned /
     tried to" before, or "but ... stayed/stuck/decided/changed my mind", "so I stayed",
     "stuck with", "ended up keeping" after;
   - hearsay: a third-person subject (he/she/they/my friend/my boss/everyone/people/users/devs/
     companies/apparently/reportedly/heard/says/claiming ...) in the last 6 words before the
     match with no first-person subject after it (also collective crowds: "half my timeline",
     "my coworkers", "my feed"; "my (whole) team" when followed by they/them or "I'm still on"
     and no we/our in the sentence); "according to / says / per the / survey"
     after it; a vendor as the subject of the verb ("Microsoft is switching Copilot to ...");
   - multi-use / temporary: between/both/sometimes/occasionally before; depending/whenever/
     back and forth/for the afternoon/for now/mid-conversation/"when X is down" around it;
   - quoted: the match sits inside quotes ("the 'bye ChatGPT hello Claude' posts").

   Same-vendor moves ("GPT-4o to o3", "Sonnet to Opus") are dropped: from_vendor == to_vendor.
   "OpenAI API to Azure OpenAI" is openai -> microsoft by the alias table (the bill moves).
   Comparisons ("X is better than Y", "X > Y", "X vs Y") match no template.
5. Of the surviving matches the highest confidence wins (earliest on ties): one row per post.

Cloud moves between vendors of the table ("moved from Azure to AWS") are reported as
microsoft -> amazon: the alias table, not this module, decides what a vendor is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from pipeline.core import vendors

SCHEMA: dict[str, pl.DataType] = {
    "row": pl.UInt32(),
    "from_vendor": pl.String(),
    "to_vendor": pl.String(),
    "confidence": pl.Float64(),
}

CUE_PATTERN: str = (
    r"(?i)\b(?:switch\w*|swap\w*|mov(?:e|ed|es|ing)|migrat\w*|transition\w*|ditch\w*|drop\w*"
    r"|dump\w*|cancel\w*|left|leav\w*|quit\w*|replac\w*|jump\w*|bye|goodbye|farewell|so long"
    r"|adios|rip|back|instead|from now on|uninstall\w*|unsubscrib\w*|deleted|trad(?:e|ed|ing)"
    r"|abandon\w*|came|ex|done with|return\w*|kick\w*|went|signed|subscribed|gave up"
    r"|no longer|taken over|took over|took its|gone|stopped|daily driver|default|go-?to|all in"
    r"|port(?:ed|ing)|renew\w*|now (?:using|on))\b"
    r"|\boff\s|->|→|=>|➡"
)
"""Switch cues of the prefilter; a superset of the template verbs (cheap, recall-oriented).

"off" counts only before whitespace, as in the ``off_to`` template ("moved off X"): the
hyphenated "off-by-one" / "off-the-shelf" of coding chatter is not a cue."""

CUE_WINDOW = 200
"""Max characters between a cue and a vendor alias (either order) for a post to be a candidate.

Every template puts its verb within a few dozen characters of a vendor mention (the widest,
``from_to``, allows 60 + "from" + determiners); the window is generous so that a
``bare_from_to`` switch word earlier in a long sentence still passes."""

_NEAR_PATTERN: str = (
    rf"(?s)(?:{CUE_PATTERN}).{{0,{CUE_WINDOW}}}?(?:{vendors.ALIAS_PATTERN})"
    rf"|(?:{vendors.ALIAS_PATTERN}).{{0,{CUE_WINDOW}}}?(?:{CUE_PATTERN})"
)

EXTRA_CONTEXT_PATTERN: str = (
    r"\b(?:Pro|Plus|Max|Advanced)\b|(?i:\b(?:subscription|sub|coding|code|codebase|app|agents?"
    r"|evals?|usage limits|context window|self-?hosted|locally|GPUs?|open-?weights?)\b)"
)
"""Migration-specific AI context, added to `vendors.CONTEXT_PATTERN` for ambiguous aliases."""

CONF_FROM_UNKNOWN = 0.5

_ALIAS_RE = re.compile(vendors.ALIAS_PATTERN)
_CONTEXT_RE = re.compile(vendors.CONTEXT_PATTERN)
_EXTRA_CONTEXT_RE = re.compile(EXTRA_CONTEXT_PATTERN)
_AMBIGUOUS = frozenset(a.casefold() for a in vendors.AMBIGUOUS_ALIASES)


def _v(name: str) -> str:
    return rf"⟦(?P<{name}>\d+)⟧"


def _gap(n: int) -> str:
    """Up to n characters inside one sentence, never over another vendor mention."""
    return rf"(?:[^.!?;\n⟦⟧]|\.(?=\S)){{0,{n}}}?"


_DET = r"(?:(?:my|our|the|a|an|their|all|of|this|that|using|paying\s+for)\s+)*"
_PRE = (
    r"(?:(?:the|a|an|our|my|self-?hosted|local(?:ly)?|on-?prem(?:ise)?|open[- ]source"
    r"|open[- ]weights?|own|fine-?tuned|hosted|running|using|use)\s+)*"
)
_SW = (
    r"(?:switch(?:ed|ing|es)?|switchd|mov(?:e|ed|ing)|migrat(?:e|ed|ing)|transition(?:ed|ing)?"
    r"|jump(?:ed|ing)?\s+ship|made\s+the\s+(?:switch|jump|move)|went|go(?:ing|ne)?"
    r"|port(?:ed|ing)|convert(?:ed|ing)|shift(?:ed|ing)|changed)"
)
_LEAVE = (
    r"(?:ditch(?:ed|ing)?|drop(?:ped|ping)?|dump(?:ed|ing)?|left|leav(?:e|ing)|quit(?:ting)?"
    r"|abandon(?:ed|ing)?|cancel(?:l?ed|l?ing)?|trad(?:e|ed|ing)|swap(?:ped|ping)?(?:\s+out)?"
    r"|switch(?:ed|ing)?|kick(?:ed|ing)?|replac(?:e|ed|ing))"
)
_BYE = r"(?:bye(?:\s+bye)?|goodbye|good\s+bye|farewell|so\s+long|adios|rip|see\s+ya)"
_HELLO = r"(?:hello|hi|hey|welcome|hola|say\s+hi\s+to)"
_TO = r"(?<!thanks\s)(?<!due\s)(?:over\s+|back\s+)?(?:to|onto)\s+"


@dataclass(slots=True, frozen=True)
class Template:
    """One role-assigning pattern: groups ``f`` (vendor left) and ``t`` (vendor adopted)."""

    family: str
    regex: re.Pattern[str]
    confidence: float
    needs: re.Pattern[str] | None = None  # must also match the match's sentence
    subject_guard: bool = True  # drop when a vendor is the verb's subject


def _t(family: str, pattern: str, conf: float, needs: str | None = None, subj: bool = True):
    return Template(
        family,
        re.compile(pattern, re.IGNORECASE),
        conf,
        re.compile(needs, re.IGNORECASE) if needs else None,
        subj,
    )


_NOW = (
    r"\b(?:now|these\s+days|nowadays|anymore|from\s+now\s+on|switched|moved|lately"
    r"|rewir(?:ed|ing)|(?:re-?)?point(?:ed|ing)|chang(?:ed|ing)|swapp(?:ed|ing)|migrat(?:ed|ing)"
    r"|updat(?:ed|ing)|reconfigur(?:ed|ing)|(?:re-?)?rout(?:ed|ing)|port(?:ed|ing))\b"
)
# Leaving X / adopting Y as the main tool, in either order ("cancelled X ... Y is my daily
# driver now", "Y is my default now, X subscription cancelled", "X is gone, Y took its place").
_ROLE = r"(?:daily(?:\s+driver)?|main|default|go-?to|primary|everyday|only|new)\b"
_LEAVE_CLAUSE = (
    r"(?:\b(?:cancel(?:l?ed|l?ing)?|unsubscrib(?:ed|ing)\s+from|uninstall(?:ed|ing)?|deleted"
    r"|stopped\s+(?:paying\s+for|using)|quit(?:\s+paying\s+for)?|ditched|dropped|dumped"
    r"|done\s+with|gave\s+up\s+on|no\s+longer\s+(?:use|using|pay\s+for))\s+{det}{f}"
    r"|{f2}(?:\s+(?:plus|pro|max|advanced|subscription|sub|app|account|extension))*"
    r"(?:\s*:\s*|\s+(?:is\s+|got\s+|has\s+been\s+)?)(?:cancell?ed|unsubscribed|uninstalled"
    r"|deleted|gone)\b)"
)
_ADOPT_CLAUSE = (
    r"{t}[^⟦⟧.!?;\n]{{0,25}}?(?:\b(?:is|are)\s+now\s+(?:my|our)\s+{role}"
    r"|(?:\b(?:is|are)\s+|'s\s+|:\s*)(?:(?:my|our)\s+{role}|the\s+{role}[^⟦⟧.!?;\n]{{0,15}}?"
    r"\bfor\s+(?:me|us)\b)[^⟦⟧.!?;\n]{{0,30}}?\b(?:now|these\s+days|from\s+now\s+on)\b"
    r"|\btook\s+(?:its|their|it's|the)\s+(?:place|spot|slot)"
    r"|\b(?:has|have)\s+taken\s+(?:its|their)\s+(?:place|spot)"
    r"|\s+for\s+(?:literally\s+)?everything\b(?!\s+else))"
)
_LEAVE_F = _LEAVE_CLAUSE.format(det=_DET, f=_v("f"), f2=_v("f2"))
_ADOPT_T = _ADOPT_CLAUSE.format(t=_v("t"), role=_ROLE)
_FIRST_PERSON_ANY = r"\b(?:me|us|my|our|i|we|i'm|i've|we're|we've)\b"

TEMPLATES: tuple[Template, ...] = (
    _t(
        "from_to",
        rf"\b{_SW}\b{_gap(60)}\bfrom\s+{_DET}{_v('f')}{_gap(40)}\s{_TO}{_PRE}{_v('t')}",
        0.95,
    ),
    _t(
        "to_from",
        rf"\b{_SW}\b{_gap(40)}\s{_TO}{_PRE}{_v('t')}{_gap(40)}\bfrom\s+{_DET}{_v('f')}",
        0.9,
    ),
    _t(
        "off_to",
        rf"\b(?:off(?:\s+of)?|away\s+from)\s+{_DET}{_v('f')}{_gap(40)}\b(?:and\s+)?{_TO}{_PRE}{_v('t')}",
        0.9,
    ),
    _t("x_for_y", rf"\b{_LEAVE}\s+{_DET}{_v('f')}{_gap(40)}\bfor\s+{_PRE}{_v('t')}", 0.9),
    _t(
        "replaced",
        rf"\b(?:replac(?:e|ed|ing)|swap(?:ped|ping)?(?:\s+out)?)\s+{_DET}{_v('f')}{_gap(40)}"
        rf"\b(?:with|by)\s+{_PRE}{_v('t')}",
        0.9,
    ),
    _t(
        "y_replaced_x",
        rf"{_v('t')}{_gap(30)}\b(?:has|have|had)?\s*(?:\w+\s+)?replaced\s+{_DET}{_v('f')}",
        0.85,
        subj=False,
    ),
    _t(
        "bye_hello",
        rf"\b{_BYE}[\s,]+{_DET}{_v('f')}[^⟦⟧\n]{{0,60}}?\b{_HELLO}\b[\s,]+{_DET}{_PRE}{_v('t')}",
        0.85,
    ),
    _t("arrow", rf"{_v('f')}{_gap(30)}→{_gap(30)}{_v('t')}", 0.85),
    _t("ex_now", rf"\bex-{_v('f')}{_gap(30)}\bnow\s+(?:on|using|with)\s+{_PRE}{_v('t')}", 0.8),
    _t("instead_of", rf"{_v('t')}{_gap(40)}\binstead\s+of\s+{_gap(30)}{_v('f')}", 0.8, needs=_NOW),
    _t(
        "two_clause",
        rf"\b(?:cancel(?:l?ed|l?ing)?|unsubscrib(?:ed|ing)\s+from|uninstall(?:ed|ing)?|deleted"
        rf"|quit(?:\s+paying\s+for)?|ditched|dropped|dumped|done\s+with|stopped\s+paying\s+for"
        rf"|gave\s+up\s+on|no\s+longer\s+(?:use|using|pay\s+for))"
        rf"\s+{_DET}{_v('f')}[^⟦⟧\n]{{0,80}}?(?:{_v('t')}[^⟦⟧.!?\n]{{0,30}}?"
        rf"\b(?:from\s+now\s+on|it\s+is|all\s+the\s+way|does\s+everything)\b|\b(?:signed\s+up\s+for|subscribed\s+to|installed"
        rf"|went\s+with|going\s+with|paying\s+for|all\s+in\s+on|signed\s+with|moved\s+to"
        rf"|switched\s+to|now\s+on)\s+{_gap(20)}{_v('t2')})",
        0.75,
    ),
    _t(
        "taken_over",
        rf"{_v('t')}{_gap(30)}\b(?:has|have|had)?\s*(?:\w+\s+)?(?:taken|took)\s+over\s+from\s+"
        rf"{_DET}{_v('f')}",
        0.85,
        needs=_FIRST_PERSON_ANY,
        subj=False,
    ),
    _t(
        "left_all_in",
        rf"\bleft\s+{_DET}{_v('f')}(?:\s+behind)?(?:\s+(?:last|this)\s+\w+)?\s*(?:[,.;:!-]+\s*"
        rf"|\s+and\s+)(?:(?:i|we)\s+)?(?:(?:went|go|going|am|are|now|i'm|we're)\s+)?all\s+in"
        rf"\s+on\s+{_PRE}{_v('t')}",
        0.8,
    ),
    _t("leave_adopt", rf"{_LEAVE_F}[^⟦⟧\n]{{0,80}}?{_ADOPT_T}", 0.8),
    _t(
        "adopt_leave",
        rf"{_ADOPT_T}[^⟦⟧\n]{{0,60}}?{_LEAVE_CLAUSE.format(det=_DET, f=_v('f3'), f2=_v('f4'))}",
        0.8,
    ),
    _t(  # "bye X, I'm on Y now"
        "bye_on",
        rf"\b{_BYE}[\s,]+{_DET}{_v('f')}[^⟦⟧\n]{{0,40}}?\b(?:i'm|im|i\s+am|we're|we\s+are)\s+"
        rf"(?:now\s+)?(?:on|using|with|running)\s+{_PRE}{_v('t')}",
        0.8,
        needs=r"\bnow\b",
    ),
    _t(  # "after two years on X I'm now using Y"
        "after_now",
        rf"\bafter\s+(?:[\w-]+\s+){{1,3}}(?:on|with|of|using)\s+{_DET}{_v('f')}[,\s]+"
        rf"(?:(?:i|we)(?:'m|'re|\s+am|\s+are)?\s+)?(?:now|finally)\s+(?:using|on|with|running)"
        rf"\s+{_PRE}{_v('t')}",
        0.8,
    ),
    _t("came_from", rf"\bcame\s+(?:over\s+)?from\s+{_DET}{_v('f')}", 0.75),
    _t(
        "bare_from_to",
        rf"\bfrom\s+{_DET}{_v('f')}{_gap(30)}\s{_TO}{_PRE}{_v('t')}",
        0.8,
        needs=r"\b(?:switch\w*|mov(?:e|ed|ing)|migrat\w*|jump\w*|transition\w*)\b",
    ),
    _t(
        "back_to",
        rf"(?:\b(?:go(?:ing|ne)?|went|came|coming|crawl(?:ing|ed)|switch(?:ed|ing)?"
        rf"|mov(?:e|ed|ing)|head(?:ing|ed)?)\s+(?:right\s+)?back\s+to|(?:^|(?<=[.!?;]\s))\s*back\s+(?:to|on)"
        rf"|\b(?:i'm|im|i\s+am|we're|we\s+are|i'm\s+now|now)\s+back\s+(?:to|on|using)"
        rf"|\breturn(?:ed|ing)\s+to)\s+{_PRE}{_v('t')}",
        0.85,
    ),
    _t("to_only", rf"\b{_SW}\b{_gap(40)}\s{_TO}{_PRE}{_v('t')}", 0.85),
)

_FROM_HINT = (
    re.compile(
        rf"\b(?:from|off(?:\s+of)?|away\s+from|after(?:\s+\w+ing)?|(?:was|were|been)\s+on)"
        rf"\s+{_DET}{_v('f')}",
        re.IGNORECASE,
    ),
    re.compile(rf"\bafter\b{_gap(40)}\b(?:on|with|of|using|in)\s+{_DET}{_v('f')}", re.I),
)
_LEAVING = re.compile(
    rf"\b(?:cancel\w*|quit(?:\s+paying\s+for)?|ditch\w*|dropped|dumped|left|uninstall\w*"
    rf"|unsubscrib\w*\s+from|done\s+with|deleted|stopped\s+paying\s+for|instead\s+of"
    rf"|(?:not|n't|won't\s+be|never)\s+renew(?:ing)?)\s+{_DET}{_v('f')}"
    rf"|\b(?:been|was|were)\s+an?\s+{_v('f2')}\s+(?:person|guy|gal|girl|fan|user|loyalist)\b",
    re.IGNORECASE,
)
_KEEPS_FAILING = re.compile(  # "back on Y, X keeps rate limiting me / has been too flaky"
    rf"{_v('f')}[^⟦⟧.!?;\n]{{0,12}}?\b(?:keeps|kept)\s+(?:\w+\s+)?\w+ing\b"
    rf"|{_v('f2')}(?:'s)?\s+(?:(?:is|was|has|have|had|been|just|way|too|so|really|super|being)\s+)"
    rf"{{1,4}}(?:unreliable|flaky|unusable|broken|down\s+(?:again|all|every|\w+\s+times))\b",
    re.IGNORECASE,
)
_ON_VENDOR = (
    re.compile(rf"\b(?:been\s+on|now\s+on|on|using|convert\w*\s+to)\s+{_PRE}{_v('t')}", re.I),
    re.compile(rf"{_v('t')}\s+(?:convert|user|fan)\b", re.I),
)
_SENT_END = re.compile(r"[.!?]+(?=\s|$)|\n")

_QUESTION_OK = re.compile(
    r"\b(?:i|we)\s+(?:just\s+|finally\s+|recently\s+|already\s+|officially\s+)?"
    r"(?:switched|moved|migrated|ditched|dropped|left|replaced|cancell?ed|jumped)\b",
    re.IGNORECASE,
)
_HYPO = re.compile(
    r"\b(?:should|would|could|might|may|maybe|perhaps|probably|thinking|considering|consider"
    r"|contemplating|debating|planning|plan|going\s+to|gonna|will|wanna|want|wants|tempted"
    r"|about\s+to|ready\s+to|time\s+to|need\s+to|needs\s+to|have\s+to|hoping|hope|if|unless"
    r"|whether|once|eventually|worth|when|how|why|guide|one\s+more|trying\s+to|try\s+to)\b"
    r"|'ll\b|'d\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|whether|once|when|should|would|guide|tutorial|how\s+to)\b", re.IGNORECASE
)
_NEG = re.compile(
    r"\b(?:not|never|no\s+way|won't|wont|don't|dont|didn't|didnt|haven't|havent|hasn't"
    r"|isn't|aren't|wasn't|refuse[sd]?|nope|couldn't|can't|cant)\b|n't\b",
    re.IGNORECASE,
)
_PLAN_PRE = re.compile(
    r"\b(?:(?:was|were)\s+(?:\w+\s+)?(?:going|gonna|about|planning|thinking)|almost|nearly"
    r"|came\s+close|planned|tried\s+to|meant\s+to)\b",
    re.IGNORECASE,
)
_PLAN_POST = re.compile(
    r"\bbut\b.{0,60}\b(?:stay(?:ed)?|stuck|kept|decided|changed\s+my\s+mind|didn't|ended\s+up"
    r"|blocked)\b|\b(?:i|we)\s+stayed\b|\bstayed\s+with\b|\bstaying\s+(?:put|with)\b"
    r"|\bstuck\s+with\b|\bchanged\s+my\s+mind\b|\bdecided\s+against\b|\bended\s+up\s+keeping\b",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    r"\b(?:he|she|they|friend|friends|coworker|colleague|colleagues|boss|wife|husband|sister"
    r"|brother|dad|mom|mum|everyone|everybody|people|folks|users|devs|developers|someone"
    r"|coworkers|co-workers|teammates|timeline|feed|mutuals|followers|half"
    r"|somebody|companies|enterprises|customers|reportedly|apparently|heard|says|said|saying"
    r"|claiming|claims?|telling|rumou?r)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:i|we|i'm|we're|i've|we've|i'd|im|ive)\b|\bmy\s+(?:team|company)\b", re.IGNORECASE
)
_TEAM = re.compile(r"\bmy\s+(?:\w+\s+)?(?:team|company|org|office|work)\b", re.IGNORECASE)
_TEAM_NOT_ME = re.compile(
    r"\b(?:they|them|their|they're)\b|\b(?:i'm|im|i\s+am)\s+(?:still|sticking|stuck)\b",
    re.IGNORECASE,
)
_WE = re.compile(r"\b(?:we|our|us|we're|we've)\b", re.IGNORECASE)
_HEARSAY_POST = re.compile(r"\b(?:according\s+to|says|said|per\s+the|survey)\b", re.IGNORECASE)
_VENDOR_SUBJECT = re.compile(
    r"⟦\d+⟧(?:'s)?\s+(?:(?:is|are|was|has|have|had|just|now|also|quietly|officially)\s+){0,2}$"
)
_MULTI_PRE = re.compile(
    r"\b(?:between|both|sometimes|occasionally|back\s+and\s+forth)\b", re.IGNORECASE
)
_QUESTION_START = re.compile(
    r"^\W*(?:did|do|does|has|have|is|are|should|would|could|can|anyone|any1|who|why|what|how)\b"
    r"|\bor\s+nah\b",
    re.IGNORECASE,
)
_MULTI_AROUND = re.compile(
    r"\b(?:depending|whenever|back\s+and\s+forth|for\s+the\s+(?:afternoon|day|evening)"
    r"|for\s+today|for\s+now|temporarily|mid-conversation|if\s+it\s+gets)\b"
    r"|\bwhen\s+⟦\d+⟧(?:'s)?\s+(?:is|goes|limits|acts)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"([^\"]{3,200})\"|(?:(?<=\s)|^)'([^']{3,200})'(?=[\s,.!?]|$)")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u200d": None}
)
_ARROWS = re.compile(r"\s*(?:-+>|=>|⟶|➡️?|→)\s*")


def _normalize(text: str) -> str:
    text = text.translate(_QUOTES)
    text = _ARROWS.sub(" → ", text)
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def _placeholders(text: str) -> tuple[str, list[str], list[bool]]:
    """Replace vendor mentions by ``⟦i⟧``.

    Returns the new text, the vendor of each index and whether the mention counts on its own
    (False: an ambiguous alias in a text without AI context; such a mention counts only as one of
    the two filled slots of a template, see `extract_one`).
    """
    matches = list(_ALIAS_RE.finditer(text))
    has_context = (
        any(" ".join(m.group().split()).casefold() not in _AMBIGUOUS for m in matches)
        or bool(_CONTEXT_RE.search(text))
        or bool(_EXTRA_CONTEXT_RE.search(text))
    )
    parts: list[str] = []
    found: list[str] = []
    solid: list[bool] = []
    last = 0
    for m in matches:
        vendor = vendors.vendor_of_alias(m.group())
        if vendor is None:
            continue
        parts.append(text[last : m.start()])
        parts.append(f"⟦{len(found)}⟧")
        found.append(vendor)
        solid.append(has_context or " ".join(m.group().split()).casefold() not in _AMBIGUOUS)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), found, solid


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _SENT_END.finditer(text, 0, start):
        s = m.end()
    m = _SENT_END.search(text, end)
    return s, (m.end() if m else len(text))


def _in_quotes(sentence: str, offset: int) -> bool:
    return any(q.start() < offset < q.end() for q in _QUOTED.finditer(sentence))


def _blocked(text: str, start: int, end: int, template: Template) -> str | None:
    """Return the name of the guard that rejects the match text[start:end], or None."""
    s, e = _sentence_bounds(text, start, end)
    sentence = text[s:e]
    pre, post = text[s:start], text[end:e]
    near = " ".join(pre.split()[-6:])
    clause = re.split(r"[,;:]|\bbut\b", pre)[-1]  # "not sure why but I switched"
    if template.needs is not None and not template.needs.search(sentence):
        return "needs"
    asks = sentence.rstrip().endswith("?") or _QUESTION_START.search(sentence)
    if asks and not _QUESTION_OK.search(sentence):
        return "question"
    if _in_quotes(sentence, start - s):
        return "quoted"
    if _PLAN_PRE.search(pre) or _PLAN_POST.search(text[end:]):
        return "cancelled_plan"
    if _HYPO.search(clause) or _CONDITIONAL.search(pre):
        return "hypothetical"
    if _NEG.search(" ".join(clause.split()[-6:])):
        return "negation"
    if _TEAM.search(near) and _TEAM_NOT_ME.search(text[end:]) and not _WE.search(sentence):
        return "hearsay"  # "my whole team moved to Claude and they love it"
    hearsay = list(_HEARSAY.finditer(near))
    if hearsay and not _FIRST_PERSON.search(near[hearsay[-1].end() :]):
        return "hearsay"
    if _HEARSAY_POST.search(post) or (template.subject_guard and _VENDOR_SUBJECT.search(pre)):
        return "hearsay"
    if _MULTI_PRE.search(near) or _MULTI_AROUND.search(text[start:e]):
        return "multi_use"
    return None


def _infer_from(text: str, found: list[str], to_vendor: str, start: int, end: int) -> int | None:
    """Return the index of the mention of the vendor left, for templates that name only Y."""
    s, e = _sentence_bounds(text, start, end)
    hits = [m for pattern in _FROM_HINT for m in pattern.finditer(text, s, e)]
    for m in [*hits, *_LEAVING.finditer(text), *_KEEPS_FAILING.finditer(text)]:
        idx = int(m.group("f") or m.group("f2"))
        if found[idx] != to_vendor:
            return idx
    return None


@dataclass(slots=True)
class RuleEvidence:
    """What the rule engine saw in one post.

    `best`: (from_vendor, to_vendor, confidence) of the winning match, or None; `family`: its
    template family; `matched`: the families of every template that matched (blocked or not);
    `blocked`: the guards that rejected a match ("question", "negation", "hypothetical", ...).
    """

    best: tuple[str | None, str, float] | None = None
    family: str | None = None
    matched: set[str] = field(default_factory=set)
    blocked: set[str] = field(default_factory=set)


def rule_evidence(text: str) -> RuleEvidence:
    """Run the template/guard engine of the module docstring on one text."""
    evidence = RuleEvidence()
    norm, found, solid = _placeholders(_normalize(text))
    if not found:
        return evidence
    for template in TEMPLATES:
        for m in template.regex.finditer(norm):
            evidence.matched.add(template.family)
            groups = m.groupdict()
            f_raw = next((groups[k] for k in ("f", "f2", "f3", "f4") if groups.get(k)), None)
            f_idx = int(f_raw) if f_raw else None
            t_raw = groups.get("t") or groups.get("t2")
            t_idx = int(t_raw) if t_raw else None
            if template.family == "came_from":
                t_idx = next(
                    (
                        int(x.group("t"))
                        for pattern in _ON_VENDOR
                        for x in pattern.finditer(norm)
                        if found[int(x.group("t"))] != found[f_idx or 0]
                    ),
                    None,
                )
            if t_idx is None:
                continue
            guard = _blocked(norm, m.start(), m.end(), template)
            if guard is not None:
                evidence.blocked.add(guard)
                continue
            conf = template.confidence
            if f_idx is None:
                f_idx = _infer_from(norm, found, found[t_idx], m.start(), m.end())
                if f_idx is None:
                    conf = CONF_FROM_UNKNOWN
            # Ambiguity guard: an ambiguous alias without AI context ("Gemini" the star sign)
            # counts only when both roles are filled with vendor aliases.
            if f_idx is None and not solid[t_idx]:
                evidence.blocked.add("ambiguous")
                continue
            src = found[f_idx] if f_idx is not None else None
            if src == found[t_idx]:
                evidence.blocked.add("same_vendor")
                continue
            if evidence.best is None or conf > evidence.best[2]:
                evidence.best = (src, found[t_idx], conf)
                evidence.family = template.family
    return evidence


def extract_one(text: str) -> tuple[str | None, str, float] | None:
    """Return (from_vendor, to_vendor, confidence) for one post by the rules alone, or None if
    they find no switch."""
    return rule_evidence(text).best


def candidate_mask(texts: pl.Series) -> pl.Series:
    """Return a Boolean Series: True where a text has a switch cue near a vendor alias.

    Two cheap ``str.contains`` (cue, alias) over all rows, then the proximity regex (cue and
    alias within `CUE_WINDOW` characters) only over the few percent of rows that pass both.
    """
    frame = pl.DataFrame({"text": texts.cast(pl.String)}).with_row_index("row")
    both = frame.filter(
        pl.col("text").str.contains(CUE_PATTERN)
        & pl.col("text").str.contains(vendors.ALIAS_PATTERN)
    )
    near = both.filter(pl.col("text").str.contains(_NEAR_PATTERN))["row"]
    return frame["row"].is_in(near.implode()).alias("candidate")


def extract_rule_migrations(texts: pl.Series) -> pl.DataFrame:
    """Return the migrations the rules find in `texts`, one row per post (see module doc).

    Columns (`SCHEMA`): ``row`` (UInt32 index into `texts`), ``from_vendor`` (null when the post
    names only the destination), ``to_vendor``, ``confidence`` in [0, 1]. Posts without a
    migration, null and empty texts have no row. Rows are sorted by ``row``.
    """
    frame = (
        pl.DataFrame({"text": texts.cast(pl.String)})
        .with_row_index("row")
        .filter(candidate_mask(texts))
    )
    rows: list[tuple[int, str | None, str, float]] = []
    # Per-post Python only over prefiltered candidates (a few percent of social posts).
    for row, text in zip(frame["row"].to_list(), frame["text"].to_list(), strict=True):
        hit = extract_one(text)
        if hit is not None:
            rows.append((row, hit[0], hit[1], hit[2]))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
