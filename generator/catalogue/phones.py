"""Chinese phone numbers, read with libphonenumber's metadata (the `phonenumbers` package, region CN):
landlines with their area code, mobiles, 400 / 800 numbers, service numbers (12345, 12315, 95598),
+86 and extensions (022-25869855转8001). What documents print is normalised to how pages show it;
each number gets a tel: link a phone can dial.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberFormat, ValidationResult, shortnumberinfo

from generator.catalogue.citations import to_ascii_digits

DASHES = "－—–‐- "
EXTENSION = re.compile(r"^(.*?\d)\s*(?:转|分机|ext\.?|EXT\.?|x|X|#)\s*(\d{1,6})$")
LANDLINE_EXTENSION = re.compile(r"^(0\d{2,3}-[2-9]\d{6,7})-(\d{1,5})$")  # 020-87300569-825
LOCAL_NUMBER = re.compile(r"[2-9]\d{6,7}")
FORMAT_HINT = "应写成 022-25869855、11 位手机号、400-810-8888、12345 这类服务热线，分机写成 022-25869855转8001"


@dataclass(frozen=True)
class Phone:
    shown: str  # 022-25869855, 13812345678, 400-810-8888, 12345, 022-25869855转8001
    tel: str    # tel:+862225869855;ext=8001, tel:12345


def _plain(raw: str) -> str:
    text = to_ascii_digits(str(raw)).strip()
    for dash in DASHES:
        text = text.replace(dash, "-")
    text = re.sub(r"^[（(](0\d{2,3})[）)]\s*", r"\1-", text)
    text = re.sub(r"^[（(]\+?86[-\s]?([1-9]\d{1,2})[）)]\s*", r"+86 \1 ", text)  # (8620) 81218888
    return text.strip("-")


@lru_cache(maxsize=8192)  # a list repeats its few numbers on every row; libphonenumber takes ~0.5 ms each
def parse_phone(raw: str, area_code: str | None = None) -> Phone | str:
    """A Phone, or in Chinese what is wrong with the text as a number."""
    text = _plain(raw)
    extension = ""
    m = EXTENSION.match(text) or LANDLINE_EXTENSION.match(text)
    if m:
        text, extension = m.group(1).rstrip("-"), m.group(2)
    digits = re.sub(r"[-\s]", "", text)
    if not re.fullmatch(r"\+?\d+", digits):
        return "不是电话号码（只能有数字、连字符和“转”分机号）"
    if re.fullmatch(r"\d{3,6}", digits) and not extension:
        number = phonenumbers.PhoneNumber(country_code=86, national_number=int(digits))
        if shortnumberinfo.is_valid_short_number_for_region(number, "CN"):
            return Phone(digits, f"tel:{digits}")
        return "位数太少：固定电话要带区号，如 022-25869855"
    if LOCAL_NUMBER.fullmatch(digits):
        if not area_code:
            return "缺区号：固定电话要写成 区号-号码，如 022-25869855"
        digits = area_code + digits
    if digits.startswith("86") and len(digits) > 11 and not digits.startswith("+"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return "不是电话号码"
    if number.country_code != 86:
        return "不是中国大陆的电话号码"
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == ValidationResult.TOO_SHORT:
            return "位数太少"
        if reason in (ValidationResult.TOO_LONG, ValidationResult.INVALID_LENGTH):
            return "位数不对" if reason == ValidationResult.INVALID_LENGTH else "位数太多"
        return "区号与号码的位数不符，或号段不存在"
    return Phone(_shown(number) + (f"转{extension}" if extension else ""),
                 phonenumbers.format_number(number, PhoneNumberFormat.RFC3966).replace("-", "")
                 + (f";ext={extension}" if extension else ""))


def _shown(number) -> str:
    national = str(number.national_number)
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return national
    if national[:3] in ("400", "800"):
        return f"{national[:3]}-{national[3:6]}-{national[6:]}"
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        return f"0{national[:area]}-{national[area:]}"
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL).replace(" ", "")


def normalise_phone(raw: str, area_code: str | None = None) -> str | None:
    """"022－25869855" -> "022-25869855"; "67259291" + area code 022 -> "022-67259291"; None when the
    text is not a number."""
    found = parse_phone(raw, area_code)
    return found.shown if isinstance(found, Phone) else None


def phone_problem(raw: str) -> str | None:
    """What is wrong with a phone as an editor wrote it, or None (the schema's "phone" format)."""
    found = parse_phone(raw)
    if isinstance(found, Phone):
        return None
    return f"{found}；{FORMAT_HINT}"


def is_phone(raw) -> bool:
    return not isinstance(raw, str) or phone_problem(raw) is None


# A number inside a sentence: 省厅：020-86351219、020-86351130；广州：020-83100130
NUMBER_IN_TEXT = re.compile(r"(?<![\d-])(?:\+?86[-\s]?)?(?:[（(]0\d{2,3}[）)]\s*|0\d{2,3}[-－—\s]?)?"
                            r"[1-9]\d{2,3}[-－—\s]?\d{3,4}(?:[-－—\s]?\d{4})?(?:\s*(?:转|分机)\s*\d{1,6})?(?![\d-])"
                            r"|(?<!\d)1\d{4}(?!\d)|(?<!\d)9[56]\d{3}(?!\d)")


def phones_in(text: str, area_code: str | None = None) -> list[tuple[str, Phone]]:
    """Every dialable number in a text: (as written, Phone)."""
    found = []
    for m in NUMBER_IN_TEXT.finditer(to_ascii_digits(text)):
        phone = parse_phone(m.group(0), area_code)
        if isinstance(phone, Phone):
            found.append((text[m.start():m.end()], phone))
    return found


def tel_uri(phone: str) -> str:
    found = parse_phone(phone)
    return found.tel if isinstance(found, Phone) else "tel:" + re.sub(r"[^\d+]", "", phone)
