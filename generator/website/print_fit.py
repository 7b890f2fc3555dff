"""How large a service's notice prints: 16 pt or 14 pt when it fits one A4 sheet at that size, else 12 pt.

A notice board is read from a step away, so the type is as large as the sheet allows. The page
cannot measure its printed layout (a PDF made by a browser fires no print event), so the length is
estimated here from the text that prints at body size, in lines of a 14 pt A4 column.
"""
from __future__ import annotations

import math

from generator.catalogue.model import Service
from generator.website.bodies import other_bodies, same_body

CHARS_PER_LINE = 36     # CJK characters across 184 mm at 14 pt
LINES_PER_SHEET = 32    # at 14 pt, after the title and the QR code beside it
HEADING_LINES = 2       # a section heading with its space
FACT_ROWS = 6           # 去哪办, 办理时间, 咨询 (two lines), 办理机构 and the frame, at 16 pt
FACT_ROW = (16 / 14) ** 2
SMALL_PRINT = (12 / 14) ** 2  # the legal basis and staff facts print at 12 pt


def _lines(texts) -> float:
    return sum(math.ceil(max(1, len(t)) / CHARS_PER_LINE) for t in texts if t)


def _fact_rows(service: Service, office_name: str) -> int:
    """Rows of the 去哪办 / 咨询 frame: the ones every notice has, the optional facts, and the
    实施机构 with 咨询受理 (two rows more) or the other bodies the steps name when there are any."""
    optional = (service.time_limit, service.fees, service.online, service.visits is not None)
    rows = FACT_ROWS + sum(1 for fact in optional if fact)
    if office_name and not same_body(service.implementing_body, office_name):
        rows += 2
    if office_name and other_bodies(service, office_name):
        rows += 2
    return rows


def estimated_lines(service: Service, office_name: str = "") -> float:
    """Lines of 14 pt type the notice needs, headings and small print included."""
    m, p = service.materials, service.process
    materials = list(m.items) + [i for g in m.groups for i in g.items]
    lines = _fact_rows(service, office_name) * FACT_ROW
    if m.known:
        lines += HEADING_LINES + _lines([m.intro, m.text if m.kind != "list" else ""])
        lines += _lines(i.name + "".join(d.label + d.text for d in i.details) for i in materials) + len(m.groups) * 1.5
        lines += _lines(g.intro for g in m.groups)
    if p.known:
        lines += HEADING_LINES + _lines([p.intro, *p.steps]) + sum(1.5 + _lines(v.steps) for v in p.variants)
    for section in (service.conditions, [q.question + q.answer for q in service.faq],
                    [e.label + e.plain_text for e in service.extra]):
        if section:
            lines += HEADING_LINES + _lines(section)
    if service.supervision:
        lines += HEADING_LINES + 1
    lines += SMALL_PRINT * (HEADING_LINES + _lines(e.text for e in service.legal_basis) + 3)
    return lines


def print_size(service: Service, office_name: str = "") -> str:
    """"larger" (16 pt) or "large" (14 pt) when the notice fits one sheet at that size, else
    "standard" (12 pt, two sheets at most). A line at 16 pt holds 7/8 of the characters, and the
    sheet 7/8 of the lines, of one at 14 pt."""
    lines = estimated_lines(service, office_name)
    if lines * (16 / 14) ** 2 <= LINES_PER_SHEET:
        return "larger"
    return "large" if lines <= LINES_PER_SHEET else "standard"


JOURNEY_CHARS_PER_LINE = 30  # at 15 pt, beside nothing: the QR code stands beside the title only
JOURNEY_LINES = 34           # lines of 15 pt on a sheet, after the title


def journey_print_size(journey, offices: int) -> str:
    """"larger" (17 pt) when the journey's sheet would still be half empty at 15 pt, else "large"."""
    texts = [journey.intro] + [step.text for step in journey.steps]
    texts += [b.condition + b.then for step in journey.steps for b in step.branches]
    framed = sum(len(step.branches) for step in journey.steps)  # each 如果…就… in a box of its own
    headings = 2 * len(journey.steps)                            # a step's title, larger, with its space
    lines = _lines_of(texts, JOURNEY_CHARS_PER_LINE) + headings + framed + 2 * offices + \
        sum(len(s.services) for s in journey.steps)
    return "larger" if lines * (17 / 15) ** 2 <= JOURNEY_LINES else "large"


def _lines_of(texts, per_line: int) -> int:
    return sum(math.ceil(max(1, len(t)) / per_line) for t in texts if t)
