"""pjgen serve: the endpoints, through Starlette's test client (no browser, no network).

PDF conversion is switched off here (no soffice found); test_web_pdf.py has it,
the browser tests are in test_web_browser.py.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from starlette.testclient import TestClient
from typer.testing import CliRunner

from bad_files import BAD_FILES
from conftest import BASELINE
from build_support import EXAMPLE, department, edit_workbook, template  # noqa: F401  (fixture)
from generator import convert, schema
from generator.cli import app as cli_app
from generator.pipeline import validate
from generator.web import serve
from generator.web.app import WebSettings, create_app, split_advice
import web_support
from web_support import entries
from generator.workbook import read_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "中共昌吉回族自治州委员会组织部2023年度部门决算公开说明"


@pytest.fixture(scope="module")
def no_pdf() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(convert.SOFFICE_ENV, "/nonexistent/soffice")
        yield


def _client(settings: WebSettings) -> TestClient:
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(no_pdf, template, tmp_path_factory) -> Iterator[TestClient]:
    settings = WebSettings(template=template, root=tmp_path_factory.mktemp("web"))
    with _client(settings) as c:
        yield c


def upload(c: TestClient, url: str, *paths: Path, field: str = "workbook", name: str | None = None):
    files = [(field, (name or p.name, p.read_bytes(), XLSX)) for p in paths]
    return c.post(url, files=files)


def store(c: TestClient):
    return c.app.state.web.store


# --- pages -------------------------------------------------------------------------


def test_every_page_is_chinese_and_loads_nothing_from_the_network(client):
    for path, label in [("/", "上传检查"), ("/build", "生成"), ("/diff", "修改对比"), ("/blank", "空白工作簿 / 下一年"), ("/batch", "批量")]:
        r = client.get(path)
        assert r.status_code == 200 and f"<h1>{label}</h1>" in r.text
        assert "http://" not in r.text and "https://" not in r.text  # scripts and styles are served locally
    for script in ("common.js", "problems.js", "app.js"):
        assert client.get(f"/static/{script}").status_code == 200
    assert client.get("/static/app.css").status_code == 200


# --- 上传检查 ---------------------------------------------------------------------------


def test_worked_example_has_no_errors(client):
    r = upload(client, "/api/check", EXAMPLE)
    assert r.status_code == 200
    result = r.json()
    assert (result["errors"], result["warnings"]) == (0, len(BASELINE))
    assert sorted((p["ref"], p["code"]) for p in result["problems"]) == BASELINE
    assert {p["level"] for p in result["problems"]} == {"警告"}
    sheet = next(s for s in result["sheets"] if s["name"] == "绩效自评指标")
    assert sheet["cells"] == ["F66"] and len(sheet["rows"]) >= 66
    assert {s["name"] for s in result["sheets"]} == {ref.split("!")[0] for ref, _ in BASELINE}


def test_wrong_figure_is_named_and_shown_in_its_sheet(client, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "改错.xlsx", {("收入决算表", "C8"): 739.00})
    result = upload(client, "/api/check", book).json()
    errors = {(p["ref"], p["code"]) for p in result["problems"] if p["error"]}
    assert errors == {("收入决算表!C7", "total-mismatch"), ("收入决算表!C8", "total-mismatch")}
    expected = {str(p.ref): p.message for p in validate(book).problems}
    for p in result["problems"]:
        assert (p["what"][:-1], p["how"]) == split_message(expected[p["ref"]])  # the CLI's message, split in two
    sheet = next(s for s in result["sheets"] if s["name"] == "收入决算表")
    assert {"C7", "C8"} <= set(sheet["cells"]) == {p["cell"] for p in result["problems"] if p["sheet"] == "收入决算表"}
    assert sheet["rows"][7][2] == "739"  # row 8, column C, as `pjgen diff` shows a value


def split_message(message: str) -> tuple[str, str]:
    """The message's text before its last 请-advice (without the mark before it), and the advice."""
    at = max(message.rfind(mark) for mark in ("。请", "，请", "；请"))
    return message[:at], message[at + 1:]


def test_split_advice():
    assert split_advice("A 为 1，但 B 为 2。请核对。") == ("A 为 1，但 B 为 2。", "请核对。")
    assert split_advice("没有建议的说明。") == ("没有建议的说明。", "")


def test_explanation_never_ends_in_a_dangling_comma():
    assert split_advice("有差异，但未说明原因。文档中将为空，请填写。") == ("有差异，但未说明原因。文档中将为空。", "请填写。")
    assert split_advice("合计相差 0.01，在尾差（不超过 0.025）以内，请确认是尾差而不是录入错误。") == (
        "合计相差 0.01，在尾差（不超过 0.025）以内。", "请确认是尾差而不是录入错误。")


