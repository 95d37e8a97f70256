"""Edit an XML document in place, as bytes: change some attribute values and element texts,
leave every other byte as it was.

Pure module. lxml parses the document (and says what each value is); a linear scan of the
markup finds where each element starts, in the same document order, so a value is changed at
its own position and nothing is re-serialised: the declaration, DOCTYPE, CDATA sections,
character references, quotes, line endings, BOM and trailing newline stay as written. Inside
a changed value only the part that differs is rewritten. The caller checks the result with
``verify`` (a second parse) before writing anything.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from lxml import etree


def parser(huge: bool = True) -> etree.XMLParser:
    """The parser for project and connection files: no entities, no DTD, no network; blanks
    kept (edits are made in place around them); ``huge`` lifts libxml2's size limits, which
    projects of many layers pass (their size is capped beforehand). A new one each call: lxml
    parsers must not be shared between threads."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=huge,
                           remove_blank_text=False)


# One markup construct at a '<' (the document is well-formed: lxml read it first). The start
# tag pattern reads quoted values whole, so a '>' inside one does not end the tag; each
# alternative starts with its own characters, so nothing backtracks.
_MARKUP = re.compile(
    rb"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|![A-Za-z](?:[^\[>]|\[.*?\])*>"
    rb"|/[^>]*>|[^>\"'/]*(?:(?:\"[^\"]*\"|'[^']*'|/(?!>))[^>\"'/]*)*/?>)", re.S)
