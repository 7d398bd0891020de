"""Back office for 지원제도, their eligibility rules and the search index, and the shared spreadsheet tools.

``SpreadsheetAdminMixin`` puts 일괄 가져오기 and 엑셀로 내보내기 on a changelist; every import
and export goes through ``anshim.catalog.spreadsheets``, the same path as the management commands.
The rule editor (a page of the policy admin) only reads and previews; every change goes through
``anshim.catalog.rule_services``, so the editor and any other caller obey the same checks.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anshim.accounts.scoping import ScopedAdminMixin, scope_filter
from anshim.catalog import rule_services, spreadsheets
from anshim.catalog.models import Policy, PolicyRule, RuleStatus, RuleTestCase, SearchDocument
from anshim.catalog.rule_selectors import published_rules
from anshim.eligibility import FACTS, ParameterError, clean_facts, evaluate
from anshim.eligibility.facts import Kind
from anshim.eligibility.rules import OPS_BY_KIND


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
        # Only the rows this person may see (a scoped admin narrows its queryset).
        return self._download(fmt, self.get_queryset(request))

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
class PolicyAdmin(ScopedAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    # 서울시 전체 policies (no district) are the city's alone; a district official sees their district's.
    scope_center = None
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

    change_form_template = "catalog/admin/rule_policy_change_form.html"

    @admin.display(description=gettext_lazy("제공"), ordering="district__code")
    def provider(self, obj: Policy) -> str:
        return obj.provider_name

    def get_urls(self):
        view = self.admin_site.admin_view
        editor = path("<path:object_id>/rules/", view(self.rule_editor_view), name="catalog_policy_rules")
        return [editor, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = dict(extra_context or {})
        if request.user.has_perm(rule_services.VIEW_PERMISSION):
            context["rule_editor_url"] = reverse("admin:catalog_policy_rules", args=[object_id])
        return super().change_view(request, object_id, form_url, context)

    def rule_editor_view(self, request, object_id):
        """자격 규칙 편집: validate and preview a definition, save it as a draft, publish a draft.

        ``get_object`` is scoped: another district's (or, for a district official, a city-wide)
        policy answers 403 before anything is read or saved.
        """
        policy = self.get_object(request, unquote(object_id))
        if policy is None:
            raise Http404(_("지원제도를 찾을 수 없습니다."))
        if not request.user.has_perm(rule_services.VIEW_PERMISSION):
            raise PermissionDenied
        action = request.POST.get("action") if request.method == "POST" else None
        if action in ("save", "publish") and not request.user.has_perms(rule_services.EDIT_PERMISSIONS):
            raise PermissionDenied
        if action == "publish":
            return self._publish_rule(request, policy)
        if request.method != "POST":
            return RuleEditor(self, request, policy).render()
        editor = RuleEditor(self, request, policy, data=request.POST)
        if action == "save" and editor.is_valid():
            try:
                rule = rule_services.save_draft(
                    policy=policy, definition=editor.text, note=editor.form.cleaned_data["note"], actor=request.user
                )
            except ValidationError as exc:
                editor.rule_errors = exc.messages
            else:
                messages.success(
                    request,
                    _("초안 v%(version)s을(를) 저장했습니다. 시험 사례를 확인한 뒤 게시해 주세요.")
                    % {"version": rule.version},
                )
                return redirect(f"{reverse('admin:catalog_policy_rules', args=[policy.pk])}?version={rule.version}")
        return editor.render()

    def _publish_rule(self, request, policy):
        try:
            rule_id = int(request.POST.get("rule_id", ""))
        except ValueError:
            rule_id = None
        rule = PolicyRule.objects.filter(policy=policy, pk=rule_id).first() if rule_id else None
        if rule is None:
            raise Http404(_("게시하려는 규칙 버전을 찾을 수 없습니다."))
        try:
            rule_services.publish(rule=rule, actor=request.user)
        except ValidationError as exc:
            editor = RuleEditor(self, request, policy, version=rule.version)
            editor.publish_errors = exc.messages
            return editor.render()
        messages.success(
            request,
            _("자격 규칙 v%(version)s을(를) 게시했습니다. 이제 자격 확인에 이 버전을 씁니다.")
            % {"version": rule.version},
        )
        return redirect("admin:catalog_policy_rules", policy.pk)


class RuleEditorForm(forms.Form):
    definition = forms.CharField(
        label=gettext_lazy("규칙(JSON)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false", "class": "rule-json"}),
        help_text=gettext_lazy(
            "all(모두)·any(하나 이상)·not(아님)으로 조건을 묶습니다. 항목과 연산은 아래 안내를 보세요."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("변경 사유"),
        required=False,
        max_length=rule_services.MAX_NOTE_CHARS,
        help_text=gettext_lazy("초안을 저장할 때 버전 기록에 남습니다."),
    )
    reference_date = forms.DateField(
        label=gettext_lazy("기준일"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("나이와 기준 중위소득, 날짜별 매개변수를 이 날짜로 계산합니다. 비우면 오늘입니다."),
        error_messages={"invalid": gettext_lazy("기준일은 YYYY-MM-DD 형식의 날짜여야 합니다.")},
    )
    facts = forms.CharField(
        label=gettext_lazy("직접 입력한 사람(JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "class": "rule-json"}),
        help_text=gettext_lazy('예: {"birth_date": "1990-05-01", "registered_in_seoul": true, "lives_alone": true}'),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_reference_date(self):
        value = self.cleaned_data["reference_date"]
        return rule_services.parse_reference_date(value) if value else None


def _pretty(definition) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2)


def _starter_rule(policy: Policy) -> dict:
    """A first draft from the policy's own fields, for a policy that has no rule yet."""
    criteria: list[dict] = []
    if policy.min_age is not None and policy.max_age is not None:
        criteria.append({"fact": "age", "op": "between", "value": [policy.min_age, policy.max_age]})
    elif policy.min_age is not None:
        criteria.append({"fact": "age", "op": "gte", "value": policy.min_age})
    elif policy.max_age is not None:
        criteria.append({"fact": "age", "op": "lte", "value": policy.max_age})
    if policy.sex in ("F", "M"):
        criteria.append({"fact": "sex", "op": "eq", "value": policy.sex})
    if policy.district_id:
        criteria.append({"fact": "district", "op": "eq", "value": policy.district_id})
    else:
        criteria.append({"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"})
    return {"all": criteria}


