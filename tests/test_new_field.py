"""Adding a plain element is one entry in the registry (catalogue/fields.py): a field added at run
time shows in the schema, is read from a document's column, validated and loaded from YAML, exported,
counted by the report and listed on the built service page — with no other file touched."""
import csv
import io
import json
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

# Runs in a fresh interpreter: the field is added before the rest of the generator is imported,
# as a district's own element would be
SCRIPT = textwrap.dedent('''
    import contextlib, io, json, sys
    from pathlib import Path
    from generator.catalogue import fields
    fields.add(fields.Field("parking", "停车", ("停车场",), element=True, section=fields.FACTS,
                            help="如 中心东侧有免费停车位"))
    from generator import cli
    from generator.catalogue import schema_build
    from mkdocs.__main__ import cli as mkdocs

    root, document = Path(sys.argv[1]), sys.argv[2]
    out = {"schema": schema_build.service_schema()["properties"].get("parking"),
           "office_schema": "parking" in schema_build.office_schema()["properties"]}
    for name, argv in (("import", ["import", document, "--office-id", "xinzhen", "--city", "天津市"]),
                       ("report", ["report"])):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            out[name + "_exit"] = cli.main(["--content", str(root / "content"), *argv])
        out[name] = printed.getvalue()
    with contextlib.redirect_stdout(io.StringIO()):  # the build's notes; the page is what counts
        mkdocs.main(["build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")], standalone_mode=False)
    print(json.dumps(out, ensure_ascii=False))
''')


def test_a_field_added_to_the_registry_reaches_every_output(project_copy):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "事项名称", "实施机构", "停车场", "咨询电话"])
    sheet.append(["1", "老年人优待证办理", "新镇街道党群服务中心", "中心东侧有免费停车位", "022-25869855"])
    sheet.append(["2", "居住证明开具", "新镇街道党群服务中心", "", "022-25869855"])
    document = project_copy / "xinzhen.xlsx"
    book.save(document)

    run = subprocess.run([sys.executable, "-c", SCRIPT, str(project_copy), str(document)], cwd=ROOT,
                         capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])

    # the schema: a service may set it (an office may not: it is a service's own), titled and explained
    assert out["schema"] == {"type": "string", "minLength": 1, "title": "停车", "description": "如 中心东侧有免费停车位"}
    assert out["office_schema"] is False
    # the import: the column headed by one of its words becomes the field, in the service's file
    assert out["import_exit"] == 0, out["import"]
    written = (project_copy / "content/offices/xinzhen/laonianren-youdaizheng-banli.yml").read_text("utf-8")
    assert "parking: 中心东侧有免费停车位" in written
    # the report counts it as an element the second service lacks
    assert out["report_exit"] == 0
    office = out["report"].split("新镇街道党群服务中心（2 项居民服务）")[1].split("\n\n")[0]
    assert "停车 1/2" in office
    lacking, heading = {}, ""
    for line in office.splitlines():  # services grouped under what they lack
        if "项缺：" in line:
            heading = line.split("缺：")[1]
        elif line.startswith("    "):
            lacking[line.split("（")[0].strip()] = heading
    assert lacking["2 居住证明开具"].endswith("、停车") and "停车" not in lacking["1 老年人优待证办理"]
    # the built page lists it among the facts, and the open data carries it
    page = (project_copy / "site/offices/xinzhen/laonianren-youdaizheng-banli/index.html").read_text("utf-8")
    assert "<strong>停车</strong>：中心东侧有免费停车位" in page
    other = (project_copy / "site/offices/xinzhen/juzhu-zhengming-kaiju/index.html").read_text("utf-8")
    assert "<strong>停车</strong>" not in other
    rows = list(csv.reader(io.StringIO((project_copy / "site/data/services.csv").read_text("utf-8-sig"))))
    column = rows[0].index("停车")
    assert [r[column] for r in rows if "老年人优待证办理" in r] == ["中心东侧有免费停车位"]
    data = json.loads((project_copy / "site/data/catalogue.json").read_text("utf-8"))
    assert [s.get("parking") for s in data["services"] if s["office"] == "xinzhen"] == ["中心东侧有免费停车位", None]
