"""A loopback Géoplateforme: real HTTP on 127.0.0.1 that QGIS's own providers talk to.

It serves the real capabilities fixtures (their data.geopf.fr URLs pointed at itself),
real PNG/JPEG tiles, WMS 1.3.0 GetMap images, WFS 2.0.0 answers, TMS documents and vector
tiles, and ``/private/*`` twins that demand Basic credentials or an ``apikey``. Every request
is logged (path, query, headers) so tests assert what QGIS actually sent, and faults can be
injected (delay, HTTP status, truncated or hostile XML, HTML error page).

A test fixture: simple on purpose, but real HTTP.
"""
from __future__ import annotations

import base64
import gzip
import json
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from . import documents, download, mvt

DATA = Path(__file__).resolve().parents[1] / "data"
PRODUCTION = "https://data.geopf.fr"
DOWNLOAD_PATHS = ("/telechargement/download/", "/private/telechargement/download/",
                  "/chunk/telechargement/")

# Credentials the private endpoints accept.
BASIC_USER = "analyste"
BASIC_PASSWORD = "m0t-de-passe"
API_KEY = "cle-hash-de-test-0123456789"


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: Dict[str, str]  # keys upper-cased (OGC KVP keys are case-insensitive)
    headers: Dict[str, str]  # keys lower-cased
    status: int = 0
    sent: int = 0  # body bytes on the wire (after compression)
    refused: str = ""  # "code: text" of the exception when the answer is a refusal:
    # GeoServer refuses with HTTP 200, so the status alone does not tell
    at: float = field(default_factory=time.monotonic)  # arrival, for pacing checks

    def param(self, key: str, default: str = "") -> str:
        return self.query.get(key.upper(), default)


@dataclass
class Fault:
    path_prefix: str
    kind: str  # "delay", "status", "truncate", "html", "hostile", "drop", "cut" (a download
    # whose connection drops half-way through the body)
    status: int = 500
    seconds: float = 0.0
    times: Optional[int] = None  # None: every matching request
    hits: int = field(default=0)
    headers: Dict[str, str] = field(default_factory=dict)  # e.g. Retry-After with a 429


class LoopbackGeoplateforme:
    """Start with ``start()`` (or as a context manager); ``base_url`` is http://127.0.0.1:PORT."""

    def __init__(self):
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self._lock = threading.Lock()
        self.requests: List[LoggedRequest] = []
        self.faults: List[Fault] = []
        self._cache: Dict[str, object] = {}  # documents, and what they offer
        # ETag served for each capabilities document (conditional GET support).
        self.etag_version = 1
        # Largest page the download service answers (None: the documented 50).
        self.download_page_cap: Optional[int] = None
        # Download files served damaged (one byte changed), by file name.
        self.corrupt_files: set = set()
        # Large generated files under /telechargement/download/BENCH/x/{name}: name -> size.
        self.big_files: Dict[str, int] = {}
        # Whether downloads honour Range (a server that ignores it answers 200 with everything).
        self.ranges = True
        # Bytes per second a download file is sent at (None: as fast as it goes).
        self.download_rate: Optional[int] = None

    # --- life cycle ---------------------------------------------------------------------
    def start(self) -> "LoopbackGeoplateforme":
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- test API -------------------------------------------------------------------------
    def inject(self, path_prefix: str, kind: str, *, status: int = 500, seconds: float = 0.0,
               times: Optional[int] = None, headers: Optional[Dict[str, str]] = None) -> Fault:
        fault = Fault(path_prefix, kind, status, seconds, times, headers=dict(headers or {}))
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self):
        """Forget logged requests and faults."""
        with self._lock:
            self.requests.clear()
            self.faults.clear()

    def requests_to(self, path: str, request: str = "") -> List[LoggedRequest]:
        """Logged requests whose path is ``path`` (or starts with it, for a trailing '/'),
        optionally filtered on the OGC REQUEST parameter."""
        with self._lock:
            logged = list(self.requests)
        def match(r):
            ok = r.path.startswith(path) if path.endswith("/") else r.path == path
            return ok and (not request or r.param("REQUEST").lower() == request.lower())
        return [r for r in logged if match(r)]

    # --- documents ---------------------------------------------------------------------
    def document(self, name: str) -> bytes:
        """A served document, built once: fixture bytes with production URLs rewritten."""
        with self._lock:
            if name not in self._cache:
                self._cache[name] = documents.build(name, self.base_url)
            return self._cache[name]

    def index(self, name: str):
        """What the served document ``name`` offers, parsed once (the strict checks)."""
        key = f"index:{name}"
        with self._lock:
            found = self._cache.get(key)
        if found is None:
            document = self.document(name.split(":", 1)[-1])
            kind = name.split(":", 1)[0]
            if kind == "wmts":
                found = documents.wmts_index(document)
            elif kind == "wms":
                found = documents.wms_index(document)
            elif kind == "wfs":
                found = documents.wfs_typenames(document)
            else:  # tms: the public WMTS layers too
                found = documents.tms_layers(self.index("wmts:wmts"))
            with self._lock:
                self._cache[key] = found
        return found

    def _take_fault(self, path: str) -> Optional[Fault]:
        with self._lock:
            for fault in self.faults:
                if path.startswith(fault.path_prefix) and (fault.times is None or fault.hits < fault.times):
                    fault.hits += 1
                    return fault
        return None

    def _log(self, entry: LoggedRequest):
        with self._lock:
            self.requests.append(entry)


