"""The loopback's download service: Atom (or JSON) feeds and files, as IGN documents them.

No real feed was found saved anywhere, so the feeds follow the structure of IGN's
documentation (telechargement.md) and of the issue: ``<feed>`` with ``gpf_dl:page``,
``pagesize``, ``pagecount``, ``totalentries``; entries with ``gpf_dl:zone``, ``gpf_dl:format``,
``gpf_dl:editionDate``, a CRS ``category``; sub-feeds linked as ``application/atom+xml``;
files with their MD5 in ``content`` and ``gpf_dl:length`` on the link (one resource writes a
plain ``length``, a documented variant); split archives (``.7z.001``…, ``rel="section"``) and
``.md5`` files. Filters (zone, format, crs, editionDateFrom/To, polygon) and paging (page,
limit <= 50, default 10) behave as documented; ``state.download_page_cap`` makes the server
answer smaller pages than asked. Files are served with deterministic bytes so their MD5 holds.

Part 2 (downloads): some files are real archives from tests/data/download (BD TOPO® Paris is a
.7z, Bouches-du-Rhône a .zip, Yvelines the .7z cut in three volumes, each holding the same tiny
GeoPackage); downloads honour ``Range: bytes=N-`` (206); ``state.corrupt_files`` serves a
file with one byte changed (its feed MD5 then fails); ``state.big_files`` serves large files
generated as they are sent (the benchmark's 200 MB) under ``/telechargement/download/BENCH/``;
public FlatGeoBuf editions have a streamable ``.fgb`` copy under ``/chunk/telechargement/``.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple
from xml.sax.saxutils import escape, quoteattr

GPF_DL = "https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd"
CRS_URI = "https://www.opengis.net/def/crs/EPSG/0/{0}"
OPEN_LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
SCAN_LICENCE = ("Données SCAN à accès restreint : consultation permise aux particuliers, "
                "téléchargement réservé aux ayants droit")
UPDATED = "2026-06-15T08:00:00+02:00"

# Zones: label and longitude/latitude box (for the polygon filter).
ZONES = {
    "FRA": ("FRA France entière", (-61.9, -21.4, 55.9, 51.1)),
    "FXX": ("FXX France métropolitaine", (-5.2, 41.3, 9.6, 51.1)),
    "GLP": ("GLP Guadeloupe", (-61.9, 15.8, -61.0, 16.5)),
    "MTQ": ("MTQ Martinique", (-61.3, 14.4, -60.8, 14.9)),
    "R11": ("R11 Île-de-France", (1.44, 48.12, 3.56, 49.24)),
    "R93": ("R93 Provence-Alpes-Côte d'Azur", (4.23, 42.98, 7.72, 45.13)),
    "D013": ("D013 Bouches-du-Rhône", (4.23, 43.15, 5.82, 43.93)),
    "D034": ("D034 Hérault", (2.53, 43.21, 4.2, 43.97)),
    "D075": ("D075 Paris", (2.22, 48.81, 2.47, 48.91)),
    "D078": ("D078 Yvelines", (1.44, 48.44, 2.23, 49.09)),
}
FORMATS = {
    "SHP": "SHP (Shapefile)", "GPKG": "GPKG (GeoPackage)", "GeoParquet": "GeoParquet",
    "FlatGeoBuf": "FlatGeoBuf", "JP2-E080": "JP2-E080 (JPEG 2000)", "TIFF": "TIFF (GeoTIFF)",
    "ASC": "ASC (ASCII Grid)",
}
CRS_NAMES = {"LAMB93": 2154, "WGS84G": 4326, "RGAF09UTM20": 5490}
ARCHIVES = Path(__file__).resolve().parents[1] / "data" / "download"
TINY_7Z = (ARCHIVES / "tiny.7z").read_bytes()
TINY_ZIP = (ARCHIVES / "tiny.zip").read_bytes()
TINY_FGB = (ARCHIVES / "tiny.fgb").read_bytes()


@dataclass
class File:
    name: str
    size: int
    rel: str = "alternate"
    plain_length: bool = False  # writes length= instead of gpf_dl:length=
    body: Optional[bytes] = None  # real bytes (an archive); else deterministic filler

    def content(self) -> bytes:
        if self.body is not None:
            return self.body
        seed = hashlib.sha256(self.name.encode()).digest()
        return (seed * (self.size // len(seed) + 1))[: self.size]

    @property
    def md5(self) -> str:
        return hashlib.md5(self.content()).hexdigest()


@dataclass
class Edition:
    resource: str
    name: str
    fmt: str
    crs: str
    zone: str
    date: str
    files: List[File]


@dataclass
class Resource:
    name: str
    title: str
    summary: str
    licence: str
    editions: List[Edition]
    restricted: bool = False


def _volumes(data: bytes, count: int) -> List[bytes]:
    step = math.ceil(len(data) / count)
    return [data[i * step:(i + 1) * step] for i in range(count)]


def _edition(resource: str, version: str, fmt: str, crs: str, zone: str, date: str,
             split: int = 0, plain_length: bool = False, double: bool = True,
             archive: Optional[bytes] = None, suffix: str = ".7z") -> Edition:
    name = f"{resource}_{version}{'__' if double else '_'}{fmt}_{crs}_{zone}_{date}"
    if split and archive is not None:
        files = [File(f"{name}{suffix}.{n:03d}", len(part), "section", body=part)
                 for n, part in enumerate(_volumes(archive, split), 1)]
    elif split:
        files = [File(f"{name}.7z.{n:03d}", 4096 + 512 * n, "section") for n in range(1, split + 1)]
    elif archive is not None:
        files = [File(f"{name}{suffix}", len(archive), body=archive, plain_length=plain_length)]
    else:
        files = [File(f"{name}.7z", 3000 + len(name) * 17, plain_length=plain_length)]
    # The folder's .md5 file lists the checksum of the archive (or of every volume).
    lines = "".join(f"{f.md5}  {f.name}\n" for f in files).encode()
    files.append(_Md5File(f"{name}.md5", len(lines), body=lines))
    return Edition(resource, name, fmt, crs, zone, date, files)


class _Md5File(File):
    def __init__(self, name: str, size: int, body: bytes):
        super().__init__(name, size, body=body)


# BD TOPO®'s real archives: Paris a .7z, Yvelines the same cut in volumes, Bouches-du-Rhône a .zip.
BDTOPO_ARCHIVES = {"D075": (TINY_7Z, 0, ".7z"), "D078": (TINY_7Z, 3, ".7z"),
                   "D013": (TINY_ZIP, 0, ".zip")}


def _catalogue() -> Tuple[List[Resource], List[Resource]]:
    """(public resources, restricted resources)."""
    admin = [_edition("ADMIN-EXPRESS", "3-2", fmt, crs, zone, date)
             for date in ("2025-01-15", "2026-02-16")
             for fmt, crs, zone in (("SHP", "LAMB93", "FXX"), ("GPKG", "LAMB93", "FXX"),
                                    ("SHP", "RGAF09UTM20", "GLP"), ("SHP", "WGS84G", "FRA"))]
    bdtopo = []
    for zone in ("D075", "D078", "D013", "D034", "R11"):
        archive, split, suffix = BDTOPO_ARCHIVES.get(zone, (None, 0, ".7z"))
        bdtopo.append(_edition("BDTOPO", "3-5", "GPKG", "LAMB93", zone, "2026-06-15", split=split,
                               double=False, archive=archive, suffix=suffix))
    public = [
        Resource("ADMIN-EXPRESS", "ADMIN EXPRESS", "Découpage administratif du territoire",
                 OPEN_LICENCE, admin),
        Resource("BDTOPO", "BD TOPO®", "Description vectorielle 3D du territoire", OPEN_LICENCE,
                 bdtopo),
        Resource("BDORTHO", "BD ORTHO®", "Orthophotographies", OPEN_LICENCE,
                 [_edition("BDORTHO", "2-0", "JP2-E080", "LAMB93", zone, "2024-01-01", plain_length=True)
                  for zone in ("D075", "D013")]),
        Resource("RGEALTI", "RGE ALTI®", "Modèle numérique de terrain", OPEN_LICENCE,
                 [_edition("RGEALTI", "2-0", "ASC", "LAMB93", "D034", "2023-06-01")]),
    ]
    # More products, enough for several capabilities pages.
    for index in range(19):
        name = f"PRODUIT-{index + 1:02d}"
        zone = ("FXX", "D075", "D013", "MTQ")[index % 4]
        fmt = ("SHP", "GPKG", "GeoParquet", "FlatGeoBuf")[index % 4]
        crs = "RGAF09UTM20" if zone == "MTQ" else "LAMB93"
        public.append(Resource(name, f"Produit d'essai {index + 1:02d}", "Produit du loopback",
                               OPEN_LICENCE,
                               [_edition(name, "1-0", fmt, crs, zone, f"20{20 + index % 6}-03-01")]))
    restricted = [
        Resource("SCAN25", "SCAN 25®", "Carte topographique au 1:25 000", SCAN_LICENCE,
                 [_edition("SCAN25", "1-0", "TIFF", "LAMB93", zone, "2025-10-01")
                  for zone in ("D075", "D078")], restricted=True),
        Resource("SCAN100", "SCAN 100®", "Carte au 1:100 000", SCAN_LICENCE,
                 [_edition("SCAN100", "2-0", "TIFF", "LAMB93", "FXX", "2025-04-01")], restricted=True),
    ]
    return public, restricted


PUBLIC, RESTRICTED = _catalogue()


# --- filters and paging ------------------------------------------------------------------------

def _crs_code(value: str) -> Optional[int]:
    tail = value.strip().rstrip("/").replace("::", ":").split("/")[-1].split(":")[-1]
    return int(tail) if tail.isdigit() else None


def _polygon_box(value: str) -> Tuple[float, float, float, float]:
    points = [tuple(float(n) for n in pair.split(",")) for pair in value.split(";") if pair]
    if len(points) < 3 or any(len(p) != 2 for p in points):
        raise ValueError("polygon: x1,y1;x2,y2;… expected")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _matches(edition: Edition, query: Dict[str, str]) -> bool:
    if query.get("ZONE") and edition.zone != query["ZONE"].upper():
        return False
    if query.get("FORMAT") and edition.fmt.lower() != query["FORMAT"].lower():
        return False
    if query.get("CRS") and _crs_code(query["CRS"]) != CRS_NAMES[edition.crs]:
        return False
    if query.get("EDITIONDATEFROM") and edition.date < query["EDITIONDATEFROM"]:
        return False
    if query.get("EDITIONDATETO") and edition.date > query["EDITIONDATETO"]:
        return False
    if query.get("POLYGON"):
        west, south, east, north = _polygon_box(query["POLYGON"])
        zw, zs, ze, zn = ZONES[edition.zone][1]
        if ze < west or zw > east or zn < south or zs > north:
            return False
    return True


def _paging(query: Dict[str, str], count: int, cap: Optional[int]) -> Tuple[int, int, int]:
    """(page, page size, page count) as the service answers them."""
    page = max(1, int(query.get("PAGE") or 1))
    size = max(1, min(50, int(query.get("LIMIT") or 10)))
    if cap:
        size = min(size, cap)
    return page, size, max(1, math.ceil(count / size))


# --- documents ----------------------------------------------------------------------------

@dataclass
class Item:
    """One feed entry, written as Atom or JSON."""

    title: str
    id: str
    href: str
    link_type: str
    summary: str = ""
    rights: str = ""
    zones: Tuple[str, ...] = ()
    formats: Tuple[str, ...] = ()
    crs: Tuple[int, ...] = ()
    edition_date: str = ""
    size: Optional[int] = None
    md5: str = ""
    rel: str = "alternate"
    plain_length: bool = False

    def atom(self) -> str:
        parts = [f"<entry><title>{escape(self.title)}</title><id>{escape(self.id)}</id>",
                 f"<updated>{UPDATED}</updated>"]
        length = ""
        if self.size is not None:
            length = f' {"length" if self.plain_length else "gpf_dl:length"}="{self.size}"'
        parts.append(f"<link href={quoteattr(self.href)} rel=\"{self.rel}\" "
                     f"type=\"{self.link_type}\"{length}/>")
        if self.summary:
            parts.append(f"<summary>{escape(self.summary)}</summary>")
        if self.rights:
            parts.append(f"<rights>{escape(self.rights)}</rights>")
        parts += [f"<gpf_dl:zone term=\"{z}\" label={quoteattr(ZONES[z][0])}/>" for z in self.zones]
        parts += [f"<gpf_dl:format term=\"{f}\" label={quoteattr(FORMATS[f])}/>" for f in self.formats]
        parts += [f"<category term=\"{CRS_URI.format(c)}\" label=\"EPSG:{c}\"/>" for c in self.crs]
        if self.edition_date:
            parts.append(f"<gpf_dl:editionDate>{self.edition_date}</gpf_dl:editionDate>")
        if self.md5:
            parts.append(f"<content type=\"text\">{self.md5}</content>")
        parts.append("</entry>")
        return "".join(parts)

    def json(self) -> dict:
        link = {"href": self.href, "rel": self.rel, "type": self.link_type}
        if self.size is not None:
            link["length" if self.plain_length else "gpf_dl:length"] = self.size
        item = {"title": self.title, "id": self.id, "updated": UPDATED, "link": [link],
                "gpf_dl:zone": [{"term": z, "label": ZONES[z][0]} for z in self.zones],
                "gpf_dl:format": [{"term": f, "label": FORMATS[f]} for f in self.formats],
                "category": [{"term": CRS_URI.format(c), "label": f"EPSG:{c}"} for c in self.crs]}
        for key, value in (("summary", self.summary), ("rights", self.rights),
                           ("gpf_dl:editionDate", self.edition_date), ("content", self.md5)):
            if value:
                item[key] = value
        return item


def _feed(items: List[Item], query, state, feed_url: str, title: str, as_json: bool,
          rights: str = "") -> Tuple[str, bytes]:
    page, size, count = _paging(query, len(items), getattr(state, "download_page_cap", None))
    shown = items[(page - 1) * size: page * size]
    paging = {"page": page, "pagesize": size, "pagecount": count, "totalentries": len(items)}
    if as_json:
        body = {f"gpf_dl:{k}": v for k, v in paging.items()}
        body.update({"id": feed_url, "title": title, "updated": UPDATED,
                     "entry": [i.json() for i in shown]})
        if rights:
            body["rights"] = rights
        return "application/json", json.dumps(body, ensure_ascii=False).encode()
    attributes = " ".join(f'gpf_dl:{k}="{v}"' for k, v in paging.items())
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gpf_dl="{GPF_DL}" xml:lang="fr" '
            f'{attributes}><id>{escape(feed_url)}</id><title>{escape(title)}</title>'
            f'<updated>{UPDATED}</updated>'
            f'<link href={quoteattr(feed_url)} rel="self" type="application/atom+xml"/>')
    if rights:
        head += f"<rights>{escape(rights)}</rights>"
    return "application/atom+xml", (head + "".join(i.atom() for i in shown) + "</feed>").encode()


def _root(state, private: bool) -> str:
    return state.base_url + ("/private" if private else "") + "/telechargement"


def _resource_item(resource: Resource, editions: List[Edition], root: str) -> Item:
    url = f"{root}/resource/{resource.name}"
    return Item(resource.title, url, url, "application/atom+xml", summary=resource.summary,
                rights=resource.licence,
                zones=tuple(dict.fromkeys(e.zone for e in editions)),
                formats=tuple(dict.fromkeys(e.fmt for e in editions)),
                crs=tuple(dict.fromkeys(CRS_NAMES[e.crs] for e in editions)))


def _edition_item(edition: Edition, root: str) -> Item:
    url = f"{root}/resource/{edition.resource}/{edition.name}"
    return Item(edition.name, url, url, "application/atom+xml", zones=(edition.zone,),
                formats=(edition.fmt,), crs=(CRS_NAMES[edition.crs],), edition_date=edition.date)


def _file_item(edition: Edition, file: File, root: str) -> Item:
    url = f"{root}/download/{edition.resource}/{edition.name}/{file.name}"
    kind = ("text/plain" if file.name.endswith(".md5") else "application/zip"
            if file.name.endswith(".zip") else "application/x-7z-compressed")
    return Item(file.name, url, url, kind, size=file.size, md5=file.md5, rel=file.rel,
                plain_length=file.plain_length)


def answer(state, service_path: str, query: Dict[str, str], private: bool,
           accept: str = "") -> Tuple[int, str, bytes]:
    """(status, content type, body) for a path below /telechargement."""
    resources = RESTRICTED if private else PUBLIC
    root = _root(state, private)
    as_json = "application/json" in (accept or "").lower()
    parts = [p for p in service_path.split("/") if p][1:]  # after "telechargement"
    try:
        if parts == ["capabilities"]:
            items = []
            for resource in resources:
                editions = [e for e in resource.editions if _matches(e, query)]
                if editions:
                    items.append(_resource_item(resource, editions, root))
            title = "Service de téléchargement de la Géoplateforme"
            return (200,) + _feed(items, query, state, f"{root}/capabilities", title, as_json)
        by_name = {r.name: r for r in resources}
        if len(parts) in (2, 3) and parts[0] == "resource" and parts[1] in by_name:
            resource = by_name[parts[1]]
            if len(parts) == 2:
                items = [_edition_item(e, root) for e in resource.editions if _matches(e, query)]
                return (200,) + _feed(items, query, state, f"{root}/resource/{resource.name}",
                                      resource.title, as_json, rights=resource.licence)
            edition = next((e for e in resource.editions if e.name == parts[2]), None)
            if edition is not None:
                items = [_file_item(edition, f, root) for f in edition.files]
                return (200,) + _feed(items, query, state, f"{root}/resource/{resource.name}/{edition.name}",
                                      edition.name, as_json, rights=resource.licence)
        if len(parts) == 4 and parts[0] == "download" and parts[1] == "BENCH":
            size = getattr(state, "big_files", {}).get(parts[3])
            if size is not None:
                return 200, "application/octet-stream", Generated(parts[3], size)
        if len(parts) == 4 and parts[0] == "download" and parts[1] in by_name:
            edition = next((e for e in by_name[parts[1]].editions if e.name == parts[2]), None)
            file = next((f for f in (edition.files if edition else []) if f.name == parts[3]), None)
            if file is not None:
                body = file.content()
                if file.name in getattr(state, "corrupt_files", ()):
                    body = body[:-1] + bytes([body[-1] ^ 0xFF])  # damaged on the way
                return 200, "application/octet-stream", body
    except ValueError as err:
        return 400, "application/json", json.dumps({"error": {"code": 400, "message": str(err)}}).encode()
    return 404, "application/json", json.dumps(
        {"error": {"code": 404, "message": "Ressource introuvable"}}).encode()


class Generated:
    """A large file made as it is sent (never whole in memory): deterministic blocks."""

    BLOCK = 1024 * 1024

    def __init__(self, name: str, size: int):
        self.name = name
        self.size = size
        seed = hashlib.sha256(name.encode()).digest()
        self._block = (seed * (self.BLOCK // len(seed) + 1))[: self.BLOCK]

    def __len__(self) -> int:
        return self.size

    def chunks(self, start: int = 0, end: Optional[int] = None) -> Iterator[bytes]:
        end = self.size if end is None else end
        position = start
        while position < end:
            offset = position % self.BLOCK
            piece = self._block[offset: offset + min(self.BLOCK - offset, end - position)]
            yield piece
            position += len(piece)

    @property
    def md5(self) -> str:
        digest = hashlib.md5()
        for piece in self.chunks():
            digest.update(piece)
        return digest.hexdigest()


def streamable(state, service_path: str) -> Optional[bytes]:
    """The FlatGeobuf copy under /chunk/telechargement/download/{resource}/{edition}/{file}.fgb
    of a public FlatGeoBuf edition (the tiny GeoPackage's features), or None."""
    parts = [p for p in service_path.split("/") if p]
    if len(parts) != 6 or parts[:3] != ["chunk", "telechargement", "download"]:
        return None
    resource = next((r for r in PUBLIC if r.name == parts[3]), None)
    edition = next((e for e in (resource.editions if resource else []) if e.name == parts[4]), None)
    if edition is None or edition.fmt != "FlatGeoBuf" or parts[5] != f"{edition.name}.fgb":
        return None
    return TINY_FGB


def malformed(state, service_path: str, query: Dict[str, str], private: bool) -> bytes:
    """The feed the path would give, cut in the middle (a truncated answer)."""
    _, _, body = answer(state, service_path, query, private)
    return body[: len(body) // 2]


# --- a download server that does not keep its word ------------------------------------------------

@dataclass
class Step:
    """How one answer misbehaves. ``kind``:

    - ``full``: 200 with its Content-Length (206 for a Range), as a server should;
    - ``over``: no Content-Length, the body then ``extra`` more bytes, then the connection closes
      (a close-delimited answer longer than the feed announced);
    - ``announce``: a Content-Length of ``length`` (more than the feed lists), then that many bytes;
    - ``short``: no Content-Length, half the body (or what ``Range`` asked), then the connection
      closes: to the client it looks complete;
    - ``short_length``: the real Content-Length, half of it sent, then the connection closes;
    - ``status``: ``status`` with ``headers`` (Retry-After…) and a small text body.
    """

    kind: str
    extra: int = 0
    length: int = 0
    status: int = 200
    headers: Optional[Dict[str, str]] = None


class UnrulyServer:
    """Real HTTP on 127.0.0.1 serving ``files`` ({name: bytes}) under ``/dl/<name>``, each
    request answered by the next of ``steps[name]`` (the last one repeats; ``full`` when none).
    Written with raw socket writes so that lengths can lie. Every request is logged as
    (name, Range header or '')."""

    def __init__(self, files: Dict[str, bytes], steps: Optional[Dict[str, List[Step]]] = None):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.files = files
        self.steps = {k: list(v) for k, v in (steps or {}).items()}
        self.requests: List[Tuple[str, str]] = []
        self._lock = threading.Lock()
        state = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                with state._lock:
                    state.requests.append((name, self.headers.get("Range", "")))
                    queue = state.steps.get(name) or [Step("full")]
                    step = queue.pop(0) if len(queue) > 1 else queue[0]
                body = state.files.get(name)
                if body is None:
                    step = Step("status", status=404)
                state._answer(self, step, body or b"")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def _answer(self, handler, step: Step, body: bytes):
        start = 0
        ranged = re.fullmatch(r"bytes=(\d+)-", handler.headers.get("Range", "").strip())
        if ranged and step.kind in ("full", "short", "short_length"):
            start = int(ranged.group(1))
        status = step.status if step.kind == "status" else (206 if start else 200)
        write = handler.wfile.write
        handler.close_connection = True
        lines = [f"HTTP/1.1 {status} {'OK' if status < 300 else 'Error'}",
                 "Content-Type: application/octet-stream", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in (step.headers or {}).items()]
        rest = body[start:]
        if step.kind == "status":
            rest = b"refused"
            lines.append(f"Content-Length: {len(rest)}")
        elif step.kind == "full":
            lines.append(f"Content-Length: {len(rest)}")
        elif step.kind == "announce":
            lines.append(f"Content-Length: {step.length}")
            rest = (rest * (step.length // max(1, len(rest)) + 1))[: step.length]
        elif step.kind == "short_length":
            lines.append(f"Content-Length: {len(rest)}")
            rest = rest[: len(rest) // 2]
        elif step.kind == "short":
            rest = rest[: len(rest) // 2]
        if start:
            lines.append(f"Content-Range: bytes {start}-{len(body) - 1}/{len(body)}")
        try:
            write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            write(rest)
            if step.kind == "over":
                filler = b"\0" * 65536
                left = step.extra
                while left > 0:
                    write(filler[:left])
                    left -= len(filler)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: expected
            pass

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/dl/{name}"

    def __enter__(self) -> "UnrulyServer":
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()
