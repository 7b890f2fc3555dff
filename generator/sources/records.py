"""What every reader of an office's document yields: raw records (a heading and label -> text
cells), and the labels real documents head their columns and sections with.

No interpretation of values happens here; that is the importer's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.sources.text import NOISE

# Canonical field -> labels seen in real 权责清单 / 信息表 documents.
LABELS = {
    "number": ["序号", "编号"],
    "name": ["名称", "事项名称", "职权名称", "服务名称"],
    "legal_basis": ["法定依据", "设定依据", "实施依据", "职权依据", "法律依据", "依据"],
    "implementing_body": ["实施机构", "实施主体", "办理机构", "责任主体"],
    "boundary": ["职责边界", "责任边界"],
    "process": ["运行流程", "办理流程", "流程"],
    "materials": ["运行要件", "申请材料", "办理材料", "所需材料"],
    "responsibility": ["责任事项"],
    "supervision": ["监督方式", "监督电话", "投诉电话", "监督投诉电话", "监督投诉"],
    # 办事指南 elements, as 清单 tables and guides head them
    "title": ["标题", "主项名称"],
    "sub_name": ["子项名称", "子项"],
    "topic": ["主题"],
    "audience": ["服务对象"],
    "aliases": ["别名"],
    "item_type": ["事项类型", "职权类型", "类型", "权力类型", "事项类别"],
    "item_code": ["事项编码", "编码", "事项代码", "基本编码", "实施编码"],
    "conditions": ["受理条件", "申请条件", "办理条件"],
    "address": ["办理地点", "受理地点", "办公地址"],
    "window": ["办理窗口", "受理窗口"],
    "hours": ["办理时间", "受理时间", "办公时间"],
    "holidays": ["节假日说明"],
    "phone": ["咨询电话", "咨询方式"],
    "enquiry_window": ["咨询窗口"],
    "time_limit": ["办理时限", "办结时限", "时限"],
    "promised": ["承诺时限", "承诺办结时限"],
    "legal_time": ["法定时限", "法定办结时限"],
    "fees": ["收费", "收费标准", "是否收费", "收费情况"],
    "online": ["网上办理", "网办平台", "网上办理平台"],
    "online_url": ["网上办理网址", "网上办理地址", "网办地址"],
    "query_url": ["网上查询网址", "网上查询", "查询网址"],
    "visits": ["到现场次数", "跑动次数", "到办事现场次数"],
    "result": ["办理结果", "审批结果", "结果名称"],
    "delivery": ["送达方式", "结果送达"],
    "faq": ["常见问题"],
    "office": ["机构"],
    "office_id": ["机构编号"],
    "updated": ["更新日期"],
    "url": ["网址"],
    "id": ["编号（网址用）", "网址编号"],
}
LABEL_TO_FIELD = {label: key for key, labels in LABELS.items() for label in labels}


def normalise_label(cell: str) -> str:
    """"序  号" -> 序号, "0运行要件" -> 运行要件, "名称：" -> 名称."""
    squeezed = re.sub(r"\s", "", NOISE.sub("", cell))
    return re.sub(r"^\d+|[：:]$", "", squeezed)


@dataclass
class RawRecord:
    heading: str | None
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, nothing lost


@dataclass
class RawDocument:
    path: Path
    records: list[RawRecord]
    unplaced: list[str]
