"""The desk's first screen: what residents cannot see yet, office by office, each gap with the form
that fills it. The catalogue is read again only when a content file changed."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalogue.load import load_catalogue
from generator.catalogue.elements import present_fields
from generator.website.report import awaiting_review, completeness, resident_gaps

OFFICE_PLACE = {"address": "办理地点", "hours": "办理时间", "phone": "咨询电话"}


@dataclass
class ServiceLink:
    file: str      # the service's file name in its office's folder, without .yml
    name: str
    lacks: str = ""


@dataclass
class OfficeGaps:
    id: str
    name: str
    services: list[ServiceLink]
    place_missing: list[str]            # 办理地点, 办理时间, 咨询电话 not set on the office
    without_materials: list[ServiceLink] = field(default_factory=list)
    without_steps: list[ServiceLink] = field(default_factory=list)
    awaiting_review: list[ServiceLink] = field(default_factory=list)
    gain: int = 0                       # how many gaps residents meet, summed over services


@dataclass
class Overview:
    offices: list[OfficeGaps]
    errors: list                        # problems that stop the site from being built


def _stamp(content_dir: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in content_dir.rglob("*.yml")))


class OverviewCache:
    def __init__(self, content_dir: Path):
        self.content_dir = Path(content_dir)
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._overview: Overview | None = None

    def get(self) -> Overview:
        with self._lock:
            stamp = _stamp(self.content_dir)
            if stamp != self._stamp:
                self._overview, self._stamp = overview(self.content_dir), stamp
            return self._overview


def _link(service) -> ServiceLink:
    return ServiceLink(Path(service.source).stem, service.name)


def overview(content_dir: Path) -> Overview:
    catalogue = load_catalogue(content_dir, keep_errors=True)
    out = []
    for report in completeness(catalogue):
        office = report.office
        gaps = OfficeGaps(office.id, office.name, [_link(g.service) for g in report.services],
                          [label for key, label in OFFICE_PLACE.items() if not getattr(office.place, key)])
        for gap in report.services:
            present = present_fields(gap.service)
            if "materials" not in present:
                gaps.without_materials.append(_link(gap.service))
            if "process" not in present:
                gaps.without_steps.append(_link(gap.service))
        gaps.awaiting_review = [_link(s) for s in awaiting_review(office, report.services)]
        gaps.gain = sum(resident_gaps(report).values())
        out.append(gaps)
    out.sort(key=lambda g: -g.gain)
    return Overview(out, list(catalogue.errors))
