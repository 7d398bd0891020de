"""병원 안심동행 back office: the agency's dispatch board and booking page (coordinators and the city),
the companion's phone page (own jobs only) and the monthly settlement (city: all agencies;
a coordinator: their agency).

Scope: a booking or companion of another agency answers 404, so its id is neither confirmed nor
denied; a signed-in person without the role gets 403; the anonymous are sent to sign in.
The rules live in ``services``/``selectors``; these views only read forms and show results.
"""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.models import Partner
from anshim.accounts.ratelimits import limit_submits
from anshim.accounts.scoping import sees_everything
from anshim.companion import dispatch as dispatch_model
from anshim.companion import selectors, services
from anshim.companion.forms.dispatch import CancelForm, DayForm, IncomeForm, MonthForm, RecordForm
from anshim.companion.models import (
    Assignment,
    Booking,
    BookingStatus,
    Companion,
    IncomeCheck,
    ServiceRecord,
    Skill,
    Task,
)
from anshim.companion.permissions import coordinator_partner_ids
from anshim.geo.boundaries import district_at
from anshim.geo.models import District

S = BookingStatus
DEMAND_HOURS = range(7, 21)  # 07:00–20:00, the service hours
PEAK_HOURS = range(9, 18)  # 09–18 (the last bar is 17:00–18:00)


# --- who may see what -----------------------------------------------------------------------


