"""`pjgen import EXPORT.xlsx --into 2025.xlsx`: the nine 公开表 from the 决算 software's export.

Nothing is found by position. Sheets are found by the table title (`sheets`); each table is
read by the loader's own reader (generator/tables: columns by heading label or 栏次 number,
rows by 科目编码 or 项目 label), and its lines placed in the target's layout (`place`):
amounts in 元 become 万元 and amounts with more than two decimals are rounded, half-up to
cents, and every 尾差 this creates is reported (`tail`). After writing, what was written is
read back and every non-zero amount of the export is accounted for (`ledger`, `run`): placed
in its cell, or named with its cell.
"""

from generator.importer.run import ImportResult, TableImport, import_tables, read_tables

__all__ = ["ImportResult", "TableImport", "import_tables", "read_tables"]
