"""Safe XML reading shared by the capabilities parsers.

Capabilities come from the network (or from a cache an attacker may have touched), so the
parser never resolves entities, never loads a DTD and never goes to the network. Documents
that declare entities are refused outright: no Géoplateforme document needs them, and
refusing is simpler to reason about than expanding them safely.

Also turns the usual "this is not a capabilities document" answers (HTML error pages, OGC
exception reports, empty or truncated bodies) into a CapabilitiesError with a clear message.
"""
from __future__ import annotations

import re
import threading
from typing import Optional

from lxml import etree

from .model import CapabilitiesError

# Namespaces (Clark notation prefixes) used by several parsers.
OWS11 = "{http://www.opengis.net/ows/1.1}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    # No comments or processing instructions in the tree: len(element) then counts elements
    # only, which the WMTS parser relies on.
    remove_comments=True,
    remove_pis=True,
)
# lxml parsers must not be shared between threads (catalog_store parses in a QgsTask).
_local = threading.local()

# An external DTD is tolerated only where OGC schemas declare one (WMS 1.1.1); it is never
# loaded anyway.
_OGC_DTD = re.compile(r"^https?://schemas\.opengis\.net/", re.IGNORECASE)
# An HTML page (a proxy's or server's error page), after an optional BOM, XML declaration
# and comments.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_MAX_MESSAGE = 300


def _entities_refused() -> CapabilitiesError:
    return CapabilitiesError("The document declares XML entities; it was refused for safety.")


def _parser(encoding: Optional[str] = None) -> etree.XMLParser:
    key = encoding or "auto"
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(key)
    if parser is None:
        parser = parsers[key] = etree.XMLParser(encoding=encoding, **_PARSER_OPTIONS)
    return parser


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _html_error(data: bytes) -> CapabilitiesError:
    match = _HTML_TITLE.search(data[:4096])
    title = ""
    if match:
        title = _shorten(match.group(1).decode("utf-8", "replace"))
    if title:
        return CapabilitiesError(
            f"The server returned a web page instead of a capabilities document: {title}")
    return CapabilitiesError("The server returned a web page instead of a capabilities document.")


def _check_doctype(root: etree._Element) -> None:
    docinfo = root.getroottree().docinfo
    if not docinfo.doctype:
        return
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_refused()
    system_url = docinfo.system_url or ""
    if (system_url or docinfo.public_id) and not _OGC_DTD.match(system_url):
        raise CapabilitiesError(
            "The document refers to an external DTD; it was refused for safety.")


def _exception_text(root: etree._Element) -> Optional[str]:
    """The message of an OGC exception report, or None if root is not one."""
    local = etree.QName(root).localname
    if local not in ("ServiceExceptionReport", "ExceptionReport"):
        return None
    parts = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in ("ServiceException", "Exception"):
            code = element.get("code") or element.get("exceptionCode") or ""
            texts = [t.strip() for t in element.itertext() if t.strip()]
            message = " ".join(texts)
            parts.append(f"{message} ({code})" if code and message else message or code)
    return _shorten("; ".join(p for p in parts if p)) or "no details given"


def parse_xml(data: bytes) -> etree._Element:
    """Parse a capabilities document safely and return its root element.

    Raises CapabilitiesError for empty bodies, HTML pages, malformed or truncated XML,
    documents with entity declarations or external DTDs, and OGC exception reports.
    """
    if not data or data.isspace():
        raise CapabilitiesError("The server returned an empty document.")
    if _HTML_START.match(data[:2048]):
        raise _html_error(data)
    # Refuse entity declarations before libxml2 reads them; the check after parsing covers
    # what this byte scan cannot see (a huge internal subset, UTF-16 documents).
    prolog = data[:65536]
    if b"<!DOCTYPE" in prolog and b"<!ENTITY" in prolog:
        raise _entities_refused()
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        message = str(error)
        # Old wxs.ign.fr servers declared UTF-8 but sent Latin-1 (fixture F8).
        if "UTF-8" in message or "encoding" in message.lower():
            try:
                root = etree.fromstring(data, _parser("iso-8859-1"))
            except etree.XMLSyntaxError:
                root = None
        else:
            root = None
        if root is None:
            if not data.lstrip().startswith(b"<"):
                raise CapabilitiesError("The server did not return an XML document.") from None
            raise CapabilitiesError(
                f"The capabilities document is malformed or incomplete: {_shorten(message)}"
            ) from None
    _check_doctype(root)
    if not isinstance(root.tag, str):
        raise CapabilitiesError("The server did not return an XML document.")
    if etree.QName(root).localname.lower() == "html":
        raise _html_error(data)
    exception = _exception_text(root)
    if exception is not None:
        raise CapabilitiesError(f"The server returned an error: {exception}")
    return root


# --- small helpers shared by the parsers ---------------------------------------------------

def text(element: Optional[etree._Element]) -> str:
    """Stripped text of an element, '' when absent."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def localname(tag: str) -> str:
    return tag.rpartition("}")[2]


def corners_bbox(lower: str, upper: str):
    """(west, south, east, north) from OWS 'lon lat' corner strings, or None."""
    low = lower.split()
    up = upper.split()
    try:
        return (float(low[0]), float(low[1]), float(up[0]), float(up[1]))
    except (ValueError, IndexError):
        return None


def endpoint(url: str) -> str:
    """A service URL without its query or fragment."""
    return (url or "").split("#", 1)[0].split("?", 1)[0]


def is_restricted(url: str) -> bool:
    return "/private/" in (url or "") or (url or "").rstrip("/").endswith("/private")


_LEGACY_HOST = re.compile(r"^[a-z]*:?//(?:[^/@]*@)?(?:[\w-]*wxs[\w-]*)\.ign\.fr(?:[:/]|$)",
                          re.IGNORECASE)


def is_legacy_url(url: str) -> bool:
    """True for the old Géoportail hosts (wxs.ign.fr, gpp3-wxs.ign.fr, wxs-pgie.ign.fr…)."""
    return bool(_LEGACY_HOST.match((url or "").strip()))
