"""Vector tile styles (``wxs.ign.fr/static/vectorTiles/styles/{product}/{style}.json`` and any
``styleUrl=``): product and style renamed by the tables, checked against the catalogue. Pure
module."""
from __future__ import annotations

from ...capabilities.model import TMS
from ...platform import endpoints
from ...platform.sources import ParsedUrl
from .. import rules
from ..messages import Message
from .context import MigrationContext, Rewriter, join, kept_query


class StaticStyleRewriter(Rewriter):
    services = (rules.STATIC_STYLE,)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        if legacy.service != rules.STATIC_STYLE:  # a styleUrl= on another resource: moved
            return join(legacy.endpoint(), url, kept_query(url, legacy))
        parts = [p for p in legacy.tail.split("/") if p]
        product, filename = parts[0], parts[-1]
        style, dot, ext = filename.rpartition(".")
        if not dot:
            style, ext = filename, ""
        rule = m.k.tables.rule("static-style", product) or {}
        new_product = rule.get("rename") or product
        new_style = (rule.get("styles") or {}).get(style, style)
        info = m.k.info(TMS, new_product)
        if info is not None and info.styles and new_style not in info.styles:
            m.say(Message("style_default", old=style, new=info.default_style, layer=new_product))
            new_style = info.default_style
        if new_style != style or new_product != product:
            m.renamed = True
        new_file = f"{new_style}.{ext}" if dot else new_style
        base = (legacy.base or endpoints.base_url()) + "/annexes/ressources/vectorTiles/styles"
        new_url = join(f"{base}/{new_product}/{new_file}", url, kept_query(url, legacy))
        m.say(Message("style_url", new=new_url))
        return new_url
