"""Completeness of the 办事指南 elements: what each office's services still lack, for editors."""
from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue.elements import ELEMENTS, present_elements
from generator.catalogue.model import PLACE_KEYS, Catalogue, Office, Service


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


def report_text(reports: list[OfficeReport]) -> str:
    """The report as plain text for the terminal."""
    lines = []
    for r in reports:
        total = len(r.services)
        lines.append(f"{r.office.name}（{total} 项居民服务）")
        lines.append("  " + "，".join(f"{label} {r.count(k)}/{total}" for k, label in ELEMENTS.items()))
        if r.office_place_missing():
            lines.append(f"  提示：{'、'.join(ELEMENTS[k] for k in r.office_place_missing())}可在 {r.office.source} "
                         "中填写一次，所有事项都会继承")
        for gap in r.services:
            if gap.missing:
                lines.append(f"  {gap.service.number} {gap.service.name}（{gap.service.source}）缺：{gap.missing_text}")
        lines.append("")
    return "\n".join(lines)
