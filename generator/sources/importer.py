"""Turn an office's 信息表 document into catalogue YAML: one office file, one file per service."""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.sources import text as T
from generator.catalogue.citations import parse_citations
from generator.sources.detect import read_document
from generator.sources.guides import YEAR
from generator.sources.records import RawRecord
from generator.sources import element_values
from generator.sources.duties import reads_as_duty
from generator.catalogue.ids import ID_PATTERN, pinyin_slug, unique
from generator.catalogue.phones import normalise_phone, phones_in
from generator.catalogue.schema import check
from generator.catalogue.yamlio import YamlError, dump_yaml, load_yaml
from generator import SCHEMA_DIR
from generator.catalogue.fields import REQUIRABLE, SERVICE_KEYS, label as field_label
from generator.catalogue.model import AUDIENCE_NAMES
from generator.catalogue.load import ContentError, load_catalogue
from generator.output import write_file

NONE_WORDS = re.compile(r"^(无|无需材料|无需提供材料|不需要材料|不需提供材料|无需任何材料)[。.]?$")
SEE_PROCESS = re.compile(r"^(见|详见)(运行)?流程[。.]?$")
VARIES = re.compile(r"根据.*不同|视.*情况而定|因.*而异")
AREA_CODES = {"天津": "022", "北京": "010", "上海": "021", "重庆": "023", "广州": "020", "深圳": "0755"}
AUDIENCE_CODES = {"居民": "residents", "企业": "enterprises", "单位": "enterprises", "内部事项": "internal"}
# What 服务对象 cells say, by the words they carry: 自然人 / 个人 are residents, 法人 / 组织 / 机关 enterprises
AUDIENCE_WORDS = (("residents", ("居民", "自然人", "个人", "公民", "群众", "村民", "老年人", "残疾人", "儿童", "学生")),
                  ("enterprises", ("企业", "法人", "单位", "组织", "机关", "个体工商户", "公司")),
                  ("internal", ("内部事项",)))


def audience_codes(text: str) -> list[str]:
    """The audiences a 服务对象 cell names, in the order it names them (企业、居民 stays so)."""
    found = {code: min(text.find(w) for w in words if w in text) for code, words in AUDIENCE_WORDS
             if any(w in text for w in words)}
    return sorted(found, key=found.get)
OFFICE_SUFFIXES = ("党群服务中心", "便民服务中心", "政务服务中心", "社区服务中心", "办事处", "人民政府", "居民委员会",
                   "村民委员会")


@dataclass
class ImportResult:
    office_id: str
    files: dict[Path, str]  # path -> YAML text
    report: list[str] = field(default_factory=list)  # notes: kept as written, worth a look
    unplaced: list[str] = field(default_factory=list)  # text with no certain place: nothing may be written
    office_ids: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # how each column was read, shown before writing
    review: dict[str, list[str]] = field(default_factory=dict)  # service file -> lines placed by a guess or not placed
    layout: str = ""  # which layout the document was read as, and why


def import_document(path: Path, content_dir: Path, office_id: str | None = None, office_name: str | None = None,
                    city: str = "", district: str = "", area_code: str | None = None,
                    mapping: dict[str, str] | None = None) -> ImportResult:
    """A document -> YAML files of one office (or one office per sheet of a workbook)."""
    if office_id is not None and not re.match(ID_PATTERN, office_id):
        raise ValueError(f"机构编号“{office_id}”不能用作网址和文件夹名：只能用小写字母、数字和连字符，如 xincun")
    doc = read_document(path, mapping)
    if not doc.records:
        raise ValueError(f"{path}: 没有找到任何事项（“（名称）信息表”标题下的栏目表，或每行一个事项、带表头的清单）")
    area_code = area_code or next((c for k, c in AREA_CODES.items() if k in city), None)
    result = ImportResult("", {}, list(doc.notes), list(doc.unplaced), columns=list(doc.columns), layout=doc.layout)
    if not area_code:
        area_code = document_area_code(doc.records)
        if area_code:
            result.report.append(f"{path.name}: 没有带区号的固定电话按文件中其他号码最常用的区号 {area_code} 补全"
                                 f"（不对时用 --area-code 指定）")
    topics = _load_topics(content_dir)
    groups: dict[tuple, list[RawRecord]] = {}
    for record in doc.records:  # a workbook may hold several offices: a sheet or a 机构 column each
        key = (record.fields.get("office") or None, record.fields.get("office_id") or None)
        groups.setdefault(key, []).append(record)
    if len(groups) > 1 and office_id:
        raise ValueError(f"{path.name}: 文件里有 {len(groups)} 个机构（{'、'.join(filter(None, (n for n, _ in groups)))}），"
                         "不能都用 --office-id 指定的一个编号；去掉 --office-id 即按机构名称分别导入")
    for (name, own_id), records in groups.items():
        if own_id and not re.match(ID_PATTERN, own_id):
            raise ValueError(f"{path.name}: 机构编号“{own_id}”不能用作网址和文件夹名：只能用小写字母、数字和连字符")
        _import_office(path, content_dir, records, result, office_id or own_id, office_name or name, city, district,
                       area_code, topics, doc.title)
    return result


