"""Drafts (先审后发): a saved change waits beside content/ until a reviewer presses 通过; only then is
it written, and who made it, who approved it, when and what is recorded (a git commit when
content/ is in a git repository, else a line in the desk's log). 退回 sends it back with a note.

A draft is one JSON file in .desk/drafts/ beside content/: the file it changes, the fingerprint of
the text it was made from, each changed path as (old, new), its author and time."""
from __future__ import annotations

import functools
import json
import subprocess
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from generator.desk.changes import StaleFile, edit, fingerprint
from generator.output import write_file
from generator.sources.importer import problems_before_writing

PENDING, APPROVED, RETURNED = "待审核", "已通过", "已退回"


class DraftRefused(Exception):
    """A draft that cannot land: its checks fail, or its file changed since it was made."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Draft:
    id: str
    file: str                 # relative to content/: offices/xincun/shiye-baoxianjin-shenling.yml
    base: str                 # fingerprint of the text the change was made from
    changes: dict             # path -> [old, new]
    author: str
    created: str
    status: str = PENDING
    reviewer: str = ""
    reviewed: str = ""
    note: str = ""            # 退回's reason
    history: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)   # an import: file -> its whole new text
    bases: dict = field(default_factory=dict)   # an import: file -> fingerprint now ("" for a new file)
    source: str = ""                            # an import: the document's name
    summary: list = field(default_factory=list)  # an import: one line per file (新增/修改 and its name)

    @property
    def is_import(self) -> bool:
        return bool(self.texts)


def _serialized(method):
    """One save or review of a store at a time (the desk serves several requests at once)."""
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)
    return locked


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


class DraftStore:
    """The drafts of one content folder."""

    def __init__(self, content_dir: Path):
        self.content_dir = Path(content_dir)
        self.lock = threading.RLock()  # each save or review is checked against the file it lands on
        self.folder = self.content_dir.parent / ".desk" / "drafts"
        self.log = self.content_dir.parent / ".desk" / "log.jsonl"

    def _path(self, draft_id: str) -> Path:
        if not draft_id.isalnum():
            raise KeyError(draft_id)
        return self.folder / f"{draft_id}.json"

    def save(self, draft: Draft) -> None:
        write_file(self._path(draft.id), json.dumps(asdict(draft), ensure_ascii=False, indent=1))

    def get(self, draft_id: str) -> Draft:
        path = self._path(draft_id)
        if not path.is_file():
            raise KeyError(draft_id)
        return Draft(**json.loads(path.read_text("utf-8")))

    def all(self, status: str | None = None) -> list[Draft]:
        drafts = [Draft(**json.loads(p.read_text("utf-8"))) for p in sorted(self.folder.glob("*.json"))]
        return sorted((d for d in drafts if status is None or d.status == status), key=lambda d: d.created)

    @_serialized
    def propose(self, file: str, opened: str, changes: dict, author: str) -> Draft | None:
        """A draft of `changes` to `file` (made from the text whose fingerprint is `opened`), checked
        now as it would be when it lands; None when it changes nothing."""
        path = self._file(file)
        result = edit(path.read_text("utf-8"), opened, changes)
        if not result.changed:
            return None
        self._check(path, result.text)
        draft = Draft(uuid.uuid4().hex, file, opened, {p: list(v) for p, v in result.changed.items()}, author, _now())
        self.save(draft)
        return draft

    @_serialized
    def propose_files(self, office: str, texts: dict[str, str], author: str, source: str, summary: list[str]) -> Draft:
        """A draft that writes whole files of one office (an import), checked now as when it lands."""
        paths = {rel: self._target(rel) for rel in texts}
        self._check_all({paths[rel]: text for rel, text in texts.items()})
        bases = {rel: fingerprint(path.read_text("utf-8")) if path.is_file() else "" for rel, path in paths.items()}
        draft = Draft(uuid.uuid4().hex, f"offices/{office}/", "", {}, author, _now(), texts=dict(texts), bases=bases,
                      source=source, summary=list(summary))
        self.save(draft)
        return draft

    @_serialized
    def approve(self, draft_id: str, reviewer: str, allow_self: bool = True) -> Draft:
        """The draft written into content/ (checked again, never over a file changed since), and recorded."""
        draft = self.get(draft_id)
        if draft.status != PENDING:
            raise DraftRefused(f"这份修改已{draft.status}，不能再审核")
        if not allow_self and reviewer == draft.author:
            raise DraftRefused("本网站要求由另一个人审核：不能审核自己提交的修改")
        written = self._land_import(draft) if draft.is_import else self._land_edit(draft)
        draft.status, draft.reviewer, draft.reviewed = APPROVED, reviewer, _now()
        self.save(draft)
        self._record(draft, written)
        return draft

    def _land_edit(self, draft: Draft) -> list[Path]:
        path = self._file(draft.file)
        result = edit(path.read_text("utf-8"), draft.base, {p: new for p, (_, new) in draft.changes.items()})
        self._check(path, result.text)
        write_file(path, result.text)
        return [path]

    def _land_import(self, draft: Draft) -> list[Path]:
        paths = {rel: self._target(rel) for rel in draft.texts}
        for rel, path in paths.items():
            now = fingerprint(path.read_text("utf-8")) if path.is_file() else ""
            if now != draft.bases.get(rel, ""):
                raise StaleFile(path.read_text("utf-8") if path.is_file() else "")
        self._check_all({paths[rel]: text for rel, text in draft.texts.items()})
        for rel, text in draft.texts.items():
            write_file(paths[rel], text)
        return list(paths.values())

    @_serialized
    def reject(self, draft_id: str, reviewer: str, note: str) -> Draft:
        draft = self.get(draft_id)
        if draft.status != PENDING:
            raise DraftRefused(f"这份修改已{draft.status}，不能再审核")
        draft.status, draft.reviewer, draft.reviewed, draft.note = RETURNED, reviewer, _now(), note.strip()
        self.save(draft)
        return draft

    def _file(self, file: str) -> Path:
        """A file of content/, never a path that leaves it."""
        path = (self.content_dir / file).resolve()
        if not path.is_relative_to(self.content_dir.resolve()) or path.suffix not in (".yml", ".yaml") or not path.is_file():
            raise DraftRefused(f"找不到内容文件 {file}")
        return path

    def _target(self, file: str) -> Path:
        """Where an imported file goes: offices/<office>/<name>.yml inside content/, nowhere else."""
        path = (self.content_dir / file).resolve()
        offices = (self.content_dir / "offices").resolve()
        if path.parent.parent != offices or path.suffix != ".yml":
            raise DraftRefused(f"导入的文件只能写到内容文件夹的 offices/机构/ 下：{file}")
        return path

    def _check(self, path: Path, text: str) -> None:
        relative = path.relative_to(self.content_dir.resolve())
        if relative.parts[0] == "offices":
            self._check_all({path: text})

    def _check_all(self, texts: dict[Path, str]) -> None:
        offices = (self.content_dir / "offices").resolve()
        problems = problems_before_writing({p.relative_to(offices): text for p, text in texts.items()}, self.content_dir)
        if problems:
            raise DraftRefused("修改后内容检查不通过，未保存", problems)

    def _record(self, draft: Draft, paths: list[Path]) -> None:
        """Who, when and what: a git commit where content/ is in a repository, else the desk's log."""
        what = f"导入 {draft.source}，{len(draft.texts)} 个文件" if draft.is_import else "、".join(draft.changes)
        message = f"编辑台：{draft.file}（{what}）\n\n提交：{draft.author} {draft.created}\n审核通过：{draft.reviewer} {draft.reviewed}\n"
        root = self.content_dir.parent
        inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True).stdout.strip() == "true"
        if inside:
            files = [str(p) for p in paths]
            subprocess.run(["git", "-C", str(root), "add", "--", *files], check=True, capture_output=True)
            committed = subprocess.run(["git", "-C", str(root), "-c", f"user.name={draft.author}",
                                        "-c", "user.email=desk@localhost", "commit", "-q", "-m", message, "--", *files],
                                       capture_output=True, text=True)
            if committed.returncode == 0:
                return
        line = json.dumps({"file": draft.file, "changes": draft.changes or draft.summary, "author": draft.author,
                           "created": draft.created,
                           "reviewer": draft.reviewer, "approved": draft.reviewed}, ensure_ascii=False)
        previous = self.log.read_text("utf-8") if self.log.is_file() else ""
        write_file(self.log, previous + line + "\n")
