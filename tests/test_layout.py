"""The code's layout: rooms by concern with no import circles, hooks that only register, and a README
map that names every module."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "publications"

# What each room may import from the app besides itself; lower rooms never import higher ones.
ALLOWED_IMPORTS = {
    "publications.timezones": set(),
    "publications.content_version": set(),
    "publications.documents.pdf": set(),
    "publications.readers.citations": set(),
    "publications.readers.csl": {"publications.readers.citations"},
    "publications.readers.reference_styles": set(),
    "publications.readers.metadata": {"publications.readers.citations", "publications.documents.renditions"},
    "publications.documents": {"publications.documents"},
    "publications.pages": {
        "publications.pages",
        "publications.documents",
        "publications.timezones",
        "publications.content_version",
        "publications.readers.citations",
        "publications.readers.csl",
        "publications.readers.reference_styles",
        "publications.readers.metadata",
    },
    # Operators' room (backups, health, headers, logs): backups read and write everything through Django and a
    # restore makes cached pages stale; the health check reads the scheduler's heartbeat as the dashboard does.
    "publications.operations": {
        "publications.operations",
        "publications.content_version",
        "publications.readers.page_cache",
        "publications.editorial.models",
        "publications.editorial.upcoming",
    },
}
# The demo content is for load_demo_content, and the generated benchmark archive for build_archive, only.
DEMO = "publications.demo"
DEMO_USERS = {"publications.management.commands.load_demo_content", "publications.management.commands.build_archive"}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules():
    return {
        module_name(path): path
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    }


def imports_of(name, path, known):
    """The app's modules that ``name`` imports, anywhere in it (a function-level import still counts)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in known]
            # "from package import module" imports the module; the package counts only for names defined in it.
            candidates = submodules if len(submodules) == len(node.names) else [target, *submodules]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {candidate for candidate in candidates if candidate in known and candidate != name}
    return found


@pytest.fixture(scope="module")
def graph():
    modules = app_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def in_room(module, room):
    return module == room or module.startswith(f"{room}.")


def test_the_app_has_no_import_circle(graph):
    visiting, done, circles = [], set(), []

    def visit(module):
        if module in visiting:
            circles.append(visiting[visiting.index(module) :] + [module])
            return
        if module in done:
            return
        visiting.append(module)
        for imported in sorted(graph[module]):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    assert circles == []


@pytest.mark.parametrize("room", list(ALLOWED_IMPORTS))
def test_lower_rooms_import_nothing_from_higher_ones(graph, room):
    allowed = ALLOWED_IMPORTS[room]
    trespasses = {
        f"{module} imports {imported}"
        for module, imported_modules in graph.items()
        if in_room(module, room)
        for imported in imported_modules
        # The app's own package holds nothing but is on the way to every room.
        if imported != "publications"
        and not in_room(imported, room)
        and not any(in_room(imported, other) for other in allowed)
    }
    assert trespasses == set()


def test_only_the_demo_loader_uses_the_demo_content(graph):
    users = {
        module for module, imported in graph.items() if not in_room(module, DEMO) for m in imported if in_room(m, DEMO)
    }
    assert users == DEMO_USERS


def test_wagtail_hooks_only_register():
    tree = ast.parse((APP / "wagtail_hooks.py").read_text())
    definitions = [node for node in tree.body if isinstance(node, ast.ClassDef | ast.FunctionDef)]
    assert not [node.name for node in definitions if isinstance(node, ast.ClassDef)]
    for function in definitions:
        decorators = [ast.unparse(decorator) for decorator in function.decorator_list]
        assert any(decorator.startswith("hooks.register(") for decorator in decorators), function.name
        assert len(function.body) <= 3, f"{function.name} does more than register"


def readme_map():
    """The paths the README's code map names under publications/."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## How the code is organised") :]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    paths = set()
    for line in block.splitlines():
        match = re.match(r"  (\S+\.py)\b", line)
        if match and not line.startswith("   "):
            paths.add(f"publications/{match.group(1)}")
    return paths


def test_the_readme_map_names_every_module_of_the_app():
    modules = {
        str(path.relative_to(ROOT))
        for path in app_modules().values()
        if path.name != "__init__.py" or path.parent == APP
    } - {"publications/__init__.py"}
    assert readme_map() == modules
