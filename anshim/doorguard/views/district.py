"""도어지킴이 pages for 자치구 담당자: the review queue, one application, the waiting list, paper entry,
exports and the monthly settlement.

A 자치구 담당자 works on their own district; 서울시 담당자 (and superusers) may open any district
with ``?district=``; anyone else is refused (403), and another district's application answers 404.
Which round: ``?round=`` among the rounds that gave the district a quota, else the newest. Every
decision goes through ``services`` (which checks the permission again and holds the quota lock).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.ratelimits import limit_submits
from anshim.accounts.scoping import sees_everything
from anshim.accounts.services import record_access
from anshim.doorguard import selection, selectors, services, settlement
from anshim.doorguard.forms.district import (
    BulkSelectForm,
    DecisionForm,
    MonthForm,
    PaperApplicationForm,
    PriorityFactsForm,
    QueueFilterForm,
    ReasonForm,
    application_number,
    previous_month,
)
from anshim.doorguard.models import (
    PENDING_STATUSES,
    Application,
    ApplicationStatus,
    Channel,
    DistrictQuota,
    HousingType,
    SelectionMethod,
    Settlement,
    Subscription,
)
from anshim.doorguard.rules import official_district_codes
from anshim.eligibility.facts import FACTS, Kind
from anshim.eligibility.rules import RuleError, as_rule
from anshim.geo.models import District
from anshim.portal.paging import BadPage, paginate, query_without_page

S = ApplicationStatus
QUEUE_PAGE_SIZE = 50
SELECTABLE = (*PENDING_STATUSES, S.WAITLISTED)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SETTLEMENT_RULE = (
    "보조금은 이용 시작일부터 12개월 동안 월 8,900원이며, 한 달을 다 쓰지 않은 달은 "
    "‘8,900원 × 그 달 이용일수 ÷ 그 달의 날수’를 원 단위 아래 버림으로 계산합니다(시작일과 해지·이전일 모두 이용일에 넣습니다). "
    "월 이용료 9,900원 중 보조금을 뺀 나머지가 자부담이고, 13개월째부터는 보조금 없이 전액 자부담입니다. "
    "중도해지·주소이전 비용은 이용 마지막 날이 속한 달에 셉니다."
)


# --- who and where --------------------------------------------------------------------------


class Refused(Exception):
    """A request that cannot go on: carries the response to send (login redirect or a 400 page)."""

    def __init__(self, response):
        self.response = response


@dataclass
class Desk:
    """The district (and round) an official is working on, as the request chose it."""

    district: District
    districts: list[District]
    quotas: list[DistrictQuota]
    quota: DistrictQuota | None
    is_city: bool

    @property
    def round(self):
        return self.quota.round if self.quota else None

    @property
    def query(self) -> str:
        params = {"district": self.district.pk}
        if self.quota:
            params["round"] = self.quota.round_id
        return urlencode(params)


def _form_errors(form) -> list[str]:
    """A bound form's messages as one flat list, for the pages' single error box."""
    return [message for messages_ in form.errors.values() for message in messages_]


def _error_page(request, message: str, status: int = 400):
    return render(request, "doorguard/district/error.html", {"error": message}, status=status)


def _official(request) -> tuple[bool, set[str]]:
    """(is city-wide, own district codes); refuses the anonymous (login) and anyone without a district desk (403)."""
    user = request.user
    if not user.is_authenticated:
        raise Refused(redirect_to_login(request.get_full_path()))
    is_city = sees_everything(user)
    codes = official_district_codes(user)
    if not is_city and not codes:
        raise PermissionDenied(_("자치구 담당자만 볼 수 있는 화면입니다."))
    return is_city, codes


def _desk(request) -> Desk:
    is_city, codes = _official(request)
    wanted = (request.GET.get("district") or "").strip()
    if is_city:
        districts = list(District.objects.order_by("code"))
    else:
        districts = [d for d in District.objects.filter(code__in=codes).order_by("code")]
    if wanted:
        district = next((d for d in districts if d.pk == wanted), None)
        if district is None:
            if is_city or not District.objects.filter(pk=wanted).exists():
                raise Refused(
                    _error_page(request, _("자치구 코드 ‘%(code)s’을(를) 찾을 수 없습니다.") % {"code": wanted})
                )
            raise PermissionDenied(_("담당 자치구의 화면만 볼 수 있습니다."))
    else:
        district = districts[0]
    quotas = list(
        DistrictQuota.objects.filter(district=district)
        .select_related("round", "round__partner")
        .order_by("-round__year", "-round__opens_on", "-round_id")
    )
    raw_round = (request.GET.get("round") or "").strip()
    quota = quotas[0] if quotas else None
    if raw_round:
        if not raw_round.isascii() or not raw_round.isdigit() or len(raw_round) > 9:
            raise Refused(_error_page(request, _("사업 차수 값이 올바르지 않습니다.")))
        quota = next((q for q in quotas if q.round_id == int(raw_round)), None)
        if quota is None:
            raise Http404(_("이 자치구에 정원이 배정된 사업 차수가 아닙니다."))
    for row in quotas:
        row.district = district  # already loaded; spares a query per use of quota.district
    return Desk(district=district, districts=districts, quotas=quotas, quota=quota, is_city=is_city)


def desk_view(view):
    """Resolve the desk first; the anonymous go to sign in, a bad ``district``/``round`` gets a Korean 400."""

    def wrapper(request, *args, **kwargs):
        try:
            desk = _desk(request)
        except Refused as refused:
            return refused.response
        return view(request, desk, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# --- the queue -------------------------------------------------------------------------------


def _older_cutoff(weights) -> object:
    """Born on or before this day = 만 ``older_age`` 세 or older today (as ``age_at`` counts)."""
    years = math.ceil(weights["older_age"])
    return settlement.add_months(timezone.localdate(), -12 * years)


def priority_score(weights) -> Coalesce:
    """The round's priority score (``selection.score``) as a database expression, so the queue sorts and pages in SQL."""
    cutoff = _older_cutoff(weights)
    zero = Value(0.0)
    parts = [
        Case(When(sex="F", then=Value(float(weights["female"]))), default=zero),
        Case(When(birth_date__lte=cutoff, then=Value(float(weights["older"]))), default=zero),
        Case(
            When(housing_type__in=selection.GOSIWON_HOUSING, then=Value(float(weights["gosiwon"]))),
            When(housing_type__in=selection.BASEMENT_HOUSING, then=Value(float(weights["basement"]))),
            default=zero,
        ),
        Case(When(high_risk_area=True, then=Value(float(weights["high_risk_area"]))), default=zero),
        Coalesce(Cast("committee_score", FloatField()) * Value(float(weights["committee"])), zero),
    ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return Cast(total, FloatField())


QUEUE_FIELDS = (
    "id",
    "round_id",
    "district_id",
    "user_id",
    "channel",
    "name",
    "phone",
    "birth_date",
    "sex",
    "housing_type",
    "high_risk_area",
    "status",
    "committee_score",
    "score",
    "waitlist_position",
    "submitted_at",
)


def _filtered_queue(request, desk: Desk, form: QueueFilterForm) -> QuerySet[Application]:
    data = form.cleaned_data
    status = data.get("status") or "pending"
    statuses = PENDING_STATUSES if status == "pending" else (S.values if status == "all" else [status])
    weights = desk.quota.weights()
    rows = (
        selectors.district_queue(request.user, round=desk.round, district_code=desk.district.pk, statuses=statuses)
        # Only what a row shows: no joined round (its rule JSON) and no facts JSON decoded 50 times a page.
        .select_related(None)
        .only(*QUEUE_FIELDS)
        .annotate(priority=priority_score(weights))
    )
    for fact in data.get("priority") or ():
        if fact == "female":
            rows = rows.filter(sex="F")
        elif fact == "older":
            rows = rows.filter(birth_date__lte=_older_cutoff(weights))
        elif fact == "gosiwon":
            rows = rows.filter(housing_type__in=selection.GOSIWON_HOUSING)
        elif fact == "basement":
            rows = rows.filter(housing_type__in=selection.BASEMENT_HOUSING)
        elif fact == "high_risk_area":
            rows = rows.filter(high_risk_area=True)
    if data.get("channel"):
        rows = rows.filter(channel=data["channel"])
    if data.get("q") is not None:
        rows = rows.filter(pk=data["q"])
    if _sort_of(desk, form) == "score":
        rows = rows.order_by("-priority", "submitted_at", "pk")
    else:
        rows = rows.order_by("submitted_at", "pk")
    return rows


def _sort_of(desk: Desk, form: QueueFilterForm) -> str:
    chosen = form.cleaned_data.get("sort") if form.is_valid() else ""
    if chosen:
        return chosen
    return "score" if desk.quota and desk.quota.method == SelectionMethod.COMMITTEE else "submitted"


def _desk_params(request, desk: Desk) -> str:
    """The current filters without ``page``, always naming the district and round shown."""
    params = request.GET.copy()
    params.pop("page", None)
    params["district"] = desk.district.pk
    params["round"] = str(desk.quota.round_id)
    for key in [key for key, values in params.lists() if not any(v.strip() for v in values)]:
        del params[key]
    return params.urlencode()


def _dress(rows, *, reveal: bool = False):
    """What a row shows, worked out once in Python: a page of 50 rows stays cheap to render."""
    status_labels = dict(S.choices)
    channel_labels = dict(Channel.choices)
    housing_labels = dict(HousingType.choices)
    female, high_risk = _("여성"), _("범죄 취약지역")
    for row in rows:
        row.number = application_number(row.pk)
        row.shown_name = row.name if reveal else mask_name(row.name)
        row.shown_phone = row.phone if reveal else mask_phone(row.phone)
        row.selectable = row.status in SELECTABLE
        row.status_label = str(status_labels.get(row.status, row.status))
        row.channel_label = str(channel_labels.get(row.channel, row.channel))
        row.pick_label = _("%(number)s 고르기") % {"number": row.number}
        facts = []
        if row.sex == "F":
            facts.append(female)
        if row.housing_type in selection.GOSIWON_HOUSING or row.housing_type in selection.BASEMENT_HOUSING:
            facts.append(str(housing_labels[row.housing_type]))
        if row.high_risk_area:
            facts.append(high_risk)
        if row.committee_score is not None:
            facts.append(_("심의 %(score)s점") % {"score": row.committee_score})
        row.fact_labels = facts
        local = timezone.localtime(row.submitted_at)
        row.submitted_label = f"{local.year}. {local.month}. {local.day}. {local:%H:%M}"
    return rows


def _render_queue(request, desk: Desk, *, form=None, errors=(), status=200):
    form = form or QueueFilterForm(request.GET)
    context = {"desk": desk, "form": form, "errors": list(errors), "page_obj": None, "rows": []}
    if desk.quota is None:
        return render(request, "doorguard/district/queue.html", context, status=status)
    if not form.is_valid():
        context["errors"] += _form_errors(form)
        return render(request, "doorguard/district/queue.html", context, status=400)
    try:
        page = paginate(request, _filtered_queue(request, desk, form), QUEUE_PAGE_SIZE)
    except BadPage as exc:
        context["errors"].append(str(exc))
        return render(request, "doorguard/district/queue.html", context, status=400)
    context.update(
        {
            "page_obj": page,
            "rows": _dress(page.object_list),
            "query": _desk_params(request, desk),
            "sort": _sort_of(desk, form),
            "export_form": ReasonForm(prefix="export"),
        }
    )
    return render(request, "doorguard/district/queue.html", context, status=status)


@require_safe
@desk_view
def queue(request, desk: Desk):
    """신청 검토 목록: the round's applications in the district, filtered, sorted and paged."""
    return _render_queue(request, desk)


@require_POST
@limit_submits
@desk_view
def bulk_select(request, desk: Desk):
    """일괄 선정: the ticked applications, in the order shown, as far as the places go."""
    if desk.quota is None:
        return _error_page(request, _("이 자치구에 정원이 배정된 사업 차수가 없습니다."))
    form = BulkSelectForm(request.POST)
    if not form.is_valid():
        errors = _form_errors(form)
        return _render_queue(request, desk, errors=errors, status=400)
    try:
        result = services.bulk_select(
            actor=request.user,
            round=desk.round,
            district=desk.district,
            application_ids=form.cleaned_data["applications"],
        )
    except ValidationError as exc:
        return _render_queue(request, desk, errors=exc.messages, status=400)
    if result.selected:
        messages.success(request, _("%(n)d건을 선정했습니다.") % {"n": len(result.selected)})
    full = [pk for pk, reason in result.skipped if reason == _("정원이 모두 찼습니다.")]
    if full:
        messages.error(
            request,
            _("정원이 모두 차서 %(n)d건은 선정하지 못했습니다: %(numbers)s")
            % {"n": len(full), "numbers": ", ".join(application_number(pk) for pk in full)},
        )
    other = [(pk, reason) for pk, reason in result.skipped if pk not in full]
    for pk, reason in other:
        messages.warning(request, f"{application_number(pk)}: {reason}")
    return redirect(_queue_url(desk, request.GET))


def _queue_url(desk: Desk, params=None) -> str:
    query = params.copy() if params is not None else None
    if query is None:
        return f"{reverse('doorguard:district-queue')}?{desk.query}"
    query.pop("page", None)
    query["district"] = desk.district.pk
    if desk.quota:
        query["round"] = str(desk.quota.round_id)
    return f"{reverse('doorguard:district-queue')}?{query.urlencode()}"


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
@desk_view
def run_selection(request, desk: Desk):
    """선정 실행: GET shows what will happen (the confirm step); POST ranks and selects."""
    if desk.quota is None:
        return _error_page(request, _("이 자치구에 정원이 배정된 사업 차수가 없습니다."))
    if request.method == "POST":
        return _run_selection(request, desk)
    pending = selectors.district_queue(request.user, round=desk.round, district_code=desk.district.pk).count()
    return render(request, "doorguard/district/run_selection.html", {"desk": desk, "pending": pending})


def _run_selection(request, desk: Desk):
    if request.POST.get("confirm") != "yes":
        pending = selectors.district_queue(request.user, round=desk.round, district_code=desk.district.pk).count()
        return render(
            request,
            "doorguard/district/run_selection.html",
            {"desk": desk, "pending": pending, "errors": [_("선정 실행을 확인해 주세요.")]},
            status=400,
        )
    try:
        run = services.run_selection(actor=request.user, round=desk.round, district=desk.district)
    except ValidationError as exc:
        pending = selectors.district_queue(request.user, round=desk.round, district_code=desk.district.pk).count()
        return render(
            request,
            "doorguard/district/run_selection.html",
            {"desk": desk, "pending": pending, "errors": exc.messages},
            status=400,
        )
    messages.success(
        request,
        _("선정을 실행했습니다(%(method)s): %(selected)d명 선정, %(waitlisted)d명 대기자 등록.")
        % {
            "method": desk.quota.get_method_display(),
            "selected": len(run.selected),
            "waitlisted": len(run.waitlisted),
        },
    )
    return redirect(_queue_url(desk))


# --- exports ---------------------------------------------------------------------------------

QUEUE_HEADERS = (
    "신청번호",
    "이름",
    "휴대전화",
    "상태",
    "접수 경로",
    "성별",
    "생년",
    "주택 유형",
    "범죄 취약지역",
    "선정심의 점수",
    "우선순위 점수",
    "대기 순번",
    "신청일시",
)


def _xlsx_response(book, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
@desk_view
def export(request, desk: Desk):
    """신청 목록 엑셀: the filtered queue; names and phones masked (GET) or, with a logged reason, in full (POST)."""
    from openpyxl import Workbook

    if desk.quota is None:
        return _error_page(request, _("이 자치구에 정원이 배정된 사업 차수가 없습니다."))
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return _render_queue(request, desk, form=form)
    reveal = request.method == "POST"
    if reveal:
        return _export_unmasked(request, desk, form)
    return _queue_workbook(Workbook, desk, list(_filtered_queue(request, desk, form)), reveal=False)


def _export_unmasked(request, desk: Desk, form: QueueFilterForm):
    from openpyxl import Workbook

    reason_form = ReasonForm(request.POST, prefix="export")
    if not reason_form.is_valid():
        errors = _form_errors(reason_form)
        return _render_queue(request, desk, errors=[_("엑셀 내려받기: %(e)s") % {"e": " ".join(errors)}], status=400)
    rows = list(_filtered_queue(request, desk, form).select_related("user"))
    reason = reason_form.cleaned_data["reason"]
    for row in rows:
        subject = row.user or f"{mask_name(row.name)} (도어지킴이 {application_number(row.pk)})"
        record_access(
            actor=request.user,
            subject=subject,
            what=f"도어지킴이 신청 목록 엑셀(이름·휴대전화) · {desk.district.name}",
            reason=reason,
        )
    return _queue_workbook(Workbook, desk, rows, reveal=True)


def _queue_workbook(workbook_class, desk: Desk, rows, *, reveal: bool) -> HttpResponse:
    book = workbook_class()
    sheet = book.active
    sheet.title = "신청 목록"
    sheet.append(QUEUE_HEADERS)
    for row in _dress(rows, reveal=reveal):
        sheet.append(
            (
                row.number,
                row.shown_name,
                row.shown_phone,
                row.get_status_display(),
                row.get_channel_display(),
                row.get_sex_display(),
                row.birth_date.year,
                row.get_housing_type_display(),
                "예" if row.high_risk_area else "",
                float(row.committee_score) if row.committee_score is not None else None,
                row.priority,
                row.waitlist_position,
                timezone.localtime(row.submitted_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    for column, width in zip("ABCDEFGHIJKLM", (12, 10, 16, 12, 12, 6, 8, 16, 12, 12, 12, 10, 18), strict=True):
        sheet.column_dimensions[column].width = width
    kind = "full" if reveal else "masked"
    filename = f"doorguard-queue-{desk.district.pk}-r{desk.quota.round_id}-{kind}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx_response(book, filename)


# --- one application -------------------------------------------------------------------------


def _application(request, pk: int) -> Application:
    """The application if it is in one of the official's districts (city: any); else 404."""
    is_city, codes = _official(request)
    rows = Application.objects.select_related("round", "round__partner", "district", "user", "entered_by", "partner")
    if not is_city:
        rows = rows.filter(district_id__in=codes)
    return get_object_or_404(rows, pk=pk)


def _fact_rows(facts: dict) -> list[tuple[str, str]]:
    out = []
    for name, value in (facts or {}).items():
        spec = FACTS.get(name)
        if spec is None:
            continue
        if spec.kind is Kind.BOOL:
            shown = _("예") if value else _("아니오")
        elif spec.kind is Kind.ENUM:
            shown = spec.choice_label(str(value))
        elif spec.kind is Kind.MONEY and isinstance(value, int):
            shown = f"{value:,}원"
        else:
            shown = f"{value}{spec.unit}"
        out.append((spec.label, shown))
    return out


def _render_detail(request, application: Application, *, reveal=False, status=200, forms=None, errors=()):
    quota_row = (
        DistrictQuota.objects.select_related("round")
        .filter(round_id=application.round_id, district_id=application.district_id)
        .first()
    )
    weights = quota_row.weights() if quota_row else selection.clean_weights(application.round.priority_weights)
    candidate = selection.Candidate(
        id=application.pk,
        submitted_at=application.submitted_at,
        female=application.sex == "F",
        age=_age(application),
        housing_type=application.housing_type,
        high_risk_area=application.high_risk_area,
        committee_score=float(application.committee_score) if application.committee_score is not None else None,
    )
    _dress([application], reveal=reveal)
    context = {
        "application": application,
        "quota": quota_row,
        "desk_query": urlencode({"district": application.district_id, "round": application.round_id}),
        "age": candidate.age,
        "priority": selection.score(candidate, weights),
        "weights": weights,
        "older_age": weights["older_age"],
        "fact_rows": _fact_rows(application.facts),
        "eligibility": application.eligibility or {},
        "events": list(application.events.select_related("actor").order_by("at", "pk")),
        "consents": list(application.consents.select_related("text").order_by("given_at")),
        "revealed": reveal,
        "can_decide": application.status in SELECTABLE,
        "can_review": application.status == S.SUBMITTED,
        "priority_form": PriorityFactsForm(
            initial={"committee_score": application.committee_score, "high_risk_area": application.high_risk_area}
        ),
        "decision_form": DecisionForm(),
        "reveal_form": ReasonForm(prefix="reveal"),
        "errors": list(errors),
    }
    context.update(forms or {})
    response = render(request, "doorguard/district/detail.html", context, status=status)
    if reveal:
        response["Cache-Control"] = "no-store"
    return response


def _age(application: Application) -> int:
    from anshim.eligibility.facts import age_at

    return age_at(application.birth_date, timezone.localdate())


@require_safe
def application_detail(request, pk: int):
    """신청 상세: facts, eligibility, priority facts, documents, history and the decisions."""
    try:
        application = _application(request, pk)
    except Refused as refused:
        return refused.response
    return _render_detail(request, application)


@require_POST
@limit_submits
def application_reveal(request, pk: int):
    """개인정보 보기: the full name and phone, only with a reason that is logged first."""
    try:
        application = _application(request, pk)
    except Refused as refused:
        return refused.response
    form = ReasonForm(request.POST, prefix="reveal")
    if not form.is_valid():
        return _render_detail(request, application, status=400, forms={"reveal_form": form})
    subject = application.user or f"{mask_name(application.name)} (도어지킴이 {application_number(application.pk)})"
    record_access(
        actor=request.user,
        subject=subject,
        what=f"도어지킴이 신청인 이름·휴대전화 조회 · {application_number(application.pk)}",
        reason=form.cleaned_data["reason"],
    )
    return _render_detail(request, application, reveal=True)


@require_POST
@limit_submits
def application_decide(request, pk: int):
    """검토 시작 / 선정 / 대기 / 미선정 (사유 필수) on one application."""
    try:
        application = _application(request, pk)
    except Refused as refused:
        return refused.response
    form = DecisionForm(request.POST)
    if not form.is_valid():
        errors = _form_errors(form)
        return _render_detail(request, application, status=400, forms={"decision_form": form}, errors=errors)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
    try:
        if action == "review":
            services.start_review(actor=request.user, application=application)
            done = _("검토를 시작했습니다.")
        elif action == "select":
            services.select(actor=request.user, application=application, reason=reason)
            done = _("선정했습니다. 보안업체에 설치 대상으로 전달됩니다.")
        elif action == "waitlist":
            moved = services.waitlist(actor=request.user, application=application, reason=reason)
            done = _("대기자로 등록했습니다(대기 %(n)d번).") % {"n": moved.waitlist_position}
        else:
            services.reject(actor=request.user, application=application, reason=reason)
            done = _("미선정으로 처리했습니다. 사유가 신청인에게 안내됩니다.")
    except ValidationError as exc:
        application.refresh_from_db()
        return _render_detail(request, application, status=400, forms={"decision_form": form}, errors=exc.messages)
    messages.success(request, f"{application_number(application.pk)}: {done}")
    return redirect("doorguard:district-application", pk=application.pk)


@require_POST
@limit_submits
def application_priority(request, pk: int):
    """선정심의 점수와 범죄 취약지역 (선정 전 신청만)."""
    try:
        application = _application(request, pk)
    except Refused as refused:
        return refused.response
    form = PriorityFactsForm(request.POST)
    if not form.is_valid():
        errors = _form_errors(form)
        return _render_detail(request, application, status=400, forms={"priority_form": form}, errors=errors)
    try:
        services.set_priority_facts(
            actor=request.user,
            application=application,
            committee_score=form.cleaned_data["committee_score"],
            high_risk_area=form.cleaned_data["high_risk_area"],
        )
    except ValidationError as exc:
        return _render_detail(request, application, status=400, forms={"priority_form": form}, errors=exc.messages)
    messages.success(request, _("우선순위 항목을 저장했습니다."))
    return redirect("doorguard:district-application", pk=application.pk)


# --- waiting list --------------------------------------------------------------------------


@require_safe
@desk_view
def waitlist(request, desk: Desk):
    """대기자 명단 in the order places will be offered."""
    context = {"desk": desk, "page_obj": None, "rows": []}
    if desk.quota is not None:
        rows = selectors.waiting_list(request.user, round=desk.round, district_code=desk.district.pk)
        try:
            page = paginate(request, rows, QUEUE_PAGE_SIZE)
        except BadPage as exc:
            return _error_page(request, str(exc))
        context.update({"page_obj": page, "rows": _dress(page.object_list), "query": query_without_page(request)})
    return render(request, "doorguard/district/waitlist.html", context)


# --- paper / phone entry -------------------------------------------------------------------


def _fact_names(desk: Desk):
    try:
        return as_rule(desk.round.rule).fact_names
    except RuleError:
        return ()


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
@desk_view
def paper_entry(request, desk: Desk):
    """방문·전화 접수: the official enters an application taken on paper or by phone."""
    if desk.quota is None:
        return _error_page(request, _("이 자치구에 정원이 배정된 사업 차수가 없습니다."))
    if request.method != "POST":
        form = PaperApplicationForm(fact_names=_fact_names(desk))
        return render(request, "doorguard/district/paper.html", {"desk": desk, "form": form})
    return _paper_submit(request, desk)


def _paper_submit(request, desk: Desk):
    form = PaperApplicationForm(request.POST, fact_names=_fact_names(desk))
    errors: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            application = services.enter_paper_application(
                actor=request.user,
                round=desk.round,
                channel=data["channel"],
                name=data["name"],
                phone=data["phone"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                address=data["address"],
                district=desk.district,
                housing_type=data["housing_type"],
                facts=form.facts(),
                paper_consent_on=data["paper_consent_on"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, field_errors in exc.message_dict.items():
                    if name in form.fields:
                        for message in field_errors:
                            form.add_error(name, message)
                    else:
                        errors.extend(field_errors)
            else:
                errors.extend(exc.messages)
        else:
            messages.success(
                request,
                _("%(number)s로 접수했습니다. 신청인에게 접수 문자가 발송됩니다.")
                % {"number": application_number(application.pk)},
            )
            return redirect("doorguard:district-application", pk=application.pk)
    errors = _form_errors(form) + errors
    return render(request, "doorguard/district/paper.html", {"desk": desk, "form": form, "errors": errors}, status=400)


# --- monthly settlement --------------------------------------------------------------------


@dataclass
class SettlementLine:
    subscription: Subscription
    number: str
    name: str
    figures: settlement.MonthFigures


def _month(request, source) -> tuple[int, int] | None:
    if not source.get("year") and not source.get("month"):
        return previous_month()
    form = MonthForm(source)
    if not form.is_valid():
        return None
    return form.cleaned_data["year"], form.cleaned_data["month"]


def _settlement_lines(desk: Desk, year: int, month: int) -> list[SettlementLine]:
    first, last = settlement.month_bounds(year, month)
    subscriptions = (
        Subscription.objects.filter(application__round=desk.round, district=desk.district, start_date__lte=last)
        .filter(Q(ended_on__gte=first) | Q(ended_on__isnull=True, term_end__gte=first))
        .select_related("application")
        .order_by("start_date", "pk")
    )
    lines = []
    for sub in subscriptions:
        figures = settlement.month_figures(sub.terms(), year, month)
        if figures.active_days or figures.fee:
            lines.append(
                SettlementLine(sub, application_number(sub.application_id), mask_name(sub.application.name), figures)
            )
    return lines


def _settlement_context(desk: Desk, year: int, month: int) -> dict:
    figures = selectors.settlement_for(desk.round, year, month, districts=[desk.district.pk])
    first, _last = settlement.month_bounds(year, month)
    confirmed = (
        Settlement.objects.filter(round=desk.round, district=desk.district, month=first)
        .select_related("confirmed_by")
        .first()
    )
    return {
        "desk": desk,
        "year": year,
        "month": month,
        "lines": _settlement_lines(desk, year, month),
        "total": figures.districts[desk.district.pk],
        "budget_used": figures.budget_used,
        "confirmed": confirmed,
        "can_confirm": confirmed is None and _last < timezone.localdate(),
        "rule": SETTLEMENT_RULE,
        "years": range(min(desk.round.year, year), max(desk.round.year, timezone.localdate().year, year) + 4),
        "months": range(1, 13),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
@desk_view
def settlement_view(request, desk: Desk):
    """월 정산: per-subscription lines and the district's totals for a month; POST confirms (확정)."""
    if desk.quota is None:
        # Nothing to settle yet is a state, not a bad request; confirming it is.
        status = 400 if request.method == "POST" else 200
        return _error_page(request, _("이 자치구에 정원이 배정된 사업 차수가 없습니다."), status=status)
    source = request.POST if request.method == "POST" else request.GET
    chosen = _month(request, source)
    if chosen is None:
        form = MonthForm(source)
        return _error_page(request, " ".join(_form_errors(form)))
    year, month = chosen
    if request.method == "POST":
        return _confirm_settlement(request, desk, year, month)
    return render(request, "doorguard/district/settlement.html", _settlement_context(desk, year, month))


def _confirm_settlement(request, desk: Desk, year: int, month: int):
    try:
        services.confirm_settlement(
            actor=request.user, round=desk.round, district=desk.district, year=year, month=month
        )
    except ValidationError as exc:
        context = _settlement_context(desk, year, month)
        context["errors"] = exc.messages
        return render(request, "doorguard/district/settlement.html", context, status=400)
    messages.success(request, _("%(y)d년 %(m)d월 정산을 확정했습니다.") % {"y": year, "m": month})
    url = reverse("doorguard:district-settlement")
    return redirect(f"{url}?{desk.query}&{urlencode({'year': year, 'month': month})}")


SETTLEMENT_HEADERS = (
    "신청번호",
    "이름",
    "이용 시작일",
    "이용 마지막 날",
    "상태",
    "이용일수",
    "이용료",
    "보조금(시)",
    "자부담",
    "해지·이전 비용",
)


@require_safe
@desk_view
def settlement_xlsx(request, desk: Desk):
    """월 정산 엑셀: what the district sends to the city (names masked)."""
    from openpyxl import Workbook

    if desk.quota is None:
        return _error_page(request, _("이 자치구에 정원이 배정된 사업 차수가 없습니다."))
    chosen = _month(request, request.GET)
    if chosen is None:
        form = MonthForm(request.GET)
        return _error_page(request, " ".join(_form_errors(form)))
    year, month = chosen
    context = _settlement_context(desk, year, month)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}-{month:02d} 정산"
    sheet.append((f"{desk.round} · {desk.district.name} · {year}년 {month}월 도어지킴이 정산",))
    sheet.append((SETTLEMENT_RULE,))
    confirmed = context["confirmed"]
    sheet.append(
        (f"확정: {timezone.localtime(confirmed.confirmed_at):%Y-%m-%d %H:%M}" if confirmed else "미확정(확정 전 금액)",)
    )
    sheet.append(())
    sheet.append(SETTLEMENT_HEADERS)
    for line in context["lines"]:
        sub, f = line.subscription, line.figures
        sheet.append(
            (
                line.number,
                line.name,
                sub.start_date.isoformat(),
                sub.last_day.isoformat(),
                sub.get_status_display(),
                f.active_days,
                f.billed,
                f.subsidy,
                f.resident_share,
                f.fee,
            )
        )
    total = context["total"]
    sheet.append(
        (
            "합계",
            f"이용 {total.active_subscriptions}가구 · 보조 {total.subsidised_subscriptions}가구",
            "",
            "",
            "",
            "",
            total.billed,
            total.subsidy,
            total.resident_share,
            total.fees,
        )
    )
    for column, width in zip("ABCDEFGHIJ", (12, 28, 14, 14, 14, 10, 12, 12, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    filename = f"doorguard-settlement-{desk.district.pk}-{year}{month:02d}.xlsx"
    return _xlsx_response(book, filename)


urlpatterns = [
    path("district/", queue, name="district-queue"),
    path("district/bulk-select/", bulk_select, name="district-bulk-select"),
    path("district/selection/", run_selection, name="district-run-selection"),
    path("district/export/", export, name="district-export"),
    path("district/waitlist/", waitlist, name="district-waitlist"),
    path("district/paper/", paper_entry, name="district-paper"),
    path("district/settlement/", settlement_view, name="district-settlement"),
    path("district/settlement/xlsx/", settlement_xlsx, name="district-settlement-xlsx"),
    path("district/applications/<int:pk>/", application_detail, name="district-application"),
    path("district/applications/<int:pk>/reveal/", application_reveal, name="district-reveal"),
    path("district/applications/<int:pk>/decide/", application_decide, name="district-decide"),
    path("district/applications/<int:pk>/priority/", application_priority, name="district-priority"),
]
