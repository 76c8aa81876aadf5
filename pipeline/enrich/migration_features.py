"""Features of the learned migration detector: candidates, vendor mentions, text views, evidence.

A post is a **candidate** when it mentions a vendor (`vendors.ALIAS_PATTERN`, misspellings
included) and has a switch cue (`LOOSE_CUE_PATTERN`: the rule engine's cues plus the looser
words of leaving, adopting and moving things: "re-upped", "pulled the plug", "jumped ship",
"into", "anymore", "base_url", "credits", ...). Only candidates reach the model; on social
volume they are a few percent of the posts.

Each candidate becomes:

- a **post view** for P(migration): the text in lower case with every vendor mention replaced
  by the role-neutral token ``zvendorz``, URLs by ``zurlz`` and digits by ``0``, so that the
  word n-grams learn phrasings, not vendor names;
- **post evidence**: the rule engine's verdict (`migration_rules.rule_evidence`: whether a
  template fired, its family, the families matched, the guards that blocked a match), the
  number of vendors, whether every mention is an ambiguous alias without AI context, question
  and first-person cues;
- for each ordered pair (vendor left or none, vendor adopted) of the post's vendors, a **pair
  view** (mentions of the vendor left written ``zfromz``, of the vendor adopted ``ztoz``, of
  any other ``zotherz``) and **pair evidence** (order and distance of the two mentions, whether
  the rules chose the same pair, the same destination or the same origin), for P(from → to).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable

import polars as pl
import yaml

from pipeline.core import vendors
from pipeline.enrich.fast_regex import Shadow, shadow_for
from pipeline.enrich.migration_rules import CUE_PATTERN, EXTRA_CONTEXT_PATTERN, rule_evidence

LOOSE_CUE_PATTERN: str = (
    CUE_PATTERN + r"|(?i:\b(?:re-?up\w*|re-?subscrib\w*|resub\w*|pull\w*\s+the\s+plug|bail\w*|ship"
    r"|fed\s+up|into|anymore|any\s+more|haven'?t\s+(?:opened|touched|used)|kept|stuck"
    r"|settled|chose|picked|went\s+with|convert\w*|churn\w*|break\s*up|broke\s+up|divorc\w*"
    r"|base_?url|endpoint|provider|api[_ ]keys?|credits|invoice|billing|since|over\s+to"
    r"|full[- ]time|for\s+good|took\s+over|taking\s+over|hello|welcome|nowadays|these\s+days"
    r"|main(?:\s+driver)?|primary|daily|now|anymore|away|over|dead|ties|towel|boot|door"
    r"|nuked?|retir\w*|terminat\w*|purchas\w*|bought|paying|pay|account|seat|sub|plan"
    r"|done|finish\w*|took|handles|does|doing|replac\w*|instead|favou?rite|best|better)\b)"
)
"""Switch cues of the candidate prefilter: loose on purpose (the model decides)."""

# Misspelled names: a word one edit (deletion, insertion, substitution, transposition) away
# from one of these distinctive names is a mention of its vendor ("chatgtp", "claud", "gemeni",
# "copliot", "mistal", "deepseak", "perplexcity"), except real words at that distance.
FUZZY_NAMES: dict[str, str] = {
    "chatgpt": "openai",
    "openai": "openai",
    "anthropic": "anthropic",
    "claude": "anthropic",
    "gemini": "google",
    "copilot": "microsoft",
    "mistral": "mistral",
    "deepseek": "deepseek",
    "perplexity": "perplexity",
    "cohere": "cohere",
    "grok": "xai",
    "llama": "meta",
}
_NOT_MISSPELLINGS = frozenset(
    {
        "clause",
        "claudia",
        "mistrial",
        "coherent",
        "grow",
        "grin",
        "grot",
        "gro",
        "rok",
        "lama",
        "lamas",
        "llamas",
        "clade",
        "geminis",
        "groks",
        "grokking",
        "cohered",
        "coheres",
        "mistrals",
        "copilots",
        "claudes",
        "pilot",
        "gemina",
        "groke",
        "drama",
        "plama",
        "chatgpts",
        "ollama",  # runs many vendors' models; not Meta's Llama (see `vendors`)
    }
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _one_edit(word: str) -> set[str]:
    """Words one edit away from `word`; for short names (5 letters or fewer) only insertions
    and transpositions ("grock", "gork"), as their deletions and substitutions are words."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    if len(word) <= 5:
        return swaps | inserts
    deletes = {a + b[1:] for a, b in splits if b}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    return deletes | swaps | replaces | inserts


