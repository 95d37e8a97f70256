"""QGIS's pyqt5_to_pyqt6 migration script as a check: what it would change in the given Python
files, without changing them.

    pyqt5to6_check.py PATH...      (files or folders, relative to the current folder)

Runs in its own venv (Makefile: pyqt6-venv), where PyQt6 is installed and PyQt5 is not: the
script reads the Qt enums from PyQt6 itself. It comes from PyPI (qgis-pyqt5to6, QGIS's
scripts/pyqt5_to_pyqt6 packaged by its authors), not copied here. That release has no dry-run
and rewrites in place, so it works on a copy in a temporary folder; each file it would change
is printed as a diff, with its warnings. Exit status 1 on any finding, 0 when there is none.
QGIS's own enums are not read (QGIS's Python bindings are PyQt5 ones here: importing them would
bring PyQt5): the hand-written lint (scripts/qt6_lint.py) keeps checking those.
"""
from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qt6_lint import python_files  # noqa: E402 (stdlib only at import: safe without QGIS)

# Printed at every run where QGIS cannot be imported: expected here, not a finding.
EXPECTED_NOTE = "QGIS classes not available for introspection"


def shown(path: Path) -> Path:
    """The file's path in the copy (and in the output): relative, so that the copy never
    lands on the original."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd())
    except ValueError:
        return Path("outside") / resolved.relative_to(resolved.anchor)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    tool = Path(sys.executable).with_name("pyqt5to6")
    files = list(python_files(argv))
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "code"
        for path in files:
            target = copy / shown(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        done = subprocess.run([str(tool), str(copy)], capture_output=True, text=True)
        said = [line.replace(f"{copy}/", "") for line in (done.stdout + done.stderr).splitlines()
                if line.strip() and EXPECTED_NOTE not in line]
        findings = []
        for path in files:
            before = path.read_text(encoding="utf-8").splitlines(keepends=True)
            after = (copy / shown(path)).read_text(encoding="utf-8").splitlines(keepends=True)
            findings += difflib.unified_diff(before, after, str(shown(path)),
                                             f"{shown(path)} (pyqt5_to_pyqt6)")
    output = "".join(findings) + "".join(f"{line}\n" for line in said)
    sys.stdout.write(output)
    return 1 if output else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
