"""Resources that only moved: legends, vector tile fonts, the CSW catalogue, the download
service. Same resource, new address (the rule's endpoint), the query kept. Pure module."""
from __future__ import annotations

from ...platform.sources import ParsedUrl
from .. import rules
from .context import MigrationContext, Rewriter, join, kept_query


class MovedRewriter(Rewriter):
    services = (rules.STATIC_LEGEND, rules.STATIC_FONTS, rules.CSW, rules.DOWNLOAD)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        return join(legacy.endpoint(), url, kept_query(url, legacy))
