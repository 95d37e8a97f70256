"""Every real data source of the corpus, migrated, read back with QGIS's own parsers.

The unit tests check the corpus with the plugin's parser; here QgsDataSourceUri (layer
sources) and QUrl (connection URLs) must see the same parameters before and after, except
those the engine says it changed.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from qgis.core import QgsDataSourceUri
from qgis.PyQt.QtCore import QUrl, QUrlQuery

from bascule_geoplateforme.core.migration.engine import migrate_source
from bascule_geoplateforme.core.platform.sources import parse_source

CORPUS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "datasources.tsv"
ROWS = list(csv.DictReader(CORPUS.open(encoding="utf-8"), delimiter="\t"))
LEGACY = ("wxs.ign.fr", "gpp3-wxs.ign.fr", "wxs-i.ign.fr", "wxs-gpu.mongeoportail.ign.fr")


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)


def encoded_params(source):
    uri = QgsDataSourceUri()
    uri.setEncodedUri(source)
    keys = {key for key, _ in parse_source("wms", source).items()}
    return {key: uri.params(key) for key in keys}


def spaced_params(source):
    uri = QgsDataSourceUri(source)
    keys = {key for key, _ in parse_source("WFS", source).items()}
    values = {key: uri.param(key) for key in keys}
    values["username"], values["password"] = uri.username(), uri.password()
    return values


def url_params(url):
    query = QUrlQuery(QUrl(url.strip().strip('"')))
    return {key.lower(): value for key, value in query.queryItems(QUrl.ComponentFormattingOption.FullyDecoded)}


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{r['provider']}" for i, r in enumerate(ROWS)])
def test_migrated_source_reads_back_with_qgis(row):
    provider, source = row["provider"], row["datasource"]
    migration = migrate_source(provider, source)
    new = migration.new_source
    if migration.status in ("current", "unchanged"):
        assert new == source
        return
    if migration.status in ("withdrawn", "unsupported"):
        # Left as is but for the dead credentials: QGIS reads every other parameter the same.
        read = {"encoded": encoded_params, "spaced": spaced_params}.get(parse_source(provider, source).form)
        if new != source and read is not None:
            dead = ("username", "password")
            before, after = read(source), read(new)
            assert {k: v for k, v in before.items() if k not in dead} == {
                k: v for k, v in after.items() if k not in dead}
            assert not any(after.get(k) for k in dead)
        return
    assert not any(host in new.lower() for host in LEGACY)
    changed = {c.param.lower() for c in migration.changes}
    form = parse_source(provider, source).form
    if form == "encoded":
        before, after = encoded_params(source), encoded_params(new)
        url = after["url"][0]
    elif form == "spaced":
        before, after = spaced_params(source), spaced_params(new)
        url = after["url"]
    else:  # connection URLs
        before, after = url_params(source), url_params(new)
        url = new
    assert QUrl(url.strip().strip('"')).host() == "data.geopf.fr", url
    for key in set(before) | set(after):
        if key.lower() in changed or key == "url":
            continue
        assert before.get(key) == after.get(key), (key, source, new)
