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
from typing import Optional, Tuple

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
# How far into a body the HTML sniffing looks: a window, so its cost is bounded whatever the
# document (the sniffing is a shortcut; parsing still refuses what it misses).
_SNIFF_WINDOW = 2048
_TITLE_WINDOW = 4096
_BLANK_BYTES = b" \t\r\n"
_HTML_NAME = re.compile(rb"(?:!doctype[ \t\r\n]+html|html)(?![A-Za-z0-9_:.-])", re.IGNORECASE)
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


def skip_prolog(data: bytes, start: int = 0) -> Tuple[int, int]:
    """(index of the first markup that is not the BOM, the XML declaration or a comment, or -1;
    bytes examined). No regex: every ``find`` starts where the previous one stopped, so a body
    is read at most once (an old backtracking pattern froze QGIS on comment runs)."""
    n = len(data)
    i = start + 3 if data.startswith(b"\xef\xbb\xbf", start) else start
    examined = i - start
    first = True
    while True:
        j = i
        while j < n and data[j] in _BLANK_BYTES:
            j += 1
        examined += j - i
        i = j
        if first and data.startswith(b"<?xml", i):
            end = data.find(b">", i)
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i + 4)
            end = end + 2 if end != -1 else -1
        else:
            return (i if i < n else -1), examined
        first = False
        if end == -1:  # unterminated: nothing more to see
            return -1, examined + n - i
        examined += end + 1 - i
        i = end + 1


def _looks_like_html(data: bytes) -> bool:
    window = data[:_SNIFF_WINDOW]
    i, _ = skip_prolog(window)
    return i != -1 and window.startswith(b"<", i) and bool(_HTML_NAME.match(window, i + 1))


def _html_title(data: bytes) -> str:
    """The page's <title>, read with plain searches in the first few KB."""
    window = data[:_TITLE_WINDOW]
    lower = window.lower()
    start = lower.find(b"<title")
    while start != -1 and lower[start + 6:start + 7] not in (b">", b" ", b"\t", b"\r", b"\n", b"/"):
        start = lower.find(b"<title", start + 6)
    if start == -1:
        return ""
    open_end = lower.find(b">", start)
    close = lower.find(b"</title>", open_end + 1) if open_end != -1 else -1
    if close == -1:
        return ""
    return _shorten(window[open_end + 1:close].decode("utf-8", "replace"))


def _html_error(data: bytes) -> CapabilitiesError:
    title = _html_title(data)
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
    if _looks_like_html(data):
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


_SCHEME = re.compile(r"[a-z]*:?//", re.IGNORECASE)
_HOST_LABEL = re.compile(r"[\w-]*\Z")


def is_legacy_url(url: str) -> bool:
    """True for the old Géoportail hosts (wxs.ign.fr, gpp3-wxs.ign.fr, wxs-pgie.ign.fr…).

    The host is cut out with plain searches and then looked at once: a pattern doing both
    backtracked over long host-like strings (cost growing with the square of their length)."""
    url = (url or "").strip()
    scheme = _SCHEME.match(url)
    if scheme is None:
        return False
    start = scheme.end()
    end = url.find("/", start)
    authority = url[start:] if end == -1 else url[start:end]
    at = authority.find("@")
    if at != -1:  # user info: the host follows the first '@'
        authority = authority[at + 1:]
    host = authority.partition(":")[0]
    host = host.lower().rstrip(".")
    if not host.endswith(".ign.fr"):
        return False
    label = host[:-len(".ign.fr")]
    return "wxs" in label and bool(_HOST_LABEL.match(label))
