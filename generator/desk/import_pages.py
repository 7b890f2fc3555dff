"""Import from the desk: upload an office's list or guide, see how it was read (each label or column
beside the field it went to, each service's fields, what awaits review), send a label kept as
其他信息 into a field (or leave it out), and submit the import for review: it lands like any change,
only when someone presses 通过."""
from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

import yaml
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from generator.desk.access import desk, require_office
from generator.desk.changes import StaleFile
from generator.desk.drafts import DraftRefused
from generator.desk.forms import titles, value_labels
from generator.sources.importer import import_document, problems_before_writing
from generator.sources.records import FIELD_NAMES, IGNORE, LABELS
from generator.sources.reimport import plan

imports = Blueprint("imports", __name__)
SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".xlsx", ".xls", ".xlsm", ".et", ".ods", ".csv", ".tsv", ".txt", ".htm", ".html")
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
KEEP = ""  # a label kept as 其他信息, as the importer left it
FIELD_CHOICES = [(key, FIELD_NAMES[key]) for key in LABELS if key in FIELD_NAMES]


def _uploads() -> Path:
    return desk().content_dir.resolve().parent / ".desk" / "uploads"


def _upload(upload_id: str) -> Path:
    folder = _uploads() / upload_id
    if not UPLOAD_ID.match(upload_id) or not folder.is_dir():
        abort(404)
    files = [p for p in folder.iterdir() if p.is_file()]
    if not files:
        abort(404)
    return files[0]


def _safe_name(name: str) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    stem = re.sub(r"[^\w\u4e00-\u9fff()（）.-]+", "_", stem).strip("._")[:80] or "document"
    return stem + suffix


@imports.route("/import/", methods=["GET", "POST"])
def start():
    offices = [(o.id, o.name) for o in desk().overview.get().offices if g.user.may_touch(o.id)]
    if request.method == "GET":
        return render_template("import_start.html", offices=offices, may_add="*" in g.user.offices)
    upload = request.files.get("document")
    if upload is None or not upload.filename:
        flash("请选择要导入的文件", "error")
        return redirect(url_for("imports.start"))
    name = _safe_name(upload.filename)
    if not name.endswith(SUFFIXES):
        flash(f"不能导入这种文件：请上传 {'、'.join(SUFFIXES)} 文件", "error")
        return redirect(url_for("imports.start"))
    upload_id = uuid.uuid4().hex
    folder = _uploads() / upload_id
    folder.mkdir(parents=True)
    upload.save(folder / name)
    return redirect(url_for("imports.read", upload_id=upload_id, **_options()))


def _options() -> dict:
    return {key: request.values.get(key, "").strip() for key in ("office", "city", "district", "area_code")}


def _mapping() -> dict[str, str]:
    """The editor's choices for labels kept as 其他信息: label -> a field, or 忽略."""
    out = {}
    for key, value in request.values.items():
        if key.startswith("map:") and value != KEEP and (value in FIELD_NAMES or value in IGNORE):
            out[key.removeprefix("map:")] = value
    return out


def _read(path: Path, options: dict, mapping: dict):
    content = desk().content_dir
    try:
        result = import_document(path, content, office_id=options["office"] or None, city=options["city"],
                                 district=options["district"], area_code=options["area_code"] or None, mapping=mapping)
    except ValueError as exc:
        return None, str(exc)
    for office in result.office_ids or [result.office_id]:
        exists = (content / "offices" / office).is_dir()
        if exists:
            require_office(office)
        elif "*" not in g.user.offices:
            abort(403, f"文件中的机构“{office}”还不在网站上：新增机构需要能修改全部机构的账号")
    return result, ""


