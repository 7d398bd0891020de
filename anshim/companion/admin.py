"""A basic, scoped back office for 병원 안심동행 until its own screens exist.

Rule versions and agency areas are the city's. Agency staff (coordinators) see only their agency's
companions, bookings, assignments and records; names and phones appear masked (unmasking is a
logged action that belongs to the screens). Statuses never change by editing a field — only through
the actions, which call the services (permission, companion lock, history, notification).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.scoping import CityOnlyAdminMixin, ScopedAdminMixin, sees_everything
from anshim.companion import photos, selectors, services
from anshim.companion.models import (
    AgencyArea,
    Assignment,
    Booking,
    BookingEvent,
    Companion,
    IncomeCheck,
    RuleSet,
    ServiceRecord,
)
from anshim.companion.permissions import coordinator_partner_ids


def _messages(exc) -> list[str]:
    return getattr(exc, "messages", None) or [str(exc)]


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgencyStaffMixin:
    """Coordinators use these pages without Django model permissions: their role and scope decide."""

    def _allowed(self, request) -> bool:
        return sees_everything(request.user) or bool(coordinator_partner_ids(request.user))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())


@admin.register(RuleSet)
class RuleSetAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "effective_from", "base_fee", "step_minutes", "step_fee", "max_uses_year", "max_uses_month"]
    fieldsets = [
        (None, {"fields": ["name", "effective_from", "notes"]}),
        (
            _("운영시간과 예약"),
            {
                "fields": [
                    ("weekday_open", "weekday_close"),
                    ("weekend_open", "weekend_close"),
                    "weekend_same_day",
                    "max_days_ahead",
                    "same_day_within_minutes",
                ]
            },
        ),
        (_("이용 대상"), {"fields": ["lives_alone_required", "excluded_care"]}),
        (
            _("이용료와 한도"),
            {
                "fields": [
                    ("base_minutes", "base_fee"),
                    ("step_minutes", "step_fee"),
                    ("free_income_percent", "free_uses_per_year"),
                    ("max_uses_year", "max_uses_month", "max_hours_year"),
                ]
            },
        ),
        (
            _("취소와 이용 제한"),
            {
                "fields": [
                    "late_cancel_hours",
                    "late_cancel_fee",
                    "bar_after_on_site",
                    "bar_after_same_day",
                    "bar_months",
                ]
            },
        ),
        (_("예산"), {"fields": ["annual_budget", "cost_per_hour"]}),
    ]


@admin.register(AgencyArea)
class AgencyAreaAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["district", "partner"]


class PhotoInput(forms.ClearableFileInput):
    """The upload box without a link to the stored file: the photo has no public address."""

    template_name = "companion/admin/photo_input.html"

    def is_initial(self, value):
        return bool(value)


class CompanionForm(forms.ModelForm):
    # A plain file field: ``photos.clean_upload`` does the checking, with its own Korean messages.
    photo = forms.FileField(
        label=_("사진"),
        required=False,
        widget=PhotoInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("JPEG 또는 PNG, 5MB 이하. 긴 쪽 480px로 줄이고 촬영 위치 등 사진 속 정보(EXIF)는 지웁니다."),
    )

    class Meta:
        model = Companion
        fields = ["photo"]  # the admin adds the rest of the change page's fields

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if isinstance(upload, UploadedFile):
            return photos.clean_upload(upload)
        return upload


@admin.register(Companion)
class CompanionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_district = None
    scope_center = None
    scope_partner = "partner"
    form = CompanionForm
    list_display = ["name", "partner", "qualification", "shift_start", "shift_end", "active"]
    list_filter = ["active", "partner"]
    search_fields = ["name"]
    readonly_fields = ["photo_preview"]

    class Media:
        css = {"all": ["companion/companion.css"]}

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "photo_preview"]
        at = fields.index("photo") + 1 if "photo" in fields else len(fields)
        return [*fields[:at], "photo_preview", *fields[at:]]

    @admin.display(description=_("사진 미리보기"))
    def photo_preview(self, obj):
        if obj is None or not obj.pk or not obj.photo:
            return gettext("등록된 사진이 없습니다")
        url = reverse("admin:companion_companion_photo", args=[obj.pk])
        return format_html(
            '<img class="companion-photo companion-photo--small" src="{}" alt="{}" width="96" height="96">',
            url,
            gettext("%(name)s 사진") % {"name": obj.name},
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.photo_view)
        return [path("<int:pk>/photo/", view, name="companion_companion_photo"), *super().get_urls()]

    def photo_view(self, request, pk: int):
        """The stored photo for the back office, within the viewer's agency (the scope of the change page)."""
        companion = self.get_object(request, str(pk))
        if companion is None or not self.has_view_or_change_permission(request, companion) or not companion.photo:
            raise Http404(gettext("사진을 찾을 수 없습니다."))
        try:
            handle = companion.photo.storage.open(companion.photo.name, "rb")
        except FileNotFoundError:
            raise Http404(gettext("사진을 찾을 수 없습니다.")) from None
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response

    def save_model(self, request, obj, form, change):
        old = Companion.objects.filter(pk=obj.pk).values_list("photo", flat=True).first() if obj.pk else ""
        super().save_model(request, obj, form, change)
        if old and old != obj.photo.name:
            # A replaced or removed photo is deleted, not left behind on the disk.
            storage = obj.photo.storage
            transaction.on_commit(lambda: storage.delete(old))


