"""Secrets masked in any text the plugin shows or writes: messages, reports, logs, errors.

Pure module: the one owner of redaction. What counts as a secret is decided on the decoded
text (``pass%77ord`` is a password), whatever the syntax it is written in; the published
thematic keys of the old Géoportail stay readable.
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote

from .sources import parse_source, parse_url

# Masked when a text is rendered (most messages are never displayed) and in every source a
# report writes to disk.
MASK = "***"
# The published thematic keys of the old Géoportail: not secrets, kept readable.
PUBLIC_KEYS = frozenset({
    "administratif", "adresse", "agriculture", "altimetrie", "cartes", "cartovecto", "clc",
    "decouverte", "economie", "enr", "environnement", "essentiels", "geodesie", "inspire",
    "lambert93", "ocsge", "ortho", "orthohisto", "parcellaire", "satellite", "sol",
    "topographie", "transports", "choisirgeoportail", "choisirinspire", "pratique",
    "ign_scan_ws",  # IGN's published sample key for SCAN data, switched off on 2026-10-26
})
# Words that, as the last part of a parameter name (``http-header:apikey``), make its value a
# secret.
SECRET_NAMES = frozenset({
    "password", "passwd", "pwd", "pass", "username", "user", "login", "apikey", "api_key",
    "api-key", "key", "gppkey", "token", "access_token", "secret",
})
_PATH_KEY = re.compile(r"(/)([A-Za-z0-9_-]{16,})(?=[/?#]|$)")
_USERINFO = re.compile(r"(://)[^/@?#\s]*@")
_NAME_PART = re.compile(r"[:\s.]")
URL_PARAMS = frozenset({"old", "url", "new"})
_DEPTH = 4  # percent-encoding levels looked through (a url= inside a url= inside a source)


def is_secret_name(name) -> bool:
    """Does a parameter of this name (any case, percent-encoded or not) hold a secret?"""
    name = _decoded(str(name or "")).strip().strip("'\"").lower()
    last = _NAME_PART.split(name)[-1]
    return last in SECRET_NAMES or last.endswith(("password", "apikey", "api_key", "token"))


def _decoded(text: str) -> str:
    for _ in range(_DEPTH):
        if "%" not in text:
            break
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def mask_key(key: str) -> str:
    """An old key shows only its first letters; the published thematic keys stay readable."""
    return "/".join(p if not p or p.lower() in PUBLIC_KEYS else p[:2] + "…"
                    for p in str(key).split("/"))


def redact(url: str, depth: int = 0) -> str:
    """A URL fit for a message or a log: no user info, no secret query value, old key and
    long personal tokens masked. Not a URL: ``redact_text``."""
    url = url or ""
    parsed = parse_url(url.strip()) if "://" in url else None
    if parsed is None:
        return redact_text(url, depth)
    text = parsed.scheme + "://" + parsed.netloc.rpartition("@")[2]
    text += _redact_path(parsed.path, parsed.host)
    if parsed.query or parsed.has_query:
        items = []
        for p in parsed.query:
            if p.key is None:
                items.append(p.sep + p.raw)
            elif p.value is not None and is_secret_name(p.key):
                items.append(f"{p.sep}{p.raw.partition('=')[0]}={MASK}")
            elif p.value and depth < _DEPTH and ("://" in p.value or "%" in p.raw
                                                 or "@" in p.value):
                value = redact(p.value, depth + 1)
                items.append(p.sep + (p.raw if value == p.value
                                      else p.raw.partition("=")[0] + "=" + quote(value, safe="/:")))
            else:
                items.append(p.sep + p.raw)
        text += "?" + "".join(items)
    if parsed.fragment is not None:
        text += "#" + redact_text(parsed.fragment, depth + 1)
    return text


def _redact_path(path: str, host: str) -> str:
    path = _PATH_KEY.sub(lambda m: m.group(1) + mask_key(m.group(2)), path)
    host = host.rstrip(".")
    if host.endswith(".ign.fr") or host.endswith("mongeoportail.ign.fr"):
        # The old key is the first segment (after /externe/ on the urbanism host), unless that
        # segment is a context or a service.
        segments = path.split("/")
        index = 1
        if len(segments) > 2 and segments[1].lower() == "externe":
            index = 2
        if len(segments) > index + 1 and segments[index] and \
                segments[index].lower() not in _NOT_KEYS and "…" not in segments[index]:
            segments[index] = mask_key(segments[index])
        path = "/".join(segments)
    return path


_NOT_KEYS = frozenset({"geoportail", "inspire", "edugeo", "static", "catalogue", "wmts", "wfs",
                       "wms", "r", "v", "tms", "externe", "rok4server", "ols", "alti",
                       "itineraire", "isochrone", "geocodage", "autoconf"})
# The safety net for any text: name=value where the name is a secret (quoted values with
# escaped quotes included), percent-encoded or not.
_SECRET_ITEM = re.compile(
    r"(?P<name>(?<![A-Za-z0-9_])[A-Za-z0-9_:.-]*(?:password|passwd|pwd|pass|username|user|login"
    r"|api_?key|api-key|key|token|secret))(?P<eq>[ \t]*=[ \t]*|%3[Dd])"
    r"(?P<value>'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|[^&,;\s'\"%]*(?:%(?!26|2[Cc]|20|3[Ff])"
    r"[0-9A-Fa-f]{2}[^&,;\s'\"%]*)*)", re.IGNORECASE)


def redact_text(text: str, depth: int = 0) -> str:
    """Any text (an error message, a fragment, a source of unknown syntax) with its secrets
    masked: user info, secret name=value items, long personal tokens in paths."""
    text = "" if text is None else str(text)
    if "@" in text:
        text = _USERINFO.sub(r"\1", text)
    text = _SECRET_ITEM.sub(_mask_item, text)
    text = _PATH_KEY.sub(lambda m: m.group(1) + mask_key(m.group(2)), text)
    if "%" in text and depth < _DEPTH:
        decoded = _decoded(text)
        if decoded != text:
            masked = redact_text(decoded, _DEPTH)
            if masked != decoded:
                # A secret only the decoded text shows (``pass%77ord``, an encoded user
                # info): show the decoded text, masked.
                return masked
    return text


def _mask_item(match) -> str:
    name = match.group("name")
    if not is_secret_name(name):
        return match.group(0)
    value = match.group("value")
    quote_char = value[:1] if value[:1] in ("'", '"') else ""
    return name + match.group("eq") + quote_char + MASK + quote_char


def redact_source(source: str, provider: str = "") -> str:
    """A whole data source fit for a report written to disk: credentials, keys and the user
    info of URLs masked, in any of the forms QGIS writes; the rest byte for byte."""
    source = "" if source is None else str(source)
    if not source:
        return source
    try:
        parsed = parse_source(provider, source)
    except Exception:  # odd text: the safety net alone
        return redact_text(source)
    for param in list(parsed.params):
        if param.key is None or param.value is None:
            continue
        if is_secret_name(param.key):
            if param.value:
                parsed.set_value(param, MASK)
        elif "://" in param.value or "@" in param.value or "%" in (param.raw or ""):
            value = redact(param.value)
            if value != param.value:
                parsed.set_value(param, value)
    return redact_text(parsed.encode())
