"""The project's one tone scorer: a lexicon-based, VADER-style sentiment score in polars and numpy.

Used for the tone of news stories (`tone`) and of social posts (`score_texts`). The words and
their weights (VADER's lexicon overlaid with the project's domain lexicon, boosters, negators,
reducers) are data files under `lexicon/`, read by `pipeline.enrich.sentiment_lexicon`.

How a text is scored (polars string expressions, then whole-array numpy steps over the tokens
of all texts at once; no Python loop over rows or tokens). Each distinct text is scored once
and its score copied to its repeats (posts repeat: reposts, bots, templates).

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

import numpy as np
import polars as pl

from pipeline.enrich.sentiment_lexicon import (
    ARTICLES,
    BOOSTERS,
    LEXICON,
    LEXICON_FRAME,
    SENTENCE_ENDS,
)

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
_NEUTRAL = _FORMS.height  # the form code of a neutral token (no row in _FORMS)
# raw form -> its row in _FORMS by a categorical cast; "" (between two spaces: not a token)
# gets the code after the forms', _NEUTRAL, and a neutral word (no category) the next one
_TOKEN_ENUM = pl.Enum([*_FORMS["raw"], ""])
_CODES = (
    (pl.col("text") + " ")  # so that every token, an emoticon too, ends with a space
    .str.replace_many(_NORMALISE_FROM, _NORMALISE_TO, leftmost=True)
    .str.split(" ")
    .cast(pl.List(_TOKEN_ENUM), strict=False)
    .alias("codes")
)
_MARKS = [
    pl.col("text").str.count_matches("!", literal=True).fill_null(0).alias("bangs"),
    pl.col("text").str.count_matches("?", literal=True).fill_null(0).alias("asks"),
]


def _by_code(values: pl.Series, neutral: object) -> np.ndarray:
    """A `_FORMS` column as an array indexed by form code, `neutral` at `_NEUTRAL`."""
    return np.append(values.to_numpy(), np.array([neutral], dtype=values.to_numpy().dtype))


_NO_ID = np.iinfo(np.uint32).max
_ID_OF = _by_code(_FORMS["id"].fill_null(_NO_ID), _NO_ID)  # form code -> LEXICON_FRAME row
_CAPS_OF = _by_code(_FORMS["caps"], False)  # _NEUTRAL (a phrase too): never shouting
_HEAD_OF = _by_code(_FORMS["head"], False)
# LEXICON_FRAME's columns as arrays by frame row (null booster: 1.0; only words with a valence
# are summed, see _VALENCE below)
_VALENCE_OF = LEXICON_FRAME["valence"].fill_null(0.0).to_numpy()
_BOOSTER_OF = LEXICON_FRAME["booster"].fill_null(1.0).to_numpy()
_WINDOW = max(NEGATION_WINDOW, REDUCER_WINDOW, BOOSTER_WINDOW)
# What each LEXICON_FRAME row does, as the bits of one byte (one lookup per token)
_CLAUSE_END, _SENTENCE_END, _BUT, _VALENCE, _NEGATOR, _REDUCER, _MODIFIER = (1, 2, 4, 8, 16, 32, 64)
_KIND_OF = (
    LEXICON_FRAME.select(
        pl.col("clause_end").cast(pl.UInt8) * _CLAUSE_END
        | pl.col("sentence_end").cast(pl.UInt8) * _SENTENCE_END
        | pl.col("but").cast(pl.UInt8) * _BUT
        | pl.col("valence").is_not_null().cast(pl.UInt8) * _VALENCE
        | pl.col("negator").cast(pl.UInt8) * _NEGATOR
        | pl.col("reducer").cast(pl.UInt8) * _REDUCER
        | (pl.col("negator") | pl.col("reducer") | pl.col("booster").is_not_null()).cast(pl.UInt8)
        * _MODIFIER
    )
    .to_series()
    .to_numpy()
)
assert not ((_KIND_OF & _BUT > 0) & (_KIND_OF & _VALENCE > 0)).any(), "'but' has no valence"


def _tokens(texts: pl.Series) -> tuple[np.ndarray, np.ndarray, pl.DataFrame]:
    """Every token of every text, in order (its index is its position over all tokens of all
    texts): its code in `_FORMS` (`_NEUTRAL`: a neutral word) and its text's row; and per text
    the counts of "!" and "?"."""
    frame = pl.DataFrame({"text": texts}).select(_CODES, *_MARKS)
    lists = frame["codes"]
    lengths = lists.list.len().fill_null(0).to_numpy()
    codes = (
        lists.explode(empty_as_null=False, keep_nulls=False)
        .to_physical()
        .fill_null(_NEUTRAL + 1)
        .to_numpy()
    )
    rows = np.repeat(np.arange(len(lengths), dtype=np.uint32), lengths)
    real = codes != _NEUTRAL
    return np.minimum(codes[real], _NEUTRAL), rows[real], frame.drop("codes")


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


def _resolve(t_form: np.ndarray, t_row: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens that carry a `LEXICON_FRAME` row, in order: their position, frame row and
    form code. Each matched phrase is one of them (its head's, moved to its last word: "never
    been so" boosts the word after it; its form `_NEUTRAL`: a phrase never shouts) and the
    words it covers are not."""
    pos = np.flatnonzero((t_form >= _KEPT_START) & (t_form < _KEPT_END))
    form = t_form[pos]
    heads, phrase_id, span = _phrases(pos[_HEAD_OF[form]], t_form, t_row)
    inside = _covered(heads, span, len(t_form))[pos]
    ids = _ID_OF[form]
    at = np.searchsorted(pos, heads)  # the heads' rows among the kept tokens
    pos[at] = heads + span - 1
    ids[at] = phrase_id
    form[at] = _NEUTRAL
    keep = (ids != _NO_ID) & ~inside
    return pos[keep], ids[keep], form[keep]


