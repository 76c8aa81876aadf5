"""Benchmark: the whole `radar run` on the sample scaled x1, x10 (and x100): per-stage growth.

Method (issue 14, "Bounded memory, linear time"):

1. Write the embedded sample once (`radar sample`).
2. For each size N, write a scaled copy of the sample's raw source files (`scale_sample`), in
   the same wire formats, as a deployment's data grows with time: every source file gets N-1
   more copies of its records, copy k shifted back in time by k whole periods. The period is
   the catalog window rounded up to whole weeks (weekdays, hours of the week and the texts'
   weekday names stay true), shortened (still whole weeks, at least two) when N periods
   would reach before 2005 (`pipeline.core.limits.EARLIEST_PLAUSIBLE`); copies then overlap
   in time and the data gets denser per day too. The catalog window starts (N-1) periods
   earlier; sources whose file outgrows the fetch cap get a `max_bytes`, news sources a
   `max_articles` of N times theirs.
   * Records: RSS `<item>` and Atom `<entry>` blocks (status and news feeds), the largest list
     of objects of a JSON document (Statuspage `incidents`, Google Cloud's list, HN `hits`,
     Reddit `data.children`, Bluesky `posts`, Mastodon's list), every line of a JSON Lines
     file. Each news mirror page (`<mirror>/<host>/<path>`) is copied under its copy's URL.
   * Time: ISO 8601 dates (`2026-03-03`, with or without a time), RFC 822 dates
     (`Tue, 03 Mar 2026 14:05:00 GMT`), month-name dates with or without a year (`March 3,
     2026`, Statuspage's `Mar <var data-var='date'>3</var>, 14:05 UTC`, escaped or not; a
     year-less one is placed in the year nearest the record's first full date), URL path dates
     (`/2026/03/03/`, `/2026/03/`), and JSON numbers within a year of the window in epoch
     seconds. A date that is not a real date (a planted bad record) stays as it is.
   * Keys: copy k tags identifiers: JSON values of the id keys (`ID_KEYS`), RSS/Atom `id`,
     `guid` and `link` texts and `<link href>`, and in news blocks and mirror pages every
     URL of a mirror host. A token keeps its shape: a UUID becomes another UUID (uuid5), a
     ULID keeps its time part and gets another random part, digits get three more digits
     (`47633172` -> `47633172001`), other tokens `x001`; a URL or path tags its last segment
     (before any extension; `amp` and `index.html` renderings are skipped), so a Statuspage
     Atom link and its JSON id, a feed link and its page's canonical URL stay matched.
   x1 goes through the same writer (zero copies), so every size has the same layout.
3. Run `radar run --sources <scaled catalog> --home <fresh home>` for each size in a process
   of its own (`pipeline.cli.main`), with a Dagster event listener timing every step (wall
   and CPU time of the process between the step's start and end events: the in-process
   executor runs one step at a time, DuckDB's threads included). Steps are grouped by stage
   of the folder layout: ingest/parse (groups ingest, parse: fetch, status observations, news
   items, article pages), load (group status: incident updates and incidents, sql/load),
   enrich (group news: stories), social (one step that fetches, parses, scores and loads the
   posts: ingest to enrich of social data), indicators, publish, checks (when checks run as
   steps of their own). The migration detector's model is trained once per process on first
   use (about 20 s CPU, whatever the data): the child trains it before the run and shows it
   apart (`model training`), so a fixed cost does not hide the social step's growth; `outside
   steps` is the rest of the process (imports, Dagster's start, the run summary).
4. Print the load average at the start, the warehouse rows per size (with the ratio to x1:
   posts, incidents and articles must grow N times), then per stage and size: wall and CPU
   seconds, rows/s (the stage's rows, `STAGE_ROWS`, per wall second), and the growth
   exponent between consecutive sizes, log(t2/t1)/log(n2/n1), of CPU and wall time, with a
   verdict against <= 1.1 (on CPU time: the machine is shared), and each size's peak RSS.

Run:
    .venv/bin/python benchmarks/bench_scale.py [--sizes 1,10,100] [--keep DIR] [--timeout S]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.limits import EARLIEST_PLAUSIBLE, MAX_PAYLOAD_BYTES, MAX_SOCIAL_PAYLOAD_BYTES

TARGET_EXPONENT = 1.1
STAGES = ("ingest/parse", "load", "enrich", "social", "indicators", "publish", "checks")
STAGE_OF_GROUP = {
    "ingest": "ingest/parse", "parse": "ingest/parse", "status": "load", "news": "enrich",
    "social": "social", "indicators": "indicators", "publish": "publish",
}  # fmt: skip
# Rows each stage writes (rows/s is their sum per wall second of the stage).
STAGE_ROWS = {
    "ingest/parse": ("incident_observations", "update_observations", "news_items", "article_pages"),
    "load": ("incidents", "incident_updates"),
    "enrich": ("articles",),
    "social": ("posts",),
    "indicators": ("outage_daily", "news_daily", "sentiment_daily", "migration_daily",
                   "migration_index_daily", "outage_reports_hourly", "incident_lead_times"),
    "publish": ("posts", "incidents", "articles"),  # what the pages and exports read
    "checks": ("posts", "incidents", "articles"),
}  # fmt: skip
SCALED_TABLES = ("posts", "incidents", "incident_updates", "news_items", "articles", "migrations")
ID_KEYS = frozenset({
    "id", "objectID", "uri", "url", "cid", "permalink", "shortlink", "incident_id", "number",
    "story_id", "parent_id", "link_id", "in_reply_to_id", "name",
})  # fmt: skip
SKIPPED_SEGMENTS = frozenset({"amp", "index.html", "index.htm"})
FULLNAME = re.compile(r"t\d_\w+")  # Reddit's `name`/`parent_id`/`link_id`; other names are text
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
ULID_RE = re.compile(r"(?=.*[A-Z])[0-9A-HJKMNP-TV-Z]{26}")
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
_MON = "|".join(FULL_MONTHS + MONTHS)
_GAP = r"(?:\s|&nbsp;|&lt;[^&<>]{0,40}?&gt;|<[^<>]{0,40}>)*"  # Statuspage's <var> tags
DATES = re.compile(
    r"(?P<rfc>(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(?P<rd>\d{1,2})\s+(?P<rm>" + _MON + r")"
    r"\s+(?P<ry>\d{4}))(?![\d-])"
    r"|(?<![\w.])(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))(?![\d])"
    r"|(?P<url>/(?P<uy>(?:19|20)\d\d)/(?P<um>\d\d)/(?:(?P<ud>\d\d)/)?)"
    r"|\b(?P<mon>(?P<mm>" + _MON + r")(?P<dot>\.?)(?P<gap>" + _GAP + r")(?P<md>\d{1,2})(?![\d:])"
    r"(?:(?P<ysep>(?:&lt;/var&gt;|</var>)?,?\s)(?P<my>(?:19|20)\d\d)(?![\d:]))?)"
)
FIRST_FULL_DATE = re.compile(
    r"(?<![\w.])(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\s+(" + _MON + r")\s+(\d{4})"
)
ENTRY = re.compile(rb"<(entry|item)\b[^>]*>.*?</\1\s*>", re.S)
ID_ELEMENT = re.compile(r"(<(id|guid|link)\b[^>]*>)([^<]*)(</\2\s*>)")
LINK_HREF = re.compile(r"(<link\b[^>]*?\bhref=[\"'])([^\"']*)")
URL = re.compile(r"https?://([A-Za-z0-9.-]+)(/[^\s<>\"'&?#)]*)?")


# --- keys -------------------------------------------------------------------------------------


def tag_token(token: str, k: int) -> str:
    """Copy k's form of one identifier, keeping its shape (see the module docstring)."""
    if k == 0 or not token:
        return token
    if UUID_RE.fullmatch(token):
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{token}~{k}"))
    if ULID_RE.fullmatch(token):
        bits = int.from_bytes(hashlib.sha256(f"{token}~{k}".encode()).digest()[:10], "big")
        return token[:10] + "".join(CROCKFORD[(bits >> (5 * i)) & 31] for i in range(16))
    stem, dot, ext = token.partition(".")
    if stem.isdigit():
        return f"{stem}{k:03d}{dot}{ext}"
    return f"{stem}{'X' if stem.isupper() else 'x'}{k:03d}{dot}{ext}"