_MISSPELT: dict[str, str] = {
    variant: vendor
    for name, vendor in FUZZY_NAMES.items()
    for variant in _one_edit(name)
    if len(variant) >= 4 and variant not in _NOT_MISSPELLINGS and variant not in FUZZY_NAMES
}
# Lower-case forms of the case-sensitive aliases ("perplexity", "copilot", "opus", "le chat"):
# people type product names in lower case; they count like misspellings (ambiguous: solid only
# with AI context). Names that are common words in lower case are left out.
_LOWERCASE_NAMES_LEFT_OUT = frozenset(
    {
        # English words first: poems, a magnum opus, the cat ("le chat" stays: French posts
        # need AI context for it, as every ambiguous mention does)
        "haiku",
        "sonnet",
        "opus",
        "bard",
        "bedrock",
        "cohere",
        "meta",
        "nova",
        "azure",
        "palm",
        "jurassic",
        "command r",
        "command a",
        "sora",
        "bing",
    }
)
_LOWERCASE_NAMES: dict[str, str] = {
    alias.casefold(): vendor
    for alias in vendors.CASE_SENSITIVE_ALIASES
    if (vendor := vendors.vendor_of_alias(alias)) is not None
    and alias.casefold() not in _LOWERCASE_NAMES_LEFT_OUT
    and " " not in alias
}
_MISSPELT.update(_LOWERCASE_NAMES)
_LOWERCASE_PHRASES: dict[str, str] = {
    alias.casefold(): vendor
    for alias in vendors.CASE_SENSITIVE_ALIASES
    if (vendor := vendors.vendor_of_alias(alias)) is not None
    and alias.casefold() not in _LOWERCASE_NAMES_LEFT_OUT
    and " " in alias
}
_LOWERCASE_PHRASE_RE = re.compile(
    r"(?i)\b(?:" + "|".join(p.replace(" ", r"\s+") for p in _LOWERCASE_PHRASES) + r")\b"
)
# For polars' prefilter (Rust regex compiles the alternation into an automaton: fast).
_MISSPELT_PATTERN = (
    r"(?i-u:\b(?:"
    + "|".join(sorted(_MISSPELT, key=len, reverse=True))
    + "|"
    + "|".join(p.replace(" ", r"\s+") for p in _LOWERCASE_PHRASES)
    + r")\b)"
)
_ALIAS_RE = re.compile(vendors.ALIAS_PATTERN)
# Two names in one sentence, close together ("gpt-4o out, sonnet in", "maine ChatGPT chhod
# diya, ab Claude use kar raha hoon"): a switch whose verb no cue list has.
_NEAR = r"[^.!?\n]{0,60}?"
_TWO_NAMES_PATTERN = f"(?:{vendors.ALIAS_PATTERN}){_NEAR}(?:{vendors.ALIAS_PATTERN})"
_TWO_MISSPELT_PATTERN = f"(?:{_MISSPELT_PATTERN}){_NEAR}(?:{_MISSPELT_PATTERN})"
# The distinctive names anywhere in a word (the model's mention finder decides).
# Product names as written in other scripts (katakana, hangul, Cyrillic, Devanagari, Arabic),
# matched anywhere (those scripts put no word boundary before a particle or a suffix):
# name -> (vendor, ambiguous like its Latin form).
NATIVE_NAMES: dict[str, tuple[str, bool]] = {
    "\u30c1\u30e3\u30c3\u30c8GPT": ("openai", False),  # チャットGPT
    "\u30c1\u30e3\u30c3\u30d4\u30fc": ("openai", False),  # チャッピー
    "\ucc57GPT": ("openai", False),  # 챗GPT
    "\ucc57\uc9c0\ud53c\ud2f0": ("openai", False),  # 챗지피티
    "\u0447\u0430\u0442\u0433\u043f\u0442": ("openai", False),  # чатгпт
    "\u0447\u0430\u0442\u0436\u043f\u0442": ("openai", False),  # чатжпт
    "\u091a\u0948\u091f\u091c\u0940\u092a\u0940\u091f\u0940": ("openai", False),  # चैटजीपीटी
    "\u0634\u0627\u062a \u062c\u064a \u0628\u064a \u062a\u064a": ("openai", False),  # شات جي بي تي
    "\u30af\u30ed\u30fc\u30c9": ("anthropic", True),  # クロード
    "\ud074\ub85c\ub4dc": ("anthropic", True),  # 클로드
    "\u043a\u043b\u043e\u0434": ("anthropic", True),  # клод
    "\u0915\u094d\u0932\u0949\u0921": ("anthropic", True),  # क्लॉड
    "\u0643\u0644\u0648\u062f": ("anthropic", True),  # كلود
    "\u30b8\u30a7\u30df\u30cb": ("google", True),  # ジェミニ
    "\uc81c\ubbf8\ub098\uc774": ("google", True),  # 제미나이
    "\u0434\u0436\u0435\u043c\u0438\u043d\u0438": ("google", True),  # джемини
    "\u0433\u0435\u043c\u0438\u043d\u0438": ("google", True),  # гемини
    "\u091c\u0947\u092e\u093f\u0928\u0940": ("google", True),  # जेमिनी
    "\u062c\u064a\u0645\u064a\u0646\u0627\u064a": ("google", True),  # جيميناي
    "\u30c7\u30a3\u30fc\u30d7\u30b7\u30fc\u30af": ("deepseek", False),  # ディープシーク
    "\ub525\uc2dc\ud06c": ("deepseek", False),  # 딥시크
    "\u0434\u0438\u043f\u0441\u0438\u043a": ("deepseek", False),  # дипсик
    "\u6df1\u5ea6\u6c42\u7d22": ("deepseek", False),  # 深度求索
    "\u30b3\u30d1\u30a4\u30ed\u30c3\u30c8": ("microsoft", True),  # コパイロット
    "\ucf54\ud30c\uc77c\ub7ff": ("microsoft", True),  # 코파일럿
    "\u30d1\u30fc\u30d7\u30ec\u30ad\u30b7\u30c6\u30a3": ("perplexity", True),  # パープレキシティ
    "\ud37c\ud50c\ub809\uc2dc\ud2f0": ("perplexity", True),  # 퍼플렉시티
    "\u30b0\u30ed\u30c3\u30af": ("xai", True),  # グロック
    "\uadf8\ub85d": ("xai", True),  # 그록
}  # not "грок": it is inside "игрок" (player)
_NATIVE_RE = re.compile(
    "(?i)" + "|".join(re.escape(n) for n in sorted(NATIVE_NAMES, key=len, reverse=True))
)
_NATIVE_KEYS = {name.casefold(): value for name, value in NATIVE_NAMES.items()}
_EMBEDDED_PATTERN = (
    "(?:(?i-u:"
    + "|".join(sorted(FUZZY_NAMES))
    + ")|(?i:"
    + "|".join(re.escape(n) for n in sorted(NATIVE_NAMES))
    + "))"
)
_TWO_EMBEDDED_PATTERN = f"{_EMBEDDED_PATTERN}{_NEAR}{_EMBEDDED_PATTERN}"
_CONTEXT_RE = re.compile(vendors.CONTEXT_PATTERN)
_EXTRA_CONTEXT_RE = re.compile(
    EXTRA_CONTEXT_PATTERN + r"|(?i:\b(?:pro|plus|max|premium|assistant|prompts?|chatbots?)\b)"
)
_AMBIGUOUS = frozenset(a.casefold() for a in vendors.AMBIGUOUS_ALIASES)
_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_DIGITS_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"\w+")
_QUESTION_RE = re.compile(
    r"\?\s*$|^\W*(?:should|would|could|can|anyone|is|are|do|does|did|has|have)\b", re.I | re.M
)
_FIRST_PERSON_RE = re.compile(r"(?i)\b(?:i|i'm|im|i've|ive|me|my|we|we're|we've|our|us)\b")

