"""Which key a restricted layer gets: shared by the dock, the migration and every other place
that adds or migrates a restricted layer.

The rule itself is pure, in core/keys/key_choice.py; this module feeds it with what the key
store and the key tests know, and holds the dialog that asks when the rule says to.
"""
from __future__ import annotations

import html
from typing import List, Optional

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ...core.keys import key_choice as rule
from ...core.keys.qgis_side import key_store
from ...core.toolbelt.qgis_side import settings
from ...core.keys.qgis_side.key_access import KeyAccess, shared


class ChooseKeyDialog(QDialog):
    """Pick one of the user's keys for a restricted layer, or add a new one."""

    def __init__(self, layer_title: str, candidates: List[key_store.Key], unlocking: bool,
                 access: KeyAccess, parent=None):
        super().__init__(parent)
        self.setObjectName("BasculeGeoplateformeChooseKey")
        self.setWindowTitle(self.tr("Restricted layer"))
        self.access = access
        self.config_id = ""
        if unlocking:
            text = self.tr("<p>Several of your keys unlock <b>{0}</b>: which one should it use?</p>")
        elif candidates:
            text = self.tr("<p><b>{0}</b> is restricted data: the Géoplateforme serves it only "
                           "with a key. None of your keys is known to unlock it (test them in "
                           "<i>My Géoplateforme keys</i>): choose one, or add a key.</p>")
        else:
            text = self.tr("<p><b>{0}</b> is restricted data: the Géoplateforme serves it only "
                           "with a key. To get one, sign in on <a href='{1}'>cartes.gouv.fr</a>, "
                           "ask for access to the data (for the SCAN maps, join their space), "
                           "then create a key in your account and add it here.</p>")
        self.text = QLabel(text.format(html.escape(layer_title), key_store.CARTES_GOUV_URL))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setOpenExternalLinks(True)
        self.list = QListWidget()
        self.add_button = QPushButton(self.tr("Add a key…"))
        self.remember = QCheckBox(self.tr("Use this key for restricted layers from now on"))
        self.remember.setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_key)
        self.list.itemDoubleClicked.connect(self._accept)
        layout = QVBoxLayout(self)
        for widget in (self.text, self.list, self.add_button, self.remember, self.buttons):
            layout.addWidget(widget)
        self._fill(candidates)

    def _fill(self, candidates: List[key_store.Key], select: str = ""):
        self.list.clear()
        for key in candidates:
            item = QListWidgetItem(key.name)
            item.setData(Qt.ItemDataRole.UserRole, key.id)
            self.list.addItem(item)
            if key.id == select or self.list.currentItem() is None:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(candidates))

    def choose(self, config_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == config_id:
                self.list.setCurrentRow(row)

    def add_key(self):
        from .keys_dialog import KeysDialog

        dialog = KeysDialog(self.access, self)
        new_id = dialog.add_key()
        if new_id:
            keys = [k for k in key_store.keys() if k.usable]
            self._fill(keys, new_id)

    def _accept(self, *args):
        item = self.list.currentItem()
        if item is None:
            return
        self.config_id = item.data(Qt.ItemDataRole.UserRole)
        self.accept()


def _choice(service: str, name: str, access: KeyAccess, ask: bool = False) -> rule.KeyChoice:
    unlocking = [k.id for k in access.keys_unlocking(service, name)]
    usable = [k.id for k in key_store.keys() if k.usable]
    refused = {k for k in usable if access.refuses(k, service, name)}
    return rule.choose_key(unlocking, usable, refused, settings.authcfg(), ask)


def known_key(service: str, name: str, access: Optional[KeyAccess] = None) -> str:
    """The key the rule picks without asking ("" when it would ask)."""
    return _choice(service, name, access or shared()).key


def key_for_layer(service: str, name: str, title: str, parent=None, ask: bool = False,
                  access: Optional[KeyAccess] = None) -> str:
    """The auth config id a restricted layer should use, by the rule ("" if none)."""
    access = access or shared()
    choice = _choice(service, name, access, ask)
    if not choice.ask:
        return choice.key
    keys = {k.id: k for k in access.keys_unlocking(service, name)}
    keys.update((k.id, k) for k in key_store.keys() if k.usable and k.id not in keys)
    candidates = [keys[i] for i in choice.offer if i in keys]
    dialog = ChooseKeyDialog(title, candidates, choice.several_unlock, access, parent)
    if choice.preselect:
        dialog.choose(choice.preselect)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.config_id:
        return ""
    if dialog.remember.isChecked():
        settings.AUTHCFG.set(dialog.config_id)
    return dialog.config_id
