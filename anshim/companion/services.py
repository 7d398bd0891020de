"""병원 안심동행 state changes: booking, cancellation, dispatch, the companion's steps, the service record.

One enum (``BookingStatus``), one transition table, one service per move. Every service takes
keyword-only arguments, checks the actor's permission (``permissions.py``), runs in one transaction,
writes a ``BookingEvent`` for each move and queues the resident's notification when it commits.
Bad input raises a Korean ``ValidationError`` and nothing is stored.

Never double-booked: ``assign`` locks the companion row (``select_for_update``) and only then looks
at the companion's other active jobs, so two coordinators assigning the same companion at once
queue on that lock and the second sees the first's job. On SQLite the IMMEDIATE transactions of
the settings serialise writers the same way. Lock order everywhere: companion, then booking.
"""

from __future__ import annotations

import datetime
import logging
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anshim.accounts.models import ConsentPurpose
from anshim.accounts.services import give_consents
from anshim.companion import cards, dispatch, fees, selectors
from anshim.companion import rules as booking_rules
from anshim.companion.models import (
    Assignment,
    Booking,
    BookingChannel,
    BookingEvent,
    BookingStatus,
    Client,
    Companion,
    IncomeCheck,
    ServiceRecord,
    Skill,
    Task,
)
from anshim.companion.permissions import coordinator_partner_ids
from anshim.geo.boundaries import district_at
from anshim.geo.models import District

logger = logging.getLogger(__name__)

S = BookingStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({S.RECEIVED}),
    S.RECEIVED: frozenset({S.ASSIGNED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.DEPARTED, S.CANCELLED}),
    S.DEPARTED: frozenset({S.ACCOMPANYING, S.CANCELLED}),
    S.ACCOMPANYING: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
SUBJECT_LABEL = "병원 안심동행 예약"
_PHONE = re.compile(r"^0\d{8,10}$")
MIN_MINUTES, MAX_MINUTES = 30, 600


# --- helpers ---------------------------------------------------------------------------------


def _require(actor, perm: str, obj, message: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _move(
    booking: Booking,
    to_status: str,
    *,
    actor,
    reason: str = "",
    template: str = "status_changed",
    extra: dict | None = None,
) -> BookingEvent:
    """Apply one allowed transition and record it; the caller holds the booking's lock.

    The person is told with ``template`` (``status_changed`` unless the move has its own message,
    like ``companion_assigned``); ``extra`` adds that template's values."""
    from_status = booking.status if booking.pk else ""
    if to_status not in TRANSITIONS[from_status]:
        raise ValidationError(
            _("‘%(from)s’ 상태의 예약은 ‘%(to)s’(으)로 바꿀 수 없습니다.")
            % {"from": S(from_status).label if from_status else "-", "to": S(to_status).label}
        )
    booking.status = to_status
    booking.save()
    event = BookingEvent.objects.create(
        booking=booking, from_status=from_status, to_status=to_status, actor=_actor_or_none(actor), reason=reason[:500]
    )
    context = {
        "subject_label": SUBJECT_LABEL,
        "status_label": str(S(to_status).label),
        "name": booking.client.name,
        "reason": event.reason,
        **(extra or {}),
    }
    transaction.on_commit(
        partial(
            _send,
            user=booking.client.user,
            phone=booking.contact_phone,
            template=template,
            context=context,
            key=f"companion:{event.pk}",
        )
    )
    return event


def _send(*, user, phone: str, template: str = "status_changed", context: dict, key: str) -> None:
    from anshim.notifications.models import Channel as NotifyChannel
    from anshim.notifications.services import notify

    # 알림톡 to the phone given with the booking, so a phone request is told too.
    try:
        notify(user=user, to=phone, channel=NotifyChannel.KAKAO, template=template, context=context, key=key)
    except ValueError:
        # A broken contact never undoes a booking already committed.
        logger.warning("companion notification %s not queued", key, exc_info=True)


def _phone(raw: str, label: str) -> str:
    digits = re.sub(r"\D", "", raw or "")
    if not _PHONE.match(digits):
        raise ValidationError(_("%(label)s 번호를 010-1234-5678처럼 입력해 주세요.") % {"label": label})
    return digits


def _text(raw, label: str, max_length: int, *, required: bool = True) -> str:
    value = (raw or "").strip()
    if required and not value:
        raise ValidationError(_("%(label)s을(를) 입력해 주세요.") % {"label": label})
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s은(는) %(max)d자 이내로 입력해 주세요.") % {"label": label, "max": max_length}
        )
    return value


