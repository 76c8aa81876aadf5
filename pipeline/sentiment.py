"""The project's one tone scorer: a lexicon-based, VADER-style sentiment score in pure polars.

Used for the tone of news stories now (`tone`) and of social posts later (`score_texts`).

How a text is scored (every step is a polars expression over all texts at once):

1. Normalise: whitespace runs become one space; curly apostrophes count as ``'``; emoji
   variation selectors, joiners and skin-tone modifiers are not tokens, so "❤️" is "❤".
2. Tokenise with one regex (`TOKEN_PATTERN`, case-insensitive): multi-word phrases of the lexicon
   first (longest first: "elevated error rates", "went down", "back up", "not working",
   "game changer", "a bit", ...), then words that keep inner ``' - _ .`` ("isn't",
   "rate-limited", "5xx", "529", "gpt-4.1"), emoticons (``:( :-) :D``), single emoji
   pictographs, ``!`` runs and clause punctuation ``. ? ;``.
3. Explode the tokens with their row index and position, lower-case them and left-join
   `LEXICON_FRAME` (token -> valence, booster factor, negator and clause-end flags); neutral
   tokens are then dropped (their positions still count for the windows below).
4. Modify each sentiment word by its neighbours in the same row and clause (a clause ends at
   ``. ? ; !`` or "but"):

   - negation: a negator ("not", "never", "isn't", "no", "without", "barely", ...) or a reducer
     ("fewer errors", "less reliable", "cuts hallucinations", "calms fears", "little benefit")
     among the previous `NEGATION_WINDOW` (3) tokens multiplies the valence by `NEGATION_SCALAR`
     (-0.74: flips and damps, so "not good" is milder than "bad");
   - intensifiers and dampeners ("very" 1.3, "extremely" 1.5, "major" 1.3, "slightly" 0.6,
     "a bit" 0.7, "briefly" 0.7, ...) among the previous 2 tokens multiply it;
   - an ALL-CAPS sentiment word in a text that is not all caps weighs `CAPS_FACTOR` (1.3);
   - "but": words before the first "but" of a text weigh 0.5, words after it 1.5.
5. Sum per text: ``s``; each "!" (at most 4 per text) adds 0.292 in the direction of ``s``;
   the score is ``s / sqrt(s**2 + ALPHA)`` with VADER's ``ALPHA = 15``, in [-1, 1].
   Null, empty or sentiment-free texts score 0.0.

Lexicon sources and choices. The scale and the modifier constants (-0.74, 0.292, alpha 15,
the 0.5/1.5 "but" weights) follow the VADER paper (Hutto & Gilbert, ICWSM 2014): valences
from -4 (extremely negative) to +4 (extremely positive), ~2 for an ordinary sentiment word.
The entries themselves were written for this project and are NOT VADER's lexicon file:

- a few hundred general English words common in news and posts ("great", "terrible",
  "praised", "lawsuit", "layoffs", "breach", "record" is left out on purpose: a record high and
  a record outage are both records);
- the words people use about AI services, weighted as users mean them: "down", "outage",
  "529", "5xx", "overloaded", "timeout", "laggy", "hallucinating", "nerfed", "lobotomized",
  "rate limited", "throttled", "unusable" against "fast", "reliable", "back up", "fixed",
  "resolved", "game changer";
- phrases that disambiguate common words: "is down"/"went down" (bare "down" is only -1.0:
  stocks and prices go down too), "back up", "not working", "no issues", "error rate",
  "status page" and "switched to" (neutral: migration is a topic, not a tone);
- mild valences for business news as it reads for the company it is about: partnerships,
  investment, funding and valuations slightly positive (0.5-1.2); lawsuits, probes, fines,
  price hikes, clashes negative;
- emoji and emoticons with a clear valence (😡 🤬 🙄 😭 👎 💀 against 👍 ❤ 🎉 🚀 🙏 ...).

Words that are ambiguous in news are neutral or mild on purpose: "like" (a preposition in
"assistants like ChatGPT"), "cut"/"cuts" (no valence of their own: price cuts are good news,
job cuts are not; they act as reducers, "cuts errors"), "fine" (0.8; "fined" and "fines" are
negative), "free" (0.8), "surge", "record", "latency" (only "high latency" and "latency
spikes" count).
"""

from __future__ import annotations

import re

