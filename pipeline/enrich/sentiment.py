"""The project's one tone scorer: a lexicon-based, VADER-style sentiment score in pure polars.

Used for the tone of news stories (`tone`) and of social posts (`score_texts`).

Lexicon. The base is VADER's general-English social-media lexicon (Hutto & Gilbert, ICWSM
2014; ~7,500 human-rated words, slang and emoticons on a -4..4 scale), vendored verbatim as
`vader_lexicon.txt` (MIT licence, see `VADER_LICENSE.txt`); its all-digit entries ("143") and
entries with characters the tokenizer splits off are unused. `DOMAIN_LEXICON`, written for this
project, overrides it (general words keep VADER's human ratings unless listed here):

- the words people use about AI services, weighted as users mean them: "down", "outage",
  "529", "5xx", "overloaded", "timeout", "laggy", "hallucinating", "nerfed", "lobotomized",
  "rate limited", "throttled", "unusable" against "fast", "reliable", "back up", "fixed",
  "resolved", "game changer";
- phrases that disambiguate common words: "is down"/"went down" (bare "down" is only -1.0:
  stocks and prices go down too), "back up", "not working", "no issues", "error rate",
  "status page", "switched to" (neutral: migration is a topic, not a tone);
- business news as it reads for the company it is about: partnerships, investment, funding
  slightly positive (0.5-1.2); lawsuits, probes, fines, price hikes, clashes negative;
- words neutral on purpose: "like" (a preposition in "assistants like ChatGPT"), "record" (a
  record high and a record outage), "shares", "credits", "intelligence", "security", "safety"
  (topics and units, not tones), "free" and "fine" mild (0.8), and every single-word vendor
  or product alias of `pipeline.core.vendors` (a product name is not a tone);
- general words VADER lacks ("saves", "decent", "layoffs", "breach", "ugh", ...), a few
  security and legal news words weighed on purpose, VADER's idioms ("yeah right", "cut the
  mustard", ...) and "failed to", "refused to", "unable to" (negative, and they negate the
  word they govern: "failed to help");
- emoji and emoticons with a clear valence (😡 🤬 🙄 😭 👎 💀 against 👍 ❤ 🎉 🚀 🙏 ...).

Boosters (`BOOSTERS`: VADER's degree adverbs plus "major", "briefly", "a bit", "never so",
...), negators (`NEGATORS`: VADER's list, "no", "least"; "at least" is a neutral phrase) and
reducers (`REDUCERS`: "fewer", "less", "cuts", "calms", ...) only modify: they carry no valence
of their own.

How a text is scored (polars expressions over all texts at once, no Python loop over rows):

1. Normalise with one Aho-Corasick `str.replace_many` pass: curly apostrophes count as ``'``;
   emoji variation selectors and skin-tone modifiers are dropped, joiners split, so "❤️" is
   "❤"; lexicon emoji and emoticons (``:( :-) :D``) get a space before them (":D", ":/",
   "<3" only when a space follows: not in "Foo::Default", "https://", "<300ms");
   ``. , ? ! ;`` are split off as their own tokens; other punctuation and quotes become spaces.
2. Split on spaces and explode (row index, position); look every token up by a cast to an
   Enum of the forms worth keeping (a lexicon key, modifier, clause end, phrase word or
   article, each in lower case, Capitalised and UPPER case); the other tokens are neutral and
   dropped, their positions still count.
3. Phrases (`"went down"`, `"kind of"`, `"never been better"`, ...): from each phrase head
   the following tokens are gathered by position, step by step, as integer keys (word ids),
   and the longest matching phrase wins; the words it covers are dropped and it sits at its
   last word. A phrase never spans punctuation (a token of its own) or two texts.
4. Modify each sentiment word by its neighbours in the same row and clause (a clause ends at
   ``. , ? ; !`` or "but"); distances do not count articles ("never had a single problem"):

   - negation: a negator among the previous `NEGATION_WINDOW` (3) tokens, or a reducer among
     the previous `REDUCER_WINDOW` (2), multiplies the valence by `NEGATION_SCALAR` (-0.74:
     flips and damps, so "not good" is milder than "bad");
   - boosters among the previous `BOOSTER_WINDOW` (2) tokens multiply it ("very" 1.3,
     "extremely" 1.5, "slightly" 0.6, "a bit" 0.7, "never been so" 1.25, ...);
   - an ALL-CAPS sentiment word in a text that is not all caps weighs `CAPS_FACTOR` (1.3);
   - "but", per sentence: in a sentence with "but", words before the first "but" weigh 0.5,
     words after it 1.5 (a sentence opening with "But" contrasts with the previous sentence,
     which then counts as its "before" part).
5. Sum per text (running sums, no group-by): ``s``; each "!" (at most 4 per text) adds 0.292
   in the direction of ``s``, and 2-3 "?" add 0.18 each (4 or more: 0.96), as in VADER; the
   score is ``s / sqrt(s**2 + ALPHA)`` with VADER's ``ALPHA = 15``, in [-1, 1].
   Null, empty or sentiment-free texts score 0.0.

Constants (-0.74, 0.292, 0.18, alpha 15, the 0.5/1.5 "but" weights) follow VADER. Validation:
`benchmarks/eval_sentiment.py` (sign agreement with VADER on real posts, news and the sample's
templates; news tone against hand labels) and `benchmarks/bench_social.py` (speed).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.core.vendors import ALIASES

ALPHA = 15.0
NEGATION_SCALAR = -0.74
NEGATION_WINDOW = 3
REDUCER_WINDOW = 2
BOOSTER_WINDOW = 2
BUT_BEFORE = 0.5
BUT_AFTER = 1.5
EXCLAMATION_BOOST = 0.292
MAX_EXCLAMATIONS = 4
QUESTION_BOOST = 0.18
MAX_QUESTION_BOOST = 0.96
CAPS_FACTOR = 1.3
BODY_CHARS = 1000
VADER_LEXICON_PATH = Path(__file__).with_name("vader_lexicon.txt")

# token -> valence on the VADER scale (-4..4), overriding VADER's entry. Keys are lower case;
# keys with a space are phrases (matched on whole tokens, never across punctuation).
DOMAIN_LEXICON: dict[str, float] = {
    # --- general words VADER lacks (or weighs for news on purpose: "free", "beating") --
    "incredible": 2.6,
    "fine": 0.8,
    "decent": 1.2,
    "victory": 2.7,
    "thrive": 2.2,
    "thriving": 2.2,
    "grow": 1.1,
    "grows": 1.1,
    "rally": 1.6,
    "rallies": 1.6,
    "soar": 2.0,
    "soars": 2.0,
    "soared": 2.0,
    "helped": 1.2,
    "effortless": 2.0,
    "smooth": 1.7,
    "smoothly": 1.8,
    "seamless": 2.0,
    "saves": 2.0,
    "seamlessly": 2.0,
    "tender": 1.5,
    "genius": 2.5,
    "breakthrough": 2.3,
    "revolutionary": 2.2,
    "accurate": 1.7,
    "precise": 1.4,
    "productive": 1.9,
    "reliable": 2.1,
    "reliably": 1.8,
    "dependable": 2.0,
    "favourite": 2.1,
    "bravo": 2.5,
    "deserved": 1.5,
    "rave": 2.2,
    "raves": 2.2,
    "upbeat": 1.9,
    "affordable": 1.5,
    "cheaper": 0.8,
    "free": 0.8,
    "beat": 1.0,
    "beats": 1.0,
    "exceeded": 1.5,
    "tops": 1.2,
    "outperforms": 1.5,
    "outperform": 1.4,
    "outperformed": 1.5,
    "fastest-growing": 1.8,
    "fast-growing": 1.6,
    "fraction of the cost": 1.2,
    "goes live": 1.0,
    "partner": 0.6,
    "partners": 0.8,
    "partnership": 1.0,
    "team up": 1.0,
    "teams up": 1.0,
    "teamed up": 1.0,
    "alliance": 1.0,
    "collaboration": 1.2,
    "collaborate": 1.0,
    "deepen ties": 1.2,
    "invest": 0.6,
    "invests": 0.6,
    "investment": 0.6,
    "funding": 0.5,
    "valuation": 0.5,
    "price cut": 1.0,
    "price cuts": 1.0,
    "cuts prices": 1.0,
    "lower prices": 1.0,
    "record-breaking": 2.0,
    "breaks records": 2.0,
    "beating": 1.0,
    "at no extra charge": 1.0,
    "at no extra cost": 1.0,
    # --- general negative words VADER lacks (or security and legal news weighed on purpose) --
    "canceled": -0.8,
    "flee": -1.5,
    "flees": -1.5,
    "ditch": -1.2,
    "ditching": -1.2,
    "stop using": -1.2,
    "clash": -1.6,
    "clashes": -1.6,
    "inquiry": -0.6,
    "antitrust": -0.5,
    "monopoly": -1.5,
    "class action": -1.2,
    "pirate": -1.5,
    "hike": -1.0,
    "hikes": -1.0,
    "price hike": -1.5,
    "price increase": -1.2,
    "raises prices": -1.2,
    "higher prices": -1.2,
    "run dry": -1.8,
    "falling apart": -2.2,
    "latency spikes": -1.8,
    "blackouts": -2.0,
    "jailbreak": -1.5,
    "jailbroke": -1.5,
    "jailbroken": -1.5,
    "harvesting": -1.2,
    "raises questions": -1.2,
    "bubble": -0.8,
    "poorly": -2.0,
    "issue": -0.6,
    "issues": -0.9,
    "breaks": -1.3,
    "crashes": -2.3,
    "crashed": -2.4,
    "crashing": -2.3,
    "bug": -0.5,
    "bugs": -0.5,
    "buggy": -2.1,
    "glitch": -1.6,
    "glitches": -1.6,
    "glitchy": -1.9,
    "flaw": -1.7,
    "flaws": -1.7,
    "concern": -1.0,
    "concerns": -1.1,
    "concerned": -1.3,
    "afraid": -1.8,
    "harmful": -2.2,
    "critics": -1.0,
    "slams": -1.8,
    "slammed": -1.9,
    "backlash": -2.1,
    "controversy": -1.6,
    "plunge": -2.1,
    "plunges": -2.0,
    "plunged": -2.0,
    "slump": -1.9,
    "slumps": -1.9,
    "slide": -1.3,
    "slides": -1.3,
    "fall": -0.6,
    "falls": -0.8,
    "fell": -0.8,
    "drops": -0.5,
    "dropped": -0.8,
    "decline": -1.2,
    "declines": -1.2,
    "declining": -1.3,
    "layoffs": -2.2,
    "layoff": -2.1,
    "laid off": -2.2,
    "sacked": -1.9,
    "lawsuit": -1.4,
    "lawsuits": -1.4,
    "sue": -1.5,
    "sues": -1.5,
    "sued": -1.6,
    "fined": -1.9,
    "fines": -1.4,
    "penalties": -1.7,
    "probe": -1.1,
    "investigation": -0.9,
    "investigating": -0.6,
    "allegation": -1.5,
    "allegations": -1.6,
    "alleged": -1.2,
    "alleges": -1.2,
    "theft": -2.4,
    "stole": -2.3,
    "hack": -1.8,
    "hacked": -2.3,
    "hacker": -1.8,
    "hackers": -1.9,
    "breach": -2.2,
    "breached": -2.3,
    "breaches": -2.2,
    "leak": -1.8,
    "leaks": -1.8,
    "leaked": -1.8,
    "leaking": -1.9,
    "exposed": -1.6,
    "vulnerable": -1.8,
    "vulnerability": -1.8,
    "vulnerabilities": -1.8,
    "exploit": -1.7,
    "exploited": -2.0,
    "malicious": -2.4,
    "malware": -2.4,
    "ransomware": -2.7,
    "phishing": -2.2,
    "censored": -1.6,
    "censorship": -1.9,
    "bans": -1.4,
    "refuses": -1.3,
    "delays": -1.4,
    "halt": -1.2,
    "halted": -1.4,
    "suspends": -1.4,
    "paused": -0.8,
    "stalls": -1.4,
    "falter": -1.8,
    "falters": -1.8,
    "faltering": -1.8,
    "shrink": -1.3,
    "shrinks": -1.3,
    "inaccurate": -1.9,
    "inaccuracies": -1.8,
    "false": -1.4,
    "toxic": -2.4,
    "inappropriate": -1.9,
    "antisemitic": -2.8,
    "deadly": -2.7,
    "wildfire": -1.8,
    "storm": -1.2,
    "flooding": -1.6,
    "hurricane": -1.5,
    "evacuation": -1.5,
    "overpriced": -1.9,
    "expensive": -1.2,
    "pricey": -1.0,
    "garbage": -2.8,
    "trash": -2.6,
    "junk": -2.2,
    "sloppy": -1.9,
    "mediocre": -1.6,
    "curt": -1.0,
    "sycophantic": -1.7,
    "apologises": -1.0,
    "apologizes": -1.0,
    "nightmare": -2.8,
    "ripoff": -2.3,
    "rip-off": -2.3,
    "shady": -1.8,
    "sketchy": -1.6,
    "warn": -1.3,
    "warns": -1.3,
    "warned": -1.2,
    "warning": -1.3,
    "misfire": -1.6,
    "rattling": -1.5,
    "poaches": -0.8,
    "what a joke": -2.3,
    "surprise bills": -1.6,
    # --- AI services: outages, quality, limits (negative) ---------------------------
    "down": -1.0,
    "is down": -2.3,
    "are down": -2.1,
    "was down": -2.1,
    "were down": -2.0,
    "went down": -2.3,
    "goes down": -2.2,
    "going down": -1.8,
    "still down": -2.5,
    "down again": -2.6,
    "goes dark": -2.0,
    "went dark": -2.0,
    "takes down": -1.8,
    "taking down": -1.8,
    "took down": -1.8,
    "knocked offline": -2.2,
    "outage": -2.4,
    "outages": -2.4,
    "downtime": -2.2,
    "unavailable": -2.0,
    "unreachable": -2.0,
    "offline": -1.4,
    "degraded": -2.0,
    "degradation": -1.9,
    "degrades": -1.8,
    "disruption": -2.0,
    "disruptions": -2.0,
    "disrupted": -1.9,
    "disrupt": -1.5,
    "disrupts": -1.6,
    "interruption": -1.8,
    "interrupted": -1.6,
    "overloaded": -2.2,
    "overload": -1.8,
    "overwhelmed": -1.9,
    "529": -2.2,
    "529s": -2.2,
    "5xx": -2.0,
    "500s": -1.8,
    "502s": -1.8,
    "503s": -1.8,
    "429s": -1.5,
    "500 error": -1.9,
    "500 errors": -1.9,
    "502 error": -1.9,
    "502 errors": -1.9,
    "503 error": -1.9,
    "503 errors": -1.9,
    "429 errors": -1.6,
    "529 errors": -2.6,
    "internal server error": -2.0,
    "internal server errors": -2.0,
    "bad gateway": -1.9,
    "service unavailable": -2.2,
    "resource exhausted": -1.6,
    "something went wrong": -1.8,
    "error rate": -1.3,
    "error rates": -1.3,
    "elevated errors": -2.0,
    "elevated error rates": -2.0,
    "increased error rates": -2.0,
    "high latency": -1.8,
    "elevated latency": -1.8,
    "timeout": -1.8,
    "timeouts": -1.8,
    "timed out": -1.8,
    "timing out": -1.8,
    "time out": -1.4,
    "slow": -1.6,
    "slower": -1.6,
    "slowest": -1.8,
    "slowness": -1.7,
    "sluggish": -1.7,
    "lag": -1.3,
    "laggy": -1.9,
    "lagging": -1.5,
    "unresponsive": -2.1,
    "freezes": -1.7,
    "stuck": -1.6,
    "throttled": -1.8,
    "throttling": -1.6,
    "throttle": -1.3,
    "rate limited": -1.8,
    "rate-limited": -1.8,
    "ratelimited": -1.8,
    "hallucinating": -2.1,
    "hallucinates": -2.0,
    "hallucinate": -1.9,
    "hallucinated": -1.9,
    "hallucination": -1.6,
    "hallucinations": -1.6,
    "nerf": -1.9,
    "nerfed": -2.4,
    "nerfing": -2.2,
    "lobotomized": -2.9,
    "lobotomised": -2.9,
    "unusable": -3.0,
    "unreliable": -2.5,
    "flaky": -2.0,
    "not working": -2.3,
    "stopped working": -2.3,
    "stopped responding": -2.2,
    "doesn't work": -2.2,
    "does not work": -2.2,
    "isn't working": -2.3,
    "is not working": -2.3,
    "not loading": -1.9,
    "won't load": -1.9,
    "can't log in": -2.0,
    "cannot log in": -2.0,
    # --- AI services: positive ------------------------------------------------------
    "fast": 1.6,
    "faster": 1.7,
    "fastest": 1.9,
    "quick": 1.2,
    "quicker": 1.4,
    "speedy": 1.6,
    "snappy": 1.7,
    "snappier": 1.7,
    "blazing": 2.0,
    "lightning fast": 2.2,
    "responsive": 1.5,
    "upgrade": 1.2,
    "upgraded": 1.2,
    "fixed": 1.4,
    "fixes": 0.8,
    "resolved": 1.5,
    "resolve": 1.1,
    "resolves": 1.1,
    "restored": 1.7,
    "restore": 1.2,
    "recovered": 1.5,
    "recovery": 1.3,
    "mitigated": 1.0,
    "operational": 1.2,
    "back up": 2.0,
    "back online": 2.0,
    "back to normal": 2.0,
    "up and running": 1.9,
    "working again": 1.9,
    "works again": 1.9,
    "game changer": 2.8,
    "game-changer": 2.8,
    "gamechanger": 2.8,
    "top notch": 2.6,
    "top-notch": 2.6,
    "well done": 2.3,
    "hats off": 2.2,
    "mind blowing": 2.8,
    "mind-blowing": 2.8,
    "blown away": 2.7,
    "rock solid": 2.4,
    "rock-solid": 2.4,
    "state of the art": 1.8,
    "state-of-the-art": 1.8,
    "no issues": 1.6,
    "no problems": 1.6,
    "no complaints": 1.6,
    "without issues": 1.6,
    "without a hitch": 2.0,
    "never been better": 3.0,
    "couldn't be happier": 3.0,
    "can't complain": 1.5,
    # --- social slang VADER lacks (its laughter, "lol" 1.8, "haha" 2.0, is kept) -------
    "yikes": -1.2,
    "oof": -1.0,
    "ffs": -2.0,
    "fml": -2.2,
    # --- neutral on purpose (phrases that would otherwise pick up a valence) -----------
    "ngl": 0.0,
    "tbh": 0.0,
    "status page": 0.0,
    "trust fund": 0.0,
    "switched to": 0.0,
    "switching to": 0.0,
    "moved to": 0.0,
    # --- emoji and emoticons -----------------------------------------------------------
    "😡": -3.0,
    "🤬": -3.2,
    "😠": -2.5,
    "😤": -1.8,
    "🙄": -1.5,
    "😒": -1.5,
    "😭": -1.6,
    "😢": -2.0,
    "😞": -2.0,
    "😩": -2.0,
    "😫": -2.0,
    "😕": -1.2,
    "😬": -1.2,
    "😱": -1.8,
    "🫠": -1.2,
    "💀": -0.6,
    "🤦": -1.8,
    "🤡": -1.8,
    "👎": -2.0,
    "💩": -2.2,
    "💔": -2.5,
    "❌": -1.5,
    "⚠": -1.2,
    "🐢": -1.2,
    "🐌": -1.2,
    "📉": -1.5,
    "👍": 1.8,
    "👏": 2.0,
    "🙌": 2.2,
    "❤": 2.8,
    "♥": 2.5,
    "💙": 2.5,
    "💯": 2.0,
    "🎉": 2.5,
    "🥳": 2.5,
    "😍": 3.0,
    "🥰": 3.0,
    "😊": 2.2,
    "🙂": 1.2,
    "😀": 2.0,
    "😃": 2.2,
    "😄": 2.3,
    "😁": 2.0,
    "😂": 1.0,
    "🤣": 1.0,
    "🔥": 1.3,
    "🚀": 1.8,
    "✅": 1.2,
    "🙏": 1.2,
    "📈": 1.5,
    ":)": 1.8,
    ":-)": 1.8,
    ";)": 1.5,
    ":d": 2.2,
    ":(": -1.9,
    ":-(": -1.9,
    ":'(": -2.2,
    ":')": 2.3,
    ":-d": 2.3,
    ";-)": 1.0,
    ":p": 1.4,
    ":-p": 1.2,
    ":]": 2.2,
    ":[": -2.0,
    "=)": 2.2,
    "=d": 2.3,
    ":/": -1.4,
    ":-/": -1.2,
    "<3": 1.9,
    "</3": -3.0,
    # --- neutral on purpose over VADER's entries (topics, units, prepositions) -----------
    "like": 0.0,
    "likes": 0.0,
    "record": 0.0,
    "records": 0.0,
    "share": 0.0,
    "shares": 0.0,
    "credit": 0.0,
    "credits": 0.0,
    "intelligence": 0.0,
    "intelligent": 0.0,
    "security": 0.0,
    "safety": 0.0,
    "vision": 0.0,
    "interest": 0.0,
    "support": 0.0,
    "at least": 0.0,
    "very least": 0.0,
    "without doubt": 0.0,
    "without a doubt": 0.0,
    "no doubt": 0.0,
    # --- phrases that also negate what follows ("failed to help", "refused to answer") ---
    "failed to": -2.0,
    "fails to": -2.0,
    "refused to": -1.2,
    "refuses to": -1.2,
    "unable to": -1.2,
    # --- VADER's idioms (its SPECIAL_CASES and SENTIMENT_LADEN_IDIOMS) -------------------
    "bad ass": 1.5,
    "badass": 1.5,
    "yeah right": -2.0,
    "kiss of death": -1.5,
    "cut the mustard": 2.0,
    "hand to mouth": -2.0,
    "back handed": -2.0,
    "blow smoke": -2.0,
    "blowing smoke": -2.0,
    "upper hand": 1.0,
    "break a leg": 2.0,
    "cooking with gas": 2.0,
    "under the weather": -2.0,
}

# Multiply the valence of the next sentiment word(s): >1 intensifies, <1 dampens.
BOOSTERS: dict[str, float] = {
    "very": 1.3,
    "really": 1.3,
    "so": 1.2,
    "too": 1.2,
    "super": 1.3,
    "more": 1.15,
    "most": 1.2,
    "extremely": 1.5,
    "extreme": 1.4,
    "incredibly": 1.5,
    "unbelievably": 1.5,
    "insanely": 1.5,
    "ridiculously": 1.4,
    "absolutely": 1.4,
    "completely": 1.4,
    "entirely": 1.35,
    "fully": 1.3,
    "thoroughly": 1.3,
    "totally": 1.35,
    "utterly": 1.5,
    "utter": 1.4,
    "highly": 1.3,
    "hugely": 1.4,
    "greatly": 1.3,
    "enormously": 1.4,
    "tremendously": 1.4,
    "massively": 1.4,
    "substantially": 1.3,
    "considerably": 1.3,
    "seriously": 1.3,
    "truly": 1.3,
    "deeply": 1.3,
    "intensely": 1.3,
    "especially": 1.2,
    "particularly": 1.2,
    "unusually": 1.2,
    "remarkably": 1.3,
    "exceptionally": 1.4,
    "painfully": 1.4,
    "terribly": 1.4,
    "awfully": 1.35,
    "dramatically": 1.3,
    "wildly": 1.3,
    "significantly": 1.25,
    "noticeably": 1.15,
    "hella": 1.3,
    "fucking": 1.4,
    "freaking": 1.3,
    "frickin": 1.3,
    "friggin": 1.3,
    "way": 1.2,
    "much": 1.15,
    "pretty": 1.1,
    "quite": 1.1,
    "major": 1.3,
    "majorly": 1.3,
    "massive": 1.4,
    "huge": 1.3,
    "widespread": 1.3,
    "total": 1.2,
    "slightly": 0.6,
    "slight": 0.6,
    "somewhat": 0.7,
    "mildly": 0.6,
    "partly": 0.7,
    "partially": 0.7,
    "partial": 0.7,
    "marginally": 0.5,
    "marginal": 0.6,
    "fairly": 0.85,
    "rather": 0.9,
    "kinda": 0.7,
    "sorta": 0.7,
    "kind of": 0.7,
    "sort of": 0.7,
    "a bit": 0.7,
    "a little": 0.7,
    "a tad": 0.7,
    "almost": 0.8,
    "occasionally": 0.6,
    "occasional": 0.6,
    "sometimes": 0.8,
    "briefly": 0.7,
    "brief": 0.7,
    "intermittently": 0.8,
    "minor": 0.6,
    "just enough": 0.7,
    "never so": 1.25,  # VADER: "never so/this" intensifies instead of negating
    "never this": 1.25,
    "never been so": 1.25,
    "never been this": 1.25,
}

# Phrases that carry a valence of their own and negate what follows, like a negator.
NEGATING_PHRASES: frozenset[str] = frozenset(
    {"failed to", "fails to", "refused to", "refuses to", "unable to"}
)
_CONTRACTIONS = (
    "ain", "aren", "can", "couldn", "daren", "didn", "doesn", "don", "hadn", "hasn", "haven",
    "isn", "mightn", "mustn", "needn", "oughtn", "shan", "shouldn", "wasn", "weren", "won",
    "wouldn",
)  # fmt: skip

# A negator among the previous NEGATION_WINDOW tokens of the same clause flips and damps
# (VADER's list; "least" as in "the least helpful", but "at least" is a neutral phrase).
NEGATORS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "nope",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "nowhere",
        "without",
        "least",
        "hardly",
        "barely",
        "scarcely",
        "rarely",
        "seldom",
        "cannot",
        *(f"{stem}{tail}" for stem in _CONTRACTIONS for tail in ("'t", "t")),
        *NEGATING_PHRASES,
    }
)

# A reducer right before a word (within REDUCER_WINDOW tokens) flips it like a negator:
# "fewer errors", "less reliable", "cuts hallucinations", "calms fears", "reduces the risk".
REDUCERS: frozenset[str] = frozenset(
    {
        "fewer",
        "less",
        "lower",
        "little",
        "reduce",
        "reduces",
        "reduced",
        "reducing",
        "cut",
        "cuts",
        "cutting",
        "calms",
        "eases",
        "eased",
    }
)

# Articles do not count in the negation and booster windows.
ARTICLES: frozenset[str] = frozenset({"a", "an", "the"})

# Tokens that end a sentence; a clause also ends at a comma or "but". Negation and boosters
# stay inside their clause ("No, great service": "great" is not negated).
SENTENCE_ENDS: frozenset[str] = frozenset({".", "?", "!", ";"})
CLAUSE_ENDS: frozenset[str] = SENTENCE_ENDS | {",", "but"}


def load_vader_lexicon(path: Path = VADER_LEXICON_PATH) -> dict[str, float]:
    """VADER's token -> mean valence, keeping the entries the tokenizer can produce (a later
    line wins over an earlier one for the same token, as in VADER)."""
    usable = re.compile(r"[^\W\d_][\w'\-]*|\d+[^\W\d_][\w'\-]*")
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        token, valence, *_ = line.split("\t")
        if token == token.lower() and usable.fullmatch(token):
            out[token] = float(valence)
    return out


def _lexicon() -> dict[str, float]:
    merged = load_vader_lexicon()
    merged.update(DOMAIN_LEXICON)
    for aliases in ALIASES.values():
        merged |= {a.lower(): 0.0 for a in aliases if " " not in a}
    modifiers = {*BOOSTERS, *NEGATORS, *REDUCERS} - set(NEGATING_PHRASES)
    return {k: v for k, v in sorted(merged.items()) if k not in modifiers}


LEXICON: dict[str, float] = _lexicon()
"""token -> valence: VADER's lexicon overlaid with `DOMAIN_LEXICON`, vendor aliases neutral,
modifiers (boosters, negators, reducers) without valence."""

_EMOJI_KEYS = sorted(
    k for k in LEXICON if len(k) == 1 and not k.isalnum()
)  # single pictographs: "😡", "❤", ...
_EMOTICONS = sorted((k for k in LEXICON if k[0] in ":;=<" and len(k) <= 4), key=len, reverse=True)


def _normalisation() -> dict[str, str]:
    """Substring -> replacement for the one `replace_many` pass (leftmost, first listed wins)."""
    table: dict[str, str] = {}
    for emo in _EMOTICONS:  # before ":" and brackets become spaces
        # ":d", ":/", "<3" only before a space: not in "Foo::Default", "https://", "<300"
        ends = (" ", "\n") if emo[-1].isalnum() or emo[-1] == "/" else ("",)
        for form in {emo, emo.upper()}:
            table |= {form + end: f" {emo} " for end in ends}
    table |= {"\u2019": "'", "\u2018": "'", " '": " ", "' ": " ", "\ufe0f": "", "\u200d": " "}
    table |= {chr(c): "" for c in range(0x1F3FB, 0x1F400)}  # skin tones
    table |= {e: f" {e}" for e in _EMOJI_KEYS}
    table |= {p: f" {p}" for p in SENTENCE_ENDS | {","}}
    table |= {"\u2026": " .", "\u00a0": " ", "\n": " ", "\r": " ", "\t": " "}
    table |= dict.fromkeys(':"()[]{}<>|*_#~`/\\\u201c\u201d=+', " ")
    return table


_NORMALISE = _normalisation()
_NORMALISE_FROM, _NORMALISE_TO = list(_NORMALISE), list(_NORMALISE.values())
_PHRASES = {k for k in (*LEXICON, *BOOSTERS) if " " in k}
_PHRASE_LEN = max(len(p.split()) for p in _PHRASES)
_HEADS = frozenset(p.split()[0] for p in _PHRASES)


LEXICON_FRAME: pl.DataFrame = pl.DataFrame(
    [
        (
            token,
            LEXICON.get(token),
            BOOSTERS.get(token),
            token in NEGATORS,
            token in REDUCERS,
            token in CLAUSE_ENDS,
            token in SENTENCE_ENDS,
            token == "but",
        )
        for token in sorted({*LEXICON, *BOOSTERS, *NEGATORS, *REDUCERS, *CLAUSE_ENDS})
        if LEXICON.get(token, 1.0) != 0.0 or " " in token
    ],
    schema={
        "token": pl.String,
        "valence": pl.Float64,
        "booster": pl.Float64,
        "negator": pl.Boolean,
        "reducer": pl.Boolean,
        "clause_end": pl.Boolean,
        "sentence_end": pl.Boolean,
        "but": pl.Boolean,
    },
    orient="row",
)
"""token or phrase -> valence (null when it only modifies), booster factor, negator, reducer,
clause-end, sentence-end and "but" flags. Tokens not in this frame are neutral (single-word zero
entries are left out; zero phrases stay, they cover their words)."""


def _forms() -> pl.DataFrame:
    """Raw token as written -> lower-case token, its row in `LEXICON_FRAME` (null for a word
    that only matters inside a phrase, or an article), ALL-CAPS and article flags; for every
    single-word frame key, phrase word and article in lower, Capitalised and UPPER case."""
    ids = {token: i for i, token in enumerate(LEXICON_FRAME["token"])}
    words = {w for w in ids if " " not in w} | {w for p in _PHRASES for w in p.split()}
    rows: dict[str, tuple[str, bool]] = {}
    for key in sorted(words | ARTICLES):
        shouting = sum(c.isalpha() for c in key) >= 2
        for form, caps in ((key.upper(), shouting), (key.capitalize(), False), (key, False)):
            rows[form] = (key, caps and form != key)

    def group(key: str) -> int:
        # articles first, the ones that start a phrase ("a bit") last among them; then the
        # kept forms; then the words that only follow a phrase head: range checks on the code
        if key in ARTICLES:
            return 1 if key in _HEADS else 0
        return 2 if key in ids or key in _HEADS else 3

    return pl.DataFrame(
        sorted(
            (
                (form, key, ids.get(key), caps, key in ARTICLES, key in _HEADS)
                for form, (key, caps) in rows.items()
            ),
            key=lambda r: (group(r[1]), r[0]),
        ),
        schema={
            "raw": pl.String,
            "token": pl.String,
            "id": pl.UInt32,
            "caps": pl.Boolean,
            "article": pl.Boolean,
            "head": pl.Boolean,
        },
        orient="row",
    )


_FORMS = _forms()
_FORM_ENUM = pl.Enum(_FORMS["raw"])  # raw form -> its row in _FORMS, by a categorical cast
_ARTICLES_END = int(_FORMS["article"].sum())  # codes below are articles
_KEPT_START = int((_FORMS["article"] & ~_FORMS["head"]).sum())  # codes from here to _KEPT_END
_KEPT_END = int((_FORMS["article"] | _FORMS["id"].is_not_null() | _FORMS["head"]).sum())
_SECOND_CODES = _FORMS.with_row_index("code").filter(
    pl.col("token").is_in([p.split()[1] for p in _PHRASES])
)["code"]
# Phrases are matched on integer keys: each lower-case word has an id from 1, and a phrase's
# key is its ids as digits in base 2**_WORD_BITS, so keys of different lengths never meet.
_WORDS = {w: i for i, w in enumerate(sorted(set(_FORMS["token"])), start=1)}
_WORD_BITS = len(_WORDS).bit_length()
assert _WORD_BITS * _PHRASE_LEN <= 64, "phrase keys must fit in 64 bits: shorten the phrases"
_FORM_WORD = _FORMS["token"].replace_strict(_WORDS, return_dtype=pl.UInt64)


def _phrase_key(words: list[str]) -> int:
    key = 0
    for word in words:
        key = (key << _WORD_BITS) + _WORDS[word]
    return key


_PHRASE_IDS = sorted(
    (_phrase_key(p.split()), i) for i, p in enumerate(LEXICON_FRAME["token"]) if " " in p
)  # (phrase key, its row in LEXICON_FRAME), by key
_PHRASE_KEYS_SORTED = np.array([k for k, _ in _PHRASE_IDS], dtype=np.uint64)
_PHRASE_ROWS_SORTED = np.array([i for _, i in _PHRASE_IDS], dtype=np.uint32)
_WORD_OF = np.append(_FORM_WORD.to_numpy(), 0).astype(np.uint64)  # form code -> word id; 0: none
_IS_SECOND = np.append(np.isin(np.arange(_FORMS.height), _SECOND_CODES.to_numpy()), False)


# Built once: converting the 23,000-form Enum (and the replacement lists) to polars' own types
# costs milliseconds each time an expression names them.
_RAW_TOKENS = (
    (pl.col("text") + " ")  # so that every token, an emoticon too, ends with a space
    .str.replace_many(_NORMALISE_FROM, _NORMALISE_TO, leftmost=True)
    .str.split(" ")
    .alias("raw")
)
_NEUTRAL = _FORMS.height  # the form code of a neutral token (no row in _FORMS)
_FORM_CODE = pl.col("raw").cast(_FORM_ENUM, strict=False).to_physical().fill_null(_NEUTRAL)
_MARKS = [
    pl.col("text").str.count_matches("!", literal=True).fill_null(0).alias("bangs"),
    pl.col("text").str.count_matches("?", literal=True).fill_null(0).alias("asks"),
]


def _by_code(values: pl.Series, neutral: object) -> np.ndarray:
    """A `_FORMS` column as an array indexed by form code, `neutral` at `_NEUTRAL`."""
    return np.append(values.to_numpy(), np.array([neutral], dtype=values.to_numpy().dtype))


_NO_ID = np.iinfo(np.uint32).max
_ID_OF = _by_code(_FORMS["id"].fill_null(_NO_ID), _NO_ID)  # form code -> LEXICON_FRAME row
_CAPS_OF = _by_code(_FORMS["caps"], False)
_HEAD_OF = _by_code(_FORMS["head"], False)
# the forms that carry a frame row or start a phrase (the others only follow a head)
_KEPT_OF = (np.arange(_NEUTRAL + 1) >= _KEPT_START) & (np.arange(_NEUTRAL + 1) < _KEPT_END)


def _tokens(texts: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every token of every text, in order (its position over all tokens of all texts is its
    row index in the frame): its text's row and its code in `_FORMS` (`_NEUTRAL`: a neutral
    word); and per text the counts of "!" and "?" (both queries run at once)."""
    marks = pl.LazyFrame({"text": texts}).select(_MARKS)
    tokens = (
        pl.LazyFrame({"text": texts})
        .select(_RAW_TOKENS)
        .with_row_index("row")
        .explode("raw", empty_as_null=False, keep_nulls=False)
        .filter(pl.col("raw") != "")
        .select("row", form=_FORM_CODE)
    )
    tokens, marks = pl.collect_all([tokens, marks])
    return tokens, marks


