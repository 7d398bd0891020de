"""도어지킴이 pages for residents: what the service is, the application, and 내 신청 현황 with its actions.

Thin views: every rule (period, age, Seoul address, duplicates, eligibility, consent, fees) is
``services``'; a refused request comes back as the same page with the Korean reason and 400.
Another person's application id is simply not found (404).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from anshim.accounts.forms import ConsentForm
from anshim.accounts.models import ConsentPurpose
from anshim.accounts.ratelimits import limit_submits
from anshim.catalog.rule_services import criteria_intro, criteria_lines
from anshim.doorguard import selectors, services, settlement
from anshim.doorguard.forms.resident import ApplyForm, CancelApplicationForm, CancelSubscriptionForm, MoveForm
from anshim.doorguard.models import (
    ACTIVE_STATUSES,
    Application,
    ApplicationStatus,
    InstallationStatus,
    Round,
    Subscription,
    SubscriptionStatus,
)
from anshim.eligibility.rules import RuleError, as_rule

S = ApplicationStatus
# The resident may withdraw an application until the equipment is installed.
CANCELLABLE = frozenset(status for status, targets in services.TRANSITIONS.items() if status and S.CANCELLED in targets)


def _round_state(round_: Round, today: datetime.date) -> str:
    if today < round_.opens_on:
        return "UPCOMING"
    if today > round_.closes_on:
        return "CLOSED"
    return "OPEN"


def _round_context(round_: Round | None, today: datetime.date) -> dict:
    if round_ is None:
        return {"round": None}
    try:
        rule = as_rule(round_.rule)
        intro, criteria = criteria_intro(rule, today), criteria_lines(rule, today)
    except RuleError:
        intro, criteria = "", []
    return {
        "round": round_,
        "state": _round_state(round_, today),
        "criteria_intro": intro,
        "criteria": criteria,
        "term_years": round_.term_months // 12 if round_.term_months % 12 == 0 else None,
        "after_subsidy_month": round_.subsidy_months + 1,
        "saving": round_.market_price - round_.resident_share,
    }


def _active_application(user) -> Application | None:
    return selectors.my_applications(user).filter(status__in=ACTIVE_STATUSES).first()


@require_safe
def home(request):
    """도어지킴이 안내: the current round's offer, who may apply, the price and the period."""
    today = timezone.localdate()
    context = _round_context(selectors.current_round(today), today)
    context["active_application"] = _active_application(request.user) if request.user.is_authenticated else None
    return render(request, "doorguard/resident/home.html", context)


def _attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, [message for message in exc.messages if message])


@require_http_methods(["GET", "POST"])
@login_required
@limit_submits
def apply(request):
    """신청하기: the facts the round needs, the address and both consents; the service decides."""
    today = timezone.localdate()
    round_ = selectors.current_round(today)
    context = _round_context(round_, today)
    if round_ is None:
        context["errors"] = [_("지금은 신청을 받는 도어지킴이 사업이 없습니다.")]
        return render(
            request, "doorguard/resident/apply.html", context, status=400 if request.method == "POST" else 200
        )
    if request.method == "POST":
        form = ApplyForm(request.POST, round=round_)
        consent_form = ConsentForm(purpose=ConsentPurpose.DOORGUARD, data=request.POST)
    else:
        form = ApplyForm(round=round_, initial=ApplyForm.initial_for(request.user, round_))
        consent_form = ConsentForm(purpose=ConsentPurpose.DOORGUARD)
    context.update(form=form, consent_form=consent_form, active_application=_active_application(request.user))
    if request.method != "POST":
        return render(request, "doorguard/resident/apply.html", context)
    if not (form.is_valid() and consent_form.is_valid()):
        return render(request, "doorguard/resident/apply.html", context, status=400)
    data = form.cleaned_data
    try:
        services.apply(
            user=request.user,
            round=round_,
            name=data["name"],
            phone=data["phone"],
            birth_date=data["birth_date"],
            sex=data["sex"],
            address=data["address"],
            district=data["district"],
            housing_type=data["housing_type"],
            facts=form.eligibility_facts(),
            consent_text_ids=consent_form.accepted_text_ids(),
        )
    except ValidationError as exc:
        _attach_errors(form, exc)
        return render(request, "doorguard/resident/apply.html", context, status=400)
    messages.success(request, _("도어지킴이 신청이 접수되었습니다. 자치구가 검토해 선정 결과를 알려 드립니다."))
    return redirect("doorguard:my-applications")


# --- 내 신청 현황 ---------------------------------------------------------------------------------


