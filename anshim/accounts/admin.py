"""Back office for accounts: only superusers and city officials create staff accounts and roles.

Others with admin access may look but not change, so nobody can widen their own scope;
only a superuser can grant superuser status or raw permissions.
"""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anshim.accounts.models import Consent, ConsentText, Partner, PersonalDataAccess, StaffRole, User
from anshim.accounts.permissions import can_manage_staff
from anshim.accounts.services import record_access


class StaffOnlyManagedByCity:
    def has_add_permission(self, request, *args):
        return can_manage_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_module_permission(self, request):
        return can_manage_staff(request.user)


class StaffRoleInline(StaffOnlyManagedByCity, admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["role", "district", "center", "partner"]


@admin.register(User)
class UserAdmin(StaffOnlyManagedByCity, DjangoUserAdmin):
    inlines = [StaffRoleInline]
    list_display = ["username", "email", "is_staff", "is_active", "roles"]
    list_filter = ["is_staff", "is_active", "staff_roles__role"]

    @admin.display(description="역할")
    def roles(self, obj) -> str:
        return ", ".join(role.get_role_display() for role in obj.staff_roles.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("staff_roles")

    def has_change_permission(self, request, obj=None):
        # A city official must not take over a superuser account (its password, its roles).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly


@admin.register(Partner)
class PartnerAdmin(StaffOnlyManagedByCity, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(StaffRole)
class StaffRoleAdmin(StaffOnlyManagedByCity, admin.ModelAdmin):
    list_display = ["user", "role", "district", "center", "partner", "created_at"]
    list_filter = ["role", "district"]
    search_fields = ["user__username", "user__email", "center__name", "partner__name"]
    autocomplete_fields = ["user", "partner"]
    list_select_related = ["user", "district", "center", "partner"]


class DateRangeFilter(admin.FieldListFilter):
    """From–to dates (inclusive, Seoul time) for a datetime column, as two date inputs."""

    template = "admin/accounts/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.param_from = f"{field_path}__date__gte"
        self.param_to = f"{field_path}__date__lte"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.dates = {}
        for name in (self.param_from, self.param_to):
            raw = self.used_parameters.get(name)
            raw = raw[-1] if isinstance(raw, list) else raw
            if raw:
                try:
                    self.dates[name] = forms.DateField().clean(raw)
                except ValidationError:
                    self.dates[name] = None

    def expected_parameters(self):
        return [self.param_from, self.param_to]

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        if None in self.dates.values():
            raise admin.options.IncorrectLookupParameters(_("날짜는 YYYY-MM-DD 형식으로 입력해 주세요."))
        return queryset.filter(**{name: value for name, value in self.dates.items()})

    def choices(self, changelist):
        keep = {
            key: value
            for key, value in changelist.get_filters_params().items()
            if key not in (self.param_from, self.param_to)
        }
        hidden = [
            (key, item) for key, values in keep.items() for item in (values if isinstance(values, list) else [values])
        ]
        yield {
            "selected": bool(self.dates),
            "param_from": self.param_from,
            "param_to": self.param_to,
            "value_from": self.dates.get(self.param_from) or "",
            "value_to": self.dates.get(self.param_to) or "",
            "hidden": hidden,
            "query_string": changelist.get_query_string(remove=[self.param_from, self.param_to]),
            "display": _("전체"),
        }


def _spreadsheet_safe(value: str) -> str:
    """Text that a spreadsheet will show, never run: a leading =, +, - or @ would start a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class ExportReasonForm(ActionForm):
    reason = forms.CharField(
        label=gettext_lazy("내보내는 사유"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 30}),
    )


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it here. Only superusers and
    서울시 담당자 see it; they search it by actor, subject, item, reason and dates, and exporting it
    (with a stated reason) is itself written to the log."""

    list_display = ["accessed_at", "actor", "subject_label", "what", "reason"]
    list_filter = [("accessed_at", DateRangeFilter), ("actor", admin.RelatedOnlyFieldListFilter)]
    action_form = ExportReasonForm
    actions = ["export_csv"]
    date_hierarchy = "accessed_at"
    search_fields = ["actor__username", "actor__email", "subject_label", "subject__email", "what", "reason"]
    list_select_related = ["actor", "subject"]
    readonly_fields = ["accessed_at", "actor", "subject", "subject_label", "what", "reason"]

    def has_module_permission(self, request):
        return can_manage_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    @admin.action(description=gettext_lazy("선택한 접속기록 내보내기 (csv)"), permissions=["view"])
    def export_csv(self, request, queryset):
        """The selected rows as CSV; the export itself is a personal-data access and is logged."""
        rows = list(queryset.select_related("actor", "subject").order_by("accessed_at", "pk"))
        try:
            record_access(
                actor=request.user,
                subject=_("개인정보 접속기록 %(count)s건") % {"count": len(rows)},
                what=_("개인정보 접속기록 내보내기(csv)"),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError:
            self.message_user(request, _("접속기록을 내보내는 사유를 입력해 주세요."), messages.ERROR)
            return None
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("일시"), _("조회자"), _("정보주체"), _("조회 항목"), _("사유")])
        for row in rows:
            when = timezone.localtime(row.accessed_at).strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow(
                [
                    when,
                    *(
                        _spreadsheet_safe(v)
                        for v in (row.actor.get_username(), row.subject_label, row.what, row.reason)
                    ),
                ]
            )
        # A byte-order mark so Excel opens the Korean text as UTF-8.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        filename = f"개인정보_접속기록_{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """동의서: city officials write new versions; a version anyone agreed to can no longer change.

    The wording a person agreed to must stay provable, so a change is a new row with the next version.
    (내 정보 / Profile has no admin page: it holds a person's eligibility facts unmasked.)
    """

    list_display = ["title", "purpose", "kind", "version", "effective_from", "agreed"]
    list_filter = ["purpose", "kind"]
    search_fields = ["title", "body"]
    ordering = ["purpose", "kind", "-version"]

    @admin.display(description=gettext_lazy("동의 수"))
    def agreed(self, obj) -> int:
        return obj.consents.count()

    def has_module_permission(self, request):
        return can_manage_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_add_permission(self, request):
        return can_manage_staff(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.consents.exists():
            return False
        return can_manage_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.consents.exists():
            return False
        return can_manage_staff(request.user)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read-only record of who agreed to which text and when; withdrawals are the person's own act."""

    list_display = ["given_at", "user", "text", "withdrawn_at"]
    list_filter = ["text__purpose", "text__kind", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__email", "text__title"]
    list_select_related = ["user", "text"]
    readonly_fields = ["user", "text", "given_at", "withdrawn_at"]
    date_hierarchy = "given_at"

    def has_module_permission(self, request):
        return can_manage_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
