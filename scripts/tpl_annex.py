"""Template parts with Jinja tags: self-evaluation tables, the nine annex
tables (第四部分) and the optional 部门整体支出绩效目标表/自评表.

The template only loops, branches and prints strings prepared by the
generator (see docs/template-context.md). docxtpl conventions used here:

- ``{%tr … %}`` in a row of its own: docxtpl replaces the whole row by the tag;
- ``{%p … %}`` in a paragraph of its own: the paragraph is replaced by the tag;
- ``{% vm %}`` in a cell of a looped row: the cell is merged vertically over
  the rows of the innermost loop (restart on ``loop.first``).

Nested vertical merges in the indicator block (label over all indicator
rows, 一级 over its rows, 二级 over its rows) are done like this::

    {%tr for l in p.levels %}
    {%tr set first_level = loop.first %}
    {%tr for s in l.seconds %}
    {%tr set first_of_level = loop.first %}
    {%tr for r in s.rows %}
    {%tr if first_level and first_of_level and loop.first %}
      | label: restart | 一级: restart {{ l.name }} | {% vm %}{{ s.name }} | …
    {%tr elif first_of_level and loop.first %}
      | label: continue | 一级: restart {{ l.name }} | {% vm %}{{ s.name }} | …
    {%tr else %}
      | label: continue | 一级: continue            | {% vm %}{{ s.name }} | …
    {%tr endif %}
    {%tr endfor %} {%tr endfor %} {%tr endfor %}

docxtpl's ``{% vm %}`` always tests the innermost ``loop.first``: right for
二级 (the innermost loop runs over its rows), wrong for 一级 and the label,
which start at the first row of their first inner group. Those two columns
carry static ``w:vMerge`` marks ("restart"/"continue", written by
python-docx) in three row variants chosen with ``{%tr if %}``. The label
column of the funds block (项目资金（万元）) is a plain static merge:
"restart" in the head row above the loop, "continue" in the looped row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import docxkit as k

# Column widths (mm). Portrait text width is 156 mm, landscape 243 mm.
# Self-evaluation table: label | 一级 | 二级 | 三级 | 指标值 | 完成值 | 分值 | 得分 | 偏差原因
SELFEVAL_WIDTHS = (12, 12, 14, 32, 18, 18, 10, 16, 24)

HEAD = "表格表头"
TEXT = "表格文字"
LEFT = "表格文字左"
AMOUNT = "表格金额"


# ---------------------------------------------------------------------------
# small table helpers
# ---------------------------------------------------------------------------
def _put(table, r: int, c1: int, c2: int, text: str, style: str = TEXT, r2: int | None = None):
    """Merge row r (to r2), columns c1..c2 and write text."""
    cell = k.merge(table, r, c1, r if r2 is None else r2, c2)
    k.set_cell_text(cell, text, style=style)
    return cell


def _flag_header(table, rows: Sequence[int]) -> None:
    for i in rows:
        k.set_repeat_header(table.rows[i])
        k.set_cant_split(table.rows[i])


def _cant_split(table, rows: Sequence[int]) -> None:
    for i in rows:
        k.set_cant_split(table.rows[i])


@dataclass(frozen=True)
class ValueCol:
    """A column of the indicator block after 三级指标."""
    span: int  # grid columns
    head: str
    cell: str  # Jinja expression printed in the row
    style: str = TEXT


# Row variants of the indicator loop: which columns start a vertical merge.
#   FIRST  first row of all: label, 一级 and 二级 start
#   LEVEL  first row of a later 一级 group: 一级 and 二级 start
#   OTHER  any other row: 二级 starts at its group's first row ({% vm %})
_INDICATOR_ROWS = (
    "{%tr for l in LEVELS %}",
    "{%tr set first_level = loop.first %}",
    "{%tr for s in l.seconds %}",
    "{%tr set first_of_level = loop.first %}",
    "{%tr for r in s.rows %}",
    "{%tr if first_level and first_of_level and loop.first %}",
    "FIRST",
    "{%tr elif first_of_level and loop.first %}",
    "LEVEL",
    "{%tr else %}",
    "OTHER",
    "{%tr endif %}",
    "{%tr endfor %}",
    "{%tr endfor %}",
    "{%tr endfor %}",
)


def _indicator_table(doc, above, widths: Sequence[float], label: str, levels_expr: str,
                     value_cols: Sequence[ValueCol], total_row: Sequence[tuple[int, int, str, str]] = ()):
    """The 一级/二级/三级 indicator block as its own table, joined visually to
    the table ``above`` (see docxkit.add_table_joint), so that its head row
    can repeat on each page: only rows at the top of a table repeat.

    The label (年度绩效指标完成情况) is merged over the indicator rows only;
    its cell in the head row stays empty, as in the published tables. (A merge
    starting in a repeated head row is drawn wrongly by LibreOffice.)"""
    k.add_table_joint(doc, above)
    rows = [r.replace("LEVELS", levels_expr) for r in _INDICATOR_ROWS]
    nrows = 1 + len(rows) + (1 if total_row else 0)
    table = k.add_table(doc, nrows, len(widths), widths)
    heads = [(1, "一级指标"), (2, "二级指标"), (3, "三级指标")]
    _put(table, 0, 0, 0, "")
    for col, text in heads:
        _put(table, 0, col, col, text, HEAD)
    col = 4
    for vc in value_cols:
        _put(table, 0, col, col + vc.span - 1, vc.head, HEAD)
        col += vc.span
    _flag_header(table, [0])

    seen_first = False
    for i, kind in enumerate(rows, start=1):
        if kind.startswith("{%"):
            if not seen_first:
                k.set_control_row(table, i, kind)
            else:
                # below the first data row, directive rows continue the label
                # and 一级 merges, so the template is well-formed in Word too
                # (Word may drop a "continue" that has nothing above it)
                k.set_vmerge(table.cell(i, 0), "continue")
                k.set_vmerge(table.cell(i, 1), "continue")
                k.set_control_row(table, i, kind, first_col=2)
            continue
        seen_first = True
        lab, lvl = table.cell(i, 0), table.cell(i, 1)
        if kind == "FIRST":
            k.set_vmerge(lab, "restart")
            k.set_cell_text(lab, label, TEXT)
        else:
            k.set_vmerge(lab, "continue")
        if kind in ("FIRST", "LEVEL"):
            k.set_vmerge(lvl, "restart")
            k.set_cell_text(lvl, "{{ l.name }}", TEXT)
        else:
            k.set_vmerge(lvl, "continue")
        k.set_cell_text(table.cell(i, 2), "{% vm %}{{ s.name }}", TEXT)
        k.set_cell_text(table.cell(i, 3), "{{ r.name }}", LEFT)
        col = 4
        for vc in value_cols:
            _put(table, i, col, col + vc.span - 1, vc.cell, vc.style)
            col += vc.span
        k.set_cant_split(table.rows[i])

    if total_row:
        r = nrows - 1
        for c1, c2, text, style in total_row:
            _put(table, r, c1, c2, text, style)
        k.set_cant_split(table.rows[r])
    k.set_col_widths(table, widths)
    return table


# ---------------------------------------------------------------------------
# 项目支出绩效自评表
# ---------------------------------------------------------------------------
def _selfeval_head_table(doc, w):
    """项目名称 … 年度总体目标 (table A of a project's self-evaluation)."""
    table = k.add_table(doc, 8, len(w), w)
    # 项目资金 label over the funds head row and the looped funds rows
    _put(table, 2, 0, 0, "项目资金（万元）", TEXT, r2=5)
    _put(table, 6, 0, 0, "年度总体目标", TEXT, r2=7)

    _put(table, 0, 0, 1, "项目名称")
    _put(table, 0, 2, 8, "{{ p.name }}", LEFT)
    _put(table, 1, 0, 1, "主管部门")
    _put(table, 1, 2, 4, "{{ p.department }}", LEFT)
    _put(table, 1, 5, 5, "实施单位")
    _put(table, 1, 6, 8, "{{ p.implementer }}", LEFT)

    _put(table, 2, 1, 2, "")
    for col, text in zip(range(3, 9), ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        _put(table, 2, col, col, text, HEAD)
    k.set_control_row(table, 3, "{%tr for f in p.funds %}", first_col=1)
    _put(table, 4, 1, 2, "{{ f.label }}", LEFT)
    for col, field in zip(range(3, 9), ("initial", "full", "executed", "weight", "rate", "score")):
        _put(table, 4, col, col, f"{{{{ f.{field} }}}}", TEXT)
    k.set_control_row(table, 5, "{%tr endfor %}", first_col=1)

    _put(table, 6, 1, 4, "预期目标", HEAD)
    _put(table, 6, 5, 8, "实际完成情况", HEAD)
    _put(table, 7, 1, 4, "{{ p.goal_expected }}", LEFT)
    _put(table, 7, 5, 8, "{{ p.goal_actual }}", LEFT)
    # the goal texts may be long: that row may split across pages, no other
    _cant_split(table, [0, 1, 2, 4, 6])
    k.set_col_widths(table, w)
    return table


# The value columns of a self-evaluation indicator block (项目 and 整体 自评表 alike).
SELFEVAL_VALUE_COLS = [
    ValueCol(1, "年度指标值", "{{ r.target }}"),
    ValueCol(1, "实际完成值", "{{ r.actual }}"),
    ValueCol(1, "分值", "{{ r.weight }}"),
    ValueCol(1, "得分", "{{ r.score }}"),
    ValueCol(1, "偏差原因分析及改进措施", "{{ r.reason }}", LEFT),
]


def add_selfeval_tables(doc) -> None:
    """One 项目支出绩效自评表 per project (``projects``), each on a new page."""
    w = SELFEVAL_WIDTHS
    k.add_directive(doc, "{%p for p in projects %}")
    k.add_para(doc, "项目支出绩效自评表", "表格标题", page_break_before=True)
    k.add_para(doc, "（{{ year }}年度）", "表格副标题")
    above = _selfeval_head_table(doc, w)
    _indicator_table(
        doc, above, w, "年度绩效指标完成情况", "p.levels",
        SELFEVAL_VALUE_COLS,
        total_row=[(0, 5, "总分", TEXT), (6, 6, "{{ p.total_weight }}", TEXT),
                   (7, 7, "{{ p.total_score }}", TEXT), (8, 8, "", TEXT)],
    )
    k.add_directive(doc, "{%p endfor %}")


# ---------------------------------------------------------------------------
# 第四部分: the nine tables
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Annex:
    number: int
    title: str
    widths: tuple[float, ...]
    header_rows: int
    header: tuple[tuple[int, int, int, int, str], ...]  # r1, c1, r2, c2, text
    loop: str | None  # e.g. "r in annex.t2.rows"; None: one static data row
    row: tuple[tuple[int, str, str], ...]  # span, text, style per cell of the data row
    footer: tuple[tuple[int, str, str], ...] = ()  # one static row after the loop


def _code_name_rows(key: str, n: int) -> tuple[tuple[int, str, str], ...]:
    return ((1, "{{ r.code }}", LEFT), (1, "{{ r.indent }}{{ r.name }}", LEFT)) + tuple(
        (1, f"{{{{ r.v[{i}] }}}}", AMOUNT) for i in range(n))


def _code_name_header(heads: Sequence[str]) -> tuple[tuple[int, int, int, int, str], ...]:
    """项目 (科目编码 | 科目名称) then one column per head, each over two rows."""
    spec = [(0, 0, 0, 1, "项目"), (1, 0, 1, 0, "科目编码"), (1, 1, 1, 1, "科目名称")]
    spec += [(0, 2 + i, 1, 2 + i, h) for i, h in enumerate(heads)]
    return tuple(spec)


T1 = Annex(
    1, "收入支出决算总表", (54, 10.5, 18, 45, 10.5, 18), 2,
    ((0, 0, 0, 2, "收入"), (0, 3, 0, 5, "支出"),
     (1, 0, 1, 0, "项目"), (1, 1, 1, 1, "行次"), (1, 2, 1, 2, "金额"),
     (1, 3, 1, 3, "项目"), (1, 4, 1, 4, "行次"), (1, 5, 1, 5, "金额")),
    "r in annex.t1.rows",
    ((1, "{{ r.inc_label }}", LEFT), (1, "{{ r.inc_line }}", TEXT), (1, "{{ r.inc_amount }}", AMOUNT),
     (1, "{{ r.exp_label }}", LEFT), (1, "{{ r.exp_line }}", TEXT), (1, "{{ r.exp_amount }}", AMOUNT)),
)
T2 = Annex(
    2, "收入决算表", (18, 53.5) + (24.5,) * 7, 2,
    _code_name_header(("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                       "附属单位上缴收入", "其他收入")),
    "r in annex.t2.rows", _code_name_rows("t2", 7),
)
T3 = Annex(
    3, "支出决算表", (18, 75) + (25,) * 6, 2,
    _code_name_header(("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                       "对附属单位补助支出")),
    "r in annex.t3.rows", _code_name_rows("t3", 6),
)
T4 = Annex(
    4, "财政拨款收入支出决算总表", (44, 10, 22, 55, 10, 25, 26, 26, 25), 2,
    ((0, 0, 0, 2, "收入"), (0, 3, 0, 8, "支出"),
     (1, 0, 1, 0, "项目"), (1, 1, 1, 1, "行次"), (1, 2, 1, 2, "金额"),
     (1, 3, 1, 3, "项目"), (1, 4, 1, 4, "行次"), (1, 5, 1, 5, "合计"),
     (1, 6, 1, 6, "一般公共预算财政拨款"), (1, 7, 1, 7, "政府性基金预算财政拨款"),
     (1, 8, 1, 8, "国有资本经营预算财政拨款")),
    "r in annex.t4.rows",
    ((1, "{{ r.inc_label }}", LEFT), (1, "{{ r.inc_line }}", TEXT), (1, "{{ r.inc_amount }}", AMOUNT),
     (1, "{{ r.exp_label }}", LEFT), (1, "{{ r.exp_line }}", TEXT), (1, "{{ r.exp_total }}", AMOUNT),
     (1, "{{ r.exp_general }}", AMOUNT), (1, "{{ r.exp_fund }}", AMOUNT), (1, "{{ r.exp_soe }}", AMOUNT)),
)
T5 = Annex(
    5, "一般公共预算财政拨款支出决算表", (22, 68, 22, 22, 22), 2,
    ((0, 0, 0, 1, "项目"), (0, 2, 0, 4, "本年支出"),
     (1, 0, 1, 0, "科目编码"), (1, 1, 1, 1, "科目名称"),
     (1, 2, 1, 2, "合计"), (1, 3, 1, 3, "基本支出"), (1, 4, 1, 4, "项目支出")),
    "r in annex.t5.rows", _code_name_rows("t5", 3),
)
T6 = Annex(
    6, "一般公共预算财政拨款基本支出决算表", (18, 45, 18) * 3, 2,
    ((0, 0, 0, 2, "人员经费"), (0, 3, 0, 8, "公用经费"))
    + tuple(item for b in range(3) for item in (
        (1, 3 * b, 1, 3 * b, "科目编码"), (1, 3 * b + 1, 1, 3 * b + 1, "科目名称"),
        (1, 3 * b + 2, 1, 3 * b + 2, "决算数"))),
    "r in annex.t6.rows",
    tuple(item for b in "123" for item in (
        (1, f"{{{{ r.c{b} }}}}", LEFT), (1, f"{{{{ r.n{b} }}}}", LEFT), (1, f"{{{{ r.a{b} }}}}", AMOUNT))),
    footer=((2, "人员经费合计", TEXT), (1, "{{ annex.t6.personnel_total }}", AMOUNT),
            (5, "公用经费合计", TEXT), (1, "{{ annex.t6.public_total }}", AMOUNT)),
)
_T7_HEADS = ((1, 0, 2, 0, "合计"), (1, 1, 2, 1, "因公出国（境）费"), (1, 2, 1, 4, "公务用车购置及运行维护费"),
             (2, 2, 2, 2, "小计"), (2, 3, 2, 3, "公务用车购置费"), (2, 4, 2, 4, "公务用车运行维护费"),
             (1, 5, 2, 5, "公务接待费"))
T7 = Annex(
    7, "财政拨款“三公”经费支出决算表", (20.25,) * 12, 3,
    ((0, 0, 0, 5, "预算数"), (0, 6, 0, 11, "决算数"))
    + _T7_HEADS + tuple((r1, c1 + 6, r2, c2 + 6, t) for r1, c1, r2, c2, t in _T7_HEADS),
    None,
    tuple((1, f"{{{{ annex.t7.budget[{i}] }}}}", AMOUNT) for i in range(6))
    + tuple((1, f"{{{{ annex.t7.actual[{i}] }}}}", AMOUNT) for i in range(6)),
)


def _fund_table(number: int, title: str, key: str) -> Annex:
    return Annex(
        number, title, (18, 75) + (25,) * 6, 2,
        ((0, 0, 0, 1, "项目"), (1, 0, 1, 0, "科目编码"), (1, 1, 1, 1, "科目名称"),
         (0, 2, 1, 2, "年初结转和结余"), (0, 3, 1, 3, "本年收入"), (0, 4, 0, 6, "本年支出"),
         (1, 4, 1, 4, "小计"), (1, 5, 1, 5, "基本支出"), (1, 6, 1, 6, "项目支出"),
         (0, 7, 1, 7, "年末结转和结余")),
        f"r in annex.{key}.rows", _code_name_rows(key, 6),
    )


T8 = _fund_table(8, "政府性基金预算财政拨款收入支出决算表", "t8")
T9 = _fund_table(9, "国有资本经营预算财政拨款收入支出决算表", "t9")

EMPTY_NOTES = {
    "t8": "注：本单位无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。",
    "t9": "注：本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。",
}

ANNEX_TABLES = (T1, T2, T3, T4, T5, T6, T7, T8, T9)


def _fill_row(table, r: int, cells: Sequence[tuple[int, str, str]]) -> None:
    col = 0
    for span, text, style in cells:
        _put(table, r, col, col + span - 1, text, style)
        col += span


def add_annex_table(doc, spec: Annex):
    """Title, 公开NN表, 编制单位/金额单位 line and the table."""
    k.add_para(doc, spec.title, "表格标题", page_break_before=True)
    k.add_para(doc, f"公开{spec.number:02d}表", "表格编号")
    k.add_unit_line(doc, "编制单位：{{ unit_name }}", "金额单位：万元", width_mm=sum(spec.widths))
    body = 3 if spec.loop else 1
    nrows = spec.header_rows + body + (1 if spec.footer else 0)
    table = k.add_table(doc, nrows, len(spec.widths), spec.widths)
    for r1, c1, r2, c2, text in spec.header:
        _put(table, r1, c1, c2, text, HEAD, r2=r2)
    _flag_header(table, range(spec.header_rows))
    r = spec.header_rows
    if spec.loop:
        k.set_control_row(table, r, f"{{%tr for {spec.loop} %}}")
        _fill_row(table, r + 1, spec.row)
        k.set_cant_split(table.rows[r + 1])
        k.set_control_row(table, r + 2, "{%tr endfor %}")
    else:
        _fill_row(table, r, spec.row)
        k.set_cant_split(table.rows[r])
    if spec.footer:
        _fill_row(table, nrows - 1, spec.footer)
        k.set_cant_split(table.rows[nrows - 1])
    k.set_col_widths(table, spec.widths)
    return table


def add_annex_tables(doc) -> None:
    """第四部分's nine tables. 01 continues the current (portrait) section;
    02–04 landscape, 05 portrait, 06–09 landscape. The document's last section
    stays landscape (the optional overall tables follow in it)."""
    add_annex_table(doc, T1)
    k.new_section(doc, landscape=True)
    for spec in (T2, T3, T4):
        add_annex_table(doc, spec)
    k.new_section(doc, landscape=False)
    add_annex_table(doc, T5)
    k.new_section(doc, landscape=True)
    for spec in (T6, T7, T8, T9):
        add_annex_table(doc, spec)
        key = f"t{spec.number}"
        if key in EMPTY_NOTES:
            k.add_directive(doc, f"{{%p if annex.{key}.empty %}}")
            k.add_para(doc, EMPTY_NOTES[key], "表格注释")
            k.add_directive(doc, "{%p endif %}")


# ---------------------------------------------------------------------------
# 部门（单位）整体支出绩效目标表 / 自评表
# ---------------------------------------------------------------------------
# 目标表: label | 一级 | 二级 | 三级 | 指标值 (3 grid columns, shared with the
# three 预算金额 columns of the task rows)
OVERALL_TARGET_WIDTHS = (18, 25, 30, 110, 20, 20, 20)
# 自评表: label | 一级 | 二级 | 三级 | 指标值 | 完成值 | 分值 | 得分 | 偏差原因
OVERALL_SELFEVAL_WIDTHS = (18, 20, 25, 55, 30, 30, 15, 15, 35)


def _overall_tasks_table(doc, w, cols: dict[str, tuple[int, int]]):
    """部门名称, 年度主要任务 (with 合计 first, as in the published table), 年度总体目标."""
    last = len(w) - 1
    table = k.add_table(doc, 8, len(w), w)
    _put(table, 1, 0, 0, "年度主要任务", TEXT, r2=6)
    name_end = cols["content"][0] - 1
    _put(table, 0, 0, name_end, "部门（单位）名称")
    _put(table, 0, name_end + 1, last, "{{ overall.unit }}", LEFT)
    _put(table, 1, 1, name_end, "任务名称", HEAD, r2=2)
    _put(table, 1, cols["content"][0], cols["content"][1], "主要内容", HEAD, r2=2)
    _put(table, 1, cols["total"][0], last, "预算金额（万元）", HEAD)
    for key, text in (("total", "总额"), ("fiscal", "财政拨款"), ("other", "其他资金")):
        _put(table, 2, cols[key][0], cols[key][1], text, HEAD)
    _put(table, 3, 1, cols["content"][1], "合计")
    for key in ("total", "fiscal", "other"):
        _put(table, 3, cols[key][0], cols[key][1], f"{{{{ overall.tasks_total.{key} }}}}", AMOUNT)
    k.set_control_row(table, 4, "{%tr for t in overall.tasks %}", first_col=1)
    _put(table, 5, 1, name_end, "{{ t.name }}", LEFT)
    _put(table, 5, cols["content"][0], cols["content"][1], "{{ t.content }}", LEFT)
    for key in ("total", "fiscal", "other"):
        _put(table, 5, cols[key][0], cols[key][1], f"{{{{ t.{key} }}}}", AMOUNT)
    k.set_control_row(table, 6, "{%tr endfor %}", first_col=1)
    _put(table, 7, 0, 0, "年度总体目标")
    _put(table, 7, 1, last, "{{ overall.goal }}", LEFT)
    _cant_split(table, [0, 1, 2, 3, 5])
    k.set_col_widths(table, w)
    return table


def add_overall_tables(doc) -> None:
    """Optional 部门（单位）整体支出绩效目标表 or 自评表, only ``{%p if overall %}``.

    Placed in the document's last (landscape) section, after the annex."""
    k.add_directive(doc, "{%p if overall %}")
    k.add_para(doc, "{{ overall.title }}", "表格标题", page_break_before=True)
    k.add_directive(doc, "{%p if overall.is_selfeval %}")
    k.add_para(doc, "（{{ overall.year }}年度）", "表格副标题")
    w = OVERALL_SELFEVAL_WIDTHS
    above = _overall_tasks_table(doc, w, {"content": (3, 4), "total": (5, 5), "fiscal": (6, 7), "other": (8, 8)})
    _indicator_table(
        doc, above, w, "年度绩效指标", "overall.levels",
        SELFEVAL_VALUE_COLS,
    )
    k.add_directive(doc, "{%p else %}")
    k.add_para(doc, "（{{ overall.year }}年）", "表格副标题")
    w = OVERALL_TARGET_WIDTHS
    above = _overall_tasks_table(doc, w, {"content": (3, 3), "total": (4, 4), "fiscal": (5, 5), "other": (6, 6)})
    _indicator_table(doc, above, w, "年度绩效指标", "overall.levels",
                     [ValueCol(3, "指标值", "{{ r.target }}")])
    k.add_directive(doc, "{%p endif %}")
    k.add_directive(doc, "{%p endif %}")
