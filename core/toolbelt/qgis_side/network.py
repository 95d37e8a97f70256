"""Every request the plugin makes is built here: who gets the user's key, and where a redirect goes.

QGIS glue, no widgets. One rule (docs/design.md, README « Où va votre clé »): a key is added — the
QGIS way, ``QgsAuthManager.updateNetworkRequest`` — only to a request for the Géoplateforme's
host, the configured base URL's scheme, host and port. Qt never follows a redirect here
(manual redirect policy); ``next_hop`` follows each one, at most ``MAX_HOPS``, and the key
comes back only on a Géoplateforme address. A hop elsewhere is, per kind of request:
``FOLLOW`` — taken without the key (a download, a legend, a style or sprite may be served
from another host); ``REFUSE`` — stopped with a message (the key test, private capabilities,
the download listing: an answer that only the key should open). An https → http hop is
always refused.

Nothing here hands a key to a QGIS helper that follows redirects by itself and applies the
key again whatever the host (``QgsBlockingNetworkRequest.setAuthCfg``,
``QgsNetworkContentFetcher``, ``QgsFileDownloader``).

Keyed blocking requests (``fetch``) go through a plain ``QNetworkAccessManager`` made for the
call: QGIS connects its credential prompt (``QgsNetworkAuthenticationHandler``, the « enter
your user name and password » dialog) and its certificate dialog on its own managers, and no
request attribute turns them off. That manager still carries what QGIS's would: the proxy QGIS
chooses for the URL, QGIS's trusted CAs and per-server SSL exceptions, and the auth config. A
refused key (401/403) thus comes back as an answer the plugin reports, and a certificate
QGIS does not trust as an error in words, never as a dialog.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from qgis.core import Qgis, QgsApplication, QgsAuthCertUtils, QgsFeedback, QgsNetworkAccessManager
from qgis.PyQt import sip
from qgis.PyQt.QtCore import (QCoreApplication, QEvent, QEventLoop, QObject, QThread, QTimer, QUrl,
                              pyqtSignal)
from qgis.PyQt.QtNetwork import (QNetworkAccessManager, QNetworkProxy, QNetworkProxyQuery,
                                 QNetworkReply, QNetworkRequest)

from ...platform import endpoints, paths

MAX_HOPS = 5
STALE_REPLY_RETRIES = 2  # see _exchange
FOLLOW, REFUSE = "follow", "refuse"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}

translate = QCoreApplication.translate


def user_agent() -> bytes:
    """The plugin's User-Agent: its version from metadata.txt (core/platform/paths.py), then
    QGIS's. Set on every request built here; it reaches the server on the requests of the
    plugin's own manager (the keyed ones): QGIS's managers put QGIS's own on every request
    they send (``createRequest``), and changing that would take a request preprocessor
    called for every request QGIS makes, render threads included."""
    return f"BasculeGeoplateforme/{paths.plugin_version() or 'dev'} QGIS/{Qgis.versionInt()}".encode()


USER_AGENT = user_agent()


# --- the host rule ------------------------------------------------------------------------
def origin(url) -> Tuple[str, str, int]:
    """(scheme, host, port) of a URL (a QUrl or a string), lower-cased, default port filled."""
    url = url if isinstance(url, QUrl) else QUrl(url)
    scheme = url.scheme().lower()
    return scheme, url.host().lower(), url.port(_DEFAULT_PORTS.get(scheme, -1))


def geoplateforme_origin() -> Tuple[str, str, int]:
    """The configured base URL's origin: the only one a key is sent to."""
    return origin(endpoints.base_url())


def is_geoplateforme(url) -> bool:
    return origin(url) == geoplateforme_origin()


# --- building a request ---------------------------------------------------------------------
def manual_redirects(request: QNetworkRequest) -> None:
    """Qt follows no redirect of ``request``: ``next_hop`` decides (and the key guard, for
    the keyed requests of QGIS's providers). Qt 5.9+: a policy; older spelling kept for
    completeness. Qt 6 follows by default."""
    if hasattr(QNetworkRequest.Attribute, "RedirectPolicyAttribute"):
        request.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                             QNetworkRequest.RedirectPolicy.ManualRedirectPolicy)
    elif hasattr(QNetworkRequest.Attribute, "FollowRedirectsAttribute"):  # pragma: no cover
        request.setAttribute(QNetworkRequest.Attribute.FollowRedirectsAttribute, False)


def request(url: str, authcfg: str = "", headers: Optional[Dict[str, str]] = None) -> QNetworkRequest:
    """A GET request for ``url``: the plugin's User-Agent, manual redirects, and the key of
    ``authcfg`` only when ``url`` is on the Géoplateforme."""
    built = QNetworkRequest(QUrl(url))
    built.setRawHeader(b"User-Agent", USER_AGENT)
    for key, value in (headers or {}).items():
        built.setRawHeader(key.encode("latin-1"), value.encode("latin-1"))
    manual_redirects(built)
    if authcfg and is_geoplateforme(built.url()):
        QgsApplication.authManager().updateNetworkRequest(built, authcfg)
    return built


