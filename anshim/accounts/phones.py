"""Mobile numbers as the platform stores them: 010-1234-5678, whatever spacing or dashes were typed.

One format everywhere (accounts, sign-ups, applications) so exports and masks agree; the
notification channels strip it back to digits when they send.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE_DIGITS = re.compile(r"^01[016789]\d{7,8}$")


def normalise_mobile(raw: str | None) -> str:
    """010-1234-5678 from any spacing or dashes; a Korean ``ValidationError`` for anything that is not a mobile number."""
    digits = re.sub(r"\D", "", raw or "")
    if not MOBILE_DIGITS.match(digits):
        raise ValidationError(_("휴대전화 번호를 010-1234-5678 형식으로 입력해 주세요."), code="phone")
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
