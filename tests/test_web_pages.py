"""What an officer sees on pjgen serve's pages, in Debian's Chromium through Playwright: the right
document every time, every failure explained in Chinese, usable at 800 px.

Same set-up as test_web_browser.py (one server on 127.0.0.1 and one browser per module).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest

from build_support import EXAMPLE, department, edit_workbook, template  # noqa: F401  (fixture)
from generator.convert import find_soffice
from generator.web.app import Limits, WebSettings, create_app
from web_support import launched, need, running, shot

pytestmark = pytest.mark.browser
LONG = 120_000  # ms: LibreOffice on a busy machine
WIDE, NARROW = {"width": 1366, "height": 768}, {"width": 800, "height": 768}


@pytest.fixture(scope="module")
def server(template, tmp_path_factory) -> Iterator[str]:
    if find_soffice() is None:
        need("LibreOffice (soffice)")
    app = create_app(WebSettings(template=template, root=tmp_path_factory.mktemp("web"), pdf_processes=1))
    with running(app) as url:
        app.state.web.pdf.warm()
        yield url


@pytest.fixture(scope="module")
def browser(server) -> Iterator[object]:
    with launched() as browser:
        yield browser


def _page(browser, base: str, viewport: dict):
    context = browser.new_context(base_url=base, viewport=viewport, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


@pytest.fixture
def page(browser, server):
    context, page = _page(browser, server, WIDE)
    yield page
    context.close()


@pytest.fixture
def narrow(browser, server):
    context, page = _page(browser, server, NARROW)
    yield page
    context.close()


# --- 1. the document of the workbook the page names, never another's -------------------------


def _wait_for_pdf(page) -> None:
    """Until the PDF is shown; a failed conversion is retried once with 重新生成 PDF, as an officer would."""
    done, retry = page.locator("#pdf-state").filter(has_text="PDF 已生成"), page.locator("#pdf-retry")
    done.or_(retry).first.wait_for(timeout=LONG)
    if retry.is_visible():
        retry.click()
        done.wait_for(timeout=LONG)


def test_a_newer_upload_never_shows_the_older_ones_pdf(page, tmp_path):
    first, second = (department(tmp_path, name) for name in ("甲单位", "乙机关"))
    page.goto("/build")
    page.set_input_files("#build-file", str(first))
    page.locator("#docx-link").filter(has_text="甲单位").wait_for()
    first_id = page.locator("#outputs").get_attribute("data-upload")
    page.set_input_files("#build-file", str(second))  # while the first PDF is still being made
    page.locator("#docx-link").filter(has_text="乙机关").wait_for()
    second_id = page.locator("#outputs").get_attribute("data-upload")
    assert second_id != first_id
    for _ in range(600):  # until the first upload's PDF is done on the server
        if page.request.get(f"/api/build/{first_id}").json()["pdf"] != "converting":
            break
        page.wait_for_timeout(200)
    page.wait_for_timeout(1500)  # the first upload's status loop would have shown it by now
    assert first_id not in (page.locator("#pdf-view").get_attribute("src") or "")
    assert first_id not in (page.locator("#pdf-link").get_attribute("href") or "")
    assert "甲单位" not in page.locator("#outputs").inner_text()
    _wait_for_pdf(page)
    src = urllib.parse.unquote(page.locator("#pdf-view").get_attribute("src"))
    assert src.startswith(f"/files/{second_id}/") and "乙机关" in src  # the upload's id and the unit's name
    assert "乙机关" in page.locator("#pdf-link").inner_text()


# --- 3. every error a browser can reach: a Chinese page in the site's layout ------------------


@pytest.mark.parametrize("address", ["/no-such-page", "/files/abc/def.pdf", "/static/none.js", "/api/build/xyz"])
def test_unknown_or_expired_addresses_get_a_chinese_page(page, address):
    response = page.goto(address)
    assert response.status == 404
    assert page.locator("header nav a").count() == 5  # the site's layout, with its menu
    assert page.locator("h1").inner_text() == "找不到这个页面或文件"
    text = page.locator("#error-message").inner_text()
    assert "请" in text and "Not Found" not in page.content() and "{" not in text
    if address.startswith("/files/"):
        shot(page, "error")


# --- 5. narrow screens -------------------------------------------------------------------------------


def _wrong_figure(tmp_path):
    return edit_workbook(EXAMPLE, tmp_path / "收入决算表改错.xlsx", {("收入决算表", "C8"): 739.00, ("收入决算表", "I8"): 5.0})


def test_at_800_px_the_problems_come_above_the_sheet(narrow, tmp_path):
    narrow.goto("/")
    narrow.set_input_files("#check-file", str(_wrong_figure(tmp_path)))
    narrow.locator("#result .sheet td.focus").wait_for()
    problems = narrow.locator("#result .problems").bounding_box()
    sheet = narrow.locator("#result .sheet-pane").bounding_box()
    assert problems["y"] + problems["height"] <= sheet["y"] + 1  # stacked: the list first
    what = narrow.locator("#result .problems tbody tr.error td").nth(2)
    what.scroll_into_view_if_needed()
    box = what.bounding_box()
    hit = narrow.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('td') && "
                          "document.elementFromPoint(x, y).closest('td').textContent",
                          [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit == what.inner_text()  # nothing covers the description
    narrow.locator("#result .sheet-pane").evaluate("pane => window.scrollTo(0, pane.getBoundingClientRect().top + window.scrollY - 420)")
    shot(narrow, "check-800")  # the end of the problem list, the sheet under it


def test_column_a_stays_readable_when_the_sheet_scrolls_right(narrow, tmp_path):
    narrow.goto("/")
    narrow.set_input_files("#check-file", str(_wrong_figure(tmp_path)))
    narrow.locator('#result .problems tbody tr[data-cell="I7"]').first.click()
    narrow.locator('#result .sheet td.focus[data-cell="I7"]').wait_for()
    narrow.locator("#result .sheet-pane").evaluate("pane => window.scrollTo(0, pane.getBoundingClientRect().top + window.scrollY)")
    assert narrow.locator("#result .sheet").evaluate("box => box.scrollLeft") > 0  # it did scroll right
    code = narrow.locator('#result .sheet td[data-cell="A7"]')
    number = narrow.locator("#result .sheet tbody tr").nth(6).locator("th")
    assert code.inner_text() == "20132"
    assert code.bounding_box()["x"] >= number.bounding_box()["x"] + number.bounding_box()["width"] - 1
    box = code.bounding_box()
    seen = narrow.evaluate("([x, y]) => document.elementFromPoint(x, y).dataset.cell || ''", [box["x"] + 3, box["y"] + box["height"] / 2])
    assert seen == "A7"  # its first digit is not under the row numbers
    corner = narrow.locator("#result .sheet thead th.corner")
    assert corner.evaluate("th => getComputedStyle(th).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")


# --- 6. batch failures explained ----------------------------------------------------------------------


def test_batch_shows_an_invalid_workbooks_problems_with_its_cells(page, tmp_path):
    good = department(tmp_path / "in", "甲单位")
    bad = edit_workbook(good, tmp_path / "in" / "有错误.xlsx", {("收入决算表", "C8"): 739.00})
    page.goto("/batch")
    page.set_input_files("#batch-files", [str(good), str(bad)])
    page.locator("#status").filter(has_text="完成").wait_for(timeout=LONG)
    row = page.locator("#batch tbody tr", has_text="有错误.xlsx")
    assert "错误 2" in row.inner_text()
    row.locator("button.show-problems").click()
    view = page.locator("#batch .batch-problems")
    assert view.locator(".problems tbody tr.error").count() == 2
    view.locator('.problems tbody tr[data-cell="C8"]').click()
    picked = view.locator('.sheet td.focus[data-cell="C8"]')
    picked.wait_for()
    assert picked.inner_text() == "739"
    assert page.locator("#summary-link").is_visible()
    shot(page, "batch-problems")


# --- issue 17: a request over the time limit ----------------------------------------------------------


def test_a_check_over_the_time_limit_stops_the_spinner_and_says_so(browser, template, tmp_path):
    app = create_app(WebSettings(template=template, root=tmp_path / "web", limits=Limits(seconds=0.01), workers=1))
    with running(app) as base:
        context, page = _page(browser, base, WIDE)
        try:
            page.goto("/")
            page.set_input_files("#check-file", str(EXAMPLE))
            status = page.locator("#status")
            status.filter(has_text="处理时间超过了服务器的限制（0.01 秒）").wait_for(timeout=60_000)
            assert status.get_attribute("class") == "status bad"  # no spinner
            assert page.request.get("/").ok  # the server still answers
            shot(page, "limit")
        finally:
            context.close()


# --- 8. smaller things ---------------------------------------------------------------------------------


def test_dropping_a_file_shows_its_name(page):
    page.goto("/")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["x"], "拖入的工作簿.xlsx"));
        document.querySelector("label.drop").dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""")
    assert page.locator("label.drop .chosen").inner_text() == "拖入的工作簿.xlsx"


