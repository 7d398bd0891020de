"""병원 안심동행: rule versions, 이용자, companions, bookings and their history, assignments, service records.

A booking's status changes only through ``services`` (one transition table); every change leaves
a ``BookingEvent``. An active ``Assignment`` holds a companion for one booking; ``services.assign``
locks the companion row before checking the companion's other jobs, so a companion is never booked
twice, on SQLite and PostgreSQL alike.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anshim.companion import photos
from anshim.companion import rules as booking_rules


class RuleSet(models.Model):
    """One dated version of the rules the city publishes; the version in force on the service date decides."""

    name = models.CharField(_("이름"), max_length=100)
    effective_from = models.DateField(_("시행일"), unique=True)
    weekday_open = models.TimeField(_("평일 시작"), default=datetime.time(7))
    weekday_close = models.TimeField(_("평일 종료"), default=datetime.time(20))
    weekend_open = models.TimeField(_("주말 시작"), default=datetime.time(7))
    weekend_close = models.TimeField(_("주말 종료"), default=datetime.time(20))
    weekend_same_day = models.BooleanField(_("주말 당일 예약 허용"), default=True)
    max_days_ahead = models.PositiveSmallIntegerField(_("최대 사전 예약 일수"), default=7)
    same_day_within_minutes = models.PositiveSmallIntegerField(
        _("당일 예약 출발 제한(분)"), null=True, blank=True, help_text=_("비우면 당일 운영시간 안 언제든")
    )
    lives_alone_required = models.BooleanField(_("1인가구만 이용"), default=False)
    excluded_care = models.JSONField(_("제외 대상 유사 돌봄"), default=list, blank=True)
    base_minutes = models.PositiveSmallIntegerField(_("기본 시간(분)"), default=60)
    base_fee = models.PositiveIntegerField(_("기본 요금(원)"), default=5000)
    step_minutes = models.PositiveSmallIntegerField(_("추가 단위(분)"), default=60)
    step_fee = models.PositiveIntegerField(_("추가 단위 요금(원)"), default=5000)
    free_income_percent = models.PositiveSmallIntegerField(
        _("무료 기준(기준 중위소득 %)"), null=True, blank=True, help_text=_("비우면 무료 이용 없음")
    )
    free_uses_per_year = models.PositiveSmallIntegerField(_("연간 무료 이용 횟수"), default=0)
    max_uses_year = models.PositiveSmallIntegerField(_("연간 이용 한도(회)"), null=True, blank=True)
    max_uses_month = models.PositiveSmallIntegerField(_("월간 이용 한도(회)"), null=True, blank=True)
    max_hours_year = models.PositiveSmallIntegerField(_("연간 이용 시간 한도(시간)"), null=True, blank=True)
    late_cancel_hours = models.PositiveSmallIntegerField(
        _("당일 취소 기준(출발 몇 시간 전)"), null=True, blank=True, help_text=_("비우면 취소 수수료 없음")
    )
    late_cancel_fee = models.PositiveIntegerField(_("당일·현장 취소 수수료(원)"), default=0)
    bar_after_on_site = models.PositiveSmallIntegerField(_("이용 제한: 현장 취소 횟수"), null=True, blank=True)
    bar_after_same_day = models.PositiveSmallIntegerField(_("이용 제한: 당일 취소 횟수"), null=True, blank=True)
    bar_months = models.PositiveSmallIntegerField(_("이용 제한 기간(개월)"), default=1)
    annual_budget = models.PositiveBigIntegerField(_("연간 예산(원)"), default=342_000_000)
    cost_per_hour = models.PositiveIntegerField(
        _("서비스 1시간당 운영비(원)"),
        default=20_000,
        help_text=_("정산에서 시가 부담하는 비용 = 시간 × 단가 − 이용료"),
    )
    notes = models.TextField(_("근거·비고"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("안심동행 운영 기준")
        verbose_name_plural = _("안심동행 운영 기준")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d}~)"

    def as_rule(self) -> booking_rules.RuleVersion:
        return booking_rules.RuleVersion(
            name=self.name,
            effective_from=self.effective_from,
            weekday_open=self.weekday_open,
            weekday_close=self.weekday_close,
            weekend_open=self.weekend_open,
            weekend_close=self.weekend_close,
            weekend_same_day=self.weekend_same_day,
            max_days_ahead=self.max_days_ahead,
            same_day_within_minutes=self.same_day_within_minutes,
            lives_alone_required=self.lives_alone_required,
            excluded_care=tuple(self.excluded_care or ()),
            base_minutes=self.base_minutes,
            base_fee=self.base_fee,
            step_minutes=self.step_minutes,
            step_fee=self.step_fee,
            free_income_percent=self.free_income_percent,
            free_uses_per_year=self.free_uses_per_year,
            max_uses_year=self.max_uses_year,
            max_uses_month=self.max_uses_month,
            max_minutes_year=self.max_hours_year * 60 if self.max_hours_year is not None else None,
            late_cancel_hours=self.late_cancel_hours,
            late_cancel_fee=self.late_cancel_fee,
            bar_after_on_site=self.bar_after_on_site,
            bar_after_same_day=self.bar_after_same_day,
            bar_months=self.bar_months,
        )


class AgencyArea(models.Model):
    """Which operating agency (협력기관, 동행 서비스) serves a district's bookings."""

    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("운영기관"), on_delete=models.PROTECT, related_name="companion_areas"
    )
    district = models.OneToOneField(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="companion_area"
    )

    class Meta:
        ordering = ["district"]
        verbose_name = _("운영기관 담당 자치구")
        verbose_name_plural = _("운영기관 담당 자치구")

    def __str__(self) -> str:
        return f"{self.district} · {self.partner}"


