"""Decompression and row bombs, built from the worked example in a temporary folder.

Each case is the worked example with one part replaced or added, written at test time
(nothing big is committed). ``CASES`` maps a name to (builder, expected): ``expected`` is
either ``READ`` (the file must be read, within the limits, with the worked example's own
findings) or the phrase of the Chinese refusal.

Used by tests/test_bombs.py (every case under ``pjgen check``, ``build`` and ``import``)
and benchmarks/bench_bombs.py (peak memory and time per case).
"""

from __future__ import annotations

import random
import re
import resource
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023.xlsx"
READ = "READ"

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + _NS + b">"
_R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MB = 1024 * 1024


def sheet_member(name: str, source: Path = EXAMPLE) -> str:
    from generator.xlsx_scan import sheet_parts

    with zipfile.ZipFile(source) as zf:
        return dict(sheet_parts(zf))[name]


def rebuild(dst: Path, parts: dict[str, bytes | Callable[[], Iterable[bytes]]],
            source: Path = EXAMPLE, level: int = 6) -> Path:
    """Copy ``source`` to ``dst``, replacing or adding members: bytes, or a function
    giving chunks (streamed, for parts of hundreds of megabytes)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        names = zin.namelist()
        for name in names + [n for n in parts if n not in names]:
            content = parts.get(name)
            if content is None:
                zout.writestr(name, zin.read(name))
            elif isinstance(content, bytes):
                zout.writestr(name, content)
            else:
                with zout.open(name, "w", force_zip64=True) as fh:
                    for chunk in content():
                        fh.write(chunk)
    return dst


def _sheet_xml(name: str) -> bytes:
    with zipfile.ZipFile(EXAMPLE) as zf:
        return zf.read(sheet_member(name))


def _repeat(block: bytes, total: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        piece = block * max(1, MB // len(block))
        left = total
        while left > 0:
            yield piece[:left]
            left -= len(piece)
    return chunks


def _wrapped(middle: Callable[[], Iterable[bytes]], head: bytes = _HEAD + b"<sheetData>",
             tail: bytes = b"</sheetData></worksheet>") -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield head
        yield from middle()
        yield tail
    return chunks


# ---------------------------------------------------------------------------
# The cases


def spaces(tmp: Path) -> Path:
    """A worksheet that inflates to 300 MB of spaces (the issue's 1.1 GB, smaller)."""
    part = sheet_member("单位信息")
    return rebuild(tmp / "spaces.xlsx", {part: _wrapped(_repeat(b" ", 300 * MB))}, level=1)


def spaces_ratio(tmp: Path) -> Path:
    """20 MB of spaces between two rows: within the size limits, not within the ratio."""
    part = sheet_member("单位信息")
    return rebuild(tmp / "spaces-ratio.xlsx", {part: _wrapped(_repeat(b" ", 20 * MB))})


def row_elements(tmp: Path) -> Path:
    """A worksheet of 150 MB of empty <row/> elements."""
    part = sheet_member("收入决算表")
    return rebuild(tmp / "rows.xlsx", {part: _wrapped(_repeat(b"<row/>", 150 * MB))}, level=1)


def append_rows(name: str, rows: Callable[[int], Iterable[bytes]], dimension: bytes | None = None
                ) -> Callable[[], Iterator[bytes]]:
    """The worked example's sheet ``name`` with rows(first free row number) added after its
    data; ``dimension`` replaces its <dimension> range (b"" removes the tag)."""
    xml = _sheet_xml(name)
    end = xml.index(b"</sheetData>")
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', xml[:end]))
    head, tail = xml[:end], xml[end:]
    if dimension:
        head = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension + b'"/>', head)
    elif dimension == b"":
        head = re.sub(rb'<dimension ref="[^"]*"/>', b"", head)

    def chunks() -> Iterator[bytes]:
        yield head
        yield from rows(last + 1)
        yield tail
    return chunks


def _batched(lines: Iterator[bytes]) -> Iterator[bytes]:
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        if len(batch) == 20_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


def _styled_empty_rows(first: int, last: int = 1_048_576) -> Iterator[bytes]:
    return _batched(b'<row r="%d" spans="1:9" s="1" customFormat="1"><c r="A%d" s="1"/><c r="I%d" s="1"/></row>'
                    % (r, r, r) for r in range(first, last + 1))


