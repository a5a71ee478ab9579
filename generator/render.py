"""The only module that imports docxtpl/jinja2: context → .docx bytes."""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.packs import DEFAULT_PACK, PACKS_DIR, TEMPLATE
from generator.problems import PjgenError, TemplateMissing

DEFAULT_TEMPLATE = PACKS_DIR / DEFAULT_PACK / TEMPLATE
AUTHOR = "pjgen"

if TYPE_CHECKING:  # docxtpl and jinja2 are imported where a document is rendered (start-up time)
    from docxtpl import DocxTemplate
    from jinja2 import Environment, nodes


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


LISTING_CHARACTERS = "\n\a\t\f"  # what docxtpl's resolve_listing turns into line breaks, paragraphs, tabs, pages
COMPILED_KEPT = 16  # compiled template parts kept per process (a pack's body, headers, footers, properties)


def _environment() -> Environment:
    """A sandboxed Jinja environment: a template reads the context's names and nothing of
    Python's (no ``__class__``, no unsafe calls, ``range`` bounded), so a pack from elsewhere
    cannot run code or loop for ever; a missing name is an error."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


@functools.cache
def rendering_environment() -> Environment:
    """The environment documents are rendered with: one per process, compiling each
    template part once. docxtpl hands it the XML of every part as a string; the same
    template gives the same strings, so the next document of a batch (or of the web
    server) skips Jinja's compilation, about a third of rendering. A compiled template
    holds no values: each render gets its own context, so nothing passes from one
    document to the next, and an edited template is new text, compiled anew."""
    from jinja2 import StrictUndefined, Template
    from jinja2.sandbox import SandboxedEnvironment

    class CompilingOnce(SandboxedEnvironment):  # sandboxed as _environment()
        def __init__(self) -> None:
            super().__init__(autoescape=True, undefined=StrictUndefined)
            self.compiled: OrderedDict[str, Template] = OrderedDict()
            self.compiled_lock = threading.Lock()

        def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def]
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            with self.compiled_lock:
                found = self.compiled.get(source)
                if found is not None:
                    self.compiled.move_to_end(source)
                    return found
            template = super().from_string(source)
            with self.compiled_lock:
                self.compiled[source] = template
                while len(self.compiled) > COMPILED_KEPT:
                    self.compiled.popitem(last=False)
            return template

    return CompilingOnce()


@functools.cache
def template_class() -> type[DocxTemplate]:
    """DocxTemplate whose tag clean-up (``patch_xml``, a function of the part's XML alone) is
    done once per template part and process, like the compilation above, and whose search
    of the rendered XML for Listing's characters is skipped where there are none."""
    from docxtpl import DocxTemplate

    patched: OrderedDict[str, str] = OrderedDict()
    lock = threading.Lock()

    class PatchingOnce(DocxTemplate):
        def resolve_listing(self, xml: str) -> str:
            # Listing's characters (new line, paragraph, tab, page break) turned into Word's
            # elements; a part without any of them comes out as it went in.
            return super().resolve_listing(xml) if any(c in xml for c in LISTING_CHARACTERS) else xml

        def patch_xml(self, src_xml: str) -> str:
            with lock:
                found = patched.get(src_xml)
                if found is not None:
                    patched.move_to_end(src_xml)
                    return found
            result = super().patch_xml(src_xml)
            with lock:
                patched[src_xml] = result
                while len(patched) > COMPILED_KEPT:
                    patched.popitem(last=False)
            return result

    return PatchingOnce


def render_docx(
    context: dict[str, Any], template: Path = DEFAULT_TEMPLATE, *, info: DocumentInfo | None = None
) -> bytes:
    """Render the Word template with the context; returns the .docx bytes.

    With ``info`` the result is reproducible: the same context and template
    give byte-identical files (core properties from ``info``, fixed zip
    member times and order).
    """
    from jinja2.exceptions import SecurityError, TemplateError

    template = Path(template)
    if not template.is_file():
        raise TemplateMissing(f"找不到 Word 模板：{template}。请确认模板包完整，或用 --pack、--pack-dir、--template 指定模板。")
    doc = _open(template)
    try:
        doc.render(context, jinja_env=rendering_environment(), autoescape=True)
    except SecurityError as exc:
        raise TemplateBroken(f"Word 模板 {template.name} 的标记要读取模板不能使用的内容（{exc}）。"
                             "模板只能使用 docs/template-context.md 中列出的名称（pjgen packs --check 可检查）。") from exc
    except OverflowError as exc:  # range() beyond the sandbox's bound
        raise TemplateBroken(f"Word 模板 {template.name} 的标记要循环的次数过多（{exc}）。请检查模板中的 range(…)。") from exc
    except TemplateError as exc:
        where = f"（第 {exc.lineno} 行附近）" if getattr(exc, "lineno", None) else ""
        raise TemplateBroken(
            f"Word 模板 {template.name} 的标记有误{where}。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记是否完整、名称是否写对。"
        ) from exc
    from generator.layout import keep_table_ends

    keep_table_ends(doc.docx.element.body)
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


def template_references(template: Path) -> list[tuple[str, str]]:
    """Every context name the template reads, in document order, as (path, written):
    ``path`` in the vocabulary's notation (``functions[].text``), ``written`` as the
    template spells it (``f.text``). Loop variables are resolved to the list they
    iterate; ``loop`` and names set inside the template are not context names.

    Raises TemplateBroken when the template's tags do not parse.
    """
    from docx.oxml import parse_xml
    from jinja2.exceptions import TemplateError

    template = Path(template)
    if not template.is_file():
        raise TemplateMissing(f"找不到 Word 模板：{template}。")
    doc = _open(template)
    sources = [doc.patch_xml(doc.xml_to_string(doc.docx.element.body))]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for rel in doc.docx.part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                sources.append(doc.patch_xml(doc.xml_to_string(parse_xml(rel.target_part.blob))))
    env = _environment()
    found: list[tuple[str, str]] = []
    for source in sources:
        try:
            tree = env.parse(source)
        except TemplateError as exc:
            raise TemplateBroken(f"Word 模板 {template.name} 的标记有误：{exc}。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记。") \
                from exc
        _walk(tree, {}, found)
    return found


def _open(template: Path) -> DocxTemplate:
    """The template, opened; TemplateBroken when the file is not a Word document (a workbook,
    a renamed file, a damaged zip)."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError

    from generator.docx_guard import check_template

    check_template(template)  # within bounds before anything is inflated
    doc = template_class()(template)  # prepared once per process (template_class)
    try:
        doc.init_docx()
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise TemplateBroken(f"Word 模板 {template.name} 不是 Word 文档（.docx），可能已损坏或改了扩展名。"
                             "请在 Word 或 WPS 中打开并另存为 .docx，或用 --pack、--pack-dir、--template 指定模板。") from exc
    return doc


def _chain(node: nodes.Node, scope: dict[str, str | None]) -> tuple[str, str] | None:
    """(path, written) of a name followed by attributes or constant subscripts; None otherwise,
    or ("", "") for a name that is not a context name (loop, a {% set %} name)."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        if node.name in scope:
            bound = scope[node.name]
            return ("", "") if bound is None else (bound, node.name)
        return node.name, node.name
    if isinstance(node, nodes.Getattr):
        inner = _chain(node.node, scope)
        if inner is None:
            return None
        return ("", "") if inner == ("", "") else (f"{inner[0]}.{node.attr}", f"{inner[1]}.{node.attr}")
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        inner = _chain(node.node, scope)
        if inner is None or inner == ("", ""):
            return inner
        key = node.arg.value
        if isinstance(key, int):
            return f"{inner[0]}[]", f"{inner[1]}[{key}]"
        return f"{inner[0]}.{key}", f"{inner[1]}.{key}"
    return None


def _walk(node: nodes.Node, scope: dict[str, str | None], found: list[tuple[str, str]]) -> None:
    from jinja2 import nodes

    if isinstance(node, nodes.For):
        _walk(node.iter, scope, found)
        source = _chain(node.iter, scope)
        item = f"{source[0]}[]" if source and source[0] else None
        inner = dict(scope, loop=None)
        for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
            inner[target.name] = item
        for child in (*node.body, *([node.test] if node.test else [])):
            _walk(child, inner, found)
        for child in node.else_:
            _walk(child, scope, found)
        return
    if isinstance(node, nodes.Assign):
        _walk(node.node, scope, found)
        for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
            scope[target.name] = None
        return
    chain = _chain(node, scope) if isinstance(node, nodes.Expr) else None
    if chain is not None:
        if chain != ("", ""):
            found.append(chain)
        return
    for child in node.iter_child_nodes():
        _walk(child, scope, found)