def _months_into(start: datetime.date, day: datetime.date) -> int:
    """Which month of the service ``day`` falls in (the start date's month is the 1st)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if settlement.add_months(start, months) > day:
        months -= 1
    return months + 1


def _subscription_facts(subscription: Subscription, today: datetime.date) -> dict:
    subsidy_until = settlement.term_last_day(subscription.start_date, subscription.subsidy_months)
    active = subscription.status == SubscriptionStatus.ACTIVE
    reference = min(today, subscription.last_day) if active else subscription.last_day
    return {
        "active": active,
        "month": _months_into(subscription.start_date, max(reference, subscription.start_date)),
        "subsidy_until": subsidy_until,
        "pays_now": subscription.resident_share if reference <= subsidy_until else subscription.monthly_price,
    }


def _entry(application: Application, today: datetime.date, bound: dict) -> dict:
    pk = application.pk
    subscription = getattr(application, "subscription", None)
    installations = list(application.installations.all())
    visit = next((row for row in reversed(installations) if row.status == InstallationStatus.SCHEDULED), None)
    installed = next((row for row in installations if row.status == InstallationStatus.INSTALLED), None)
    entry = {
        "application": application,
        "round": application.round,
        "events": list(application.events.all()),
        "visit": visit,
        "installed": installed,
        "failed": [row for row in installations if row.status == InstallationStatus.FAILED],
        "subscription": subscription,
        "can_cancel": application.status in CANCELLABLE,
        "cancel_form": CancelApplicationForm(prefix=f"cancel-{pk}"),
        "end_form": CancelSubscriptionForm(prefix=f"end-{pk}", initial={"ended_on": today}),
        "move_form": MoveForm(prefix=f"move-{pk}", initial={"moved_on": today}),
        "open": "",
        "errors": [],
    }
    if subscription is not None:
        entry.update(_subscription_facts(subscription, today))
    if bound.get("pk") == pk:
        entry[f"{bound['kind']}_form"] = bound["form"]
        entry["open"] = bound["kind"]
        entry["errors"] = bound.get("errors", [])
    return entry


def _render_my(request, *, bound=None, status=200):
    today = timezone.localdate()
    applications = selectors.my_applications_detail(request.user)
    current = selectors.current_round(today)
    context = {
        "entries": [_entry(application, today, bound or {}) for application in applications],
        "today": today,
        "can_apply_again": current is not None
        and _round_state(current, today) == "OPEN"
        and _active_application(request.user) is None,
    }
    return render(request, "doorguard/resident/my_applications.html", context, status=status)


@require_safe
@login_required
def my_applications(request):
    """신청 현황: status, history, waiting position, visit, subscription and the actions open now."""
    return _render_my(request)


def _messages_of(exc: ValidationError) -> list[str]:
    return [message for message in exc.messages if message]


@require_POST
@login_required
@limit_submits
def cancel_application(request, pk: int):
    """신청 취소 before installation, with the resident's reason."""
    application = get_object_or_404(Application, pk=pk, user=request.user)
    form = CancelApplicationForm(request.POST, prefix=f"cancel-{pk}")
    if not form.is_valid():
        return _render_my(request, bound={"pk": pk, "kind": "cancel", "form": form}, status=400)
    try:
        services.cancel_application(actor=request.user, application=application, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        bound = {"pk": pk, "kind": "cancel", "form": form, "errors": _messages_of(exc)}
        return _render_my(request, bound=bound, status=400)
    messages.success(request, _("도어지킴이 신청을 취소했습니다."))
    return redirect("doorguard:my-applications")


def _own_subscription(request, pk: int) -> Subscription:
    return get_object_or_404(
        Subscription.objects.select_related("application__round"), application__pk=pk, application__user=request.user
    )


@require_POST
@login_required
@limit_submits
def cancel_subscription(request, pk: int):
    """중도해지: the fee of the round's agreement was shown next to the form and ticked as read."""
    subscription = _own_subscription(request, pk)
    form = CancelSubscriptionForm(request.POST, prefix=f"end-{pk}")
    if not form.is_valid():
        return _render_my(request, bound={"pk": pk, "kind": "end", "form": form}, status=400)
    try:
        ended = services.cancel_subscription(
            actor=request.user,
            subscription=subscription,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        bound = {"pk": pk, "kind": "end", "form": form, "errors": _messages_of(exc)}
        return _render_my(request, bound=bound, status=400)
    messages.success(
        request,
        _("도어지킴이 이용을 해지했습니다. 이용 마지막 날은 %(day)s이고 해지 비용은 %(fee)s원입니다.")
        % {"day": ended.ended_on.isoformat(), "fee": f"{ended.fee:,}"},
    )
    return redirect("doorguard:my-applications")


@require_POST
@login_required
@limit_submits
def move_subscription(request, pk: int):
    """주소이전: the service at this address ends on the moving day; the new address is a new application."""
    subscription = _own_subscription(request, pk)
    form = MoveForm(request.POST, prefix=f"move-{pk}")
    if not form.is_valid():
        return _render_my(request, bound={"pk": pk, "kind": "move", "form": form}, status=400)
    try:
        moved = services.move_subscription(
            actor=request.user,
            subscription=subscription,
            moved_on=form.cleaned_data["moved_on"],
            reason=_("주소이전 (새 주소: %(address)s)") % {"address": form.cleaned_data["new_address"].strip()},
        )
    except ValidationError as exc:
        bound = {"pk": pk, "kind": "move", "form": form, "errors": _messages_of(exc)}
        return _render_my(request, bound=bound, status=400)
    messages.success(
        request,
        _(
            "주소이전을 접수했습니다. 지금 주소의 이용은 %(day)s에 끝나고 주소이전 비용은 %(fee)s원입니다. "
            "새 주소에서 이용하려면 새로 신청해 주세요."
        )
        % {"day": moved.ended_on.isoformat(), "fee": f"{moved.fee:,}"},
    )
    return redirect("doorguard:my-applications")


urlpatterns = [
    path("", home, name="home"),
    path("apply/", apply, name="apply"),
    path("my/", my_applications, name="my-applications"),
    path("my/<int:pk>/cancel/", cancel_application, name="cancel-application"),
    path("my/<int:pk>/end/", cancel_subscription, name="cancel-subscription"),
    path("my/<int:pk>/move/", move_subscription, name="move-subscription"),
]
