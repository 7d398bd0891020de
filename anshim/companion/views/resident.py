"""병원 안심동행 pages for residents (rules, booking, live status, cancellation, receipt) and the
call centre's phone booking. Thin: the rules are checked by ``services.book``/``services.cancel``.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from anshim.accounts.forms import ConsentForm
from anshim.accounts.models import ConsentPurpose, Partner
from anshim.accounts.ratelimits import limit_submits
from anshim.companion import cards, selectors, services
from anshim.companion import rules as booking_rules
from anshim.companion.forms.resident import (
    DEFAULT_MINUTES,
    BookingForm,
    CancelForm,
    EstimateForm,
    PhoneBookingForm,
    duration_label,
)
from anshim.companion.models import Booking, BookingChannel, BookingStatus, Task
from anshim.companion.permissions import coordinator_partner_ids

S = BookingStatus
STEPS = [S.RECEIVED, S.ASSIGNED, S.DEPARTED, S.ACCOMPANYING, S.COMPLETED]
POLL_SECONDS = 30


def _messages(exc: ValidationError) -> list[str]:
    return [message for message in exc.messages if message]


def _estimate_context(day: datetime.date | None, minutes: int) -> dict:
    rule_set = selectors.rules_in_force(day)
    if rule_set is None:
        return {"estimate_error": _("그날 적용할 병원 안심동행 운영 기준이 없습니다.")}
    return {
        "estimate_rule": rule_set,
        "estimate_fee": selectors.estimate_fee(rule_set, minutes),
        "estimate_duration": duration_label(minutes),
    }


# --- 안내 ------------------------------------------------------------------------------------


def may_take_phone_bookings(user) -> bool:
    """City officials and the staff of a companion agency (coordinators)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm("companion.manage_rules"):
        return True
    partners = coordinator_partner_ids(user)
    return bool(partners) and Partner.objects.filter(pk__in=partners, kind=Partner.Kind.COMPANION).exists()


@require_safe
def home(request):
    rule_set = selectors.rules_in_force()
    context = {"rule": rule_set, "can_take_phone": may_take_phone_bookings(request.user)}
    if rule_set is not None:
        context["fee_examples"] = [(duration_label(m), selectors.estimate_fee(rule_set, m)) for m in (60, 90, 120, 180)]
        context["care_labels"] = [
            _(label) for code, label in booking_rules.CARE_LABELS.items() if code in rule_set.excluded_care
        ]
    return render(request, "companion/resident/home.html", context)


# --- 예약 ------------------------------------------------------------------------------------


def _initial_booking() -> dict:
    return {"service_date": timezone.localdate() + datetime.timedelta(days=1), "expected_minutes": DEFAULT_MINUTES}


def _render_book(request, form, consent_form, *, errors=(), status=200):
    minutes = DEFAULT_MINUTES
    day = None
    if form.is_bound and form.is_valid():
        minutes, day = form.cleaned_data["expected_minutes"], form.cleaned_data["service_date"]
    elif not form.is_bound:
        day = form.initial.get("service_date")
    context = {"form": form, "consent_form": consent_form, "errors": list(errors), **_estimate_context(day, minutes)}
    return render(request, "companion/resident/book.html", context, status=status)


def _already_booked(*, channel: str, form: BookingForm, user) -> Booking | None:
    """The booking a repeated submit of this form already made (same person, pick-up and hospital)."""
    data = form.cleaned_data
    found = Booking.objects.filter(
        channel=channel, pickup_at=data["pickup_at"], hospital_name=data["hospital_name"].strip()
    ).exclude(status=S.CANCELLED)
    if channel == BookingChannel.ONLINE:
        found = found.filter(client__user=user)
    else:
        found = found.filter(client__name=data["client_name"].strip(), entered_by=user)
    return found.first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def book(request):
    if request.method != "POST":
        initial = {**_initial_booking(), "client_name": request.user.name, "client_phone": request.user.phone}
        return _render_book(request, BookingForm(initial=initial), ConsentForm(purpose=ConsentPurpose.COMPANION))
    form = BookingForm(request.POST)
    consent_form = ConsentForm(purpose=ConsentPurpose.COMPANION, data=request.POST)
    if not (form.is_valid() and consent_form.is_valid()):
        return _render_book(request, form, consent_form, status=400)
    try:
        booking = services.book(
            actor=request.user,
            channel=BookingChannel.ONLINE,
            consent_text_ids=consent_form.accepted_text_ids(),
            **form.booking_arguments(),
        )
    except ValidationError as exc:
        earlier = _already_booked(channel=BookingChannel.ONLINE, form=form, user=request.user)
        if earlier is not None:
            messages.info(request, _("이미 접수된 예약입니다. 같은 예약은 한 번만 접수됩니다."))
            return redirect("companion:booking-status", pk=earlier.pk)
        return _render_book(request, form, consent_form, errors=_messages(exc), status=400)
    messages.success(
        request,
        _("예약이 접수되었습니다. 예약번호는 %(number)s입니다. 배정되면 알림톡으로 알려 드립니다.")
        % {"number": booking.pk},
    )
    return redirect("companion:booking-status", pk=booking.pk)