KIND_LABELS = {
    Kind.BOOL: "예/아니오",
    Kind.INT: "정수",
    Kind.MONEY: "금액(원)",
    Kind.RATIO: "비율(1.5 = 150%)",
    Kind.ENUM: "선택",
    Kind.DATE: "날짜",
}


def fact_guide() -> list[dict]:
    """Every fact a rule may use, with its kind, operators and values, for the editor's reference table."""
    return [
        {
            "name": spec.name,
            "label": spec.label,
            "kind": KIND_LABELS[spec.kind],
            "ops": ", ".join(OPS_BY_KIND[spec.kind]),
            "values": ", ".join(f"{code}={label}" for code, label in spec.choices)
            if spec.choices
            else ("생년월일·가구원 수·소득에서 계산" if spec.is_derived else ""),
        }
        for spec in FACTS.values()
    ]


class RuleEditor:
    """The state of one rendering of the editor: the text being edited, its validation and its previews."""

    def __init__(self, model_admin, request, policy: Policy, data=None, version: int | None = None):
        self.model_admin = model_admin
        self.request = request
        self.policy = policy
        self.history = list(policy.rules.select_related("created_by").order_by("-version"))
        self.rule_errors: list[str] = []
        self.facts_errors: list[str] = []
        self.publish_errors: list[str] = []
        if data is not None:
            self.form = RuleEditorForm(data)
            self.text = data.get("definition", "")
            self.loaded = None
        else:
            if version is None and request.GET.get("version", "").isdigit():
                version = int(request.GET["version"])
            self.loaded = next((r for r in self.history if r.version == version), None) if version else None
            self.loaded = self.loaded or (self.history[0] if self.history else None)
            self.text = _pretty(self.loaded.definition if self.loaded else _starter_rule(policy))
            self.form = RuleEditorForm(initial={"definition": self.text})
        cleaned = {}
        if self.form.is_bound:
            self.form.is_valid()  # fills cleaned_data with every field that is valid
            cleaned = self.form.cleaned_data
        self.when = cleaned.get("reference_date") or timezone.localdate()

    def is_valid(self) -> bool:
        return self._rule() is not None and not self.form.errors

    def _rule(self):
        if not hasattr(self, "_parsed"):
            try:
                self._parsed = rule_services.parse_definition(self.text)[1]
            except ValidationError as exc:
                self.rule_errors = exc.messages
                self._parsed = None
        return self._parsed

    def _people(self):
        """The built-in sample people, then the one typed into the facts box (if it is valid)."""
        people = []
        for sample in rule_services.SAMPLE_PEOPLE:
            facts = clean_facts(sample.facts(self.when), today=self.when)
            people.append((sample.name, facts))
        typed = self.form.cleaned_data.get("facts", "") if self.form.is_bound else ""
        if typed.strip():
            try:
                people.append((_("직접 입력한 사람"), rule_services.parse_facts(typed, reference_date=self.when)))
            except ValidationError as exc:
                self.facts_errors = exc.messages
        return people

    def render(self):
        rule = self._rule()
        request, policy = self.request, self.policy
        user = request.user
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.model_admin.opts,
            "title": _("%(title)s 자격 규칙") % {"title": policy.title},
            "policy": policy,
            "form": self.form,
            "rule_errors": self.rule_errors,
            "publish_errors": self.publish_errors,
            "loaded": self.loaded,
            "when": self.when,
            "history": self.history,
            "in_force": next((r for r in self.history if r.status == RuleStatus.PUBLISHED), None),
            "can_edit": user.has_perms(rule_services.EDIT_PERMISSIONS),
            "fact_guide": fact_guide(),
            "policy_url": reverse("admin:catalog_policy_change", args=[policy.pk]),
        }
        if user.has_perm("catalog.add_ruletestcase"):
            context["add_case_url"] = f"{reverse('admin:catalog_ruletestcase_add')}?policy={policy.pk}&from_rules=1"
        context["can_change_cases"] = user.has_perm("catalog.change_ruletestcase")
        people = self._people()
        context["facts_errors"] = self.facts_errors
        if rule is not None:
            try:
                context["intro"] = rule_services.criteria_intro(rule, self.when)
                context["criteria"] = rule_services.criteria_lines(rule, self.when)
                context["previews"] = [
                    {
                        "name": name,
                        "summary": rule_services.describe_facts(facts, self.when),
                        "result": evaluate(rule, facts, self.when),
                    }
                    for name, facts in people
                ]
            except ParameterError as exc:
                # A parameter that starts after the reference date has no value to show yet.
                self.rule_errors.append(f"$.parameters: {exc}")
                context.pop("intro", None)
                context.pop("criteria", None)
            runs = rule_services.run_cases(rule, policy.rule_tests.order_by("name", "pk"))
            context["runs"] = runs
            context["passed"] = sum(1 for run in runs if run.passed)
        invalid = bool(self.rule_errors or self.facts_errors or self.publish_errors or self.form.errors)
        return TemplateResponse(request, "catalog/admin/rule_editor.html", context, status=400 if invalid else 200)