def _back_office(request):
    """None to go on; a sign-in redirect for the anonymous; 403 for anyone who is neither city nor coordinator."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (sees_everything(request.user) or _agencies(request.user).exists()):
        raise PermissionDenied(_("운영기관 담당자와 서울시 담당자만 볼 수 있는 화면입니다."))
    return None


def _agencies(user):
    agencies = Partner.objects.filter(kind=Partner.Kind.COMPANION)
    if sees_everything(user):
        return agencies.order_by("name")
    # Staff of a partner of another kind (the security company) are no coordinators here.
    return agencies.filter(pk__in=coordinator_partner_ids(user)).order_by("name")


def _agency(request, agency_id: int | None) -> Partner | None:
    agencies = _agencies(request.user)
    if agency_id:
        return get_object_or_404(agencies, pk=agency_id)
    return agencies.first()


def _booking(request, pk: int) -> Booking:
    """A booking of the user's agency (any for the city); another agency's id → 404."""
    bookings = Booking.objects.select_related("client", "district", "partner", "rule_set")
    if not sees_everything(request.user):
        bookings = bookings.filter(partner__in=coordinator_partner_ids(request.user))
    return get_object_or_404(bookings, pk=pk)


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _skills(codes) -> str:
    labels = dict(Skill.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or ()) or _("없음")


def _board_url(agency: Partner | None, day: datetime.date) -> str:
    query = {"day": day.isoformat()}
    if agency is not None:
        query["agency"] = agency.pk
    return f"{reverse('companion:dispatch-board')}?{urlencode(query)}"


# --- dispatch board ---------------------------------------------------------------------------


def _location(companion: Companion) -> str:
    if companion.current_lat is None or companion.current_lon is None:
        code = district_at(companion.home_lat, companion.home_lon)
        name = District.objects.filter(pk=code).values_list("name", flat=True).first() if code else None
        return _("거점 %(place)s") % {"place": name or "-"}
    code = district_at(companion.current_lat, companion.current_lon)
    name = District.objects.filter(pk=code).values_list("name", flat=True).first() if code else "-"
    when = timezone.localtime(companion.located_at).strftime("%H:%M") if companion.located_at else ""
    return _("%(place)s (%(time)s 갱신)") % {"place": name, "time": when} if when else name


def _unassigned_reason(booking: Booking, companions: list[Companion], busy: dict[int, list]) -> str:
    """Why nobody could take the request on time, in the words a coordinator would use."""
    skilled = [c for c in companions if set(booking.needs or ()) <= set(c.skills or ())]
    if not skilled:
        return _("필요한 지원(%(skills)s)을 할 수 있는 동행매니저가 없습니다.") % {"skills": _skills(booking.needs)}
    start, end = timezone.localtime(booking.pickup_at), timezone.localtime(booking.expected_end)
    in_shift = [c for c in skilled if c.shift_start <= start.time() and end.time() <= c.shift_end]
    if not in_shift:
        return _("이 시간(%(start)s~%(end)s)에 근무하는 동행매니저가 없습니다.") % {
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
        }
    job = services._job(booking)
    free = [c for c in in_shift if all(dispatch_model.fits_together(other, job) for other in busy.get(c.pk, ()))]
    if not free:
        return _("근무 중인 동행매니저가 모두 다른 동행과 겹칩니다.")
    return _(
        "제시간(%(time)s)에 도착할 수 있는 동행매니저가 없거나, 다른 요청을 맡는 편이 더 많은 요청을 제시간에 돕습니다."
    ) % {"time": f"{start:%H:%M}"}


def _board_context(request, agency: Partner | None, day: datetime.date) -> dict:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    end = start + datetime.timedelta(days=1)
    bookings, companions = [], []
    if agency is not None:
        bookings = list(
            Booking.objects.filter(partner=agency, pickup_at__gte=start, pickup_at__lt=end)
            .select_related("district")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.filter(active=True).select_related("companion"),
                    to_attr="active_assignments",
                )
            )
            .order_by("pickup_at", "pk")
        )
        companions = list(Companion.objects.filter(partner=agency).order_by("name"))
    jobs: dict[int, list[Booking]] = {c.pk: [] for c in companions}
    for booking in bookings:
        booking.needs_label = _skills(booking.needs)
        booking.companion = booking.active_assignments[0].companion if booking.active_assignments else None
        if booking.companion is not None and booking.companion.pk in jobs:
            jobs[booking.companion.pk].append(booking)
    for companion in companions:
        companion.skills_label = _skills(companion.skills)
        companion.location = _location(companion)
        companion.today = jobs.get(companion.pk, [])
    return {
        "agency": agency,
        "agencies": _agencies(request.user),
        "day": day,
        "bookings": bookings,
        "open_count": sum(1 for b in bookings if b.status == S.RECEIVED),
        "companions": companions,
        "skill_labels": dict(Skill.choices),
    }


def _render_board(request, context: dict, *, status: int = 200):
    return render(request, "companion/dispatch/board.html", context, status=status)


@require_safe
def dispatch_board(request):
    """배정 현황: the day's requests and the agency's companions."""
    refused = _back_office(request)
    if refused:
        return refused
    form = DayForm(request.GET)
    if not form.is_valid():
        context = _board_context(request, _agency(request, None), timezone.localdate())
        context["form_errors"] = [e for errors in form.errors.values() for e in errors]
        return _render_board(request, context, status=400)
    agency = _agency(request, form.cleaned_data.get("agency"))
    return _render_board(request, _board_context(request, agency, form.cleaned_data["day"]))


def _proposal_rows(proposal: selectors.Proposal, companions: list[Companion], agency: Partner, day) -> list[dict]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    busy: dict[int, list] = {}
    for assignment in Assignment.objects.filter(
        companion__partner=agency,
        active=True,
        booking__pickup_at__gte=start,
        booking__pickup_at__lt=start + datetime.timedelta(days=1),
    ).select_related("booking"):
        busy.setdefault(assignment.companion_id, []).append(services._job(assignment.booking))
    rows = []
    for booking, companion in sorted(proposal.pairs, key=lambda pair: pair[0].pickup_at):
        booking.needs_label = _skills(booking.needs)
        rows.append({"booking": booking, "proposed": companion, "chosen": companion.pk, "reason": ""})
    for booking in sorted(proposal.unassigned, key=lambda b: b.pickup_at):
        booking.needs_label = _skills(booking.needs)
        rows.append(
            {
                "booking": booking,
                "proposed": None,
                "chosen": None,
                "reason": _unassigned_reason(booking, companions, busy),
            }
        )
    return rows


@require_POST
@limit_submits
def dispatch_propose(request):
    """배정 제안 받기: run the optimiser over the day's open requests; nothing is written."""
    refused = _back_office(request)
    if refused:
        return refused
    form = DayForm(request.POST)
    if not form.is_valid():
        context = _board_context(request, _agency(request, None), timezone.localdate())
        context["form_errors"] = [e for errors in form.errors.values() for e in errors]
        return _render_board(request, context, status=400)
    agency = _agency(request, form.cleaned_data.get("agency"))
    day = form.cleaned_data["day"]
    context = _board_context(request, agency, day)
    if agency is None:
        context["form_errors"] = [_("배정할 운영기관이 없습니다.")]
        return _render_board(request, context, status=400)
    proposal = selectors.propose_assignments(partner=agency, day=day)
    requests_count = len(proposal.pairs) + len(proposal.unassigned)
    context |= {
        "proposal": proposal,
        "proposal_rows": _proposal_rows(proposal, [c for c in context["companions"] if c.active], agency, day),
        "proposal_requests": requests_count,
        "active_companions": [c for c in context["companions"] if c.active],
    }
    if not requests_count:
        context["proposal_empty"] = True
    return _render_board(request, context)


