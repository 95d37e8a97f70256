"""Many projects at once (core/migration/fleet.py): folders found, every layer reported with its file, bad
files are rows and stay byte-identical, a second run changes nothing, cancel between files."""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import zipfile
from functools import partial
from pathlib import Path

import pytest
from lxml import etree

from bascule_geoplateforme.core.migration import fleet
from bascule_geoplateforme.core.migration.project_file import migrate_project_file

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
LEGACY = "lizmap_77c0c38__external_wms_layer.qgs"


def layer_count(path: Path) -> int:
    """Map layers with a data source, read with plain lxml (what a person would count)."""
    if path.suffix == ".qgz":
        with zipfile.ZipFile(path) as archive:
            data = archive.read(next(n for n in archive.namelist() if n.endswith(".qgs")))
    else:
        data = path.read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return sum(1 for m in root.iter("maplayer") if (m.findtext("datasource") or "").strip())


def digests(folder: Path):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def tree(tmp_path):
    """Every real project fixture in a folder tree, plus the bad cases."""
    root = tmp_path / "partage"
    for index, source in enumerate(sorted(PROJECTS.iterdir())):
        folder = root / ("" if index % 2 else f"service{index}/sous-dossier")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / source.name)
    (root / "corrompu.qgz").write_bytes(b"PK\x03\x04 not really an archive")
    shutil.copyfile(PROJECTS / LEGACY, root / "ancien.qgs~")
    (root / "notes.txt").write_text("pas un projet", encoding="utf-8")
    readonly = root / "lecture-seule" / "projet.qgs"
    readonly.parent.mkdir()
    shutil.copyfile(PROJECTS / LEGACY, readonly)
    readonly.chmod(stat.S_IRUSR | stat.S_IRGRP)
    return root


def migrate(found, **options):
    dry_run = options.pop("dry_run", False)
    return fleet.run(found, partial(migrate_project_file, dry_run=dry_run, backup=True),
                     dry_run=dry_run, **options)


def by_name(run):
    return {Path(o.location).name: o for o in run.outcomes}


def test_a_folder_tree_is_migrated_and_every_layer_reported(tree):
    bad = {name: (tree / name).read_bytes()
           for name in ("corrompu.qgz", "ancien.qgs~", "notes.txt", "lecture-seule/projet.qgs")}
    found = fleet.find_projects([str(tree)])
    assert [Path(p).name for p in found.ignored] == ["notes.txt"]
    run = migrate(found)
    outcomes = by_name(run)
    assert set(outcomes) == {p.name for p in PROJECTS.iterdir()} | {
        "corrompu.qgz", "ancien.qgs~", "projet.qgs"}
    assert outcomes["corrompu.qgz"].state == fleet.ERROR
    assert outcomes["projet.qgs"].state == fleet.ERROR  # read-only: reported, not written
    assert outcomes["ancien.qgs~"].state == fleet.SKIPPED
    assert outcomes[LEGACY].state == fleet.CHANGED
    assert outcomes["mborne_ecd9d25__helloworld-gpf.qgz"].state == fleet.NOTHING
    for name, data in bad.items():
        assert (tree / name).read_bytes() == data, name
    # One row per layer, with its file: as many as the file has layers.
    for path in tree.rglob("*"):
        if path.name in outcomes and outcomes[path.name].state in (fleet.CHANGED, fleet.NOTHING):
            rows = [d for d in run.report.decisions if d.location == str(path)]
            assert len(rows) == layer_count(path) == outcomes[path.name].layers, path.name
    assert b"wxs.ign.fr" not in next(tree.rglob(LEGACY)).read_bytes()
    csv = run.report.csv_text()
    assert "corrompu.qgz" in csv and "corrupt zip" in csv and "read-only" in csv
    summary = run.summary("fr")
    assert "Fichiers\u00a0: 9" in summary
    assert "illisibles 2" in summary and "laissés (sauvegardes QGIS *~) 1" in summary
    assert "Autres fichiers ignorés\u00a0: 1" in summary


def test_a_second_run_changes_nothing(tree):
    migrate(fleet.find_projects([str(tree)]))
    after_first = digests(tree)
    second = migrate(fleet.find_projects([str(tree)]))
    assert digests(tree) == after_first
    assert not second.report.changed
    assert {o.state for o in second.outcomes} == {fleet.NOTHING, fleet.ERROR, fleet.SKIPPED}


def test_a_dry_run_writes_nothing(tree):
    before = digests(tree)
    run = migrate(fleet.find_projects([str(tree)]), dry_run=True)
    assert digests(tree) == before
    assert by_name(run)[LEGACY].state == fleet.ANALYSED and run.report.changed
    assert "Dry run: nothing was written." in run.summary("en")


def test_cancel_between_files_leaves_the_rest_untouched(tree):
    before = digests(tree)
    seen = []
    run = migrate(fleet.find_projects([str(tree)]), on_file=lambda i, n, o: seen.append(i),
                  is_cancelled=lambda: len(seen) >= 1)
    assert seen == [1] and run.cancelled
    cancelled = [o for o in run.outcomes if o.state == fleet.CANCELLED]
    assert len(cancelled) == len(fleet.find_projects([str(tree)]).projects) - 1
    for outcome in cancelled:
        rel = str(Path(outcome.location).relative_to(tree))
        assert hashlib.sha256(Path(outcome.location).read_bytes()).hexdigest() == before[rel]


def test_the_project_open_in_qgis_is_refused_but_can_be_analysed(tree):
    legacy = next(tree.rglob(LEGACY))
    data = legacy.read_bytes()
    run = migrate(fleet.find_projects([str(legacy)]), open_project=str(legacy))
    assert [o.state for o in run.outcomes] == [fleet.REFUSED]
    assert legacy.read_bytes() == data
    assert "migration dialog" in run.report.decisions[0].message_text("en")
    analysed = migrate(fleet.find_projects([str(legacy)]), open_project=str(legacy), dry_run=True)
    assert [o.state for o in analysed.outcomes] == [fleet.ANALYSED]


def test_inputs_files_folders_types_and_recursion(tree):
    top = fleet.find_projects([str(tree)], recursive=False, suffixes=[".qgz"])
    assert all(Path(p).parent == tree and p.endswith(".qgz") for p in top.projects)
    explicit = fleet.find_projects([str(tree / "notes.txt"), str(tree / "absent.qgs"),
                                    str(tree / "ancien.qgs~"), str(tree), str(tree)])
    states = [(Path(location).name, status) for location, status, _ in explicit.rows]
    assert states == [("notes.txt", fleet.ERROR), ("absent.qgs", fleet.ERROR),
                      ("ancien.qgs~", fleet.SKIPPED)]  # once, named twice
    assert len(explicit.projects) == len(set(map(os.path.realpath, explicit.projects)))
    assert fleet.find_projects(["geopackage:/x.gpkg"]).projects == ["geopackage:/x.gpkg"]
