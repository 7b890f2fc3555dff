"""Legal-basis text -> citations: 《title》, 文号 (normalised), articles; issuing body from 文号."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

OPEN = "〔﹝[【{（(〖［｛"
CLOSE = "〕﹞]】}）)〗］｝"
HAN_RUN = r"[\u4e00-\u9fff]"

# 津人社办发﹝2020﹞91号, 津政发[2009]21号, （津政发）【2009】21号, 津人社局发（2020）23号
DOC_NUMBER = re.compile(
    rf"(?P<prefix>{HAN_RUN}{{2,12}}?)[）)]?\s*[{re.escape(OPEN)}]\s*(?P<year>(?:19|20)\d\d)\s*"
    rf"[{re.escape(CLOSE)}]\s*第?\s*(?P<seq>\d{{1,4}})\s*号"
)
TITLE = re.compile(r"《([^《》]+)》")
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
DOC_WORDS = ("通知", "办法", "意见", "规定", "方案", "条例", "公告", "细则", "决定", "指引", "法")
# Prefix words that are part of the sentence, not of the issuing code
PREFIX_NOISE = re.compile(r"^.*?(?=津|国|人社|医保|财|中发|国发|国办)")


@dataclass(frozen=True)
class Citation:
    title: str | None = None
    doc_number: str | None = None
    articles: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        """What makes two citations the same document: the 文号 if any, else the title."""
        return self.doc_number or normalise_title(self.title or "")


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def to_ascii_digits(text: str) -> str:
    """２０２０ -> 2020 (the full-width digits Word documents use)."""
    return text.translate(_FULL_WIDTH_DIGITS)


@lru_cache(maxsize=65536)  # the same titles, cited by thousands of services, at every listing
def normalise_title(title: str) -> str:
    return re.sub(r"\s+", "", to_ascii_digits(title)).strip("《》")


def normalise_doc_number(text: str) -> str | None:
    """Any bracket style and full-width digits -> one spelling: 津人社办发〔2020〕91号."""
    m = DOC_NUMBER.search(to_ascii_digits(text))
    if not m:
        return None
    prefix = m.group("prefix")
    trimmed = PREFIX_NOISE.sub("", prefix, count=1)
    prefix = trimmed or prefix
    return f"{prefix}〔{m.group('year')}〕{int(m.group('seq'))}号"


def parse_citations(text: str) -> list[Citation]:
    """Citations in one legal-basis entry, in order of appearance."""
    text = to_ascii_digits(text)
    tokens: list[tuple[int, int, str, str]] = []  # start, end, kind, value
    for m in TITLE.finditer(text):
        tokens.append((m.start(), m.end(), "title", m.group(1).strip()))
    for m in DOC_NUMBER.finditer(text):
        if not any(s <= m.start() < e for s, e, k, _ in tokens if k == "title"):
            tokens.append((m.start(), m.end(), "doc", normalise_doc_number(m.group(0))))
    for m in ARTICLE.finditer(text):
        if not any(s <= m.start() < e for s, e, _, _ in tokens):
            tokens.append((m.start(), m.end(), "article", m.group(0)))
    tokens.sort()

    citations: list[dict] = []
    last_end = 0
    for start, end, kind, value in tokens:
        gap = text[last_end:start]
        if kind == "title":
            citations.append({"title": value, "doc_number": None, "articles": []})
        elif kind == "doc":
            # A 文号 right after its title (only brackets or spaces between) belongs to it.
            if citations and citations[-1]["doc_number"] is None and re.fullmatch(r"[\s（(）)]*", gap):
                citations[-1]["doc_number"] = value
            else:
                citations.append({"title": _bare_title(text, start), "doc_number": value, "articles": []})
        elif citations:
            citations[-1]["articles"].append(value)
        last_end = end
    if not citations:
        bare = _whole_entry_title(text)
        if bare:
            citations.append({"title": bare, "doc_number": None, "articles": []})
    return [Citation(c["title"], c["doc_number"], tuple(dict.fromkeys(c["articles"]))) for c in citations]


def _bare_title(text: str, doc_start: int) -> str | None:
    """A document named without 《》 just before its 文号: "市人社局关于…的通知（津人社规字…）"."""
    before = text[:doc_start].rstrip(" （(")
    pieces = [p.strip() for p in re.split(r"[、，,。；;》\n]|^\s*\d+\s*[.、]", before) if p]
    # "…办法的通知、津人社局发【2015】7号": the title may stand one separator before its 文号
    piece = pieces[-1] if pieces else ""
    if 4 <= len(piece) <= 80 and piece.endswith(DOC_WORDS):
        return piece
    return None


def _whole_entry_title(text: str) -> str | None:
    """An entry that is just a document's name without 《》 (中华人民共和国劳动争议调解仲裁法)."""
    piece = re.sub(r"^\s*\d+\s*[.、]\s*", "", text).strip().rstrip("。")
    if 4 <= len(piece) <= 60 and piece.endswith(DOC_WORDS) and not re.search(r"[，,。；;]", piece):
        return piece
    return None


