"""A migrated project differs from the original only inside the sources the report lists.

Two independent checks. On every real project fixture, every rewritten source is put back
(the new source's XML-escaped forms replaced by the old one's) and the result must be the
original, byte for byte. On crafted documents (CRLF, BOM, DOCTYPE, CDATA, standalone, entity
forms, comments, empty elements, no trailing newline), every byte range that differs must lie
inside the raw text of a source the test itself placed there.
"""
import difflib
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration.project_file import migrate_project_file

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
FIXTURES = sorted(p.name for p in PROJECTS.iterdir() if p.suffix in (".qgs", ".qgz", ".qlr"))
LEGACY = ("crs=EPSG:3857&dpiMode=7&format=image/jpeg&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal"
          "&tileMatrixSet=PM&url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS")


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


def project_xml(path):
    if path.suffix == ".qgz":
        with zipfile.ZipFile(path) as archive:
            return archive.read(next(i for i in archive.infolist() if i.filename.endswith(".qgs")))
    return path.read_bytes()


def esc_text(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(value):
    return esc_text(value).replace('"', "&quot;")


@pytest.mark.parametrize("name", FIXTURES)
def test_real_projects_change_only_inside_reported_sources(tmp_path, name):
    path = tmp_path / name
    shutil.copyfile(PROJECTS / name, path)
    before = project_xml(path)
    report = migrate_project_file(path, backup=False)
    after = project_xml(path)
    rewritten = [d for d in report.decisions if d.migration.applies]  # credentials too
    restored = after
    for decision in rewritten:
        for escape in (esc_text, esc_attr):
            restored = restored.replace(escape(decision.new).encode(), escape(decision.old).encode())
    assert restored == before
    assert (after != before) == bool(rewritten)


def raw_project(datasource_raw, *, newline="\n", bom=False, declaration='<?xml version="1.0" encoding="UTF-8"?>',
                doctype="", tree_attr=None, trailing="\n", extras=""):
    """A project and the byte spans of the raw sources in it."""
    parts = [("\ufeff" if bom else "") + declaration + newline if declaration else ("\ufeff" if bom else "")]
    if doctype:
        parts.append(doctype + newline)
    parts.append('<qgis projectname="" version="3.22.16-Białowieża">' + newline)
    parts.append("  <title></title>" + newline + extras)
    spans = []
    if tree_attr is not None:
        parts.append('  <layer-tree-group><layer-tree-layer id="l1" source="')
        parts.append(tree_attr)
        spans.append(tree_attr)
        parts.append('" name="a&#xa;b"/></layer-tree-group>' + newline)
    parts.append("  <projectlayers>" + newline + "    <maplayer type=\"raster\"><id>l1</id><datasource>")
    parts.append(datasource_raw)
    spans.append(datasource_raw)
    parts.append("</datasource>" + newline + "      <provider>wms</provider><layername>Ortho</layername>"
                 "</maplayer>" + newline + "  </projectlayers>" + newline + "</qgis>" + newline + "<!-- fin -->")
    parts.append(trailing)
    ranges = []
    data = "".join(parts).encode("utf-8")
    cursor = 0
    for raw in spans:
        raw_bytes = raw.encode("utf-8")
        start = data.index(raw_bytes, cursor)
        ranges.append((start, start + len(raw_bytes)))
        cursor = start + len(raw_bytes)
    return data, ranges


def changed_ranges(before: bytes, after: bytes):
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(i1, i2) for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"]


def assert_only_inside(before, after, spans):
    assert after != before
    for start, end in changed_ranges(before, after):
        assert any(s <= start and end <= e for s, e in spans), (before[start - 40:end + 40], spans)


TEXT_FORMS = {
    "escaped": LEGACY.replace("&", "&amp;"),
    "numeric": LEGACY.replace("&", "&#38;"),
    "hex": LEGACY.replace("&", "&#x26;"),
    "cdata": f"<![CDATA[{LEGACY}]]>",
}
ATTR_FORMS = {
    "escaped": LEGACY.replace("&", "&amp;"),
    "mixed": LEGACY.replace("&", "&#38;", 2).replace("&", "&amp;").replace("&amp;#38;", "&#38;"),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(TEXT_FORMS)), st.sampled_from(sorted(ATTR_FORMS) + [None]),
       st.sampled_from(["\n", "\r\n"]), st.booleans(),
       st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0' encoding='utf-8' standalone='yes'?>",
                        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>', ""]),
       st.sampled_from(["", "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>",
                        '<!DOCTYPE qgis [<!ELEMENT qgis ANY>]>']),
       st.sampled_from(["\n", "", "\r\n\r\n"]),
       st.sampled_from(["", "  <a>x &#xa; y</a><b attr='1 &gt; 0'/><![CDATA[<keep>]]>\n",
                        "  <!-- <maplayer> -->\n  <?pi data?>\n"]))