def test_the_upload_box_shows_keyboard_focus(page):
    page.goto("/")
    box = page.locator("label.drop")
    before = box.evaluate("el => getComputedStyle(el).outlineStyle")
    page.focus("#check-file")
    assert before == "none" and box.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"


def test_level_and_advice_columns_do_not_wrap_a_character_per_line(narrow, tmp_path):
    narrow.goto("/")
    narrow.set_input_files("#check-file", str(_wrong_figure(tmp_path)))
    level = narrow.locator("#result .problems tbody tr.error td.level").first
    level.wait_for()
    lines = level.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el); "
                           "return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; }")
    assert lines == 1  # 错误 on one line
    advice = narrow.locator("#result .problems tbody tr.error td").nth(3)
    assert advice.bounding_box()["width"] >= 8 * 15  # room for eight characters or more


# --- 4. 上传检查 with last year's workbook ----------------------------------------------------------------


def test_check_with_last_years_workbook(page, tmp_path):
    from generator.carry import carry_forward

    made = tmp_path / "2024.xlsx"
    carry_forward(EXAMPLE, made)
    changed = edit_workbook(made, tmp_path / "2024年度.xlsx", {("上年及预算对比", "B2"): 1.00})
    page.goto("/")
    page.set_input_files("#prior-file", str(EXAMPLE))
    page.set_input_files("#check-file", str(changed))
    page.locator("#notes li").filter(has_text="已与上年工作簿 2023.xlsx 核对上年数").wait_for()
    row = page.locator('#result .problems tbody tr[data-cell="B2"]', has_text="2023.xlsx")
    assert row.count() == 1 and "上年及预算对比!B2" in row.inner_text()


