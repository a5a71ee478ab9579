"""The only module that imports docxtpl/jinja2: context → .docx bytes."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.problems import PjgenError, TemplateMissing

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = TEMPLATE_DIR / "决算公开说明.docx"
AUTHOR = "pjgen"

if TYPE_CHECKING:  # docxtpl and jinja2 are imported where a document is rendered (start-up time)
    from docxtpl import DocxTemplate
    from jinja2 import Environment


class TemplateBroken(PjgenError):
    pass


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Core properties of the built document, derived from the workbook, never from the clock."""

    title: str
    subject: str
    year: int

    @property
    def timestamp(self) -> dt.datetime:
        """1 January after the reporting year: when final accounts are compiled, and a fixed value."""
        return dt.datetime(max(self.year + 1, 1980), 1, 1, tzinfo=dt.timezone.utc)


def _environment() -> Environment:
    from jinja2 import Environment, StrictUndefined

    return Environment(autoescape=True, undefined=StrictUndefined)


def render_docx(
    context: dict[str, Any], template: Path = DEFAULT_TEMPLATE, *, info: DocumentInfo | None = None
) -> bytes:
    """Render the Word template with the context; returns the .docx bytes.

    With ``info`` the result is reproducible: the same context and template
    give byte-identical files (core properties from ``info``, fixed zip
    member times and order).
    """
    from docxtpl import DocxTemplate
    from jinja2.exceptions import TemplateError

    template = Path(template)
    if not template.is_file():
        raise TemplateMissing(f"找不到 Word 模板：{template}。请确认 templates 目录完整，或用 --template 指定模板。")
    doc = DocxTemplate(template)
    try:
        doc.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        where = f"（第 {exc.lineno} 行附近）" if getattr(exc, "lineno", None) else ""
        raise TemplateBroken(
            f"Word 模板 {template.name} 的标记有误{where}。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记是否完整、名称是否写对。"
        ) from exc
    if info is not None:
        _set_core_properties(doc, info)
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    return data if info is None else stable_zip(data, info.timestamp)


def _set_core_properties(doc: DocxTemplate, info: DocumentInfo) -> None:
    props = doc.docx.core_properties
    props.title = info.title
    props.subject = info.subject
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.revision = 1
    props.comments = "部门决算公开说明，由 pjgen 根据决算公开工作簿生成。"
    props.language = "zh-CN"
    props.created = info.timestamp.replace(tzinfo=None)
    props.modified = info.timestamp.replace(tzinfo=None)


def stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a .docx (zip) with fixed member times, attributes and order.

    ``[Content_Types].xml`` stays first (some readers expect it), the other
    members follow in name order; contents are unchanged.
    """
    import zipfile  # only when writing a document (start-up time)

    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    first = "[Content_Types].xml"
    names = sorted(members, key=lambda n: (n != first, n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0o644 << 16
            dst.writestr(member, members[name], compresslevel=6)
    return out.getvalue()


def undeclared_variables(template: Path = DEFAULT_TEMPLATE) -> set[str]:
    """Names the template uses (for the template/context contract test)."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(template)
    return set(doc.get_undeclared_template_variables(jinja_env=_environment()))
