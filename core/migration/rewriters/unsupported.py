"""Legacy services with no automatic equivalent (calculation services, INSPIRE WFS) and
legacy addresses no rule knows: said, never rewritten ("unsupported"). Pure module."""
from __future__ import annotations

from ...platform import endpoints
from ...platform.sources import ParsedUrl
from .. import rules
from ..messages import Message
from ..status import Status
from .context import Abort, MigrationContext, Rewriter


class UnsupportedRewriter(Rewriter):
    services = (rules.UNSUPPORTED,)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        if legacy.rule is rules.UNKNOWN:
            m.say(Message("unknown_legacy", url=legacy.url.encode()))
        else:
            name = legacy.tail or legacy.rule.name
            hint = rules.CALCULATION_SERVICES.get(legacy.tail, "")
            if hint.startswith("/"):
                hint = (legacy.base or endpoints.base_url()) + hint
            m.say(Message(
                "unsupported_service", service=name,
                hint=f" (see {hint})" if hint else "",
            ))
        raise Abort(Status.UNSUPPORTED)
