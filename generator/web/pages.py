"""The HTML pages, and the page every refused or failed browser request gets: Chinese, in the
site's layout, saying what happened and what to do."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from generator.web.settings import megabytes

PAGES = {
    "/": ("check.html", "上传检查"),
    "/build": ("build.html", "生成"),
    "/diff": ("diff.html", "修改对比"),
    "/blank": ("blank.html", "空白工作簿 / 下一年"),
    "/batch": ("batch.html", "批量"),
}

ERROR_TITLES = {403: "需要访问令牌", 404: "找不到这个页面或文件", 405: "不能这样打开这个地址", 411: "无法上传",
                413: "超出上传限制", 500: "服务器出错", 503: "超出处理限制"}
NOT_FOUND = "找不到这个地址。请从页面顶部的菜单进入；下载链接只在生成它的浏览器中、保留时间内有效。"


def environment(folder: Any) -> Environment:
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape())


def render(request: Request, template: str, title: str, status: int = 200, **extra: Any) -> HTMLResponse:
    from generator.packs import DEFAULT_PACK, available_packs

    settings = request.app.state.web.settings
    env: Environment = request.app.state.jinja
    html = env.get_template(template).render(
        title=title, pages=PAGES, path=request.url.path, packs=available_packs(), default_pack=DEFAULT_PACK,
        max_mb=f"{settings.max_upload / (1024 * 1024):g}", max_batch=settings.max_batch,
        max_batch_total=megabytes(settings.max_batch_total), idle_minutes=f"{settings.idle / 60:g}",
        seconds=f"{settings.limits.seconds:g}", **extra,
    )
    return HTMLResponse(html, status)


async def page(request: Request) -> Response:
    template, title = PAGES[request.url.path]
    return render(request, template, title)


def wants_page(request: Request) -> bool:
    """Pages get a page; the scripts' requests (/api/, /files/ fetched by script) get JSON."""
    if not request.url.path.startswith(("/api/", "/files/")):
        return True
    return "text/html" in request.headers.get("accept", "")


def refusal(request: Request, message: str, status: int) -> Response:
    if not wants_page(request):
        return JSONResponse({"error": message}, status)
    return render(request, "error.html", ERROR_TITLES.get(status, "无法完成"), status, message=message)


async def not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    if status == 405:
        return refusal(request, "这个地址只能由页面上的按钮使用。请从页面顶部的菜单进入。", 405)
    return refusal(request, NOT_FOUND, 404)
