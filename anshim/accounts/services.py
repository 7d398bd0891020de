"""State changes for accounts: writing the personal-data access log."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from anshim.accounts.models import PersonalDataAccess, User


def record_access(*, actor: User, subject: User | str, what: str, reason: str) -> PersonalDataAccess:
    """Log that ``actor`` saw or exported ``what`` about ``subject`` (a member, or a description of a non-member).

    Refuses an empty reason: PIPA expects every unmasked view to say why.
    """
    reason = (reason or "").strip()
    what = (what or "").strip()
    if not reason:
        raise ValidationError({"reason": _("개인정보를 조회하는 사유를 입력해 주세요.")})
    if not what:
        raise ValidationError({"what": _("조회하는 개인정보 항목을 입력해 주세요.")})
    if isinstance(subject, User):
        member, label = subject, subject.email or subject.username
    else:
        member, label = None, (subject or "").strip()
        if not label:
            raise ValidationError({"subject_label": _("누구의 개인정보인지 입력해 주세요.")})
    return PersonalDataAccess.objects.create(
        actor=actor, subject=member, subject_label=label[:200], what=what[:200], reason=reason[:500]
    )
