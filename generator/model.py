"""The typed, immutable model of one workbook. Every amount is a Decimal and
every value keeps the CellRef it was read from.

Each sheet is read into frozen records with named fields: a form sheet into one record,
a list sheet into one record per row, an official table into rows whose amount columns
are named (`row.amounts.fiscal`, `row.refs.fiscal`). Those record classes are made from
the schema (generator/records.py), which stays the one definition of every field; this
module holds what is built from them: the official tables, the projects, the Report.
The sheets' record classes can be imported from here by their schema names
(``from generator.model import Compare``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Iterator, Mapping, TypeVar

from generator.problems import CellRef
from generator.records import Cells, Columns, by_record_name  # Cells: the sheets' records, for annotations

ZERO = Decimal(0)

C = TypeVar("C", bound=Columns)


def __getattr__(name: str) -> type:
    """A sheet's record class by the schema's name for it (``model.Compare``)."""
    made = by_record_name(name)
    if made is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return made


def or_zero(value: Decimal | None) -> Decimal:
    """An optional amount as a number: a blank (None) counts as zero."""
    return ZERO if value is None else value


class NotApplicable:
    """A "/" in a score or weight cell of a self-evaluation table: not applicable (printed "/")."""

    __slots__ = ()
    text = "/"

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = NotApplicable()

# A score or weight: a number, not applicable ("/"), or None (blank or unreadable, reported).
Score = Decimal | NotApplicable | None


def scored(values: Iterator[Score] | tuple[Score, ...] | list[Score]) -> Decimal | None:
    """The sum of scores, "/" counting for nothing; None when any is blank or unreadable."""
    total = ZERO
    for v in values:
        if v is None:
            return None
        if isinstance(v, Decimal):
            total += v
    return total


def level_of(code: str) -> int:
    """科目编码 length → level: 3 类, 5 款, 7 项 (economic: 3 类, 5 款)."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


@dataclass(frozen=True, slots=True)
class CodedRow(Generic[C]):
    code: str  # "" for the 合计 row
    name: str
    amounts: C  # Columns of Decimal
    refs: C = field(compare=False)  # Columns of CellRef
    name_ref: CellRef | None = field(default=None, compare=False)

    @property
    def level(self) -> int:
        return level_of(self.code)


@dataclass(frozen=True, slots=True)
class CodedTable(Generic[C]):
    key: str
    heads: C  # Columns of the column headings
    total: CodedRow[C] | None
    rows: tuple[CodedRow[C], ...]

    @property
    def is_empty(self) -> bool:
        rows = list(self.rows) + ([self.total] if self.total is not None else [])
        return all(a == 0 for r in rows for a in r.amounts)

    def row(self, code: str) -> CodedRow[C] | None:
        for r in self.rows:
            if r.code == code:
                return r
        return None

    @property
    def totals(self) -> C:
        """The 合计 row's amounts (zeros when the table has none)."""
        if self.total is not None:
            return self.total.amounts
        return type(self.heads)(*([ZERO] * self.heads.width()))


@dataclass(frozen=True, slots=True)
class IncomeRow:
    """A row of the 收入 panel of 公开01/04表."""

    label: str
    line: str
    amount: Decimal
    ref: CellRef = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ExpenseRow(Generic[C]):
    """A row of the 支出 panel of 公开01/04表."""

    label: str
    line: str
    amounts: C
    refs: C = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class TwoPanelTable(Generic[C]):
    key: str
    income: tuple[IncomeRow, ...]
    expense: tuple[ExpenseRow[C], ...]  # 类 rows then the trailer rows
    income_labels: tuple[str, ...]  # the official 收入 labels (schema)
    expense_trailer: tuple[str, ...]  # the official fixed 支出 rows (schema)

    def income_row(self, label: str) -> IncomeRow | None:
        if label not in self.income_labels:
            raise KeyError(f"{label!r} is not a 收入 row of {self.key}")
        return next((r for r in self.income if r.label == label), None)

    def income_amount(self, label: str) -> Decimal:
        row = self.income_row(label)
        return ZERO if row is None else row.amount

    def expense_row(self, label: str) -> ExpenseRow[C] | None:
        if label not in self.expense_trailer:
            raise KeyError(f"{label!r} is not a fixed 支出 row of {self.key}")
        return next((r for r in self.expense if r.label == label), None)

    @property
    def expense_classes(self) -> tuple[ExpenseRow[C], ...]:
        return tuple(r for r in self.expense if r.label not in self.expense_trailer)