VENDOR_TOKEN = " zvendorz "
FROM_TOKEN = " zfromz "
TO_TOKEN = " ztoz "
OTHER_TOKEN = " zotherz "


@dataclass(slots=True, frozen=True)
class Mention:
    """One vendor mention: its vendor, span in the text and whether it counts on its own."""

    vendor: str
    start: int
    end: int
    solid: bool


def find_mentions(text: str) -> list[Mention]:
    """The vendor mentions of `text` in order: aliases of the vendor table, then misspelled
    names (`FUZZY_NAMES`) where no alias is. An ambiguous alias ("Gemini", "Claude") or a
    misspelling is `solid` only when the post has AI context (an unambiguous alias, an AI
    word, or a subscription/coding word)."""
    matches = [m for m in _ALIAS_RE.finditer(text) if vendors.vendor_of_alias(m.group())]
    context = (
        any(" ".join(m.group().split()).casefold() not in _AMBIGUOUS for m in matches)
        or bool(_CONTEXT_RE.search(text))
        or bool(_EXTRA_CONTEXT_RE.search(text))
    )
    out = []
    for m in matches:
        ambiguous = " ".join(m.group().split()).casefold() in _AMBIGUOUS
        vendor = vendors.vendor_of_alias(m.group())
        assert vendor is not None  # filtered above
        out.append(Mention(vendor, m.start(), m.end(), context or not ambiguous))
    taken = bytearray(len(text))  # 1 where a mention already covers the character
    for mention in out:
        taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
    for m in _LOWERCASE_PHRASE_RE.finditer(text):
        if taken.find(1, m.start(), m.end()) < 0:
            vendor = _LOWERCASE_PHRASES[" ".join(m.group().lower().split())]
            out.append(Mention(vendor, m.start(), m.end(), context))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    embedded: list[tuple[tuple[str, int, int], bool]] = []
    if not text.isascii():
        for m in _NATIVE_RE.finditer(text):
            if taken.find(1, m.start(), m.end()) < 0:
                vendor, ambiguous = _NATIVE_KEYS[m.group().casefold()]
                embedded.append(((vendor, m.start(), m.end()), ambiguous))
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _WORD_RE.finditer(text):  # a dict lookup per word (not a 6,000-way regex)
        if taken.find(1, m.start(), m.end()) >= 0:
            continue
        word = m.group()
        vendor = _MISSPELT.get(word.lower())
        if vendor:
            out.append(Mention(vendor, m.start(), m.end(), context))
        elif not (
            word.isascii()
            and word.isalnum()
            and (word.islower() or word.isupper() or word.istitle())
        ):
            embedded.extend(_embedded_mentions(word, m.start()))
    if embedded:
        # an unambiguous name inside a word ("#ByeChatGPT") is AI context like any other
        context = context or any(not ambiguous for _, ambiguous in embedded)
        out = [Mention(m.vendor, m.start, m.end, m.solid or context) for m in out]
        out.extend(Mention(*span, context or not ambiguous) for span, ambiguous in embedded)
    return sorted(out, key=lambda mention: mention.start)


