"""Rendering through the real template: user text is printed literally (autoescape),
and the template uses nothing the context does not provide."""

from __future__ import annotations

from generator.context import build_context
from generator.extract import iter_blocks
from generator.pipeline import render_report, validate
from generator.render import DEFAULT_TEMPLATE, undeclared_variables

NASTY = "R&D <中心> “引号” 'x' {{ unit_name }} {% if true %}"


def _set_label(data, sheet, label, value):
    data[sheet][label] = value


def test_user_text_is_printed_literally(make_workbook):
    def mutate(data):
        _set_label(data, "单位信息", "单位名称", NASTY)
        _set_label(data, "上年及预算对比", "收入支出总计变动原因", "A & B < C > D {{ year }}")
        rows = data["绩效自评项目"]
        rows[0][1] = "项目 <b>&amp;</b> {%p endfor %}"
        data["绩效自评指标"][0][3] = "指标 & </w:t> ]]>"

    v = validate(make_workbook(mutate))
    assert v.ok, [(str(p.ref), p.code) for p in v.errors]
    texts = [b.text for b in iter_blocks(render_report(v.report))]
    joined = "\n".join(texts)
    assert NASTY in joined
    assert "主要原因是：A & B < C > D {{ year }}。" in joined
    assert "项目 <b>&amp;</b> {%p endfor %}" in texts
    assert "指标 & </w:t> ]]>" in texts
    # everything after the odd texts is still there (nothing swallowed by the XML parser)
    assert any(t.startswith("十四、机关运行经费") for t in texts)


def test_template_uses_only_what_the_context_provides(make_workbook):
    v = validate(make_workbook())
    context = build_context(v.report)
    assert undeclared_variables(DEFAULT_TEMPLATE) <= set(context)
