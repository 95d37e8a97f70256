"""The import rules of the layout, checked on the plugin's import graph (read with ``ast``, the
plugin is not imported):

(a) a pure module (under ``core/``, not inside a ``qgis_side`` package) imports no
    qgis/PyQt5/PyQt6/sip/osgeo, directly or through other plugin modules (its packages'
    ``__init__`` included, since importing a module runs them); every import counts here,
    function-level ones too: a lazy ``import qgis`` in a pure module still needs QGIS to run;
(b) ``core/`` imports neither ``gui/`` nor ``processing_provider/``;
(c) no cycle among the plugin's modules. Module-level imports (``try``/``if`` blocks included)
    count, and so do imports inside functions: a lazy import runs at call time, when both
    modules are loaded, so it hides a cycle from Python's loader, but not from a reader: the two
    modules still need each other and neither can be read, tested or moved alone. The plugin's
    lazy imports exist to keep QGIS's start-up cheap (test_startup.py) and go one way, from a
    light registration module to the heavy module doing the work; a lazy import back names
    something that belongs to neither (four such cycles were mended by moving the name to its
    owner);
(d) no ``from x import _name`` of a private name from another plugin module: a shared name is
    public in the module that owns it.
``if TYPE_CHECKING:`` blocks never run and are not edges. Each rule is also run on a small
synthetic tree that breaks it, so that a checker that finds nothing cannot pass.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "bascule_geoplateforme"
SOURCES = ("__init__.py", "plugin.py", "core", "gui", "processing_provider")
QT_QGIS = frozenset({"qgis", "PyQt5", "PyQt6", "sip", "osgeo"})


@dataclass(frozen=True)
class Edge:
    target: str  # a plugin module (dotted, relative to the plugin root) or an outside module
    names: tuple[str, ...]  # names taken from the target by ``from target import ...``
    line: int
    module_level: bool
    internal: bool


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    edges: list[Edge] = field(default_factory=list)
    # ``alias._name`` where alias is a plugin module bound by an import: (line, module, name)
    attributes: list[tuple[int, str, str]] = field(default_factory=list)


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)  # "" is the plugin package itself


def plugin_files(root: Path, sources=SOURCES):
    for item in sources:
        path = root / item
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module):
    """(import node, at module level) for each import that can run."""
    def walk(node, module_level):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    yield from walk_one(other, module_level)
                continue
            yield from walk_one(child, module_level)

    def walk_one(node, module_level):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, module_level
            return
        inner = module_level and not isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield from walk(node, inner)

    yield from walk(tree, True)


def build_graph(root: Path, sources=SOURCES) -> dict[str, Module]:
    modules = {}
    for path in plugin_files(root, sources):
        name = module_name(root, path)
        modules[name] = Module(name, path, path.name == "__init__.py")
    for module in modules.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        package = module.name if module.is_package else module.name.rpartition(".")[0]
        bound = {}  # local name -> the plugin module it names
        for node, module_level in _imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    edge = _edge(modules, alias.name, (), node.lineno, module_level)
                    module.edges.append(edge)
                    if edge.internal and alias.asname:
                        bound[alias.asname] = edge.target
                continue
            if node.level:
                parts = package.split(".") if package else []
                base_parts = parts[:len(parts) - (node.level - 1)] if node.level > 1 else parts
                assert node.level - 1 <= len(parts), f"{module.path}:{node.lineno}: beyond the plugin"
                base = ".".join(base_parts + ([node.module] if node.module else []))
                base = f"{PACKAGE}.{base}" if base else PACKAGE
            else:
                base = node.module
            # ``from pkg import sub`` imports the submodule sub; other names come from pkg.
            plain = []
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if _plugin_name(submodule) in modules:
                    module.edges.append(_edge(modules, submodule, (), node.lineno, module_level))
                    bound[alias.asname or alias.name] = _plugin_name(submodule)
                else:
                    plain.append(alias.name)
            if plain or not node.names:
                module.edges.append(_edge(modules, base, tuple(plain), node.lineno, module_level))
        module.attributes = sorted(
            (node.lineno, bound[node.value.id], node.attr) for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in bound and _private(node.attr))
    return modules


def _plugin_name(dotted: str) -> str | None:
    if dotted == PACKAGE:
        return ""
    if dotted.startswith(PACKAGE + "."):
        return dotted[len(PACKAGE) + 1:]
    return None


def _edge(modules, dotted, names, line, module_level) -> Edge:
    internal = _plugin_name(dotted)
    if internal is not None:
        assert internal in modules, f"line {line}: {dotted} is not a plugin module"
        return Edge(internal, names, line, module_level, True)
    return Edge(dotted, names, line, module_level, False)


def parents(name: str):
    """The packages whose ``__init__`` runs before the module ``name``."""
    parts = name.split(".") if name else []
    yield ""
    for end in range(1, len(parts)):
        yield ".".join(parts[:end])


def is_pure(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "core" and "qgis_side" not in parts


# --- the four rules: each returns readable violations, [] when the tree keeps the rule ------------

def impure_imports(modules: dict[str, Module]) -> list[str]:
    """(a) the pure modules that reach qgis/Qt, with the chain of imports that gets there."""
    found = []
    for start in sorted(name for name in modules if is_pure(name)):
        # Breadth first, so that the shortest chain is reported. A state is (module, whole):
        # a module imported by name may have any of its code run, lazy imports included; a
        # package reached only as the parent of a module runs just its module-level imports
        # (the plugin's own __init__ imports plugin.py inside classFactory, which loading a
        # submodule never calls).
        chain = {(start, True): None}
        queue = [(start, True)]
        hit = None
        while queue and hit is None:
            state = queue.pop(0)
            current, whole = state
            nexts = [((edge.target, True), edge) for edge in modules[current].edges
                     if whole or edge.module_level]
            nexts += [((parent, False), None) for parent in parents(current)]
            for target, edge in nexts:
                if edge is not None and not edge.internal:
                    if target[0].split(".")[0] in QT_QGIS:
                        hit = (current, edge)
                        break
                    continue
                if target not in chain:
                    chain[target] = state
                    queue.append(target)
        if hit:
            current, edge = hit
            path = [state]
            while chain[path[-1]] is not None:
                path.append(chain[path[-1]])
            route = " <- ".join(name or PACKAGE for name, _ in path)
            where = modules[current].path.relative_to(
                next(p for p in modules[current].path.parents if (p / "core").is_dir()))
            found.append(f"{start}: imports {edge.target} ({where}:{edge.line}; via {route})")
    return found


def core_imports_outside(modules: dict[str, Module]) -> list[str]:
    """(b) core modules importing gui or processing_provider."""
    return [f"{name}:{edge.line} imports {edge.target}"
            for name, module in sorted(modules.items()) if name.split(".")[0] == "core"
            for edge in module.edges
            if edge.internal and edge.target.split(".")[0] in ("gui", "processing_provider")]


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """(c) the strongly connected components (with more than one module, or a module importing
    itself) of the import graph, lazy imports included (Tarjan)."""
    graph = {name: sorted({edge.target for edge in module.edges if edge.internal})
             for name, module in modules.items()}
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(found)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_cross_imports(modules: dict[str, Module]) -> list[str]:
    """(d) ``from other_plugin_module import _private``, and ``other_module._private`` on a
    plugin module bound by an import (the same reach into another module's insides)."""
    found = []
    for name, module in sorted(modules.items()):
        found += [f"{name}:{edge.line} takes {private} from {edge.target}"
                  for edge in module.edges if edge.internal and edge.target != name
                  for private in edge.names if _private(private)]
        found += [f"{name}:{line} uses {target}.{private}"
                  for line, target, private in module.attributes if target != name]
    return found


# --- the plugin keeps the rules -------------------------------------------------------------

def plugin_graph():
    return build_graph(ROOT)


def test_the_graph_sees_the_whole_plugin():
    modules = plugin_graph()
    assert len(modules) == len(list(plugin_files(ROOT)))
    assert {"", "plugin", "core.capabilities", "core.migration.engine",
            "core.platform.sources", "gui.download.download_dock",
            "processing_provider.provider"} <= set(modules)
    # A relative import resolves to a module, and a lazy one is seen as such.
    factory = [edge for edge in modules[""].edges if edge.target == "plugin"]
    assert factory and not factory[0].module_level
    pure = [name for name in modules if is_pure(name)]
    assert "core.migration.engine" in pure and "core.migration.qgis_side.open_hook" not in pure


def test_pure_modules_import_no_qgis_nor_qt():
    assert impure_imports(plugin_graph()) == []


def test_core_imports_no_gui_nor_processing():
    assert core_imports_outside(plugin_graph()) == []


def test_no_import_cycle():
    assert cycles(plugin_graph()) == []


def test_no_private_cross_import():
    assert private_cross_imports(plugin_graph()) == []


# --- each rule fails on a violation ---------------------------------------------------------

def tree(tmp_path, files: dict[str, str]) -> dict[str, Module]:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in sorted({p.parent for p in tmp_path.rglob("*.py")}):
        while folder != tmp_path and not (folder / "__init__.py").exists():
            (folder / "__init__.py").write_text("", encoding="utf-8")
            folder = folder.parent
    (tmp_path / "__init__.py").touch()
    return build_graph(tmp_path)


def test_rule_a_flags_a_pure_module_reaching_qgis_through_others(tmp_path):
    modules = tree(tmp_path, {
        "core/platform/sources.py": "from ..catalog import index\n",
        "core/catalog/index.py": "def load():\n    from .qgis_side.store import Store\n",
        "core/catalog/qgis_side/store.py": "from qgis.core import QgsSettings\n",
        "core/keys/model.py": "from qgis.PyQt.QtCore import QObject\n",
        "core/keys/clean.py": "import json\n",
        "core/layers/__init__.py": "import osgeo\n",
        "core/layers/names.py": "X = 1\n",
        "core/download/typed.py": "from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from qgis.core import QgsTask\n",
    })
    found = impure_imports(modules)
    assert [line.split(":")[0] for line in found] == [
        "core.catalog.index", "core.keys.model", "core.layers", "core.layers.names",
        "core.platform.sources"]
    assert "via core.catalog.qgis_side.store <- core.catalog.index <- core.platform.sources" \
        in found[-1]


def test_rule_b_flags_core_importing_gui_or_processing(tmp_path):
    modules = tree(tmp_path, {
        "core/migration/engine.py": "from ...gui.widgets import plain\n",
        "core/migration/qgis_side/batch.py": "def run():\n"
                                             "    from ....processing_provider import provider\n",
        "gui/widgets/plain.py": "from ...core.migration import engine\n",
        "processing_provider/provider.py": "",
    })
    assert core_imports_outside(modules) == [
        "core.migration.engine:1 imports gui.widgets.plain",
        "core.migration.qgis_side.batch:2 imports processing_provider.provider"]


def test_rule_c_flags_cycles_lazy_ones_too(tmp_path):
    modules = tree(tmp_path, {
        "core/a.py": "from . import b\n",
        "core/b.py": "from .c import thing\n",
        "core/c.py": "try:\n    from .a import other\nexcept ImportError:\n    pass\nthing = 1\n",
        "core/d.py": "from .e import x\n",
        "core/e.py": "def f():\n    from .d import y\nx = 1\n",
        "core/f.py": "from . import f\n",
        "core/g.py": "def f():\n    from .h import y\n",  # lazy, one way: no cycle
        "core/h.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .g import f\n",
    })
    assert cycles(modules) == [["core.a", "core.b", "core.c"], ["core.d", "core.e"], ["core.f"]]


def test_rule_d_flags_a_private_name_taken_from_another_module(tmp_path):
    modules = tree(tmp_path, {
        "core/a.py": "from .b import public, _private\nfrom . import _helpers\n",
        "core/b.py": "public = 1\n_private = 2\n__all__ = ['public']\n",
        "core/_helpers.py": "",
        "gui/c.py": "from ..core.b import __all__\nfrom ..core import b as bee\n\n"
                    "def f(self):\n    return bee._private, bee.public, self._own\n",
    })
    assert private_cross_imports(modules) == ["core.a:1 takes _private from core.b",
                                              "gui.c:5 uses core.b._private"]


# --- the same rule, run: every pure module imports under the unit suite's blocker ---------------

def test_every_pure_module_imports_without_qgis():
    """tests/unit/conftest.py blocks qgis/Qt: a pure module that needs them fails here."""
    import importlib

    for name in sorted(n for n in plugin_graph() if is_pure(n)):
        importlib.import_module(f"{PACKAGE}.{name}")


def test_the_blocker_refuses_qgis_and_qt(tmp_path, monkeypatch):
    import importlib

    import pytest

    for name in ("qgis.core", "qgis.PyQt.QtCore", "PyQt5.QtCore", "PyQt6", "sip", "osgeo.gdal"):
        with pytest.raises(ModuleNotFoundError, match="blocked"):
            importlib.import_module(name)
    (tmp_path / "pure_looking.py").write_text("import json\nfrom qgis.core import Qgis\n",
                                              encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="blocked"):
        importlib.import_module("pure_looking")
