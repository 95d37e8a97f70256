"""A huge or hostile source costs time linear in its size (counted steps, not wall time).

Each shape doubles its input and asserts the counted Python steps (calls and lines, see
tests/op_count.py) about double too; a quadratic cost would quadruple them. The shapes are
the ones found quadratic (message de-duplication over many layer names or url= items, the
HTML report's diff over a source full of '&'), generated with random units. Work done in C
(the QGIS 1.8 comma parser's per-token copy of the rest of the string) is not counted: a
hang-guard test over a size the old code could not finish covers it.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from op_count import growth

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration.engine import migrate_source
from bascule_geoplateforme.core.migration.report import Report, diff_html
from bascule_geoplateforme.core.platform.sources import parse_source

SETTINGS = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
LINEAR = 2.3  # doubling the input may add a little constant work, never double it again
NAME = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ._-0123456789", min_size=1, max_size=12)
WMS = "https://wxs.ign.fr/{key}/geoportail/r/wms"


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)
    migrate_source("wms", "layers=A&url=" + WMS.format(key="warm"))  # load the tables once


@SETTINGS
@given(NAME, st.sampled_from(["wms", "WFS"]))
def test_many_layer_names(unit, provider):
    def build(n, tag):
        names = ",".join(f"{tag}{unit}{i}" for i in range(n))
        if provider == "WFS":
            return " ".join(f"typename='{tag}{unit}{i}'" for i in range(n)) + \
                " url='https://wxs.ign.fr/k/geoportail/wfs'"
        return f"layers={names}&styles&url={WMS.format(key='k')}"
    assert growth(build, lambda s: migrate_source(provider, s), 300) < LINEAR


@SETTINGS
@given(NAME)
def test_many_url_items_with_distinct_keys(unit):
    def build(n, tag):
        return "&".join(f"url={WMS.format(key=f'{tag}{unit}{i}')}" for i in range(n))
    assert growth(build, lambda s: migrate_source("wms", s), 200) < LINEAR


@SETTINGS
@given(st.sampled_from(["password", "username", "user", "PASSWORD"]), NAME)
def test_many_credentials(key, unit):
    def build(n, tag):
        return "".join(f"{key}={tag}{unit}{i}&" for i in range(n)) + "layers=A&url=" + WMS.format(key="k")
    assert growth(build, lambda s: migrate_source("wms", s), 300) < LINEAR


@SETTINGS
@given(st.sampled_from(["&", "=", "&=", "'", ",", "/"]), NAME)
def test_report_diff_of_a_source_full_of_separators(separator, unit):
    def build(n, tag):
        old = f"{tag}{unit}" + separator * n + "layers=A&url=" + WMS.format(key="k")
        new = f"{tag}x" + separator * n + "&layers=B" + separator * (n // 2)
        return old, new
    assert growth(build, lambda pair: diff_html(*pair), 500) < LINEAR


def test_a_whole_report_of_a_huge_source():
    def build(n, tag):
        report = Report()
        report.add(migrate_source("wms", "&" * n + f"layers={tag}&url=" + WMS.format(key="k")))
        return report
    assert growth(build, lambda r: r.to_html(), 2000) < LINEAR


@pytest.mark.timeout(30)
def test_comma_form_with_very_many_tokens():
    # Hang guard: the old parser copied the rest of the string at every token (400,000
    # tokens: hundreds of GB copied); the new one reads each byte once.
    source = "a=b," * 400_000 + "url=https://wxs.ign.fr/k/geoportail/r/wms"
    parsed = parse_source("wms", source)
    assert parsed.form == "comma" and len(parsed.params) == 400_001
    assert parsed.encode() == source
    assert migrate_source("wms", source).status != "unchanged"
