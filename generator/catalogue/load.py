"""Load content/ into a Catalogue, collecting every problem before giving up.

Layout: content/topics.yml, content/offices/<office-id>/office.yml, content/offices/<office-id>/*.yml.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.catalogue import elements, journeys
from generator.catalogue.citations import Citation, normalise_doc_number, parse_citations
from generator.catalogue.ids import ID_PATTERN, is_office_page_name
from generator.catalogue.model import (Catalogue, Contact, LegalEntry, MaterialGroup, Materials, NotCovered, Office, Process,
                                       ResidentWords, Service, Theme, Topic, Variant)
from generator.catalogue.schema import Problem, check, field_path
from generator.catalogue.textcheck import bad_character, comparable, strings_with_paths
from generator.catalogue.yamlio import YamlError, load_yaml




class ContentError(Exception):
    """The content has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"内容检查发现 {len(self.problems)} 个问题："] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass
class LoadCache:
    """What an earlier load of the same content made, kept by a long-running preview: a file whose
    size and modification time are unchanged is not read or checked again, and a service whose file
    and office are unchanged is not rebuilt."""
    files: dict = field(default_factory=dict)     # path -> (stamp, loaded or None, its problems)
    services: dict = field(default_factory=dict)  # path -> (stamp, office, service, its problems)


def _stamp(path: Path):
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def load_catalogue(content_dir: Path, offices: list[str] | None = None, cache: LoadCache | None = None,
                   max_file_mb: float = elements.FORM_MAX_MB, keep_errors: bool = False) -> Catalogue:
    """Load and check everything under `content_dir`; raise ContentError listing all problems.
    What is possible but worth a second look comes back in `catalogue.warnings`.

    `offices` limits loading to those office ids (a preview of one office in a large catalogue).
    `cache` (kept between loads) skips what has not changed since the last load.
    `max_file_mb`: the largest blank form or sample a service may name.
    `keep_errors`: return what loads, its errors in `catalogue.errors`, instead of raising (the report).
    """
    content_dir = Path(content_dir)
    _require_folder(content_dir)
    loader = _Loader(content_dir, cache, max_file_mb)
    themes, topics = _load_topics(content_dir / "topics.yml", loader.read, loader.problems, loader.rel)
    kinds = loader.material_kinds()
    resident_words = _load_resident_words(content_dir / "vocabulary.yml", loader.read, loader.problems, loader.rel)
    office_dirs = loader.office_dirs(offices)
    office_map, services = loader.offices_and_services(office_dirs, topics)
    loader.problems += _stray_yaml_files(content_dir, office_dirs, loader.rel)
    loader.problems += _not_covered_but_named(resident_words, services, loader.rel(content_dir / "vocabulary.yml"))
    loaded_journeys = loader.journeys(services, offices)
    errors = [p for p in loader.problems if not p.warning]
    if errors and not keep_errors:
        raise ContentError(errors)
    return Catalogue(offices=office_map, services=services, themes=themes or {}, topics=topics or {},
                     material_kinds=kinds.data["kinds"] if kinds else [], resident_words=resident_words,
                     journeys=loaded_journeys, warnings=[p for p in loader.problems if p.warning], errors=errors)


