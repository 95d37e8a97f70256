"""The local name of anything downloaded or unpacked (pure: no QGIS, no Qt).

A name comes from outside (a feed's link, an archive's member) and is written on the user's
disk, which may be Windows, macOS or Linux whatever this machine is. ``local_name`` makes of
it one plain file name, safe on all three, or refuses it with a reason (``NameRefused``):

- separators of every system (``/``, ``\\``) and a drive (``C:``) are not kept: only the last
  segment is the name (the folder is the caller's, never the feed's);
- ``.``, ``..`` and a name left empty are refused;
- characters Windows forbids (``<>:"|?*``), control characters (NUL included) and DEL are
  replaced by ``_``; trailing dots and spaces are removed (Windows drops them silently);
- device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with an extension or the
  superscript digits Windows takes for them) get a ``_`` before their extension;
- the result is at most MAX_BYTES bytes in UTF-8 (the limit of ext4, NTFS, APFS), cut in the
  stem so that the extension (``.7z``, ``.7z.001``, ``.part``'s room included) stays;
- ``taken`` (the names already used in the folder, compared case-insensitively, as NTFS and
  APFS do) makes it unique: ``a.zip`` then ``A.ZIP`` give ``a.zip`` and ``A (2).ZIP``.

The original name is not changed: callers keep it for display.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Collection, Optional

MAX_BYTES = 255
# Room kept for what the download adds while it runs (``.part``) and a uniqueness suffix.
RESERVED_BYTES = len(".part")
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in list("0123456789") + ["¹", "²", "³"]}
# A long extension is not one (``.7z.001`` is two short ones): kept only up to this many bytes.
_MAX_SUFFIX = 16


class NameRefused(ValueError):
    """A name that cannot be made a safe local file name; the message says why (English,
    the caller translates with ``code``)."""

    def __init__(self, code: str, name: str):
        self.code = code
        self.name = name
        super().__init__(f"{code}: {name!r}")


def display_name(name: str) -> str:
    """The name as it can be shown (control characters visible, never raw)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name or "")


def _last_segment(name: str) -> str:
    segment = re.split(r"[/\\]", name)[-1]
    # A drive or an NTFS stream (``C:x``, ``x:stream``) is not a separate segment: ``:`` is
    # replaced below; a bare drive prefix is dropped here.
    return re.sub(r"^[A-Za-z]:", "", segment)


def _split_suffix(name: str):
    """(stem, suffix) with up to two short extensions kept together (``.7z.001``)."""
    stem, suffix = name, ""
    for _ in range(2):
        head, dot, ext = stem.rpartition(".")
        if not dot or not head or not ext or len((dot + ext).encode()) > _MAX_SUFFIX or " " in ext:
            break
        stem, suffix = head, dot + ext + suffix
    return stem, suffix


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:max(0, limit)].decode("utf-8", "ignore")


def _is_device(name: str) -> bool:
    base = name.split(".", 1)[0].rstrip(" ").upper()
    return base in _DEVICES


def _fit(stem: str, suffix: str, extra: str = "") -> str:
    room = MAX_BYTES - RESERVED_BYTES - len(suffix.encode()) - len(extra.encode())
    if room < 1:  # the suffix alone is too long: it is cut too
        suffix = _cut(suffix, MAX_BYTES - RESERVED_BYTES - len(extra.encode()) - 1)
        room = 1
    return (_cut(stem, room).rstrip(" .") or "_") + extra + suffix


def local_name(name: str, taken: Optional[Collection[str]] = None) -> str:
    """A plain file name, safe on Windows, macOS and Linux, for ``name``; unique against
    ``taken`` (lower-cased names). Raises NameRefused when nothing safe is left of it."""
    original = name or ""
    text = unicodedata.normalize("NFC", original)
    text = _last_segment(text)
    text = _FORBIDDEN.sub("_", text)
    text = text.strip(" ").rstrip(" .")
    if text in ("", ".", "..") or not text.strip("._ "):
        raise NameRefused("empty", original)
    stem, suffix = _split_suffix(text)
    if _is_device(text):
        stem = stem + "_"
    candidate = _fit(stem, suffix)
    if taken is None:
        return candidate
    used = {n.lower() for n in taken}
    number = 1
    while candidate.lower() in used:
        number += 1
        if number > 10000:
            raise NameRefused("not_unique", original)
        candidate = _fit(stem, suffix, f" ({number})")
    return candidate


def member_path(member: str) -> list:
    """The safe local names of the folders and file of an archive member (``a/b/c.gpkg``):
    a path that would climb (``..``), start at a root or a drive, or hold an empty name is
    refused (NameRefused) — an archive member is never rewritten to somewhere else."""
    text = (member or "").replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        raise NameRefused("absolute", member)
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        raise NameRefused("climbs", member)
    return [local_name(p) for p in parts]
