"""Which key a restricted layer gets (pure: no qgis/Qt import).

Shared by the dock, the Browser, the locator and the migration; the dialog that asks lives in
gui/keys/key_choice.py, which feeds this rule with what the key store and the key tests know.

The rule: the one key whose last test unlocks the layer is used without a question; when
several do, the remembered choice among them, else the user is asked (and the choice can be
remembered); when none is known to, the remembered key unless its test says it does not,
else the user picks one of their keys or adds one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Sequence, Tuple


@dataclass(frozen=True)
class KeyChoice:
    """What the rule decided for one layer.

    ``key``: the auth config id to use without asking ("" when the user must be asked);
    ``offer``: the ids to offer when asking (the keys that unlock it, else every usable key);
    ``several_unlock``: the question is "which of the keys that unlock it" (several do);
    ``preselect``: the id to select first in the question (the remembered key, "" if none)."""

    key: str
    offer: Tuple[str, ...] = ()
    several_unlock: bool = False
    preselect: str = ""

    @property
    def ask(self) -> bool:
        return not self.key


def known_key(unlocking: Sequence[str], usable: Sequence[str], refused: Collection[str],
              remembered: str) -> str:
    """The key the rule picks without asking ("" when it would ask).

    ``unlocking``: ids of the keys whose last test unlocks the layer; ``usable``: ids of the
    user's usable keys; ``refused``: ids whose last test says they do not unlock it;
    ``remembered``: the key the user chose to use from now on ("" if none)."""
    if len(unlocking) == 1:
        return unlocking[0]
    candidates = list(unlocking) or [k for k in usable if k not in refused]
    return remembered if remembered and remembered in candidates else ""


def choose_key(unlocking: Sequence[str], usable: Sequence[str], refused: Collection[str],
               remembered: str, ask: bool = False) -> KeyChoice:
    """The rule for one restricted layer; ``ask``: the user asked to choose ("Add with another
    key…"), so no silent choice."""
    if not ask:
        silent = known_key(unlocking, usable, refused, remembered)
        if silent:
            return KeyChoice(silent)
    offer = tuple(unlocking) or tuple(usable)
    return KeyChoice("", offer, len(unlocking) > 1, remembered)
