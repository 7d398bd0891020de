"""도어지킴이 pages: 서울시 — rounds (차수), the quota split among districts, and the city dashboard.

Only city officials and superusers get in (``doorguard.manage_round``). Every change goes through
``services``; a bad input comes back on the page in Korean with a 400 and nothing written.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from anshim.accounts.ratelimits import limit_submits
from anshim.doorguard import quota, selectors, services
from anshim.doorguard.forms.city import MonthForm, QuotaForm, RoundForm, SplitForm
from anshim.doorguard.models import Application, DistrictQuota, Round
from anshim.geo.selectors import all_districts

COUNT_KEYS = ("quota", "applied", "selected", "waitlisted", "installed", "active", "cancelled")
MONEY_KEYS = ("subsidy_month", "subsidy_paid")


def _city_only(request):
    """None to go on; a sign-in redirect for the anonymous; 403 for anyone but city officials and superusers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("doorguard.manage_round"):
        raise PermissionDenied(_("서울시 도어지킴이 담당자만 볼 수 있는 화면입니다."))
    return None


def _error_messages(exc: ValidationError) -> list[str]:
    return [message for message in exc.messages if message]


# --- rounds ----------------------------------------------------------------------------------


@require_safe
def rounds(request):
    refused = _city_only(request)
    if refused:
        return refused
    # Subqueries, not joins: joining quotas and applications together would count each quota once per application.
    quota_sum = (
        DistrictQuota.objects.filter(round=OuterRef("pk")).order_by().values("round").annotate(total=Sum("quota"))
    )
    applications = Application.objects.filter(round=OuterRef("pk")).order_by().values("round").annotate(n=Count("pk"))
    rows = Round.objects.select_related("partner", "policy").annotate(
        application_count=Coalesce(Subquery(applications.values("n")), 0),
        quota_sum=Coalesce(Subquery(quota_sum.values("total")), 0),
    )
    return render(request, "doorguard/city/rounds.html", {"rounds": rows})


def _render_round_form(request, form, *, round_=None, errors=(), status=200):
    context = {
        "form": form,
        "round": round_,
        "locked": getattr(form, "locked", set()),
        "editable_labels": [
            str(Round._meta.get_field(name).verbose_name) for name in services.ROUND_FIELDS_EDITABLE_WITH_APPLICATIONS
        ],
        "errors": list(errors),
    }
    return render(request, "doorguard/city/round_form.html", context, status=status)