def empty_rows(tmp: Path) -> Path:
    """Formatted empty rows down to row 1,048,576 after the data, as Excel writes them (~110 MB)."""
    name = "收入决算表"
    return rebuild(tmp / "empty-rows.xlsx", {sheet_member(name): append_rows(name, _styled_empty_rows, b"A1:I1048576")})


def one_cell_rows(tmp: Path) -> Path:
    """1,048,576 rows of one number each, after the data of a list sheet."""
    name = "绩效自评指标"

    def rows(first: int) -> Iterator[bytes]:
        return _batched(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(first, 1_048_577))
    return rebuild(tmp / "one-cell-rows.xlsx", {sheet_member(name): append_rows(name, rows, b"A1:K1048576")})


def deep_nesting(tmp: Path) -> Path:
    """A cell nesting 100,000 elements, with random names so that it compresses no better
    than ordinary XML (a compression ratio alone does not refuse it)."""
    name = "单位信息"
    rng = random.Random(17)
    tags = [b"x%08x" % rng.getrandbits(32) for _ in range(100_000)]

    def rows(first: int) -> Iterator[bytes]:
        yield b'<row r="%d"><c r="A%d" t="inlineStr"><is>' % (first, first)
        yield b"".join(b"<" + t + b">" for t in tags)
        yield b"<t>x</t>"
        yield b"".join(b"</" + t + b">" for t in reversed(tags))
        yield b"</is></c></row>"
    return rebuild(tmp / "deep-nesting.xlsx", {sheet_member(name): append_rows(name, rows, b"A1:C100")})


def _shared_strings(count: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ' + _NS
               + b' count="%d" uniqueCount="%d">' % (count, count))
        yield from _batched(b"<si><t>%064d</t></si>" % i for i in range(count))
        yield b"</sst>"
    return chunks


def with_shared_strings(tmp: Path, file: str, count: int) -> Path:
    """The example (which keeps its strings inline) with a shared strings table added;
    no cell refers to it, so only its size matters."""
    with zipfile.ZipFile(EXAMPLE) as zf:
        if "xl/sharedStrings.xml" in zf.namelist():
            return rebuild(tmp / file, {"xl/sharedStrings.xml": _shared_strings(count)})
        types = zf.read("[Content_Types].xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    types = types.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                          b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                        b"</Relationships>")
    return rebuild(tmp / file, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
                                "xl/sharedStrings.xml": _shared_strings(count)})


def shared_strings_huge(tmp: Path) -> Path:
    """A shared strings table of 1,000,000 unique strings (~80 MB)."""
    return with_shared_strings(tmp, "shared-strings-huge.xlsx", 1_000_000)


def shared_strings_large(tmp: Path) -> Path:
    """40,000 unique strings (~3 MB): under the limit, read."""
    return with_shared_strings(tmp, "shared-strings-large.xlsx", 40_000)


def many_sheets(tmp: Path) -> Path:
    """5,000 sheets (all pointing to one small worksheet part)."""
    with zipfile.ZipFile(EXAMPLE) as zf:
        workbook, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
    part = sheet_member("单位信息")
    target = part.split("xl/", 1)[1]
    sheets = b"".join(b'<sheet xmlns:r="%s" name="S%d" sheetId="%d" r:id="rIdB%d"/>' % (_R, i, 1000 + i, i)
                      for i in range(5000))
    rel = b"".join(b'<Relationship Id="rIdB%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   b'relationships/worksheet" Target="%s"/>' % (i, target.encode()) for i in range(5000))
    return rebuild(tmp / "many-sheets.xlsx", {"xl/workbook.xml": workbook.replace(b"</sheets>", sheets + b"</sheets>"),
                                              "xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>",
                                                                                         rel + b"</Relationships>")})


def lying_header(tmp: Path) -> Path:
    """A worksheet whose zip directory declares 2 KB but which inflates to ~110 MB."""
    name = "收入决算表"
    part = sheet_member(name)
    path = rebuild(tmp / "lying-header.xlsx", {part: append_rows(name, _styled_empty_rows, b"A1:I1048576")})
    data = bytearray(path.read_bytes())
    encoded = part.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_at = 30 if signature == b"PK\x03\x04" else 46
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(data[start + name_at:start + name_at + length]) == encoded:
                struct.pack_into("<I", data, start + size_at, 2048)
            start += 4
    path.write_bytes(bytes(data))
    return path


