"""The Shanghai 2025 pack's own sentence frames, on the worked example
(inputs/shanghai-2025.toml) edited in code: what the 2025 template says differently
from 2024's, and that no clause it prints is left with an empty lead-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from conftest import _make_example_module
from generator.extract import paragraphs
from generator.packs import find_pack
from generator.pipeline import render_report, validate
from generator.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "inputs" / "shanghai-2025.toml"
EXAMPLE = ROOT / "inputs" / "shanghai-2025.xlsx"
PACK = "shanghai-2025"
COMPARE, NOTES, THREE = "上年及预算对比", "项级科目说明", "三公经费说明"


def _text(tmp_path: Path, mutate: Callable[[dict[str, Any]], Any] | None = None) -> str:
    data = _make_example_module().load(SOURCE)
    if mutate:
        mutate(data)
    path = tmp_path / "sh2025.xlsx"
    write_workbook(path, data, meta={"pack": PACK}, selection=find_pack(PACK).selection)
    v = validate(path)
    assert v.ok, [str(p) for p in v.errors]
    return "\n".join(paragraphs(render_report(v.report, pack=v.pack)))


def _note(data: dict[str, Any], code: str) -> list[str]:
    return next(row for row in data[NOTES] if row[0] == code)


def test_functions_open_with_the_preamble_and_are_numbered_in_brackets(tmp_path):
    text = _text(tmp_path)
    assert "根据三定方案，主要职能包括：\n（一）贯彻执行有关生态环境的法律" in text
    assert "（十二）完成区委、区政府交办的其他任务。" in text
    assert "\n1." not in text.split("二、部门决算单位构成")[0]


def test_an_item_with_equal_figures_says_so_and_gives_no_reason(tmp_path):
    def equal(data):
        _note(data, "2080599")[4] = "年中调整"  # a reason given anyway is not printed
    text = _text(tmp_path, equal)
    assert "年初预算为1.27万元，支出决算为1.27万元，决算数与预算数持平。" in text
    assert "年中调整" not in text


def test_an_item_without_a_reason_has_no_empty_lead_in(tmp_path):
    text = _text(tmp_path, lambda d: _note(d, "2110104").__setitem__(4, ""))
    assert "年初预算为90.00万元，支出决算为88.60万元。" in text
    assert "主要原因：。" not in text and "主要原因：\n" not in text


def test_general_budget_equal_to_the_spending(tmp_path):
    def equal(data):
        data[COMPARE]["一般公共预算财政拨款支出年初预算数"] = "4733.14"
        _note(data, "2110101")[3] = "1301.05"  # the 项 budgets add up to it: 1196.07 + (4733.14 − 4628.16)
    text = _text(tmp_path, equal)
    assert "支出决算为4733.14万元，完成年初预算的100.00%。决算数与预算数持平。其中：" in text


def test_three_public_items_flat_state_their_amount_changed_give_their_reason(tmp_path):
    def flat_car(data):
        data[THREE].update({"上年公务用车运行维护费": "16.95", "公务用车购置及运行维护费变动原因": "",
                            "上年公务接待费": "0.30", "公务接待费变动原因": "未发生公务接待"})
    text = _text(tmp_path, flat_car)
    assert ("公务用车购置及运行维护费支出决算为16.95万元，与2024年持平；公务接待费支出决算减少0.30万元，"
            "下降100.00%。公务接待费支出减少的主要原因是未发生公务接待。") in text
    assert "公务用车购置及运行维护费支出增加的主要原因" not in text


def test_a_changed_three_public_item_without_a_reason_has_no_empty_lead_in(tmp_path):
    text = _text(tmp_path, lambda d: d[THREE].update({"公务用车购置及运行维护费变动原因": ""}))
    assert "增长42.68%；公务接待费支出决算为0.00万元，与2024年持平。\n" in text
    assert "的主要原因是。" not in text


def test_reception_states_the_foreign_guests_when_there_was_reception(tmp_path):
    def reception(data):
        data[THREE].update({"国内公务接待批次": "2", "国内公务接待人次": "12"})
        data["财政拨款“三公”经费支出决算表"][0][11] = "0.40"  # 公务接待费 决算
        data["财政拨款“三公”经费支出决算表"][0][6] = "17.35"  # 合计
    text = _text(tmp_path, reception)
    assert ("国内公务接待支出0.40万（含外宾接待支出0.00万元）。主要用于本年度未发生公务接待，列明公务接待2批次、12人次，"
            "其中：接待外宾0批次、0人次。") in text


def test_vehicles_are_the_departments(tmp_path):
    assert "上海市普陀区生态环境局部门共有车辆9辆，其中：" in _text(tmp_path)


def test_last_year_per_subject_is_not_asked_for_by_a_pack_that_does_not_use_it():
    """missing-last-year asks for rows of 一般公共预算支出上年对比: only a pack using that sheet reports it."""
    assert not [p for p in validate(EXAMPLE).problems if p.code == "missing-last-year"]


def test_next_years_workbook_from_2024_is_checked_against_2024_only_where_the_2025_pack_looks(tmp_path):
    """init --from the 2024 example with the 2025 pack; its last-year figures are checked
    against 2024's workbook only in the sheets the 2025 pack uses (no 一般公共预算支出上年对比)."""
    from typer.testing import CliRunner

    from generator.carry import prior_problems
    from generator.cli import app
    from generator.schema import FULL_SELECTION, GENERAL_LAST
    from generator.workbook import read_workbook

    old, new = ROOT / "inputs" / "shanghai-2024.xlsx", tmp_path / "2025.xlsx"
    result = CliRunner().invoke(app, ["init", str(new), "--from", str(old), "--pack", PACK])
    assert result.exit_code == 0, result.output
    book = read_workbook(new)
    assert GENERAL_LAST.name not in book.sheets
    assert prior_problems(book, old, find_pack(PACK).selection) == []
    # the whole schema would ask for 2024's 公开05表 科目 in the sheet the pack leaves out
    assert {p.code for p in prior_problems(book, old, FULL_SELECTION)} == {"prior-missing"}


