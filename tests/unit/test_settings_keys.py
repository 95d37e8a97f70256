"""A settings key of the plugin is written in one place: core/toolbelt/qgis_side/settings.py."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNER = ROOT / "core" / "toolbelt" / "qgis_side" / "settings.py"
# Not a QgsSettings key: the custom property a layer carries in its project (the key's config id).
LAYER_PROPERTY = ROOT / "core" / "keys" / "server_form.py"


def key_strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if node.value.startswith("bascule_geoplateforme/"):
                yield node.lineno, node.value


def test_no_plugin_settings_key_outside_the_settings_module():
    sources = [ROOT / "plugin.py"] + [p for part in ("core", "gui", "processing_provider")
                                      for p in sorted((ROOT / part).rglob("*.py"))]
    found = [f"{p.relative_to(ROOT)}:{line}: {text}" for p in sources if p not in (OWNER, LAYER_PROPERTY)
             for line, text in key_strings(p)]
    assert found == []
    assert [text for _, text in key_strings(LAYER_PROPERTY)] == ["bascule_geoplateforme/server_form_key"]

