"""Generate docs/workbook.md (the input workbook) and docs/template-context.md
(the names a pack's template may use).

    python scripts/make_docs.py

docs/workbook.md comes from generator/schema.py, workbook.readme_lines() (the text of
the workbook's own 说明 sheet) and the packs' manifests, so the documentation cannot
drift from the workbook that `pjgen init` writes; docs/template-context.md comes from
generator/vocabulary.py. Tests check that the committed files are what this script
generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import schema  # noqa: E402
from generator.packs import ALL_FIELDS, available_packs  # noqa: E402
from generator.schema import Carry, Field, FormSheet, Kind, ListSheet, OfficialTable, TableShape  # noqa: E402
from generator.vocabulary import iter_entries  # noqa: E402
from generator.workbook import readme_lines  # noqa: E402

TARGET = ROOT / "docs" / "workbook.md"
CONTEXT_TARGET = ROOT / "docs" / "template-context.md"

# What `pjgen check` reports. Codes are stable; the test checks that this table names
# exactly the codes that generator/load.py and generator/checks/ can emit.
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "missing-sheet": ("错误", "缺少工作表；名称写错时提示最接近的表名"),
    "missing-field": ("错误", "表单类工作表 A 列找不到某个项目名称"),
    "missing-column": ("错误", "列表类工作表第 1 行找不到某个列标题"),
    "unknown-field": ("警告", "表单类工作表 A 列的项目名称不是本表的项目，而 B 列填了内容：这些内容不会用到"),
    "duplicate-field": ("错误", "表单类工作表同一项目名称出现两次，两处都填了内容"),
    "unknown-column": ("警告", "列表类工作表或公开表的列标题不是本表的栏目（或没有列标题），而其下填了内容：这些内容不会用到"),
    "unknown-sheet": ("警告", "工作簿中有一张不是 pjgen 的工作表，且填了内容：这些内容不会用到"),
    "missing-value": ("错误", "必填单元格为空"),
    "not-a-number": ("错误", "应为数字的单元格填了文字（“—”“-”、空白、千分位、全角数字、“万元”后缀都可以）"),
    "number-out-of-range": ("错误", "数值过大或无穷大（绝对值应小于 10^15），多为多输了数字或粘贴错误"),
    "more-than-two-decimals": ("警告", "金额超过两位小数：按四舍五入取到分后使用"),
    "negative-amount": ("错误", "金额或数量为负数"),
    "not-an-integer": ("错误", "人数、辆数等应为整数"),
    "invalid-choice": ("错误", "选项不在下拉列表中"),
    "formula-without-value": ("错误", "公式没有计算结果：请在 Excel 或 WPS 中打开并保存"),
    "bad-code": ("错误", "科目编码不是 3/5/7 位数字（经济分类为 3/5 位）"),
    "duplicate-code": ("错误", "同一科目编码出现两次"),
    "duplicate-total": ("错误", "表中有两行“合计”"),
    "duplicate-row": ("错误", "公开01/04表收入栏同一项目出现两次"),
    "missing-total": ("错误", "缺少“合计”（或“人员经费合计”“公用经费合计”）行"),
    "missing-parent": ("错误", "款、项的上级科目不在表中"),
    "unknown-row": ("错误", "公开01/04表收入栏的项目名称不是官方项目"),
    "missing-row": ("错误", "公开01/04表缺少官方项目行"),
    "total-mismatch": ("错误", "合计与分项之和不符，且超出四舍五入能解释的尾差（合计=Σ类、类=Σ款、款=Σ项、行合计=Σ各列、总计、“三公”、政府采购、车辆数、项目资金等）"),
    "balance-mismatch": ("错误", "公开08/09表：年初结转和结余 + 本年收入 − 本年支出 ≠ 年末结转和结余"),
    "cross-table-mismatch": ("错误", "同一数字在两张表中相差一分以上（如公开02表合计与公开01表本年收入合计；公开01/04表的类与公开03/05表的同名类）"),
    "subject-name-mismatch": ("错误", "同一科目编码在不同工作表（含“一般公共预算支出上年对比”）中的科目名称不同"),
    "amount-too-large": ("错误", "政府采购中小企业金额（合同或预留项目预算）大于采购总额，或小微企业金额大于中小企业金额"),
    "basic-above-three-public": ("错误", "公开06表 30212/30217/30231 大于公开07表同项“三公”经费决算数"),
    "unknown-project": ("错误", "绩效指标的项目序号在“绩效自评项目”中不存在"),
    "duplicate-project": ("错误", "项目序号重复"),
    "missing-indicators": ("错误", "项目没有绩效指标"),
    "weights-not-100": ("错误", "执行率分值与各指标分值之和不是 100"),
    "total-score-mismatch": ("错误", "总分不等于执行率得分与各指标得分之和（按总分填写的小数位数核对）"),
    "total-score-unchecked": ("警告", "有得分未填写或无法识别，总分无法核对"),
    "score-out-of-range": ("错误", "得分小于 0 或大于分值"),
    "rounding-difference": ("警告", "合计与分项之和相差在四舍五入尾差范围内（公开后合计与分项看得出不符），列出合计和分项的单元格"),
    "cross-table-rounding": ("警告", "同一数字在两张表中相差一分（尾差，如公开01/04表的类与公开03/05表的同名类），列出两张表的单元格"),
    "missing-item-note": ("警告", "“项级科目说明”已填写，但缺少公开05表某个项级科目的说明"),
    "running-cost-differs": ("警告", "机关运行经费与公开06表公用经费合计不同（行政单位、参公单位通常相等）；"
                                    "部门含非参公事业单位时，机关运行经费大于公用经费合计"),
    "missing-reason": ("警告", "数字有变化或差异，但没有填写原因；文档中这句话不写“主要原因是：”。数字相同时不要求原因"),
    "missing-last-year": ("警告", "公开05表的项级科目在“一般公共预算支出上年对比”中没有上年数"),
    "missing-text": ("警告", "有其他用车，但未填写其用途"),
    "score-rule-mismatch": ("警告", "执行率得分与所选得分规则算出的分数不符（按得分填写的小数位数核对：一位小数时 8.66 应填 8.7，整数时 9.4 应填 9）"),
    "over-executed": ("警告", "项目全年执行数超过全年预算数（执行率高于 100%）"),
    "indicator-rate-mismatch": ("警告", "预算执行率、预算成本控制率指标的完成值与执行数/预算数不符"),
    "prior-differs": ("警告", "上年数与上年工作簿的决算数不同（check --prior，或 init --from 生成的工作簿自动核对）"),
    "prior-missing": ("警告", "上年工作簿公开05表中有支出的科目不在“一般公共预算支出上年对比”中"),
    "composition-one-unit": ("警告", "“机构设置”列有下属预算单位，“单位构成”却不超过一行：文档按只有一个单位的部门写“机构设置”（用到“单位构成”的模板包）"),
    "carried-unreviewed": ("警告", "沿用上年的文字仍与上年工作簿相同（模板包 pack.toml 中 [carry] warn_unreviewed = true 时）"),
}


def get_column_letter(n: int) -> str:
    """1 → A, 27 → AA (the sheets here are narrow, but keep it general)."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _kind(f: Field) -> str:
    if f.kind is Kind.CHOICE:
        return "选项：" + "、".join(f.choices)
    return f.kind.value


