"""Next year from this year: `pjgen init NEW --from OLD` and `pjgen check NEW --prior OLD`.

What is carried comes from the schema alone: a field with `carry=Carry.KEEP` is copied
from last year's workbook as a starting point to review; a field with `carry=Carry.PRIOR`
is filled from the figure of last year's workbook that `Field.prior` names (computed by
PRIOR_FIGURES / PRIOR_COLUMNS below). Every other field is left empty for the new year.
The new workbook records where it came from in its hidden `_pjgen` sheet (key `origin`),
so `pjgen check` compares its last-year figures with that workbook automatically.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

from generator import __version__, schema
from generator.load import Loader, load_report
from generator.model import Cells, CodedRow, Report, TwoPanelTable, or_zero
from generator.money import format_money
from generator.output import create_new
from generator.packs import META_PJGEN_VERSION, Pack, workbook_meta
from generator.pipeline import validate_book
from generator.printed import printed_by
from generator.problems import CellRef, PjgenError, Problem, warning
from generator.schema import Carry, Field, FormSheet, Kind, ListSheet
from generator.workbook import RawBook, read_meta, read_workbook, write_workbook

ORIGIN_KEY = "origin"  # one of schema.META_KEYS

Figure = tuple[Any, CellRef | None]


def _panel_income(table: TwoPanelTable, label: str) -> Figure:
    row = table.income_row(label)
    return (row.amount, row.ref) if row is not None else (None, None)


def _t7_actual(column: str) -> Callable[[Report], Figure]:
    return lambda r: (getattr(r.t7.actual, column),
                      getattr(r.t7.actual_refs, column) if r.t7.actual_refs is not None else None)


# Field.prior → that figure of last year's report, with the cell it was read from.
PRIOR_FIGURES: dict[str, Callable[[Report], Figure]] = {
    "上年年度加 1": lambda r: (r.year + 1 if r.year is not None else None, r.unit.ref("year")),
    "公开01表 收入总计": lambda r: _panel_income(r.t1, "总计"),
    "公开04表 收入总计": lambda r: _panel_income(r.t4, "总计"),
    "公开05表 合计": lambda r: (r.t5.total.amounts.total, r.t5.total.refs.total) if r.t5.total else (None, None),
    "公开07表 决算数 因公出国（境）费": _t7_actual("abroad"),
    "公开07表 决算数 公务用车购置费": _t7_actual("car_buy"),
    "公开07表 决算数 公务用车运行维护费": _t7_actual("car_run"),
    "公开07表 决算数 公务接待费": _t7_actual("reception"),
    "其他重要事项 机关运行经费": lambda r: (r.other.running_amount, r.other.ref("running_amount")),
}

# List sheets whose rows are last year's rows of an official table: Field.prior of each
# column → that cell of one CodedRow.
PRIOR_ROWS: dict[str, Callable[[Report], tuple[CodedRow, ...]]] = {
    schema.GENERAL_LAST.name: lambda r: r.t5.rows,
}
PRIOR_COLUMNS: dict[str, Callable[[CodedRow], Figure]] = {
    "公开05表 科目编码": lambda row: (row.code, row.name_ref),
    "公开05表 科目名称": lambda row: (row.name, row.name_ref),
    "公开05表 科目合计": lambda row: (row.amounts.total, row.refs.total),
}


def _value(rec: Cells, key: str) -> Any:
    """A field's value, None when blank (a blank text reads as "")."""
    v = getattr(rec, key)
    return None if v == "" else v


def carried_fields(spec: FormSheet | ListSheet, carry: Carry) -> tuple[Field, ...]:
    fields = spec.fields if isinstance(spec, FormSheet) else spec.columns
    return tuple(f for f in fields if f.carry is carry)


def _specs() -> tuple[FormSheet | ListSheet, ...]:
    by_name = schema.all_sheet_specs()
    return tuple(by_name[n] for n in schema.SHEET_ORDER[1:] if isinstance(by_name[n], (FormSheet, ListSheet)))


