"""The typed, immutable model of one workbook. Every amount is a Decimal and
every value keeps the CellRef it was read from.

Each sheet is read into frozen records with named fields (``Record``, which behaves
like a frozen dataclass): a form sheet into one record, a list sheet into one record
per row, an official table into rows whose amount columns are named
(`row.amounts.fiscal`, `row.refs.fiscal`). The
field names are the schema's keys (generator/schema.py stays the one definition;
tests/test_model.py holds the two together), so a misspelt name fails where it is
written instead of silently reading a default.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Generic, Iterator, Mapping, TypeVar, dataclass_transform

from generator.problems import CellRef

ZERO = Decimal(0)

T = TypeVar("T")


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


# ---------------------------------------------------------------------------
# Records

@dataclass_transform(eq_default=True, frozen_default=True)
class Record:
    """Base of the records with one attribute per field, declared as class annotations.

    Like ``@dataclass(frozen=True)``: keyword or positional construction (a missing or
    unknown field is a TypeError), immutable (FrozenInstanceError), equal and hashed by
    the values of their fields except those in ``UNCOMPARED``, a misspelt attribute an
    AttributeError. Unlike it, a class costs next to nothing to make: the record classes are
    made at every start of pjgen, and the code dataclasses generates for each took
    about a tenth of ``pjgen check``.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ()  # own fields in declaration order, then TRAILING
    TRAILING: ClassVar[tuple[str, ...]] = ()  # fields every record of a kind ends with
    DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    UNCOMPARED: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = tuple(name for name, kind in cls.__dict__.get("__annotations__", {}).items()
                    if not str(kind).startswith("ClassVar") and name not in cls.TRAILING)
        cls.FIELDS = own + cls.TRAILING
        cls.DEFAULTS = {**cls.DEFAULTS, **{name: cls.__dict__[name] for name in own if name in cls.__dict__}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self.FIELDS
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields, not {len(args)}")
        given = dict(zip(names, args))
        for name, value in kwargs.items():
            if name not in names or name in given:
                raise TypeError(f"{type(self).__name__} got an unexpected or repeated field {name!r}")
            given[name] = value
        values = {}  # in declaration order, whatever the order of the arguments
        for name in names:
            if name in given:
                values[name] = given[name]
            elif name in self.DEFAULTS:
                values[name] = self.DEFAULTS[name]
            else:
                raise TypeError(f"{type(self).__name__} is missing the field {name!r}")
        object.__setattr__(self, "__dict__", values)

    def _compared(self) -> tuple[Any, ...]:
        return tuple(v for k, v in self.__dict__.items() if k not in self.UNCOMPARED)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items() if k not in self.UNCOMPARED)
        return f"{type(self).__name__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


# ---------------------------------------------------------------------------
# Form and list sheets: one field per schema Field, plus the cells they came from

class Cells(Record):
    """A record read from a form sheet (one per sheet) or a list sheet (one per row): one
    field per schema Field (its key), then ``refs``, the CellRef of each. `ref(name)` is the
    CellRef of one named field; an unknown name raises AttributeError. Records compare by
    their values, not by the cells they came from."""

    TRAILING = ("refs",)
    UNCOMPARED = frozenset({"refs"})
    NOT_FIELDS: ClassVar[frozenset[str]] = frozenset({"refs", "row"})
    refs: Mapping[str, CellRef]

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(name for name in cls.FIELDS if name not in Cells.NOT_FIELDS)

    def ref(self, name: str) -> CellRef:
        if name not in self.field_names():
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        return self.refs[name]


class RowCells(Cells):
    """A record read from one row of a list sheet: its fields, ``refs``, and the sheet ``row``."""

    TRAILING = ("refs", "row")
    DEFAULTS = {"row": 0}
    row: int


class UnitInfo(Cells):
    """单位信息."""

    unit_name: str
    year: int | None
    unit_kind: str
    functions_intro: str
    staff_active: int | None
    staff_retired_cadre: int | None
    staff_retired: int | None


class FunctionRow(RowCells):
    """主要职能, one row."""

    text: str


class OfficeRow(RowCells):
    """机构设置, one row."""

    kind: str
    name: str


class Compare(Cells):
    """上年及预算对比."""

    total_last: Decimal | None
    total_reason: str
    fiscal_last: Decimal | None
    fiscal_reason: str
    fiscal_budget: Decimal | None
    fiscal_budget_reason: str
    general_last: Decimal | None
    general_reason: str
    general_budget: Decimal | None
    general_budget_reason: str
    fiscal_budget_full: Decimal | None
    general_budget_full: Decimal | None


class LastYearRow(RowCells):
    """一般公共预算支出上年对比, one row."""

    code: str
    name: str
    last_amount: Decimal | None
    reason: str


