"""Migrating real .qgs/.qgz files on disk: sources rewritten everywhere, nothing else lost."""
from __future__ import annotations

import hashlib
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bascule_geoplateforme.core.migration.project_file import ProjectFileError, migrate_project_file

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
LEGACY_HOSTS = (b"wxs.ign.fr", b"gpp3-wxs.ign.fr")


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)


def copy(tmp_path, name):
    target = tmp_path / name
    shutil.copyfile(PROJECTS / name, target)  # not the mode: fixtures may be read-only
    return target


def project_xml(path):
    if path.suffix == ".qgz":
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".qgs"))
            return archive.read(member)
    return path.read_bytes()


def sources(xml):
    root = etree.fromstring(xml)
    return {m.findtext("id"): m.findtext("datasource") for m in root.iter("maplayer")}


def test_qgz_migrated_in_place_with_backup(tmp_path):
    path = copy(tmp_path, "cerema-quadogeo_c245425__72_position_pcrs.qgz")
    original = path.read_bytes()
    before = sources(project_xml(path))
    report = migrate_project_file(path)
    assert report.counts["renamed"] == 2 and report.counts["unchanged"] == 2
    assert (tmp_path / (path.name + ".bak")).read_bytes() == original
    xml = project_xml(path)
    assert not any(host in xml for host in LEGACY_HOSTS)
    after = sources(xml)
    assert after.keys() == before.keys()
    for layer_id, source in before.items():
        if "wxs.ign.fr" in source:
            assert after[layer_id].startswith("contextualWMSLegend=0&crs=EPSG:3857")
            assert "url=https://data.geopf.fr/wmts?" in after[layer_id]
            assert "tileMatrixSet=PM&" not in after[layer_id]
        else:
            assert after[layer_id] == source  # the GeoPackage layers are untouched
    # The layer tree holds the same new sources.
    root = etree.fromstring(xml)
    for node in root.iter("layer-tree-layer"):
        assert node.get("source") == after[node.get("id")]


def test_second_run_changes_nothing(tmp_path):
    path = copy(tmp_path, "cerema-quadogeo_c245425__72_position_pcrs.qgz")
    migrate_project_file(path, backup=False)
    once = path.read_bytes()
    report = migrate_project_file(path)
    assert path.read_bytes() == once
    assert not report.changed
    assert report.counts["current"] == 2 and report.counts["unchanged"] == 2
    assert not list(tmp_path.glob("*.bak"))


def test_control_project_left_byte_identical(tmp_path):
    path = copy(tmp_path, "mborne_ecd9d25__helloworld-gpf.qgz")
    original = path.read_bytes()
    report = migrate_project_file(path)
    assert path.read_bytes() == original
    assert not report.changed and report.counts.get("current") == 2
    assert not list(tmp_path.glob("*.bak"))


def test_other_qgz_members_copied_unchanged(tmp_path):
    path = copy(tmp_path, "thomasg77_af0d1bc__couches-ign-liste.qgz")
    with zipfile.ZipFile(path) as archive:
        before = {i.filename: hashlib.sha256(archive.read(i)).hexdigest() for i in archive.infolist()}
    out = tmp_path / "out.qgz"
    migrate_project_file(path, output=out)
    with zipfile.ZipFile(out) as archive:
        after = {i.filename: hashlib.sha256(archive.read(i)).hexdigest() for i in archive.infolist()}
    assert list(after) == list(before)
    qgd = [name for name in before if name.endswith(".qgd")]
    assert qgd and all(after[name] == before[name] for name in qgd)
    qgs = next(name for name in before if name.endswith(".qgs"))
    assert after[qgs] != before[qgs]
    assert path.read_bytes() == (PROJECTS / path.name).read_bytes()  # output elsewhere


def test_qgis2_project_and_dry_run(tmp_path):
    path = copy(tmp_path, "haubourg_85d7891__Donnees_IGN_Geoportail_qgsv2.qgs")
    original = path.read_bytes()
    report = migrate_project_file(path, dry_run=True)
    assert path.read_bytes() == original
    assert len(report) == 55 and len(report.changed) > 30
    migrate_project_file(path, backup=False)
    xml = path.read_bytes()
    assert xml.startswith(b"<!DOCTYPE qgis")
    changed = [d for d in report.changed]
    new_sources = set(sources(xml).values())
    assert all(d.new in new_sources for d in changed)
    # Old "Pro" credentials are dropped from every rewritten source.
    assert all("password=" not in d.new and "username=" not in d.new for d in changed)
    assert any("password=" in d.old for d in changed)


def test_malformed_xml_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "broken.qgs"
    text = (PROJECTS / "lizmap_77c0c38__external_wms_layer.qgs").read_text(encoding="utf-8")
    path.write_text(text.replace('name="', 'name="R&D ', 1), encoding="utf-8")
    original = path.read_bytes()
    with pytest.raises(ProjectFileError, match="not well-formed XML"):
        migrate_project_file(path)
    assert path.read_bytes() == original and not list(tmp_path.glob("*.bak"))


def test_corrupt_qgz_is_refused(tmp_path):
    path = tmp_path / "corrupt.qgz"
    path.write_bytes((PROJECTS / "cerema-quadogeo_c245425__72_position_pcrs.qgz").read_bytes()[:3000])
    with pytest.raises(ProjectFileError, match="corrupt|damaged"):
        migrate_project_file(path)


def test_read_only_file_is_not_touched(tmp_path):
    path = copy(tmp_path, "lizmap_77c0c38__external_wms_layer.qgs")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    original = path.read_bytes()
    with pytest.raises(ProjectFileError, match="read-only"):
        migrate_project_file(path)
    assert path.read_bytes() == original and not list(tmp_path.glob("*.bak"))


def test_backup_copies_and_unknown_files_are_refused(tmp_path):
    backup = tmp_path / "projet.qgs~"
    backup.write_bytes((PROJECTS / "lizmap_77c0c38__external_wms_layer.qgs").read_bytes())
    with pytest.raises(ProjectFileError, match="backup"):
        migrate_project_file(backup)
    other = tmp_path / "notes.txt"
    other.write_text("wxs.ign.fr")
    with pytest.raises(ProjectFileError, match="not a QGIS project"):
        migrate_project_file(other)


def test_output_keeps_the_input_type_and_new_files_are_readable_by_others(tmp_path):
    path = copy(tmp_path, "cerema-quadogeo_c245425__72_position_pcrs.qgz")
    with pytest.raises(ProjectFileError, match="must keep the type"):
        migrate_project_file(path, output=tmp_path / "out.qgs")
    assert not (tmp_path / "out.qgs").exists()
    out = tmp_path / "out.qgz"
    migrate_project_file(path, output=out)
    assert zipfile.is_zipfile(out)
    assert stat.S_IMODE(out.stat().st_mode) & 0o044  # not owner-only, unlike mkstemp's files


def test_damaged_member_in_a_qgz_is_a_clear_error(tmp_path):
    path = copy(tmp_path, "cerema-quadogeo_c245425__72_position_pcrs.qgz")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(".qgs"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 60):  # scramble the compressed stream
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectFileError):
        migrate_project_file(path, dry_run=True)
