"""Keyed layers of the open project between their two forms (QGIS glue over server_form.py):
``authcfg=`` (the secret in QGIS's auth database) and the server-compatible ``apikey=`` URL."""
from __future__ import annotations

from typing import List, Tuple

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from . import key_store
from ...migration.qgis_side.live_migration import set_layer_source
from ..server_form import KEY_PROPERTY, authcfg_of, from_server_form, has_key_in_url, to_server_form


def write_keys_into_urls(layers, project=None) -> Tuple[List[str], List[Tuple[str, str]]]:
    """Give each layer's HASH key to its URL (``apikey=``). Returns (changed layer names,
    [(skipped layer name, why)])."""
    project = project or QgsProject.instance()
    changed, skipped = [], []
    for layer in layers:
        provider, source = layer.providerType(), layer.source()
        config_id = authcfg_of(provider, source)
        if not config_id:
            skipped.append((layer.name(), QCoreApplication.translate("KeyedLayers", "it has no key")))
            continue
        try:
            secret = key_store.hash_secret(config_id)
        except key_store.KeyStoreError as err:
            skipped.append((layer.name(), str(err)))
            continue
        new_source = to_server_form(provider, source, secret)
        if new_source is None:
            skipped.append((layer.name(), QCoreApplication.translate(
                "KeyedLayers", "its source has no address")))
            continue
        set_layer_source(layer, new_source, project)
        layer.setCustomProperty(KEY_PROPERTY, config_id)
        changed.append(layer.name())
    if changed:
        project.setDirty(True)
    return changed, skipped


def put_keys_back(layers, project=None) -> Tuple[List[str], List[Tuple[str, str]]]:
    """The reverse: the key out of the URL, the layer's auth config back in its source."""
    project = project or QgsProject.instance()
    changed, skipped = [], []
    for layer in layers:
        provider, source = layer.providerType(), layer.source()
        if not has_key_in_url(provider, source):
            continue
        config_id = str(layer.customProperty(KEY_PROPERTY, "") or "")
        if not config_id or key_store.key(config_id) is None:
            skipped.append((layer.name(), QCoreApplication.translate(
                "KeyedLayers", "the key it came from is no longer in QGIS: choose one with My "
                "Géoplateforme keys")))
            continue
        set_layer_source(layer, from_server_form(provider, source, config_id), project)
        layer.removeCustomProperty(KEY_PROPERTY)
        changed.append(layer.name())
    if changed:
        project.setDirty(True)
    return changed, skipped
