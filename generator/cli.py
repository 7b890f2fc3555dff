"""Command line: import a 信息表 document, validate the catalogue, write the pages to a folder."""
from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from pathlib import Path

from jinja2 import TemplateError

from generator.catalogue.elements import FORM_MAX_MB, referenced_files
from generator.catalogue.load import ContentError, load_catalogue as _load_catalogue
from generator.desk.serve import accounts_of, run as run_desk
from generator.exports import data_files
from generator.catalogue.fields import BY_KEY
from generator.sources.notes import grouped as grouped_notes
from generator.sources.importer import import_document, missing_summary, problems_before_writing, write_files
from generator.sources.records import IGNORE, LABEL_TO_FIELD, LABELS, normalise_label
from generator.sources.reimport import plan
from generator.website.settings import Settings, SettingsError
from generator.website.corrections import CorrectionsError, corrections, hotline
from generator.website.gitdates import last_changed
from generator.website.publish import contact_warnings, office_problems, placeholder_site_url
from generator.website.site_identity import publishing_problems
from generator.website.qr import cache_file as qr_cache_file
from generator.website.render import check_output_folder, render_site, template_problem, write_pages
from generator.website.report import completeness, report_text, review_warning


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="service-guide", description="办事指南站点生成器")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="MkDocs 配置文件（默认 mkdocs.yml）：内容文件夹、网址、热线等设置从这里读")
    parser.add_argument("--content", type=Path, help="内容文件夹（默认取 mkdocs.yml 的 content_dir，即 content）")
    parser.add_argument("--max-file-mb", type=float, metavar="MB",
                        help=f"空白表格、样表文件的大小上限（默认 {FORM_MAX_MB} MB，同 mkdocs.yml 的 max_file_mb）")
    sub = parser.add_subparsers(dest="command", required=True)

    p_import = sub.add_parser("import", help="把一个机构的信息表文件（.txt 导出或 .docx）导入为 YAML")
    p_import.add_argument("document", type=Path)
    p_import.add_argument("--office-id", help="机构编号（网址用，默认取简称的拼音）")
    p_import.add_argument("--office-name", help="机构全称（默认取“实施机构”中最常见的写法）")
    p_import.add_argument("--city", default="", help="城市，如 天津市")
    p_import.add_argument("--district", default="", help="区县，如 滨海新区")
    p_import.add_argument("--area-code", help="电话区号，如 022（天津等城市可由 --city 推出）")
    p_import.add_argument("--force", action="store_true", help="覆盖已被编辑过的文件")
    p_import.add_argument("--dry-run", action="store_true", help="只报告，不写文件")
    p_import.add_argument("--map", action="append", default=[], metavar="列名=字段",
                          help="把不认识的列对应到一个栏目，如 --map 追责情形=责任事项；=忽略 表示不导入这一列")

    sub.add_parser("validate", help="检查全部内容，列出所有问题")
    p_publish = sub.add_parser("publish-check", help="发布前检查：内容无误，site_url 已是网站的真实地址")
    p_publish.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="MkDocs 配置文件（默认 mkdocs.yml）")
    sub.add_parser("report", help="列出每个机构、每项服务还缺哪些办事指南要素（地点、时限、收费…）")

    p_render = sub.add_parser("render", help="把全部页面写成 Markdown 到一个文件夹（不需要 MkDocs）")
    p_render.add_argument("out", type=Path)
    p_render.add_argument("--site-url", help="站点网址，用于二维码（默认取 mkdocs.yml 的 site_url）")
    p_render.add_argument("--templates", type=Path, help="覆盖用的页面模板文件夹（默认 overrides/pages）")
    p_render.add_argument("--correction-email", default="", help="居民报告信息有误的邮箱（同 mkdocs.yml 的 corrections.email）")
    p_render.add_argument("--correction-phone", default="", help="居民报告信息有误的电话")
    p_render.add_argument("--correction-name", default="", help="接收纠错的部门名称")
    p_render.add_argument("--hotline-label", default="", help="没有咨询电话时给居民的热线名称，如 天津市12345政务服务便民热线")
    p_render.add_argument("--hotline-phone", default="", help="该热线的号码，如 12345（同 mkdocs.yml 的 hotline）")

    p_edit = sub.add_parser("edit", help="打开编辑台：在浏览器里补充、修改内容，审核后发布")
    p_edit.add_argument("--port", type=int, default=8100, help="端口（默认 8100；0 表示任选一个空闲端口）")
    p_edit.add_argument("--host", default="127.0.0.1",
                        help="监听地址（默认 127.0.0.1，只有本机能用；其他地址必须先用 desk-account 建账号）")
    p_edit.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    p_edit.add_argument("--behind-proxy", action="store_true",
                        help="在 nginx 等反向代理之后提供服务：使用代理传来的访问者地址和 https（需要账号）")
    p_account = sub.add_parser("desk-account", help="添加或修改编辑台账号（密码从键盘输入，或用 --password-stdin）")
    p_account.add_argument("name", help="账号名")
    p_account.add_argument("--role", action="append", choices=["编辑", "审核"], default=[],
                           help="角色：编辑 可以修改，审核 可以通过或退回；两个都有就写两次")
    p_account.add_argument("--offices", default="", help="能修改的机构文件夹名，用逗号分隔；全部机构写 *")
    p_account.add_argument("--password-stdin", action="store_true", help="从标准输入读密码（第一行）")
    p_account.add_argument("--remove", action="store_true", help="删除这个账号")

    args = parser.parse_args(argv)
    try:
        args.settings = _settings(args)
        args.content = args.settings.content_dir
        return {"import": _import, "validate": _validate, "report": _report, "render": _render,
                "publish-check": _publish_check, "edit": _edit, "desk-account": _desk_account}[args.command](args)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except TemplateError as exc:
        print(f"模板错误：{template_problem(exc)}", file=sys.stderr)
        return 1
    except SettingsError as exc:
        print(f"设置错误：{exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


CHANGES_SHOWN = 30


def _settings(args) -> Settings:
    """mkdocs.yml's settings with what the command line gives over them."""
    given = {"content_dir": args.content, "max_file_mb": args.max_file_mb,
             "site_url": getattr(args, "site_url", None), "templates_dir": getattr(args, "templates", None)}
    settings = Settings.read(args.config, **given)
    fix = [getattr(args, f"correction_{k}", "") for k in ("email", "phone", "name")]
    line = [getattr(args, f"hotline_{k}", "") for k in ("label", "phone")]
    try:
        return dataclasses.replace(settings, **({"corrections": corrections(*fix)} if any(fix) else {}),
                                   **({"hotline": hotline(*line)} if any(line) else {}))
    except CorrectionsError as exc:
        raise SettingsError(f"命令行：{exc}") from None


def _edit(args) -> int:
    return run_desk(args.settings, args.host, args.port, open_browser=not args.no_browser, behind_proxy=args.behind_proxy)


def _desk_account(args) -> int:
    accounts = accounts_of(args.content)
    if args.remove:
        print(f"已删除账号 {args.name}" if accounts.remove(args.name) else f"没有账号 {args.name}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码（至少 10 个字符）：")
        if getpass.getpass("再输入一次：") != password:
            print("错误：两次输入的密码不同，未保存", file=sys.stderr)
            return 1
    offices = [o.strip() for o in args.offices.replace("，", ",").split(",") if o.strip()]
    accounts.set(args.name, password, args.role, offices)
    print(f"已保存账号 {args.name}（{'、'.join(args.role)}；机构：{'、'.join(offices)}）")
    return 0


def brief(value, limit: int = 50) -> str:
    """A field's value on one line for comparing old and new: “…” around text, （无） for nothing."""
    if value in (None, "", [], {}):
        return "（无）"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[:limit] + "…") + "”"