def far_column(tmp: Path) -> Path:
    """A value in column XFD (16,384) of a list sheet."""
    name = "主要职能"

    def rows(first: int) -> Iterator[bytes]:
        yield b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (first, first)
    return rebuild(tmp / "far-column.xlsx", {sheet_member(name): append_rows(name, rows, b"A1:XFD100")})


def styled_wide(tmp: Path) -> Path:
    """10 rows of formatted empty cells out to column XFD, after the data."""
    name = "收入决算表"
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c).encode() for c in range(1, 16385)]

    def rows(first: int) -> Iterator[bytes]:
        for r in range(first, first + 10):
            yield b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (col, r) for col in letters) + b"</row>"
    return rebuild(tmp / "styled-wide.xlsx", {sheet_member(name): append_rows(name, rows, b"A1:XFD100")})


def many_cells(tmp: Path) -> Path:
    """An extra sheet of 10,000 rows of 60 numbers each: 600,000 cells."""
    with zipfile.ZipFile(EXAMPLE) as zf:
        workbook, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
        types = zf.read("[Content_Types].xml")
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c).encode() for c in range(1, 61)]

    def rows() -> Iterator[bytes]:
        for r in range(1, 10_001):
            yield b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (c, r, r) for c in letters) + b"</row>"
    part = "xl/worksheets/sheet-cells.xml"
    return rebuild(tmp / "many-cells.xlsx", {
        "xl/workbook.xml": workbook.replace(b"</sheets>", b'<sheet xmlns:r="' + _R + b'" name="'
                                            + "数据".encode() + b'" sheetId="999" r:id="rIdCells"/></sheets>'),
        "xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>", b'<Relationship Id="rIdCells" Type="http://'
                                                   b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                                   b'worksheet" Target="worksheets/sheet-cells.xml"/></Relationships>'),
        "[Content_Types].xml": types.replace(b"</Types>", b'<Override PartName="/' + part.encode() + b'" ContentType='
                                             b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
                                             b'+xml"/></Types>'),
        part: _wrapped(lambda: _batched(rows()), head=_HEAD + b'<dimension ref="A1:BH10000"/><sheetData>'),
    })


def no_dimension(tmp: Path) -> Path:
    """Formatted empty rows to row 1,048,576 in a worksheet without <dimension> (a program other
    than Excel or WPS wrote it): opening it would parse the whole sheet."""
    name = "收入决算表"
    return rebuild(tmp / "no-dimension.xlsx", {sheet_member(name): append_rows(name, _styled_empty_rows, b"")})


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    expected: str  # READ, or a phrase of the refusal
    sheet: str = ""  # the sheet the refusal names


CASES: dict[str, Case] = {
    "spaces": Case(spaces, "超出上限", "单位信息"),
    "spaces-ratio": Case(spaces_ratio, "压缩比", "单位信息"),
    "row-elements": Case(row_elements, "超出上限", "收入决算表"),
    "empty-rows": Case(empty_rows, READ),
    "one-cell-rows": Case(one_cell_rows, "超出该表的读取上限", "绩效自评指标"),
    "deep-nesting": Case(deep_nesting, "嵌套", "单位信息"),
    "shared-strings-huge": Case(shared_strings_huge, "共享字符串表"),
    "shared-strings-large": Case(shared_strings_large, READ),
    "many-sheets": Case(many_sheets, "个工作表"),
    "lying-header": Case(lying_header, "损坏"),
    "far-column": Case(far_column, "列", "主要职能"),
    "styled-wide": Case(styled_wide, READ),
    "many-cells": Case(many_cells, "非空单元格"),
    "no-dimension": Case(no_dimension, "尺寸信息", "收入决算表"),
}


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, float]:
    """Run a command in a child of a fresh interpreter; (exit code, output, peak memory in MB
    of the command itself, from RUSAGE_CHILDREN of that interpreter)."""
    probe = ("import resource, subprocess, sys\n"
             "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "sys.stdout.write(done.stdout + done.stderr)\n"
             "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
             "sys.stdout.write(f'\\n@@peak {peak}\\n')\n"
             "sys.exit(done.returncode)\n")
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True)
    out, _, peak = done.stdout.rpartition("\n@@peak ")
    return done.returncode, out + done.stderr, int(peak.split()[0]) / 1024


def pjgen() -> list[str]:
    script = Path(sys.executable).with_name("pjgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator"]


def self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def builder(folder: Path) -> Callable[[str], Path]:
    """A function giving each case's file, built in ``folder`` on first use."""
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            cache[name] = CASES[name].build(folder)
        return cache[name]
    return get