# --- safety ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in BAD_FILES if k not in ("missing", "directory")])
def test_broken_or_hostile_workbook_gets_the_cli_message_and_the_server_stays_up(client, tmp_path, kind):
    factory, error, phrase = BAD_FILES[kind]
    bad = factory(tmp_path)
    with pytest.raises(error) as raised:
        read_workbook(bad)
    cli = CliRunner().invoke(cli_app, ["check", str(bad)])
    assert cli.exit_code == 1 and phrase in cli.output
    r = upload(client, "/api/check", bad, name=bad.with_suffix(".xlsx").name)
    assert r.status_code == 400
    message = r.json()["error"]
    assert phrase in message and str(tmp_path) not in message
    if bad.suffix == ".xlsx":
        assert message == str(raised.value).replace(f"{bad.parent}/", "")  # what the CLI says, without folders
    assert upload(client, "/api/check", EXAMPLE).json()["errors"] == 0  # still serving


def test_only_xlsx_by_name_and_by_content(client, tmp_path):
    text = tmp_path / "说明.txt"
    text.write_text("不是工作簿", encoding="utf-8")
    r = upload(client, "/api/check", text)
    assert r.status_code == 400 and "只接受 Excel 工作簿（.xlsx）" in r.json()["error"]
    disguised = tmp_path / "伪装.xlsx"
    disguised.write_bytes(b"MZ" + bytes(2000))  # a program renamed to .xlsx
    r = upload(client, "/api/check", disguised)
    assert r.status_code == 400 and "不是 .xlsx 工作簿" in r.json()["error"]


def test_size_limit_is_answered_with_a_message(no_pdf, template, tmp_path):
    with _client(WebSettings(template=template, max_upload=4096, root=tmp_path / "web")) as c:
        r = upload(c, "/api/check", EXAMPLE)
        assert r.status_code == 413
        assert r.json()["error"] == "2023.xlsx 太大：上传限制为每个工作簿 0.00390625 MB。"
        assert entries(tmp_path / "web") == []  # refused before anything was saved


def test_size_limit_in_megabytes(no_pdf, template, tmp_path):
    big = tmp_path / "大.xlsx"
    big.write_bytes(EXAMPLE.read_bytes() + bytes(3 * 1024 * 1024))
    with _client(WebSettings(template=template, max_upload=2 * 1024 * 1024, root=tmp_path / "web")) as c:
        r = upload(c, "/api/check", big)
        assert r.status_code == 413
        assert r.json()["error"] == "大.xlsx 太大：上传限制为每个工作簿 2 MB。"
        assert entries(tmp_path / "web") == []


def test_each_upload_has_its_own_folder_deleted_after_idle_time(client):
    first = upload(client, "/api/build", EXAMPLE).json()
    second = upload(client, "/api/build", EXAMPLE).json()
    s = store(client)
    folders = [s.get(client.cookies["pjgen_session"], r["id"]).folder for r in (first, second)]
    assert folders[0] != folders[1] and all(f.parent == s.root for f in folders)
    assert client.get(first["docx"]).status_code == 200
    s._uploads[first["id"]].touched -= s.idle + 1  # the first upload has not been used for longer than allowed
    s._uploads[second["id"]].requests += 1  # the second is still being worked on
    s._uploads[second["id"]].touched -= s.idle + 1
    assert s.sweep() == 1
    s._uploads[second["id"]].release()
    assert not folders[0].exists() and folders[1].exists()
    r = client.get(first["docx"])
    assert r.status_code == 404 and "已超过保留时间" in r.json()["error"]
    assert client.get(second["docx"]).status_code == 200


def test_idle_uploads_are_removed_by_the_server_itself(no_pdf, template, tmp_path):
    settings = WebSettings(template=template, root=tmp_path / "web", idle=1.0, sweep_every=0.1)
    with _client(settings) as c:
        built = upload(c, "/api/build", EXAMPLE).json()
        folder = tmp_path / "web" / built["id"]
        assert folder.is_dir()
        deadline = time.monotonic() + 30
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not folder.exists()
        assert c.get(built["docx"]).status_code == 404


def test_uploaded_file_names_cannot_leave_the_upload_folder(client):
    r = upload(client, "/api/check", EXAMPLE, name="../../../../tmp/逃逸.xlsx")
    assert r.status_code == 200 and r.json()["name"] == "逃逸.xlsx"
    folder = store(client).root / r.json()["id"]
    assert [p.name for p in folder.rglob("*.xlsx")] == ["1.xlsx"]  # stored under a generated name
    assert not Path("/tmp/逃逸.xlsx").exists()


