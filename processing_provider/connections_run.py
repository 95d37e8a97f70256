"""What "Migrate saved connections" does when it runs (imported then, not at start-up)."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

from ..core.toolbelt.qgis_side import settings
from ..core.platform.redaction import redact
from ..core.migration.report import Decision, Report


def _report(items, location, catalog=None, lines=()) -> Report:
    report = Report(title=location)
    report.set_catalogue(catalog)
    report.context = list(lines[:1])
    for item in items:
        report.add(Decision.from_migration(item.migration, item.kind, item.name, location))
    return report


def _write_report(report, path, lang):
    if path:
        report.save(path, lang)


def run_connections(alg, parameters, context, feedback):
    from ..core.migration.qgis_side import saved_connections

    lang = settings.report_language()
    report_path = alg.parameterAsFileOutput(parameters, alg.REPORT, context)
    if alg.parameterAsBoolean(parameters, alg.UNDO, context):
        try:
            count = saved_connections.undo()
        except saved_connections.ConnectionsError as error:
            from qgis.core import QgsProcessingException

            raise QgsProcessingException(str(error)) from None
        feedback.pushInfo(QCoreApplication.translate(
            "MigrateConnectionsAlgorithm", "Connections put back: {}").format(count))
        return {alg.CHANGED: count}
    from .catalogue import run_catalogue

    catalog, lines = run_catalogue(alg, parameters, context, feedback, lang)
    choices = alg.KIND_CHOICES  # the algorithm's, not imported: it imports this module
    kinds = {choices[i] for i in alg.parameterAsEnums(parameters, alg.KINDS, context)
             if 0 <= i < len(choices)} or set(choices)
    names = {n.strip() for n in (alg.parameterAsString(parameters, alg.NAMES, context) or "")
             .replace(";", "\n").splitlines() if n.strip()}
    dry_run = alg.parameterAsBoolean(parameters, alg.DRY_RUN, context)
    source = alg.parameterAsFile(parameters, alg.INPUT, context)
    if source:
        from ..core.migration import connection_files

        output = alg.parameterAsFileOutput(parameters, alg.OUTPUT, context)
        if not output and not dry_run:
            raise ValueError(QCoreApplication.translate(
                "MigrateConnectionsAlgorithm",
                "Give the migrated file a name (the input file is never rewritten)."))
        result = connection_files.migrate_file(source, output, catalog=catalog, dry_run=dry_run)
        report = _report(result.connections, source, catalog, lines)
        for item in result.changed:
            feedback.pushInfo(f"{item.name}: {redact(item.url)} → {redact(item.new_url)}")
        feedback.pushInfo(report.summary(lang))
        _write_report(report, report_path, lang)
        return {alg.CHANGED: len(result.changed), alg.OUTPUT: output, alg.REPORT: report_path}
    listed = [c for c in saved_connections.list_connections(catalog)
              if c.kind in kinds and (not names or c.name in names)]
    chosen = [c for c in listed if c.changes]
    feedback.pushInfo(QCoreApplication.translate(
        "MigrateConnectionsAlgorithm", "Saved connections: {}, to change: {}").format(
            len(listed), len(chosen)))
    try:
        written = [] if dry_run else saved_connections.migrate(chosen)
    except saved_connections.ConnectionsError as error:  # nothing was changed
        from qgis.core import QgsProcessingException

        raise QgsProcessingException(str(error)) from None
    for item in chosen:
        if "hash_unsupported" in item.notes:
            feedback.pushWarning(QCoreApplication.translate(
                "MigrateConnectionsAlgorithm",
                "{}: its HASH key stays in its address: QGIS 3.22 cannot send it from an auth "
                "config (QGIS 3.24 or later can).").format(item.name))
        else:
            feedback.pushInfo(f"{item.name}: {redact(item.new_url)}")
    report = _report(listed, "QGIS", catalog, lines)
    feedback.pushInfo(report.summary(lang))
    _write_report(report, report_path, lang)
    return {alg.CHANGED: len(written), alg.REPORT: report_path}
