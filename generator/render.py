"""The only module that imports docxtpl/jinja2: context → .docx bytes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import TemplateError

from generator.problems import PjgenError, TemplateMissing

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = TEMPLATE_DIR / "决算公开说明.docx"


class TemplateBroken(PjgenError):
    pass


def _environment() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


def render_docx(context: dict[str, Any], template: Path = DEFAULT_TEMPLATE) -> bytes:
    """Render the Word template with the context; returns the .docx bytes."""
    if not template.is_file():
        raise TemplateMissing(f"找不到 Word 模板：{template}。请确认 templates 目录完整。")
    doc = DocxTemplate(template)
    try:
        doc.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        raise TemplateBroken(f"Word 模板 {template.name} 有误：{exc}。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记。") from exc
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def undeclared_variables(template: Path = DEFAULT_TEMPLATE) -> set[str]:
    """Names the template uses (for the template/context contract test)."""
    doc = DocxTemplate(template)
    return set(doc.get_undeclared_template_variables(jinja_env=_environment()))
