"""The download service's feeds (Atom, or JSON on request) -> entries and pages. Pure module.

Three levels share one shape: the capabilities list resources (BD TOPO®, ADMIN EXPRESS…), a
resource lists its sub-resources (one edition of one format, CRS and zone each), a sub-resource
lists its files. An entry whose link is ``application/atom+xml`` is a sub-feed; otherwise the
link is a file, with its size (``gpf_dl:length``, some feeds write a plain ``length``) and its
MD5 in ``content``. Paging is read back from the feed (``gpf_dl:page``, ``pagesize``,
``pagecount``, ``totalentries``, as attributes of ``<feed>`` or, tolerated, as elements): the
server may not honour the page size asked.

XML goes through the capabilities' safe parser (no entities, no DTD, no network); anything
unreadable raises FeedError with a message meant for the user. Request URLs are built here
too, below the base URL that core/platform/endpoints.py decides.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import quote

from ..platform import endpoints
from ..capabilities.model import CapabilitiesError
from ..capabilities.xml import localname, parse_xml, text

ATOM = "http://www.w3.org/2005/Atom"
GPF_DL = "https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd"
ATOM_TYPE = "application/atom+xml"
DEFAULT_LIMIT = 10
MAX_LIMIT = 50  # the service's own maximum
PAGING_FIELDS = ("page", "pagesize", "pagecount", "totalentries")

_VOLUME = re.compile(r"^(?P<base>.+)\.(?P<number>\d{3})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPSG = re.compile(r"(?:EPSG(?:/\d+(?:\.\d+)*)?[/:]+)(\d+)$", re.IGNORECASE)
_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")


class FeedError(Exception):
    """A feed that cannot be read; the message says why, for the user."""


@dataclass(frozen=True)
class Term:
    """A coded value and its label (``gpf_dl:zone term="D075" label="D075 Paris"``)."""

    term: str
    label: str = ""


@dataclass
class FeedEntry:
    title: str
    id: str = ""
    updated: str = ""
    summary: str = ""
    rights: str = ""  # the licence, when the feed states one
    zones: Tuple[Term, ...] = ()
    formats: Tuple[Term, ...] = ()
    crs: Tuple[Term, ...] = ()  # category terms, CRS URIs as the feed writes them
    edition_date: str = ""
    href: str = ""
    link_type: str = ""
    rel: str = ""
    size: Optional[int] = None
    md5: str = ""

    @property
    def is_sub_feed(self) -> bool:
        return self.link_type.split(";")[0].strip().lower() == ATOM_TYPE

    @property
    def is_file(self) -> bool:
        return bool(self.href) and not self.is_sub_feed

    @property
    def name(self) -> str:
        """The last path segment of the link (resource, sub-resource or file name)."""
        path = self.href.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        return path.rpartition("/")[2] or self.title

    @property
    def is_md5_file(self) -> bool:
        return self.is_file and self.name.lower().endswith(".md5")

    @property
    def volume(self) -> Optional[Tuple[str, int]]:
        """(archive name, volume number) of one volume of a split archive (``x.7z.002``)."""
        match = _VOLUME.match(self.name)
        if not self.is_file or not match:
            return None
        return match.group("base"), int(match.group("number"))

    @property
    def epsg_codes(self) -> Tuple[str, ...]:
        """The entry's CRSs as ``EPSG:nnnn`` where the term says so."""
        return tuple(code for code in (crs_authid(t.term) for t in self.crs) if code)

    def key(self) -> str:
        """What identifies the entry across pages."""
        return self.id or self.href or self.title


@dataclass
class Page:
    entries: List[FeedEntry]
    page: int = 1
    page_size: Optional[int] = None
    page_count: Optional[int] = None
    total_entries: Optional[int] = None
    title: str = ""
    id: str = ""
    updated: str = ""
    rights: str = ""


@dataclass
class FileGroup:
    """What a user downloads as one thing: a file, or every volume of a split archive,
    with the ``.md5`` file that checks it when the folder has one."""

    name: str
    parts: List[FeedEntry]
    md5_file: Optional[FeedEntry] = None

    @property
    def size(self) -> Optional[int]:
        sizes = [p.size for p in self.parts]
        return None if any(s is None for s in sizes) else sum(sizes)

    @property
    def is_split(self) -> bool:
        return len(self.parts) > 1 or self.parts[0].volume is not None


