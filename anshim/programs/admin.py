"""Back office for 참여프로그램 and 1인가구지원센터, with the catalogue's spreadsheet import and export.

The admin forms apply the same cross-field rules as the spreadsheet import (period order, seats,
coordinates inside the district), so a row cannot be saved by hand that a file would be refused for.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.scoping import ScopedAdminMixin
from anshim.catalog import spreadsheets
from anshim.catalog.admin import SpreadsheetAdminMixin, https_formfield
from anshim.programs.models import Center, Program, Signup, SignupEvent


class _RulesForm(forms.ModelForm):
    sheet_kind: str

    def clean(self):
        cleaned = super().clean()
        for field_name, reason in spreadsheets.SHEETS[self.sheet_kind].check(cleaned):
            if field_name not in self.errors:
                self.add_error(field_name, reason)
        return cleaned


class ProgramAdminForm(_RulesForm):
    sheet_kind = spreadsheets.PROGRAMS

    class Meta:
        model = Program
        formfield_callback = https_formfield
        fields = [column.field for column in spreadsheets.SHEETS[spreadsheets.PROGRAMS].columns]


class CenterAdminForm(_RulesForm):
    sheet_kind = spreadsheets.CENTERS

    class Meta:
        model = Center
        formfield_callback = https_formfield
        fields = [column.field for column in spreadsheets.SHEETS[spreadsheets.CENTERS].columns]


@admin.register(Program)
class ProgramAdmin(ScopedAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    spreadsheet_kind = spreadsheets.PROGRAMS
    form = ProgramAdminForm
    list_display = ["title", "kind", "category", "district", "recruit_period", "status_label", "seats", "is_published"]
    list_filter = ["district", "kind", "category", "is_published"]
    list_select_related = ["district", "center"]
    search_fields = ["code", "title", "summary", "place", "center__name"]
    date_hierarchy = "recruit_start"
    autocomplete_fields = ["center", "policy"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    fieldsets = [
        (
            gettext_lazy("기본 정보"),
            {"fields": ["code", "title", ("kind", "category"), "district", "center", "policy", "summary"]},
        ),
        (gettext_lazy("내용"), {"fields": ["description", "target", "fee", "contact"]}),
        (gettext_lazy("장소"), {"fields": ["place", "address", ("latitude", "longitude")]}),
        (
            gettext_lazy("일정과 모집"),
            {
                "fields": [
                    ("starts_on", "ends_on"),
                    "schedule",
                    ("recruit_start", "recruit_end"),
                    ("capacity", "enrolled"),
                    "cancel_days_before",
                ]
            },
        ),
        (gettext_lazy("게시"), {"fields": ["is_published", "created_at", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("모집 기간"), ordering="recruit_start")
    def recruit_period(self, obj: Program) -> str:
        return f"{obj.recruit_start:%Y-%m-%d} ~ {obj.recruit_end:%Y-%m-%d}"

    @admin.display(description=gettext_lazy("모집 상태"))
    def status_label(self, obj: Program) -> str:
        return obj.status.label

    @admin.display(description=gettext_lazy("잔여석"))
    def seats(self, obj: Program) -> str:
        return f"{obj.seats_left} / {obj.capacity}"


@admin.register(Center)
class CenterAdmin(ScopedAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    spreadsheet_kind = spreadsheets.CENTERS
    form = CenterAdminForm
    list_display = ["name", "code", "district", "phone", "opening_hours"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["code", "name", "address"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (gettext_lazy("기본 정보"), {"fields": ["code", "name", "district"]}),
        (gettext_lazy("위치"), {"fields": ["address", ("latitude", "longitude")]}),
        (gettext_lazy("이용 안내"), {"fields": ["phone", "opening_hours", "url", "updated_at"]}),
    ]


# --- 참여프로그램 신청 (read-only: sign-ups change only through programs.services) -------------


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignupEventInline(admin.TabularInline):
    model = SignupEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Signup)
class SignupAdmin(ScopedAdminMixin, _ReadOnlyAdmin):
    """Names and phones stay masked here; the unmasked list is the logged 개인정보 보기 on the staff page."""

    scope_district = "program__district"
    scope_center = "program__center"
    list_display = ["program", "masked_name", "masked_phone", "status", "created_at"]
    list_filter = ["status", "program__district"]
    list_select_related = ["program"]
    search_fields = ["program__title", "program__code"]
    date_hierarchy = "created_at"
    fields = ["program", "masked_name", "masked_phone", "status", "created_at", "updated_at", "attended_marked_at"]
    readonly_fields = fields
    inlines = [SignupEventInline]

    def _in_scope(self, request, obj) -> bool:
        # A sign-up belongs to the scope of its programme.
        return super()._in_scope(request, obj.program if obj is not None else None)

    @admin.display(description=gettext_lazy("이름"))
    def masked_name(self, obj: Signup) -> str:
        return mask_name(obj.name)

    @admin.display(description=gettext_lazy("휴대전화"))
    def masked_phone(self, obj: Signup) -> str:
        return mask_phone(obj.phone)
