"""A basic, scoped back office for 병원 안심동행 until its own screens exist.

Rule versions and agency areas are the city's. Agency staff (coordinators) see only their agency's
companions, bookings, assignments and records; names and phones appear masked (unmasking is a
logged action that belongs to the screens). Statuses never change by editing a field — only through
the actions, which call the services (permission, companion lock, history, notification).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.scoping import CityOnlyAdminMixin, ScopedAdminMixin, sees_everything
from anshim.companion import selectors, services
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


@admin.register(Companion)
class CompanionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_district = None
    scope_center = None
    scope_partner = "partner"
    list_display = ["name", "partner", "qualification", "shift_start", "shift_end", "active"]
    list_filter = ["active", "partner"]
    search_fields = ["name"]


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