def keyed(url, authcfg: str) -> bool:
    """Whether a request for ``url`` built with ``authcfg`` carries the key."""
    return bool(authcfg) and is_geoplateforme(url)


def apply_key_to_reply(reply, url, authcfg: str) -> None:
    """What a few auth methods set on the reply (client certificates): same host rule."""
    if keyed(url, authcfg):
        QgsApplication.authManager().updateNetworkReply(reply, authcfg)


def reply_header(reply, name: str) -> str:
    """A header of ``reply`` as text ('' when absent): read once here for every caller."""
    return bytes(reply.rawHeader(name.encode("latin-1"))).decode("latin-1").strip()


# --- redirects ------------------------------------------------------------------------------
def redirect_target(reply) -> str:
    """The absolute URL a 3xx answer points to ('' when it is not a redirect)."""
    status = int(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0)
    if status not in REDIRECT_STATUSES:
        return ""
    target = reply.attribute(QNetworkRequest.Attribute.RedirectionTargetAttribute)
    if not isinstance(target, QUrl):
        location = reply_header(reply, "Location")
        target = QUrl(location) if location else None
    if target is None or not target.isValid() or target.isEmpty():
        return ""
    return reply.url().resolved(target).toString(QUrl.ComponentFormattingOption.FullyEncoded)


def next_hop(current: str, target: str, authcfg: str, policy: str, hops: int) -> str:
    """'' when the redirect from ``current`` to ``target`` may be followed (the next request
    is built with ``request(target, authcfg)``, which re-adds the key only on the
    Géoplateforme), else why not, for the user (never the target's query)."""
    where = QUrl(target)
    if hops >= MAX_HOPS:
        return translate("Network", "too many redirections ({0})").format(hops)
    if where.scheme().lower() not in ("http", "https"):
        return translate("Network", "redirected to an address that is not a web address")
    if QUrl(current).scheme().lower() == "https" and where.scheme().lower() == "http":
        return translate("Network", "redirected from a secure (https) address to an insecure "
                                    "(http) one: not followed")
    if policy == REFUSE and keyed(current, authcfg) and not is_geoplateforme(where):
        return translate("Network", "the Géoplateforme redirected this keyed request to another "
                                    "host ({0}): not followed, so that your key stays with the "
                                    "Géoplateforme").format(where.host())
    return ""


# --- the plugin's own manager (no credential prompt, no certificate dialog) ----------------
def _ssl_setup(built: QNetworkRequest) -> None:
    """QGIS's trusted CAs and per-server SSL exceptions, as QgsNetworkAccessManager adds them."""
    manager = QgsApplication.authManager()
    url = built.url()
    if url.scheme().lower() != "https" or manager.isDisabled():
        return
    config = built.sslConfiguration()
    config.setCaCertificates(QgsAuthCertUtils.casMerge(manager.trustedCaCertsCache(),
                                                       config.caCertificates()))
    server = manager.sslCertCustomConfigByHost(f"{url.host().strip()}:{url.port(443)}")
    if not server.isNull():
        config.setProtocol(server.sslProtocol())
        config.setPeerVerifyMode(server.sslPeerVerifyMode())
        config.setPeerVerifyDepth(server.sslPeerVerifyDepth())
    built.setSslConfiguration(config)


def _ignore_allowed_ssl_errors(reply, errors) -> None:
    """Only the errors the user told QGIS to ignore for that server (its SSL exceptions)."""
    url = reply.url()
    server = QgsApplication.authManager().sslCertCustomConfigByHost(f"{url.host()}:{url.port(443)}")
    if server.isNull():
        return
    allowed = {int(e) if not hasattr(e, "value") else e.value for e in server.sslIgnoredErrorEnums()}
    found = {int(e.error()) if not hasattr(e.error(), "value") else e.error().value for e in errors}
    if found and found <= allowed:
        reply.ignoreSslErrors()


def _reply_slot(reply, action, stale=None):
    """A slot that runs ``action(reply, *args)`` while ``reply``'s wrapper is usable, else
    ``stale()`` (if given). PyQt may hand a new reply the wrapper of a freed one born at the
    same address (see _exchange_once): a call through it raises, and an exception escaping a
    slot makes PyQt abort the process wherever QGIS's own exception hook is not installed
    (tests, qgis_process). Seen: the sslErrors slot of a key test over TLS, in a task thread,
    QGIS 3.22. The exchange then ends (``stale``) and is asked again."""
    def slot(*args):
        try:
            if not sip.isdeleted(reply):
                action(reply, *args)
                return
        except RuntimeError:  # the wrapper went stale while the reply is in flight
            pass
        if stale is not None:
            stale()
    return slot