def _phrases(
    heads: np.ndarray, t_form: np.ndarray, t_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longest phrase starting at each of the phrase heads (token positions): the heads that
    start one, the phrases' ids in `LEXICON_FRAME` and their word counts (spans).

    For each head, the word ids of the next tokens (none for a neutral word, another text or
    past the end) extend its key one word at a time, and each key is looked up among the
    phrases. A phrase never spans punctuation (a token of its own) or two texts; a head inside
    an earlier phrase starts none."""
    size = len(t_form)
    pos = heads.astype(np.int64)
    # cheap check first: the next token is a word that comes second in some phrase
    second = _IS_SECOND[t_form[np.minimum(pos + 1, size - 1)]] & (pos + 1 < size)
    pos = pos[second]
    row = t_row[pos]
    key = _WORD_OF[t_form[pos]]
    alive = np.ones(len(pos), dtype=bool)
    phrase_id = np.zeros(len(pos), dtype=np.uint32)
    span = np.zeros(len(pos), dtype=np.int64)
    for k in range(1, _PHRASE_LEN):
        at = np.minimum(pos + k, size - 1)
        word = _WORD_OF[t_form[at]]
        alive &= (pos + k < size) & (t_row[at] == row) & (word != 0)
        key = (key << np.uint64(_WORD_BITS)) + word
        slot = np.minimum(np.searchsorted(_PHRASE_KEYS_SORTED, key), len(_PHRASE_KEYS_SORTED) - 1)
        hit = alive & (_PHRASE_KEYS_SORTED[slot] == key)
        phrase_id[hit] = _PHRASE_ROWS_SORTED[slot[hit]]
        span[hit] = k + 1  # the longest match wins
    found = span > 0
    pos, phrase_id, span = pos[found], phrase_id[found], span[found]
    first = ~_covered(pos, span, size)[pos]
    return pos[first], phrase_id[first], span[first]


def _covered(pos: np.ndarray, span: np.ndarray, size: int) -> np.ndarray:
    """Mask over `size` token positions: true inside a matched phrase, after its head."""
    mask = np.zeros(size, dtype=bool)
    for k in range(1, _PHRASE_LEN):
        mask[pos[span > k] + k] = True
    return mask


def _but_weight() -> pl.Expr:
    """0.5 before the first "but" of a sentence, 1.5 after it, 1.0 elsewhere (no group-by:
    counts of "but" before and after each token within its sentence from running sums)."""
    is_but = pl.col("but").cast(pl.Int32)
    before = is_but.cum_sum() - is_but
    after = is_but.cum_sum(reverse=True) - is_but
    starts = pl.col("sentence") != pl.col("sentence").shift(1)
    ends = pl.col("sentence") != pl.col("sentence").shift(-1)
    before_in = before - pl.when(starts.fill_null(True)).then(before).forward_fill()
    after_in = after - pl.when(ends.fill_null(True)).then(after).backward_fill()
    return pl.when(before_in > 0).then(BUT_AFTER).when(after_in > 0).then(BUT_BEFORE).otherwise(1.0)


def _resolve(tokens: pl.DataFrame) -> pl.DataFrame:
    """The kept tokens (row, pos, dist, the `LEXICON_FRAME` row `id`, caps, and `keep`: true
    for those that carry a frame row): each matched phrase becomes one row (its head's, moved
    to its last word: "never been so" boosts the word after it) and the words it covers are
    not kept. `dist` is the position with articles not counted ("never had a single
    problem"). Numpy: whole-array steps."""
    t_form, t_row = tokens["form"].to_numpy(), tokens["row"].to_numpy()
    articles = np.cumsum(t_form < _ARTICLES_END)  # articles up to each position
    pos = np.flatnonzero(_KEPT_OF[t_form])
    form = t_form[pos]
    heads, phrase_id, span = _phrases(pos[_HEAD_OF[form]], t_form, t_row)
    ends = heads + span - 1
    inside = _covered(heads, span, len(t_form))[pos]
    ids, caps = _ID_OF[form], _CAPS_OF[form]
    at = np.searchsorted(pos, heads)  # the heads' rows among the kept tokens
    new_pos = pos.copy()
    new_pos[at] = ends
    ids[at] = phrase_id
    caps[at] = False
    return pl.DataFrame(
        {
            "row": t_row[pos],
            "pos": new_pos.astype(np.uint32),
            "dist": new_pos - articles[new_pos],
            "id": ids,
            "caps": caps,
            "keep": (ids != _NO_ID) & ~inside,
        }
    )


def score_texts(texts: pl.Series) -> pl.Series:
    """Score each text's sentiment in [-1, 1] (0.0 for null, empty or sentiment-free texts).

    Vectorized over the whole series (tokens exploded into one frame, no Python loop over
    rows); see the module docstring for the rules. Returns a Float64 series named like
    `texts`, one value per input row.
    """
    texts = texts.cast(pl.String)
    tokens, rows = _tokens(texts)
    s = _sums(tokens, texts)
    bangs, asks = rows["bangs"].to_numpy(), rows["asks"].to_numpy()
    asked = np.where(asks > 3, MAX_QUESTION_BOOST, np.where(asks > 1, asks * QUESTION_BOOST, 0.0))
    s = s + np.sign(s) * (np.minimum(bangs, MAX_EXCLAMATIONS) * EXCLAMATION_BOOST + asked)
    return pl.Series(texts.name, np.clip(s / np.sqrt(s * s + ALPHA), -1.0, 1.0))


def _valence_query() -> tuple[list[pl.Expr], dict[str, pl.Expr], dict[str, pl.Expr], pl.Expr]:
    """The steps of `_sums`'s query, built once (see `_RAW_TOKENS`): the lexicon columns of
    each token, its clause and sentence, how far back the previous tokens are, and its
    valence with every rule applied."""
    lexicon = [
        pl.lit(LEXICON_FRAME[name]).gather(pl.col("id")).alias(name)
        for name in LEXICON_FRAME.columns
        if name != "token"
    ]
    # A sentence ends at ". ? ! ;" or a new text, except right before a "But" that opens the
    # next sentence: it contrasts with this one.
    new_row = (pl.col("row") != pl.col("row").shift(1)).fill_null(True)
    but_next = (pl.col("but").shift(-1) & (pl.col("pos").shift(-1) == pl.col("pos") + 1)).fill_null(
        False
    )
    sections = {
        "clause": pl.col("clause_end").cum_sum(),
        "sentence": (
            new_row | (pl.col("sentence_end") & ~but_next).shift(1).fill_null(False)
        ).cum_sum(),
    }
    # How far back (articles not counted) the k-th previous kept token is, when it is in the
    # same text and clause.
    back = {
        f"back{k}": pl.when(
            (pl.col("row") == pl.col("row").shift(k))
            & (pl.col("clause") == pl.col("clause").shift(k))
        ).then(pl.col("dist") - pl.col("dist").shift(k))
        for k in range(1, max(NEGATION_WINDOW, REDUCER_WINDOW, BOOSTER_WINDOW) + 1)
    }
    negated = pl.any_horizontal(
        [
            (pl.col(f"back{k}") <= NEGATION_WINDOW) & pl.col("negator").shift(k)
            for k in range(1, NEGATION_WINDOW + 1)
        ]
        + [
            (pl.col(f"back{k}") <= REDUCER_WINDOW) & pl.col("reducer").shift(k)
            for k in range(1, REDUCER_WINDOW + 1)
        ]
    ).fill_null(False)
    boost = pl.lit(1.0)
    for k in range(1, BOOSTER_WINDOW + 1):
        factor = pl.when(pl.col(f"back{k}") <= BOOSTER_WINDOW).then(pl.col("booster").shift(k))
        boost = boost * factor.fill_null(1.0)
    # an ALL-CAPS word counts only in a text that is not all caps (has_lower: the text's)
    shouting = pl.col("caps") & pl.col("has_lower")
    valence = (
        pl.col("valence")
        * boost
        * pl.when(negated).then(NEGATION_SCALAR).otherwise(1.0)
        * pl.when(shouting).then(CAPS_FACTOR).otherwise(1.0)
        * _but_weight()
    )
    return lexicon, sections, back, valence


_LEXICON_COLUMNS, _SECTIONS, _BACK, _VALENCE = _valence_query()
_RUNNING_SUM = _VALENCE.fill_null(0.0).cum_sum()
_LAST_OF_TEXT = (pl.col("row") != pl.col("row").shift(-1)).fill_null(True)


def _sums(tokens: pl.DataFrame, texts: pl.Series) -> np.ndarray:
    """Each text's summed valence (before the "!"/"?" emphasis), from its tokens."""
    kept = _resolve(tokens)
    caps = kept["caps"].to_numpy() & kept["keep"].to_numpy()
    has_lower = np.zeros(kept.height, dtype=bool)
    if caps.any():
        lower = texts.str.contains(r"\p{Ll}").fill_null(False).to_numpy()
        has_lower = lower[kept["row"].to_numpy()]
    # Sum per text without a group-by: `kept` is sorted by row, so a text's sum is the running
    # sum at its last token minus the running sum at the previous text's last token.
    total = (
        kept.lazy()
        .with_columns(has_lower=pl.lit(pl.Series(has_lower)))
        .filter("keep")
        .with_columns(_LEXICON_COLUMNS)
        .with_columns(**_SECTIONS)
        .filter(~pl.col("clause_end") | pl.col("but"))  # punctuation only delimits: drop it
        .with_columns(**_BACK)
        .select("row", run=_RUNNING_SUM, last=_LAST_OF_TEXT)
        .filter("last")
        .collect(engine="in-memory")
    )
    sums = np.zeros(texts.len())
    run = total["run"]  # rounded: a running-sum difference leaves 1e-16 where valences cancel
    sums[total["row"].to_numpy()] = (run - run.shift(1, fill_value=0.0)).round(9).to_numpy()
    return sums


def tone(
    title: pl.Series,
    body: pl.Series,
    *,
    title_weight: float = 2.0,
    body_chars: int = BODY_CHARS,
) -> pl.Series:
    """Return the tone of each story in [-1, 1]: a weighted mean of headline and body scores.

    ``(title_weight * score(title) + score(body)) / (title_weight + 1)``; when the body is null
    or blank the tone is the headline score alone, and when the headline is null or blank it is
    the body score alone (0.0 when both are). Only the first `body_chars` characters of the
    body are scored: the lede sets a story's tone, and on long texts the summed valences
    saturate towards +-1 whatever the balance (VADER's normalisation is meant for short texts).
    """
    if title_weight < 0:
        raise ValueError("title_weight must be >= 0")
    title = title.cast(pl.String)
    body = body.cast(pl.String)
    frame = pl.DataFrame(
        {
            "t": score_texts(title),
            "b": score_texts(body.str.slice(0, body_chars)),
            "has_t": title.str.strip_chars().str.len_chars().fill_null(0) > 0,
            "has_b": body.str.strip_chars().str.len_chars().fill_null(0) > 0,
        }
    )
    weight_t = pl.when(pl.col("has_t")).then(title_weight).otherwise(0.0)
    weight_b = pl.when(pl.col("has_b")).then(1.0).otherwise(0.0)
    total = weight_t + weight_b
    mixed = (
        pl.when(total > 0)
        .then((weight_t * pl.col("t") + weight_b * pl.col("b")) / total)
        .otherwise(0.0)
    )
    return frame.select(mixed.alias("tone")).to_series()
