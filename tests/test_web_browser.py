"""pjgen serve in a real headless browser: Debian's Chromium driven by Playwright.

One server (uvicorn on 127.0.0.1, a free port) and one browser for the whole
module. Needs /usr/bin/chromium (scripts/setup-system.sh) or PJGEN_CHROMIUM;
without it these tests skip, except where CI is set: there it is a failure.
Screenshots of each page go to PJGEN_WEB_SCREENSHOTS when set
(scripts/make_web_screenshots.py sets it to docs/screenshots).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from docx import Document

from build_support import EXAMPLE, department, edit_workbook, template  # noqa: F401  (fixture)
from conftest import BASELINE
from generator.convert import find_soffice
from generator.web.app import WebSettings, create_app
from generator.workbook import read_workbook
from web_support import launched, need, running, shot

pytestmark = pytest.mark.browser
TITLE = "中共昌吉回族自治州委员会组织部2023年度部门决算公开说明"
LONG = 120_000  # ms: LibreOffice on a busy machine


@pytest.fixture(scope="module")
def server(template, tmp_path_factory) -> Iterator[str]:
    if find_soffice() is None:
        need("LibreOffice (soffice)")
    app = create_app(WebSettings(template=template, root=tmp_path_factory.mktemp("web")))
    with running(app) as url:
        app.state.web.pdf.warm()
        yield url


@pytest.fixture(scope="module")
def browser(server) -> Iterator[object]:
    with launched() as browser:
        yield browser


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1366, "height": 900}, accept_downloads=True,
                                  locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_worked_example_shows_no_errors(page):
    page.goto("/")
    page.set_input_files("#check-file", str(EXAMPLE))
    status = page.locator("#status")
    status.filter(has_text=f"共 0 个错误，{len(BASELINE)} 个警告").wait_for()
    assert page.locator("#result .problems tbody tr").count() == len(BASELINE)
    assert page.locator("#result .problems tbody tr.error").count() == 0


def test_wrong_figure_is_highlighted_in_its_sheet(page, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "收入决算表改错.xlsx", {("收入决算表", "C8"): 739.00})
    page.goto("/")
    page.set_input_files("#check-file", str(book))
    page.locator("#status").filter(has_text=f"共 2 个错误，{len(BASELINE)} 个警告").wait_for()
    cell = page.locator('#result .sheet td.bad-error[data-cell="C7"]')
    cell.wait_for()
    assert page.locator("#result .sheet-name").inner_text().startswith("收入决算表")
    page.locator('#result .problems tbody tr[data-sheet="收入决算表"][data-cell="C8"]').click()
    picked = page.locator('#result .sheet td.focus[data-cell="C8"]')
    picked.wait_for()
    assert picked.inner_text() == "739" and "bad-error" in picked.get_attribute("class")
    box, view = picked.bounding_box(), page.locator("#result .sheet").bounding_box()
    assert view["y"] <= box["y"] <= view["y"] + view["height"]  # scrolled into view
    page.uncheck("#result .show-warnings")
    assert page.locator("#result .problems tbody tr.warning:visible").count() == 0
    assert page.locator("#result .problems tbody tr.error").count() == 2
    page.check("#result .show-warnings")
    shot(page, "check")


def test_build_gives_the_docx_then_the_pdf(page, tmp_path):
    page.goto("/build")
    page.set_input_files("#build-file", str(EXAMPLE))
    link = page.locator("#docx-link")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "download.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"{TITLE}.docx"
    doc = Document(saved)
    assert doc.core_properties.title == TITLE
    assert any("部门决算" in p.text for p in doc.paragraphs)
    page.locator("#pdf-state").filter(has_text="PDF 已生成").wait_for(timeout=LONG)
    frame = page.locator("#pdf-view")
    assert frame.is_visible() and frame.get_attribute("src").endswith(".pdf")
    pdf = page.request.get(page.locator("#pdf-link").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    page.wait_for_timeout(4000)  # the viewer draws the first page
    shot(page, "build")


def test_build_refuses_a_workbook_with_errors(page, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "有错误.xlsx", {("收入决算表", "C8"): 739.00})
    page.goto("/build")
    page.set_input_files("#build-file", str(book))
    page.locator("#status").filter(has_text="工作簿有 2 个错误，没有生成文档").wait_for()
    assert page.locator("#outputs").is_hidden()
    assert page.locator("#problems tbody tr.error").count() == 2


def test_corrected_workbook_shows_the_changed_sentence(page, tmp_path):
    corrected = edit_workbook(EXAMPLE, tmp_path / "修改后.xlsx", {("上年及预算对比", "B2"): 2739.81})
    page.goto("/diff")
    page.set_input_files("#diff-old", str(EXAMPLE))
    page.set_input_files("#diff-new", str(corrected))
    page.click("button[type=submit]")
    page.locator("#text-section").wait_for(timeout=LONG)  # two documents rendered: slow on a busy machine
    assert "上年及预算对比!B2" in page.locator("#cells").inner_text()
    row = page.locator("#text tbody tr", has_text="收入支出总体与上年相比")
    assert row.locator("td").nth(1).locator("del").first.inner_text() == "62.40"  # a figure is marked whole
    assert "减少72.40万元，下降2.64%" in row.locator("td").nth(2).inner_text()
    assert row.locator("td").nth(2).locator("ins").count() >= 1
    shot(page, "diff")


def test_blank_and_next_year_workbooks(page, tmp_path):
    from generator.packs import DEFAULT_PACK, choose_pack, find_pack

    page.goto("/blank")
    with page.expect_download() as download:
        page.click("#blank-link")
    saved = tmp_path / "blank.xlsx"
    download.value.save_as(saved)
    book = read_workbook(saved)
    assert book.meta.get("pack") == DEFAULT_PACK
    assert [s for s in book.sheets if not s.startswith("_")] == list(find_pack(DEFAULT_PACK).selection.order())
    page.select_option("#blank-pack", "shanghai-2024")  # another province's layout
    with page.expect_download() as download:
        page.click("#blank-link")
    download.value.save_as(saved)
    book = read_workbook(saved)
    assert book.meta.get("pack") == "shanghai-2024"
    assert [s for s in book.sheets if not s.startswith("_")] == list(find_pack("shanghai-2024").selection.order())
    page.set_input_files("#next-file", str(EXAMPLE))
    link = page.locator("#next-link")
    link.wait_for()
    assert page.locator("#status").inner_text() == "已生成 2024 年度工作簿：中共昌吉回族自治州委员会组织部2024年度决算工作簿.xlsx。"
    assert page.locator("#next-carried li").count() >= 1
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "2024.xlsx"
    download.value.save_as(saved)
    assert "收入支出决算总表" in read_workbook(saved).sheets
    assert choose_pack(read_workbook(saved).meta).id == DEFAULT_PACK  # last year's pack, kept
    page.select_option("#next-pack", "shanghai-2024")  # next year in another layout
    first = link.get_attribute("href")
    again = tmp_path / "上年.xlsx"  # another file: choosing the same one again fires no change event
    again.write_bytes(EXAMPLE.read_bytes())
    page.set_input_files("#next-file", str(again))
    page.wait_for_function("(first) => document.querySelector('#next-link').getAttribute('href') !== first", arg=first)
    with page.expect_download() as download:
        link.click()
    download.value.save_as(saved)
    assert read_workbook(saved).meta.get("pack") == "shanghai-2024"
    shot(page, "blank")


def test_batch_of_three_with_one_broken(page, tmp_path):
    books = [department(tmp_path / "in", name) for name in ("甲单位", "乙机关")]
    broken = tmp_path / "in" / "坏文件.xlsx"
    broken.write_text("单位名称,金额\n", encoding="utf-8")
    page.goto("/batch")
    page.set_input_files("#batch-files", [str(p) for p in (*books, broken)])
    page.locator("#status").filter(has_text="完成").wait_for(timeout=LONG)
    rows = page.locator("#batch tbody tr")
    states = {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1).inner_text()
              for i in range(rows.count())}
    built = f"已生成（警告 {len(BASELINE)}）"
    assert states == {"甲单位.xlsx": built, "乙机关.xlsx": built, "坏文件.xlsx": "失败"}
    assert "不是 .xlsx 工作簿" in page.locator("#batch tbody tr", has_text="坏文件.xlsx").inner_text()
    with page.expect_download() as download:
        page.click("#zip-link")
    import zipfile

    saved = tmp_path / "all.zip"
    download.value.save_as(saved)
    names = sorted(zipfile.ZipFile(saved).namelist())
    stems = [f"{n}2023年度部门决算公开说明" for n in ("乙机关", "甲单位")]
    assert names == sorted([f"{s}.{ext}" for s in stems for ext in ("docx", "pdf")] + ["汇总.xlsx"])
    shot(page, "batch")