def _require_folder(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise ContentError([Problem(content_dir.as_posix(), None, "content_dir",
                                    "找不到内容文件夹" + ("（这是一个文件，不是文件夹）" if content_dir.exists() else "")
                                    + "：应是放 offices/ 和 topics.yml 的文件夹，如 content；请检查 mkdocs.yml 的 "
                                    "service-guide.content_dir（命令行：--content）")])


class _Loader:
    """One load of content/: every file read and checked once (or taken from the cache), every
    problem collected before any is reported."""

    def __init__(self, content_dir: Path, cache: LoadCache | None, max_file_mb: float):
        self.content_dir, self.cache, self.max_file_mb = content_dir, cache, max_file_mb
        self.root = content_dir.parent
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, kind: str):
        """A YAML file checked against its schema; None (its problems recorded) when it fails."""
        cache = self.cache
        stamp = _stamp(path) if cache is not None else None
        hit = cache.files.get(path) if stamp else None
        if hit and hit[0] == stamp:
            self.problems.extend(hit[2])
            return hit[1]
        found: list[Problem] = []
        loaded = self._read_checked(path, kind, found)
        self.problems.extend(found)
        if stamp:
            cache.files[path] = (stamp, loaded, found)
        return loaded

    def _read_checked(self, path: Path, kind: str, found: list[Problem]):
        try:
            loaded = load_yaml(path)
        except YamlError as exc:
            found.append(Problem(self.rel(path), exc.line, field_path(exc.path), exc.message))
            return None
        if loaded.data is None:
            found.append(Problem(self.rel(path), 1, "", "文件是空的"))
            return None
        found += [Problem(self.rel(path), loaded.line_of(at), field_path(at), message)
                  for at, text in strings_with_paths(loaded.data) if (message := bad_character(text))]
        found += [] if found else check(kind, loaded.data, self.rel(path), loaded.line_of)
        return None if found else loaded

    def material_kinds(self):
        path = self.content_dir / "materials.yml"
        return self.read(path, "materials") if path.exists() else None

    def office_dirs(self, offices: list[str] | None) -> list[Path]:
        """The office folders to load: all, or those a preview names."""
        found = sorted(p for p in (self.content_dir / "offices").glob("*") if p.is_dir())
        if not found:
            self.problems.append(Problem(self.rel(self.content_dir / "offices"), None, "",
                                         "没有任何办事机构（应有 offices/<机构编号>/office.yml）"))
        if offices is None:
            return found
        unknown = sorted(set(offices) - {d.name for d in found})
        if unknown:
            self.problems.append(Problem(self.rel(self.content_dir / "offices"), None, "",
                                         f"要预览的机构 {'、'.join(unknown)} 不存在；可用：{'、'.join(d.name for d in found)}"))
        return [d for d in found if d.name in offices]

    def offices_and_services(self, office_dirs: list[Path], topics) -> tuple[dict[str, Office], list[Service]]:
        office_map: dict[str, Office] = {}
        services: list[Service] = []
        placed: list[tuple[Service, str, int | None]] = []
        for office_dir in office_dirs:
            office = _load_office(office_dir, self.read, self.problems, self.rel)
            if office:
                office_map[office.id] = office
            checks = _OfficeChecks(self.rel, topics)
            for path in sorted(office_dir.glob("*.y*ml")):
                loaded = None if path.name in ("office.yml", "office.yaml") else self.read(path, "service")
                if loaded is None or office is None:
                    continue
                service = self.build_service(path, loaded, office)
                self.problems += checks.of(service, path, loaded.line_of)
                services.append(service)
                placed.append((service, self.rel(path), loaded.line_of(("implementing_body",))))
        self.problems += _misplaced_services(placed, office_map)
        return office_map, services

    def build_service(self, path: Path, loaded, office: Office) -> Service:
        """The service of a checked file, with the problems only it and its office can show."""
        cache = self.cache
        stamp = cache.files[path][0] if cache is not None and path in cache.files else None
        hit = cache.services.get(path) if stamp else None
        if hit and hit[0] == stamp and hit[1] == office:
            self.problems.extend(hit[3])
            return hit[2]
        found: list[Problem] = []

        def problem(at: tuple, message: str, warning=False):
            found.append(Problem(self.rel(path), loaded.line_of(at), field_path(at), message, warning))

        service = _service(loaded.data, office, self.rel(path), self.content_dir, problem,
                           lambda at, message: problem(at, message, warning=True), self.max_file_mb)
        for key in office.required:
            if key not in elements.present_fields(service):
                problem((), f"{office.short_name}要求每个事项填写“{elements.REQUIRABLE[key]}”（{key}），"
                            f"此事项没有（见 office.yml 的 require）")
        self.problems.extend(found)
        if stamp:
            cache.services[path] = (stamp, office, service, found)
        return service

    def journeys(self, services: list[Service], offices):
        """Journeys link services: checked once the rest loads cleanly, so a broken office is one
        message, not many."""
        if any(not p.warning for p in self.problems):
            return {}
        return journeys.load_journeys(self.content_dir / journeys.FILE, self.read, self.problems, self.rel, services,
                                      offices)


