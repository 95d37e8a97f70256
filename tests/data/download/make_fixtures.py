"""Makes the loopback download service's archives (run once; the outputs are committed).

    PYTHONPATH=/path/to/py7zr python3 tests/data/download/make_fixtures.py

A tiny GeoPackage (three Paris arrondissements as polygons, EPSG:2154) written by GDAL, put in
a .zip (zipfile) and a .7z (py7zr, LZMA2 as IGN's archives), the .7z also cut in volumes
(.7z.001, .7z.002…: a split 7z is the archive's bytes cut in pieces, done by the loopback), a
FlatGeobuf copy (the streamable one), and hostile twins: a member named ``../x`` (escape.*), a symbolic link member (link.7z).
"""
import io
import zipfile
from pathlib import Path

import py7zr
from osgeo import gdal, ogr, osr

HERE = Path(__file__).resolve().parent
FOLDER = "BDTOPO_3-5_GPKG_LAMB93_D075_2026-06-15"  # an archive holds one folder, as IGN's do
SQUARES = [("Paris 1er", 651000, 6862000), ("Paris 2e", 651600, 6863000), ("Paris 3e", 652400, 6862600)]


def geopackage(path: Path) -> None:
    path.unlink(missing_ok=True)
    data = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    layer = data.CreateLayer("arrondissement", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("nom", ogr.OFTString))
    for name, x, y in SQUARES:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("nom", name)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({x} {y},{x + 500} {y},{x + 500} {y + 500},{x} {y + 500},{x} {y}))"))
        layer.CreateFeature(feature)
    data = None


def main():
    gpkg = HERE / "arrondissements.gpkg"
    geopackage(gpkg)
    member = f"{FOLDER}/arrondissements.gpkg"
    with zipfile.ZipFile(HERE / "tiny.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(gpkg, member)
    with py7zr.SevenZipFile(HERE / "tiny.7z", "w") as archive:
        archive.write(gpkg, member)
    with zipfile.ZipFile(HERE / "escape.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../x", b"outside the target folder")
        archive.write(gpkg, member)
    # The streamable copy a FlatGeoBuf edition has under /chunk/telechargement/.
    (HERE / "tiny.fgb").unlink(missing_ok=True)
    gdal.VectorTranslate(str(HERE / "tiny.fgb"), str(gpkg), format="FlatGeobuf")
    with py7zr.SevenZipFile(HERE / "escape.7z", "w") as archive:
        archive.writef(io.BytesIO(b"outside the target folder"), "up/x")
        # py7zr refuses to write such a name: rename the entry before the header is written.
        archive.header.files_info.files[-1]["filename"] = "../x"
    link_archive(HERE / "link.7z", gpkg, member)
    gpkg.unlink()


def link_archive(path: Path, gpkg: Path, member: str) -> None:
    """The GeoPackage and, beside it, a symbolic link member pointing out (to /etc/passwd)."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.symlink("/etc/passwd", os.path.join(folder, "lien"))
        with py7zr.SevenZipFile(path, "w") as archive:
            archive.write(gpkg, member)
            archive.write(os.path.join(folder, "lien"), f"{FOLDER}/lien")


if __name__ == "__main__":
    main()