@pytest.mark.parametrize(
    "name",
    ["..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..%2Fin%2F2023.xlsx", "2023.xlsx", "..", ".pjgen-manifest.json"],
)
def test_downloads_only_what_the_server_offered(client, name):
    built = upload(client, "/api/build", EXAMPLE).json()
    upload_id = built["id"]
    r = client.get(f"/files/{upload_id}/{name}")
    assert r.status_code == 404
    assert client.get(built["docx"]).status_code == 200


def test_users_never_see_each_others_files(no_pdf, template, tmp_path):
    app = create_app(WebSettings(template=template, root=tmp_path / "web"))
    with TestClient(app) as alice, TestClient(app) as bob:
        built = upload(alice, "/api/build", EXAMPLE).json()
        assert alice.get(built["docx"]).status_code == 200
        assert bob.get(built["docx"]).status_code == 404  # the address alone is not enough
        assert bob.get(f"/api/build/{built['id']}").status_code == 404
        assert alice.cookies["pjgen_session"] != bob.cookies["pjgen_session"]


def test_unexpected_failure_answers_in_chinese_and_the_server_goes_on(client, monkeypatch):
    monkeypatch.setattr("generator.web.work.check", web_support.crash)  # fails inside the worker process
    r = upload(client, "/api/check", EXAMPLE)
    assert r.status_code == 500 and "服务器处理时出错" in r.json()["error"] and "boom" not in r.text
    monkeypatch.undo()
    assert upload(client, "/api/check", EXAMPLE).status_code == 200


def test_token_protects_every_page_and_endpoint(no_pdf, template, tmp_path):
    with _client(WebSettings(template=template, token="s3cret-token", root=tmp_path / "web")) as c:
        for path in ("/", "/build", "/batch", "/static/app.js", "/api/blank"):
            r = c.get(path)
            assert r.status_code == 403 and "需要访问令牌" in r.text
        assert upload(c, "/api/check", EXAMPLE).status_code == 403
        assert c.get("/?token=wrong").status_code == 403
        r = c.get("/build?token=s3cret-token", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/build"  # the token leaves the address bar
        assert c.get("/build").status_code == 200
        assert upload(c, "/api/check", EXAMPLE).status_code == 200


def test_network_host_prints_a_warning_and_needs_a_token():
    local = serve.plan("127.0.0.1", 8123, None)
    assert (local.url, local.token, local.warning) == ("http://127.0.0.1:8123/", None, None)
    shared = serve.plan("0.0.0.0", 8123, None)
    assert shared.token and len(shared.token) >= 20 and "局域网" in shared.warning
    assert shared.url == f"http://127.0.0.1:8123/?token={shared.token}"
    if shared.shared_url is not None:  # this machine's address in the network, when it has one
        assert shared.shared_url.endswith(f":8123/?token={shared.token}")
    assert serve.plan("0.0.0.0", 8123, "mine").token == "mine"


def test_serve_command_announces_warning_and_tokened_address(monkeypatch):
    seen = {}

    def fake_run(settings, host, port, *, open_browser, announce):
        chosen = serve.plan(host, port, settings.token)
        seen.update(token=chosen.token, open_browser=open_browser, max_upload=settings.max_upload,
                    seconds=settings.limits.seconds, max_batch=settings.max_batch)
        announce(chosen)

    monkeypatch.setattr(serve, "run", fake_run)
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "8765", "--no-browser", "--max-size", "5",
                                          "--time-limit", "30", "--max-files", "10"])
    assert result.exit_code == 0, result.output
    assert "局域网" in result.output and f"http://127.0.0.1:8765/?token={seen['token']}" in result.output
    assert seen["open_browser"] is False and seen["max_upload"] == 5 * 1024 * 1024
    assert (seen["seconds"], seen["max_batch"]) == (30, 10)


# --- 生成 -----------------------------------------------------------------------------


def test_build_writes_the_docx_and_says_pdf_is_unavailable(client):
    result = upload(client, "/api/build", EXAMPLE).json()
    assert result["ok"] and result["warnings"] == len(BASELINE)
    doc = Document(io.BytesIO(client.get(result["docx"]).content))
    assert doc.core_properties.title == TITLE
    assert result["pdf"] == "unavailable" and "没有安装 LibreOffice" in result["message"]
    assert "scripts/setup" not in result["message"] and "重新运行" not in result["message"]  # no terminal advice


