"""1인가구 안전 도어지킴이: rounds, district quotas, applications, installations, subscriptions.

A ``Round`` holds everything the city sets for one year as data — eligibility (a rule of
``anshim.eligibility``), prices, shares, fees, budget, the city-wide quota and the selection
defaults — so a new year needs no code change. ``DistrictQuota`` is one district's share and
selection method; its ``filled`` counter is only changed under a row lock and a check constraint
keeps it within ``quota``. An ``Application`` moves through ``ApplicationStatus`` (see
``services.TRANSITIONS``); every move writes an ``ApplicationEvent``. A place is held from
selection until the household's subscription ends. Monthly settlement figures are computed from
``Subscription`` rows (``settlement.py``); ``Settlement`` stores a district's confirmed month.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anshim.doorguard import selection, settlement


class SelectionMethod(models.TextChoices):
    FIRST_COME = selection.FIRST_COME, _("선착순")
    COMMITTEE = selection.COMMITTEE, _("선정심의")


class Round(models.Model):
    """One year's programme (차수) as the city sets it."""

    year = models.PositiveSmallIntegerField(_("연도"))
    name = models.CharField(_("차수 이름"), max_length=100)
    policy = models.ForeignKey(
        "catalog.Policy",
        verbose_name=_("관련 지원제도"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doorguard_rounds",
    )
    partner = models.ForeignKey(
        "accounts.Partner",
        verbose_name=_("협약 보안업체"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="doorguard_rounds",
    )
    rule = models.JSONField(_("신청 자격(규칙)"), help_text=_("anshim.eligibility 규칙 JSON (all/any/not)"))
    default_method = models.CharField(
        _("기본 선정 방식"), max_length=12, choices=SelectionMethod.choices, default=SelectionMethod.FIRST_COME
    )
    priority_weights = models.JSONField(_("우선순위 가중치"), default=dict, blank=True)
    monthly_price = models.PositiveIntegerField(_("월 이용료(협약가)"), default=settlement.MONTHLY_PRICE)
    market_price = models.PositiveIntegerField(_("시중가"), default=18_750)
    city_share = models.PositiveIntegerField(_("시 보조금(월)"), default=settlement.CITY_SHARE)
    resident_share = models.PositiveIntegerField(_("자부담(월)"), default=settlement.RESIDENT_SHARE)
    subsidy_months = models.PositiveSmallIntegerField(_("보조 개월 수"), default=settlement.SUBSIDY_MONTHS)
    term_months = models.PositiveSmallIntegerField(_("약정 개월 수"), default=settlement.TERM_MONTHS)
    # The seed says only "주소이전, 중도취소 시 별도비용": the amounts come from the agreement, entered per round.
    early_cancel_fee = models.PositiveIntegerField(_("중도해지 비용"), default=0)
    move_fee = models.PositiveIntegerField(_("주소이전 비용"), default=0)
    budget = models.PositiveBigIntegerField(_("예산"), default=settlement.BUDGET)
    city_quota = models.PositiveIntegerField(_("전체 지원 가구 수"), default=3_000)
    opens_on = models.DateField(_("신청 시작일"))
    closes_on = models.DateField(_("신청 마감일"))
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("도어지킴이 사업 차수")
        verbose_name_plural = _("도어지킴이 사업 차수")
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="doorguard_round_unique_name"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="doorguard_round_period_order"
            ),
            models.CheckConstraint(
                condition=Q(monthly_price=models.F("city_share") + models.F("resident_share")),
                name="doorguard_round_shares_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def clean(self):
        super().clean()
        from anshim.eligibility.rules import RuleError, as_rule

        errors = {}
        try:
            as_rule(self.rule)
        except RuleError as exc:
            errors["rule"] = [str(issue) for issue in exc.issues]
        try:
            selection.clean_weights(self.priority_weights or {})
        except selection.SelectionError as exc:
            errors["priority_weights"] = str(exc)
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("신청 마감일은 시작일 이후여야 합니다.")
        if self.monthly_price != (self.city_share or 0) + (self.resident_share or 0):
            errors["resident_share"] = _("시 보조금과 자부담의 합이 월 이용료와 같아야 합니다.")
        if self.subsidy_months and self.term_months and self.subsidy_months > self.term_months:
            errors["subsidy_months"] = _("보조 개월 수는 약정 개월 수보다 길 수 없습니다.")
        if errors:
            raise ValidationError(errors)


class DistrictQuota(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("차수"), on_delete=models.CASCADE, related_name="quotas")
    district = models.ForeignKey("geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField(_("정원"))
    # Places held (selected, installing, installed): changed only with this row locked (services).
    filled = models.PositiveIntegerField(_("선정 인원"), default=0)
    method = models.CharField(_("선정 방식"), max_length=12, choices=SelectionMethod.choices)
    priority_weights = models.JSONField(
        _("우선순위 가중치"), default=dict, blank=True, help_text=_("비우면 차수의 가중치를 씁니다.")
    )

    class Meta:
        ordering = ["round", "district__code"]
        verbose_name = _("자치구 정원")
        verbose_name_plural = _("자치구 정원")
        constraints = [
            models.UniqueConstraint(fields=["round", "district"], name="doorguard_quota_one_per_district"),
            models.CheckConstraint(condition=Q(filled__lte=models.F("quota")), name="doorguard_quota_not_exceeded"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.district} ({self.filled}/{self.quota})"

    @property
    def places_left(self) -> int:
        return max(self.quota - self.filled, 0)

    def weights(self) -> dict[str, float]:
        return selection.clean_weights(self.priority_weights or self.round.priority_weights or {})


class Channel(models.TextChoices):
    ONLINE = "ONLINE", _("온라인")
    PAPER = "PAPER", _("방문(서면)")
    PHONE = "PHONE", _("전화")


class HousingType(models.TextChoices):
    APARTMENT = "APARTMENT", _("아파트")
    VILLA = "VILLA", _("연립·다세대(빌라)")
    DETACHED = "DETACHED", _("단독·다가구")
    OFFICETEL = "OFFICETEL", _("오피스텔")
    GOSIWON = "GOSIWON", _("고시원·쪽방")
    BASEMENT = "BASEMENT", _("반지하")
    ROOFTOP = "ROOFTOP", _("옥탑방")
    OTHER = "OTHER", _("기타")


class Sex(models.TextChoices):
    F = "F", _("여성")
    M = "M", _("남성")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("접수")
    REVIEWING = "REVIEWING", _("검토 중")
    WAITLISTED = "WAITLISTED", _("대기")
    SELECTED = "SELECTED", _("선정")
    REJECTED = "REJECTED", _("미선정")
    SCHEDULED = "SCHEDULED", _("설치 예약")
    INSTALL_FAILED = "INSTALL_FAILED", _("설치 실패")
    INSTALLED = "INSTALLED", _("설치 완료(이용 중)")
    CANCELLED = "CANCELLED", _("취소")
    ENDED = "ENDED", _("이용 종료")


S = ApplicationStatus
# A person or an address may have one application in these states at a time (across rounds).
ACTIVE_STATUSES = (S.SUBMITTED, S.REVIEWING, S.WAITLISTED, S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED, S.INSTALLED)
# These hold one of the district's places (DistrictQuota.filled).
PLACE_STATUSES = (S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED, S.INSTALLED)
PENDING_STATUSES = (S.SUBMITTED, S.REVIEWING)
# What the security company may see: households selected for it, from selection on.
PARTNER_STATUSES = (*PLACE_STATUSES, S.ENDED)


class Application(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("차수"), on_delete=models.PROTECT, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청 회원"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doorguard_applications",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("대리 입력 담당자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("접수 경로"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    name = models.CharField(_("이름"), max_length=50)
    phone = models.CharField(_("휴대전화"), max_length=20)
    birth_date = models.DateField(_("생년월일"))
    sex = models.CharField(_("성별"), max_length=1, choices=Sex.choices, blank=True)
    person_key = models.CharField(_("본인 확인 키"), max_length=80, editable=False)
    address = models.CharField(_("주소"), max_length=200)
    address_key = models.CharField(_("주소 비교 키"), max_length=200, editable=False)
    district = models.ForeignKey(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="doorguard_applications"
    )
    housing_type = models.CharField(_("주택 유형"), max_length=12, choices=HousingType.choices)
    high_risk_area = models.BooleanField(_("범죄 취약지역"), default=False)
    # Clean eligibility facts (anshim.eligibility Facts.as_dict) the verdict was reached on.
    facts = models.JSONField(_("자격 조건"), default=dict)
    eligibility = models.JSONField(_("자격 판정"), default=dict, blank=True)
    status = models.CharField(_("상태"), max_length=16, choices=ApplicationStatus.choices, db_index=True)
    committee_score = models.DecimalField(_("선정심의 점수"), max_digits=5, decimal_places=2, null=True, blank=True)
    score = models.FloatField(_("우선순위 점수"), null=True, blank=True)
    waitlist_position = models.PositiveIntegerField(_("대기 순번"), null=True, blank=True)
    partner = models.ForeignKey(
        "accounts.Partner",
        verbose_name=_("보안업체"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="doorguard_applications",
    )
    consents = models.ManyToManyField("accounts.Consent", verbose_name=_("개인정보 동의"), blank=True, related_name="+")
    paper_consent_on = models.DateField(_("서면 동의일"), null=True, blank=True)
    reason = models.CharField(_("처리 사유"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("신청일시"), db_index=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("도어지킴이 신청")
        verbose_name_plural = _("도어지킴이 신청")
        indexes = [
            models.Index(fields=["round", "district", "status", "submitted_at"], name="doorguard_app_queue_idx"),
            models.Index(fields=["partner", "status"], name="doorguard_app_partner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_key"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="doorguard_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["address_key"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="doorguard_one_active_per_address",
            ),
            models.UniqueConstraint(
                fields=["round", "district", "waitlist_position"],
                condition=Q(status=S.WAITLISTED),
                name="doorguard_one_waitlist_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.district} · {self.get_status_display()}"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_STATUSES


class ApplicationEvent(models.Model):
    """이력: one transition, who made it, when and why."""

    application = models.ForeignKey(
        Application, verbose_name=_("신청"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("이전 상태"), max_length=16, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("바뀐 상태"), max_length=16, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("처리자"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.CharField(_("사유"), max_length=500, blank=True)
    at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("도어지킴이 처리 이력")
        verbose_name_plural = _("도어지킴이 처리 이력")

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '-'} → {self.get_to_status_display()}"


class InstallationStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("방문 예약")
    INSTALLED = "INSTALLED", _("설치 완료")
    FAILED = "FAILED", _("설치 실패")
    CANCELLED = "CANCELLED", _("예약 취소")


class Installation(models.Model):
    """One visit the security company books; a failed or moved visit is followed by a new row."""

    application = models.ForeignKey(
        Application, verbose_name=_("신청"), on_delete=models.PROTECT, related_name="installations"
    )
    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("보안업체"), on_delete=models.PROTECT, related_name="doorguard_installations"
    )
    status = models.CharField(_("상태"), max_length=10, choices=InstallationStatus.choices)
    scheduled_for = models.DateTimeField(_("방문 예정일시"))
    installed_at = models.DateTimeField(_("설치일시"), null=True, blank=True)
    failure_reason = models.CharField(_("실패 사유"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기록자"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "pk"]
        verbose_name = _("설치")
        verbose_name_plural = _("설치")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["SCHEDULED", "INSTALLED"]),
                name="doorguard_one_open_installation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"

    @property
    def district_id(self):
        return self.application.district_id


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("이용 중")
    CANCELLED = "CANCELLED", _("중도해지")
    MOVED = "MOVED", _("주소이전 해지")
    ENDED = "ENDED", _("약정 종료")


class Subscription(models.Model):
    """The household's service from installation, on the round's terms as they were at its start."""

    application = models.OneToOneField(
        Application, verbose_name=_("신청"), on_delete=models.PROTECT, related_name="subscription"
    )
    district = models.ForeignKey("geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("보안업체"), on_delete=models.PROTECT, related_name="doorguard_subscriptions"
    )
    person_key = models.CharField(_("본인 확인 키"), max_length=80, editable=False)
    address_key = models.CharField(_("주소 비교 키"), max_length=200, editable=False)
    status = models.CharField(_("상태"), max_length=10, choices=SubscriptionStatus.choices, default="ACTIVE")
    start_date = models.DateField(_("이용 시작일"))
    term_end = models.DateField(_("약정 종료일"))
    ended_on = models.DateField(_("이용 마지막 날"), null=True, blank=True)
    monthly_price = models.PositiveIntegerField(_("월 이용료"))
    city_share = models.PositiveIntegerField(_("시 보조금(월)"))
    resident_share = models.PositiveIntegerField(_("자부담(월)"))
    subsidy_months = models.PositiveSmallIntegerField(_("보조 개월 수"))
    fee = models.PositiveIntegerField(_("해지·이전 비용"), default=0)
    end_reason = models.CharField(_("종료 사유"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("도어지킴이 이용")
        verbose_name_plural = _("도어지킴이 이용")
        constraints = [
            models.UniqueConstraint(
                fields=["person_key"], condition=Q(status="ACTIVE"), name="doorguard_one_active_sub_per_person"
            ),
            models.UniqueConstraint(
                fields=["address_key"], condition=Q(status="ACTIVE"), name="doorguard_one_active_sub_per_address"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_date")),
                name="doorguard_sub_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"

    @property
    def last_day(self):
        return self.ended_on or self.term_end

    def terms(self) -> settlement.SubscriptionTerms:
        return settlement.SubscriptionTerms(
            id=self.pk,
            district=self.district_id,
            start=self.start_date,
            last_day=self.last_day,
            monthly_price=self.monthly_price,
            city_share=self.city_share,
            subsidy_months=self.subsidy_months,
            fee=self.fee,
        )


class Settlement(models.Model):
    """정산 확정: a district's figures for one month as confirmed and sent to the city (frozen)."""

    round = models.ForeignKey(Round, verbose_name=_("차수"), on_delete=models.PROTECT, related_name="settlements")
    district = models.ForeignKey("geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("정산월"), help_text=_("그 달의 1일"))
    active_subscriptions = models.PositiveIntegerField(_("이용 가구"))
    subsidised_subscriptions = models.PositiveIntegerField(_("보조 대상 가구"))
    billed = models.PositiveBigIntegerField(_("이용료 합계"))
    subsidy = models.PositiveBigIntegerField(_("보조금"))
    resident_share = models.PositiveBigIntegerField(_("자부담 합계"))
    fees = models.PositiveBigIntegerField(_("해지·이전 비용"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("확정자"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("확정일시"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "district__code"]
        verbose_name = _("도어지킴이 월 정산")
        verbose_name_plural = _("도어지킴이 월 정산")
        constraints = [
            models.UniqueConstraint(fields=["round", "district", "month"], name="doorguard_one_settlement_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.district} · {self.month:%Y-%m}"
