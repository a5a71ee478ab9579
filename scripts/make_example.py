"""Build the worked example's workbook from its TOML source.

    python scripts/make_example.py [inputs/2023.toml] [inputs/2023.xlsx]

The TOML holds one table per sheet, named by the sheet name: form sheets map
field labels to values, list sheets and the nine official tables hold `rows`.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import schema  # noqa: E402
from generator.workbook import write_workbook  # noqa: E402


def load(source: Path) -> dict[str, Any]:
    with source.open("rb") as fh:
        raw = tomllib.load(fh)
    specs = schema.all_sheet_specs()
    unknown = sorted(set(raw) - set(specs))
    if unknown:
        raise SystemExit(f"{source}: 未知的工作表：{'、'.join(unknown)}")
    data: dict[str, Any] = {}
    for name, content in raw.items():
        spec = specs[name]
        if isinstance(spec, schema.FormSheet):
            labels = {f.label for f in spec.fields}
            extra = sorted(set(content) - labels)
            if extra:
                raise SystemExit(f"{source}: [{name}] 中有未知字段：{'、'.join(extra)}")
            data[name] = dict(content)
        else:
            rows = content.get("rows", [])
            width = len(spec.columns) if isinstance(spec, schema.ListSheet) else len(spec.header)
            for i, row in enumerate(rows, start=1):
                if len(row) != width:
                    raise SystemExit(f"{source}: [{name}] 第{i}行有{len(row)}列，应为{width}列")
            data[name] = rows
    return data


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT / "inputs" / "2023.toml"
    target = Path(argv[2]) if len(argv) > 2 else source.with_suffix(".xlsx")
    write_workbook(target, load(source))
    print(f"已生成 {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