def test_workbook_with_errors_gets_no_document(client, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "改错.xlsx", {("收入决算表", "C8"): 739.00})
    result = upload(client, "/api/build", book).json()
    assert result["ok"] is False and "docx" not in result
    assert result["message"] == "工作簿有 2 个错误，没有生成文档。请按下表修改后重新上传。"
    assert {p["ref"] for p in result["problems"] if p["error"]} == {"收入决算表!C7", "收入决算表!C8"}
    assert not list((store(client).root / result["id"]).rglob("*.docx"))


# --- 修改对比, 空白工作簿 ---------------------------------------------------------------------


def test_diff_shows_the_changed_cell_and_sentence(client, tmp_path):
    corrected = edit_workbook(EXAMPLE, tmp_path / "修改后.xlsx", {("上年及预算对比", "B2"): 2739.81})
    r = client.post("/api/diff", files=[("old", ("原.xlsx", EXAMPLE.read_bytes(), XLSX)),
                                        ("new", ("修改后.xlsx", corrected.read_bytes(), XLSX))])
    result = r.json()
    assert result["cells"] == [{"ref": "上年及预算对比!B2", "old": "2729.81", "new": "2739.81"}]
    [sentence] = [t for t in result["text"] if t["kind"] == "sentence"]
    assert "减少62.40万元，下降2.29%" in sentence["old"] and "减少72.40万元，下降2.64%" in sentence["new"]
    assert "".join(text for op, text in sentence["spans"] if op != "+") == sentence["old"]


def test_diff_with_a_broken_workbook_lists_its_errors(client, tmp_path):
    bad = edit_workbook(EXAMPLE, tmp_path / "bad.xlsx", {("上年及预算对比", "B2"): "两千"})
    r = client.post("/api/diff", files=[("old", ("原.xlsx", EXAMPLE.read_bytes(), XLSX)),
                                        ("new", ("bad.xlsx", bad.read_bytes(), XLSX))])
    result = r.json()
    assert result["text"] is None and result["new"]["errors"] >= 1
    assert "上年及预算对比!B2" in {p["ref"] for p in result["new"]["problems"]}


def test_blank_workbook_download(client, tmp_path):
    r = client.get("/api/blank")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    path = tmp_path / "blank.xlsx"
    path.write_bytes(r.content)
    book = read_workbook(path)  # no pack chosen: the default pack's workbook, as `pjgen init` writes it
    from generator.packs import DEFAULT_PACK, find_pack

    assert book.meta.get("pack") == DEFAULT_PACK
    assert [s for s in book.sheets if s in schema.SHEET_ORDER] == list(find_pack(DEFAULT_PACK).selection.order())


@pytest.mark.parametrize("pack", ["xinjiang-2023", "shanghai-2024", "shanghai-2025"])
def test_blank_workbook_for_a_chosen_pack_is_what_init_writes(client, tmp_path, pack):
    from generator.packs import find_pack

    page = client.get("/blank")
    assert f'value="{pack}"' in page.text
    r = client.get(f"/api/blank?pack={pack}")
    assert r.status_code == 200, r.text
    path = tmp_path / "blank.xlsx"
    path.write_bytes(r.content)
    book = read_workbook(path)
    from generator.packs import workbook_meta

    assert book.meta == workbook_meta(find_pack(pack))  # the pack, its version and pjgen's, as init records
    wanted = list(find_pack(pack).selection.order())
    assert [s for s in book.sheets if s in schema.SHEET_ORDER] == wanted


def test_blank_workbook_for_an_unknown_pack_is_refused_in_chinese(client):
    r = client.get("/api/blank?pack=no-such-pack")
    assert r.status_code == 400 and "no-such-pack" in r.text


def test_next_year_workbook_is_what_init_from_writes(client, tmp_path):
    from generator.carry import carry_forward, recorded_origin

    r = upload(client, "/api/next-year", EXAMPLE)
    assert r.status_code == 200, r.text
    result = r.json()
    expected = carry_forward(EXAMPLE, tmp_path / "2024.xlsx")
    assert (result["year"], result["carried"], result["review"]) == (expected.year, expected.carried, expected.review)
    assert result["name"] == "中共昌吉回族自治州委员会组织部2024年度决算工作簿.xlsx"  # named after unit and year
    saved = tmp_path / "web" / "2023.xlsx"
    saved.parent.mkdir()
    (saved.parent / result["name"]).write_bytes(client.get(result["url"]).content)
    book = read_workbook(saved.parent / result["name"])
    assert recorded_origin(book) == saved.resolve()  # kept beside last year's workbook, it finds it


