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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

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
        self._cache: Dict[str, bytes] = {}
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
        query = {k.upper(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
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
        if service_path.startswith("/tms/1.0.0"):
            return self._tms(state, service_path[len("/tms/1.0.0"):].strip("/"))
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
            fmt = query.get("FORMAT", "image/png")
            for key in ("LAYER", "TILEMATRIXSET", "TILEMATRIX", "TILEROW", "TILECOL"):
                if not query.get(key):
                    return 400, "text/xml", documents.ows_exception(f"Missing parameter {key}"), {}
            if not private and query["LAYER"] in documents.restricted_layers("wmts"):
                return 400, "text/xml", documents.ows_exception(f"Unknown layer {query['LAYER']}"), {}
            return 200, fmt, documents.tile(fmt), {}
        if request in ("getcapabilities", ""):
            name = "wmts-private" if private else "wmts"
            return self._conditional(state, name, "text/xml", state.document(name))
        return 400, "text/xml", documents.ows_exception(f"Unsupported request {request}"), {}

    def _wms(self, state, kind, request, query, private):
        if request == "getmap":
            if query.get("VERSION", "1.3.0") != "1.3.0":
                return 400, "text/xml", documents.ows_exception("Only WMS 1.3.0 is served"), {}
            asked = set(query.get("LAYERS", "").split(","))
            if not private and asked & documents.restricted_layers(kind):
                return 400, "text/xml", documents.ows_exception(f"Unknown layer in {query.get('LAYERS')}"), {}
            if kind == "wms-r" and len(asked) > documents.WMS_R_LAYER_LIMIT:  # IGN, 2026-03-16
                return 400, "text/xml", documents.ows_exception(
                    f"Too many layers requested ({len(asked)}, at most {documents.WMS_R_LAYER_LIMIT})"), {}
            width, height = int(query.get("WIDTH", "256")), int(query.get("HEIGHT", "256"))
            return 200, "image/png", png_image(width, height), {}
        if request == "getlegendgraphic":
            return 200, "image/png", png_image(40, 20), {}
        if request in ("getcapabilities", ""):
            name = f"{kind}-private" if private else kind
            return self._conditional(state, name, "text/xml", state.document(name))
        return 400, "text/xml", documents.ows_exception(f"Unsupported request {request}"), {}

    def _wfs(self, state, request, query, private=False):
        if request == "describefeaturetype":
            typename = query.get("TYPENAMES") or query.get("TYPENAME", "")
            return 200, "application/gml+xml; version=3.2", documents.wfs_schema(typename), {}
        if request == "getfeature":
            return 200, "application/gml+xml; version=3.2", documents.wfs_features(query), {}
        if request in ("getcapabilities", ""):
            name = "wfs-private" if private else "wfs"
            return self._conditional(state, name, "text/xml",
                                     _sections(state.document(name), query.get("SECTIONS", "")))
        return 400, "text/xml", documents.ows_exception(f"Unsupported request {request}"), {}

    def _tms(self, state, rest):
        if not rest:
            return self._conditional(state, "tms", "text/xml", state.document("tms"))
        parts = rest.split("/")
        layer = parts[0]
        if len(parts) == 1:
            return 200, "text/xml", documents.tilemap(layer, state.base_url), {}
        if parts[1:] == ["metadata.json"]:
            return 200, "application/json", documents.tms_metadata(layer, state.base_url), {}
        if len(parts) == 4 and parts[3].endswith(".pbf"):
            z, x, y = int(parts[1]), int(parts[2]), int(parts[3][:-4])
            return 200, "application/x-protobuf", mvt.tile(z, x, y), {}
        return 404, "text/plain", b"Not found", {}


def _compressed(body: bytes, headers: Dict[str, str], accepted: str):
    """gzip when the client accepts it, as the Géoplateforme's servers do for XML."""
    if "gzip" not in accepted.lower():
        return body, headers
    return gzip.compress(body, 6), dict(headers, **{"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})


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