# --- reading -----------------------------------------------------------------------------

def parse_feed(data: bytes) -> Page:
    """One page of a capabilities, resource or sub-resource feed, Atom or JSON."""
    head = (data or b"").lstrip()
    if head.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark
        head = head[3:].lstrip()
    if head[:1] in (b"{", b"["):
        return _parse_json(data)
    try:
        root = parse_xml(data)
    except CapabilitiesError as err:
        raise FeedError(_feed_message(str(err))) from None
    if localname(root.tag) != "feed" or _namespace(root.tag) not in ("", ATOM):
        raise FeedError(f"The server did not return a download feed (root element "
                        f"<{localname(root.tag)}>).")
    return _parse_atom(root)


def _feed_message(message: str) -> str:
    # The shared parser speaks of capabilities documents; here it is a download feed.
    return message.replace("a capabilities document", "a download feed").replace(
        "The capabilities document", "The download feed")


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _children(element, name: str):
    return [c for c in element if isinstance(c.tag, str) and localname(c.tag) == name]


def _child_text(element, name: str) -> str:
    found = _children(element, name)
    return text(found[0]) if found else ""


def _attribute(element, name: str) -> str:
    """An attribute in the gpf_dl namespace, any namespace, or none (tolerated variants)."""
    for key in (f"{{{GPF_DL}}}{name}", name):
        value = element.get(key)
        if value is not None:
            return value.strip()
    for key, value in element.attrib.items():
        if localname(key) == name:
            return value.strip()
    return ""


def _integer(value) -> Optional[int]:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _parse_atom(root) -> Page:
    paging = {}
    for name in PAGING_FIELDS:
        value = _attribute(root, name) or _child_text(root, name)
        paging[name] = _integer(value)
    entries = [_atom_entry(e) for e in _children(root, "entry")]
    return Page(entries=entries, page=paging["page"] or 1, page_size=paging["pagesize"],
                page_count=paging["pagecount"], total_entries=paging["totalentries"],
                title=_child_text(root, "title"), id=_child_text(root, "id"),
                updated=_child_text(root, "updated"), rights=_child_text(root, "rights"))


def _terms(element, name: str) -> Tuple[Term, ...]:
    terms = []
    for child in _children(element, name):
        term = (child.get("term") or text(child)).strip()
        if term:
            terms.append(Term(term, (child.get("label") or "").strip()))
    return tuple(terms)


def _pick_link(links):
    """The entry's main link: a sub-feed, else a file (``section`` volumes, ``enclosure``,
    ``alternate``), never ``self`` or ``describedby``-style companions when others exist."""
    if not links:
        return None

    def rank(link):
        rel = (link.get("rel") or "alternate").lower()
        kind = (link.get("type") or "").lower()
        if kind.startswith(ATOM_TYPE) and rel != "self":
            return 0
        return {"section": 1, "enclosure": 1, "alternate": 2}.get(rel, 3 if rel != "self" else 4)
    return min(links, key=rank)


def _atom_entry(element) -> FeedEntry:
    links = [link for link in _children(element, "link") if link.get("href")]
    link = _pick_link(links)
    md5 = _child_text(element, "content")
    entry = FeedEntry(
        title=_child_text(element, "title"), id=_child_text(element, "id"),
        updated=_child_text(element, "updated"), summary=_child_text(element, "summary"),
        rights=_child_text(element, "rights"),
        zones=_terms(element, "zone"), formats=_terms(element, "format"),
        crs=_terms(element, "category"), edition_date=_child_text(element, "editionDate"),
        md5=md5.lower() if _MD5.match(md5) else "")
    if link is not None:
        entry.href = link.get("href").strip()
        entry.link_type = (link.get("type") or "").strip()
        entry.rel = (link.get("rel") or "").strip()
        entry.size = _integer(_attribute(link, "length"))
    if entry.size is None:
        entry.size = _integer(_child_text(element, "length"))
    return _completed(entry)


def _completed(entry: FeedEntry) -> FeedEntry:
    """Fill what a sub-resource's own name says when the feed left it out."""
    if not entry.title:
        entry.title = entry.name
    if entry.is_sub_feed and not (entry.zones and entry.formats and entry.edition_date):
        parts = parse_sub_resource_name(entry.name or entry.title)
        if parts:
            entry.zones = entry.zones or (Term(parts["zone"]),)
            entry.formats = entry.formats or (Term(parts["format"]),)
            entry.edition_date = entry.edition_date or parts["edition_date"]
    return entry


