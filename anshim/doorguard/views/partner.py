"""도어지킴이 pages: the security company (협약 보안업체) — its work list and the visit records.

Only staff of a security company (and superusers) get in. The list holds the households selected
for their own company that still need a visit; another company's household answers 404. Address
and phone are shown because the household agreed to 제3자 제공 to the company; a household
without that consent on record is shown masked, and every unmasked view is logged (접속기록).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.models import Consent, ConsentKind, Partner
from anshim.accounts.ratelimits import limit_submits
from anshim.accounts.services import record_access
from anshim.doorguard import selectors, services
from anshim.doorguard.forms.partner import FailureForm, InstalledForm, ScheduleForm, WorklistFilterForm
from anshim.doorguard.models import PARTNER_STATUSES, Application, ApplicationStatus
from anshim.doorguard.rules import staff_partner_ids
from anshim.portal.paging import BadPage, paginate, query_without_page

S = ApplicationStatus
ACCESS_REASON = "설치 방문 업무(보안업체 제3자 제공 동의에 따른 조회)"


def _security_partner_ids(user) -> set[int]:
    ids = staff_partner_ids(user)
    if not ids:
        return set()
    return set(Partner.objects.filter(pk__in=ids, kind=Partner.Kind.SECURITY).values_list("pk", flat=True))


def _partner_only(request):
    """None to go on; a sign-in redirect for the anonymous; 403 for anyone not a security company's staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_superuser or _security_partner_ids(request.user)):
        raise PermissionDenied(_("도어지킴이 협약 보안업체 담당자만 볼 수 있는 화면입니다."))
    return None


def _with_consents(rows):
    return rows.prefetch_related(
        Prefetch("consents", queryset=Consent.objects.select_related("text"), to_attr="consent_rows")
    )


def has_third_party_consent(application: Application) -> bool:
    """The household agreed to its data going to the security company: online consent in force, or the paper form."""
    if application.paper_consent_on is not None:
        return True
    rows = getattr(application, "consent_rows", None)
    if rows is None:
        rows = list(application.consents.select_related("text"))
    return any(c.text.kind == ConsentKind.THIRD_PARTY and c.withdrawn_at is None for c in rows)


def _show_contact(request, application: Application, *, what: str) -> None:
    """Unmask address and phone where consent covers it (and log it); mask them otherwise."""
    application.consented = has_third_party_consent(application)
    if application.consented:
        application.shown_name, application.shown_phone = application.name, application.phone
        application.shown_address = application.address
        subject = application.user or f"{mask_name(application.name)} (도어지킴이 신청 {application.pk}번)"
        record_access(actor=request.user, subject=subject, what=what, reason=ACCESS_REASON)
    else:
        application.shown_name, application.shown_phone = mask_name(application.name), mask_phone(application.phone)
        application.shown_address = ""


@require_safe
def worklist(request):
    refused = _partner_only(request)
    if refused:
        return refused
    form = WorklistFilterForm(request.GET or None)
    rows = selectors.partner_worklist(request.user)
    context = {"form": form}
    if form.is_bound and not form.is_valid():
        context["errors"] = [error for errors in form.errors.values() for error in errors]
        return render(request, "doorguard/partner/worklist.html", context, status=400)
    if form.is_bound:
        if form.cleaned_data["district"]:
            rows = rows.filter(district_id=form.cleaned_data["district"])
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
    rows = _with_consents(rows.prefetch_related("installations"))
    try:
        page = paginate(request, rows)
    except BadPage as exc:
        context["errors"] = [str(exc)]
        return render(request, "doorguard/partner/worklist.html", context, status=400)
    for application in page:
        _show_contact(request, application, what="도어지킴이 설치 대상 이름·휴대전화·주소 (작업 목록)")
        open_visits = [i for i in application.installations.all() if i.status == "SCHEDULED"]
        application.next_visit = open_visits[0].scheduled_for if open_visits else None
    context.update(page_obj=page, listed=True, query=query_without_page(request))
    response = render(request, "doorguard/partner/worklist.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _own_application(request, pk: int) -> Application:
    """A household selected for one of the user's companies; any other id is simply not found."""
    rows = selectors.visible_applications(request.user).filter(status__in=PARTNER_STATUSES)
    if not request.user.is_superuser:
        rows = rows.filter(partner_id__in=_security_partner_ids(request.user))
    return get_object_or_404(_with_consents(rows), pk=pk)


def _render_installation(request, application: Application, *, forms=None, errors=(), status=200):
    _show_contact(request, application, what="도어지킴이 설치 대상 이름·휴대전화·주소 (설치 기록)")
    context = {
        "application": application,
        "installations": list(application.installations.order_by("-created_at", "-pk")),
        "schedule_form": ScheduleForm(prefix="schedule"),
        "installed_form": InstalledForm(prefix="installed"),
        "failure_form": FailureForm(prefix="failed"),
        "can_schedule": application.status in (S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED),
        "can_record": application.status == S.SCHEDULED,
        "errors": list(errors),
    }
    context.update(forms or {})
    response = render(request, "doorguard/partner/installation.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _apply_service_errors(form, exc: ValidationError) -> list[str]:
    """Field errors of the service go on the form's field; the rest come back as page errors."""
    if hasattr(exc, "error_dict"):
        loose = []
        for name, errors in exc.message_dict.items():
            if name in form.fields:
                for error in errors:
                    form.add_error(name, error)
            else:
                loose.extend(errors)
        return loose
    return [message for message in exc.messages if message]


ACTIONS = {
    "schedule": (ScheduleForm, "schedule_form"),
    "installed": (InstalledForm, "installed_form"),
    "failed": (FailureForm, "failure_form"),
}


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def installation(request, pk: int):
    """One household: book the visit, record the installation (the subscription starts) or a failed visit."""
    refused = _partner_only(request)
    if refused:
        return refused
    application = _own_application(request, pk)
    if request.method != "POST":
        return _render_installation(request, application)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return _render_installation(request, application, errors=[_("처리할 일을 다시 골라 주세요.")], status=400)
    form_class, form_name = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        return _render_installation(request, application, forms={form_name: form}, status=400)
    try:
        if action == "schedule":
            services.schedule_installation(
                actor=request.user, application=application, scheduled_for=form.cleaned_data["scheduled_for"]
            )
            message = _("방문을 예약했습니다. 신청인에게 안내가 발송됩니다.")
        elif action == "installed":
            services.record_installation(
                actor=request.user, application=application, installed_at=form.cleaned_data["installed_at"]
            )
            message = _("설치 완료를 기록했습니다. 설치일부터 이용이 시작됩니다.")
        else:
            services.record_installation_failure(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            )
            message = _("설치 실패를 기록했습니다. 다시 방문을 예약할 수 있습니다.")
    except ValidationError as exc:
        loose = _apply_service_errors(form, exc)
        return _render_installation(request, application, forms={form_name: form}, errors=loose, status=400)
    messages.success(request, message)
    if action == "installed":
        return redirect("doorguard:partner-worklist")
    return redirect("doorguard:partner-installation", pk=application.pk)


urlpatterns = [
    path("partner/", worklist, name="partner-worklist"),
    path("partner/installations/<int:pk>/", installation, name="partner-installation"),
]
