"""A basic, scoped back office for 도어지킴이 until its own screens exist.

Rounds and quotas are the city's; a 자치구 담당자 sees only their district's applications,
subscriptions and settlements; security-company staff only households selected for their
company. Names, phones, birth dates and addresses appear masked: unmasking is a logged action
that belongs to the screens. Statuses never change by editing a field — only through the
actions below, which call the services (permission, history, notification, quota lock).
"""

from collections import defaultdict

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.accounts.masking import birth_year_only, mask_name, mask_phone
from anshim.accounts.scoping import CityOnlyAdminMixin
from anshim.doorguard import selectors, services
from anshim.doorguard.models import (
    Application,
    ApplicationEvent,
    DistrictQuota,
    Installation,
    Round,
    Settlement,
    Subscription,
)


class ScopedReadMixin:
    """Rows come from a selector for the signed-in person; no row is added or edited by hand here."""

    def scoped(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scoped(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and from_field is None:
            # The row exists but lies outside the person's scope: refuse plainly rather than pretend it is gone.
            try:
                exists = self.model._default_manager.filter(pk=self.model._meta.pk.to_python(object_id)).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj


class DistrictQuotaInline(CityOnlyAdminMixin, admin.TabularInline):
    model = DistrictQuota
    extra = 0
    fields = ["district", "quota", "filled", "method", "priority_weights"]
    readonly_fields = ["filled"]


@admin.register(Round)
class RoundAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "opens_on",
        "closes_on",
        "city_quota",
        "monthly_price",
        "city_share",
        "budget",
        "partner",
    ]
    list_filter = ["year"]
    inlines = [DistrictQuotaInline]
    actions = ["split_by_single_households"]
    fieldsets = [
        (None, {"fields": ["year", "name", "policy", "partner", "opens_on", "closes_on"]}),
        (_("신청 자격과 선정"), {"fields": ["rule", "default_method", "priority_weights", "city_quota"]}),
        (
            _("요금과 예산"),
            {
                "fields": [
                    "monthly_price",
                    "market_price",
                    "city_share",
                    "resident_share",
                    "subsidy_months",
                    "term_months",
                    "early_cancel_fee",
                    "move_fee",
                    "budget",
                ]
            },
        ),
    ]

    @admin.action(description=_("1인가구 수에 따라 자치구 정원 나누기"))
    def split_by_single_households(self, request, queryset):
        for round_ in queryset:
            try:
                rows = services.set_district_quotas(actor=request.user, round=round_)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{round_}: {' '.join(_messages(exc))}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(round)s: %(count)d개 자치구에 정원을 나누었습니다.")
                    % {"round": round_, "count": len(rows)},
                )


@admin.register(DistrictQuota)
class DistrictQuotaAdmin(ScopedReadMixin, admin.ModelAdmin):
    list_display = ["round", "district", "quota", "filled", "method"]
    list_filter = ["round", "method"]
    list_select_related = ["round", "district"]

    def scoped(self, request):
        return selectors.visible_quotas(request.user)


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _messages(exc) -> list[str]:
    return getattr(exc, "messages", None) or [str(exc)]