class ThreePublicNotes(Cells):
    """三公经费说明."""

    abroad_last: Decimal | None
    car_buy_last: Decimal | None
    car_run_last: Decimal | None
    reception_last: Decimal | None
    total_reason: str
    abroad_reason: str
    car_reason: str
    reception_reason: str
    abroad_groups: int | None
    abroad_people: int | None
    abroad_content: str
    car_bought: int | None
    car_held: int | None
    car_run_content: str
    car_gap_reason: str
    reception_batches: int | None
    reception_people: int | None
    reception_content: str
    budget_reason: str
    abroad_budget_reason: str
    car_buy_budget_reason: str
    car_run_budget_reason: str
    reception_budget_reason: str
    abroad_budget_full: Decimal | None
    car_buy_budget_full: Decimal | None
    car_run_budget_full: Decimal | None
    reception_budget_full: Decimal | None


class OtherMatters(Cells):
    """其他重要事项."""

    running_amount: Decimal | None
    running_last: Decimal | None
    running_reason: str
    procurement_total: Decimal | None
    procurement_goods: Decimal | None
    procurement_works: Decimal | None
    procurement_services: Decimal | None
    procurement_sme: Decimal | None
    procurement_micro: Decimal | None
    assets_original: Decimal | None
    building_area: Decimal | None
    building_value: Decimal | None
    vehicles: int | None
    vehicles_value: Decimal | None
    veh_minister: int | None
    veh_head: int | None
    veh_confidential: int | None
    veh_emergency: int | None
    veh_enforcement: int | None
    veh_special: int | None
    veh_retiree: int | None
    veh_other: int | None
    veh_other_use: str
    big_equipment: int | None

    def vehicle_kinds(self) -> dict[str, int]:
        """The vehicle counts by kind (field name → count, a blank as 0), in the schema's order."""
        kinds = ("veh_minister", "veh_head", "veh_confidential", "veh_emergency", "veh_enforcement",
                 "veh_special", "veh_retiree", "veh_other")
        return {k: getattr(self, k) or 0 for k in kinds}


class Performance(Cells):
    """预算绩效."""

    score_rule: str
    achievements: str
    problems: str
    improvements: str
    overall_published: str
    other_matters: str


class ProjectRow(RowCells):
    """绩效自评项目, one row (the heading and funds of one 项目支出绩效自评表)."""

    no: str
    name: str
    department: str
    implementer: str
    initial_total: Decimal | None
    full_total: Decimal | None
    executed_total: Decimal | None
    initial_fiscal: Decimal | None
    full_fiscal: Decimal | None
    executed_fiscal: Decimal | None
    initial_carry: Decimal | None
    full_carry: Decimal | None
    executed_carry: Decimal | None
    initial_other: Decimal | None
    full_other: Decimal | None
    executed_other: Decimal | None
    rate_weight: Score
    rate_score: Score
    goal_expected: str
    goal_actual: str
    total_score: Score


class IndicatorRow(RowCells):
    """绩效自评指标, one row."""

    no: str
    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Score
    score: Score
    reason: str


class OverallForm(Cells):
    """部门整体绩效."""

    kind: str
    goal: str


class OverallTaskRow(RowCells):
    """整体绩效任务, one row."""

    name: str
    content: str
    total: Decimal | None
    fiscal: Decimal | None
    other: Decimal | None
    executed: Decimal | None


class OverallIndicatorRow(RowCells):
    """整体绩效指标, one row."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Score
    score: Score
    reason: str


class CompositionRow(RowCells):
    """单位构成, one row."""

    name: str
    note: str


class ItemNoteRow(RowCells):
    """项级科目说明, one row."""

    code: str
    name: str
    purpose: str
    budget: Decimal | None
    reason: str
    budget_full: Decimal | None


class ThreePublicMore(Cells):
    """三公经费补充."""

    foreign_amount: Decimal | None
    foreign_batches: int | None
    foreign_people: int | None
    car_buy_content: str


class PerformanceStages(Cells):
    """预算绩效管理."""

    systems: str
    mechanism: str
    target_count: int | None
    target_amount: Decimal | None
    track_count: int | None
    track_amount: Decimal | None
    selfeval_count: int | None
    selfeval_amount: Decimal | None
    average_score: Decimal | None
    grade_excellent: int | None
    grade_good: int | None
    grade_pass: int | None
    grade_fail: int | None
    issues_found: int | None
    issues_fixed: int | None
    issues_fixing: int | None


class ProcurementReserved(Cells):
    """政府采购预留."""

    sme_reserved: Decimal | None
    micro_reserved: Decimal | None
    sme_reserved_awarded: Decimal | None
    micro_reserved_awarded: Decimal | None
    sme_other_awarded: Decimal | None


class Glossary(Cells):
    """名词解释."""

    business_items: str
    operating_items: str
    other_items: str


# ---------------------------------------------------------------------------
# Amount columns of the official tables, by name. Each class holds one value per
# column (amounts as Decimal, or the CellRefs of those amounts, or the headings),
# in the official column order.

class Columns(Record):
    def values(self) -> tuple[Any, ...]:
        """The columns in table order (for rules that apply to every column alike)."""
        return tuple(self.__dict__.values())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values())

    @classmethod
    def width(cls) -> int:
        return len(cls.FIELDS)


class IncomeColumns(Columns, Generic[T]):
    """公开02表 收入决算表."""

    total: T
    fiscal: T
    superior: T
    business: T
    operating: T
    affiliated: T
    other: T


class ExpenseColumns(Columns, Generic[T]):
    """公开03表 支出决算表."""

    total: T
    basic: T
    project: T
    superior: T
    operating: T
    affiliated: T


class GeneralColumns(Columns, Generic[T]):
    """公开05表 一般公共预算财政拨款支出决算表."""

    total: T
    basic: T
    project: T


class FundColumns(Columns, Generic[T]):
    """公开08/09表: 年初结转和结余, 本年收入, 本年支出 (小计, 基本, 项目), 年末结转和结余."""

    opening: T
    income: T
    spent: T
    basic: T
    project: T
    closing: T


class SingleColumn(Columns, Generic[T]):
    """公开01表's 支出 panel: one 金额 column."""

    total: T


