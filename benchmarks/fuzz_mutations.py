"""Mutations of real payloads for benchmarks/fuzz_parsers.py: bytes, values, JSON and XML trees.

`make_case(rng, seeds, family)` takes one seed and applies one to four mutations chosen by
`rng` (so a run is reproducible from its seed); `family` (xml, json, jsonl, html or any) says
which apply. Six cases in ten keep to value and tree mutations, which mostly leave a
well-formed payload, so that the case reaches a parser's per-record code.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from typing import Any

from lxml import etree, html

MAX_CASE_BYTES = 4 * 2**20

HOSTILE_DATES_ISO = [
    "0001-01-02T00:00:00Z", "1970-01-01T00:00:00Z", "2004-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
    "2099-06-01T00:00:00Z", "2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z", "2026-03-03T25:61:61Z",
    "2026-03-03T10:00:00+25:00", "2026-03-03T10:00:00", "2026-03-03", "", "yesterday",
    "2026-03-03T10:00:00.1234567891234Z", "+275760-09-13T00:00:00Z", "2026-W10-3",
]  # fmt: skip
HOSTILE_DATES_RFC = [
    "Mon, 01 Jan 0001 00:00:00 +0000", "Thu, 01 Jan 1970 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 +0000", "Mon, 32 Jan 2026 00:00:00 +0000",
    "Mon, 02 Mar 2026 10:00:00 XYZ", "Mon, 02 Mar 26 10:00:00 +0000", "02 Mar 2026", "",
]  # fmt: skip
HOSTILE_NUMBERS = ["0", "-1", "99999999999999999999", "1e20", "253402300800", "1.5", "-0", "NaN"]
HOSTILE_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/", "file:///etc/passwd", "https://" + "a" * 3_000 + ".example/",
    "data:text/html,<script>alert(1)</script>", "//evil.example/x", "http://ex ample/",
    "", "https://", "mailto:x@example.com", "https://xn--80ak6aa92e.example/\u202egnp.exe",
]  # fmt: skip
HOSTILE_TEXT: list[Any] = [
    "", " ", "\u00a0", "=HYPERLINK(\"http://x\")", "[/bold] not json [link=http://e]x[/link]",
    "<script>alert(1)</script>", "&amp;&lt;&#0;&#x110000;&bogus;", "\ud800", "x\udc00y",
    "\x00\x01\x1b[31m", "\u202e\u2066", "\U0001f600" * 40, "x" * 200_000, "Claude " * 3_000,
    "0001-01-02T00:00:00Z", "javascript:alert(1)", 0, -1, 2**64, -(2**63), 1e308, 1.5, True,
    None, [], {}, [[[[[[[[[[]]]]]]]]]], {"a": {"b": {"c": None}}}, ["x"] * 50,
]  # fmt: skip
TOKENS = {
    "xml": [
        b"<![CDATA[", b"]]>", b'<!DOCTYPE x [<!ENTITY a "b">]>', b"&a;", b"&amp;", b"&#0;",
        b"&#x110000;", b"&#xD800;", b"&nbsp;", b"<entry>", b"</entry>", b"<item>", b"</item>",
        b"<updated>0001-01-02T00:00:00Z</updated>", b"<pubDate>Thu, 01 Jan 1970 00:00:00 GMT",
        b'<link href="javascript:alert(1)"/>', b'xmlns="http://www.w3.org/2005/Atom"',
        b'<?xml version="1.0" encoding="utf-16"?>', b'<?xml version="1.0" encoding="x-bad"?>',
        b'<content type="html">', b"&lt;script&gt;", b"<title>", b"</title>", b"<a:b>",
        b'<!ENTITY % p SYSTEM "file:///etc/passwd">', b"<" * 64, b"<x>" * 300,
    ],
    "json": [
        b"null", b"[]", b"{}", b"-1", b"1e999", b"NaN", b'"\\ud800"', b'"\\u0000"', b"9" * 400,
        b"[" * 3_000, b'"0001-01-02T00:00:00Z"', b'"javascript:alert(1)"', b",", b":", b'"',
        b"\\", b'{"incidents": 1}', b'{"objectID": "1"}', b'{"kind": "t1", "data": {}}', b"true",
    ],
    "html": [
        b"<script>", b"</script>", b'<meta charset="x-bad">', b"<div>" * 400, b"<p>" * 2_000,
        b'<meta http-equiv="content-type" content="text/html; charset=utf-16">',
        b'<time datetime="0001-01-01">', b'<link rel="canonical" href="javascript:x">',
        b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"1970-01-01",'
        b'"headline":"' + b"x" * 5_000 + b'"}</script>',
        b'<html lang="\xff">', b"<title>" + b"T" * 2_000 + b"</title>", b"<!--", b"-->",
        b"<svg><![CDATA[", b"<template>", b"<frameset>", b"&#0;", b"\x00",
    ],
}  # fmt: skip
TOKENS["jsonl"] = [*TOKENS["json"], b"\n", b"\r\n", b"\n\n", b"\xef\xbb\xbf"]
TOKENS["any"] = [*TOKENS["xml"], *TOKENS["json"]]
INTERESTING_BYTES = [0x00, 0x0A, 0x0D, 0x1B, 0x22, 0x26, 0x3C, 0x3E, 0x5C, 0x7F, 0x80, 0xC0, 0xFF]
_ISO_RE = re.compile(rb"\d{4}-\d\d-\d\d(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")
_RFC_RE = re.compile(rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? \w{3} \d{2,4} [\d:]+ [\w+-]+")
_EPOCH_RE = re.compile(rb"(?<![\w.])1\d{9}(?:\.\d+)?(?![\w.])")
_URL_RE = re.compile(rb"https?://[^\s\"'<>\\]+")


def _chunk(rng: random.Random, data: bytes) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.choice([1, 2, 4, 16, 64, 256, 4_096]))


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def interesting_byte(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes([rng.choice(INTERESTING_BYTES)]) + data[at + rng.randint(0, 1) :]


def insert_token(rng: random.Random, data: bytes, family: str) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS[family]) + data[at:]


def delete_chunk(rng: random.Random, data: bytes) -> bytes:
    start, end = _chunk(rng, data)
    return data[:start] + data[end:]


def repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    start, end = _chunk(rng, data)
    return data[:end] + data[start:end] * rng.choice([1, 2, 10, 100]) + data[end:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def transcode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-be", "latin-1", "cp1252", "utf-32", "utf-8-sig"])
    return text.encode(codec, "replace")


def _replace_matches(
    rng: random.Random, data: bytes, pattern: re.Pattern[bytes], choices: list[str]
) -> bytes:
    matches = list(pattern.finditer(data))
    if not matches:
        return data
    for m in sorted(
        rng.sample(matches, min(len(matches), rng.randint(1, 3))), key=lambda m: -m.start()
    ):
        data = data[: m.start()] + rng.choice(choices).encode() + data[m.end() :]
    return data


def hostile_values(rng: random.Random, data: bytes) -> bytes:
    """Replace a few dates, epoch numbers or URLs of the payload with hostile ones."""
    kind = rng.randrange(4)
    if kind == 0:
        return _replace_matches(rng, data, _ISO_RE, HOSTILE_DATES_ISO)
    if kind == 1:
        return _replace_matches(rng, data, _RFC_RE, HOSTILE_DATES_RFC)
    if kind == 2:
        return _replace_matches(rng, data, _EPOCH_RE, HOSTILE_NUMBERS)
    return _replace_matches(rng, data, _URL_RE, HOSTILE_URLS)


def _hostile(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice(HOSTILE_TEXT + HOSTILE_URLS + HOSTILE_DATES_ISO))


def _nodes(value: Any, out: list[tuple[Any, Any]], limit: int = 5_000) -> None:
    """(container, key) of every value in a JSON tree, breadth-first up to `limit`."""
    queue = [value]
    while queue and len(out) < limit:
        node = queue.pop(0)
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, child in items:
            out.append((node, key))
            if isinstance(child, dict | list):
                queue.append(child)


def _mutate_tree(rng: random.Random, document: Any) -> Any:
    nodes: list[tuple[Any, Any]] = []
    _nodes(document, nodes)
    for _ in range(rng.randint(1, 4)):
        if not nodes:
            return _hostile(rng)
        parent, key = rng.choice(nodes)
        op = rng.randrange(6)
        try:
            if op <= 1:  # replace a value
                parent[key] = _hostile(rng)
            elif op == 2:  # drop it
                del parent[key]
            elif op == 3 and isinstance(parent, list):  # duplicate a list element
                parent.extend([parent[key]] * rng.choice([1, 3, 50]))
            elif op == 3:  # rename a key
                parent[rng.choice(["", "id", "x" * 300, "objectID", "\ud800"])] = parent.pop(key)
            elif op == 4:  # change the type
                parent[key] = [parent[key]] if rng.random() < 0.5 else str(parent[key])
            else:  # move a value elsewhere
                other, other_key = rng.choice(nodes)
                other[other_key] = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        nodes = []
        _nodes(document, nodes)
    return document


def _dump(rng: random.Random, document: Any) -> bytes:
    try:
        text = json.dumps(
            document,
            ensure_ascii=rng.random() < 0.5,
            indent=rng.choice([None, None, 2]),
            allow_nan=True,
        )
    except (ValueError, RecursionError):
        return b"{}"
    return text.encode("utf-8", "surrogatepass")


def json_tree(rng: random.Random, data: bytes) -> bytes:
    """Edit the JSON document (or each of a few JSON Lines lines) as a tree."""
    try:
        return _dump(rng, _mutate_tree(rng, json.loads(data)))
    except (ValueError, RecursionError):
        pass
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        try:
            lines[at] = _dump(rng, _mutate_tree(rng, json.loads(lines[at])))
        except (ValueError, RecursionError):
            lines[at] = rng.choice(TOKENS["json"])
    return b"\n".join(lines)


def json_lines(rng: random.Random, data: bytes) -> bytes:
    """Damage JSON Lines as lines: duplicate, drop, swap, join, cut, blank, CRLF, BOM."""
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    op = rng.randrange(7)
    if op == 0:
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif op == 1:
        del lines[at]
    elif op == 2:
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif op == 3 and at + 1 < len(lines):
        lines[at : at + 2] = [lines[at] + lines[at + 1]]
    elif op == 4:
        lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
    elif op == 5:
        lines.insert(at, rng.choice([b"", b"   ", b"\t", b"[]", b"null", b"{}", b"\xff"]))
    else:
        return (b"\xef\xbb\xbf" if rng.random() < 0.5 else b"") + data.replace(b"\n", b"\r\n")
    return b"\n".join(lines)


_XML_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def element_tree(rng: random.Random, data: bytes, family: str) -> bytes:
    """Edit the XML/HTML element tree: drop, duplicate, move elements; hostile text/attrs."""
    try:
        root = (
            html.document_fromstring(data)
            if family == "html"
            else etree.fromstring(data, _XML_PARSER)
        )
    except (etree.LxmlError, ValueError):
        return data
    if root is None:
        return data
    elements = [e for e in root.iter() if isinstance(e.tag, str)][:20_000]
    for _ in range(rng.randint(1, 4)):
        element = rng.choice(elements)
        parent = element.getparent()
        op = rng.randrange(6)
        value = _hostile(rng)
        text = value if isinstance(value, str) else json.dumps(value)
        text = "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff")  # XML-legal
        if op == 0 and parent is not None:
            parent.remove(element)
            elements = [e for e in root.iter() if isinstance(e.tag, str)][:20_000]
        elif op == 1 and parent is not None:
            for _ in range(rng.choice([1, 2, 20])):
                parent.append(copy.deepcopy(element))
        elif op == 2:
            element.text = text
        elif op == 3 and element.attrib:
            element.set(rng.choice(list(element.attrib)), text)
        elif op == 4 and parent is not None:
            target = rng.choice(elements)
            if target is not element and element not in target.iterancestors():
                target.append(element)
        else:
            element.tail = text
    codec = rng.choice(["utf-8", "utf-8", "utf-16", "iso-8859-1", "ascii"])
    if family == "html":
        return html.tostring(root, encoding=codec, include_meta_content_type=rng.random() < 0.5)
    return etree.tostring(root, encoding=codec, xml_declaration=True)


def random_junk(rng: random.Random, _: bytes) -> bytes:
    return rng.choice([
        b"", b" ", b"\xef\xbb\xbf", b"\x00" * 100, bytes(rng.randrange(256) for _ in range(64)),
        b"<html><body>502 Bad Gateway</body></html>", b"{", b"[", b"<", b"<?xml", b"null",
        b"\xff\xfe<\x00r\x00s\x00s\x00>\x00", b"[" * 100_000, b"{\"a\":" * 50_000,
    ])  # fmt: skip


def mutations(family: str, *, structured: bool) -> list[tuple[str, Callable[..., bytes], int]]:
    """(name, function, weight) of the mutations that apply to a family.

    `structured` keeps to the value and tree mutations, which mostly leave a well-formed
    payload, so that the case reaches the parser's per-record code instead of its refusal.
    """
    ops: list[tuple[str, Callable[..., bytes], int]] = [("hostile_values", hostile_values, 5)]
    if family in ("json", "jsonl", "any"):
        ops.append(("json_tree", json_tree, 8))
    if family == "jsonl":
        ops.append(("json_lines", json_lines, 4))
    if family in ("xml", "html", "any"):
        tree = "html" if family == "html" else "xml"
        ops.append(("element_tree", lambda r, d: element_tree(r, d, tree), 6))
    if structured:
        return ops
    return [
        *ops,
        ("flip_bits", flip_bits, 2), ("interesting_byte", interesting_byte, 2),
        ("insert_token", lambda r, d: insert_token(r, d, family), 3),
        ("delete_chunk", delete_chunk, 2), ("repeat_chunk", repeat_chunk, 1),
        ("truncate", truncate, 1), ("transcode", transcode, 1),
    ]  # fmt: skip


def make_case(rng: random.Random, seeds: list[bytes], family: str) -> tuple[bytes, str]:
    """One fuzz case: a seed with one to four mutations; returns it and its recipe.

    Six cases in ten keep to structured mutations (see `mutations`); the others mix in byte
    level damage and, rarely, splice two seeds or replace the payload by junk.
    """
    index = rng.randrange(len(seeds))
    data, recipe = seeds[index], [f"seed#{index}"]
    if rng.random() < 0.02:
        return random_junk(rng, data), "junk"
    structured = rng.random() < 0.6
    names, funcs, weights = zip(*mutations(family, structured=structured), strict=True)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        if not structured and rng.random() < 0.05:
            data, name = splice(rng, data, rng.choice(seeds)), "splice"
        else:
            pick = rng.choices(range(len(names)), weights=weights)[0]
            name = names[pick]
            try:
                data = funcs[pick](rng, data)
            except Exception:  # noqa: BLE001 - a mutation that cannot apply leaves the data
                name += "(failed)"
        recipe.append(name)
        data = data[:MAX_CASE_BYTES]
    return data, "+".join(recipe)
