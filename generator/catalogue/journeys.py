"""content/journeys.yml -> Journey values, every link to a service checked with file:line.

A journey (一件事) strings services together in the order a life event needs them. It may link any
office's services; a link to a service that is not there is an error at its line, with the closest
service id when one looks meant.
"""
from __future__ import annotations

import difflib
from pathlib import Path

from generator.catalogue.model import Journey, JourneyBranch, JourneyStep, Service
from generator.catalogue.schema import Problem, field_path

FILE = "journeys.yml"


def load_journeys(path: Path, read, problems: list, rel, services: list[Service],
                  previewed: list[str] | None = None) -> dict[str, Journey]:
    """The journeys of content/journeys.yml (optional). `previewed`: the offices a preview loaded
    (None: all); a link into another office cannot be checked then, and is kept."""
    loaded = read(path, "journeys") if path.exists() else None
    if loaded is None:
        return {}
    known = {(s.office_id, s.id) for s in services}
    journeys: dict[str, Journey] = {}

    def keys(links: list[str], at: tuple, what: str) -> tuple:
        out = []
        for k, link in enumerate(links):
            office_id, service_id = link.split("/")
            if (previewed is None or office_id in previewed) and (office_id, service_id) not in known:
                ids = [s for o, s in known if o == office_id]
                close = difflib.get_close_matches(service_id, ids, n=1)
                hint = f"，是否想写“{office_id}/{close[0]}”？" if close else \
                    ("" if ids else f"：机构“{office_id}”不存在")
                problems.append(Problem(rel(path), loaded.line_of(at + (k,)), field_path(at + (k,)),
                                        f"{what}链接的事项“{link}”不存在{hint}（写成 机构编号/事项编号，即事项文件所在的文件夹名和文件里的 id）"))
            out.append((office_id, service_id))
        return tuple(out)

    for i, j in enumerate(loaded.data["journeys"]):
        if j["id"] in journeys:
            problems.append(Problem(rel(path), loaded.line_of(("journeys", i, "id")), f"journeys[{i}].id",
                                    f"一件事的编号“{j['id']}”重复"))
        steps = []
        for n, s in enumerate(j["steps"]):
            at = ("journeys", i, "steps", n)
            what = f"“{j['title']}”第 {n + 1} 步"
            branches = tuple(JourneyBranch(b["if"], b["then"], keys(b.get("services", []), at + ("branches", m, "services"), what))
                             for m, b in enumerate(s.get("branches", [])))
            steps.append(JourneyStep(s["title"], s["text"], keys(s["services"], at + ("services",), what), branches))
        journeys[j["id"]] = Journey(j["id"], j["title"], j["for"], j.get("intro", ""), tuple(steps),
                                    tuple(j.get("events", ())))
    return journeys

