"""How much of a workbook pjgen reads before it refuses it: documented, and raisable.

A damaged or hostile .xlsx can inflate a few megabytes into gigabytes of XML, or hold a
million rows. Every read (``pjgen check``, ``build``, ``import``, ``diff``, ``init --from``
and the web page) stops at these limits with one Chinese error naming the sheet, so that
memory stays under 300 MB and the time under a few seconds.

The row and column limits follow the schema: a form sheet holds its fields and little
more, a list sheet any number of rows up to ``list_rows``, an official table up to
``table_rows``. Rows beyond a limit that hold nothing (empty rows and styled-but-empty
cells, which Excel writes) are skipped without being refused.

For an unusually large workbook, multiply every limit by a factor,
with the environment variable ``PJGEN_LIMIT_SCALE`` (for instance ``PJGEN_LIMIT_SCALE=10``)
or, in Python, ``ReadLimits().scaled(10)``; any single field can be set with
``dataclasses.replace``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, fields, replace

from generator import schema

SCALE_ENV = "PJGEN_LIMIT_SCALE"
MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    # The zip, checked before any XML is parsed (sizes as the zip's directory declares them;
    # a part that inflates beyond its declared size is refused as damaged).
    part_bytes: int = 128 * MB  # one worksheet's XML (a full-height sheet of formatted empty rows is ~100 MB)
    other_part_bytes: int = 16 * MB  # any other part (styles, workbook, drawings …)
    shared_strings_bytes: int = 16 * MB  # the shared strings table, parsed whole up front
    total_bytes: int = 256 * MB  # all parts together
    parts: int = 2_000  # members of the zip
    sheets: int = 200  # worksheets
    ratio: int = 100  # inflated : compressed, for parts over 1 MB (Apache POI's default)
    no_dimension_bytes: int = 4 * MB  # a worksheet without <dimension> is parsed whole when opened
    max_depth: int = 64  # XML element nesting (a worksheet needs about 8)
    # Rows and columns (1-based numbers of the last one that may hold a value).
    form_extra_rows: int = 200  # a form sheet: its fields plus this many
    list_rows: int = 10_000  # data rows of a list sheet
    table_rows: int = 2_000  # rows of an official table
    other_rows: int = 10_000  # 说明, _pjgen, sheets the schema does not know (an import's export)
    form_columns: int = 26
    list_columns: int = 100
    table_columns: int = 100
    other_columns: int = 200
    cells: int = 200_000  # non-empty cells in the whole workbook
    value_bytes: int = 6 * MB  # worksheet XML up to each sheet's last value, all sheets: what openpyxl parses
    merges: int = 10_000  # merged ranges of one sheet (kept for pjgen import's headings)
    shared_strings: int = 50_000  # entries of the shared strings table (openpyxl parses each, ~40 µs)
    seconds: float = 20.0  # wall-clock time of one read
    # A Word template (a pack's template.docx), checked the same way before it is opened (parts and ratio as above).
    template_part_bytes: int = 64 * MB  # one part (document.xml, a header …)
    template_total_bytes: int = 256 * MB  # all parts together

    def scaled(self, factor: float) -> ReadLimits:
        """Every limit multiplied by ``factor``."""
        changes = {}
        for f in fields(self):
            value = getattr(self, f.name)
            changes[f.name] = value * factor if isinstance(value, float) else int(value * factor)
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ReadLimits:
        """The defaults, scaled by ``PJGEN_LIMIT_SCALE`` when it is set to a number ≥ 1."""
        raw = (os.environ if environ is None else environ).get(SCALE_ENV, "").strip()
        try:
            factor = float(raw) if raw else 1.0
        except ValueError:
            factor = 1.0
        return cls().scaled(factor) if factor > 1 else cls()

    def rows_for(self, sheet: str) -> int:
        """The last row of ``sheet`` that may hold a value."""
        spec = schema.all_sheet_specs().get(sheet)
        if isinstance(spec, schema.FormSheet):
            return spec.first_row + len(spec.fields) + self.form_extra_rows
        if isinstance(spec, schema.ListSheet):
            return spec.header_row + self.list_rows
        if isinstance(spec, schema.OfficialTable):
            return self.table_rows
        return self.other_rows

    def columns_for(self, sheet: str) -> int:
        """The last column of ``sheet`` that may hold a value."""
        spec = schema.all_sheet_specs().get(sheet)
        if isinstance(spec, schema.FormSheet):
            return self.form_columns
        if isinstance(spec, schema.ListSheet):
            return max(self.list_columns, len(spec.columns))
        if isinstance(spec, schema.OfficialTable):
            return max(self.table_columns, len(spec.header))
        return self.other_columns


RAISE_HINT = (f"如工作簿确实这么大，可设置环境变量 {SCALE_ENV}（例如 {SCALE_ENV}=10，上限放大 10 倍）后重试；"
              "否则请在 Excel 或 WPS 中删除多余的行、列或工作表后另存。")


class LimitExceeded(Exception):
    """A limit was hit; ``lines`` say where, in Chinese (one per sheet or part)."""

    def __init__(self, lines: list[str], sheet_only: bool = False):
        super().__init__("；".join(lines))
        self.lines = lines
        self.sheet_only = sheet_only  # a row or column of one sheet: the other sheets are still scanned


class Deadline:
    """The end of one read's time budget."""

    def __init__(self, seconds: float):
        self.at, self.seconds = time.monotonic() + seconds, seconds

    def check(self, where: str) -> None:
        if time.monotonic() > self.at:
            raise LimitExceeded([f"{where}读取超过 {self.seconds:g} 秒仍未完成，已停止"])
