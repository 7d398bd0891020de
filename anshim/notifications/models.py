"""Notifications to citizens (email, 문자, 카카오 알림톡) and the development outbox.

A notification row is written once with its rendered text and an idempotency key, then
delivered by a background task; its status moves QUEUED → SENDING → SENT (or FAILED),
and only the task that wins the QUEUED → SENDING update may talk to the provider.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "EMAIL", _("이메일")
    SMS = "SMS", _("문자")
    KAKAO = "KAKAO", _("카카오 알림톡")


class Status(models.TextChoices):
    QUEUED = "QUEUED", _("발송 대기")
    SENDING = "SENDING", _("발송 중")
    SENT = "SENT", _("발송 완료")
    FAILED = "FAILED", _("발송 실패")
    CANCELLED = "CANCELLED", _("발송 취소")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("받는 회원"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    # The full address is needed until delivery (retries included); lists show only `to_masked`.
    to = models.CharField(_("받는 주소"), max_length=254)
    to_masked = models.CharField(_("받는 주소(가림)"), max_length=254)
    channel = models.CharField(_("채널"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("템플릿"), max_length=60)
    context = models.JSONField(_("템플릿 값"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    subject = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"))
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)
    last_error = models.TextField(_("마지막 오류"), blank=True)
    idempotency_key = models.CharField(_("중복 방지 키"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("생성일시"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("다음 시도 일시"), null=True, blank=True)
    sent_at = models.DateTimeField(_("발송일시"), null=True, blank=True)
    provider_message_id = models.CharField(_("발송사 메시지 ID"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["status", "-created_at"], name="notification_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.to_masked} · {self.subject}"


class OutboxMessage(models.Model):
    """What the development backend "sent" instead of calling a provider."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("알림"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    channel = models.CharField(_("채널"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("받는 주소"), max_length=254)
    sender = models.CharField(_("보내는 곳"), max_length=100, blank=True)
    subject = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"))
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("개발용 발송함")
        verbose_name_plural = _("개발용 발송함")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"
