"""Who is asking and what they may do: the local token or an account's session, the offices a user
may touch (403 for the rest), and the protections every request gets: a CSRF token on every POST, a
Host check against DNS rebinding, a strict CSP (the desk runs only its own script and style, from
the package: no request leaves the machine), no caching, no referrer."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import abort, current_app, g, redirect, request, session, url_for

from generator.desk.accounts import LOCAL, Accounts, LoginLimiter, User
from generator.desk.drafts import DraftStore
from generator.desk.overview import OverviewCache
from generator.desk.submission import CSRF

PUBLIC_ENDPOINTS = {"desk.login", "static"}


@dataclass
class DeskConfig:
    content_dir: Path
    preview_url: str = ""            # the live preview (make serve), for "看预览" links
    second_person: bool = False      # a draft must be approved by someone other than its author
    local_token: str | None = None   # the local desk: the secret in the URL it prints
    accounts: Accounts | None = None  # a district's desk: who may log in
    behind_proxy: bool = False       # served behind nginx: trust its X-Forwarded-For/-Proto once
    allowed_hosts: tuple[str, ...] = ()  # Host headers accepted; () for any (behind a proxy that checks)
    secret_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))


class Desk:
    """What the pages share: the settings, the drafts, the overview, the login limiter."""

    def __init__(self, config: DeskConfig):
        self.config = config
        self.content_dir = Path(config.content_dir)
        self.drafts = DraftStore(self.content_dir)
        self.overview = OverviewCache(self.content_dir)
        self.limiter = LoginLimiter()

    def user_named(self, name: str) -> User | None:
        if self.config.accounts is None:
            return LOCAL if name == LOCAL.name else None
        return self.config.accounts.user(name)  # read each time: a removed account is out at once


def desk() -> Desk:
    return current_app.extensions["desk"]


def guard():
    """Every request: the right host, a known user (else nothing but the login page), a valid CSRF
    token on every POST."""
    config = desk().config
    host = request.host.rsplit(":", 1)[0].strip("[]")
    if config.allowed_hosts and host not in config.allowed_hosts:
        abort(400, "地址不对：请用编辑台启动时显示的地址打开")
    if request.endpoint == "static":
        return None
    g.user = _user()
    if g.user is None and config.local_token is not None:
        token = request.args.get("token", "")
        if token and hmac.compare_digest(token, config.local_token):
            _start_session(LOCAL)
            return redirect(here())  # the token leaves the address bar (and every Referer)
        abort(403, "请用启动编辑台时显示的链接（含密钥）打开编辑台")
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("desk.login"))
    if request.method == "POST" and not _csrf_ok():
        abort(403, "页面已过期（或不是从编辑台提交的）：请刷新页面后重新提交")
    return None


def here() -> str:
    """This page's address without its query, under the path the desk is served at (nginx's prefix)."""
    return request.script_root + request.path


def _user() -> User | None:
    name = session.get("user")
    return desk().user_named(name) if name else None


def _start_session(user: User) -> None:
    session.clear()
    session.permanent = True
    session["user"] = user.name
    session[CSRF] = secrets.token_urlsafe(32)


def csrf_token() -> str:
    if CSRF not in session:
        session[CSRF] = secrets.token_urlsafe(32)
    return session[CSRF]


def _csrf_ok() -> bool:
    sent = request.form.get(CSRF, "")
    return bool(sent) and CSRF in session and hmac.compare_digest(sent, session[CSRF])


def secure_headers(response):
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def start_session(user: User) -> None:
    _start_session(user)


def require_office(office: str) -> None:
    if not g.user.may_touch(office):
        abort(403, "您的账号不能查看或修改这个机构的内容")


def require_reviewer() -> None:
    if not g.user.reviews:
        abort(403, "您的账号没有审核权限")
