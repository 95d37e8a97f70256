"""Every Processing algorithm writes its report and its log in one language, by one rule: the
report-language setting when set, else QGIS's interface language (texts.pick_language)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsProcessingFeedback, QgsSettings

from bascule_geoplateforme.core.toolbelt.qgis_side import settings as preferences

DATA = Path(__file__).resolve().parents[1] / "data" / "real-world"
PROJECT = DATA / "projects" / "lizmap_77c0c38__external_wms_layer.qgs"
CONNECTIONS = DATA / "settings" / "thomasg77_2f7e86c__cles-ign-choisirgeoportail-choisirinspire-wfs.xml"
# (report-language setting, interface locale) -> the language every algorithm must write in.
CASES = [("fr", "en_US", "fr"), ("en", "fr_FR", "en"), ("", "fr_CA", "fr"), ("", "de_DE", "en")]


@pytest.fixture
def languages(monkeypatch):
    """Sets the report-language setting and QGIS's interface locale, then puts both back."""
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    qgis = QgsSettings()
    keys = ("locale/overrideFlag", "locale/userLocale", "bascule_geoplateforme/report_language")
    saved = {key: qgis.value(key) for key in keys}

    def choose(setting, locale):
        qgis.setValue("locale/overrideFlag", True)
        qgis.setValue("locale/userLocale", locale)
        qgis.setValue("bascule_geoplateforme/report_language", setting)

    yield choose
    for key, value in saved.items():
        if value is None:
            qgis.remove(key)
        else:
            qgis.setValue(key, value)


class Logged(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)
        super().pushInfo(info)


def _run(algorithm, parameters):
    import processing

    feedback = Logged()
    processing.run(f"bascule_geoplateforme:{algorithm}", parameters, feedback=feedback)
    return "\n".join(feedback.lines)


@pytest.mark.parametrize("setting,locale,lang", CASES)
def test_every_algorithm_writes_in_the_language_the_rule_picks(provider, languages, tmp_path,
                                                                setting, locale, lang):
    languages(setting, locale)
    assert preferences.report_language() == lang
    project = tmp_path / PROJECT.name
    shutil.copyfile(PROJECT, project)
    logs = {
        "migrateprojectfile": _run("migrateprojectfile", {
            "INPUT": str(project), "DRY_RUN": True, "REPORT": str(tmp_path / "one.html")}),
        "analyseprojects": _run("analyseprojects", {
            "INPUT": [str(project)], "REPORT": str(tmp_path / "many.html")}),
        "migrateconnections": _run("migrateconnections", {
            "INPUT": str(CONNECTIONS), "OUTPUT": str(tmp_path / "wfs.xml"),
            "REPORT": str(tmp_path / "connections.html")}),
    }
    layer, migrated = ("Couche", "migrée") if lang == "fr" else ("Layer", "migrated")
    for name in ("one", "many", "connections"):
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and f"<th>{layer}</th>" in html, name
        assert f'class="migrated">{migrated}</td>' in html, name
    for algorithm, log in logs.items():
        assert f"{migrated}" in log, (algorithm, log)
    files = "Fichiers\u00a0: 1" if lang == "fr" else "Files: 1"
    assert files in logs["analyseprojects"]
