"""The desk as a web application (Flask): its pages (pages.py) behind the checks of access.py, and
every error said in Chinese."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, render_template
from werkzeug.middleware.proxy_fix import ProxyFix

from generator.desk.access import Desk, DeskConfig, guard, secure_headers
from generator.desk.import_pages import imports
from generator.desk.pages import pages

__all__ = ["DeskConfig", "create_app"]


def create_app(config: DeskConfig) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=config.secret_key, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_NAME="desk_session", SESSION_COOKIE_SECURE=config.behind_proxy,
                      PERMANENT_SESSION_LIFETIME=timedelta(hours=8), MAX_CONTENT_LENGTH=30 * 1024 * 1024,
                      TEMPLATES_AUTO_RELOAD=False)
    if config.behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)  # served under a path
    app.extensions["desk"] = Desk(config)
    app.add_template_filter(_when, "when")
    app.register_blueprint(pages)
    app.register_blueprint(imports)
    app.before_request(guard)
    app.after_request(secure_headers)
    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page)
    return app


def _when(stamp: str) -> str:
    """2026-12-07T09:14:07+08:00 -> 2026-12-07 09:14, the local time it was written in."""
    return stamp[:16].replace("T", " ")


ERRORS = {400: "请求有误", 403: "没有权限", 404: "找不到这个页面", 405: "不支持这种操作",
          413: "文件太大（不能超过 30 MB）", 500: "编辑台出错了"}


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    detail = getattr(error, "description", "") if code in (400, 403, 413) else ""
    if not isinstance(detail, str) or detail.isascii():
        detail = ""  # Werkzeug's own English descriptions are never shown
    return render_template("message.html", title=ERRORS.get(code, "出错了"), detail=detail), code