def test_next_year_for_another_pack_is_what_init_from_pack_writes(client, tmp_path):
    from generator.carry import carry_forward
    from generator.packs import find_pack

    r = client.post("/api/next-year?pack=shanghai-2024", files=[("workbook", (EXAMPLE.name, EXAMPLE.read_bytes(), XLSX))])
    assert r.status_code == 200, r.text
    result = r.json()
    expected = carry_forward(EXAMPLE, tmp_path / "2024.xlsx", find_pack("shanghai-2024"))
    assert (result["carried"], result["review"]) == (expected.carried, expected.review)
    made = tmp_path / result["name"]
    made.write_bytes(client.get(result["url"]).content)
    book = read_workbook(made)
    assert book.meta["pack"] == "shanghai-2024"
    assert "单位构成" in book.sheets  # the Shanghai pack's own sheets


def test_next_year_for_an_unknown_pack_is_refused(client):
    r = client.post("/api/next-year?pack=no-such-pack", files=[("workbook", (EXAMPLE.name, EXAMPLE.read_bytes(), XLSX))])
    assert r.status_code == 400 and "no-such-pack" in r.json()["error"]


def test_next_year_from_a_workbook_with_errors_is_refused(client, tmp_path):
    bad = edit_workbook(EXAMPLE, tmp_path / "有错误.xlsx", {("收入决算表", "C8"): 739.00})
    r = upload(client, "/api/next-year", bad)
    assert r.status_code == 400
    message = r.json()["error"]
    assert "上年工作簿 有错误.xlsx 有 2 个错误" in message and str(store(client).root) not in message


# --- 批量 ------------------------------------------------------------------------------


def _wait_batch(c: TestClient, batch_id: str) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = c.get(f"/api/batch/{batch_id}").json()
        if state["done"]:
            return state
        time.sleep(0.2)
    raise AssertionError("batch did not finish")


def test_batch_of_three_with_one_broken_as_zip(client, tmp_path):
    good = [department(tmp_path / "in", name) for name in ("甲单位", "乙机关")]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for book in good:
            z.write(book, f"各单位/{book.name}")
        z.writestr("各单位/坏文件.xlsx", "单位名称,金额\n")
        z.writestr("各单位/说明.txt", "ignored")
    r = client.post("/api/batch", files=[("workbooks", ("全部.zip", archive.getvalue(), "application/zip"))])
    assert r.status_code == 200 and [i["label"] for i in r.json()["items"]] == ["检查中"] * 3
    state = _wait_batch(client, r.json()["id"])
    rows = {i["name"]: (i["state"], i.get("errors"), i.get("warnings")) for i in state["items"]}
    warned = len(BASELINE)  # the worked example's own warnings
    assert rows == {"甲单位.xlsx": ("built", 0, warned), "乙机关.xlsx": ("built", 0, warned),
                    "坏文件.xlsx": ("failed", None, None)}
    broken = next(i for i in state["items"] if i["name"] == "坏文件.xlsx")
    assert "不是 .xlsx 工作簿" in broken["message"]
    z = zipfile.ZipFile(io.BytesIO(client.get(state["zip"]).content))
    assert sorted(z.namelist()) == sorted([f"{n}2023年度部门决算公开说明.docx" for n in ("甲单位", "乙机关")] + ["汇总.xlsx"])


def test_batch_reports_the_errors_of_an_invalid_workbook(client, tmp_path):
    good = department(tmp_path / "in", "甲单位")
    bad = edit_workbook(good, tmp_path / "有错误.xlsx", {("收入决算表", "C8"): 739.00})
    r = client.post("/api/batch", files=[("workbooks", (p.name, p.read_bytes(), XLSX)) for p in (good, bad)])
    state = _wait_batch(client, r.json()["id"])
    invalid = next(i for i in state["items"] if i["name"] == "有错误.xlsx")
    assert (invalid["state"], invalid["label"], invalid["errors"]) == ("invalid", "错误 2", 2)
    assert "docx" not in invalid


def test_pjgen_error_stops_nothing_else(client, monkeypatch, tmp_path):
    monkeypatch.setattr("generator.web.work.build_docx", web_support.refuse_template)
    r = upload(client, "/api/build", EXAMPLE)
    assert r.status_code == 400
    assert r.json()["error"] == "找不到 Word 模板：x.docx。请联系管理员确认服务器上的模板包完整。"  # the web's advice
    monkeypatch.undo()
    assert upload(client, "/api/build", EXAMPLE).json()["ok"]
