"""Make the repository importable as the package ``bascule_geoplateforme``.

The repository root is the plugin folder, whatever the checkout folder is called, so the
package is registered under its installed name before any test imports it.
"""
import importlib.util
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PACKAGE = "bascule_geoplateforme"

# Test helpers (loopback server, rendering) are imported as top-level modules.
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

if PACKAGE not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        PACKAGE, ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[PACKAGE] = _module
    _spec.loader.exec_module(_module)

# No test may change a tracked file: a build step that rewrote, say, the committed i18n/*.qm
# would let a later test compare the file with itself.
from honest_skips import in_ci, must_not_skip  # noqa: E402
from tracked_files import changed_files, tracked_digests  # noqa: E402


def pytest_sessionstart(session):
    session.config._bascule_tracked = tracked_digests(ROOT)


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_bascule_tracked", None)
    if before is None:
        return
    changed = changed_files(before, tracked_digests(ROOT) or {})
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_sep("=", f"FAILED: the tests changed tracked files: {', '.join(changed)}",
                               red=True, bold=True)
        session.exitstatus = 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skip that hides a broken environment (an auth method this QGIS ships,
    missing) is a failure (tests/honest_skips.py)."""
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not in_ci() or not isinstance(report.longrepr, tuple):
        return
    reason = str(report.longrepr[2])
    if must_not_skip(reason):
        report.outcome = "failed"
        report.longrepr = f"CI=true: this test may not skip here ({reason})"
