"""Draw the share-card image (overrides/assets/images/share.png, 1200x630) with Chromium.

Run again after changing the site's name: .venv/bin/python scripts/make_share_image.py "办事指南" "第一行\n第二行"
"""
import html
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "overrides/assets/images/share.png"
title = sys.argv[1] if len(sys.argv) > 1 else "办事指南"
subtitle = sys.argv[2] if len(sys.argv) > 2 else "街镇党群服务中心\n办什么事、带什么材料、去哪里、找谁"  # \n: a line break
PAGE = f"""<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; width: 1200px; height: 630px; background: #283593; color: #fff; display: flex;
       flex-direction: column; justify-content: center; padding: 0 96px; box-sizing: border-box;
       font-family: "Noto Sans CJK SC", sans-serif; }}
h1 {{ font-size: 120px; margin: 0 0 36px; letter-spacing: 8px; }}
p {{ font-size: 44px; margin: 0; line-height: 1.5; color: #e8eaf6; }}
.bar {{ width: 160px; height: 12px; background: #ffca28; margin-bottom: 48px; border-radius: 6px; }}
</style><div class="bar"></div><h1>{html.escape(title)}</h1><p>{"<br>".join(map(html.escape, subtitle.split(chr(10))))}</p>"""

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1200, "height": 630})
    page.set_content(PAGE)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT))
    browser.close()
print(f"wrote {OUT}")