def document_area_code(records: list[RawRecord]) -> str | None:
    """The area code most of the document's landlines carry, when three in four share it: a list
    whose numbers are mostly 020-… means 87686011 is a Guangzhou number too."""
    codes = Counter(phone.shown.split("-")[0] for record in records for key in ("phone", "supervision")
                    for _, phone in phones_in(record.fields.get(key, ""))
                    if phone.shown.startswith("0") and "-" in phone.shown)
    if not codes:
        return None
    code, count = codes.most_common(1)[0]
    return code if count >= 0.75 * sum(codes.values()) else None


def _import_office(path, content_dir, records, result, office_id, office_name, city, district, area_code, topics,
                   title=None):
    office_name = _office_name(path, records, result.report, office_name, title, city, district)
    short_name = office_name
    for suffix in OFFICE_SUFFIXES:
        short_name = short_name.removesuffix(suffix)
    suffix = next((k for k in ("街道", "街", "镇", "乡", "社区", "村") if short_name.endswith(k)), "")
    office_id = office_id or pinyin_slug(short_name.removesuffix(suffix), by_word=False)
    office_dir = content_dir / "offices" / office_id
    result.office_id = result.office_id or office_id
    result.office_ids.append(office_id)
    services = _services(path, records, result, area_code, topics)
    office = {
        "name": office_name,
        "short_name": short_name,
        **({"source_title": title} if title else {}),
        "kind": {"街": "街道"}.get(suffix, suffix) or "其他",
        "city": city,
        "district": district,
        "area_code": area_code or "",
        "address": "",
        "hours": "",
        "phone": "",
        "supervision": _supervision_of(services),
    }
    result.files[office_dir / "office.yml"] = dump_yaml(office, _schema_header(office_dir, "office"))
    for service in services:
        ordered = {key: service[key] for key in SERVICE_KEYS if key in service}
        path = office_dir / f"{service['id']}.yml"
        result.files[path] = dump_yaml(ordered, _schema_header(office_dir, "service"))
        if service.get("review"):
            result.review[f"{path.name}（{service['name'] or service['title']}）"] = service["review"]


def _office_name(path, records, report: list[str], given: str | None, title: str | None, city: str, district: str) -> str:
    """The office a document is about: as given, else its title's place (贵定县云雾镇人民政府), else the
    body its services name; said in the report when guessed, a stand-in when nothing names it."""
    titled = place_of(title) if title else None  # a list's title row names its office
    office_name = given or titled or _office_name_of(records)
    if titled and office_name == titled:
        report.append(f"{path.name}: 机构名称取自文件标题“{title}”：{titled}；不对时用 --office-name 指定")
    if office_name:
        return office_name
    titles = [title] if title else [r.fields.get("source_title", "") for r in records]
    named = next((p for t in titles if (p := place_of(t))), None) or title
    if named:
        report.append(f"{path.name}: 机构名称取自文件标题：“{named}”；不对时用 --office-name 指定，或导入后修改 office.yml")
        return named
    if city or district:
        report.append(f"{path.name}: 文件里没有写明是哪个机构的：机构名称暂用“{city + district}”，"
                      f"请用 --office-name 指定（如 --office-name 某某街道党群服务中心），或导入后修改 office.yml")
        return city + district
    report.append(f"{path.name}: 文件里没有写明是哪个机构的清单：机构名称暂用文件名“{path.stem}”，"
                  f"请用 --office-name 指定（如 --office-name 某某街道党群服务中心），或导入后修改 office.yml")
    return path.stem


