"""Back office for 알림마당 (notices and their attachments), 알쓸1잡 and the FAQ.

Attachment type and size are enforced by the model's validators, so the inline shows their
Korean message next to the file; the help text states the limits before anyone tries.
All three are the city's own content, written for every district at once, so only superusers
and 서울시 담당자 see or edit them here; district and centre staff have no notices of their own yet.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anshim.accounts.scoping import CityOnlyAdminMixin
from anshim.content.models import Faq, Notice, NoticeAttachment, Tip


class NoticeAttachmentForm(forms.ModelForm):
    class Meta:
        model = NoticeAttachment
        fields = ["file", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extensions = settings.ANSHIM_ATTACHMENT_EXTENSIONS
        self.fields["file"].help_text = _("허용 형식: %(types)s · 최대 %(size)s") % {
            "types": ", ".join(extensions),
            "size": filesizeformat(settings.ANSHIM_ATTACHMENT_MAX_BYTES),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)


class NoticeAttachmentInline(CityOnlyAdminMixin, admin.TabularInline):
    model = NoticeAttachment
    form = NoticeAttachmentForm
    extra = 1


@admin.register(Notice)
class NoticeAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "pinned", "published_at", "is_published"]
    list_filter = ["kind", "pinned", "is_published"]
    search_fields = ["title", "body", "author"]
    date_hierarchy = "published_at"
    readonly_fields = ["updated_at"]
    inlines = [NoticeAttachmentInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # A refused notice or attachment (wrong type, too large) is a client error: say so with 400.
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and context.get("errors"):
            response.status_code = 400
        return response

    fieldsets = [
        (gettext_lazy("공지"), {"fields": ["title", "kind", "author", "body"]}),
        (gettext_lazy("게시"), {"fields": ["pinned", "published_at", "is_published", "updated_at"]}),
    ]


@admin.register(Tip)
class TipAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "theme", "published_at", "is_published"]
    list_filter = ["theme", "is_published"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    readonly_fields = ["updated_at"]


@admin.register(Faq)
class FaqAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["question", "topic", "order"]
    list_editable = ["order"]
    list_filter = ["topic"]
    search_fields = ["question", "answer"]
