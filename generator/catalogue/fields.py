"""Every field of a service and an office, declared once: its YAML key, its Chinese name and help,
the other words offices' documents head it with, its kind, where it may be set, and how a page
shows it.

From this registry come the JSON Schemas (catalogue/schema_build.py writes generator/schemas/), the
reading of a YAML value and of a document's cell, the spreadsheet export's columns (an exported
workbook always imports again), the completeness report and the office `require:` list, and the
editor's form (its control by kind, title and help). Pages, comparisons and messages name a field
by its `label`.

Adding a plain element (a text or a list of texts, as written) is one entry here: give it a kind
("text" or "texts"), where it may be set, and `section` for where its service page lists it; run
`python -m generator.catalogue.schema_build` to write the schemas again. A field that needs a layout
of its own leaves `section` empty and a template shows it; a structured kind (a phone, a duration,
materials …) needs its model value, its reading (catalogue/elements.py, sources/element_values.py)
and its template.
"""
from __future__ import annotations

from dataclasses import dataclass

# Where a field may be set
SERVICE = "service"  # a service's own file
OFFICE = "office"    # office.yml only
BOTH = "both"        # office.yml for every service of the office, a service's file for that service alone
COLUMN = "column"    # no key of its own: a column of the export and the import (promised is time_limit.promised)

# Where a plain field is listed on a service page
FACTS = "facts"      # the list at the top (去哪办, 办理时间 …)
RESULT = "result"    # under 办理结果


@dataclass(frozen=True)
class Field:
    key: str
    label: str                  # its name on pages, in reports and as the export's column header
    words: tuple[str, ...] = ()  # other names documents give it (the label always counts)
    element: bool = False       # a 办事指南 element beyond the 信息表's nine fields
    sheet: bool = False         # one of the nine fields of a 信息表, which a real 目录 row mostly lacks
    kind: str = "text"          # how it is written, checked, read, exported and edited (catalogue/kinds.py)
    on: str = SERVICE           # where it may be set: SERVICE, OFFICE, BOTH or COLUMN
    help: str = ""              # the schema's description and the form's hint
    title: str = ""             # its title in the schema and the form, when that is not the label
    column: bool = True         # a column of the spreadsheet export
    section: str = ""           # a plain field's place on a service page; "" when a template shows it
    after: str = ""             # shown on that field's line, after its text (节假日说明 after 办理时间)
    public: bool = True         # False: for editors only, never on a resident's page or in the open data

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.words)

    @property
    def heading(self) -> str:
        return self.title or self.label


_PHONE_HELP = "区号-号码（如 022-25869855）、11 位手机号、400-810-8888 或 12345 这类服务热线；分机写成 022-25869855转8001"

