"""Chinese phone numbers: normalise what documents print (the schema checks what editors write)."""
from __future__ import annotations

import re

from generator.catalogue.citations import to_ascii_digits

DASHES = "－—–‐-－ "


def normalise_phone(raw: str, area_code: str | None = None) -> str | None:
    """"022－25869855" -> "022-25869855"; "67259291" + area code 022 -> "022-67259291".

    Returns None when the text is not a phone number we understand.
    """
    text = to_ascii_digits(raw).strip()
    for dash in DASHES:
        text = text.replace(dash, "-")
    text = re.sub(r"^[（(](0\d{2,3})[）)]", r"\1-", text)
    digits = text.replace("-", "")
    if not digits.isdigit():
        return None
    if re.fullmatch(r"1[3-9]\d{9}|1\d{4}", digits):
        return digits
    m = re.fullmatch(r"(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})", digits)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    if re.fullmatch(r"\d{7,8}", digits) and area_code:
        return f"{area_code}-{digits}"
    return None


def tel_uri(phone: str) -> str:
    return "tel:" + phone.replace("-", "")
