"""Make the repository importable as the package ``bascule_geoplateforme``.

The repository root is the plugin folder, whatever the checkout folder is called, so the
package is registered under its installed name before any test imports it.
"""
import importlib.util
import pathlib
import sys

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
