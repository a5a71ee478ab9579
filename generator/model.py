"""The typed, immutable model of one workbook. Every amount is a Decimal and
every value keeps the CellRef it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping

from generator.problems import CellRef

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Record:
    """One filled row of a list sheet, or the fields of a form sheet."""

    values: Mapping[str, Any]
    refs: Mapping[str, CellRef] = field(compare=False)
    row: int = 0

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        v = self.values.get(key)
        return default if v is None else v

    def ref(self, key: str) -> CellRef:
        return self.refs[key]

    def amount(self, key: str) -> Decimal:
        v = self.values.get(key)
        return ZERO if v is None else v


def record(values: dict[str, Any], refs: dict[str, CellRef], row: int = 0) -> Record:
    return Record(MappingProxyType(values), MappingProxyType(refs), row)


EMPTY_RECORD = record({}, {})


def level_of(code: str) -> int:
    """科目编码 length → level: 3 类, 5 款, 7 项 (economic: 3 类, 5 款)."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


@dataclass(frozen=True, slots=True)
class CodedRow:
    code: str  # "" for the 合计 row
    name: str
    amounts: tuple[Decimal, ...]
    refs: tuple[CellRef, ...] = field(compare=False)  # one per amount
    name_ref: CellRef | None = field(default=None, compare=False)

    @property
    def level(self) -> int:
        return level_of(self.code)


@dataclass(frozen=True, slots=True)
class CodedTable:
    key: str
    total: CodedRow | None
    rows: tuple[CodedRow, ...]

    @property
    def is_empty(self) -> bool:
        amounts = [a for r in self.rows for a in r.amounts]
        if self.total is not None:
            amounts += list(self.total.amounts)
        return all(a == 0 for a in amounts)

    def row(self, code: str) -> CodedRow | None:
        for r in self.rows:
            if r.code == code:
                return r
        return None

    def total_amount(self, column: int = 0) -> Decimal:
        return self.total.amounts[column] if self.total else ZERO


@dataclass(frozen=True, slots=True)
class PanelRow:
    label: str
    line: str
    amounts: tuple[Decimal, ...]
    refs: tuple[CellRef, ...] = field(compare=False)


@dataclass(frozen=True, slots=True)
class TwoPanelTable:
    key: str
    income: tuple[PanelRow, ...]
    expense: tuple[PanelRow, ...]  # 类 rows then the trailer rows
    expense_trailer: tuple[str, ...]

    def income_amount(self, label: str) -> Decimal:
        for r in self.income:
            if r.label == label:
                return r.amounts[0]
        return ZERO

    def income_row(self, label: str) -> PanelRow | None:
        return next((r for r in self.income if r.label == label), None)

    def expense_row(self, label: str) -> PanelRow | None:
        return next((r for r in self.expense if r.label == label), None)

    @property
    def expense_classes(self) -> tuple[PanelRow, ...]:
        return tuple(r for r in self.expense if r.label not in self.expense_trailer)


@dataclass(frozen=True, slots=True)
class EconomicItem:
    code: str
    name: str
    amount: Decimal
    block: int  # 1 人员经费, 2 and 3 公用经费
    ref: CellRef = field(compare=False)

    @property
    def level(self) -> int:
        return level_of(self.code)


@dataclass(frozen=True, slots=True)
class EconomicTable:
    items: tuple[EconomicItem, ...]
    personnel_total: Decimal
    public_total: Decimal
    personnel_ref: CellRef | None = field(compare=False, default=None)
    public_ref: CellRef | None = field(compare=False, default=None)

    def block_items(self, personnel: bool) -> tuple[EconomicItem, ...]:
        return tuple(i for i in self.items if (i.block == 1) == personnel)


@dataclass(frozen=True, slots=True)
class ThreePublicTable:
    """公开07表: budget and actual; each (total, abroad, car, car_buy, car_run, reception)."""

    budget: tuple[Decimal, ...]
    actual: tuple[Decimal, ...]
    budget_refs: tuple[CellRef, ...] = field(compare=False)
    actual_refs: tuple[CellRef, ...] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Decimal
    score: Decimal
    reason: str
    refs: Mapping[str, CellRef] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Funds:
    initial: Decimal
    full: Decimal
    executed: Decimal


@dataclass(frozen=True, slots=True)
class Project:
    no: str
    name: str
    department: str
    implementer: str
    total: Funds
    fiscal: Funds
    carry: Funds | None  # 上年结转资金, only when the workbook fills it
    other: Funds
    rate_weight: Decimal
    rate_score: Decimal
    goal_expected: str
    goal_actual: str
    total_score: Decimal
    indicators: tuple[Indicator, ...]
    refs: Mapping[str, CellRef] = field(compare=False)

    @property
    def execution_rate(self) -> Decimal | None:
        return None if self.total.full == 0 else self.total.executed / self.total.full


@dataclass(frozen=True, slots=True)
class OverallTask:
    name: str
    content: str
    total: Decimal
    fiscal: Decimal
    other: Decimal
    executed: Decimal | None
    refs: Mapping[str, CellRef] = field(compare=False, default_factory=dict)


@dataclass(frozen=True, slots=True)
class Overall:
    kind: str  # 目标表 / 自评表
    goal: str
    tasks: tuple[OverallTask, ...]
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one workbook says."""

    unit: Record
    functions: tuple[str, ...]
    offices: tuple[str, ...]
    subordinates: tuple[str, ...]
    t1: TwoPanelTable
    t2: CodedTable
    t3: CodedTable
    t4: TwoPanelTable
    t5: CodedTable
    t6: EconomicTable
    t7: ThreePublicTable
    t8: CodedTable
    t9: CodedTable
    compare: Record
    general_last: tuple[Record, ...]
    three_public: Record
    other: Record
    performance: Record
    projects: tuple[Project, ...]
    overall: Overall | None
    # optional sheets (empty when the workbook does not have them)
    composition: tuple[Record, ...] = ()
    item_notes: tuple[Record, ...] = ()
    three_public_more: Record = EMPTY_RECORD
    performance_stages: Record = EMPTY_RECORD
    procurement_reserved: Record = EMPTY_RECORD
    glossary: Record = EMPTY_RECORD

    @property
    def unit_name(self) -> str:
        return self.unit["unit_name"]

    @property
    def year(self) -> int:
        return self.unit["year"]
