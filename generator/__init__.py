"""pjgen: 部门决算公开说明 generator (Excel workbook → Word/PDF)."""

__version__ = "0.1.0"
