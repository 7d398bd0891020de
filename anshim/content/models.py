"""알림마당 (notices with attachments), 알쓸1잡 (tips by theme) and the FAQ."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anshim.content.validators import validate_attachment_content, validate_attachment_size


class Notice(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "NOTICE", _("공지")
        RECRUIT = "RECRUIT", _("모집")
        PRESS = "PRESS", _("보도")
        EVENT = "EVENT", _("행사")

    title = models.CharField(_("제목"), max_length=200)
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    body = models.TextField(_("내용"))
    author = models.CharField(_("작성 부서"), max_length=100, default="1인가구특별대책추진단")
    pinned = models.BooleanField(_("상단 고정"), default=False)
    published_at = models.DateTimeField(_("게시일"), default=timezone.now)
    is_published = models.BooleanField(_("게시"), default=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        ordering = ["-pinned", "-published_at"]
        verbose_name = _("공지사항")
        verbose_name_plural = _("공지사항")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:notice-detail", args=[self.pk])


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("파일"),
        upload_to="notices/%Y/",
        validators=[
            FileExtensionValidator(settings.ANSHIM_ATTACHMENT_EXTENSIONS, message=_("허용되지 않는 파일 형식입니다.")),
            validate_attachment_size,
            validate_attachment_content,
        ],
    )
    name = models.CharField(_("표시 이름"), max_length=200)

    class Meta:
        verbose_name = _("첨부파일")
        verbose_name_plural = _("첨부파일")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:notice-attachment", args=[self.notice_id, self.pk])


class Tip(models.Model):
    class Theme(models.TextChoices):
        SAFETY = "SAFETY", _("생활안전")
        HOUSING = "HOUSING", _("집·계약")
        FOOD = "FOOD", _("식생활")
        HEALTH = "HEALTH", _("건강")
        MONEY = "MONEY", _("돈 관리")
        HOUSEKEEPING = "HOUSEKEEPING", _("살림")
        MIND = "MIND", _("마음·관계")

    title = models.CharField(_("제목"), max_length=200)
    theme = models.CharField(_("주제"), max_length=12, choices=Theme.choices)
    summary = models.CharField(_("요약"), max_length=300)
    body = models.TextField(_("내용"))
    published_at = models.DateTimeField(_("게시일"), default=timezone.now)
    is_published = models.BooleanField(_("게시"), default=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("알쓸1잡")
        verbose_name_plural = _("알쓸1잡")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:tip-detail", args=[self.pk])


class Faq(models.Model):
    class Topic(models.TextChoices):
        PORTAL = "PORTAL", _("포털 이용")
        POLICY = "POLICY", _("지원제도")
        PROGRAM = "PROGRAM", _("참여프로그램")
        CENTER = "CENTER", _("지원센터")

    topic = models.CharField(_("분류"), max_length=10, choices=Topic.choices)
    question = models.CharField(_("질문"), max_length=300)
    answer = models.TextField(_("답변"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["topic", "order"]
        verbose_name = _("자주 묻는 질문")
        verbose_name_plural = _("자주 묻는 질문")

    def __str__(self) -> str:
        return self.question