def _import(args) -> int:
    if not args.document.exists() and not args.document.is_symlink():
        print(f"错误：找不到文件 {args.document}", file=sys.stderr)
        return 1
    result = import_document(args.document, args.content, office_id=args.office_id, office_name=args.office_name,
                             city=args.city, district=args.district, area_code=args.area_code,
                             mapping=column_mapping(args.map))
    _print_reading(args.document, result)
    if result.unplaced:
        print("错误：文档结构不明确，以下内容无法确定应放在哪里，未写入任何文件："
              "（请在 Word 中把它们放进对应栏目，或删去后重新导入）", file=sys.stderr)
        for line in result.unplaced:
            print(f"  {line}", file=sys.stderr)
        return 1
    changes = plan(result.files)
    added, changed, renamed = changes.of("added"), changes.of("changed"), changes.of("renamed")
    problems = problems_before_writing({c.path: c.text for c in added + changed + renamed}, args.content)
    if problems:
        _print_problems(problems)
        return 1
    if changed or renamed or changes.removed:  # a newer version of a document already imported: what it changes
        _print_changes(changes)
    if args.dry_run:
        return 0
    if (changed or renamed) and not args.force:
        print(f"错误：{len(changed + renamed)} 个文件的内容与新文件不同（见上），未做任何改动。确认以新文件为准请加 --force"
              "（主题、别名和新文件没有的栏目会保留现有内容）", file=sys.stderr)
        return 1
    _write(args, result, added + changed + renamed)
    return 0