# Names inside a longer word: hashtags ("#TeamClaude", "#ByeChatGPT"), identifiers
# ("ANTHROPIC_API_KEY", "claude_prompt.txt") and names written against another script
# ("ChatGPTからClaudeに", "Claude로"), where no word boundary separates them.
_PIECE_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\x00-\x7f]+")
_SINGLE_WORD_ALIASES: dict[str, tuple[str, bool]] = {
    alias.casefold(): (vendor, alias in vendors.CASE_SENSITIVE_ALIASES)
    for vendor, aliases in vendors.ALIASES.items()
    for alias in aliases
    if alias.isalnum()
}
_EMBEDDED_MAX_PIECES = 3


def _embedded_vendor(name: str) -> tuple[str, bool] | None:
    """(vendor, ambiguous) of a name found inside a word, or None."""
    key = name.casefold()
    alias = _SINGLE_WORD_ALIASES.get(key)
    if alias is not None:
        vendor, case_sensitive = alias
        if not case_sensitive or name in vendors.CASE_SENSITIVE_ALIASES:
            return vendor, key in _AMBIGUOUS
    vendor = _MISSPELT.get(name.lower())
    return (vendor, True) if vendor else None


def _embedded_mentions(word: str, offset: int) -> list[tuple[tuple[str, int, int], bool]]:
    """((vendor, start, end), ambiguous) of the vendor names made of whole pieces of `word`
    (pieces split at underscores, case changes and changes of script), longest first;
    `offset` is the word's start in the text."""
    pieces = list(_PIECE_RE.finditer(word))
    if len(pieces) < 2:
        return []
    out: list[tuple[tuple[str, int, int], bool]] = []
    i = 0
    while i < len(pieces):
        for k in range(min(_EMBEDDED_MAX_PIECES, len(pieces) - i), 0, -1):
            first, last = pieces[i], pieces[i + k - 1]
            if word[first.start() : last.end()] != "".join(p.group() for p in pieces[i : i + k]):
                continue  # an underscore between the pieces: names are never split by one
            found = _embedded_vendor(word[first.start() : last.end()])
            if found is not None:
                vendor, ambiguous = found
                out.append(((vendor, offset + first.start(), offset + last.end()), ambiguous))
                i += k
                break
        else:
            i += 1
    return out