def _where(book_name: str, ref: CellRef | None) -> str:
    return f"{book_name}!{ref}" if ref is not None else book_name


# ---------------------------------------------------------------------------
# pjgen init NEW --from OLD


@dataclass
class CarryResult:
    target: Path
    source: Path
    year: int
    carried: list[str] = field(default_factory=list)  # "sheet：labels"
    review: list[str] = field(default_factory=list)
    marked: int = 0


def _listing(spec_name: str, labels: list[str], rows: int | None = None) -> str:
    where = f"（{rows} 行）" if rows is not None else ""
    return f"{spec_name}{where}：" + "、".join(labels)


def carry_forward(source: Path, target: Path, pack: Pack | None = None, *,
                  reword: Callable[[str], str] | None = None) -> CarryResult:
    """Write next year's workbook `target` from last year's `source` (never modified).

    With `pack` (a new province template) the new workbook records that pack and holds
    only its sheets and fields; otherwise it keeps last year's pack record. ``reword``, if given, rewords the
    notes and the 说明 sheet (the web server's advice names its pages). Raises PjgenError when the source
    cannot be read, has errors, or the target exists.
    """
    source, target = Path(source), Path(target)
    if target.exists():
        raise PjgenError(f"{target} 已存在，不会覆盖。请换一个文件名。")
    book = read_workbook(source)
    validation = validate_book(book)
    if not validation.ok:
        raise PjgenError(
            f"上年工作簿 {source.name} 有 {len(validation.errors)} 个错误，其中的决算数不能作为上年数。"
            f"请先运行 pjgen check {source} 并修改后再试。")
    report = validation.report
    assert report is not None
    loader = Loader(book)
    data: dict[str, Any] = {}
    marks: dict[str, dict[tuple[int, int], str]] = {}
    result = CarryResult(target, source, int(report.year) + 1)
    keep_note = f"沿用上年工作簿 {source.name} 的内容，请复核并按本年实际修改。"

    def mark(sheet: str, row: int, col: int, note: str) -> None:
        """Colour the cell; the note becomes its comment ("" for a fill alone: a list sheet's
        rows are explained once, on their first carried cell)."""
        marks.setdefault(sheet, {})[(row, col)] = reword(note) if reword and note else note
        result.marked += 1

    selection = pack.selection if pack is not None else schema.FULL_SELECTION
    for full in _specs():
        if not selection.uses(full.name):
            continue
        spec = selection.restrict(full)
        keep = carried_fields(spec, Carry.KEEP)
        prior = carried_fields(spec, Carry.PRIOR)
        if isinstance(spec, FormSheet):
            old = loader.form(full)
            values: dict[str, Any] = {}
            for f in keep:
                if _value(old, f.key) is not None:
                    values[f.label] = _value(old, f.key)
                    mark(spec.name, spec.row_of(f.key), 2, keep_note)
            for f in prior:
                value, ref = PRIOR_FIGURES[f.prior](report)
                if value is not None:
                    values[f.label] = value
                    mark(spec.name, spec.row_of(f.key), 2,
                         f"取自上年工作簿：{_where(source.name, ref)}（{f.prior}）。pjgen check 会与上年工作簿核对。")
            data[spec.name] = values
            if prior:
                result.carried.append(_listing(spec.name, [f.label for f in prior]))
            if keep:
                result.review.append(_listing(spec.name, [f.label for f in keep]))
            continue
        if prior:
            rows = PRIOR_ROWS[spec.name](report)
            grid = []
            for i, row in enumerate(rows):
                cells = []
                for col, f in enumerate(spec.columns, start=1):
                    if f.carry is Carry.PRIOR:
                        value, ref = PRIOR_COLUMNS[f.prior](row)
                        cells.append(value)
                        sourced = f.kind is Kind.MONEY  # the figure names its cell; code and name only coloured
                        mark(spec.name, spec.first_row + i, col,
                             f"取自上年工作簿：{_where(source.name, ref)}（{f.prior}）。" if sourced else "")
                    else:
                        cells.append("")
                grid.append(cells)
            data[spec.name] = grid
            result.carried.append(_listing(spec.name, [f.label for f in prior], len(grid)))
        elif keep:
            old_rows = loader.list_rows(full)
            grid = []
            note = f"浅黄色单元格{keep_note}"  # once, on the sheet's first carried cell
            for i, rec in enumerate(old_rows):
                cells = []
                for col, f in enumerate(spec.columns, start=1):
                    if f.carry is Carry.KEEP and _value(rec, f.key) is not None:
                        cells.append(_value(rec, f.key))
                        mark(spec.name, spec.first_row + i, col, note)
                        note = ""
                    else:
                        cells.append("")
                grid.append(cells)
            data[spec.name] = grid
            if grid:
                result.review.append(_listing(spec.name, [f.label for f in keep], len(grid)))
    meta = {k: v for k, v in read_meta(book).items() if k != ORIGIN_KEY}
    meta[ORIGIN_KEY] = _origin_text(source, target)
    meta[META_PJGEN_VERSION] = __version__
    if pack is not None:
        meta.update(workbook_meta(pack))
    readme = [
        ("上年结转", f"本工作簿由 pjgen init --from 根据 {source.name}（{report.year}年度）生成。"
                     "浅黄色单元格由上年工作簿填入，批注写明来源；其余单元格请填写本年数据。"),
        (Carry.PRIOR.value, "；".join(result.carried) + "。pjgen check 会逐项与上年工作簿核对，不一致时给出警告。"),
        (Carry.KEEP.value, "；".join(result.review) + "。请逐项复核，按本年实际修改。"),
        ("需填写本年数据", "公开01–09表（可用 pjgen import 从决算软件导出的报表导入）；" + "；".join(_to_fill(selection)) + "。"),
    ]
    buf = io.BytesIO()
    checked_with = pack if pack is not None else validation.pack  # the pack check will use: its 必填
    write_workbook(buf, data, marks=marks, readme_extra=readme, meta=meta, selection=selection, readme_reword=reword,
                   printed=printed_by(checked_with.template) if checked_with is not None else None)
    create_new(target, buf.getvalue())
    return result


