"""Refusals of the private endpoints in words a user can act on (pure)."""
from hypothesis import given, strategies as st

from bascule_geoplateforme.core.toolbelt.http_failures import (
    EXPIRED, NETWORK, NO_ACCESS, RATE_LIMITED, SERVER, SSL, WRONG_KEY, classify)


def test_success_is_no_refusal():
    assert classify(200) is None and classify(304) is None


def test_each_status_gets_its_kind_and_words():
    assert classify(401).kind == WRONG_KEY and "401" in classify(401).message()
    assert classify(403).kind == NO_ACCESS and "cartes.gouv.fr" in classify(403).message("fr")
    assert classify(500).kind == SERVER
    assert classify(0, error="Host not found").kind == NETWORK


def test_expired_key_read_from_the_platform_json():
    body = b'{"error": {"code": 403, "message": "Forbidden: key expired"}}'
    refusal = classify(403, body=body)
    assert refusal.kind == EXPIRED and "expir" in refusal.message() and "expiré" in refusal.message("fr")


def test_ssl_failure_names_the_certificate_to_install():
    refusal = classify(0, error="SSL handshake failed")
    assert refusal.kind == SSL and "Certigna" in refusal.message()


def test_rate_limit_says_how_long_to_wait():
    refusal = classify(429, {"Retry-After": "5"})
    assert refusal.kind == RATE_LIMITED and refusal.retry_after == 5 and "5 s" in refusal.message()
    assert classify(429, {"Retry-After": "soon"}).retry_after is None


@given(st.binary(max_size=10_000), st.text(max_size=200))
def test_any_body_or_header_gives_a_refusal_never_an_exception(body, retry):
    for status in (401, 403, 429, 502):
        refusal = classify(status, {"retry-after": retry}, body)
        assert refusal is not None and refusal.message() and refusal.message("fr")


def test_a_huge_body_is_not_read():
    body = b'{"error": {"message": "key expired"}}' + b" " * 10_000
    assert classify(403, body=body).kind == NO_ACCESS