def tag_path(path: str, k: int) -> str:
    """Tag the last segment of a `/` path that is not a rendering (`amp`, `index.html`)."""
    parts = path.split("/")
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] and parts[i].lower() not in SKIPPED_SEGMENTS:
            parts[i] = tag_token(parts[i], k)
            break
    return "/".join(parts)


def tag_url(url: str, k: int) -> str:
    """Tag an http(s) URL's path (query and fragment kept), else its last query value (`/?p=1`);
    a bare host stays as it is."""
    head, slash, rest = url.partition("://")
    host, sep, path = rest.partition("/")
    cut = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
    if path[:cut].strip("/"):
        return f"{head}{slash}{host}{sep}{tag_path(path[:cut], k)}{path[cut:]}"
    query, hash_, fragment = path[cut:].partition("#")
    if "=" not in query:
        return url  # a bare host
    name, _, value = query.rpartition("=")  # `/?p=123`: the last query value is the id
    return f"{head}{slash}{host}{sep}{path[:cut]}{name}={tag_token(value, k)}{hash_}{fragment}"


def tag_value(value: str, k: int) -> str:
    """Tag an id, URL, `at://` URI, `tag:` URI, Reddit fullname or slash path."""
    if k == 0:
        return value
    if value.startswith(("http://", "https://")):
        return tag_url(value, k)
    if FULLNAME.fullmatch(value):
        return value[:3] + tag_token(value[3:], k)
    if "/" in value:
        return tag_path(value, k)
    return tag_token(value, k)


