"""People who sign in: citizens and officials share one user model.

The model exists from the first migration so that roles, scopes, consent and the
personal-data access log can hang off it later without swapping the user model.
Email is unique because it is how citizens sign in. Officials and partners hold
``StaffRole`` rows, each limited to the district, centre or partner its role needs.
"""

import functools
import operator

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    email = models.EmailField(_("이메일"), unique=True, blank=True, null=True)
    name = models.CharField(_("이름"), max_length=50, blank=True)
    phone = models.CharField(_("휴대전화"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def save(self, *args, **kwargs):
        # Staff accounts may have no email; store NULL so the unique index allows many of them.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)


class Partner(models.Model):
    """An outside organisation the city contracts (security firm, companion service, patrol body)."""

    class Kind(models.TextChoices):
        SECURITY = "SECURITY", _("보안·안전")
        COMPANION = "COMPANION", _("동행 서비스")
        PATROL = "PATROL", _("순찰")
        OTHER = "OTHER", _("기타")

    name = models.CharField(_("기관명"), max_length=100, unique=True)
    kind = models.CharField(_("유형"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("협력기관")
        verbose_name_plural = _("협력기관")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CITY_OFFICIAL = "CITY_OFFICIAL", _("서울시 담당자")
    DISTRICT_OFFICIAL = "DISTRICT_OFFICIAL", _("자치구 담당자")
    CENTER_STAFF = "CENTER_STAFF", _("1인가구지원센터 담당자")
    PARTNER_STAFF = "PARTNER_STAFF", _("협력기관")
    JUDGE = "JUDGE", _("심사위원")
    GUARD = "GUARD", _("안심마을 보안관")
    MENTOR = "MENTOR", _("멘토")


SCOPE_FIELDS = ("district", "center", "partner")
# The one scope each role works within; None means the role is city-wide.
SCOPE_BY_ROLE: dict[str, str | None] = {
    Role.CITY_OFFICIAL: None,
    Role.DISTRICT_OFFICIAL: "district",
    Role.CENTER_STAFF: "center",
    Role.PARTNER_STAFF: "partner",
    Role.JUDGE: None,
    Role.GUARD: "district",
    Role.MENTOR: None,
}
SCOPE_LABELS = {"district": _("자치구"), "center": _("1인가구지원센터"), "partner": _("협력기관")}


def _scope_matches(role: str, scope: str | None) -> models.Q:
    condition = models.Q(role=role)
    for field in SCOPE_FIELDS:
        condition &= models.Q(**{f"{field}__isnull": field != scope})
    return condition


class StaffRole(models.Model):
    """One role an official or partner holds, with the district, centre or partner it is limited to.

    A person may hold several roles; each row carries exactly the scope its role needs, which
    both ``clean`` (for a readable Korean message) and a database constraint enforce.
    """

    user = models.ForeignKey(User, verbose_name=_("사용자"), on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("역할"), max_length=30, choices=Role.choices)
    district = models.ForeignKey(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    center = models.ForeignKey(
        "programs.Center",
        verbose_name=_("1인가구지원센터"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("협력기관"), on_delete=models.PROTECT, null=True, blank=True, related_name="staff_roles"
    )
    created_at = models.DateTimeField(_("부여일"), auto_now_add=True)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("담당자 역할")
        verbose_name_plural = _("담당자 역할")
        constraints = [
            models.CheckConstraint(
                condition=functools.reduce(
                    operator.or_, (_scope_matches(role, scope) for role, scope in SCOPE_BY_ROLE.items())
                ),
                name="accounts_staffrole_scope_fits_role",
            )
        ]

    def __str__(self) -> str:
        scope = self.scope
        return f"{self.user} · {self.get_role_display()}" + (f" ({scope})" if scope else "")

    @property
    def scope(self):
        field = SCOPE_BY_ROLE.get(self.role)
        return getattr(self, field) if field else None

    def clean(self):
        super().clean()
        if self.role not in SCOPE_BY_ROLE:
            return
        needed = SCOPE_BY_ROLE[self.role]
        errors = {}
        for field in SCOPE_FIELDS:
            has_value = getattr(self, f"{field}_id") is not None
            if field == needed and not has_value:
                errors[field] = _("%(role)s 역할에는 %(scope)s을(를) 지정해야 합니다.") % {
                    "role": self.get_role_display(),
                    "scope": SCOPE_LABELS[field],
                }
            elif field != needed and has_value:
                errors[field] = _("%(role)s 역할에는 %(scope)s을(를) 지정할 수 없습니다.") % {
                    "role": self.get_role_display(),
                    "scope": SCOPE_LABELS[field],
                }
        if errors:
            raise ValidationError(errors)


class PersonalDataAccess(models.Model):
    """접속기록: one unmasked view, export or download of someone's personal data, with its stated reason.

    Rows are written only through ``services.record_access`` and never edited.
    """

    actor = models.ForeignKey(
        User, verbose_name=_("조회자"), on_delete=models.PROTECT, related_name="personal_data_accesses"
    )
    subject = models.ForeignKey(
        User,
        verbose_name=_("정보주체(회원)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_data_viewed",
    )
    subject_label = models.CharField(_("정보주체"), max_length=200)
    what = models.CharField(_("조회 항목"), max_length=200)
    reason = models.CharField(_("사유"), max_length=500)
    accessed_at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("개인정보 접속기록")
        verbose_name_plural = _("개인정보 접속기록")

    def __str__(self) -> str:
        return f"{self.actor} → {self.subject_label}: {self.what}"


class ConsentPurpose(models.TextChoices):
    PROFILE = "PROFILE", _("맞춤 지원제도 안내")
    PROGRAM_SIGNUP = "PROGRAM_SIGNUP", _("참여프로그램 신청")
    DOORGUARD = "DOORGUARD", _("안전 도어지킴이")
    COMPANION = "COMPANION", _("병원 안심동행")


class ConsentKind(models.TextChoices):
    COLLECTION_USE = "COLLECTION_USE", _("개인정보 수집·이용")
    THIRD_PARTY = "THIRD_PARTY", _("개인정보 제3자 제공")


class ConsentText(models.Model):
    """One version of a consent notice (동의서) shown before personal data is collected for a purpose.

    A text is never edited once anyone has agreed to it: the wording a person saw must stay provable,
    so a change is a new row with the next version, effective from its own date.
    """

    purpose = models.CharField(_("목적"), max_length=30, choices=ConsentPurpose.choices)
    kind = models.CharField(_("종류"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("버전"))
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("본문"))
    items = models.CharField(_("수집 항목"), max_length=500)
    purpose_detail = models.CharField(_("이용 목적"), max_length=500)
    retention = models.CharField(_("보유·이용 기간"), max_length=500)
    recipients = models.CharField(_("받는 자"), max_length=500, blank=True)
    effective_from = models.DateTimeField(_("시행일시"))

    class Meta:
        ordering = ["purpose", "kind", "-version"]
        verbose_name = _("동의서")
        verbose_name_plural = _("동의서")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "kind", "version"],
                name="accounts_consenttext_unique_version",
                violation_error_message=_(
                    "이 목적과 종류의 동의서에 같은 버전이 이미 있습니다. 다음 버전 번호를 적어 주세요."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def clean(self):
        super().clean()
        if self.kind == ConsentKind.THIRD_PARTY and not self.recipients.strip():
            raise ValidationError({"recipients": _("제3자 제공 동의서에는 받는 자를 적어야 합니다.")})
        if self.kind != ConsentKind.THIRD_PARTY and self.recipients.strip():
            raise ValidationError({"recipients": _("받는 자는 제3자 제공 동의서에만 적습니다.")})


class Consent(models.Model):
    """That a person agreed to one consent text, and when they withdrew.

    On 탈퇴 the row stays with ``user`` emptied: the record that consent was given is kept, anonymised.
    """

    user = models.ForeignKey(
        User, verbose_name=_("회원"), on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    text = models.ForeignKey(ConsentText, verbose_name=_("동의서"), on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(_("동의일시"))
    withdrawn_at = models.DateTimeField(_("철회일시"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("개인정보 동의")
        verbose_name_plural = _("개인정보 동의")
        indexes = [models.Index(fields=["user", "text"], name="accounts_consent_user_text_idx")]

    def __str__(self) -> str:
        return f"{self.text} · {self.given_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Profile(models.Model):
    """내 정보: eligibility facts a citizen chose to keep, to be told of policies that fit them."""

    user = models.OneToOneField(User, verbose_name=_("회원"), on_delete=models.CASCADE, related_name="profile")
    # The JSON of ``anshim.eligibility.clean_facts`` (``Facts.as_dict``), never raw form input.
    facts = models.JSONField(_("조건"), default=dict, blank=True)
    notify_new_policies = models.BooleanField(_("새 지원제도 알림 받기"), default=False)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("내 정보")
        verbose_name_plural = _("내 정보")

    def __str__(self) -> str:
        return f"{self.user} · {self.updated_at:%Y-%m-%d}"
