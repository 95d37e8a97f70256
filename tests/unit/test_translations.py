"""The French translation is complete, current with the code, and compiled."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "i18n" / "bascule_geoplateforme_fr.ts"
QM = TS.with_suffix(".qm")
SKIP = ("tests", "benchmarks", "scripts", "build", ".venv", ".qgis-settings")


def messages(path):
    tree = ElementTree.parse(path)
    for context in tree.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def code_files():
    return sorted(str(p) for p in ROOT.rglob("*.py")
                  if not set(p.relative_to(ROOT).parts) & set(SKIP))


def test_every_message_is_translated():
    untranslated = [(ctx, m.findtext("source")) for ctx, m in messages(TS)
                    if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
                    or not (m.findtext("translation") or "").strip()]
    assert untranslated == []


@pytest.mark.skipif(not shutil.which("pylupdate5"), reason="needs pylupdate5 (pyqt5-dev-tools)")
def test_ts_is_current_with_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run(["pylupdate5", "-noobsolete", *code_files(), "-ts", str(fresh)],
                   check=True, capture_output=True)
    in_code = {(ctx, m.findtext("source")) for ctx, m in messages(fresh)}
    in_ts = {(ctx, m.findtext("source")) for ctx, m in messages(TS)}
    assert in_code == in_ts, f"run `make translations`: missing {in_code - in_ts}, stale {in_ts - in_code}"


@pytest.mark.skipif(not shutil.which("lrelease"), reason="needs lrelease (qttools5-dev-tools)")
def test_qm_is_compiled_from_the_ts(tmp_path):
    compiled = tmp_path / "fr.qm"
    subprocess.run(["lrelease", "-silent", str(TS), "-qm", str(compiled)], check=True)
    assert QM.read_bytes() == compiled.read_bytes(), "run `make translations`"