import polars as pl

ALPHA = 15.0
NEGATION_SCALAR = -0.74
NEGATION_WINDOW = 3
BOOSTER_WINDOW = 2
BUT_BEFORE = 0.5
BUT_AFTER = 1.5
EXCLAMATION_BOOST = 0.292
MAX_EXCLAMATIONS = 4
CAPS_FACTOR = 1.3
BODY_CHARS = 1000

# token -> valence on the VADER scale (-4..4). Keys are lower case; keys with a space are
# phrases, matched before single words (any whitespace between their words).
LEXICON: dict[str, float] = {
    # --- general positive -------------------------------------------------------------
    "good": 1.9,
    "great": 3.1,
    "excellent": 3.2,
    "amazing": 2.9,
    "awesome": 3.1,
    "fantastic": 3.2,
    "wonderful": 3.0,
    "brilliant": 2.9,
    "superb": 3.1,
    "outstanding": 3.0,
    "terrific": 3.0,
    "incredible": 2.6,
    "impressive": 2.5,
    "impressed": 2.3,
    "impresses": 2.2,
    "remarkable": 2.2,
    "solid": 1.4,
    "nice": 1.8,
    "cool": 1.3,
    "fine": 0.8,
    "decent": 1.2,
    "okay": 0.8,
    "ok": 0.8,
    "best": 3.0,
    "better": 1.9,
    "improve": 1.6,
    "improved": 1.8,
    "improves": 1.7,
    "improvement": 1.8,
    "improvements": 1.6,
    "love": 3.1,
    "loved": 2.9,
    "loves": 2.9,
    "loving": 2.8,
    "lovely": 2.7,
    "enjoy": 2.1,
    "enjoyed": 2.1,
    "happy": 2.7,
    "happier": 2.4,
    "glad": 2.0,
    "pleased": 2.2,
    "delighted": 2.9,
    "delightful": 2.8,
    "excited": 2.2,
    "exciting": 2.3,
    "thrilled": 2.8,
    "praise": 2.3,
    "praised": 2.3,
    "praises": 2.2,
    "cheer": 2.0,
    "cheered": 2.0,
    "celebrate": 2.5,
    "celebrates": 2.3,
    "celebrated": 2.3,
    "win": 2.4,
    "wins": 2.3,
    "won": 2.1,
    "winner": 2.4,
    "winners": 2.2,
    "winning": 2.3,
    "victory": 2.7,
    "success": 2.6,
    "successful": 2.5,
    "successfully": 2.2,
    "succeed": 2.2,
    "succeeded": 2.2,
    "thrive": 2.2,
    "thriving": 2.2,
    "boost": 1.6,
    "boosts": 1.6,
    "boosted": 1.6,
    "gain": 1.5,
    "gains": 1.5,
    "gained": 1.4,
    "growth": 1.5,
    "grow": 1.1,
    "grows": 1.1,
    "growing": 1.1,
    "rally": 1.6,
    "rallies": 1.6,
    "soar": 2.0,
    "soars": 2.0,
    "soared": 2.0,
    "strong": 1.6,
    "stronger": 1.7,
    "robust": 1.6,
    "benefit": 1.8,
    "benefits": 1.7,
    "helpful": 1.9,
    "helps": 1.3,
    "help": 1.2,
    "helped": 1.2,
    "useful": 1.8,
    "valuable": 2.0,
    "worth": 0.9,
    "easy": 1.6,
    "easier": 1.5,
    "effortless": 2.0,
    "smooth": 1.7,
    "smoothly": 1.8,
    "seamless": 2.0,
    "seamlessly": 2.0,
    "flawless": 2.9,
    "flawlessly": 2.8,
    "perfect": 2.9,
    "perfectly": 2.6,
    "beautiful": 2.8,
    "beautifully": 2.7,
    "elegant": 2.2,
    "gorgeous": 2.8,
    "charming": 2.3,
    "tender": 1.5,
    "fun": 2.2,
    "funny": 1.6,
    "clever": 1.9,
    "smart": 1.7,
    "smarter": 1.8,
    "smartest": 2.0,
    "genius": 2.5,
    "innovative": 2.0,
    "breakthrough": 2.3,
    "revolutionary": 2.2,
    "powerful": 1.9,
    "capable": 1.5,
    "accurate": 1.7,
    "precise": 1.4,
    "efficient": 1.7,
    "productive": 1.9,
    "reliable": 2.1,
    "reliably": 1.8,
    "dependable": 2.0,
    "stable": 1.5,
    "secure": 1.4,
    "safe": 1.3,
    "safer": 1.4,
    "trust": 1.6,
    "trusted": 1.7,
    "trustworthy": 2.0,
    "recommend": 1.8,
    "recommended": 1.8,
    "favorite": 2.1,
    "favourite": 2.1,
    "thanks": 1.9,
    "thank": 1.9,
    "grateful": 2.3,
    "appreciate": 2.0,
    "kudos": 2.3,
    "bravo": 2.5,
    "congrats": 2.5,
    "congratulations": 2.6,
    "wow": 2.2,
    "yay": 2.4,
    "hooray": 2.5,
    "optimistic": 1.9,
    "hope": 1.5,
    "hopeful": 1.8,
    "promising": 1.9,
    "progress": 1.6,
    "opportunity": 1.5,
    "opportunities": 1.4,
    "popular": 1.6,
    "deserved": 1.5,
    "rave": 2.2,
    "raves": 2.2,
    "relief": 1.6,
    "relieved": 1.9,
    "confident": 1.9,
    "welcome": 1.7,
    "welcomed": 1.7,
    "welcomes": 1.6,
    "positive": 1.8,
    "upbeat": 1.9,
    "affordable": 1.5,
    "cheaper": 0.8,
    "free": 0.8,
    "profitable": 1.8,
    "profit": 1.4,
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
    "secures": 1.0,
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
    # --- general negative -------------------------------------------------------------
    "cancel": -0.8,
    "cancels": -0.8,
    "cancelled": -0.8,
    "canceled": -0.8,
    "flee": -1.5,
    "flees": -1.5,
    "abandon": -1.6,
    "abandons": -1.6,
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
    "violates": -1.8,
    "violated": -1.8,
    "violation": -1.8,
    "violations": -1.8,
    "hike": -1.0,
    "hikes": -1.0,
    "price hike": -1.5,
    "price increase": -1.2,
    "raises prices": -1.2,
    "higher prices": -1.2,
    "run dry": -1.8,
    "falling apart": -2.2,
    "latency spikes": -1.8,
    "strain": -1.2,
    "strains": -1.2,
    "blackouts": -2.0,
    "destructive": -2.0,
    "jailbreak": -1.5,
    "jailbroke": -1.5,
    "jailbroken": -1.5,
    "harvesting": -1.2,
    "raises questions": -1.2,
    "bubble": -0.8,
    "bad": -2.5,
    "worse": -2.1,
    "worst": -3.1,
    "terrible": -3.0,
    "horrible": -3.0,
    "awful": -3.0,
    "dreadful": -2.9,
    "poor": -2.0,
    "poorly": -2.0,
    "weak": -1.5,
    "weaker": -1.5,
    "disappointing": -2.3,
    "disappointed": -2.2,
    "disappointment": -2.3,
    "disaster": -3.0,
    "disastrous": -3.0,
    "catastrophe": -3.1,
    "catastrophic": -3.1,
    "fail": -2.3,
    "fails": -2.2,
    "failed": -2.2,
    "failing": -2.2,
    "failure": -2.4,
    "failures": -2.3,
    "problem": -1.6,
    "problems": -1.6,
    "issue": -0.6,
    "issues": -0.9,
    "trouble": -1.8,
    "troubles": -1.8,
    "error": -1.6,
    "errors": -1.8,
    "mistake": -1.6,
    "mistakes": -1.6,
    "wrong": -2.0,
    "broken": -2.4,
    "broke": -1.6,
    "breaks": -1.3,
    "crash": -2.3,
    "crashes": -2.3,
    "crashed": -2.4,
    "crashing": -2.3,
    "bug": -1.3,
    "bugs": -1.3,
    "buggy": -2.1,
    "glitch": -1.6,
    "glitches": -1.6,
    "glitchy": -1.9,
    "flaw": -1.7,
    "flaws": -1.7,
    "flawed": -1.9,
    "annoying": -2.1,
    "annoyed": -2.0,
    "frustrating": -2.2,
    "frustrated": -2.1,
    "frustrate": -2.0,
    "frustrates": -2.0,
    "frustration": -2.1,
    "angry": -2.5,
    "anger": -2.4,
    "angers": -2.3,
    "furious": -3.0,
    "outrage": -2.7,
    "outraged": -2.8,
    "hate": -2.8,
    "hated": -2.7,
    "hates": -2.7,
    "sad": -2.1,
    "unhappy": -2.1,
    "upset": -2.0,
    "worried": -1.7,
    "worry": -1.6,
    "worries": -1.6,
    "concern": -1.0,
    "concerns": -1.1,
    "concerned": -1.3,
    "fear": -1.9,
    "fears": -1.9,
    "afraid": -1.8,
    "alarm": -1.6,
    "alarming": -2.2,
    "scary": -2.1,
    "dangerous": -2.2,
    "danger": -2.1,
    "risk": -1.1,
    "risks": -1.1,
    "risky": -1.6,
    "threat": -1.9,
    "threats": -1.9,
    "threaten": -1.9,
    "threatens": -1.9,
    "harm": -2.1,
    "harmful": -2.2,
    "harms": -2.0,
    "damage": -2.0,
    "damaging": -2.2,
    "hurt": -2.0,
    "hurts": -2.0,
    "pain": -2.0,
    "painful": -2.3,
    "struggle": -1.7,
    "struggles": -1.7,
    "struggling": -1.8,
    "complain": -1.7,
    "complained": -1.7,
    "complaining": -1.8,
    "complaint": -1.5,
    "complaints": -1.6,
    "criticism": -1.7,
    "criticize": -1.7,
    "criticized": -1.8,
    "criticised": -1.8,
    "critics": -1.0,
    "slam": -1.8,
    "slams": -1.8,
    "slammed": -1.9,
    "backlash": -2.1,
    "scandal": -2.6,
    "controversy": -1.6,
    "controversial": -1.4,
    "mess": -2.0,
    "messy": -1.7,
    "chaos": -2.3,
    "chaotic": -2.2,
    "crisis": -2.6,
    "collapse": -2.6,
    "collapses": -2.5,
    "collapsed": -2.5,
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
    "drop": -0.8,
    "drops": -0.5,
    "dropped": -0.8,
    "decline": -1.2,
    "declines": -1.2,
    "declining": -1.3,
    "loss": -1.8,
    "losses": -1.8,
    "lose": -1.8,
    "loses": -1.8,
    "losing": -1.8,
    "lost": -1.5,
    "defeat": -2.1,
    "defeated": -2.0,
    "layoffs": -2.2,
    "layoff": -2.1,
    "laid off": -2.2,
    "fired": -1.9,
    "sacked": -1.9,
    "lawsuit": -1.4,
    "lawsuits": -1.4,
    "sue": -1.5,
    "sues": -1.5,
    "sued": -1.6,
    "suing": -1.5,
    "fined": -1.9,
    "fines": -1.4,
    "penalty": -1.7,
    "penalties": -1.7,
    "probe": -1.1,
    "investigation": -0.9,
    "investigating": -0.6,
    "accused": -1.8,
    "accuses": -1.8,
    "allegation": -1.5,
    "allegations": -1.6,
    "alleged": -1.2,
    "alleges": -1.2,
    "fraud": -2.9,
    "scam": -2.7,
    "scams": -2.6,
    "theft": -2.4,
    "steal": -2.3,
    "steals": -2.3,
    "stole": -2.3,
    "stolen": -2.3,
    "stealing": -2.3,
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
    "attack": -2.1,
    "attacks": -2.1,
    "attacked": -2.2,
    "attacker": -1.9,
    "attackers": -1.9,
    "phishing": -2.2,
    "spam": -1.6,
    "censored": -1.6,
    "censorship": -1.9,
    "ban": -1.4,
    "bans": -1.4,
    "banned": -1.7,
    "blocked": -1.4,
    "refuses": -1.3,
    "refused": -1.4,
    "reject": -1.5,
    "rejected": -1.6,
    "rejects": -1.5,
    "denies": -1.2,
    "denied": -1.4,
    "delay": -1.3,
    "delays": -1.4,
    "delayed": -1.4,
    "halt": -1.2,
    "halted": -1.4,
    "suspend": -1.4,
    "suspends": -1.4,
    "suspended": -1.5,
    "paused": -0.8,
    "stall": -1.4,
    "stalls": -1.4,
    "stalled": -1.5,
    "falter": -1.8,
    "falters": -1.8,
    "faltering": -1.8,
    "shrink": -1.3,
    "shrinks": -1.3,
    "inaccurate": -1.9,
    "inaccuracies": -1.8,
    "bizarre": -1.5,
    "embarrassing": -2.2,
    "embarrassment": -2.2,
    "misleading": -2.0,
    "false": -1.4,
    "fake": -1.9,
    "biased": -1.8,
    "toxic": -2.4,
    "offensive": -2.2,
    "inappropriate": -1.9,
    "antisemitic": -2.8,
    "racist": -2.9,
    "suicide": -2.8,
    "death": -2.5,
    "dead": -2.4,
    "killed": -2.8,
    "deadly": -2.7,
    "wildfire": -1.8,
    "storm": -1.2,
    "flooding": -1.6,
    "hurricane": -1.5,
    "evacuation": -1.5,
    "victim": -1.9,
    "victims": -2.0,
    "abuse": -2.6,
    "harassment": -2.5,
    "unfair": -2.0,
    "overpriced": -1.9,
    "expensive": -1.2,
    "pricey": -1.0,
    "costly": -1.4,
    "lazy": -1.7,
    "lazier": -1.7,
    "dumb": -2.0,
    "dumber": -2.1,
    "stupid": -2.3,
    "useless": -2.7,
    "worthless": -2.8,
    "garbage": -2.8,
    "trash": -2.6,
    "junk": -2.2,
    "ridiculous": -2.0,
    "unacceptable": -2.6,
    "sloppy": -1.9,
    "mediocre": -1.6,
    "meh": -1.0,
    "boring": -1.6,
    "curt": -1.0,
    "sycophantic": -1.7,
    "regret": -1.8,
    "sorry": -1.0,
    "apologises": -1.0,
    "apologizes": -1.0,
    "confusing": -1.6,
    "confused": -1.4,
    "nightmare": -2.8,
    "sucks": -2.5,
    "wtf": -2.0,
    "ugh": -1.8,
    "smh": -1.5,
    "ripoff": -2.3,
    "rip-off": -2.3,
    "shady": -1.8,
    "sketchy": -1.6,
    "doubt": -1.2,
    "doubts": -1.2,
    "skeptical": -1.2,
    "uncertainty": -1.2,
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
    # --- social slang (meh/ugh/wtf/smh are with the general negative words) ----------
    # Laughter is mildly positive (often sarcastic next to a complaint, so below "good").
    "lol": 1.0,
    "lmao": 1.2,
    "lmfao": 1.2,
    "rofl": 1.2,
    "haha": 1.4,
    "hahaha": 1.6,
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
}

