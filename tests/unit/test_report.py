"""core/migration/report.py: counts, CSV and HTML exports."""
import csv
import io

import pytest

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration.engine import STATUSES, migrate_source, migrate_url
from bascule_geoplateforme.core.migration.messages import Message
from bascule_geoplateforme.core.migration.report import CSV_COLUMNS, Decision, Report, diff_html

WMTS_PM = (
    "crs=EPSG:3857&format=image/jpeg&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
    "&url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities"
)


@pytest.fixture(autouse=True)
def production_base(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


@pytest.fixture
def report():
    report = Report(title="Projet <test> & co")
    report.add(migrate_source("wms", WMTS_PM), layer_id="ortho_1", layer_name="Ortho <b>photos</b>",
               location="projet.qgs")
    report.add(migrate_url("https://data.geopf.fr/wmts"), layer_name="connexion")
    report.add(migrate_url("https://example.com/wms"), layer_name="OSM")
    report.add(migrate_url("https://wxs.ign.fr/k/inspire/wfs"), layer_name="inspire")
    report.add(Decision("id2", "hand-made", "wms", "a=<script>alert(1)</script>", "a=\"b\"", "migrated",
                        [("x", "it's <en>", "c'est <fr>")]))
    return report


def test_counts_cover_every_status(report):
    counts = report.counts
    assert list(counts) == list(STATUSES)
    assert counts["renamed"] == 1 and counts["current"] == 1 and counts["unchanged"] == 1
    assert counts["unsupported"] == 1 and counts["migrated"] == 1 and counts["withdrawn"] == 0
    assert sum(counts.values()) == len(report) == 5
    assert len(report.changed) == 2
    assert report.summary().startswith("Total: 5; ")
    assert "renommée" in report.summary("fr")


def test_decision_from_migration(report):
    decision = report.decisions[0]
    assert decision.layer_id == "ortho_1" and decision.provider == "wms"
    assert decision.old == WMTS_PM and "tileMatrixSet=PM_0_19" in decision.new
    assert decision.status == "renamed" and decision.location == "projet.qgs"
    assert "PM_0_19" in decision.message_text("en") and "PM_0_19" in decision.message_text("fr")
    assert decision.message_text("en") != decision.message_text("fr")


def test_csv_to_a_file_object(report):
    buffer = io.StringIO()
    report.to_csv(buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 6
    first = dict(zip(CSV_COLUMNS, rows[1]))
    assert first["old_source"] == WMTS_PM and first["status"] == "renamed"
    assert first["layer_name"] == "Ortho <b>photos</b>"  # CSV is data, not markup
    assert "Tile matrix set PM" in first["messages_en"] and "Jeu de matrices" in first["messages_fr"]
    assert dict(zip(CSV_COLUMNS, rows[5]))["messages_fr"] == "c'est <fr>"
    assert buffer.getvalue() == report.csv_text()


def test_csv_to_a_path_keeps_accents(report, tmp_path):
    path = tmp_path / "rapport.csv"
    report.to_csv(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheets
    text = data.decode("utf-8-sig")
    assert "Géoplateforme" in text
    assert list(csv.reader(io.StringIO(text)))[1][0] == "ortho_1"


def test_html_escapes_everything(report):
    page = report.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Ortho &lt;b&gt;photos&lt;/b&gt;" in page
    assert "Projet &lt;test&gt; &amp; co" in page
    assert "it&#x27;s &lt;en&gt;" in page
    assert "<b>" not in page


def test_html_highlights_differences(report):
    page = report.to_html()
    assert "<del>PM</del>" in page and "<ins>PM_0_19</ins>" in page
    assert "<ins>data.geopf.fr</ins>" in page


def test_html_in_french(report):
    page = report.to_html("fr")
    assert '<html lang="fr">' in page
    assert "Ancienne source" in page and "migrée, renommée" in page
    assert "c&#x27;est &lt;fr&gt;" in page


def test_diff_html_only_marks_changed_tokens():
    old, new = diff_html("a=1&url=http://wxs.ign.fr/k/wmts", "a=1&url=https://data.geopf.fr/wmts")
    assert old.startswith("a=1&amp;url=") and new.startswith("a=1&amp;url=")
    assert "<del>" in old and "<ins>" in new and "<del>" not in new and "<ins>" not in old
    same, same2 = diff_html("x<y", "x<y")
    assert same == same2 == "x&lt;y"


def test_empty_report():
    report = Report()
    assert report.counts == {s: 0 for s in STATUSES}
    assert "<table" in report.to_html()
    assert report.csv_text().splitlines() == [",".join(CSV_COLUMNS)]


def test_messages_may_be_objects_tuples_or_text():
    decision = Decision("i", "n", "wms", "o", "n2", "migrated",
                        [Message("current", host="h"), ("c", "en", "fr"), "plain"])
    assert decision.message_text("fr", sep="/") == "Déjà sur la Géoplateforme (h) : laissée telle quelle./fr/plain"


def test_reports_written_to_disk_hold_no_secret(tmp_path):
    from bascule_geoplateforme.core.migration.engine import migrate_source
    from bascule_geoplateforme.core.migration.report import Report

    report = Report()
    report.add(migrate_source("postgres", "dbname='gis' host=db user='bob' password='S3cret!' table=\"t\""))
    report.add(migrate_source(
        "wms", "crs=EPSG:3857&format=image/png&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&password=hunter2"
        "&styles=normal&username=bob&url=https://wxs.ign.fr/an7nvfzojv5wa96dsga5nk8w/geoportail/r/wms"))
    report.save(tmp_path / "r.csv")
    report.save(tmp_path / "r.html")
    for name in ("r.csv", "r.html"):
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert "S3cret!" not in text and "hunter2" not in text
        assert "an7nvfzojv5wa96dsga5nk8w" not in text
        assert "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in text and "wms-r" in text
