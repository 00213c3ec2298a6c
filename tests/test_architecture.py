"""The package's shape: stage packages whose imports run one way, down the flow; no room too big; a thin plugin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "turkic_integration_site"
# The flow, in order: a module may import from its own stage or an earlier one, never a later one.
STAGES = ("common", "citations", "content", "pages", "publish", "mkdocs")
MAX_MODULE_LINES, MAX_CLASS_LINES, MAX_PLUGIN_LINES = 300, 150, 100


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def stage_of(module: str) -> int:
    """The stage index of a dotted module under the package (cli and the package root come last / first)."""
    first = module.split(".")[0]
    if first in STAGES:
        return STAGES.index(first)
    return len(STAGES) if first == "cli" else -1


def imported(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, module under the package) of every import of the package's own modules, resolved."""
    own = path.relative_to(package).with_suffix("").parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(own[:len(own) - node.level])
            target = base + (node.module.split(".") if node.module else [])
            names = [target + [a.name] if not node.module else target for a in node.names]
            for name in names:
                found.append((node.lineno, ".".join(name) or "__init__"))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for name in ([module] if module else [a.name for a in node.names]):
                if name and name.startswith("turkic_integration_site."):
                    found.append((node.lineno, name.removeprefix("turkic_integration_site.")))
    return found


def test_there_are_at_least_three_stage_packages_each_saying_what_it_takes_and_gives():
    packages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    assert sorted(p.name for p in packages) == sorted(STAGES)
    for package in packages:
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and doc.startswith("Takes") or package.name == "common", package.name
        assert doc and "\n" not in doc.strip(), f"{package.name}: one line"


def later_imports(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    own = ".".join(path.relative_to(package).with_suffix("").parts)
    if own == "__init__":
        return []
    return [(line, name) for line, name in imported(path, package)
            if name not in ("__init__", "__version__") and stage_of(name) > stage_of(own)]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_from_a_later_stage(path: Path):
    assert not later_imports(path), f"imports from a later stage: {later_imports(path)}"


def test_a_backward_import_is_caught(tmp_path: Path):
    """Control: a module of content/ that imports from pages/, relatively or absolutely, is found."""
    (tmp_path / "content").mkdir()
    planted = tmp_path / "content" / "bad.py"
    planted.write_text("from ..pages.render import escape\nfrom turkic_integration_site.publish import fold\n")
    assert [name for _, name in later_imports(planted, tmp_path)] == ["pages.render", "publish"]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_300_lines_and_no_class_over_150(path: Path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno - node.lineno + 1 <= MAX_CLASS_LINES, f"class {node.name}"


def test_the_plugin_is_thin():
    assert len((PACKAGE / "mkdocs" / "plugin.py").read_text(encoding="utf-8").splitlines()) <= MAX_PLUGIN_LINES