def _aware(value, label: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise ValidationError(_("%(label)s을(를) 날짜와 시각으로 입력해 주세요.") % {"label": label})
    return value


def _codes(values: Iterable[str], allowed: Iterable[str], label: str) -> list[str]:
    values = list(dict.fromkeys(values or ()))
    unknown = [v for v in values if v not in set(allowed)]
    if unknown:
        raise ValidationError(
            _("알 수 없는 %(label)s입니다: %(values)s") % {"label": label, "values": ", ".join(unknown)}
        )
    return values


def _job(booking: Booking) -> dispatch.Job:
    start = timezone.localtime(booking.pickup_at)
    minute = start.hour * 60 + start.minute
    return dispatch.Job(
        pickup=minute, duration=booking.expected_minutes, lat=booking.pickup_lat, lon=booking.pickup_lon
    )


# --- booking ---------------------------------------------------------------------------------


def book(
    *,
    actor,
    channel: str = BookingChannel.ONLINE,
    client_name: str,
    client_phone: str,
    pickup_address: str,
    pickup_lat: float,
    pickup_lon: float,
    hospital_name: str,
    appointment_at: datetime.datetime,
    pickup_at: datetime.datetime,
    expected_minutes: int = 180,
    hospital_address: str = "",
    needs: Iterable[str] = (),
    contact_name: str = "",
    contact_phone: str = "",
    notes: str = "",
    lives_alone: bool | None = None,
    similar_care: Iterable[str] = (),
    consent_text_ids: Iterable[int] = (),
    verbal_consent: bool = False,
    now: datetime.datetime | None = None,
) -> Booking:
    """Take a booking online (the resident, with consent) or by phone (agency or city staff).

    Every limit of the rule version in force on the pick-up date is checked (``rules.check``); a
    refusal lists every reason in Korean and stores nothing.
    """
    now = now or timezone.now()
    if channel not in BookingChannel.values:
        raise ValidationError(_("알 수 없는 접수 경로입니다."))
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("로그인한 뒤 예약할 수 있습니다."))
    name = _text(client_name, _("이용자 이름"), 50)
    phone = _phone(client_phone, _("이용자 휴대전화"))
    address = _text(pickup_address, _("출발지(집) 주소"), 200)
    hospital = _text(hospital_name, _("병원"), 100)
    hospital_address = _text(hospital_address, _("병원 주소"), 200, required=False)
    notes = _text(notes, _("요청 사항"), 1000, required=False)
    contact = _text(contact_name, _("연락받을 사람"), 50, required=False) or name
    contact_phone = _phone(contact_phone, _("연락처")) if contact_phone else phone
    appointment_at = _aware(appointment_at, _("진료 예약 시각"))
    pickup_at = _aware(pickup_at, _("출발 시각"))
    needs = _codes(needs, Skill.values, _("필요한 지원"))
    care = _codes(similar_care, booking_rules.CARE_LABELS, _("돌봄 서비스"))
    try:
        lat, lon, minutes = float(pickup_lat), float(pickup_lon), int(expected_minutes)
    except (TypeError, ValueError):
        raise ValidationError(_("출발지 위치와 예상 이용 시간을 숫자로 입력해 주세요.")) from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            _("예상 이용 시간은 %(min)d분에서 %(max)d분 사이로 입력해 주세요.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        )
    if appointment_at < pickup_at:
        raise ValidationError(_("진료 예약 시각은 출발 시각보다 늦어야 합니다."))
    code = district_at(lat, lon) if math.isfinite(lat) and math.isfinite(lon) else None
    rule_set = selectors.rule_set_on(timezone.localtime(pickup_at).date())
    if rule_set is None:
        raise ValidationError(_("그날 적용할 병원 안심동행 운영 기준이 없습니다."))
    rule = rule_set.as_rule()
    district = District.objects.filter(pk=code).first() if code else None
    partner = selectors.agency_for(district) if district else None
    if channel == BookingChannel.PHONE:
        if partner is not None:
            _require(actor, "companion.take_phone_booking", partner, _("전화 접수는 운영기관 담당자만 할 수 있습니다."))
        elif not (coordinator_partner_ids(actor) or actor.has_perm("companion.manage_rules")):
            raise PermissionDenied(_("전화 접수는 운영기관 담당자만 할 수 있습니다."))
        if not verbal_consent:
            raise ValidationError(_("전화로 개인정보 수집·이용과 운영기관 제공 동의를 받았는지 확인해 주세요."))
    with transaction.atomic():
        client = _client_for(actor=actor, channel=channel, name=name, phone=phone)
        # A repeated submit (double click, reload) finds the first booking under the client's lock.
        duplicate = Booking.objects.filter(client=client, pickup_at=pickup_at).exclude(status=S.CANCELLED).first()
        if duplicate is not None:
            raise ValidationError(
                _("같은 출발 시각에 이미 접수된 예약(예약번호 %(number)s)이 있습니다.") % {"number": duplicate.pk},
                code="duplicate",
            )
        uses, cancellations = selectors.client_history(client)
        request = booking_rules.Request(
            pickup_at=pickup_at,
            expected_minutes=minutes,
            now=now,
            in_seoul=district is not None,
            lives_alone=lives_alone,
            care=frozenset(care),
        )
        reasons = booking_rules.check(rule, request, uses, cancellations)
        if reasons:
            raise ValidationError(reasons)
        if partner is None:
            raise ValidationError(_("이 자치구를 담당하는 운영기관이 아직 없습니다. 120 다산콜센터로 문의해 주세요."))
        if channel == BookingChannel.ONLINE:
            give_consents(user=actor, purpose=ConsentPurpose.COMPANION, text_ids=consent_text_ids)
        booking = Booking(
            client=client,
            partner=partner,
            rule_set=rule_set,
            channel=channel,
            entered_by=actor,
            pickup_address=address,
            pickup_lat=lat,
            pickup_lon=lon,
            district=district,
            hospital_name=hospital,
            hospital_address=hospital_address,
            appointment_at=appointment_at,
            pickup_at=pickup_at,
            expected_minutes=minutes,
            needs=needs,
            contact_name=contact,
            contact_phone=contact_phone,
            notes=notes,
        )
        note = _("예상 이용료 %(fee)s원") % {"fee": f"{fees.service_fee(rule, minutes):,}"}
        if channel == BookingChannel.PHONE:
            # The agreement given on the phone is recorded with who took it (the event's actor).
            note += " · " + _("전화로 개인정보 수집·이용과 운영기관 제공 동의 확인")
        _move(booking, S.RECEIVED, actor=actor, reason=note)
        return booking


def _client_for(*, actor, channel: str, name: str, phone: str) -> Client:
    """The client row, locked so two bookings of one person are checked against the limits one after the other."""
    if channel == BookingChannel.ONLINE:
        client, _created = Client.objects.get_or_create(user=actor, defaults={"name": name, "phone": phone})
        if (client.name, client.phone) != (name, phone):
            Client.objects.filter(pk=client.pk).update(name=name, phone=phone)
    else:
        client = Client.objects.filter(phone=phone, name=name).order_by("pk").first()
        if client is None:
            client = Client.objects.create(name=name, phone=phone)
    return Client.objects.select_for_update().get(pk=client.pk)


def cancel(
    *,
    actor,
    booking: Booking,
    reason: str,
    on_site: bool = False,
    client_request: bool | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Cancel a booking, recording who and why; a late or on-site cancellation asked for by the person
    costs the rule version's fee and counts towards a bar. ``client_request`` defaults to whether the
    actor is the person; staff cancelling for their own reasons (no companion free) charge nothing."""
    _require(actor, "companion.cancel_booking", booking, _("이 예약을 취소할 권한이 없습니다."))
    reason = _text(reason, _("취소 사유"), 500)
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("client", "rule_set").get(pk=booking.pk)
        if booking.status in (S.ACCOMPANYING, S.COMPLETED, S.CANCELLED):
            raise ValidationError(
                _("‘%(status)s’ 상태의 예약은 취소할 수 없습니다.") % {"status": S(booking.status).label}
            )
        by_client = client_request if client_request is not None else booking.client.user_id == actor.pk
        if on_site and booking.status != S.DEPARTED:
            raise ValidationError(_("현장 취소는 동행매니저가 출발한 뒤에만 기록할 수 있습니다."))
        kind, fee = ("", 0)
        if by_client:
            kind, fee = fees.cancellation(
                booking.rule_set.as_rule(), pickup_at=booking.pickup_at, cancelled_at=now, on_site=on_site
            )
        booking.cancelled_by = _actor_or_none(actor)
        booking.cancelled_at = now
        booking.cancel_reason = reason
        booking.cancel_kind = kind
        booking.cancel_fee = fee
        Assignment.objects.filter(booking=booking, active=True).update(active=False, released_at=now)
        note = reason if not fee else _("%(reason)s (취소 수수료 %(fee)s원)") % {"reason": reason, "fee": f"{fee:,}"}
        _move(booking, S.CANCELLED, actor=actor, reason=note)
        return booking


# --- dispatch --------------------------------------------------------------------------------


def assign(*, actor, booking: Booking, companion: Companion, reason: str = "", proposed: bool = False) -> Assignment:
    """Give a booking to a companion of its agency (a new assignment, or an override of the current one).

    Refused when the companion lacks a needed skill, the job falls outside their shift, or it
    overlaps (travel included) another of their jobs. The companion row is locked first.
    """
    _require(actor, "companion.dispatch", booking, _("이 예약을 배정할 권한이 없습니다."))
    if companion.partner_id != booking.partner_id:
        raise ValidationError(_("예약을 맡은 운영기관의 동행매니저에게만 배정할 수 있습니다."))
    with transaction.atomic():
        companion = Companion.objects.select_for_update().get(pk=companion.pk)
        booking = Booking.objects.select_for_update().select_related("client").get(pk=booking.pk)
        if not companion.active:
            raise ValidationError(_("근무 중이 아닌 동행매니저입니다."))
        if booking.status not in (S.RECEIVED, S.ASSIGNED):
            raise ValidationError(
                _("‘%(status)s’ 상태의 예약은 배정할 수 없습니다.") % {"status": S(booking.status).label}
            )
        missing = [str(Skill(code).label) for code in booking.needs if code not in (companion.skills or [])]
        if missing:
            raise ValidationError(
                _("%(name)s 동행매니저는 필요한 지원(%(skills)s)을 할 수 없습니다.")
                % {"name": companion.name, "skills": ", ".join(missing)}
            )
        start, end = timezone.localtime(booking.pickup_at), timezone.localtime(booking.expected_end)
        if start.time() < companion.shift_start or end.date() != start.date() or end.time() > companion.shift_end:
            raise ValidationError(
                _("%(name)s 동행매니저의 근무시간(%(start)s~%(end)s) 밖의 예약입니다.")
                % {
                    "name": companion.name,
                    "start": f"{companion.shift_start:%H:%M}",
                    "end": f"{companion.shift_end:%H:%M}",
                }
            )
        job = _job(booking)
        day_start = start.replace(hour=0, minute=0, second=0, microsecond=0)
        others = (
            Assignment.objects.filter(
                companion=companion,
                active=True,
                booking__pickup_at__gte=day_start,
                booking__pickup_at__lt=day_start + datetime.timedelta(days=1),
            )
            .exclude(booking=booking)
            .select_related("booking")
        )
        for other in others:
            if not dispatch.fits_together(_job(other.booking), job):
                raise ValidationError(
                    _("%(name)s 동행매니저는 %(time)s에 다른 동행(이동 시간 포함)과 겹쳐 배정할 수 없습니다.")
                    % {"name": companion.name, "time": f"{timezone.localtime(other.booking.pickup_at):%H:%M}"}
                )
        previous = Assignment.objects.filter(booking=booking, active=True).select_related("companion").first()
        if previous is not None and previous.companion_id == companion.pk:
            return previous
        now = timezone.now()
        if previous is not None:
            Assignment.objects.filter(pk=previous.pk).update(active=False, released_at=now)
        travel = dispatch.travel_minutes(companion.home_lat, companion.home_lon, booking.pickup_lat, booking.pickup_lon)
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    booking=booking,
                    companion=companion,
                    starts_at=booking.pickup_at - datetime.timedelta(minutes=travel),
                    ends_at=booking.expected_end,
                    proposed=proposed,
                    assigned_by=_actor_or_none(actor),
                )
        except IntegrityError:
            raise ValidationError(_("다른 담당자가 방금 이 예약을 배정했습니다. 화면을 새로 고쳐 주세요.")) from None
        label = _("동행매니저 %(name)s") % {"name": companion.name}
        if companion.qualification:
            label += f" ({companion.qualification})"
        if previous is not None:
            label = _("배정 변경: %(old)s → %(new)s") % {"old": previous.companion.name, "new": label}
        if reason:
            label += f" · {reason}"
        _move(
            booking,
            S.ASSIGNED,
            actor=actor,
            reason=label,
            template="companion_assigned",
            extra=_assigned_context(booking, companion, assignment),
        )
        return assignment


_WEEKDAYS = "월화수목금토일"


def _when(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.year}. {local.month}. {local.day}.({_WEEKDAYS[local.weekday()]}) {local:%H:%M}"


def _assigned_context(booking: Booking, companion: Companion, assignment: Assignment) -> dict:
    """The ``companion_assigned`` 알림톡's values: who comes, when and where, and the signed card link."""
    return {
        "companion_name": companion.name,
        "qualification": companion.qualification,
        "appointment": _when(booking.appointment_at),
        "hospital_name": booking.hospital_name,
        "pickup": _when(booking.pickup_at),
        "url": cards.card_path(assignment),
    }


def confirm_proposal(*, actor, pairs: Iterable[tuple[Booking, Companion]]) -> tuple[list[Assignment], list[str]]:
    """Assign each proposed (booking, companion) pair; a pair that no longer fits is reported, not forced."""
    made, problems = [], []
    for booking, companion in pairs:
        try:
            made.append(assign(actor=actor, booking=booking, companion=companion, proposed=True))
        except ValidationError as exc:
            problems.append(f"{booking}: {' '.join(exc.messages)}")
    return made, problems


# --- the companion's steps -------------------------------------------------------------------


def _own_job(actor, booking: Booking) -> Booking:
    _require(actor, "companion.work_job", booking, _("본인에게 배정된 동행만 처리할 수 있습니다."))
    return Booking.objects.select_for_update().select_related("client", "rule_set").get(pk=booking.pk)


def depart(*, actor, booking: Booking) -> Booking:
    """출발: the companion sets off to the person's door."""
    with transaction.atomic():
        booking = _own_job(actor, booking)
        _move(booking, S.DEPARTED, actor=actor)
        return booking


def start_accompanying(*, actor, booking: Booking) -> Booking:
    """동행 중: the companion met the person at the door."""
    with transaction.atomic():
        booking = _own_job(actor, booking)
        _move(booking, S.ACCOMPANYING, actor=actor)
        return booking


def update_location(*, actor, lat: float, lon: float) -> Companion:
    companion = Companion.objects.filter(user=actor).first() if getattr(actor, "pk", None) else None
    if companion is None:
        raise PermissionDenied(_("동행매니저만 위치를 알릴 수 있습니다."))
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError(_("위치를 숫자로 보내 주세요.")) from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or district_at(lat, lon) is None:
        raise ValidationError(_("서울시 안의 위치가 아닙니다."))
    Companion.objects.filter(pk=companion.pk).update(current_lat=lat, current_lon=lon, located_at=timezone.now())
    companion.refresh_from_db()
    return companion


def record_service(
    *,
    actor,
    booking: Booking,
    met_at: datetime.datetime,
    returned_at: datetime.datetime,
    hospital_arrived_at: datetime.datetime | None = None,
    tasks: Iterable[str] = (),
    notes: str = "",
) -> ServiceRecord:
    """귀가 완료: the companion's record; the fee follows from the minutes and the rule version, free uses included."""
    met_at = _aware(met_at, _("만난 시각"))
    returned_at = _aware(returned_at, _("귀가 시각"))
    if hospital_arrived_at is not None:
        hospital_arrived_at = _aware(hospital_arrived_at, _("병원 도착 시각"))
        if not met_at <= hospital_arrived_at <= returned_at:
            raise ValidationError(_("병원 도착 시각은 만난 시각과 귀가 시각 사이여야 합니다."))
    if returned_at <= met_at:
        raise ValidationError(_("귀가 시각은 만난 시각보다 늦어야 합니다."))
    if returned_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(_("아직 오지 않은 시각은 기록할 수 없습니다."))
    minutes = math.ceil((returned_at - met_at).total_seconds() / 60)
    if minutes > 16 * 60:
        raise ValidationError(_("이용 시간이 너무 깁니다. 시각을 다시 확인해 주세요."))
    tasks = _codes(tasks, Task.values, _("한 일"))
    notes = _text(notes, _("특이 사항"), 2000, required=False)
    with transaction.atomic():
        booking = _own_job(actor, booking)
        assignment = Assignment.objects.get(booking=booking, active=True)
        rule = booking.rule_set.as_rule()
        year = timezone.localtime(met_at).year
        check = IncomeCheck.objects.filter(client=booking.client, year=year).order_by("-checked_at").first()
        free_so_far = ServiceRecord.objects.filter(booking__client=booking.client, free=True, met_at__year=year).count()
        result = fees.charge(
            rule, minutes, share_percent=float(check.share_percent) if check else None, free_uses_so_far=free_so_far
        )
        record = ServiceRecord.objects.create(
            booking=booking,
            companion=assignment.companion,
            met_at=met_at,
            hospital_arrived_at=hospital_arrived_at,
            returned_at=returned_at,
            minutes=minutes,
            tasks=tasks,
            notes=notes,
            fee=result.fee,
            free=result.free,
            fee_reason=result.reason[:200],
            receipt_number=f"AD{timezone.localtime(met_at):%Y%m%d}-{booking.pk:07d}",
            recorded_by=_actor_or_none(actor),
        )
        _move(booking, S.COMPLETED, actor=actor, reason=_("이용료 %(fee)s원") % {"fee": f"{result.fee:,}"})
        return record


def check_income(*, actor, client: Client, partner, year: int, household_size: int, monthly_income: int) -> IncomeCheck:
    """Staff record a checked income proof: at or under the rule's share of 기준 중위소득 gives free uses that year."""
    _require(actor, "companion.check_income", partner, _("소득 확인은 운영기관 담당자만 할 수 있습니다."))
    try:
        household_size, monthly_income, year = int(household_size), int(monthly_income), int(year)
    except (TypeError, ValueError):
        raise ValidationError(_("가구원 수와 소득을 숫자로 입력해 주세요.")) from None
    if household_size < 1 or monthly_income < 0:
        raise ValidationError(_("가구원 수는 1 이상, 소득은 0 이상이어야 합니다."))
    try:
        share = fees.income_share_percent(
            monthly_income=monthly_income, household_size=household_size, on=datetime.date(year, 1, 1)
        )
    except Exception:
        raise ValidationError(_("%(year)s년 기준 중위소득이 없습니다.") % {"year": year}) from None
    return IncomeCheck.objects.create(
        client=client,
        year=year,
        household_size=household_size,
        monthly_income=monthly_income,
        share_percent=Decimal(str(round(share, 1))),
        checked_by=actor,
    )
