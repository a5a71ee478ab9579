"""Every field of the form sheets as a template name, made from the schema.

``fields.<record>.<key>`` prints one field as the workbook holds it: text as written, an
amount in 万元 with two decimals, a count or number as it is, a blank as nothing
(``{{ fields.Compare.total_reason }}``; ``<record>`` is the sheet's ``record`` name in
generator/schema.py). A field added to a form sheet of the schema is therefore a name the
template can print at once, with no other change; docs/template-context.md lists them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from generator import schema
from generator.money import format_plain
from generator.schema import Field, Kind

NAME = "fields"


def _text(f: Field, value: Any, money: Callable[[Decimal], str]) -> str:
    if value is None or value == "":
        return ""
    if f.kind is Kind.MONEY and isinstance(value, Decimal):
        return money(value)
    if isinstance(value, Decimal):
        return format_plain(value)
    return str(getattr(value, "text", value))  # "/" (not applicable) prints as itself


def fields_context(forms: dict[str, Any], money: Callable[[Decimal], str]) -> dict[str, dict[str, str]]:
    """``fields``: for each form sheet (by its record name), each field's text. ``forms`` maps a
    sheet name to the record read (a sheet not read gives blanks)."""
    out: dict[str, dict[str, str]] = {}
    for spec in schema.FORMS:
        record = forms.get(spec.name)
        out[spec.record or spec.name] = {
            f.key: "" if record is None else _text(f, getattr(record, f.key), money) for f in spec.fields}
    return out


_KIND_NOTE = {Kind.MONEY: "，万元两位小数", Kind.COUNT: "，整数", Kind.NUMBER: "，数值", Kind.PERCENT: "，百分比"}


def fields_vocabulary() -> tuple[str, dict[str, Any]]:
    """The vocabulary entry of ``fields``: one group per form sheet, one name per field."""
    groups = {
        spec.record or spec.name: (f"工作表“{spec.name}”的各项", {
            f.key: f"“{spec.name}”的“{f.label}”（原样{_KIND_NOTE.get(f.kind, '')}；未填为空）" for f in spec.fields})
        for spec in schema.FORMS}
    return ("表单类工作表的每一项，原样打印：fields.记录名.项目键（记录名、项目键见 generator/schema.py；"
            "在工作表中加一项即可在模板中使用）", groups)


def field_sources() -> dict[str, tuple[tuple[schema.FormSheet, str], ...]]:
    """Each ``fields`` name → the one field it prints (for generator/vocabulary_fields.py)."""
    return {f"{NAME}.{spec.record or spec.name}.{f.key}": ((spec, f.key),) for spec in schema.FORMS for f in spec.fields}
