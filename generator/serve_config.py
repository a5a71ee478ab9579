"""``pjgen serve --check-config``: what the server would use, as (label, value) lines in Chinese,
read from the options and environment variables without starting anything."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.web.app import WebSettings


def describe(settings: WebSettings, host: str, port: int, open_browser: bool = True) -> list[tuple[str, str]]:
    from generator import __version__
    from generator.fontfind import find_official_fonts
    from generator.packs import PACKS_DIR
    from generator.places import user_packs_dir
    from generator.soffice_find import HOW_TO_GET_PDF, find_soffice
    from generator.web.app import MB
    from generator.web.serve import is_loopback

    if settings.token:
        token = f"已设置（{len(settings.token)} 个字符）"
    elif is_loopback(host):
        token = "不需要（只有本机可以访问）"
    else:
        token = "未设置：启动时自动生成一个并显示（每次启动都不同；作为服务运行时请用 PJGEN_TOKEN 固定）"
    if settings.root is not None:
        work = f"{Path(settings.root).resolve()}（上传的文件不用后按保留时间删除）"
    else:
        work = f"{tempfile.gettempdir()} 中新建的 pjgen-web-* 文件夹（停止服务时删除）"
    soffice = find_soffice()
    pdf = (f"{soffice}（常驻 {settings.pdf_processes} 个进程）" if soffice
           else f"未找到，只生成 Word 文档。{HOW_TO_GET_PDF}")
    fonts = find_official_fonts(settings.font_dir)
    lines = [
        ("pjgen", f"{__version__}（Python {sys.version.split()[0]}）"),
        ("监听地址", f"{host}:{port if port else '自动选择空闲端口'}"
                     + ("（只有本机可以访问）" if is_loopback(host) else "（局域网中的其他电脑可以访问）")),
        ("访问令牌", token),
        ("浏览器", "启动后打开本机的浏览器" if open_browser else "不打开"),
        ("上传上限", f"每个工作簿 {settings.max_upload / MB:g} MB，每批最多 {settings.max_batch} 个"),
        ("保留时间", f"上传的文件 {settings.idle / 60:g} 分钟不用后删除"),
        ("时间上限", f"每次检查或生成 {settings.limits.seconds:g} 秒"),
        ("文件存放", work),
        ("LibreOffice", pdf),
        ("字体文件夹", str(Path(settings.font_dir).resolve()) if settings.font_dir else "未指定（--fonts 或 PJGEN_FONTS）"),
        ("正式字体", fonts.summary().removeprefix("正式字体：")),
        ("自带模板包", str(PACKS_DIR)),
        ("已安装模板包", f"{user_packs_dir()}（PJGEN_PACKS）"),
    ]
    if settings.font_dir is not None and not Path(settings.font_dir).is_dir():
        lines.append(("问题", f"字体文件夹不存在：{settings.font_dir}"))
    return lines