FIELDS: tuple[Field, ...] = (
    # where the service belongs and who it is (export columns and import words)
    Field("office", "机构", on=COLUMN),
    Field("office_id", "机构编号", on=COLUMN),
    # the nine fields of a 信息表, and what a list says of a service
    Field("number", "序号", ("编号",), sheet=True, help="照原文书写，如 \"1.1\"、\"1-1\"、\"5\"。请加引号，否则 1.10 会被当成数字 1.1。"),
    Field("order", "顺序", kind="position", column=False,
          help="没有序号的事项在原文件中的位置（导入时写入），列表按它排列；有序号时按序号排列"),
    Field("name", "名称", ("事项名称", "办理事项", "职权名称", "服务名称", "权力名称", "权力事项名称", "项目名称", "职权事项名称"),
          help="信息表“名称”栏的全文。"),
    Field("title", "标题", ("主项名称", "主事项", "主项"), help="信息表标题“（…）信息表”括号里的文字；与名称相同时可省略。"),
    Field("source_title", "原文标题", column=False, help="导入的办事指南文件的标题行，照原文保留（事项名称可能比它短）"),
    Field("group", "所属分组", column=False,
          help="清单中的分组行（如 一、法定村级受理、办结事项），照原文保留；机构页面按它分组列出事项"),
    Field("topic", "主题", kind="slug", help="主题文件中某个主题的编号，用来把不同机构的同一项服务联系起来。"),
    Field("audience", "服务对象", ("办理对象", "适用对象", "申请对象"), kind="audience",
          help="居民、企业/单位，或中心内部事项（不出现在居民浏览中）"),
    Field("aliases", "别名", ("搜索别名",), kind="words", title="搜索别名",
          help="居民可能会搜的说法，如“失业金”。主题的别名会自动加上。"),
    Field("legal_basis", "法定依据", ("设定依据", "实施依据", "职权依据", "法律依据", "依据"), sheet=True, kind="legal_basis"),
    Field("implementing_body", "实施机构", ("实施主体", "办理机构", "责任主体", "实施机关", "实施部门", "部门", "部门名称",
                                         "开具单位", "行使主体", "承办机构", "办理部门", "责任单位", "实施单位", "办理单位",
                                         "执法主体"), sheet=True),
    Field("boundary", "职责边界", ("责任边界",), sheet=True, kind="note"),
    Field("process", "运行流程", ("办理流程", "流程"), sheet=True, kind="steps"),
    Field("materials", "运行要件", ("申请材料", "办理材料", "所需材料"), sheet=True, kind="materials", title="运行要件（所需材料）"),
    Field("responsibility", "责任事项", sheet=True, kind="responsibility",
          help="环节链（受理、审查、上报）写成列表；不是环节链时写一句话。"),
    Field("supervision", "监督方式", ("监督电话", "投诉电话", "监督投诉电话", "监督投诉"), sheet=True, kind="contacts"),
    # 办事指南 elements
    Field("item_type", "事项类型", ("职权类型", "类型", "权力类型", "事项类别", "职权类别", "权力类别"), element=True,
          help="照公布的写法，如 公共服务、行政给付、行政确认"),
    Field("item_code", "事项编码", ("编码", "事项代码", "基本编码", "实施编码", "权力编码", "职权编码"), element=True,
          help="政务服务事项目录中的编码"),
    Field("level", "实施层级", ("行使层级", "层级", "办理层级"), help="照公布的写法，如 乡镇（街道）级、县级、省级"),
    Field("case_type", "办件类型", ("办件类别",), help="照公布的写法，如 即办件、承诺件"),
    Field("conditions", "受理条件", ("申请条件", "办理条件"), element=True, kind="texts", help="谁可以办、要满足什么条件，每项一行"),
    # the place: set once on the office, overridable per service
    Field("address", "办理地点", ("受理地点", "办公地址"), element=True, on=BOTH,
          help="具体到楼栋、楼层，如 滨海新区新村街道××路1号党群服务中心一楼"),
    Field("window", "办理窗口", ("受理窗口",), element=True, on=BOTH, help="如 3号综合受理窗口"),
    Field("hours", "办理时间", ("受理时间", "办公时间"), element=True, on=BOTH, help="如 周一至周五 9:00-12:00、13:30-17:00"),
    Field("holidays", "节假日说明", element=True, on=BOTH, after="hours", help="如 法定节假日不办公；周六上午正常办理"),
    Field("phone", "咨询电话", ("咨询方式",), element=True, on=BOTH, kind="phone", help=_PHONE_HELP),
    Field("enquiry_window", "咨询窗口", element=True, on=BOTH, after="phone", help="可现场咨询的窗口或科室"),
    Field("time_limit", "办理时限", ("办结时限", "时限"), element=True, kind="duration",
          help="一句话（如 5个工作日、即办），或分别写承诺时限和法定时限"),
    Field("promised", "承诺时限", ("承诺办结时限",), on=COLUMN),
    Field("legal_time", "法定时限", ("法定办结时限",), on=COLUMN),
    Field("fees", "收费", ("收费标准", "是否收费", "收费情况"), element=True, kind="money"),
    Field("online", "网上办理", ("网办平台", "网上办理平台"), element=True, kind="online"),
    Field("online_url", "网上办理网址", ("网上办理地址", "网办地址"), on=COLUMN),
    Field("query_url", "网上查询网址", ("网上查询", "查询网址"), on=COLUMN),
    Field("visits", "到现场次数", ("跑动次数", "到办事现场次数"), element=True, kind="count", help="0 表示全程网办，1 表示最多跑一次"),
    Field("result", "办理结果", ("审批结果", "结果名称"), element=True, help="如 发放社会保障卡、出具审核意见"),
    Field("delivery", "送达方式", ("结果送达",), element=True, section=RESULT, help="如 窗口领取、邮寄"),
    Field("faq", "常见问题", element=True, kind="faq"),
    Field("extra", "其他信息", kind="extra",
          help="原文件中没有对应栏目的内容（如 备注、办件类型），照原文保留，页面上以各自的栏目名显示"),
    # what the site adds (export columns, read back on re-import)
    Field("updated", "更新日期", kind="date", help="内容最后修改的日期，如 2026-11-20；不填时使用内容文件最后修改的日期。"),
    Field("url", "网址", on=COLUMN),
    Field("id", "网址编号", ("编号（网址用）", "事项编号（网址用）"), kind="slug", title="事项编号（网址用）",
          help="小写拼音、数字和连字符，如 shiye-baoxianjin-shenling。发布后不要再改：打印的二维码指向它。"),
    Field("review", "待核对", kind="texts", column=False, public=False,
          help="导入时按推测放入栏目或未能放入栏目的内容，请编辑核对后删去对应的行；只给编辑人员看，不在居民看到的页面上显示"),
)
# An office's own fields (office.yml); the place (BOTH above) comes after area_code
OFFICE_OWN: tuple[Field, ...] = (
    Field("name", "全称", help="如 新村街道党群服务中心"),
    Field("short_name", "简称", help="如 新村街道"),
    Field("source_title", "原文件标题",
          help="导入的清单或办事指南文件的标题行，照原文保留，如 河北省石家庄市鹿泉区村级政务服务事项通用目录(2023年版)"),
    Field("kind", "类型", kind="office_kind"),
    Field("city", "城市", kind="note"),
    Field("district", "区县", kind="note"),
    Field("area_code", "电话区号", kind="area_code", help="本地 8 位号码会自动加上这个区号，如 022"),
)
OFFICE_CONTACTS: tuple[Field, ...] = (
    Field("hotline", "咨询热线", kind="hotline",
          help="本机构事项没有咨询电话时请居民拨打的热线，如 广安市12345政务服务便民热线 12345；"
               "不填时用网站设置中全站的热线（外地机构请填写当地的热线）"),
    Field("supervision", "监督方式", kind="contacts"),
    Field("require", "要求每个事项填写的要素", kind="requirable",
          help="本机构要求每个事项都填写的栏目（信息表的栏目或办事指南要素，如 法定依据、运行流程、运行要件、办理时限），"
               "缺少时检查报错"),
)
OFFICE_REQUIRED = ("name", "short_name", "kind")


