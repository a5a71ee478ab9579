"""pjgen installed as a user installs it: the wheel built from this checkout, installed with
pipx into a fresh virtual environment (its dependencies from the package index), then run
from a temporary folder with a Chinese name and a space, outside the checkout.

The wheel is built and installed once for the module (about 40 s, mostly pip installing the
dependencies); each test then runs one command of the installed ``pjgen``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request
import uuid
import zipfile
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from generator import __version__
from generator.workbook import read_workbook

from conftest import need_pdf_tools

ROOT = Path(__file__).resolve().parent.parent
XINJIANG = ROOT / "inputs" / "2023.xlsx"
SHANGHAI = ROOT / "inputs" / "shanghai-2024.xlsx"
XINJIANG_TITLE = "中共昌吉回族自治州委员会组织部2023年度部门决算公开说明"
SHANGHAI_TITLE = "上海市普陀区规划和自然资源局2024年度部门决算"


class Installed:
    def __init__(self, exe: Path, home: Path, work: Path, env: dict[str, str]) -> None:
        self.exe, self.home, self.work, self.env = exe, home, work, env

    def run(self, *args: object, ok: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(self.exe), *map(str, args)], cwd=self.work, env=self.env, capture_output=True,
                                text=True, encoding="utf-8", timeout=timeout)
        if ok:
            assert result.returncode == 0, result.stdout + result.stderr
        return result


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without this checkout's virtual environment or import path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if str(ROOT) not in p)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    # Built from a copy: the build's own folders (build/, *.egg-info) stay out of the checkout, and
    # nothing left over there from an earlier build can slip into the wheel.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "outputs", "__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("pjgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("generator/builtin_packs/shanghai-2024/template.docx", "generator/builtin_packs/xinjiang-2023/pack.toml",
                   "generator/fonts/fonts.conf", "generator/web/static/app.js", "generator/web/templates/base.html"):
        assert needed in names
    pipx_env = _clean_env(PIPX_HOME=str(base / "pipx"), PIPX_BIN_DIR=str(base / "bin"), PIPX_MAN_DIR=str(base / "man"),
                          PIPX_DEFAULT_PYTHON=sys.executable)
    install = subprocess.run([sys.executable, "-m", "pipx", "install", str(wheel)], env=pipx_env, capture_output=True,
                             text=True, timeout=900)
    assert install.returncode == 0, install.stdout + install.stderr
    exe = base / "bin" / ("pjgen.exe" if sys.platform == "win32" else "pjgen")
    assert exe.exists()
    work = base / "财务 科"
    work.mkdir()
    env = _clean_env(PJGEN_PACKS=str(base / "已安装 模板包"))
    return Installed(exe, base / "pipx", work, env)


def test_version(installed):
    assert installed.run("--version").stdout.strip() == f"pjgen {__version__}"


def test_packs_come_from_the_installed_package(installed):
    out = installed.run("packs").stdout.replace("\n", "")
    assert "shanghai-2024" in out and "xinjiang-2023" in out
    shipped = installed.home / "venvs" / "pjgen"
    assert [p for p in shipped.rglob("builtin_packs") if p.is_dir()]
    assert str(ROOT) not in out  # nothing is read from the checkout
    assert "正式字体：" in out


def test_init_with_the_shanghai_pack(installed):
    installed.run("init", "--pack", "shanghai-2024", "新 工作簿.xlsx")
    meta = read_workbook(installed.work / "新 工作簿.xlsx").meta
    shipped = tomllib.loads((ROOT / "templates" / "shanghai-2024" / "pack.toml").read_text(encoding="utf-8"))
    assert meta == {"pack": "shanghai-2024", "pack_version": shipped["version"], "pjgen_version": __version__}


def test_build_both_worked_examples(installed):
    shutil.copy(XINJIANG, installed.work / "昌吉 2023.xlsx")
    shutil.copy(SHANGHAI, installed.work / "普陀 2024.xlsx")
    installed.run("build", "昌吉 2023.xlsx", "普陀 2024.xlsx", "--format", "docx", "-o", "输出 文件")
    out = installed.work / "输出 文件"
    for title in (XINJIANG_TITLE, SHANGHAI_TITLE):
        docx = out / f"{title}.docx"
        assert docx.is_file() and zipfile.is_zipfile(docx)


@pytest.mark.pdf
def test_build_pdf_of_both_worked_examples(installed):
    need_pdf_tools()
    shutil.copy(XINJIANG, installed.work / "昌吉 pdf.xlsx")
    shutil.copy(SHANGHAI, installed.work / "普陀 pdf.xlsx")
    installed.run("build", "昌吉 pdf.xlsx", "普陀 pdf.xlsx", "--format", "pdf", "-o", "PDF 输出")
    for title in (XINJIANG_TITLE, SHANGHAI_TITLE):
        assert (installed.work / "PDF 输出" / f"{title}.pdf").read_bytes()[:5] == b"%PDF-"


def test_install_a_copied_pack(installed):
    shipped = next(p for p in (installed.home / "venvs" / "pjgen").rglob("builtin_packs") if p.is_dir())
    mine = installed.work / "我的 模板包"
    shutil.copytree(shipped / "shanghai-2024", mine)
    manifest = mine / "pack.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('id = "shanghai-2024"', 'id = "putuo-2025"'),
                        encoding="utf-8")
    out = installed.run("packs", "--install", mine).stdout.replace("\n", "")
    assert "已安装模板包 putuo-2025" in out
    listing = installed.run("packs").stdout.replace("\n", "")
    assert "putuo-2025" in listing and "已安装" in listing
    installed.run("init", "--pack", "putuo-2025", "普陀 2025.xlsx")
    assert read_workbook(installed.work / "普陀 2025.xlsx").meta["pack"] == "putuo-2025"


def test_check_json(installed):
    shutil.copy(XINJIANG, installed.work / "检查.xlsx")
    report = json.loads(installed.run("check", "--format", "json", "检查.xlsx").stdout)
    assert report["format"] == "pjgen-report" and report["version"] == 1 and report["ok"] is True
    assert report["workbooks"][0]["pack"] == "xinjiang-2023" and report["workbooks"][0]["warnings"] > 0


def test_diff_and_import_run(installed):
    shutil.copy(XINJIANG, installed.work / "比较.xlsx")
    assert "两个工作簿的内容相同" in installed.run("diff", "比较.xlsx", "比较.xlsx").stdout
    installed.run("init", "导入目标.xlsx")
    result = installed.run("import", "--json", "比较.xlsx", "--into", "导入目标.xlsx")
    assert len([t for t in json.loads(result.stdout)["workbooks"][0]["tables"] if t["written"]]) == 9


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
    body = head.encode("utf-8") + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_serve_builds_through_http(installed, tmp_path):
    port = _free_port()
    env = {**installed.env, "PJGEN_SOFFICE": str(tmp_path / "no-soffice")}  # no LibreOffice process for this test
    server = subprocess.Popen([str(installed.exe), "serve", "--port", str(port), "--no-browser",
                               "--work-dir", str(tmp_path / "上传")], cwd=installed.work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        page = None
        for _ in range(200):
            try:
                page = opener.open(f"{base}/build", timeout=5).read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode("utf-8", "replace")
                time.sleep(0.1)
        assert page is not None and "<h1>生成</h1>" in page
        body, kind = _multipart("workbook", "昌吉 2023.xlsx", XINJIANG.read_bytes())
        request = urllib.request.Request(f"{base}/api/build", data=body, headers={"Content-Type": kind})
        answer = json.loads(opener.open(request, timeout=120).read())
        assert answer["ok"] is True, answer
        docx = opener.open(base + urllib.parse.quote(answer["docx"]), timeout=30).read()
        assert docx[:2] == b"PK" and len(docx) > 10_000
    finally:
        try:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=20)
        except ProcessLookupError:  # the server had already ended (its output is in the failure above)
            server.wait()
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        finally:
            server.stdout.close()


def test_every_package_of_generator_goes_into_the_wheel():
    """pyproject lists the packages by name: a new subpackage left out would install without its modules."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found <= listed, sorted(found - listed)
