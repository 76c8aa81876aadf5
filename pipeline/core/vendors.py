"""The one vendor and alias table of the project, and `match_vendors(text)`.

Every stage that needs to know which AI vendor a text, feed or catalog entry is about uses this
module; nothing else keeps a list of vendor names.

Matching rules (kept deliberately simple):

- An alias matches as a whole word: ``\\bClaude\\b`` matches "Claude" and "claude.ai", never
  "Claudette"; "Ollama" is not "Llama"; "metadata" is not "Meta". Spaces inside an alias match
  any run of whitespace.
- Case: aliases match case-insensitively ("chatgpt", "DeepSeek"), except the ones in
  `CASE_SENSITIVE_ALIASES`, which are also ordinary lower-case words or acronyms ("opus",
  "sonnet", "meta", "bedrock", "azure") or collide in another case ("XAI" = explainable AI,
  "O3" = ozone). Those match only as written in the table.
- Ambiguity guard: the aliases in `AMBIGUOUS_ALIASES` are also names of people, animals, star
  signs or words ("Claude" Monet, a llama, Gemini the sign, "Nova"). Such a mention counts only
  when the same text has AI context: a word from `AI_CONTEXT_WORDS` ("AI", "LLM", "model",
  "chatbot", "API", ...) or any unambiguous alias ("Anthropic", "ChatGPT", ...).
- The longest alias wins where several start at the same place ("Claude Code" before "Claude",
  "Azure OpenAI" before "OpenAI"), so "Azure OpenAI" is Microsoft's service, not OpenAI.
"""

from __future__ import annotations

import re

