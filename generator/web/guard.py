"""The middleware every request passes: the token (when set), the session cookie, and a Chinese
answer — a page in the site's layout, or JSON for the scripts — for whatever is refused or fails."""

from __future__ import annotations

import logging
import secrets

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from generator.problems import PjgenError
from generator.web.pages import refusal
from generator.web.present import for_web
from generator.web.service import SERVER_ERROR
from generator.web.settings import UploadRefused

log = logging.getLogger("pjgen.web")

SESSION_COOKIE = "pjgen_session"
TOKEN_COOKIE = "pjgen_token"
TOKEN_NEEDED = "需要访问令牌：请使用启动 pjgen serve 时显示的完整地址（含 ?token=…），或向提供这个地址的同事索取。"


class Guard(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        token = request.app.state.web.settings.token
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and secrets.compare_digest(given, token):
                target = request.url.remove_query_params("token")
                response: Response = RedirectResponse(str(target.path) + (f"?{target.query}" if target.query else ""), 303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                return response
            if not secrets.compare_digest(request.cookies.get(TOKEN_COOKIE, ""), token):
                request.state.session = ""
                return refusal(request, TOKEN_NEEDED, 403)
        session = request.cookies.get(SESSION_COOKIE, "")
        new_session = len(session) < 20
        request.state.session = secrets.token_urlsafe(24) if new_session else session
        try:
            response = await call_next(request)
        except UploadRefused as exc:
            response = refusal(request, str(exc), exc.status)
        except PjgenError as exc:
            response = refusal(request, for_web(str(exc)), 400)
        except Exception:  # noqa: BLE001 - one bad request never takes the server down
            log.exception("request failed: %s", request.url.path)
            response = refusal(request, SERVER_ERROR, 500)
        if new_session:
            response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict")
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