def _carry(f: Field) -> str:
    """What `pjgen init --from` does with the field."""
    if f.carry is Carry.PRIOR:
        return f"上年：{f.prior}"
    return "沿用，需复核" if f.carry is Carry.KEEP else ""


def _field_rows(fields: tuple[Field, ...], position) -> list[tuple[str, ...]]:
    return [(position(i, f), f.label, _kind(f), "是" if f.required else "否", _carry(f), f.help)
            for i, f in enumerate(fields)]


def _form(spec: FormSheet) -> list[str]:
    out = [f"表单：A 列为项目名称，B 列填写内容，C 列为填写说明；第 1 行为表头，项目从第 {spec.first_row} 行起。"
           "程序按 A 列的项目名称（不是行号）找到每一项，请勿修改项目名称。"
           "必填项空白会被报告为 missing-value；数字项没有的填 0（或“—”）。", ""]
    out += _table(("单元格", "名称", "类型", "必填", "下一年", "说明"),
                  _field_rows(spec.fields, lambda i, f: f"B{spec.row_of(f.key)}"))
    return out


def _list(spec: ListSheet) -> list[str]:
    out = [f"列表：第 {spec.header_row} 行为列标题，数据从第 {spec.first_row} 行起，每行一条，空行忽略。"
           "程序按列标题（不是列位置）找到每一列，请勿修改列标题。"
           "已填写的行中，必填列空白会被报告；数字列没有的填 0。"]
    if spec.optional:
        out[0] += "本表可以为空，也可以删除。"
    out.append("")
    out += _table(("列", "名称", "类型", "必填", "下一年", "说明"),
                  _field_rows(spec.columns, lambda i, f: get_column_letter(i + 1)))
    return out


