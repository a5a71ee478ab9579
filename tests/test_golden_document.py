"""Whole-document snapshots: every paragraph and table cell of the built .docx, one
line each, in tests/data/golden/<case>.txt. Any change to the document shows up as
a readable diff; `pytest --update-golden` rewrites the files after a deliberate
change (review the diff before committing).

Cases: the worked example, and a variant that takes the other branches of the
template (下属预算单位 but no 处室, 事业单位, no 政府采购, a 上年结转资金 row, a published
部门整体支出绩效自评表, 其他需说明的事项 paragraphs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract import iter_blocks
from generator.pipeline import render_report, validate

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


def snapshot(path: Path) -> str:
    v = validate(path)
    assert v.ok, [(str(p.ref), p.code) for p in v.errors]
    lines = []
    for b in iter_blocks(render_report(v.report)):
        text = b.text.replace("\n", "⏎")
        if b.kind == "p":
            if text.strip():
                lines.append(f"¶ {text}")
        else:
            lines.append(f"表{b.table + 1} {b.row + 1},{b.col + 1} | {text}")
    return "\n".join(lines) + "\n"


def _edge(data) -> None:
    data["单位信息"]["单位性质"] = "事业单位"
    data["机构设置"] = [["下属预算单位", "昌吉州干部教育服务中心"], ["下属预算单位", "昌吉州人才发展服务中心"]]
    for label in ("政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
                  "授予中小企业合同金额", "其中：授予小微企业合同金额"):
        data["其他重要事项"][label] = "0.00"
    data["预算绩效"]["部门整体绩效自评表是否公开"] = "是"
    data["预算绩效"]["其他需说明的事项"] = "本单位无其他需说明的事项。\n以上数据均为决算批复数。"
    first = data["绩效自评项目"][0]
    first[10] = first[11] = first[12] = "0.00"  # 上年结转资金 row, all zero
    data["部门整体绩效"] = {"表类型": "自评表", "年度总体目标": "保障机构运行、正常履职。"}
    data["整体绩效任务"] = [["保障部门正常运转", "保障在岗干部工资和福利待遇正常发放。", "356.99", "356.99", "0.00", "350.12"]]
    data["整体绩效指标"] = [
        ["产出指标", "数量指标", "保障在职人员人数", "=65人", "=65人", "50", "50", ""],
        ["效益指标", "社会效益指标", "单位正常运转", "保障", "保障", "40", "40", ""],
        ["满意度指标", "服务对象满意度指标", "干部职工满意度", "≥95%", "=93%", "10", "8", "个别诉求未及时回应"],
    ]


CASES = {"2023": None, "edge": _edge}


@pytest.mark.parametrize("case", sorted(CASES))
def test_document_matches_snapshot(case, make_workbook, update_golden):
    text = snapshot(make_workbook(CASES[case]))
    target = GOLDEN / f"{case}.txt"
    if update_golden:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, f"{target.name} differs; run pytest --update-golden and review"
