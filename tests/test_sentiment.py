"""pipeline.sentiment: the lexicon scorer (negation, boosters, emoji, domain words) and tone."""

from __future__ import annotations

import time

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.sentiment import (
    BOOSTERS,
    LEXICON,
    LEXICON_FRAME,
    NEGATORS,
    score_texts,
    tone,
)


def score(text: str | None) -> float:
    return score_texts(pl.Series([text], dtype=pl.String)).item()


def test_lexicon_is_well_formed() -> None:
    assert len(LEXICON) >= 300
    assert all(-4.0 <= v <= 4.0 for v in LEXICON.values())
    assert all(0.0 < f <= 2.0 for f in BOOSTERS.values())
    keys = [*LEXICON, *BOOSTERS, *NEGATORS]
    assert all(k == k.lower() and k == k.strip() and "  " not in k for k in keys)
    assert not set(LEXICON) & set(BOOSTERS), "a token either carries valence or modifies"
    assert "\ufe0f" not in "".join(keys), "emoji keys without variation selectors"
    assert LEXICON_FRAME["token"].is_unique().all()


def test_negation_flips_and_damps() -> None:
    assert score("not good") < 0 < score("good")
    assert score("bad") < score("not good")  # damped: "not good" is milder than "bad"
    assert score("not bad") > 0
    assert score("isn't reliable") < 0 < score("reliable")
    assert score("no issues so far") > 0
    assert score("never been better") > 0.5  # phrase, not a negated "better"
    assert score("not a single error today") > 0  # negator within 3 tokens


def test_negation_window_and_clauses() -> None:
    assert score("not that it matters, the API is great") > 0  # "not" is 6 tokens back
    assert score("No. Great service.") > 0  # a clause end stops negation


def test_reducers_flip_like_negators() -> None:
    assert score("fewer hallucinations") > 0 > score("hallucinations")
    assert score("less reliable") < 0


def test_boosters_and_dampeners() -> None:
    assert score("very good") > score("good") > score("slightly good") > 0
    assert score("extremely slow") < score("slow") < score("a bit slow") < 0
    assert score("a major outage") < score("an outage") < score("a minor outage") < 0


def test_but_weighs_the_later_clause() -> None:
    assert score("it was great but now it is unusable") < 0
    assert score("it was down for an hour but now it is fast and reliable") > 0


def test_exclamation_and_caps_emphasis() -> None:
    assert score("good!!!") > score("good") > 0
    assert score("bad!!!") < score("bad") < 0
    assert score("good!!!!!!!!") == pytest.approx(score("good!!!!"))  # capped at 4
    assert score("the API is TERRIBLE today") < score("the API is terrible today")
    assert score("TERRIBLE") == pytest.approx(score("terrible"))  # all caps is no emphasis


def test_emoji_and_emoticons() -> None:
    assert score("😡") < 0 < score("🎉")
    assert score("🙄") < 0 < score("👍")
    assert score("😭") < 0
    assert score("❤️") == pytest.approx(score("❤"))  # variation selector ignored
    assert score("❤") > 0
    assert score("👍🏽") == pytest.approx(score("👍"))  # skin tone ignored
    assert score("works :)") > 0 > score("broken again :(")


@pytest.mark.parametrize(
    "text",
    [
        "Claude is down again, 529 errors everywhere",
        "ChatGPT went down for an hour",
        "Gemini API returning 500 errors and timeouts",
        "rate limited AGAIN on Claude Code 🙄",
        "GPT-5 has been nerfed, feels lobotomized",
        "the model keeps hallucinating citations",
        "Copilot is laggy and unusable today",
        "overloaded_error... 529s all morning",
    ],
)
def test_domain_complaints_are_negative(text: str) -> None:
    assert score(text) < -0.3


@pytest.mark.parametrize(
    "text",
    [
        "Claude is back up and fast",
        "OpenAI fixed it, everything is working again",
        "Gemini 3 is a game changer, impressive reasoning",
        "the incident is resolved and the API is reliable again",
        "love how snappy Sonnet is now 🚀",
    ],
)
def test_domain_praise_is_positive(text: str) -> None:
    assert score(text) > 0.2


def test_domain_phrases() -> None:
    assert score("switched to Claude") == 0.0  # migration is a topic, not a tone
    assert score("we moved to Gemini last week") == 0.0
    assert score("download the app and check the status page") == 0.0
    assert score("is down") < score("down") < 0  # bare "down" is mild
    assert score("went\n   down") == pytest.approx(score("went down"))  # any whitespace
    assert score("can\u2019t log in") == pytest.approx(score("can't log in"))
    assert score("can't log in") < 0


def test_empty_null_and_neutral_score_zero() -> None:
    values = score_texts(pl.Series(["", None, "   ", "The API has three endpoints.", "529"]))
    assert values.to_list()[:4] == [0.0, 0.0, 0.0, 0.0]
    assert values.dtype == pl.Float64