def _to_fill(selection: schema.Selection = schema.FULL_SELECTION) -> list[str]:
    """Per sheet, the fields init --from leaves empty."""
    out = []
    for spec in _specs():
        if not selection.uses(spec.name):
            continue
        spec = selection.restrict(spec)
        fields = spec.fields if isinstance(spec, FormSheet) else spec.columns
        empty = [f.label for f in fields if f.carry is None]
        if empty:
            out.append(_listing(spec.name, empty))
    return out


def _origin_text(source: Path, target: Path) -> str:
    """The source as seen from the target's folder (relative when possible, so the pair can be moved together)."""
    src, base = source.resolve(), target.resolve().parent
    try:
        return Path(os.path.relpath(src, base)).as_posix()
    except ValueError:  # another drive on Windows
        return str(src)


def recorded_origin(book: RawBook) -> Path | None:
    """The workbook `book` was carried from, as recorded in its `_pjgen` sheet."""
    origin = read_meta(book).get(ORIGIN_KEY, "").strip()
    if not origin:
        return None
    path = Path(origin)
    return path if path.is_absolute() else (Path(book.path).resolve().parent / path).resolve()


# ---------------------------------------------------------------------------
# pjgen check NEW --prior OLD


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    return str(a).strip() == str(b).strip()


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_money(value)
    return str(value)


