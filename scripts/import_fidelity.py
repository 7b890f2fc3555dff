"""Per document: how many services an import gives, how many of the source's values it keeps, how
many labels it placed in a field, and how many lines await an editor's review (待核对).

Usage: .venv/bin/python scripts/import_fidelity.py [DOCUMENT ...]
With no documents: every file of both manifests in ../shared/real-docs. Each import goes to a
scratch folder; nothing in content/ changes. "kept" counts the source's labelled values and
unlabelled texts found in the written YAML (tests/sourcetext.py reads them, independently of the
importer); "placed" counts the labels read into a field by their name or a key word.
"""
from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
import yaml  # noqa: E402

from generator.cli import main as cli  # noqa: E402
from sourcetext import content_of, kept_values, strings  # noqa: E402

REAL_DOCS = ROOT.parent / "shared" / "real-docs"
NOT_A_FIELD = ("其他信息", "表格标题", "原文没有填写", "分节标题", "栏目标题", "忽略", "材料表的一列", "序号")


def documents() -> list[Path]:
    found = []
    for manifest in ("manifest.tsv", "manifest-guides.tsv"):
        rows = csv.reader((REAL_DOCS / manifest).read_text("utf-8").splitlines(), delimiter="\t")
        found += [REAL_DOCS / row[0] for row in rows if row and not row[0].startswith("#")]
    return found


def measure(doc: Path) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        content = Path(scratch) / "content"
        content.mkdir()
        shutil.copy(ROOT / "content" / "topics.yml", content / "topics.yml")
        out = io.StringIO()
        with redirect_stdout(out):
            code = cli(["--content", str(content), "import", str(doc)])
        if code:
            return {"document": doc.name, "error": f"exit {code}"}
        stdout = out.getvalue()
        files = list((content / "offices").rglob("*.yml"))
        data = [yaml.safe_load(p.read_text("utf-8")) for p in files]
    written = "".join(content_of(s) for d in data for s in strings(d))
    values = kept_values(doc, stdout)
    readings = [line for line in stdout.split("\n") if "” → " in line]
    return {"document": doc.name,
            "services": sum(1 for p in files if p.name != "office.yml"),
            "kept": sum(1 for v in values if content_of(v) in written), "values": len(values),
            "placed": sum(1 for line in readings if not any(word in line.split("” → ", 1)[1] for word in NOT_A_FIELD)),
            "guessed": sum(1 for line in readings if "（含“" in line),
            "review": sum(len(d.get("review", ())) for d in data)}


def main() -> int:
    docs = [Path(a) for a in sys.argv[1:]] or documents()
    print("| document | services | values kept / values | labels placed in a field (by key word) | lines awaiting review |")
    print("|---|---:|---:|---:|---:|")
    for doc in docs:
        m = measure(doc)
        if "error" in m:
            print(f"| {m['document']} | {m['error']} | | | |")
            continue
        print(f"| {m['document']} | {m['services']} | {m['kept']} / {m['values']} | {m['placed']} ({m['guessed']}) "
              f"| {m['review']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
