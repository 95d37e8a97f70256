"""The local name of downloads and unpacked members: safe on Windows, macOS and Linux whatever
the feed or the archive says, unique in its folder, or refused with a reason."""
from __future__ import annotations

import ntpath
import posixpath
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.download.names import (MAX_BYTES, NameRefused, display_name,
                                                       local_name, member_path)

WINDOWS_FORBIDDEN = set('<>:"|?*/\\') | {chr(c) for c in range(32)}
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³"}


def assert_safe_everywhere(name: str):
    """What Windows, macOS and Linux all take as one plain file name in the folder."""
    assert name and name not in (".", "..")
    assert not (set(name) & WINDOWS_FORBIDDEN), name
    assert "\x7f" not in name
    assert name == name.rstrip(" ."), name  # Windows drops them: another file
    assert name.split(".", 1)[0].rstrip(" ").upper() not in DEVICES, name
    assert len((name + ".part").encode("utf-8")) <= MAX_BYTES
    # Joined to a folder it stays in the folder, whatever the system's rules.
    assert ntpath.dirname(ntpath.join("C:\\dl", name)) == "C:\\dl"
    assert posixpath.dirname(posixpath.join("/dl", name)) == "/dl"
    assert not ntpath.splitdrive(name)[0]


@pytest.mark.parametrize("given_name, expected", [
    ("BDTOPO_3-5_GPKG_LAMB93_D075_2026-06-15.7z", "BDTOPO_3-5_GPKG_LAMB93_D075_2026-06-15.7z"),
    ("x.7z.002", "x.7z.002"),
    ("..\\..\\Windows\\evil.dll", "evil.dll"),
    ("../../etc/passwd", "passwd"),
    ("C:evil.zip", "evil.zip"),
    ("C:\\Users\\x\\evil.zip", "evil.zip"),
    ("dir/sub\\name.zip", "name.zip"),
    ("CON", "CON_"),
    ("con.zip", "con_.zip"),
    ("NUL.tar.gz", "NUL_.tar.gz"),
    ("COM1.7z", "COM1_.7z"),
    ("lpt9", "lpt9_"),
    ("COM¹.txt", "COM¹_.txt"),
    ("CONSOLE.zip", "CONSOLE.zip"),  # only the device names themselves
    ("name. . .", "name"),
    ("name.zip  ", "name.zip"),
    ("a\x00b.zip", "a_b.zip"),
    ("a\nb\tc.zip", "a_b_c.zip"),
    ('a<b>c:d"e|f?g*h.zip', "a_b_c_d_e_f_g_h.zip"),
    ("données été.gpkg", "données été.gpkg"),
])
def test_names_made_safe(given_name, expected):
    made = local_name(given_name)
    assert made == expected
    assert_safe_everywhere(made)


@pytest.mark.parametrize("bad", ["", ".", "..", "/", "\\", "a/..", "C:", "C:\\", "...", " . ", "dir/"])
def test_names_nothing_safe_is_left_of_are_refused(bad):
    with pytest.raises(NameRefused):
        local_name(bad)


def test_a_long_name_is_cut_keeping_its_extension():
    made = local_name("é" * 300 + ".7z.001")
    assert made.endswith(".7z.001") and made.startswith("éé")
    assert len((made + ".part").encode()) <= MAX_BYTES
    made.encode("utf-8")  # never cut inside a character
    long_ascii = local_name("x" * 1000 + ".zip")
    assert long_ascii.endswith(".zip") and len((long_ascii + ".part").encode()) == MAX_BYTES


def test_unique_in_the_folder_case_insensitively():
    taken = set()
    names = []
    for name in ("a.zip", "A.ZIP", "a.zip", "dir/a.zip", "A (2).zip"):
        made = local_name(name, taken)
        taken.add(made.lower())
        names.append(made)
    assert names == ["a.zip", "A (2).ZIP", "a (3).zip", "a (4).zip", "A (2) (2).zip"]
    assert len({n.lower() for n in names}) == len(names)
    long_taken = {local_name("y" * 400 + ".7z").lower()}
    second = local_name("Y" * 400 + ".7z", long_taken)
    assert second.lower() not in long_taken and second.endswith(" (2).7z")
    assert len((second + ".part").encode()) <= MAX_BYTES


def test_archive_members_keep_their_folders_and_never_climb():
    assert member_path("BDTOPO/GPKG/données.gpkg") == ["BDTOPO", "GPKG", "données.gpkg"]
    assert member_path("a\\b\\CON.txt") == ["a", "b", "CON_.txt"]
    assert member_path("./a//b.txt") == ["a", "b.txt"]
    for bad in ("../x", "a/../../x", "/etc/passwd", "C:/x", "c:x", "\\\\server\\share\\x", "", "./"):
        with pytest.raises(NameRefused):
            member_path(bad)


def test_display_name_shows_control_characters():
    assert display_name("a\x00b\n.zip") == "a\\x00b\\x0a.zip"


@settings(max_examples=600, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_any_name_is_safe_or_refused(name):
    try:
        made = local_name(name)
    except NameRefused as refused:
        assert refused.name == name
        return
    assert_safe_everywhere(made)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aAbB.zZ\\/:é ", min_size=1, max_size=8), min_size=1, max_size=12))
def test_any_list_of_names_gives_distinct_names(names):
    taken = set()
    for name in names:
        try:
            made = local_name(name, taken)
        except NameRefused:
            continue
        assert made.lower() not in taken
        assert_safe_everywhere(made)
        taken.add(made.lower())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=5))
def test_any_member_stays_below_the_target(parts):
    member = "/".join(parts)
    try:
        made = member_path(member)
    except NameRefused:
        return
    for part in made:
        assert_safe_everywhere(part)
    assert not re.search(r"(^|/)\.\.(/|$)", "/".join(made))
