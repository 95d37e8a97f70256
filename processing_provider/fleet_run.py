"""What "Migrate projects" / "Analyse projects" do when they run (imported then, not at start-up):
inputs expanded (folders, GeoPackages, database schemas), each project handled by the
engine, progress per file, cancel between files, the reports written, a summary logged."""
from __future__ import annotations

import os

from ..core.migration import fleet
from ..core.toolbelt.qgis_side import settings
from ..core.migration.project_file import migrate_project_file


def _expand_storage(found: fleet.Found, feedback) -> None:
    """Stored-project inputs (a .gpkg file, a geopackage:/postgresql: URI without a project
    name) become the URIs of the projects they hold; one that cannot be listed is a row."""
    from ..core.migration.qgis_side import stored_projects

    projects = []
    for item in found.projects:
        if item.lower().endswith(".gpkg") and not fleet.is_storage_uri(item):
            item = stored_projects.gpkg_uri(item)
        if not fleet.is_storage_uri(item):
            projects.append(item)
            continue
        try:
            listed = stored_projects.list_projects(item)
        except ValueError as err:
            found.rows.append((stored_projects.display(item), fleet.ERROR,
                               fleet.report_message("unreadable", error=str(err))))
            continue
        feedback.pushInfo(f"{stored_projects.display(item)}: {len(listed)}")
        projects += listed
    found.projects = projects


def run_fleet(alg, parameters, context, feedback):
    from qgis.core import QgsProcessingException
    from qgis.PyQt.QtCore import QCoreApplication

    analyse = alg.analyse_only
    inputs = list(alg.parameterAsFileList(parameters, alg.INPUT, context))
    connection = alg.parameterAsConnectionName(parameters, alg.DATABASE, context)
    if connection:
        from ..core.migration.qgis_side import stored_projects

        schema = alg.parameterAsSchema(parameters, alg.SCHEMA, context) or "public"
        try:
            inputs.append(stored_projects.postgres_uri(connection, schema))
        except ValueError as err:
            raise QgsProcessingException(str(err)) from None
    if not inputs:
        raise QgsProcessingException(QCoreApplication.translate(
            "MigrateProjectsAlgorithm", "Give project files, folders, stored projects or a "
            "PostgreSQL connection."))
    recursive = alg.parameterAsBoolean(parameters, alg.RECURSIVE, context)
    chosen = alg.parameterAsEnums(parameters, alg.TYPES, context)
    choices = alg.TYPE_CHOICES  # the algorithm's, not imported: it imports this module
    suffixes = [choices[i] for i in chosen if 0 <= i < len(choices)] or list(choices)
    explicit_gpkg = [i for i in inputs if i.lower().endswith(".gpkg") and os.path.isfile(i)]
    found = fleet.find_projects([i for i in inputs if i not in explicit_gpkg], recursive,
                                suffixes)
    found.projects += explicit_gpkg
    dry_run = analyse or alg.parameterAsBoolean(parameters, alg.DRY_RUN, context)
    backup = not analyse and alg.parameterAsBoolean(parameters, alg.BACKUP, context)
    authcfg = None if analyse else (alg.parameterAsString(parameters, alg.KEY, context) or None)
    max_size = settings.max_project_size()
    lang = settings.report_language()
    from .catalogue import run_catalogue

    catalog, lines = run_catalogue(alg, parameters, context, feedback, lang)
    stored = any(fleet.is_storage_uri(p) or p in explicit_gpkg for p in found.projects)
    display = str
    if stored:
        from ..core.migration.qgis_side import stored_projects

        _expand_storage(found, feedback)
        display = stored_projects.display

    def handle(location):
        if fleet.is_storage_uri(location):
            return stored_projects.migrate_stored(location, backup=backup, dry_run=dry_run,
                                                  catalog=catalog, authcfg=authcfg,
                                                  max_size=max_size)
        return migrate_project_file(location, backup=backup, dry_run=dry_run,
                                    authcfg=authcfg, max_size=max_size, catalog=catalog)

    words = fleet.SUMMARY.table(lang)

    def on_file(index, total, outcome):
        feedback.setProgress(100.0 * index / max(total, 1))
        detail = words.get(outcome.state, outcome.state)
        if outcome.layers:
            detail += f" ({outcome.changed}/{outcome.layers})"
        feedback.pushInfo(f"[{index}/{total}] {outcome.location}: {detail}")

    result = fleet.run(found, handle, dry_run=dry_run, open_project=alg._open_project,
                       on_file=on_file, is_cancelled=feedback.isCanceled,
                       title=alg.displayName(), display=display)
    for outcome in result.outcomes:  # the files that never reached on_file
        if outcome.state in (fleet.ERROR, fleet.SKIPPED, fleet.REFUSED):
            rows = [d for d in result.report.decisions
                    if d.location == outcome.location and d.status == outcome.state]
            for row in rows:
                feedback.pushWarning(f"{outcome.location}: {row.message_text(lang)}")
    result.report.context = lines[:1]  # the QGIS profile whose saved catalogue decided
    if not result.report.catalogue:  # no project read: the catalogue still says its dates
        result.report.set_catalogue(catalog)
    for note in result.report.notes:
        feedback.pushWarning(note.text(lang))
    feedback.pushInfo(result.summary(lang))
    outputs = {alg.FILES: len(result.outcomes), alg.CHANGED: len(result.report.changed),
               alg.ERRORS: result.file_counts().get(fleet.ERROR, 0)}
    for key in (alg.REPORT, alg.REPORT_CSV):
        path = alg.parameterAsFileOutput(parameters, key, context)
        if path:
            if key == alg.REPORT_CSV:
                result.report.to_csv(path)
            else:
                with open(path, "w", encoding="utf-8") as stream:
                    stream.write(result.report.to_html(lang))
            outputs[key] = path
    return outputs
