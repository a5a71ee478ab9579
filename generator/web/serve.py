"""Starting the web application with uvicorn (``pjgen serve``)."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
import webbrowser
from dataclasses import dataclass

from generator.web.app import WebSettings, create_app

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Plan:
    url: str  # what to open on this machine (with the token, if any)
    token: str | None
    warning: str | None  # printed when the server is reachable from other machines
    shared_url: str | None = None  # what colleagues open, when listening on every address


def lan_address() -> str | None:
    """This machine's address in the local network (no packet is sent), or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def plan(host: str, port: int, token: str | None) -> Plan:
    """The address to show, and the token: one is generated when the server is open to the network."""
    warning = None
    if not is_loopback(host):
        token = token or secrets.token_urlsafe(18)
        warning = (
            f"注意：服务监听在 {host}，局域网中的其他电脑也能访问。每个页面都需要访问令牌，"
            "请只把完整地址（含 token）告诉需要使用的同事；不用时请关闭本程序。"
        )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    query = f"?token={token}" if token else ""
    url = f"http://{shown}:{port}/{query}"
    shared = None
    if host == "0.0.0.0" and (lan := lan_address()):
        shared = f"http://{lan}:{port}/{query}"
    elif not is_loopback(host) and host not in ("0.0.0.0", "::"):
        shared = url
    return Plan(url, token, warning, shared)


def run(settings: WebSettings, host: str, port: int, *, open_browser: bool, announce) -> None:
    """Serve until interrupted; ``announce(plan)`` prints the address before the server starts."""
    import uvicorn

    chosen = plan(host, port, settings.token)
    settings.token = chosen.token
    settings.reap_children = True
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    announce(chosen)
    app.state.web.pdf.warm()
    threading.Thread(target=app.state.web.jobs.warm, daemon=True).start()
    if open_browser:
        url = chosen.url

        def open_when_up() -> None:
            for _ in range(200):
                if server.started:
                    webbrowser.open(url)
                    return
                threading.Event().wait(0.05)

        threading.Thread(target=open_when_up, daemon=True).start()
    server.run()
