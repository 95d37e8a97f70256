"""The plugin's settings in QgsSettings (under ``bascule_geoplateforme/``) and its folders.

QGIS glue, no widgets. The only place a settings key of the plugin and its default are
written: every other module reads and writes through the ``Setting`` entries below (or the
helpers that interpret them), so a key string never appears twice. QGIS's own keys (the saved
connections, ``locale/…``) are QGIS's layout: their readers keep them as constants.
Where the plugin's files live in the profile is ``core/toolbelt/profile_folders.py``'s, given
the profile's root here.
"""
from __future__ import annotations

import os
from typing import Any, Optional

from qgis.core import QgsApplication, QgsSettings

from ...platform import endpoints
from ..profile_folders import ProfileFolders

PREFIX = "bascule_geoplateforme"


class Setting:
    """One setting of the plugin: its key under ``bascule_geoplateforme/``, its default and
    its type (``str``, ``bool``, ``float`` or ``object`` for a value kept as Qt gives it).

    A stored value that does not read as the type gives the default, as the readers did
    before (an INI file hands back "true" for True, "24" for 24.0). ``store``: a QgsSettings
    of the caller's (the saved-connections code writes a batch through one)."""

    def __init__(self, key: str, default: Any, kind: type = object):
        self.key = key
        self.default = default
        self.kind = kind

    @property
    def full_key(self) -> str:
        return f"{PREFIX}/{self.key}"

    def get(self, store: Optional[QgsSettings] = None):
        return self.coerce((store or QgsSettings()).value(self.full_key, None))

    def set(self, value, store: Optional[QgsSettings] = None) -> None:
        (store or QgsSettings()).setValue(self.full_key, value)

    def remove(self, store: Optional[QgsSettings] = None) -> None:
        (store or QgsSettings()).remove(self.full_key)

    def coerce(self, raw):
        if raw is None:
            return self.default
        if self.kind is bool:
            return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("true", "1")
        if self.kind is float:
            try:
                return float(raw)
            except (TypeError, ValueError):
                return self.default
        if self.kind is str:
            return str(raw or self.default)
        return raw

    def __repr__(self):
        return f"Setting({self.full_key!r}, {self.default!r}, {self.kind.__name__})"


# --- every key of the plugin (the strings are those users' profiles already hold) ----------
BASE_URL = Setting("base_url", "", str)  # Options page: another Géoplateforme (a mirror)
AUTHCFG = Setting("authcfg", "", str)  # the key for restricted services (Options, key choice)
MIGRATE_ON_OPEN = Setting("migrate_on_open", False, bool)
MIGRATE_ON_OPEN_OFFERED = Setting("migrate_on_open_offered", False, bool)  # asked once
REPORT_LANGUAGE = Setting("report_language", "", str)  # "fr", "en"; "": the interface's
MAX_PROJECT_SIZE_MB = Setting("max_project_size_mb", 0.0, float)  # 0: the built-in cap
DOWNLOAD_FOLDER = Setting("download_folder", "", str)  # "": the default, computed
REFRESH_INTERVAL_HOURS = Setting("refresh_interval_hours", 24.0, float)
DOCK_VISIBLE = Setting("dock_visible", False, bool)  # the catalogue dock, as the user left it
DOCK_SPLITTER = Setting("dock/splitter", None, object)  # QByteArray of QSplitter.saveState()
DOCK_ACCESS = Setting("dock/access", "", str)  # dock_state.access_to_setting()
DOCK_QUERY = Setting("dock/query", "", str)
CONNECTIONS_UNDO = Setting("connections_undo", "[]", str)  # JSON list of runs, secrets sealed
# The undo log's sealed values: keys of QGIS's auth database (storeAuthSetting, encrypted),
# this prefix and a uuid; the log holds the key, never the value.
SEALED_UNDO_PREFIX = CONNECTIONS_UNDO.full_key + "/"
CONNECTIONS_OFFERED = Setting("connections_offered", False, bool)  # asked once