# Multiply the valence of the next sentiment word(s): >1 intensifies, <1 dampens.
BOOSTERS: dict[str, float] = {
    "very": 1.3,
    "really": 1.3,
    "so": 1.2,
    "too": 1.2,
    "super": 1.3,
    "extremely": 1.5,
    "incredibly": 1.5,
    "insanely": 1.5,
    "ridiculously": 1.4,
    "absolutely": 1.4,
    "completely": 1.4,
    "totally": 1.35,
    "utterly": 1.5,
    "highly": 1.3,
    "hugely": 1.4,
    "massively": 1.4,
    "seriously": 1.3,
    "truly": 1.3,
    "deeply": 1.3,
    "especially": 1.2,
    "particularly": 1.2,
    "remarkably": 1.3,
    "exceptionally": 1.4,
    "painfully": 1.4,
    "terribly": 1.4,
    "awfully": 1.35,
    "dramatically": 1.3,
    "wildly": 1.3,
    "significantly": 1.25,
    "noticeably": 1.15,
    "way": 1.2,
    "much": 1.15,
    "pretty": 1.1,
    "quite": 1.1,
    "major": 1.3,
    "massive": 1.4,
    "huge": 1.3,
    "widespread": 1.3,
    "total": 1.2,
    "slightly": 0.6,
    "somewhat": 0.7,
    "mildly": 0.6,
    "partly": 0.7,
    "partially": 0.7,
    "partial": 0.7,
    "marginally": 0.5,
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
    "sometimes": 0.8,
    "briefly": 0.7,
    "brief": 0.7,
    "intermittently": 0.8,
    "minor": 0.6,
}

