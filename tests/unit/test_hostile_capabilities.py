"""Hostile capabilities answers: bounded work, a CapabilitiesError, never a hang or a raw error.

Costs are asserted on what the sniffing counts (bytes examined), not on wall time;
pytest-timeout only guards against a hang (the old comment pattern backtracked
exponentially and held the GIL, freezing every QGIS thread).
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.capabilities import CapabilitiesError, parse_capabilities
from bascule_geoplateforme.core.capabilities.xml import is_legacy_url, skip_prolog

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WMTS_ROOT = (b'<Capabilities xmlns="http://www.opengis.net/wmts/1.0" '
             b'xmlns:ows="http://www.opengis.net/ows/1.1"><Contents><Layer>'
             b"<ows:Identifier>X</ows:Identifier><ows:Title>T</ows:Title>"
             b"</Layer></Contents></Capabilities>")
COMMENT = st.sampled_from([b"<!-- c -->", b"<!---->", b"<!--\n-->", b"<!-- - -- ->", b"<!--",
                           b"<!-- <!-- -->", b"\r\n", b" ", b"<!-- <html> -->", b"-->"])


@pytest.mark.timeout(20)
def test_the_old_freezing_shape_parses_at_once():
    data = b'<?xml version="1.0"?>\n' + b"<!-- a comment -->\n" * 26 + WMTS_ROOT
    assert [e.name for e in parse_capabilities(data).entries] == ["X"]
    start, examined = skip_prolog(data)
    assert data[start:].startswith(b"<Capabilities") and examined <= len(data)


@pytest.mark.timeout(20)
def test_a_run_of_unterminated_comments_is_refused():
    data = b"<!--" * 600 + WMTS_ROOT[:40]
    with pytest.raises(CapabilitiesError):
        parse_capabilities(data)
    assert skip_prolog(data)[0] == -1


@pytest.mark.timeout(60)
@SETTINGS
@given(st.lists(COMMENT, max_size=400), st.booleans(), st.sampled_from([WMTS_ROOT, b"<html><head>"
       b"<title>502 Bad Gateway</title></head></html>", b"<!DOCTYPE html><html></html>", b""]))
def test_the_prolog_is_read_once_whatever_the_comments(parts, declaration, root):
    data = (b'<?xml version="1.0"?>' if declaration else b"") + b"".join(parts) + root
    start, examined = skip_prolog(data)
    # Counted operation: every byte is examined at most once (plus the 3-byte lookahead of
    # a comment terminator).
    assert examined <= len(data) + 3
    try:
        parse_capabilities(data)
    except CapabilitiesError as error:
        if root.startswith(b"<html") and start != -1 and data[start:] == root and len(data) <= 2048:
            assert "web page" in str(error)


@pytest.mark.parametrize("depth", [1000, 100_000])
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_a_capabilities_error(depth, opening):
    closing = "]" if opening == "[" else "}"
    body = (opening * depth + "1" + closing * depth).encode()
    with pytest.raises(CapabilitiesError, match="nested too deeply"):
        parse_capabilities(body, "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/metadata.json")


def test_json_nested_as_deep_as_a_real_document_still_reads():
    body = json.dumps({"name": "PLAN.IGN", "vector_layers": [{"id": "a", "fields": {"x": "y"}}]})
    entry = parse_capabilities(body.encode(), "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/metadata.json")
    assert entry.entries[0].keywords == ("a",)


@pytest.mark.parametrize("value", [None, 12, 1.5, object(), ["<Capabilities/>"]])
def test_odd_values_are_a_capabilities_error(value):
    with pytest.raises(CapabilitiesError):
        parse_capabilities(value)


def test_bytearray_and_memoryview_are_read_like_bytes():
    data = b'<?xml version="1.0"?>' + WMTS_ROOT
    for value in (bytearray(data), memoryview(data)):
        assert parse_capabilities(value).entries[0].name == "X"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("url", [
    "https://" + "wxs" * 100_000,
    "https://" + "wxs-" * 100_000 + ".ign.fr.x",
    "//" + "a@" * 100_000,
    "https://" + "-" * 200_000 + "wxs",
])
def test_long_host_like_strings_are_answered_at_once(url):
    # Hang guard only: the old pattern took minutes on these (square of the length).
    assert is_legacy_url(url) is False


@pytest.mark.parametrize("url, legacy", [
    ("https://wxs.ign.fr/k/geoportail/wmts", True),
    ("https://WXS.IGN.FR./k/wmts", True),
    ("http://user:pw@gpp3-wxs.ign.fr:80/k/wms", True),
    ("//wxs-pgie.ign.fr", True),
    ("https://data.geopf.fr/wmts", False),
    ("https://wxs.ign.fr.evil.example/k", False),
    ("https://evil.example/wxs.ign.fr", False),
    ("https://a.wxs.ign.fr/k", False),
    ("https://wxs.ign.fr@evil.example/", False),
    ("", False),
])
def test_legacy_url_recognition(url, legacy):
    assert is_legacy_url(url) is legacy
