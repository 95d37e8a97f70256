"""Many projects at once: find them in files and folders, migrate or analyse each, one report.

Pure module (no QGIS): the Processing algorithms give it the inputs and a function that
handles one project; the per-file work is the engine's (``migrate_project_file``). One report
row per layer, with its file; a file that cannot be handled is a row of its own (status
``error``, ``skipped``, ``refused`` or ``cancelled``), never the end of the run.

Bounded: only regular files are read — a named pipe, a device, a socket or a link to one with
a project's name is a row found by ``stat`` alone (never opened, so it cannot block or flood
the run); a folder that cannot be listed is a row; the size cap is the engine's, applied
before reading (``migrate_project_file``'s ``max_size``); a MemoryError is a row too.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

from ..toolbelt.texts import Texts, colon
from .report import Decision, Report

SUFFIXES = (".qgs", ".qgz", ".qlr")
STORAGE_SCHEMES = ("geopackage:", "postgresql:")
# File-level statuses (next to the engine's layer statuses in the same report).
ERROR, SKIPPED, REFUSED, CANCELLED = "error", "skipped", "refused", "cancelled"
# What happened to a file, for the summary.
CHANGED, NOTHING, ANALYSED = "changed", "nothing", "analysed"

TEXTS = Texts.pairs({
    "backup_copy": ("QGIS backup copy (*~): left alone.",
                    "Copie de sauvegarde de QGIS (*~) : laissée telle quelle."),
    "missing": ("{path} does not exist.", "{path} n'existe pas."),
    "not_project": ("{path} is not a QGIS project (.qgs, .qgz) or layer definition (.qlr).",
                    "{path} n'est pas un projet QGIS (.qgs, .qgz) ni une définition de couche "
                    "(.qlr)."),
    "unreadable": ("Not migrated: {error}", "Non migré : {error}"),
    "open_project": ("This project is open in QGIS: it was not written behind QGIS's back. "
                     "Migrate it with the plugin's migration dialog (Web > Géoplateforme), or "
                     "close it and run again.",
                     "Ce projet est ouvert dans QGIS : il n'a pas été réécrit dans le dos de "
                     "QGIS. Migrez-le avec la fenêtre de migration de l'extension (Internet > "
                     "Géoplateforme), ou fermez-le et relancez."),
    "cancelled": ("Not processed: the run was cancelled.",
                  "Non traité : l'exécution a été annulée."),
    "special": ("{path} is a {kind}, not a file: it was not read.",
                "{path} est {kind_fr}, pas un fichier : il n'a pas été lu."),
    "dangling": ("{path} is a link to nothing ({error}): it was not read.",
                 "{path} est un lien vers rien ({error}) : il n'a pas été lu."),
    "unreadable_folder": ("The folder {path} could not be read ({error}): the projects in it, "
                          "if any, were not looked at.",
                          "Le dossier {path} n'a pas pu être lu ({error}) : les projets qu'il "
                          "contient éventuellement n'ont pas été examinés."),
})
# What a file with a project's name is when it is not a file (never opened: a named pipe
# would block the run, a device would feed it forever).
KINDS = {stat.S_IFIFO: ("named pipe", "un tube nommé"), stat.S_IFCHR: ("device", "un périphérique"),
         stat.S_IFBLK: ("device", "un périphérique"), stat.S_IFSOCK: ("socket", "une socket"),
         stat.S_IFDIR: ("folder", "un dossier")}

# The words of a run's summary, per file state (and the summary's own lines).
SUMMARY = Texts.pairs({
    "files": ("Files", "Fichiers"),
    CHANGED: ("migrated", "migrés"),
    NOTHING: ("nothing to change", "rien à changer"),
    ANALYSED: ("analysed", "analysés"),
    ERROR: ("unreadable", "illisibles"),
    SKIPPED: ("left alone (QGIS backups *~)", "laissés (sauvegardes QGIS *~)"),
    REFUSED: ("refused (open in QGIS)", "refusés (ouverts dans QGIS)"),
    CANCELLED: ("not processed (cancelled)", "non traités (annulation)"),
    "layers": ("Layers", "Couches"),
    "ignored": ("Other files ignored", "Autres fichiers ignorés"),
    "dry": ("Dry run: nothing was written.", "Analyse seule : rien n'a été écrit."),
    "cancel": ("Cancelled: the remaining files were not processed.",
               "Annulé : les fichiers restants n'ont pas été traités."),
})


def report_message(code: str, **params) -> Tuple[str, str, str]:
    """(code, English, French), a form the report renders (and redacts)."""
    return (code,) + TEXTS.both(code, **params)


def not_a_file(path: str) -> Optional[Tuple[str, str, str]]:
    """The report message when ``path`` is not a regular file (after links), else None. Only
    ``stat``: nothing is opened, so a named pipe or a device cannot block or flood the run."""
    name = os.path.basename(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        if os.path.islink(path):
            return report_message("dangling", path=name, error=err.strerror or str(err))
        return report_message("unreadable", error=f"{name}: {err.strerror or err}")
    if stat.S_ISREG(mode):
        return None
    kind, kind_fr = KINDS.get(stat.S_IFMT(mode), ("special file", "un fichier spécial"))
    return report_message("special", path=name, kind=kind, kind_fr=kind_fr)


def is_storage_uri(item: str) -> bool:
    return item.lower().startswith(STORAGE_SCHEMES)


def is_qgis_backup(name: str) -> bool:
    """QGIS's own backups of a project it saved: ``project.qgs~`` (and ``.qgz~``)."""
    return name.endswith("~") and name[:-1].lower().endswith(SUFFIXES)


