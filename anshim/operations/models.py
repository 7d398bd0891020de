"""사각지대 (gap) data: runs of the eligibility engine over the synthetic population, and uptake.

A run is immutable once stored; the pages read the newest finished one. Uptake is kept apart from
runs (per policy, district, year and source) so a recount never loses imported figures.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GapRunStatus(models.TextChoices):
    DONE = "DONE", _("완료")
    FAILED = "FAILED", _("실패")


class GapRun(models.Model):
    """One evaluation of every published rule over the synthetic population of one reference date."""

    reference_date = models.DateField(_("기준일"))
    population_size = models.PositiveIntegerField(_("가상 인구(가구 수)"))
    seed = models.BigIntegerField(_("난수 시드"))
    started_at = models.DateTimeField(_("시작 시각"))
    finished_at = models.DateTimeField(_("종료 시각"))
    duration_ms = models.PositiveIntegerField(_("걸린 시간(밀리초)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("실행한 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("상태"), max_length=10, choices=GapRunStatus.choices)
    error = models.TextField(_("오류 내용"), blank=True)

    class Meta:
        ordering = ["-finished_at", "-pk"]
        verbose_name = _("사각지대 계산")
        verbose_name_plural = _("사각지대 계산")

    def __str__(self) -> str:
        return f"{self.reference_date} · {self.population_size:,}가구 ({self.get_status_display()})"


class GapCount(models.Model):
    """How many of one district's synthetic households one policy's rule finds eligible (or undecided)."""

    run = models.ForeignKey(GapRun, verbose_name=_("계산"), on_delete=models.CASCADE, related_name="counts")
    policy = models.ForeignKey(
        "catalog.Policy", verbose_name=_("지원제도"), on_delete=models.CASCADE, related_name="gap_counts"
    )
    district = models.ForeignKey(
        "geo.District",
        verbose_name=_("자치구"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gap_counts",
        help_text=_("비어 있으면 거주 자치구를 알 수 없는 가구입니다."),
    )
    eligible = models.PositiveIntegerField(_("대상자 수"))
    unknown = models.PositiveIntegerField(_("추가 확인 필요"))
    rule_version = models.PositiveIntegerField(_("규칙 버전"))

    class Meta:
        ordering = ["run", "policy", "district"]
        verbose_name = _("사각지대 집계")
        verbose_name_plural = _("사각지대 집계")
        constraints = [
            models.UniqueConstraint(fields=["run", "policy", "district"], name="gap_count_unique_cell"),
            # SQL treats NULLs as distinct, so the 거주지 미상 row needs its own rule.
            models.UniqueConstraint(
                fields=["run", "policy"], condition=models.Q(district__isnull=True), name="gap_count_unique_unplaced"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} · {self.district_id or '-'}: {self.eligible:,}"


class UptakeSource(models.TextChoices):
    PLATFORM = "PLATFORM", _("플랫폼 신청")
    IMPORTED = "IMPORTED", _("가져온 집계")


class Uptake(models.Model):
    """People who used a policy in one district and year, counted on the platform or imported from a file."""

    policy = models.ForeignKey(
        "catalog.Policy", verbose_name=_("지원제도"), on_delete=models.CASCADE, related_name="uptakes"
    )
    district = models.ForeignKey(
        "geo.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="uptakes"
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    count = models.PositiveIntegerField(_("이용자 수"))
    source = models.CharField(_("출처"), max_length=10, choices=UptakeSource.choices)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        ordering = ["-year", "policy", "district"]
        verbose_name = _("이용자 수")
        verbose_name_plural = _("이용자 수")
        constraints = [
            models.UniqueConstraint(fields=["policy", "district", "year", "source"], name="uptake_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} · {self.district_id} · {self.year}: {self.count:,}"
