"""Back office for notifications and the development outbox: both read-only.

Rows are written only by the services, so nobody edits what was sent. Addresses appear masked;
the only action is cancelling messages that have not left yet. Messages go to people of every
district, so only superusers and 서울시 담당자 see them.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from anshim.accounts.scoping import CityOnlyAdminMixin
from anshim.notifications import services
from anshim.notifications.masking import mask_address
from anshim.notifications.models import Notification, OutboxMessage, Status
from anshim.notifications.rendering import TEMPLATES


class ReadOnlyAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "channel",
        "template_label",
        "to_masked",
        "subject",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "template"]
    search_fields = ["subject", "idempotency_key", "provider_message_id"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    actions = ["cancel_queued"]
    fieldsets = [
        (_("받는 사람"), {"fields": ["recipient", "channel", "to_masked"]}),
        (_("내용"), {"fields": ["template_label", "subject", "body"]}),
        (
            _("발송"),
            {
                "fields": [
                    "status",
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "created_at",
                    "sent_at",
                    "provider_message_id",
                    "idempotency_key",
                ]
            },
        ),
    ]
    readonly_fields = [
        "recipient",
        "channel",
        "to_masked",
        "template_label",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "provider_message_id",
        "idempotency_key",
    ]

    @admin.display(description=_("템플릿"), ordering="template")
    def template_label(self, obj: Notification) -> str:
        template = TEMPLATES.get(obj.template)
        return str(template.label) if template else obj.template

    def has_cancel_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description=_("선택한 알림 중 발송 대기인 것 취소"), permissions=["cancel"])
    def cancel_queued(self, request, queryset):
        cancelled = sum(services.cancel(notification=n) for n in queryset.filter(status=Status.QUEUED))
        if cancelled:
            message = ngettext(
                "알림 %(count)d건의 발송을 취소했습니다.", "알림 %(count)d건의 발송을 취소했습니다.", cancelled
            )
            self.message_user(request, message % {"count": cancelled}, messages.SUCCESS)
        else:
            self.message_user(request, _("취소할 수 있는 발송 대기 알림이 없습니다."), messages.WARNING)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "masked_to", "subject"]
    list_filter = ["channel"]
    search_fields = ["subject", "body"]
    date_hierarchy = "created_at"
    fields = ["created_at", "channel", "sender", "masked_to", "subject", "body", "notification"]
    readonly_fields = fields

    @admin.display(description=_("받는 주소"))
    def masked_to(self, obj: OutboxMessage) -> str:
        return mask_address(obj.channel, obj.to) if obj.to else ""