class _OfficeChecks:
    """What only the services of one office together can show: ids and 序号 used twice, unknown topics."""

    def __init__(self, rel, topics):
        self.rel, self.topics = rel, topics
        self.ids: dict[str, str] = {}
        self.numbers: dict[str, tuple[str, str]] = {}  # 序号 -> (title, file)

    def of(self, service: Service, path: Path, line) -> list[Problem]:
        found, source = [], self.rel(path)
        if is_office_page_name(service.id):
            found.append(Problem(source, line(("id",)), "id", f"编号“{service.id}”是保留字（机构页面要用），请换一个"))
        if service.id in self.ids:
            found.append(Problem(source, line(("id",)), "id",
                                 f"编号“{service.id}”与 {self.ids[service.id]} 重复：同一机构内编号必须唯一"))
        # "２.４" and "2.4 " are the same 序号; the sub-items of one main item share its merged 序号
        number_key = comparable(service.number)
        if number_key and number_key in self.numbers and self.numbers[number_key][0] != service.title:
            found.append(Problem(source, line(("number",)), "number",
                                 f"序号“{service.number}”与 {self.numbers[number_key][1]} 重复"))
        if service.topic_id and self.topics is not None and service.topic_id not in self.topics:
            close = difflib.get_close_matches(service.topic_id, list(self.topics), n=1)
            hint = f"，是否想写“{close[0]}”？" if close else "，请先在 content/topics.yml 中添加该主题"
            found.append(Problem(source, line(("topic",)), "topic", f"主题“{service.topic_id}”不存在{hint}"))
        self.ids.setdefault(service.id, source)
        self.numbers.setdefault(number_key, (service.title, source))
        return found


CATALOGUE_FILES = {"topics.yml", "materials.yml", "vocabulary.yml", journeys.FILE}
NOT_CATALOGUE = {"pages", elements.FILES_DIR}  # hand-written pages (MkDocs' docs_dir) and published forms


def _stray_yaml_files(content_dir: Path, office_dirs: list[Path], rel) -> list[Problem]:
    """YAML that no part of the site reads: a service saved beside the office folders, or in a
    folder inside one, would silently be missing from the site."""
    def yaml_in(folder: Path):
        return [p for p in folder.glob("*.y*ml") if p.suffix in (".yml", ".yaml")]

    stray = [p for p in yaml_in(content_dir) if p.name not in CATALOGUE_FILES]
    stray += yaml_in(content_dir / "offices")
    for office_dir in office_dirs:
        stray += [p for sub in office_dir.iterdir() if sub.is_dir() and not sub.name.startswith(".")
                  for p in sub.rglob("*.y*ml") if p.suffix in (".yml", ".yaml")]
    for folder in content_dir.iterdir():
        if folder.is_dir() and folder.name not in NOT_CATALOGUE | {"offices"} and not folder.name.startswith("."):
            stray += [p for p in folder.rglob("*.y*ml") if p.suffix in (".yml", ".yaml")]
    return [Problem(rel(p), None, "", "这个文件不在任何机构文件夹中，网站不会读取它：事项文件应放在 "
                    "offices/<机构编号>/ 下（与 office.yml 同一层），不用的文件请移出 content/") for p in sorted(stray)]


def _misplaced_services(placed: list[tuple[Service, str, int | None]], offices: dict[str, Office]) -> list[Problem]:
    """A service whose 实施机构 is another service centre of the catalogue (a 街道 or 镇 like the
    one whose folder it sits in), by its full name, is in the wrong folder: its page would list it
    under this office. A body the centres act for (区人社局, imported as an office of its own) is
    named by many centres' services: only worth a look, never an error another import could cause."""
    by_name = {office.name: office for office in offices.values()}
    found = []
    for service, source, line in placed:
        other = by_name.get(service.implementing_body.strip())
        if other is not None and other.id != service.office_id:
            here = offices[service.office_id]
            peer = other.kind != "其他" and here.kind != "其他"
            found.append(Problem(source, line, "implementing_body",
                                 f"实施机构是“{other.name}”，但文件放在 {here.name}（offices/{here.id}/）的文件夹里："
                                 + (f"页面会把它列在 {here.name} 下。请把文件移到 offices/{other.id}/，或改正实施机构" if peer else
                                    f"如果这是 {other.name} 自己的事项，请把文件移到 offices/{other.id}/；"
                                    f"由 {here.name} 代为受理的，可以不改"), warning=not peer))
    return found