# 文号 prefix -> issuing body; the longest matching prefix wins.
ISSUERS = {
    "津人社": "市人社局",
    "津劳社": "市人社局",
    "津就组": "市就业工作领导小组",
    "津医保": "市医保局",
    "津政办": "市政府办公厅",
    "津政": "市政府",
    "津党": "市委",
    "津国企退休办": "市国企退休人员社会化管理办公室",
    "津银": "人民银行天津分行",
    "津教": "市教委",
    "津财": "市财政局",
    "津滨政务": "滨海新区政务服务办",
    "津滨政办": "滨海新区政府办公室",
    "津滨国资": "滨海新区国资委",
    "津滨人社": "滨海新区人社局",
    "津滨杨党": "杨家泊镇党委",
    "津滨": "滨海新区",
    "人社部": "人力资源社会保障部",
    "医保发": "国家医保局",
    "国发": "国务院",
    "国办": "国务院办公厅",
    "财社": "财政部",
    "中发": "中共中央",
}
# Display order of the groups on the legal-basis index
ISSUER_GROUPS = ["法律", "法规", "国家部委", "市委、市政府", "市级部门", "滨海新区", "街镇", "其他"]


def is_law(title: str) -> bool:
    """A national law: 中华人民共和国劳动争议调解仲裁法, 就业促进法 (but not 管理办法 or 方法)."""
    return title.endswith("法") and not title.endswith(("办法", "方法", "做法"))


def issuer_of(citation: Citation) -> str:
    if citation.doc_number:
        prefix = citation.doc_number.split("〔")[0]
        for key in sorted(ISSUERS, key=len, reverse=True):
            if prefix.startswith(key):
                return ISSUERS[key]
        return "未注明"
    title = citation.title or ""
    if is_law(title):
        return "全国人大"
    if title.endswith("条例") and title.startswith("天津市"):
        return "市人大常委会"
    if title.startswith(("中国共产党", "中共中央")):
        return "中共中央"
    return "未注明"


def issuer_group(citation: Citation) -> str:
    body = issuer_of(citation)
    title = citation.title or ""
    if not citation.doc_number and is_law(title):
        return "法律"
    if not citation.doc_number and title.endswith("条例"):
        return "法规"
    if body in ("人力资源社会保障部", "国家医保局", "国务院", "国务院办公厅", "财政部", "中共中央"):
        return "国家部委"
    if body in ("市政府", "市政府办公厅", "市委"):
        return "市委、市政府"
    if body.startswith("市") or body == "人民银行天津分行":
        return "市级部门"
    if body.startswith("滨海新区"):
        return "滨海新区"
    if body.endswith(("镇党委", "街道党工委")):
        return "街镇"
    return "其他"


def year_of(citation: Citation) -> int | None:
    if citation.doc_number:
        return int(re.search(r"〔(\d{4})〕", citation.doc_number).group(1))
    return None