SERVICE_REQUIRED = ("id", "name")


def _derive() -> None:
    """The tables every reader of the registry uses, made from FIELDS (again after `add`)."""
    global BY_KEY, SERVICE_KEYS, PLACE_KEYS, ELEMENTS, REQUIRABLE, OFFICE_FIELDS
    BY_KEY = {f.key: f for f in FIELDS}
    # The keys of a service file, in the order the importer writes them and the form shows them (its id first)
    SERVICE_KEYS = ("id", *(f.key for f in FIELDS if f.on in (SERVICE, BOTH) and f.key != "id"))
    PLACE_KEYS = tuple(f.key for f in FIELDS if f.on == BOTH)
    # The 办事指南 elements in the order the report and office `require:` list them: the place first
    # (set once on the office, it fills every service's gap)
    ELEMENTS = {f.key: f.label for f in sorted((f for f in FIELDS if f.element), key=lambda f: f.on != BOTH)}
    # What an office may require of every service (office.yml `require:`) and the completeness report
    # counts: the 信息表's fields a document may lack (实施机构 is the office's own when not given), then
    # the 办事指南 elements
    REQUIRABLE = {**{f.key: f.label for f in FIELDS if f.sheet and f.key != "implementing_body"}, **ELEMENTS}
    # office.yml: the office's own fields, the place, then its contacts and requirements
    OFFICE_FIELDS = (*OFFICE_OWN, *(f for f in FIELDS if f.on == BOTH), *OFFICE_CONTACTS)


def add(field: Field) -> None:
    """A field added at run time (a district's own element, a test), before the rest of the
    generator is imported: every table above is made again with it."""
    global FIELDS
    FIELDS = (*FIELDS, field)
    _derive()


_derive()


def label(key: str) -> str:
    return BY_KEY[key].label


def plain_fields(section: str) -> tuple[Field, ...]:
    """The fields a service page lists in `section` by their kind, in the registry's order."""
    return tuple(f for f in FIELDS if f.section == section)


def shown_after(key: str) -> tuple[Field, ...]:
    """The fields shown on `key`'s line, after its text."""
    return tuple(f for f in FIELDS if f.after == key)
