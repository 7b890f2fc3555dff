"""Synthetic catalogues for the benchmark: N offices x M services shaped like the real ones.

Each synthetic service is a real service of content/ (text of the real length and shape: steps,
variants, material groups, citations) re-issued by another office, with the differences offices
really have: other wording of the office, materials dropped or reordered, 文号 in other bracket
styles, another supervision phone. Topics are shared across offices as in a real district.
Deterministic for a given seed; valid against the schema.

Usage: python bench/synth.py OUT_DIR N_SERVICES [--seed 1]
"""
from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.catalogue.yamlio import dump_yaml

PLACES = ["新港", "大沽", "塘沽", "新河", "杭州道", "北塘", "胡家园", "新城", "寨上", "茶淀", "汉沽", "中塘", "小王庄",
          "太平", "古林", "海滨", "泰达", "新北", "渤海", "向阳", "三槐", "解放路", "海洋", "临港", "东疆", "西沽",
          "黄港", "东沽", "南窑", "北宁", "沙井子", "营城", "蓟运", "和平", "振华", "金海", "欧美", "滨河", "永和",
          "开发区", "保税", "高新", "渔港", "盐场", "芦台", "宁河", "七里海", "大港", "上古林", "中心渔港"]
BRACKETS = [("〔", "〕"), ("﹝", "﹞"), ("[", "]"), ("【", "】")]
OFFICE_NAME = re.compile(r"(新村街道?|杨家泊镇)(党群服务中心)?")
DOC_BRACKETS = re.compile(r"([\u4e00-\u9fff]{2,10})[〔﹝\[【{（(](\d{4})[〕﹞\]】}）)](\d+号)")


def sizes_to_shape(n_services: int) -> tuple[int, int]:
    """100 -> 4 offices x 25; 1,000 -> 20 x 50; 5,000 -> 50 x 100."""
    offices = max(1, min(len(PLACES), round((n_services / 2) ** 0.5)))
    return offices, -(-n_services // offices)


def load_real() -> tuple[list[dict], dict]:
    services, ids = [], set()
    for path in sorted((ROOT / "content/offices").glob("*/*.yml")):
        if path.name != "office.yml":
            service = yaml.safe_load(path.read_text(encoding="utf-8"))
            while service["id"] in ids:  # both real offices have shiye-baoxianjin-shenling
                service["id"] += "-b"
            ids.add(service["id"])
            services.append(service)
    topics = yaml.safe_load((ROOT / "content/topics.yml").read_text(encoding="utf-8"))
    return services, topics


def make_catalogue(out: Path, n_services: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    templates, topics = load_real()
    n_offices, per_office = sizes_to_shape(n_services)
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "offices").mkdir(parents=True)
    shutil.copy(ROOT / "content/materials.yml", content / "materials.yml")
    shutil.copytree(ROOT / "content/pages", content / "pages")

    rounds = -(-per_office // len(templates))
    all_topics = []
    for k in range(1, rounds + 1):
        for t in topics["topics"]:
            t = copy.deepcopy(t)
            if k > 1:  # a district has more services than the two offices: the same shape, another topic
                t["id"], t["name"] = f"{t['id']}-{k}", f"{t['name']}（{k}）"
                t["aliases"] = [f"{a}{k}" for a in t.get("aliases", [])]
            all_topics.append(t)
    (content / "topics.yml").write_text(dump_yaml({"themes": topics["themes"], "topics": all_topics}), "utf-8")

    written = 0
    for o in range(n_offices):
        place = PLACES[o] if o < len(PLACES) else f"{PLACES[o % len(PLACES)]}{o // len(PLACES) + 1}"
        kind = "街道" if o % 3 else "镇"
        office_id = f"office-{o + 1:03d}"
        name = f"{place}{kind}党群服务中心"
        phone = f"022-{rng.randint(20000000, 89999999)}"
        office = {"name": name, "short_name": f"{place}{kind}", "kind": kind, "city": "天津市", "district": "滨海新区",
                  "area_code": "022", "address": f"{place}{kind}便民路{rng.randint(1, 300)}号",
                  "hours": "周一至周五 8:30-17:30", "phone": phone,
                  "supervision": [{"label": "监督电话", "phone": phone}]}
        folder = content / "offices" / office_id
        folder.mkdir()
        (folder / "office.yml").write_text(dump_yaml(office), "utf-8")
        for j in range(min(per_office, n_services - written)):
            service = _variant(rng, templates[j % len(templates)], j // len(templates) + 1, name, phone)
            service["number"] = f"{j // 10 + 1}-{j % 10 + 1}"
            (folder / f"{service['id']}.yml").write_text(dump_yaml(service), "utf-8")
            written += 1
    return content


def _variant(rng: random.Random, template: dict, round_: int, office_name: str, phone: str) -> dict:
    s = copy.deepcopy(template)
    if round_ > 1:
        s["id"] = f"{s['id']}-{round_}"
        s["topic"] = f"{s['topic']}-{round_}"
    text = yaml.safe_dump(s, allow_unicode=True, width=10_000)
    text = OFFICE_NAME.sub(lambda m: office_name if m.group(2) else office_name.removesuffix("党群服务中心"), text)
    s = yaml.safe_load(text)
    for entry in s["legal_basis"]:
        entry.pop("citations", None)  # parsed from the text at load time, as for a hand-written entry
        left, right = rng.choice(BRACKETS)
        entry["text"] = DOC_BRACKETS.sub(lambda m: f"{m.group(1)}{left}{m.group(2)}{right}{m.group(3)}", entry["text"])
    items = s["materials"].get("items")
    if items and len(items) > 2 and rng.random() < 0.5:
        items.pop(rng.randrange(len(items)))
        rng.shuffle(items)
    s["supervision"] = [{"label": "监督电话", "phone": phone}]
    return s


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("services", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    content = make_catalogue(args.out, args.services, args.seed)
    print(f"wrote {args.services} services to {content}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
