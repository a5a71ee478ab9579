"""Template packs: one province's (and year's) layout as data.

A pack is a folder holding ``template.docx`` (all fixed wording; the file people
edit in Word) and ``pack.toml`` (name, region, year, one-line description, the
document title (also the output file name), the order of the document's parts,
the workbook sheets and fields it needs, and its [wording] parameters). Every
pack sees the same template context; packs differ in template and manifest only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from importlib.resources import files
from pathlib import Path
from typing import Any, Mapping

from generator import schema
from generator.narrative import BASIS, BUDGET_BASES, DEFAULT_WORDING, SHARE_RULES, TABLE_ZERO, Wording
from generator.places import user_packs_dir
from generator.problems import PjgenError
from generator.schema import ListSheet, OfficialTable, Selection
from generator.title import DEFAULT_TITLE, TITLE_NAMES, TITLE_TAG


def _shipped_packs() -> Path:
    """The shipped packs: the repository's templates/ folder, installed as the package
    generator.builtin_packs (pyproject.toml maps it) — a real folder, installed or editable.
    A checkout used without installing (PYTHONPATH) reads templates/ directly."""
    try:
        return Path(str(files("generator.builtin_packs")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"


PACKS_DIR = _shipped_packs()
DEFAULT_PACK = "xinjiang-2023"  # a workbook that records no pack (made before packs existed)
MANIFEST = "pack.toml"
TEMPLATE = "template.docx"
ALL_FIELDS = "全部"  # [sheets] value: the sheet is used whole
SEVERITIES = ("错误", "警告", "不检查")  # [wording] missing_reason

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOP_KEYS = ("id", "name", "region", "year", "version", "description", "title", "parts", "sheets", "wording",
             "carry")
DEFAULT_VERSION = "1.0"  # a pack.toml without "version"
MANIFEST_BYTES = 256 * 1024  # a pack.toml larger than this is not read (the shipped ones are about 5 KB)
_VERSION = re.compile(r"\d+(?:\.\d+){0,2}")
META_PACK_VERSION = "pack_version"  # keys of the workbook's hidden _pjgen sheet
META_PJGEN_VERSION = "pjgen_version"
_CARRY_KEYS = ("warn_unreviewed",)  # [carry]: check warns about carried texts still as last year's


class PackNotFound(PjgenError):
    pass


class PackInvalid(PjgenError):
    pass


@dataclass(frozen=True)
class Pack:
    id: str
    name: str  # Chinese, e.g. 新疆（昌吉州）2023年度部门决算公开说明
    region: str
    year: int
    description: str  # one line, for `pjgen packs`
    folder: Path
    parts: tuple[str, ...]  # the document's parts, in order (headings as in the template)
    selection: Selection
    wording: Wording = DEFAULT_WORDING
    warn_unreviewed: bool = False  # [carry] warn_unreviewed
    title: str = DEFAULT_TITLE  # the document title with {{ name }} tags (TITLE_NAMES); also the file name
    version: str = DEFAULT_VERSION  # "1.0": recorded in the workbooks made with the pack

    @property
    def template(self) -> Path:
        return self.folder / TEMPLATE

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST


# ---------------------------------------------------------------------------
# Reading and checking pack.toml


def read_manifest(folder: Path) -> tuple[Pack | None, list[str]]:
    """The pack in ``folder`` and every problem of its manifest (Chinese, naming file and key).

    The pack is None when there are problems.
    """
    folder = Path(folder)
    path = folder / MANIFEST
    if not folder.is_dir():
        return None, [f"{folder} 不是文件夹。模板包是一个文件夹，内含 {TEMPLATE} 和 {MANIFEST}。"]
    if not path.is_file():
        return None, [f"{folder} 中没有 {MANIFEST}。请从 templates/ 中复制一个模板包的 {MANIFEST} 再修改。"]
    size = path.stat().st_size
    if size > MANIFEST_BYTES:  # a manifest is a page of settings: never read a huge file whole
        return None, [f"{path} 有 {size / 1024 / 1024:,.1f} MB，不像模板包的设置文件（上限 {MANIFEST_BYTES // 1024} KB）。"
                      "请检查是否放错了文件。"]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [f"{path} 不是 UTF-8 编码的文本。请用记事本等编辑器另存为 UTF-8。"]
    except tomllib.TOMLDecodeError as exc:
        return None, [f"{path} 格式有误：{exc}。请对照 docs/packs.md 中的示例修改。"]
    problems: list[str] = []

    def bad(key: str, what: str) -> None:
        problems.append(f"{path}：“{key}” {what}")

    for key in data:
        if key not in _TOP_KEYS:
            bad(key, f"不是模板包的设置项（可用：{'、'.join(_TOP_KEYS)}）。请检查拼写。")
    texts = {}
    for key in ("id", "name", "region", "description"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            bad(key, "缺少或为空：应为一段文字（用英文双引号括起）。")
        elif key == "description" and "\n" in value.strip():
            bad(key, "应只有一行（pjgen packs 的列表中显示）。")
        texts[key] = value.strip() if isinstance(value, str) else ""
    if texts["id"] and not _ID.fullmatch(texts["id"]):
        bad("id", f"为“{texts['id']}”：只能用小写英文字母、数字和连字符，如 shanghai-2024。")
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        bad("year", f"为“{year}”：应为年度数字，如 2024（不加引号）。")
    title = _title(data.get("title", DEFAULT_TITLE), bad)
    version = data.get("version", DEFAULT_VERSION)
    if not isinstance(version, str) or not _VERSION.fullmatch(version.strip()):
        bad("version", f"为“{version}”：应为版本号文字，如 \"1.0\" 或 \"2.1\"（用英文双引号括起）。")
        version = DEFAULT_VERSION
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) and p.strip() for p in parts):
        bad("parts", "应为文档各部分标题的列表，按顺序，如 [\"第一部分 部门概况\", \"第二部分 部门决算表\"]。")
        parts = []
    selection = _selection(data.get("sheets"), bad)
    wording = _wording(data.get("wording", {}), bad)
    carry = data.get("carry", {})
    if not isinstance(carry, dict):
        bad("carry", "应为一节 [carry]。")
        carry = {}
    for key, value in carry.items():
        if key not in _CARRY_KEYS:
            bad(f"carry.{key}", f"不是 [carry] 的设置项（可用：{'、'.join(_CARRY_KEYS)}）。")
        elif not isinstance(value, bool):
            bad(f"carry.{key}", "应为 true 或 false。")
    if not (folder / TEMPLATE).is_file():
        problems.append(f"{folder} 中没有 {TEMPLATE}（模板包的 Word 模板）。")
    if problems:
        return None, problems
    return Pack(texts["id"], texts["name"], texts["region"], int(year), texts["description"], folder,
                tuple(p.strip() for p in parts), selection, wording,
                carry.get("warn_unreviewed") is True, title, version.strip()), []


def version_key(version: str) -> tuple[int, ...] | None:
    """A version compared as numbers: "1.10" → (1, 10, 0); None for text that is not a version number."""
    version = version.strip()
    if not _VERSION.fullmatch(version):
        return None
    numbers = [int(n) for n in version.split(".")]
    return tuple(numbers + [0] * (3 - len(numbers)))


_TITLE_HELP = "、".join(f"{{{{ {n} }}}}" for n in TITLE_NAMES)


def _title(value: Any, bad) -> str:
    """The document title: one line with {{ unit_name }} (each unit its own file name)."""
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        bad("title", f"应为一行文字（用英文双引号括起），如 \"{DEFAULT_TITLE}\"。")
        return DEFAULT_TITLE
    value = value.strip()
    names = TITLE_TAG.findall(value)
    unknown = [n for n in names if n not in TITLE_NAMES]
    if unknown:
        bad("title", f"中的 {'、'.join(f'“{{{{ {n} }}}}”' for n in unknown)} 不是标题可用的名称。"
                     f"可用：{_TITLE_HELP}（单位名称、年度、上一年度）。")
    if "{" in TITLE_TAG.sub("", value) or "}" in TITLE_TAG.sub("", value):
        bad("title", f"为“{value}”：有多余或不成对的花括号。名称写作 {{{{ unit_name }}}} 这样（两对花括号）。")
    if "unit_name" not in names:
        bad("title", f"为“{value}”：应含 {{{{ unit_name }}}}（单位名称），各单位的文件名才不会相同。")
    return value


def _selection(sheets: Any, bad) -> Selection:
    if not isinstance(sheets, dict) or not sheets:
        bad("sheets", f"应为一节 [sheets]，每行“工作表名称 = \"{ALL_FIELDS}\"”或所用项目名称的列表。")
        return schema.FULL_SELECTION
    specs = schema.all_sheet_specs()
    chosen: dict[str, frozenset[str] | None] = {}
    for name, value in sheets.items():
        key = f"sheets.{name}"
        spec = specs.get(name)
        if spec is None:
            bad(key, f"不是工作簿中的工作表。可用：{'、'.join(schema.REQUIRED_SHEETS)}。")
            continue
        if value == ALL_FIELDS:
            chosen[name] = None
            continue
        if isinstance(spec, OfficialTable):
            bad(key, f"公开表只能整张使用：请写 \"{ALL_FIELDS}\"。")
            continue
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            bad(key, f"应为 \"{ALL_FIELDS}\" 或项目名称的列表，如 [\"单位名称\", \"年度\"]。")
            continue
        known = schema.field_labels(spec)
        unknown = [v for v in value if v not in known]
        if unknown:
            bad(key, f"中的 {'、'.join(unknown)} 不是该表的项目。可用：{'、'.join(known)}。")
            continue
        if isinstance(spec, ListSheet):
            needed = [f.label for f in spec.columns if f.required and f.label not in value]
            if needed:
                bad(key, f"缺少必填列 {'、'.join(needed)}：列表类工作表的必填列不能省略。")
                continue
        chosen[name] = frozenset(value)
    return Selection(chosen)


_WORDING_CHOICES = {"budget_basis": BUDGET_BASES, "share_balance": SHARE_RULES, "table_zero": TABLE_ZERO, "panel_zero": TABLE_ZERO}


def _wording(table: Any, bad) -> Wording:
    if not isinstance(table, dict):
        bad("wording", "应为一节 [wording]。")
        return DEFAULT_WORDING
    names = {f.name: f for f in fields(Wording)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"wording.{key}"
        if key not in names:
            bad(where, f"不是措辞参数（可用：{'、'.join(names)}）。")
            continue
        default = getattr(DEFAULT_WORDING, key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                bad(where, "应为 true 或 false。")
                continue
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
                bad(where, "应为 0 到 4 的整数。")
                continue
        elif not isinstance(value, str):
            bad(where, "应为一段文字（用英文双引号括起）。")
            continue
        if key == "no_change" and (not value.strip() or re.search(r"\{(?!基数\})", value)):
            bad(where, f"为“{value}”：应为一段文字，可含 {BASIS}（写作“与{BASIS}持平”时，{BASIS} 换成“上年”等）。")
            continue
        if key == "missing_reason" and value not in SEVERITIES:
            bad(where, f"为“{value}”：只能是 {'、'.join(SEVERITIES)}。")
            continue
        choices = _WORDING_CHOICES.get(key)
        if choices and value not in choices:
            bad(where, f"为“{value}”：只能是 {'、'.join(choices)}。")
            continue
        if key == "empty_table_note" and not value.strip():
            bad(where, "不能为空：空表时印在表下的说明，如“本表无数据”。")
            continue
        values[key] = value
    return Wording(**values)


def load_pack(folder: Path) -> Pack:
    """The pack in ``folder``; raises PackInvalid listing every problem of its manifest."""
    pack, problems = read_manifest(Path(folder))
    if pack is None:
        raise PackInvalid("模板包有误：\n" + "\n".join(problems))
    return pack


# ---------------------------------------------------------------------------
# Finding packs


def pack_roots() -> list[Path]:
    """Where packs are looked for by id, in order: the shipped packs, then the installed ones."""
    return [PACKS_DIR, user_packs_dir()]


def available_packs(root: Path = PACKS_DIR) -> list[Pack]:
    """The packs in ``root`` (folders with a pack.toml), by id."""
    packs = [load_pack(d) for d in sorted(Path(root).iterdir()) if (d / MANIFEST).is_file()]
    return sorted(packs, key=lambda p: p.id)


def pack_ids(roots: list[Path]) -> list[str]:
    """The ids of the pack folders in ``roots`` (their manifests not read: a broken one is listed too)."""
    ids: set[str] = set()
    for root in roots:
        try:
            ids |= {d.name for d in root.iterdir() if (d / MANIFEST).is_file()}
        except OSError:  # no such folder yet, or not readable
            continue
    return sorted(ids)


def find_pack(pack_id: str, root: Path | None = None) -> Pack:
    """The pack ``pack_id`` in ``root``, or else among the shipped and then the installed packs."""
    roots = [Path(root)] if root is not None else pack_roots()
    folder = next((r / pack_id for r in roots if _ID.fullmatch(pack_id) and (r / pack_id / MANIFEST).is_file()),
                  None)
    if folder is None:
        ids = "、".join(pack_ids(roots)) or "（无）"
        raise PackNotFound(f"没有名为“{pack_id}”的模板包。可用的模板包：{ids}（pjgen packs 列出全部）。"
                           "自制的模板包请用 --pack-dir 文件夹 指定，或用 pjgen packs --install 文件夹 安装。")
    pack = load_pack(folder)
    if pack.id != pack_id:
        raise PackInvalid(f"{pack.manifest}：“id” 为“{pack.id}”，应与文件夹名称“{pack_id}”相同。")
    return pack


def choose_pack(meta: Mapping[str, str], pack_id: str | None = None, pack_dir: Path | None = None,
                root: Path | None = None) -> Pack:
    """The pack to use for a workbook: --pack-dir, else --pack, else the one the workbook
    records in its _pjgen sheet, else the default (workbooks made before packs).

    A workbook made with a newer version of its recorded pack than the one found here stops
    with a message saying how to get that version (or to choose a pack explicitly)."""
    if pack_dir is not None:
        return load_pack(Path(pack_dir))
    if pack_id:
        return find_pack(pack_id, root)
    recorded = (meta.get("pack") or "").strip()
    if recorded:
        try:
            pack = find_pack(recorded, root)
        except PackNotFound as exc:
            raise PackNotFound(f"工作簿记录的模板包是“{recorded}”，但{exc}") from exc
        _check_version(pack, meta)
        return pack
    return find_pack(DEFAULT_PACK, root)


def workbook_meta(pack: Pack) -> dict[str, str]:
    """What a workbook made for ``pack`` records in its hidden _pjgen sheet."""
    from generator import __version__

    return {"pack": pack.id, META_PACK_VERSION: pack.version, META_PJGEN_VERSION: __version__}


def _check_version(pack: Pack, meta: Mapping[str, str]) -> None:
    made_with = (meta.get(META_PACK_VERSION) or "").strip()
    if not made_with or version_key(made_with) is None or version_key(made_with) <= version_key(pack.version):
        return
    pjgen = (meta.get(META_PJGEN_VERSION) or "").strip()
    by = f"（pjgen {pjgen}）" if pjgen else ""
    raise PackInvalid(
        f"这个工作簿由模板包 {pack.id} 的 {made_with} 版生成{by}，本机的 {pack.id} 是较旧的 {pack.version} 版"
        f"（{pack.folder}），可能不认识工作簿中新增的内容。请升级 pjgen（如 pipx upgrade pjgen），"
        f"或用 pjgen packs --install 安装新版模板包；确认旧版可用时，可用 --pack {pack.id} 明确指定。"
    )
