"""One-line page descriptions: what a shared link's card (Open Graph) and a search engine's snippet
say under the title. They lead with what a resident needs first: who handles it, what to bring."""
from __future__ import annotations

import re

LIMIT = 110  # characters: a card shows two or three lines
_CUT = re.compile(r"[（(，,；;：:。]")


def _clip(text: str, limit: int = LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_material(name: str) -> str:
    """A material's name without its conditions: 身份证原件（代办需…） -> 身份证原件."""
    head = _CUT.split(name, 1)[0].strip() or name
    return _clip(head, 18)


def service_line(service, office) -> str:
    """杨家泊镇党群服务中心办理；要带：身份证或社会保障卡、银行账号；地点：…"""
    parts = [f"{office.name}办理"]
    materials = service.materials
    names = list(dict.fromkeys(_short_material(n) for n in materials.all_items()))
    if materials.kind == "none":
        parts.append("无需材料")
    elif names:
        shown = "、".join(names[:3])
        parts.append(f"要带：{shown}" + (f"等 {len(names)} 项" if len(names) > 3 else ""))
    if service.place.address:
        parts.append(f"地点：{service.place.address}")
    if service.place.phone:
        parts.append(f"咨询电话：{service.place.phone}")
    return _clip("；".join(parts))


def office_line(office, services: int) -> str:
    parts = [f"{office.city}{office.district}{office.name}：可办 {services} 项服务"]
    if office.place.address:
        parts.append(f"地址：{office.place.address}")
    if office.place.phone:
        parts.append(f"电话：{office.place.phone}")
    return _clip("；".join(parts))


def listing_line(lead: str, names) -> str:
    """A page that lists things: its lead, then the first few names."""
    names = list(dict.fromkeys(names))
    return _clip(lead + ("：" + "、".join(names) if names else ""))


def comparison_line(topic, services, offices) -> str:
    names = "、".join(dict.fromkeys(offices[s.office_id].short_name for s in services))
    return _clip(f"{topic.name}：{names}的材料和流程对比")
