"""Why a request failed, in words a user can act on: the one classification of the plugin.

Pure module (no QGIS import): the QGIS glue passes the HTTP status, the response headers and
body, and the network error text it got. ``classify`` decides the kind once (the key refused,
no access, expired, rate-limited, not found, the server, the network, the certificate); the
words depend only on who reads them (``audience``: the key test and the private layers, the
catalogue refresh, the download service). ``retry_after`` is the one reader of a
``Retry-After`` header. The messages are bilingual like the migration's (the glue picks the
user's language), and never repeat a key or a URL's query.
"""
from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass
from datetime import timezone
from email.utils import parsedate_to_datetime
from typing import Dict, Optional

from .texts import language_of

WRONG_KEY, NO_ACCESS, EXPIRED, SSL, RATE_LIMITED, NETWORK, SERVER = (
    "wrong_key", "no_access", "expired", "ssl", "rate_limited", "network", "server")
NEEDS_KEY, NOT_FOUND = "needs_key", "not_found"
# Who reads the message: the same kind is said in the words of each place.
KEY, CATALOG, DOWNLOAD = "key", "catalog", "download"

DEFAULT_RETRY_AFTER = 5.0  # the download service's documented block after a 429
MAX_RETRY_AFTER = 120.0  # a server asking for a day is waited two minutes at most
MAX_RETRY_TOLD = 86400.0  # but the user is told what it asked, up to a day

_SSL_WORDS = re.compile(r"ssl|tls|certificat", re.IGNORECASE)
_MAX_BODY = 4096  # a refusal's JSON is short; never parse a huge body for a message
_SECONDS = re.compile(r"[0-9]{1,32}(\.[0-9]{1,9})?")  # ASCII only: str.isdigit() takes '¹', '٣'
_MAX_HEADER = 64  # an HTTP-date is 29 characters; longer is not a Retry-After


@dataclass(frozen=True)
class Refusal:
    kind: str
    status: int
    retry_after: Optional[int]  # seconds, for 429
    en: str
    fr: str

    def message(self, language: str = "en") -> str:
        return self.fr if language_of(language) == "fr" else self.en


def retry_after(value: Optional[str], now: Optional[float] = None,
                maximum: float = MAX_RETRY_AFTER) -> Optional[float]:
    """Seconds a ``Retry-After`` value asks to wait — delta-seconds or an HTTP-date (RFC 9110
    §10.2.3) — within [0, maximum]; a date already past is 0. None when the value is absent
    or not one of the two forms (the caller then waits its own default)."""
    value = (value or "").strip()
    if not value or len(value) > _MAX_HEADER:
        return None
    if _SECONDS.fullmatch(value):
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
            if when.tzinfo is None:  # "-0000", RFC 5322's "zone unknown": HTTP-dates are GMT
                when = when.replace(tzinfo=timezone.utc)
            seconds = when.timestamp() - (time.time() if now is None else now)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if math.isnan(seconds):
        return None
    return max(0.0, min(maximum, seconds))


def retry_delay(value: Optional[str], now: Optional[float] = None) -> float:
    """Seconds to wait after a 429: the header's, else DEFAULT_RETRY_AFTER."""
    seconds = retry_after(value, now)
    return DEFAULT_RETRY_AFTER if seconds is None else seconds


def _server_words(body: bytes) -> str:
    """The platform's own reason, from its JSON error body ({"error": {"message": …}})."""
    if not body or len(body) > _MAX_BODY:
        return ""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    return message if isinstance(message, str) else ""


def kind_of(status: int, body: bytes = b"", error: str = "", keyed: bool = True) -> Optional[str]:
    """The kind of a failed answer, or None when nothing failed. ``keyed``: the request
    carried a key (a 401 then says the key was refused, else that one is needed)."""
    if not status and error and _SSL_WORDS.search(error):
        return SSL
    if status in (401, 403) and "expir" in _server_words(body).lower():
        return EXPIRED
    if status == 401:
        return WRONG_KEY if keyed else NEEDS_KEY
    if status == 403:
        return NO_ACCESS
    if status == 404:
        return NOT_FOUND
    if status == 429:
        return RATE_LIMITED
    if status >= 400:
        return SERVER
    if not status and error:
        return NETWORK
    return None


_CHECK_KEY = ("access refused (HTTP {status}): check the Géoplateforme key",
              "accès refusé (HTTP {status}) : vérifiez la clé Géoplateforme")
_SERVER = ("the server answered HTTP {status}", "le serveur a répondu HTTP {status}")
_AS_IS = ("{error}", "{error}")  # Qt's words for a network failure (already translated)