def _services(path, records, result, area_code, topics) -> list[dict]:
    """The services of an office's records, each with its id; an order where no 序号 tells it."""
    services, taken = [], {}
    for record in records:
        result.unplaced.extend(record.unplaced)
        result.report.extend(record.notes)
        if not record.fields.get("name") and not record.heading:  # a name is all a service needs
            result.unplaced.append(f"{path.name}:{record.line}: 这一项没有事项名称（名称栏为空）：请在文件中写上"
                                   "“事项名称：……”，或在第一行写上标题（如 居住证明开具办事指南），再重新导入")
        service = service_from_record(record, area_code, topics, result.report, path.name)
        wanted = record.fields.get("id", "")
        service["id"] = unique(wanted if re.match(ID_PATTERN, wanted) else pinyin_slug(id_words(service["title"])), taken)
        services.append(service)
    shared = Counter(s.get("number") for s in services)
    for position, service in enumerate(services, 1):
        if not service.get("number") or shared[service["number"]] > 1:
            service["order"] = position  # no 序号 (or one shared by sub-items): listed where the document has it
    untopical = [s["title"] for s in services if "topic" not in s]
    if untopical:  # one line, not one per service: a district's list has hundreds
        shown = "、".join(f"“{t}”" for t in untopical[:5]) + ("等" if len(untopical) > 5 else "")
        result.report.append(f"{path.name}: {len(untopical)} 个事项没有匹配到主题（{shown}）：可在 content/topics.yml "
                             "中补充主题后填写 topic；不填也能生成网站，这些事项列在“其他事项”下")
    return services


def _supervision_of(services: list[dict]) -> list[dict]:
    """The office's supervision contacts: every one its services name, once, in order."""
    found: list[dict] = []
    for contact in (c for service in services for c in service.get("supervision", [])):
        if contact not in found:
            found.append(contact)
    return found


def _schema_header(office_dir: Path, kind: str) -> str:
    rel = os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", office_dir)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


# 河北省石家庄市鹿泉区 / 金寨县燕子河镇 / 绛县: the places a title opens with (城乡, 社区, 小区 are no place)
PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{2,9}?(?:省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道)|[\u4e00-\u9fff]县)+"
                   r"(?:人民政府|街道办事处|办事处|党群服务中心|便民服务中心|政务服务中心|为民服务中心)?")
NOT_PLACES = ("城乡", "社区", "小区", "园区", "城区", "辖区", "全区", "全县", "全市", "本市", "本县", "本区")


def place_of(title: str) -> str | None:
    """The place a document's title opens with: 芜湖市湾沚区 of 芜湖市湾沚区特困人员救助供养办事指南."""
    m = PLACE.match(YEAR.sub("", title or ""))
    if not m or any(word in m.group(0) for word in NOT_PLACES):
        return None
    return m.group(0)


def id_words(name: str) -> str:
    """The words an id is made of: a name up to its first sentence mark, without a phone number in it
    (an id never spells a phone number or a sentence)."""
    first = re.split(r"[，。；,;：:！？!?]", name, maxsplit=1)[0]
    for written, _ in phones_in(first):
        first = first.replace(written, "")
    return first.strip() or name


def _office_name_of(records) -> str | None:
    """The office a document is about: the service centre its 实施机构 cells name most, else the one
    body that handles most of its services (a list of many departments names none)."""
    bodies = Counter(_clean_inline(r.fields.get("implementing_body", "")) for r in records)
    bodies.pop("", None)
    for body in [b for b in bodies if phones_in(b) or re.search(r"[，。；,;]", b) or len(b) > 40]:
        del bodies[body]  # a phone number or a sentence names no office
    centres = Counter({body: n for body, n in bodies.items() if "服务中心" in body})
    for counted in (centres, bodies):
        if counted:
            body, n = counted.most_common(1)[0]
            if counted is centres or n * 2 > len(records):
                return body
    return None


def _clean_inline(value: str) -> str:
    return T.join_wrapped(T.clean(value)).replace("\n", "")


def _topic_and_audience(service: dict, f: dict[str, str], topics, report: list[str], where: str) -> str:
    """The topic a record names or its name matches, and whom it serves: as written, else the topic's,
    else residents (a centre's own duty is internal). Returns the audience as the document wrote it."""
    name, title = service["name"], service["title"]
    named = _clean_inline(f.get("topic", ""))
    topic = next((t for t in topics if named and named in (t.get("name"), t.get("id"))), None) or \
        match_topic(topics, name, title)
    if topic:
        service["topic"] = topic["id"]
        service["audience"] = list(topic.get("audience", ["residents"]))
    else:
        service["audience"] = ["residents"]
    written_audience = _clean_inline(f.get("audience", ""))
    audience = audience_codes(written_audience)
    if audience:
        service["audience"] = audience
    elif "internal" not in service["audience"] and reads_as_duty(name):
        service["audience"] = ["internal"]
        report.append(f"{where}: “{name}”读来是中心自身的工作职责，已标为内部事项（不列入居民的事项列表和装订本，"
                      f"页面和数据仍保留）；如是居民要办的事，把 audience 改为 [residents]")
    return written_audience