# --- time -------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Shift:
    """Move dates back by `days` (whole days: times of day and zones stay as written)."""

    days: int
    epoch_range: tuple[float, float]  # numbers in here are epoch seconds
    middle: date  # the source window's middle: year-less dates of a text without a full date

    def date(self, y: int, m: int, d: int) -> date:
        """The shifted date (ValueError for an impossible one)."""
        return date(y, m, d) - timedelta(days=self.days)

    def text(self, text: str) -> str:
        """Every date in `text` shifted; year-less ones placed near the text's first full date."""
        if self.days == 0 or not any(c.isdigit() for c in text):
            return text
        first = FIRST_FULL_DATE.search(text)
        reference: date | None = None
        if first is not None:
            try:
                reference = (
                    date(int(first[1]), int(first[2]), int(first[3]))
                    if first[1]
                    else date(int(first[6]), _month(first[5]), int(first[4]))
                )
            except ValueError:
                reference = None
        return DATES.sub(lambda m: self._one(m, reference), text)

    def _one(self, m: re.Match[str], reference: date | None) -> str:
        try:
            if m["rfc"]:
                new = self.date(int(m["ry"]), _month(m["rm"]), int(m["rd"]))
                weekday = m["rfc"].startswith(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
                name = _month_name(new.month, m["rm"])
                body = f"{new.day:0{len(m['rd'])}d} {name} {new.year}"
                return (new.strftime("%a, ") if weekday else "") + body
            if m["iso"]:
                return self.date(int(m["iy"]), int(m["im"]), int(m["id"])).isoformat()
            if m["url"]:
                new = self.date(int(m["uy"]), int(m["um"]), int(m["ud"] or 15))
                day = f"{new.day:02d}/" if m["ud"] else ""
                return f"/{new.year}/{new.month:02d}/{day}"
            month, day = _month(m["mm"]), int(m["md"])
            if m["my"]:
                year = int(m["my"])
            else:
                ref = reference or self.middle
                year = min(
                    (y for y in (ref.year - 1, ref.year, ref.year + 1) if _valid(y, month, day)),
                    key=lambda y: abs((date(y, month, day) - ref).days),
                )
            new = self.date(year, month, day)
        except ValueError:
            return m[0]  # not a real date: stays (a planted bad record stays bad)
        out = f"{_month_name(new.month, m['mm'])}{m['dot']}{m['gap']}{new.day}"
        return out + (f"{m['ysep']}{new.year}" if m["my"] else "")

    def number(self, value: float) -> float:
        """An epoch-seconds number moved back; other numbers unchanged."""
        low, high = self.epoch_range
        if self.days and low <= value <= high:
            moved = value - self.days * 86_400
            return int(moved) if isinstance(value, int) else float(moved)
        return value


def _month(name: str) -> int:
    return MONTHS.index(name[:3]) + 1


def _month_name(month: int, like: str) -> str:
    return FULL_MONTHS[month - 1] if len(like) > 3 else MONTHS[month - 1]


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


# --- records ----------------------------------------------------------------------------------


def copy_json(node: Any, k: int, shift: Shift, key: str | None = None) -> Any:
    """Copy k of a JSON value: id keys tagged, dates and epoch seconds shifted."""
    if isinstance(node, dict):
        return {name: copy_json(v, k, shift, name) for name, v in node.items()}
    if isinstance(node, list):
        return [copy_json(v, k, shift, key) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    is_id = key in ID_KEYS and (
        key != "name" or (isinstance(node, str) and FULLNAME.fullmatch(node))
    )
    if isinstance(node, str):
        return tag_value(shift.text(node), k) if is_id else shift.text(node)
    if isinstance(node, int) and is_id:
        return int(tag_token(str(node), k))
    return shift.number(node)


def copy_block(text: str, k: int, shift: Shift, hosts: frozenset[str]) -> str:
    """Copy k of an RSS item/Atom entry or a page: dates shifted, ids and page URLs tagged."""
    text = shift.text(text)

    def host_url(m: re.Match[str]) -> str:
        return tag_url(m[0], k) if m[1].lower() in hosts else m[0]

    def element(m: re.Match[str]) -> str:
        value = m[3].strip()
        if not value or (_host(value) in hosts and URL.sub(host_url, value) != value):
            return m[0]  # a page URL: the pass over page URLs below tags it
        return m[1] + m[3].replace(value, tag_value(value, k)) + m[4]

    def href(m: re.Match[str]) -> str:
        if _host(m[2]) in hosts and URL.sub(host_url, m[2]) != m[2]:
            return m[0]
        return m[1] + tag_value(m[2], k)

    if k:
        text = LINK_HREF.sub(href, ID_ELEMENT.sub(element, text))
        text = URL.sub(host_url, text) if hosts else text
    return text


def _host(value: str) -> str | None:
    m = URL.match(value)
    return m[1].lower() if m else None


def _largest_list(node: Any, path: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], int]:
    """Path to the longest list of objects in a JSON document, and its length."""
    best: tuple[tuple[Any, ...], int] = ((), -1)
    if isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        best = (path, len(node))
    children = node.items() if isinstance(node, dict) else ()
    for name, value in children:
        found = _largest_list(value, (*path, name))
        if found[1] > best[1]:
            best = found
    return best


def write_json_document(
    data: bytes, out: Path, copies: int, shift_of: Callable[[int], Shift]
) -> None:
    """Write a JSON document with `copies` copies of its record list, streamed item by item."""
    doc = json.loads(data)
    path, _ = _largest_list(doc)
    marker = "\u0000records\u0000"
    if path:
        parent = doc
        for name in path[:-1]:
            parent = parent[name]
        items, parent[path[-1]] = parent[path[-1]], marker
    else:
        items, doc = doc, marker
    head, _, tail = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).partition(
        json.dumps(marker)
    )
    with out.open("w", encoding="utf-8") as handle:
        handle.write(head + "[")
        sep = ""
        for k in range(copies):
            shift = shift_of(k)
            for item in items:
                handle.write(
                    sep
                    + json.dumps(
                        copy_json(item, k, shift), ensure_ascii=False, separators=(",", ":")
                    )
                )
                sep = ","
        handle.write("]" + tail)


