"""Tests for pipeline.parse.article_text and how extract_article uses it: trafilatura within the
element budget, the own rules beyond it or when trafilatura fails, the headline kept out."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

import pytest
import trafilatura

from pipeline.core.limits import MAX_ARTICLE_TEXT_CHARS
from pipeline.parse import article_text
from pipeline.parse.article_html import extract_article
from tests.parse.test_article_html import ARTICLE, TEXT, generate_article_html, lorem

NOW = datetime(2026, 12, 1, tzinfo=UTC)
URL = "https://news.example.com/2026/03/story"


def extract(html: str | bytes) -> str:
    payload = html.encode() if isinstance(html, str) else html
    return extract_article(payload, URL, source="test-news", now=NOW).text


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The `fast` flag of every trafilatura call made."""
    made: list[bool] = []
    real = trafilatura.bare_extraction

    def spy(*args: object, **kwargs: object) -> object:
        made.append(bool(kwargs.get("fast")))
        return real(*args, **kwargs)

    monkeypatch.setattr(article_text.trafilatura, "bare_extraction", spy)
    return made


def test_library_reads_the_page_in_fast_mode(calls: list[bool]) -> None:
    html, paragraphs = generate_article_html(3)
    assert extract(html) == "\n\n".join(paragraphs)
    assert calls == [True]


def test_full_cascade_only_when_fast_mode_finds_too_little(
    calls: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = article_text._run

    def short_fast(tree: object, url: str | None, *, fast: bool) -> str:
        return "too little" if fast else real(tree, url, fast=fast)

    monkeypatch.setattr(article_text, "_run", short_fast)
    html, paragraphs = generate_article_html(4)
    assert extract(html) == "\n\n".join(paragraphs)
    assert calls == [False]  # fast mode (replaced here) found too little: the full cascade ran


def test_pages_over_the_element_budget_are_read_by_the_own_rules(
    calls: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, paragraphs = generate_article_html(5)
    monkeypatch.setattr(article_text, "LIBRARY_MAX_ELEMENTS", 50)
    assert extract(html) == "\n\n".join(paragraphs)
    assert calls == []


@pytest.mark.parametrize("error", [ValueError("bad"), RecursionError(), LookupError("x")])
def test_a_failing_library_leaves_the_page_to_the_own_rules(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(article_text.trafilatura, "bare_extraction", broken)
    html = f"<html><body><div class='content'>{ARTICLE}</div></body></html>"
    assert extract(html) == TEXT


def test_library_text_blocks_are_blank_line_separated_without_rules() -> None:
    from lxml import etree

    table = "<table><tr><th>Model</th><th>Date</th></tr><tr><td>A</td><td>May 1</td></tr></table>"
    html = f"<html><body><article>{ARTICLE}{table}</article></body></html>"
    root = etree.fromstring(html.encode(), etree.HTMLParser())
    text = article_text.library_text(root, URL, min_chars=200)
    assert text is not None
    blocks = text.split("\n\n")
    assert blocks[:5] == TEXT.split("\n\n")
    assert "| Model | Date |" in blocks and "| A | May 1 |" in blocks
    assert not any(set(b) <= set("|- ") for b in blocks)  # the |---| rule is dropped
    assert article_text.library_text(root, URL, min_chars=10**6) is None


@pytest.mark.parametrize("kicker", ["", "<p class='kicker'>AI</p>", "<span>Live</span>"])
def test_headline_is_not_part_of_the_text(kicker: str) -> None:
    html = f"""<html><head><meta property="og:title" content="Vendor cuts prices">
    </head><body><article>{kicker}<h1>Vendor cuts prices</h1>{ARTICLE}</article></body></html>"""
    assert extract(html) == TEXT


def test_a_sentence_equal_to_the_title_deep_in_the_text_stays() -> None:
    body = "".join(f"<p>{lorem(i)}</p>" for i in range(4))
    html = f"""<html><head><title>Prices fall</title></head><body><article>
    {body}<p>Prices fall</p><p>{lorem(9)}</p></article></body></html>"""
    assert "\n\nPrices fall\n\n" in extract(html)


def test_hidden_text_never_reaches_the_text() -> None:
    html = f"""<html><body><article>{ARTICLE}
    <p hidden>Hidden keyword stuffing</p><div style="display:none"><p>Invisible note</p></div>
    <p aria-hidden="true">Decorative duplicate</p></article></body></html>"""
    assert extract(html) == TEXT


# --- time bounds (coarse guards; benchmarks/eval_articles.py measures the worst pages) --------


def _text_dense_page(elements: int) -> bytes:
    rng = random.Random(elements)
    words = "model outage latency users cloud region service engineers report".split()
    cell = "<div class='c'><p>{}</p></div>"
    return (
        "<html><body>"
        + "".join(
            cell.format(" ".join(rng.choice(words) for _ in range(12)))
            for _ in range(elements // 2)
        )
        + "</body></html>"
    ).encode()


def test_a_text_dense_page_at_the_library_budget_takes_well_under_seconds() -> None:
    payload = _text_dense_page(article_text.LIBRARY_MAX_ELEMENTS - 10)
    start = time.process_time()
    text = extract(payload)
    assert time.process_time() - start < 4.0
    assert len(text) > 10_000


def test_megabytes_of_text_are_read_only_up_to_the_budget() -> None:
    payload = _text_dense_page(190_000)  # ~6 MB, 190,000 elements: the own rules read it
    start = time.process_time()
    text = extract(payload)
    assert time.process_time() - start < 4.0
    assert len(text) == MAX_ARTICLE_TEXT_CHARS