# --- JSON (Accept: application/json) -----------------------------------------------------

def _plain_keys(value):
    """The same structure with ``gpf_dl:`` prefixes dropped and keys lower-cased."""
    if isinstance(value, dict):
        return {str(k).rpartition(":")[2].lower(): _plain_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_keys(v) for v in value]
    return value


def _listed(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _json_text(value) -> str:
    if isinstance(value, dict):  # {"value": …}, {"#text": …}, {"fr": …}
        for key in ("value", "#text", "text", "fre", "fr"):
            if key in value:
                return _json_text(value[key])
        return ""
    return "" if value is None else str(value).strip()


def _json_terms(value) -> Tuple[Term, ...]:
    terms = []
    for item in _listed(value):
        if isinstance(item, dict):
            term = _json_text(item.get("term") or item.get("code") or item.get("value"))
            label = _json_text(item.get("label"))
        else:
            term, label = _json_text(item), ""
        if term:
            terms.append(Term(term, label))
    return tuple(terms)


def _parse_json(data: bytes) -> Page:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise FeedError(f"The download feed is malformed or incomplete: {err}") from None
    document = _plain_keys(document)
    if isinstance(document, list):
        document = {"entry": document}
    if not isinstance(document, dict):
        raise FeedError("The server did not return a download feed.")
    if "error" in document and not any(k in document for k in ("entry", "entries")):
        error = document["error"]
        message = _json_text(error.get("message")) if isinstance(error, dict) else _json_text(error)
        raise FeedError(f"The server returned an error: {message or 'no details given'}")
    feed = document.get("feed") if isinstance(document.get("feed"), dict) else document
    raw_entries = feed.get("entry", feed.get("entries", feed.get("items", [])))
    entries = [_json_entry(e) for e in _listed(raw_entries) if isinstance(e, dict)]
    paging = {name: _integer(feed.get(name)) for name in PAGING_FIELDS}
    return Page(entries=entries, page=paging["page"] or 1, page_size=paging["pagesize"],
                page_count=paging["pagecount"], total_entries=paging["totalentries"],
                title=_json_text(feed.get("title")), id=_json_text(feed.get("id")),
                updated=_json_text(feed.get("updated")), rights=_json_text(feed.get("rights")))


def _json_entry(item: Dict[str, Any]) -> FeedEntry:
    links = [link if isinstance(link, dict) else {"href": link}
             for link in _listed(item.get("link", item.get("links")))]
    links = [link for link in links if link.get("href")]
    link = _pick_link(links)
    md5 = _json_text(item.get("content"))
    entry = FeedEntry(
        title=_json_text(item.get("title")), id=_json_text(item.get("id")),
        updated=_json_text(item.get("updated")), summary=_json_text(item.get("summary")),
        rights=_json_text(item.get("rights")),
        zones=_json_terms(item.get("zone", item.get("zones"))),
        formats=_json_terms(item.get("format", item.get("formats"))),
        crs=_json_terms(item.get("category", item.get("categories", item.get("crs")))),
        edition_date=_json_text(item.get("editiondate")),
        md5=md5.lower() if _MD5.match(md5) else "")
    if link is not None:
        entry.href = _json_text(link.get("href"))
        entry.link_type = _json_text(link.get("type"))
        entry.rel = _json_text(link.get("rel"))
        entry.size = _integer(link.get("length"))
    if entry.size is None:
        entry.size = _integer(item.get("length"))
    return _completed(entry)


# --- what entries mean --------------------------------------------------------------------

def crs_authid(term: str) -> str:
    """``EPSG:2154`` from the feeds' ``https://www.opengis.net/def/crs/EPSG/0/2154`` (and the
    ``EPSG:2154``, URN and bare-number forms); '' when the term is no EPSG code."""
    term = (term or "").strip()
    if term.isdigit():
        return f"EPSG:{term}"
    match = _EPSG.search(term.replace("::", ":"))
    return f"EPSG:{match.group(1)}" if match else ""


def parse_sub_resource_name(name: str) -> Optional[Dict[str, str]]:
    """The parts of ``{RESOURCE}_{version}__{FORMAT}_{CRS}_{ZONE}_{YYYY-MM-DD}`` (read from
    the right, as the product part may hold underscores), or None."""
    tokens = (name or "").split("_")
    if len(tokens) < 5 or not _DATE.match(tokens[-1]):
        return None
    zone, crs, fmt = tokens[-2], tokens[-3], tokens[-4]
    if not (zone and crs and fmt):
        return None
    return {"resource": tokens[0], "format": fmt, "crs": crs, "zone": zone,
            "edition_date": tokens[-1]}


def group_files(entries: Iterable[FeedEntry]) -> List[FileGroup]:
    """The files of a sub-resource as the user sees them: split volumes in one group (in
    volume order), each with its ``.md5`` file; ``.md5`` files of nothing listed stay alone."""
    files = [e for e in entries if e.is_file]
    md5_files = {e.name[:-4].lower(): e for e in files if e.is_md5_file}
    groups: Dict[str, FileGroup] = {}
    for entry in files:
        if entry.is_md5_file:
            continue
        volume = entry.volume
        name = volume[0] if volume else entry.name
        group = groups.setdefault(name, FileGroup(name, []))
        group.parts.append(entry)
    for group in groups.values():
        group.parts.sort(key=lambda e: e.volume[1] if e.volume else 0)
        stem = group.name.lower()
        group.md5_file = md5_files.pop(stem, None) or md5_files.pop(stem.rpartition(".")[0], None)
    return list(groups.values()) + [FileGroup(e.name, [e]) for e in md5_files.values()]


# --- paging ---------------------------------------------------------------------------------

class PageWalker:
    """Which page to ask next, so that every entry is listed once.

    The server may answer a smaller page than asked: from then on the walker asks for the
    size it was given, at the page number where the entries it has not seen start; overlaps
    are dropped by entry key. It stops at the last page the feed announces, at the announced
    total, on an empty page, or on a page that brings nothing new (a server looping on the
    same page cannot keep it busy).
    """

    def __init__(self, limit: int = MAX_LIMIT):
        self.limit = clamp_limit(limit)
        self.next_page: Optional[int] = 1
        self.offset = 0  # entries before the next page, in the server's ordering
        self.seen: set = set()
        self.page_count: Optional[int] = None
        self.total_entries: Optional[int] = None
        self.pages_read = 0

    @property
    def done(self) -> bool:
        return self.next_page is None

    def request(self) -> Optional[Tuple[int, int]]:
        """(page, limit) to ask next, or None when everything is listed."""
        return None if self.next_page is None else (self.next_page, self.limit)

    def accept(self, page: Page, asked_page: Optional[int] = None) -> List[FeedEntry]:
        """Record an answer; returns its entries not listed before."""
        self.pages_read += 1
        fresh = []
        for entry in page.entries:
            key = entry.key()
            if key not in self.seen:
                self.seen.add(key)
                fresh.append(entry)
        number = page.page or asked_page or self.next_page or 1
        asked = self.limit
        size = page.page_size
        if (size is None and page.entries and len(page.entries) < asked
                and page.page_count is not None and number < page.page_count):
            size = len(page.entries)  # a short page that is not the last: the server's size
        if size:
            self.limit = clamp_limit(size)  # number pages as the server does from now on
        if page.page_count is not None:
            self.page_count = page.page_count
        if page.total_entries is not None:
            self.total_entries = page.total_entries
        self.offset = max(self.offset, (number - 1) * (size or asked) + len(page.entries))
        finished = (not page.entries or not fresh
                    or (self.total_entries is not None and len(self.seen) >= self.total_entries)
                    or (page.page_count is not None and number >= page.page_count)
                    or (page.page_count is None and page.total_entries is None
                        and len(page.entries) < (size or asked)))
        self.next_page = None if finished else self.offset // self.limit + 1
        return fresh


def clamp_limit(limit: int) -> int:
    try:
        return max(1, min(MAX_LIMIT, int(limit)))
    except (TypeError, ValueError):
        return DEFAULT_LIMIT


# --- request URLs ------------------------------------------------------------------------------

@dataclass
class Filters:
    """The filters the service takes (telechargement.md): codes as the service spells them."""

    zone: str = ""  # FRA, FXX, D075, R11…
    format: str = ""  # SHP, GPKG…
    crs: str = ""  # EPSG:2154 (sent as the service's "au format epsg")
    edition_date_from: str = ""  # YYYY-MM-DD
    edition_date_to: str = ""
    updated_from: str = ""
    updated_to: str = ""
    polygon: Sequence[Tuple[float, float]] = field(default_factory=tuple)  # EPSG:4326 x,y
    thematic: str = ""
    lang: str = ""  # fre, eng
    sort_by: str = ""  # title, editionDate
    sort_order: str = ""  # asc, desc

    def query(self) -> List[Tuple[str, str]]:
        """The filter parameters, in the service's names; raises ValueError on a bad date."""
        pairs = [("zone", self.zone.strip().upper()), ("format", self.format.strip()),
                 ("crs", normalised_crs(self.crs))]
        for name, value in (("editionDateFrom", self.edition_date_from),
                            ("editionDateTo", self.edition_date_to),
                            ("updatedFrom", self.updated_from), ("updatedTo", self.updated_to)):
            pairs.append((name, _checked_date(value)))
        pairs += [("polygon", polygon_parameter(self.polygon)), ("thematic", self.thematic.strip()),
                  ("lang", self.lang.strip()), ("sortEntriesBy", self.sort_by.strip()),
                  ("sortEntriesOrder", self.sort_order.strip())]
        return [(k, v) for k, v in pairs if v]

    def is_empty(self) -> bool:
        return not self.query()


def _checked_date(value: str) -> str:
    value = (value or "").strip()
    if value:
        date.fromisoformat(value)  # ValueError: not YYYY-MM-DD
        if not _DATE.match(value):
            raise ValueError(f"not a YYYY-MM-DD date: {value}")
    return value


def normalised_crs(crs: str) -> str:
    crs = (crs or "").strip()
    return crs_authid(crs) or crs


def polygon_parameter(points: Sequence[Tuple[float, float]]) -> str:
    """``x1,y1;x2,y2;…`` in EPSG:4326 (longitude, latitude), the ring closed."""
    ring = [(float(x), float(y)) for x, y in points or ()]
    if not ring:
        return ""
    if len(ring) < 3:
        raise ValueError("a polygon needs at least three points")
    for x, y in ring:
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            raise ValueError(f"not a longitude, latitude pair: {x}, {y}")
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ";".join(f"{_number(x)},{_number(y)}" for x, y in ring)


def bbox_polygon(west: float, south: float, east: float, north: float) -> List[Tuple[float, float]]:
    """The closed ring of a longitude/latitude box, clipped to the world."""
    west, east = max(-180.0, min(west, east)), min(180.0, max(west, east))
    south, north = max(-90.0, min(south, north)), min(90.0, max(south, north))
    return [(west, south), (east, south), (east, north), (west, north), (west, south)]


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _path_segment(name: str) -> str:
    if not name or name in (".", "..") or "/" in name:
        raise ValueError(f"not a resource name: {name!r}")
    return quote(name, safe="-_.~")


def _with_query(url: str, filters: Optional[Filters], page: int, limit: int) -> str:
    pairs = list(filters.query() if filters else [])
    pairs += [("page", str(max(1, int(page)))), ("limit", str(clamp_limit(limit)))]
    return url + "?" + "&".join(f"{k}={quote(v, safe=',;:-._~')}" for k, v in pairs)


def capabilities_url(filters: Optional[Filters] = None, page: int = 1, limit: int = MAX_LIMIT,
                     restricted: bool = False, base: Optional[str] = None) -> str:
    """GetCapabilities: the resources, filtered."""
    return _with_query(endpoints.download_url(restricted, base) + "/capabilities", filters, page, limit)


def resource_url(resource: str, sub_resource: str = "", filters: Optional[Filters] = None,
                 page: int = 1, limit: int = MAX_LIMIT, restricted: bool = False,
                 base: Optional[str] = None) -> str:
    """GetResource (a resource's sub-resources) or GetSubResource (the files of one)."""
    url = endpoints.download_url(restricted, base) + "/resource/" + _path_segment(resource)
    if sub_resource:
        url += "/" + _path_segment(sub_resource)
        filters = None  # a sub-resource takes only paging
    return _with_query(url, filters, page, limit)


def paged_url(url: str, page: int, limit: int) -> str:
    """A feed's URL (a sub-feed link, say) with its page and limit set."""
    head, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and p.split("=", 1)[0].lower() not in ("page", "limit")]
    kept += [f"page={max(1, int(page))}", f"limit={clamp_limit(limit)}"]
    return head + "?" + "&".join(kept)
