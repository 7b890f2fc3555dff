"""Import of large 清单 tables: seconds and peak memory for a CSV and an .xlsx of N rows, each in a
fresh process (a timing target, so it lives here and not in the test suite).

    .venv/bin/python bench/imports.py --rows 1000 10000 100000
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import ENV, PY, run_measured  # noqa: E402

HEADER = ["序号", "事项名称", "设定依据", "实施主体", "职责边界", "办理流程", "申请材料", "责任事项",
          "监督投诉电话", "备注"]
ROW = ["就业登记", "《就业服务与就业管理规定》", "某街道党群服务中心", "街道权限", "1. 登记\n2. 发证", "身份证",
       "受理－登记", "监督电话：022-12345678", "就业登记"]


def rows(n: int):
    yield HEADER
    for i in range(1, n + 1):
        yield [str(i), f"{ROW[0]}（第 {i} 项）", *ROW[1:]]


def write_csv(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows(n))


def write_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("事项清单")
    for row in rows(n):
        sheet.append(row)
    book.save(path)


def measure(doc: Path, work: Path) -> dict:
    content = work / "content"
    seconds, peak_mb = run_measured([PY, "-m", "generator", "--content", str(content), "import", str(doc),
                                     "--office-id", "mou", "--city", "天津市", "--map", "备注=忽略"], ROOT, ENV)
    written = sum(1 for _ in content.rglob("*.yml"))
    subprocess.run(["rm", "-rf", str(content)], check=True)
    return {"seconds": seconds, "peak_mb": peak_mb, "files": written}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in args.rows:
            for kind, write in (("csv", write_csv), ("xlsx", write_xlsx)):
                doc = work / f"{n}.{kind}"
                write(doc, n)
                row = {"rows": n, "format": kind, **measure(doc, work)}
                results.append(row)
                print(f"   import {n:,} rows ({kind}): {row['seconds']:.1f} s, peak {row['peak_mb']} MB, "
                      f"{row['files']} files", flush=True)
    print("\n| rows | format | import s | s per 1,000 rows | peak MB |\n|---:|---|---:|---:|---:|")
    for r in results:
        print(f"| {r['rows']:,} | {r['format']} | {r['seconds']:.1f} | {r['seconds'] * 1000 / r['rows']:.2f} | {r['peak_mb']} |")
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "imports.json").write_text(json.dumps(results, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