@require_POST
@limit_submits
def dispatch_confirm(request):
    """배정 확정: each row's chosen companion (the proposal's, or the coordinator's override) through ``services.assign``."""
    refused = _back_office(request)
    if refused:
        return refused
    form = DayForm(request.POST)
    if not form.is_valid():
        raise Http404
    agency = _agency(request, form.cleaned_data.get("agency"))
    day = form.cleaned_data["day"]
    if agency is None:
        raise Http404
    companions = {c.pk: c for c in Companion.objects.filter(partner=agency)}
    rows, made, problems = [], [], 0
    for raw in request.POST.getlist("booking"):
        if not raw.isdigit():
            raise Http404
        booking = _booking(request, int(raw))
        if booking.partner_id != agency.pk:
            raise Http404
        chosen_raw = request.POST.get(f"companion_{booking.pk}", "")
        proposed_raw = request.POST.get(f"proposed_{booking.pk}", "")
        if not chosen_raw:
            continue
        if not chosen_raw.isdigit() or int(chosen_raw) not in companions:
            raise Http404
        companion = companions[int(chosen_raw)]
        is_proposed = proposed_raw == str(companion.pk)
        row = {
            "booking": booking,
            "proposed": companions.get(int(proposed_raw)) if proposed_raw.isdigit() else None,
            "chosen": companion.pk,
            "reason": "",
        }
        booking.needs_label = _skills(booking.needs)
        try:
            services.assign(
                actor=request.user,
                booking=booking,
                companion=companion,
                proposed=is_proposed,
                reason="" if is_proposed else _("담당자가 직접 선택"),
            )
        except ValidationError as exc:
            row["errors"] = _messages_of(exc)
            problems += 1
            rows.append(row)
        else:
            made.append((booking, companion))
    if not made and not problems:
        context = _board_context(request, agency, day)
        context["form_errors"] = [_("배정할 동행매니저를 한 명 이상 골라 주세요.")]
        return _render_board(request, context, status=400)
    if not problems:
        messages.success(request, _("%(count)d건을 배정했습니다.") % {"count": len(made)})
        return redirect(_board_url(agency, day))
    context = _board_context(request, agency, day)
    context |= {
        "made": made,
        "proposal_rows": rows,
        "active_companions": [c for c in context["companions"] if c.active],
        "confirm_errors": True,
    }
    return _render_board(request, context, status=200 if made else 400)


# --- one booking (the agency's page about the person and the booking) -------------------------------


def _render_booking(request, booking: Booking, *, status=200, cancel_form=None, income_form=None, errors=()):
    rule = booking.rule_set
    assignment = booking.assignments.filter(active=True).select_related("companion").first()
    context = {
        "booking": booking,
        "client_name": mask_name(booking.client.name),
        "client_phone": mask_phone(booking.client.phone),
        "contact_name": mask_name(booking.contact_name),
        "contact_phone": mask_phone(booking.contact_phone),
        "needs_label": _skills(booking.needs),
        "assignment": assignment,
        "events": booking.events.select_related("actor").order_by("at", "pk"),
        "record": ServiceRecord.objects.filter(booking=booking).first(),
        "rule": rule,
        "income_checks": IncomeCheck.objects.filter(client=booking.client).order_by("-year", "-checked_at")[:5],
        "cancel_form": cancel_form or CancelForm(prefix="cancel"),
        "income_form": income_form
        or IncomeForm(
            prefix="income", initial={"year": timezone.localtime(booking.pickup_at).year, "household_size": 1}
        ),
        "can_cancel": booking.status in (S.RECEIVED, S.ASSIGNED, S.DEPARTED),
        "errors": errors,
        "board_url": _board_url(booking.partner, timezone.localtime(booking.pickup_at).date()),
    }
    return render(request, "companion/dispatch/booking.html", context, status=status)


@require_safe
def dispatch_client(request, pk: int):
    """이용자·예약: status and history, cancellation, income check (free uses)."""
    refused = _back_office(request)
    if refused:
        return refused
    return _render_booking(request, _booking(request, pk))