def candidate_mask(texts: pl.Series) -> pl.Series:
    """True where a text mentions a vendor (or a misspelled or lower-case name) and has a
    switch cue (`LOOSE_CUE_PATTERN` or a leaving / adopting word of `migration_cues.yaml`),
    or names two vendors close together in one sentence ("gpt-4o out, sonnet in", code-mixed
    posts whose verbs no list has). Regex scans in polars over all rows at once, on the texts'
    ASCII shadow (`fast_regex`: the same matches on the fast regex engine; the one pattern
    naming "_" literally, ``base_?url``, may also pass "baseéurl", which only costs the model
    one more candidate)."""
    shadow = _prefilter_shadow()
    frame = pl.DataFrame({"text": texts.cast(pl.String)}).with_row_index("row")
    frame = frame.with_columns(shadow.expr(pl.col("text")).alias("text"))
    text = pl.col("text")
    cued = text.str.contains(LOOSE_CUE_PATTERN) | text.str.contains(_CLASS_CUE_PATTERN)
    has_alias = text.str.contains(vendors.ALIAS_PATTERN)
    named = frame.filter(has_alias).filter(cued | text.str.contains(_TWO_NAMES_PATTERN))
    # the large misspelling automaton only over the rows without an alias
    misspelt = (
        frame.filter(~has_alias)
        .filter(text.str.contains(_MISSPELT_PATTERN))
        .filter(cued | text.str.contains(_TWO_MISSPELT_PATTERN))
    )
    # names inside longer words or against another script ("#ByeChatGPT", "ChatGPTから")
    taken = pl.concat([named["row"], misspelt["row"]])
    embedded = (
        frame.filter(~pl.col("row").is_in(taken.implode()))
        .filter(text.str.contains(_EMBEDDED_PATTERN))
        .filter(cued | text.str.contains(_TWO_EMBEDDED_PATTERN))
    )
    rows = pl.concat([taken, embedded["row"]])
    return frame["row"].is_in(rows.implode()).alias("candidate")


@functools.cache
def _prefilter_shadow() -> Shadow:
    return shadow_for(
        [
            LOOSE_CUE_PATTERN,
            _CLASS_CUE_PATTERN,
            vendors.ALIAS_PATTERN,
            _TWO_NAMES_PATTERN,
            _MISSPELT_PATTERN,
            _TWO_MISSPELT_PATTERN,
            _EMBEDDED_PATTERN,
            _TWO_EMBEDDED_PATTERN,
        ]
    )


def _load_cue_classes() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    classes: dict[str, list[str]] = {}
    for name, words in data.items():
        for word in words:
            classes.setdefault(str(word).lower(), []).append(name)
    return {word: tuple(dict.fromkeys(names)) for word, names in classes.items()}


