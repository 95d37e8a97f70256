#!/usr/bin/env python3
"""Qt6 (QGIS 4) readiness checks that neither flake8-qgis nor QGIS's pyqt5_to_pyqt6 script
(scripts/pyqt5to6_check.py) makes:

- QT601 every QGIS enum value is written fully scoped (``Qgis.MessageLevel.Warning``, not
  ``Qgis.Warning``): the Qt6 build of QGIS only knows the scoped form. QGIS's script reads
  the enums it fixes from the bindings it imports, and it runs with PyQt6 and without QGIS
  (QGIS's Python bindings here are PyQt5 ones), so it only sees Qt's; Qt's own enums, and
  ``exec_()``, are left to it and to flake8-qgis (QGS403, QGS107).
- QT603 PyQt and sip only through ``qgis.PyQt`` (QGIS picks PyQt5 or PyQt6 there). The script
  rewrites ``from PyQt5.X import`` only (and flake8-qgis QGS103 flags it), so this rule checks
  the other forms: ``import sip``, ``import PyQt5.X``, ``from PyQt5 import X``, PyQt6, PySide.

Whether ``X.Y`` is an enum value cannot be read from the source: the names the file imports
from ``qgis.*`` are resolved by importing them (QGIS's Python bindings, no QgsApplication
needed) and each ``X.Y`` is looked up. A value whose enum type is not ``X`` is unscoped.

Run: python3 scripts/qt6_lint.py FILE_OR_FOLDER...   (exit status 1 when it finds anything)
"""
from __future__ import annotations

import ast
import enum
import importlib
import sys
from pathlib import Path

MISSING = object()
DIRECT_QT = ("PyQt4", "PyQt5", "PyQt6", "PySide", "PySide2", "PySide6", "sip")


def _module_attr(module: str, attr: str | None):
    try:
        value = importlib.import_module(module)
    except ImportError:
        return MISSING
    return value if attr is None else getattr(value, attr, MISSING)


def _qgis_names(tree: ast.AST) -> dict:
    """Names bound by ``import qgis…`` / ``from qgis… import …``, resolved to their objects.

    Where a name is imported twice (a Qt5/Qt6 try/except), the import that resolves wins.
    """
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module \
                and node.module.split(".")[0] == "qgis":
            for alias in node.names:
                value = _module_attr(node.module, alias.name)
                if value is MISSING:  # a submodule: from qgis.PyQt import QtCore
                    value = _module_attr(f"{node.module}.{alias.name}", None)
                if value is not MISSING:
                    names[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "qgis":
                    continue
                value = _module_attr(alias.name if alias.asname else "qgis", None)
                if value is not MISSING:
                    names[alias.asname or "qgis"] = value
    return names


def _resolve(node: ast.AST, names: dict):
    if isinstance(node, ast.Name):
        return names.get(node.id, MISSING)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, names)
        if base is not MISSING:
            try:
                return getattr(base, node.attr, MISSING)
            except Exception:  # noqa: BLE001 - a binding's descriptor may raise without an instance
                return MISSING
    return MISSING


def enum_type(value):
    """The enum type of an enum value (sip enums of PyQt5, Python enums of PyQt6), else None."""
    if isinstance(value, enum.Enum):
        return type(value)
    meta = type(type(value))
    if meta.__name__ == "enumtype" and meta.__module__.split(".")[-1] == "sip":
        return type(value)
    return None


def _unscoped_enum(node: ast.Attribute, names: dict):
    owner = _resolve(node.value, names)
    if owner is MISSING:
        return None
    kind = enum_type(_resolve(node, names))
    if kind is None or kind is owner or kind.__module__.split(".")[0] in DIRECT_QT:
        return None  # not an enum, scoped, or one of Qt's (QGIS's script checks those)
    scope = (f"{ast.unparse(node.value)}.{kind.__name__}"
             if getattr(owner, kind.__name__, None) is kind else kind.__qualname__)
    return f"QT601 unscoped enum {ast.unparse(node)}: write {scope}.{node.attr}"


def check_source(text: str, filename: str = "<source>") -> list[tuple[int, int, str]]:
    """(line, column, message) for each violation in one Python source."""
    tree = ast.parse(text, filename)
    names = _qgis_names(tree)
    found = []
    for node in ast.walk(tree):
        message = None
        if isinstance(node, ast.Attribute):
            message = _unscoped_enum(node, names)
        elif isinstance(node, ast.Import):
            direct = [a.name for a in node.names if a.name.split(".")[0] in DIRECT_QT]
            if direct:
                message = f"QT603 import {', '.join(direct)}: use qgis.PyQt"
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module \
                and node.module.split(".")[0] in DIRECT_QT and not node.module.startswith("PyQt5."):
            message = f"QT603 from {node.module} import: use qgis.PyQt"
        if message:
            found.append((node.lineno, node.col_offset, message))
    return sorted(found)


def python_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        else:
            yield path


def main(argv) -> int:
    failures = 0
    for path in python_files(argv):
        for line, column, message in check_source(path.read_text(encoding="utf-8"), str(path)):
            print(f"{path}:{line}:{column + 1}: {message}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
