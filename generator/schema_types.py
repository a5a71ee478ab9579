"""What the schema is made of: kinds of field, fields, and the three kinds of sheet
(form, list, official table). generator/schema.py declares the workbook with them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import NamedTuple


class Kind(enum.Enum):
    TEXT = "文本"
    MONEY = "金额（万元）"
    COUNT = "整数"
    NUMBER = "数值"
    PERCENT = "百分比"
    CHOICE = "选项"

    @property
    def numeric(self) -> bool:
        return self in (Kind.MONEY, Kind.COUNT, Kind.NUMBER, Kind.PERCENT)


class Carry(enum.Enum):
    """What `pjgen init --from` does with a field when it writes next year's workbook."""

    KEEP = "沿用上年内容，需复核"  # last year's text or structure, a starting point to review
    PRIOR = "取自上年工作簿"  # a figure of last year's 决算 (Field.prior names it), checked by check --prior


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()
    width: int = 14
    carry: Carry | None = None  # None: left empty for the new year
    prior: str = ""  # Carry.PRIOR: which figure of last year's workbook (generator/carry.py computes it)
    may_be_absent: bool = False  # added later: a workbook without its row (column) reads it as empty


def money(key: str, label: str, help: str = "", required: bool = True, prior: str = "") -> Field:
    return Field(key, label, Kind.MONEY, required, help, width=14,
                 carry=Carry.PRIOR if prior else None, prior=prior)


def full_budget(key: str, label: str) -> Field:
    """An optional 全年预算数 (the budget as adjusted during the year) beside a 年初预算数: the pack's
    [wording] budget_basis says which of the two its sentences compare with."""
    return Field(key, label, Kind.MONEY, False, "年度中调整后的预算；没有调整或不用的留空（用年初预算数）",
                 width=14, may_be_absent=True)


def count(key: str, label: str, help: str = "", required: bool = True, carry: Carry | None = None) -> Field:
    return Field(key, label, Kind.COUNT, required, help, width=10, carry=carry)


def text(key: str, label: str, help: str = "", required: bool = True, width: int = 40,
         carry: Carry | None = None, prior: str = "") -> Field:
    return Field(key, label, Kind.TEXT, required, help, width=width,
                 carry=Carry.PRIOR if prior else carry, prior=prior)


def choice(key: str, label: str, choices: tuple[str, ...], help: str = "", carry: Carry | None = None) -> Field:
    return Field(key, label, Kind.CHOICE, True, help, choices, width=18, carry=carry)


KEEP = Carry.KEEP


@dataclass(frozen=True)
class FormSheet:
    """Label/value pairs: column A 项目, column B 内容, column C 填写说明."""

    name: str
    help: str
    fields: tuple[Field, ...]
    first_row: int = 2
    optional: bool = False  # the whole sheet may be absent (its fields are then all empty)
    record: str = ""  # name of the record class it is read into (generator/records.py); default: the sheet's name

    def row_of(self, key: str) -> int:
        for i, f in enumerate(self.fields):
            if f.key == key:
                return self.first_row + i
        raise KeyError(key)


@dataclass(frozen=True)
class ListSheet:
    """A header row and any number of data rows."""

    name: str
    help: str
    columns: tuple[Field, ...]
    header_row: int = 1
    optional: bool = False  # the whole sheet may be absent or empty
    record: str = ""  # name of the class each row is read into (generator/records.py); default: the sheet's name

    @property
    def first_row(self) -> int:
        return self.header_row + 1


class TableShape(enum.Enum):
    CODED = "coded"  # 科目编码 / 科目名称 / amounts; 合计 row then 类/款/项 rows
    TWO_PANEL = "two-panel"  # 收入 panel | 支出 panel (公开01表, 公开04表)
    ECONOMIC = "economic"  # 公开06表: three 经济分类 blocks side by side
    SINGLE_ROW = "single-row"  # 公开07表: one row of amounts


class Column(NamedTuple):
    """A named amount column of an official table: the key the program reads it by
    (``row.amounts.fiscal``) and its official heading."""

    key: str
    heading: str


# The leaf headings before the named amount columns, by shape
_LEADING: dict[TableShape, tuple[str, ...]] = {
    TableShape.CODED: ("科目编码", "科目名称"),
    TableShape.TWO_PANEL: ("项目", "行次", "金额", "项目", "行次"),  # 收入 panel, then 支出's labels
    TableShape.ECONOMIC: ("科目编码", "科目名称", "决算数") * 3,  # no named columns
    TableShape.SINGLE_ROW: (),
}


@dataclass(frozen=True)
class OfficialTable:
    """One of the nine 决算公开 tables, in its official layout.

    Rows 1–2 hold the title and the 编制单位/金额单位 line, rows 3–4 the column
    headings (`header_top` spans, `header` leaves); data start at row 5. The amount
    columns are declared once, as (key, heading) pairs; the leaf headings follow from
    them and the shape (公开07表 repeats its columns: 预算数, then 决算数).
    """

    key: str  # t1 … t9
    code: str  # 公开01表
    name: str  # sheet name and table title
    shape: TableShape
    columns: tuple[Column, ...]  # the named amount columns (TWO_PANEL: the 支出 panel's), in order
    header_top: tuple[tuple[str, int], ...] = ()  # (heading, span) above the leaves
    first_row: int = 5
    # TWO_PANEL: labels expected in the 收入 panel and the fixed 支出 trailer rows
    income_labels: tuple[str, ...] = ()
    expense_trailer: tuple[str, ...] = ()
    empty_note: str = ""
    record: str = ""  # name of the class of its named columns (tables with the same columns share it)

    @property
    def headings(self) -> tuple[str, ...]:
        """The headings of the named amount columns, in order."""
        return tuple(c.heading for c in self.columns)

    @property
    def header(self) -> tuple[str, ...]:
        """Leaf column headings, in column order."""
        repeat = 2 if self.shape is TableShape.SINGLE_ROW else 1
        return _LEADING[self.shape] + self.headings * repeat

    @property
    def amount_columns(self) -> int:
        return len(self.header) - 2 if self.shape is TableShape.CODED else len(self.header)


SheetSpec = FormSheet | ListSheet | OfficialTable


def optional_form(name: str, description: str, fields: tuple[Field, ...], record: str = "") -> FormSheet:
    """A form sheet that only some layouts use: it may be absent and every field may stay empty."""
    return FormSheet(name, description, tuple(replace(f, required=False) for f in fields), optional=True,
                     record=record)