def test_crafted_documents_keep_every_other_byte(tmp_path, text_form, attr_form, newline, bom, declaration,
                                                 doctype, trailing, extras):
    attr_raw = ATTR_FORMS[attr_form] if attr_form else None
    data, spans = raw_project(TEXT_FORMS[text_form], newline=newline, bom=bom, declaration=declaration,
                              doctype=doctype, tree_attr=attr_raw, trailing=trailing, extras=extras)
    path = tmp_path / "crafted.qgs"
    path.write_bytes(data)
    report = migrate_project_file(path, backup=False)
    assert [d.status for d in report.decisions] == ["renamed"]
    after = path.read_bytes()
    assert_only_inside(data, after, spans)
    if text_form == "cdata":
        assert b"<![CDATA[" in after  # still a CDATA section
    again = migrate_project_file(path)
    assert path.read_bytes() == after and not list(tmp_path.glob("*.bak"))
    assert [d.status for d in again.decisions] == ["current"]


def test_qgz_comment_member_order_duplicates_and_raw_members_are_kept(tmp_path):
    data, _ = raw_project(TEXT_FORMS["escaped"])
    path = tmp_path / "p.qgz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.comment = b"made by hand"
        archive.writestr("zz_first.qgd", b"\x00" * 1000, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("p.qgs", data, compress_type=zipfile.ZIP_DEFLATED)
        with pytest.warns(UserWarning, match="Duplicate"):
            archive.writestr("zz_first.qgd", b"second copy", compress_type=zipfile.ZIP_STORED)
        archive.writestr("styles.db", b"db" * 500, compress_type=zipfile.ZIP_DEFLATED)
    original = path.read_bytes()

    def raw_members(blob, archive):
        return [(i.filename, blob[i.header_offset + 30 + len(i.filename) + len(i.extra):][:i.compress_size])
                for i in archive.infolist() if not i.filename.endswith(".qgs")]

    with zipfile.ZipFile(path) as archive:
        before = raw_members(original, archive)
    migrate_project_file(path, backup=False)
    with zipfile.ZipFile(path) as archive:
        assert archive.comment == b"made by hand"
        assert [i.filename for i in archive.infolist()] == ["zz_first.qgd", "p.qgs", "zz_first.qgd", "styles.db"]
        assert raw_members(path.read_bytes(), archive) == before  # compressed bytes untouched
        assert archive.testzip() is None
        assert b"data.geopf.fr" in archive.read("p.qgs")


def test_the_second_parse_catches_any_change_beyond_the_planned_ones():
    from lxml import etree

    from bascule_geoplateforme.core.migration import xml_edit

    old = b'<qgis a="1"><datasource>x</datasource><!-- c --><b>t</b>tail</qgis>'
    planned_only = b'<qgis a="1"><datasource>y</datasource><!-- c --><b>t</b>tail</qgis>'
    xml_edit.verify(etree.fromstring(old), etree.fromstring(planned_only), {}, {1: "y"})
    for wrong in (b'<qgis a="2"><datasource>y</datasource><!-- c --><b>t</b>tail</qgis>',
                  b'<qgis a="1"><datasource>y</datasource><!-- d --><b>t</b>tail</qgis>',
                  b'<qgis a="1"><datasource>y</datasource><!-- c --><b>t</b>tale</qgis>',
                  b'<qgis a="1"><datasource>y</datasource><!-- c --><b>u</b>tail</qgis>',
                  b'<qgis a="1"><datasource>y</datasource><!-- c --><c>t</c>tail</qgis>'):
        with pytest.raises(xml_edit.EditError):
            xml_edit.verify(etree.fromstring(old), etree.fromstring(wrong), {}, {1: "y"})
