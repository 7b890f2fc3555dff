"""Read 办事指南 documents — guides, policy sheets and guide pages as offices publish them — into raw
records, never refusing one for its shape and never losing a line.

A guide is a run of blocks (paragraphs or lines, and the tables between them). A line may open a
section ("一、办理流程", "【办理时限】"), carry one or several labelled values ("1、办理事项:…",
"实施机构:… 设定依据:…", "(一)政策依据。…"), head a service ("2、社会保障卡查询" over its
事项名称), or continue the section above. A table is a label | value table (2 or 4 columns), a
materials table (序号 / 材料名称 / 必要性 …), or any other table, kept whole.

Labels are the registry's words (catalogue/fields.py) or carry one of its key words; a label neither
knows is kept with its text as 其他信息. Text with no label is kept as 正文. What was placed by a
key word rather than a label's own name, and what could not be placed, goes on the service's review
list (待核对) for the editor; residents never see that list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.catalogue.elements import chinese_number
from generator.sources.records import (LABEL_TO_FIELD, RawDocument, RawRecord, field_for, field_name,
                                       normalise_label)
from generator.sources.sheets import Grid
from generator.sources.text import NOISE

CN = "一二三四五六七八九十"
ENUMERATOR = (rf"(?:[{CN}]+\s*[、.．]|[（(]\s*[{CN}]+\s*[）)]|\d{{1,2}}\s*[、.．](?!\d)|[（(]\s*\d{{1,2}}\s*[）)]"
              r"|[①-⑳])")
CHINESE_NUMBERING = re.compile(rf"^\s*(?:[{CN}]+\s*[、.．]|[（(]\s*[{CN}]+\s*[）)])")
ARABIC_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[、.．](?!\d)|[（(]\s*\d{1,2}\s*[）)]|[①-⑳])")
SENTENCE = re.compile(r"[，。；,;！？!?]")
LABEL_TEXT = r"[^：:，。；,;！？!?\s【】]{2,14}?"
# "一、标签" alone; "一、标签:值"; "【标签】值"; "标签:值"; "(一)标签。值"
BRACKETED = re.compile(rf"^\s*(?:{ENUMERATOR})?\s*【(.{{2,14}}?)】\s*(.*)$", re.S)
NUMBERED_ALONE = re.compile(rf"^\s*({ENUMERATOR})\s*([^：:]{{2,20}}?)\s*[：:]?\s*$")
COLON = re.compile(rf"^\s*({ENUMERATOR})?\s*({LABEL_TEXT})\s*[：:]\s*(.*)$", re.S)
FULL_STOP = re.compile(rf"^\s*({ENUMERATOR})\s*({LABEL_TEXT})\s*。\s*(.+)$", re.S)
# a further "标签:" inside a line, after a space or the end of a sentence
INNER_LABEL = re.compile(rf"(?:(?<=\s)|(?<=[。；;]))({LABEL_TEXT})\s*[：:]")
MAX_INNER_LABEL = 8
GUIDE_TITLE = re.compile(r"^\s*(.{2,60}?)\s*(?:办理服务指南|办事服务指南|办事指南|服务指南|办理指南|指南)\s*$")
YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*年(?:度|版)?\s*")
SERVICE_HEADING = re.compile(rf"^\s*(?:\d{{1,2}}\s*[、.．](?!\d)|[{CN}]+\s*[、.．])\s*(.{{2,40}})$")
STARTS = {"name", "number", "title"}  # met again, these open the next service
BODY = "正文"  # the label of text that came with none
SERIAL = ("序号", "排序", "编号")  # a table's column of row numbers


@dataclass
class Run:
    """One labelled value of a line: its field (None for a label the registry does not know), the
    label as written, the text after it, and why the field was chosen (empty when by its own name)."""
    key: str | None
    label: str
    value: str
    guess: str = ""


def _field_of(label: str) -> tuple[str | None, str]:
    """(field, why) for a guide's label: a word of the registry (why ""), a label naming several
    fields ("compound", 办理时间和地点), or a key word it carries ("含“材料”")."""
    word = normalise_label(label)
    if word in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[word], ""
    if SENTENCE.search(label):
        return None, ""
    compound = _compound(word)
    if compound:
        return compound
    return field_for(label)


def _compound(label: str) -> tuple[str, str] | None:
    """"办理时间和地点" names hours and address ("hours+address"); "办理条件、材料及流程" heads sections of
    several fields ("container"); "事项名称、内容及用途" is the name followed by what it is ("compound_name")."""
    parts = [p for p in re.split(r"[、及和与]", label) if p]
    if len(parts) < 2:
        return None
    stem = re.match(r"^(办理|受理|申请|申报|咨询|服务)", parts[0])
    fields = [field_for(p)[0] or (field_for(stem.group(1) + p)[0] if stem and i else None)
              for i, p in enumerate(parts)]
    if fields[0] == "name":
        return "compound_name", ""
    distinct = list(dict.fromkeys(f for f in fields if f))
    if len(distinct) > 1:
        return "+".join(distinct), f"“{label}”含几个栏目"
    return None


def line_runs(line: str) -> list[Run]:
    """The labelled values a line carries, in order; [] for a line that opens no label."""
    line = NOISE.sub("", line)
    head = _head_run(line)
    if head is None:
        return []
    runs = [head]
    if head.key is not None and head.key != "container":
        runs[-1:] = _inner_runs(head)
    return runs


def _head_run(line: str) -> Run | None:
    m = BRACKETED.match(line)
    if m:
        key, why = _field_of(m.group(1))  # an unknown 【…】 heads a group of its section's steps or materials
        return Run(key, normalise_label(m.group(1)), m.group(2).strip(), why) if key else None
    numbered = re.match(rf"^\s*{ENUMERATOR}", line)
    m = COLON.match(line)
    if m and (numbered or m.group(1) is None):
        label = m.group(2)
        key, why = _field_of(label)
        if key is not None or numbered:  # "3、救助供养标准: 965元/月" is a label the registry lacks
            return Run(key, normalise_label(label), m.group(3).strip(), why)
        return None
    m = FULL_STOP.match(line)
    if m:
        key, why = _field_of(m.group(2))
        if key is not None:  # "(一)政策依据。…"; "(一)无劳动能力。" is an item
            return Run(key, normalise_label(m.group(2)), m.group(3).strip(), why)
    m = NUMBERED_ALONE.match(line)
    if m and not SENTENCE.search(m.group(2)):
        key, why = _field_of(m.group(2))
        if key is not None and not (why and ARABIC_NUMBERING.match(line)):  # "1. 携相关材料到社区…" is an item
            return Run(key, normalise_label(m.group(2)), "", why)
        if CHINESE_NUMBERING.match(line):  # "一、基本信息": a section the registry has no field for
            return Run(None, normalise_label(m.group(2)), "")
        return None  # "1. 身份证": a list item
    word = normalise_label(line)
    if word in LABEL_TO_FIELD and len(word) <= 12:  # "申请材料" alone on its line
        return Run(LABEL_TO_FIELD[word], word, "")
    return None


def _inner_runs(run: Run) -> list[Run]:
    """"实施机构:安化县民政局 设定依据:《…》" is two runs: split the value at every further label the
    registry knows (a label it does not know stays inside the text)."""
    runs, text = [run], run.value
    while True:
        found = None
        for m in INNER_LABEL.finditer(text):
            if len(normalise_label(m.group(1))) > MAX_INNER_LABEL:
                continue
            key, why = _field_of(m.group(1))
            if key is not None and key not in ("compound_name", "container"):
                found = (m, key, why)
                break
        if found is None:
            runs[-1].value = text.strip()
            return runs
        m, key, why = found
        runs[-1].value = text[:m.start()].strip()
        runs.append(Run(key, normalise_label(m.group(1)), "", why))
        text = text[m.end():]


def enumerator(line: str) -> tuple[str, int] | None:
    """(style, number) of the enumerator a line opens with: ("一、", 12) for "十二、受理条件",
    ("(1)", 3) for "（3）…"; None without one."""
    m = re.match(rf"^\s*(?:([{CN}]+)\s*[、.．]|[（(]\s*([{CN}]+)\s*[）)]|(\d{{1,2}})\s*[、.．](?!\d)|[（(]\s*(\d{{1,2}})\s*[）)])",
                 line)
    if not m:
        return None
    style = ("一、", "(一)", "1、", "(1)")[next(i for i in range(4) if m.group(i + 1))]
    return style, chinese_number(next(g for g in m.groups() if g))


def name_from_title(title: str) -> str:
    """"2023年城乡低保办事指南" -> 城乡低保: the year and the word 指南 are not the service's name."""
    m = GUIDE_TITLE.match(title)
    name = m.group(1) if m else title
    return YEAR.sub("", name).strip() or title.strip()


