"""`pjgen packs --check DIR`: a pack's manifest problems, the template tags the
common vocabulary does not have (each with its place in the template), the
manifest's parts missing from the template, a cover title that is not the
manifest's title (which names the output files), and the template's names and
the manifest's [sheets] that do not fit together (a printed name whose fields the
pack does not read, a field read that nothing prints)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from generator.extract import Block, iter_blocks
from generator.packs import TEMPLATE, Pack, read_manifest
from generator.problems import PjgenError, Problem, warning
from generator.render import template_references
from generator.vocabulary import vocabulary_paths
from generator.vocabulary_fields import unprinted_fields, unread_fields

AROUND = 15  # characters of text shown on each side of a tag


def check_pack(folder: Path) -> list[str]:
    """Every problem found in the pack folder, as Chinese sentences (empty: none)."""
    folder = Path(folder)
    pack, problems = read_manifest(folder)
    template = folder / TEMPLATE
    if not template.is_file():
        return problems
    try:
        references = template_references(template)
    except PjgenError as exc:
        return problems + [str(exc)]
    blocks = list(iter_blocks(template.read_bytes()))
    known = vocabulary_paths()
    reported: set[str] = set()
    for path, written in references:
        if path in known or written in reported:
            continue
        reported.add(written)
        problems.append(_unknown_tag(path, written, blocks, known))
    if pack is not None:
        problems += _missing_parts(pack.parts, blocks, pack.manifest)
        problems += _cover_differs(pack.title, blocks, pack.manifest)
        problems += field_links(pack, references, blocks)
    return problems


def field_links(pack: Pack, references: list[tuple[str, str]], blocks: list[Block] | None = None) -> list[str]:
    """The template's names against the pack's [sheets]: a printed name whose fields the pack
    does not read (the document silently loses them), a field listed that nothing prints."""
    out = []
    for written, sheet, label in unread_fields(pack.selection, references):
        places = _places(written, blocks) if blocks else []
        where = f"（位置：{places[0]}）" if places else ""
        out.append(f"模板中的“{written}”{where}要用工作表“{sheet}”的“{label}”，但 {pack.manifest} 的 [sheets] "
                   f"没有列出它：生成的文档会缺少这部分内容。请在 [sheets] 的“{sheet}”中加上“{label}”，"
                   f"或从模板中删去“{written}”。")
    for sheet, label in unprinted_fields(pack.selection, references):
        out.append(f"{pack.manifest} 的 [sheets] 列出了工作表“{sheet}”的“{label}”，但模板中没有名称用到它："
                   f"工作簿要求填写，文档却不印出。请从 [sheets] 中删去“{label}”，或在模板中用上它"
                   f"（可用的名称见 docs/template-context.md）。")
    return out


_LINKS: dict[tuple[str, int, str], list[str]] = {}
_XML_TAG = re.compile(r"<[^>]+>")
_JINJA_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_DOTTED = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_FOR = re.compile(r"\bfor\s+([A-Za-z_]\w*)\s+in\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


def written_names(template: Path) -> list[tuple[str, str]]:
    """The names (dotted or not) written in the template's tags, as (path, written) pairs: what
    ``template_references`` finds, without parsing the template (a zip read and a scan, fast
    enough for every build). A loop's variable stands for the items of the list it iterates
    (``{%p for i in s5.details %}`` … ``{{ i.reason }}``: ``s5.details[].reason``) from its
    ``for`` tag on, in document order."""
    from generator.docx_guard import check_template

    check_template(template)  # within bounds before any part is read
    found: dict[str, str] = {}
    with zipfile.ZipFile(template) as docx:
        for name in docx.namelist():
            if name.startswith("word/") and name.endswith(".xml") and \
                    name.split("/")[-1].startswith(("document", "header", "footer")):
                text = _XML_TAG.sub("", docx.read(name).decode("utf-8"))
                items: dict[str, str] = {}  # loop variable → the path of its list's items
                for match in _JINJA_TAG.finditer(text):
                    tag = match.group(1) or match.group(2)
                    loop = _FOR.search(tag)
                    for dotted in _DOTTED.findall(tag):
                        if loop is None or dotted != loop.group(1):  # the variable is no name of its own
                            found.setdefault(_resolved(dotted, items), dotted)
                    if loop:
                        items[loop.group(1)] = _resolved(loop.group(2), items) + "[]"
    return [(path, written) for path, written in found.items()]


def _resolved(dotted: str, items: dict[str, str]) -> str:
    head, dot, rest = dotted.partition(".")
    return items[head] + dot + rest if head in items else dotted


def field_link_warnings(pack: Pack, template: Path | None = None) -> list[Problem]:
    """``field_links`` of the template a build uses (the pack's, or ``template``), as
    warnings (``pack-fields``); once per template file and pack in a process."""
    template = Path(template or pack.template)
    try:
        key = (str(template.resolve()), template.stat().st_mtime_ns, str(pack.manifest))
        if key not in _LINKS:
            _LINKS[key] = field_links(pack, written_names(template))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):  # an unreadable template is the render's to report
        return []
    return [warning("pack-fields", message) for message in _LINKS[key]]


COVER_STYLES = ("Title", "标题")


def _cover_differs(title: str, blocks: list[Block], manifest: Path) -> list[str]:
    """The cover (the Title paragraphs before the first heading, read together) should say the
    manifest's title, or print it with {{ title }}: the file name and the cover then agree."""
    cover = []
    for b in blocks:
        if b.kind != "p" or b.style.startswith(("Heading", "标题 ")):
            break
        if b.style in COVER_STYLES and b.text.strip():
            cover.append(b.text)
    text = re.sub(r"\s+", "", "".join(cover))
    if not cover or text == re.sub(r"\s+", "", title) or "{{title}}" in text:
        return []
    shown = " / ".join(t.strip() for t in cover)
    return [f"{manifest}：“title” 为“{title}”，模板封面的标题却是“{shown}”。输出文件名和文档属性用 title，"
            f"请把两者改成一致（或在封面写 {{{{ title }}}}）。"]


def _unknown_tag(path: str, written: str, blocks: list[Block], known: dict[str, str]) -> str:
    parent = path.rsplit(".", 1)[0] if "." in path else ""
    siblings = sorted({p[len(parent) + 1:] for p in known if parent and p.startswith(parent + ".")
                       and not re.search(r"[.\[]", p[len(parent) + 1:])})
    hint = f"“{parent}”下可用：{'、'.join(siblings)}。" if siblings else "可用的名称见 docs/template-context.md。"
    places = _places(written, blocks)
    where = "；".join(places[:3]) + (f" 等 {len(places)} 处" if len(places) > 3 else "") if places else "位置未找到"
    return f"模板中的“{written}”（{path}）不在模板可用的名称中。{hint}位置：{where}。"


def _places(written: str, blocks: list[Block]) -> list[str]:
    pattern = re.compile(r"(?<![\w.])" + re.escape(written).replace(r"\[", r"\s*\[") + r"(?![\w])")
    places = []
    part = ""
    paragraph = 0
    for b in blocks:
        if b.kind == "p":
            paragraph += 1
            if b.style.startswith(("Heading", "标题")) and b.text.strip():
                part = b.text.strip()
        m = pattern.search(b.text)
        if m is None:
            continue
        before = b.text[max(0, m.start() - AROUND):m.start()]
        after = b.text[m.end():m.end() + AROUND]
        snippet = f"“…{before}{m.group(0)}{after}…”"
        if b.kind == "p":
            places.append(f"{part or '文档开头'} 之后第 {paragraph} 段 {snippet}")
        else:
            places.append(f"第 {b.table + 1} 个表格第 {b.row + 1} 行第 {b.col + 1} 格 {snippet}")
    return places


def _missing_parts(parts: tuple[str, ...], blocks: list[Block], manifest: Path) -> list[str]:
    """Parts of the manifest that are not a paragraph of the template, or are out of order."""
    texts = [re.sub(r"\s+", " ", b.text.strip()) for b in blocks if b.kind == "p"]
    problems, last = [], -1
    for part in parts:
        wanted = re.sub(r"\s+", " ", part.strip())
        at = next((i for i, t in enumerate(texts) if t == wanted), None)
        if at is None:
            problems.append(f"{manifest}：“parts” 中的“{part}”在模板中找不到（应与模板中该部分的标题完全相同）。")
        elif at < last:
            problems.append(f"{manifest}：“parts” 中的“{part}”在模板中的位置与列表顺序不符。")
        else:
            last = at
    return problems
