"""TMS (vector tiles, ``/tms/1.0.0/{layer}/{z}/{x}/{y}.pbf``): the layer in the path. Pure
module."""
from __future__ import annotations

from ...capabilities.model import TMS
from ...platform.sources import ParsedUrl
from .. import rules
from .context import MigrationContext, Rewriter, join, kept_query


class TmsRewriter(Rewriter):
    services = (TMS,)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        parts = legacy.tail.split("/")
        layer = parts[1] if len(parts) > 1 else ""
        if layer and layer != "metadata.json":
            decision = m.decide(TMS, layer)
            if decision.renamed:
                parts[1] = decision.name
                legacy = legacy.with_tail("/".join(parts))
        return join(legacy.endpoint(TMS, m.restricted), url, kept_query(url, legacy))