class GuideReader:
    """Reads one guide's blocks in order; `document()` gives the records."""

    def __init__(self, path):
        self.path = path
        self.unit = "段" if str(path).lower().endswith(".docx") else "行"  # Word's paragraphs, a text file's lines
        self.records: list[RawRecord] = []
        self.current: RawRecord | None = None
        self.key: str | tuple | None = None  # where the next unlabelled line goes
        self.numbers: dict[str, int] = {}  # the last section's number in each numbering style (一、 / 1、 …)
        self.title: str | None = None         # the document's title line, whole
        self.pending_title: str | None = None  # "…办事指南" before a service: that service's title
        self.preamble: list[tuple[int, str]] = []  # lines before the first service
        self.columns: dict[str, str] = {}
        self.described: list[RawRecord] = []  # records whose name came with a description (事项名称、内容及用途)
        self.set_by: dict[tuple[int, str], str] = {}  # (record, field) -> the label that gave the field its text
        self.labelled = 0

    # -- services -------------------------------------------------------------------------------
    def _start(self, where: int, heading: str | None = None) -> RawRecord:
        record = RawRecord(heading=heading, line=where)
        if heading:
            record.fields["source_heading"] = heading
        if self.pending_title and not heading:  # a heading of its own: the title was the document's
            record.fields["title"] = self.pending_title
        self.pending_title = None
        self.records.append(record)
        self.current, self.key, self.numbers = record, None, {}
        return record

    def _record(self, where: int) -> RawRecord:
        return self.current or self._start(where)

    def _review(self, where: int, text: str) -> None:
        self._record(where).review.append(f"第 {where} {self.unit}：{text}")

    # -- lines ----------------------------------------------------------------------------------
    def line(self, where: int, line: str, following: list[str]) -> None:
        line = NOISE.sub("", line).strip()
        if not line:
            return
        if self.current is None and not self.records and self.title is None and not line_runs(line) \
                and len(line) <= 60 and not SENTENCE.search(re.sub(r"[（(][^）)]*[）)]", "", line)):
            self.title = line  # the first line, before any label and no sentence: the document's title
            if GUIDE_TITLE.match(line):
                self.pending_title = name_from_title(line)
            return
        if self.current is not None and GUIDE_TITLE.match(line) and not line_runs(line) and self.key != "faq":
            self.pending_title = name_from_title(line)  # "…办事指南" again: the next service's title
            self.current = None
            return
        heading = self._service_heading(line, following)
        if heading:
            self._start(where, heading)
            return
        runs = line_runs(line)
        numbered = enumerator(line)
        if runs and numbered and (runs[0].key is None or runs[0].guess) and not self._opens_section(line):
            # "二、新生儿住院垫付" in 五、申请材料, "1、申请：…" or "2.公示材料：…" in a list: its items
            runs = []
        if not runs:
            self._text(where, line)
            return
        opened = [self._run(where, line, run, whole=len(runs) == 1) for run in runs]
        if numbered and opened[0]:
            self.numbers[numbered[0]] = numbered[1]

    def _opens_section(self, line: str) -> bool:
        """Whether a numbered label no field names opens a section: its number follows the sections'
        own numbering (3、救助供养标准 after 2、办理条件), or it stands where no section is open."""
        numbered = enumerator(line)
        if numbered is None:
            return False
        style, number = numbered
        last = self.numbers.get(style)
        if last is None:
            return self.key is None
        return last < number <= last + 2

    def _service_heading(self, line: str, following: list[str]) -> str | None:
        """"2、社会保障卡应用状态查询" over "事项名称:社会保障卡应用状态查询": the heading of the next
        service (its name follows within a few lines)."""
        m = SERVICE_HEADING.match(line)
        if not m or SENTENCE.search(m.group(1)) or line_runs(line):
            return None
        heading = m.group(1).strip()
        for nxt in following[:3]:
            for run in line_runs(nxt):
                if run.key == "name" and run.value and (run.value in heading or heading in run.value):
                    return heading
        return None

    def _text(self, where: int, line: str) -> None:
        if self.current is None:
            if not self.records:
                self.preamble.append((where, line))
                return
        record = self._record(where)
        if isinstance(self.key, tuple):  # the text of a label no field names
            label, text = record.extra[self.key[1]]
            record.extra[self.key[1]] = (label, (text + "\n" + line).strip("\n"))
            if not text and label != BODY:
                self._review(where, f"栏目“{label}”不是已知栏目，其下的文字原样保留为其他信息")
        elif self.key is not None:
            record.add_text(self.key, line)
        else:
            self._body(record, where, line)

    def _body(self, record: RawRecord, where: int, line: str) -> None:
        if record.extra and record.extra[-1][0] == BODY and self.key == ("extra", len(record.extra) - 1):
            record.extra[-1] = (BODY, record.extra[-1][1] + "\n" + line)
        else:
            record.extra.append((BODY, line))
            self.key = ("extra", len(record.extra) - 1)
        self._review(where, f"“{line[:40]}”没有栏目名，原样保留为“{BODY}”")

    def _run(self, where: int, line: str, run: Run, whole: bool) -> bool:
        """Place one labelled value; whether it opened a section (not a line inside its own)."""
        self.labelled += 1
        key, label, value = run.key, run.label, run.value
        if key in ("container", "compound_name", None) or "+" in key and not value:
            self._unplaced_label(where, run)
            return True
        keys = key.split("+")
        shown = "、".join(field_name(k) for k in keys)
        self.columns.setdefault(label, shown + (f"（{run.guess}）" if run.guess else ""))
        current = self.current
        numbered = enumerator(line)
        section_heading = numbered is not None and numbered[0] in ("一、", "(一)")
        if whole and current is not None and self.key in keys and self.key in current.fields and keys[0] not in STARTS \
                and not section_heading:
            # 八、监督投诉 / 监督电话：022-… : a labelled line inside its own section is its content
            current.add_text(self.key, line)
            return False
        record = self._new_if_needed(keys[0], where)
        free = [k for k in keys if not record.fields.get(k) or self.set_by.get((id(record), k)) == label]
        if not free and len(keys) == 1:  # 四、实施机关 then 六、承办机构: a second label keeps its name and text
            first = self.set_by.get((id(record), keys[0]), "")
            self.columns[label] = f"其他信息（{shown}已由“{first}”填写）"
            record.extra.append((label, value))
            self.key = ("extra", len(record.extra) - 1)
            self._review(where, f"“{label}”和“{first}”都是{shown}：“{label}”的内容原样保留为其他信息")
            return True
        for k in free or keys:  # 办理时间和地点 adds its text to both fields, whoever filled them
            record.add_text(k, value) if value else record.fields.setdefault(k, "")
            self.set_by[(id(record), k)] = label
        self.key = (free or keys)[0]
        if run.guess:
            self._review(where, f"“{label}”按{run.guess}放入“{shown}”")
        return True

    def _unplaced_label(self, where: int, run: Run) -> None:
        """A label that fills no field by itself: a heading over sub-sections, a compound 名称, or a
        label no field has (its text kept as 其他信息, for review)."""
        key, label, value = run.key, run.label, run.value
        if key == "container" or "+" in (key or "") and not value:  # its sub-sections follow (（一）办理条件 …)
            self.columns.setdefault(label, "分节标题（其下各小节分别读入）")
            self.key = None
            return
        if key == "compound_name":
            self.columns.setdefault(label, field_name("name"))
            record = self._new_if_needed("name", where)
            record.fields["name"] = value
            self.described.append(record)
            self.key = "name"
            return
        if key is None:
            record = self._record(where)
            self.columns.setdefault(label, "其他信息（原样保留）")
            record.extra.append((label, value))
            self.key = ("extra", len(record.extra) - 1)
            if value:
                self._review(where, f"栏目“{label}”不是已知栏目，原样保留为其他信息")
            return

    def _new_if_needed(self, key: str, where: int) -> RawRecord:
        current = self.current
        if current is None or (key in STARTS and current.fields.get(key)):
            return self._start(where)
        return current

    # -- tables ---------------------------------------------------------------------------------
    def table(self, where: int, grid: Grid, caption: str | None) -> None:
        rows = [row for row in grid.rows if any(c.strip() for c in row)]
        if not rows:
            return
        if caption:
            self.columns.setdefault(caption, "表格标题")
        if _is_materials_table(rows):
            self._materials_table(where, rows)
        elif _is_label_table(rows):
            for row in rows:
                for label, value in _pairs(row):
                    self._pair(where, label, value)
        else:
            record = self._record(where)
            label = caption or (record.extra[self.key[1]][0] if isinstance(self.key, tuple) else "表格")
            width = max(len(row) for row in rows)  # a row with merged cells is padded to the table's width
            record.tables.append((label, [[c.strip() for c in row] + [""] * (width - len(row)) for row in rows]))
            self._review(where, f"表格（{len(rows)} 行）不是材料表或栏目表，原样保留为其他信息“{label}”")

    def _pair(self, where: int, label: str, value: str) -> None:
        label, value = label.strip(), value.strip()
        if not label:
            if value:
                self._body(self._record(where), where, value)
            return
        runs = line_runs(value) if value else []
        key, why = _field_of(label)
        if key is None and runs and runs[0].key is not None and len(runs) > 1:
            # 公开具体内容 | 实施机构:… 设定依据:… : the cell is a guide of its own
            self.columns.setdefault(normalise_label(label), "栏目标题（其中的各个“标签:内容”分别读入）")
            for part in value.split("\n"):
                self.line(where, part, [])
            return
        if not value:  # a label with nothing beside it says nothing
            self.columns.setdefault(normalise_label(label), "原文没有填写，未导入")
            return
        self._run(where, value, Run(key, normalise_label(label), value, why), whole=False)

    def _materials_table(self, where: int, rows: list[list[str]]) -> None:
        record = self._record(where)
        header = [normalise_label(c) for c in rows[0]]
        name_at = next(i for i, h in enumerate(header) if "名称" in h or h == "材料")
        for i, cell in enumerate(rows[0]):
            self.columns.setdefault(cell.strip(), "材料名称" if i == name_at else "序号（按行的先后，不另存）"
                                    if header[i] in SERIAL else "材料表的一列，照原文存为每项材料的说明")
        for row in rows[1:]:
            cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
            if not cells[name_at]:
                continue
            details = [(rows[0][i].strip(), text) for i, text in enumerate(cells)
                       if i != name_at and text and i < len(header) and header[i] not in SERIAL]
            record.material_rows.append({"name": cells[name_at], "details": details})
        self.key = None

    # -- the result -----------------------------------------------------------------------------
    def document(self) -> RawDocument | None:
        if not self.records and not self.labelled:
            return None
        if not self.records:
            self._start(self.preamble[0][0] if self.preamble else 1)
        first = self.records[0]
        for where, line in reversed(self.preamble):  # text before the first label: kept, first
            first.extra.insert(0, (BODY, line))
            first.review.insert(0, f"第 {where} {self.unit}：“{line[:40]}”在第一个栏目之前，原样保留为“{BODY}”")
        for record in self.described:
            name = record.fields.get("name", "")
            if "。" in name.strip("。"):  # 事项名称、内容及用途: the name is its first sentence, the whole kept
                label = next((label for label, shown in self.columns.items() if shown == field_name("name")),
                             "事项名称")
                record.extra.insert(0, (label, name))
                record.fields["name"] = name.split("。", 1)[0]
        single = len(self.records) == 1
        for record in self.records:
            heading = record.fields.pop("source_heading", None)
            if heading and heading != record.fields.get("name"):
                record.fields["source_title"] = heading  # the service's heading, kept whole
            record.extra = [(label, text) for label, text in record.extra if text.strip()]
            if not record.fields.get("name"):
                named_by = heading or (self.title if single else None)
                if named_by:
                    record.fields["name"] = name_from_title(named_by)
                    record.review.append(f"事项名称取自标题“{named_by}”，文件里没有“事项名称”栏目")
            if single and self.title:
                record.fields["source_title"] = self.title
            record.heading = record.fields.get("title") or record.fields.get("name")
        return RawDocument(path=self.path, records=self.records, unplaced=[],
                           columns=[f"{self.path.name} “{label}” → {shown}" for label, shown in self.columns.items()],
                           title=self.title if not single or not self.records[0].fields.get("source_title") else None)