def _not_covered_but_named(words: ResidentWords, services: list[Service], source: str) -> list[Problem]:
    """A word vocabulary.yml lists as not in this guide that a resident service's name or alias holds
    (低保 once 最低生活保障 is imported): search would say 本指南未收录 beside the service. Worth a look."""
    found = []
    for i, gap in enumerate(words.not_covered):
        words = (*gap.says, *(w for w in re.split(r"[（）()]", gap.name) if len(w) >= 2))
        named = next((s for s in services if not s.internal and any(
            word in text for word in words for text in (s.name, s.title, *s.aliases))), None)
        if named is not None:
            found.append(Problem(source, None, f"not_covered[{i}]",
                                 f"“{gap.name}”列为本指南未收录，但事项“{named.name}”（{named.source}）就是它："
                                 "搜索时居民会看到互相矛盾的答案。请从 not_covered 中删去这一组（或改正其中的说法）",
                                 warning=True))
    return found


def _load_resident_words(path: Path, read, problems, rel) -> ResidentWords:
    """content/vocabulary.yml, optional. A phrase listed under two meanings is an error: the
    search could not tell which one the editor meant."""
    loaded = read(path, "vocabulary") if path.exists() else None
    if loaded is None:
        return ResidentWords()
    spoken: dict[str, tuple[str, ...]] = {}
    where: dict[str, int] = {}
    for i, entry in enumerate(loaded.data.get("spoken", [])):
        for j, phrase in enumerate(entry["says"]):
            if phrase in spoken:
                problems.append(Problem(rel(path), loaded.line_of(("spoken", i, "says", j)), f"spoken[{i}].says[{j}]",
                                        f"说法“{phrase}”已在第 {where[phrase] + 1} 组出现：每个说法只能对应一组正式用语"))
                continue
            spoken[phrase] = tuple(entry["means"])
            where[phrase] = i
    not_covered = tuple(NotCovered(tuple(e["says"]), e["name"], e["ask"]) for e in loaded.data.get("not_covered", []))
    return ResidentWords(spoken=spoken, fillers=tuple(loaded.data.get("fillers", [])), not_covered=not_covered)


def _load_topics(path: Path, read, problems, rel):
    if not path.exists():
        problems.append(Problem(rel(path), None, "", "缺少主题文件 topics.yml"))
        return None, None
    loaded = read(path, "topics")
    if loaded is None:
        return None, None
    themes = {t["id"]: Theme(t["id"], t["name"], bool(t.get("internal"))) for t in loaded.data["themes"]}
    topics: dict[str, Topic] = {}
    for i, t in enumerate(loaded.data["topics"]):
        where = ("topics", i)
        if t["id"] in topics:
            problems.append(Problem(rel(path), loaded.line_of(where + ("id",)), f"topics[{i}].id",
                                    f"主题编号“{t['id']}”重复"))
        if t["theme"] not in themes:
            problems.append(Problem(rel(path), loaded.line_of(where + ("theme",)), f"topics[{i}].theme",
                                    f"分类“{t['theme']}”不存在，可用：{'、'.join(themes)}"))
        topics[t["id"]] = Topic(t["id"], t["name"], t["theme"], tuple(t.get("audience", ["residents"])),
                                tuple(t.get("aliases", [])), tuple(t.get("match", [])))
    return themes, topics


def _load_office(office_dir: Path, read, problems, rel) -> Office | None:
    path = office_dir / "office.yml"
    if not re.match(ID_PATTERN, office_dir.name):
        problems.append(Problem(rel(office_dir), None, "", f"文件夹名“{office_dir.name}”不能用作网址：只能用小写字母、"
                                                            "数字和连字符，如 xincun"))
        return None
    if not path.exists():
        problems.append(Problem(rel(office_dir), None, "", "机构文件夹缺少 office.yml：其中的事项不属于任何已知机构"))
        return None
    loaded = read(path, "office")
    if loaded is None:
        return None
    d = loaded.data
    return Office(id=office_dir.name, name=d["name"], short_name=d["short_name"], kind=d["kind"],
                  city=d.get("city", ""), district=d.get("district", ""), area_code=d.get("area_code", ""),
                  place=elements.place(d), supervision=_contacts(d.get("supervision", [])),
                  required=tuple(d.get("require", ())), source=rel(path), source_title=d.get("source_title", ""),
                  hotline=Contact(d["hotline"]["label"], d["hotline"]["phone"]) if "hotline" in d else None)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _contacts(items) -> tuple[Contact, ...]:
    return tuple(Contact(c["label"], c.get("phone")) for c in items)


