"""Webhook URLs, events and signatures: what a receiver checks."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from interviewkit.domain import webhooks as rules


@pytest.mark.parametrize("url", [
    "https://ats.example.com/hooks/interviewkit",
    "  https://hooks.example.org  ",
    "http://93.184.215.14:8080/receive?token=abc",
    "https://[2606:4700:4700::1111]/hooks",
])
def test_http_and_https_urls_are_accepted(url):
    assert rules.check_url(url) == url.strip()


@pytest.mark.parametrize("url, words", [
    ("", "Enter"),
    ("ftp://files.example.com/in", "http"),
    ("javascript:alert(1)", "http"),
    ("file:///etc/passwd", "http"),
    ("https://", "host"),
    ("https://user:pass@ats.example.com/", "user name"),
    ("https://ats.example.com:99999/", "valid"),
    ("https://ats.example.com/a b", "spaces"),
    ("https://ats.example.com/\x00", "control"),
    ("https://ats.example.com/#frag", "fragment"),
    ("https://ats.example.com/" + "a" * 2000, "under"),
])
def test_other_urls_are_refused_with_a_reason(url, words):
    with pytest.raises(rules.WebhookUrlError, match=words):
        rules.check_url(url)


def test_events_keep_catalogue_order_and_refuse_unknown_or_none():
    assert rules.check_events(["loop.decided", "loop.published", "loop.decided"]) == [
        "loop.published", "loop.decided"]
    with pytest.raises(ValueError, match="Unknown event"):
        rules.check_events(["loop.published", "loop.deleted"])
    with pytest.raises(ValueError, match="at least one"):
        rules.check_events([])


def test_the_signature_is_the_hmac_of_time_dot_body_and_verifies():
    body = b'{"type":"loop.published"}'
    header = rules.signature_header("whsec_test", 1_700_000_000, body)
    expected = hmac.new(b"whsec_test", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert rules.verify("whsec_test", header, body, now=1_700_000_100)


@pytest.mark.parametrize("secret, body, now, header_change", [
    ("whsec_other", b"{}", 1_700_000_000, None),          # another secret
    ("whsec_test", b"{ }", 1_700_000_000, None),          # a changed body
    ("whsec_test", b"{}", 1_700_000_000 + 301, None),     # too old: a replay
    ("whsec_test", b"{}", 1_700_000_000, "t=1700000001"),  # a changed time
    ("whsec_test", b"{}", 1_700_000_000, ""),             # no header
])
def test_a_signature_fails_for_another_secret_body_or_time(secret, body, now, header_change):
    header = rules.signature_header("whsec_test", 1_700_000_000, b"{}")
    if header_change is not None:
        header = (header_change + "," + header.split(",", 1)[1]) if header_change else ""
    assert not rules.verify(secret, header, body, now=now)


PRIVATE_TARGETS = [
    "http://127.0.0.1:8080/receive", "http://localhost/hooks", "http://api.localhost/",
    "http://[::1]/", "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.20/",
    "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
    "http://[fe80::1]/", "http://[fd12:3456::1]/", "http://[fc00::1]/",
    "http://224.0.0.251/", "http://[ff02::1]/", "http://0.0.0.0/", "http://[::]/",
    "http://255.255.255.255/", "http://240.0.0.1/",
    # The same addresses written the ways the C resolver also accepts.
    "http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/", "http://0177.0.0.1/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
    "http://[2002:a00:1::]/", "http://[64:ff9b::7f00:1]/", "http://127.0.0.1./",
]


@pytest.mark.parametrize("url", PRIVATE_TARGETS)
def test_non_public_targets_are_refused_unless_allowed(url):
    with pytest.raises(rules.WebhookUrlError, match="non-public address"):
        rules.check_url(url)
    assert rules.check_url(url, allow_private=True) == url


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.1.1", "::1", "fd00::1", "fe80::1%eth0",
                                     "169.254.169.254", "::ffff:10.0.0.1", "not an address"])
def test_resolved_private_addresses_are_refused(address):
    with pytest.raises(rules.WebhookUrlError, match="resolves to"):
        rules.check_resolved("hooks.example.com", ["93.184.215.14", address])
    rules.check_resolved("hooks.example.com", ["93.184.215.14", address], allow_private=True)


def test_public_resolved_addresses_pass():
    rules.check_resolved("hooks.example.com", ["93.184.215.14", "2606:4700:4700::1111"])


@pytest.mark.parametrize("url", ["http://-bad-.example.com/", "http://a..b/",
                                 "http://" + "a" * 64 + ".com/"])
def test_invalid_host_names_are_refused(url):
    with pytest.raises(rules.WebhookUrlError, match="host name is not valid"):
        rules.check_url(url)