def png_image(width: int, height: int, rgba=(31, 122, 140, 255)) -> bytes:
    """A real PNG of the requested size (8-bit RGBA), with a diagonal stripe pattern."""
    width = max(1, min(width, 4096))
    height = max(1, min(height, 4096))
    other = (224, 122, 31, 255)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(0, width, 16):
            colour = rgba if ((x + y) // 16) % 2 == 0 else other
            row += bytes(colour) * min(16, width - x)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(tag, data):
        return (len(data).to_bytes(4, "big") + tag + data
                + zlib.crc32(tag + data).to_bytes(4, "big"))

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 6, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


class _Handler(BaseHTTPRequestHandler):
    server_state: LoopbackGeoplateforme = None  # set on the subclass made in start()
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        state = self.server_state
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            query.setdefault(key.upper(), value)  # a repeated key: the first wins, as in ROK4
        entry = LoggedRequest(self.command, path, query,
                              {k.lower(): v for k, v in self.headers.items()})
        try:
            fault = state._take_fault(path)
            if fault is not None and fault.kind == "delay":
                time.sleep(fault.seconds)
                fault = None
            cut = fault is not None and fault.kind == "cut"
            if cut:
                fault = None
            if fault is not None:
                status, ctype, body = _fault_answer(fault, state, path, query)
                extra = fault.headers
            else:
                status, ctype, body, extra = self._answer(state, path, query)
                if status == 304:
                    entry.status = 304
                    state._log(entry)
                    self.send_response(304)
                    for key, value in extra.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
        except Exception as err:  # a bug in the fixture must show, not hang QGIS
            status, ctype, body, extra = 500, "text/plain", f"loopback error: {err!r}".encode(), {}
            fault = None
        if fault is None and status == 200 and ctype == "text/xml":  # before ranges: lengths
            body, extra = _compressed(body, extra, self.headers.get("Accept-Encoding", ""))
        start, end = 0, len(body)
        ranged = self._range(state, path, status, len(body))
        if ranged == "bad":
            status, ctype, body, extra, start, end = 416, "text/plain", b"", {
                "Content-Range": f"bytes */{len(body)}"}, 0, 0
        elif ranged is not None:
            status, (start, end) = 206, ranged
            extra = dict(extra, **{"Content-Range": f"bytes {start}-{end - 1}/{len(body)}"})
        entry.status = status
        entry.sent = end - start
        entry.refused = _refusal(ctype, body)
        state._log(entry)
        if fault is not None and fault.kind == "drop":
            self.close_connection = True
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(end - start))
        if path.startswith(DOWNLOAD_PATHS) and state.ranges:
            self.send_header("Accept-Ranges", "bytes")
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        if cut:  # half of what was announced, then the connection goes
            end = start + (end - start) // 2
            self.close_connection = True
        try:
            if isinstance(body, download.Generated):
                began, sent = time.monotonic(), 0
                for piece in body.chunks(start, end):
                    self.wfile.write(piece)
                    sent += len(piece)
                    if state.download_rate:  # a line of that many bytes a second
                        time.sleep(max(0.0, began + sent / state.download_rate - time.monotonic()))
            elif state.download_rate and path.startswith(DOWNLOAD_PATHS):
                step = max(1, state.download_rate // 10)  # a slow line: a tenth a second
                for offset in range(start, end, step):
                    self.wfile.write(body[offset:min(end, offset + step)])
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                self.wfile.write(body[start:end])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (cancelled)
            self.close_connection = True

    def _range(self, state, path, status, size):
        """(start, end) of a satisfiable ``Range: bytes=a-[b]`` on a download, "bad", or None."""
        header = self.headers.get("Range", "")
        if status != 200 or not header or not state.ranges or not path.startswith(DOWNLOAD_PATHS):
            return None
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", header.strip())
        if not match:
            return None
        start = int(match.group(1))
        end = min(size, int(match.group(2)) + 1) if match.group(2) else size
        return "bad" if start >= size or end <= start else (start, end)

    # --- routing --------------------------------------------------------------------------
    def _answer(self, state, path, query):
        private = path.startswith("/private/")
        if private:
            denied = self._check_credentials(query)
            if denied:
                return denied + ({"WWW-Authenticate": 'Basic realm="Geoplateforme"'}
                                 if denied[0] == 401 else {},)
        service_path = path[len("/private"):] if private else path
        request = query.get("REQUEST", "").lower()

        if re.fullmatch(r"/wmts/?", service_path):
            return self._wmts(state, request, query, private)
        if re.fullmatch(r"/wms-[rv](/wms|/ows)?/?", service_path):
            kind = "wms-v" if service_path.startswith("/wms-v") else "wms-r"
            return self._wms(state, kind, request, query, private)
        if re.fullmatch(r"/wfs(/ows|/wfs)?/?", service_path):
            return self._wfs(state, request, query, private)
        if service_path == "/tms" or service_path.startswith("/tms/"):
            return self._tms(state, service_path[len("/tms"):].strip("/"))
        if service_path.startswith("/chunk/telechargement/") and not private:
            body = download.streamable(state, service_path)
            if body is not None:
                return 200, "application/octet-stream", body, {}
            return 404, "text/plain", b"Not found", {}
        if service_path.startswith("/telechargement/"):
            return download.answer(state, service_path, query, private,
                                   self.headers.get("Accept", "")) + ({},)
        if service_path.startswith("/annexes/ressources/vectorTiles/styles/"):
            return 200, "application/json", documents.vector_style(state.base_url, service_path), {}
        if service_path.startswith("/annexes/ressources/legendes/"):
            return 200, "image/png", png_image(32, 32), {}
        return 404, "text/plain", b"Not found", {}

    def _check_credentials(self, query):
        """None when allowed; else (status, content type, body) like the platform's."""
        key = self.headers.get("apikey") or query.get("APIKEY")
        auth = self.headers.get("Authorization", "")
        if key is not None:
            if key == API_KEY:
                return None
            return 403, "application/json", json.dumps(
                {"error": {"code": 403, "message": "Forbidden: invalid key"}}).encode()
        if auth.startswith("Basic "):
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                user, password = "", ""
            if (user, password) == (BASIC_USER, BASIC_PASSWORD):
                return None
        return 401, "application/json", json.dumps(
            {"error": {"code": 401, "message": "Unauthorized: missing or invalid credentials"}}).encode()

    def _conditional(self, state, name, ctype, body):
        etag = f'"{name}-v{state.etag_version}"'
        headers = {"ETag": etag, "Last-Modified": "Thu, 06 Jun 2024 08:00:00 GMT",
                   "Cache-Control": "max-age=0"}
        if self.headers.get("If-None-Match") == etag:
            return 304, ctype, b"", headers
        return 200, ctype, body, headers

    def _wmts(self, state, request, query, private):
        if request == "gettile":
            return self._get_tile(state, query, private)
        if request in ("getcapabilities", ""):
            name = "wmts-private" if private else "wmts"
            return self._conditional(state, name, "text/xml", state.document(name))
        return 400, "text/xml", documents.rok4_wmts_exception(
            "OperationNotSupported", "REQUEST query parameter unknown"), {}

    def _get_tile(self, state, query, private):
        """A GetTile checked as ROK4 checks it, in its order (docs/reference/servers.md §1)."""
        def refuse(message, code="InvalidParameterValue", status=400):
            return status, "text/xml", documents.rok4_wmts_exception(code, message), {}

        first = _rok4_service_and_version(query, "WMTS", "1.0.0")
        if first:
            return refuse(*first)
        name = query.get("LAYER", "")
        if not name:
            return refuse("LAYER query parameter missing", "MissingParameterValue")
        index = state.index("wmts:" + ("wmts-private" if private else "wmts"))
        layer = index.layers.get(name)
        if layer is None:
            return refuse(f"Layer {name} unknown")
        tms = query.get("TILEMATRIXSET", "")
        if not tms:
            return refuse("TILEMATRIXSET query parameter missing", "MissingParameterValue")
        if tms not in (layer.link, documents._base_set(layer.link)):
            return refuse(f"Tile matrix set {tms} unknown")
        matrix = query.get("TILEMATRIX", "")
        if not matrix:
            return refuse("TILEMATRIX query parameter missing", "MissingParameterValue")
        if matrix not in index.base_matrices(layer.link):
            return refuse(f"Tile matrix {matrix} unknown")
        column, row = _scanf_int(query.get("TILECOL", "")), _scanf_int(query.get("TILEROW", ""))
        if not query.get("TILECOL"):
            return refuse("TILECOL query parameter missing", "MissingParameterValue")
        if column is None:
            return refuse("Invalid column value")
        if not query.get("TILEROW"):
            return refuse("TILEROW query parameter missing", "MissingParameterValue")
        if row is None:
            return refuse("Invalid row value")
        limits = layer.levels.get(matrix)
        if limits is None or not (limits[0] <= row <= limits[1] and limits[2] <= column <= limits[3]):
            return refuse("No data found", "Not Found", 404)
        fmt = query.get("FORMAT", "")
        if not fmt:
            return refuse("FORMAT query parameter missing", "MissingParameterValue")
        if fmt not in layer.formats:
            return refuse(f"Format {fmt} unknown")
        style = query.get("STYLE", "")
        if not style:
            return refuse("STYLE query parameter missing", "MissingParameterValue")
        if style not in layer.styles:
            return refuse(f"Style {style} unknown")
        return 200, fmt, documents.tile(fmt, name), {}

    def _wms(self, state, kind, request, query, private):
        name = f"{kind}-private" if private else kind
        if request == "getmap":
            if kind == "wms-r":
                return self._rok4_get_map(state, name, query)
            return self._geoserver_get_map(state, name, query)
        if request == "getlegendgraphic":
            return 200, "image/png", png_image(40, 20), {}
        if request in ("getcapabilities", ""):
            return self._conditional(state, name, "text/xml", state.document(name))
        if kind == "wms-r":
            return 400, "text/xml", documents.rok4_wms_exception(
                "OperationNotSupported", "REQUEST query parameter unknown"), {}
        ctype, body = documents.geoserver_wms_exception(
            "OperationNotSupported", f"No such operation WMS {request}", "request")
        return 200, ctype, body, {}

    def _rok4_get_map(self, state, name, query):
        """A WMS-R GetMap checked as ROK4 checks it, in its order (docs/reference/servers.md §2)."""
        def refuse(message, code="InvalidParameterValue"):
            return 400, "text/xml", documents.rok4_wms_exception(code, message), {}

        first = _rok4_service_and_version(query, "WMS", "1.3.0")
        if first:
            return refuse(*first)
        asked = query.get("LAYERS", "")
        if not asked:
            return refuse("LAYERS query parameter missing", "MissingParameterValue")
        names = asked.split(",")
        if len(names) > documents.WMS_R_LAYER_LIMIT:  # IGN, 2026-03-16
            return refuse(f"Number of layers exceed the limit ({documents.WMS_R_LAYER_LIMIT})")
        index = state.index("wms:" + name)
        for layer in names:
            if layer not in index.layers:
                return refuse(f"Layer {layer} unknown", "LayerNotDefined")
        size = {}
        for key in ("WIDTH", "HEIGHT"):
            text = query.get(key, "")
            if not text:
                return refuse(f"{key} query parameter missing", "MissingParameterValue")
            value = _scanf_int(text)
            if value is None:
                return refuse(f"Invalid {key} value")
            if value <= 0:
                return refuse(f"{key} query parameter have to be a strictly positive integer")
            if value > WMS_R_MAX_SIZE:
                return refuse(f"{key} query parameter exceed the limit ({WMS_R_MAX_SIZE})")
            size[key] = value
        if not query.get("CRS"):
            return refuse("CRS query parameter missing", "MissingParameterValue")
        fmt = query.get("FORMAT", "")
        if not fmt:
            return refuse("FORMAT query parameter missing", "MissingParameterValue")
        if fmt not in index.formats:
            return refuse(f"Format {fmt} unknown")
        box = query.get("BBOX", "").split(",")
        if not query.get("BBOX"):
            return refuse("BBOX query parameter missing", "MissingParameterValue")
        try:
            numbers = [float(v) for v in box]
        except ValueError:
            numbers = []
        if len(numbers) != 4:
            return refuse("BBOX query parameter invalid (require 4 comma separated numbers)")
        if numbers[0] >= numbers[2] or numbers[1] >= numbers[3]:
            return refuse("BBOX query parameter invalid (max have to be bigger than min)")
        if "STYLES" not in query:
            return refuse("STYLES query parameter missing", "MissingParameterValue")
        styles = (query["STYLES"] or "," * (len(names) - 1)).split(",")
        if len(styles) != len(names):
            return refuse("STYLES query parameter invalid (comma separated styles identifier, "
                          "one by requested layer)")
        for layer, style in zip(names, styles):
            if style and style not in index.layers[layer]:
                return refuse(f"Style {style} is not available for the layer {layer}")
        return 200, "image/png", documents.map_image(fmt, size["WIDTH"], size["HEIGHT"], names[0]), {}

    def _geoserver_get_map(self, state, name, query):
        """A WMS-V GetMap checked as GeoServer checks it: HTTP 200 with an exception report
        (docs/reference/servers.md §4). Any style of the server is accepted, not only the layer's."""
        version = query.get("VERSION", "1.3.0") or "1.3.0"

        def refuse(code, message, locator=""):
            ctype, body = documents.geoserver_wms_exception(code, message, locator, version)
            return 200, ctype, body, {}

        index = state.index("wms:" + name)
        names = [n for n in query.get("LAYERS", "").split(",")]
        for layer in names:
            if layer not in index.layers:
                return refuse("LayerNotDefined", f"Could not find layer {layer}", "layers")
        known = documents.GEOSERVER_STYLES.union(*index.layers.values())
        for style in (query.get("STYLES", "") or "").split(","):
            if style and style not in known:
                return refuse("StyleNotDefined", f"No such style: {style}")
        fmt = query.get("FORMAT", "")
        if fmt.lower() not in documents.GEOSERVER_MAP_FORMATS and fmt not in index.formats:
            return refuse("InvalidFormat", f"There is no support for creating maps in {fmt} format",
                          "format")
        width, height = int(query.get("WIDTH", "256")), int(query.get("HEIGHT", "256"))
        return 200, "image/png", documents.map_image(fmt, width, height, names[0]), {}

    def _wfs(self, state, request, query, private=False):
        if request in ("describefeaturetype", "getfeature"):
            refused = self._unknown_typename(state, query, private)
            if refused is not None:
                return refused
        if request == "describefeaturetype":
            typename = query.get("TYPENAMES") or query.get("TYPENAME", "")
            return 200, "application/gml+xml; version=3.2", documents.wfs_schema(typename), {}
        if request == "getfeature":
            return 200, "application/gml+xml; version=3.2", documents.wfs_features(query), {}
        if request in ("getcapabilities", ""):
            name = "wfs-private" if private else "wfs"
            return self._conditional(state, name, "text/xml",
                                     _sections(state.document(name), query.get("SECTIONS", "")))
        ctype, body = documents.geoserver_wfs_exception(
            "OperationNotSupported", f"No such operation WFS {request}", "request",
            query.get("VERSION", "2.0.0"))
        return 200, ctype, body, {}

    def _unknown_typename(self, state, query, private):
        """GeoServer's answer to a typename it does not serve (HTTP 200), else None."""
        known = state.index("wfs:" + ("wfs-private" if private else "wfs"))
        prefixes = {n.split(":", 1)[0] for n in known if ":" in n}
        locals_ = {n.split(":", 1)[-1] for n in known}
        version = query.get("VERSION", "2.0.0")
        for typename in (query.get("TYPENAMES") or query.get("TYPENAME", "")).split(","):
            prefix, colon, local = typename.partition(":")
            if colon and prefix not in prefixes:
                ctype, body = documents.geoserver_wfs_exception(
                    "InvalidParameterValue", f"Unknown namespace [{prefix}]", "namespace", version)
                return 200, ctype, body, {}
            if (typename not in known) if colon else (typename not in locals_):
                ctype, body = documents.geoserver_wfs_exception(
                    "InvalidParameterValue", f"Feature type {typename} unknown", "typeName", version)
                return 200, ctype, body, {}
        return None

    def _tms(self, state, rest):
        """ROK4's TMS (docs/reference/servers.md §3): the root, a TileMap, its metadata, tiles."""
        def refuse(message, status=400):
            return status, "text/xml", documents.rok4_tms_exception(message), {}

        parts = rest.split("/") if rest else []
        if not parts:
            return refuse("Unknown tms request path")
        if parts[0] != "1.0.0":
            return refuse("Invalid version (only 1.0.0 available)")
        if len(parts) == 1:
            return self._conditional(state, "tms", "text/xml", state.document("tms"))
        layers = state.index("tms")
        layer = parts[1]
        if layer not in layers:
            return refuse(f"Layer {layer} unknown")
        extension, levels, matrices = layers[layer]
        if len(parts) == 2:
            return 200, "text/xml", documents.tilemap(layer, state.base_url), {}
        if parts[2:] == ["metadata.json"]:
            return 200, "application/json", documents.tms_metadata(layer, state.base_url), {}
        if len(parts) != 5:
            return refuse("Unknown tms request path")
        z, x, (y, _, ext) = parts[2], parts[3], parts[4].partition(".")
        if z not in matrices:
            return refuse(f"Level {z} unknown")
        column, row = _scanf_int(x), _scanf_int(y)
        if column is None:
            return refuse("Invalid column value")
        if row is None:
            return refuse("Invalid row value")
        limits = levels.get(z)
        if limits is None or not (limits[0] <= row <= limits[1] and limits[2] <= column <= limits[3]):
            return refuse("No data found", 404)
        if ext != extension:
            return refuse(f"Invalid extension {ext}")
        if ext == "pbf":
            return 200, "application/x-protobuf", mvt.tile(int(z), column, row), {}
        mime = {v: k for k, v in documents.TMS_EXTENSIONS.items()}[ext]
        return 200, mime, documents.tile(mime, layer), {}


# ROK4's width/height limit: the code default is 5000, the shipped sample 10000; IGN's own is
# not published, so the loopback takes the larger (no stricter than the platform).
WMS_R_MAX_SIZE = 10000


def _rok4_service_and_version(query, service: str, version: str):
    """ROK4's first checks of a WMTS or WMS request: (message, code) of the refusal, or None."""
    given = query.get("SERVICE")
    if not given:
        return "SERVICE query parameter missing", "MissingParameterValue"
    if given.lower() != service.lower():
        return f"SERVICE query parameter have to be {service}", "InvalidParameterValue"
    if query.get("VERSION", "") not in ("", version):
        return f"VERSION query parameter have to be {version} or empty", "VersionNegotiationFailed"
    return None


def _scanf_int(text: str) -> Optional[int]:
    """C's sscanf("%d"): an optional sign and digits at the start ("12abc" is 12), else None."""
    match = re.match(r"\s*([+-]?\d+)", text or "")
    return int(match.group(1)) if match else None


def _refusal(ctype: str, body) -> str:
    """'code: text' of a server's refusal (see documents.*_exception), else ""."""
    if not isinstance(body, bytes) or "xml" not in ctype or len(body) > 4096:
        return ""
    if b"ExceptionReport" not in body and b"TileMapServerError" not in body:
        return ""
    for element in etree.fromstring(body).iter():
        code = element.get("exceptionCode") or element.get("code")
        if code is not None or etree.QName(element).localname == "Message":
            return f"{code or 'TMS'}: {''.join(element.itertext()).strip()}"
    return "?"


def _compressed(body: bytes, headers: Dict[str, str], accepted: str):
    """gzip when the client accepts it, as the Géoplateforme's servers do for XML."""
    if "gzip" not in accepted.lower():
        return body, headers
    return _gzip(body), dict(headers, **{"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})


@lru_cache(maxsize=32)
def _gzip(body: bytes) -> bytes:
    """Compressed once per document: a project of 55 WMTS layers asks the 2.5 MB WMTS
    capabilities 55 times at once."""
    return gzip.compress(body, 6)


_OWS_SECTIONS = ("ServiceIdentification", "ServiceProvider", "OperationsMetadata",
                 "FeatureTypeList", "Filter_Capabilities")


def _sections(document: bytes, asked: str) -> bytes:
    """OGC ``SECTIONS``: only the asked top-level sections of a capabilities document
    (an unknown or empty list: all of it), cut at the text positions so the rest of the
    document stays byte for byte what a full answer has."""
    wanted = {s.strip().lower() for s in asked.split(",") if s.strip()}
    if not wanted or "all" in wanted or not wanted & {s.lower() for s in _OWS_SECTIONS}:
        return document
    for section in _OWS_SECTIONS:
        if section.lower() in wanted:
            continue
        for tag in (f"ows:{section}", f"fes:{section}", section):
            start = document.find(f"<{tag}".encode())
            closing = f"</{tag}>".encode()
            end = document.find(closing, start)
            if start >= 0 and end > start:
                document = document[:start] + document[end + len(closing):]
                break
    return document


def _fault_answer(fault: Fault, state, path, query):
    if fault.kind == "status":
        body = {429: b"Too Many Requests", 500: b"Internal Server Error"}.get(fault.status, b"Error")
        return fault.status, "text/plain", body
    if fault.kind == "html":
        return 200, "text/html", documents.HTML_ERROR_PAGE
    if fault.kind == "hostile":
        return 200, "text/xml", documents.BILLION_LAUGHS
    if fault.kind == "truncate" and "/telechargement/" in path:
        private = path.startswith("/private/")
        return 200, "application/atom+xml", download.malformed(
            state, path[len("/private"):] if private else path, query, private)
    if fault.kind == "truncate":
        name = "wfs" if "/wfs" in path else "tms" if "/tms" in path else "wmts"
        document = state.document(name)
        return 200, "text/xml", document[: len(document) // 2]
    return 500, "text/plain", b"fault"
