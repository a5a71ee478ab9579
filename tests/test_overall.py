"""The optional 部门（单位）整体支出绩效目标表/自评表 (reference 002), end to end."""

from __future__ import annotations

import re

from generator.extract import iter_blocks
from generator.pipeline import render_report, validate

TASKS = [
    ["保障部门正常运转，为部门业务开展提供有效支撑。", "支持本单位办公、基本工作有序开展，保障在岗干部工资和福利待遇正常发放。",
     "356.99", "356.99", "0.00", "350.12"],
    ["开展党课培训，整合培训资源。", "按照市委党校要求，开展相关培训5个班次，预计培训400人次。",
     "10.00", "10.00", "0.00", "9.50"],
]
INDICATORS = [
    ["产出指标", "数量指标", "开展群众工作培训次数", "≥2次", "=2次", "50", "50", ""],
    ["产出指标", "质量指标", "群众工作培训合格率", "=100%", "=100%", "20", "20", ""],
    ["效益指标", "社会效益指标", "有效提升党员业务能力", "有效提升", "有效提升", "20", "18", "个别培训延期"],
    ["满意度指标", "服务对象满意度指标", "本单位干部满意度", "≥95%", "=96%", "10", "10", ""],
]


def _with_overall(kind: str, published: str = "是"):
    def mutate(data):
        data["部门整体绩效"] = {"表类型": kind, "年度总体目标": "目标1：保障机构运行、正常履职；目标2：保障换届工作圆满完成。"}
        data["整体绩效任务"] = TASKS
        data["整体绩效指标"] = INDICATORS
        data["预算绩效"]["部门整体绩效自评表是否公开"] = published
    return mutate


def _texts(path):
    v = validate(path)
    assert v.ok, [(str(p.ref), p.code, p.message) for p in v.errors]
    return [b for b in iter_blocks(render_report(v.report))]


def test_overall_selfeval_table_and_sentences(make_workbook):
    blocks = _texts(make_workbook(_with_overall("自评表")))
    text = re.sub(r"\s+", "", "".join(b.text for b in blocks if b.kind == "p"))
    assert "整体支出绩效自评表1个，全年预算总额366.99万元，实际执行总额359.62万元" in text
    assert "本年度部门整体绩效自评表随本说明一并公开，见附表。" in text
    assert "部门（单位）整体支出绩效自评表" in text
    cells = [b.text for b in blocks if b.kind == "cell"]
    assert "开展党课培训，整合培训资源。" in cells
    assert "366.99" in cells  # the tasks' 合计, computed
    assert "个别培训延期" in cells


def test_overall_target_table(make_workbook):
    blocks = _texts(make_workbook(_with_overall("目标表", published="否")))
    text = "".join(b.text for b in blocks if b.kind == "p")
    assert "部门（单位）整体支出绩效目标表" in text
    # a 目标表 is no 自评表: 十一 counts none, 十二 says it is not published
    assert "整体支出绩效自评表0个" in text
    assert "本年度部门整体绩效自评表不予公开。" in text


def test_a_target_table_leaves_the_selfeval_columns_empty(make_workbook):
    """A 目标表's indicators have the 自评表's names (one vocabulary) but print nothing in them,
    though the sheet has 实际完成值, 分值, 得分 and 偏差原因 filled."""
    from generator.context import build_context

    overall = build_context(validate(make_workbook(_with_overall("目标表", published="否"))).report)["overall"]
    rows = [r for level in overall.levels for second in level.seconds for r in second.rows]
    assert [(r.name, r.target) for r in rows] == [(i[2], i[3]) for i in INDICATORS]
    assert {(r.actual, r.weight, r.score, r.reason) for r in rows} == {("", "", "", "")}
    selfeval = build_context(validate(make_workbook(_with_overall("自评表"))).report)["overall"]
    rows = [r for level in selfeval.levels for second in level.seconds for r in second.rows]
    assert [(r.actual, r.reason) for r in rows] == [(i[4], i[7]) for i in INDICATORS]


def test_no_overall_tables_without_data(make_workbook):
    blocks = _texts(make_workbook())
    titles = {"部门（单位）整体支出绩效目标表", "部门（单位）整体支出绩效自评表"}
    assert not [b.text for b in blocks if b.text.strip() in titles]


def test_task_total_must_equal_its_parts(make_workbook):
    def mutate(data):
        _with_overall("目标表")(data)
        data["整体绩效任务"][1][2] = "12.00"  # 总额 12.00 ≠ 财政拨款 10.00 + 其他资金 0.00

    v = validate(make_workbook(mutate))
    assert [(str(p.ref), p.code) for p in v.errors] == [("整体绩效任务!C3", "total-mismatch")]
