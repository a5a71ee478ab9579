"""Workbooks for the benchmarks, generated from the worked example (inputs/2023.toml).

    .venv/bin/python benchmarks/make_variants.py departments DIR [--count 100]
    .venv/bin/python benchmarks/make_variants.py projects FILE.xlsx [--projects 500]

``departments``: COUNT workbooks, each the worked example under its own unit
name (示例单位001 …) with a few last-year figures varied, so every workbook
gives its own, valid document. ``projects``: one workbook whose
项目支出绩效自评表 sheets hold PROJECTS projects (the example's twelve
repeated, renumbered and renamed), each with its indicators.
"""

from __future__ import annotations

import argparse
import copy
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_example import load  # noqa: E402

from generator.workbook import write_workbook  # noqa: E402

SOURCE = ROOT / "inputs" / "2023.toml"
UNIT = "单位信息"
COMPARE = "上年及预算对比"
OTHER = "其他重要事项"
PROJECTS = "绩效自评项目"
INDICATORS = "绩效自评指标"


def example() -> dict[str, Any]:
    return load(SOURCE)


def _shift(value: str, cents: int) -> str:
    return str(Decimal(value) + Decimal(cents) / 100)


def department(data: dict[str, Any], number: int) -> dict[str, Any]:
    """The example as department ``number``: own name, some last-year figures varied."""
    variant = copy.deepcopy(data)
    name = f"示例单位{number:03d}"
    variant[UNIT]["单位名称"] = name
    compare = variant[COMPARE]
    compare["上年收入支出总计"] = _shift(str(compare["上年收入支出总计"]), number)
    other = variant[OTHER]
    other["上年机关运行经费"] = _shift(str(other["上年机关运行经费"]), number)
    # The nine official tables carry the unit name in their headers through the
    # writer (unit_name), so nothing else needs renaming.
    for project in variant[PROJECTS]:
        project[2] = project[3] = name  # 主管部门, 实施单位
    return variant


def with_projects(data: dict[str, Any], count: int) -> dict[str, Any]:
    """The example with ``count`` self-evaluated projects (its twelve, repeated)."""
    variant = copy.deepcopy(data)
    base_projects = data[PROJECTS]
    base_indicators = data[INDICATORS]
    projects, indicators = [], []
    for i in range(count):
        model = base_projects[i % len(base_projects)]
        number = str(i + 1)
        row = list(model)
        row[0] = number
        row[1] = f"{model[1]}（第{i // len(base_projects) + 1}批）" if i >= len(base_projects) else model[1]
        projects.append(row)
        for ind in base_indicators:
            if ind[0] == model[0]:
                indicators.append([number, *ind[1:]])
    variant[PROJECTS] = projects
    variant[INDICATORS] = indicators
    return variant


def write_departments(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = example()
    paths = []
    for number in range(1, count + 1):
        path = folder / f"department_{number:03d}.xlsx"
        write_workbook(path, department(data, number))
        paths.append(path)
    return paths


def write_projects(path: Path, count: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, with_projects(example(), count))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    d = sub.add_parser("departments")
    d.add_argument("folder", type=Path)
    d.add_argument("--count", type=int, default=100)
    p = sub.add_parser("projects")
    p.add_argument("path", type=Path)
    p.add_argument("--projects", type=int, default=500)
    args = parser.parse_args()
    if args.kind == "departments":
        paths = write_departments(args.folder, args.count)
        print(f"wrote {len(paths)} workbooks to {args.folder}")
    else:
        write_projects(args.path, args.projects)
        print(f"wrote {args.path} ({args.projects} projects)")


if __name__ == "__main__":
    main()