def test_series_shape_and_name() -> None:
    texts = pl.Series("posts", ["good", None, "bad", "", "meh"])
    out = score_texts(texts)
    assert out.name == "posts" and len(out) == 5 and out.null_count() == 0
    assert score_texts(pl.Series("x", [], dtype=pl.String)).to_list() == []
    assert score_texts(pl.Series([None, None])).to_list() == [0.0, 0.0]  # dtype Null


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=200),
            st.lists(
                st.sampled_from(
                    [
                        *list(LEXICON)[:80],
                        *BOOSTERS,
                        *NEGATORS,
                        "but",
                        "!!!",
                        ".",
                        "😡",
                        "🎉",
                        "GREAT",
                    ]
                ),
                max_size=40,
            ).map(" ".join),
        ),
        max_size=20,
    )
)
def test_scores_always_in_range(texts: list[str | None]) -> None:
    out = score_texts(pl.Series(texts, dtype=pl.String))
    assert len(out) == len(texts) and out.null_count() == 0
    assert out.is_between(-1.0, 1.0).all()
    assert out.is_finite().all()


def test_speed_20k_short_texts() -> None:
    texts = pl.Series(
        [
            f"Claude is {'not ' if i % 3 else ''}down again, {i} errors 😡 but support was great!"
            for i in range(20_000)
        ]
    )
    started = time.perf_counter()
    out = score_texts(texts)
    assert time.perf_counter() - started < 5.0
    assert len(out) == 20_000


def test_tone_weights_headline_over_body() -> None:
    title = pl.Series(["Outage hits ChatGPT", "Outage hits ChatGPT", "", None, None])
    body = pl.Series(["Service was restored and is fast again.", None, "Great news.", "", None])
    t, b = score("Outage hits ChatGPT"), score("Service was restored and is fast again.")
    out = tone(title, body).to_list()
    assert out[0] == pytest.approx((2 * t + b) / 3)
    assert out[1] == pytest.approx(t)  # no body: headline only
    assert out[2] == pytest.approx(score("Great news."))  # no headline: body only
    assert out[3] == 0.0 and out[4] == 0.0
    even = tone(title[:1], body[:1], title_weight=1.0).item()
    assert even == pytest.approx((t + b) / 2)
    with pytest.raises(ValueError, match="title_weight"):
        tone(title, body, title_weight=-1)


def test_tone_scores_only_the_lede_of_long_bodies() -> None:
    lede = "The outage was resolved quickly."
    body = lede + " filler" * 400 + " terrible awful horrible disaster"
    title = pl.Series(["Update"])
    assert tone(title, pl.Series([body])).item() == pytest.approx(
        tone(title, pl.Series([lede])).item()
    )


def test_agrees_with_vader_on_plain_english() -> None:
    """Optional: sign agreement with VADER on general sentences (needs vaderSentiment)."""
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    analyzer = vader.SentimentIntensityAnalyzer()
    sentences = [
        "The food was great and the staff were friendly.",
        "This is the worst service I have ever had.",
        "I am not happy with the update.",
        "The movie was not bad at all.",
        "What a wonderful surprise!",
        "The new phone is very disappointing.",
        "I love this song so much",
        "The trip was a disaster from start to finish.",
        "The results were impressive, but the price is ridiculous.",
        "Thanks, that was really helpful :)",
        "I hate waiting in line 😡",
        "The team played brilliantly and won the cup.",
        "The plan failed and everyone was angry.",
        "It works fine, no problems so far.",
        "Honestly the support was terrible.",
        "She was delighted with the gift 🎉",
    ]
    ours = score_texts(pl.Series(sentences)).to_list()
    theirs = [analyzer.polarity_scores(s)["compound"] for s in sentences]
    agree = sum(
        (a > 0) == (b > 0) and (a < 0) == (b < 0) for a, b in zip(ours, theirs, strict=True)
    )
    assert agree / len(sentences) >= 0.85


def test_social_slang() -> None:
    assert score("lol") > 0 and score("haha nice") > score("nice")
    assert score("lmao") > 0
    assert score("ugh") < 0 and score("meh") < 0 and score("wtf") < 0 and score("smh") < 0
    assert score("ngl") == 0.0


def test_prefilter_keeps_scores_of_texts_with_hits() -> None:
    texts = [
        "Claude isn\u2019t working",
        "GREAT   job",
        "it went\ndown again",
        "👍🏽",
        ":D",
        "The API has three endpoints.",
        None,
    ]
    got = score_texts(pl.Series(texts, dtype=pl.String)).to_list()
    each = [score(t) for t in texts]
    assert got == each
    assert got[0] < 0 and got[1] > 0 and got[2] < 0 and got[3] > 0 and got[4] > 0
    assert got[5:] == [0.0, 0.0]
