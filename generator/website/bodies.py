"""Other bodies a service's steps send the resident to.

A 信息表 names the office as 办理机构 while its steps say "向各区人社局失业保险管理部门申请": the page
says both, each for what it is, instead of one contradicting the other. Only names ending in 局 or
部门 after a verb of going or submitting count: 所 and 中心 end too many ordinary words (经营地所在).
"""
from __future__ import annotations

import re

from generator.catalogue.model import Service

BODY = re.compile(r"(?:向|到|由|去|前往|至)([^\s，。；、,;：:（）()“”《》向到由至]{1,16}(?:局|部门))")
VAGUE = ("上级", "相关", "有关")


def same_body(a: str, b: str) -> bool:
    """新村街党群服务中心 is 新村街道党群服务中心: a 信息表's shorter spelling of its own office."""
    def plain(name: str) -> str:
        return re.sub(r"\s+", "", name).replace("街道", "街")
    a, b = plain(a), plain(b)
    return a == b or (bool(a) and bool(b) and (a.endswith(b) or b.endswith(a)))


def other_bodies(service: Service, office_name: str) -> list[str]:
    """Bodies the steps name besides the office and the service's 实施机构, in the order they appear."""
    p = service.process
    steps = list(p.steps) + [s for v in p.variants for s in v.steps]
    own = (office_name, service.implementing_body)
    found: list[str] = []
    for step in steps:
        for m in BODY.finditer(step):
            name = m.group(1)
            if name not in found and not any(same_body(name, o) for o in own) and not name.startswith(VAGUE):
                found.append(name)
    return found
