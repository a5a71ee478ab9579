"""A seeded corpus of damaged workbooks made from the worked example (inputs/2023.xlsx).

Every case is made by editing the example's zip parts directly (fast, and able to
write what no spreadsheet program writes): file damage (truncated zip, flipped bytes,
wrong type, XML bombs, missing parts), sheet damage (missing, renamed, reordered,
extra rows and columns, merged cells), cell damage in numeric cells (garbage text,
formulas without values, booleans, dates, error values, negatives, huge and non-finite
numbers, more than two decimals) and hostile text in printed text fields
(& < > " ' {{ }} {% %}, tabs, line breaks, emoji, right-to-left marks, 5,000 characters).

`corpus()` returns the same cases for the same seed. tests/test_fuzz.py runs them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from bad_files import BAD_FILES, number_cell, replace_cell, rewrite_zip, sheet_part
from generator import schema
from generator.schema import FormSheet, Kind, ListSheet, OfficialTable, TableShape
from generator.workbook import read_workbook

SEED = 20230101
WORKBOOK_XML = "xl/workbook.xml"


@dataclass(frozen=True)
class Case:
    id: str
    family: str  # file / sheet / cell / text
    make: Callable[[Path, Path], Path]  # (source .xlsx, folder) → damaged .xlsx in folder
    cell: str | None = None  # "sheet!A1": the damaged cell check must name (None: no such duty)
    hostile: str | None = None  # text the document must print literally when it is built
    unreadable: bool = False  # the file cannot be read at all: one Chinese error, exit 1


# ---------------------------------------------------------------------------
# Zip and XML editing


def text_cell(cell: str, text: str) -> Callable[[bytes], bytes]:
    return lambda s: (f'<c r="{cell}"'.encode() + s + b' t="inlineStr"><is><t xml:space="preserve">'
                      + escape(text).encode() + b"</t></is></c>")


def typed_cell(cell: str, t: str, value: str) -> Callable[[bytes], bytes]:
    return lambda s: f'<c r="{cell}"'.encode() + s + f' t="{t}"><v>{value}</v></c>'.encode()


def formula_cell(cell: str, formula: str) -> Callable[[bytes], bytes]:
    return lambda s: f'<c r="{cell}"'.encode() + s + f"><f>{escape(formula)}</f></c>".encode()


def edit_part(part: str, change: Callable[[bytes], bytes]) -> Callable[[Path, Path], Path]:
    def make(src: Path, folder: Path) -> Path:
        dst = folder / "fuzz.xlsx"
        rewrite_zip(src, dst, lambda name, data: change(data) if name == part else data)
        return dst

    return make


def edit_parts(change: Callable[[str, bytes], bytes | None]) -> Callable[[Path, Path], Path]:
    def make(src: Path, folder: Path) -> Path:
        dst = folder / "fuzz.xlsx"
        rewrite_zip(src, dst, change)
        return dst

    return make


def write_bytes(data: Callable[[bytes], bytes], name: str = "fuzz.xlsx") -> Callable[[Path, Path], Path]:
    def make(src: Path, folder: Path) -> Path:
        dst = folder / name
        dst.write_bytes(data(src.read_bytes()))
        return dst

    return make


# ---------------------------------------------------------------------------
# What the example holds


@dataclass(frozen=True)
class Target:
    sheet: str
    cell: str
    value: object
    kind: Kind = Kind.TEXT


def numeric_targets(src: Path) -> list[Target]:
    """Cells of the example holding a number that the loader reads as one."""
    book = read_workbook(src)
    out = []
    for name, sheet in book.sheets.items():
        if name == schema.README_SHEET:
            continue
        for (r, c), v in sorted(sheet.values.items()):
            kind = _number_kind(name, r, c)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and kind is not None:
                out.append(Target(name, f"{get_column_letter(c)}{r}", v, kind))
    return out


def _number_kind(sheet: str, row: int, col: int) -> Kind | None:
    """The kind of number the loader reads at a cell; None where it reads none."""
    spec = schema.all_sheet_specs()[sheet]
    if isinstance(spec, FormSheet):
        kinds = [f.kind for f in spec.fields if f.kind.numeric and spec.row_of(f.key) == row]
        return kinds[0] if col == 2 and kinds else None
    if isinstance(spec, ListSheet):
        f = spec.columns[col - 1] if col <= len(spec.columns) else None
        return f.kind if row > spec.header_row and f is not None and f.kind.numeric else None
    if row < spec.first_row:
        return None
    if spec.shape is TableShape.CODED:
        return Kind.MONEY if col >= 3 else None
    if spec.shape is TableShape.TWO_PANEL:
        return Kind.MONEY if col == 3 or col >= 6 else None
    if spec.shape is TableShape.ECONOMIC:
        return Kind.MONEY if col in (3, 6, 9) else None
    return Kind.MONEY


# Text fields left out: keys that other sheets refer to (a changed 项目序号 is reported
# where it is referred to), and the 科目名称 of 一般公共预算支出上年对比, which the
# document prints only for a 科目 that 公开05表 lacks (otherwise 公开05表's name).
_KEYS = {("绩效自评项目", "no"), ("绩效自评指标", "no"), ("一般公共预算支出上年对比", "code"),
         ("一般公共预算支出上年对比", "name")}


def text_targets(src: Path) -> list[Target]:
    """Printed text cells of the example: form values, list text columns, 科目名称."""
    book = read_workbook(src)
    out = []
    for name, sheet in book.sheets.items():
        spec = schema.all_sheet_specs().get(name)
        for (r, c), v in sorted(sheet.values.items()):
            if not isinstance(v, str) or not v.strip():
                continue
            if isinstance(spec, FormSheet):
                ok = c == 2 and any(f.kind is Kind.TEXT and spec.row_of(f.key) == r for f in spec.fields)
            elif isinstance(spec, ListSheet):
                f = spec.columns[c - 1] if c <= len(spec.columns) else None
                ok = r > spec.header_row and f is not None and f.kind is Kind.TEXT and (name, f.key) not in _KEYS
            elif isinstance(spec, OfficialTable):
                ok = spec.shape is TableShape.CODED and r >= spec.first_row and c == 2
            else:
                ok = False
            if ok:
                out.append(Target(name, f"{get_column_letter(c)}{r}", v))
    return out


# ---------------------------------------------------------------------------
# Damage


HOSTILE = [
    "R&D <研发> \"引号\" '单引号'",
    "{{ unit_name }}",
    "{% if true %}注入{% endif %}",
    "{%p if x %}",
    "}}{{",
    "制表\t符",
    "第一行\n第二行",
    "表情😀🇨🇳👍",
    "\u202e右到左\u202c\u200f",
    "&amp; &lt; &#x41;",
    "<w:t>xml</w:t>",
    "\\n \\t \\\\",
    "]]><![CDATA[",
]


def _long_text(rng: random.Random) -> str:
    alphabet = "经费支出万元预算决算&<>\"'{}% \t😀"
    return "".join(rng.choice(alphabet) for _ in range(4999)) + "尾"


def _numeric_damage(rng: random.Random, t: Target) -> tuple[str, Callable[[bytes], bytes], bool]:
    """(label, new cell, whether check must name the cell)."""
    cell = t.cell
    kind = rng.choice(["garbage", "formula", "bool", "date", "error", "negative", "huge", "overflow",
                       "nan-text", "inf-raw", "decimals", "dash", "grouped", "fullwidth"])
    if kind == "garbage":
        text = rng.choice(["abc", "约100", "12,5", "1.2.3", "N/A", "十二", "(1,234.00)", "12%", "1e5", "#REF!"])
        return f"garbage {text}", text_cell(cell, text), True
    if kind == "formula":
        return "formula without value", formula_cell(cell, rng.choice(["SUM(C5:C9)", "C7*2", "1/0", 'A1&"x"'])), True
    if kind == "bool":
        return "boolean", typed_cell(cell, "b", rng.choice(["0", "1"])), True
    if kind == "date":
        return "date", typed_cell(cell, "d", "2023-12-31T00:00:00"), True
    if kind == "error":
        return "error value", typed_cell(cell, "e", rng.choice(["#DIV/0!", "#VALUE!", "#N/A"])), True
    if kind == "negative":
        return "negative", number_cell(cell, f"-{rng.randint(1, 99999)}.{rng.randint(10, 99)}"), True
    if kind == "huge":
        text = rng.choice(["1" * 30, "9" * 16, "1E+300", "123456789012345678"])
        return f"huge {text}", number_cell(cell, text), True
    if kind == "overflow":
        text = rng.choice(["1e400", "-1e400", "1E309"])
        return f"overflow {text}", number_cell(cell, text), True
    if kind == "nan-text":
        text = rng.choice(["nan", "inf", "-inf", "NaN", "Infinity"])
        return f"non-finite text {text}", text_cell(cell, text), True
    if kind == "inf-raw":
        text = rng.choice(["inf", "nan", "NaN.0"])
        return f"non-finite raw {text}", number_cell(cell, text), True
    if kind == "decimals":
        # an amount has two decimals (warning at the cell); a score or weight may have more
        text = f"{rng.randint(0, 999)}.{rng.randint(100, 999)}"
        return "three decimals", number_cell(cell, text), t.kind is Kind.MONEY
    if kind == "dash":
        return "dash", text_cell(cell, rng.choice(["—", "-", "－", "/"])), False  # a valid zero
    if kind == "grouped":
        text = f"{rng.randint(1, 999)},{rng.randint(100, 999)}.{rng.randint(10, 99)}"
        return f"grouped {text}", text_cell(cell, text), False  # a valid number
    text = "１２３．４５"
    return "full-width", text_cell(cell, text), False


def _workbook_sheets(data: bytes) -> list[bytes]:
    return re.findall(rb"<sheet [^>]*/>", data)


def _sheet_damage(rng: random.Random, n: int) -> tuple[str, Callable[[Path, Path], Path]]:
    names = [s for s in schema.SHEET_ORDER if s != schema.README_SHEET]
    name = rng.choice(names)
    kind = n % 7
    if kind == 0:
        def drop(data: bytes) -> bytes:
            return re.sub(rb'<sheet name="' + re.escape(name.encode()) + rb'"[^>]*/>', b"", data)
        return f"missing sheet {name}", edit_part(WORKBOOK_XML, drop)
    if kind == 1:
        new = rng.choice([name + "1", name[:-1], " " + name + " ", name.replace("表", "单"), "Sheet" + str(n)])

        def rename(data: bytes) -> bytes:
            return data.replace(b'name="' + name.encode() + b'"', b'name="' + escape(new).encode() + b'"', 1)
        return f"renamed sheet {name} → {new}", edit_part(WORKBOOK_XML, rename)
    if kind == 2:
        seed = rng.random()

        def reorder(data: bytes) -> bytes:
            sheets = _workbook_sheets(data)
            shuffled = sheets[:]
            random.Random(seed).shuffle(shuffled)
            it = iter(shuffled)
            return re.sub(rb"<sheet [^>]*/>", lambda m: next(it), data)
        return "reordered sheets", edit_part(WORKBOOK_XML, reorder)
    part = sheet_part(name)
    junk = [rng.choice(["备注", "合计", "=SUM(A1)", "123.45", "-7", "注：本表为空", "栏次", "2013201", "😀"])
            for _ in range(4)]
    if kind == 3:
        def extra_rows(data: bytes) -> bytes:
            rows = [int(r) for r in re.findall(rb'<row r="(\d+)"', data)] or [0]
            at = max(rows) + 1
            new = "".join(
                f'<row r="{at + k}">'
                + "".join(f'<c r="{get_column_letter(i + 1)}{at + k}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                          for i, v in enumerate(junk[k:] + junk[:k]))
                + "</row>"
                for k in range(2))
            if b"<sheetData/>" in data:
                return data.replace(b"<sheetData/>", b"<sheetData>" + new.encode() + b"</sheetData>")
            return data.replace(b"</sheetData>", new.encode() + b"</sheetData>")
        return f"extra rows in {name}", edit_part(part, extra_rows)
    if kind == 4:
        def extra_columns(data: bytes) -> bytes:
            def add(m: re.Match) -> bytes:
                r = int(m.group(1))
                return m.group(0)[:-6] + (f'<c r="Z{r}" t="inlineStr"><is><t>{escape(junk[r % 4])}</t></is></c>'
                                          f'<c r="AA{r}"><v>{r}.5</v></c></row>').encode()
            return re.sub(rb'<row r="(\d+)"[^>]*>.*?</row>', add, data, flags=re.S)
        return f"extra columns in {name}", edit_part(part, extra_columns)
    if kind == 5:
        row, col = rng.randint(1, 12), rng.randint(1, 4)

        def merge(data: bytes) -> bytes:
            # as Excel stores a merge: the top-left cell keeps its value, the others are emptied
            for c in range(col + 1, col + 3):
                data = re.sub(rb'<c r="' + f"{get_column_letter(c)}{row}".encode() + rb'"[^>]*?(?:/>|>.*?</c>)', b"", data,
                              count=1, flags=re.S)
            ref = f"{get_column_letter(col)}{row}:{get_column_letter(col + 2)}{row}".encode()
            if b"<mergeCells" in data:
                return data.replace(b"</mergeCells>", b'<mergeCell ref="' + ref + b'"/></mergeCells>')
            return data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="' + ref
                                + b'"/></mergeCells>')
        return f"merged cells in {name} row {row}", edit_part(part, merge)
    # kind 6: the header row (or the first rows) deleted

    def drop_header(data: bytes) -> bytes:
        return re.sub(rb'<row r="[1-4]"[^>]*>.*?</row>', b"", data, flags=re.S)
    return f"header rows deleted in {name}", edit_part(part, drop_header)


# Parts a workbook can do without (openpyxl falls back to defaults).
OPTIONAL_PARTS = {"xl/styles.xml", "docProps/core.xml"}


def _file_damage(rng: random.Random, n: int) -> tuple[str, Callable[[Path, Path], Path]]:
    kind = n % 9
    if kind == 0:
        cut = rng.uniform(0.05, 0.98)
        return f"truncated at {cut:.0%}", write_bytes(lambda d: d[: int(len(d) * cut)])
    if kind == 1:
        seed = rng.random()

        def flip(d: bytes) -> bytes:
            r = random.Random(seed)
            b = bytearray(d)
            for _ in range(r.randint(1, 20)):
                i = r.randrange(len(b))
                b[i] ^= 1 << r.randrange(8)
            return bytes(b)
        return "flipped bits", write_bytes(flip)
    if kind == 2:
        member = rng.choice(["xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                             sheet_part(rng.choice(schema.SHEET_ORDER[1:])), "docProps/core.xml"])
        return f"missing part {member}", edit_parts(lambda name, data: None if name == member else data)
    if kind == 3:
        magic = rng.choice([b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x00" * 8, b"\xef\xbb\xbf<html>",
                            "科目编码,合计\n".encode("gbk")])
        return f"wrong type {magic[:6]!r}", write_bytes(lambda d: magic + bytes(random.Random(n).randbytes(2000)))
    if kind == 4:
        part = sheet_part(rng.choice(schema.SHEET_ORDER[1:]))
        depth = rng.randint(3, 9)
        ents = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, depth))
        bomb = ('<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">' + ents + "]>"
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                f'<row r="1"><c r="A1" t="inlineStr"><is><t>&l{depth - 1};</t></is></c></row></sheetData>'
                "</worksheet>").encode()
        return f"XML bomb depth {depth} in {part}", edit_parts(lambda name, data: bomb if name == part else data)
    if kind == 5:
        part = sheet_part(rng.choice(schema.SHEET_ORDER[1:]))
        xxe = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
               b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')
        return f"external entity in {part}", edit_parts(lambda name, data: xxe if name == part else data)
    if kind == 6:
        part = sheet_part(rng.choice(schema.SHEET_ORDER[1:]))
        return f"garbage XML in {part}", edit_parts(lambda name, data: b"<<not xml" if name == part else data)
    if kind == 7:
        return "empty zip", write_bytes(lambda d: b"PK\x05\x06" + b"\x00" * 18)
    factory_name = sorted(BAD_FILES)[n % len(BAD_FILES)]
    factory = BAD_FILES[factory_name][0]

    def from_factory(src: Path, folder: Path) -> Path:
        return factory(folder)
    return f"bad file {factory_name}", from_factory


# ---------------------------------------------------------------------------
# The corpus

COUNTS = {"file": 40, "sheet": 70, "cell": 150, "text": 60}


def corpus(src: Path, seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    for n in range(COUNTS["file"]):
        label, make = _file_damage(rng, n)
        readable = label.startswith("flipped bits") or any(label.endswith(p) for p in OPTIONAL_PARTS)
        cases.append(Case(f"file-{n:03d} {label}", "file", make, unreadable=not readable))
    for n in range(COUNTS["sheet"]):
        label, make = _sheet_damage(rng, n)
        cases.append(Case(f"sheet-{n:03d} {label}", "sheet", make))
    numbers = numeric_targets(src)
    for n in range(COUNTS["cell"]):
        t = rng.choice(numbers)
        label, body, named = _numeric_damage(rng, t)
        cases.append(Case(f"cell-{n:03d} {t.sheet}!{t.cell} {label}", "cell",
                          edit_part(sheet_part(t.sheet), lambda d, c=t.cell, b=body: replace_cell(d, c, b)),
                          cell=f"{t.sheet}!{t.cell}" if named else None))
    texts = text_targets(src)
    for n in range(COUNTS["text"]):
        t = rng.choice(texts)
        hostile = HOSTILE[n % len(HOSTILE)] if n % 6 else _long_text(rng)
        value = str(t.value) + hostile
        cases.append(Case(f"text-{n:03d} {t.sheet}!{t.cell} {hostile[:20]!r}", "text",
                          edit_part(sheet_part(t.sheet),
                                    lambda d, c=t.cell, v=value: replace_cell(d, c, text_cell(c, v))),
                          cell=f"{t.sheet}!{t.cell}", hostile=value))
    return cases