@admin.register(Application)
class ApplicationAdmin(ScopedReadMixin, admin.ModelAdmin):
    list_display = [
        "masked_name",
        "masked_phone",
        "district",
        "housing_type",
        "status",
        "score",
        "waitlist_position",
        "channel",
        "submitted_at",
    ]
    list_filter = ["round", "status", "district", "channel", "housing_type"]
    list_select_related = ["round", "district"]
    date_hierarchy = "submitted_at"
    ordering = ["submitted_at", "pk"]
    list_per_page = 100
    inlines = [ApplicationEventInline]
    actions = ["start_review", "select_in_order", "waitlist", "run_selection"]
    fields = [
        "round",
        "masked_name",
        "masked_phone",
        "birth_year",
        "sex",
        "district",
        "housing_type",
        "high_risk_area",
        "channel",
        "status",
        "reason",
        "score",
        "committee_score",
        "waitlist_position",
        "partner",
        "eligibility_summary",
        "paper_consent_on",
        "submitted_at",
    ]
    readonly_fields = fields

    def scoped(self, request):
        return selectors.visible_applications(request.user)

    @admin.display(description=_("이름"))
    def masked_name(self, obj):
        return mask_name(obj.name)

    @admin.display(description=_("휴대전화"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("생년"))
    def birth_year(self, obj):
        return birth_year_only(obj.birth_date)

    @admin.display(description=_("자격 판정"))
    def eligibility_summary(self, obj):
        return " / ".join(obj.eligibility.get("sentences", []))

    def _each(self, request, queryset, service, done: str):
        count = 0
        for application in queryset:
            try:
                service(actor=request.user, application=application)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{mask_name(application.name)}: {' '.join(_messages(exc))}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count})

    @admin.action(description=_("검토 시작"))
    def start_review(self, request, queryset):
        self._each(request, queryset, services.start_review, gettext("%(count)d건을 검토 중으로 바꾸었습니다."))

    @admin.action(description=_("대기자로 등록"))
    def waitlist(self, request, queryset):
        self._each(
            request,
            queryset.order_by("submitted_at", "pk"),
            services.waitlist,
            gettext("%(count)d건을 대기자로 등록했습니다."),
        )

    @admin.action(description=_("고른 신청을 접수 순서대로 선정(정원 안에서)"))
    def select_in_order(self, request, queryset):
        groups = defaultdict(list)
        for application in queryset.order_by("submitted_at", "pk"):
            groups[(application.round, application.district)].append(application.pk)
        for (round_, district), ids in groups.items():
            try:
                result = services.bulk_select(actor=request.user, round=round_, district=district, application_ids=ids)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{district}: {' '.join(_messages(exc))}", messages.ERROR)
                continue
            self.message_user(
                request,
                gettext("%(district)s: %(selected)d건 선정, %(skipped)d건은 선정하지 못했습니다.")
                % {"district": district, "selected": len(result.selected), "skipped": len(result.skipped)},
                messages.SUCCESS if not result.skipped else messages.WARNING,
            )

    @admin.action(description=_("우선순위에 따라 선정하고 나머지는 대기(고른 신청의 자치구)"))
    def run_selection(self, request, queryset):
        pairs = {(application.round, application.district) for application in queryset}
        for round_, district in sorted(pairs, key=lambda pair: (pair[0].pk, pair[1].pk)):
            try:
                run = services.run_selection(actor=request.user, round=round_, district=district)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{district}: {' '.join(_messages(exc))}", messages.ERROR)
                continue
            self.message_user(
                request,
                gettext("%(district)s: %(selected)d건 선정, %(waitlisted)d건 대기")
                % {"district": district, "selected": len(run.selected), "waitlisted": len(run.waitlisted)},
            )


@admin.register(Installation)
class InstallationAdmin(ScopedReadMixin, admin.ModelAdmin):
    list_display = ["application", "partner", "status", "scheduled_for", "installed_at", "failure_reason"]
    list_filter = ["status", "partner"]
    list_select_related = ["application__round", "application__district", "partner"]

    def scoped(self, request):
        return selectors.visible_installations(request.user)


@admin.register(Subscription)
class SubscriptionAdmin(ScopedReadMixin, admin.ModelAdmin):
    list_display = ["application", "district", "status", "start_date", "term_end", "ended_on", "monthly_price", "fee"]
    list_filter = ["status", "district", "partner"]
    list_select_related = ["application__round", "application__district", "district"]
    exclude = ["person_key", "address_key"]

    def scoped(self, request):
        return selectors.visible_subscriptions(request.user)


@admin.register(Settlement)
class SettlementAdmin(ScopedReadMixin, admin.ModelAdmin):
    list_display = ["month", "district", "round", "active_subscriptions", "subsidy", "resident_share", "fees"]
    list_filter = ["round", "district"]

    def scoped(self, request):
        rows = Settlement.objects.select_related("round", "district")
        if selectors.sees_everything(request.user):
            return rows
        return rows.filter(district_id__in=selectors.official_district_codes(request.user))
