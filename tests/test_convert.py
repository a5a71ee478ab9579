"""PDF conversion through LibreOffice (generator.convert).

Needs soffice and poppler-utils (scripts/setup-system.sh). Without them these
tests skip, except where CI is set: there a missing tool is a failure.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from generator.convert import SofficePool, convert_each, convert_to_pdf, find_soffice
from generator.problems import ConversionFailed

from conftest import need_pdf_tools

pytestmark = pytest.mark.pdf

POPPLER = ("pdfinfo", "pdffonts", "pdftotext", "pdftohtml")
TITLE = "某某部门2024年度部门决算公开说明"
OUTLINE = {
    "第一部分 部门概况": ["一、部门职能", "二、机构设置"],
    "第二部分 部门决算情况说明": ["一、收入支出决算总体情况", "二、财政拨款支出决算情况"],
    "第三部分 名词解释": ["一、财政拨款收入", "二、基本支出"],
}
HEADINGS = [h for h1, h2s in OUTLINE.items() for h in (h1, *h2s)]
BODY = "本部门严格执行预算管理制度，加强资金管理，提高资金使用效益，收支决算情况说明如下。" * 5


@pytest.fixture(scope="session")
def tools() -> None:
    need_pdf_tools(*POPPLER)


# --- building the input document -------------------------------------------


def _set_fonts(rpr: OxmlElement, name: str) -> None:
    """Set all font slots, including East Asian, and drop theme fonts that override them."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    def fld_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def make_report_docx(path: Path) -> Path:
    """A 部门决算 look-alike: title, TOC field, headings over several pages, PAGE footer."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    fonts = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312"}
    for style_name, font in fonts.items():
        rpr = doc.styles[style_name].element.get_or_add_rPr()
        _set_fonts(rpr, font)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph("目录")
    # The placeholder is one line; the real TOC is seven, which moves every
    # heading down: page numbers are only right if the update accounts for it.
    _add_field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', "请右击更新目录")
    for number, (h1, h2s) in enumerate(OUTLINE.items()):
        if number == 2:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph(h1, style="Heading 1")
        for h2 in h2s:
            doc.add_paragraph(h2, style="Heading 2")
            for _ in range(5):
                doc.add_paragraph(BODY)
    _add_field(section.footer.paragraphs[0], "PAGE", "1")
    doc.save(path)
    return path


# --- reading the PDF (poppler-utils) ------------------------------------------


def _poppler(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def _page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", str(pdf)), re.M).group(1))


def _page_text(pdf: Path, page: int) -> str:
    return _poppler("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report_pdf(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = make_report_docx(tmp_path_factory.mktemp("src") / "决算说明.docx")
    out_dir = tmp_path_factory.mktemp("pdf")
    pdfs = convert_to_pdf([src], out_dir)
    assert pdfs == [out_dir / "决算说明.pdf"]
    return pdfs[0]


# --- the converted document ---------------------------------------------------


def test_pdf_is_written_on_a4(report_pdf: Path) -> None:
    assert report_pdf.stat().st_size > 0
    info = _poppler("pdfinfo", str(report_pdf))
    assert re.search(r"^Page size:.*\(A4\)", info, re.M), info
    assert _page_count(report_pdf) >= 3
    assert [p.name for p in report_pdf.parent.iterdir()] == [report_pdf.name]  # no temporary files left


def test_every_font_is_embedded_and_official_names_are_substituted(report_pdf: Path) -> None:
    lines = _poppler("pdffonts", str(report_pdf)).splitlines()[2:]
    fonts = {line.split()[0]: line.split()[-5] for line in lines}
    assert fonts and set(fonts.values()) == {"yes"}, fonts
    names = " ".join(fonts)
    # The official fonts when installed, otherwise the free faces of fonts.conf.
    assert re.search(r"NotoSerifCJK\w*-Bold|XiaoBiaoSong", names), names  # 方正小标宋简体 (title)
    assert re.search(r"NotoSerifCJK\w*-Regular|FangSong", names), names  # 仿宋_GB2312 (body)
    assert re.search(r"NotoSansCJK|SimHei", names), names  # 黑体 (Heading 1)
    assert re.search(r"LXGWWenKai|KaiTi", names), names  # 楷体_GB2312 (Heading 2)


def test_chinese_text_survives(report_pdf: Path) -> None:
    text = _squash(_poppler("pdftotext", str(report_pdf), "-"))
    for heading in [TITLE, *HEADINGS]:
        assert _squash(heading) in text
    assert _squash(BODY[:30]) in text


def test_headings_become_bookmarks(report_pdf: Path) -> None:
    xml = _poppler("pdftohtml", "-xml", "-i", "-q", "-stdout", str(report_pdf))
    outline = [(_squash(title), int(page)) for page, title in re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)]
    assert [title for title, _ in outline] == [_squash(h) for h in HEADINGS]
    assert all(page >= 1 for _, page in outline)


def test_toc_page_numbers_match_the_pages_of_the_headings(report_pdf: Path) -> None:
    pages = {n: _page_text(report_pdf, n) for n in range(1, _page_count(report_pdf) + 1)}
    toc_line = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", re.M)
    toc = {_squash(title): int(number) for title, number in toc_line.findall(pages[1])}
    assert list(toc) == [_squash(h) for h in HEADINGS], pages[1]  # the placeholder is gone
    found: dict[str, int] = {}
    for number, text in pages.items():
        footer = [line.strip() for line in text.splitlines() if line.strip()][-1]
        assert footer == str(number)  # the PAGE field in the footer
        for line in text.splitlines():
            if "..." not in line and _squash(line) in toc:
                found.setdefault(_squash(line), number)
    assert found == toc
    assert len(set(toc.values())) >= 3  # the headings really are spread over pages


# --- failures ----------------------------------------------------------------


def test_junk_input_raises_and_keeps_the_old_pdf(tools: None, tmp_path: Path) -> None:
    junk = tmp_path / "坏文件.docx"
    junk.write_bytes(os.urandom(20_000))
    good = make_report_docx(tmp_path / "好文件.docx")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "好文件.pdf").write_bytes(b"old")
    with pytest.raises(ConversionFailed, match="PDF 转换失败.*坏文件.docx"):
        convert_to_pdf([junk, good], out_dir)
    # All or nothing: the good document's old PDF is untouched, no partial files.
    assert sorted(p.name for p in out_dir.iterdir()) == ["好文件.pdf"]
    assert (out_dir / "好文件.pdf").read_bytes() == b"old"


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if text in args:
            found.append(args.replace("\0", " "))
    return found


def test_timeout_kills_soffice_and_raises(tools: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_report_docx(tmp_path / "a.docx")
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(work))
    with pytest.raises(ConversionFailed, match="超时"):
        convert_to_pdf([src], tmp_path / "out", timeout=0.01)
    assert list((tmp_path / "out").iterdir()) == []
    assert list(work.iterdir()) == []  # the temporary profile is removed
    if sys.platform.startswith("linux"):
        assert _processes_mentioning(str(work)) == []


def test_parallel_conversions_do_not_collide(tools: None, tmp_path: Path) -> None:
    sources = [make_report_docx(tmp_path / f"doc{n}.docx") for n in range(2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(convert_to_pdf, [src], tmp_path / f"out{n}") for n, src in enumerate(sources)]
        results = [f.result() for f in futures]
    assert results == [[tmp_path / "out0" / "doc0.pdf"], [tmp_path / "out1" / "doc1.pdf"]]
    for [pdf] in results:
        assert pdf.read_bytes().startswith(b"%PDF-")


def test_several_documents_in_one_call(tools: None, tmp_path: Path) -> None:
    sources = [make_report_docx(tmp_path / f"第{n}号.docx") for n in range(3)]
    pdfs = convert_to_pdf(sources, tmp_path / "out")
    assert pdfs == [tmp_path / "out" / f"第{n}号.pdf" for n in range(3)]
    assert all(_page_count(pdf) >= 3 for pdf in pdfs)


# --- no LibreOffice needed ----------------------------------------------------


def test_missing_soffice_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PJGEN_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    monkeypatch.setenv("PATH", "")
    assert find_soffice() is None
    src = tmp_path / "a.docx"
    src.write_bytes(b"not used")
    with pytest.raises(ConversionFailed, match="apt-get"):
        convert_to_pdf([src], tmp_path / "out")


def test_pjgen_soffice_overrides_the_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "my-soffice"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PJGEN_SOFFICE", str(fake))
    assert find_soffice() == str(fake)


@pytest.mark.skipif(sys.platform == "win32", reason="shell script as a fake soffice")
def test_soffice_that_does_nothing_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'fake soffice' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PJGEN_SOFFICE", str(fake))
    src = tmp_path / "a.docx"
    src.write_bytes(b"x")
    with pytest.raises(ConversionFailed, match="没有执行导出.*fake soffice"):
        convert_to_pdf([src], tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_no_documents_start_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PJGEN_SOFFICE", str(tmp_path / "nowhere"))
    assert convert_to_pdf([], tmp_path / "out") == []


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["a.txt"], "不支持的文件类型"),
        (["missing.docx"], "找不到要转换的文件"),
        (["x/同名.docx", "y/同名.docx"], "同一个 PDF"),
    ],
)
def test_bad_requests_fail_before_starting_soffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str], message: str
) -> None:
    monkeypatch.setenv("PJGEN_SOFFICE", str(tmp_path / "nowhere"))
    paths = []
    for name in names:
        path = tmp_path / name
        if name != "missing.docx":
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(b"x")
        paths.append(path)
    with pytest.raises(ConversionFailed, match=message):
        convert_to_pdf(paths, tmp_path / "out")


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def rename_font(src: Path, dst: Path, family: str, postscript: str) -> Path:
    """Copy a single-font TrueType/OpenType file under another family name.

    Stands in for an official font (e.g. 仿宋_GB2312) that we cannot ship.
    """
    data = src.read_bytes()
    version, count = struct.unpack(">4sH", data[:6])
    tables = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * n : 28 + 16 * n])
        tables[tag] = data[offset : offset + length]
    names = {1: family, 2: "Regular", 3: postscript, 4: family, 6: postscript}
    records, strings = [], b""
    for language in (0x0409, 0x0804):  # en-US, zh-CN
        for name_id, text in names.items():
            encoded = text.encode("utf-16-be")
            records.append(struct.pack(">6H", 3, 1, language, name_id, len(encoded), len(strings)))
            strings += encoded
    tables[b"name"] = struct.pack(">3H", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + strings
    tables[b"head"] = tables[b"head"][:8] + b"\0\0\0\0" + tables[b"head"][12:]
    selector = len(tables).bit_length() - 1
    font = struct.pack(">4s4H", version, len(tables), 16 << selector, selector, 16 * len(tables) - (16 << selector))
    offset = 12 + 16 * len(tables)
    directory, body, head_at = b"", b"", 0
    for tag in sorted(tables):
        table = tables[tag]
        head_at = offset + len(body) if tag == b"head" else head_at
        directory += struct.pack(">4sIII", tag, _checksum(table), offset + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    font = bytearray(font + directory + body)
    font[head_at + 8 : head_at + 12] = struct.pack(">I", (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    dst.write_bytes(font)
    return dst


def test_fonts_in_font_dir_win_over_substitutes(tools: None, tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("font_dir works through fontconfig (Linux)")
    source_font = Path(_poppler("fc-match", "-f", "%{file}", "LXGW WenKai:style=Regular"))
    if source_font.suffix.lower() not in (".ttf", ".otf"):
        pytest.skip(f"need a single-font .ttf/.otf to rename, found {source_font}")
    font_dir = tmp_path / "fonts"
    font_dir.mkdir()
    rename_font(source_font, font_dir / "fangsong.ttf", "仿宋_GB2312", "PjgenTestFangSong")
    src = make_report_docx(tmp_path / "a.docx")
    [pdf] = convert_to_pdf([src], tmp_path / "out", font_dir=font_dir)
    fonts = _poppler("pdffonts", str(pdf))
    assert "PjgenTestFangSong" in fonts  # 仿宋_GB2312 (body text) from font_dir
    assert re.search(r"NotoSansCJK|SimHei", fonts)  # 黑体 still substituted
    assert _squash(BODY[:30]) in _squash(_poppler("pdftotext", str(pdf), "-"))


def test_missing_font_dir_is_reported(tools: None, tmp_path: Path) -> None:
    src = tmp_path / "a.docx"
    src.write_bytes(b"x")
    with pytest.raises(ConversionFailed, match="字体文件夹不存在"):
        convert_to_pdf([src], tmp_path / "out", font_dir=tmp_path / "no-fonts")


# --- the warm pool and documents that fail alone ------------------------------


def test_each_document_fails_alone(tools: None, tmp_path: Path) -> None:
    junk = tmp_path / "坏文件.docx"
    junk.write_bytes(os.urandom(20_000))
    good = [make_report_docx(tmp_path / f"好文件{n}.docx") for n in range(2)]
    out_dir = tmp_path / "out"
    done = convert_each([good[0], junk, good[1]], out_dir)
    assert [c.source.name for c in done] == ["好文件0.docx", "坏文件.docx", "好文件1.docx"]
    assert done[1].pdf is None and "坏文件.docx" in (done[1].error or "") and "PDF 转换失败" in done[1].error
    assert [c.pdf for c in (done[0], done[2])] == [out_dir / "好文件0.pdf", out_dir / "好文件1.pdf"]
    assert all(c.error is None and _page_count(c.pdf) >= 3 for c in (done[0], done[2]))
    assert sorted(p.name for p in out_dir.iterdir()) == ["好文件0.pdf", "好文件1.pdf"]


def _soffice_pids(pool: SofficePool) -> list[int]:
    return [w.proc.pid for w in pool._workers if w.proc is not None and w.proc.poll() is None]


def test_pool_keeps_soffice_running_between_documents(tools: None, tmp_path: Path) -> None:
    sources = [make_report_docx(tmp_path / f"doc{n}.docx") for n in range(2)]
    with SofficePool(1) as pool:
        [first] = convert_to_pdf(sources[:1], tmp_path / "a", pool=pool)
        pids = _soffice_pids(pool)
        [second] = convert_to_pdf(sources[1:], tmp_path / "b", pool=pool)
        assert len(pids) == 1 and _soffice_pids(pool) == pids  # the same process did both
        folders = [w.work_dir for w in pool._workers]
    assert _page_count(first) >= 3 and _page_count(second) >= 3
    assert not any(folder and folder.exists() for folder in folders)  # profiles removed on close
    if sys.platform.startswith("linux"):
        assert _processes_mentioning(str(folders[0])) == []


def test_pool_replaces_a_process_after_a_bad_document(tools: None, tmp_path: Path) -> None:
    junk = tmp_path / "坏.docx"
    junk.write_bytes(b"PK\x03\x04" + os.urandom(5000))  # looks like a zip, is none
    good = make_report_docx(tmp_path / "好.docx")
    with SofficePool(1, timeout=60) as pool:
        [bad] = convert_each([junk], tmp_path / "out", pool=pool)
        assert bad.pdf is None and "坏.docx" in (bad.error or "")
        [ok] = convert_each([good], tmp_path / "out", pool=pool)
    assert ok.error is None and ok.pdf is not None and ok.pdf.read_bytes().startswith(b"%PDF-")


def test_a_stuck_document_times_out_alone(tools: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [make_report_docx(tmp_path / f"doc{n}.docx") for n in range(2)]
    from generator import soffice_pool

    real = soffice_pool.SofficeWorker.export
    calls = []

    def export(self, job):  # the first document gets no time at all once soffice is up
        calls.append(job.source.name)
        if len(calls) == 1:
            if not self.alive:
                self.start()
            saved, self.timeout = self.timeout, 0.0
            try:
                return real(self, job)
            finally:
                self.timeout = saved
        return real(self, job)

    monkeypatch.setattr(soffice_pool.SofficeWorker, "export", export)
    done = convert_each(sources, tmp_path / "out", timeout=60)
    assert "doc0.docx" in (done[0].error or "") and "超时" in done[0].error
    assert done[1].error is None and done[1].pdf is not None and _page_count(done[1].pdf) >= 3


def test_two_processes_convert_side_by_side(tools: None, tmp_path: Path) -> None:
    sources = [make_report_docx(tmp_path / f"doc{n}.docx") for n in range(4)]
    with SofficePool(2) as pool:
        pdfs = convert_to_pdf(sources, tmp_path / "out", pool=pool)
        assert len(_soffice_pids(pool)) == 2
    assert pdfs == [tmp_path / "out" / f"doc{n}.pdf" for n in range(4)]
    assert all(_page_count(pdf) >= 3 for pdf in pdfs)
