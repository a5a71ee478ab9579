"""pjgen uses third-party libraries through their public interfaces only: no import of a
module or name whose name starts with "_" (typer._click, openpyxl's _read_only …)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
MODULES = sorted(p for p in GENERATOR.rglob("*.py"))
# Modules allowed a private import of a library: none.
PENDING: set[str] = set()


def private_imports(source: str) -> list[str]:
    """Imports of private modules or names of other packages than pjgen's own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "generator" or name.startswith("__future__"):
                continue
            if any(part.startswith("_") for part in name.split(".")):
                found.append(name)
    return found


def test_the_check_finds_a_private_import():
    assert private_imports("from typer._click import exceptions\nimport typer") == [
        "typer._click", "typer._click.exceptions"]
    assert private_imports("from openpyxl.worksheet import _reader") == ["openpyxl.worksheet._reader"]
    assert private_imports("from generator import _x\nfrom . import y") == []


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in PENDING],
                         ids=lambda p: str(p.relative_to(GENERATOR)))
def test_no_private_import_of_a_library(path):
    assert private_imports(path.read_text(encoding="utf-8")) == []


# Private attributes of library objects still read: none.
PENDING_ATTRIBUTES: set[tuple[str, str]] = set()


def private_attributes(source: str) -> list[str]:
    """``x._name`` where x is not the object's own ``self`` or ``cls`` (dunders aside)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            found.append(ast.unparse(node))
    return found


def test_the_check_finds_a_private_attribute():
    assert private_attributes("param._runtime_param = 1\nself._x = 2\nobj.__class__") == ["param._runtime_param"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_no_private_attribute_of_a_library_object(path):
    found = {(path.name, expr) for expr in private_attributes(path.read_text(encoding="utf-8"))}
    assert found - PENDING_ATTRIBUTES == set()