def _proxy_for(url: str) -> QNetworkProxy:
    """The proxy QGIS's manager of this thread would use for ``url``."""
    factory = QgsNetworkAccessManager.instance().proxyFactory()
    proxies = factory.queryProxy(QNetworkProxyQuery(QUrl(url))) if factory is not None else []
    return proxies[0] if proxies else QNetworkProxy(QNetworkProxy.ProxyType.DefaultProxy)


def quiet_manager(url: str) -> QNetworkAccessManager:
    """A manager for one keyed exchange, in the calling thread: QGIS's proxy for ``url``, and
    neither the credential prompt nor the certificate dialog QGIS connects on its own."""
    manager = QNetworkAccessManager()
    manager.setProxy(_proxy_for(url))
    return manager


_QUIET = "bascule_quiet_manager"


def send(built: QNetworkRequest, authcfg: str = "", owner: Optional[QObject] = None):
    """Send ``built`` (from ``request``) asynchronously; returns the reply. A keyed request
    goes through a quiet manager owned by ``owner`` (it lives as long as the owner, so a reply
    read later is still there); others through QGIS's manager of the thread."""
    url = built.url()
    if not keyed(url, authcfg):
        reply = QgsNetworkAccessManager.instance().get(built)
        return reply
    _ssl_setup(built)
    manager = owner.findChild(QNetworkAccessManager, _QUIET) if owner is not None else None
    if manager is None:
        manager = QNetworkAccessManager(owner)
        manager.setObjectName(_QUIET)
        if hasattr(manager, "setTransferTimeout"):  # Qt 5.15: no QGIS timer on this manager
            manager.setTransferTimeout(QgsNetworkAccessManager.timeout())
    manager.setProxy(_proxy_for(url.toString()))
    reply = manager.get(built)
    apply_key_to_reply(reply, url, authcfg)
    reply.sslErrors.connect(_reply_slot(reply, _ignore_allowed_ssl_errors))
    return reply


# --- a blocking GET that follows redirects itself --------------------------------------------
@dataclass
class Answer:
    status: int = 0
    body: bytes = b""
    headers: Dict[str, str] = field(default_factory=dict)  # names lower-cased
    error: str = ""
    from_cache: bool = False
    url: str = ""  # the last address asked
    ssl_error: bool = False
    redirect_refused: bool = False  # ``error`` says why

    def astuple(self):
        return self.status, self.body, self.headers, self.error, self.from_cache


def _exchange(manager, built: QNetworkRequest, authcfg: str, feedback: Optional[QgsFeedback],
              quiet: bool) -> Optional[Answer]:
    try:
        return _exchange_once(manager, built, authcfg, feedback, quiet)
    except RuntimeError as err:
        # The same stale wrapper as below, met earlier: PyQt handed back, for the new reply, the
        # wrapper of a freed one, and the first call on it raised. That reply is left to finish
        # on its own (it holds its address, so the retry gets a fresh one); the caller asks again.
        if "has been deleted" in str(err):
            return None
        raise


def _abort(reply) -> None:
    reply.abort()


def _exchange_once(manager, built: QNetworkRequest, authcfg: str,
                   feedback: Optional[QgsFeedback], quiet: bool) -> Optional[Answer]:
    loop = QEventLoop()
    reply = manager.get(built)
    if sip.isdeleted(reply):
        return None
    apply_key_to_reply(reply, built.url(), authcfg)
    if quiet:
        reply.sslErrors.connect(_reply_slot(reply, _ignore_allowed_ssl_errors))
    reply.finished.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(_reply_slot(reply, _abort, loop.quit))
    timeout = QgsNetworkAccessManager.timeout() if quiet else 0
    if timeout:
        timer.start(timeout)
        reply.downloadProgress.connect(lambda *_: timer.start(timeout))
    watch = None
    if feedback is not None:
        watch = QTimer()  # the feedback is cancelled from another thread: poll it
        watch.timeout.connect(_reply_slot(reply, lambda r: _abort(r) if feedback.isCanceled() else None,
                                          loop.quit))
        watch.start(100)
    if not reply.isFinished():
        loop.exec()
    timer.stop()
    if watch is not None:
        watch.stop()
    if sip.isdeleted(reply):
        # PyQt took this reply's wrapper for one of an earlier reply born at the same address
        # and since freed (seen in task threads, 3.22–3.44): its answer cannot be read. The
        # caller asks again (a GET); nothing is deleted behind the wrapper's back.
        return None
    status = int(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0)
    headers = {bytes(k).decode("latin-1").lower(): bytes(reply.rawHeader(k)).decode("latin-1")
               for k in reply.rawHeaderList()}
    code = reply.error()
    answer = Answer(status, bytes(reply.readAll()), headers, "",
                    bool(reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute)),
                    built.url().toString())
    if code != QNetworkReply.NetworkError.NoError and status not in (304,) + REDIRECT_STATUSES:
        answer.error = reply.errorString() or translate("Network", "network error")
        answer.ssl_error = code == QNetworkReply.NetworkError.SslHandshakeFailedError
    # Deleted now, through sip, so that sip forgets its address, whichever manager made it: a
    # worker thread runs no event loop between two requests, and a reply freed behind sip's
    # back left a stale wrapper that the next reply, born at the same address, inherited (seen:
    # "wrapped C/C++ object of type QNetworkReply has been deleted" midway through a key test,
    # and in a refresh through QGIS's manager).
    sip.delete(reply)
    if QThread.currentThread() is not QCoreApplication.instance().thread():
        # The slot proxies of that reply go too (the UI thread's loop does it there).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return answer


