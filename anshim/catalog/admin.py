"""Back office for 지원제도 and the search index, and the spreadsheet tools shared by catalogue admins.

``SpreadsheetAdminMixin`` puts 일괄 가져오기 and 엑셀로 내보내기 on a changelist; every import
and export goes through ``anshim.catalog.spreadsheets``, the same path as the management commands.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anshim.catalog import spreadsheets
from anshim.catalog.models import Policy, SearchDocument


def https_formfield(db_field, **kwargs):
    """Form fields for the catalogue models; a typed-in address without a scheme becomes https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class SpreadsheetImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("파일 (xlsx 또는 csv)"),
        error_messages={
            "required": gettext_lazy("가져올 파일을 골라 주세요."),
            "empty": gettext_lazy("빈 파일입니다."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("검사만 하기 (저장하지 않음)"),
        required=False,
        help_text=gettext_lazy("고르면 파일을 검사해 결과만 보여 주고 아무것도 저장하지 않습니다."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SpreadsheetAdminMixin:
    """일괄 가져오기 (an upload page under this admin) and 엑셀로 내보내기 (a link and two actions)."""

    spreadsheet_kind: str
    change_list_template = "catalog/admin/spreadsheet_change_list.html"
    actions = ["export_selected_xlsx", "export_selected_csv"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_import_permission(self, request) -> bool:
        # An import both adds and changes rows, so it needs both permissions.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        own = [
            path("import/", view(self.import_view), name=f"{prefix}_import"),
            path("import/template/", view(self.template_view), name=f"{prefix}_template"),
            path("export/<str:fmt>/", view(self.export_view), name=f"{prefix}_export"),
        ]
        return own + super().get_urls()

    def _url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def changelist_view(self, request, extra_context=None):
        context = {
            "spreadsheet_import_url": self._url("import") if self.has_import_permission(request) else None,
            "spreadsheet_export_urls": (
                [(fmt, self._url("export", fmt)) for fmt in spreadsheets.FORMATS]
                if self.has_view_permission(request)
                else []
            ),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        sheet = spreadsheets.SHEETS[self.spreadsheet_kind]
        form = (
            SpreadsheetImportForm(request.POST, request.FILES) if request.method == "POST" else SpreadsheetImportForm()
        )
        result = None
        status = 200
        if request.method == "POST":
            if form.is_valid():
                dry_run = form.cleaned_data["dry_run"]
                result = spreadsheets.import_file(self.spreadsheet_kind, form.cleaned_data["file"], dry_run=dry_run)
                if result.ok and dry_run:
                    messages.info(request, result.summary())
                    return redirect(self._url("import"))
                if result.ok:
                    messages.success(request, _("가져오기를 마쳤습니다. %(summary)s") % {"summary": result.summary()})
                    return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(title)s 일괄 가져오기") % {"title": sheet.title},
            "sheet": sheet,
            "columns": [(column, sheet.describe(column)) for column in sheet.columns],
            "form": form,
            "result": result,
            "template_url": self._url("template"),
            "max_rows": f"{spreadsheets.MAX_ROWS:,}",
        }
        return TemplateResponse(request, "catalog/admin/import.html", context, status=status)

    def template_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._download(spreadsheets.XLSX, self.model.objects.none(), name_suffix="_양식")

    def export_view(self, request, fmt):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in spreadsheets.FORMATS:
            raise Http404(_("xlsx 또는 csv로만 내보낼 수 있습니다."))
        return self._download(fmt, None)

    @admin.action(
        description=gettext_lazy("선택한 %(verbose_name_plural)s 엑셀로 내보내기 (xlsx)"), permissions=["view"]
    )
    def export_selected_xlsx(self, request, queryset):
        return self._download(spreadsheets.XLSX, queryset)

    @admin.action(
        description=gettext_lazy("선택한 %(verbose_name_plural)s 엑셀로 내보내기 (csv)"), permissions=["view"]
    )
    def export_selected_csv(self, request, queryset):
        return self._download(spreadsheets.CSV, queryset)

    def _download(self, fmt, queryset, name_suffix=""):
        data = spreadsheets.export(self.spreadsheet_kind, fmt, queryset)
        filename = spreadsheets.export_filename(self.spreadsheet_kind, fmt)
        if name_suffix:
            stem, dot, suffix = filename.rpartition(".")
            filename = f"{stem}{name_suffix}{dot}{suffix}"
        response = HttpResponse(data, content_type=spreadsheets.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class PolicyAdminForm(forms.ModelForm):
    """Korean messages for the period and age rules, the same ones the spreadsheet import applies."""

    class Meta:
        model = Policy
        formfield_callback = https_formfield
        fields = [column.field for column in spreadsheets.SHEETS[spreadsheets.POLICIES].columns]

    def clean(self):
        cleaned = super().clean()
        for field_name, reason in spreadsheets.policy_problems(cleaned):
            if field_name not in self.errors:
                self.add_error(field_name, reason)
        return cleaned


@admin.register(Policy)
class PolicyAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    spreadsheet_kind = spreadsheets.POLICIES
    form = PolicyAdminForm
    list_display = ["title", "category", "provider", "featured", "is_published", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["category", "district", "sex", "featured", "is_published"]
    list_select_related = ["district"]
    search_fields = ["code", "title", "summary", "target", "benefit", "department"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    fieldsets = [
        (gettext_lazy("기본 정보"), {"fields": ["code", "title", "category", "district", "department", "summary"]}),
        (gettext_lazy("지원대상"), {"fields": ["target", ("min_age", "max_age"), "sex"]}),
        (gettext_lazy("지원내용"), {"fields": ["benefit"]}),
        (
            gettext_lazy("신청"),
            {"fields": ["how_to_apply", "where_to_apply", ("apply_start", "apply_end"), "period_note"]},
        ),
        (gettext_lazy("문의"), {"fields": ["contact", "url"]}),
        (gettext_lazy("게시"), {"fields": ["featured", "is_published", "created_at", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("제공"), ordering="district__code")
    def provider(self, obj: Policy) -> str:
        return obj.provider_name


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    """The index is rebuilt from its sources; officials may look but not edit."""

    list_display = ["title", "kind", "url", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    readonly_fields = ["kind", "object_id", "title", "body", "url", "title_terms", "body_terms", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