@require_POST
@limit_submits
def dispatch_cancel(request, pk: int):
    refused = _back_office(request)
    if refused:
        return refused
    booking = _booking(request, pk)
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _render_booking(request, booking, status=400, cancel_form=form)
    try:
        booking = services.cancel(
            actor=request.user,
            booking=booking,
            reason=form.cleaned_data["reason"],
            on_site=form.cleaned_data["on_site"],
            client_request=form.cleaned_data["client_request"],
        )
    except ValidationError as exc:
        return _render_booking(request, booking, status=400, cancel_form=form, errors=_messages_of(exc))
    if booking.cancel_fee:
        messages.success(
            request, _("예약을 취소했습니다. 취소 수수료 %(fee)s원이 부과됩니다.") % {"fee": f"{booking.cancel_fee:,}"}
        )
    else:
        messages.success(request, _("예약을 취소했습니다. 취소 수수료는 없습니다."))
    return redirect("companion:dispatch-client", pk=booking.pk)


@require_POST
@limit_submits
def dispatch_income(request, pk: int):
    refused = _back_office(request)
    if refused:
        return refused
    booking = _booking(request, pk)
    form = IncomeForm(request.POST, prefix="income")
    if not form.is_valid():
        return _render_booking(request, booking, status=400, income_form=form)
    try:
        check = services.check_income(
            actor=request.user, client=booking.client, partner=booking.partner, **form.cleaned_data
        )
    except ValidationError as exc:
        return _render_booking(request, booking, status=400, income_form=form, errors=_messages_of(exc))
    free = (
        booking.rule_set.free_income_percent is not None and check.share_percent <= booking.rule_set.free_income_percent
    )
    if free:
        message = _("소득 확인을 저장했습니다: 기준 중위소득의 %(share)s%%로 %(year)s년 무료 이용 대상입니다.")
    else:
        message = _("소득 확인을 저장했습니다: 기준 중위소득의 %(share)s%%로 무료 이용 대상이 아닙니다.")
    messages.success(request, message % {"share": check.share_percent, "year": check.year})
    return redirect("companion:dispatch-client", pk=booking.pk)


# --- the companion's phone page ----------------------------------------------------------------


def _companion_of(request) -> Companion | None:
    """The companion linked to the signed-in user; anyone else gets 403."""
    companion = Companion.objects.filter(user=request.user).select_related("partner").first()
    if companion is None:
        raise PermissionDenied(_("동행매니저로 등록된 계정만 볼 수 있는 화면입니다."))
    return companion


def _own_job(request, pk: int) -> Booking:
    """One of the signed-in companion's jobs; anyone else's → 404."""
    jobs = Booking.objects.filter(assignments__active=True, assignments__companion__user=request.user).select_related(
        "client", "district", "rule_set", "partner"
    )
    return get_object_or_404(jobs, pk=pk)


def _decorate_job(booking: Booking) -> Booking:
    booking.needs_label = _skills(booking.needs) if booking.needs else ""
    return booking


