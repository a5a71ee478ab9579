"""The machine-readable report of ``pjgen check/build/import --format json``: one JSON
object on standard output, UTF-8, in a documented and versioned shape (docs/json.md).

Version 1::

    {"format": "pjgen-report", "version": 1, "pjgen": "0.1.0", "command": "check",
     "ok": false, "notes": [...],
     "workbooks": [{"workbook": "2024.xlsx", "pack": "xinjiang-2023", "ok": false,
                    "errors": 1, "warnings": 0, "fatal": null,
                    "problems": [{"sheet": "单位信息", "cell": "B3", "severity": "error",
                                  "code": "missing", "message": "…"}]}]}

A new key may be added within a version; a key is never renamed, removed or given
another meaning without raising ``version``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.build import BuildRun
    from generator.importer import ImportResult
    from generator.pipeline import Validation

FORMAT = "pjgen-report"
VERSION = 1


def problem(p: Problem) -> dict[str, Any]:
    return {
        "sheet": p.ref.sheet if p.ref else None,
        "cell": p.ref.cell if p.ref else None,
        "severity": "error" if p.is_error else "warning",
        "code": p.code,
        "message": p.message,
    }


def workbook(path: Path, v: Validation | None, fatal: str | None = None) -> dict[str, Any]:
    """One workbook's entry; ``fatal`` is the message of what stopped its reading."""
    problems = v.problems if v is not None else []
    errors = sum(p.is_error for p in problems)
    return {
        "workbook": str(path),
        "pack": v.pack.id if v is not None and v.pack is not None else None,
        "ok": fatal is None and v is not None and v.ok,
        "errors": errors,
        "warnings": len(problems) - errors,
        "fatal": fatal,
        "problems": [problem(p) for p in problems],
    }


def report(command: str, workbooks: list[dict[str, Any]], notes: list[str] | None = None,
           **extra: Any) -> dict[str, Any]:
    return {
        "format": FORMAT, "version": VERSION, "pjgen": __version__, "command": command,
        "ok": all(w["ok"] for w in workbooks), "notes": list(notes or []), "workbooks": workbooks, **extra,
    }


def usage_report(command: str, message: str) -> dict[str, Any]:
    """The report of a command line that does not parse (no workbook was looked at)."""
    return {**report(command, []), "ok": False, "usage_error": message}


def build_report(run: BuildRun, notes: list[str]) -> dict[str, Any]:
    entries = []
    for r in run.results:
        entry = workbook(r.path, r.validation, "；".join(r.errors) or None)
        entry["ok"] = r.ok
        entry["status"] = r.status  # built, unchanged, invalid, failed
        entry["outputs"] = [{"path": str(w.path), "changed": w.changed,
                             "backup": str(w.backup) if w.backup else None} for w in r.outputs]
        entries.append(entry)
    return report("build", entries, [*run.notes, *notes])


def import_report(into: Path, export: Path, result: ImportResult) -> dict[str, Any]:
    entry = workbook(into, None)
    entry["ok"] = bool(result.saved)
    entry["export"] = str(export)
    entry["tables"] = [
        {"code": t.spec.code, "name": t.spec.name, "sheet": t.sheet, "unit": t.unit, "unit_stated": t.unit_stated,
         "rows": len(t.rows), "written": t.written, "skipped": t.skipped or None}
        for t in result.tables
    ] + [{"code": s.code, "name": s.name, "sheet": None, "unit": None, "unit_stated": False, "rows": 0,
          "written": False, "skipped": "导出表中没有此表"} for s in result.missing]
    entry["amounts"] = result.amounts
    entry["placed"] = result.placed
    entry["unplaced"] = list(result.unplaced)
    entry["rounding"] = list(result.tail)
    return report("import", [entry])


def emit(data: dict[str, Any]) -> None:
    """Write the report to standard output as UTF-8, whatever the console's code page."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