@dataclass
class FileOutcome:
    """What happened to one input: a file, a project in a database or an input error."""

    location: str
    state: str
    layers: int = 0
    changed: int = 0


@dataclass
class Found:
    """The inputs expanded: projects to handle, rows already decided, files ignored."""

    projects: List[str] = field(default_factory=list)
    rows: List[Tuple[str, str, Tuple[str, str, str]]] = field(default_factory=list)
    ignored: List[str] = field(default_factory=list)


def find_projects(inputs: Iterable[str], recursive: bool = True,
                  suffixes: Sequence[str] = SUFFIXES) -> Found:
    """Expand files and folders into project files (sorted, each once). QGIS backups
    (``*~``) become ``skipped`` rows; a missing input or an explicit non-project file an
    ``error`` row; other files of a folder are listed as ignored. Storage URIs
    (``geopackage:``/``postgresql:``) pass through untouched. Symlinked folders are not
    followed (no loop)."""
    suffixes = tuple(s.lower() for s in suffixes)
    found, seen = Found(), set()

    def first_time(path: str) -> bool:
        key = os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    def consider(path: str, explicit: bool) -> None:
        name = os.path.basename(path)
        if is_qgis_backup(name):
            if first_time(path):
                found.rows.append((path, SKIPPED, report_message("backup_copy")))
        elif name.lower().endswith(suffixes):
            problem = not_a_file(path)  # each is a row (a link to a pipe, and the pipe)
            if problem:
                if path not in seen:
                    seen.add(path)
                    found.rows.append((path, ERROR, problem))
            elif first_time(path):
                found.projects.append(path)
        elif explicit:
            found.rows.append((path, ERROR, report_message("not_project", path=name)))
        else:
            found.ignored.append(path)

    for item in inputs:
        item = str(item or "").strip()
        if not item:
            continue
        if is_storage_uri(item):
            if item not in seen:
                seen.add(item)
                found.projects.append(item)
        elif os.path.isdir(item):
            def unreadable(err: OSError) -> None:
                where = err.filename or item
                found.rows.append((where, ERROR, report_message(
                    "unreadable_folder", path=where, error=err.strerror or str(err))))

            for folder, folders, files in os.walk(item, onerror=unreadable):
                folders[:] = sorted(folders) if recursive else []
                for name in sorted(files):
                    if not name.startswith(".bascule-"):  # the engine's own temporary files
                        consider(os.path.join(folder, name), explicit=False)
        elif os.path.lexists(item):  # a file, or a pipe, device, socket, link: said in a row
            consider(item, explicit=True)
        else:
            found.rows.append((item, ERROR, report_message("missing", path=item)))
    return found