class BookingEventInline(ReadOnlyMixin, admin.TabularInline):
    model = BookingEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


@admin.register(Booking)
class BookingAdmin(AgencyStaffMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["pk", "masked_name", "masked_phone", "district", "hospital_name", "pickup_at", "status", "partner"]
    list_filter = ["status", "channel", "district"]
    date_hierarchy = "pickup_at"
    inlines = [BookingEventInline]
    actions = ["propose_and_assign"]
    exclude = ["client", "contact_name", "contact_phone", "pickup_address", "pickup_lat", "pickup_lon"]
    readonly_fields = ["masked_name", "masked_phone"]

    def get_queryset(self, request):
        return selectors.bookings_for(request.user)

    @admin.display(description=_("이용자"))
    def masked_name(self, obj):
        return mask_name(obj.client.name)

    @admin.display(description=_("연락처"))
    def masked_phone(self, obj):
        return mask_phone(obj.contact_phone)

    def has_change_permission(self, request, obj=None):
        # Needed to run actions from the list; the form itself has only read-only fields.
        return self._allowed(request) and obj is None

    @admin.action(description=_("선택한 접수 건을 추천대로 배정"))
    def propose_and_assign(self, request, queryset):
        chosen = {b.pk for b in queryset}
        groups = {(b.partner, timezone.localtime(b.pickup_at).date()) for b in queryset}
        for partner, day in groups:
            proposal = selectors.propose_assignments(partner=partner, day=day)
            pairs = [(b, c) for b, c in proposal.pairs if b.pk in chosen]
            try:
                made, problems = services.confirm_proposal(actor=request.user, pairs=pairs)
            except PermissionDenied as exc:
                self.message_user(request, " ".join(_messages(exc)), messages.ERROR)
                continue
            self.message_user(
                request, gettext("%(day)s: %(count)d건을 배정했습니다.") % {"day": day, "count": len(made)}
            )
            for problem in problems:
                self.message_user(request, problem, messages.WARNING)
            left = [b for b in proposal.unassigned if b.pk in chosen]
            if left:
                self.message_user(
                    request,
                    gettext("제시간에 갈 수 있는 동행매니저가 없는 예약 %(count)d건은 직접 배정해 주세요.")
                    % {"count": len(left)},
                    messages.WARNING,
                )


@admin.register(Assignment)
class AssignmentAdmin(AgencyStaffMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["booking", "companion", "starts_at", "ends_at", "active", "proposed", "assigned_by"]
    list_filter = ["active", "proposed"]

    def get_queryset(self, request):
        return Assignment.objects.filter(booking__in=selectors.bookings_for(request.user)).select_related(
            "booking__client", "companion"
        )


@admin.register(ServiceRecord)
class ServiceRecordAdmin(AgencyStaffMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["receipt_number", "companion", "met_at", "minutes", "fee", "free"]
    list_filter = ["free"]

    def get_queryset(self, request):
        return ServiceRecord.objects.filter(booking__in=selectors.bookings_for(request.user)).select_related(
            "companion"
        )


@admin.register(IncomeCheck)
class IncomeCheckAdmin(AgencyStaffMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["client", "year", "household_size", "share_percent", "checked_by", "checked_at"]

    def get_queryset(self, request):
        qs = IncomeCheck.objects.select_related("client", "checked_by")
        if sees_everything(request.user):
            return qs
        return qs.filter(client__bookings__partner__in=coordinator_partner_ids(request.user)).distinct()
