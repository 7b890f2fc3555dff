"""The desk's pages: the first screen (what residents cannot see yet), the office and service forms,
the review page (通过 / 退回), login. Each view checks who may see it (web.require_*)."""
from __future__ import annotations

import re

import yaml
from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from generator.desk.accounts import LOCAL
from generator.desk.changes import StaleFile, UnkeepableLayout, fingerprint, value_at, with_changes
from generator.desk.drafts import PENDING, DraftRefused
from generator.desk.forms import form, new_entries, sections, titles
from generator.desk.submission import OPENED, changes_of
from generator.desk.access import csrf_token, desk, here, require_office, require_reviewer, start_session
from generator.website import urls

pages = Blueprint("desk", __name__)
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,120}$")


@pages.app_context_processor
def _everywhere():
    return {"csrf_token": csrf_token, "user": g.get("user"), "new_entries": new_entries}


def _file(office: str, stem: str) -> str:
    if not SLUG.match(office) or not SLUG.match(stem):
        abort(404)
    require_office(office)
    rel = f"offices/{office}/{stem}.yml"
    if not (desk().content_dir / rel).is_file():
        abort(404)
    return rel


@pages.get("/")
def overview():
    data = desk().overview.get()
    offices = [o for o in data.offices if g.user.may_touch(o.id)]
    mine = {o.id for o in offices}
    errors = [p for p in data.errors if _office_of(str(p.file)) in mine or _office_of(str(p.file)) is None]
    pending = [d for d in desk().drafts.all(PENDING) if _office_of(d.file) in mine]
    return render_template("overview.html", offices=offices, errors=errors, pending=len(pending))


def _office_of(file: str) -> str | None:
    parts = file.replace("\\", "/").split("/")
    return parts[parts.index("offices") + 1] if "offices" in parts[:-1] else None


@pages.route("/offices/<office>/", methods=["GET", "POST"])
def office_form(office):
    return _form(office, "office")


@pages.route("/offices/<office>/<service>/", methods=["GET", "POST"])
def service_form(office, service):
    if service == "office":
        abort(404)
    return _form(office, service)


