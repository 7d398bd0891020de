"""지원제도 (policies) of the city and the 25 districts, and the search index.

A policy with no district is the city's (서울시) and applies everywhere; a
district's policy applies to its residents. Ages are an inclusive range with
open ends, so the overlapping age bands of the portal filter are range overlaps.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anshim.catalog.choices import Category, Sex


class Policy(models.Model):
    code = models.CharField(_("정책코드"), max_length=40, unique=True)
    title = models.CharField(_("정책명"), max_length=200)
    category = models.CharField(_("분야"), max_length=12, choices=Category.choices)
    district = models.ForeignKey(
        "geo.District",
        verbose_name=_("제공 자치구"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("비워 두면 서울시 사업입니다."),
    )
    department = models.CharField(_("담당부서"), max_length=100, blank=True)
    summary = models.CharField(_("한 줄 요약"), max_length=300)
    target = models.TextField(_("지원대상"))
    benefit = models.TextField(_("지원내용"))
    how_to_apply = models.TextField(_("신청방법"))
    where_to_apply = models.CharField(_("신청처"), max_length=200, blank=True)
    apply_start = models.DateField(_("신청 시작일"), null=True, blank=True)
    apply_end = models.DateField(_("신청 마감일"), null=True, blank=True)
    period_note = models.CharField(_("신청기간 안내"), max_length=200, blank=True)
    contact = models.CharField(_("문의처"), max_length=200, blank=True)
    url = models.URLField(_("관련 누리집"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("최소 연령"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("최대 연령"), null=True, blank=True)
    sex = models.CharField(_("성별"), max_length=3, choices=Sex.choices, default=Sex.ALL)
    featured = models.BooleanField(_("주요 정책"), default=False)
    is_published = models.BooleanField(_("게시"), default=True)
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        ordering = ["-featured", "title"]
        verbose_name = _("지원제도")
        verbose_name_plural = _("지원제도")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="policy_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(apply_start__isnull=True)
                | models.Q(apply_end__isnull=True)
                | models.Q(apply_start__lte=models.F("apply_end")),
                name="policy_apply_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["category", "district"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:policy-detail", args=[self.pk])

    @property
    def provider_name(self) -> str:
        return self.district.name if self.district_id else str(_("서울시"))

    @property
    def age_label(self) -> str:
        if self.min_age is None and self.max_age is None:
            return str(_("연령 무관"))
        if self.max_age is None:
            return _("만 %(age)s세 이상") % {"age": self.min_age}
        if self.min_age is None:
            return _("만 %(age)s세 이하") % {"age": self.max_age}
        return _("만 %(low)s~%(high)s세") % {"low": self.min_age, "high": self.max_age}


class SearchDocument(models.Model):
    """One searchable item (policy, programme, tip or notice) with its analysed terms.

    Terms are computed once, when the source is saved, so that queries never run
    the morphological analyser over stored text (see ``anshim.catalog.search``).
    """

    class Kind(models.TextChoices):
        POLICY = "policy", _("지원제도")
        PROGRAM = "program", _("참여프로그램")
        TIP = "tip", _("알쓸1잡")
        NOTICE = "notice", _("알림마당")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_source")]
        # Every search checks MAX(updated_at) to see whether its cached index is stale;
        # the index makes that a lookup instead of a scan of the whole table.
        indexes = [models.Index(fields=["updated_at"], name="search_document_updated")]
        verbose_name = _("검색 색인")
        verbose_name_plural = _("검색 색인")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class RuleStatus(models.TextChoices):
    DRAFT = "DRAFT", _("작성 중")
    PUBLISHED = "PUBLISHED", _("게시")
    RETIRED = "RETIRED", _("이전 버전")


class PolicyRule(models.Model):
    """One version of a policy's eligibility rule (the JSON language of ``anshim.eligibility``).

    Versions are never edited once published: a change is a new version, and every
    outcome names the version that decided it. At most one version per policy is published.
    """

    policy = models.ForeignKey(Policy, verbose_name=_("지원제도"), on_delete=models.CASCADE, related_name="rules")
    version = models.PositiveIntegerField(_("버전"))
    definition = models.JSONField(_("규칙(JSON)"))
    status = models.CharField(_("상태"), max_length=10, choices=RuleStatus.choices, default=RuleStatus.DRAFT)
    note = models.CharField(_("변경 사유"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("작성일"), auto_now_add=True)
    published_at = models.DateTimeField(_("게시일"), null=True, blank=True)

    class Meta:
        ordering = ["policy", "-version"]
        verbose_name = _("자격 규칙")
        verbose_name_plural = _("자격 규칙")
        constraints = [
            models.UniqueConstraint(fields=["policy", "version"], name="policy_rule_version_unique"),
            models.UniqueConstraint(
                fields=["policy"], condition=models.Q(status="PUBLISHED"), name="policy_rule_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.title} v{self.version} ({self.get_status_display()})"


class Expected(models.TextChoices):
    ELIGIBLE = "ELIGIBLE", _("대상")
    INELIGIBLE = "INELIGIBLE", _("비대상")
    UNKNOWN = "UNKNOWN", _("추가 확인 필요")


class RuleTestCase(models.Model):
    """A person's facts and the outcome the policy's rule must give them; all must pass to publish."""

    policy = models.ForeignKey(Policy, verbose_name=_("지원제도"), on_delete=models.CASCADE, related_name="rule_tests")
    name = models.CharField(_("사례 이름"), max_length=200)
    facts = models.JSONField(_("사실(JSON)"), default=dict)
    reference_date = models.DateField(_("기준일"))
    expected = models.CharField(_("기대 결과"), max_length=10, choices=Expected.choices)

    class Meta:
        ordering = ["policy", "name"]
        verbose_name = _("규칙 시험 사례")
        verbose_name_plural = _("규칙 시험 사례")

    def __str__(self) -> str:
        return self.name
