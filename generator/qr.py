"""QR codes (inline SVG) that lead a printed page back to its page online."""
from __future__ import annotations

import segno


def qr_svg(url: str) -> str:
    """An inline SVG of a QR code for `url`, sized by CSS; the URL is kept in a data attribute
    so tests and tools can read back what the code says without an image decoder."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, omitsize=True, title=f"二维码：{url}")
    return svg.replace("<svg ", f'<svg class="sg-qr" data-url="{url}" role="img" ', 1)