def prior_problems(book: RawBook, prior: Path, selection: schema.Selection = schema.FULL_SELECTION
                   ) -> list[Problem]:
    """Every last-year figure of `book` that the pack (`selection`) uses, compared with last
    year's workbook `prior`.

    A difference is a warning naming both cells. Raises PjgenError when `prior`
    cannot be read.
    """
    prior = Path(prior)
    old_book = read_workbook(prior)
    old, _ = load_report(old_book)
    loader = Loader(book, selection)
    out: list[Problem] = []
    name = prior.name
    for spec in _specs():
        if not selection.uses(spec.name):
            continue
        fields = carried_fields(selection.restrict(spec), Carry.PRIOR)
        if not fields:
            continue
        if isinstance(spec, FormSheet):
            rec = loader.form(spec)
            for f in fields:
                out.extend(_compare_field(rec, f, *PRIOR_FIGURES[f.prior](old), name))
        else:
            out.extend(_compare_rows(spec, loader.list_rows(spec), PRIOR_ROWS[spec.name](old),
                                     name))
    return out


def unreviewed_problems(book: RawBook, prior: Path, selection: schema.Selection = schema.FULL_SELECTION
                        ) -> list[Problem]:
    """A warning for every carried (Carry.KEEP) text still identical to last year's workbook `prior`."""
    old_loader, loader = Loader(read_workbook(Path(prior))), Loader(book)
    name = Path(prior).name
    out: list[Problem] = []
    for full in _specs():
        if not selection.uses(full.name):
            continue
        spec = selection.restrict(full)
        fields = [f for f in carried_fields(spec, Carry.KEEP) if f.kind is Kind.TEXT]
        if not fields:
            continue
        if isinstance(spec, FormSheet):
            pairs = [(loader.form(full), old_loader.form(full))]
        else:
            pairs = list(zip(loader.list_rows(full), old_loader.list_rows(full)))
        for rec, old in pairs:
            for f in fields:
                now = _value(rec, f.key)
                if now is not None and _value(old, f.key) is not None and _same(now, _value(old, f.key)):
                    out.append(warning(
                        "carried-unreviewed",
                        f"“{f.label}”仍是上年工作簿的原文（{_where(name, old.ref(f.key))}），未经修改。"
                        "请按本年实际复核修改；如确认沿用，可不理会此警告。", rec.ref(f.key)))
    return out


def _compare_field(rec: Cells, f: Field, value: Any, old_ref: CellRef | None, name: str) -> Iterator[Problem]:
    now = _value(rec, f.key)
    if now is None or value is None or _same(now, value):
        return
    yield warning("prior-differs",
                  f"“{f.label}”为 {_shown(now)}，但上年工作簿中的{f.prior}为 {_shown(value)}"
                  f"（{_where(name, old_ref)}）。上年数如有调整，请在原因中说明；否则请改为上年决算数。",
                  rec.ref(f.key))


def _compare_rows(spec: ListSheet, rows: tuple[Cells, ...], old_rows: tuple[CodedRow, ...],
                  name: str) -> Iterator[Problem]:
    key = next(f for f in spec.columns if f.prior.endswith("科目编码"))
    amounts = [f for f in spec.columns if f.carry is Carry.PRIOR and f.kind is Kind.MONEY]
    old_by_code = {r.code: r for r in old_rows}
    seen: set[str] = set()
    for rec in rows:
        code = _value(rec, key.key)
        if not code:
            continue
        seen.add(code)
        old_row = old_by_code.get(code)
        for f in amounts:
            if old_row is None:
                if or_zero(_value(rec, f.key)) != 0:
                    yield warning("prior-differs",
                                  f"科目 {code} 的“{f.label}”为 {_shown(_value(rec, f.key))}，但上年工作簿 {name} 的"
                                  f"公开05表中没有这个科目。请核对科目编码或上年数。", rec.ref(f.key))
                continue
            value, old_ref = PRIOR_COLUMNS[f.prior](old_row)
            yield from _compare_field(rec, f, value, old_ref, name)
    for code, old_row in old_by_code.items():
        if code not in seen and old_row.amounts.total != 0:
            yield warning("prior-missing",
                          f"上年工作簿公开05表的科目 {code}{old_row.name}（{_where(name, old_row.refs.total)}，"
                          f"{_shown(old_row.amounts.total)}）不在本表中。上年有支出的科目都要列出上年数。",
                          CellRef(spec.name, f"A{spec.first_row}"))

