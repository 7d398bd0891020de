"""Masking for personal data shown in lists (개인정보 최소 노출): names, phone numbers, emails, birth dates.

Pure functions on plain values, so templates, exports, the API and the notification outbox mask
the same way. Masks of phone numbers and emails never reveal the length of what they hide.
"""

import datetime
import re


def mask_name(name: str | None) -> str:
    """홍길동 → 홍*동, 김철 → 김*, 남궁민수 → 남**수; Latin names keep first and last letters."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str:
    """010-1234-5678 (or 01012345678) → 010-****-5678; anything unrecognised shows only its last four digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) < 7:
        return "*" * 4
    area = "02" if digits.startswith("02") else digits[:3]
    return f"{area}-****-{digits[-4:]}"


def mask_email(email: str | None) -> str:
    """hong@example.com → h***@example.com."""
    local, at, domain = (email or "").partition("@")
    if not at or not local:
        return "***" if email else ""
    return f"{local[0]}***@{domain}"


def birth_year_only(birth: datetime.date | str | None) -> str:
    """1990-05-17 → 1990년생."""
    if not birth:
        return ""
    year = birth.year if isinstance(birth, datetime.date) else int(str(birth)[:4])
    return f"{year}년생"
