"""`pjgen packs --check DIR`: a pack's manifest problems, the template tags the
common vocabulary does not have (each with its place in the template), the
manifest's parts missing from the template, a cover title that is not the
manifest's title (which names the output files), and names the template prints
from workbook fields the manifest's [sheets] does not read (always empty then)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.extract import Block, iter_blocks
from generator import schema
from generator.packs import TEMPLATE, read_manifest
from generator.printed import FIELD_NAMES
from generator.problems import PjgenError
from generator.render import template_references
from generator.vocabulary import vocabulary_paths

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
        problems += _unread_fields(pack.selection, [p for p, _ in references], pack.manifest)
        problems += _missing_parts(pack.parts, blocks, pack.manifest)
        problems += _cover_differs(pack.title, blocks, pack.manifest)
    return problems


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


def _reads(selection: schema.Selection, sheet: str, key: str) -> bool:
    """Whether the manifest's [sheets] reads the field ``key`` of ``sheet``."""
    if not selection.uses(sheet):
        return False
    spec = selection.restrict(schema.all_sheet_specs()[sheet])
    fields = spec.fields if isinstance(spec, schema.FormSheet) else spec.columns
    return any(f.key == key for f in fields)


def _unread_fields(selection: schema.Selection, paths: list[str], manifest: Path) -> list[str]:
    """A name the template prints whose workbook fields (generator/printed.py) the manifest
    does not read: the document would always print it empty, without a word from check."""
    problems: list[str] = []
    for path in dict.fromkeys(paths):
        sources = _sources(path)
        if not sources or any(_reads(selection, sheet, key) for sheet, key in sources):
            continue
        fields = "、".join(f"“{sheet}”的“{_label(sheet, key)}”" for sheet, key in sources)
        problems.append(f"{manifest}：模板印出“{path}”，它取自{fields}，但 [sheets] 没有读取：文档中这里将总是空的。"
                        "请在 [sheets] 中加上该项，或从模板中删去这个名称。")
    return problems


def _sources(path: str) -> list[tuple[str, str]]:
    """The fields a printed name comes from: those whose FIELD_NAMES entry is the name itself
    or its closest parent (s10.running.reason comes from 机关运行经费变动原因, not from the
    机关运行经费 that s10.running as a whole needs)."""
    matches = [(len(n), field) for field, names in FIELD_NAMES.items() for n in names
               if path == n or path.startswith((n + ".", n + "[]"))]
    closest = max((length for length, _ in matches), default=0)
    return list(dict.fromkeys(field for length, field in matches if length == closest))


def _label(sheet: str, key: str) -> str:
    spec = schema.all_sheet_specs()[sheet]
    fields = spec.fields if isinstance(spec, schema.FormSheet) else spec.columns
    return next(f.label for f in fields if f.key == key)
