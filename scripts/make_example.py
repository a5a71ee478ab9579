"""Build the worked example's workbook from its TOML source.

    python scripts/make_example.py [inputs/2023.toml] [inputs/2023.xlsx]

The TOML holds one table per sheet, named by the sheet name: form sheets map
field labels to values, list sheets and the nine official tables hold `rows`.
An optional `[_pjgen]` table (e.g. `pack = "shanghai-2024"`) is recorded in the
workbook's hidden _pjgen sheet; only the sheets and fields of that pack are written.
"""

from __future__ import annotations

import itertools
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import schema  # noqa: E402
from generator.packs import DEFAULT_PACK, find_pack  # noqa: E402
from generator.workbook import write_workbook  # noqa: E402

META = "_pjgen"


def load(source: Path) -> dict[str, Any]:
    with source.open("rb") as fh:
        raw = tomllib.load(fh)
    specs = schema.all_sheet_specs()
    unknown = sorted(set(raw) - set(specs) - {META})
    if unknown:
        raise SystemExit(f"{source}: 未知的工作表：{'、'.join(unknown)}")
    data: dict[str, Any] = {}
    for name, content in raw.items():
        if name == META:
            continue
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
            # trailing columns added to the schema later (may_be_absent) may be left out of a row
            later = sum(1 for _ in itertools.takewhile(lambda f: f.may_be_absent, reversed(spec.columns))) \
                if isinstance(spec, schema.ListSheet) else 0
            for i, row in enumerate(rows, start=1):
                if not width - later <= len(row) <= width:
                    raise SystemExit(f"{source}: [{name}] 第{i}行有{len(row)}列，应为{width}列")
            data[name] = [list(row) + [""] * (width - len(row)) for row in rows]
    return data


def load_meta(source: Path) -> dict[str, str]:
    """The `[_pjgen]` table of the source (empty when it has none)."""
    with source.open("rb") as fh:
        return {str(k): str(v) for k, v in tomllib.load(fh).get(META, {}).items()}


def write(source: Path, target: Path) -> None:
    meta = load_meta(source)
    if meta.get("pack"):
        write_workbook(target, load(source), meta=meta, selection=find_pack(meta["pack"]).selection)
    else:  # a workbook that records no pack is the default pack's
        write_workbook(target, load(source), selection=find_pack(DEFAULT_PACK).selection)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT / "inputs" / "2023.toml"
    target = Path(argv[2]) if len(argv) > 2 else source.with_suffix(".xlsx")
    write(source, target)
    print(f"已生成 {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
