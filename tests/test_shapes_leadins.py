"""No empty lead-in, ever: with every free-text input of the workbook emptied, no clause of any
shipped pack's template prints a label followed by nothing ("……：。", "……：；", "主要原因是。"),
and no sentence stops short of its end."""

from __future__ import annotations

import dataclasses

import pytest

from generator.described import named_values
from shapes_support import PACKS, blank_prose, build_text, empty_lead_ins, three_public_all_spent, unfinished


def test_the_detector_sees_an_empty_lead_in():
    assert empty_lead_ins(["预算绩效管理取得的成效：。发现的问题", "开支内容包括。", "主要原因是。", "工作机制建设情况：；"]) \
        == ["预算绩效管理取得的成效：。发现的问题", "开支内容包括。", "主要原因是。", "工作机制建设情况：；"]
    assert empty_lead_ins(["具体情况如下：", "其中：因公出国（境）费支出0.39万元。"]) == []


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_text_emptied_leaves_no_empty_lead_in(tmp_path, pack_id):
    texts = build_text(pack_id, blank_prose, tmp_path)
    assert len(texts) > 100
    assert empty_lead_ins(texts) == []


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_text_emptied_with_every_three_public_item_spent(tmp_path, pack_id):
    def edit(data):
        blank_prose(data)
        three_public_all_spent(data)

    texts = build_text(pack_id, edit, tmp_path)
    assert any("因公出国（境）费支出1.50万元" in t for t in texts)
    assert empty_lead_ins(texts) == []


def test_the_unfinished_detector_sees_a_clause_cut_short():
    assert unfinished(["支出决算为16.95万元，完成预算的80.71%。2025年度“三公”经费支出决算数", "其中：",
                       "增加5.07万元，增长42.68%。"]) \
        == ["支出决算为16.95万元，完成预算的80.71%。2025年度“三公”经费支出决算数"]


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_text_emptied_leaves_no_sentence_cut_short(tmp_path, pack_id):
    def edit(data):
        blank_prose(data)
        three_public_all_spent(data)

    for texts in (build_text(pack_id, blank_prose, tmp_path), build_text(pack_id, edit, tmp_path)):
        assert unfinished(texts) == []


EMPTIED = {
    "xinjiang-2023": [
        "因公出国（境）费支出0.00万元。单位全年安排的因公出国（境）团组0个，因公出国（境）0人次。",
        "公务接待费3.47万元。单位全年安排的国内公务接待98批次，300人次。",
        "根据预算绩效管理要求，我单位2023年度预算绩效管理整体支出绩效自评表0个，全年预算总额0.00万元，实际执行总额"
        "0.00万元；预算绩效评价项目12个，全年预算数2,813.15万元，全年执行数1,287.37万元。具体项目自评情况附绩效自评表及"
        "自评报告。",
    ],
    "shanghai-2024": [
        "一般公共预算财政拨款支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.46%。其中：",
        "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元，下降27.78%，其中：因公出国（境）费支出与上一年度"
        "持平；公务用车购置及运行维护费支出与上一年度持平；公务接待费支出决算减少0.15万元，下降27.78%。",
        "1、因公出国（境）费支出0.00万元。全年安排因公出国（境）团组0个、累计0人次。",
    ],
    "shanghai-2025": [
        "一般公共预算财政拨款支出年初预算为4628.17万元，支出决算为4733.14万元，完成年初预算的102.27%。其中：",
        "1.社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。年初预算为51.50万元，支出决算为51.98万元。",
        "5.社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）。年初预算为1.27万元，"
        "支出决算为1.27万元，决算数与预算数持平。",
        "“三公”经费财政拨款支出年初预算为21.00万元，支出决算为16.95万元，完成预算的80.71%，其中：因公出国（境）费决算为"
        "0.00万元，完成预算的0.00%；公务用车购置及运行维护费支出决算为16.95万元，完成预算的82.68%；公务接待费支出决算为"
        "0.00万元，完成预算的0.00%。",
        "1、因公出国（境）费支出0.00万元。全年安排因公出国（境）团组0个、累计0人次。",
        "国内公务接待支出0.00万（含外宾接待支出0.00万元）。其中：接待外宾0批次、0人次。",
        "上海市普陀区生态环境局2025年度预算绩效管理工作开展情况如下：全过程绩效管理实施情况：编报绩效目标的2025年度项目"
        "28个，涉及预算金额1354.13万元；绩效跟踪评价的2025年度项目28个，涉及预算金额1354.13万元；绩效自评的2025年度"
        "项目28个，涉及预算金额1354.13万元，平均得分99.86分（其中，绩效评级为“优”的项目28个；绩效评级为“良”的项目0个；"
        "绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。绩效自评中共发现问题3个，已经完成整改的3个，"
        "正在整改的0个）。",
    ],
}


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_text_emptied_full_sentences(tmp_path, pack_id):
    texts = [t.strip() for t in build_text(pack_id, blank_prose, tmp_path)]
    for paragraph in EMPTIED[pack_id]:
        assert paragraph in texts


# One text at a time: a clause whose condition tests another input than the one it prints would
# pass the all-at-once test above and fail here.

def _leaves(value, path=(), out=None):
    out = {} if out is None else out
    value = named_values(value) or value  # a typed part of the context: its fields
    if isinstance(value, dict):
        for key, child in value.items():
            _leaves(child, (*path, key), out)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _leaves(child, (*path, i), out)
    elif isinstance(value, str):
        out[path] = value
    return out


def _vocabulary_path(path) -> str:
    return ".".join("[]" if isinstance(p, int) else p for p in path).replace(".[]", "[]")


def _with(context, path, value):
    """``context`` with the leaf at ``path`` replaced (typed parts are frozen: rebuilt)."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if named_values(context) is not None:
        return dataclasses.replace(context, **{key: _with(getattr(context, key), rest, value)})
    context[key] = _with(context[key], rest, value)
    return context


@pytest.mark.parametrize("pack_id", PACKS)
def test_each_text_emptied_alone_leaves_no_empty_lead_in(tmp_path, pack_id):
    import copy

    from generator.context import build_context
    from generator.extract import paragraphs
    from generator.packs import find_pack
    from generator.pipeline import validate
    from generator.render import render_docx
    from generator.workbook import write_workbook
    from shapes_support import source_data

    pack = find_pack(pack_id)

    def context_of(edit):
        data, meta = source_data(pack_id)
        edit(data)
        path = tmp_path / "book.xlsx"
        write_workbook(path, data, meta=meta)
        return build_context(validate(path, pack).report, pack.wording, pack.title)

    full = context_of(three_public_all_spent)
    emptied = _leaves(context_of(lambda d: (blank_prose(d), three_public_all_spent(d))))
    texts, seen = [], set()
    for path, value in _leaves(full).items():
        vocabulary = _vocabulary_path(path)
        if value and emptied.get(path) == "" and vocabulary not in seen:
            seen.add(vocabulary)
            texts.append(path)
    assert len(texts) >= 10
    for path in texts:
        context = _with(copy.deepcopy(full), path, "")
        assert empty_lead_ins(paragraphs(render_docx(context, pack.template))) == [], _vocabulary_path(path)