def _process_and_materials(service: dict, record: RawRecord) -> None:
    """The steps and the materials, variants paired between them; a guide's materials table adds its rows."""
    f = record.fields
    process_blocks = T.split_blocks(f.get("process", ""))
    material_blocks = T.split_blocks(f.get("materials", ""))
    process_blocks, material_blocks = _label_variants(process_blocks, material_blocks)
    if f.get("process", "").strip():
        service["process"] = process(process_blocks)
    if f.get("materials", "").strip():
        service["materials"] = materials(f.get("materials", ""), material_blocks)
    if record.material_rows:  # a guide's materials table: each row a material, its other columns kept
        listed = service.get("materials", {})
        if listed.get("kind"):
            extra_text = [(field_label("materials"), listed["text"])]
            listed = {}
        else:
            extra_text = []
        listed["items"] = listed.get("items", []) + [table_material(row) for row in record.material_rows]
        service["materials"] = listed
        record.extra[:0] = extra_text


def service_from_record(record: RawRecord, area_code, topics, report: list[str], source: str) -> dict:
    f = record.fields
    name = _clean_inline(f.get("name", ""))
    title = (record.heading or name).strip()
    where = f"{source}:{record.line}"
    service: dict = {
        "number": _clean_inline(f.get("number", "")),
        "title": title,
        "name": name,
        "source_title": _clean_inline(f.get("source_title", "")),
        "group": _clean_inline(f.get("group", "")),
    }
    written_audience = _topic_and_audience(service, f, topics, report, where)
    aliases = [a for a in re.split(r"[、,，]+", _clean_inline(f.get("aliases", ""))) if a.strip()]
    if aliases:
        service["aliases"] = aliases
    service["implementing_body"] = _clean_inline(f.get("implementing_body", ""))
    service["boundary"] = _clean_inline(f.get("boundary", ""))
    service["legal_basis"] = legal_basis(f.get("legal_basis", ""))

    _process_and_materials(service, record)
    service["responsibility"] = responsibility(f.get("responsibility", ""))
    if f.get("supervision", "").strip():
        service["supervision"] = supervision(f.get("supervision", ""), area_code, report, where)
    extra = _extra_from_column(f.get("extra", "")) + list(record.extra)
    if written_audience and "、".join(AUDIENCE_NAMES[a] for a in audience_codes(written_audience)) != written_audience:
        extra.append((field_label("audience"), written_audience))  # 自然人,企业法人: the words the office used stay
    service.update(element_values.elements(f, area_code, report, where, extra))
    if extra or record.tables:  # what fits no field, under its own label and as written
        service["extra"] = [{"label": label, "text": text} for label, text in extra] + \
            [{"label": label, "table": rows} for label, rows in record.tables]
    if record.review:  # for the editor: what the import placed by a guess or could not place
        service["review"] = list(record.review)
    for key in OPTIONAL_KEYS:  # a list without them leaves them out: the model does not ask for them
        if service.get(key) in ("", [], {}, {"kind": "list"}):
            del service[key]
    return service


OPTIONAL_KEYS = ("number", "source_title", "group", "implementing_body", "boundary", "legal_basis", "process", "materials", "responsibility",
                 "supervision")


NECESSITY = {"必要": "必要", "必须": "必要", "必需": "必要", "是": "必要", "非必要": "非必要", "否": "非必要",
             "非必须": "非必要", "容缺": "容缺"}


def table_material(row: dict) -> dict:
    """A materials table's row: its name, whether it is needed (when the 必要性 cell says it in so
    many words), and every other cell as written."""
    item: dict = {"name": row["name"]}
    for label, text in row["details"]:
        if "必要" in label and text.strip() in NECESSITY:
            item.setdefault("necessity", NECESSITY[text.strip()])
    if row["details"]:
        item["details"] = [{"label": label, "text": text} for label, text in row["details"]]
    return item


