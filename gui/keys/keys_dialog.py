"""« Mes clés Géoplateforme »: list, add, edit, test and delete the user's keys.

Thin widgets over core/keys/qgis_side/key_store.py (storage as QGIS auth configs) and core/keys/qgis_side/key_access.py (what
each key unlocks). A secret is typed once and never shown again.
"""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from ...core.keys.qgis_side import key_store
from ...core.keys.qgis_side.key_access import KeyAccess, shared
from ..widgets.formatting import local_datetime
from ..widgets.plain import plain_box


def restricted_products(report) -> list:
    """The restricted products a key opens (SCAN 25®, SCAN 100®…), by their catalogue title,
    not a raw count of layers: what the analyst wants to know."""
    from ...core.migration import engine

    catalog = engine.default_catalog()
    titles = []
    for service, access in report.services.items():
        for name in access.layers:
            entry = catalog.get(service, name) if catalog is not None else None
            if entry is not None and entry.restricted:
                title = entry.title or name
                if title not in titles:
                    titles.append(title)
    return sorted(titles, key=str.casefold)


def _rich_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(True)
    return label


def auth_master_password_known() -> bool:
    """Has QGIS its master password for this session (no prompt to come)?"""
    from qgis.core import QgsApplication

    return bool(QgsApplication.authManager().masterPasswordIsSet())


class KeyEditDialog(QDialog):
    """Add a key (kind, name, secret) or edit one (name, and optionally a new secret)."""

    def __init__(self, key: Optional[key_store.Key] = None, parent=None):
        super().__init__(parent)
        self.key = key
        self.setWindowTitle(self.tr("Edit the key") if key else self.tr("Add a Géoplateforme key"))
        self.hash_choice = QRadioButton(self.tr("HASH key (sent as the apikey header)"))
        self.basic_choice = QRadioButton(self.tr("Login and password (BASIC key)"))
        group = QButtonGroup(self)
        group.addButton(self.hash_choice)
        group.addButton(self.basic_choice)
        self.name = QLineEdit()
        self.username = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # a key's name, QGIS's reason
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if key is None and not auth_master_password_known():
            # Said before QGIS's own prompt appears, so that it is no surprise.
            self.master_note = _rich_label(self.tr(
                "<p>QGIS will now ask for its <b>master password</b> (to set one, the first "
                "time): it encrypts QGIS's authentication database, where your key is kept. "
                "Choose one you will remember; QGIS asks for it once per session.</p>"))
            self.master_note.setObjectName("bascule_master_password_note")
            layout.addWidget(self.master_note)
        if key is None:
            layout.addWidget(self.hash_choice)
            layout.addWidget(self.basic_choice)
            if not key_store.hash_keys_supported():
                self.hash_choice.setEnabled(False)
                layout.addWidget(_rich_label(self.tr(
                    "This QGIS cannot use HASH keys: the <i>API header</i> authentication they "
                    "need came with QGIS 3.24. IGN recommends login/password (BASIC) keys for "
                    "GIS software; they work in every QGIS version.")))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Login"), self.username)
        self.secret_label = QLabel()
        form.addRow(self.secret_label, self.secret)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        kind = key.kind if key else (key_store.HASH if key_store.hash_keys_supported() else key_store.BASIC)
        (self.hash_choice if kind == key_store.HASH else self.basic_choice).setChecked(True)
        if key is not None:
            self.name.setText(key.name)
            self.secret.setPlaceholderText(self.tr("unchanged (type a new one to replace it)"))
        self.hash_choice.toggled.connect(self._update)
        self._update()

    def kind(self) -> str:
        return key_store.HASH if self.hash_choice.isChecked() else key_store.BASIC

    def _update(self):
        basic = self.kind() == key_store.BASIC
        self.username.setEnabled(basic)
        self.secret_label.setText(self.tr("Password") if basic else self.tr("HASH key"))
        if self.key is not None and basic:
            self.username.setPlaceholderText(self.tr("unchanged"))

    def _save(self):
        name = self.name.text().strip()
        secret = self.secret.text()
        username = self.username.text().strip()
        if not name:
            self.error.setText(self.tr("Give the key a name."))
            return
        try:
            if self.key is None:
                if not secret or (self.kind() == key_store.BASIC and not username):
                    self.error.setText(self.tr("Type the key (and the login for a BASIC key)."))
                    return
                self.config_id = key_store.store_key(self.kind(), name, secret.strip(), username)
            else:
                key_store.update_key(self.key.id, name, secret.strip(), username)
                self.config_id = self.key.id
        except key_store.KeyStoreError as err:
            self.error.setText(str(err))
            return
        finally:
            self.secret.clear()  # the secret leaves the widget as soon as it is stored
        self.accept()


