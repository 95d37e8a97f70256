"""QGIS 4 (Qt6) readiness of the code that runs in QGIS, and of the metadata.

No QGIS 4 build exists in Debian, so what can be checked is checked statically:
- QGIS's own migration script, scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py of QGIS's source,
  which the plugin site recommends for QGIS 4: Qt's enums scoped, ``exec()``, ``from PyQt5.X``
  imports, Qt5-only APIs. It is installed from PyPI (qgis-pyqt5to6, published by its authors;
  no Debian package ships it: python3-qgis, qgis-common and qgis of Debian 13 and unstable
  hold no scripts/ folder), so its code is not copied here. It needs Python >= 3.12 and PyQt6
  without PyQt5, so it runs in a venv of its own (/opt/pyqt6) inside the QGIS 3.40 and 3.44
  roots (Makefile); Debian 12's Python 3.11 cannot run it, so the 3.22 run skips it. That
  release has no dry run and rewrites in place: scripts/pyqt5to6_check.py runs it on a copy.
- flake8-qgis, rules QGS1xx and QGS4xx except QGS402 (its ``QMetaType.Type`` fix breaks QGIS
  < 3.38, where ``QgsField`` takes a ``QVariant.Type``);
- scripts/qt6_lint.py, the rules both lack: QGIS's own enums scoped (the script reads enums
  from the bindings it imports, and QGIS's are PyQt5 ones), and sip/PyQt only through
  ``qgis.PyQt`` in the forms the script does not rewrite. It imports QGIS's bindings to tell an
  enum value from a constant, hence this file is in tests/qgis;
- metadata.txt as plugins.qgis.org judges it in 2026: ``qgisMaximumVersion`` >= 4.99 marks Qt6
  support and ``supportsQt6`` is deprecated (QGIS-Plugins-Website qgis-app/plugins/validator.py
  and views.py, commit 73c20fa990e4984e175235c8ba2a59cbf09a2685, 2026-07-23).
Each checker is also fed a violation, so that a checker that finds nothing cannot pass.
"""
from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

from honest_skips import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
# The Python that the zip holds (Makefile RUNTIME; test_runtime_list_matches_the_makefile).
RUNTIME_CODE = ("__init__.py", "plugin.py", "core", "gui", "processing_provider")
FLAKE8 = [sys.executable, "-m", "flake8", "--isolated", "--max-line-length=120",
          "--select=QGS1,QGS4", "--extend-ignore=QGS402"]
QT6_LINT = [sys.executable, str(ROOT / "scripts" / "qt6_lint.py")]
PYQT6_PYTHON = Path("/opt/pyqt6/bin/python")  # the roots' venv for QGIS's script (Makefile)
PYQT5_TO_6 = [str(PYQT6_PYTHON), str(ROOT / "scripts" / "pyqt5to6_check.py")]

VIOLATIONS = '''\
from qgis.PyQt.QtCore import Qt, QVariant, QRegExp
from qgis.PyQt.QtWidgets import QDialog
from qgis.core import Qgis
from PyQt5.QtGui import QIcon
import sip

area = Qt.RightDockWidgetArea
level = Qgis.Warning
kind = QVariant.String
QDialog().exec_()
'''