def write_json_lines(data: bytes, out: Path, copies: int, shift_of: Callable[[int], Shift]) -> None:
    """Write `copies` copies of every line of a JSON Lines file (bad lines copied as they are)."""
    lines = data.splitlines()
    with out.open("wb") as handle:
        for k in range(copies):
            shift = shift_of(k)
            for line in lines:
                try:
                    item = json.loads(line)
                except ValueError:
                    handle.write(line + b"\n")
                    continue
                copied = json.dumps(
                    copy_json(item, k, shift), ensure_ascii=False, separators=(",", ":")
                )
                handle.write(copied.encode("utf-8") + b"\n")


def write_feed(
    data: bytes, out: Path, copies: int, shift_of: Callable[[int], Shift], hosts: frozenset[str]
) -> None:
    """Write an RSS/Atom feed with `copies` copies of its items/entries after the originals.
    Bytes are read as latin-1 (one character a byte), so any encoding passes through."""
    blocks = list(ENTRY.finditer(data))
    if not blocks:
        out.write_bytes(data)
        return
    end = blocks[-1].end()
    with out.open("wb") as handle:
        handle.write(data[:end])
        for k in range(1, copies):
            shift = shift_of(k)
            for b in blocks:
                handle.write(
                    b"\n" + copy_block(b[0].decode("latin-1"), k, shift, hosts).encode("latin-1")
                )
        handle.write(data[end:])