def _modifiers(
    t_form: np.ndarray, row: np.ndarray, clause: np.ndarray, pos: np.ndarray, ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per kept token: negated (a negator among the previous `NEGATION_WINDOW` words or a
    reducer among the previous `REDUCER_WINDOW`), and the product of the boosters among the
    previous `BOOSTER_WINDOW`. Only words of the same text and clause count (so no punctuation
    lies between them), and distances do not count articles ("never had a single problem").
    Walks forward from the (few) modifiers, nearest word first, so boosters multiply in the
    order of a walk back from each word."""
    negated = np.zeros(len(row), dtype=bool)
    boost = np.ones(len(row))
    mods = np.flatnonzero(_KIND_OF[ids] & _MODIFIER)
    articles = np.flatnonzero(t_form < _ARTICLES_END)
    for k in range(1, _WINDOW + 1):
        j = mods[mods + k < len(row)]
        j = j[(row[j + k] == row[j]) & (clause[j + k] == clause[j])]
        i = j + k
        far = pos[i] - pos[j]
        # articles in between do not count; only a gap wider than every window can hold some
        wide = np.flatnonzero(far > min(NEGATION_WINDOW, REDUCER_WINDOW, BOOSTER_WINDOW))
        far[wide] -= np.searchsorted(articles, pos[i[wide]], "right") - np.searchsorted(
            articles, pos[j[wide]], "right"
        )
        kind = _KIND_OF[ids[j]]
        hit = np.zeros(len(j), dtype=bool)
        if k <= NEGATION_WINDOW:
            hit |= (far <= NEGATION_WINDOW) & (kind & _NEGATOR > 0)
        if k <= REDUCER_WINDOW:
            hit |= (far <= REDUCER_WINDOW) & (kind & _REDUCER > 0)
        negated[i[hit]] = True
        if k <= BOOSTER_WINDOW:
            near = far <= BOOSTER_WINDOW
            boost[i[near]] *= _BOOSTER_OF[ids[j[near]]]
    return negated, boost


def _but_weights(but: np.ndarray, sentence: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Weight of the words at `at`: 1.5 after a "but" of their sentence, else 0.5 before one,
    else 1.0 (a sentiment word is never "but" itself)."""
    buts = np.flatnonzero(but)
    k = np.searchsorted(buts, at)  # the buts before each word are buts[:k]
    previous, following = buts[np.maximum(k - 1, 0)], buts[np.minimum(k, len(buts) - 1)]
    after = (k > 0) & (sentence[previous] == sentence[at])
    before = (k < len(buts)) & (sentence[following] == sentence[at])
    return np.where(after, BUT_AFTER, np.where(before, BUT_BEFORE, 1.0))


def _sentences(row: np.ndarray, pos: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Sentence number of each kept token: a sentence ends at ". ? ! ;" or a new text, except
    right before a "But" that opens the next sentence (it contrasts with this one)."""
    but = kind & _BUT > 0
    but_next = np.zeros(len(row), dtype=bool)
    but_next[:-1] = but[1:] & (pos[1:] == pos[:-1] + 1)
    ended = (kind & _SENTENCE_END > 0) & ~but_next
    starts = np.ones(len(row), dtype=bool)
    starts[1:] = (row[1:] != row[:-1]) | ended[:-1]
    return np.cumsum(starts, dtype=np.int32)


def _sums(t_form: np.ndarray, t_row: np.ndarray, texts: pl.Series) -> np.ndarray:
    """Each text's summed valence (before the "!"/"?" emphasis), from its tokens (numpy:
    whole-array steps over the kept tokens; the rules are evaluated at the sentiment words)."""
    pos, ids, form = _resolve(t_form, t_row)
    sums = np.zeros(texts.len())
    kind = _KIND_OF[ids]
    at = np.flatnonzero(kind & _VALENCE)  # the sentiment words
    if len(at) == 0:
        return sums
    row = t_row[pos]
    # a clause ends at ". , ? ! ;" or "but" (punctuation only delimits: it is no word)
    clause = np.cumsum(kind & _CLAUSE_END > 0, dtype=np.int32)
    negated, boost = _modifiers(t_form, row, clause, pos, ids)
    # an ALL-CAPS word counts only in a text that is not all caps
    shouting = _CAPS_OF[form[at]]
    if shouting.any():
        has_lower = texts.str.contains(r"\p{Ll}").fill_null(False).to_numpy()
        shouting &= has_lower[row[at]]
    but = kind & _BUT > 0
    weight = _but_weights(but, _sentences(row, pos, kind), at) if but.any() else 1.0
    valence = (
        _VALENCE_OF[ids[at]]
        * boost[at]
        * np.where(negated[at], NEGATION_SCALAR, 1.0)
        * np.where(shouting, CAPS_FACTOR, 1.0)
        * weight
    )
    # Sum per text without a group-by: words are sorted by row, so a text's sum is the running
    # sum at its last word minus the running sum at the previous text's last word.
    run = np.cumsum(valence)
    rows = row[at]
    ends = np.append(rows[1:] != rows[:-1], True)
    ran = pl.Series(run[ends])  # rounded: a difference leaves 1e-16 where valences cancel
    sums[rows[ends]] = (ran - ran.shift(1, fill_value=0.0)).round(9).to_numpy()
    return sums


def score_texts(texts: pl.Series) -> pl.Series:
    """Score each text's sentiment in [-1, 1] (0.0 for null, empty or sentiment-free texts).

    Vectorized over the whole series (the tokens of all texts in flat arrays, no Python loop
    over rows); see the module docstring for the rules. Returns a Float64 series named like
    `texts`, one value per input row.
    """
    texts = texts.cast(pl.String)
    distinct, inverse = _distinct(texts)
    t_form, t_row, marks = _tokens(distinct)
    s = _sums(t_form, t_row, distinct)
    bangs, asks = marks["bangs"].to_numpy(), marks["asks"].to_numpy()
    asked = np.where(asks > 3, MAX_QUESTION_BOOST, np.where(asks > 1, asks * QUESTION_BOOST, 0.0))
    s = s + np.sign(s) * (np.minimum(bangs, MAX_EXCLAMATIONS) * EXCLAMATION_BOOST + asked)
    scores = np.clip(s / np.sqrt(s * s + ALPHA), -1.0, 1.0)
    return pl.Series(texts.name, scores if inverse is None else scores[inverse])


def _distinct(texts: pl.Series) -> tuple[pl.Series, np.ndarray | None]:
    """The distinct texts, in order of first appearance (null among them), and each text's
    row among them (None when every text is distinct). Posts repeat (reposts, bots, templates,
    "+1"): each distinct text is tokenized and scored once. A text's score does not depend on
    the other texts scored with it (its sum is rounded to 9 decimals, see `_sums`)."""
    if texts.n_unique() == texts.len():  # a cheap count first: most real posts differ
        return texts, None
    groups = (
        texts.to_frame("text")
        .with_row_index("row")
        .group_by("text", maintain_order=True)
        .agg(pl.col("row"))
    )
    rows = groups["row"]
    inverse = np.empty(texts.len(), dtype=np.uint32)
    inverse[rows.explode().to_numpy()] = np.repeat(
        np.arange(groups.height, dtype=np.uint32), rows.list.len().to_numpy()
    )
    return groups["text"], inverse


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