@require_safe
def work(request):
    """내 동행: today's jobs and the ones coming, with the next step as one big button."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    companion = _companion_of(request)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    jobs = selectors.jobs_for_companion(request.user).filter(pickup_at__gte=start)
    today_jobs = [_decorate_job(b) for b in jobs if timezone.localtime(b.pickup_at).date() == today]
    upcoming = [
        _decorate_job(b)
        for b in jobs
        if timezone.localtime(b.pickup_at).date() > today and b.status not in (S.COMPLETED, S.CANCELLED)
    ]
    # Jobs of the last week still open: a record the companion has yet to write (or a step not pressed).
    unfinished = [
        _decorate_job(b)
        for b in selectors.jobs_for_companion(request.user).filter(
            pickup_at__lt=start,
            pickup_at__gte=start - datetime.timedelta(days=7),
            status__in=(S.ASSIGNED, S.DEPARTED, S.ACCOMPANYING),
        )
    ]
    return render(
        request,
        "companion/work/list.html",
        {
            "companion": companion,
            "today": today,
            "today_jobs": today_jobs,
            "upcoming": upcoming,
            "unfinished": unfinished,
        },
    )


def _step(request, pk: int, service, done_message: str):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("companion:work"))
    _companion_of(request)
    booking = _own_job(request, pk)
    try:
        service(actor=request.user, booking=booking)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
        return redirect("companion:work")
    messages.success(request, done_message % {"hospital": booking.hospital_name})
    return redirect("companion:work")


@require_POST
@limit_submits
def work_depart(request, pk: int):
    return _step(request, pk, services.depart, _("출발을 알렸습니다(%(hospital)s)."))


@require_POST
@limit_submits
def work_start(request, pk: int):
    return _step(request, pk, services.start_accompanying, _("동행을 시작했습니다(%(hospital)s)."))


@limit_submits
def work_record(request, pk: int):
    """서비스 기록: times, tasks and notes; the fee follows from the record and is shown once saved."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    companion = _companion_of(request)
    booking = _own_job(request, pk)
    day = timezone.localtime(booking.pickup_at).date()
    record = ServiceRecord.objects.filter(booking=booking).first()
    context = {"companion": companion, "booking": _decorate_job(booking), "record": record, "errors": []}
    if record is not None or request.method != "POST":
        if record is None:
            initial = {"hospital": booking.hospital_name, "met_at": timezone.localtime(booking.pickup_at).time()}
            context["form"] = RecordForm(day=day, initial=initial)
        else:
            context["tasks"] = _task_labels(record.tasks)
        status = 400 if record is not None and request.method == "POST" else 200
        if status == 400:
            context["errors"] = [_("이 동행은 이미 기록했습니다.")]
        return render(request, "companion/work/record.html", context, status=status)
    form = RecordForm(request.POST, day=day)
    context["form"] = form
    if not form.is_valid():
        return render(request, "companion/work/record.html", context, status=400)
    notes = form.cleaned_data["notes"]
    hospital = (form.cleaned_data["hospital"] or "").strip()
    if hospital and hospital != booking.hospital_name:
        notes = _("방문 병원: %(hospital)s") % {"hospital": hospital} + ("\n" + notes if notes else "")
    try:
        record = services.record_service(
            actor=request.user,
            booking=booking,
            met_at=form.at("met_at"),
            returned_at=form.at("returned_at"),
            hospital_arrived_at=form.at("hospital_arrived_at"),
            tasks=form.cleaned_data["tasks"],
            notes=notes,
        )
    except ValidationError as exc:
        context["errors"] = _messages_of(exc)
        return render(request, "companion/work/record.html", context, status=400)
    messages.success(request, _("서비스 기록을 저장했습니다. 이용료는 %(fee)s원입니다.") % {"fee": f"{record.fee:,}"})
    return redirect("companion:work-record", pk=booking.pk)


def _task_labels(codes) -> list[str]:
    labels = dict(Task.choices)
    return [str(labels.get(code, code)) for code in codes or ()]