CUES_FILE: Traversable = resources.files("pipeline.enrich") / "migration_cues.yaml"
CUE_CLASSES: dict[str, tuple[str, ...]] = _load_cue_classes()
"""word -> its classes (leave, adopt, direction, hypothetical, negation, others, work, howto,
ask), from `migration_cues.yaml`."""
_CUE_CLASSES_OF_PREFILTER = ("leave", "adopt")
# Words of those classes too common in everyday posts about AI tools to make a post a
# candidate on their own ("Go", "keeps", "using", "trust"); the model still reads them.
_WEAK_CUES = frozenset(
    "go keep keeps stop stopping lost loses trust rely relying less free use using uso usando"
    " runs running handles daily main default kept keeping pay paying now nowadays currently"
    " over off away done without longer gone anymore ex former formerly cut turned shut closed"
    " exit home driver upgraded enabled activated welcome hello bye rip ended expire expired"
    " ab kar band ora da se al de".split()
)
# Switch verbs of Chinese, Japanese and Korean (no word boundaries in those scripts):
# change, switch over, migrate, move to, cancel / unsubscribe, quit, return to, no longer use.
_CJK_SWITCH_WORDS = (
    "\u6362",  # 换 change
    "\u8fc1",  # 迁 migrate
    "\u9000\u8ba2",  # 退订 unsubscribe
    "\u56de\u5230",  # 回到 back to
    "\u4e0d\u7528\u4e86",  # 不用了 no longer use
    "\u4e57\u308a\u63db",  # 乗り換 switch over
    "\u79fb\u884c",  # 移行 migrate
    "\u5207\u308a\u66ff",  # 切り替 switch
    "\u89e3\u7d04",  # 解約 cancel a contract
    "\u3084\u3081",  # やめ quit
    "\u623b",  # 戻 return
    "\uac08\uc544\ud0c0",  # 갈아타 switch over
    "\uac08\uc544\ud0d4",  # 갈아탔 switched over
    "\ub118\uc5b4",  # 넘어 move over
    "\uc62e\uacbc",  # 옮겼 moved
    "\uc62e\uae30",  # 옮기 move
    "\ud574\uc9c0",  # 해지 cancel a subscription
)
_CLASS_CUE_PATTERN = (
    r"(?i:\b(?:"
    + "|".join(
        sorted(
            (
                re.escape(w)
                for w, names in CUE_CLASSES.items()
                if set(names) & set(_CUE_CLASSES_OF_PREFILTER) and w not in _WEAK_CUES
            ),
            key=len,
            reverse=True,
        )
    )
    + r")\b)|->|=>|"
    + "[\u2192\u2794\u279c\u27a1\u21d2\U0001f449]"
    + "|"
    + "|".join(_CJK_SWITCH_WORDS)
)
"""The prefilter's cue words from the cue classes, plus arrows and CJK switch verbs."""
_CLASS_TOKENS: dict[str, str] = {
    word: word + "".join(f" z{name}z" for name in names) for word, names in CUE_CLASSES.items()
}


def _with_classes(match: re.Match[str]) -> str:
    word = match.group()
    return _CLASS_TOKENS.get(word, word)


# "kept dropping", "keeps failing": keep + a gerund says an action went on, never that a
# product was kept; written as one word outside the cue classes.
_KEPT_DOING_RE = re.compile(r"\b(?:keep|keeps|kept|keeping)\s+(?=\w+ing\b)")


def _lowered(text: str) -> str:
    """Lower case, URLs and digits replaced, "kept <verb>ing" marked."""
    lowered = _DIGITS_RE.sub("0", _URL_RE.sub(" zurlz ", text)).lower()
    return _KEPT_DOING_RE.sub("keptdoing ", lowered)


def _clean(text: str) -> str:
    """`_lowered`, each cue word followed by its class tokens."""
    return _WORD_RE.sub(_with_classes, _lowered(text))


def _segments(text: str, mentions: list[Mention]) -> list[str]:
    """The cleaned text between the mentions (one more segment than mentions)."""
    bounds = [0, *(b for m in mentions for b in (m.start, m.end)), len(text)]
    return [_clean(text[start:end]) for start, end in zip(bounds[::2], bounds[1::2], strict=True)]