def _services_read(result) -> int:
    return len(result.files) - len(result.office_ids)


def _print_reading(document: Path, result) -> None:
    """How each column was read, the layout, and what is worth a look or awaits review."""
    if result.columns:
        print("各列的读法：")
        for line in result.columns:
            print(f"  {line}")
    print(f"{document.name}: 读到 {_services_read(result)} 个事项，机构编号 {'、'.join(result.office_ids) or result.office_id}")
    if result.layout:
        print(f"  版式：{result.layout}")
    for line in grouped_notes(result.report):
        print(f"  请核对：{line}")
    if result.review:
        print(f"待核对 {sum(map(len, result.review.values()))} 处（按推测放入栏目，或没有栏目名而原样保留；写在各事项文件的"
              " review 栏目中，只给编辑人员看，核对后删去）：")
        for service, lines in result.review.items():
            print(f"  {service}")
            for line in lines:
                print(f"    {line}")


def _print_problems(problems: list) -> None:
    print(f"错误：导入后，内容（这个文件的事项，以及其他机构、一件事等已有内容）会有 {len(problems)} 处通不过检查，"
          "未写入任何文件（请改正原文件或用 --map 调整后重新导入；涉及其他机构的，先改好那些文件）：", file=sys.stderr)
    for line in problems[:50]:
        print(f"  {line}", file=sys.stderr)
    if len(problems) > 50:
        print(f"  ……另有 {len(problems) - 50} 处", file=sys.stderr)


def _print_changes(changes) -> None:
    """What a newer version of a document already imported changes, file by file."""
    added, changed, renamed = changes.of("added"), changes.of("changed"), changes.of("renamed")
    print(f"与现有内容相比：新增 {len(added)} 个文件，{len(changed)} 个有变化，{len(renamed)} 个改了名，"
          f"{len(changes.of('same'))} 个未变" + (f"，{len(changes.removed)} 个事项文件在新文件中没有" if changes.removed else ""))
    for c in renamed:
        old, new = c.values.get("name", ("", ""))
        print(f"  改名：{c.path}：{brief(old)} → {brief(new)}（{c.why}，认作同一事项：文件和网址编号不变，"
              "已打印的二维码仍然有效，编辑人员填写的内容保留）")
    for c in (changed + renamed)[:CHANGES_SHOWN]:
        print(f"  变化：{c.path}")
        for key, (old, new) in c.values.items():
            print(f"    {BY_KEY[key].label if key in BY_KEY else key}：{brief(old)} → {brief(new)}")
    if len(changed + renamed) > CHANGES_SHOWN:
        print(f"  ……另有 {len(changed + renamed) - CHANGES_SHOWN} 个文件有变化（加 --dry-run 不写文件，只看变化）")
    for c in added:
        print(f"  新增：{c.path}")
    for path in changes.removed:
        print(f"  新文件中没有（未删除，请人工确认）：{path}")


