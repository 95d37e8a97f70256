"""Why the Géoplateforme refused a keyed request, in words a user can act on.

Pure module (no QGIS import): the QGIS glue passes the HTTP status, the response headers and
body, and the network error text it got. The messages are bilingual like the migration's
(the glue picks the user's language), and never repeat a key or a URL's query.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Dict, Optional

from .texts import language_of

WRONG_KEY, NO_ACCESS, EXPIRED, SSL, RATE_LIMITED, NETWORK, SERVER = (
    "wrong_key", "no_access", "expired", "ssl", "rate_limited", "network", "server")

_SSL_WORDS = re.compile(r"ssl|tls|certificat", re.IGNORECASE)
_MAX_BODY = 4096  # a refusal's JSON is short; never parse a huge body for a message


@dataclass(frozen=True)
class Refusal:
    kind: str
    status: int
    retry_after: Optional[int]  # seconds, for 429
    en: str
    fr: str

    def message(self, language: str = "en") -> str:
        return self.fr if language_of(language) == "fr" else self.en


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


def _retry_after(headers: Dict[str, str]) -> Optional[int]:
    value = (headers or {}).get("retry-after", "").strip()
    # Only ASCII digits: str.isdigit() accepts '¹' or '٣', which int() refuses or misreads.
    return int(value) if re.fullmatch(r"[0-9]{1,6}", value) else None


def classify(status: int, headers: Optional[Dict[str, str]] = None, body: bytes = b"",
             error: str = "") -> Optional[Refusal]:
    """A Refusal for a failed keyed request, or None when nothing was refused."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    if not status and error and _SSL_WORDS.search(error):
        return Refusal(SSL, 0, None,
                       "the secure connection failed (certificate not trusted): install the "
                       "certificate authority of data.geopf.fr (Certigna) in QGIS's "
                       "authentication settings, or ask your IT department",
                       "la connexion sécurisée a échoué (certificat non reconnu) : installez "
                       "l'autorité de certification de data.geopf.fr (Certigna) dans les "
                       "paramètres d'authentification de QGIS, ou demandez à votre service "
                       "informatique")
    words = _server_words(body).lower()
    if status in (401, 403) and "expir" in words:
        return Refusal(EXPIRED, status, None, "the key has expired: renew it on cartes.gouv.fr",
                       "la clé a expiré : renouvelez-la sur cartes.gouv.fr")
    if status == 401:
        return Refusal(WRONG_KEY, status, None,
                       "the key was refused (HTTP 401): check the login and password or the "
                       "HASH key",
                       "la clé a été refusée (HTTP 401) : vérifiez l'identifiant et le mot de "
                       "passe ou la clé HASH")
    if status == 403:
        return Refusal(NO_ACCESS, status, None,
                       "access refused (HTTP 403): the key is wrong or has no access to this "
                       "data; check its accesses on cartes.gouv.fr",
                       "accès refusé (HTTP 403) : la clé est fausse ou n'a pas accès à ces "
                       "données ; vérifiez ses accès sur cartes.gouv.fr")
    if status == 429:
        wait = _retry_after(headers)
        en_wait = f"try again in {wait} s" if wait is not None else "try again in a moment"
        fr_wait = f"réessayez dans {wait} s" if wait is not None else "réessayez dans un instant"
        return Refusal(RATE_LIMITED, status, wait, f"too many requests (HTTP 429): {en_wait}",
                       f"trop de requêtes (HTTP 429) : {fr_wait}")
    if status >= 400:
        return Refusal(SERVER, status, None, f"the server answered HTTP {status}",
                       f"le serveur a répondu HTTP {status}")
    if not status and error:
        return Refusal(NETWORK, 0, None, "the Géoplateforme could not be reached",
                       "la Géoplateforme n'a pas pu être jointe")
    return None