@require_POST
@limit_submits
def work_location(request):
    """Where the companion is now (the board's 현재 위치); sent from the phone page's button."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("companion:work"))
    _companion_of(request)
    try:
        services.update_location(actor=request.user, lat=request.POST.get("lat"), lon=request.POST.get("lon"))
    except ValidationError as exc:
        return HttpResponse(" ".join(_messages_of(exc)), status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(_("현재 위치를 알렸습니다."), content_type="text/plain; charset=utf-8")


# --- settlement -------------------------------------------------------------------------------


def _settlement(request):
    """(settlement, agency, agencies, (year, month)) or an error response."""
    form = MonthForm(request.GET)
    if not form.is_valid():
        return None, form
    year, month = form.cleaned_data["month"]
    agency_id = form.cleaned_data.get("agency")
    if sees_everything(request.user):
        agency = get_object_or_404(_agencies(request.user), pk=agency_id) if agency_id else None
    else:
        agency = _agency(request, agency_id)
    return (selectors.monthly_settlement(year=year, month=month, partner=agency), agency, year, month), form


@require_safe
def settlement(request):
    """월 정산: per agency and per district, cost against the budget, demand by hour of day."""
    refused = _back_office(request)
    if refused:
        return refused
    result, form = _settlement(request)
    context = {"form": form, "agencies": _agencies(request.user), "city": sees_everything(request.user)}
    if result is None:
        context["form_errors"] = [e for errors in form.errors.values() for e in errors]
        return render(request, "companion/city/settlement.html", context, status=400)
    data, agency, year, month = result
    demand = [data.demand_by_hour.get(hour, 0) for hour in DEMAND_HOURS]
    peak = sum(data.demand_by_hour.get(hour, 0) for hour in PEAK_HOURS)
    all_demand = sum(demand)
    context |= {
        "data": data,
        "agency": agency,
        "month_value": f"{year:04d}-{month:02d}",
        "demand_rows": [
            (f"{hour:02d}:00", count, hour in PEAK_HOURS) for hour, count in zip(DEMAND_HOURS, demand, strict=True)
        ],
        "peak_share": round(100 * peak / all_demand) if all_demand else 0,
        "budget_left": max(0, data.budget - data.cost_year_to_date),
        "budget_meter": min(data.cost_year_to_date, data.budget),
        "chart": {
            "labels": [f"{hour:02d}:00" for hour in DEMAND_HOURS],
            "counts": demand,
            "peak": [hour in PEAK_HOURS for hour in DEMAND_HOURS],
            "label": _("출발 시각별 요청(건)"),
            "peakLabel": _("09~18시 집중 시간"),
            "otherLabel": _("그 밖의 시간"),
        },
        "xlsx_url": f"{reverse('companion:settlement-xlsx')}?{urlencode(_month_query(year, month, agency))}",
    }
    return render(request, "companion/city/settlement.html", context)


def _month_query(year: int, month: int, agency: Partner | None) -> dict:
    query = {"month": f"{year:04d}-{month:02d}"}
    if agency is not None:
        query["agency"] = agency.pk
    return query


SETTLEMENT_HEADERS = (
    "구분",
    "이용 건수",
    "이용 시간",
    "무료 이용",
    "이용료(원)",
    "취소",
    "취소 수수료(원)",
    "수납 합계(원)",
)


@require_safe
def settlement_xlsx(request):
    """The month's settlement as an Excel file (figures only, no personal data)."""
    from openpyxl import Workbook

    refused = _back_office(request)
    if refused:
        return refused
    result, form = _settlement(request)
    if result is None:
        return HttpResponse(
            " ".join(e for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data, agency, year, month = result
    book = Workbook()
    for index, (title, rows) in enumerate((("기관별", data.by_agency), ("자치구별", data.by_district))):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(SETTLEMENT_HEADERS)
        for row in [*rows, data.total]:
            sheet.append(
                (
                    row.label,
                    row.uses,
                    row.hours,
                    row.free_uses,
                    row.fees,
                    row.cancellations,
                    row.cancel_fees,
                    row.collected,
                )
            )
        for column, width in zip("ABCDEFGH", (24, 10, 10, 10, 14, 8, 16, 16), strict=True):
            sheet.column_dimensions[column].width = width
    sheet = book.create_sheet("시간대별 요청")
    sheet.append(("출발 시각", "요청(건)"))
    for hour in DEMAND_HOURS:
        sheet.append((f"{hour:02d}:00", data.demand_by_hour.get(hour, 0)))
    sheet = book.create_sheet("예산")
    sheet.append(("항목", "금액(원)"))
    sheet.append(("이달 시 부담 비용", data.cost))
    sheet.append(("올해 누적 비용", data.cost_year_to_date))
    sheet.append(("연간 예산", data.budget))
    sheet.append(("예산 집행률(%)", data.budget_used_percent))
    buffer = io.BytesIO()
    book.save(buffer)
    scope = agency.name if agency else "전체"
    filename = f"병원안심동행_정산_{year:04d}-{month:02d}_{scope}.xlsx"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


urlpatterns = [
    path("dispatch/", dispatch_board, name="dispatch-board"),
    path("dispatch/propose/", dispatch_propose, name="dispatch-propose"),
    path("dispatch/confirm/", dispatch_confirm, name="dispatch-confirm"),
    path("dispatch/bookings/<int:pk>/", dispatch_client, name="dispatch-client"),
    path("dispatch/bookings/<int:pk>/cancel/", dispatch_cancel, name="dispatch-cancel"),
    path("dispatch/bookings/<int:pk>/income/", dispatch_income, name="dispatch-income"),
    path("work/", work, name="work"),
    path("work/location/", work_location, name="work-location"),
    path("work/<int:pk>/depart/", work_depart, name="work-depart"),
    path("work/<int:pk>/start/", work_start, name="work-start"),
    path("work/<int:pk>/record/", work_record, name="work-record"),
    path("settlement/", settlement, name="settlement"),
    path("settlement/xlsx/", settlement_xlsx, name="settlement-xlsx"),
]
