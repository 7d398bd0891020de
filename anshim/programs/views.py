import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from anshim.accounts.forms import ConsentForm
from anshim.accounts.masking import mask_name, mask_phone
from anshim.accounts.models import ConsentPurpose
from anshim.accounts.ratelimits import limit_submits
from anshim.accounts.services import record_access
from anshim.catalog.choices import Category
from anshim.catalog.selectors import InvalidFilter
from anshim.geo.selectors import all_districts
from anshim.portal.paging import BadPage, paginate, query_without_page
from anshim.programs import selectors, services
from anshim.programs.forms import ReasonForm, SignupForm
from anshim.programs.models import ACTIVE_STATUSES, ProgramKind, ProgramStatus, Signup, SignupStatus


def program_list(request):
    context = {
        "districts": all_districts(),
        "categories": Category.choices,
        "kinds": ProgramKind.choices,
        "statuses": ProgramStatus.choices,
        "params": request.GET,
    }
    try:
        filters = selectors.ProgramFilters.parse(request.GET)
        page = paginate(request, selectors.programs(filters).order_by("-recruit_start", "pk"))
    except (InvalidFilter, BadPage) as exc:
        context["error"] = str(exc)
        return render(request, "programs/program_list.html", context, status=400)
    context.update(filters=filters, page_obj=page, query=query_without_page(request))
    return render(request, "programs/program_list.html", context)


def _published_program(pk: int):
    program = selectors.program_detail(pk)
    if program is None:
        raise Http404(_("요청한 참여프로그램을 찾을 수 없습니다."))
    return program


def _render_detail(request, program, *, signup_form=None, consent_form=None, errors=(), status=200):
    user = request.user
    my_signup = selectors.active_signup(user, program)
    if signup_form is None and user.is_authenticated:
        signup_form = SignupForm(initial={"name": user.name, "phone": user.phone})
    if consent_form is None and user.is_authenticated:
        consent_form = ConsentForm(purpose=ConsentPurpose.PROGRAM_SIGNUP)
    today = timezone.localdate()
    context = {
        "program": program,
        "related_programs": selectors.related_programs(program),
        "my_signup": my_signup,
        "can_cancel": bool(my_signup)
        and my_signup.status in (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)
        and today <= program.cancel_deadline,
        "recruiting": program.recruiting_on(today),
        "before_recruiting": today < program.recruit_start,
        "signup_form": signup_form,
        "consent_form": consent_form,
        "signup_errors": list(errors),
    }
    return render(request, "programs/program_detail.html", context, status=status)


@require_safe
def program_detail(request, pk: int):
    return _render_detail(request, _published_program(pk))


def _error_messages(exc: ValidationError) -> list[str]:
    return [message for message in exc.messages if message]


