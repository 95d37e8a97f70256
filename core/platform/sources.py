"""QGIS data-source strings: parse and encode them without losing a byte.

Pure module (no qgis/Qt import). A parsed source is a list of tokens; each token keeps the
exact text it was read from and the separator before it, so ``parse(s).encode() == s`` for any
string, and a parameter nobody changed is written back byte-identical. Only a changed value is
rendered again, the way its form wants it.

Forms (docs/reference/qgis.md §3, docs/reference/real-world-sources.md §2):

- ``encoded``: the ``&``-separated form of the ``wms`` / ``vectortile`` providers
  (``QgsDataSourceUri.encodedUri()``): values percent-decoded with ``unquote`` (never
  ``unquote_plus``: QUrlQuery keeps ``+``); repeated keys kept in order;
- ``spaced``: the WFS form ``key='value'`` separated by blanks (``QgsDataSourceUri(str)``);
- ``comma``: the QGIS <= 1.8 form ``k=v,k=v,url=<rest of the string>``, hybrids with ``&`` too;
- ``url``: a bare URL (connections, the legacy WFS ``http://…?SERVICE=WFS&TYPENAME=…`` form);
- ``gdal_wmts``: GDAL's ``WMTS:<url>,layer=…,tilematrixset=…``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple
from urllib.parse import unquote as _urllib_unquote

ENCODED = "encoded"
SPACED = "spaced"
COMMA = "comma"
URL = "url"
GDAL_WMTS = "gdal_wmts"

_BLANKS = " \t\r\n\f\v"
_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_GDAL_WMTS_START = re.compile(r"WMTS:", re.IGNORECASE)
# QUrlQuery (Qt 5, as QGIS writes url= values) keeps these and percent-encodes the rest,
# notably & = # % space { } (docs/reference/qgis.md §3, verified on 3.22).
_QUERY_SAFE = "!$'()*+,;:@/?[]~"
# Inside a plain URL's query only what would break the query is encoded on a change.
_PLAIN_QUERY_UNSAFE = re.compile(r"[&#% \x00-\x1f\x7f]|[^\x00-\x7f]")
_FULLY_ENCODED_HINT = re.compile(r"%2F|%3A", re.IGNORECASE)
_COMMA_SEP = re.compile(r"[,&]")
# The items QGIS <= 1.8 wrote in the comma form, in any order (QgsMapLayer::readXML split the
# string on commas): a url= value runs to the next comma that starts one of them.
_COMMA_KEYS = ("username", "password", "tiled", "featureCount", "ignoreUrl", "url")
_COMMA_NEXT_ITEM = re.compile(r"[ \t]*,[ \t]*(?:" + "|".join(_COMMA_KEYS) + r")=")
_COMMA_BLANKS = re.compile(r"[ \t\r\n\f\v]*")
_SPACED_START = re.compile(r"""[^\s=&]+[ \t]*=[ \t]*['"]""")


# ``urllib.parse.unquote`` is pure Python and costs microseconds per escaped value; the same
# values (a project's service URLs, its styles) come back on every layer, so it is memoised.
unquote = lru_cache(maxsize=4096)(_urllib_unquote)


def _escape(match) -> str:
    return "".join("%%%02X" % byte for byte in match.group(0).encode("utf-8", "surrogatepass"))


_QUERY_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~" + re.escape(_QUERY_SAFE) + "]")
_FULLY_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~]")


@lru_cache(maxsize=4096)  # pure; a migration writes the same few new URLs again and again
def encode_query_value(value: str, fully: bool = False) -> str:
    """Percent-encode a parameter value as QGIS writes it (or fully, every reserved byte).

    Same result as ``urllib.parse.quote(value, safe=…)``, without its per-byte loop."""
    return (_FULLY_UNSAFE if fully else _QUERY_UNSAFE).sub(_escape, value)


def _encode_plain(value: str) -> str:
    return _PLAIN_QUERY_UNSAFE.sub(_escape, value)