def _citation(c: dict) -> Citation:
    number = c.get("doc_number")
    return Citation(c.get("title"), (normalise_doc_number(number) or number) if number else None,
                    tuple(c.get("articles", [])))


def _service(d: dict, office: Office, source: str, content_dir: Path, problem, warn,
             max_file_mb: float = elements.FORM_MAX_MB) -> Service:
    """A checked YAML mapping -> Service; `problem(path, message)` records what the schema cannot see,
    `warn(path, message)` what is possible but implausible."""
    legal = tuple(
        LegalEntry(e["text"], tuple(_citation(c) for c in e["citations"]) if "citations" in e
                   else tuple(parse_citations(e["text"])))
        for e in d.get("legal_basis", ())
    )
    p = d.get("process", {})
    process = Process(p.get("intro", ""), tuple(p.get("steps", [])),
                      tuple(Variant(v["name"], v.get("intro", ""), tuple(v.get("steps", [])))
                            for v in p.get("variants", [])))
    m = d.get("materials", {})

    def items(raw: list, at: tuple) -> tuple:
        return tuple(elements.material(item, content_dir, lambda sub, msg, i=i: problem(at + (i,) + sub, msg), max_file_mb)
                     for i, item in enumerate(raw))

    materials = Materials(m.get("kind", "list"), m.get("text", ""), m.get("intro", ""),
                          items(m.get("items", []), ("materials", "items")),
                          tuple(MaterialGroup(g["name"], g.get("intro", ""),
                                              items(g.get("items", []), ("materials", "groups", gi, "items")))
                                for gi, g in enumerate(m.get("groups", []))))
    if "materials" in d and not materials.known:
        problem(("materials",), "材料清单是空的：有材料时逐项写在 items 下；不需要材料时写 kind: none 和 text: 无需材料")
    if d.get("updated") and not _is_date(d["updated"]):
        problem(("updated",), f"日期“{d['updated']}”不存在：应写成 年-月-日，如 2026-11-20")
    responsibility = d.get("responsibility", "")
    return Service(
        id=d["id"], office_id=office.id, number=d.get("number", ""), order=d.get("order"), name=d["name"], title=d.get("title") or d["name"],
        implementing_body=d.get("implementing_body") or office.name, legal_basis=legal, process=process,
        materials=materials,
        topic_id=d.get("topic"), audience=tuple(d.get("audience", ["residents"])), aliases=tuple(d.get("aliases", [])),
        boundary=d.get("boundary", ""),
        responsibility=tuple(responsibility) if isinstance(responsibility, list) else responsibility,
        supervision=_contacts(d.get("supervision", [])), updated=d.get("updated"), source=source,
        place=elements.place(d, office.place), conditions=tuple(d.get("conditions", ())),
        item_type=d.get("item_type", ""), item_code=d.get("item_code", ""),
        level=d.get("level", ""), case_type=d.get("case_type", ""),
        time_limit=elements.time_limit(d.get("time_limit"), lambda at, msg: problem(("time_limit",) + at, msg),
                                       lambda at, msg: warn(("time_limit",) + at, msg)),
        fees=elements.fees(d.get("fees"), lambda at, msg: problem(("fees",) + at, msg),
                           lambda at, msg: warn(("fees",) + at, msg)),
        online=elements.online(d.get("online")), visits=d.get("visits"),
        result=d.get("result", ""), more=elements.more_values(d, Service), faq=elements.faq(d.get("faq")),
        extra=tuple(elements.extra_info(e) for e in d.get("extra", ())),
        source_title=d.get("source_title", ""), group=d.get("group", ""), review=tuple(d.get("review", ())),
    )