def fetch(url: str, authcfg: str = "", headers: Optional[Dict[str, str]] = None,
          feedback: Optional[QgsFeedback] = None, policy: str = REFUSE) -> Answer:
    """GET ``url``, following redirects by the rule above (blocking: call it from a task).

    A keyed request goes through ``quiet_manager``; others through QGIS's manager of the
    thread (its disk cache answers a 304 with the cached copy, flagged ``from_cache``)."""
    current, hops = url, 0
    while True:
        if feedback is not None and feedback.isCanceled():
            return Answer(error=translate("Network", "cancelled"), url=current)
        built = request(current, authcfg, headers)
        # Always from the network, as QgsBlockingNetworkRequest's forceRefresh did: conditional
        # requests carry their own If-None-Match.
        built.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                           QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        quiet = keyed(current, authcfg)
        answer = None
        for _attempt in range(STALE_REPLY_RETRIES + 1):
            if quiet:
                _ssl_setup(built)
                manager = quiet_manager(current)
            else:
                manager = QgsNetworkAccessManager.instance()
            answer = _exchange(manager, built, authcfg, feedback, quiet)
            manager = None  # a quiet manager goes now, with its reply, in this thread
            if answer is not None or (feedback is not None and feedback.isCanceled()):
                break
        if answer is None:
            return Answer(error=translate("Network", "network error"), url=current)
        target = redirect_target_of(answer, current)
        if not target:
            return answer
        refusal = next_hop(current, target, authcfg, policy, hops)
        if refusal:
            answer.error = refusal
            answer.redirect_refused = True
            answer.status = 0
            answer.body = b""
            return answer
        current, hops = target, hops + 1


def redirect_target_of(answer: Answer, current: str) -> str:
    """The redirect target of a finished blocking exchange ('' when none)."""
    if answer.status not in REDIRECT_STATUSES:
        return ""
    location = answer.headers.get("location", "").strip()
    if not location:
        return ""
    return QUrl(current).resolved(QUrl(location)).toString(QUrl.ComponentFormattingOption.FullyEncoded)


class Fetcher(QObject):
    """An asynchronous GET on QGIS's manager of the UI thread, following redirects by the rule
    above: what a legend image needs, in place of QgsNetworkContentFetcher (which follows
    redirects itself and applies the key again on every host). ``finished`` once; then
    ``content`` holds the body ('' on failure) and ``error`` why."""

    finished = pyqtSignal()

    def __init__(self, policy: str = FOLLOW, parent=None):
        super().__init__(parent)
        self.policy = policy
        self.content = b""
        self.error = ""
        self._reply = None
        self._url = ""
        self._authcfg = ""
        self._hops = 0

    def fetch(self, url: str, authcfg: str = "") -> None:
        self._authcfg, self._hops = authcfg, 0
        self._get(url)

    def _get(self, url: str) -> None:
        self._url = url
        reply = send(request(url, self._authcfg), self._authcfg, self)
        reply.finished.connect(lambda reply=reply: self._done(reply))
        self._reply = reply

    def cancel(self) -> None:
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.abort()
            reply.deleteLater()

    def _done(self, reply) -> None:
        if sip.isdeleted(self) or reply is not self._reply:
            reply.deleteLater()
            return
        self._reply = None
        reply.deleteLater()
        target = redirect_target(reply)
        if target:
            refusal = next_hop(self._url, target, self._authcfg, self.policy, self._hops)
            if not refusal:
                self._hops += 1
                self._get(target)
                return
            self.error = refusal
        elif reply.error() != QNetworkReply.NetworkError.NoError:
            self.error = reply.errorString()
        else:
            self.content = bytes(reply.readAll())
        self.finished.emit()