def _escape_spaced(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


class Param:
    """One token: ``sep`` (text before it), ``raw`` (its exact text), decoded key and value.

    ``key`` is None for text QGIS would skip (an empty ``&&`` item, a word without ``=``);
    ``value`` is None for a bare key (``styles`` with no ``=``). ``raw`` becomes None once the
    value is changed, and the token is then rendered by its form.
    """

    __slots__ = ("key", "value", "raw", "sep", "quote")

    def __init__(self, key, value, raw, sep="", quote=""):
        self.key = key
        self.value = value
        self.raw = raw
        self.sep = sep
        self.quote = quote  # spaced form: the quote character the value was written with

    @property
    def changed(self) -> bool:
        return self.raw is None

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"Param({self.key!r}, {self.value!r}, raw={self.raw!r}, sep={self.sep!r})"


class ParsedSource:
    """A data-source string as tokens. ``encode()`` gives the string back."""

    __slots__ = ("form", "lead", "trail", "params", "_last", "_fully", "_index", "_index_ci")

    def __init__(self, form: str, params: List[Param], lead: str = "", trail: str = ""):
        self.form = form
        self.params = params
        self.lead = lead
        self.trail = trail
        self._last = params[-1] if params else None
        self._fully = None
        self._index = self._index_ci = None  # key -> tokens, built on first lookup

    # -- reading --------------------------------------------------------------------------
    def find(self, key: str, ci: bool = False) -> List[Param]:
        found = self.find_all(key, ci)
        return list(found) if found else []

    def first(self, key: str, ci: bool = False) -> Optional[Param]:
        """The first ``key`` token, or None (``find`` without building a list)."""
        found = self.find_all(key, ci)
        return found[0] if found else None

    def find_all(self, key: str, ci: bool = False):
        """Like ``find``, but the index's own list (do not modify it), or None."""
        if ci:
            if self._index_ci is None:
                self._index_ci = _key_index(self.params, True)
            return self._index_ci.get(key.lower())
        if self._index is None:
            self._index = _key_index(self.params, False)
        return self._index.get(key)

    def get(self, key: str, default=None, ci: bool = False):
        """Value of the first ``key`` token ('' for a bare key), or ``default``."""
        for p in self.find(key, ci):
            return "" if p.value is None else p.value
        return default

    def get_all(self, key: str, ci: bool = False) -> List[str]:
        return ["" if p.value is None else p.value for p in self.find(key, ci)]

    def items(self) -> List[Tuple[str, Optional[str]]]:
        """(key, value) of every real parameter, in order (what QGIS would read)."""
        return [(p.key, p.value) for p in self.params if p.key is not None]

    # -- changing -------------------------------------------------------------------------
    def set_value(self, param: Param, value: str) -> bool:
        """Give ``param`` a new value; returns False (and changes nothing) if it is the same."""
        if param.value == value or (param.value is None and value == ""):
            return False
        if self._fully is None and self.form == ENCODED:
            self._fully_encoded()  # decide the writer's style while the raw tokens are intact
        param.value = value
        param.raw = None
        return True

    def remove(self, param: Param) -> None:
        index = self.params.index(param)
        del self.params[index]
        self._index = self._index_ci = None
        if index == 0 and self.params:
            # The new first token takes the separator of the removed one ('' in most forms).
            self.params[0].sep = param.sep

    def remove_all(self, params) -> None:
        """``remove`` of each of ``params`` in one pass over the tokens."""
        if not params:
            return
        gone = {id(p) for p in params}
        first = self.params[0] if self.params else None
        self.params = [p for p in self.params if id(p) not in gone]
        self._index = self._index_ci = None
        if self.params and first is not None and id(first) in gone:
            self.params[0].sep = first.sep

    def add(self, key: str, value: Optional[str]) -> Param:
        sep = {ENCODED: "&", SPACED: " ", COMMA: ",", GDAL_WMTS: ","}.get(self.form, "&")
        param = Param(key, value, None, sep if self.params else ("" if self.form != SPACED else " "))
        self.params.append(param)
        self._index = self._index_ci = None
        return param

    # -- writing --------------------------------------------------------------------------
    def _render(self, p: Param) -> str:
        value = "" if p.value is None else p.value
        if self.form == ENCODED:
            key = p.key
            if not (key.isascii() and key.isalnum()):  # an ASCII word encodes to itself
                key = encode_query_value(key)
            return key + "=" + encode_query_value(value, self._fully_encoded())
        if self.form == SPACED:
            if p.key == "sql":
                return "sql=" + value
            return f"{p.key}='{_escape_spaced(value)}'"
        if self.form == URL:
            return value
        if self.form == GDAL_WMTS and self.params and p is self.params[0]:
            return f'"{value}"' if "," in value else value  # the URL itself, no key
        return f"{p.key}={value}"  # comma and GDAL options: written as they are read

    def _fully_encoded(self) -> bool:
        # Mirror the writer: a source whose url= was fully percent-encoded stays so.
        if self._fully is None:
            self._fully = any(
                p.raw is not None and _FULLY_ENCODED_HINT.search(p.raw)
                for p in self.find_all("url") or ()
            )
        return self._fully

    def encode(self) -> str:
        params = self.params
        body = "".join([p.sep + (p.raw if p.raw is not None else self._render(p)) for p in params])
        # Trailing blanks belong to the last value as read: keep them only while it is intact.
        if not params or (params[-1] is self._last and self._last.raw is not None):
            return self.lead + body + self.trail
        return self.lead + body


def _key_index(params: List[Param], ci: bool) -> dict:
    """key (lower-cased if ``ci``) -> its tokens in order."""
    index = {}
    for p in params:
        key = p.key
        if key is not None:
            if ci:
                key = key.lower()
            found = index.get(key)
            if found is None:
                index[key] = [p]
            else:
                found.append(p)
    return index


def _split_blanks(text: str) -> Tuple[str, str, str]:
    body = text.strip(_BLANKS)
    if len(body) == len(text):  # the usual case: nothing around the source
        return "", text, ""
    if not body:
        return text, "", ""
    start = text.index(body[0])
    return text[:start], body, text[start + len(body):]


# -- the forms --------------------------------------------------------------------------------
def _parse_encoded(text: str) -> ParsedSource:
    lead, body, trail = _split_blanks(text)
    if not body:
        return ParsedSource(ENCODED, [], lead, trail)
    # The engine's hot loop: no per-token function call beyond Param().
    params = []
    append = params.append
    sep = ""
    for token in body.split("&"):
        if token:
            key, eq, value = token.partition("=")
            if "%" in token:  # unquote only what holds an escape: most tokens hold none
                if "%" in key:
                    key = unquote(key)
                if "%" in value:
                    value = unquote(value)
            append(Param(key, value if eq else None, token, sep))
        else:
            append(Param(None, None, token, sep))
        sep = "&"
    return ParsedSource(ENCODED, params, lead, trail)


# The spaced parser skips runs with these (``\s`` is ``str.isspace``) instead of a loop per
# character; an escape-free value (nearly all of them) is a plain slice.
_SPACES = re.compile(r"\s*")
_NOT_SPACES = re.compile(r"\S*")
_KEY_CHARS = re.compile(r"[^=\s]*")


def _read_spaced_value(s: str, i: int) -> Tuple[str, int, str]:
    """QgsDataSourceUri::getValue without its blank skipping: (value, end, quote)."""
    n = len(s)
    chars = []
    if i < n and s[i] in "'\"":
        delim = s[i]
        i += 1
        end = s.find(delim, i)
        if s.find("\\", i, n if end == -1 else end) == -1:  # no escape before the quote
            if end == -1:
                return s[i:], n, delim  # unterminated: QGIS keeps what it read
            return s[i:end], end + 1, delim
        while i < n:
            c = s[i]
            if c == "\\" and i + 1 < n and s[i + 1] in (delim, "\\"):
                chars.append(s[i + 1])
                i += 2
                continue
            if c == delim:
                return "".join(chars), i + 1, delim
            chars.append(c)
            i += 1
        return "".join(chars), i, delim  # unterminated: QGIS keeps what it read
    end = _NOT_SPACES.match(s, i).end()  # an escape never takes a blank: the value ends there
    if s.find("\\", i, end) == -1:
        return s[i:end], end, ""
    while i < n and not s[i].isspace():
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in ("\\", "'"):
            chars.append(s[i + 1])
            i += 2
            continue
        chars.append(c)
        i += 1
    return "".join(chars), i, ""


def _parse_spaced(text: str) -> ParsedSource:
    lead, body, trail = _split_blanks(text)
    params = []
    i, n = 0, len(body)
    sep_start = 0
    while i < n:
        i = _SPACES.match(body, i).end()
        sep = body[sep_start:i]
        start = i
        if i < n and body[i] == "=":  # "parameter name expected before ="
            i += 1
            params.append(Param(None, None, body[start:i], sep))
            sep_start = i
            continue
        i = _KEY_CHARS.match(body, i).end()
        key = body[start:i]
        j = _SPACES.match(body, i).end()
        if j >= n or body[j] != "=":
            params.append(Param(None, None, body[start:i], sep))
            sep_start = i
            continue
        j = _SPACES.match(body, j + 1).end()
        if key == "sql":  # the rest of the string is a where clause
            params.append(Param(key, body[j:], body[start:], sep))
            i = sep_start = n
            break
        value, i, quote_char = _read_spaced_value(body, j)
        params.append(Param(key, value, body[start:i], sep, quote_char))
        sep_start = i
    return ParsedSource(SPACED, params, lead, trail)


def _parse_comma(text: str) -> ParsedSource:
    lead, body, trail = _split_blanks(text)
    params = []
    i, n = 0, len(body)
    sep = ""
    while i <= n:
        # Look at the token where it starts (no copy of the rest of the string per token: that
        # made the parser's cost grow with the square of the source's length).
        start = _COMMA_BLANKS.match(body, i).end()
        if body.startswith("url=", start):
            # The URL may hold commas: it runs to the next 1.8 item, or to the end.
            sep += body[i:start]
            m = _COMMA_NEXT_ITEM.search(body, start + 4)
            end = m.start() if m else n
            raw = body[start:end]
            params.append(Param("url", raw[4:].strip(_BLANKS), raw, sep))
            if not m:
                break
            comma = body.index(",", end)
            sep = body[end:comma + 1]
            i = comma + 1
            continue
        m = _COMMA_SEP.search(body, i)
        end = m.start() if m else n
        token = body[i:end]
        key, eq, value = token.partition("=")
        if token.strip(_BLANKS):
            params.append(Param(key.strip(_BLANKS), value.strip(_BLANKS) if eq else None, token, sep))
        else:
            params.append(Param(None, None, token, sep))
        if not m:
            break
        sep = m.group(0)
        i = end + 1
    return ParsedSource(COMMA, params, lead, trail)


def _parse_url_form(text: str) -> ParsedSource:
    lead, body, trail = _split_blanks(text)
    return ParsedSource(URL, [Param("url", body, body, "")], lead, trail)


def _parse_gdal_wmts(text: str) -> ParsedSource:
    lead, body, trail = _split_blanks(text)
    lead += body[:5]  # "WMTS:"
    rest = body[5:]
    params = []
    # GDAL splits on commas, honouring double quotes (CSLT_HONOURSTRINGS).
    tokens, buf, in_quotes = [], [], False
    for c in rest:
        if c == '"':
            in_quotes = not in_quotes
        if c == "," and not in_quotes:
            tokens.append("".join(buf))
            buf = []
        else:
            buf.append(c)
    tokens.append("".join(buf))
    url = tokens[0]
    params.append(Param("url", url.strip('"'), url, ""))
    for token in tokens[1:]:
        key, eq, value = token.partition("=")
        params.append(Param(key if eq else None, value if eq else None, token, ","))
    return ParsedSource(GDAL_WMTS, params, lead, trail)


_PARSERS = {
    ENCODED: _parse_encoded,
    SPACED: _parse_spaced,
    COMMA: _parse_comma,
    URL: _parse_url_form,
    GDAL_WMTS: _parse_gdal_wmts,
}


def _first_url_key_after_comma(body: str) -> bool:
    """Is the first ``url=`` key of ``body`` preceded by a comma, or, leading the string,
    followed by a 1.8 item (``url=…,username=…``)? (QGIS <= 1.8)"""
    if body.startswith("url=") and "&" not in body and _COMMA_NEXT_ITEM.search(body, 4):
        return True
    i = body.find("url=")
    while i != -1:
        j = i - 1
        while j >= 0 and body[j] in " \t":
            j -= 1
        previous = body[j] if j >= 0 else ""
        if previous in ("", "&", ","):
            return previous == ","
        i = body.find("url=", i + 1)
    return False


def detect_form(provider: str, source: str) -> str:
    """Which syntax ``source`` is written in, given the provider key of its layer."""
    body = source.lstrip(_BLANKS)
    if _GDAL_WMTS_START.match(body):
        return GDAL_WMTS
    if _URL_START.match(body):
        return URL
    if (provider or "").lower() in ("wfs", "oapif", "arcgisfeatureserver", "postgres", "spatialite"):
        return SPACED
    if _first_url_key_after_comma(body):
        return COMMA
    # key='value' first: the spaced form whatever the provider. Only the start of the string
    # decides, so a migrated value (which may hold '&') cannot change the verdict.
    if ("'" in body or '"' in body) and _SPACED_START.match(body):  # no quote: cannot match
        return SPACED
    return ENCODED


def parse_source(provider: str, source: str, form: Optional[str] = None) -> ParsedSource:
    """Parse a data-source string; ``form`` forces a syntax (see ``detect_form``)."""
    return _PARSERS[form or detect_form(provider, source)](source)


def encode_params(items, form: str = ENCODED) -> str:
    """Build a new source from (key, value) pairs (value None: a bare key), e.g. for layers.py."""
    parsed = ParsedSource(form, [])
    for key, value in items:
        parsed.add(key, value)
    return parsed.encode()


# -- URLs ---------------------------------------------------------------------------------
_URL_RE = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<netloc>[^/?#]*)(?P<path>[^?#]*)"
    r"(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?$",
    re.DOTALL,
)


class ParsedUrl:
    """A URL whose query items are tokens too, so an untouched item keeps its exact bytes.

    Change the query through the methods only: they keep the caches below right."""

    __slots__ = ("scheme", "netloc", "path", "query", "has_query", "fragment", "_index", "_shared",
                 "_raw_query")

    def __init__(self, scheme, netloc, path, query_params, has_query, fragment, raw_query=None):
        self.scheme = scheme
        self.netloc = netloc
        self.path = path
        self.query = query_params  # list of Param (sep '&')
        self.has_query = has_query
        self.fragment = fragment
        self._index = None  # lower-case key -> query items, built on first lookup
        self._shared = False  # a copy: its tokens are the original's, replaced (never changed)
        self._raw_query = raw_query  # the query as read, while no item has changed

    @property
    def host(self) -> str:
        """Lower-case host without user info, port or the final dot of a fully qualified
        name (``wxs.ign.fr.`` is ``wxs.ign.fr``)."""
        hostport = self.netloc.rpartition("@")[2]
        if hostport.startswith("["):
            return hostport.partition("]")[0].lower() + "]"
        return hostport.partition(":")[0].lower().rstrip(".")

    @property
    def hostport(self) -> str:
        return self.netloc.rpartition("@")[2].lower()

    @property
    def userinfo(self) -> str:
        return self.netloc.rpartition("@")[0]

    def query_get(self, key: str, default=None):
        """First value of a query item, key compared case-insensitively (as OGC servers do)."""
        for p in self.query_find(key):
            return "" if p.value is None else p.value
        return default

    def query_find(self, key: str) -> List[Param]:
        if self._index is None:
            self._index = _key_index(self.query, True)
        found = self._index.get(key.lower())
        return list(found) if found else []

    def query_first(self, key: str) -> Optional[Param]:
        """The first query item named ``key`` (any case), or None."""
        if self._index is None:
            self._index = _key_index(self.query, True)
        found = self._index.get(key.lower())
        return found[0] if found else None

    def copy(self, drop=frozenset()) -> "ParsedUrl":
        """A copy without the query items whose lower-cased key is in ``drop`` (the same as
        ``query_remove`` of each). Copy-on-write: the copy shares the tokens and replaces the
        one it changes, so the original stays as it was (the engine caches recognised URLs)."""
        if self._index is None:
            self._index = _key_index(self.query, True)
        index = self._index  # never changed in place, only dropped: safe to share
        if drop and not drop.isdisjoint(index):
            query = [p for p in self.query if p.key is None or p.key.lower() not in drop]
            if query and query[0] is not self.query[0]:  # the first item went
                first = query[0]
                query[0] = Param(first.key, first.value, first.raw, "", first.quote)
            index = raw_query = None
            has_query = bool(query)  # every item dropped: no bare '?' left behind
        else:
            query = list(self.query)
            raw_query = self._raw_query
            has_query = self.has_query
        url = ParsedUrl(self.scheme, self.netloc, self.path, query, has_query, self.fragment,
                        raw_query)
        url._index = index
        url._shared = True
        return url

    def query_set(self, param: Param, value: str) -> bool:
        """Give a query item a new value; False (and nothing changes) if it is the same. On a
        ``copy()`` the item is replaced by a new token rather than changed."""
        if param.value == value:
            return False
        self._raw_query = None
        if self._shared:
            new = Param(param.key, value, None, param.sep, param.quote)
            self.query[self.query.index(param)] = new
            self._index = None
            return True
        param.value = value
        param.raw = None
        return True

    def query_add(self, key: str, value: str) -> Param:
        param = Param(key, value, None, "&" if self.query else "")
        self.query.append(param)
        self.has_query = True
        self._index = self._raw_query = None
        return param

    def query_remove(self, param: Param) -> None:
        index = self.query.index(param)
        del self.query[index]
        self._index = self._raw_query = None
        if not self.query:
            self.has_query = False  # no bare '?' left behind
        if index == 0 and self.query:
            first = self.query[0]
            if self._shared:
                self.query[0] = Param(first.key, first.value, first.raw, "", first.quote)
            else:
                first.sep = ""

    def query_string(self) -> str:
        if self._raw_query is not None:  # nothing changed: the query as it was read
            return self._raw_query
        out = []
        for p in self.query:
            out.append(p.sep)
            if p.raw is not None:
                out.append(p.raw)
            elif p.value is None:
                out.append(_encode_plain(p.key))
            else:
                out.append(_encode_plain(p.key) + "=" + _encode_plain(p.value))
        return "".join(out)

    def encode(self) -> str:
        text = f"{self.scheme}://{self.netloc}{self.path}"
        if self.query or self.has_query:
            text += "?" + self.query_string()
        if self.fragment is not None:
            text += "#" + self.fragment
        return text

    def iter_items(self) -> Iterator[Tuple[str, Optional[str]]]:
        return ((p.key, p.value) for p in self.query if p.key is not None)


def parse_url(url: str) -> Optional[ParsedUrl]:
    """Split a URL; None when ``url`` is not ``scheme://…``. Query values are ``unquote``d."""
    m = _URL_RE.match(url)
    if not m:
        return None
    query = m.group("query")
    params = []
    if query:
        sep = ""
        for token in query.split("&"):
            if token:
                key, eq, value = token.partition("=")
                params.append(Param(
                unquote(key) if "%" in key else key,
                (unquote(value) if "%" in value else value) if eq else None, token, sep))
            else:
                params.append(Param(None, None, token, sep))
            sep = "&"
    return ParsedUrl(
        m.group("scheme"), m.group("netloc"), m.group("path"), params,
        query is not None, m.group("fragment"), query,
    )


def with_authcfg(provider: str, source: str, authcfg: str) -> str:
    """The source with its authcfg set to ``authcfg`` (other tokens kept byte for byte)."""
    parsed = parse_source(provider, source)
    for param in parsed.find("authcfg", ci=True):
        parsed.remove(param)
    if authcfg:
        parsed.add("authcfg", authcfg)
    return parsed.encode()