def _extra_from_column(raw: str) -> list[tuple[str, str]]:
    """The 其他信息 column our own export writes ("备注：…" a line each) back to (label, text) pairs."""
    pairs: list[tuple[str, str]] = []
    for line in raw.split("\n"):
        m = re.match(r"^([^：\n]{1,20})：(.*)$", line)
        if m:
            pairs.append((m.group(1), m.group(2)))
        elif pairs:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + "\n" + line)
        elif line.strip():
            pairs.append(("其他信息", line))
    return pairs


def legal_basis(raw: str) -> list[dict]:
    body = T.join_wrapped(T.clean(raw))
    intro, items = T.split_numbered(body)
    if len(items) == 1 and not intro:  # "1.《中华人民共和国社会保险法》第二十条": one cited text, its "1." its own
        items = []
    entries = ([intro] if intro else []) + items if items else T.split_lines_items(body)
    result = []
    for entry in entries:
        item: dict = {"text": entry}
        citations = [{k: v for k, v in (("title", c.title), ("doc_number", c.doc_number),
                                         ("articles", list(c.articles))) if v}
                     for c in parse_citations(entry)]
        if citations:
            item["citations"] = citations
        result.append(item)
    return result


def _label_variants(process_blocks, material_blocks):
    """新村 2.6: "1. 企业吸纳…申报：…" in both 运行流程 and 运行要件 names sub-services, not steps.

    When both fields are one plain list whose items carry the same labels, each label becomes a
    variant of the process and a group of the materials.
    """
    if len(process_blocks) != 1 or len(material_blocks) != 1:
        return process_blocks, material_blocks
    p, m = process_blocks[0], material_blocks[0]
    if p.name or m.name or len(p.items) < 2 or len(p.items) != len(m.items):
        return process_blocks, material_blocks
    p_labels = [T.item_label(i) for i in p.items]
    m_labels = [T.item_label(i) for i in m.items]
    if None in p_labels or p_labels != m_labels:
        return process_blocks, material_blocks

    def relabel(block):
        out = []
        for item, label in zip(block.items, p_labels):
            body = item[len(label):].lstrip("：: \n") if item.startswith(label) else item
            intro, items = T._items_of(body)
            out.append(T.Block(name=label, intro=intro, items=items))
        return out

    return relabel(p), relabel(m)


def _grouped(blocks: list[T.Block], entries_of, list_key: str, group_key: str) -> dict:
    """One plain list -> {intro, <list_key>}; named blocks -> {intro, <group_key>: [{name, ...}]}."""
    if len(blocks) > 1 and all(b.name and not b.intro and not b.items for b in blocks):
        # "(一)凡一般困难群众提出申请,…" "(二)…": numbered paragraphs with nothing under them are a list
        blocks = [T.Block(name=None, intro="", items=[b.name for b in blocks])]
    if len(blocks) == 1 and blocks[0].name is None:
        intro, entries = entries_of(blocks[0])
        return _drop_empty({"intro": intro, list_key: entries})
    result: dict = {}
    groups = []
    for block in blocks:
        intro, entries = entries_of(block)
        if block.name is None:  # text before the first named group
            result["intro"] = "\n".join(filter(None, [intro] + entries))
            continue
        groups.append(_drop_empty({"name": block.name, "intro": intro, list_key: entries}))
    result[group_key] = groups
    return result


def process(blocks: list[T.Block]) -> dict:
    def steps_of(block):
        # One unnumbered sentence is a single step (新村 2.4), not an intro.
        if not block.items and block.intro:
            return "", [block.intro]
        return block.intro, block.items

    return _grouped(blocks, steps_of, "steps", "variants")


def materials(raw: str, blocks: list[T.Block]) -> dict:
    whole = T.clean(raw)
    if NONE_WORDS.match(whole):
        return {"kind": "none", "text": whole}
    if SEE_PROCESS.match(whole):
        return {"kind": "see_process", "text": whole}
    if len(blocks) == 1 and not blocks[0].items and VARIES.search(whole):
        return {"kind": "varies", "text": whole}

    def items_of(block):
        if not block.items and block.intro and not NONE_WORDS.match(block.intro):
            return "", [block.intro]  # a single unnumbered material (居民身份证原件)
        return block.intro, block.items

    return _grouped(blocks, items_of, "items", "groups")


def responsibility(raw: str) -> str | list[str]:
    """"受理－审查－上报" -> a chain of stages; anything else stays text."""
    text = _clean_inline(raw)
    parts = [p.strip() for p in re.split(r"\s*[－—–\-]+\s*", text)]
    if len(parts) >= 2 and all(0 < len(p) <= 12 and not re.search(r"[，。；,]", p) for p in parts):
        return parts
    return text


