"""enrich.dedup: URL normalization, story grouping, near-duplicate text on a generated corpus."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.enrich.dedup import (
    MIN_WORDS,
    SIMILARITY_THRESHOLD,
    article_id,
    canonical_url,
    canonical_urls,
    deduplicate,
    similar_text_pairs,
)

# --- generated news corpus ----------------------------------------------------------------------

VENDORS = ("OpenAI", "Anthropic", "Google", "Microsoft", "Meta", "Mistral", "xAI", "DeepSeek")
PRODUCTS = {
    "OpenAI": ("ChatGPT", "GPT-5", "Sora", "the API"),
    "Anthropic": ("Claude", "Claude Code", "Sonnet", "the Claude API"),
    "Google": ("Gemini", "Vertex AI", "AI Studio", "Bard"),
    "Microsoft": ("Copilot", "Azure OpenAI", "Bing Chat", "GitHub Copilot"),
    "Meta": ("Llama", "Meta AI", "Llama Stack", "the Meta AI app"),
    "Mistral": ("Le Chat", "Mistral Large", "Codestral", "La Plateforme"),
    "xAI": ("Grok", "Grok 4", "the Grok API", "Aurora"),
    "DeepSeek": ("DeepSeek-R1", "DeepSeek-V3", "the DeepSeek app", "DeepSeek Chat"),
}
TOPIC_SENTENCES = {
    "outage": (
        "{v} said {p} was experiencing elevated error rates for some users on {d}",
        "users reported errors when trying to reach {p} for about {n} minutes",
        "the {v} status page listed a major outage affecting {p} and its login flow",
        "{p} was down for {n} minutes before engineers rolled back a configuration change",
        "thousands of reports on Downdetector peaked at {n} shortly after the incident began",
        "{v} later said the issue with {p} had been resolved and it was monitoring the fix",
        "developers building on {p} saw timeouts and rate limit errors across regions",
        "it was the {n}th incident affecting {p} this quarter according to the status page",
    ),
    "pricing": (
        "{v} is cutting the price of {p} by {n} percent for developers starting {d}",
        "the new pricing for {p} takes effect next month for all paid tiers",
        "{v} said heavy users of {p} would see lower bills under the new plan",
        "the cheaper tier of {p} comes with a limit of {n} requests per minute",
        "analysts said the move puts pressure on rivals to lower prices for {p} style services",
    ),
    "model_release": (
        "{v} released {p} on {d} claiming it beats its previous model on most benchmarks",
        "{p} is available today to paying subscribers and through the API",
        "{v} said {p} scores {n} percent on a widely used coding benchmark",
        "the launch of {p} comes weeks after a rival model topped the leaderboards",
        "researchers at {v} trained {p} on a cluster of {n} thousand accelerators",
    ),
    "funding": (
        "{v} raised {n} billion dollars in a round that values the company far higher",
        "the funding will be used to build more data centers for {p}",
        "investors in the round include several large sovereign wealth funds",
        "{v} declined to comment on the valuation beyond the statement on {d}",
    ),
}
STOCK = (
    "the company said in a statement",
    "did not immediately respond to a request for comment",
    "according to people familiar with the matter",
    "it is not clear how many customers were affected",
    "the company did not say what caused the problem",
    "this is a developing story and will be updated",
    "as first reported by",
    "in a post on its official blog",
    "one of the largest companies in the industry",
    "over the past few months",
)
OUTLETS = tuple(f"outlet{k}" for k in range(24))


def _vocab(rng: np.random.Generator, size: int = 6000) -> np.ndarray:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
    return np.array(["".join(rng.choice(syllables, size=rng.integers(1, 4))) for _ in range(size)])


class _Writer:
    """Deterministic generator of news-like sentences (Zipf filler, templates, stock phrases)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocab = _vocab(self.rng)
        weights = 1.0 / np.arange(1, len(self.vocab) + 1) ** 1.05
        self.weights = weights / weights.sum()
        self._refill()
        # every outlet wraps its pages in the same header and footer, some of them heavily
        self.boiler = {
            o: (self.filler(int(self.rng.integers(10, 40))), self.filler(self._boiler_len()))
            for o in OUTLETS
        }

    def _boiler_len(self) -> int:
        return int(self.rng.choice([20, 40, 80, 160]))

    def _refill(self) -> None:
        self.stream = self.rng.choice(self.vocab, size=1_000_000, p=self.weights).tolist()
        self.pos = 0

    def filler(self, words: int) -> str:
        if self.pos + words > len(self.stream):  # never reuse a passage: it would be a copy
            self._refill()
        self.pos += words
        return " ".join(self.stream[self.pos - words : self.pos])

    def sentence(self, facts: dict[str, str], topic: str) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            tpl = TOPIC_SENTENCES[topic][int(self.rng.integers(0, len(TOPIC_SENTENCES[topic])))]
            return tpl.format(**facts) + " " + self.filler(int(self.rng.integers(0, 6)))
        if roll < 0.5:
            stock = STOCK[int(self.rng.integers(0, len(STOCK)))]
            return stock + " " + self.filler(int(self.rng.integers(5, 15)))
        return self.filler(int(self.rng.integers(8, 24)))