def _service_errors(form, exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        loose = []
        for name, errors in exc.message_dict.items():
            if name in form.fields and not form.fields[name].disabled:
                for error in errors:
                    form.add_error(name, error)
            else:
                loose.extend(errors)
        return loose
    return _error_messages(exc)


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def round_new(request):
    refused = _city_only(request)
    if refused:
        return refused
    if request.method != "POST":
        today = timezone.localdate()
        form = RoundForm(initial={"year": today.year})
        return _render_round_form(request, form)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _render_round_form(request, form, status=400)
    try:
        round_ = services.create_round(actor=request.user, **form.service_fields())
    except ValidationError as exc:
        return _render_round_form(request, form, errors=_service_errors(form, exc), status=400)
    messages.success(request, _("‘%(round)s’ 차수를 만들었습니다. 자치구 정원을 나눠 주세요.") % {"round": round_})
    return redirect("doorguard:city-quotas", pk=round_.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def round_edit(request, pk: int):
    refused = _city_only(request)
    if refused:
        return refused
    round_ = get_object_or_404(Round, pk=pk)
    locked = services.round_locked_fields(round_)
    if request.method != "POST":
        return _render_round_form(request, RoundForm(instance=round_, locked=locked), round_=round_)
    form = RoundForm(request.POST, instance=Round.objects.get(pk=pk), locked=locked)
    if not form.is_valid():
        return _render_round_form(request, form, round_=round_, status=400)
    try:
        round_ = services.update_round(actor=request.user, round=round_, **form.service_fields())
    except ValidationError as exc:
        return _render_round_form(request, form, round_=round_, errors=_service_errors(form, exc), status=400)
    messages.success(request, _("‘%(round)s’ 차수를 고쳤습니다.") % {"round": round_})
    return redirect("doorguard:city-rounds")


# --- district quotas ---------------------------------------------------------------------------


def _current_quotas(round_: Round) -> dict[str, dict]:
    return {
        row.district_id: {"quota": row.quota, "method": row.method, "filled": row.filled}
        for row in DistrictQuota.objects.filter(round=round_)
    }


def _render_quotas(request, round_, *, form=None, split_form=None, errors=(), status=200):
    current = _current_quotas(round_)
    districts = all_districts()
    form = form or QuotaForm(round=round_, districts=districts, current=current)
    proposal = quota.split_by_single_households(round_.city_quota)
    rows = [
        {
            "district": district,
            "households": quota.SINGLE_HOUSEHOLDS.get(district.code, 0),
            "proposal": proposal.get(district.code, 0),
            "filled": current.get(district.code, {}).get("filled", 0),
            "quota_field": quota_field,
            "method_field": method_field,
        }
        for district, quota_field, method_field in form.rows()
    ]
    context = {
        "round": round_,
        "form": form,
        "split_form": split_form or SplitForm(),
        "rows": rows,
        "assigned": sum(row["quota"] for row in current.values()),
        "has_quotas": bool(current),
        "source": quota.SINGLE_HOUSEHOLDS_SOURCE,
        "errors": list(errors) + list(form.non_field_errors()),
    }
    return render(request, "doorguard/city/quotas.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def quotas(request, pk: int):
    """정원 배분: split by single-person households, or edit each district's quota and method by hand."""
    refused = _city_only(request)
    if refused:
        return refused
    round_ = get_object_or_404(Round, pk=pk)
    if request.method != "POST":
        return _render_quotas(request, round_)
    action = request.POST.get("action", "")
    try:
        if action == "split":
            split_form = SplitForm(request.POST)
            if not split_form.is_valid():
                return _render_quotas(request, round_, split_form=split_form, status=400)
            services.set_district_quotas(
                actor=request.user, round=round_, method=split_form.cleaned_data["method"] or None
            )
            message = _("1인가구 수에 비례해 %(total)s가구를 25개 자치구에 나눴습니다.") % {
                "total": f"{round_.city_quota:,}"
            }
        elif action == "save":
            form = QuotaForm(request.POST, round=round_, districts=all_districts(), current=_current_quotas(round_))
            if not form.is_valid():
                return _render_quotas(request, round_, form=form, status=400)
            services.set_district_quotas(actor=request.user, round=round_, quotas=form.quotas(), methods=form.methods())
            message = _("자치구 정원과 선정 방식을 저장했습니다.")
        else:
            return _render_quotas(request, round_, errors=[_("처리할 일을 다시 골라 주세요.")], status=400)
    except ValidationError as exc:
        return _render_quotas(request, round_, errors=_error_messages(exc), status=400)
    messages.success(request, message)
    return redirect("doorguard:city-quotas", pk=round_.pk)


# --- dashboard and settlement ------------------------------------------------------------------


def _month(request):
    """The month asked for (``?month=YYYY-MM``), this month by default; None and an error when unreadable."""
    form = MonthForm(request.GET)
    if not form.is_valid():
        return None, form.errors["month"][0]
    return form.cleaned_data["month"] or timezone.localdate().replace(day=1), None


@require_safe
def dashboard(request, pk: int):
    refused = _city_only(request)
    if refused:
        return refused
    round_ = get_object_or_404(Round.objects.select_related("partner"), pk=pk)
    month, error = _month(request)
    if error:
        context = {"round": round_, "errors": [error], "month_value": request.GET.get("month", "")}
        return render(request, "doorguard/city/dashboard.html", context, status=400)
    rows = selectors.round_dashboard(request.user, round=round_, year=month.year, month=month.month)
    totals = {key: sum(row[key] for row in rows) for key in (*COUNT_KEYS, *MONEY_KEYS)}
    money = selectors.settlement_for(round_, month.year, month.month)
    used = money.budget_used
    percent = round(used * 100 / round_.budget, 1) if round_.budget else 0
    chart = {
        "labels": [row["district"].name for row in rows],
        "series": [
            {"label": _("선정"), "data": [row["selected"] for row in rows]},
            {"label": _("설치"), "data": [row["installed"] for row in rows]},
            {"label": _("이용 중"), "data": [row["active"] for row in rows]},
        ],
    }
    context = {
        "round": round_,
        "rows": rows,
        "totals": totals,
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "budget": round_.budget,
        "budget_used": used,
        "budget_left": round_.budget - used,
        "budget_percent": percent,
        "over_budget": used > round_.budget,
        "chart": chart,
    }
    return render(request, "doorguard/city/dashboard.html", context)


SETTLEMENT_HEADERS = (
    "자치구",
    "이용 가구",
    "보조 대상 가구",
    "이용료 합계(원)",
    "보조금(원)",
    "자부담 합계(원)",
    "해지·이전 건수",
    "해지·이전 비용(원)",
)


@require_safe
def settlement_xlsx(request, pk: int):
    """The month's settlement of every district as a workbook (no personal data: figures only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    refused = _city_only(request)
    if refused:
        return refused
    round_ = get_object_or_404(Round, pk=pk)
    month, error = _month(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    money = selectors.settlement_for(round_, month.year, month.month)
    names = {district.code: district.name for district in all_districts()}
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y-%m} 정산"
    sheet.append((f"{round_} 월 정산 ({month.year}년 {month.month}월)",))
    sheet["A1"].font = Font(bold=True)
    sheet.append(SETTLEMENT_HEADERS)
    for code, row in sorted(money.districts.items()):
        sheet.append(
            (
                names.get(code, code),
                row.active_subscriptions,
                row.subsidised_subscriptions,
                row.billed,
                row.subsidy,
                row.resident_share,
                row.fee_count,
                row.fees,
            )
        )
    total = money.total
    sheet.append(
        (
            "합계",
            total.active_subscriptions,
            total.subsidised_subscriptions,
            total.billed,
            total.subsidy,
            total.resident_share,
            total.fee_count,
            total.fees,
        )
    )
    sheet.append(())
    sheet.append(("예산(원)", round_.budget))
    sheet.append((f"{month.year}년 {month.month}월까지 보조금 누계(원)", money.budget_used))
    sheet.append(("예산 잔액(원)", money.budget_left))
    for column, width in zip("ABCDEFGH", (34, 10, 14, 16, 16, 16, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="doorguard-settlement-{round_.pk}-{month:%Y%m}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("city/", rounds, name="city-rounds"),
    path("city/rounds/new/", round_new, name="city-round-new"),
    path("city/rounds/<int:pk>/edit/", round_edit, name="city-round-edit"),
    path("city/rounds/<int:pk>/quotas/", quotas, name="city-quotas"),
    path("city/rounds/<int:pk>/dashboard/", dashboard, name="city-dashboard"),
    path("city/rounds/<int:pk>/settlement.xlsx", settlement_xlsx, name="city-settlement-xlsx"),
]
