"""Every field a service can carry, declared once: its YAML key, its Chinese name, the other words
offices' documents head it with, and whether it is a 办事指南 element (an office may require it; the
completeness report counts it).

The importer reads a column or label by these words (sources/records.py), the spreadsheet export
heads its columns with the names (exports/tables.py), so an exported workbook always imports again;
pages, comparisons, the report and validation messages name a field by its `label` here.
Adding an element: one entry here (names, import words, export header, report), then its model field
(model.py), how it is read from YAML (elements.py) and from a document's cell (sources/element_values.py),
its schema (schemas/service.schema.json), its export cell (exports/tables.py) and how a page shows it
(templates/_service_body.md.j2; website/listings.py if comparisons compare it).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    label: str                  # its name on pages, in reports and as the export's column header
    words: tuple[str, ...] = ()  # other names documents give it (the label always counts)
    element: bool = False       # a 办事指南 element beyond the 信息表's nine fields
    sheet: bool = False         # one of the nine fields of a 信息表, which a real 目录 row mostly lacks

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.words)


FIELDS: tuple[Field, ...] = (
    # where the service belongs and who it is (export columns and import words)
    Field("office", "机构"),
    Field("office_id", "机构编号"),
    # the nine fields of a 信息表
    Field("number", "序号", ("编号",), sheet=True),
    Field("name", "名称", ("事项名称", "办理事项", "职权名称", "服务名称", "权力名称", "权力事项名称", "项目名称", "职权事项名称")),
    Field("title", "标题", ("主项名称", "主事项", "主项")),
    Field("topic", "主题"),
    Field("audience", "服务对象", ("办理对象", "适用对象", "申请对象")),
    Field("aliases", "别名", ("搜索别名",)),
    Field("legal_basis", "法定依据", ("设定依据", "实施依据", "职权依据", "法律依据", "依据"), sheet=True),
    Field("implementing_body", "实施机构", ("实施主体", "办理机构", "责任主体", "实施机关", "实施部门", "部门", "部门名称",
                                         "开具单位", "行使主体", "承办机构", "办理部门", "责任单位", "实施单位", "办理单位",
                                         "执法主体"), sheet=True),
    Field("boundary", "职责边界", ("责任边界",), sheet=True),
    Field("process", "运行流程", ("办理流程", "流程"), sheet=True),
    Field("materials", "运行要件", ("申请材料", "办理材料", "所需材料"), sheet=True),
    Field("responsibility", "责任事项", sheet=True),
    Field("supervision", "监督方式", ("监督电话", "投诉电话", "监督投诉电话", "监督投诉"), sheet=True),
    # 办事指南 elements, in the order the report and office `require:` list them (the place first)
    Field("address", "办理地点", ("受理地点", "办公地址"), element=True),
    Field("window", "办理窗口", ("受理窗口",), element=True),
    Field("hours", "办理时间", ("受理时间", "办公时间"), element=True),
    Field("holidays", "节假日说明", element=True),
    Field("phone", "咨询电话", ("咨询方式",), element=True),
    Field("enquiry_window", "咨询窗口", element=True),
    Field("conditions", "受理条件", ("申请条件", "办理条件"), element=True),
    Field("item_type", "事项类型", ("职权类型", "类型", "权力类型", "事项类别", "职权类别", "权力类别"), element=True),
    Field("item_code", "事项编码", ("编码", "事项代码", "基本编码", "实施编码", "权力编码", "职权编码"), element=True),
    Field("level", "实施层级", ("行使层级", "层级", "办理层级")),
    Field("case_type", "办件类型", ("办件类别",)),
    Field("time_limit", "办理时限", ("办结时限", "时限"), element=True),
    Field("promised", "承诺时限", ("承诺办结时限",)),
    Field("legal_time", "法定时限", ("法定办结时限",)),
    Field("fees", "收费", ("收费标准", "是否收费", "收费情况"), element=True),
    Field("online", "网上办理", ("网办平台", "网上办理平台"), element=True),
    Field("online_url", "网上办理网址", ("网上办理地址", "网办地址")),
    Field("query_url", "网上查询网址", ("网上查询", "查询网址")),
    Field("visits", "到现场次数", ("跑动次数", "到办事现场次数"), element=True),
    Field("result", "办理结果", ("审批结果", "结果名称"), element=True),
    Field("delivery", "送达方式", ("结果送达",), element=True),
    Field("faq", "常见问题", element=True),
    Field("extra", "其他信息"),
    # what the site adds (export columns, read back on re-import)
    Field("updated", "更新日期"),
    Field("url", "网址"),
    Field("id", "网址编号", ("编号（网址用）", "事项编号（网址用）")),
)
BY_KEY = {f.key: f for f in FIELDS}
ELEMENTS = {f.key: f.label for f in FIELDS if f.element}  # key -> label, in order
# What an office may require of every service (office.yml `require:`) and the completeness report
# counts: the 信息表's fields a document may lack (实施机构 is the office's own when not given), then
# the 办事指南 elements
REQUIRABLE = {**{f.key: f.label for f in FIELDS if f.sheet and f.key != "implementing_body"}, **ELEMENTS}


def label(key: str) -> str:
    return BY_KEY[key].label