# (kind, audience) -> (English, French); an audience missing here says the KEY words.
_WORDS = {
    (SSL, KEY): ("the secure connection failed (certificate not trusted): install the "
                 "certificate authority of data.geopf.fr (Certigna) in QGIS's authentication "
                 "settings, or ask your IT department",
                 "la connexion sécurisée a échoué (certificat non reconnu) : installez "
                 "l'autorité de certification de data.geopf.fr (Certigna) dans les paramètres "
                 "d'authentification de QGIS, ou demandez à votre service informatique"),
    (EXPIRED, KEY): ("the key has expired: renew it on cartes.gouv.fr",
                     "la clé a expiré : renouvelez-la sur cartes.gouv.fr"),
    (WRONG_KEY, KEY): ("the key was refused (HTTP 401): check the login and password or the "
                       "HASH key",
                       "la clé a été refusée (HTTP 401) : vérifiez l'identifiant et le mot de "
                       "passe ou la clé HASH"),
    (WRONG_KEY, CATALOG): _CHECK_KEY,
    (WRONG_KEY, DOWNLOAD): ("the download service refused the key (HTTP 401). It takes HASH "
                            "keys; whether it takes login/password keys is not documented.",
                            "le service de téléchargement a refusé la clé (HTTP 401). Il accepte "
                            "les clés HASH ; qu'il accepte les clés identifiant/mot de passe "
                            "n'est pas documenté."),
    (NEEDS_KEY, KEY): ("this resource needs a Géoplateforme key (HTTP 401)",
                       "cette ressource demande une clé Géoplateforme (HTTP 401)"),
    (NEEDS_KEY, CATALOG): _CHECK_KEY,
    (NO_ACCESS, KEY): ("access refused (HTTP 403): the key is wrong or has no access to this "
                       "data; check its accesses on cartes.gouv.fr",
                       "accès refusé (HTTP 403) : la clé est fausse ou n'a pas accès à ces "
                       "données ; vérifiez ses accès sur cartes.gouv.fr"),
    (NO_ACCESS, CATALOG): _CHECK_KEY,
    (NO_ACCESS, DOWNLOAD): _CHECK_KEY,
    (NOT_FOUND, KEY): _SERVER,
    (NOT_FOUND, DOWNLOAD): ("not found on the download service (HTTP 404)",
                            "introuvable sur le service de téléchargement (HTTP 404)"),
    (RATE_LIMITED, KEY): ("too many requests (HTTP 429): {en_wait}",
                          "trop de requêtes (HTTP 429) : {fr_wait}"),
    (RATE_LIMITED, CATALOG): ("too many requests (HTTP 429): try again later",
                              "trop de requêtes (HTTP 429) : réessayez plus tard"),
    # The download client waits out each 429 itself: this is said once it gives up.
    (RATE_LIMITED, DOWNLOAD): ("too many requests (HTTP 429), still refused after waiting",
                               "trop de requêtes (HTTP 429), toujours refusées après attente"),
    (SERVER, KEY): _SERVER,
    (NETWORK, KEY): ("the Géoplateforme could not be reached",
                     "la Géoplateforme n'a pas pu être jointe"),
    (NETWORK, CATALOG): _AS_IS,
    (NETWORK, DOWNLOAD): _AS_IS,
}


def classify(status: int, headers: Optional[Dict[str, str]] = None, body: bytes = b"",
             error: str = "", audience: str = KEY, keyed: bool = True) -> Optional[Refusal]:
    """A Refusal for a failed request, in the words of ``audience``, or None when nothing
    failed."""
    kind = kind_of(status, body, error, keyed)
    if kind is None:
        return None
    if kind == SSL:
        audience = KEY  # one certificate problem, said the same everywhere with IGN's advice
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    wait = None
    if kind == RATE_LIMITED:
        seconds = retry_after(headers.get("retry-after"), maximum=MAX_RETRY_TOLD)
        wait = math.ceil(seconds) if seconds is not None else None
    en, fr = _WORDS.get((kind, audience)) or _WORDS[(kind, KEY)]
    fields = {
        "status": status, "error": error or "network error",
        "en_wait": f"try again in {wait} s" if wait is not None else "try again in a moment",
        "fr_wait": f"réessayez dans {wait} s" if wait is not None else "réessayez dans un instant",
    }
    french = dict(fields, error=error or "erreur réseau")
    return Refusal(kind, status, wait, en.format(**fields), fr.format(**french))


def describe(status: int, headers: Optional[Dict[str, str]] = None, body: bytes = b"",
             error: str = "", audience: str = KEY, keyed: bool = True,
             language: str = "en") -> str:
    """What to tell the user about an answer the caller found wanting: the refusal's words,
    else the network's own error text, else "network error"."""
    refusal = classify(status, headers, body, error, audience, keyed)
    if refusal is not None:
        return refusal.message(language)
    return error or ("erreur réseau" if language_of(language) == "fr" else "network error")
