"""core/migration/status.py: a status is its text wherever it goes (==, dict keys, sorting,
json, csv, str/format/f-strings), on every Python the plugin runs on."""
import csv
import io
import json

from bascule_geoplateforme.core.migration import engine
from bascule_geoplateforme.core.migration.engine import STATUSES, migrate_source, migrate_url
from bascule_geoplateforme.core.migration.status import Status

VALUES = ("unchanged", "current", "outdated", "migrated", "renamed", "needs_key", "not_served",
          "withdrawn", "unsupported")


def test_the_values_and_the_old_names():
    assert tuple(s.value for s in Status) == VALUES
    assert STATUSES == tuple(Status) and list(STATUSES) == list(VALUES)
    old = {"UNCHANGED": "unchanged", "CURRENT": "current", "OUTDATED": "outdated",
           "MIGRATED": "migrated", "RENAMED": "renamed", "NEEDS_KEY": "needs_key",
           "NOT_SERVED": "not_served", "STATUS_WITHDRAWN": "withdrawn",
           "UNSUPPORTED": "unsupported"}
    for name, value in old.items():
        member = getattr(engine, name)
        assert member is Status(value) and member == value


def test_each_status_prints_as_its_value():
    for status in Status:
        value = status.value
        assert str(status) == value and type(str(status)) is str
        assert f"{status}" == value and format(status) == value
        assert f"{status:>12}" == f"{value:>12}"
        assert "%s" % status == value and "{}".format(status) == value
        assert "<" + status + ">" == f"<{value}>"
        assert {value: 1}[status] == 1 and {status: 1}[value] == 1
        assert hash(status) == hash(value)


def test_json_and_csv_round_trip():
    data = {status: [status] for status in Status}
    text = json.dumps(data, sort_keys=True)
    assert text == json.dumps({v: [v] for v in VALUES}, sort_keys=True)
    back = json.loads(text)
    assert {Status(k): [Status(v[0])] for k, v in back.items()} == data
    buffer = io.StringIO()
    csv.writer(buffer).writerow(list(Status))
    assert buffer.getvalue().strip() == ",".join(VALUES)
    assert sorted(Status) == sorted(VALUES)


def test_the_engine_gives_members():
    legacy = migrate_url("https://wxs.ign.fr/cartes/geoportail/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")
    other = migrate_source("wms", "url=https://example.org/wms&layers=a")
    assert legacy.status is Status.MIGRATED and legacy.status == "migrated"
    assert other.status is Status.UNCHANGED
    assert json.dumps({"status": legacy.status}) == '{"status": "migrated"}'
