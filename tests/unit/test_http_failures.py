"""The one classification of failed requests and the one Retry-After reader (pure)."""
from email.utils import format_datetime
from datetime import datetime, timezone

import pytest
from hypothesis import given, strategies as st

from bascule_geoplateforme.core.toolbelt import http_failures as hf

NOW = datetime(2026, 12, 7, 14, 0, 0, tzinfo=timezone.utc).timestamp()


def http_date(seconds_from_now: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + seconds_from_now, timezone.utc), usegmt=True)


@pytest.mark.parametrize("value, seconds", [
    ("0", 0.0), ("1", 1.0), ("5", 5.0), ("  7 ", 7.0), ("1.5", 1.5), ("120", 120.0),
    ("121", 120.0), ("86400", 120.0), ("9" * 32, 120.0),  # a day, or more, is two minutes
])
def test_delta_seconds_are_read_and_bounded(value, seconds):
    assert hf.retry_after(value, NOW) == seconds


def test_an_http_date_counts_from_now():
    assert hf.retry_after(http_date(30), NOW) == pytest.approx(30.0)
    assert hf.retry_after("Mon, 07 Dec 2026 14:01:00 GMT", NOW) == pytest.approx(60.0)
    assert hf.retry_after(http_date(3 * 86400), NOW) == hf.MAX_RETRY_AFTER
    # RFC 850 and asctime forms are HTTP-dates too (RFC 9110 §5.6.7).
    assert hf.retry_after("Monday, 07-Dec-26 14:00:10 GMT", NOW) == pytest.approx(10.0)
    assert hf.retry_after("Mon Dec  7 14:00:20 2026", NOW) == pytest.approx(20.0)


def test_a_past_date_means_now():
    assert hf.retry_after(http_date(-3600), NOW) == 0.0
    assert hf.retry_after("Thu, 01 Jan 1970 00:00:00 GMT", NOW) == 0.0


@pytest.mark.parametrize("value", [
    None, "", "   ", "soon", "-5", "-0.5", "+5", "5s", "1e3", "nan", "inf", "0x10", "½", "٣", "¹",
    "Mon, 32 Dec 2026 14:00:00 GMT", "Mon, 07 Foo 2026 14:00:00 GMT", "5, 6", "1" * 40,
    "Mon, 07 Dec 2026 14:01:00 GMT" + " " * 40 + "x",
])
def test_garbage_is_no_retry_after(value):
    assert hf.retry_after(value, NOW) is None
    assert hf.retry_delay(value, NOW) == hf.DEFAULT_RETRY_AFTER


@given(st.text(max_size=80))
def test_any_header_gives_a_bounded_wait_or_none(value):
    seconds = hf.retry_after(value, NOW)
    assert seconds is None or 0.0 <= seconds <= hf.MAX_RETRY_AFTER
    assert 0.0 <= hf.retry_delay(value, NOW) <= hf.MAX_RETRY_AFTER


@pytest.mark.parametrize("status, body, error, keyed, kind", [
    (200, b"", "", True, None), (206, b"", "", True, None), (304, b"", "", True, None),
    (0, b"", "", True, None),
    (401, b"", "", True, hf.WRONG_KEY), (401, b"", "", False, hf.NEEDS_KEY),
    (403, b"", "", True, hf.NO_ACCESS), (403, b"", "", False, hf.NO_ACCESS),
    (403, b'{"error": {"message": "Key expired"}}', "", True, hf.EXPIRED),
    (401, b'{"error": {"message": "expired"}}', "", False, hf.EXPIRED),
    (404, b"", "", True, hf.NOT_FOUND), (429, b"", "", True, hf.RATE_LIMITED),
    (410, b"", "", True, hf.SERVER), (500, b"", "", True, hf.SERVER), (503, b"", "x", True, hf.SERVER),
    (0, b"", "SSL handshake failed", True, hf.SSL), (0, b"", "TLS init failed", False, hf.SSL),
    (0, b"", "Connection refused", True, hf.NETWORK), (0, b"", "Host not found", False, hf.NETWORK),
])
def test_each_failure_has_one_kind(status, body, error, keyed, kind):
    assert hf.kind_of(status, body, error, keyed) == kind
    refusal = hf.classify(status, {}, body, error, hf.DOWNLOAD, keyed)
    assert (refusal.kind if refusal else None) == kind


