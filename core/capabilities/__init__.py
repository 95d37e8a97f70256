"""Capabilities parsers: one per protocol, behind a single entry point.

``parse_capabilities(data, url)`` detects the protocol from the document itself (root
element, or JSON for a vector tile set's metadata.json) and returns a Capabilities whose
entries feed the catalogue. Anything unreadable raises CapabilitiesError with a message
meant for the user.
"""
from __future__ import annotations

from .model import TMS, Capabilities, CapabilitiesError
from .tms import parse_tms, parse_tms_metadata_json
from .wfs import parse_wfs
from .wms import parse_wms
from .wmts import parse_wmts
from .xml import parse_xml

__all__ = ["parse_capabilities", "parse_tms_metadata_json", "Capabilities", "CapabilitiesError"]

_PARSERS = {
    "{http://www.opengis.net/wmts/1.0}Capabilities": parse_wmts,
    "{http://www.opengis.net/wms}WMS_Capabilities": parse_wms,
    "WMS_Capabilities": parse_wms,
    "WMT_MS_Capabilities": parse_wms,
    "{http://www.opengis.net/wfs/2.0}WFS_Capabilities": parse_wfs,
    "{http://www.opengis.net/wfs}WFS_Capabilities": parse_wfs,
    "WFS_Capabilities": parse_wfs,
    "TileMapService": parse_tms,
    "TileMap": parse_tms,
}


def parse_capabilities(data: bytes, url: str = "") -> Capabilities:
    """Read a WMTS, WMS, WFS or TMS capabilities document (or a TMS metadata.json)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    elif data is None:
        raise CapabilitiesError("The server returned an empty document.")
    elif not isinstance(data, bytes):
        raise CapabilitiesError(
            f"A capabilities document must be bytes, not {type(data).__name__}.")
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        try:
            entry = parse_tms_metadata_json(data, url)
        except CapabilitiesError:
            raise
        except (TypeError, ValueError, OverflowError, IndexError, AttributeError) as err:
            raise CapabilitiesError(f"The tile set metadata holds an unexpected value ({err}).") from None
        return Capabilities(service=TMS, title=entry.title, url=entry.url, entries=[entry])
    root = parse_xml(data)
    parser = _PARSERS.get(root.tag)
    if parser is None:
        name = root.tag.rpartition("}")[2]
        raise CapabilitiesError(
            f"This is not a supported capabilities document (root element <{name}>).")
    try:
        return parser(root, url)
    except CapabilitiesError:
        raise
    except (TypeError, ValueError, OverflowError, IndexError, AttributeError) as err:
        # A well-formed document with values no client expects: still the user's message.
        raise CapabilitiesError(f"The capabilities document holds an unexpected value ({err}).") from None
