"""Booking, cancellation, dispatch, the companion's steps, the record and the settlement, with the database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anshim.accounts.tests.factories import UserFactory
from anshim.companion import selectors, services
from anshim.companion.models import Assignment, Booking, BookingEvent, BookingStatus, Client, ServiceRecord
from anshim.notifications.models import Notification

from .conftest import MAPO_POINT, OUTSIDE_SEOUL, at, book_by_phone, book_online, make_companion

pytestmark = pytest.mark.django_db

NOW = at(2025, 3, 3, 8)  # Monday morning, rules of 2025


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


# --- booking -------------------------------------------------------------------------------


def test_resident_books_online_with_consent_and_is_told(agency, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    assert booking.status == BookingStatus.RECEIVED
    assert booking.partner == agency
    assert booking.district_id == "11620"
    assert booking.rule_set.name == "2025 병원 안심동행"
    assert booking.client.user == resident
    event = booking.events.get()
    assert event.reason == "예상 이용료 10,000원"
    message = Notification.objects.get(idempotency_key=f"companion:{event.pk}")
    assert (message.channel, message.to) == ("KAKAO", "01022223333")
    assert "접수" in message.body


def test_the_rule_version_of_the_service_date_decides(agency, coordinator):
    booking = book_by_phone(coordinator, pickup_at=at(2022, 3, 4, 10), now=at(2022, 3, 3, 8))
    assert booking.rule_set.name.startswith("2021")
    assert selectors.estimate_fee(booking.rule_set, 61) == 10000
    assert selectors.estimate_fee(selectors.rule_set_on(datetime.date(2025, 1, 1)), 61) == 7500


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pickup_at": at(2025, 3, 3, 7)}, "이미 지난 시각"),
        ({"pickup_at": at(2025, 3, 4, 19)}, "운영시간(평일 07:00~20:00) 밖"),
        ({"point": OUTSIDE_SEOUL}, "서울시 밖"),
        ({"similar_care": ["ELDERLY_CARE"]}, "노인맞춤돌봄"),
        ({"consent_text_ids": []}, "동의해야 합니다"),
        ({"client_phone": "12345"}, "010-1234-5678처럼"),
    ],
)
def test_bad_bookings_are_refused_in_korean_and_nothing_is_stored(agency, resident, kwargs, message):
    kwargs = {"pickup_at": at(2025, 3, 4, 10), **kwargs}
    with pytest.raises(ValidationError) as exc:
        book_online(resident, now=NOW, **kwargs)
    assert message in _messages(exc)
    assert Booking.objects.count() == 0
    assert BookingEvent.objects.count() == 0
    assert Client.objects.count() == 0


def test_over_the_monthly_limit_is_refused(agency, resident):
    for day in range(4, 14):
        if datetime.date(2025, 3, day).weekday() < 5:
            book_online(resident, pickup_at=at(2025, 3, day, 10), now=at(2025, 3, day - 1, 8))
    for day in (17, 18, 19, 20):
        if Booking.objects.count() < 10:
            book_online(resident, pickup_at=at(2025, 3, day, 10), now=at(2025, 3, day - 1, 8))
    assert Booking.objects.count() == 10
    with pytest.raises(ValidationError) as exc:
        book_online(resident, pickup_at=at(2025, 3, 21, 10), now=at(2025, 3, 20, 8))
    assert "월간 이용 한도(10회)" in _messages(exc)
    assert Booking.objects.count() == 10


def test_2021_sixth_use_is_the_last_of_the_year(agency, coordinator):
    for month in range(1, 7):
        book_by_phone(
            coordinator,
            pickup_at=at(2022, month, 10, 10),
            now=at(2022, month, 9, 8),
            client_name="최한도",
            client_phone="010-7777-0000",
        )
    with pytest.raises(ValidationError) as exc:
        book_by_phone(
            coordinator,
            pickup_at=at(2022, 7, 11, 10),
            now=at(2022, 7, 10, 8),
            client_name="최한도",
            client_phone="010-7777-0000",
        )
    assert "연간 이용 한도(6회)" in _messages(exc)


def test_phone_booking_needs_agency_staff_and_stated_consent(agency, coordinator, other_coordinator, resident):
    with pytest.raises(PermissionDenied):
        book_by_phone(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    with pytest.raises(PermissionDenied):
        book_by_phone(other_coordinator, pickup_at=at(2025, 3, 4, 10), now=NOW)
    with pytest.raises(ValidationError) as exc:
        book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10), now=NOW, verbal_consent=False)
    assert "동의를 받았는지" in _messages(exc)
    booking = book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10), now=NOW)
    assert booking.channel == "PHONE"
    assert booking.entered_by == coordinator
    assert booking.client.user is None
    assert "전화로 개인정보 수집·이용과 운영기관 제공 동의 확인" in booking.events.get().reason


# --- cancellation --------------------------------------------------------------------------


def test_late_and_on_site_cancellations_cost_13000_and_two_on_site_bar_for_a_month(agency, coordinator, resident):
    first = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    early = services.cancel(actor=resident, booking=first, reason="일정 변경", now=at(2025, 3, 4, 4, 59))
    assert (early.cancel_kind, early.cancel_fee, early.cancelled_by) == ("", 0, resident)

    second = book_online(resident, pickup_at=at(2025, 3, 5, 10), now=NOW)
    late = services.cancel(actor=resident, booking=second, reason="몸이 나아짐", now=at(2025, 3, 5, 6))
    assert (late.cancel_kind, late.cancel_fee) == ("SAME_DAY", 13000)
    assert "취소 수수료 13,000원" in late.events.last().reason
    assert selectors.receipt(late)["fee"] == 13000

    for day in (6, 7):
        booking = book_online(resident, pickup_at=at(2025, 3, day, 10), now=at(2025, 3, day - 1, 8))
        companion = make_companion(agency)
        services.assign(actor=coordinator, booking=booking, companion=companion)
        companion.user = UserFactory()
        companion.save()
        services.depart(actor=companion.user, booking=booking)
        services.cancel(
            actor=coordinator,
            booking=booking,
            reason="현장에서 거부",
            on_site=True,
            client_request=True,
            now=at(2025, 3, day, 10),
        )
        assert Booking.objects.get(pk=booking.pk).cancel_kind == "ON_SITE"
    with pytest.raises(ValidationError) as exc:
        book_online(resident, pickup_at=at(2025, 3, 11, 10), now=at(2025, 3, 10, 8))
    assert "2025-04-07 10:00까지 이용이 제한" in _messages(exc)


def test_agency_cancelling_for_its_own_reason_charges_nothing(agency, coordinator, resident):
    booking = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    done = services.cancel(
        actor=coordinator, booking=booking, reason="배정 가능한 동행매니저 없음", now=at(2025, 3, 4, 9)
    )
    assert (done.cancel_kind, done.cancel_fee, done.cancelled_by) == ("", 0, coordinator)


def test_only_the_person_or_their_agency_may_cancel(agency, other_coordinator, resident):
    booking = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    with pytest.raises(PermissionDenied):
        services.cancel(actor=other_coordinator, booking=booking, reason="x")
    with pytest.raises(PermissionDenied):
        services.cancel(actor=UserFactory(), booking=booking, reason="x")


# --- dispatch ------------------------------------------------------------------------------


def test_assignment_checks_skills_shift_and_overlap(agency, coordinator, resident):
    first = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW, needs=["wheelchair"])
    second = book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 11), now=NOW)
    plain = make_companion(agency, name="이평범")
    helper = make_companion(agency, name="정휠체어", skills=["wheelchair"])
    evening = make_companion(agency, name="한저녁", shift=(14, 20))
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=coordinator, booking=first, companion=plain)
    assert "휠체어 이동 지원" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=coordinator, booking=second, companion=evening)
    assert "근무시간(14:00~20:00)" in _messages(exc)
    services.assign(actor=coordinator, booking=first, companion=helper)
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=coordinator, booking=second, companion=helper)
    assert "10:00에 다른 동행" in _messages(exc)
    assert Assignment.objects.filter(companion=helper, active=True).count() == 1
    first.refresh_from_db()
    assert first.status == BookingStatus.ASSIGNED
    assert "동행매니저 정휠체어 (요양보호사)" in first.events.last().reason


def test_coordinator_overrides_an_assignment(agency, coordinator, resident):
    booking = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    a, b = make_companion(agency, name="가"), make_companion(agency, name="나")
    services.assign(actor=coordinator, booking=booking, companion=a)
    services.assign(actor=coordinator, booking=booking, companion=b, reason="가 동행매니저 병가")
    assert list(Assignment.objects.filter(booking=booking).values_list("companion__name", "active")) == [
        ("가", False),
        ("나", True),
    ]
    assert "배정 변경: 가 → 동행매니저 나" in booking.events.last().reason


def test_another_agency_cannot_assign(agency, other_agency, coordinator, other_coordinator, resident):
    booking = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)
    theirs = make_companion(other_agency)
    with pytest.raises(PermissionDenied):
        services.assign(actor=other_coordinator, booking=booking, companion=theirs)
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=coordinator, booking=booking, companion=theirs)
    assert "운영기관의 동행매니저" in _messages(exc)


def test_proposal_is_confirmed_by_the_coordinator(agency, coordinator):
    starts = [(9, 0), (11, 30), (14, 0), (16, 0)]
    bookings = [book_by_phone(coordinator, pickup_at=at(2025, 3, 4, h, m), now=NOW, minutes=120) for h, m in starts]
    make_companion(agency, name="오전", shift=(7, 16))
    make_companion(agency, name="오후", shift=(11, 20))
    proposal = selectors.propose_assignments(partner=agency, day=datetime.date(2025, 3, 4), now=NOW, time_limit=1.0)
    assert len(proposal.pairs) == 4
    assert {c.name for b, c in proposal.pairs if b.pk == bookings[-1].pk} == {"오후"}
    made, problems = services.confirm_proposal(actor=coordinator, pairs=proposal.pairs)
    assert (len(made), problems) == (4, [])
    assert all(a.proposed for a in made)
    assert {b.status for b in Booking.objects.filter(pk__in=[b.pk for b in bookings])} == {BookingStatus.ASSIGNED}
    # Assigned jobs are worked around: nothing is left to propose.
    assert selectors.propose_assignments(partner=agency, day=datetime.date(2025, 3, 4), now=NOW).pairs == []


# --- the companion's steps, scope, record and fee ------------------------------------------


def _assigned(agency, coordinator, resident, **kw):
    booking = book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW, **kw)
    user = UserFactory(username=f"companion-{booking.pk}")
    companion = make_companion(agency, user=user)
    services.assign(actor=coordinator, booking=booking, companion=companion)
    return booking, user


def test_companions_see_and_move_only_their_own_jobs(agency, coordinator, resident):
    mine, me = _assigned(agency, coordinator, resident)
    other_resident = UserFactory()
    theirs, them = _assigned(agency, coordinator, other_resident)
    assert list(selectors.jobs_for_companion(me)) == [mine]
    assert list(selectors.bookings_for(me)) == [mine]
    assert list(selectors.bookings_for(resident)) == [mine]
    assert set(selectors.bookings_for(coordinator)) == {mine, theirs}
    with pytest.raises(PermissionDenied):
        services.depart(actor=me, booking=theirs)
    services.depart(actor=me, booking=mine)
    services.start_accompanying(actor=me, booking=mine)
    mine.refresh_from_db()
    assert mine.status == BookingStatus.ACCOMPANYING
    assert [e.to_status for e in mine.events.all()] == ["RECEIVED", "ASSIGNED", "DEPARTED", "ACCOMPANYING"]
    with pytest.raises(ValidationError):
        services.depart(actor=me, booking=mine)
    moved = services.update_location(actor=me, lat=37.5502, lon=126.9820)
    assert (moved.current_lat, moved.current_lon) == (37.5502, 126.9820)
    with pytest.raises(ValidationError):
        services.update_location(actor=me, lat=37.40, lon=127.10)
    with pytest.raises(PermissionDenied):
        services.update_location(actor=coordinator, lat=37.5502, lon=126.9820)


def test_other_agency_sees_nothing(agency, other_coordinator, coordinator, resident):
    _assigned(agency, coordinator, resident)
    assert list(selectors.bookings_for(other_coordinator)) == []


def test_record_computes_the_fee_and_the_receipt(agency, coordinator, resident):
    booking, me = _assigned(agency, coordinator, resident)
    services.depart(actor=me, booking=booking)
    services.start_accompanying(actor=me, booking=booking)
    record = services.record_service(
        actor=me,
        booking=booking,
        met_at=at(2025, 3, 4, 10),
        hospital_arrived_at=at(2025, 3, 4, 10, 30),
        returned_at=at(2025, 3, 4, 12, 5),
        tasks=["reception", "payment", "pharmacy"],
        notes="다음 진료 3월 18일",
    )
    assert (record.minutes, record.fee, record.free) == (125, 12500, False)
    receipt = selectors.receipt(Booking.objects.get(pk=booking.pk))
    assert receipt["fee"] == 12500
    assert receipt["receipt_number"] == record.receipt_number
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.COMPLETED


def test_checked_low_income_makes_the_use_free(agency, coordinator, resident):
    booking, me = _assigned(agency, coordinator, resident)
    check = services.check_income(
        actor=coordinator, client=booking.client, partner=agency, year=2025, household_size=1, monthly_income=2_000_000
    )
    assert float(check.share_percent) == pytest.approx(83.6)
    services.depart(actor=me, booking=booking)
    services.start_accompanying(actor=me, booking=booking)
    record = services.record_service(
        actor=me, booking=booking, met_at=at(2025, 3, 4, 10), returned_at=at(2025, 3, 4, 13)
    )
    assert (record.fee, record.free) == (0, True)
    assert "1/48회" in record.fee_reason


def test_bad_records_are_refused(agency, coordinator, resident):
    booking, me = _assigned(agency, coordinator, resident)
    services.depart(actor=me, booking=booking)
    services.start_accompanying(actor=me, booking=booking)
    with pytest.raises(ValidationError) as exc:
        services.record_service(actor=me, booking=booking, met_at=at(2025, 3, 4, 12), returned_at=at(2025, 3, 4, 10))
    assert "귀가 시각은 만난 시각보다" in _messages(exc)
    with pytest.raises(PermissionDenied):
        services.record_service(
            actor=coordinator, booking=booking, met_at=at(2025, 3, 4, 10), returned_at=at(2025, 3, 4, 12)
        )
    assert not ServiceRecord.objects.exists()


# --- settlement ----------------------------------------------------------------------------


def test_monthly_settlement_per_agency_and_district(agency, coordinator, resident, city_official):
    booking, me = _assigned(agency, coordinator, resident)
    services.depart(actor=me, booking=booking)
    services.start_accompanying(actor=me, booking=booking)
    services.record_service(actor=me, booking=booking, met_at=at(2025, 3, 4, 10), returned_at=at(2025, 3, 4, 13))
    late = book_by_phone(coordinator, pickup_at=at(2025, 3, 5, 14), now=NOW, point=MAPO_POINT)
    services.cancel(actor=coordinator, booking=late, reason="본인 요청", client_request=True, now=at(2025, 3, 5, 12))
    result = selectors.monthly_settlement(year=2025, month=3)
    assert (result.total.uses, result.total.hours, result.total.fees, result.total.cancel_fees) == (
        1,
        3.0,
        15000,
        13000,
    )
    assert result.total.collected == 28000
    assert [(r.label, r.uses, r.cancellations) for r in result.by_district] == [("관악구", 1, 0), ("마포구", 0, 1)]
    assert [r.label for r in result.by_agency] == ["시험 동행기관"]
    # 3 hours at 20,000 KRW less the 15,000 KRW the person paid.
    assert result.cost == 45000
    assert result.budget == 342_000_000
    assert result.demand_by_hour[10] == 1 and result.demand_by_hour[14] == 1
    assert selectors.monthly_settlement(year=2025, month=4).total.uses == 0