class KeysDialog(QDialog):
    """The user's Géoplateforme keys and what each unlocks."""

    COLUMNS = 3

    def __init__(self, access: Optional[KeyAccess] = None, parent=None):
        super().__init__(parent)
        self.setObjectName("BasculeGeoplateformeKeysDialog")
        self.setWindowTitle(self.tr("My Géoplateforme keys"))
        self.resize(720, 480)
        self.access = access or shared()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Kind"), self.tr("Unlocks")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 200)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.test_button = QPushButton(self.tr("Test"))
        self.delete_button = QPushButton(self.tr("Delete"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        intro = self.tr(
            "<p>Restricted data (SCAN 25®, SCAN 100®, SCAN OACI…) needs a key from "
            "<a href='{0}'>cartes.gouv.fr</a>. QGIS keeps it in its encrypted authentication "
            "database; projects only record the configuration's identifier.</p>").format(key_store.CARTES_GOUV_URL)
        if not key_store.hash_keys_supported():
            intro += self.tr("<p>This QGIS offers login/password (BASIC) keys only: HASH keys "
                             "need the <i>API header</i> authentication of QGIS 3.24 or later.</p>")
        intro += self.tr("<p>AUTH (OAuth2) keys need a sign-in in a web browser: they are not for "
                         "GIS layers.</p>")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.test_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_rich_label(intro))
        layout.addWidget(self.tree, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.details, 1)
        layout.addWidget(close)

        self.add_button.clicked.connect(self.add_key)
        self.edit_button.clicked.connect(self.edit_key)
        self.test_button.clicked.connect(self.test_key)
        self.delete_button.clicked.connect(self.delete_key)
        self.tree.currentItemChanged.connect(self._show_details)
        self.access.tested.connect(self._tested)
        self.access.testProgress.connect(self._progress)
        self.reload()

    def done(self, result):
        # The shared KeyAccess outlives the dialog: stop talking to a closed window.
        try:
            self.access.tested.disconnect(self._tested)
            self.access.testProgress.disconnect(self._progress)
        except TypeError:
            pass
        super().done(result)

    # --- list ---------------------------------------------------------------------------
    def selected(self) -> Optional[key_store.Key]:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def reload(self, select: str = ""):
        current = select or (self.selected().id if self.selected() else "")
        self.tree.clear()
        for key in key_store.keys():
            item = QTreeWidgetItem([key.name, self._kind_label(key), self._summary(key)])
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            self.tree.addTopLevelItem(item)
            if key.id == current:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._show_details()

    def _kind_label(self, key: key_store.Key) -> str:
        if key.kind == key_store.BASIC:
            return self.tr("login/password")
        return self.tr("HASH") if key.usable else self.tr("HASH (needs QGIS 3.24)")

    def _summary(self, key: key_store.Key) -> str:
        if self.access.is_testing(key.id):
            return self.tr("testing…")
        report = self.access.report(key.id)
        if report is None:
            return self.tr("not tested")
        if not report.layer_count:
            return self.tr("nothing: {0}").format(next(iter(report.refusals.values()), ""))
        products = restricted_products(report)
        if not products:
            return self.tr("open layers only")
        shown = ", ".join(products[:3])
        more = len(products) - 3
        return shown + (" " + self.tr("and {0} more").format(more) if more > 0 else "")

    def _show_details(self, *args):
        key = self.selected()
        for button in (self.edit_button, self.test_button, self.delete_button):
            button.setEnabled(key is not None)
        if key is not None and not key.usable:
            self.test_button.setEnabled(False)
        if key is None:
            self.details.setPlainText("")
            return
        report = self.access.report(key.id)
        if report is None:
            self.details.setPlainText(self.tr("Test the key to see which layers it unlocks."))
            return
        lines = [self.tr("Tested {0}").format(local_datetime(report.tested_at))]
        products = restricted_products(report)
        if products:
            lines.append(self.tr("Restricted data it opens: {0}.").format(", ".join(products)))
        for service, access in report.services.items():
            if access.refusal:
                lines.append(f"{service}: {access.refusal}")
            else:
                lines.append(f"{service}: " + (", ".join(access.layers) or self.tr("no layer")))
        self.details.setPlainText("\n".join(lines))

    # --- actions ------------------------------------------------------------------------
    def add_key(self) -> str:
        dialog = KeyEditDialog(parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ""
        self.reload(dialog.config_id)
        self.test_key()
        return dialog.config_id

    def edit_key(self):
        key = self.selected()
        if key is None:
            return
        dialog = KeyEditDialog(key, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.access.forget(key.id)  # another secret may unlock other layers
            self.reload(key.id)

    def test_key(self):
        key = self.selected()
        if key is None or not key.usable:
            return
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.access.test(key.id)
        self.reload(key.id)

    def delete_key(self):
        key = self.selected()
        if key is None:
            return
        box = plain_box(QMessageBox(
            QMessageBox.Icon.Question, self.tr("Delete the key"),
            self.tr("Delete the key “{0}” from QGIS? Layers that use it will no longer "
                    "load.").format(key.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self))
        box.exec()
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return
        try:
            key_store.delete_key(key.id)
        except key_store.KeyStoreError as err:
            plain_box(QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete the key"), str(err),
                                  QMessageBox.StandardButton.Ok, self)).exec()
        self.access.forget(key.id)
        self.reload()

    def _progress(self, config_id, value):
        self.progress.setValue(int(value))

    def _tested(self, config_id, report):
        self.progress.setVisible(False)
        self.reload(config_id)
