"""A preview whose content has an error says so in the browser: the round keeps the last good
pages (so `mkdocs serve` reloads instead of waiting), writes the problems (file, line, message) to
a small status file, and every preview page shows them on top until a save fixes them."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from generator.output import write_file

STATUS_FILE = "sg-preview-status.json"

_SCRIPT = """<script>(function () {
  fetch(%s, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) {
    if (!s || !s.problems || !s.problems.length) { return; }
    var box = document.createElement("div");
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:10000;max-height:70vh;overflow:auto;" +
      "background:#fff3f3;color:#7a0c10;border-bottom:3px solid #a3161b;padding:12px 16px;font-size:16px;line-height:1.5";
    var title = document.createElement("strong");
    title.textContent = "预览没有更新：内容有 " + s.problems.length + " 处错误（下面是文件、行号和问题）。改正并保存后自动恢复。";
    var list = document.createElement("ul");
    s.problems.forEach(function (p) { var li = document.createElement("li"); li.textContent = p; list.appendChild(li); });
    box.appendChild(title); box.appendChild(list); document.body.appendChild(box);
  }).catch(function () {});
})();</script>"""


def status_script(site_url: str) -> str:
    """The script each preview page carries (previews only: a build never has it)."""
    return _SCRIPT % json.dumps(f"{urlsplit(site_url).path.rstrip('/')}/{STATUS_FILE}")


def with_status_script(html: str, site_url: str) -> str:
    return html.replace("</body>", status_script(site_url) + "</body>", 1)


def write_status(site_dir: str | Path, problems: list) -> None:
    write_file(Path(site_dir) / STATUS_FILE, json.dumps({"problems": [str(p) for p in problems]}, ensure_ascii=False))