@dataclass(frozen=True, slots=True)
class EconomicItem:
    code: str
    name: str
    amount: Decimal
    block: int  # 1 人员经费, 2 and 3 公用经费
    ref: CellRef = field(compare=False, repr=False)

    @property
    def level(self) -> int:
        return level_of(self.code)


@dataclass(frozen=True, slots=True)
class EconomicTable:
    items: tuple[EconomicItem, ...]
    personnel_total: Decimal
    public_total: Decimal
    personnel_ref: CellRef | None = field(default=None, compare=False, repr=False)
    public_ref: CellRef | None = field(default=None, compare=False, repr=False)

    def block_items(self, personnel: bool) -> tuple[EconomicItem, ...]:
        return tuple(i for i in self.items if (i.block == 1) == personnel)


@dataclass(frozen=True, slots=True)
class ThreePublicTable:
    """公开07表: 预算数 and 决算数, each by named column."""

    budget: Columns
    actual: Columns
    budget_refs: Columns | None = field(compare=False, repr=False)  # None: the sheet is missing
    actual_refs: Columns | None = field(compare=False, repr=False)


# ---------------------------------------------------------------------------
# 绩效自评

@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Score
    score: Score
    reason: str
    source: IndicatorRow | OverallIndicatorRow = field(compare=False, repr=False)  # the row read

    def ref(self, name: str) -> CellRef:
        return self.source.ref(name)


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
    rate_weight: Score
    rate_score: Score
    goal_expected: str
    goal_actual: str
    total_score: Score
    indicators: tuple[Indicator, ...]
    head: ProjectRow = field(compare=False, repr=False)  # the row read, with its cells

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
    source: OverallTaskRow = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Overall:
    kind: str  # 目标表 / 自评表
    goal: str
    tasks: tuple[OverallTask, ...]
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one workbook says."""

    unit: UnitInfo
    functions: tuple[str, ...]
    offices: tuple[str, ...]
    subordinates: tuple[str, ...]
    t1: TwoPanelTable[Columns]
    t2: CodedTable[Columns]
    t3: CodedTable[Columns]
    t4: TwoPanelTable[Columns]
    t5: CodedTable[Columns]
    t6: EconomicTable
    t7: ThreePublicTable
    t8: CodedTable[Columns]
    t9: CodedTable[Columns]
    compare: Compare
    general_last: tuple[LastYearRow, ...]
    three_public: ThreePublicNotes
    other: OtherMatters
    performance: Performance
    projects: tuple[Project, ...]
    overall: Overall | None
    # optional sheets (no rows, blank fields when the workbook does not have them)
    composition: tuple[CompositionRow, ...]
    item_notes: tuple[ItemNoteRow, ...]
    three_public_more: ThreePublicMore
    performance_stages: PerformanceStages
    procurement_reserved: ProcurementReserved
    glossary: Glossary
    # every form sheet's record by sheet name (the ones above among them), for generator/sheet_fields.py
    forms: Mapping[str, Cells] = field(default_factory=dict, compare=False, repr=False)

    @property
    def unit_name(self) -> str:
        return self.unit.unit_name

    @property
    def year(self) -> int | None:
        return self.unit.year

    def general_unspent_notes(self) -> tuple[ItemNoteRow, ...]:
        """The 项 of 项级科目说明 that belong to 公开05表 though it does not list them: budgeted
        (年初 or 全年) and not spent from the 一般公共预算. The sheet does not say which budget a 项
        is of, so the tables decide: a code in 公开05表 is listed there already, and a code in
        公开08/09表 is a 政府性基金 or 国有资本经营 项 (explained under 八/九, even when its row
        spends nothing); any other 7-digit code is the general budget's."""
        tables = {row.code for t in (self.t5, self.t8, self.t9) for row in t.rows}
        return tuple(n for n in self.item_notes if len(n.code) == 7 and n.code not in tables
                     and (or_zero(n.budget) != 0 or or_zero(n.budget_full) != 0))