@imports.route("/import/<upload_id>/", methods=["GET", "POST"])
def read(upload_id):
    path = _upload(upload_id)
    options, mapping = _options(), _mapping()
    result, failure = _read(path, options, mapping)
    if result is None:
        return render_template("import_read.html", failure=failure, name=path.name, upload_id=upload_id,
                               options=options), 422
    changes = plan(result.files)
    written = changes.of("added") + changes.of("changed") + changes.of("renamed")
    texts = {c.path: c.text for c in written}
    problems = problems_before_writing(texts, desk().content_dir) if texts and not result.unplaced else []
    if request.form.get("action") == "propose" and not result.unplaced and not problems and texts:
        return _propose(result, written, path.name)
    offices = [(yaml.safe_load(t) or {}).get("name", p.parent.name) for p, t in result.files.items() if p.name == "office.yml"]
    return render_template("import_read.html", result=result, name=path.name, upload_id=upload_id, options=options,
                           offices=offices or result.office_ids,
                           services=_services(written), kept=_kept_labels(result.files), mapping=mapping,
                           choices=FIELD_CHOICES, problems=problems, removed=changes.removed, failure="", desk_words=desk_words)


def _propose(result, written, source: str):
    content = desk().content_dir.resolve()
    texts = {Path(c.path).resolve().relative_to(content).as_posix(): c.text for c in written}
    summary = [f"{_status(c.status)}：{(yaml.safe_load(c.text) or {}).get('name', Path(c.path).stem)}" for c in written]
    office = result.office_ids[0] if result.office_ids else result.office_id
    try:
        desk().drafts.propose_files(office, texts, g.user.name, source, summary)
    except (DraftRefused, StaleFile) as exc:
        flash(f"未提交：{exc}", "error")
        return redirect(request.url)
    shutil.rmtree(_uploads() / request.view_args["upload_id"], ignore_errors=True)
    flash(f"已提交审核：导入 {source}，{len(texts)} 个文件。审核通过后才会写入内容文件", "done")
    return redirect(url_for("desk.review"))


STATUS = {"added": "新增", "changed": "修改", "renamed": "改名"}


def _status(status: str) -> str:
    return STATUS.get(status, status)


def _services(written) -> list[dict]:
    """Each file the import writes: its name, what happens to it, each field it read (its Chinese
    name, the form's, -> the text)."""
    out = []
    for change in written:
        data = yaml.safe_load(change.text) or {}
        kind = "office" if Path(change.path).name == "office.yml" else "service"
        names, coded = titles(kind, data), value_labels(kind)
        fields = [(names.get(key, key), _brief(value, coded)) for key, value in data.items()
                  if key not in ("id", "order", "review", "extra") and value not in ("", None, [], {})]
        out.append({"name": data.get("name", ""), "status": _status(change.status), "fields": fields,
                    "review": data.get("review", []), "extra": [e.get("label", "") for e in data.get("extra", [])]})
    return out


def _brief(value, coded: dict[str, str], limit: int = 120) -> str:
    """A value on one line: the texts it holds, coded values by their Chinese names."""
    def texts(node):
        if isinstance(node, dict):
            return [t for v in node.values() for t in texts(v)]
        if isinstance(node, list):
            return [t for v in node for t in texts(v)]
        return [coded.get(str(node), str(node))]

    text = " ".join("；".join(texts(value)).split())
    return text if len(text) <= limit else text[:limit] + "…"


# The importer's notes name the command line's options; the desk names its own inputs instead
CLI_HINTS = {"（不对时用 --area-code 指定）": "（不对时在导入页填写电话区号）",
             "可在 content/topics.yml 中补充主题后填写 topic": "可在主题文件中补充主题后，在事项表单中填写“主题”"}


def desk_words(line: str) -> str:
    for cli, desk_hint in CLI_HINTS.items():
        line = line.replace(cli, desk_hint)
    return line


def _kept_labels(files: dict) -> list[str]:
    """Labels the import kept as 其他信息 (text under a label no field has): the editor may send each
    into a field, or leave it out."""
    labels = []
    for text in files.values():
        for entry in (yaml.safe_load(text) or {}).get("extra", []):
            if "text" in entry and entry.get("label") and entry["label"] not in labels:
                labels.append(entry["label"])
    return labels