class FiscalColumns(Columns, Generic[T]):
    """公开04表's 支出 panel: 合计 and the three kinds of 财政拨款."""

    total: T
    general: T
    fund: T
    soe: T


class ThreePublicColumns(Columns, Generic[T]):
    """公开07表, each of 预算数 and 决算数."""

    total: T
    abroad: T
    car: T  # 公务用车购置及运行维护费小计
    car_buy: T
    car_run: T
    reception: T


C = TypeVar("C", bound=Columns)

# Which column class each official table uses (key → class).
TABLE_COLUMNS: dict[str, type[Columns]] = {
    "t1": SingleColumn, "t2": IncomeColumns, "t3": ExpenseColumns, "t4": FiscalColumns,
    "t5": GeneralColumns, "t7": ThreePublicColumns, "t8": FundColumns, "t9": FundColumns,
}


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


class IncomeRow(Record):
    """A row of the 收入 panel of 公开01/04表."""

    UNCOMPARED = frozenset({"ref"})

    label: str
    line: str
    amount: Decimal
    ref: CellRef


class ExpenseRow(Record, Generic[C]):
    """A row of the 支出 panel of 公开01/04表."""

    UNCOMPARED = frozenset({"refs"})

    label: str
    line: str
    amounts: C
    refs: C


class TwoPanelTable(Record, Generic[C]):
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


class EconomicItem(Record):
    UNCOMPARED = frozenset({"ref"})

    code: str
    name: str
    amount: Decimal
    block: int  # 1 人员经费, 2 and 3 公用经费
    ref: CellRef

    @property
    def level(self) -> int:
        return level_of(self.code)


class EconomicTable(Record):
    UNCOMPARED = frozenset({"personnel_ref", "public_ref"})

    items: tuple[EconomicItem, ...]
    personnel_total: Decimal
    public_total: Decimal
    personnel_ref: CellRef | None = None
    public_ref: CellRef | None = None

    def block_items(self, personnel: bool) -> tuple[EconomicItem, ...]:
        return tuple(i for i in self.items if (i.block == 1) == personnel)


class ThreePublicTable(Record):
    """公开07表: 预算数 and 决算数, each by named column."""

    UNCOMPARED = frozenset({"budget_refs", "actual_refs"})

    budget: ThreePublicColumns[Decimal]
    actual: ThreePublicColumns[Decimal]
    budget_refs: ThreePublicColumns[CellRef] | None  # None: the sheet is missing
    actual_refs: ThreePublicColumns[CellRef] | None


# ---------------------------------------------------------------------------
# 绩效自评

class Indicator(Record):
    UNCOMPARED = frozenset({"source"})

    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Score
    score: Score
    reason: str
    source: IndicatorRow | OverallIndicatorRow  # the row read

    def ref(self, name: str) -> CellRef:
        return self.source.ref(name)


class Funds(Record):
    initial: Decimal
    full: Decimal
    executed: Decimal


class Project(Record):
    UNCOMPARED = frozenset({"head"})

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
    head: ProjectRow  # the row read, with its cells

    @property
    def execution_rate(self) -> Decimal | None:
        return None if self.total.full == 0 else self.total.executed / self.total.full


class OverallTask(Record):
    UNCOMPARED = frozenset({"source"})

    name: str
    content: str
    total: Decimal
    fiscal: Decimal
    other: Decimal
    executed: Decimal | None
    source: OverallTaskRow


class Overall(Record):
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
    t1: TwoPanelTable[SingleColumn[Decimal]]
    t2: CodedTable[IncomeColumns[Decimal]]
    t3: CodedTable[ExpenseColumns[Decimal]]
    t4: TwoPanelTable[FiscalColumns[Decimal]]
    t5: CodedTable[GeneralColumns[Decimal]]
    t6: EconomicTable
    t7: ThreePublicTable
    t8: CodedTable[FundColumns[Decimal]]
    t9: CodedTable[FundColumns[Decimal]]
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

    @property
    def unit_name(self) -> str:
        return self.unit.unit_name

    @property
    def year(self) -> int | None:
        return self.unit.year
