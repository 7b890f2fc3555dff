"""The desk as a web application (Flask): who is asking (the local token, or an account's login),
what they may see (their offices; 403 for the rest), and the protections every page gets: CSRF
tokens on every form, a Host check against DNS rebinding, a strict CSP (the desk runs only its own
script and style, from the package: no request leaves the machine), no caching, no referrer."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

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


def create_app(config: DeskConfig) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=config.secret_key, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_NAME="desk_session", SESSION_COOKIE_SECURE=config.behind_proxy,
                      PERMANENT_SESSION_LIFETIME=timedelta(hours=8), MAX_CONTENT_LENGTH=30 * 1024 * 1024,
                      TEMPLATES_AUTO_RELOAD=False)
    if config.behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.extensions["desk"] = Desk(config)
    from generator.desk.pages import pages
    app.register_blueprint(pages)
    app.before_request(_guard)
    app.after_request(_headers)
    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page)
    return app


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
    from flask import current_app
    return current_app.extensions["desk"]


ERRORS = {400: "请求有误", 403: "没有权限", 404: "找不到这个页面", 405: "不支持这种操作",
          413: "文件太大（不能超过 30 MB）", 500: "编辑台出错了"}


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    detail = getattr(error, "description", "") if code in (400, 403, 413) else ""
    if not isinstance(detail, str) or detail.isascii():
        detail = ""  # Werkzeug's own English descriptions are never shown
    return render_template("message.html", title=ERRORS.get(code, "出错了"), detail=detail), code


def _guard():
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
            return redirect(request.path)  # the token leaves the address bar (and every Referer)
        abort(403, "请用启动编辑台时显示的链接（含密钥）打开编辑台")
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("desk.login"))
    if request.method == "POST" and not _csrf_ok():
        abort(403, "页面已过期（或不是从编辑台提交的）：请刷新页面后重新提交")
    return None


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


def _headers(response):
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