def run(command, *paths):
    done = subprocess.run([*command, *map(str, paths)], cwd=ROOT, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def codes(output):
    return sorted(set(re.findall(r": (QGS\d+|QT6\d+) ", output)))


def test_runtime_list_matches_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    runtime = re.search(r"^RUNTIME\s*:=(.*)$", makefile, re.M).group(1).split()
    python = [item for item in runtime
              if item.endswith(".py") or ((ROOT / item).is_dir() and any((ROOT / item).rglob("*.py")))]
    assert tuple(python) == RUNTIME_CODE


def test_runtime_code_passes_flake8_qgis():
    version = subprocess.run([*FLAKE8[:3], "--version"], capture_output=True, text=True).stdout
    assert "flake8-qgis" in version, version  # else the QGS selection would check nothing
    status, output = run(FLAKE8, *RUNTIME_CODE)
    assert (status, output) == (0, "")


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(VIOLATIONS, encoding="utf-8")
    return path


def pyqt5_to_pyqt6():
    if sys.version_info < (3, 12):
        pytest.skip("QGIS's pyqt5_to_pyqt6 needs Python >= 3.12 (this is Debian 12's 3.11); "
                    "the QGIS 3.40 and 3.44 runs check it")
    if not PYQT6_PYTHON.exists():
        skip_or_fail(f"no PyQt6 venv at {PYQT6_PYTHON.parent.parent} for QGIS's pyqt5_to_pyqt6 "
                     f"(Makefile: the roots' opt/pyqt6)")
    return PYQT5_TO_6


def test_runtime_code_passes_qgis_pyqt5_to_pyqt6():
    assert run(pyqt5_to_pyqt6(), *RUNTIME_CODE) == (0, "")


def test_qgis_pyqt5_to_pyqt6_flags_qt5_code_and_changes_nothing(bad):
    command = pyqt5_to_pyqt6()
    before = bad.read_bytes()
    status, output = run(command, bad)
    assert status == 1
    changed = sorted(line for line in output.splitlines()
                     if line.startswith(("-", "+")) and not line.startswith(("---", "+++")))
    assert changed == [
        "+QDialog().exec()", "+area = Qt.DockWidgetArea.RightDockWidgetArea",
        "+from qgis.PyQt.QtGui import QIcon",
        "-QDialog().exec_()", "-area = Qt.RightDockWidgetArea",
        "-from PyQt5.QtGui import QIcon"], output
    assert "QRegExp is removed in Qt6" in output
    # Not changed (the list above): Qgis.Warning and ``import sip``; qt6_lint sees them
    # (test_qt6_lint_flags_each_violation).
    assert bad.read_bytes() == before  # a check: the script ran on a copy


def test_flake8_qgis_flags_a_violation(bad):
    status, output = run(FLAKE8, bad)
    assert status == 1
    # PyQt5 import, exec_, Qt's renamed enum, QRegExp; not QGS402 (QVariant.String), by choice.
    assert codes(output) == ["QGS103", "QGS107", "QGS403", "QGS406"], output
    # QGS403 knows a table of Qt enums, not QGIS's own: only qt6_lint sees Qgis.Warning (line 8).
    assert "bad.py:8:" not in output


def test_runtime_code_passes_the_qt6_lint():
    status, output = run(QT6_LINT, *RUNTIME_CODE)
    assert (status, output) == (0, "")


def test_qt6_lint_flags_each_violation(bad, tmp_path):
    status, output = run(QT6_LINT, bad)
    assert status == 1
    found = [line.split(": ", 1)[1] for line in output.splitlines()]
    # Only what QGIS's script and flake8-qgis miss: QGIS's enums, sip.
    assert found == [
        "QT603 import sip: use qgis.PyQt",
        "QT601 unscoped enum Qgis.Warning: write Qgis.MessageLevel.Warning",
    ], output
    other_forms = tmp_path / "other_forms.py"
    other_forms.write_text("import PyQt5.QtCore\nfrom PyQt5 import QtGui\nfrom PyQt6.QtCore import Qt\n"
                           "from qgis.core import QgsMapLayer\nkind = QgsMapLayer.VectorLayer\n",
                           encoding="utf-8")
    status, output = run(QT6_LINT, other_forms)
    found = [line.split(": ", 1)[1] for line in output.splitlines()]
    assert found[:3] == [
        "QT603 import PyQt5.QtCore: use qgis.PyQt",
        "QT603 from PyQt5 import: use qgis.PyQt",
        "QT603 from PyQt6.QtCore import: use qgis.PyQt",
    ], output
    # Where the layer type lives depends on the QGIS version (QgsMapLayerType, Qgis.LayerType).
    assert len(found) == 4 and found[3].startswith("QT601 unscoped enum QgsMapLayer.VectorLayer: write ")


def test_qt6_lint_accepts_the_scoped_forms(tmp_path):
    good = tmp_path / "good.py"
    good.write_text('''\
from qgis.PyQt import QtCore
from qgis.PyQt.QtCore import Qt
from qgis.core import Qgis, QgsProcessing

area = Qt.DockWidgetArea.RightDockWidgetArea
flags = Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
level = Qgis.MessageLevel.Warning
output = QgsProcessing.TEMPORARY_OUTPUT
''', encoding="utf-8")
    assert run(QT6_LINT, good) == (0, "")


def metadata_problems(text: str) -> list[str]:
    """What plugins.qgis.org (2026) says against a metadata.txt for a Qt6-ready plugin."""
    parser = configparser.ConfigParser()
    parser.optionxform = str  # the site reads keys case-sensitively
    parser.read_string(text)
    general = parser["general"]
    problems = []
    maximum = general.get("qgisMaximumVersion", "")
    if not re.fullmatch(r"\d+(\.\d+)*", maximum) \
            or tuple(int(part) for part in maximum.split(".")) < (4, 99):
        problems.append(f"qgisMaximumVersion={maximum!r}: 4.99 or higher marks Qt6 support")
    if "supportsQt6" in general:
        problems.append("supportsQt6 is deprecated: remove it")
    return problems


def test_metadata_declares_qt6_support_as_the_repository_reads_it():
    assert metadata_problems((ROOT / "metadata.txt").read_text(encoding="utf-8")) == []


def test_metadata_check_flags_a_violation():
    text = (ROOT / "metadata.txt").read_text(encoding="utf-8")
    old = text.replace("qgisMaximumVersion=4.99", "qgisMaximumVersion=3.99")
    assert old != text
    assert metadata_problems(old) == [
        "qgisMaximumVersion='3.99': 4.99 or higher marks Qt6 support"]
    flagged = text.replace("[general]\n", "[general]\nsupportsQt6=True\n")
    assert metadata_problems(flagged) == ["supportsQt6 is deprecated: remove it"]
