"""pipeline.core.vendors: the alias table, word boundaries, case rules and the ambiguity guard."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.core.vendors import (
    ALIAS_PATTERN,
    ALIASES,
    AMBIGUOUS_ALIASES,
    CASE_SENSITIVE_ALIASES,
    VENDORS,
    is_vendor,
    match_vendors,
    vendor_of_alias,
)


def test_table_is_consistent() -> None:
    assert VENDORS == (
        "openai",
        "anthropic",
        "google",
        "microsoft",
        "meta",
        "mistral",
        "cohere",
        "ai21",
        "xai",
        "deepseek",
        "perplexity",
        "amazon",
    )
    assert set(ALIASES) == set(VENDORS)
    aliases = [a for names in ALIASES.values() for a in names]
    assert len({a.casefold() for a in aliases}) == len(aliases), "aliases must be unique"
    assert all(a[0].isalnum() and a[-1].isalnum() for a in aliases), "\\b needs word ends"
    assert set(aliases) >= CASE_SENSITIVE_ALIASES | AMBIGUOUS_ALIASES


def test_is_vendor() -> None:
    assert is_vendor("anthropic") and is_vendor("xai")
    assert not is_vendor("Anthropic") and not is_vendor("claude") and not is_vendor("")


@pytest.mark.parametrize(
    ("alias", "vendor"),
    [
        ("ChatGPT", "openai"),
        ("GPT-4o", "openai"),
        ("GPT-5", "openai"),
        ("o3", "openai"),
        ("DALL-E", "openai"),
        ("Sora", "openai"),
        ("Codex", "openai"),
        ("Claude", "anthropic"),
        ("Sonnet", "anthropic"),
        ("Opus", "anthropic"),
        ("Haiku", "anthropic"),
        ("Claude Code", "anthropic"),
        ("Gemini", "google"),
        ("Bard", "google"),
        ("DeepMind", "google"),
        ("Vertex AI", "google"),
        ("Copilot", "microsoft"),
        ("Azure OpenAI", "microsoft"),
        ("Bing Chat", "microsoft"),
        ("Llama", "meta"),
        ("Le Chat", "mistral"),
        ("Mixtral", "mistral"),
        ("Codestral", "mistral"),
        ("Command R", "cohere"),
        ("Jurassic", "ai21"),
        ("Jamba", "ai21"),
        ("Grok", "xai"),
        ("DeepSeek", "deepseek"),
        ("Perplexity", "perplexity"),
        ("Bedrock", "amazon"),
        ("Amazon Q", "amazon"),
        ("Nova", "amazon"),
    ],
)
def test_alias_maps_to_vendor(alias: str, vendor: str) -> None:
    assert vendor_of_alias(alias) == vendor
    assert match_vendors(f"the {alias} AI model is down") == [vendor]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anthropic says Claude is back; OpenAI too", ["anthropic", "openai"]),
        ("chatgpt and CLAUDE both down, switching to gemini", ["openai", "anthropic", "google"]),
        ("Claude Code and claude.ai errors", ["anthropic"]),
        ("GPT-4o-mini and GPT-5.1 via the API", ["openai"]),
        ("Azure OpenAI latency", ["microsoft"]),  # longest alias wins
        ("Azure\n  OpenAI latency", ["microsoft"]),  # any whitespace inside an alias
        ("xAI's Grok 4 and DeepSeek-R1", ["xai", "deepseek"]),
        ("Amazon Bedrock throttling for Claude Sonnet", ["amazon", "anthropic"]),
    ],
)
def test_match_vendors_orders_by_first_mention(text: str, expected: list[str]) -> None:
    assert match_vendors(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Claudette and Claudine went to the download page",  # no partial words
        "ollama pull works offline",  # "Ollama" is not "Llama"
        "the metadata says metaverse",  # not Meta
        "XAI methods explain models",  # explainable AI, not xAI
        "an opus, a sonnet and a haiku",  # case-sensitive words
        "O3 ozone levels",  # o3 is case-sensitive
        "the Bedrockian azure sky",  # whole words, capitalisation
        "",
    ],
)
def test_no_false_matches(text: str) -> None:
    assert match_vendors(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claude Monet painted water lilies", []),
        ("Gemini horoscope: a good week for love", []),
        ("a llama at the petting zoo", []),
        ("Nova Scotia weather", []),
        ("Claude is down again", []),
        ("Claude the chatbot is down again", ["anthropic"]),  # AI context word
        ("Gemini API returns 500s", ["google"]),
        ("Llama 3 model weights", ["meta"]),
        ("Nova on Amazon is slow", ["amazon"]),  # an unambiguous alias is context too
        ("Claude is better than ChatGPT", ["anthropic", "openai"]),
        ("Claude Opus 4 is down", ["anthropic"]),  # "Claude Opus" is unambiguous
    ],
)
def test_ambiguous_aliases_need_ai_context(text: str, expected: list[str]) -> None:
    assert match_vendors(text) == expected


def test_alias_pattern_works_in_polars() -> None:
    frame = pl.DataFrame({"text": ["Claude Code beats ChatGPT", "azure openai", "nothing here"]})
    found = frame.select(pl.col("text").str.extract_all(ALIAS_PATTERN)).to_series().to_list()
    assert found == [["Claude Code", "ChatGPT"], ["azure openai"], []]
    frame = pl.DataFrame({"text": ["Azure OpenAI", "DEEPSEEK"]})
    found = frame.select(pl.col("text").str.extract_all(ALIAS_PATTERN)).to_series().to_list()
    assert [[vendor_of_alias(a) for a in row] for row in found] == [["microsoft"], ["deepseek"]]