# A negator among the previous NEGATION_WINDOW tokens of the same clause flips and damps.
NEGATORS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "nowhere",
        "without",
        "hardly",
        "barely",
        "scarcely",
        "rarely",
        "seldom",
        "cannot",
        "can't",
        "cant",
        "don't",
        "dont",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "isn't",
        "isnt",
        "aren't",
        "arent",
        "wasn't",
        "wasnt",
        "weren't",
        "werent",
        "won't",
        "wouldn't",
        "wouldnt",
        "shouldn't",
        "couldn't",
        "couldnt",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "hadn't",
        "ain't",
        "aint",
        "mustn't",
        "needn't",
        # reducers: "fewer errors", "less reliable", "cuts hallucinations", "calms fears"
        "fewer",
        "less",
        "lower",
        "little",
        "reduce",
        "reduces",
        "reduced",
        "cut",
        "cuts",
        "cutting",
        "calms",
        "eases",
        "eased",
    }
)

# Tokens that end a clause: negation and boosters do not reach across them ("!" runs too).
CLAUSE_ENDS: frozenset[str] = frozenset({".", "?", ";", "but"})

# Emoji presentation selectors and zero-width joiners are not tokens; skin-tone modifiers are
# subtracted from the pictograph class, so "👍🏽" is the token "👍".
_APOSTROPHE = "\u2019"
_SPACES = "[\t\n\r\f\v\u00a0 ]{2,}|[\t\n\r\f\v\u00a0]"
_WORD = r"[\p{L}\p{N}]+(?:['\u2019._\-][\p{L}\p{N}]+)*"
_EMOTICON = r"[:;]-?[()]|:'\(|:-?[dD]\b"
_EMOJI = r"[\p{Extended_Pictographic}--[\x{1F3FB}-\x{1F3FF}]]"


