"""A minimal Mapbox Vector Tile encoder: real protobuf tiles for QGIS's vector tile provider.

Each tile holds a layer ``bati`` (a square polygon in the middle of the tile) and a layer
``routier`` (a diagonal line), so any style that draws those layers paints pixels.
"""
from __future__ import annotations

EXTENT = 4096


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 31)


def _field(number: int, wire: int, payload: bytes) -> bytes:
    key = _varint((number << 3) | wire)
    if wire == 2:
        return key + _varint(len(payload)) + payload
    return key + payload


def _command(cid: int, count: int) -> int:
    return (cid & 0x7) | (count << 3)


def _geometry(points, close: bool):
    """Encode a path as MoveTo + LineTo (+ ClosePath) commands with zigzag deltas."""
    out = [_command(1, 1)]
    cx = cy = 0
    x, y = points[0]
    out += [_zigzag(x - cx), _zigzag(y - cy)]
    cx, cy = x, y
    out.append(_command(2, len(points) - 1))
    for x, y in points[1:]:
        out += [_zigzag(x - cx), _zigzag(y - cy)]
        cx, cy = x, y
    if close:
        out.append(_command(7, 1))
    return out


def _packed(values) -> bytes:
    return b"".join(_varint(v) for v in values)


def _layer(name: str, geom_type: int, geometry, nature: str) -> bytes:
    feature = (_field(1, 0, _varint(1))
               + _field(2, 2, _packed([0, 0]))
               + _field(3, 0, _varint(geom_type))
               + _field(4, 2, _packed(geometry)))
    value = _field(1, 2, nature.encode())
    return (_field(15, 0, _varint(2))
            + _field(1, 2, name.encode())
            + _field(2, 2, feature)
            + _field(3, 2, b"nature")
            + _field(4, 2, value)
            + _field(5, 0, _varint(EXTENT)))


def tile(z: int, x: int, y: int) -> bytes:
    """The same content for every tile: enough for QGIS to render non-empty pixels."""
    square = [(1024, 1024), (3072, 1024), (3072, 3072), (1024, 3072)]
    polygon = _geometry(square, close=True)  # clockwise in tile coordinates (y down)
    line = _geometry([(0, 0), (EXTENT, EXTENT)], close=False)
    return (_field(3, 2, _layer("bati", 3, polygon, "Indifférenciée"))
            + _field(3, 2, _layer("routier", 2, line, "Route à 2 chaussées")))
