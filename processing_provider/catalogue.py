"""The catalogue a Processing algorithm decides with, shared by every algorithm of the plugin.

Imported when an algorithm runs (not at QGIS start-up): the saved refresh of the profile QGIS
runs with (``qgis_process``: the default profile), refreshed first, synchronously, when the
user asks; the profile and the date of each service's catalogue are said in the log.
"""
from __future__ import annotations

from . import REFRESH


def run_catalogue(algorithm, parameters, context, feedback, lang: str):
    """(Catalog, lines naming the profile and each service's catalogue and date)."""
    from ..core.catalog.qgis_side import catalog_store

    if REFRESH in parameters and algorithm.parameterAsBoolean(parameters, REFRESH, context):
        outcome = catalog_store.refresh_now(feedback)
        for message in outcome.messages:
            if outcome.ok and not outcome.private_skipped:
                feedback.pushInfo(message)
            else:
                feedback.pushWarning(message)
        catalog = outcome.catalog
    else:
        catalog = catalog_store.current_catalog()
    lines = catalog_store.catalogue_lines(catalog, lang)
    for line in lines:
        feedback.pushInfo(line)
    return catalog, lines
