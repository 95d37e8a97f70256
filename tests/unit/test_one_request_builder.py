"""Issue 22, item 1 (a), as a rule on the plugin's code (read with ``ast``, nothing imported):
a key is put on a request in one place, ``core/toolbelt/qgis_side/network.py`` (which adds it
only on the Géoplateforme's host and follows each redirect itself), and no module hands a key
to a QGIS helper that follows redirects and re-applies it on any host. The behaviour is tested
against the loopback in tests/qgis/test_key_boundary.py; this keeps a new module from going
round the builder. The checker is also run on a small module that breaks the rule."""
from __future__ import annotations

import ast

from plugin_code import ROOT, plugin_files

BUILDER = "core/toolbelt/qgis_side/network.py"
# Applying a key: the builder only (the guard reads what each key adds, on a probe request).
APPLY_KEY = {"updateNetworkRequest": {BUILDER, "core/keys/qgis_side/key_guard.py"},
             "updateNetworkReply": {BUILDER}}
# Helpers that follow redirects themselves and apply an auth config again on every hop.
FOLLOWING_HELPERS = ("setAuthCfg", "blockingGet", "QgsNetworkContentFetcher", "QgsFileDownloader",
                     "QgsNetworkContentFetcherTask", "QgsNetworkContentFetcherRegistry")
# Letting Qt follow redirects (with whatever headers the request carries).
QT_FOLLOWING = ("NoLessSafeRedirectPolicy", "SameOriginRedirectPolicy", "UserVerifiedRedirectPolicy")


def names_used(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node.attr, node.lineno
        elif isinstance(node, ast.Name):
            yield node.id, node.lineno
        elif isinstance(node, ast.alias):
            yield node.name.rsplit(".", 1)[-1], getattr(node, "lineno", 0)


def breaches(relative: str, text: str) -> list:
    found = []
    for name, line in names_used(ast.parse(text)):
        if name in APPLY_KEY and relative not in APPLY_KEY[name]:
            found.append(f"{relative}:{line}: {name} outside the request builder")
        if name in FOLLOWING_HELPERS or name in QT_FOLLOWING:
            found.append(f"{relative}:{line}: {name} follows redirects on its own")
    return found


def test_keys_are_applied_only_by_the_request_builder():
    found = []
    for path in plugin_files():
        found += breaches(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
    assert found == []


def test_the_checker_finds_each_way_round_the_builder():
    module = """
from qgis.core import QgsApplication, QgsBlockingNetworkRequest, QgsFileDownloader
from qgis.PyQt.QtNetwork import QNetworkRequest
def fetch(url, authcfg, request):
    QgsApplication.authManager().updateNetworkRequest(request, authcfg)
    blocking = QgsBlockingNetworkRequest()
    blocking.setAuthCfg(authcfg)
    QgsFileDownloader(url, "/tmp/x", authcfg)
    request.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                         QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
"""
    found = breaches("core/download/qgis_side/elsewhere.py", module)
    assert any("updateNetworkRequest" in f for f in found)
    assert any("setAuthCfg" in f for f in found)
    assert any("QgsFileDownloader" in f for f in found)
    assert any("NoLessSafeRedirectPolicy" in f for f in found)
    assert breaches(BUILDER, "manager.updateNetworkRequest(request, authcfg)\n") == []
