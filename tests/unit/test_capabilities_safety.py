"""Hostile, broken and non-capabilities answers all end in a CapabilitiesError."""
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.capabilities import CapabilitiesError, parse_capabilities

CAPS = pathlib.Path(__file__).resolve().parents[1] / "data" / "capabilities"
SECRET = "TOP-SECRET-7f3a9c"

BILLION_LAUGHS = (CAPS.parent / "hostile" / "billion_laughs.xml").read_bytes()


def _wmts_with_title(title_xml: str, doctype: str) -> bytes:
    return (f'<?xml version="1.0"?>\n{doctype}\n'
            '<Capabilities xmlns="http://www.opengis.net/wmts/1.0" '
            'xmlns:ows="http://www.opengis.net/ows/1.1"><Contents><Layer>'
            f'<ows:Identifier>X</ows:Identifier><ows:Title>{title_xml}</ows:Title>'
            '</Layer></Contents></Capabilities>').encode()


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def test_billion_laughs_is_refused():
    # How fast: benchmarks/catalog_bench.py.
    with pytest.raises(CapabilitiesError, match="entities"):
        parse_capabilities(BILLION_LAUGHS)


def test_xxe_external_file_entity_is_refused(secret_file):
    data = _wmts_with_title(
        "&xxe;", f'<!DOCTYPE Capabilities [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>')
    with pytest.raises(CapabilitiesError) as error:
        parse_capabilities(data)
    assert SECRET not in str(error.value)


def test_xxe_parameter_entity_is_refused(secret_file):
    data = _wmts_with_title(
        "t", f'<!DOCTYPE Capabilities [<!ENTITY % p SYSTEM "{secret_file.as_uri()}"> %p;]>')
    with pytest.raises(CapabilitiesError) as error:
        parse_capabilities(data)
    assert SECRET not in str(error.value)


def test_entities_beyond_the_byte_scan_are_refused_after_parsing(secret_file):
    # A long comment pushes the declaration past the quick scan of the prolog.
    padding = "<!--" + "x" * 70000 + "-->"
    data = _wmts_with_title(
        "&xxe;",
        f'<!DOCTYPE Capabilities [{padding}<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>')
    with pytest.raises(CapabilitiesError, match="entities") as error:
        parse_capabilities(data)
    assert SECRET not in str(error.value)


def test_external_dtd_is_refused(tmp_path, secret_file):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret_file.as_uri()}">')
    data = _wmts_with_title("&leak;", f'<!DOCTYPE Capabilities SYSTEM "{dtd.as_uri()}">')
    with pytest.raises(CapabilitiesError, match="DTD") as error:
        parse_capabilities(data)
    assert SECRET not in str(error.value)


def test_internal_subset_without_entities_is_accepted():
    data = _wmts_with_title("Plain", "<!DOCTYPE Capabilities [<!ELEMENT Capabilities ANY>]>")
    assert parse_capabilities(data).entries[0].title == "Plain"


@pytest.mark.parametrize("cut", [0.5, 0.999])
def test_truncated_document(cut):
    data = (CAPS / "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml").read_bytes()
    with pytest.raises(CapabilitiesError, match="malformed or incomplete"):
        parse_capabilities(data[: int(len(data) * cut)])


@pytest.mark.parametrize("page", [
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body></body></html>",
    b"\xef\xbb\xbf  <HTML><HEAD><TITLE>502 Bad Gateway</TITLE></HEAD></HTML>",
    b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
    b"<title>502 Bad Gateway</title></head><body/></html>",
])
def test_html_error_page(page):
    with pytest.raises(CapabilitiesError, match="web page.*502 Bad Gateway"):
        parse_capabilities(page)


def test_service_exception_report_message():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<ServiceExceptionReport version="1.3.0" xmlns="http://www.opengis.net/ogc">
  <ServiceException code="LayerNotDefined">Couche inconnue : SCAN25</ServiceException>
</ServiceExceptionReport>"""
    with pytest.raises(CapabilitiesError) as error:
        parse_capabilities(data)
    assert "Couche inconnue : SCAN25" in str(error.value)
    assert "LayerNotDefined" in str(error.value)


def test_ows_exception_report_message():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">
  <ows:Exception exceptionCode="InvalidParameterValue" locator="apikey">
    <ows:ExceptionText>Missing or invalid key</ows:ExceptionText>
  </ows:Exception>
</ows:ExceptionReport>"""
    with pytest.raises(CapabilitiesError, match="Missing or invalid key"):
        parse_capabilities(data)


@pytest.mark.parametrize("body", [b"", b"   \r\n\t "])
def test_empty_body(body):
    with pytest.raises(CapabilitiesError, match="empty"):
        parse_capabilities(body)


@pytest.mark.parametrize("body", [
    b"Service Unavailable",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    bytes(range(256)),
    b"{not json",
    b"[1, 2, 3]",
])
def test_garbage(body):
    with pytest.raises(CapabilitiesError):
        parse_capabilities(body)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=512))
def test_any_bytes_give_capabilities_or_a_clear_capabilities_error(data):
    # Any other exception fails the test; so does an empty message or a nameless entry.
    try:
        result = parse_capabilities(data)
    except CapabilitiesError as error:
        assert str(error).strip()
    else:
        assert all(entry.name for entry in result.entries)


WMTS_DOCUMENT = (CAPS / "wxs_wmts_administratif_2023-11-16_happign.xml").read_bytes()


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=WMTS_DOCUMENT.rindex(b">")))
def test_a_truncated_document_is_refused_not_read_in_part(cut):
    with pytest.raises(CapabilitiesError):
        parse_capabilities(WMTS_DOCUMENT[:cut])


TMS_ROOT = (CAPS / "gpf_tms_root_trimmed_2025-03_ogc-client.xml").read_bytes()


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(TMS_ROOT.rstrip()) - 1))
def test_any_truncation_is_reported_not_crashed(cut):
    with pytest.raises(CapabilitiesError):
        parse_capabilities(TMS_ROOT[:cut])


@pytest.mark.parametrize("body", [
    b'{"name": "PLAN.IGN", "minzoom": 1e400, "maxzoom": 18}',
    b'{"name": "PLAN.IGN", "minzoom": 0, "maxzoom": 18, "vector_layers": 5}',
])
def test_odd_values_in_tile_set_metadata_are_a_capabilities_error(body):
    with pytest.raises(CapabilitiesError, match="unexpected value"):
        parse_capabilities(body, "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/metadata.json")


def test_entries_written_by_a_newer_version_still_load():
    from bascule_geoplateforme.core.capabilities.model import Entry

    entry = Entry.from_dict({"service": "wmts", "name": "X", "a_future_field": [1, 2]})
    assert entry.key == ("wmts", "X")
