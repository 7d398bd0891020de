"""1인가구지원센터 (centres) and 참여프로그램 (programmes, events, counselling, groups).

A programme's status (모집예정 / 모집중 / 마감) is derived from its recruiting
dates and seats on the day asked, never stored, so it cannot go stale overnight.
Coordinates are WGS84 degrees; ``geo.boundaries`` checks they fall in the district.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anshim.catalog.choices import Category


class Center(models.Model):
    code = models.CharField(_("센터코드"), max_length=40, unique=True)
    name = models.CharField(_("센터명"), max_length=100)
    district = models.ForeignKey(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="centers"
    )
    address = models.CharField(_("주소"), max_length=200)
    latitude = models.FloatField(_("위도"))
    longitude = models.FloatField(_("경도"))
    phone = models.CharField(_("전화번호"), max_length=20)
    opening_hours = models.CharField(_("운영시간"), max_length=100, blank=True)
    url = models.URLField(_("누리집"), blank=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        ordering = ["district__code", "name"]
        verbose_name = _("1인가구지원센터")
        verbose_name_plural = _("1인가구지원센터")

    def __str__(self) -> str:
        return self.name


class ProgramKind(models.TextChoices):
    PROGRAM = "PROGRAM", _("프로그램")
    EVENT = "EVENT", _("행사")
    COUNSELING = "COUNSELING", _("상담")
    GROUP = "GROUP", _("소모임")


class ProgramStatus(models.TextChoices):
    UPCOMING = "UPCOMING", _("모집예정")
    OPEN = "OPEN", _("모집중")
    CLOSED = "CLOSED", _("마감")


class Program(models.Model):
    code = models.CharField(_("프로그램코드"), max_length=40, unique=True)
    title = models.CharField(_("프로그램명"), max_length=200)
    kind = models.CharField(_("유형"), max_length=12, choices=ProgramKind.choices)
    category = models.CharField(_("분야"), max_length=12, choices=Category.choices)
    district = models.ForeignKey(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="programs"
    )
    center = models.ForeignKey(
        Center, verbose_name=_("운영 센터"), null=True, blank=True, on_delete=models.SET_NULL, related_name="programs"
    )
    policy = models.ForeignKey(
        "catalog.Policy",
        verbose_name=_("관련 지원제도"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    summary = models.CharField(_("한 줄 소개"), max_length=300)
    description = models.TextField(_("상세 내용"))
    target = models.CharField(_("참여대상"), max_length=200)
    place = models.CharField(_("장소"), max_length=200)
    address = models.CharField(_("주소"), max_length=200)
    latitude = models.FloatField(_("위도"))
    longitude = models.FloatField(_("경도"))
    starts_on = models.DateField(_("운영 시작일"))
    ends_on = models.DateField(_("운영 종료일"))
    schedule = models.CharField(_("일정"), max_length=200)
    recruit_start = models.DateField(_("모집 시작일"))
    recruit_end = models.DateField(_("모집 마감일"))
    capacity = models.PositiveIntegerField(_("정원"))
    enrolled = models.PositiveIntegerField(_("신청 인원"), default=0)
    cancel_days_before = models.PositiveSmallIntegerField(
        _("취소 가능 기한"),
        default=1,
        help_text=_("시작일 N일 전까지 취소 가능 (0이면 시작일 당일까지)"),
    )
    fee = models.PositiveIntegerField(_("참가비(원)"), default=0)
    contact = models.CharField(_("문의처"), max_length=100, blank=True)
    is_published = models.BooleanField(_("게시"), default=True)
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        ordering = ["recruit_start", "title"]
        verbose_name = _("참여프로그램")
        verbose_name_plural = _("참여프로그램")
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="program_run_ordered"),
            models.CheckConstraint(
                condition=models.Q(recruit_start__lte=models.F("recruit_end")), name="program_recruit_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(enrolled__lte=models.F("capacity")), name="program_within_capacity"
            ),
        ]
        indexes = [
            models.Index(fields=["district", "category"]),
            models.Index(fields=["recruit_start", "recruit_end"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:program-detail", args=[self.pk])

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)

    def status_on(self, day: datetime.date | None = None) -> ProgramStatus:
        day = day or timezone.localdate()
        if day < self.recruit_start:
            return ProgramStatus.UPCOMING
        if day <= self.recruit_end and self.seats_left > 0:
            return ProgramStatus.OPEN
        return ProgramStatus.CLOSED

    @property
    def status(self) -> ProgramStatus:
        return self.status_on()

    @property
    def cancel_deadline(self) -> datetime.date:
        """The last day a participant may cancel their own sign-up (inclusive)."""
        return self.starts_on - datetime.timedelta(days=self.cancel_days_before)

    def recruiting_on(self, day: datetime.date | None = None) -> bool:
        """Sign-ups are taken (confirmed or waitlisted) inside the recruiting window of a published programme."""
        day = day or timezone.localdate()
        return self.is_published and self.recruit_start <= day <= self.recruit_end


class SignupStatus(models.TextChoices):
    CONFIRMED = "CONFIRMED", _("신청 확정")
    WAITLISTED = "WAITLISTED", _("대기")
    CANCELLED = "CANCELLED", _("취소")
    ATTENDED = "ATTENDED", _("참석")
    ABSENT = "ABSENT", _("불참")


# A person holds at most one of these per programme; CANCELLED rows stay for the record.
ACTIVE_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.ATTENDED, SignupStatus.ABSENT)
# Statuses that occupy a seat and are counted in ``Program.enrolled``.
SEAT_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.ATTENDED, SignupStatus.ABSENT)


class Signup(models.Model):
    """One person's 신청 for one programme.

    Name and phone are a snapshot taken at sign-up, so the centre's list stays as submitted
    even if the profile changes; on withdrawal they are blanked and ``user`` set to NULL,
    keeping the row for participation statistics. Seats are counted in ``Program.enrolled``
    (which also counts offline sign-ups), changed only by ``programs.services``.
    """

    program = models.ForeignKey(
        Program, verbose_name=_("참여프로그램"), on_delete=models.PROTECT, related_name="signups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("회원"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_signups",
    )
    name = models.CharField(_("이름"), max_length=50, blank=True)
    phone = models.CharField(_("휴대전화"), max_length=20, blank=True)
    status = models.CharField(_("상태"), max_length=12, choices=SignupStatus.choices)
    created_at = models.DateTimeField(_("신청일시"), default=timezone.now)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)
    attended_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("출석 기록자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended_marked_at = models.DateTimeField(_("출석 기록일시"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("참여프로그램 신청")
        verbose_name_plural = _("참여프로그램 신청")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="programs_signup_one_active_per_person",
            )
        ]
        indexes = [models.Index(fields=["program", "status", "created_at"], name="programs_signup_queue_idx")]

    def __str__(self) -> str:
        return f"{self.program} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def owner_can_cancel(self) -> bool:
        """Whether the person may still cancel it themselves today (until the programme's deadline)."""
        return (
            self.status in (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)
            and timezone.localdate() <= self.program.cancel_deadline
        )

    def waitlist_position(self) -> int | None:
        """1 for the first person waiting, in sign-up order (created_at, then id); None when not waiting."""
        if self.status != SignupStatus.WAITLISTED:
            return None
        ahead = Signup.objects.filter(program_id=self.program_id, status=SignupStatus.WAITLISTED).filter(
            models.Q(created_at__lt=self.created_at) | models.Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


class SignupEvent(models.Model):
    """History of a sign-up: who moved it from which status to which, when and why."""

    signup = models.ForeignKey(Signup, verbose_name=_("신청"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("이전 상태"), max_length=12, choices=SignupStatus.choices, blank=True)
    to_status = models.CharField(_("변경 상태"), max_length=12, choices=SignupStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("사유"), max_length=500, blank=True)
    at = models.DateTimeField(_("일시"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("신청 처리 이력")
        verbose_name_plural = _("신청 처리 이력")

    def __str__(self) -> str:
        return f"{self.signup_id}: {self.from_status or '-'} → {self.to_status}"