# --- the scaled sample ------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Scaled:
    """A scaled sample: its catalog, the factor and the shift between copies in days."""

    catalog: Path
    factor: int
    period_days: int


def period_days(start: date, end: date, factor: int) -> int:
    """Days between copies: the window in whole weeks, less when N copies would reach 2005."""
    period = math.ceil(((end - start).days + 1) / 7) * 7
    if factor > 1:
        room = (start - EARLIEST_PLAUSIBLE.date()).days - 31
        period = min(period, room // (factor - 1) // 7 * 7)
    if period < 14:
        raise SystemExit(f"x{factor}: copies would be under two weeks apart; use a smaller size")
    return period


def scale_sample(sample: Path, out: Path, factor: int) -> Scaled:
    """Write a copy of the sample with `factor` times its records (see the module docstring)."""
    catalog = yaml.safe_load((sample / "catalog.yaml").read_text(encoding="utf-8"))
    start, end = catalog["window"]["start"], catalog["window"]["end"]
    period = period_days(start, end, factor)
    low = datetime.combine(start - timedelta(days=400), datetime.min.time()).timestamp()
    high = datetime.combine(end + timedelta(days=400), datetime.min.time()).timestamp()

    def shift_of(k: int) -> Shift:
        return Shift(k * period, (low, high), start + (end - start) / 2)

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    mirrors = {s["mirror"] for s in catalog["sources"] if s.get("mirror")}
    hosts = frozenset(p.name.lower() for m in mirrors for p in (sample / m).iterdir() if p.is_dir())
    for source in catalog["sources"]:
        src, dst = sample / source["url"], out / source["url"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        data = src.read_bytes()
        head = data.lstrip()[:1]
        if head == b"<":
            news = hosts if source.get("mirror") else frozenset()
            write_feed(data, dst, factor, shift_of, news)
        elif _is_json_document(data):
            write_json_document(data, dst, factor, shift_of)
        else:
            write_json_lines(data, dst, factor, shift_of)
        cap = MAX_SOCIAL_PAYLOAD_BYTES if source["kind"] == "social" else MAX_PAYLOAD_BYTES
        if dst.stat().st_size > cap // 2:
            source["max_bytes"] = min(8 * 2**30, 2 * dst.stat().st_size)
            source["timeout"] = 3600.0
        if source.get("max_articles"):
            source["max_articles"] = min(10_000, source["max_articles"] * factor)
    for mirror in sorted(mirrors):
        copy_mirror(sample / mirror, out / mirror, factor, shift_of, hosts)
    catalog["window"]["start"] = start - timedelta(days=period * (factor - 1))
    path = out / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    return Scaled(path, factor, period)


def _window(sample: Path) -> tuple[date, date]:
    window = yaml.safe_load((sample / "catalog.yaml").read_text(encoding="utf-8"))["window"]
    return window["start"], window["end"]


def _is_json_document(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def copy_mirror(
    src: Path, dst: Path, factor: int, shift_of: Callable[[int], Shift], hosts: frozenset[str]
) -> None:
    """Copy every mirror page, and for each copy k the page under its tagged, shifted URL."""
    for page in sorted(p for p in src.rglob("*") if p.is_file()):
        relative = page.relative_to(src).as_posix()
        host, _, path = relative.partition("/")
        url = f"https://{host}/" + (
            path[: -len("index.html")] if path.endswith("/index.html") else path
        )
        data = page.read_bytes()
        for k in range(factor):
            shift = shift_of(k)
            new_url = copy_block(url, k, shift, hosts)
            target = dst / _mirror_relative(new_url)
            target.parent.mkdir(parents=True, exist_ok=True)
            if k == 0:
                target.write_bytes(data)
            else:
                target.write_bytes(
                    copy_block(data.decode("latin-1"), k, shift, hosts).encode("latin-1")
                )


def _mirror_relative(url: str) -> str:
    """`<host>/<path>` of a URL as `pipeline.ingest.articles.mirror_path` reads it."""
    rest = url.partition("://")[2]
    host, _, path = rest.partition("/")
    path = path.split("?")[0].split("#")[0]
    return f"{host.lower()}/{path + 'index.html' if not path or path.endswith('/') else path}"


# --- running and timing -----------------------------------------------------------------------


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (parse and scoring workers: a
    pool's workers are reaped when it shuts down, at the end of the step that used them)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _child(report: Path, catalog: Path, home: Path) -> int:
    """In the child process: `radar run` with every step timed; write the figures to `report`."""

    t0, c0 = time.perf_counter(), _cpu()
    from dagster import DagsterInstance

    from pipeline import cli
    from pipeline.core import warehouse
    from pipeline.defs.definitions import JOB_NAME, build_definitions

    steps: dict[str, dict[str, float]] = {}
    started: dict[str, tuple[float, float]] = {}

    def on_event(entry: Any) -> None:
        event = entry.dagster_event
        if event is None or event.step_key is None:
            return
        now = (time.perf_counter(), _cpu())
        if event.is_step_start:
            started[event.step_key] = now
        elif event.is_step_success or event.is_step_failure or event.is_step_skipped:
            wall0, cpu0 = started.pop(event.step_key, now)
            steps[event.step_key] = {"wall": now[0] - wall0, "cpu": now[1] - cpu0}

    # A fixed cost per process, timed apart so it does not hide the social step's growth.
    from pipeline.enrich.migration_model import default_model

    w0, c0_model = time.perf_counter(), _cpu()
    default_model()
    model = {"wall": time.perf_counter() - w0, "cpu": _cpu() - c0_model}
    add_listener = DagsterInstance.add_event_listener

    def add_both(self: DagsterInstance, run_id: str, callback: Callable[..., None]) -> None:
        add_listener(self, run_id, callback)
        add_listener(self, run_id, on_event)

    DagsterInstance.add_event_listener = add_both  # type: ignore[method-assign]
    code = cli.main(["run", "--sources", str(catalog), "--home", str(home)])
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    defs = build_definitions(home=str(home), sources=str(catalog), full=False)
    groups = {
        a.node_def.name: next(iter(a.group_names_by_key.values()), "checks")
        for a in defs.resolve_job_def(JOB_NAME).asset_layer.asset_graph.assets_defs
    }
    tables = sorted({t for ts in STAGE_ROWS.values() for t in ts} | set(SCALED_TABLES))
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        rows = {t: warehouse.table_rows(con, t) for t in tables}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "code": code, "wall": wall, "cpu": cpu, "rss_mib": usage.ru_maxrss / 1024,
        "steps": {k: {**v, "group": groups.get(k, "checks")} for k, v in steps.items()},
        "model": model,
        "rows": rows,
    }  # fmt: skip
    report.write_text(json.dumps(figures))
    return 0


def run_size(scaled: Scaled, home: Path, timeout: float | None) -> dict[str, Any]:
    """Run the whole job on one scaled sample in a process of its own; return its figures."""
    report = home.parent / f"report-x{scaled.factor}.json"
    shutil.rmtree(home, ignore_errors=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(report),
           str(scaled.catalog), str(home)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if not report.exists():
        raise RuntimeError(f"x{scaled.factor}: radar run failed: {done.stderr[-3000:]}")
    figures = json.loads(report.read_text())
    if figures["code"] not in (0, 3):  # the steps that ran are still worth printing
        errors = [line for line in done.stderr.splitlines() if "Error" in line]
        figures["failed"] = f"radar run exited {figures['code']}: " + " | ".join(errors[-3:])
    return figures


def print_failed(n: int, figures: dict[str, Any]) -> None:
    """What a failed size's run did before it failed (left out of the exponents)."""
    print(f"x{n}: {figures['failed']}")
    print(f"x{n}: {figures['wall']:.1f} s wall, {figures['cpu']:.1f} s CPU, peak RSS "
          f"{figures['rss_mib']:.0f} MiB; steps that ran (wall s, CPU s):")  # fmt: skip
    for key, step in sorted(figures["steps"].items(), key=lambda kv: -kv[1]["cpu"]):
        print(f"  {key:<32}{step['wall']:9.2f}{step['cpu']:9.2f}")
    rows = figures["rows"]
    print("  rows: " + ", ".join(f"{t} {rows[t]:,}" for t in SCALED_TABLES))


def stage_totals(figures: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds per stage (steps grouped by STAGE_OF_GROUP; checks apart)."""
    totals = {s: {"wall": 0.0, "cpu": 0.0} for s in STAGES}
    for step in figures["steps"].values():
        stage = STAGE_OF_GROUP.get(step["group"], "checks")
        totals[stage]["wall"] += step["wall"]
        totals[stage]["cpu"] += step["cpu"]
    return totals


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """Growth exponent log(t2/t1)/log(n2/n1) (NaN when a time is zero)."""
    if t1 <= 0 or t2 <= 0:
        return math.nan
    return math.log(t2 / t1) / math.log(n2 / n1)


def _row(figures: dict[str, Any], tables: tuple[str, ...]) -> int:
    return sum(figures["rows"][t] for t in tables)


def report(sizes: list[int], results: dict[int, dict[str, Any]], periods: dict[int, int]) -> None:
    """Print rows per size, per-stage and per-step figures and growth exponents, with verdicts."""
    base = results[sizes[0]]["rows"]
    print("\nwarehouse rows (ratio to the smallest size):")
    print(f"  {'table':<22}" + "".join(f"{'x' + str(n):>20}" for n in sizes))
    for table in SCALED_TABLES:
        counts = [results[n]["rows"][table] for n in sizes]
        cells = "".join(f"{c:>11,} ({c / max(base[table], 1):5.2f})" for c in counts)
        print(f"  {table:<22}{cells}")
    print("  days between copies: " + ", ".join(f"x{n} {periods[n]}" for n in sizes))
    timed: dict[int, dict[str, dict[str, float]]] = {}
    for n in sizes:
        timed[n] = stage_totals(results[n])
        steps = timed[n].values()
        model = results[n]["model"]
        timed[n]["outside steps"] = {
            k: results[n][k] - sum(t[k] for t in steps) - model[k] for k in ("wall", "cpu")
        }
        timed[n]["model training"] = model
        timed[n]["whole run"] = {"wall": results[n]["wall"], "cpu": results[n]["cpu"]}
    rows = {**STAGE_ROWS, "outside steps": (), "model training": (), "whole run": SCALED_TABLES}
    names = [s for s in timed[sizes[-1]] if timed[sizes[-1]][s]["wall"] > 0]
    print(
        "\nper stage: wall s, CPU s (the process's, DuckDB threads and parse or scoring"
        " workers in), rows per wall s"
    )
    print(f"  {'stage':<14}" + "".join(f"{'x' + str(n):>30}" for n in sizes))
    for stage in names:
        cells = ""
        for n in sizes:
            t = timed[n][stage]
            rate = f"{_row(results[n], rows[stage]) / t['wall']:11,.0f}" if rows[stage] else ""
            cells += f"{t['wall']:9.2f}{t['cpu']:9.2f}{rate:>12}"
        print(f"  {stage:<14}{cells}")
    print("  peak RSS MiB  " + "".join(f"{results[n]['rss_mib']:>30,.0f}" for n in sizes))
    print(
        f"\ngrowth exponent log(t2/t1)/log(n2/n1): CPU (wall); target <= {TARGET_EXPONENT} on CPU"
    )
    missed: list[str] = []
    pairs = list(itertools.pairwise(sizes))
    print(f"  {'stage':<14}" + "".join(f"{f'x{a} -> x{b}':>24}" for a, b in pairs))
    for stage in names:
        cells = ""
        for n1, n2 in pairs:
            a, b = timed[n1][stage], timed[n2][stage]
            e_cpu, e_wall = (exponent(a[k], b[k], n1, n2) for k in ("cpu", "wall"))
            ok = not e_cpu > TARGET_EXPONENT
            missed += [] if ok else [f"{stage} x{n1}->x{n2} {e_cpu:.2f}"]
            cells += f"{e_cpu:7.2f} ({e_wall:5.2f}) {'met' if ok else 'MISSED':<6}"
        print(f"  {stage:<14}{cells}")
    rss = "".join(
        f"{exponent(results[a]['rss_mib'], results[b]['rss_mib'], a, b):7.2f}{'':17}"
        for a, b in pairs
    )
    print(f"  {'peak RSS':<14}{rss}")
    top = sorted(results[sizes[-1]]["steps"].items(), key=lambda kv: -kv[1]["cpu"])[:12]
    print(f"\nheaviest steps at x{sizes[-1]}: CPU s per size, exponent of the last pair")
    for key, _ in top:
        cpu = [results[n]["steps"].get(key, {}).get("cpu", 0.0) for n in sizes]
        e = exponent(cpu[-2], cpu[-1], sizes[-2], sizes[-1]) if len(sizes) > 1 else math.nan
        print(f"  {key:<32}" + "".join(f"{c:9.2f}" for c in cpu) + f"   {e:5.2f}")
    verdict = "met" if not missed else "MISSED: " + "; ".join(missed)
    print(f"verdict every stage <= {TARGET_EXPONENT}: {verdict}")


def main(argv: list[str] | None = None) -> int:
    """Scale the sample, run the whole job per size, print the figures (see the docstring)."""
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["--child"]:
        return _child(*(Path(a) for a in args_list[1:4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="scale factors, ascending (1,10)")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir)")
    parser.add_argument("--timeout", type=float, help="seconds allowed per size's run")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: reuse the figures of sizes already run"
    )
    args = parser.parse_args(args_list)
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    load = os.getloadavg()
    print(
        f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} CPUs)"
    )
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, Any]] = {}
    periods: dict[int, int] = {}
    try:
        sample = work / "sample"
        if not (sample / "catalog.yaml").exists():
            from pipeline import cli

            cli.main(["sample", "--out", str(sample)])
        for n in sizes:
            kept = work / f"x{n}" / f"report-x{n}.json"
            if args.reuse and kept.exists() and json.loads(kept.read_text())["code"] in (0, 3):
                results[n] = json.loads(kept.read_text())
                periods[n] = period_days(*_window(sample), n)
                print(f"x{n}: figures reused from {kept}", flush=True)
                continue
            started = time.perf_counter()
            scaled = scale_sample(sample, work / f"x{n}" / "sample", n)
            periods[n] = scaled.period_days
            written = time.perf_counter() - started
            try:
                results[n] = run_size(scaled, work / f"x{n}" / "home", args.timeout)
            except subprocess.TimeoutExpired:
                print(f"x{n}: run stopped after the {args.timeout:.0f} s timeout", flush=True)
                break
            r = results[n]
            if "failed" in r:
                print_failed(n, results.pop(n))
                break
            print(f"x{n}: scaled sample written in {written:.1f} s; run {r['wall']:.1f} s wall, "
                  f"{r['cpu']:.1f} s CPU, peak RSS {r['rss_mib']:.0f} MiB", flush=True)  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    done = [n for n in sizes if n in results]
    if done:
        report(done, results, periods)
    end = os.getloadavg()
    print(f"load average at end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