def _template_paragraphs(pack_id: str) -> list[str]:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(find_pack(pack_id).template))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))]


def test_template_is_2024s_with_the_2025_frames_only():
    """Derived by editing a copy: paragraph for paragraph the 2024 template (with the shared vocabulary:
    主要职能's preamble, the budget basis, no empty lead-in, 公开07表's empty note, the cover on its own page),
    but for the 2025 frames, each replacing the 2024 paragraph in its place."""
    import difflib

    old, new = _template_paragraphs("shanghai-2024"), _template_paragraphs(PACK)
    assert len(old) == len(new)
    opcodes = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert all(op == "replace" and a1 - a0 == b1 - b0 for op, a0, a1, b0, b1 in opcodes), opcodes
    written = [p for _, _, _, b0, b1 in opcodes for p in new[b0:b1]]
    starts = [
        "{% if functions_numbered %}（{{ f.num }}）{% endif %}{{ f.text }}",  # 主要职能 numbered （一）
        "一般公共预算财政拨款支出{{ s5.budget.basis }}为",  # 决算数与预算数持平
        "{{ i.num }}.{{ i.path }}{% if i.purpose %}，主要用于{{ i.purpose }}{% endif %}。{{ i.basis }}为",  # no rate
        "一般公共预算财政拨款基本支出{{ s6.basic }}万元",  # 公用经费 …等
        "“三公”经费财政拨款支出{{ s7.budget.total.basis }}为",  # 等于预算数
        "{{ year }}年度“三公”经费财政拨款支出决算数",  # a flat item states its amount
        "国内公务接待支出{{ s7.reception.amount }}万",  # 其中：接待外宾 always
        "{{ i.num }}.{{ i.path }}", "{{ i.num }}.{{ i.path }}",  # 八、九: the 项 frame of 五（三）
        "截至{{ year }}年12月31日，{{ unit_name }}部门共有车辆"]
    assert len(written) == len(starts) and all(p.startswith(s) for p, s in zip(written, starts)), written
    assert "{%p if annex.t7.empty %}" in new and sum("{{ i.basis }}为" in p for p in new) == 3


def test_the_cover_stands_on_its_own_page():
    from docx import Document

    doc = Document(str(find_pack(PACK).template))
    toc = next(p for p in doc.paragraphs if p.text == "目  录")
    assert toc.paragraph_format.page_break_before


def test_empty_texts_leave_their_clauses_out(tmp_path):
    """No label followed by nothing: 制度 and 工作机制 of 预算绩效 (the 三公 开支内容 are required where printed)."""
    text = _text(tmp_path, lambda d: d["预算绩效管理"].update({"预算绩效管理制度": "", "工作机制建设情况": ""}))
    assert "预算绩效管理工作开展情况如下：全过程绩效管理实施情况：编报绩效目标的2025年度项目28个" in text
    for empty_lead_in in ("：。", "：；", "主要用于。", "主要用于，"):
        assert empty_lead_in not in text


def test_the_packs_wording_is_the_2025_documents():
    from generator.narrative import Wording

    assert find_pack(PACK).wording == Wording(
        no_change="持平", zero_base="增长100%", list_zero_items=False, thousands_separator=False, zero_budget="0.00%",
        budget_basis="年初预算", share_balance="不调整", table_zero="0.00", panel_zero="0.00",
        empty_table_note="本表无数据")
