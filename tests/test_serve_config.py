"""`pjgen serve --check-config`: what the server would use, from options and PJGEN_* variables."""

from __future__ import annotations

from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def config(*args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    result = runner.invoke(app, ["serve", "--check-config", *args], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.replace("\n ", " ").splitlines()
    return dict(line.split("：", 1) for line in lines if "：" in line)


def test_defaults():
    shown = config()
    assert shown["监听地址"].startswith("127.0.0.1:自动选择空闲端口")
    assert shown["访问令牌"].startswith("不需要")
    assert shown["上传上限"].startswith("每个工作簿 20 MB")
    assert shown["保留时间"] == "上传的文件 60 分钟不用后删除"
    assert "pjgen-web-" in shown["文件存放"]
    assert shown["浏览器"] == "启动后打开本机的浏览器"


def test_environment_variables_are_read(tmp_path):
    env = {"PJGEN_HOST": "0.0.0.0", "PJGEN_PORT": "8123", "PJGEN_TOKEN": "s3cret-token",
           "PJGEN_MAX_SIZE": "5", "PJGEN_KEEP_MINUTES": "30", "PJGEN_WORK_DIR": str(tmp_path / "work"),
           "PJGEN_FONTS": str(tmp_path), "PJGEN_PACKS": str(tmp_path / "packs")}
    shown = config(env=env)
    assert shown["监听地址"] == "0.0.0.0:8123（局域网中的其他电脑可以访问）"
    assert shown["访问令牌"] == "已设置（12 个字符）" and "s3cret" not in str(shown)
    assert shown["上传上限"].startswith("每个工作簿 5 MB")
    assert shown["保留时间"] == "上传的文件 30 分钟不用后删除"
    assert shown["文件存放"].startswith(str(tmp_path / "work"))
    assert shown["字体文件夹"] == str(tmp_path)
    assert shown["已安装模板包"].startswith(str(tmp_path / "packs"))


def test_no_browser():
    assert config("--no-browser")["浏览器"] == "不打开"


def test_options_win_over_environment():
    shown = config("--port", "9000", env={"PJGEN_PORT": "8123"})
    assert shown["监听地址"].startswith("127.0.0.1:9000")


def test_open_to_the_network_without_token_says_one_is_generated():
    assert config("--host", "0.0.0.0")["访问令牌"].startswith("未设置：启动时自动生成")


def test_missing_libreoffice_is_said(tmp_path):
    shown = config(env={"PJGEN_SOFFICE": str(tmp_path / "none")})
    assert shown["LibreOffice"].startswith("未找到，只生成 Word 文档") and "libreoffice.org" in shown["LibreOffice"]


def test_missing_fonts_folder_is_a_problem(tmp_path):
    assert config("--fonts", str(tmp_path / "nowhere"))["问题"].startswith("字体文件夹不存在")


def test_nothing_is_started(tmp_path):
    """--check-config returns at once: no upload folder is created."""
    config("--work-dir", str(tmp_path / "work"))
    assert not (tmp_path / "work").exists()


def test_deploy_guide_names_only_real_settings():
    """docs/deploy.md: every PJGEN_ variable and option it gives is one pjgen serve reads, and all are there."""
    import re
    from pathlib import Path

    from typer.main import get_command

    guide = (Path(__file__).resolve().parent.parent / "docs" / "deploy.md").read_text(encoding="utf-8")
    serve = get_command(app).commands["serve"]
    envvars = {p.envvar for p in serve.params if p.envvar}
    options = {o for p in serve.params for o in p.opts}
    assert set(re.findall(r"PJGEN_[A-Z_]+", guide)) == envvars | {"PJGEN_PACKS", "PJGEN_SOFFICE"}
    for row in re.findall(r"^\| `(PJGEN_[A-Z_]+)` \| `?([^`|]*)`? \|", guide, re.M):
        name, option = row
        if option.strip() != "—":
            assert option in options and next(p for p in serve.params if option in p.opts).envvar == name
