"""One rewriter per service behind a registry (as rules.py has one rule per legacy service).

Pure package. The engine (engine.py) looks up the rewriter of each recognised URL by its
service (``LegacyUrl.service``) and hands it the source's ``MigrationContext``. Adding a
service: a module here with a ``Rewriter`` naming its services, and one line in ``_REWRITERS``.
A service with no rewriter leaves the source unchanged.
"""
from __future__ import annotations

from typing import Dict, Optional

from .. import rules
from .context import Abort, MigrationContext, Rewriter
from .moved import MovedRewriter
from .static_style import StaticStyleRewriter
from .tms import TmsRewriter
from .unsupported import UnsupportedRewriter
from .wfs import WfsRewriter
from .wms import WmsRewriter
from .wmts import WmtsRewriter

__all__ = ["Abort", "MigrationContext", "Rewriter", "register", "registered", "rewriter_for"]

_REGISTRY: Dict[str, Rewriter] = {}


def register(rewriter: Rewriter) -> None:
    """Make ``rewriter`` the one for each of its services (a service has one rewriter)."""
    for service in rewriter.services:
        if service in _REGISTRY:
            raise ValueError(f"two rewriters for the service {service!r}")
    for service in rewriter.services:
        _REGISTRY[service] = rewriter


def registered() -> Dict[str, Rewriter]:
    """service → its rewriter (a copy)."""
    return dict(_REGISTRY)


def rewriter_for(service: str, slot: str = "url") -> Optional[Rewriter]:
    """The rewriter of a URL of ``service`` found in the ``slot`` token, or None. A
    ``styleUrl=`` is a vector tile style whatever address it had (its rewriter moves any
    other resource as it is), unless nothing replaces its service."""
    if slot == "styleUrl" and service != rules.UNSUPPORTED:
        service = rules.STATIC_STYLE
    return _REGISTRY.get(service)


_REWRITERS = (
    WmtsRewriter(),
    WmsRewriter(),  # WMS-Raster, WMS-Vecteur, the old INSPIRE WMS
    WfsRewriter(),
    TmsRewriter(),  # vector tiles
    StaticStyleRewriter(),  # vector tile styles
    MovedRewriter(),  # legends, fonts, CSW, download
    UnsupportedRewriter(),
)
for _rewriter in _REWRITERS:
    register(_rewriter)
