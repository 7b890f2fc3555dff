"""Completeness of the 办事指南 elements: what each office's services still lack, for editors."""
from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue.elements import ELEMENTS, REQUIRABLE, present_elements, present_fields
from generator.catalogue.fields import PLACE_KEYS
from generator.catalogue.model import Catalogue, Office, Service


@dataclass
class ServiceGaps:
    service: Service
    missing: list[str]  # element keys, in ELEMENTS order

    @property
    def missing_text(self) -> str:
        return "、".join(ELEMENTS[k] for k in self.missing)


@dataclass
class OfficeReport:
    office: Office
    services: list[ServiceGaps]

    def office_place_missing(self) -> list[str]:
        """Place elements office.yml could give every service at once, but does not."""
        return [k for k in PLACE_KEYS if not getattr(self.office.place, k)]

    def count(self, key: str) -> int:
        """How many of the office's services have the element."""
        return sum(key not in s.missing for s in self.services)


def completeness(catalogue: Catalogue) -> list[OfficeReport]:
    """Per office, every resident service with the guide elements it lacks (internal duties left out)."""
    reports = []
    for office in catalogue.offices.values():
        gaps = []
        for service in catalogue.services_of(office.id):
            if service.internal:
                continue
            have = present_elements(service)
            gaps.append(ServiceGaps(service, [k for k in ELEMENTS if k not in have]))
        reports.append(OfficeReport(office, gaps))
    return reports


def awaiting_review(office: Office, gaps: list[ServiceGaps]) -> list[Service]:
    """The office's services whose import left lines for an editor to check (review: in the YAML)."""
    return [gap.service for gap in gaps if gap.service.review]


def review_warning(catalogue: Catalogue) -> str | None:
    """One line for publish-check while imported lines still await an editor's check."""
    waiting = [s for s in catalogue.services if s.review]
    if not waiting:
        return None
    shown = "、".join(f"{s.name}（{s.source}）" for s in waiting[:3]) + ("等" if len(waiting) > 3 else "")
    return (f"{len(waiting)} 个事项还有导入时待核对的内容（{shown}，共 {sum(len(s.review) for s in waiting)} 处）："
            "请核对后删去各文件中的 review 栏目；这些内容只给编辑人员看，不会出现在居民看到的页面上。"
            "逐条清单：service-guide report")


# What a resident looks for first on a service page: where, when, whom, what to bring, the steps
RESIDENT_KEYS = ("address", "hours", "phone", "materials", "process")


def resident_gaps(r: OfficeReport) -> dict[str, int]:
    """How many of the office's services lack each of RESIDENT_KEYS (0s left out)."""
    counts = {key: sum(key not in present_fields(g.service) for g in r.services) for key in RESIDENT_KEYS}
    return {key: n for key, n in counts.items() if n}


def overview(reports: list[OfficeReport]) -> list[str]:
    """One line per office, what residents cannot see, the office with most to gain first; the place
    set once in office.yml fills every service's gap at once."""
    ranked = sorted(reports, key=lambda r: -sum(resident_gaps(r).values()))
    lines = []
    for r in ranked:
        gaps = resident_gaps(r)
        if not gaps:
            lines.append(f"  {r.office.name}：居民要找的地点、时间、电话、材料、流程都已写明")
            continue
        said = "，".join(f"{n} 项没有{REQUIRABLE[key]}" for key, n in gaps.items())
        once = [REQUIRABLE[k] for k in ("address", "hours", "phone") if k in r.office_place_missing()]
        lines.append(f"  {r.office.name}（{len(r.services)} 项）：{said}"
                     + (f"（{'、'.join(once)}在 {r.office.source} 填写一次，全部事项都有）" if once else ""))
    return lines


def _by_gap(gaps: list[ServiceGaps]) -> list[tuple[str, list[Service]]]:
    """Services grouped by what they lack, the largest group first."""
    groups: dict[str, list[Service]] = {}
    for gap in gaps:
        if gap.missing:
            groups.setdefault(gap.missing_text, []).append(gap.service)
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))


def report_text(reports: list[OfficeReport], errors: list | None = None) -> str:
    """The report as plain text for the terminal: the content's errors first (what stops a build),
    then one line per office, then each office's services grouped by what they lack."""
    lines = []
    if errors:
        lines.append(f"内容检查发现 {len(errors)} 个问题，网站生成前必须改正（有问题的文件未计入下面的统计）：")
        lines += [f"  {problem}" for problem in errors] + [""]
    lines += ["居民还看不到的（先补收益最大的机构）："] + overview(reports) + [""]
    for r in reports:
        total = len(r.services)
        lines.append(f"{r.office.name}（{total} 项居民服务）")
        lines.append("  " + "，".join(f"{label} {r.count(k)}/{total}" for k, label in ELEMENTS.items()))
        if r.office_place_missing():
            lines.append(f"  提示：{'、'.join(ELEMENTS[k] for k in r.office_place_missing())}可在 {r.office.source} "
                         "中填写一次，所有事项都会继承")
        for missing, services in _by_gap(r.services):
            lines.append(f"  {len(services)} 项缺：{missing}")
            lines += ["    " + " ".join(filter(None, [s.number, f"{s.name}（{s.source}）"])) for s in services]
        for service in awaiting_review(r.office, r.services):
            lines.append(f"  待核对 {len(service.review)} 处：{service.name}（{service.source}）")
            lines += [f"    {line}" for line in service.review]
        lines.append("")
    return "\n".join(lines)