@require_POST
@limit_submits
def program_signup(request, pk: int):
    """신청하기: a seat if one is free, else the waiting list; errors come back on the programme page."""
    program = _published_program(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(program.get_absolute_url())
    form = SignupForm(request.POST)
    consent_form = ConsentForm(purpose=ConsentPurpose.PROGRAM_SIGNUP, data=request.POST)
    if not (form.is_valid() and consent_form.is_valid()):
        return _render_detail(request, program, signup_form=form, consent_form=consent_form, status=400)
    try:
        signup = services.sign_up(
            user=request.user,
            program=program,
            name=form.cleaned_data["name"],
            phone=form.cleaned_data["phone"],
            consent_text_ids=consent_form.accepted_text_ids(),
        )
    except ValidationError as exc:
        return _render_detail(
            request, program, signup_form=form, consent_form=consent_form, errors=_error_messages(exc), status=400
        )
    if signup.status == SignupStatus.CONFIRMED:
        messages.success(request, _("신청이 확정되었습니다."))
    else:
        messages.success(
            request,
            _("정원이 차서 대기자로 등록되었습니다. 현재 대기 %(position)d번째입니다.")
            % {"position": signup.waitlist_position()},
        )
    return redirect(program)


@require_POST
@limit_submits
def signup_cancel(request, pk: int):
    """The person cancels their own sign-up; someone else's sign-up id is simply not found."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    signup = get_object_or_404(Signup.objects.select_related("program"), pk=pk, user=request.user)
    program = signup.program
    try:
        services.cancel(signup=signup, actor=request.user)
    except ValidationError as exc:
        if not program.is_published:
            raise Http404(_("요청한 참여프로그램을 찾을 수 없습니다.")) from None
        return _render_detail(request, program, errors=_error_messages(exc), status=400)
    messages.success(request, _("‘%(title)s’ 신청을 취소했습니다.") % {"title": program.title})
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(program)


# --- 센터 담당자: 신청자 관리 ---------------------------------------------------------------


def _staff_only(request):
    """None to go on; a sign-in redirect for the anonymous; 403 for members who are not programme staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selectors.is_program_staff(request.user):
        raise PermissionDenied(_("참여프로그램 담당자만 볼 수 있는 화면입니다."))
    return None


def _managed_program(request, pk: int):
    """Another scope's programme answers 404, so its id is neither confirmed nor denied."""
    return get_object_or_404(selectors.programs_for_staff(request.user), pk=pk)


@require_safe
def manage_list(request):
    refused = _staff_only(request)
    if refused:
        return refused
    programs = (
        selectors.programs_for_staff(request.user)
        .annotate(
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
            online=Count("signups", filter=~Q(signups__status=SignupStatus.CANCELLED)),
        )
        .order_by("-starts_on", "pk")
    )
    try:
        page = paginate(request, programs)
    except BadPage as exc:
        return render(request, "programs/manage_list.html", {"error": str(exc)}, status=400)
    return render(request, "programs/manage_list.html", {"page_obj": page})


def _render_manage(request, program, *, reveal=False, status=200, forms=None, errors=()):
    user = request.user
    signups = selectors.signups_for_program(program)
    for signup in signups:
        if reveal and signup.status in ACTIVE_STATUSES:
            signup.shown_name, signup.shown_phone = signup.name, signup.phone
        else:
            signup.shown_name, signup.shown_phone = mask_name(signup.name), mask_phone(signup.phone)
    today = timezone.localdate()
    context = {
        "program": program,
        "signups": signups,
        "seated": [
            s for s in signups if s.status in (SignupStatus.CONFIRMED, SignupStatus.ATTENDED, SignupStatus.ABSENT)
        ],
        "waiting": [s for s in signups if s.status == SignupStatus.WAITLISTED],
        "cancelled": [s for s in signups if s.status == SignupStatus.CANCELLED],
        "revealed": reveal,
        "can_mark": services.can_mark_attendance(user, program),
        "attendance_open": today >= program.starts_on,
        "reveal_form": ReasonForm(prefix="reveal"),
        "export_form": ReasonForm(prefix="export"),
        "manage_errors": list(errors),
    }
    context.update(forms or {})
    return render(request, "programs/manage_program.html", context, status=status)


@require_safe
def manage_program(request, pk: int):
    refused = _staff_only(request)
    if refused:
        return refused
    return _render_manage(request, _managed_program(request, pk))


def _log_unmasked(*, actor, program, what: str, reason: str) -> list[Signup]:
    """One 접속기록 row per person whose data is about to be shown or exported."""
    # Withdrawn members' rows hold no personal data left to show, so they are neither shown nor logged.
    shown = [s for s in selectors.signups_for_program(program) if s.status in ACTIVE_STATUSES and (s.name or s.phone)]
    for signup in shown:
        # The log is a legal record, kept in Korean whatever language the page is in.
        subject = signup.user or f"{mask_name(signup.name)} ({program.title} 신청자)"
        record_access(actor=actor, subject=subject, what=f"{what} · {program.title}", reason=reason)
    return shown


@require_POST
@limit_submits
def manage_reveal(request, pk: int):
    """개인정보 보기: unmasked names and phones, only with a stated reason that is logged first."""
    refused = _staff_only(request)
    if refused:
        return refused
    program = _managed_program(request, pk)
    form = ReasonForm(request.POST, prefix="reveal")
    if not form.is_valid():
        return _render_manage(request, program, status=400, forms={"reveal_form": form})
    _log_unmasked(
        actor=request.user,
        program=program,
        what="참여프로그램 신청자 이름·휴대전화 조회",
        reason=form.cleaned_data["reason"],
    )
    response = _render_manage(request, program, reveal=True)
    response["Cache-Control"] = "no-store"
    return response


EXPORT_HEADERS = ("순번", "이름", "휴대전화", "상태", "대기 순번", "신청일시", "출석 기록일시")


@require_POST
@limit_submits
def manage_export(request, pk: int):
    """신청자 명단 엑셀: unmasked, so it needs a reason and is logged per person like 개인정보 보기."""
    from openpyxl import Workbook

    refused = _staff_only(request)
    if refused:
        return refused
    program = _managed_program(request, pk)
    form = ReasonForm(request.POST, prefix="export")
    if not form.is_valid():
        return _render_manage(request, program, status=400, forms={"export_form": form})
    shown = _log_unmasked(
        actor=request.user,
        program=program,
        what="참여프로그램 신청자 명단 엑셀 내려받기",
        reason=form.cleaned_data["reason"],
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "신청자"
    sheet.append(EXPORT_HEADERS)
    local = timezone.localtime
    for number, signup in enumerate(shown, start=1):
        sheet.append(
            (
                number,
                signup.name,
                signup.phone,
                signup.get_status_display(),
                signup.position,
                local(signup.created_at).strftime("%Y-%m-%d %H:%M"),
                local(signup.attended_marked_at).strftime("%Y-%m-%d %H:%M") if signup.attended_marked_at else "",
            )
        )
    for column, width in zip("ABCDEFG", (6, 12, 16, 10, 10, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"signups-{program.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _managed_signup(request, pk: int, signup_pk: int):
    program = _managed_program(request, pk)
    signup = get_object_or_404(Signup.objects.select_related("user"), pk=signup_pk, program=program)
    signup.program = program
    return program, signup


@require_POST
@limit_submits
def manage_attendance(request, pk: int, signup_pk: int):
    refused = _staff_only(request)
    if refused:
        return refused
    program, signup = _managed_signup(request, pk, signup_pk)
    attended = request.POST.get("attended")
    if attended not in ("1", "0"):
        return _render_manage(request, program, status=400, errors=[_("참석 또는 불참을 선택해 주세요.")])
    try:
        services.mark_attendance(signup=signup, actor=request.user, attended=attended == "1")
    except ValidationError as exc:
        return _render_manage(request, program, status=400, errors=_error_messages(exc))
    messages.success(request, _("출석을 기록했습니다: %(name)s") % {"name": mask_name(signup.name)})
    return redirect("programs:manage-program", pk=program.pk)


@require_POST
@limit_submits
def manage_cancel(request, pk: int, signup_pk: int):
    refused = _staff_only(request)
    if refused:
        return refused
    program, signup = _managed_signup(request, pk, signup_pk)
    form = ReasonForm(request.POST, prefix=f"cancel-{signup.pk}")
    if not form.is_valid():
        return _render_manage(request, program, status=400, errors=[_("신청을 취소하는 사유를 입력해 주세요.")])
    try:
        services.cancel(signup=signup, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _render_manage(request, program, status=400, errors=_error_messages(exc))
    messages.success(request, _("신청을 취소했습니다: %(name)s") % {"name": mask_name(signup.name)})
    return redirect("programs:manage-program", pk=program.pk)
