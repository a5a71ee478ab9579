"""Build the Shanghai 2024 pack's Word template, templates/shanghai-2024/template.docx.

    .venv/bin/python scripts/tpl_shanghai.py [output.docx]

The layout of the official 2024 template (上海市 XX 局 2024 年度部门决算): 第一部分
概况 with the 部门决算单位构成 table (机构设置 instead for a department of one unit), 第二部分 the nine tables, 第三部分 情况说明 一–十一,
第四部分 名词解释. Its bracketed rules are written as template branches on the
common vocabulary (docs/template-context.md): 如持平作持平表述 (``flat``), 不涉及的不列
(the pack's ``list_zero_items = false``; zero 项 are not in ``budget_items``),
预决算持平的不用说明变动原因 (``equal``), the fixed sentences for a department without
三公经费 / 政府性基金 / 国有资本经营 / 机关运行经费, and empty tables that keep their
format with the 说明 line under them. A zero base or budget gives no rate.

The committed .docx is what people edit in Word; tests/test_golden_shanghai.py
proves it equals this script's output (run the script after editing it, or edit
the .docx and stop using the script).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import docxkit as k  # noqa: E402
from tpl_annex import AMOUNT, HEAD, LEFT, TEXT, Annex, _code_name_header, _code_name_rows, _fill_row, \
    _flag_header, _put  # noqa: E402

ROOT = HERE.parent
TEMPLATE_PATH = ROOT / "templates" / "shanghai-2024" / "template.docx"

H1, H2, H3 = "Heading 1", "Heading 2", "Heading 3"
UNIT = "{{ unit_name }}"
YEAR = "{{ year }}"


def _p(doc, text: str, style: str | None = None) -> None:
    k.add_para(doc, text, style)


def _ctl(doc, tag: str) -> None:
    k.add_directive(doc, tag)


def _rate(b: str) -> str:
    """完成预算的X% — or, with no budget, 未安排预算 (no percentage of nothing)."""
    return f"{{% if {b}.completion %}}完成预算的{{{{ {b}.completion }}}}{{% else %}}未安排预算{{% endif %}}"


def _budget_item(doc, loop: str) -> None:
    """One 项 per paragraph: 主要用于, 年初预算, 支出决算, 完成年初预算的X%, and the reason
    unless 预决算持平."""
    _ctl(doc, f"{{%p for i in {loop} %}}")
    _p(doc, "{{ i.num }}、{{ i.path }}。{% if i.purpose %}主要用于：{{ i.purpose }}。{% endif %}"
            "年初预算为{{ i.budget }}万元，支出决算为{{ i.actual }}万元，"
            "{% if i.completion %}完成年初预算的{{ i.completion }}{% else %}未安排年初预算{% endif %}。"
            "{% if i.equal %}决算数同预算数持平。{% else %}决算数{{ i.relation }}预算数的主要原因："
            "{{ i.reason }}。{% endif %}")
    _ctl(doc, "{%p endfor %}")


# ---------------------------------------------------------------------------
# 第一部分
def add_part_one(doc) -> None:
    _p(doc, UNIT, "Title")
    _p(doc, f"{YEAR}年度部门决算", "Title")
    k.add_toc(doc)
    k.add_page_break(doc)
    _p(doc, f"第一部分 {UNIT}概况", H1)
    _p(doc, "一、主要职能", H2)
    _ctl(doc, "{%p for f in functions %}")
    _p(doc, "{{ f.no }}.{{ f.text }}")
    _ctl(doc, "{%p endfor %}")
    # 仅有一个单位的部门，本部分内容为“机构设置”: the heading (and so the 目录) and the text follow
    _p(doc, "二、{% if single_unit %}机构设置{% else %}部门决算单位构成{% endif %}", H2)
    _ctl(doc, "{%p if single_unit %}")
    _p(doc, f"{UNIT}{{% if offices.count != '0' %}}内设{{{{ offices.count }}}}个处室，分别是：{{{{ offices.names }}}}"
            "{% else %}未设内设处室{% endif %}{% if subordinates.count != '0' %}；下属预算单位"
            "{{ subordinates.count }}个，分别是：{{ subordinates.names }}{% endif %}。")
    _ctl(doc, "{%p else %}")
    _p(doc, f"从预算单位构成看，{UNIT}部门决算包括：{UNIT}本级决算、下属行政事业单位决算。")
    _p(doc, f"纳入{UNIT}{YEAR}年度部门决算编制范围的单位包括：")
    widths = (20, 100, 36)
    table = k.add_table(doc, 4, 3, widths)
    for c, text in enumerate(("序号", "单位名称", "备注")):
        _put(table, 0, c, c, text, HEAD)
    _flag_header(table, [0])
    k.set_control_row(table, 1, "{%tr for u in composition %}")
    _fill_row(table, 2, ((1, "{{ u.num }}", TEXT), (1, "{{ u.name }}", LEFT), (1, "{{ u.note }}", TEXT)))
    k.set_cant_split(table.rows[2])
    k.set_control_row(table, 3, "{%tr endfor %}")
    k.set_col_widths(table, widths)
    _ctl(doc, "{%p endif %}")


# ---------------------------------------------------------------------------
# 第二部分: the nine tables
def _panel_annex(number: int, title: str, widths, heads, key: str, width: int) -> tuple[Annex, Annex]:
    """公开01/04表: numbered body rows, then the totals (two loops in one table)."""
    amounts = tuple((1, f"{{{{ r.exp_amounts[{i}] }}}}", AMOUNT) for i in range(width))
    row = ((1, "{{ r.inc_label }}", LEFT), (1, "{{ r.inc_amount }}", AMOUNT), (1, "{{ r.exp_label }}", LEFT)) + amounts
    return (Annex(number, title, widths, len({h[0] for h in heads}) if heads else 1, heads,
                  f"r in annex.{key}.body", row),
            Annex(number, title, widths, 0, (), f"r in annex.{key}.foot", row))


T1_HEADS = ((0, 0, 0, 1, "收入"), (0, 2, 0, 3, "支出"),
            (1, 0, 1, 0, "项目"), (1, 1, 1, 1, "决算数"), (1, 2, 1, 2, "项目"), (1, 3, 1, 3, "决算数"))
T4_HEADS = ((0, 0, 0, 1, "收入"), (0, 2, 0, 6, "支出"),
            (1, 0, 1, 0, "项目"), (1, 1, 1, 1, "决算数"), (1, 2, 1, 2, "项目"), (1, 3, 1, 3, "合计"),
            (1, 4, 1, 4, "一般公共预算财政拨款"), (1, 5, 1, 5, "政府性基金预算财政拨款"),
            (1, 6, 1, 6, "国有资本经营预算财政拨款"))
T1_WIDTHS = (48, 22, 64, 22)
T4_WIDTHS = (56, 25, 62, 25, 25, 25, 25)


def _title(doc, number: int, title: str, first: bool = False) -> None:
    if first:
        _p(doc, f"{UNIT}{YEAR}年度部门决算表", "表格副标题")
    k.add_para(doc, f"{'一二三四五六七八九'[number - 1]}、{title}", H2)
    k.add_para(doc, "单位：万元", "表格编号")


def _add_loop_rows(table, r: int, loop: str, cells) -> int:
    k.set_control_row(table, r, f"{{%tr for {loop} %}}")
    _fill_row(table, r + 1, cells)
    k.set_cant_split(table.rows[r + 1])
    k.set_control_row(table, r + 2, "{%tr endfor %}")
    return r + 3


def add_panel_table(doc, number: int, title: str, widths, heads, key: str, width: int, first: bool = False):
    body, foot = _panel_annex(number, title, widths, heads, key, width)
    _title(doc, number, title, first)
    table = k.add_table(doc, 2 + 6, len(widths), widths)
    for r1, c1, r2, c2, text in heads:
        _put(table, r1, c1, c2, text, HEAD, r2=r2)
    _flag_header(table, range(2))
    r = _add_loop_rows(table, 2, body.loop, body.row)
    _add_loop_rows(table, r, foot.loop, foot.row)
    k.set_col_widths(table, widths)
    return table


def add_coded_table(doc, number: int, title: str, widths, heads, key: str, n: int, total_last: bool = False,
                    empty_row: bool = False):
    """科目编码/科目名称 tables; ``total_last``: 合计 at the foot (公开05表); ``empty_row``: a 合计
    row with empty cells when the table has no data (公开08/09表)."""
    _title(doc, number, title)
    rows = 2 + 3 + (1 if total_last else 0) + (3 if empty_row else 0)
    table = k.add_table(doc, rows, len(widths), widths)
    for r1, c1, r2, c2, text in heads:
        _put(table, r1, c1, c2, text, HEAD, r2=r2)
    _flag_header(table, range(2))
    loop = f"r in annex.{key}.detail" if total_last else f"r in annex.{key}.rows"
    r = _add_loop_rows(table, 2, loop, _code_name_rows(key, n))
    if total_last:
        _fill_row(table, r, ((1, "", LEFT), (1, "合计", TEXT))
                  + tuple((1, f"{{{{ annex.{key}.total[{i}] }}}}", AMOUNT) for i in range(n)))
        r += 1
    if empty_row:
        k.set_control_row(table, r, f"{{%tr if annex.{key}.empty %}}")
        _fill_row(table, r + 1, ((1, "", LEFT), (1, "合计", TEXT)) + tuple((1, "", AMOUNT) for _ in range(n)))
        k.set_control_row(table, r + 2, "{%tr endif %}")
    k.set_col_widths(table, widths)
    return table


def add_t6(doc):
    widths = (20, 50, 24, 20, 50, 24)
    _title(doc, 6, "一般公共预算财政拨款基本支出决算表")
    table = k.add_table(doc, 1 + 3 + 1, 6, widths)
    for c, text in enumerate(("经济分类科目编码", "科目名称", "决算数") * 2):
        _put(table, 0, c, c, text, HEAD)
    _flag_header(table, [0])
    cells = tuple(item for b in "12" for item in (
        (1, f"{{{{ r.c{b} }}}}", LEFT), (1, f"{{{{ r.n{b} }}}}", LEFT), (1, f"{{{{ r.a{b} }}}}", AMOUNT)))
    r = _add_loop_rows(table, 1, "r in annex.t6.two_blocks", cells)
    _fill_row(table, r, ((2, "人员经费合计", TEXT), (1, "{{ annex.t6.personnel_total }}", AMOUNT),
                         (2, "公用经费合计", TEXT), (1, "{{ annex.t6.public_total }}", AMOUNT)))
    k.set_col_widths(table, widths)


def add_t7(doc):
    widths = (20.25,) * 12
    _title(doc, 7, "财政拨款“三公”经费支出决算表")
    table = k.add_table(doc, 5, 12, widths)
    _put(table, 0, 0, 11, "财政拨款“三公”经费", HEAD)
    for c, text in ((0, "合计"), (2, "因公出国（境）费"), (10, "公务接待费")):
        _put(table, 1, c, c + 1, text, HEAD, r2=2)
    _put(table, 1, 4, 9, "公务用车购置及运行维护费", HEAD)
    for c, text in ((4, "小计"), (6, "公务用车购置费"), (8, "公务用车运行维护费")):
        _put(table, 2, c, c + 1, text, HEAD)
    for c in range(12):
        _put(table, 3, c, c, "预算数" if c % 2 == 0 else "决算数", HEAD)
    _flag_header(table, range(4))
    # columns in pairs: 预算数/决算数 of 合计, 出国, 小计, 购置, 运行, 接待
    _fill_row(table, 4, tuple((1, f"{{{{ annex.t7.{'budget' if c % 2 == 0 else 'actual'}[{c // 2}] }}}}", AMOUNT)
                              for c in range(12)))
    k.set_col_widths(table, widths)


NOTES = {
    1: "注：本表反映部门本年度的总收支和年末结转结余情况。",
    2: "注：本表反映部门本年度取得的各项收入情况。",
    3: "注：本表反映部门本年度各项支出情况。",
    4: "注：本表反映部门本年度财政拨款总收支和结转结余情况。",
    5: "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    6: "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    7: "注：本表反映部门本年度“三公”经费支出预决算情况。",
    8: "注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。",
    9: "注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。",
}
EMPTY = {
    8: ("t8", f"说明：{UNIT}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"),
    9: ("t9", f"说明：{UNIT}本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"),
}

_FUND_HEADS = ((0, 0, 0, 1, "项目"), (1, 0, 1, 0, "功能分类科目编码"), (1, 1, 1, 1, "科目名称"),
               (0, 2, 1, 2, "年初结转和结余"), (0, 3, 1, 3, "本年收入"), (0, 4, 0, 6, "本年支出"),
               (1, 4, 1, 4, "合计"), (1, 5, 1, 5, "基本支出"), (1, 6, 1, 6, "项目支出"),
               (0, 7, 1, 7, "年末结转和结余"))


def _coded_heads(heads):
    spec = list(_code_name_header(heads))
    spec[1] = (1, 0, 1, 0, "功能分类科目编码")
    return tuple(spec)


def _note(doc, number: int) -> None:
    _p(doc, NOTES[number], "表格注释")
    if number in EMPTY:
        key, text = EMPTY[number]
        _ctl(doc, f"{{%p if annex.{key}.empty %}}")
        _p(doc, text, "表格注释")
        _ctl(doc, "{%p endif %}")


def add_part_two(doc) -> None:
    k.new_section(doc, landscape=False)
    _p(doc, f"第二部分 {UNIT}{YEAR}年度部门决算表", H1)
    add_panel_table(doc, 1, "收入支出决算总表", T1_WIDTHS, T1_HEADS, "t1", 1, first=True)
    _note(doc, 1)
    k.new_section(doc, landscape=True)
    add_coded_table(doc, 2, "收入决算表", (20, 61) + (23,) * 7,
                    _coded_heads(("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                                  "附属单位上缴收入", "其他收入")), "t2", 7)
    _note(doc, 2)
    add_coded_table(doc, 3, "支出决算表", (20, 73) + (25,) * 6,
                    _coded_heads(("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                                  "对附属单位补助支出")), "t3", 6)
    _note(doc, 3)
    add_panel_table(doc, 4, "财政拨款收入支出决算总表", T4_WIDTHS, T4_HEADS, "t4", 4)
    _note(doc, 4)
    k.new_section(doc, landscape=False)
    add_coded_table(doc, 5, "一般公共预算财政拨款支出决算表", (24, 60, 24, 24, 24),
                    ((0, 0, 0, 1, "项目"), (0, 2, 0, 4, "本年支出"), (1, 0, 1, 0, "功能分类科目编码"),
                     (1, 1, 1, 1, "科目名称"), (1, 2, 1, 2, "合计"), (1, 3, 1, 3, "基本支出"),
                     (1, 4, 1, 4, "项目支出")), "t5", 3, total_last=True)
    _note(doc, 5)
    add_t6(doc)
    _note(doc, 6)
    k.new_section(doc, landscape=True)
    add_t7(doc)
    _note(doc, 7)
    for number, title, key in ((8, "政府性基金预算财政拨款收入支出决算表", "t8"),
                               (9, "国有资本经营预算财政拨款收入支出决算表", "t9")):
        add_coded_table(doc, number, title, (20, 73) + (25,) * 6, _FUND_HEADS, key, 6, empty_row=True)
        _note(doc, number)


# ---------------------------------------------------------------------------
# 第三部分 情况说明
def add_part_three(doc) -> None:
    k.new_section(doc, landscape=False)
    _p(doc, f"第三部分 {UNIT}{YEAR}年度部门决算情况说明", H1)

    _p(doc, "一、收入支出决算总体情况说明", H2)
    _p(doc, f"{UNIT}{YEAR}年度收入支出总计{{{{ s1.income_grand }}}}万元。与{{{{ last_year }}}}年度相比，收入支出总计"
            "{{ s1.yoy.movement }}。{% if s1.yoy.reason %}主要原因：{{ s1.yoy.reason }}。{% endif %}")

    for heading, total, section in (("二、收入决算情况说明", "本年收入合计", "s2"), ("三、支出决算情况说明", "本年支出合计", "s3")):
        _p(doc, heading, H2)
        _p(doc, f"{total}{{{{ {section}.total }}}}万元，其中：{{% for i in {section}.listed %}}{{{{ i.name }}}}"
                "{{ i.amount }}万元，占{{ i.share }}{% if not loop.last %}；{% endif %}{% endfor %}。")

    _p(doc, "四、财政拨款收入支出决算总体情况说明", H2)
    _p(doc, f"{UNIT}{YEAR}年度财政拨款收入支出总计{{{{ s4.income_grand }}}}万元。与{{{{ last_year }}}}年度相比，"
            "财政拨款收入支出总计{{ s4.yoy.movement }}。{% if s4.yoy.reason %}主要原因：{{ s4.yoy.reason }}。{% endif %}")

    _p(doc, "五、一般公共预算财政拨款支出决算情况说明", H2)
    _p(doc, "（一）一般公共预算财政拨款支出决算总体情况", H3)
    _p(doc, "一般公共预算财政拨款支出{{ s5.amount }}万元，占本年支出合计的{{ s5.share_of_expense }}。"
            "与{{ last_year }}年度相比，一般公共预算财政拨款支出{{ s5.yoy.movement }}。"
            "{% if s5.yoy.reason %}主要原因：{{ s5.yoy.reason }}。{% endif %}")
    _p(doc, "（二）一般公共预算财政拨款支出决算结构情况", H3)
    _p(doc, "一般公共预算财政拨款支出{{ s5.amount }}万元，主要用于以下方面：{% for c in s5.classes %}"
            "{{ c.name }}（类）{{ c.amount }}万元，占{{ c.share }}{% if not loop.last %}；{% endif %}{% endfor %}。")
    _p(doc, "（三）一般公共预算财政拨款支出决算具体情况", H3)
    _p(doc, "一般公共预算财政拨款支出年初预算为{{ s5.budget.budget }}万元，支出决算为{{ s5.budget.actual }}万元，"
            "{% if s5.budget.completion %}完成年初预算的{{ s5.budget.completion }}{% else %}未安排年初预算{% endif %}。"
            "{% if s5.budget.equal %}决算数同预算数持平。{% else %}决算数{{ s5.budget.relation }}预算数的主要原因："
            "{{ s5.budget.reason }}。{% endif %}其中：")
    _budget_item(doc, "s5.budget_items")

    _p(doc, "六、一般公共预算财政拨款基本支出决算情况说明", H2)
    _p(doc, "一般公共预算财政拨款基本支出{{ s6.basic }}万元。其中：人员经费{{ s6.personnel }}万元，主要包括："
            "{{ s6.personnel_items }}；公用经费{{ s6.public }}万元，主要包括：{{ s6.public_items }}。")

    _p(doc, "七、财政拨款“三公”经费支出决算情况说明", H2)
    _ctl(doc, "{%p if s7.none %}")
    _p(doc, f"{UNIT}{YEAR}年度无“三公”经费财政拨款支出。")
    _ctl(doc, "{%p else %}")
    _p(doc, "（一）“三公”经费财政拨款支出决算总体情况说明。", H3)
    _p(doc, "“三公”经费财政拨款支出年初预算为{{ s7.budget.total.budget }}万元，支出决算为"
            "{{ s7.budget.total.actual }}万元，" + _rate("s7.budget.total") + "，其中：因公出国（境）费决算为"
            "{{ s7.abroad.amount }}万元，" + _rate("s7.budget.abroad") + "；公务用车购置及运行维护费支出决算为"
            "{{ s7.car.amount }}万元，" + _rate("s7.budget.car") + "；公务接待费支出决算为{{ s7.reception.amount }}万元，"
            + _rate("s7.budget.reception") + "。" + YEAR + "年度“三公”经费支出决算数{% if s7.budget.total.equal %}"
            "同预算数持平。{% else %}{{ s7.budget.total.relation }}预算数的主要原因：{{ s7.budget.total.reason }}。"
            "{% endif %}")
    parts = (("abroad", "因公出国（境）费"), ("car", "公务用车购置及运行维护费"), ("reception", "公务接待费"))
    each = "；".join(f"{name}支出{{% if s7.{key}.flat %}}与上一年度持平{{% else %}}决算{{{{ s7.{key}.movement }}}}"
                    "{% endif %}" for key, name in parts)
    reasons = "".join(f"{{% if not s7.{key}.flat %}}{name}支出{{{{ s7.{key}.verb }}}}的主要原因是"
                      f"{{{{ s7.{key}.reason }}}}。{{% endif %}}" for key, name in parts)
    _p(doc, f"{YEAR}年度“三公”经费财政拨款支出决算数{{% if s7.total.flat %}}与{{{{ last_year }}}}年度持平"
            "{% else %}比{{ last_year }}年度{{ s7.total.movement }}{% endif %}，其中：" + each + "。" + reasons)
    _p(doc, "（二）“三公”经费财政拨款支出决算具体情况说明。", H3)
    _p(doc, "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算{{ s7.abroad.amount }}万元，占{{ s7.abroad.share }}；"
            "公务用车购置及运行维护费支出决算{{ s7.car.amount }}万元，占{{ s7.car.share }}；公务接待费支出决算"
            "{{ s7.reception.amount }}万元，占{{ s7.reception.share }}。具体情况如下：")
    _p(doc, "1、因公出国（境）费支出{{ s7.abroad.amount }}万元。全年安排因公出国（境）团组{{ s7.abroad_groups }}个、"
            "累计{{ s7.abroad_people }}人次。{% if not s7.abroad.zero %}开支内容包括：{{ s7.abroad_content }}。{% endif %}")
    _p(doc, "2、公务用车购置及运行维护费支出{{ s7.car.amount }}万元。其中：")
    _p(doc, "公务用车购置支出为{{ s7.car_buy.amount }}万元。{% if not s7.car_buy.zero %}主要用于{{ s7.car_buy.content }}，"
            "购置公务用车{{ s7.car_bought }}辆。{% endif %}")
    _p(doc, "公务用车运行维护支出{{ s7.car_run.amount }}万元。{% if not s7.car_run.zero %}主要用于"
            "{{ s7.car_run_content }}。{% endif %}")
    _p(doc, f"{YEAR}年，{UNIT}所属各预算单位开支财政拨款的公务用车保有量为{{{{ s7.car_held }}}}辆。")
    _p(doc, "3、公务接待费支出{{ s7.reception.amount }}万元。其中：")
    _p(doc, "国内公务接待支出{{ s7.reception.amount }}万（含外宾接待支出{{ s7.foreign.amount }}万元）。"
            "{% if not s7.reception.zero %}主要用于{{ s7.reception_content }}，列明公务接待{{ s7.reception_batches }}"
            "批次、{{ s7.reception_people }}人次，其中：接待外宾{{ s7.foreign.batches }}批次、{{ s7.foreign.people }}"
            "人次。{% endif %}")
    _ctl(doc, "{%p endif %}")

    for number, key, fund in (("八", "s8", "政府性基金预算"), ("九", "s9", "国有资本经营预算")):
        _p(doc, f"{number}、{fund}财政拨款收入支出决算情况说明", H2)
        _ctl(doc, f"{{%p if {key}.empty %}}")
        _p(doc, f"{UNIT}{YEAR}年度无{fund}财政拨款收入和支出。")
        _ctl(doc, "{%p else %}")
        _p(doc, f"{fund}财政拨款收入{{{{ {key}.income }}}}万元，支出{{{{ {key}.expense }}}}万元，支出具体情况如下：")
        _budget_item(doc, f"{key}.budget_items")
        _ctl(doc, "{%p endif %}")

    st = "s11.stages"
    _p(doc, "十、预算绩效管理情况", H2)
    _p(doc, f"{UNIT}{YEAR}年度预算绩效管理工作开展情况如下：本部门建立了如下预算绩效管理制度：{{{{ {st}.systems }}}}。"
            f"工作机制建设情况：{{{{ {st}.mechanism }}}}。全过程绩效管理实施情况：编报绩效目标的{YEAR}年度项目"
            f"{{{{ {st}.target_count }}}}个，涉及预算金额{{{{ {st}.target_amount }}}}万元；绩效跟踪评价的{YEAR}年度项目"
            f"{{{{ {st}.track_count }}}}个，涉及预算金额{{{{ {st}.track_amount }}}}万元；绩效自评的{YEAR}年度项目"
            f"{{{{ {st}.selfeval_count }}}}个，涉及预算金额{{{{ {st}.selfeval_amount }}}}万元，平均得分"
            f"{{{{ {st}.average_score }}}}分（其中，绩效评级为“优”的项目{{{{ {st}.grade_excellent }}}}个；绩效评级为“良”的项目"
            f"{{{{ {st}.grade_good }}}}个；绩效评级为“合格”的项目{{{{ {st}.grade_pass }}}}个；绩效评级为“不合格”的项目"
            f"{{{{ {st}.grade_fail }}}}个。绩效自评中共发现问题{{{{ {st}.issues_found }}}}个{{% if {st}.issues_any %}}，"
            f"已经完成整改的{{{{ {st}.issues_fixed }}}}个，正在整改的{{{{ {st}.issues_fixing }}}}个{{% endif %}}）。")

    _p(doc, "十一、其他重要事项的情况说明", H2)
    _p(doc, "（一）机关运行经费支出情况", H3)
    _p(doc, f"{{% if s10.running.zero %}}{UNIT}{YEAR}年度无机关运行经费支出。{{% else %}}机关运行经费支出"
            "{{ s10.running.amount }}万元，{% if s10.running.flat %}与{{ last_year }}年度持平。{% else %}"
            "比{{ last_year }}年度{{ s10.running.movement }}。{% if s10.running.reason %}主要原因是"
            "{{ s10.running.reason }}。{% endif %}{% endif %}{% endif %}")
    pr = "s10.procurement"
    _p(doc, "（二）政府采购支出情况", H3)
    _p(doc, f"{UNIT}{YEAR}年度政府采购金额（以合同签订为准）为{{{{ {pr}.total }}}}万元，其中：货物采购金额"
            f"{{{{ {pr}.goods }}}}万元、工程采购金额{{{{ {pr}.works }}}}万元、服务采购金额{{{{ {pr}.services }}}}万元。")
    _p(doc, f"{YEAR}年度本部门面向中小企业预留政府采购项目预算金额{{{{ {pr}.sme_reserved }}}}万元，面向小微企业预留"
            f"政府采购项目预算金额{{{{ {pr}.micro_reserved }}}}万元。在面向中小企业预留的政府采购项目中，由中小企业"
            f"供应商中标或成交的，采购金额{{{{ {pr}.sme_reserved_awarded }}}}万元；在面向小微企业预留政府采购项目中，"
            f"由小微企业供应商中标或成交的，采购金额{{{{ {pr}.micro_reserved_awarded }}}}万元；在其他政府采购项目中，"
            f"由中小企业供应商中标或成交的，采购金额{{{{ {pr}.sme_other_awarded }}}}万元。")
    a = "s10.assets"
    _p(doc, "（三）国有资产占有使用情况说明", H3)
    _p(doc, f"截至{YEAR}年12月31日，{UNIT}部门（单位）共有车辆{{{{ {a}.vehicles }}}}辆，其中：部级领导干部用车"
            f"{{{{ {a}.veh_minister }}}}辆、主要领导干部用车{{{{ {a}.veh_head }}}}辆、机要通信用车"
            f"{{{{ {a}.veh_confidential }}}}辆、应急保障用车{{{{ {a}.veh_emergency }}}}辆、执法执勤用车"
            f"{{{{ {a}.veh_enforcement }}}}辆、特种专业技术用车{{{{ {a}.veh_special }}}}辆、离退休干部用车"
            f"{{{{ {a}.veh_retiree }}}}辆、其他用车{{{{ {a}.veh_other }}}}辆。单价100万元（含）以上设备（不含车辆）"
            f"{{{{ {a}.big_equipment }}}}台（套）。")


GLOSSARY = (
    "一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款"
    "和国有资本经营预算财政拨款。",
    "二、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。"
    "{% if glossary.business_items %}主要是：{{ glossary.business_items }}等。{% endif %}",
    "三、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"
    "{% if glossary.operating_items %}主要是：{{ glossary.operating_items }}等。{% endif %}",
    "四、其他收入：指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。"
    "{% if glossary.other_items %}主要是：{{ glossary.other_items }}等。{% endif %}",
    "五、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "六、年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定"
    "继续使用的资金。",
    "七、基本支出：指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。",
    "八、项目支出：指单位为完成特定的行政工作任务或事业发展目标，在基本支出之外发生的各项支出。",
    "九、经营支出：指事业单位在专业活动及辅助活动之外开展非独立核算经营活动发生的支出。",
    "十、“三公”经费：指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中:"
    "因公出国（境）费反映单位参加国际合作交流、重大项目洽谈、境外培训研修等的国际旅费、国外城市间交通费、住宿费、"
    "伙食费、培训费、公杂费等支出；公务接待费反映全国性专业会议、国家重大政策调研、专项检查以及外事团组接待交流等"
    "执行公务或开展业务所需住宿费、交通费、伙食费等支出；公务用车购置及运行维护费反映编制内公务车辆的报废更新，"
    "以及用于安排市内因公出差、公务文件交换、日常工作开展等所需公务用车燃料费、维修费、过路过桥费、保险费等支出。",
    "十一、机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用"
    "经费支出。",
)


def add_part_four(doc) -> None:
    k.add_page_break(doc)
    _p(doc, "第四部分 名词解释", H1)
    for text in GLOSSARY:
        _p(doc, text)


def build_document():
    doc = k.new_document()
    add_part_one(doc)
    add_part_two(doc)
    add_part_three(doc)
    add_part_four(doc)
    return doc


def build(path: Path = TEMPLATE_PATH) -> Path:
    return k.save_template(build_document(), path)


def main(argv: list[str]) -> int:
    return k.template_script_main(argv, build, TEMPLATE_PATH)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