def _replaced(segments: list[str], mentions: list[Mention], token_of: dict[str, str]) -> str:
    parts = [segments[0]]
    for mention, segment in zip(mentions, segments[1:], strict=True):
        parts.append(token_of.get(mention.vendor, OTHER_TOKEN))
        parts.append(segment)
    return "".join(parts)


@dataclass(slots=True)
class Candidate:
    """One candidate post: its mentions, views and evidence (see the module docstring)."""

    text: str
    mentions: list[Mention]
    segments: list[str]
    vendors: list[str]
    post_view: str
    post_evidence: dict[str, float]
    rule_pair: tuple[str | None, str] | None
    clause_of: list[int]
    clause_classes: list[frozenset[str]]
    context_of: dict[str, list[str]] = field(default_factory=dict)

    def pairs(self) -> list[tuple[str | None, str]]:
        """Every (vendor left or None, vendor adopted) of two different vendors of the post."""
        out: list[tuple[str | None, str]] = []
        for to_vendor in self.vendors:
            out.append((None, to_vendor))
            out.extend((v, to_vendor) for v in self.vendors if v != to_vendor)
        return out

    def pair_view(self, pair: tuple[str | None, str]) -> str:
        """The text with the pair's roles written as ``zfromz`` / ``ztoz`` / ``zotherz``."""
        from_vendor, to_vendor = pair
        roles = {to_vendor: TO_TOKEN}
        if from_vendor is not None:
            roles[from_vendor] = FROM_TOKEN
        return _replaced(self.segments, self.mentions, roles)

    def _context(self, out: dict[str, float], role: str, vendor: str) -> None:
        """The words just before (``<``) and after (``>``) the mentions of one role:
        "cancelled X", "X sub cancelled", "now on Y", "Y won" say which vendor is which,
        whatever their order in the post (worked out once per vendor, then prefixed)."""
        names = self.context_of.get(vendor)
        if names is None:
            names = self.context_of[vendor] = _vendor_context(self.text, self.mentions, vendor)
        for name in names:
            out[role + name] = 1.0

    def _clauses(self, out: dict[str, float], role: str, vendor: str) -> set[int]:
        """The cue classes of the clauses holding the vendor's mentions ("gemini stays, claude
        goes": ``t@adopt``, ``f@leave``); returns those clauses' numbers."""
        clauses = {
            c for m, c in zip(self.mentions, self.clause_of, strict=True) if m.vendor == vendor
        }
        for clause in clauses:
            for name in self.clause_classes[clause]:
                out[f"{role}@{name}"] = 1.0
        return clauses

    def pair_evidence(self, pair: tuple[str | None, str]) -> dict[str, float]:
        """Order, distance and rule agreement of one (from, to) pair."""
        from_vendor, to_vendor = pair
        to_spans = [m for m in self.mentions if m.vendor == to_vendor]
        out: dict[str, float] = {
            "no_from": float(from_vendor is None),
            "to_is_last": float(self.mentions[-1].vendor == to_vendor),
            "to_is_first": float(self.mentions[0].vendor == to_vendor),
            "to_mentions": float(min(len(to_spans), 3)),
            "n_vendors": float(min(len(self.vendors), 3)),
        }
        if self.rule_pair is not None:
            out["rule_pair"] = float(self.rule_pair == pair)
            out["rule_to"] = float(self.rule_pair[1] == to_vendor)
            out["rule_from"] = float(self.rule_pair[0] == from_vendor)
        else:
            out["rule_none"] = 1.0
        self._context(out, "t", to_vendor)
        to_clauses = self._clauses(out, "t", to_vendor)
        if from_vendor is not None:
            from_spans = [m for m in self.mentions if m.vendor == from_vendor]
            self._context(out, "f", from_vendor)
            from_clauses = self._clauses(out, "f", from_vendor)
            out["same_clause"] = float(bool(from_clauses & to_clauses))
            first_from, first_to = from_spans[0].start, to_spans[0].start
            out["from_first"] = float(first_from < first_to)
            gap = len(
                _WORD_RE.findall(self.text[min(first_from, first_to) : max(first_from, first_to)])
            )
            out[f"gap_{min(gap // 4, 5)}"] = 1.0
        return out


