"""The Content-Security-Policy of the built site: its own files only, plus the hash of each inline
script its pages carry (Material's and ours), found in the built pages themselves so the policy
never falls behind a theme update."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
RUN_TYPES = re.compile(r"^(?:(?:text|application)/(?:x-)?(?:java|ecma)script|module)?$", re.I)


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser runs in `html` (not JSON data blocks)."""
    bodies = []
    for m in INLINE_SCRIPT.finditer(html):
        attributes = m.group(1) or ""
        kind = SCRIPT_TYPE.search(attributes)
        if re.search(r"\bsrc\s*=", attributes, re.I) or (kind and not RUN_TYPES.match(kind.group(1))):
            continue  # loaded from a file ('self'), or data such as JSON-LD that never runs
        bodies.append(m.group(2))
    return bodies


# Code in a hand-written page is shown, never run: fenced blocks and `inline code` are left out
CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`", re.S | re.M)


def scripts_in_markdown(text: str) -> list[str]:
    """Scripts a hand-written page would run, or load from anywhere (<script src=…>): content may
    never extend what the site's policy allows."""
    text = CODE.sub("", text)
    loaded = [m.group(0)[:60] for m in INLINE_SCRIPT.finditer(text) if re.search(r"\bsrc\s*=", m.group(1) or "", re.I)]
    return [body.strip()[:60] or "<script>" for body in inline_scripts(text)] + loaded


def inline_script_hashes(pages: list[Path]) -> list[str]:
    """'sha256-…' of every distinct inline script that a browser runs (not JSON data blocks)."""
    bodies = {body for page in pages for body in inline_scripts(page.read_text("utf-8"))}
    return sorted("sha256-" + base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode() for b in bodies)


def policy(script_hashes: list[str]) -> str:
    """Scripts, workers, data and images from the site itself; styles too, and inline ones, which the
    booklet's pagination (paged.js) writes and table alignment uses; nothing may frame the site but
    the site's own pages, and no plugin runs."""
    scripts = " ".join(["'self'", *(f"'{h}'" for h in script_hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])