def _form(office: str, stem: str):
    rel = _file(office, stem)
    path = desk().content_dir / rel
    kind = "office" if stem == "office" else "service"
    text = path.read_text("utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:  # a hand edit broke the file: the form cannot show it, the message says where
        where = f"第 {exc.problem_mark.line + 1} 行" if getattr(exc, "problem_mark", None) else ""
        return render_template("message.html", title="这个文件有格式错误，无法用表单打开",
                               detail=f"{rel} {where}：请用文本编辑器改正（service-guide validate 会说明问题）"), 422
    if not isinstance(data, dict):
        return render_template("message.html", title="这个文件有格式错误，无法用表单打开",
                               detail=f"{rel}：文件内容应是“栏目: 内容”的形式"), 422
    errors, problems, status = {}, [], 200
    if request.method == "POST":
        changes = changes_of(kind, form(kind, data), request.form.to_dict(flat=False))
        try:
            draft = desk().drafts.propose(rel, request.form.get(OPENED, ""), changes, g.user.name)
        except StaleFile as exc:
            return _stale(rel, kind, exc.current_text, changes), 409
        except UnkeepableLayout as exc:
            problems, status = [{"text": str(exc), "field": "", "anchor": ""}], 422
        except DraftRefused as exc:
            data = with_changes(data, changes)
            errors, status = _at_fields(exc.problems, rel), 422
            problems = _listed(exc.problems, errors, titles(kind, data))
        else:
            flash("没有改动，未保存" if draft is None else "已保存为待审核的修改：审核通过后才会发布")
            return redirect(here())
    waiting = [d for d in desk().drafts.all(PENDING) if d.file == rel]
    name = data.get("name", stem)
    return render_template("form.html", kind=kind, office=office, name=name, sections=sections(kind, form(kind, data)),
                           opened=fingerprint(text), errors=errors, problems=problems, waiting=waiting,
                           preview=_preview(office, data.get("id"), kind)), status


def _at_fields(problems: list, rel: str) -> dict[str, str]:
    """Each problem of the file being saved, at the input of its field ("materials.groups[0]" ->
    "materials.groups.0")."""
    out = {}
    for problem in problems:
        if not str(getattr(problem, "file", "")).endswith(rel):
            continue
        out.setdefault(re.sub(r"\[(\d+)\]", r".\1", problem.field or ""), problem.message)
    return out


def _listed(problems: list, at_fields: dict, names: dict) -> list[dict]:
    """The problems for the top of the form: those at a field link to it, by its Chinese name."""
    out = [{"text": message, "field": names.get(path, path), "anchor": f"i-{path}" if path in names else ""}
           for path, message in at_fields.items()]
    shown = set(at_fields.values())
    return out + [{"text": str(p), "field": "", "anchor": ""} for p in problems if p.message not in shown]


def _stale(rel: str, kind: str, current_text: str, changes: dict):
    current = yaml.safe_load(current_text) or {}
    names = titles(kind, with_changes(current, changes))
    rows = [(names.get(p, p), new, value_at(current, p)) for p, new in changes.items()]
    return render_template("stale.html", rows=rows, again=here())


def _preview(office: str, service_id: str | None, kind: str) -> str:
    base = desk().config.preview_url
    if not base:
        return ""
    page = urls.office(office) if kind == "office" else urls.service(office, service_id or "")
    return urls.public_url(base, page)


@pages.get("/review/")
def review():
    rows = []
    for draft in reversed(desk().drafts.all()):
        office = _office_of(draft.file)
        if not g.user.may_touch(office or ""):
            continue
        if draft.is_import:
            rows.append({"draft": draft, "fields": [], "name": f"导入 {draft.source}", "files": draft.summary,
                         "form": "", "preview": ""})
            continue
        path = desk().content_dir / draft.file
        kind = "office" if path.name == "office.yml" else "service"
        data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
        names = titles(kind, with_changes(data or {}, {p: new for p, (_, new) in draft.changes.items()}))
        fields = [(names.get(p, p), old, new) for p, (old, new) in draft.changes.items()]
        rows.append({"draft": draft, "fields": fields, "name": (data or {}).get("name", draft.file),
                     "form": _form_url(draft.file), "preview": _preview(office, (data or {}).get("id"), kind)})
    return render_template("review.html", rows=rows, pending=sum(r["draft"].status == PENDING for r in rows),
                           may_review=g.user.reviews)


def _form_url(file: str) -> str:
    office, stem = file.split("/")[1], file.rsplit("/", 1)[1].removesuffix(".yml")
    return url_for("desk.office_form", office=office) if stem == "office" else \
        url_for("desk.service_form", office=office, service=stem)


def _draft_of_mine(draft_id: str):
    require_reviewer()
    try:
        draft = desk().drafts.get(draft_id)
    except KeyError:
        abort(404)
    require_office(_office_of(draft.file) or "")
    return draft


@pages.post("/review/<draft_id>/approve")
def approve(draft_id):
    draft = _draft_of_mine(draft_id)
    try:
        desk().drafts.approve(draft.id, g.user.name, allow_self=not desk().config.second_person)
    except StaleFile:
        flash("无法通过：文件在这份修改提交之后又被改过。请退回，由编辑在最新的内容上重新修改", "error")
    except (DraftRefused, UnkeepableLayout) as exc:
        flash(f"无法通过：{exc}" + "".join(f"；{p}" for p in getattr(exc, "problems", [])[:5]), "error")
    else:
        flash("已通过，修改已写入内容文件", "done")
    return redirect(url_for("desk.review"))


@pages.post("/review/<draft_id>/return")
def send_back(draft_id):
    draft = _draft_of_mine(draft_id)
    try:
        desk().drafts.reject(draft.id, g.user.name, request.form.get("note", ""))
    except DraftRefused as exc:
        flash(f"无法退回：{exc}", "error")
    else:
        flash("已退回", "done")
    return redirect(url_for("desk.review"))


@pages.route("/login", methods=["GET", "POST"])
def login():
    accounts = desk().config.accounts
    if accounts is None:
        abort(404)
    message = ""
    if request.method == "POST":
        name, password = request.form.get("name", "").strip(), request.form.get("password", "")
        address = request.remote_addr or ""
        wait = desk().limiter.wait_minutes(name, address)
        if wait:
            message = f"登录失败次数太多，请 {wait} 分钟后再试"
        elif (user := accounts.check(name, password)) is None:
            desk().limiter.failed(name, address)
            message = "账号或密码不对"
        else:
            desk().limiter.succeeded(name)
            start_session(user)
            return redirect(url_for("desk.overview"))
    return render_template("login.html", message=message), 401 if message else 200


@pages.post("/logout")
def logout():
    session.clear()
    if desk().config.accounts is None:
        return render_template("message.html", title="已退出", detail="要再次使用，请重新打开启动编辑台时显示的链接")
    return redirect(url_for("desk.login"))


__all__ = ["pages", "LOCAL"]
