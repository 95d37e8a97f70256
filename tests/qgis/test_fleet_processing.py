""""Migrate projects" in QGIS: progress per file, cancel between files, the project open in QGIS
refused (never written behind QGIS's back), the summary in the Processing log."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsProcessingFeedback, QgsProject
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)


PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
LEGACY = ["lizmap_77c0c38__external_wms_layer.qgs", "cerema-quadogeo_c245425__72_position_pcrs.qgz",
          "haubourg_85d7891__Donnees_IGN_Geoportail_qgsv2.qgs"]
ALG = "bascule_geoplateforme:migrateprojects"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    for name in LEGACY:
        shutil.copyfile(PROJECTS / name, tmp_path / name)
    return tmp_path


class LoggedFeedback(QgsProcessingFeedback):
    """QGIS's feedback, keeping what the algorithm logged and the progress it reported."""

    def __init__(self):
        super().__init__()
        self.lines, self.progress = [], []
        self.progressChanged.connect(self.progress.append)

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)
        super().pushInfo(info)


def test_progress_per_file_and_a_readable_summary(provider, folder):
    import processing

    feedback = LoggedFeedback()
    result = processing.run(ALG, {"INPUT": [str(folder)], "REPORT": str(folder / "r.html")},
                            feedback=feedback)
    assert result["FILES"] == 3 and result["ERRORS"] == 0
    assert [round(p) for p in feedback.progress if p > 0] == [33, 67, 100]
    log = "\n".join(feedback.lines)
    assert "Files: 3 (migrated 3)" in log and "Layers: Total:" in log
    assert all(b"wxs.ign.fr" not in (folder / n).read_bytes() for n in LEGACY[:1])


def test_cancel_between_files(provider, folder):
    import processing

    feedback = LoggedFeedback()
    feedback.progressChanged.connect(lambda value: value > 0 and feedback.cancel())
    before = {n: (folder / n).read_bytes() for n in LEGACY}
    processing.run(ALG, {"INPUT": [str(folder)], "REPORT_CSV": str(folder / "r.csv")},
                   feedback=feedback)
    changed = [n for n in LEGACY if (folder / n).read_bytes() != before[n]]
    assert changed == [sorted(LEGACY)[0]]  # the first file, then nothing more
    report = (folder / "r.csv").read_text(encoding="utf-8-sig")
    assert report.count(",cancelled,") == 2
    assert "Cancelled: the remaining files were not processed." in "\n".join(feedback.lines)


def test_the_open_project_is_refused(provider, folder):
    import processing

    project = QgsProject.instance()
    path = folder / LEGACY[0]
    assert project.read(str(path))
    data = path.read_bytes()
    try:
        result = processing.run(ALG, {"INPUT": [str(path)], "REPORT_CSV": str(folder / "r.csv")})
    finally:
        project.clear()
    assert path.read_bytes() == data and result["CHANGED"] == 0
    assert ",refused," in (folder / "r.csv").read_text(encoding="utf-8-sig")