VENDORS: tuple[str, ...] = (
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

# vendor -> company, product and model names. Every alias starts and ends with a letter or
# digit (word boundaries rely on it) and is unique across vendors, ignoring case.
ALIASES: dict[str, tuple[str, ...]] = {
    "openai": (
        "OpenAI",
        "ChatGPT",
        "GPT-3.5",
        "GPT-4",
        "GPT-4o",
        "GPT-4.1",
        "GPT-4.5",
        "GPT-5",
        "o1",
        "o3",
        "o4-mini",
        "DALL-E",
        "DALL·E",
        "DALLE",
        "Sora",
        "Codex",
        "GPT",  # a model family name standing for the vendor ("moved from GPT to Claude")
        # common misspellings in posts
        "Chat GPT",
        "Chat-GPT",
        "ChatGTP",
        "ChatGBT",
        "Open AI",
    ),
    "anthropic": (
        "Anthropic",
        "Claude",
        "claude.ai",
        "Claude Code",
        "Claude Opus",
        "Claude Sonnet",
        "Claude Haiku",
        "Sonnet",
        "Opus",
        "Haiku",
        "Antropic",  # misspelling
    ),
    "google": (
        "Google",
        "Gemini",
        "Gemini Pro",
        "Gemini Flash",
        "Gemini Ultra",
        "Bard",
        "DeepMind",
        "Google DeepMind",
        "Vertex AI",
        "Gemma",
        "PaLM",
        "NotebookLM",
        "Gemini Advanced",
        "Gemeni",  # misspellings
        "Gemni",
    ),
    "microsoft": (
        "Microsoft",
        "Copilot",
        "GitHub Copilot",
        "Azure",
        "Azure OpenAI",
        "Bing Chat",
        "Bing",
    ),
    "meta": ("Meta", "Meta AI", "Llama"),
    "mistral": (
        "Mistral",
        "Mistral AI",
        "Le Chat",
        "Mixtral",
        "Codestral",
        "Pixtral",
        "Ministral",
        "Magistral",
        "Devstral",
    ),
    "cohere": ("Cohere", "Command R", "Command A"),
    "ai21": ("AI21", "AI21 Labs", "Jurassic", "Jamba"),
    "xai": ("xAI", "Grok"),
    "deepseek": ("DeepSeek", "Deep Seek"),
    "perplexity": ("Perplexity", "Perplexity AI"),
    "amazon": (
        "Amazon",
        "AWS",
        "Bedrock",
        "Amazon Bedrock",
        "Amazon Q",
        "Nova",
        "Amazon Nova",
        "Amazon Titan",
    ),
}

# Aliases that match only with the exact capitalisation above.
CASE_SENSITIVE_ALIASES: frozenset[str] = frozenset(
    {
        "GPT",
        "o1",
        "o3",
        "o4-mini",
        "Sora",
        "Codex",
        "Sonnet",
        "Opus",
        "Haiku",
        "Bard",
        "Gemma",
        "PaLM",
        "Copilot",
        "Azure",
        "Bing",
        "Meta",
        "Le Chat",
        "Cohere",
        "Command R",
        "Command A",
        "Jurassic",
        "Jamba",
        "xAI",
        "Perplexity",
        "AWS",
        "Bedrock",
        "Nova",
    }
)

# Aliases that count only when the text has AI context (see the module docstring).
AMBIGUOUS_ALIASES: frozenset[str] = frozenset(
    {
        "o1",
        "o3",
        "Sora",
        "Codex",
        "Claude",
        "Sonnet",
        "Opus",
        "Haiku",
        "Gemini",
        "Gemini Pro",
        "Gemini Flash",
        "Gemini Ultra",
        "Gemini Advanced",
        "Gemeni",
        "Gemni",
        "Bard",
        "Gemma",
        "Llama",
        "Le Chat",
        "Jurassic",
        "Jamba",
        "Grok",
        "Nova",
        "Mistral",  # also the Mediterranean wind
        "Perplexity",  # also an ordinary word
    }
)

# Words that make a text about AI, matched case-insensitively as whole words.
AI_CONTEXT_WORDS: tuple[str, ...] = (
    "AI",
    "A.I",
    "artificial intelligence",
    "GenAI",
    "generative",
    "LLM",
    "LLMs",
    "language model",
    "model",
    "models",
    "chatbot",
    "chatbots",
    "assistant",
    "API",
    "prompt",
    "prompts",
    "tokens",
    "inference",
    "machine learning",
    "GPT",
    "GPTs",
)


def _alias_regex(alias: str) -> str:
    body = r"\s+".join(re.escape(part) for part in alias.split())
    return body if alias in CASE_SENSITIVE_ALIASES else f"(?i:{body})"


def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return r"\b(?:" + "|".join(_alias_regex(w) for w in ordered) + r")\b"


_VENDOR_OF: dict[str, str] = {
    alias.casefold(): vendor for vendor, aliases in ALIASES.items() for alias in aliases
}
_AMBIGUOUS_KEYS = frozenset(alias.casefold() for alias in AMBIGUOUS_ALIASES)

ALIAS_PATTERN: str = _alternation([a for aliases in ALIASES.values() for a in aliases])
"""One regex matching any alias; uses only \\b and (?i:...), so polars' str.extract_all takes it.

Map each match to its vendor with `vendor_of_alias`.
"""

CONTEXT_PATTERN: str = _alternation(list(AI_CONTEXT_WORDS))
"""One regex matching any AI context word (the ambiguity guard), usable in polars too."""

_ALIAS_RE = re.compile(ALIAS_PATTERN)
_CONTEXT_RE = re.compile(CONTEXT_PATTERN)


def vendor_of_alias(alias: str) -> str | None:
    """Return the vendor slug of an alias as matched in a text (any case, any spacing)."""
    return _VENDOR_OF.get(" ".join(alias.split()).casefold())


def is_vendor(slug: str) -> bool:
    """Return True when `slug` is one of the contract's vendor slugs (lower case)."""
    return slug in VENDORS


def match_vendors(text: str) -> list[str]:
    """Return the vendor slugs mentioned in `text`, in order of first mention, without repeats.

    Ambiguous aliases ("Claude", "Gemini", "Llama", "Nova", ...) count only when the text also
    has an AI context word or an unambiguous alias; see the module docstring.
    """
    found: list[tuple[str, bool]] = []
    for match in _ALIAS_RE.finditer(text):
        key = " ".join(match.group().split()).casefold()
        found.append((_VENDOR_OF[key], key in _AMBIGUOUS_KEYS))
    if not found:
        return []
    has_context = any(not ambiguous for _, ambiguous in found) or bool(_CONTEXT_RE.search(text))
    vendors: list[str] = []
    for vendor, ambiguous in found:
        if (has_context or not ambiguous) and vendor not in vendors:
            vendors.append(vendor)
    return vendors
