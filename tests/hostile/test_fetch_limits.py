"""fetch_source against the hostile server: every misbehaviour ends as a failed outcome, fast,
with a reason, within bounded memory (issue 11, cases 1-5)."""

from __future__ import annotations

import gzip
import re
import socket
import time
import tracemalloc
from pathlib import Path

import pytest

from pipeline.core.models import Source
from pipeline.ingest import fetch as fetch_module
from pipeline.ingest.articles import fetch_pages
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, fetch_all, fetch_source
from tests.conftest import LocalServer, Reply
from tests.hostile.server import HostileServer

FAST = FetchSettings(connect_timeout=2, read_timeout=2, max_attempts=2, backoff_base=0.01)


def status(url: str, name: str = "hostile", **fields: object) -> Source:
    return Source(name=name, kind="status", url=url, vendor="anthropic", **fields)  # type: ignore[arg-type]


def social(url: str, name: str = "posts", **fields: object) -> Source:
    return Source(name=name, kind="social", url=url, **fields)  # type: ignore[arg-type]


def timed(source: Source, home: Path, settings: FetchSettings = FAST) -> tuple[FetchOutcome, float]:
    began = time.monotonic()
    outcome = fetch_source(source, home, None, settings, sleep=lambda _: None)
    return outcome, time.monotonic() - began


def archived(home: Path) -> list[Path]:
    root = home / "raw"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- case 1: slowloris ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_slowloris_ends_at_the_sources_deadline(
    hostile_server: HostileServer, home: Path, path: str
) -> None:
    url = hostile_server.url(path)
    outcome, elapsed = timed(status(url, timeout=0.6), home)
    assert outcome.error == f"hostile: GET {url}: deadline of 0.6 s exceeded"
    assert outcome.attempts == 1  # a slow server stays slow: not retried
    assert 0.5 < elapsed < 2  # the server trickles for 30 s
    assert archived(home) == []