def _corpus(
    n_items: int, seed: int = 7, length: tuple[int, int] = (6, 22)
) -> tuple[pl.DataFrame, np.ndarray]:
    """Generate `n_items` feed items and the true story of each.

    Events (vendor, topic, day) carry 1-3 *independent* stories (hard negatives: same vendor,
    product, numbers, templates and a shared vendor statement); each story has 1-5 copies on
    different outlets: the first is the original, the others are syndicated with a new headline,
    sentences dropped/added/edited, an 'originally appeared' line, sometimes truncated, all
    wrapped in the outlet's boilerplate. 15% of the items only have a short feed summary.
    """
    w = _Writer(seed)
    rng = w.rng
    rows: list[dict] = []
    truth: list[int] = []
    story = 0
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    while len(rows) < n_items:
        vendor = str(rng.choice(VENDORS))
        topic = str(rng.choice(list(TOPIC_SENTENCES)))
        day = t0 + timedelta(days=int(rng.integers(0, 60)))
        facts = {
            "v": vendor,
            "p": str(rng.choice(PRODUCTS[vendor])),
            "d": day.strftime("%A"),
            "n": str(int(rng.integers(2, 90))),
        }
        statement = f"{vendor} said " + w.filler(25)
        for _ in range(int(rng.integers(1, 4))):
            sentences = [w.sentence(facts, topic) for _ in range(int(rng.integers(*length)))]
            if rng.random() < 0.7:
                sentences.insert(int(rng.integers(0, len(sentences))), statement)
            outlets = rng.choice(OUTLETS, size=int(rng.integers(1, 6)), replace=False)
            for copy, outlet in enumerate(outlets):
                body = list(sentences)
                if copy:
                    for _ in range(int(rng.integers(0, 3))):
                        if len(body) > 4:
                            body.pop(int(rng.integers(0, len(body))))
                    for _ in range(int(rng.integers(0, 3))):
                        body.insert(int(rng.integers(0, len(body) + 1)), w.sentence(facts, topic))
                    for _ in range(int(rng.integers(0, 4))):  # copy-editing: a word swapped
                        k = int(rng.integers(0, len(body)))
                        words = body[k].split()
                        words[int(rng.integers(0, len(words)))] = w.filler(1)
                        body[k] = " ".join(words)
                    if rng.random() < 0.2:  # syndication feeds that cut the story short
                        body = body[: max(5, int(len(body) * 0.7))]
                    body.append(f"This story originally appeared on {outlets[0]}")
                head, foot = w.boiler[str(outlet)]
                text = ". ".join([head, *body, foot]) + "."
                if rng.random() < 0.15:
                    text = f"{vendor} {topic} news: " + w.filler(int(rng.integers(5, 25)))
                key = f"{outlet}:{story}:{copy}"
                rows.append(
                    {
                        "item_key": key,
                        "url": f"https://www.{outlet}.com/{day:%Y/%m}/story-{story}-{copy}"
                        "?utm_source=rss",
                        "canonical_url": None,
                        "published_at": day + timedelta(hours=copy * 3 + int(rng.integers(0, 3))),
                        "title": f"{vendor} {topic} {w.filler(6)}",
                        "text": text,
                    }
                )
                truth.append(story)
            story += 1
    schema = {
        "item_key": pl.String,
        "url": pl.String,
        "canonical_url": pl.String,
        "published_at": pl.Datetime("us", "UTC"),
        "title": pl.String,
        "text": pl.String,
    }
    return pl.DataFrame(rows[:n_items], schema=schema), np.array(truth[:n_items])