_ATTRIBUTE = re.compile(rb"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DECLARED_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


class EditError(ValueError):
    """The document cannot be edited in place (the caller writes nothing)."""


def document_encoding(data: bytes) -> str:
    """The encoding the document declares (UTF-8 by default), if the scan can read it."""
    match = _DECLARED_ENCODING.match(data[:200])
    encoding = (match.group(1).decode("ascii") if match else "utf-8").lower()
    try:
        ascii_safe = "<&>\"'=".encode(encoding) == b"<&>\"'=" and "utf-16" not in encoding \
            and "utf-32" not in encoding
    except LookupError:
        ascii_safe = False
    if not ascii_safe:
        raise EditError(f"its encoding ({encoding}) cannot be edited in place")
    return encoding


_SPECIAL_TEXT = re.compile(r"[&\r]")
_SPECIAL_ATTRIBUTE = re.compile(r"[&\r\t\n]")


def _decode(raw: bytes, encoding: str, attribute: bool) -> Tuple[str, List[int]]:
    """(value as the parser reads it, raw offset of each of its characters).

    Runs of plain characters are taken whole (one byte each when ASCII): the per-character
    work is only for references, line ends and non-ASCII text."""
    text = raw.decode(encoding)
    out: List[str] = []
    offsets: List[int] = []
    position = 0  # byte offset of text[i]
    special = _SPECIAL_ATTRIBUTE if attribute else _SPECIAL_TEXT
    i, n = 0, len(text)
    while i < n:
        found = special.search(text, i)
        stop = found.start() if found else n
        if stop > i:  # plain characters, kept as they are
            run = text[i:stop]
            out.append(run)
            if run.isascii():
                offsets.extend(range(position, position + len(run)))
                position += len(run)
            else:
                for c in run:
                    offsets.append(position)
                    position += len(c.encode(encoding))
            i = stop
            if found is None:
                break
        c = text[i]
        if c == "&":
            match = _REFERENCE.match(text, i)
            if match is None:
                raise EditError("a value holds a bare '&'")
            name = match.group(1)
            if name.startswith("#x"):
                value = chr(int(name[2:], 16))
            elif name.startswith("#"):
                value = chr(int(name[1:]))
            elif name in _PREDEFINED:
                value = _PREDEFINED[name]
            else:
                raise EditError("a value refers to a declared entity")
            out.append(value)
            offsets.append(position)
            position += len(match.group(0).encode(encoding))
            i = match.end()
            continue
        if c == "\r":  # line ends are read as \n (then a blank in an attribute)
            step = 2 if text.startswith("\r\n", i) else 1
            out.append(" " if attribute else "\n")
            offsets.append(position)
            position += step
            i += step
            continue
        out.append(" ")  # a tab or a line feed in an attribute reads as a blank
        offsets.append(position)
        position += len(c.encode(encoding))
        i += 1
    offsets.append(position)
    return "".join(out), offsets


def _escape(text: str, encoding: str, quote: Optional[str]) -> bytes:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if quote is not None:  # an attribute value
        text = text.replace("\t", "&#9;").replace("\n", "&#10;")
        text = text.replace('"', "&quot;") if quote == '"' else text.replace("'", "&apos;")
    return text.encode(encoding, "xmlcharrefreplace")


def _minimal_edit(start: int, raw: bytes, old: str, new: str, offsets: List[int],
                  encoding: str, quote: Optional[str], cdata: bool = False):
    """(start, end, bytes): replace only the differing middle of the value."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    middle = new[head:len(new) - tail]
    if cdata:
        replacement = middle.replace("]]>", "]]]]><![CDATA[>").encode(encoding, "strict")
    else:
        replacement = _escape(middle, encoding, quote)
    return start + offsets[head], start + offsets[len(old) - tail], replacement


def plan_edits(data: bytes, root: etree._Element, attributes: Dict[int, Dict[str, str]],
               texts: Dict[int, str], encoding: str):
    """Byte edits (start, end, bytes) for the new attribute values and texts of elements
    given by their index in document order (``root.iter()`` elements only)."""
    wanted = set(attributes) | set(texts)
    elements = {}
    for index, element in enumerate(root.iter(tag=etree.Element)):  # elements, in order
        if index in wanted:
            elements[index] = element
    edits = []
    index = -1
    not_start = (ord("/"), ord("!"), ord("?"))  # end tags, comments/CDATA/DOCTYPE, PIs
    for match in _MARKUP.finditer(data):
        if data[match.start() + 1] in not_start:  # (no copy of the tag for the common case)
            continue
        index += 1
        if index not in wanted:
            continue
        tag = match.group(0)
        element = elements[index]
        for name, new in attributes.get(index, {}).items():
            edits.append(_attribute_edit(match, name, element.get(name), new, encoding))
        if index in texts:
            if tag.endswith(b"/>"):
                raise EditError("an element to change has no text")
            edits.append(_text_edit(data, match.end(), element.text or "", texts[index], encoding))
    if index < max(wanted, default=-1):
        raise EditError("the document's elements could not all be found")
    return sorted(edits)


def _attribute_edit(match, name: str, old: str, new: str, encoding: str):
    for attribute in _ATTRIBUTE.finditer(match.group(0)):
        if attribute.group(1).decode(encoding) != name:
            continue
        group = 2 if attribute.group(2) is not None else 3
        raw = attribute.group(group)
        value, offsets = _decode(raw, encoding, attribute=True)
        if value != old:
            raise EditError(f"attribute {name} does not read as the parser read it")
        start = match.start() + attribute.start(group)
        return _minimal_edit(start, raw, old, new, offsets, encoding, '"' if group == 2 else "'")
    raise EditError(f"attribute {name} was not found")


def _text_edit(data: bytes, start: int, old: str, new: str, encoding: str):
    """The element's leading text (text and CDATA sections up to its first child)."""
    segments = []  # (start, end, is_cdata)
    i = start
    while True:
        j = data.find(b"<", i)
        if j == -1:
            raise EditError("an element's text has no end")
        if j > i:
            segments.append((i, j, False))
        if not data.startswith(b"<![CDATA[", j):
            stop = j
            break
        end = data.find(b"]]>", j + 9)
        segments.append((j + 9, end, True))
        i = end + 3
    if len(segments) == 1:
        s, e, cdata = segments[0]
        raw = data[s:e]
        if cdata:
            text = raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
            if text == raw.decode(encoding):  # no line end to map: offsets are per character
                offsets = [0]
                for c in text:
                    offsets.append(offsets[-1] + len(c.encode(encoding)))
                if text != old:
                    raise EditError("a text does not read as the parser read it")
                return _minimal_edit(s, raw, old, new, offsets, encoding, None, cdata=True)
        else:
            value, offsets = _decode(raw, encoding, attribute=False)
            if value != old:
                raise EditError("a text does not read as the parser read it")
            return _minimal_edit(s, raw, old, new, offsets, encoding, None)
    # Text split across CDATA sections, or none: the whole leading text is written again.
    return start, stop, _escape(new, encoding, None)


def apply_edits(data: bytes, edits) -> bytes:
    view = memoryview(data)  # slices of a view copy nothing: one copy of a big file, not two
    out = []
    position = 0
    for start, end, replacement in edits:
        if start < position:
            raise EditError("two changes overlap")
        out.append(view[position:start])
        out.append(replacement)
        position = end
    out.append(view[position:])
    return b"".join(out)


def verify(old_root: etree._Element, new_root: etree._Element, attributes, texts) -> None:
    """The new document reads as the old one with exactly the planned values changed.

    The planned values are set on ``old_root`` itself (the caller is done with it: no third
    tree in memory), then the two trees are compared: the root and its children node by node,
    below them one subtree at a time serialised by lxml (tags, attributes in order, texts,
    tails, comments, references), which keeps the work in C and the memory to one subtree."""
    if attributes or texts:
        for index, element in enumerate(old_root.iter(tag=etree.Element)):
            changed = attributes.get(index)
            if changed:
                for name, value in changed.items():
                    element.set(name, value)
            if index in texts:
                element.text = texts[index]
    if not _same_node(old_root, new_root) or any(
            not _same_node(old, new) or any(etree.tostring(a) != etree.tostring(b)
                                            for a, b in zip(old, new))
            for old, new in zip(old_root, new_root)):
        raise EditError("the edited document does not read as the original with only the "
                        "planned values changed")


def _same_node(old, new) -> bool:
    """Same tag, attributes (in order), text, tail and number of children."""
    return (old.tag == new.tag and old.text == new.text and old.tail == new.tail
            and len(old) == len(new) and (not isinstance(old.tag, str) or old.items() == new.items()))