_SHAPES = {
    TableShape.CODED: "第 5 行为“合计”行（科目编码留空，科目名称填“合计”），其后为类（3 位编码）、款（5 位）、"
                      "项（7 位）行，按决算软件导出的顺序。程序核对：合计=各类之和，类=其下各款之和，款=其下各项之和，"
                      "每行的合计列=其余各列之和。",
    TableShape.TWO_PANEL: "左栏（A–C 列）为收入，右栏（D 列起）为支出；数据从第 5 行起。收入栏项目名称必须是下列官方项目；"
                          "支出栏先列各类支出（功能分类“类”级名称），再列下列固定行。",
    TableShape.ECONOMIC: "经济分类科目分三栏并排：A–C 列为人员经费，D–F 列与 G–I 列为公用经费，每栏为 科目编码 / "
                         "科目名称 / 决算数，类 3 位、款 5 位编码；数据从第 5 行起。末行填“人员经费合计”“公用经费合计”"
                         "（写在科目编码或科目名称列均可）。",
    TableShape.SINGLE_ROW: "只有一行数据（第 5 行）：A–F 列为预算数，G–L 列为决算数。",
}


def _official(spec: OfficialTable) -> list[str]:
    out = [f"{spec.code}，官方格式：第 1 行标题，第 2 行编制单位与金额单位，第 3–4 行表头，数据从第 "
           f"{spec.first_row} 行起。可直接粘贴决算软件导出的数据。金额单位万元；“—”“-”或空白表示 0。",
           "", _SHAPES[spec.shape], ""]
    groups: list[str] = []
    for head, span in spec.header_top:
        groups += [head] * span
    rows = []
    for i, head in enumerate(spec.header):
        amount = head not in ("科目编码", "科目名称", "项目", "行次")
        rows.append((get_column_letter(i + 1), groups[i] if i < len(groups) else "", head,
                     "金额（万元）" if amount else "文本"))
    out += _table(("列", "栏目", "列名", "类型"), rows)
    if spec.shape is TableShape.TWO_PANEL:
        out += ["", "收入栏（A 列）的官方项目：" + "、".join(spec.income_labels) + "。",
                "", "支出栏（D 列）各类之后的固定行：" + "、".join(spec.expense_trailer) + "。"]
    if spec.empty_note:
        out += ["", f"没有此类资金的单位保留表头、不填数据，文档中注明：{spec.empty_note}"]
    return out


def render_docs() -> str:
    specs = schema.all_sheet_specs()
    notes = dict(line for line in readme_lines() if isinstance(line, tuple))
    out = [
        "# 输入工作簿说明",
        "",
        "<!-- 由 scripts/make_docs.py 根据 generator/schema.py 生成，请勿手工修改。 -->",
        "",
        "pjgen 从一个 Excel 工作簿（.xlsx）生成部门决算公开说明。用 `pjgen init 2024.xlsx` 生成空白工作簿，"
        "填好后用 `pjgen check 2024.xlsx` 检查。工作簿中的“说明”表是本文的简要版本。"
        "“下一年”一栏说明 `pjgen init 新.xlsx --from 上年.xlsx` 如何处理该项：“沿用，需复核”的内容从上年工作簿复制，"
        "“上年：…”的数取自上年工作簿的决算数（`pjgen check` 会与上年工作簿核对），其余留空待填。",
        "",
        "## 要点",
        "",
    ]
    for line in readme_lines():
        if isinstance(line, tuple) and line[0] not in specs:
            out += [f"- **{line[0]}**：{line[1]}"]
        elif not isinstance(line, tuple):
            out += [f"- {line}"]
    out += ["", "## 工作表一览", ""]
    out += _table(("序号", "工作表", "内容"),
                  [(str(i), name, notes.get(name, "填写说明（本文内容）")) for i, name in enumerate(schema.SHEET_ORDER, 1)])
    for i, name in enumerate(schema.SHEET_ORDER, 1):
        out += ["", f"## {i}. {name}", ""]
        if name == schema.README_SHEET:
            out += ["填写说明，程序不读取。内容为本文的“要点”和各工作表的用途。"]
            continue
        spec = specs[name]
        if isinstance(spec, OfficialTable):
            out += _official(spec)
        else:
            out += [spec.help, ""]
            out += _form(spec) if isinstance(spec, FormSheet) else _list(spec)
    out += ["", "## 各模板包使用的工作表和项目", "",
            "`pjgen init --pack 模板包 工作簿.xlsx` 只写出该模板包使用的工作表和项目，工作簿的“说明”表也只介绍这些；"
            "`pjgen check` 只检查这些。下表“全部”表示整张表都使用，“—”表示不使用（不生成、不检查）。", ""]
    packs = available_packs()
    rows = []
    for name in schema.SHEET_ORDER[1:]:
        cells = []
        for pack in packs:
            if not pack.selection.uses(name):
                cells.append("—")
            else:
                labels = pack.selection.sheets.get(name) if pack.selection.sheets is not None else None
                spec = pack.selection.restrict(specs[name])
                cells.append(ALL_FIELDS if labels is None else "、".join(schema.field_labels(spec)))
        rows.append((name, *cells))
    out += _table(("工作表", *(f"{p.id}（{p.name}）" for p in packs)), rows)
    out += ["", "## 检查会报告的问题", "",
            "`pjgen check` 列出每个问题的位置（工作表!单元格）、级别、说明和代码。有错误时不生成文档，退出码为 1；"
            "警告不妨碍生成，但请逐条确认。合计与分项之和的任何差额都会列出：不超过每个分项 0.005 万元的差额是可能的"
            "四舍五入尾差，列为警告（rounding-difference）；超出的列为错误。得分、分值填“/”表示不适用，文档照印“/”。", ""]
    out += _table(("代码", "级别", "含义"), [(f"`{code}`", level, text) for code, (level, text) in PROBLEM_CODES.items()])
    return "\n".join(out) + "\n"