def _pair_scores(items: pl.DataFrame, truth: np.ndarray, thresholds: list[float]) -> list[dict]:
    """Precision and recall of text pair detection among the texts long enough to take part."""
    words = items["text"].str.count_matches(r"\w+").fill_null(0).to_numpy()
    eligible = truth[words >= MIN_WORDS]
    _, sizes = np.unique(eligible, return_counts=True)
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    sites = items["url"].str.extract(r"//(?:www\.)?([^/]+)", 1)
    pairs = similar_text_pairs(
        items["text"], items["published_at"], sites, threshold=min(thresholds)
    )
    same = truth[pairs["i"].to_numpy()] == truth[pairs["j"].to_numpy()]
    sim = pairs["similarity"].to_numpy()
    scores = []
    for t in thresholds:
        hit = sim >= t
        found = int(hit.sum())
        correct = int((hit & same).sum())
        scores.append(
            {
                "threshold": t,
                "precision": correct / found if found else 1.0,
                "recall": correct / true_pairs,
                "max_negative": float(sim[~same].max()) if (~same).any() else 0.0,
                "min_positive": float(sim[same].min()) if same.any() else 1.0,
            }
        )
    return scores


# --- canonical_url ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # scheme, host case, www./m./amp., default ports, fragment
        ("http://Example.COM/a", "https://example.com/a"),
        ("HTTPS://WWW.example.com/a#comments", "https://example.com/a"),
        ("https://m.example.com:443/a", "https://example.com/a"),
        ("http://www.example.com:80/a", "https://example.com/a"),
        ("https://amp.theguardian.com/technology/x", "https://theguardian.com/technology/x"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://www.com/", "https://www.com/"),
        # tracking parameters dropped, the others sorted
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=5&fbclid=xyz&b=2", "https://example.com/a?b=2&id=5"),
        ("https://example.com/a?gclid=1&mc_cid=2&mc_eid=3&ref=hn", "https://example.com/a"),
        ("https://example.com/a?CMP=share_btn&ocid=rss&smid=tw", "https://example.com/a"),
        ("https://example.com/a?guce_referrer=aHR0&guce_referrer_sig=x", "https://example.com/a"),
        ("https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"),
        (
            "https://www.heise.de/news/KI-Ausfall-10234.html?wt_mc=rss.red.ho.ho.atom.beitrag",
            "https://heise.de/news/KI-Ausfall-10234.html",
        ),
        ("https://example.com/a?output=json", "https://example.com/a?output=json"),
        # AMP variants
        ("https://example.com/amp/2025/03/story", "https://example.com/2025/03/story"),
        ("https://example.com/2025/03/story/amp/", "https://example.com/2025/03/story"),
        ("https://example.com/2025/03/story/amp", "https://example.com/2025/03/story"),
        ("https://example.com/story.amp.html", "https://example.com/story.html"),
        ("https://example.com/story?amp", "https://example.com/story"),
        ("https://example.com/story?amp=1", "https://example.com/story"),
        ("https://example.com/story?outputType=amp", "https://example.com/story"),
        ("https://example.com/story?output=amp&id=3", "https://example.com/story?id=3"),
        # path: trailing slash, //, index.html, percent-escapes
        ("https://example.com/a/b/", "https://example.com/a/b"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com//a///b", "https://example.com/a/b"),
        ("https://example.com/news/index.html", "https://example.com/news"),
        ("https://example.com/%7Euser/a%2fb", "https://example.com/~user/a%2Fb"),
        ("https://example.com/a?q=%7e%3d", "https://example.com/a?q=~%3D"),
        # anything else comes back stripped
        ("  mailto:news@example.com ", "mailto:news@example.com"),
        ("ftp://example.com/a/", "ftp://example.com/a/"),
        ("/relative/path", "/relative/path"),
        ("http://[::1", "http://[::1"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@given(st.text())
def test_canonical_url_never_raises_and_is_idempotent(text: str) -> None:
    once = canonical_url(text)
    assert canonical_url(once) == once


@given(
    st.builds(
        "{}://{}{}/{}?{}#{}".format,
        st.sampled_from(["http", "https", "HTTP"]),
        st.sampled_from(["", "www.", "m.", "amp."]),
        st.sampled_from(["example.com", "News.Example.co.uk", "example.com:80"]),
        st.text(alphabet="ab/%7E.-_~amp", max_size=20),
        st.text(alphabet="ab=&%utm_ref", max_size=20),
        st.text(max_size=5),
    )
)
def test_canonical_url_is_idempotent_on_urls(url: str) -> None:
    once = canonical_url(url)
    assert once.startswith("https://") and "#" not in once
    assert canonical_url(once) == once


def test_canonical_urls_series() -> None:
    series = pl.Series("u", ["http://www.a.com/x/", None, "http://www.a.com/x/", "mailto:x"])
    out = canonical_urls(series)
    assert out.name == "u" and out.dtype == pl.String
    assert out.to_list() == ["https://a.com/x", None, "https://a.com/x", "mailto:x"]


# --- deduplicate --------------------------------------------------------------------------------

T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
SCHEMA = {
    "item_key": pl.String,
    "url": pl.String,
    "canonical_url": pl.String,
    "published_at": pl.Datetime("us", "UTC"),
    "title": pl.String,
    "text": pl.String,
}


def _items(*rows: dict) -> pl.DataFrame:
    defaults = {"canonical_url": None, "published_at": T0, "title": None, "text": None}
    return pl.DataFrame([defaults | r for r in rows], schema=SCHEMA)


def _stories(result: pl.DataFrame) -> list[set[str]]:
    groups = result.group_by("article_id").agg("item_key")["item_key"].to_list()
    return sorted((set(g) for g in groups), key=min)


OUTAGE = (
    "OpenAI said ChatGPT was experiencing elevated error rates for some users on Tuesday "
    "morning, and the company's status page listed a partial outage of conversations and "
    "logins. Users reported errors when trying to reach the chatbot for about forty minutes "
    "before engineers rolled back a configuration change to the load balancers. Thousands of "
    "reports on Downdetector peaked shortly after nine in the morning Eastern time. OpenAI "
    "later said the issue had been resolved and that it was monitoring the fix. It was the "
    "third incident affecting ChatGPT this month, after a long outage of its image generator."
)
OTHER_OUTAGE = (
    "OpenAI's API returned server errors to developers on Tuesday afternoon in an incident "
    "separate from the morning's ChatGPT problems. The status page listed degraded "
    "performance for the chat completions and embeddings endpoints in the United States and "
    "Europe. Developers building on the API saw timeouts and rate limit errors across regions "
    "for roughly two hours, and several startups said their products were unusable. OpenAI "
    "said a database migration caused the errors and that it was monitoring the fix. The "
    "company said it would publish a full incident report once its investigation is done."
)


def test_same_canonical_with_tracking_params_is_one_story() -> None:
    result = deduplicate(
        _items(
            {"item_key": "a", "url": "https://www.example.com/s/1?utm_source=rss"},
            {"item_key": "b", "url": "http://example.com/s/1/?fbclid=zz#top"},
            {"item_key": "c", "url": "https://feeds.example.net/r/9", "canonical_url": None},
            {
                "item_key": "d",
                "url": "https://feeds.example.net/r/10",
                "canonical_url": "https://example.com/s/1?utm_campaign=x",
            },
        )
    )
    assert _stories(result) == [{"a", "b", "d"}, {"c"}]
    assert result.filter(pl.col("item_key") == "d")["canonical_url"].item() == (
        "https://example.com/s/1"
    )


def test_amp_and_non_amp_are_one_story() -> None:
    result = deduplicate(
        _items(
            {"item_key": "amp", "url": "https://example.com/amp/2025/03/outage"},
            {"item_key": "amp2", "url": "https://amp.example.com/2025/03/outage?amp=1"},
            {"item_key": "web", "url": "https://www.example.com/2025/03/outage/"},
        )
    )
    assert _stories(result) == [{"amp", "amp2", "web"}]


def test_link_equal_to_another_items_canonical_is_one_story() -> None:
    result = deduplicate(
        _items(
            {
                "item_key": "feed",
                "url": "https://feedproxy.example.net/~r/x/123",
                "canonical_url": "https://site.example.com/story",
            },
            {
                "item_key": "site",
                "url": "https://site.example.com/story?utm_medium=rss",
                "canonical_url": "https://site.example.com/2025/story-updated",
            },
        )
    )
    assert _stories(result) == [{"feed", "site"}]


def test_site_root_canonical_is_ignored() -> None:
    result = deduplicate(
        _items(
            {"item_key": "a", "url": "https://x.com/a", "canonical_url": "https://www.x.com/"},
            {"item_key": "b", "url": "https://x.com/b", "canonical_url": "https://x.com"},
        )
    )
    assert _stories(result) == [{"a"}, {"b"}]
    assert result["canonical_url"].to_list() == ["https://x.com/a", "https://x.com/b"]


def test_syndicated_copy_with_new_headline_is_same_story() -> None:
    copy = OUTAGE.replace(" for about forty minutes", "") + (
        " This story originally appeared on Example News."
    )
    result = deduplicate(
        _items(
            {"item_key": "orig", "url": "https://news.example.com/chatgpt-down", "text": OUTAGE},
            {
                "item_key": "synd",
                "url": "https://partner.example.org/tech/openai-outage-tuesday",
                "title": "ChatGPT goes dark for thousands",
                "published_at": T0 + timedelta(hours=5),
                "text": copy,
            },
            {"item_key": "other", "url": "https://news.example.com/api-down", "text": OTHER_OUTAGE},
        )
    )
    assert _stories(result) == [{"orig", "synd"}, {"other"}]
    primary = result.filter("is_primary")
    assert primary["item_key"].to_list() == ["orig", "other"]
    assert set(result["article_id"]) == {
        article_id("https://news.example.com/chatgpt-down"),
        article_id("https://news.example.com/api-down"),
    }


def test_copies_far_apart_in_time_do_not_merge_on_text() -> None:
    a = {"item_key": "a", "url": "https://a.com/1", "text": OUTAGE}
    b = {"item_key": "b", "url": "https://b.com/1", "text": OUTAGE, "published_at": T0}
    b["published_at"] = T0 + timedelta(days=30)
    assert _stories(deduplicate(_items(a, b))) == [{"a"}, {"b"}]
    # an item without a time may match either, and so joins them
    c = {"item_key": "c", "url": "https://c.com/1", "text": OUTAGE, "published_at": None}
    assert _stories(deduplicate(_items(a, b, c))) == [{"a", "b", "c"}]


def test_short_summaries_do_not_merge_on_text() -> None:
    summary = "OpenAI announced a new model today that it says is faster and cheaper"
    result = deduplicate(
        _items(
            {"item_key": "a", "url": "https://a.com/1", "text": summary},
            {"item_key": "b", "url": "https://b.com/2", "text": summary},
        )
    )
    assert _stories(result) == [{"a"}, {"b"}]
    assert len(summary.split()) < MIN_WORDS


def test_primary_is_earliest_then_canonical_then_key() -> None:
    result = deduplicate(
        _items(
            {"item_key": "late", "url": "https://a.com/1?utm_source=x", "published_at": T0},
            {"item_key": "none", "url": "https://a.com/1?ref=y", "published_at": None},
            {
                "item_key": "early",
                "url": "https://a.com/1",
                "published_at": T0 - timedelta(hours=1),
            },
        )
    )
    assert result.filter("is_primary")["item_key"].to_list() == ["early"]
    tie = deduplicate(
        _items(
            {"item_key": "z", "url": "https://a.com/1", "canonical_url": "https://b.com/x"},
            {"item_key": "y", "url": "https://a.com/1", "canonical_url": "https://a.com/x"},
            {"item_key": "x", "url": "https://b.com/x"},
        )
    )
    assert tie.filter("is_primary")["item_key"].to_list() == ["y"]
    assert tie["article_id"].unique().to_list() == [article_id("https://a.com/x")]


def test_article_id_is_stable() -> None:
    assert article_id("https://news.example.com/chatgpt-down") == "b7e26c749f7fd0f1"
    result = deduplicate(
        _items({"item_key": "a", "url": "http://www.news.example.com/chatgpt-down/"})
    )
    assert result["article_id"].to_list() == ["b7e26c749f7fd0f1"]


def test_naive_and_missing_times_are_accepted() -> None:
    items = pl.DataFrame(
        {
            "item_key": ["a", "b"],
            "url": ["https://a.com/1", "https://b.com/1"],
            "canonical_url": [None, None],
            "published_at": [None, None],
            "title": [None, None],
            "text": [OUTAGE, OUTAGE],
        }
    )
    assert _stories(deduplicate(items)) == [{"a", "b"}]
    times = pl.Series([T0, T0 + timedelta(days=1)]).dt.replace_time_zone(None)
    naive = items.with_columns(published_at=times)
    result = deduplicate(naive)
    assert _stories(result) == [{"a", "b"}]
    assert result.filter("is_primary")["item_key"].to_list() == ["a"]


def test_similar_text_pairs_shape() -> None:
    texts = pl.Series([OUTAGE, None, "short text", OTHER_OUTAGE, OUTAGE + " Updated."])
    pairs = similar_text_pairs(texts)
    assert pairs.schema == {"i": pl.Int64, "j": pl.Int64, "similarity": pl.Float64}
    assert pairs.select("i", "j").rows() == [(0, 4)]
    assert pairs["similarity"].item() > 0.9
    assert similar_text_pairs(pl.Series([OUTAGE])).height == 0
    assert similar_text_pairs(pl.Series([None, None], dtype=pl.String)).height == 0


def test_input_is_validated() -> None:
    with pytest.raises(ValueError, match="missing columns"):
        deduplicate(pl.DataFrame({"item_key": ["a"]}))
    with pytest.raises(ValueError, match="unique"):
        deduplicate(_items({"item_key": "a", "url": "u"}, {"item_key": "a", "url": "v"}))
    assert deduplicate(_items()).schema == {
        "item_key": pl.String,
        "canonical_url": pl.String,
        "article_id": pl.String,
        "is_primary": pl.Boolean,
    }


@pytest.fixture(scope="module")
def corpus() -> tuple[pl.DataFrame, np.ndarray]:
    return _corpus(5000)


def test_threshold_has_full_precision_and_high_recall(
    corpus: tuple[pl.DataFrame, np.ndarray],
) -> None:
    items, truth = corpus
    [score] = _pair_scores(items, truth, [SIMILARITY_THRESHOLD])
    assert score["precision"] == 1.0
    assert score["recall"] >= 0.93


def test_generated_corpus_stories(corpus: tuple[pl.DataFrame, np.ndarray]) -> None:
    items, truth = corpus
    result = deduplicate(items)
    assert result["item_key"].to_list() == sorted(items["item_key"])
    assert result.group_by("article_id").agg(pl.col("is_primary").sum())["is_primary"].eq(1).all()
    # no two true stories share an article_id (precision of the grouping)
    truth_of = pl.DataFrame({"item_key": items["item_key"], "story": truth})
    joined = result.join(truth_of, on="item_key")
    assert joined.group_by("article_id").agg(pl.col("story").n_unique())["story"].max() == 1
    # most copies with long texts are found: pairs of one story that share the article_id
    words = items.select("item_key", words=pl.col("text").str.count_matches(r"\w+"))
    long = joined.join(words, on="item_key").filter(pl.col("words") >= MIN_WORDS)
    pairs = pl.col("len") * (pl.col("len") - 1) // 2
    true_pairs = long.group_by("story").len().select(pairs.sum()).item()
    found_pairs = long.group_by("story", "article_id").len().select(pairs.sum()).item()
    assert found_pairs / true_pairs >= 0.95
    # order independence: shuffled rows give the same result
    shuffled = deduplicate(items.sample(fraction=1.0, shuffle=True, seed=3))
    assert shuffled.equals(result)