def test_a_dns_server_that_never_answers_ends_at_the_deadline(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def silent_dns(host: str, *args: object, **kwargs: object) -> list:
        if host == "feeds.slow-dns.example":
            time.sleep(30)
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", silent_dns)
    outcome, elapsed = timed(
        status("https://feeds.slow-dns.example/history.atom", timeout=0.5), home
    )
    assert outcome.error is not None
    assert "cannot resolve feeds.slow-dns.example (no answer within" in outcome.error
    assert elapsed < 3  # two lookups (the origin, the request) each within the deadline


def test_settings_deadline_applies_without_a_catalog_timeout(
    hostile_server: HostileServer, home: Path
) -> None:
    url = hostile_server.url("/slow-body")
    outcome, elapsed = timed(status(url), home, FetchSettings(deadline=0.5, read_timeout=2))
    assert outcome.error == f"hostile: GET {url}: deadline of 0.5 s exceeded"
    assert elapsed < 2


def test_a_trickle_below_the_minimum_rate_ends_after_the_grace(
    hostile_server: HostileServer, home: Path
) -> None:
    url = hostile_server.url("/slow-body")
    settings = FetchSettings(deadline=30, read_timeout=2, min_rate=1000, rate_grace=0.4)
    outcome, elapsed = timed(status(url), home, settings)
    assert outcome.error is not None
    assert outcome.error.startswith(f"hostile: GET {url}: transfer too slow: ")
    assert outcome.error.endswith("(minimum 1000 bytes/s after 0.4 s)")
    assert 0.3 < elapsed < 2


def test_deadline_bounds_fetch_all_by_the_pool(hostile_server: HostileServer, home: Path) -> None:
    sources = [status(hostile_server.url("/slow-body"), f"slow-{i}", timeout=0.5) for i in range(4)]
    began = time.monotonic()
    outcomes = fetch_all(sources, home, {}, FetchSettings(max_workers=4))
    assert time.monotonic() - began < 2  # four 0.5 s deadlines, four at a time
    assert all(o.error and o.error.endswith("deadline of 0.5 s exceeded") for o in outcomes)


# --- case 2: nested gzip bomb -----------------------------------------------------------


def test_nested_gzip_bomb_stops_at_the_cap_in_bounded_memory(
    hostile_server: HostileServer, home: Path
) -> None:
    url = hostile_server.url("/gzip-bomb")
    tracemalloc.start()
    try:
        outcome, elapsed = timed(status(url), home, FetchSettings())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.error == f"hostile: GET {url}: response too large: more than 33554432 bytes"
    assert outcome.refused and outcome.attempts == 1
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    assert archived(home) == []  # the partial payload is removed
    assert elapsed < 5


def test_more_than_two_encodings_are_refused(hostile_server: HostileServer, home: Path) -> None:
    url = hostile_server.url("/gzip-x3")
    outcome, _ = timed(status(url), home)
    assert outcome.error == (
        f"hostile: GET {url}: cannot decode response body: "
        "3 content encodings (gzip, gzip, gzip); at most 2"
    )


def test_two_gzip_layers_within_the_cap_decode(local_http_server: LocalServer, home: Path) -> None:
    body = b'{"incidents": []}' * 1000
    url = local_http_server.route(
        "/twice",
        Reply(body=gzip.compress(gzip.compress(body)), headers={"Content-Encoding": "gzip, gzip"}),
    )
    outcome, _ = timed(status(url), home)
    assert outcome.ok and outcome.bytes == len(body)
    assert (home / outcome.archive_path).read_bytes() == body


@pytest.mark.parametrize("error", [MemoryError(), RecursionError("deep"), KeyError("x")])
def test_nothing_but_a_failed_outcome_leaves_fetch_source(
    local_http_server: LocalServer,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(fetch_module, "get_once", explode)
    good = home.parent / "good.json"
    good.write_bytes(b"{}")
    url = local_http_server.route("/feed", Reply(body=b"{}"))
    outcomes = fetch_all([status(url), status(str(good), "local")], home, {}, FAST)
    assert outcomes[0].error is not None
    assert outcomes[0].error.startswith(f"hostile: {url}: unexpected {type(error).__name__}")
    assert outcomes[1].ok  # the other source is fetched


# --- case 3: addresses --------------------------------------------------------------------


def test_redirect_to_another_local_port_is_refused_before_connecting(
    hostile_server: HostileServer, local_http_server: LocalServer, home: Path
) -> None:
    # Same host = same IP address and same port: localhost:<other port> is another service.
    local_http_server.route("/feed", Reply(body=b"secret"))
    other_port = local_http_server.base_url.rsplit(":", 1)[1]
    hostile_server.private_target = f"http://localhost:{other_port}/feed"
    url = hostile_server.url("/redirect-private")
    outcome, _ = timed(status(url), home)
    assert outcome.error is not None
    assert re.fullmatch(
        f"hostile: GET {re.escape(url)}: redirect to http://localhost:{other_port}/feed refused: "
        r"localhost \((127\.0\.0\.1|::1)\) is a loopback address; only public addresses, or "
        r"the source's own host and port, may be fetched",
        outcome.error,
    )
    assert outcome.refused and outcome.attempts == 1
    assert local_http_server.requests_to("/feed") == []


def test_redirect_to_the_same_host_and_port_by_address_is_followed(
    local_http_server: LocalServer, home: Path
) -> None:
    # The source names localhost; its redirect names the address localhost resolves to.
    final = local_http_server.route("/new", Reply(body=b"{}"))
    local_http_server.route("/old", Reply(301, headers={"Location": final}))
    url = local_http_server.url("/old").replace("127.0.0.1", "localhost")
    outcome, _ = timed(status(url), home)
    assert outcome.ok and outcome.url == final


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/admin", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://[fd00::1]/", "private"),
        ("http://[::ffff:127.0.0.1]:8080/", "loopback"),
        ("http://0.0.0.0:9/", "unspecified"),
    ],
)
def test_redirect_to_a_private_address_is_refused(
    hostile_server: HostileServer, home: Path, target: str, kind: str
) -> None:
    hostile_server.private_target = target
    url = hostile_server.url("/redirect-private")
    outcome, elapsed = timed(status(url), home)
    assert outcome.error is not None and outcome.refused
    assert f"redirect to {target} refused: " in outcome.error
    assert f"is a {kind} address" in outcome.error
    assert elapsed < 1


def test_a_name_resolving_to_a_private_address_is_refused(
    hostile_server: HostileServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def fake_dns(host: str, *args: object, **kwargs: object) -> list:
        if host == "intranet.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", 80))]
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    hostile_server.private_target = "http://intranet.example/wiki"
    outcome, _ = timed(status(hostile_server.url("/redirect-private")), home)
    assert outcome.error is not None
    assert "intranet.example (10.9.8.7) is a private address" in outcome.error