def _phrase_regex(phrase: str) -> str:
    body = " ".join(re.escape(part) for part in phrase.split()).replace("'", "['\u2019]")
    start = r"\b" if phrase[0].isalnum() else ""
    end = r"\b" if phrase[-1].isalnum() else ""
    return f"{start}{body}{end}"


_PHRASES = sorted({key for key in (*LEXICON, *BOOSTERS) if " " in key}, key=lambda p: (-len(p), p))

TOKEN_PATTERN: str = (
    "(?i)(?:"
    + "|".join(
        [
            *(_phrase_regex(p) for p in _PHRASES),
            _EMOTICON,
            _WORD,
            _EMOJI,
            r"!+",
            r"[.?;]",
        ]
    )
    + ")"
)
"""One regex that splits a text into tokens: lexicon phrases first, then words, emoticons,
emoji, "!" runs and clause punctuation. Works in polars' `str.extract_all`; expects runs of
whitespace collapsed to one space (phrases are matched with single spaces)."""


def _hit_regex(key: str) -> str:
    # A literal every text holding the token `key` contains (case-insensitive): a phrase's
    # first word, since the tokenizer matches phrases over any whitespace between words.
    return re.escape(key.split()[0]).replace("'", "['\u2019]")


HIT_PATTERN: str = "(?i)" + "|".join(
    sorted({_hit_regex(k) for k, v in LEXICON.items() if v != 0.0}, key=lambda p: (-len(p), p))
)
"""Substring prefilter: a text matching none of the non-zero valence keys has no sentiment
token and scores 0.0, so `score_texts` tokenizes only the texts that match."""


