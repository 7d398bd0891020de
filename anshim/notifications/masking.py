"""Masked forms of contact details for lists and the back office (010-****-1234, h***@example.com).

The masks never reveal the length of what they hide, so a masked value cannot be used to
narrow down whose address it is.
"""

import re

from anshim.notifications.models import Channel

_NON_DIGITS = re.compile(r"\D")


def mask_phone(phone: str) -> str:
    """``01012345678`` → ``010-****-5678``; Seoul numbers keep their ``02`` area code."""
    digits = _NON_DIGITS.sub("", phone)
    if len(digits) < 7:
        return "*" * 4
    head = digits[:2] if digits.startswith("02") else digits[:3]
    return f"{head}-****-{digits[-4:]}"


def mask_email(email: str) -> str:
    """``hong@example.com`` → ``h***@example.com``."""
    local, at, domain = email.partition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"


def mask_address(channel: str, to: str) -> str:
    return mask_email(to) if channel == Channel.EMAIL else mask_phone(to)