def test_article_link_to_cloud_metadata_is_refused_without_a_connection(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connected: list[object] = []
    real_connect = socket.create_connection

    def spy(address: object, *args: object, **kwargs: object) -> socket.socket:
        connected.append(address)
        return real_connect(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", spy)
    feed = tmp_path / "feed.rss"
    feed.write_text("<rss/>")
    news = Source("press", "news", str(feed), fetch_articles=True)
    link = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    (outcome,) = fetch_pages([(news, link)], home, FAST)
    assert outcome.error == (
        f"press: GET {link}: {link} refused: 169.254.169.254 is a link-local address; "
        "only public addresses, or the source's own host and port, may be fetched"
    )
    assert outcome.refused and outcome.url == link
    assert connected == []


def test_article_links_on_the_news_sources_own_host_are_fetched(
    local_http_server: LocalServer, home: Path
) -> None:
    feed = local_http_server.route("/feed.rss", Reply(body=b"<rss/>"))
    page = local_http_server.route("/story", Reply(body=b"<html><p>story</p></html>"))
    news = Source("press", "news", feed, fetch_articles=True)
    (outcome,) = fetch_pages([(news, page)], home, FAST)
    assert outcome.ok and outcome.url == page


# --- case 4: Retry-After ------------------------------------------------------------------


def test_retry_after_3600_is_reported_at_once(hostile_server: HostileServer, home: Path) -> None:
    url = hostile_server.url("/retry-after")
    slept: list[float] = []
    outcome = fetch_source(status(url), home, None, FetchSettings(), sleep=slept.append)
    assert outcome.error == (
        f"hostile: GET {url}: HTTP 429 rate limited, retry after 3600 s: "
        "not waiting past the 120 s retry limit (1 attempt)"
    )
    assert (outcome.http_status, outcome.attempts, slept) == (429, 1, [])
    assert hostile_server.hits_to("/retry-after") == 1


def test_total_retry_time_is_capped(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/busy", Reply(503, headers={"Retry-After": "4"}))
    slept: list[float] = []
    settings = FetchSettings(max_attempts=10, max_retry_time=10)
    outcome = fetch_source(status(url), home, None, settings, sleep=slept.append)
    assert slept == [4.0, 4.0]  # a third wait would end past 10 s
    assert outcome.error == (
        f"hostile: GET {url}: HTTP 503 retry after 4 s: not waiting past the 10 s retry limit "
        "(3 attempts)"
    )


def test_backoff_stops_at_the_retry_limit(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/down", Reply(500))
    slept: list[float] = []
    settings = FetchSettings(max_attempts=50, backoff_base=1, backoff_max=1, max_retry_time=3)
    outcome = fetch_source(status(url), home, None, settings, sleep=slept.append)
    assert sum(slept) <= 3 and outcome.attempts < 50
    assert outcome.error is not None and outcome.error.endswith("s retry limit is reached)")


# --- case 5: caps per kind, streamed to the archive ---------------------------------------


def test_social_body_over_the_status_cap_is_archived(
    local_http_server: LocalServer, home: Path
) -> None:
    body = b'{"objectID": "1", "created_at_i": 1772532000, "comment_text": "hi"}\n' * 100
    url = local_http_server.route("/posts.jsonl", Reply(body=body, send_length=False))
    settings = FetchSettings(max_bytes=1000, max_social_bytes=100_000)
    ok, _ = timed(social(url), home, settings)
    assert ok.ok and ok.bytes == len(body)
    assert (home / ok.archive_path).read_bytes() == body
    refused, _ = timed(status(url), home, settings)
    assert refused.error == f"hostile: GET {url}: response too large: more than 1000 bytes"
    assert refused.refused


def test_catalog_max_bytes_overrides_the_kind_cap(
    local_http_server: LocalServer, home: Path, tmp_path: Path
) -> None:
    url = local_http_server.route("/big", Reply(body=b"x" * 5000))
    settings = FetchSettings(max_bytes=1000)
    assert timed(status(url, max_bytes=10_000), home, settings)[0].ok
    capped, _ = timed(social(url, max_bytes=100), home, settings)
    assert capped.error == f"posts: GET {url}: response too large: Content-Length 5000 > 100 bytes"
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"{}\n" * 1000)
    assert timed(social(str(path)), home, settings)[0].ok
    local, _ = timed(status(str(path), "local"), home, settings)
    assert local.error == f"local: read {path}: file too large: more than 1000 bytes"


def test_large_body_streams_to_disk_in_bounded_memory(
    local_http_server: LocalServer, home: Path
) -> None:
    body = b'{"id": 1, "text": "a line of a large JSON Lines dump"}\n' * 700_000  # ~ 40 MB
    url = local_http_server.route("/dump.jsonl", Reply(body=body))
    tracemalloc.start()
    try:
        outcome, _ = timed(social(url), home, FetchSettings())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.ok and outcome.bytes == len(body)
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_media_types_that_cannot_be_a_feed_are_refused(
    hostile_server: HostileServer, home: Path
) -> None:
    url = hostile_server.url("/wrong-type")
    outcome, _ = timed(status(url), home)
    assert outcome.error == (
        f"hostile: GET {url}: unexpected Content-Type image/png: not a feed, JSON or web page"
    )
    assert outcome.refused and archived(home) == []


def test_huge_content_length_is_refused_at_once(hostile_server: HostileServer, home: Path) -> None:
    url = hostile_server.url("/huge-length")
    outcome, elapsed = timed(status(url), home)
    assert outcome.error == (
        f"hostile: GET {url}: response too large: Content-Length 1000000000000000 > 33554432 bytes"
    )
    assert elapsed < 1