@require_safe
def fee_estimate(request):
    """The estimated fee for the chosen date and duration, as an HTML fragment (htmx swaps it in)."""
    form = EstimateForm(request.GET)
    if not form.is_valid():
        if "service_date" in form.errors:
            message = _("날짜를 2025-03-04처럼 입력해 주세요.")
        else:
            message = _("예상 이용 시간을 목록에서 골라 주세요.")
        return render(request, "companion/resident/_fee_estimate.html", {"estimate_error": message}, status=400)
    context = _estimate_context(form.cleaned_data["service_date"], form.cleaned_data["expected_minutes"])
    return render(request, "companion/resident/_fee_estimate.html", context)


# --- 내 예약 ---------------------------------------------------------------------------------


def _own_booking(request, pk: int) -> Booking:
    booking = selectors.own_bookings(request.user).filter(pk=pk).first()
    if booking is None:
        raise Http404(_("요청한 예약을 찾을 수 없습니다."))
    return booking


def _status_context(booking: Booking) -> dict:
    events = list(booking.events.select_related("actor"))
    reached = {event.to_status: timezone.localtime(event.at) for event in events}
    current = STEPS.index(booking.status) if booking.status in STEPS else -1
    steps = [
        {"label": step.label, "at": reached.get(step), "done": index < current, "current": index == current}
        for index, step in enumerate(STEPS)
    ]
    cancelled_by_client = booking.cancelled_by_id is not None and booking.cancelled_by_id == booking.client.user_id
    assignment = cards.active_assignment(booking)
    companion = assignment.companion if assignment is not None else None
    return {
        "booking": booking,
        "steps": steps,
        "companion": companion,
        # The same signed address the 알림톡 card uses: the photo never has a public one.
        "companion_photo_url": cards.photo_path(assignment) if companion is not None and companion.photo else "",
        "cancelled": booking.status == S.CANCELLED,
        "cancelled_by_client": cancelled_by_client,
        "can_cancel": booking.status in (S.RECEIVED, S.ASSIGNED, S.DEPARTED),
        "has_receipt": booking.status == S.COMPLETED or (booking.status == S.CANCELLED and booking.cancel_fee > 0),
        "live": booking.status not in (S.COMPLETED, S.CANCELLED),
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@require_safe
def my_bookings(request):
    bookings = list(selectors.own_bookings(request.user))
    return render(request, "companion/resident/my_bookings.html", {"bookings": bookings})


@login_required
@require_safe
def booking_status(request, pk: int):
    booking = _own_booking(request, pk)
    return render(request, "companion/resident/status.html", _status_context(booking))


@login_required
@require_safe
def booking_live(request, pk: int):
    """The status block alone, polled by the status page every 30 seconds."""
    booking = _own_booking(request, pk)
    return render(request, "companion/resident/_status.html", _status_context(booking))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def booking_cancel(request, pk: int):
    booking = _own_booking(request, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            preview = selectors.cancellation_preview(booking)
            try:
                services.cancel(
                    actor=request.user, booking=booking, reason=form.cleaned_data["reason"], on_site=preview.on_site
                )
            except ValidationError as exc:
                errors = _messages(exc)
            else:
                booking.refresh_from_db()
                if booking.cancel_fee:
                    messages.warning(
                        request,
                        _("예약을 취소했습니다. 취소 수수료 %(fee)s원이 부과됩니다.")
                        % {"fee": f"{booking.cancel_fee:,}"},
                    )
                else:
                    messages.success(request, _("예약을 취소했습니다. 취소 수수료는 없습니다."))
                return redirect("companion:booking-status", pk=booking.pk)
    elif booking.status not in (S.RECEIVED, S.ASSIGNED, S.DEPARTED):
        errors = [_("‘%(status)s’ 상태의 예약은 취소할 수 없습니다.") % {"status": S(booking.status).label}]
    context = {
        "booking": booking,
        "form": form,
        "errors": errors,
        "preview": selectors.cancellation_preview(booking),
        "rule": booking.rule_set,
        "cancellable": booking.status in (S.RECEIVED, S.ASSIGNED, S.DEPARTED),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "companion/resident/cancel.html", context, status=status)


@login_required
@require_safe
def booking_receipt(request, pk: int):
    booking = _own_booking(request, pk)
    data = selectors.receipt(booking)
    if "fee" not in data:
        raise Http404(_("영수증은 귀가 완료 뒤(또는 수수료가 있는 취소 뒤)에 볼 수 있습니다."))
    tasks = [str(Task(code).label) for code in data.get("tasks", ()) if code in Task.values]
    return render(request, "companion/resident/receipt.html", {"booking": booking, "receipt": data, "tasks": tasks})


# --- 전화 접수 -------------------------------------------------------------------------------


def _phone_staff(request) -> None:
    if not may_take_phone_bookings(request.user):
        raise PermissionDenied(_("전화 접수는 운영기관 담당자와 서울시 담당자만 할 수 있습니다."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@limit_submits
def phone_book(request):
    _phone_staff(request)
    if request.method != "POST":
        return _render_phone(request, PhoneBookingForm(initial=_initial_booking()))
    form = PhoneBookingForm(request.POST)
    if not form.is_valid():
        return _render_phone(request, form, status=400)
    try:
        booking = services.book(
            actor=request.user,
            channel=BookingChannel.PHONE,
            verbal_consent=form.cleaned_data["verbal_consent"],
            **form.booking_arguments(),
        )
    except ValidationError as exc:
        earlier = _already_booked(channel=BookingChannel.PHONE, form=form, user=request.user)
        if earlier is not None:
            return redirect("companion:phone-booked", pk=earlier.pk)
        return _render_phone(request, form, errors=_messages(exc), status=400)
    return redirect("companion:phone-booked", pk=booking.pk)


def _render_phone(request, form, *, errors=(), status=200):
    minutes, day = DEFAULT_MINUTES, form.initial.get("service_date")
    if form.is_bound and form.is_valid():
        minutes, day = form.cleaned_data["expected_minutes"], form.cleaned_data["service_date"]
    context = {"form": form, "errors": list(errors), **_estimate_context(day, minutes)}
    return render(request, "companion/resident/phone_book.html", context, status=status)


@login_required
@require_safe
def phone_booked(request, pk: int):
    """The booking number to read out to the caller."""
    _phone_staff(request)
    booking = Booking.objects.select_related("client", "partner", "district", "rule_set").filter(pk=pk).first()
    if booking is None or not request.user.has_perm("companion.view_booking", booking):
        raise Http404(_("요청한 예약을 찾을 수 없습니다."))
    fee = selectors.estimate_fee(booking.rule_set, booking.expected_minutes)
    return render(request, "companion/resident/phone_booked.html", {"booking": booking, "fee": fee})


# --- 동행매니저 확인 카드 (알림톡 링크) -----------------------------------------------------------


def _card_headers(response):
    # The link is a key: no shared cache keeps the page, no search engine lists it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def companion_card(request, token: str):
    """Who comes to the door: the companion's photo, name and qualification, for the booking's phone.

    No login: the 알림톡 may reach a phone with no account. The signed token is the proof
    (``cards``); the page shows nothing of the person beyond what the phone's owner already knows.
    """
    card = cards.read_token(token)
    if card is None:
        return _card_headers(render(request, "companion/resident/card_invalid.html", status=404))
    booking = card.booking
    companion = card.assignment.companion
    context = {
        "booking": booking,
        "changed": card.changed,
        "cancelled": booking.status == S.CANCELLED,
        "companion": None if card.changed else companion,
        "photo_url": "" if card.changed or not companion.photo else cards.photo_path(card.assignment),
        # The last day it opens (it stops at the midnight after it).
        "valid_through": (cards.expires_at(booking) - datetime.timedelta(days=1)).date(),
    }
    # A link that no longer shows the person is gone, not broken: 410 tells caches and checkers so.
    status = 410 if card.changed else 200
    return _card_headers(render(request, "companion/resident/card.html", context, status=status))


@require_safe
def companion_card_photo(request, token: str):
    card = cards.read_token(token)
    photo = card.assignment.companion.photo if card is not None and not card.changed else None
    if not photo:
        raise Http404(_("사진을 찾을 수 없습니다."))
    try:
        handle = photo.storage.open(photo.name, "rb")
    except FileNotFoundError:
        raise Http404(_("사진을 찾을 수 없습니다.")) from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


urlpatterns = [
    path("", home, name="home"),
    path("c/<str:token>/", companion_card, name="companion-card"),
    path("c/<str:token>/photo/", companion_card_photo, name="companion-card-photo"),
    path("book/", book, name="book"),
    path("book/estimate/", fee_estimate, name="fee-estimate"),
    path("my/", my_bookings, name="my-bookings"),
    path("my/<int:pk>/", booking_status, name="booking-status"),
    path("my/<int:pk>/live/", booking_live, name="booking-live"),
    path("my/<int:pk>/cancel/", booking_cancel, name="booking-cancel"),
    path("my/<int:pk>/receipt/", booking_receipt, name="booking-receipt"),
    path("phone/", phone_book, name="phone-book"),
    path("phone/<int:pk>/", phone_booked, name="phone-booked"),
]