def supervision(raw: str, area_code, report: list[str], where: str) -> list[dict]:
    """A line each: "名称：电话" becomes a contact with its phone, a bare number one labelled 监督投诉电话;
    any other line stays as written (the page makes each number in it dialable)."""
    contacts = []
    for line in T.clean(raw).split("\n"):
        m = re.match(r"^(.*?)[：:]\s*([^：:]{3,})$", line.strip())
        labelled = (normalise_phone(m.group(2), area_code)
                    if m and m.group(1).strip() and not phones_in(m.group(1)) else None)
        alone = normalise_phone(line, area_code)
        if labelled:
            written = m.group(2).strip()
            contacts.append({"label": m.group(1).strip(), "phone": written if normalise_phone(written) else labelled})
        elif alone:
            contacts.append({"label": "监督投诉电话", "phone": line.strip() if normalise_phone(line) else alone})
        else:
            contacts.append({"label": line.strip()})
            if not phones_in(line, area_code):
                report.append(f"{where}: 监督方式“{line.strip()}”中没有可识别的电话，已原样保留")
    return contacts


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in ("", None, [], {})}


def _load_topics(content_dir: Path) -> list[dict]:
    """The topics imported services are matched to; a broken topics.yml stops the import, named."""
    path = content_dir / "topics.yml"
    if not path.exists():
        return []
    try:
        loaded = load_yaml(path)
    except YamlError as exc:
        raise ValueError(f"{path}{f':{exc.line}' if exc.line else ''}: {exc.message}"
                         "（导入要用主题文件给事项归类：请先改正它）") from None
    problems = check("topics", loaded.data, str(path), loaded.line_of) if loaded.data is not None else []
    if problems or not isinstance(loaded.data, dict):
        first = problems[0] if problems else f"{path}: 文件是空的"
        raise ValueError(f"{first}（导入要用主题文件给事项归类：请先改正它）")
    return list(loaded.data.get("topics", []))


def match_topic(topics: list[dict], *names: str) -> dict | None:
    """The topic whose name or `match` phrase is the longest found in the service's names."""
    best, best_len = None, 0
    for topic in topics:
        for phrase in [topic.get("name", "")] + list(topic.get("match", [])):
            if phrase and any(phrase in n for n in names) and len(phrase) > best_len:
                best, best_len = topic, len(phrase)
    return best


class ImportConflict(Exception):
    pass


def missing_summary(files: dict[Path, str]) -> str:
    """Which of the fields an office may require the imported services lack, counted."""
    services = [yaml.safe_load(text) for path, text in files.items() if path.name != "office.yml"]
    counts = {key: sum(1 for s in services if key not in s) for key in REQUIRABLE}
    return "、".join(f"{REQUIRABLE[key]} {n}/{len(services)}" for key, n in counts.items() if n)


def problems_before_writing(files: dict[Path, str], content_dir: Path) -> list:
    """What `validate` would newly say of the whole catalogue once the import is written (every
    office, journeys, topics), checked in a scratch copy before anything is written: an import never
    leaves content/ in a state the site cannot be built from. Problems the content had already are
    not the import's."""
    import shutil
    import tempfile

    content_dir = Path(content_dir)
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "content"
        if content_dir.is_dir():
            shutil.copytree(content_dir, trial, ignore=shutil.ignore_patterns(".*"))
        else:  # a first import starts the content folder (topics.yml and the rest come after)
            trial.mkdir()
        before = {str(problem) for problem in _problems_of(trial)}
        for path, text in files.items():
            write_file(trial / "offices" / path.parent.name / path.name, text)
        return [problem for problem in _problems_of(trial) if str(problem) not in before]


def _problems_of(content_dir: Path) -> list:
    """Each problem (a schema.Problem: file, line, field, message) `validate` would report."""
    try:
        load_catalogue(content_dir)
    except ContentError as exc:
        return list(exc.problems)
    return []


def write_files(files: dict[Path, str], force: bool = False) -> list[Path]:
    """Write all files or none: refuse to overwrite an edited file unless forced."""
    conflicts = [p for p, text in files.items() if p.exists() and p.read_text(encoding="utf-8") != text]
    if conflicts and not force:
        raise ImportConflict(conflicts)
    written = []
    for path, text in files.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        write_file(path, text)
        written.append(path)
    return written
