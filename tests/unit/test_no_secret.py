"""No secret, in any form, in anything the plugin writes or says.

A generated secret is put into every place a source can carry one (credentials in each
syntax, percent-encoded names, a legacy URL's own query, user info, the old key in the path,
a new key in a Géoplateforme URL, quoted values with escaped quotes) and looked for, raw and
percent-encoded, in every output channel: the rewritten source, the messages in both
languages, the CSV and HTML reports written to disk, the migrated project file and the error
a damaged project raises. Sources the plugin does not rewrite keep their bytes (the explicit
exception: it does not touch what it does not migrate).
"""
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration.engine import migrate_source, without_credentials
from bascule_geoplateforme.core.platform.redaction import redact, redact_source
from bascule_geoplateforme.core.migration.project_file import ProjectFileError, migrate_project_file
from bascule_geoplateforme.core.migration.report import Report
from bascule_geoplateforme.core.platform.sources import encode_query_value

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
# Distinctive enough never to occur by chance; letters only, digits only or mixed (old keys
# were masked only when they held a digit), some with the quote and backslash of the spaced form.
SECRET = st.builds(lambda body, tail: "Zq" + body + tail,
                   st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                           min_size=6, max_size=22),
                   st.sampled_from(["", "", "'x", "\\'y", "!$", "%z"]))
WORD_SECRET = st.text("abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=24).map(lambda s: "Zq" + s)
LAYER = "layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles=normal&crs=EPSG:3857&format=image/png"
OLD = "https://wxs.ign.fr/{key}/geoportail/r/wms"


def spaced(value):
    """A value quoted as QgsDataSourceUri writes it: backslash and quote escaped."""
    return value.replace("\\", "\\\\").replace("'", "\\'")


def forms(secret, word):
    """(provider, source, carries the secret in a part the plugin rewrites)."""
    enc = encode_query_value
    full = lambda value: encode_query_value(value, True)  # noqa: E731
    key_url = OLD.format(key=word)
    return [
        ("wms", f"{LAYER}&password={enc(secret)}&username={enc(secret)}&url={OLD.format(key='cartes')}"),
        ("wms", f"{LAYER}&pass%77ord={enc(secret)}&url={OLD.format(key='cartes')}"),
        ("wms", f"{LAYER}&url={enc(OLD.format(key='cartes') + '?password=' + enc(secret) + '&username=' + enc(secret) + '&key=' + enc(secret))}"),
        ("wms", f"{LAYER}&url={full('https://u' + word + ':' + secret + '@wxs.ign.fr/cartes/geoportail/r/wms')}"),
        ("wms", f"{LAYER}&url={full(key_url)}"),
        ("wms", f"{LAYER}&url={enc(key_url)}"),
        ("wms", f"ignoreUrl=GetMap;GetFeatureInfo,featureCount=10,username={word},password={word},url={key_url}"),
        ("WFS", f" password='{spaced(secret)}' "
                f"typename='BDTOPO_BDD_WLD_WGS84G:commune' url='https://wxs.ign.fr/cartes/geoportail/wfs' "
                f"username='{word}' version='auto'"),
        ("wms", f"{LAYER}&url={enc('https://data.geopf.fr/private/wms-r?apikey=' + enc(secret))}"),
        ("wms", f"{LAYER}&http-header:apikey={enc(secret)}&url={enc('https://data.geopf.fr/private/wms-r')}"),
        ("postgres", f"dbname='gis' host=db user='{word}' password='{spaced(secret)}' table=\"t\""),
        ("wms", f"{LAYER}&url={enc('https://wxs.ign.fr/' + word + '/geoportail/wmts/rest/X/normal/PM/{z}/{y}/{x}.png')}"),
    ]


def spellings(secret):
    values = {secret, quote(secret, safe=""), quote(secret), encode_query_value(secret),
              encode_query_value(secret, True)}
    return {v for v in values if len(v) >= 6}


def leaks(text, secret):
    return [v for v in spellings(secret) if v in text]


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


@SETTINGS
@given(SECRET, WORD_SECRET, st.data())
def test_no_secret_in_sources_messages_or_reports(tmp_path, secret, word, data):
    provider, source = data.draw(st.sampled_from(forms(secret, word)))
    result = migrate_source(provider, source)
    said = " ".join(m.text(lang) for m in result.messages for lang in ("en", "fr"))
    for value in (secret, word):
        assert not leaks(said, value), (result.status, said)
        if result.rewrites:
            assert not leaks(result.new_source, value), result.new_source
    if not result.rewrites:
        # Not rewritten: left byte for byte, but for the dead credentials of a legacy source.
        expected = (without_credentials(provider, source)[0]
                    if result.status in ("withdrawn", "unsupported") else source)
        assert result.new_source == expected
    report = Report()
    report.add(result, layer_id="l1", layer_name="couche")
    report.save(tmp_path / "r.csv")
    report.save(tmp_path / "r.html")
    for name in ("r.csv", "r.html"):
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        for value in (secret, word):
            assert not leaks(text, value), (name, source)


@SETTINGS
@given(SECRET, WORD_SECRET)
def test_no_secret_in_a_migrated_project_or_its_error(tmp_path, secret, word):
    enc = encode_query_value
    source = f"{LAYER}&password={enc(secret)}&url={enc(OLD.format(key=word) + '?username=' + enc(secret))}"
    xml_source = source.replace("&", "&amp;")
    project = (f'<qgis version="3.22"><projectlayers><maplayer><id>l1</id><provider>wms</provider>'
               f"<datasource>{xml_source}</datasource></maplayer></projectlayers></qgis>\n")
    path = tmp_path / "p.qgs"
    path.write_text(project, encoding="utf-8")
    report = migrate_project_file(path, backup=False)
    assert report.decisions[0].status in ("migrated", "renamed", "needs_key")
    written = path.read_text(encoding="utf-8")
    assert not leaks(written, secret) and not leaks(written, word)
    broken = tmp_path / "broken.qgs"
    broken.write_text(project.replace("</datasource>", f"<{secret}</datasource>"), encoding="utf-8")
    with pytest.raises(ProjectFileError) as error:
        migrate_project_file(broken)
    assert not leaks(str(error.value), secret) and not leaks(str(error.value), word)


@pytest.mark.parametrize("url, kept", [
    ("https://wxs.ign.fr/essentiels/geoportail/wmts", "essentiels"),
    ("https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetCapabilities", "REQUEST=GetCapabilities"),
    ("https://example.com/monkey=1", "monkey=1"),
])
def test_what_is_not_secret_stays_readable(url, kept):
    assert kept in redact(url) and kept in redact_source("url=" + url)


def test_an_unrewritten_foreign_source_keeps_its_credentials_byte_for_byte():
    source = "dbname='gis' host=db user='bob' password='S3cret!' table=\"t\""
    result = migrate_source("postgres", source)
    assert result.status == "unchanged" and result.new_source is source
    assert "S3cret!" not in redact_source(source, "postgres")