def _write(args, result, changes: list) -> None:
    written = write_files({c.path: c.text for c in changes}, force=True)
    target = args.content / "offices" / (result.office_id if len(result.office_ids) == 1 else "")
    print(f"写入 {len(written)} 个文件到 {target}"
          + ("" if len(written) == len(result.files) else f"（{len(result.files) - len(written)} 个未变）"))
    print(f"共 {len(result.office_ids)} 个机构、{_services_read(result)} 个事项。")
    missing = missing_summary(result.files)
    if missing:
        print(f"文件中没有的栏目（缺少的事项数）：{missing}。页面只显示已有的内容；"
              "逐个事项的清单：service-guide report，或网站的 /editor/report/ 页面")


def column_mapping(pairs: list[str]) -> dict[str, str]:
    """--map 列名=字段 pairs; 字段 is a column name the importer knows (责任事项), a field key, or 忽略."""

    mapping = {}
    for pair in pairs:
        column, _, target = pair.partition("=")
        field = target if target in LABELS or target in IGNORE else LABEL_TO_FIELD.get(normalise_label(target))
        if not column or field is None:
            raise ValueError(f"--map {pair}：应写成 列名=栏目，栏目如 {'、'.join(list(LABEL_TO_FIELD)[:12])}…，或 列名=忽略")
        mapping[column] = field
    return mapping


def load_catalogue(args):
    """The catalogue the command works on; what is worth a second look is printed, not fatal."""
    catalogue = _load_catalogue(args.content, max_file_mb=args.settings.max_file_mb)
    if catalogue.warnings:
        print(f"请核对 {len(catalogue.warnings)} 处（不影响生成网站）：", file=sys.stderr)
        for warning in catalogue.warnings:
            print(f"  {warning}", file=sys.stderr)
    return catalogue


def _validate(args) -> int:
    catalogue = load_catalogue(args)
    print(f"内容检查通过：{len(catalogue.offices)} 个机构，{len(catalogue.services)} 个事项，"
          f"{len(catalogue.topics)} 个主题。")
    return 0


def _publish_check(args) -> int:
    catalogue = load_catalogue(args)
    settings = args.settings
    problems = [problem] if (problem := placeholder_site_url(settings.site_url)) else []
    problems += publishing_problems(settings.site) + office_problems(catalogue, settings)
    for warning in contact_warnings(catalogue, settings) + list(filter(None, [review_warning(catalogue)])):
        print(f"警告：{warning}", file=sys.stderr)
    if problems:
        print("发布检查未通过：\n" + "\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    print(f"发布检查通过：{len(catalogue.services)} 个事项内容无误，site_url 为 {settings.site_url}")
    return 0


def _report(args) -> int:
    """Runs on content with errors too: those first, then what residents cannot see yet."""
    catalogue = _load_catalogue(args.content, max_file_mb=args.settings.max_file_mb, keep_errors=True)
    print(report_text(completeness(catalogue), catalogue.errors))
    return 1 if catalogue.errors else 0


def _render(args) -> int:
    check_output_folder(args.out, args.content)  # before any work: refuse a folder it must not touch
    settings = args.settings
    catalogue = load_catalogue(args)
    options = settings.render_options(len(catalogue.services), last_changed(args.content),
                                      qr_cache_file(args.content.parent / ".cache" / "service-guide", settings.site_url))
    pages = render_site(catalogue, options)
    write_pages(pages, args.out, args.content, referenced_files(catalogue.services),
                data_files(catalogue, settings.site_url, options.updated, options.site_name))
    print(f"写入 {len(pages)} 个页面到 {args.out}")
    return 0
