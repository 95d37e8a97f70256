"""The plugin's own Python files, for the tests that read its code as text (with ``ast``)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("__init__.py", "plugin.py", "core", "gui", "processing_provider")


def plugin_files(parts: Iterable[str] = PARTS) -> Iterator[Path]:
    """Each .py file of ``parts`` (files or folders under the repository root), in order."""
    for part in parts:
        path = ROOT / part
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))
