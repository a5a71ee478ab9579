"""The template vocabulary: every name a pack's template.docx may use.

The context built by generator/context.py is the same for every pack; this
module lists it in machine-readable form. `pjgen packs --check` reports tags
that are not here, scripts/make_docs.py writes docs/template-context.md from
it, and tests/test_packs_vocabulary.py checks it against the context actually
built (so it cannot drift).

A typed part of the context (a dataclass of generator/phrases.py) is listed through
``entries``: its fields describe themselves (generator/described.py), so those entries
are generated from what the builders return rather than written here.

Each entry is ``name: description`` (a leaf: a preformatted string, or a bool
where the description says so) or ``name: (description, children)`` where
children is a dict (a nested dict) or a one-element list (a list of such
items; ``[str]`` for a list of strings). In paths, ``[]`` stands for the
items of a list: ``functions[].text``.
"""

from __future__ import annotations

from typing import Any, Iterator

from generator.described import entries, named_values
from generator.sections import (CompositionRow, Function, Fund, Glossary, Named, Section1, Section2, Section3, Section4,
                                Section5, Section6, Section7, Section10, Section11, Section12, Staff)
from generator.sheet_fields import fields_vocabulary
from generator.title import DEFAULT_TITLE, TITLE_NAMES, TITLE_TAG, fill_title

__all__ = ["DEFAULT_TITLE", "TITLE_NAMES", "TITLE_TAG", "VOCABULARY", "context_paths", "fill_title", "iter_entries",
           "vocabulary_paths"]

CODED_ROWS = ("表中各行，第一行为合计行", [{
    "code": "科目编码（合计行为空）",
    "indent": "缩进（每低一级一个全角空格），印在科目名称前",
    "name": "科目名称",
    "v": ("各金额列，按表的列顺序", ["金额"]),
}])
LEVELS = ("绩效指标，按一级指标分组", [{
    "name": "一级指标",
    "seconds": ("二级指标", [{
        "name": "二级指标",
        "rows": ("三级指标", [{
            "name": "三级指标", "target": "年度指标值", "actual": "实际完成值（自评表）",
            "weight": "分值（自评表）", "score": "得分（自评表）", "reason": "偏差原因分析及改进措施（自评表）",
        }]),
    }]),
}])
NUMBERED_PANEL = {
    "body": ("带序号的各行（一、一般公共预算财政拨款收入 | 一、一般公共服务支出 …），金额为 0 的格为空", [{
        "inc_label": "收入栏项目", "inc_amount": "收入栏金额", "exp_label": "支出栏项目",
        "exp_amounts": ("支出栏金额（公开01表 1 列；公开04表 4 列：合计、一般公共预算、政府性基金、国有资本经营）",
                        ["金额"])}]),
    "foot": ("表末的合计行（本年收入合计 | 本年支出合计 …），字段同 body", [{
        "inc_label": "收入栏项目", "inc_amount": "收入栏金额", "exp_label": "支出栏项目",
        "exp_amounts": ("支出栏金额", ["金额"])}]),
}
PANEL = {
    "inc_label": "收入栏项目", "inc_line": "收入栏行次", "inc_amount": "收入栏金额",
    "exp_label": "支出栏项目", "exp_line": "支出栏行次",
}

