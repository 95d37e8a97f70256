"""Import the repository as the package ``bascule_geoplateforme``, whatever its folder is called.

The repository root is the plugin folder; scripts and benchmarks run from a checkout call
``import_package()`` before importing ``bascule_geoplateforme.…``.
"""
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "bascule_geoplateforme"


def import_package():
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, ROOT / "__init__.py", submodule_search_locations=[str(ROOT)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return sys.modules[PACKAGE]
