"""Topic tags and vendor ranking for news stories, as vectorized polars expressions.

`classify_topics(title, text)` tags each story with the topics of `models.TOPICS` whose rule
fires; `rank_vendors(title, text)` lists the vendors a story is about, most central first.

Topic rules
-----------
Each topic is a set of case-insensitive regexes (`TOPIC_RULES`), evaluated with
`str.contains` / `str.count_matches` over all stories at once:

- ``pattern``: fires on its own.
- ``weak``: fires only when the story also has ``context``: "ai" (a vendor alias or an AI
  context word of `vendors.AI_CONTEXT_WORDS`) or "tech" (those, or words like app, software,
  cloud, subscription).
- ``mask``: phrases blanked out before matching, because polars' regex engine has no
  look-around ("raises concerns" is not a funding round; "stock price" is not pricing).

Where a story says it matters: the headline plus the first `LEDE_CHARS` (600) characters of the
body (the lede) need one match; the rest of the body needs `TAIL_MATCHES` (2) matches, so a long
article does not get a topic from one passing sentence.

What each topic means here (and the calls made on borderline cases):

- outage: a service or infrastructure is down, degraded or erroring (AI APIs, clouds, apps, but
  also power, telecom and airline IT); API calls or requests timing out count. Stock prices
  "going down" are masked; bare "down" ("download", "breakdown", "steps down", "cracks down")
  never fires; a status page redesign or an "incident report" alone is not an outage.
- migration: users, customers or developers moving between providers (switching, moving,
  ditching, swapping X for Y, exodus, churn, cancel-subscription campaigns). Verb rules are
  anchored on a vendor alias ("ditching ChatGPT", "moved to Claude", "from Gemini to Claude");
  generic ones ("exodus", "customers ... switching") need AI/tech context, so birds' migration
  or a migration bill is not. Staff leaving a company ("researcher leaves OpenAI") is not.
- pricing: what a product costs or how it is sold: prices, price cuts and hikes, per-token
  rates, subscription tiers and plans, "$20 a month", free offers ("free for students"),
  discounts, usage limits of a plan, consumer prices of a named product (eggs, Netflix). Not
  pricing: stock or share prices, price targets, "priced in", inflation ("consumer prices"),
  interest rates.
- model_release: a new AI model or model version launches (launch/release/unveil/debut/ship/
  roll out/announce + a model name like "GPT-5", "Claude Opus 4.5", "Gemini 3", "Llama 4", or an
  AI-qualified noun: "reasoning model", "open-weight models", "weights"), launch-day coverage
  ("GPT-4.5 arrives", "its smallest and fastest model", "unveils V3.2"; the generic forms need
  AI context). A bare "new model" or "latest model" is not enough: reviews, complaints and
  safety stories about a recent model use it as much as launch stories do. A phone or car
  "model" is not; product features are not.
- funding: capital raised or committed: "raises $X", rounds (seed, Series A-H), valuations,
  IPOs, investments of a stated amount, stakes' worth, backing. "Raises concerns/prices/alarm",
  capital spending ("to spend $80 billion") and acquisitions are not funding.
- regulation: governments, regulators, courts and laws acting on companies or technology:
  regulators and watchdogs, antitrust, lawsuits and settlements, judges and rulings, bills, laws
  and acts, fines, government bans, tax rules, compliance. A sports doping ban, "Social
  Security" or "Congress" in passing are not.
- security: vulnerabilities, breaches, leaks and exposures of data, hacks, malware, phishing,
  jailbreaks, prompt injection, CVEs, stolen secrets, influence operations. Bare "security"
  ("Social Security", "Security Council") and "breach of contract" are not.
- partnership: companies working together by agreement: partners with, partnership, teams up,
  alliance, collaboration, joint venture, signs/inks/strikes a deal or contract, licensing and
  distribution agreements, preferred/primary partner. "How to deal with", a "trade deal" and an
  acquisition are not.

Vendor ranking
--------------
Mentions are found with `vendors.ALIAS_PATTERN` and mapped with `vendor_of_alias`; the ambiguity
guard of `vendors.match_vendors` applies (an ambiguous alias such as "Claude", "Gemini",
"Llama", "Grok" counts only when the story has an AI context word, `vendors.CONTEXT_PATTERN`, or
an unambiguous alias), computed per story with one vectorized `str.contains`. A vendor named in
the headline scores `HEADLINE_WEIGHT` (3) once, however many of its aliases the headline uses
("Microsoft Azure", "Google's Gemini"); the headline's first-named vendor gets `LEAD_BONUS` (1)
more (it is usually the subject: "Microsoft signs deal to use Anthropic models"); each body
mention adds 1. Vendors are ordered by score, ties by first mention (headline before body).
"Azure OpenAI" is Microsoft's service (the longest alias wins in `vendors`), so it tags
microsoft only; OpenAI is added when named on its own ("GPT-4o on Azure OpenAI" -> microsoft,
openai).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipeline.core.models import TOPICS
from pipeline.core.vendors import (
    ALIAS_PATTERN,
    ALIASES,
    AMBIGUOUS_ALIASES,
    CONTEXT_PATTERN,
    vendor_of_alias,
)
from pipeline.enrich.fast_regex import shadow_for

LEDE_CHARS = 600
TAIL_MATCHES = 2
HEADLINE_WEIGHT = 3
LEAD_BONUS = 1

_MONEY = r"(?:[$€£¥]\s?\d[\d.,]*|\d[\d.,]*\s?(?:million|billion|trillion|bn|mn)\b)"
_AMOUNT = r"(?:[$€£¥]\s?)?\d[\d.,]*\s?(?:million|billion|trillion|bn|mn|m|b|k)?\b"
_W = r"(?:[^\s.;!?]+\s+)"  # one word (not ending a sentence) and the space after it

_MODEL_NAME = (
    r"(?:gpt-?\d[\w.]*|gpt-oss|(?-i:o[1-9])(?:-(?:mini|pro|preview))?"
    r"|claude(?:\s+(?:opus|sonnet|haiku))?\s+\d[\d.]*(?:\s+(?:opus|sonnet|haiku))?"
    r"|(?:opus|sonnet|haiku)\s+\d[\d.]*|gemini\s+\d[\d.]*|gemma\s+\d[\d.]*|llama\s+\d[\d.]*"
    r"|grok\s+\d[\d.]*|phi-\d[\w.]*|qwen\d*[\w.-]*|deepseek[- ](?:r|v)\d[\w.]*|\br1\b"
    r"|mistral\s+(?:large|medium|small)|magistral|codestral|devstral|pixtral|ministral"
    r"|command\s+[ar]\w*|jamba|nova\s+\d|amazon\s+nova|veo\s+\d|sora\s+\d|dall-?e\s+\d|mai-[\w-]+)"
)
_AI_MODEL_NOUN = (
    r"(?:(?:ai|language|reasoning|foundation|frontier|open[- ]weights?|open[- ]source|open"
    r"|multimodal|video|image|coding|embedding|speech|voice|diffusion|flagship|small|large"
    r"|mixture-of-experts|text-to-image|text-to-video|\d[\d.]*[- ]?(?:b|billion)[- ]parameter)"
    r"\s+models?\b|\b(?:image|video|music|text-to-image|text-to-video)\s+generators?\b"
    r"|\bllms?\b|\bweights\b)"
)
_LAUNCH = (
    r"\b(?:launch(?:es|ed|ing)?|releas(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|debut(?:s|ed|ing)?"
    r"|introduc(?:e|es|ed|ing)|roll(?:s|ed|ing)?\s+out|ship(?:s|ped|ping)?"
    r"|announc(?:e|es|ed|ing)|open[- ]sourc(?:e|es|ed|ing)|drop(?:s|ped|ping)?"
    r"|unleash(?:es|ed|ing)?|preview(?:s|ed|ing)?|land(?:s|ed|ing)?)\b"
)


@dataclass(slots=True, frozen=True)
class TopicRule:
    """Regexes of one topic (see the module docstring); all case-insensitive unless noted."""

    pattern: str
    weak: str | None = None
    context: str = "tech"
    mask: str | None = None


def _i(*parts: str) -> str:
    return "(?i:" + "|".join(parts) + ")"


TOPIC_RULES: dict[str, TopicRule] = {
    "outage": TopicRule(
        pattern=_i(
            r"\boutages?\b",
            r"\bdowntime\b",
            r"\b(?:service|network|widespread|major|brief|global|partial|ongoing|\w+-long)"
            r"\s+disruptions?\b",
            r"\ba\s+disruption\s+that\b",
            r"\bdisrupted\s+(?:service|access)",
            r"\b(?:unavailable|unreachable)\b",
            r"\b(?:is|are|was|were|been|went|goes|go|gone|going|still)\s+down\b",
            r"\bdown\s+for\s+(?:many|some|most|all|thousands|hundreds|users|hours|everyone)\b",
            r"\b(?:is|are|was|were|went|go|goes|knocked|knocking|been)\s+offline\b",
            r"\bknock(?:s|ed|ing)?\s+(?:\S+\s+){0,4}?offline\b",
            r"\bknock(?:s|ed|ing)?\s+out\s+(?:\S+\s+){0,2}?(?:service|power|internet)",
            r"\b(?:takes?|taking|took)\s+down\b",
            r"\b(?:goes|went|gone)\s+dark\b",
            r"\bwithout\s+power\b",
            r"\b(?:cuts?|cutting|lost|loss\s+of|knocks?\s+out)\s+power\b",
            r"\bpower\s+(?:cuts?|failures?|loss)\b",
            r"\b(?:api|service|endpoint|app|server|calls|requests)s?\s+(?:\S+\s+){0,3}?"
            r"(?:timing\s+out|time\s+out|timed\s+out)\b",
            r"\b(?:elevated|increased|higher|high)\s+(?:error\s+rates?|errors|latency)\b",
            r"\berror\s+rates?\b",
            r"\blatency\s+spikes?\b",
            r"\bslow\s+responses?\b",
            r"\b(?:painfully|unusably|extremely|incredibly)\s+slow\b",
            r"\bdegraded\b",
            r"\bdegradation\b",
            r"\boverloaded",
            r"\b5xx\b",
            r"\b(?:50[0-4]|529|429)s?\s+(?:\S+\s+){0,2}?errors?\b",
            r"\b529s?\b",
            r"\b(?:api|server|http|gateway|quota|internal\s+server)\s+errors?\b",
            r"\berror\s+(?:pages?|messages?)\b",
            r"\bbad\s+gateway\b",
            r"\bservice\s+unavailable\b",
            r"\bsomething\s+went\s+wrong\b",
            r"\bthrottl(?:ed|ing)\b",
            r"\b(?:service\s+|api\s+)?interruptions?\b",
            r"\bpost-?incident\b",
            r"\bfailed\s+requests\b",
            r"\b(?:requests|calls|queries|sign-?ins|logins)\s+(?:\S+\s+){0,6}?(?:failed|hung"
            r"|timed\s+out|errored)\b",
            r"\bnot\s+loading\b",
            r"\bstopped\s+(?:responding|working)\b",
            r"\breturn(?:s|ed|ing)?\s+(?:\S+\s+){0,3}?errors?\b",
            r"\b(?:failed|failing|fails)\s+(?:intermittently|with|to\s+(?:load|send|respond))\b",
            r"\b(?:could\s+not|couldn't|unable\s+to|can't|cannot)\s+(?:access|log\s+in|login"
            r"|connect|load|get\s+responses?|send)\b",
            r"\b(?:it|technical|computer|system|systems|network|networking|software)"
            r"\s+(?:glitch|failure|outage|issue|problem)s?\b",
            r"\b(?:suspend|suspended|halt|halted)\s+(?:service|operations)\b",
            r"\b(?:service|services|systems)\s+(?:was\s+|were\s+|had\s+|have\s+)?(?:fully\s+)?"
            r"(?:restored|recovered)\b",
        ),
        mask=_i(
            r"\bnot\s+an\s+outage\b",
            r"\b(?:shares|stocks?|prices?|index|markets?|sales|revenue|rates?|nasdaq|dow)"
            r"\s+(?:\S+\s+){0,2}?(?:went|go|goes|was|were|is|are|been)\s+down\b",
        ),
    ),
    "migration": TopicRule(
        pattern=(
            # moving *to/from/off* a vendor's product, or straight onto it
            _i(
                r"\b(?:switch(?:es|ed|ing)?|mov(?:e|es|ed|ing)|migrat(?:e|es|ed|ing|ion)"
                r"|shift(?:s|ed|ing)?|port(?:s|ed|ing)?)\s+"
            )
            + _W
            + "{0,5}?"
            + _i(r"(?:to|onto|off|from|toward|towards|away\s+from|over\s+to)\s+")
            + _W
            + "{0,3}?"
            + ALIAS_PATTERN
            + "|"
            # verbs whose object is the product left behind: "ditching ChatGPT"
            + _i(
                r"\b(?:switch(?:es|ed|ing)?|mov(?:e|es|ed|ing)|migrat(?:e|es|ed|ing)"
                r"|swap(?:s|ped|ping)?|ditch(?:es|ed|ing)?|dump(?:s|ed|ing)?"
                r"|abandon(?:s|ed|ing)?|flee(?:s|ing)?|fled|cancel(?:s|led|ed|ling|ing)?"
                r"|churn(?:s|ed|ing)?|stop(?:s|ped)?\s+using|uninstall(?:s|ed|ing)?)\s+"
            )
            + _W
            + "{0,2}?"
            + ALIAS_PATTERN
            + "|"
            + _i(r"\bfrom\s+")
            + _W
            + "{0,2}?"
            + ALIAS_PATTERN
            + r"\s+"
            + _W
            + "{0,3}?"
            + _i(r"(?:to|toward|towards|for)\s+")
            + _W
            + "{0,2}?"
            + ALIAS_PATTERN
        ),
        weak=_i(
            r"\bexodus\b",
            r"\bdefect(?:ion|ions|ors)\b",
            r"\bchurn\b",
            r"#?\bquit\s?gpt\b",
            r"\bcancel\w*\s+(?:\S+\s+){0,3}?subscriptions?\b",
            r"\bjump(?:s|ed|ing)?\s+ship\b",
            r"\b(?:users|customers|developers|companies|teams|businesses|enterprises"
            r"|subscribers|writers|marketers|readers|people|engineers|firms|banks|agencies"
            r"|startups|clients|coders)[,;]?\s+(?:\S+\s+){0,4}?(?:are\s+|have\s+|were\s+|had\s+)?"
            r"(?:switch|migrat|ditch|abandon|flee|flock|defect|cancel|quit|leav|drop)\w*",
        ),
    ),
    "pricing": TopicRule(
        pattern=_i(
            r"\bpric(?:e|es|ed|ing)\b",
            r"\bcost\s+per\b",
            r"\bper\s+(?:million|1m|thousand|1k)\s+(?:input\s+|output\s+)?tokens\b",
            r"[$€£]\d[\d,.]*(?:[\s-]+(?:a|an|per)[\s-]+|\s?/\s?)(?:month|mo|year|yr|user|seat)\b",
            r"[$€£]\d[\d,.]*(?:\s+\w+)?\s+(?:subscription|plan|tier|bundle)s?\b",
            r"\b(?:costs?|priced\s+at|charges?|charging)\s+(?:about\s+|around\s+|just\s+|only\s+)?"
            r"[$€£]\d",
            r"\bpay\s+(?:about\s+|around\s+)?(?:\d[\d,.]*%|[$€£]?\d[\d,.]*)\s+more\b",
            r"\bfares?\b",
            r"\b(?:paid|premium|pro|plus|max|enterprise|family|consumer|individual|basic"
            r"|standard)\s+(?:\w+\s+){0,2}?(?:plans?|tiers?)\b",
            r"\bfree\s+(?:and|or)\s+\w+\s+(?:plans|tiers)\b",
            r"\bsubscription\s+(?:tiers?|plans?|prices?|fees?|costs?)\b",
            r"\b(?:new|premium|paid|top|cheaper)\s+(?:\w+\s+)?(?:tier|subscription)\b",
            r"\bdiscount(?:s|ed)?\b",
            r"\bfree\s+for\s+(?:students|everyone|everybody|all|a\s+year|\d+\s+(?:months?|years?))",
            r"\b(?:cuts?|slash(?:es|ed)?|lower(?:s|ed)?|rais(?:es|ed)|hik(?:es|ed)"
            r"|doubl(?:es|ed)|tripl(?:es|ed)|halv(?:es|ed))\s+(?:\S+\s+){0,3}?(?:prices?|rates|fees)\b",
            r"\b(?:weekly|monthly|usage|message)\s+(?:\w+\s+)?limits?\b",
            r"\b(?:usage|request)-based\s+billing\b",
            r"\bpay-as-you-go\b",
            r"\bpaywall",
            r"\bat\s+no\s+(?:extra|additional)\s+(?:cost|charge)\b",
        ),
        mask=_i(
            r"\b(?:stock|share|shares'?|target|asking|strike|oil|crude|bond|bitcoin|consumer"
            r"|producer|commodity|market)\s+prices?\b",
            r"\bprice\s+targets?\b",
            r"\bpriced\s+in\b",
            r"\bprice-to-\w+",
        ),
    ),
    "model_release": TopicRule(
        pattern=_i(
            _LAUNCH + r"\s+(?:\S+\s+){0,4}?" + _MODEL_NAME,
            _LAUNCH + r"\s+(?:\S+\s+){0,4}?" + _AI_MODEL_NOUN,
            r"\bpublish(?:es|ed|ing)?\s+(?:\S+\s+){0,2}?weights\b",
            _MODEL_NAME + r"\s+(?:\S+\s+){0,1}?(?:is\s+here|arrives|is\s+out|goes\s+live"
            r"|(?:is\s+)?now\s+available|available\s+today|rolls\s+out|debuts|launches|lands)",
            _AI_MODEL_NOUN + r"\s+(?:\S+\s+){0,2}?(?:debuted|debuts|launched|arrives|is\s+out)",
            r"\b(?:smartest|most\s+capable|most\s+powerful|best|biggest)\s+(?:\w+\s+)?models?\s+yet\b",
            r"\bnew\s+(?:flagship|reasoning|frontier|open|small|ai|language)\s+models?\b",
        ),
        weak=_i(
            _LAUNCH + r"\s+v\d+(?:\.\d+)+\b",
            r"\b(?:its|their|our)\s+(?:first|new|latest|newest|smallest|fastest|largest|cheapest"
            r"|smartest|biggest|best|most\s+\w+)\s+(?:\S+\s+){0,3}?models?\b",
        ),
        context="ai",
        mask=_i(r"\bmodel\s+updates?\b"),
    ),
    "funding": TopicRule(
        pattern=_i(
            r"\brais(?:e|es|ed|ing)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+"
            r"|over\s+|up\s+to\s+|an?\s+(?:additional\s+|further\s+|fresh\s+)?)?" + _AMOUNT,
            r"\brais(?:e|es|ed|ing)\s+(?:\S+\s+)?(?:funding|capital|money|cash|financing)\b",
            r"\b(?:secur|clos|land|bag)\w*\s+(?:a\s+|an\s+)?(?:record\s+)?" + _MONEY,
            r"\bfunding\s+round\b",
            r"\b(?:in|of|new|fresh|more|outside|venture)\s+funding\b",
            r"\bfund-?rais(?:e|es|ing)\b",
            r"\b(?:seed|pre-seed|series\s+[a-h]|venture|growth|equity)\s+(?:round|funding"
            r"|financing)\b",
            r"\bseries\s+[a-h]\b",
            r"\bvaluations?\b",
            r"\bvalued\s+at\b",
            r"\bvalues?\s+(?:\S+\s+){0,3}?at\s+" + _MONEY,
            r"\bipo\b",
            r"\binitial\s+public\s+offering\b",
            r"\bgo(?:es|ing)?\s+public\b",
            r"\blist\s+on\s+the\s+(?:nasdaq|nyse)\b",
            r"\binvest(?:s|ed|ing|ment)?\s+(?:of\s+)?(?:up\s+to\s+|about\s+|nearly\s+)?" + _MONEY,
            r"\binvestment\s+(?:in|from)\b",
            r"\b(?:outside|fresh|new|strategic|minority)\s+investment\b",
            r"\b(?:bought|buys|buying|acquir\w+|takes?|took)\s+(?:a\s+)?\d[\d.]*%\s+(?:stake|of)\b",
            r"\b(?:minority|majority|equity)\s+stake\b",
            r"\bstake\s+(?:\w+\s+)?worth\b",
            r"\bbacked\s+by\b",
            r"\bbacking\s+from\b",
            r"\bventure\s+capital\b",
        ),
    ),
    "regulation": TopicRule(
        pattern=_i(
            r"\bregulat(?:or|ors|ory|ion|ions|e|es)\b",
            r"\bwatchdogs?\b",
            r"\bantitrust\b",
            r"\bcompetition\s+(?:authority|regulator|watchdog|rules|law)\b",
            r"\bftc\b",
            r"\bfederal\s+trade\s+commission\b",
            r"\bjustice\s+department\b",
            r"\bdepartment\s+of\s+(?:justice|commerce)\b",
            r"\beuropean\s+commission\b",
            r"\b(?:ai|safety|privacy|protection|markets|services|online\s+safety)\s+act\b",
            r"\bgdpr\b",
            r"\bcma\b",
            r"\b(?:data\s+protection|privacy)\s+(?:authority|regulator|watchdog|law)\b",
            r"\blawsuits?\b",
            r"\b(?:sues|sued|suing)\b",
            r"\bclass[- ]action\b",
            r"\bcourt\b",
            r"\bjudge\b",
            r"\bjur(?:y|ors)\b",
            r"\bjustices\b",
            r"\bconvicted\b",
            r"\b(?:court|judge|judge's|federal|supreme|landmark|appeals?)\s+(?:\S+\s+){0,2}?ruling\b",
            r"\bruling\s+(?:in|on|against|that|by|from|means)\b",
            r"\bsettle(?:s|d)?\s+(?:\S+\s+){0,3}?(?:lawsuit|case|claims|charges|suit|class)",
            r"\bsettlement\b",
            r"\bfine[sd]?\s+(?:\S+\s+){0,2}?" + _MONEY,
            r"\bfined\b",
            r"\bbill\b",
            r"\blaws?\b",
            r"\blegislat\w+",
            r"\blawmakers\b",
            r"\bsenat(?:e|or|ors)\b",
            r"\bparliament\b",
            r"\bcongress\w*\s+(?:\S+\s+){0,2}?(?:grill|hearing|testif|bill|law|vote|pass|approv"
            r"|investigat)\w*",
            r"\bmoratorium\b",
            r"\bexecutive\s+order\b",
            r"\bban(?:s|ned)?\s+(?:\S+\s+){0,3}?(?:on|from)\s+(?:government|federal|state|public)",
            r"\b(?:on|from)\s+government\s+devices\b",
            r"\bcompliance\b",
            r"\bcomply\s+with\b",
            r"\bprobe\s+(?:into|of)\b",
            r"\binquiry\b",
            r"\bcopyright\s+(?:case|lawsuit|infringement|claims?|rules)\b",
            r"\btax\s+(?:rules|code|law)\b",
            r"\battorneys?[- ]general\b",
            r"\bunlawful\b",
            r"\bexport\s+(?:rules|controls|licen[cs]es?)\b",
            r"\border(?:s|ed)?\s+(?:\S+\s+){0,3}?to\s+(?:fix|remove|stop|suspend|block|end|pay"
            r"|delete|halt|sell|divest)\b",
            r"\bsummon(?:s|ed)\b",
            r"\b(?:government|regulators?|authorities|officials|ministry|agency|commission|china"
            r"|beijing|washington|brussels)\s+(?:\S+\s+){0,2}?(?:tells|told|orders|ordered)\s+"
            r"(?:\S+\s+){0,2}?(?:firms|companies|platforms|developers|providers)\s+to\b",
            r"\bdigital\s+(?:services\s+)?tax(?:es)?\b",
        ),
        mask=_i(
            r"\b(?-i:Bill)\s+Gates\b",
            r"\blaw\s+(?:firms?|schools?|enforcement|students?|professors?)\b",
        ),
    ),
    "security": TopicRule(
        pattern=_i(
            r"\bvulnerab(?:ility|ilities|le\s+to)\b",
            r"\bsecurity\s+(?:flaw|hole|bug|issue|incident|researchers?|firm|breach|risk"
            r"|vulnerabilit\w+|patch|lapse)s?\b",
            r"\bdata-security\b",
            r"\bflaws?\s+(?:that|in|let|lets|allowed|could)\b",
            r"\bbreach(?:es|ed)?\b",
            r"\bhack(?:ed|ers?|ing)\b",
            r"\bcyber-?attacks?\b",
            r"\battackers?\b",
            r"\bmalicious\b",
            r"\b(?:malware|ransomware|spyware|phishing|backdoor)\b",
            r"\bexploit(?:s|ed|ing)?\b",
            r"\bzero-(?:day|click)\b",
            r"\bcve-\d{4}-\d+",
            r"\bjailbr(?:eak|eaks|oke|oken|eaking)\b",
            r"\bprompt\s+injections?\b",
            r"\bdata\s+(?:leak|exposure|theft)s?\b",
            r"\b(?:data|code|source\s+code|memo|document|prompt|key|password|credential)s?"
            r"\s+leaks?\b",
            r"\bleak(?:s|ed|ing)?\s+(?:\S+\s+){0,3}?(?:data|chats?|histor\w+|keys|conversations"
            r"|prompts|emails|information|code|credentials|passwords|models|secrets|tokens)\b",
            r"\b(?:api\s+keys|credentials|passwords)\s+(?:\S+\s+){0,3}?(?:exposed|stolen|leaked)",
            r"\bexposed\s+(?:\S+\s+){0,3}?(?:data|chats|conversations|records|keys|emails"
            r"|information|names)\b",
            r"\bexposed\s+(?:\S+\s+){0,2}?(?:servers|instances|databases|buckets|endpoints)\b",
            r"\bwithout\s+authentication\b",
            r"\bharvest(?:s|ed|ing)?\s+(?:\S+\s+){0,3}?(?:data|chats|conversations|credentials"
            r"|emails|information)\b",
            r"\bleft\s+exposed\b",
            r"\bpublicly\s+accessible\b",
            r"\b(?:chats|conversations)\s+(?:\S+\s+){0,4}?(?:indexed|searchable)\b",
            r"\bexfiltrat\w+",
            r"\bbug\s+bounty\b",
            r"\b(?:steal|steals|stole|stealing|stolen)\s+(?:\S+\s+){0,3}?(?:data|keys|secrets"
            r"|credentials|files|details)\b",
            r"\btrade\s+secrets\b",
            r"\binfluence\s+operations?\b",
        ),
        mask=_i(
            r"\bbreach\s+of\s+(?:\S+\s+){0,3}?(?:contract|agreement|terms|duty|promise)\w*",
            r"\bhacker\s+news\b",
        ),
    ),
    "partnership": TopicRule(
        pattern=_i(
            r"\bpartner(?:s|ed|ing)?\s+(?:with|on)\b",
            r"\bpartnerships?\b",
            r"\b(?:team|teams|teamed|teaming)\s+up\b",
            r"\balliances?\b",
            r"\bcollaborat(?:e|es|ed|ing)\s+(?:with|on)\b",
            r"\bcollaboration\b",
            r"\bjoint\s+venture\b",
            r"\b(?:sign|signs|signed|signing|ink|inks|inked|strike|strikes|struck|seal|seals"
            r"|sealed|reach|reaches|reached|expand|expands|expanded)\s+(?:\S+\s+){0,4}?"
            r"(?:deal|agreement|contract|pact)s?\b",
            r"\b(?:licensing|license|licence|distribution|cloud|multi-?year|\w+-year|strategic"
            r"|commercial|content|supply|integration|cooperation)\s+(?:deal|agreement|contract"
            r"|pact)s?\b",
            r"\b(?:agreement|contract|partnership)\s+with\b",
            r"\bpreferred\s+(?:supplier|partner|cloud\s+provider)\b",
            r"\b(?:primary|preferred)\s+(?:\w+\s+){0,3}?partner\b",
            r"\bdeepen(?:s|ed|ing)?\s+(?:ties|partnership|relationship)\b",
            r"\bwill\s+be\s+(?:available|offered)\s+(?:natively\s+)?(?:on|to|in)\b",
            r"\bagree(?:s|d)?\s+to\s+(?:develop|build|work|collaborate)\b",
            r"\bunder\s+the\s+(?:deal|agreement|arrangement|partnership|contract)\b",
            r"\bthe\s+(?:two\s+)?companies\s+(?:said|say|announced)\b",
        ),
    ),
}
"""Topic -> rules, in `models.TOPICS` order."""

# A story with one of these somewhere is an AI ("ai") or tech ("tech") story, which
# `TopicRule.weak` patterns need.
_CONTEXTS: dict[str, str] = {
    "ai": ALIAS_PATTERN + "|" + CONTEXT_PATTERN,
    "tech": ALIAS_PATTERN
    + "|"
    + CONTEXT_PATTERN
    + "|"
    + _i(r"\b(?:app|apps|software|platform|cloud|tools?|services?|subscriptions?|providers?)\b"),
}

_ALIAS_TO_VENDOR: dict[str, str] = {
    alias.casefold(): vendor_of_alias(alias) or ""
    for aliases in ALIASES.values()
    for alias in aliases
}
_AMBIGUOUS_KEYS: list[str] = sorted(alias.casefold() for alias in AMBIGUOUS_ALIASES)

SHADOW_PATTERNS: tuple[str, ...] = (
    *(p for rule in TOPIC_RULES.values() for p in (rule.pattern, rule.weak, rule.mask) if p),
    *_CONTEXTS.values(),
    CONTEXT_PATTERN,
    r"\s+",
)
"""Every pattern matched on the texts: `fast_regex.Shadow` keeps their matches."""
SHADOW = shadow_for(SHADOW_PATTERNS)
"""The ASCII shadow of the texts the rules run on (`pipeline.enrich.fast_regex`)."""


def _strings(title: pl.Series, text: pl.Series, ascii_shadow: bool) -> pl.DataFrame:
    if len(title) != len(text):
        raise ValueError(f"title and text differ in length: {len(title)} != {len(text)}")
    frame = pl.DataFrame(
        {
            "title": title.cast(pl.String).fill_null(""),
            "text": text.cast(pl.String).fill_null(""),
        }
    )
    if not ascii_shadow:
        return frame
    # Non-ASCII text sends the \b patterns to polars' slow regex engine; the shadow keeps every
    # match (see pipeline.enrich.fast_regex).
    return frame.with_columns(SHADOW.series(frame["title"]), SHADOW.series(frame["text"]))


def _masked(expr: pl.Expr, rule: TopicRule) -> pl.Expr:
    return expr if rule.mask is None else expr.str.replace_all(rule.mask, " ")


def classify_topics(title: pl.Series, text: pl.Series, *, ascii_shadow: bool = True) -> pl.Series:
    """Tag each story with topics from `models.TOPICS` (in that order; possibly empty).

    `title` and `text` are aligned series (nulls allowed); see the module docstring for the rules.
    The rules run on an ASCII shadow of the texts (same matches, 10-30x faster on non-ASCII
    text); `ascii_shadow=False` runs them on the texts themselves (benchmarks and tests).
    Returns a List[String] series named "topics", one list per story.
    """
    frame = _strings(title, text, ascii_shadow).with_columns(
        pl.concat_str(
            [pl.col("title"), pl.col("text").str.slice(0, LEDE_CHARS)], separator=" \n "
        ).alias("head"),
        pl.col("text").str.slice(LEDE_CHARS).alias("tail"),
    )
    story = pl.col("title") + " \n " + pl.col("text")
    context = {name: story.str.contains(pattern) for name, pattern in _CONTEXTS.items()}
    flags = []
    for topic in TOPICS:
        rule = TOPIC_RULES[topic]
        head = _masked(pl.col("head"), rule)
        tail = _masked(pl.col("tail"), rule)
        hit = head.str.contains(rule.pattern) | (
            tail.str.count_matches(rule.pattern) >= TAIL_MATCHES
        )
        if rule.weak is not None:
            weak = head.str.contains(rule.weak) | (
                tail.str.count_matches(rule.weak) >= TAIL_MATCHES
            )
            hit = hit | (weak & context[rule.context])
        flags.append(pl.when(hit).then(pl.lit(topic)))
    return frame.select(
        pl.concat_list(flags).list.drop_nulls().cast(pl.List(pl.String)).alias("topics")
    ).to_series()


def rank_vendors(
    title: pl.Series, text: pl.Series, *, assume_context: bool = False, ascii_shadow: bool = True
) -> pl.Series:
    """List the vendors each story is about, most central first (possibly empty).

    Being named in the headline scores `HEADLINE_WEIGHT` (the first-named vendor `LEAD_BONUS`
    more), each body mention 1; ties go to the first mention.
    Ambiguous aliases need AI context (see the module docstring); `assume_context=True`
    grants it to every text, for texts gathered by AI-specific queries and communities
    (social posts from r/ClaudeAI or a 'claude' search: "is claude down?" names the vendor).
    `ascii_shadow` as in `classify_topics`. Returns a List[String] series named "vendors".
    """
    frame = _strings(title, text, ascii_shadow).with_row_index("row")
    has_context = (pl.col("title") + " \n " + pl.col("text")).str.contains(CONTEXT_PATTERN)
    context = frame.select("row", (pl.lit(True) if assume_context else has_context).alias("ctx"))
    mentions = (
        pl.concat(
            [
                frame.select(
                    "row",
                    pl.lit(HEADLINE_WEIGHT).alias("weight"),
                    pl.col("title").str.extract_all(ALIAS_PATTERN).alias("alias"),
                ),
                frame.select(
                    "row",
                    pl.lit(1).alias("weight"),
                    pl.col("text").str.extract_all(ALIAS_PATTERN).alias("alias"),
                ),
            ]
        )
        .explode("alias", empty_as_null=False, keep_nulls=False)
        .drop_nulls("alias")
        .with_row_index("order")  # all headlines precede all bodies, so order ranks positions
        .with_columns(
            pl.col("alias").str.replace_all(r"\s+", " ").str.to_lowercase().alias("key"),
        )
        .with_columns(
            pl.col("key")
            .replace_strict(_ALIAS_TO_VENDOR, default=None, return_dtype=pl.String)
            .alias("vendor"),
            pl.col("key").is_in(_AMBIGUOUS_KEYS).alias("ambiguous"),
        )
        .drop_nulls("vendor")
        .join(context, on="row", how="left")
        .filter(~pl.col("ambiguous") | pl.col("ctx") | (~pl.col("ambiguous")).any().over("row"))
    )
    in_title = pl.col("weight") == HEADLINE_WEIGHT
    ranked = (
        mentions.with_columns(
            (in_title & (pl.col("order") == pl.col("order").min().over("row"))).alias("lead")
        )
        .group_by("row", "vendor")
        .agg(
            (
                pl.when(in_title.any()).then(HEADLINE_WEIGHT).otherwise(0)
                + pl.when(pl.col("lead").any()).then(LEAD_BONUS).otherwise(0)
                + (~in_title).sum()
            ).alias("score"),
            pl.col("order").min().alias("first"),
        )
        .sort(["row", "score", "first"], descending=[False, True, False])
        .group_by("row", maintain_order=True)
        .agg(pl.col("vendor").alias("vendors"))
    )
    return (
        frame.select("row")
        .join(ranked, on="row", how="left", maintain_order="left")
        .select(pl.col("vendors").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .to_series()
    )