ALL = (BASE_URL, AUTHCFG, MIGRATE_ON_OPEN, MIGRATE_ON_OPEN_OFFERED, REPORT_LANGUAGE,
       MAX_PROJECT_SIZE_MB, DOWNLOAD_FOLDER, REFRESH_INTERVAL_HOURS, DOCK_VISIBLE,
       DOCK_SPLITTER, DOCK_ACCESS, DOCK_QUERY, CONNECTIONS_UNDO, CONNECTIONS_OFFERED)

# QGIS's own keys read here (its layout, not the plugin's).
_LOCALE_OVERRIDE = "locale/overrideFlag"
_LOCALE_USER = "locale/userLocale"


def base_url() -> str:
    """The Géoplateforme base URL in force (setting, then environment, then production)."""
    return endpoints.base_url()


def base_url_setting() -> str:
    return BASE_URL.get()


endpoints.set_setting_reader(base_url_setting)


def interface_locale() -> str:
    """The user's QGIS interface locale ("fr_FR", "en_US"…), by QGIS's own rule: the user's
    locale when "override" is on, else the system's."""
    settings = QgsSettings()
    chosen = ""
    if str(settings.value(_LOCALE_OVERRIDE, False)).lower() in ("true", "1"):
        chosen = str(settings.value(_LOCALE_USER, "") or "")
    return chosen or str(QgsApplication.locale() or "en")


def language() -> str:
    """Two-letter code of the user's QGIS interface language ("fr", "en", "de"…), for widgets
    and the translation file. "fr", "fr_FR", "fr-CA" -> "fr"."""
    return interface_locale()[:2].lower()


def authcfg() -> str:
    """Id of the auth config used for restricted (/private/) services, or ''."""
    return AUTHCFG.get()


def max_project_size() -> int:
    """Cap, in bytes, on the uncompressed size of a project the file migration reads (setting
    ``max_project_size_mb``, 500 MB by default)."""
    from ...migration.project_file import MAX_MEMBER_SIZE

    megabytes = MAX_PROJECT_SIZE_MB.get()
    return int(megabytes * 1024 * 1024) if megabytes > 0 else MAX_MEMBER_SIZE


def download_folder() -> str:
    """Where downloads go (setting ``download_folder``; by default a ``Géoplateforme`` folder in
    the user's downloads folder)."""
    chosen = DOWNLOAD_FOLDER.get()
    if chosen:
        return chosen
    from qgis.PyQt.QtCore import QStandardPaths

    downloads = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DownloadLocation) or os.path.expanduser("~")
    return os.path.join(downloads, "Géoplateforme")


def set_download_folder(path: str) -> None:
    DOWNLOAD_FOLDER.set(path)


def refresh_interval_hours() -> float:
    """Least time between two automatic catalogue refreshes (setting
    ``refresh_interval_hours``, 24 by default: at most once a day; 0: every session). The
    refresh button ignores it."""
    return max(REFRESH_INTERVAL_HOURS.get(), 0.0)


def profile_dir() -> str:
    """The plugin's folder in the active QGIS profile (created on demand)."""
    path = os.path.join(QgsApplication.qgisSettingsDirPath(), PREFIX)
    os.makedirs(path, exist_ok=True)
    return path


def migrate_on_open() -> bool:
    """Whether legacy IGN sources are migrated in memory as a project opens (off by default)."""
    return MIGRATE_ON_OPEN.get()


def report_language() -> str:
    """Language ("fr" or "en") of every report and Processing output, and of the migration
    dialogs' plans: the setting ``report_language`` when set, else the interface language
    (``texts.pick_language``, the one rule)."""
    from ..texts import pick_language  # on use: settings is imported at QGIS start-up

    return pick_language(REPORT_LANGUAGE.get(), interface_locale())


def folders() -> ProfileFolders:
    """The plugin's folders in the active profile (profile_folders.py says which)."""
    return ProfileFolders(profile_dir())


def key_tests_dir() -> str:
    """Where the saved key-test results live: not in the catalogue cache, so that clearing
    the catalogue (Options page) keeps them."""
    return folders().key_tests


def catalog_cache_dir() -> str:
    """Where the catalogue store keeps its on-disk cache (catalog_store.CatalogStore)."""
    return folders().catalog_cache
