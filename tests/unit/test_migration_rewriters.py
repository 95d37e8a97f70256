"""core/migration/rewriters/: one rewriter per service behind a registry, as rules.py has one
rule per legacy service; the engine looks each recognised URL's rewriter up by its service."""
import pytest

from bascule_geoplateforme.core.capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from bascule_geoplateforme.core.migration import engine, rewriters, rules
from bascule_geoplateforme.core.migration.engine import migrate_source, migrate_url
from bascule_geoplateforme.core.migration.rewriters.moved import MovedRewriter
from bascule_geoplateforme.core.migration.rewriters.static_style import StaticStyleRewriter
from bascule_geoplateforme.core.migration.rewriters.tms import TmsRewriter
from bascule_geoplateforme.core.migration.rewriters.unsupported import UnsupportedRewriter
from bascule_geoplateforme.core.migration.rewriters.wfs import WfsRewriter
from bascule_geoplateforme.core.migration.rewriters.wms import WmsRewriter
from bascule_geoplateforme.core.migration.rewriters.wmts import WmtsRewriter
from bascule_geoplateforme.core.platform import endpoints


@pytest.fixture(autouse=True)
def production_base(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)
    engine.clear_caches()
    yield
    engine.clear_caches()


def services_the_rules_give():
    """Every ``LegacyUrl.service`` rules.py can produce (fixed per rule, or per path)."""
    found = {rule.service for host_rules in rules.RULES_BY_HOST.values() for rule in host_rules}
    found |= {rules.STATIC_LEGEND, rules.STATIC_STYLE, rules.STATIC_FONTS}  # StaticRule, per path
    found |= {WFS, WMS_VECTOR}  # UrbanismRule, per path
    found |= {WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS}  # recognise_current
    found.add(rules.UNKNOWN.service)
    return found


def test_the_registry_lists_each_service_once():
    registry = rewriters.registered()
    declared = [s for r in {id(r): r for r in registry.values()}.values() for s in r.services]
    assert len(declared) == len(set(declared)) == len(registry)
    assert set(registry) == services_the_rules_give()
    kinds = {type(r) for r in registry.values()}
    assert kinds == {WmtsRewriter, WmsRewriter, WfsRewriter, TmsRewriter, StaticStyleRewriter,
                     MovedRewriter, UnsupportedRewriter}
    with pytest.raises(ValueError):  # a second rewriter for a service is refused
        rewriters.register(WfsRewriter())
    assert rewriters.registered() == registry


@pytest.mark.parametrize("url,kind,status", [
    ("https://wxs.ign.fr/cartes/geoportail/wmts?SERVICE=WMTS&REQUEST=GetCapabilities",
     WmtsRewriter, "migrated"),
    ("https://wxs.ign.fr/cartes/geoportail/r/wms?SERVICE=WMS", WmsRewriter, "migrated"),
    ("https://wxs.ign.fr/cartes/geoportail/v/wms?SERVICE=WMS", WmsRewriter, "migrated"),
    ("https://wxs.ign.fr/k/inspire/r/wms?SERVICE=WMS", WmsRewriter, "migrated"),
    ("https://wxs.ign.fr/cartes/geoportail/wfs?SERVICE=WFS", WfsRewriter, "migrated"),
    ("https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/PLAN.IGN/{z}/{x}/{y}.pbf",
     TmsRewriter, "migrated"),
    ("https://wxs.ign.fr/static/vectorTiles/styles/PLAN.IGN/standard.json",
     StaticStyleRewriter, None),
    ("https://wxs.ign.fr/static/legends/ORTHOIMAGERY.ORTHOPHOTOS.png", MovedRewriter, "migrated"),
    ("https://wxs.ign.fr/catalogue/geoportail/csw?SERVICE=CSW", MovedRewriter, "migrated"),
    ("https://wxs.ign.fr/k/alti/rest/elevation.json", UnsupportedRewriter, "unsupported"),
    ("https://wxs.ign.fr/k/inspire/wfs", UnsupportedRewriter, "unsupported"),
])
def test_each_url_goes_to_the_rewriter_of_its_service(url, kind, status):
    legacy = rules.recognise(url)
    assert isinstance(rewriters.rewriter_for(legacy.service), kind)
    result = migrate_url(url)
    if status is not None:
        assert result.status == status
    if status != "unsupported":
        assert result.new_source.startswith(endpoints.PRODUCTION_BASE_URL + "/")


def test_a_style_url_token_is_a_vector_tile_style_whatever_its_service():
    legacy = rules.recognise("https://wxs.ign.fr/static/legends/x.png")
    assert isinstance(rewriters.rewriter_for(legacy.service, "styleUrl"), StaticStyleRewriter)
    assert isinstance(rewriters.rewriter_for(rules.UNSUPPORTED, "styleUrl"), UnsupportedRewriter)


class MadeUpRule(rules.Rule):
    """A legacy service rules.py would know but no rewriter handles yet."""

    name = "made-up"
    service = "made-up-service"

    def match(self, url, segments, lower, found):
        if lower[:1] == ["madeup"]:
            return rules.LegacyUrl(self, url, self.service)
        return None


def test_an_unknown_service_is_unchanged(monkeypatch):
    assert rewriters.rewriter_for("made-up-service") is None
    for host in rules.WXS_HOSTS:
        monkeypatch.setitem(rules.RULES_BY_HOST, host, (MadeUpRule(),) + rules.WXS_RULES)
    engine.clear_caches()
    url = "https://wxs.ign.fr/madeup/thing?x=1"
    assert rules.recognise(url).service == "made-up-service"
    for provider, source in (("url", url), ("wms", f"layers=a&password=p&url={url}&username=u")):
        result = migrate_source(provider, source)
        assert result.status == "unchanged" and result.new_source == source
        assert not result.changes and not result.applies
        assert [m.code for m in result.messages] == ["unknown_legacy"]
    # The same address on a service the registry knows is rewritten.
    assert migrate_url("https://wxs.ign.fr/cartes/geoportail/wfs").status == "migrated"