LEXICON_FRAME: pl.DataFrame = pl.DataFrame(
    [
        (
            token,
            LEXICON.get(token),
            BOOSTERS.get(token),
            token in NEGATORS,
            token in CLAUSE_ENDS,
        )
        for token in sorted({*LEXICON, *BOOSTERS, *NEGATORS, *CLAUSE_ENDS})
    ],
    schema={
        "token": pl.String,
        "valence": pl.Float64,
        "booster": pl.Float64,
        "negator": pl.Boolean,
        "clause_end": pl.Boolean,
    },
    orient="row",
)
"""token -> valence (null when the token only modifies), booster factor, negator and
clause-end flags. Every token of a text that is not in this frame (nor a "!" run) is neutral."""


def _near(k: int, window: int) -> pl.Expr:
    """The k-th previous kept token is in the same text and clause, at most `window` back."""
    return (
        (pl.col("row").shift(k) == pl.col("row"))
        & (pl.col("clause").shift(k) == pl.col("clause"))
        & (pl.col("pos") - pl.col("pos").shift(k) <= window)
    )


def score_texts(texts: pl.Series) -> pl.Series:
    """Score each text's sentiment in [-1, 1] (0.0 for null, empty or sentiment-free texts).

    Vectorized over the whole series (tokens exploded into one frame, no Python loop over
    rows); see the module docstring for the rules. Returns a Float64 series named like
    `texts`, one value per input row.
    """
    frame = pl.DataFrame({"text": texts.cast(pl.String)}).with_row_index("row")
    tokens = (
        frame.filter(pl.col("text").str.contains(HIT_PATTERN))  # the rest score 0.0
        .select(
            "row",
            pl.col("text").str.contains(r"\p{Ll}").fill_null(False).alias("has_lower"),
            pl.col("text")
            .str.replace_all(_SPACES, " ")
            .str.extract_all(TOKEN_PATTERN)
            .alias("raw"),
        )
        .explode("raw", empty_as_null=False, keep_nulls=False)
        .drop_nulls("raw")
        .with_row_index("pos")  # positions count every token, neutral ones too
        .with_columns(
            pl.col("raw")
            .str.to_lowercase()
            .str.replace_all(_APOSTROPHE, "'", literal=True)
            .alias("token")
        )
        .join(LEXICON_FRAME, on="token", how="left", maintain_order="left")
        .with_columns(
            (pl.col("clause_end").fill_null(False) | pl.col("raw").str.starts_with("!")).alias(
                "clause_end"
            ),
            pl.col("negator").fill_null(False),
        )
        # neutral tokens only matter as distance, which `pos` keeps: drop them early
        .filter(
            pl.col("valence").is_not_null()
            | pl.col("booster").is_not_null()
            | pl.col("negator")
            | pl.col("clause_end")
        )
        .with_columns(
            pl.col("clause_end").cum_sum().alias("clause"),
            (
                (pl.col("raw") == pl.col("raw").str.to_uppercase())
                & pl.col("raw").str.contains(r"\p{Lu}\p{Lu}")
            ).alias("caps"),
        )
    )
    negated = pl.any_horizontal(
        [
            _near(k, NEGATION_WINDOW) & pl.col("negator").shift(k)
            for k in range(1, NEGATION_WINDOW + 1)
        ]
    ).fill_null(False)
    boost = pl.lit(1.0)
    for k in range(1, BOOSTER_WINDOW + 1):
        factor = pl.when(_near(k, BOOSTER_WINDOW)).then(pl.col("booster").shift(k))
        boost = boost * factor.fill_null(1.0)
    shouting = pl.col("has_lower") & pl.col("caps")
    first_but = pl.when(pl.col("token") == "but").then(pl.col("pos")).min().over("row")
    but_weight = (
        pl.when(first_but.is_null() | (pl.col("pos") == first_but))
        .then(1.0)
        .when(pl.col("pos") < first_but)
        .then(BUT_BEFORE)
        .otherwise(BUT_AFTER)
    )
    valence = (
        pl.col("valence")
        * boost
        * pl.when(negated).then(NEGATION_SCALAR).otherwise(1.0)
        * pl.when(shouting).then(CAPS_FACTOR).otherwise(1.0)
        * but_weight
    )
    sums = (
        tokens.with_columns(
            valence.alias("v"),
            pl.when(pl.col("raw").str.starts_with("!"))
            .then(pl.col("raw").str.len_bytes())
            .otherwise(0)
            .alias("bangs"),
        )
        .group_by("row")
        .agg(pl.col("v").sum().alias("s"), pl.col("bangs").sum().alias("bangs"))
    )
    s = pl.col("s").fill_null(0.0)
    emphasis = pl.col("bangs").fill_null(0).clip(upper_bound=MAX_EXCLAMATIONS) * EXCLAMATION_BOOST
    s = s + pl.col("s").sign().fill_null(0.0) * emphasis
    scored = frame.select("row").join(sums, on="row", how="left", maintain_order="left")
    return scored.select((s / (s * s + ALPHA).sqrt()).clip(-1.0, 1.0).alias(texts.name)).to_series()


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
