"""The whole template context, typed: every top-level name a pack's template may use, with
its description (generator/described.py). generator/context.py builds a ``DocumentContext``
and hands the template its fields as a mapping (``as_mapping``: docxtpl renders a mapping);
generator/vocabulary.py is ``entries(DocumentContext)``, so the vocabulary and
docs/template-context.md name exactly what the builders fill."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from generator.annex_types import Annex
from generator.described import doc
from generator.performance_types import OverallTable, ProjectTable
from generator.sections import (CompositionRow, Function, Fund, Glossary, Named, Section1, Section2, Section3, Section4,
                                Section5, Section6, Section7, Section10, Section11, Section12, Staff)
from generator.sheet_fields import fields_vocabulary

_FIELDS_DOC, _FIELDS = fields_vocabulary()


@dataclass(slots=True, frozen=True)
class DocumentContext:
    """What the template of every pack sees."""
    unit_name: str = doc("单位名称")
    year: str = doc("年度，如 2023")
    title: str = doc("文档标题：模板包 pack.toml 中的 title（新疆格式：单位名称+年度+“年度部门决算公开说明”）；"
                     "输出文件名和文档属性中的标题也是它")
    functions_intro: str = doc("主要职能的引言段")
    functions: list[Function] = doc("主要职能，逐条")
    functions_numbered: bool = doc("主要职能需要模板加编号（bool）：多于一条且都不自带编号；只有一段或自带编号时不加")
    last_year: str = doc("上一年度，如 2023")
    single_unit: bool = doc("部门只有一个单位（bool）：“单位构成”工作表不超过一行（或没有这张表）；"
                            "上海格式此时第一部分 二 写“机构设置”")
    composition: list[CompositionRow] = doc("部门决算单位构成表（“单位构成”工作表），逐行")
    glossary: Glossary = doc("名词解释中“主要是：……等”列举的收入内容；该项收入为 0 时为空（不列举）")
    staff: Staff = doc("人员情况")
    subordinates: Named = doc("下属预算单位")
    offices: Named = doc("内设处室")
    s1: Section1 = doc("收入支出决算总体情况")
    s2: Section2 = doc("收入决算情况（公开02表合计行）")
    s3: Section3 = doc("支出决算情况（公开03表合计行）")
    s4: Section4 = doc("财政拨款收入支出决算总体情况（公开04表）")
    s5: Section5 = doc("一般公共预算财政拨款支出决算情况（公开05表）")
    s6: Section6 = doc("一般公共预算财政拨款基本支出决算情况（公开06表）")
    s7: Section7 = doc("“三公”经费（公开07表与三公经费说明）")
    s8: Fund = doc("政府性基金预算财政拨款（公开08表合计行）")
    s9: Fund = doc("国有资本经营预算财政拨款（公开09表合计行）")
    s10: Section10 = doc("其他重要事项")
    s11: Section11 = doc("预算绩效")
    s12: Section12 = doc("其他需说明的事项")
    projects: list[ProjectTable] = doc("项目支出绩效自评表，每个项目一张")
    annex: Annex = doc("部门决算报表（公开01–09表）")
    overall: OverallTable | None = doc("部门（单位）整体支出绩效目标表／自评表；不公开时为空（{% if overall %}）")
    fields: dict[str, dict[str, str]] = doc(_FIELDS_DOC, children=_FIELDS)


def as_mapping(context: DocumentContext) -> dict[str, Any]:
    """The context as the template renders it: top-level names → their (typed) values."""
    return {f.name: getattr(context, f.name) for f in fields(context)}