_CONTEXT_CHARS = 40


def _vendor_context(text: str, mentions: list[Mention], vendor: str) -> list[str]:
    """``<word``, ``<class``, ``>word``, ``>class`` of the four words before and after each
    mention of `vendor` (within `_CONTEXT_CHARS`)."""
    out: dict[str, None] = {}
    for mention in mentions:
        if mention.vendor != vendor:
            continue
        before = _context_words(text[max(0, mention.start - _CONTEXT_CHARS) : mention.start])
        after = _context_words(text[mention.end : mention.end + _CONTEXT_CHARS])
        for side, words in (("<", before[-4:]), (">", after[:4])):
            for word in words:
                out[side + word] = None
                for name in CUE_CLASSES.get(word, ()):
                    out[side + name] = None
    return list(out)


def _context_words(text: str) -> list[str]:
    return [w for w in _WORD_RE.findall(_lowered(text)) if not w.isdigit()]


_CLAUSE_BREAK_RE = re.compile(
    r"[.!?;:\n|]+(?:\s|$)|[,()\u2014\u2013]|\s[-=>]+\s|\b(?:but|and|so|then|because|though|until|after)\b",
    re.I,
)


def _clauses(text: str, mentions: list[Mention]) -> tuple[list[int], list[frozenset[str]]]:
    """The clause number of each mention and the cue classes of each clause (clauses end at
    sentence punctuation, commas, dashes and the conjunctions "but", "and", "so", ...)."""
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK_RE.finditer(text)), len(text)]
    classes = [
        frozenset(
            name for word in _context_words(text[start:end]) for name in CUE_CLASSES.get(word, ())
        )
        for start, end in itertools.pairwise(bounds)
    ]
    clause_of = [max(0, bisect.bisect_right(bounds, m.start) - 1) for m in mentions]
    return [min(c, len(classes) - 1) for c in clause_of], classes


def make_candidate(text: str) -> Candidate | None:
    """The features of one post, or None when it names no vendor for sure: no solid mention,
    and fewer than two vendors (two product names in one post are context enough: "went back
    to Claude after Gemini kept refusing")."""
    mentions = find_mentions(text)
    names = list(dict.fromkeys(m.vendor for m in mentions))
    if not any(m.solid for m in mentions) and len(names) < 2:
        return None
    evidence = rule_evidence(text)
    post: dict[str, float] = {
        f"n_vendors_{min(len(names), 3)}": 1.0,
        "ambiguous_only": float(not all(m.solid for m in mentions)),
        "question": float(bool(_QUESTION_RE.search(text))),
        "first_person": float(bool(_FIRST_PERSON_RE.search(text))),
    }
    if evidence.best is not None:
        post["rule_fires"] = 1.0
        post["rule_confidence"] = evidence.best[2]
        post[f"rule_family={evidence.family}"] = 1.0
        post["rule_from_unknown"] = float(evidence.best[0] is None)
    for family in evidence.matched:
        post[f"rule_matched={family}"] = 1.0
    for guard in evidence.blocked:
        post[f"rule_blocked={guard}"] = 1.0
    rule_pair = None if evidence.best is None else (evidence.best[0], evidence.best[1])
    segments = _segments(text, mentions)
    view = _replaced(segments, mentions, {}).replace(OTHER_TOKEN, VENDOR_TOKEN)
    clause_of, clause_classes = _clauses(text, mentions)
    vendor_clauses = set(clause_of)
    for number, names_of_clause in enumerate(clause_classes):
        where = "v" if number in vendor_clauses else "n"
        for name in names_of_clause:
            post[f"{where}@{name}"] = post.get(f"{where}@{name}", 0.0) + 1.0
    if not any(("leave" in c or "adopt" in c) for c in clause_classes) and evidence.best is None:
        post["no_switch_cue"] = 1.0  # "X vs Y on our deploy": names, but nobody leaves or adopts
    return Candidate(
        text, mentions, segments, names, view, post, rule_pair, clause_of, clause_classes
    )
