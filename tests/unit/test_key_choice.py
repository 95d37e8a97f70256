"""The key-choice rule (core/keys/key_choice.py), without QGIS: which key a restricted layer gets."""
from __future__ import annotations

from bascule_geoplateforme.core.keys.key_choice import KeyChoice, choose_key, known_key

A, B, C = "keyaaa1", "keybbb2", "keyccc3"


def test_the_only_key_that_unlocks_is_used_without_asking():
    # Even over a remembered key that does not unlock it.
    assert known_key([B], [A, B, C], {A}, remembered=A) == B
    assert choose_key([B], [A, B, C], {A}, remembered=A) == KeyChoice(B)


def test_several_unlock_the_remembered_one_among_them_else_ask_which():
    assert known_key([A, B], [A, B, C], set(), remembered=B) == B
    choice = choose_key([A, B], [A, B, C], set(), remembered=C)
    assert choice.ask and choice.offer == (A, B) and choice.several_unlock
    assert choice.preselect == C


def test_none_known_to_unlock_the_remembered_key_unless_its_test_refused_it():
    assert known_key([], [A, B], set(), remembered=A) == A
    assert known_key([], [A, B], {A}, remembered=A) == ""
    choice = choose_key([], [A, B], {A}, remembered=A)
    # Asked: every usable key is offered (a refused test may be out of date), not "several unlock".
    assert choice.ask and choice.offer == (A, B) and not choice.several_unlock


def test_a_remembered_key_that_is_gone_is_not_used():
    assert known_key([], [B], set(), remembered=A) == ""
    assert choose_key([], [], set(), remembered=A) == KeyChoice("", (), False, A)


def test_no_remembered_key_and_no_test_asks():
    assert known_key([], [A, B], set(), remembered="") == ""
    assert choose_key([], [A, B], set(), "").offer == (A, B)


def test_asked_for_another_key_never_chooses_silently():
    choice = choose_key([B], [A, B], set(), remembered=B, ask=True)
    assert choice.ask and choice.offer == (B,) and not choice.several_unlock