@admin.register(PolicyRule)
class PolicyRuleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Versions are written by the rule editor; here they are listed, opened read-only, and drafts deleted."""

    scope_district = "policy__district"
    scope_center = None

    list_display = ["policy", "version", "status", "created_by", "created_at", "published_at", "editor_link"]
    list_filter = ["status"]
    list_select_related = ["policy", "created_by"]
    search_fields = ["policy__title", "policy__code", "note"]
    list_per_page = 50
    readonly_fields = ["policy", "version", "status", "definition", "note", "created_by", "created_at", "published_at"]

    @admin.display(description=gettext_lazy("편집"))
    def editor_link(self, obj: PolicyRule) -> str:
        url = reverse("admin:catalog_policy_rules", args=[obj.policy_id])
        return format_html('<a href="{}?version={}">{}</a>', url, obj.version, _("편집기에서 열기"))

    def get_actions(self, request):
        # The bulk delete action would also remove published versions; drafts are deleted one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and obj.status == RuleStatus.DRAFT and super().has_delete_permission(request, obj)


class RuleTestCaseForm(forms.ModelForm):
    """The same checks as ``rule_services.add_test_case``: facts that could be true of someone, a dated case."""

    class Meta:
        model = RuleTestCase
        fields = ["policy", "name", "facts", "reference_date", "expected"]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "rule-json"}),
            "reference_date": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "facts": gettext_lazy(
                '예: {"birth_date": "1998-07-01", "registered_in_seoul": true, "monthly_income": 2000000}'
            ),
            "reference_date": gettext_lazy("이 날짜의 나이와 기준 중위소득으로 판정합니다 (2021-01-01 이후)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facts"].required = False

    def clean(self):
        cleaned = super().clean()
        checked = ("name", "facts", "reference_date", "expected")
        if any(name in self.errors for name in checked):
            return cleaned
        values = rule_services.clean_test_case(
            name=cleaned.get("name"),
            facts=cleaned.get("facts") or {},
            reference_date=cleaned.get("reference_date"),
            expected=cleaned.get("expected"),
        )
        cleaned.update(values)
        return cleaned


@admin.register(RuleTestCase)
class RuleTestCaseAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = RuleTestCaseForm
    scope_district = "policy__district"
    scope_center = None
    list_display = ["name", "policy", "expected", "reference_date", "published_result"]
    list_filter = ["expected"]
    list_select_related = ["policy"]
    search_fields = ["name", "policy__title", "policy__code"]
    list_per_page = 50

    @admin.display(description=gettext_lazy("게시된 규칙으로 판정"))
    def published_result(self, obj: RuleTestCase) -> str:
        published = published_rules().get(obj.policy_id)
        if published is None:
            return _("게시된 규칙 없음")
        run = rule_services.run_cases(published.rule, [obj])[0]
        verdict = _("통과") if run.passed else _("실패")
        return f"{verdict} ({run.actual_label}, v{published.version})"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "policy":
            kwargs["queryset"] = scope_filter(request.user, Policy.objects.all(), center=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("reference_date", timezone.localdate())
        return initial

    def _back_to_rules(self, request, obj):
        if "from_rules" in request.GET and "_addanother" not in request.POST and "_continue" not in request.POST:
            return redirect("admin:catalog_policy_rules", obj.policy_id)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_rules(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._back_to_rules(request, obj) or super().response_change(request, obj)


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