class FleetRun:
    """The result of a run: one report (a row per layer, with its file), one outcome per
    file, and a summary a person can read."""

    def __init__(self, title: str = "", dry_run: bool = False):
        self.report = Report(title=title)
        self.outcomes: List[FileOutcome] = []
        self.ignored: List[str] = []
        self.dry_run = dry_run
        self.cancelled = False

    def add_row(self, location: str, status: str, message) -> None:
        self.report.add(Decision("", os.path.basename(location.rstrip("/")) or location, "",
                                 "", "", status, [message], location))
        self.outcomes.append(FileOutcome(location, status))

    def add_report(self, location: str, report: Report) -> FileOutcome:
        for decision in report.decisions:
            decision.location = location
            self.report.add(decision)
        self.report.notes.extend(report.notes)
        self.report.catalogue = self.report.catalogue or report.catalogue
        changed = len(report.changed)
        state = ANALYSED if self.dry_run else (CHANGED if changed else NOTHING)
        outcome = FileOutcome(location, state, len(report.decisions), changed)
        self.outcomes.append(outcome)
        return outcome

    def file_counts(self):
        counts = {}
        for outcome in self.outcomes:
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
        return counts

    def summary(self, lang: str = "en") -> str:
        words, said = SUMMARY.table(lang), colon(lang)
        counts = self.file_counts()
        files = ", ".join(f"{words[s]} {n}" for s, n in counts.items() if n)
        lines = [f"{words['files']}{said}{len(self.outcomes)}" + (f" ({files})" if files else "")]
        layers = [d for d in self.report.decisions if d.layer_id or d.provider]
        layer_report = Report(layers)
        lines.append(f"{words['layers']}{said}" + layer_report.summary(lang))
        if self.ignored:
            lines.append(f"{words['ignored']}{said}{len(self.ignored)}")
        if self.dry_run:
            lines.append(words["dry"])
        if self.cancelled:
            lines.append(words["cancel"])
        return "\n".join(lines)


def run(found: Found, handle: Callable[[str], Report], *, dry_run: bool = False,
        open_project: Optional[str] = None,
        errors: Tuple[type, ...] = (ValueError, OSError, MemoryError),
        on_file: Optional[Callable[[int, int, FileOutcome], None]] = None,
        is_cancelled: Optional[Callable[[], bool]] = None, title: str = "",
        display: Callable[[str], str] = str) -> FleetRun:
    """Handle every project of ``found`` with ``handle(location) -> Report``; ``errors``
    raised by it become rows. ``open_project``: the file open in QGIS, refused (analysed on
    a dry run, which writes nothing). ``on_file(index, total, outcome)`` after each file;
    ``is_cancelled()`` is checked between files. ``display(location)`` is what the report
    shows (a database URI without its password)."""
    result = FleetRun(title, dry_run)
    result.ignored = list(found.ignored)
    for location, status, message in found.rows:
        result.add_row(location, status, message)
    open_key = os.path.realpath(open_project) if open_project else None
    total = len(found.projects)
    for index, location in enumerate(found.projects):
        if is_cancelled is not None and is_cancelled():
            result.cancelled = True
            for rest in found.projects[index:]:
                result.add_row(display(rest), CANCELLED, report_message("cancelled"))
            break
        if (open_key and not dry_run and not is_storage_uri(location)
                and os.path.realpath(location) == open_key):
            result.add_row(display(location), REFUSED, report_message("open_project"))
        else:
            try:
                result.add_report(display(location), handle(location))
            except errors as err:
                result.add_row(display(location), ERROR, report_message("unreadable", error=str(err)))
        if on_file is not None:
            on_file(index + 1, total, result.outcomes[-1])
    return result