def _label_like(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= 20 and not SENTENCE.search(text) and not text.replace(".", "").isdigit()


def _is_label_table(rows: list[list[str]]) -> bool:
    """Label | value (| label | value …): most rows start with a short label-like cell (a table of
    numbered rows starts them with a number), and some label is one the registry knows, or holds a
    guide of its own (公开具体内容 | 实施机构:… 设定依据:…); 项目 | 金额 over 工本费 | 0 元 is a table."""
    labelled = sum(1 for row in rows if len(row) >= 2 and _label_like(row[0]))
    known = any(_field_of(label)[0] or len(line_runs(value)) > 1
                for row in rows for label, value in _pairs(row) if _label_like(label))
    return labelled >= 0.8 * len(rows) and known


def _is_materials_table(rows: list[list[str]]) -> bool:
    """A header row naming the material (材料名称) over at least one material's row."""
    header = [normalise_label(c) for c in rows[0]]
    return len(rows) >= 2 and len(header) >= 2 and any(h in ("材料名称", "材料", "申请材料名称", "名称") for h in header) \
        and any("材料" in h for h in header) and all(_label_like(c) for c in rows[0] if c.strip())


def _pairs(row: list[str]) -> list[tuple[str, str]]:
    """(label, value) pairs of a label | value row; an odd last cell is a value without a label."""
    pairs = [(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
    if len(row) % 2:
        pairs.append(("", row[-1]))
    return pairs


def read_guide(path, blocks: list) -> RawDocument | None:
    """Records of a guide from its blocks (line texts and Grids, in document order), or None when
    nothing in it is labelled and no title names a guide."""
    reader = GuideReader(path)
    texts = [(i, b) for i, b in enumerate(blocks, 1) if isinstance(b, str) and NOISE.sub("", b).strip()]
    following = {i: [t for _, t in texts[n + 1:n + 4]] for n, (i, _) in enumerate(texts)}
    for where, block in enumerate(blocks, 1):
        if isinstance(block, Grid):
            reader.table(where, block, _caption(blocks[where - 2]) if where > 1 else None)
        elif not (where < len(blocks) and isinstance(blocks[where], Grid) and _caption(block)):
            reader.line(where, block, following.get(where, []))  # a table's caption is its heading
    if reader.labelled == 0 and not (reader.title and GUIDE_TITLE.match(reader.title)):
        return None
    return reader.document()


def _caption(before) -> str | None:
    """"社会保障卡注销事项受理材料清单" or "基本信息" just above a table: the table's heading."""
    if not isinstance(before, str) or not (text := NOISE.sub("", before).strip()):
        return None
    if re.search(r"(清单|目录|一览表|表)$", text) and len(text) <= 40 and not re.search(r"[：:]", text):
        return text  # "三、收费标准一览表" names its table, though 收费 is a field's word
    return text if not line_runs(text) and _label_like(text) and len(text) <= 12 else None
