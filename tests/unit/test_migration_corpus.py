"""The engine over every real data source of tests/data/real-world/datasources.tsv."""
import collections
import csv
import pathlib

import ign_config
import pytest

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration import rules
from bascule_geoplateforme.core.migration.engine import migrate_source
from bascule_geoplateforme.core.platform.sources import parse_source, parse_url

TSV = pathlib.Path(__file__).resolve().parents[1] / "data" / "real-world" / "datasources.tsv"
MOVED = ("migrated", "renamed", "needs_key")


def corpus():
    with open(TSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["notes"] = dict(
            item.strip().split("=", 1) for item in row["note"].split(";") if "=" in item
        )
    return rows


ROWS = corpus()
IDS = [f"{i:03d}-{r['notes'].get('name', '')[:30]}" for i, r in enumerate(ROWS)]


@pytest.fixture(autouse=True)
def production_base(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


@pytest.fixture(scope="module")
def results():
    return [migrate_source(r["provider"], r["datasource"]) for r in ROWS]


def urls_of(provider, source):
    parsed = parse_source(provider, source)
    return [p.value.strip() for p in parsed.params if p.key in ("url", "styleUrl") and p.value]


def layer_names(provider, source):
    parsed = parse_source(provider, source)
    return [p.value for p in parsed.params if p.key.lower() in ("layers", "typename") and p.value]


def test_every_moved_layer_is_one_ign_serves_and_no_withdrawn_one_is(results):
    """An independent fact, not the engine's own tables: IGN's 2026 configuration files or the
    real 2024 capabilities list every layer a migrated source names, and the 2026
    configuration none that the engine calls withdrawn."""
    served = ign_config.served_layer_names()
    current = ign_config.current_layer_names()
    checked = withdrawn = 0
    for row, result in zip(ROWS, results):
        if result.service not in current:
            continue  # TMS and static resources: not in those files
        if result.status in MOVED:
            for name in layer_names(row["provider"], result.new_source):
                assert name in served[result.service], (result.service, name, row["datasource"])
                checked += 1
        elif result.status == "withdrawn":
            for name in layer_names(row["provider"], row["datasource"]):
                assert name not in current[result.service], (result.service, name)
                withdrawn += 1
    assert checked >= 50 and withdrawn >= 5, (checked, withdrawn)


def test_status_distribution(results):
    """Pinned, so that a change in the rules or tables is a deliberate one."""
    counts = collections.Counter(r.status for r in results)
    assert counts == {"migrated": 73, "renamed": 42, "current": 26, "withdrawn": 13}


@pytest.mark.parametrize("index", range(len(ROWS)), ids=IDS)
def test_row(index, results):
    row, result = ROWS[index], results[index]
    provider, source = row["provider"], row["datasource"]
    notes = row["notes"]

    if notes.get("status") == "already-geopf":
        assert result.status == "current"
        assert result.new_source == source  # byte-identical
        return
    assert notes.get("status") == "legacy"
    assert result.status in MOVED + ("withdrawn", "unsupported")

    if result.status not in MOVED:
        # Left as is but for the dead credentials (docs/design.md): removing them is the only change.
        old_items = [i for i in parse_source(provider, source).items()
                     if i[0].lower() not in ("username", "password")]
        assert parse_source(provider, result.new_source).items() == old_items
        assert "username=" not in result.new_source and "password=" not in result.new_source
        assert {c.param.lower() for c in result.changes} <= {"username", "password"}
        if result.new_source != source:
            assert "credentials_dropped" in [m.code for m in result.messages]
        return

    # No legacy host left, only https, no old key, no old credentials.
    for url in urls_of(provider, result.new_source):
        parsed = parse_url(url)
        assert rules.recognise_parsed(parsed) is rules.CURRENT, url
        assert parsed.scheme == "https" and not parsed.userinfo
        assert notes.get("key") not in parsed.path.split("/")
    assert "username=" not in result.new_source and "password=" not in result.new_source
    assert not rules.HINT.search(result.new_source.replace("data.geopf.fr", ""))

    # Idempotent: a second run says "current" and changes nothing.
    again = migrate_source(provider, result.new_source)
    assert again.status == "current" and again.new_source == result.new_source

    # Parsed back, every parameter the rule did not change is the same, in the same order.
    changed = result.changed_params
    assert changed, "a moved source reports its changes"
    before = [kv for kv in parse_source(provider, source).items() if kv[0] not in changed]
    after = [kv for kv in parse_source(provider, result.new_source).items() if kv[0] not in changed]
    assert before == after
    for change in result.changes:
        assert change.param in changed and change.old != change.new

    # Bilingual messages, nothing left unformatted.
    assert result.messages
    for message in result.messages:
        assert message.text("en") and message.text("fr")
        assert "{" not in message.text("en").replace("{z}", "").replace("{x}", "").replace("{y}", "")


@pytest.mark.parametrize("layer,status,extra", [
    ("ADMINISTRATIVEUNITS.BOUNDARIES", "withdrawn", "LIMITES_ADMINISTRATIVES_EXPRESS.LATEST"),
    ("GEOGRAPHICALGRIDSYSTEMS.ADMINISTRATIVEUNITS", "withdrawn", "LIMITES_ADMINISTRATIVES_EXPRESS.LATEST"),
    ("US.UtilityAndGovernmentalServices", "withdrawn", None),
    ("BDPARCEL_PYR-PNG_WLD", "withdrawn", "CADASTRALPARCELS.PARCELS"),
    ("BDTOPO-RESEAU_ROUTIER_FXX_RGF93G", "withdrawn", "BDTOPO-GEOPO-RESEAU_ROUTIER_WLD_WGS84G"),
    ("GEOGRAPHICALGRIDSYSTEMS.PLANIGN", "renamed", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"),
    ("PROTECTEDAREAS.ZPS", "renamed", "styles=PROTECTEDAREAS.ZPS"),
    ("PROTECTEDAREAS.RNCF", "renamed", "styles=normal"),
    ("HR.ORTHOIMAGERY.ORTHOPHOTOS", "current", None),
    ("AU.AdministrativeUnit", "renamed", "url=https://data.geopf.fr/wms-v/ows"),
    ("OI.OrthoimageCoverage.HR", "migrated", "url=https://data.geopf.fr/wms-r/wms"),
])
def test_known_rows(results, layer, status, extra):
    found = [(r, res) for r, res in zip(ROWS, results) if f"layers={layer}&" in r["datasource"]]
    assert found, layer
    for row, result in found:
        assert result.status == status
        if extra and status == "withdrawn":
            assert result.suggestion and result.suggestion["name"] == extra
        elif extra:
            assert extra in result.new_source


def test_every_legacy_wmts_pm_row_gets_the_layers_own_link(results):
    for row, result in zip(ROWS, results):
        if "tileMatrixSet=PM&" in row["datasource"] and result.status in MOVED:
            tms = dict(parse_source("wms", result.new_source).items())["tileMatrixSet"]
            assert tms.startswith("PM_"), (row["datasource"], tms)


def test_connections_keep_their_query(results):
    """A connection URL keeps its query; a WMTS one only gains SERVICE/REQUEST if missing."""
    checked = 0
    for row, result in zip(ROWS, results):
        if row["provider"].endswith(("(ini)", "(xml)")) and result.status in MOVED:
            old = list(parse_url(row["datasource"]).iter_items())
            new = list(parse_url(result.new_source).iter_items())
            assert new[: len(old)] == old
            assert all(k in ("SERVICE", "REQUEST") for k, _ in new[len(old):])
            checked += 1
    assert checked == 57  # 50 QGIS3.ini values + 7 legacy connection exports


def test_control_rows_untouched(results):
    controls = [(r, res) for r, res in zip(ROWS, results)
                if r["notes"].get("host") in ("data.geopf.fr", "data-qua.priv.geopf.fr")]
    assert len(controls) == 26
    assert all(res.status == "current" and res.new_source == r["datasource"] for r, res in controls)
