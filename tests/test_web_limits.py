"""pjgen serve's limits and refusals, through Starlette's test client: long names, too many or too
large files, the time limit per request, Chinese pages for every address a browser can reach,
PDF failures with 重新生成 PDF, and advice that names the page, not a command."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from build_support import EXAMPLE, department, edit_workbook, template  # noqa: F401  (fixture)
from generator import convert
from generator.carry import carry_forward
from generator.web.app import Limits, WebSettings, create_app
from generator.web.pdf import PdfService
from generator.web.present import for_web, token_spans
from web_support import entries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LONG_NAME = "新疆维吾尔自治区昌吉回族自治州" * 6 + ".xlsx"  # 90 Chinese characters: 270 bytes and more
HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def no_pdf() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(convert.SOFFICE_ENV, "/nonexistent/soffice")
        yield


def _client(template, root: Path, **settings) -> TestClient:
    return TestClient(create_app(WebSettings(template=template, root=root, **settings)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(no_pdf, template, tmp_path_factory) -> Iterator[TestClient]:
    with _client(template, tmp_path_factory.mktemp("web"), max_batch=3) as c:
        yield c


def _files(field: str, *items: tuple[str, bytes]) -> list:
    return [(field, (name, data, XLSX)) for name, data in items]


def _wait_batch(c: TestClient, batch_id: str) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = c.get(f"/api/batch/{batch_id}").json()
        if state["done"]:
            return state
        time.sleep(0.2)
    raise AssertionError("batch did not finish")


# --- 2. long file names ---------------------------------------------------------------------------


def test_a_long_file_name_is_checked_and_built(client):
    assert len(LONG_NAME.encode()) > 255
    checked = client.post("/api/check", files=_files("workbook", (LONG_NAME, EXAMPLE.read_bytes())))
    assert checked.status_code == 200 and checked.json()["name"] == LONG_NAME and checked.json()["errors"] == 0
    built = client.post("/api/build", files=_files("workbook", (LONG_NAME, EXAMPLE.read_bytes()))).json()
    assert built["ok"] and built["name"] == LONG_NAME
    assert client.get(built["docx"]).status_code == 200


def test_a_long_name_never_sinks_a_batch(client, tmp_path):
    good = department(tmp_path, "甲单位")
    r = client.post("/api/batch", files=_files("workbooks", (LONG_NAME, EXAMPLE.read_bytes()),
                                                (good.name, good.read_bytes())))
    assert r.status_code == 200
    state = _wait_batch(client, r.json()["id"])
    assert [(i["name"], i["state"]) for i in state["items"]] == [(LONG_NAME, "built"), ("甲单位.xlsx", "built")]


def test_one_member_that_is_not_a_workbook_fails_alone(client, tmp_path):
    good = department(tmp_path, "甲单位")
    r = client.post("/api/batch", files=[("workbooks", ("说明.txt", b"text", "text/plain")),
                                         ("workbooks", (good.name, good.read_bytes(), XLSX))])
    state = _wait_batch(client, r.json()["id"])
    rows = {i["name"]: (i["state"], i.get("message", "")) for i in state["items"]}
    assert rows["甲单位.xlsx"][0] == "built"
    assert rows["说明.txt"][0] == "failed" and "只接受 Excel 工作簿（.xlsx）" in rows["说明.txt"][1]


# --- 6. the batch's summary --------------------------------------------------------------------------


def test_batch_zip_holds_a_summary_row_per_workbook(client, tmp_path):
    from generator.workbook import read_workbook

    good = department(tmp_path, "甲单位")
    bad = edit_workbook(good, tmp_path / "有错误.xlsx", {("收入决算表", "C8"): 739.00})
    r = client.post("/api/batch", files=_files("workbooks", (good.name, good.read_bytes()), (bad.name, bad.read_bytes())))
    state = _wait_batch(client, r.json()["id"])
    archive = zipfile.ZipFile(io.BytesIO(client.get(state["zip"]).content))
    summary = tmp_path / "汇总.xlsx"
    summary.write_bytes(archive.read("汇总.xlsx"))
    sheet = read_workbook(summary).sheets["汇总"]
    rows = [[sheet.value(r, c) for c in range(1, 7)] for r in range(1, sheet.max_row + 1)]
    assert rows[0] == ["工作簿", "单位", "状态", "错误", "警告", "生成的文件"]
    assert rows[1][:4] == ["甲单位.xlsx", "甲单位", "已生成（警告 10）", 0]
    assert rows[1][5] == "甲单位2023年度部门决算公开说明.docx"
    assert rows[2][:4] == ["有错误.xlsx", None, "错误 2", 2]
    invalid = next(i for i in state["items"] if i["name"] == "有错误.xlsx")
    assert {p["cell"] for p in invalid["problems"] if p["error"]} == {"C7", "C8"}
    assert any(s["name"] == "收入决算表" for s in invalid["sheets"])  # the sheet beside its problems


def test_batch_says_when_the_word_file_was_written_but_the_pdf_failed(no_pdf, template, tmp_path, monkeypatch):
    monkeypatch.setattr(PdfService, "available", lambda self: True)
    monkeypatch.setattr(PdfService, "convert", lambda self, docx: (None, "exit code 81; Error: source file could not be loaded"))
    good = department(tmp_path / "in", "甲单位")
    with _client(template, tmp_path / "web") as c:
        r = c.post("/api/batch", files=_files("workbooks", (good.name, good.read_bytes())))
        [item] = _wait_batch(c, r.json()["id"])["items"]
    assert item["docx"] and "pdf" not in item and item["label"] == "已生成（警告 10），PDF 失败"
    assert item["pdf_message"].startswith("Word 文档已生成，PDF 没有生成") and "exit code" not in item["pdf_message"]


# --- 3. limits stated in Chinese; Chinese pages ----------------------------------------------------


def test_too_many_files_names_the_real_limit(client, tmp_path):
    books = [("甲.xlsx", EXAMPLE.read_bytes())] * 4
    r = client.post("/api/batch", files=_files("workbooks", *books))
    assert r.status_code == 413
    assert r.json()["error"] == "一次最多上传 3 个工作簿（或一个装有不超过 3 个工作簿的 .zip），请分批上传。"
    assert 'data-max-batch="3"' in client.get("/batch").text and "一次最多 3 个工作簿" in client.get("/batch").text


def test_a_zip_with_too_many_workbooks_names_the_limit(client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(4):
            z.writestr(f"{n}.xlsx", EXAMPLE.read_bytes())
    r = client.post("/api/batch", files=[("workbooks", ("全部.zip", archive.getvalue(), "application/zip"))])
    assert r.status_code == 413 and "全部.zip 中有 4 个工作簿。一次最多上传 3 个工作簿" in r.json()["error"]


def test_batch_total_size_is_bounded(no_pdf, template, tmp_path):
    with _client(template, tmp_path / "web", max_batch_total=len(EXAMPLE.read_bytes()) + 1000) as c:
        r = c.post("/api/batch", files=_files("workbooks", ("甲.xlsx", EXAMPLE.read_bytes()), ("乙.xlsx", EXAMPLE.read_bytes())))
        assert r.status_code == 413
        assert r.json()["error"].startswith("这次上传的文件太大：批量上传总共不超过")
        assert entries(tmp_path / "web") == []  # refused before anything was saved


@pytest.mark.parametrize("address", ["/nowhere", "/files/abc/2023.pdf", "/api/build/abc", "/static/../app.py"])
def test_every_address_a_browser_opens_answers_with_a_chinese_page(client, address):
    r = client.get(address, headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "<h1>找不到这个页面或文件</h1>" in r.text and '<nav>' in r.text and "Not Found" not in r.text


def test_an_expired_download_link_is_a_page_not_json(client):
    built = client.post("/api/build", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes()))).json()
    store = client.app.state.web.store
    store._uploads[built["id"]].touched -= store.idle + 1
    store.sweep()
    r = client.get(built["docx"], headers=HTML)
    assert r.status_code == 404 and "已超过保留时间" in r.text and "<nav>" in r.text and '{"error"' not in r.text
    assert client.get(built["docx"]).json()["error"].startswith("找不到这次上传")  # the scripts still get JSON


def test_a_wrong_method_is_a_chinese_page(client):
    r = client.get("/api/check", headers=HTML)
    assert r.status_code == 405 and "只能由页面上的按钮使用" in r.text


def test_a_pdf_failure_is_explained_and_can_be_retried(no_pdf, template, tmp_path, monkeypatch):
    outcomes = [(None, "LibreOffice 退出码 81；输出：Error: source file could not be loaded")]
    monkeypatch.setattr(PdfService, "available", lambda self: True)

    def convert_once(self, docx):
        if outcomes:
            return outcomes.pop()
        pdf = docx.with_suffix(".pdf")
        pdf.write_bytes(b"%PDF-1.4 test")
        return pdf, None

    monkeypatch.setattr(PdfService, "convert", convert_once)
    with _client(template, tmp_path / "web") as c:
        built = c.post("/api/build", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes()))).json()
        state = built
        while state["pdf"] == "converting":
            time.sleep(0.05)
            state = c.get(f"/api/build/{built['id']}").json()
        assert state["pdf"] == "failed" and state["retry"] is True
        assert "重新生成 PDF" in state["message"] and "退出码" not in state["message"] and "Error" not in state["message"]
        again = c.post(f"/api/build/{built['id']}/pdf").json()
        assert again["pdf"] in ("converting", "done")
        while again["pdf"] == "converting":
            time.sleep(0.05)
            again = c.get(f"/api/build/{built['id']}").json()
        assert again["pdf"] == "done" and built["id"] in again["url"] and "中共昌吉" in again["url"]
        assert c.get(again["url"]).content.startswith(b"%PDF")


# --- issue 17: the time limit per request -----------------------------------------------------------


def test_a_request_over_the_time_limit_is_refused_and_the_server_goes_on(no_pdf, template, tmp_path):
    with _client(template, tmp_path / "web", limits=Limits(seconds=0.01), workers=1) as c:
        r = c.post("/api/check", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes())))
        assert r.status_code == 503 and "处理时间超过了服务器的限制（0.01 秒）" in r.json()["error"]
        old = c.app.state.web.jobs.pids()
        assert old == []  # the worker that ran out of time was ended
        c.app.state.web.settings.limits.seconds = 120
        r = c.post("/api/check", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes())))
        assert r.status_code == 200 and r.json()["errors"] == 0  # a new worker serves the next request


# --- 4. advice names the page, not a command -------------------------------------------------------------


def test_next_year_from_a_workbook_with_errors_names_the_check_page(client, tmp_path):
    bad = edit_workbook(EXAMPLE, tmp_path / "有错误.xlsx", {("收入决算表", "C8"): 739.00})
    r = client.post("/api/next-year", files=_files("workbook", (bad.name, bad.read_bytes())))
    message = r.json()["error"]
    assert r.status_code == 400 and "“上传检查”页" in message and "pjgen" not in message


@pytest.mark.parametrize("cli", [
    "上年工作簿 x.xlsx 有 2 个错误，其中的决算数不能作为上年数。请先运行 pjgen check /tmp/x.xlsx 并修改后再试。",
    "缺少工作表“收入决算表”。请用 pjgen init 生成的模板补上这张表。",
    "找不到项目“单位名称”。请勿修改 A 列的项目名称（可用 pjgen init 生成新模板对照）。",
    "找不到 Word 模板：t.docx。请确认模板包完整，或用 --pack、--pack-dir、--template 指定模板。",
    "取自上年工作簿：2023.xlsx!收入支出决算总表!C16（上年收入支出总计）。pjgen check 会与上年工作簿核对。",
])
def test_the_web_variant_of_a_cli_message_names_no_command(cli):
    web = for_web(cli)
    assert web != cli and "pjgen" not in web and "--" not in web and ("页" in web or "管理员" in web)


def test_check_takes_last_years_workbook_as_prior(client, tmp_path):
    made = tmp_path / "2024.xlsx"
    carry_forward(EXAMPLE, made)
    changed = edit_workbook(made, tmp_path / "2024改.xlsx", {("上年及预算对比", "B2"): 1.00})
    r = client.post("/api/check", files=[*_files("workbook", (changed.name, changed.read_bytes())),
                                         *_files("prior", ("2023.xlsx", EXAMPLE.read_bytes()))])
    result = r.json()
    assert r.status_code == 200 and result["notes"] == ["已与上年工作簿 2023.xlsx 核对上年数。"]
    [differs] = [p for p in result["problems"] if p["code"] == "prior-differs"]
    assert differs["ref"] == "上年及预算对比!B2" and "2023.xlsx" in differs["what"] + differs["how"]
    alone = client.post("/api/check", files=_files("workbook", (changed.name, changed.read_bytes()))).json()
    assert not [p for p in alone["problems"] if p["code"] == "prior-differs"]
    assert "作为第二个文件一起上传" in alone["notes"][0]  # the page says how to compare


# --- 7. the blank workbook leaves nothing behind -------------------------------------------------------


def test_blank_workbook_leaves_no_folder(client):
    root = client.app.state.web.store.root
    before = entries(root)
    for _ in range(3):
        assert client.get("/api/blank").status_code == 200
    assert entries(root) == before and client.app.state.web.store.count() == len(before)


# --- 8. smaller things ------------------------------------------------------------------------------------


def test_a_changed_figure_is_marked_whole():
    assert token_spans("比上年减少62.40万元，下降2.29%。", "比上年减少150.00万元，下降5.74%。") == [
        ("=", "比上年减少"), ("-", "62.40"), ("+", "150.00"), ("=", "万元，下降"), ("-", "2.29%"), ("+", "5.74%"), ("=", "。")]


@given(st.text(alphabet="0123456789.,%万元增长下降，。 ", max_size=40), st.text(alphabet="0123456789.,%万元增长下降，。 ", max_size=40))
def test_token_spans_rebuild_both_sentences(old, new):
    spans = token_spans(old, new)
    assert "".join(t for op, t in spans if op != "+") == old
    assert "".join(t for op, t in spans if op != "-") == new


def test_comparing_two_units_warns(client, tmp_path):
    a, b = department(tmp_path, "甲单位"), department(tmp_path, "乙机关")
    r = client.post("/api/diff", files=[*_files("old", (a.name, a.read_bytes())), *_files("new", (b.name, b.read_bytes()))])
    assert r.json()["other_unit"] == "两个工作簿的单位名称不同（原：甲单位；新：乙机关）：请确认比较的是同一单位的工作簿。"
    same = client.post("/api/diff", files=[*_files("old", (a.name, a.read_bytes())), *_files("new", (a.name, a.read_bytes()))])
    assert same.json()["other_unit"] is None


def test_the_build_answer_names_the_unit(client):
    built = client.post("/api/build", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes()))).json()
    assert built["title"] == "中共昌吉回族自治州委员会组织部2023年度部门决算公开说明"
    assert built["docx"].startswith(f"/files/{built['id']}/")
    assert Document(io.BytesIO(client.get(built["docx"]).content)).core_properties.title == built["title"]


def test_the_blank_workbooks_instructions_name_the_page(client, tmp_path):
    from generator.workbook import read_workbook

    saved = tmp_path / "blank.xlsx"
    saved.write_bytes(client.get("/api/blank").content)
    sheet = read_workbook(saved).sheets["说明"]
    texts = [str(sheet.value(r, c)) for r in range(1, sheet.max_row + 1) for c in (1, 2) if sheet.value(r, c)]
    assert not [t for t in texts if "运行 pjgen" in t]
    assert any("“上传检查”页上传本工作簿" in t for t in texts)


def test_next_years_instructions_and_notes_name_the_pages(client, tmp_path):
    from generator.workbook import read_workbook

    made = client.post("/api/next-year", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes()))).json()
    saved = tmp_path / made["name"]
    saved.write_bytes(client.get(made["url"]).content)
    sheet = read_workbook(saved).sheets["说明"]
    texts = [str(sheet.value(r, c)) for r in range(1, sheet.max_row + 1) for c in (1, 2) if sheet.value(r, c)]
    assert [t for t in texts if "pjgen" in t and "网页版" not in t] == ["pjgen 部门决算公开工作簿 填写说明"]
    assert not [t for t in texts if "--" in t]


def test_a_request_over_the_memory_cap_is_refused_and_the_server_goes_on(no_pdf, template, tmp_path, monkeypatch):
    import web_support

    with _client(template, tmp_path / "web", limits=Limits(memory_mb=600), workers=1) as c:
        monkeypatch.setattr("generator.web.work.check", web_support.hog)
        r = c.post("/api/check", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes())))
        assert r.status_code == 503 and r.json()["error"].startswith("处理这个工作簿需要的内存超过了服务器的限制")
        monkeypatch.setattr("generator.web.work.check", web_support.die)
        r = c.post("/api/check", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes())))
        assert r.status_code == 500 and r.json()["error"].startswith("处理这个工作簿的进程意外退出")
        monkeypatch.undo()
        r = c.post("/api/check", files=_files("workbook", ("2023.xlsx", EXAMPLE.read_bytes())))
        assert r.status_code == 200 and r.json()["errors"] == 0


@given(st.text(min_size=1, max_size=120).filter(lambda n: "/" not in n and "\\" not in n and n.strip(". ")))
def test_messages_name_the_officers_file_never_the_servers(display):
    from generator.web.store import Upload

    upload = Upload("id", "session", Path("/srv/pjgen-web-x/abc"))
    stored = upload.folder / "in" / "1.xlsx"
    upload.names[stored] = display
    for message in (f"{stored} 不是 .xlsx 工作簿。", f"{stored.name} 有 2 个错误，请先修改。", f"无法打开 {stored}：权限不足。"):
        shown = upload.scrub(message)
        assert display in shown and "/srv/pjgen-web-x" not in shown and "1.xlsx" not in shown.replace(display, "")
