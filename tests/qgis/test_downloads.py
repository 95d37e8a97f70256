"""Downloads against the loopback download service, in QGIS: streamed to disk, resumed, checked,
cancelled, unpacked, opened as layers."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject

from bascule_geoplateforme.core.keys.qgis_side import key_store
from bascule_geoplateforme.core.download import feed
from bascule_geoplateforme.core.download.qgis_side import open_layers, transfer, unpack
from bascule_geoplateforme.core.download.qgis_side.client import FeedListing
from bascule_geoplateforme.core.download.qgis_side.transfer import DownloadJob, DownloadQueue, JobFile
from bascule_geoplateforme.core.layers import attribution
from loopback import API_KEY, download
from qgis_helpers import wait_until

DATA = Path(__file__).resolve().parents[1] / "data" / "download"
HAS_API_HEADER = "APIHeader" in QgsApplication.authManager().authMethodsKeys()
EDITION = "BDTOPO_3-5_GPKG_LAMB93_{0}_2026-06-15"


def group_of(resource, sub, restricted=False, authcfg=""):
    """The edition's archive as the panel lists it (the feed read through the plugin's client)."""
    listing = FeedListing(lambda p, n: feed.resource_url(resource, sub, page=p, limit=n,
                                                         restricted=restricted), authcfg=authcfg)
    outcome = []
    listing.finished.connect(lambda ok, message: outcome.append((ok, message)))
    listing.fetch_more(None)
    assert wait_until(lambda: outcome) and outcome == [(True, "")]
    return next(g for g in feed.group_files(listing.entries) if not g.name.endswith(".md5"))


def run(job, timeout=60):
    queue = DownloadQueue()
    queue.add(job)
    assert wait_until(lambda: job.state not in (DownloadJob.QUEUED, DownloadJob.RUNNING), timeout)
    return job


def left_in(folder):
    return sorted(p.name for p in Path(folder).rglob("*"))


def file_requests(gpf, name):
    return [r for r in gpf.requests if r.path.endswith("/" + name)]


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "téléchargements"
    path.mkdir()
    return str(path)


@pytest.fixture
def project():
    yield QgsProject.instance()
    QgsProject.instance().clear()


# --- downloading ------------------------------------------------------------------------------

def test_zip_downloaded_md5_checked_and_geopackage_added_valid(gpf, folder, project):
    group = group_of("BDTOPO", EDITION.format("D013"))
    assert group.parts[0].md5 == hashlib.md5(download.TINY_ZIP).hexdigest()
    job = run(DownloadJob.from_group(group, folder, resource="BD TOPO®",
                                     licence=download.OPEN_LICENCE))
    assert job.state == DownloadJob.DONE, job.message
    assert job.message.startswith("Downloaded, MD5 checked")
    assert Path(job.path).read_bytes() == download.TINY_ZIP and left_in(folder) == [group.name]
    [request] = file_requests(gpf, group.name)
    assert "range" not in request.headers and request.status == 200

    unpacked = unpack.unpack(job.path)
    assert unpacked.method == "zipfile"
    layers, problems = open_layers.add_layers(unpacked.files, "BD TOPO®", download.OPEN_LICENCE, project)
    assert problems == []
    [layer] = layers
    assert layer.isValid() and layer.featureCount() == 3 and layer.crs().authid() == "EPSG:2154"
    assert sorted(f["nom"] for f in layer.getFeatures()) == ["Paris 1er", "Paris 2e", "Paris 3e"]
    group_node = project.layerTreeRoot().findGroup("BD TOPO®")
    assert [n.layerId() for n in group_node.findLayers()] == [layer.id()]
    # IGN's credit, as on every layer the plugin adds (test_one_credit.py): the feed's licence.
    assert layer.metadata().rights() == attribution.rights_for(False, licence=download.OPEN_LICENCE)
    assert layer.metadata().licenses() == [download.OPEN_LICENCE]


def test_7z_unpacked_with_what_this_qgis_has_or_said_clearly(gpf, folder, project):
    group = group_of("BDTOPO", EDITION.format("D075"))
    job = run(DownloadJob.from_group(group, folder, resource="BD TOPO®"))
    assert job.state == DownloadJob.DONE, job.message
    assert Path(job.path).read_bytes() == download.TINY_7Z
    # With no reader (as a QGIS without py7zr, 7-Zip or /vsi7z/): said, with the file's path.
    with pytest.raises(unpack.UnpackError, match="Nothing in this QGIS can open a .7z archive") as raised:
        unpack.unpack(job.path, methods=())
    assert job.path in str(raised.value) and os.path.isfile(job.path)  # kept, to open elsewhere
    # The test environment has py7zr and 7-Zip (test_seven_zip.py forces each reader in turn).
    unpacked = unpack.unpack(job.path)
    assert unpacked.method in ("gdal", "py7zr", "7z program")
    layers, problems = open_layers.add_layers(unpacked.files, "BD TOPO®", project=project)
    assert problems == [] and [layer.featureCount() for layer in layers] == [3]


def test_split_archive_downloaded_as_one_item(gpf, folder):
    group = group_of("BDTOPO", EDITION.format("D078"))
    assert len(group.parts) == 3
    job = DownloadJob.from_group(group, folder)
    assert job.is_split and job.title.endswith(".7z")
    run(job)
    assert job.state == DownloadJob.DONE, job.message
    assert left_in(folder) == [group.name]  # the volumes joined, none left beside
    assert Path(job.path).read_bytes() == download.TINY_7Z
    assert [len(file_requests(gpf, p.name)) for p in group.parts] == [1, 1, 1]


def test_dropped_connection_resumed_with_a_range_request(gpf, folder):
    group = group_of("BDTOPO", EDITION.format("D013"))
    gpf.inject("/telechargement/download/", "cut", times=1)
    job = run(DownloadJob.from_group(group, folder))
    assert job.state == DownloadJob.DONE, job.message
    assert Path(job.path).read_bytes() == download.TINY_ZIP and job.resumes == 1
    first, second = file_requests(gpf, group.name)
    half = len(download.TINY_ZIP) // 2
    assert (first.status, "range" in first.headers) == (200, False)
    assert second.headers["range"] == f"bytes={half}-" and second.status == 206


def test_server_ignoring_range_starts_the_file_again(gpf, folder):
    gpf.ranges = False
    group = group_of("BDTOPO", EDITION.format("D013"))
    gpf.inject("/telechargement/download/", "cut", times=1)
    job = run(DownloadJob.from_group(group, folder))
    assert job.state == DownloadJob.DONE, job.message
    assert Path(job.path).read_bytes() == download.TINY_ZIP
    assert [r.status for r in file_requests(gpf, group.name)] == [200, 200]


def test_connection_that_keeps_dropping_is_reported_and_leaves_nothing(gpf, folder, monkeypatch):
    monkeypatch.setattr(transfer, "RESUME_DELAY_MS", 10)
    group = group_of("BDTOPO", EDITION.format("D013"))
    gpf.inject("/telechargement/download/", "cut")
    job = run(DownloadJob.from_group(group, folder))
    assert job.state == DownloadJob.FAILED
    assert "connection dropped 6 times" in job.message
    assert left_in(folder) == []  # no complete-looking file, no .part
    assert len(file_requests(gpf, group.name)) == transfer.MAX_RESUMES + 1


def test_wrong_md5_reported_and_file_not_offered(gpf, folder):
    group = group_of("BDTOPO", EDITION.format("D013"))
    gpf.corrupt_files.add(group.name)
    job = run(DownloadJob.from_group(group, folder))
    assert job.state == DownloadJob.FAILED and not os.path.exists(job.path)
    assert "MD5 checksum does not match" in job.message and group.parts[0].md5 in job.message
    assert left_in(folder) == []


def test_md5_from_the_folders_md5_file_when_the_entry_has_none(gpf, folder):
    group = group_of("BDTOPO", EDITION.format("D013"))
    md5s = transfer.parse_md5_file(next(
        f for e in download.PUBLIC[1].editions if e.zone == "D013" for f in e.files
        if f.name.endswith(".md5")).content())
    group.parts[0].md5 = ""
    gpf.corrupt_files.add(group.name)
    job = run(DownloadJob.from_group(group, folder, md5s=md5s))
    assert job.state == DownloadJob.FAILED and "MD5" in job.message


def test_cancel_leaves_nothing_behind(gpf, folder):
    gpf.big_files["gros.bin"] = 300 * 1024 * 1024
    url = gpf.base_url + "/telechargement/download/BENCH/x/gros.bin"
    job = DownloadJob("gros.bin", [JobFile(url, "gros.bin", 300 * 1024 * 1024)], folder)
    queue = DownloadQueue()
    queue.add(job)
    assert wait_until(lambda: job.received > 1024 * 1024)
    assert os.path.exists(os.path.join(folder, "gros.bin.part"))
    job.cancel()
    assert job.state == DownloadJob.CANCELLED
    wait_until(lambda: False, 0.5)  # let the aborted reply's last signals arrive
    assert left_in(folder) == []


def test_several_queued_two_at_a_time(gpf, folder):
    groups = [group_of("BDTOPO", EDITION.format(zone)) for zone in ("D075", "D013", "D078")]
    queue = DownloadQueue(parallel=2)
    jobs = [queue.add(DownloadJob.from_group(g, folder)) for g in groups]
    assert [j.state for j in jobs] == [DownloadJob.RUNNING, DownloadJob.RUNNING, DownloadJob.QUEUED]
    assert wait_until(lambda: all(j.state == DownloadJob.DONE for j in jobs))
    assert left_in(folder) == sorted(g.name for g in groups)


def test_not_enough_disk_space_refused_before_any_request(gpf, folder):
    url = gpf.base_url + "/telechargement/download/BENCH/x/enorme.bin"
    job = run(DownloadJob("enorme.bin", [JobFile(url, "enorme.bin", 10 ** 18)], folder))
    assert job.state == DownloadJob.FAILED and job.message.startswith("Not enough disk space")
    assert file_requests(gpf, "enorme.bin") == [] and left_in(folder) == []


def test_existing_file_not_overwritten(gpf, folder):
    group = group_of("BDTOPO", EDITION.format("D013"))
    Path(folder, group.name.upper()).write_bytes(b"mine")  # the same name on NTFS/APFS
    job = run(DownloadJob.from_group(group, folder))
    assert job.state == DownloadJob.DONE, job.message
    assert Path(folder, group.name.upper()).read_bytes() == b"mine"
    stem = group.name[:-len(".zip")]
    assert job.path == os.path.join(folder, f"{stem} (2).zip") and job.title == group.name
    assert Path(job.path).read_bytes() == download.TINY_ZIP


# --- restricted resources -----------------------------------------------------------------------

@pytest.mark.skipif(not HAS_API_HEADER,
                    reason="this QGIS has no APIHeader auth method (it came with 3.24): HASH keys "
                           "cannot be sent; the Basic path is tested instead")
def test_restricted_resource_downloaded_with_a_hash_key(gpf, folder, made_keys):
    config_id = key_store.store_hash_key("Géoplateforme HASH (download tests)", API_KEY)
    group = group_of("SCAN25", "SCAN25_1-0__TIFF_LAMB93_D075_2025-10-01", restricted=True,
                     authcfg=config_id)
    assert "/private/telechargement/download/" in group.parts[0].href
    job = run(DownloadJob.from_group(group, folder, authcfg=config_id))
    assert job.state == DownloadJob.DONE, job.message
    [request] = file_requests(gpf, group.name)
    assert request.path.startswith("/private/") and request.headers.get("apikey") == API_KEY
    assert request.status == 200 and API_KEY not in job.message


def test_restricted_resource_with_a_basic_key_or_refused_clearly(gpf, folder, basic_authcfg, made_keys):
    sub = "SCAN25_1-0__TIFF_LAMB93_D075_2025-10-01"
    group = group_of("SCAN25", sub, restricted=True, authcfg=basic_authcfg)
    job = run(DownloadJob.from_group(group, folder, authcfg=basic_authcfg))
    assert job.state == DownloadJob.DONE, job.message
    [request] = file_requests(gpf, group.name)
    assert request.headers["authorization"].startswith("Basic ")
    wrong = key_store.store_basic_key("wrong", "analyste", "pas-le-bon")
    refused = run(DownloadJob.from_group(group, os.path.join(folder, "autre"), authcfg=wrong))
    assert refused.state == DownloadJob.FAILED and "HTTP 401" in refused.message
    assert "pas-le-bon" not in refused.message and left_in(os.path.join(folder, "autre")) == []


# --- unpacking ------------------------------------------------------------------------------------

def test_zip_member_escaping_the_folder_refused(tmp_path):
    archive = tmp_path / "escape.zip"
    shutil.copy(DATA / "escape.zip", archive)
    with pytest.raises(unpack.UnpackError, match=r"“\.\./x” that would be written outside"):
        unpack.unpack(str(archive))
    assert not (tmp_path / "x").exists() and not (tmp_path / "escape").exists()


def test_7z_member_escaping_the_folder_refused(tmp_path):
    archive = tmp_path / "escape.7z"
    shutil.copy(DATA / "escape.7z", archive)
    with pytest.raises(unpack.UnpackError) as raised:
        unpack.unpack(str(archive))
    message = str(raised.value)
    # Refused by the name check, or (no 7z reader here) never opened at all.
    assert "“../x” that would be written outside" in message or "Nothing in this QGIS" in message
    assert not (tmp_path / "x").exists() and not (tmp_path / "escape").exists()


# Any ".." step is refused, even one that would come back inside: IGN's archives have none.
@pytest.mark.parametrize("member", ["../x", "/etc/x", "a/../../x", "C:/x", "..\\x", "a/../b", ""])
def test_member_paths_that_leave_the_target(tmp_path, member):
    with pytest.raises(unpack.UnpackError):
        unpack.safe_member_path(str(tmp_path), member)


def test_member_paths_that_stay(tmp_path):
    assert unpack.safe_member_path(str(tmp_path), "a/./b.gpkg") == str(tmp_path / "a" / "b.gpkg")
    assert unpack.safe_member_path(str(tmp_path), "b.gpkg") == str(tmp_path / "b.gpkg")


def test_symlink_in_the_target_cannot_lead_out(tmp_path):
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "lien").symlink_to(tmp_path)
    with pytest.raises(unpack.UnpackError):
        unpack.safe_member_path(str(tmp_path / "target"), "lien/x")


# --- open without downloading --------------------------------------------------------------------

def test_streamable_flatgeobuf_opened_over_http(gpf, project):
    edition = next(e for r in download.PUBLIC if r.name == "PRODUIT-04" for e in r.editions)
    file_href = f"{gpf.base_url}/telechargement/download/PRODUIT-04/{edition.name}/{edition.name}.7z"
    url = open_layers.streamable_url(file_href)
    assert url == f"{gpf.base_url}/chunk/telechargement/download/PRODUIT-04/{edition.name}/{edition.name}.fgb"
    layer = open_layers.open_streamable(url, edition.name, "Produit d'essai 04", project=project)
    assert layer is not None and layer.isValid() and layer.featureCount() == 3
    assert gpf.requests_to("/chunk/telechargement/")  # read by GDAL over HTTP, not downloaded
    assert open_layers.streamable_url(file_href.replace("/telechargement/", "/private/telechargement/")) == ""


def test_md5_file_lines_read_as_md5sum_writes_them():
    data = (b"d41d8cd98f00b204e9800998ecf8427e  a.7z.001\n"
            b"0CC175B9C0F1B6A831C399E269772661 *sous/b.zip\n"
            b"not a checksum line\n")
    assert transfer.parse_md5_file(data) == {"a.7z.001": "d41d8cd98f00b204e9800998ecf8427e",
                                             "b.zip": "0cc175b9c0f1b6a831c399e269772661"}
