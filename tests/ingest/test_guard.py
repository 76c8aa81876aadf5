"""ingest.guard: which addresses a fetch may reach, and the time limits of one attempt."""

from __future__ import annotations

import ipaddress
import socket
import time

import httpx
import pytest

from pipeline.ingest.guard import (
    AddressPolicy,
    AddressRefusedError,
    Attempt,
    HostUnresolvedError,
    address_kind,
    resolve,
    url_host_port,
)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.215.14", None),
        ("2606:4700::6810:84e5", None),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "reserved"),  # shared address space (carrier-grade NAT)
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
    ],
)
def test_address_kind(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_url_host_port() -> None:
    assert url_host_port("https://Status.Example.com/x") == ("status.example.com", 443)
    assert url_host_port("http://127.0.0.1:8080/a") == ("127.0.0.1", 8080)
    assert url_host_port("http://[::1]/") == ("::1", 80)
    assert url_host_port("file:///etc/passwd") is None
    assert url_host_port("relative/path.json") is None
    assert url_host_port("http://x:notaport/") is None


def test_literal_addresses_resolve_without_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> list:
        raise AssertionError("no lookup for a literal address")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    assert resolve("169.254.169.254", 80) == [ipaddress.ip_address("169.254.169.254")]
    assert resolve("[::1]", 80) == [ipaddress.ip_address("::1")]


def test_unresolvable_name(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(HostUnresolvedError, match=r"cannot resolve nowhere\.example"):
        resolve("nowhere.example", 443)


def test_a_lookup_that_never_answers_ends_at_its_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def hang(*args: object, **kwargs: object) -> list:
        time.sleep(5)  # a DNS server that never answers (the thread is left to finish)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    began = time.monotonic()
    with pytest.raises(HostUnresolvedError, match=r"slow\.example \(no answer within 0\.3 s\)"):
        resolve("slow.example", 443, timeout=0.3)
    assert time.monotonic() - began < 1.5
    attempt = Attempt(AddressPolicy(), deadline=0.3)
    began = time.monotonic()
    with pytest.raises(HostUnresolvedError, match="no answer within"):
        attempt.check_host("slow.example", 443)  # the lookup gets the time left
    assert time.monotonic() - began < 1.5


def test_lookup_errors_pass_through_the_timed_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(HostUnresolvedError, match="Name or service not known"):
        resolve("nowhere.example", 443, timeout=5)


def test_policy_trusts_only_the_origins_own_address_and_port() -> None:
    policy = AddressPolicy.for_origin("http://127.0.0.1:8000/feed")
    assert policy.trusted == {(ipaddress.ip_address("127.0.0.1"), 8000)}
    assert policy.check("127.0.0.1", 8000) == [ipaddress.ip_address("127.0.0.1")]
    assert policy.check("localhost", 8000) == [ipaddress.ip_address("127.0.0.1")]
    assert policy.check("93.184.215.14", 443) == [ipaddress.ip_address("93.184.215.14")]
    with pytest.raises(AddressRefusedError, match=r"^127\.0\.0\.1 is a loopback address; "):
        policy.check("127.0.0.1", 8001)
    with pytest.raises(AddressRefusedError, match=r"^10\.0\.0\.1 is a private address"):
        policy.check("10.0.0.1", 8000)


@pytest.mark.parametrize(
    "origin", [None, "https://93.184.215.14/feed", "/srv/feeds/x.atom", "file:///srv/x.atom"]
)
def test_public_or_file_origin_trusts_no_private_address(origin: str | None) -> None:
    policy = AddressPolicy.for_origin(origin)
    assert policy.trusted == frozenset()
    with pytest.raises(AddressRefusedError, match="link-local"):
        policy.check("169.254.169.254", 80)


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def mixed(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    with pytest.raises(AddressRefusedError, match=r"rebind\.example \(10\.0\.0\.7\) is a private"):
        AddressPolicy().check("rebind.example", 443)


def test_attempt_checks_each_host_once(monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []

    def dns(host: str, port: int, *args: object, **kwargs: object) -> list:
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    monkeypatch.setattr(socket, "getaddrinfo", dns)
    attempt = Attempt(AddressPolicy(), deadline=10)
    assert attempt.check_host("news.example", 443) == attempt.check_host("News.Example", 443)
    assert lookups == ["news.example"]


def test_attempt_waits_no_longer_than_its_deadline() -> None:
    attempt = Attempt(AddressPolicy(), deadline=0.5)
    wait, reason = attempt.wait(30, reading=True)
    assert wait is not None and 0.4 < wait <= 0.5
    assert reason == "deadline"
    assert attempt.expire("deadline") == attempt.expired == "deadline of 0.5 s exceeded"
    assert attempt.wait(0.1, reading=True) == (0.1, None)  # the caller's own timeout is shorter


def test_attempt_rate_limit_after_grace() -> None:
    attempt = Attempt(AddressPolicy(), deadline=60, min_rate=100, rate_grace=0.05)
    attempt.count(1)
    time.sleep(0.06)
    with pytest.raises(httpx.ReadTimeout, match="transfer too slow: 1 bytes in"):
        attempt.check()
    assert attempt.expired is not None and attempt.expired.startswith("transfer too slow")


def test_attempt_at_a_good_rate_passes() -> None:
    attempt = Attempt(AddressPolicy(), deadline=60, min_rate=100, rate_grace=0.01)
    attempt.count(10_000)
    time.sleep(0.02)
    attempt.check()
    assert attempt.expired is None