def test_every_kind_is_said_in_every_audience_and_both_languages():
    cases = [(401, b"", ""), (403, b"", ""), (403, b'{"error":{"message":"expired"}}', ""), (404, b"", ""),
             (429, b"", ""), (502, b"", ""), (0, b"", "SSL error"), (0, b"", "Connection refused")]
    for audience in (hf.KEY, hf.CATALOG, hf.DOWNLOAD):
        for keyed in (True, False):
            for status, body, error in cases:
                refusal = hf.classify(status, {}, body, error, audience, keyed)
                en, fr = refusal.message("en"), refusal.message("fr_FR")
                assert en and fr and "{" not in en + fr, (audience, status)
                if status:
                    assert str(status) in en + fr or refusal.kind == hf.EXPIRED


def test_the_words_of_each_audience():
    # The download service, the catalogue refresh and the key test say the same kind their way.
    assert hf.classify(401, audience=hf.DOWNLOAD, keyed=False).message() == \
        "this resource needs a Géoplateforme key (HTTP 401)"
    assert hf.classify(401, audience=hf.DOWNLOAD).message("fr").startswith(
        "le service de téléchargement a refusé la clé (HTTP 401)")
    assert hf.classify(401, audience=hf.CATALOG).message() == \
        "access refused (HTTP 401): check the Géoplateforme key"
    assert hf.classify(403, audience=hf.CATALOG).message("fr") == \
        "accès refusé (HTTP 403) : vérifiez la clé Géoplateforme"
    assert "cartes.gouv.fr" in hf.classify(403).message()
    assert hf.classify(404, audience=hf.DOWNLOAD).message() == "not found on the download service (HTTP 404)"
    assert hf.classify(404, audience=hf.CATALOG).message() == "the server answered HTTP 404"
    assert hf.classify(429, audience=hf.CATALOG).message("fr") == "trop de requêtes (HTTP 429) : réessayez plus tard"
    assert hf.classify(0, error="Connection refused", audience=hf.CATALOG).message() == "Connection refused"
    assert hf.classify(0, error="Connection refused").message("fr") == "la Géoplateforme n'a pas pu être jointe"
    # A certificate failure is said once, with IGN's advice, wherever it happens.
    ssl = {hf.classify(0, error="SSL handshake failed", audience=a).message() for a in (hf.KEY, hf.CATALOG, hf.DOWNLOAD)}
    assert len(ssl) == 1 and "Certigna" in ssl.pop()


def test_a_rate_limit_says_the_wait_it_read():
    assert hf.classify(429, {"Retry-After": "5"}).retry_after == 5
    assert hf.classify(429, {"retry-after": "2.2"}).retry_after == 3  # whole seconds, rounded up
    # Waited two minutes at most (retry_after), but the user is told what the server asked.
    assert hf.classify(429, {"Retry-After": "3600"}).message() == "too many requests (HTTP 429): try again in 3600 s"
    assert hf.classify(429, {"Retry-After": "9" * 20}).retry_after == 86400
    dated = hf.classify(429, {"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"})
    assert dated.retry_after == 0 and "réessayez dans 0 s" in dated.message("fr")
    assert hf.classify(429, {"Retry-After": "-1"}).retry_after is None
    assert hf.classify(429).message("fr") == "trop de requêtes (HTTP 429) : réessayez dans un instant"


def test_describe_falls_back_on_the_network_words():
    assert hf.describe(0, error="Operation canceled", audience=hf.DOWNLOAD) == "Operation canceled"
    assert hf.describe(200, error="Remote host closed", audience=hf.CATALOG) == "Remote host closed"
    assert hf.describe(0, audience=hf.DOWNLOAD) == "network error"
    assert hf.describe(0, audience=hf.DOWNLOAD, language="fr") == "erreur réseau"
    assert hf.describe(403, audience=hf.DOWNLOAD, language="fr") == \
        "accès refusé (HTTP 403) : vérifiez la clé Géoplateforme"


def test_an_error_text_with_braces_is_kept_as_is():
    assert hf.describe(0, error="bad {status} {0}", audience=hf.CATALOG) == "bad {status} {0}"
