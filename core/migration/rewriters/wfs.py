"""WFS: feature type names in the ``typename`` tokens and in the URL's own query. Pure module."""
from __future__ import annotations

from ...capabilities.model import WFS
from ...platform.sources import URL, ParsedUrl
from .. import rules
from .context import MigrationContext, Rewriter, join, kept_query


class WfsRewriter(Rewriter):
    services = (WFS,)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        query = kept_query(url, legacy)
        # Spaced form: typename='…'; legacy URL form: TYPENAME / TYPENAMES in the query.
        items = [] if m.layers_done or m.parsed.form == URL else m.parsed.find("typename")
        m.layers_done = True
        for param in items:
            if param.value:
                decision = m.decide(WFS, param.value)
                if decision.renamed:
                    m.set_layer_param(param, decision.name)
        for key in ("typename", "typenames"):
            for item in query.query_find(key):
                if item.value:
                    names = [m.decide(WFS, n).name if n else n for n in item.value.split(",")]
                    query.query_set(item, ",".join(names))
        return join(legacy.endpoint(WFS, m.restricted), url, query)