VOCABULARY: dict[str, Any] = {
    "unit_name": "单位名称",
    "year": "年度，如 2023",
    "title": "文档标题：模板包 pack.toml 中的 title（新疆格式：单位名称+年度+“年度部门决算公开说明”）；"
             "输出文件名和文档属性中的标题也是它",
    "functions_intro": "主要职能的引言段",
    "functions": ("主要职能，逐条", [entries(Function)]),
    "functions_numbered": "主要职能需要模板加编号（bool）：多于一条且都不自带编号；只有一段或自带编号时不加",
    "last_year": "上一年度，如 2023",
    "single_unit": "部门只有一个单位（bool）：“单位构成”工作表不超过一行（或没有这张表）；"
                   "上海格式此时第一部分 二 写“机构设置”",
    "composition": ("部门决算单位构成表（“单位构成”工作表），逐行", [entries(CompositionRow)]),
    "glossary": ("名词解释中“主要是：……等”列举的收入内容；该项收入为 0 时为空（不列举）", entries(Glossary)),
    "staff": ("人员情况", entries(Staff)),
    "subordinates": ("下属预算单位", entries(Named)),
    "offices": ("内设处室", entries(Named)),
    "s1": ("收入支出决算总体情况", entries(Section1)),
    "s2": ("收入决算情况（公开02表合计行）", entries(Section2)),
    "s3": ("支出决算情况（公开03表合计行）", entries(Section3)),
    "s4": ("财政拨款收入支出决算总体情况（公开04表）", entries(Section4)),
    "s5": ("一般公共预算财政拨款支出决算情况（公开05表）", entries(Section5)),
    "s6": ("一般公共预算财政拨款基本支出决算情况（公开06表）", entries(Section6)),
    "s7": ("“三公”经费（公开07表与三公经费说明）", entries(Section7)),
    "s8": ("政府性基金预算财政拨款（公开08表合计行）", entries(Fund)),
    "s9": ("国有资本经营预算财政拨款（公开09表合计行）", entries(Fund)),
    "s10": ("其他重要事项", entries(Section10)),
    "s11": ("预算绩效", entries(Section11)),
    "s12": ("其他需说明的事项", entries(Section12)),
    "projects": ("项目支出绩效自评表，每个项目一张", [{
        "name": "项目名称", "department": "主管部门", "implementer": "实施单位",
        "funds": ("项目资金行：年度资金总额、其中：当年财政拨款、上年结转资金（有数据时）、其他资金", [{
            "label": "行名", "initial": "年初预算数", "full": "全年预算数", "executed": "全年执行数",
            "weight": "分值（年度资金总额行外为“—”）", "rate": "执行率", "score": "得分",
        }]),
        "goal_expected": "年度总体目标：预期目标", "goal_actual": "年度总体目标：实际完成情况",
        "levels": LEVELS,
        "total_weight": "总分行的分值", "total_score": "总分，如 99.07分",
    }]),
    "annex": ("部门决算报表（公开01–09表）", {
        "t1": ("公开01表 收入支出决算总表", {"rows": ("收入栏与支出栏并排的各行", [{**PANEL, "exp_amount": "支出栏金额"}]),
                                        **NUMBERED_PANEL}),
        "t2": ("公开02表 收入决算表（7 列金额）", {"rows": CODED_ROWS}),
        "t3": ("公开03表 支出决算表（6 列金额）", {"rows": CODED_ROWS}),
        "t4": ("公开04表 财政拨款收入支出决算总表", {"rows": ("收入栏与支出栏并排的各行", [{
            **PANEL, "exp_total": "支出合计", "exp_general": "一般公共预算财政拨款",
            "exp_fund": "政府性基金预算财政拨款", "exp_soe": "国有资本经营预算财政拨款"}]), **NUMBERED_PANEL}),
        "t5": ("公开05表 一般公共预算财政拨款支出决算表（3 列金额）", {
            "rows": CODED_ROWS, "detail": ("合计行以外的各行（合计印在表末的版式）", CODED_ROWS[1]),
            "total": ("合计行的 3 列金额", ["金额"])}),
        "t6": ("公开06表 一般公共预算财政拨款基本支出决算表", {
            "rows": ("三栏并排的各行：c 科目编码、n 科目名称、a 决算数；1 人员经费，2、3 公用经费", [{
                "c1": "科目编码", "n1": "科目名称", "a1": "决算数", "c2": "科目编码", "n2": "科目名称",
                "a2": "决算数", "c3": "科目编码", "n3": "科目名称", "a3": "决算数"}]),
            "personnel_total": "人员经费合计", "public_total": "公用经费合计",
            "two_blocks": ("两栏并排的各行：1 人员经费，2 公用经费", [{
                "c1": "科目编码", "n1": "科目名称", "a1": "决算数", "c2": "科目编码", "n2": "科目名称", "a2": "决算数"}]),
        }),
        "t7": ("公开07表 财政拨款“三公”经费支出决算表", {
            "budget": ("预算数 6 列：合计、因公出国（境）费、公务用车购置及运行维护费小计、购置费、运行维护费、公务接待费",
                       ["金额"]),
            "actual": ("决算数 6 列，顺序同 budget", ["金额"]),
            "empty": "是否空表（预算数和决算数都为 0，bool）", "note": "空表时印的说明（[wording] empty_table_note）",
        }),
        "t8": ("公开08表 政府性基金预算财政拨款收入支出决算表（6 列金额）", {
            "rows": CODED_ROWS, "empty": "是否空表（bool）", "note": "空表说明文字",
            "no_data": "空表时印的简短说明（[wording] empty_table_note，如“本表无数据”）"}),
        "t9": ("公开09表 国有资本经营预算财政拨款收入支出决算表（6 列金额）", {
            "rows": CODED_ROWS, "empty": "是否空表（bool）", "note": "空表说明文字",
            "no_data": "空表时印的简短说明（[wording] empty_table_note，如“本表无数据”）"}),
    }),
    "overall": ("部门（单位）整体支出绩效目标表／自评表；不公开时为空（{% if overall %}）", {
        "title": "表名", "year": "年度", "unit": "部门（单位）名称",
        "tasks": ("年度主要任务", [{"name": "任务名称", "content": "主要内容", "total": "预算金额总额",
                              "fiscal": "财政拨款", "other": "其他资金"}]),
        "tasks_total": ("任务合计行", {"total": "总额", "fiscal": "财政拨款", "other": "其他资金"}),
        "goal": "年度总体目标", "is_selfeval": "是否自评表（bool）",
        "levels": LEVELS,
    }),
    "fields": fields_vocabulary(),  # every field of the form sheets, made from the schema
}

def iter_entries(spec: Any = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, description) of every name, parents before their children."""
    for name, entry in (VOCABULARY if spec is None else spec).items():
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(entry, str):
            yield path, entry
            continue
        description, children = entry
        yield path, description
        if isinstance(children, list):
            (item,) = children
            if isinstance(item, dict):
                yield from iter_entries(item, path + "[]")
            else:
                yield path + "[]", item
        else:
            yield from iter_entries(children, path)


def vocabulary_paths() -> dict[str, str]:
    return dict(iter_entries())


def context_paths(value: Any, prefix: str = "") -> set[str]:
    """The paths of a built context, in the vocabulary's notation (``[]`` for list items)."""
    paths: set[str] = set()
    typed = named_values(value)
    if typed is not None:
        value = typed
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            paths |= context_paths(child, path)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) or named_values(item) is not None:
                paths |= context_paths(item, prefix + "[]")
            else:
                paths.add(prefix + "[]")
    return paths