class Client(models.Model):
    """이용자: the person accompanied; limits, free uses and bars count per client.

    A resident booking online is linked to their account; a phone request creates or reuses a client
    by name and phone.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("회원"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companion_client",
    )
    name = models.CharField(_("이름"), max_length=50)
    phone = models.CharField(_("휴대전화"), max_length=20, db_index=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("이용자")
        verbose_name_plural = _("이용자")

    def __str__(self) -> str:
        return f"이용자 #{self.pk}"


class IncomeCheck(models.Model):
    """Staff's check of a client's income proof against 기준 중위소득, for free uses in one year."""

    client = models.ForeignKey(Client, verbose_name=_("이용자"), on_delete=models.CASCADE, related_name="income_checks")
    year = models.PositiveSmallIntegerField(_("적용 연도"))
    household_size = models.PositiveSmallIntegerField(_("가구원 수"))
    monthly_income = models.PositiveIntegerField(_("월 소득인정액(원)"))
    share_percent = models.DecimalField(_("기준 중위소득 대비(%)"), max_digits=6, decimal_places=1)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("확인자"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("확인일시"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-checked_at"]
        verbose_name = _("소득 확인")
        verbose_name_plural = _("소득 확인")

    def __str__(self) -> str:
        return f"{self.client} · {self.year}"


class Skill(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("휠체어 이동 지원")
    SIGN_LANGUAGE = "sign_language", _("수어")
    ENGLISH = "lang:en", _("영어")
    CHINESE = "lang:zh", _("중국어")
    VIETNAMESE = "lang:vi", _("베트남어")


class Companion(models.Model):
    """동행매니저: a companion working for an operating agency."""

    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("운영기관"), on_delete=models.PROTECT, related_name="companions"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("로그인 계정"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companion",
    )
    name = models.CharField(_("이름"), max_length=50)
    qualification = models.CharField(_("자격"), max_length=200, blank=True)
    # Shown to the person accompanied (the card link in the 알림톡) so they know who comes to the door.
    photo = models.ImageField(
        _("사진"), upload_to=photos.photo_path, storage=photos.photo_storage, blank=True, max_length=200
    )
    skills = models.JSONField(_("가능 지원"), default=list, blank=True)
    shift_start = models.TimeField(_("근무 시작"), default=datetime.time(9))
    shift_end = models.TimeField(_("근무 종료"), default=datetime.time(18))
    home_lat = models.FloatField(_("거점 위도"))
    home_lon = models.FloatField(_("거점 경도"))
    current_lat = models.FloatField(_("현재 위도"), null=True, blank=True)
    current_lon = models.FloatField(_("현재 경도"), null=True, blank=True)
    located_at = models.DateTimeField(_("위치 갱신"), null=True, blank=True)
    active = models.BooleanField(_("근무 중"), default=True)

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("동행매니저")
        verbose_name_plural = _("동행매니저")

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("접수")
    ASSIGNED = "ASSIGNED", _("배정")
    DEPARTED = "DEPARTED", _("출발")
    ACCOMPANYING = "ACCOMPANYING", _("동행 중")
    COMPLETED = "COMPLETED", _("귀가 완료")
    CANCELLED = "CANCELLED", _("취소")


class BookingChannel(models.TextChoices):
    ONLINE = "ONLINE", _("온라인")
    PHONE = "PHONE", _("전화(콜센터)")


class CancelKind(models.TextChoices):
    NONE = "", _("무료 취소")
    SAME_DAY = booking_rules.SAME_DAY, _("당일 취소")
    ON_SITE = booking_rules.ON_SITE, _("현장 취소")


class Booking(models.Model):
    client = models.ForeignKey(Client, verbose_name=_("이용자"), on_delete=models.PROTECT, related_name="bookings")
    partner = models.ForeignKey(
        "accounts.Partner", verbose_name=_("운영기관"), on_delete=models.PROTECT, related_name="companion_bookings"
    )
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("적용 기준"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("접수 경로"), max_length=10, choices=BookingChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("접수자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pickup_address = models.CharField(_("출발지(집) 주소"), max_length=200)
    pickup_lat = models.FloatField(_("출발지 위도"))
    pickup_lon = models.FloatField(_("출발지 경도"))
    district = models.ForeignKey(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="companion_bookings"
    )
    hospital_name = models.CharField(_("병원"), max_length=100)
    hospital_address = models.CharField(_("병원 주소"), max_length=200, blank=True)
    appointment_at = models.DateTimeField(_("진료 예약 시각"))
    pickup_at = models.DateTimeField(_("출발(만남) 시각"), db_index=True)
    expected_minutes = models.PositiveSmallIntegerField(_("예상 이용 시간(분)"), default=180)
    needs = models.JSONField(_("필요한 지원"), default=list, blank=True)
    contact_name = models.CharField(_("연락받을 사람"), max_length=50)
    contact_phone = models.CharField(_("연락처"), max_length=20)
    notes = models.TextField(_("요청 사항"), blank=True)
    status = models.CharField(
        _("상태"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.RECEIVED, db_index=True
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("취소한 사람"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("취소일시"), null=True, blank=True)
    cancel_reason = models.CharField(_("취소 사유"), max_length=500, blank=True)
    cancel_kind = models.CharField(_("취소 구분"), max_length=10, choices=CancelKind.choices, blank=True)
    cancel_fee = models.PositiveIntegerField(_("취소 수수료(원)"), default=0)
    created_at = models.DateTimeField(_("접수일시"), auto_now_add=True)

    class Meta:
        ordering = ["pickup_at", "pk"]
        verbose_name = _("동행 예약")
        verbose_name_plural = _("동행 예약")

    def __str__(self) -> str:
        # No name here: lists and logs show this, and a name is shown only masked or through a logged unmasking.
        return f"#{self.pk} · {self.hospital_name} · {timezone.localtime(self.pickup_at):%Y-%m-%d %H:%M}"

    @property
    def expected_end(self) -> datetime.datetime:
        return self.pickup_at + datetime.timedelta(minutes=self.expected_minutes)


class BookingEvent(models.Model):
    booking = models.ForeignKey(Booking, verbose_name=_("예약"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("이전 상태"), max_length=20, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(_("바뀐 상태"), max_length=20, choices=BookingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("사유"), max_length=500, blank=True)
    at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("예약 이력")
        verbose_name_plural = _("예약 이력")

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.from_status or '-'} → {self.to_status}"


class Assignment(models.Model):
    """A companion holding a booking; released (``active`` off) on override or cancellation, never deleted."""

    booking = models.ForeignKey(Booking, verbose_name=_("예약"), on_delete=models.CASCADE, related_name="assignments")
    companion = models.ForeignKey(
        Companion, verbose_name=_("동행매니저"), on_delete=models.PROTECT, related_name="assignments"
    )
    starts_at = models.DateTimeField(_("이동 시작"))
    ends_at = models.DateTimeField(_("종료 예정"))
    active = models.BooleanField(_("유효"), default=True)
    proposed = models.BooleanField(_("추천 배정"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("배정자"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("배정일시"), auto_now_add=True)
    released_at = models.DateTimeField(_("해제일시"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("배정")
        verbose_name_plural = _("배정")
        constraints = [
            models.UniqueConstraint(
                fields=["booking"], condition=models.Q(active=True), name="companion_one_active_assignment"
            )
        ]
        indexes = [models.Index(fields=["companion", "active", "starts_at"], name="companion_assign_busy_idx")]

    def __str__(self) -> str:
        return f"{self.companion} · {self.booking}"


class Task(models.TextChoices):
    RECEPTION = "reception", _("접수")
    PAYMENT = "payment", _("수납")
    CONSULTATION = "consultation", _("진료 동행")
    PHARMACY = "pharmacy", _("약국")
    ADMISSION = "admission", _("입원")
    DISCHARGE = "discharge", _("퇴원")


class ServiceRecord(models.Model):
    """The companion's record of one use; the fee is computed from it by ``services.record_service``."""

    booking = models.OneToOneField(Booking, verbose_name=_("예약"), on_delete=models.CASCADE, related_name="record")
    companion = models.ForeignKey(Companion, verbose_name=_("동행매니저"), on_delete=models.PROTECT, related_name="+")
    met_at = models.DateTimeField(_("만난 시각"))
    hospital_arrived_at = models.DateTimeField(_("병원 도착"), null=True, blank=True)
    returned_at = models.DateTimeField(_("귀가 시각"))
    minutes = models.PositiveIntegerField(_("이용 시간(분)"))
    tasks = models.JSONField(_("한 일"), default=list, blank=True)
    notes = models.TextField(_("특이 사항"), blank=True)
    fee = models.PositiveIntegerField(_("이용료(원)"))
    free = models.BooleanField(_("무료 이용"), default=False)
    fee_reason = models.CharField(_("이용료 산정"), max_length=200)
    receipt_number = models.CharField(_("영수증 번호"), max_length=30, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기록자"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        ordering = ["-met_at"]
        verbose_name = _("서비스 기록")
        verbose_name_plural = _("서비스 기록")

    def __str__(self) -> str:
        return f"{self.receipt_number} · {self.fee:,}원"