# --- 3. a PDF failure, explained, with 重新生成 PDF -----------------------------------------------------


def test_a_failed_pdf_is_explained_and_made_again_with_the_button(browser, template, tmp_path, monkeypatch):
    from generator.web.pdf import PdfService

    failures = ["PDF 转换失败：LibreOffice 中途退出（LibreOffice 退出码 81；输出：Error: source file could not be loaded）"]

    def convert(self, docx):
        if failures:
            return None, failures.pop()
        pdf = docx.with_suffix(".pdf")
        pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
        return pdf, None

    monkeypatch.setattr(PdfService, "available", lambda self: True)
    monkeypatch.setattr(PdfService, "convert", convert)
    app = create_app(WebSettings(template=template, root=tmp_path / "web"))
    with running(app) as base:
        context, page = _page(browser, base, WIDE)
        try:
            page.goto("/build")
            page.set_input_files("#build-file", str(EXAMPLE))
            state = page.locator("#pdf-state")
            state.filter(has_text="PDF 没有生成").wait_for()
            assert "退出码" not in state.inner_text() and "Error" not in state.inner_text()
            assert "重新生成 PDF" in state.inner_text() and page.locator("#docx-link").is_visible()
            page.click("#pdf-retry")
            state.filter(has_text="PDF 已生成").wait_for()
            assert page.locator("#pdf-retry").is_hidden() and page.locator("#pdf-link").is_visible()
        finally:
            context.close()