CONTEXT_INTRO = """# 模板可用的名称（模板上下文）

<!-- 由 scripts/make_docs.py 根据 generator/vocabulary.py 生成，请勿手工修改。 -->

每个模板包的 template.docx 都使用同一套名称：下表列出全部名称。在 Word 模板中写 `{{ s1.income_grand }}`
打印一个数字或一句话，用 `{%p if … %}`、`{%p for x in … %}`（段落）和 `{%tr for … %}`（表格行）控制段落和行。
`pjgen packs --check 文件夹` 会找出模板中不在下表中的名称，并指出其位置。

**每个值都是已经排好格式的文字**（金额 `"1,891.20"`、百分比 `"99.38%"`、得分 `"9.84"`、总分 `"99.07分"`），
或它们组成的列表、字典，或注明 bool 的真假值。模板只做循环、判断和打印，不做计算、不加格式过滤器。
生成时使用 `autoescape=True` 和 `StrictUndefined`：写错的名称是错误，用户填写的 `R&D <x> {{ y }}` 原样打印。
百分比的小数位数、“持平”的说法、上年为 0 时的说法由模板包 pack.toml 的 `[wording]` 决定。

路径中的 `[]` 表示列表中的每一项：`functions[].text` 在 `{%p for f in functions %}` 中写作 `{{ f.text }}`。
新的省份需要的数字应加入这份共同的名称表（在 generator/context.py 中计算，在 generator/context_types.py 及其引用的类型中加一个带说明的字段；本表由这些字段生成），所有模板包都可以使用。
"""


def render_context_docs() -> str:
    """docs/template-context.md: one table per top-level name."""
    out = [CONTEXT_INTRO.rstrip("\n"), "", "## 顶层名称", ""]
    entries = list(iter_entries())
    tops = [(p, d) for p, d in entries if "." not in p and "[]" not in p]
    out += _table(("名称", "内容"), [(f"`{p}`", d) for p, d in tops])
    for top, description in tops:
        rows = [(f"`{p}`", d) for p, d in entries if p.startswith((top + ".", top + "[]"))]
        if rows:
            out += ["", f"## `{top}`：{description}", ""]
            out += _table(("名称", "内容"), rows)
    out += ["", LAYOUT_NOTES.rstrip("\n")]
    return "\n".join(out) + "\n"


LAYOUT_NOTES = """## Layout decisions a template editor should know

- A self-evaluation table is **two Word tables** joined by a 1pt paragraph:
  the first holds 项目名称 … 年度总体目标, the second the indicator block
  (first cell row 0 is empty, then 一级指标 …) and 总分. Only rows at the top
  of a table can repeat on a new page, and LibreOffice joins tables that
  touch. Extraction code that wants "one table per project" must join the
  table whose first data cell is `年度绩效指标完成情况` to the one before.
- Vertical merges in the indicator block: docxtpl's `{% vm %}` only
  follows the innermost loop, so the 一级 column and the label column carry
  static `w:vMerge` marks (restart/continue) in three row
  variants (`{%tr if … %}` / `{%tr elif … %}` / `{%tr else %}`); keep the three
  rows identical except for those two columns when editing. The 二级 column
  uses docxtpl's `{% vm %}`; its cells carry no `w:vAlign` (vertical centring
  comes from the table style `决算表格`), because docxtpl appends `w:vMerge` at
  the end of the cell properties.
- Sections: narrative, self-evaluation tables and 公开01表 are portrait;
  02–04 landscape; 05 portrait; 06–09 and the overall tables landscape (the
  document's last section).
- Rows marked 标题行重复 (`w:tblHeader`) repeat on each page; data rows do not
  split across pages (`w:cantSplit`), except the 年度总体目标 text row, which
  may be long.
- Styles: 表格标题, 表格副标题, 表格编号, 表格说明 (编制单位/金额单位 line),
  表格表头, 表格文字, 表格文字左, 表格金额, 表格注释; 模板指令 (grey) marks
  paragraphs that only hold `{%p … %}` and disappear when rendering.
"""


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_docs(), encoding="utf-8")
    print(f"已生成 {target}")
    if len(argv) <= 1:
        CONTEXT_TARGET.write_text(render_context_docs(), encoding="utf-8")
        print(f"已生成 {CONTEXT_TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
