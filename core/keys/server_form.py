"""The server-compatible form of a keyed layer: the HASH key in the URL (``apikey=``).

QGIS Server and Lizmap ignore ``authcfg=`` (lizmap-web-client issue 4207), so a project
published with them needs the key in the layer's address, which then stores it in clear in
the project. Only the user's explicit action writes it (behind a warning); the reverse action
puts the auth config back. The text work is pure; ``apply_*`` are the QGIS glue.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from ..platform.sources import parse_source, with_authcfg

KEY_PROPERTY = "bascule_geoplateforme/server_form_key"  # the config id, to go back


def _split_query(url: str) -> Tuple[str, List[str], str]:
    base, _, rest = url.partition("?")
    query, hash_mark, fragment = rest.partition("#")
    return base, [item for item in query.split("&") if item], hash_mark + fragment


def _without_apikey(url: str) -> str:
    base, items, fragment = _split_query(url)
    kept = [i for i in items if i.split("=", 1)[0].lower() != "apikey"]
    return base + ("?" + "&".join(kept) if kept else "") + fragment


def _with_apikey(url: str, key: str) -> str:
    base, items, fragment = _split_query(_without_apikey(url))
    items.append(f"apikey={key}")
    return base + "?" + "&".join(items) + fragment


def _url_param(parsed):
    found = parsed.find("url", ci=True)
    return found[0] if found else None


def to_server_form(provider: str, source: str, key: str) -> Optional[str]:
    """``source`` with ``apikey=<key>`` in its URL and no authcfg; None if it has no URL."""
    parsed = parse_source(provider, with_authcfg(provider, source, ""))
    param = _url_param(parsed)
    if param is None or not param.value:
        return None
    parsed.set_value(param, _with_apikey(param.value, key))
    return parsed.encode()


def from_server_form(provider: str, source: str, config_id: str) -> Optional[str]:
    """``source`` with the key out of its URL and ``authcfg=<config_id>``; None if no URL."""
    parsed = parse_source(provider, source)
    param = _url_param(parsed)
    if param is None or not param.value:
        return None
    parsed.set_value(param, _without_apikey(param.value))
    return with_authcfg(provider, parsed.encode(), config_id)


def has_key_in_url(provider: str, source: str) -> bool:
    parsed = parse_source(provider, source)
    param = _url_param(parsed)
    return bool(param and param.value and
                any(i.split("=", 1)[0].lower() == "apikey" for i in _split_query(param.value)[1]))


def authcfg_of(provider: str, source: str) -> str:
    found = parse_source(provider, source).find("authcfg", ci=True)
    return found[0].value if found and found[0].value else ""
