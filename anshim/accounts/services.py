"""State changes for accounts: the personal-data access log, consents and withdrawal (탈퇴)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anshim.accounts.models import Consent, ConsentPurpose, PersonalDataAccess, Profile, User
from anshim.accounts.selectors import current_consent_texts
from anshim.notifications.services import erase_for_user


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


def give_consents(*, user: User, purpose: str, text_ids) -> list[Consent]:
    """Record that ``user`` agreed to the current consent texts for ``purpose``; returns their active consents.

    ``text_ids`` must be exactly the texts in force (the ones the person was shown): an outdated
    version or a missing text is refused, so nobody is held to wording they never saw. Agreeing
    again to a text already agreed to (and not withdrawn) keeps the original consent.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise ValidationError(_("로그인한 회원만 동의할 수 있습니다."))
    try:
        wanted = {int(text_id) for text_id in text_ids}
    except (TypeError, ValueError):
        raise ValidationError(_("동의서를 찾을 수 없습니다. 화면을 새로 고친 뒤 다시 동의해 주세요.")) from None
    texts = current_consent_texts(purpose)
    if not texts:
        raise ValidationError(_("이 서비스의 동의서가 아직 준비되지 않았습니다. 잠시 후 다시 시도해 주세요."))
    current = {text.pk for text in texts}
    if wanted - current:
        raise ValidationError(_("동의서가 새 버전으로 바뀌었습니다. 새 내용을 읽고 다시 동의해 주세요."))
    missing = [text for text in texts if text.pk not in wanted]
    if missing:
        raise ValidationError([_("‘%(title)s’에 동의해야 합니다.") % {"title": text.title} for text in missing])
    now = timezone.now()
    with transaction.atomic():
        # Lock the person's row so two quick submits do not both create the same consent.
        User.objects.select_for_update().filter(pk=user.pk).first()
        existing = {
            consent.text_id: consent
            for consent in Consent.objects.filter(user=user, text__in=texts, withdrawn_at__isnull=True)
        }
        return [existing.get(text.pk) or Consent.objects.create(user=user, text=text, given_at=now) for text in texts]


def withdraw_consent(*, user: User, consent: Consent) -> Consent:
    """철회: the person takes back one consent they gave. Only their own; withdrawing twice changes nothing.

    Taking back the 맞춤 지원제도 안내 consent destroys what it covered at once, as its text promises
    (철회 즉시 파기): the saved facts and the alert choice. Name and phone stay on the account, where
    sign-ups also need them.
    """
    if consent.user_id is None or consent.user_id != user.pk:
        raise PermissionDenied(_("본인의 동의만 철회할 수 있습니다."))
    with transaction.atomic():
        Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        consent.refresh_from_db()
        if consent.text.purpose == ConsentPurpose.PROFILE:
            Profile.objects.filter(user=user).delete()
    return consent


# Stored, not shown through the catalogue: the log reads the same whatever language the person used.
WITHDRAWN_SUBJECT_LABEL = "탈퇴 회원"


def withdraw(*, user: User) -> User:
    """회원 탈퇴: erase the person's data everywhere and leave only an anonymous, unusable account row.

    In one transaction: pending programme sign-ups are cancelled (the waiting list moves up) and
    anonymised, notifications are stripped, the saved profile, social logins and email addresses
    are deleted, consents stay as anonymous proof that consent was given, access-log rows lose
    their subject, and the account keeps only its join date under the name ``withdrawn-<pk>``.
    The caller signs the person out.
    """
    # Imported here: programs.services itself imports this module (consent on sign-up).
    from anshim.programs.services import erase_signups_for_user

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError(_("이미 탈퇴했거나 사용이 중지된 계정입니다."))
        label = f"withdrawn-{user.pk}"
        sign_in_names = {name.strip().lower() for name in (user.email, user.username) if name}
        sign_in_names |= {
            address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        }

        erase_signups_for_user(user=user)
        erase_for_user(user=user)
        Profile.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Consent.objects.filter(user=user).update(user=None)
        PersonalDataAccess.objects.filter(subject=user).update(subject=None, subject_label=WITHDRAWN_SUBJECT_LABEL)
        user.staff_roles.all().delete()
        user.groups.clear()
        user.user_permissions.clear()

        # Sign-in records name the person by the address they typed; keep the events, not the name.
        AccessAttempt.objects.filter(username__in=sign_in_names).delete()
        for log in (AccessLog, AccessFailureLog):
            log.objects.filter(username__in=sign_in_names).update(username=label)
        # The change history of the account itself is the person's data (email, name, phone);
        # changes they made to other records stay, under the anonymous account.
        user_type = ContentType.objects.get_for_model(User)
        LogEntry.objects.filter(content_type=user_type, object_pk=str(user.pk)).delete()
        AdminLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(object_repr=label)
        LogEntry.objects.filter(actor=user).update(actor_email="")

        user.username = label
        user.email = None
        user.name = ""
        user.phone = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        with disable_auditlog():
            user.save()
    return user
