"""``pjgen serve``: the web pages on this computer or the local network; every option can come
from a PJGEN_* environment variable, and ``--check-config`` shows the settings without serving."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from generator.cli_output import console, err_console, error, text


def serve(
    host: str = typer.Option("127.0.0.1", "--host", envvar="PJGEN_HOST", help="监听地址；0.0.0.0 供局域网中的其他电脑访问（需要令牌）", metavar="地址"),
    port: int = typer.Option(0, "--port", min=0, max=65535, envvar="PJGEN_PORT", help="端口；0 表示自动选择空闲端口", metavar="端口"),
    token: Optional[str] = typer.Option(None, "--token", envvar="PJGEN_TOKEN", help="访问令牌；监听非本机地址时不给则自动生成", metavar="令牌"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器"),
    processes: int = typer.Option(1, "-j", "--jobs", min=1, envvar="PJGEN_JOBS", help="常驻的 LibreOffice 进程数（同时转换的 PDF 数）", metavar="个数"),
    max_size: float = typer.Option(20, "--max-size", min=0.1, envvar="PJGEN_MAX_SIZE", help="每个工作簿的上传上限（MB）", metavar="MB"),
    keep_minutes: float = typer.Option(60, "--keep-minutes", min=1, envvar="PJGEN_KEEP_MINUTES", help="上传的文件多久不用后删除（分钟）", metavar="分钟"),
    fonts: Optional[Path] = typer.Option(None, "--fonts", envvar="PJGEN_FONTS", help="正式字体文件所在文件夹，生成 PDF 时优先使用", metavar="文件夹"),
    work_dir: Optional[Path] = typer.Option(
        None, "--work-dir", envvar="PJGEN_WORK_DIR", metavar="文件夹",
        help="存放上传的工作簿和生成的文档的文件夹（默认：系统临时文件夹中新建一个，停止时删除）"),
    time_limit: float = typer.Option(120, "--time-limit", min=1, envvar="PJGEN_TIME_LIMIT", help="每次检查或生成的时间上限（秒），超过即停止并告知", metavar="秒"),
    max_files: int = typer.Option(50, "--max-files", min=1, envvar="PJGEN_MAX_FILES", help="批量上传一次最多的工作簿数", metavar="个数"),
    check_config: bool = typer.Option(False, "--check-config", help="只显示将要使用的设置（地址、令牌、上限、文件夹、LibreOffice、字体、模板包），不启动服务"),
) -> None:
    """启动网页版：在浏览器中检查工作簿、生成文档、比较修改、批量处理。按 Ctrl+C 停止。

    每个选项也可以用环境变量给出（变量名见部署说明），便于作为系统服务运行；--check-config 显示将要使用的设置。
    """
    from generator.web.app import MB, Limits, WebSettings
    from generator.web.serve import free_port, run

    settings = WebSettings(max_upload=int(max_size * MB), idle=keep_minutes * 60, token=token,
                           pdf_processes=processes, font_dir=fonts, root=work_dir, limits=Limits(seconds=time_limit),
                           max_batch=max_files)
    if check_config:
        from generator.serve_config import describe

        for label, value in describe(settings, host, port, open_browser=not no_browser):
            console.print(text((f"{label}：", "bold"), value))
        return

    def announce(plan) -> None:
        if plan.warning:
            err_console.print(text((plan.warning, "bold yellow")))
        console.print(text(f"pjgen 网页版已启动：{plan.url}  （按 Ctrl+C 停止）"))
        if plan.shared_url and plan.shared_url != plan.url:
            console.print(text(f"局域网中的其他电脑请打开：{plan.shared_url}"))

    try:
        run(settings, host, port or free_port(host), open_browser=not no_browser, announce=announce)
    except OSError as exc:
        from generator.problems import describe_os_error

        error(f"无法在 {host}:{port or '自动选择的端口'} 启动服务：{describe_os_error(exc)}。请换一个端口（--port）或地址（--host）。")
        raise typer.Exit(1)
