"""The resident's 병원 안심동행 pages and the call centre's phone booking, through the test client.

The clock is fixed (Monday 2025-03-03 08:00 in Seoul, rules of 2025) so every rule can be hit on
purpose; the fee estimate is checked against hand-computed numbers for both rule versions.
"""

import datetime
import html

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Consent, ConsentPurpose, ConsentText
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.tests.factories import UserFactory
from anshim.companion import services
from anshim.companion.models import Booking, BookingChannel, BookingEvent, BookingStatus, Client
from anshim.concurrency_testing import run_together

from .conftest import at, book_online, make_companion

pytestmark = pytest.mark.django_db

NOW = at(2025, 3, 3, 8)  # Monday morning, rules of 2025


class Clock:
    def __init__(self, value):
        self.value = value


@pytest.fixture(autouse=True)
def consent_texts_in_force(seeds):
    """The consent notices take effect in 2026; the fixed clock of these tests is in 2025 and 2022."""
    ConsentText.objects.filter(purpose=ConsentPurpose.COMPANION).update(effective_from=at(2021, 1, 1))


@pytest.fixture
def clock(monkeypatch):
    """The time the pages (and services) see; tests move it."""
    current = Clock(NOW)
    monkeypatch.setattr(timezone, "now", lambda: current.value)
    return current


def text(response) -> str:
    return html.unescape(response.content.decode())


def booking_data(**overrides) -> dict:
    data = {
        "client_name": "김동행",
        "client_phone": "010-2222-3333",
        "district": "11620",
        "pickup_address": "서울특별시 관악구 관악로 1",
        "hospital_name": "서울대학교병원",
        "hospital_address": "서울특별시 종로구 대학로 101",
        "service_date": "2025-03-04",
        "pickup_time": "10:00",
        "appointment_time": "10:45",
        "expected_minutes": "120",
        "needs": ["wheelchair"],
        "lives_alone": "on",
        "contact_phone": "",
        "notes": "휠체어를 씁니다",
    }
    for text_ in current_consent_texts(ConsentPurpose.COMPANION):
        data[f"consent_{text_.pk}"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def signed_in(client, resident, agency, clock):
    client.force_login(resident)
    return client


# --- 안내 ------------------------------------------------------------------------------------


def test_home_shows_the_2025_rules_in_force(client, seeds, clock):
    response = client.get(reverse("companion:home"))
    assert response.status_code == 200
    page = text(response)
    for expected in (
        "2025 병원 안심동행",
        "평일 07:00~20:00",
        "주말 09:00~18:00",
        "주말은 미리 예약한 경우만",
        "7일 전부터",
        "3시간 안에 출발",
        "처음 60분 5,000원, 이후 30분마다 2,500원",
        "1시간 30분: 7,500원",
        "교통비",
        "기준 중위소득 100% 이하인 분은 연 48회까지 무료",
        "한 달 10회",
        "1년 200시간",
        "수수료 13,000원",
        "현장 취소 2회 또는 당일 취소 3회면 1개월 동안 이용할 수 없습니다",
        "장기요양 등급, 노인맞춤돌봄서비스",
        "119",
        "약국",
        "입원·퇴원",
    ):
        assert expected in page, expected
    assert reverse("companion:book") in page


def test_home_shows_the_2021_rules_when_they_were_in_force(client, seeds, clock):
    clock.value = at(2022, 3, 3, 8)
    page = text(client.get(reverse("companion:home")))
    assert "2021 시범 운영" in page
    assert "60분마다 5,000원" in page
    assert "1년 6회" in page
    assert "1인가구" in page
    assert "소득과 관계없이" in page
    assert "취소 수수료는 없습니다" in page


# --- 예약 ------------------------------------------------------------------------------------


def test_booking_needs_signing_in(client, seeds):
    response = client.get(reverse("companion:book"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_booking_form_shows_the_estimate_and_consent(signed_in):
    response = signed_in.get(reverse("companion:book"))
    assert response.status_code == 200
    page = text(response)
    assert 'hx-get="/companion/book/estimate/"' in page
    assert "10,000원" in page  # the default 2 hours under 2025
    assert "개인정보 동의" in page
    assert "휠체어 이동 지원" in page and "수어" in page and "영어" in page


def test_resident_books_and_lands_on_the_status_page(signed_in, resident):
    response = signed_in.post(reverse("companion:book"), booking_data())
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("companion:booking-status", args=[booking.pk])
    assert booking.channel == BookingChannel.ONLINE
    assert booking.client.user == resident
    assert booking.district_id == "11620"
    assert booking.needs == ["wheelchair"]
    assert timezone.localtime(booking.pickup_at) == at(2025, 3, 4, 10)
    assert booking.expected_minutes == 120
    assert Consent.objects.filter(user=resident, text__purpose=ConsentPurpose.COMPANION).exists()
    page = text(signed_in.get(response["Location"]))
    assert f"예약번호는 {booking.pk}입니다" in page
    assert "접수" in page


def test_a_double_submit_makes_one_booking(signed_in):
    first = signed_in.post(reverse("companion:book"), booking_data())
    second = signed_in.post(reverse("companion:book"), booking_data())
    booking = Booking.objects.get()
    assert first["Location"] == second["Location"] == reverse("companion:booking-status", args=[booking.pk])
    assert "이미 접수된 예약입니다" in text(signed_in.get(second["Location"]))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_make_one_booking(resident, agency, clock):
    clients = []
    for _ in range(4):
        one = WebClient()
        one.force_login(resident)
        clients.append(one)
    data = booking_data()
    results = run_together([lambda c=c: c.post(reverse("companion:book"), data) for c in clients])
    booking = Booking.objects.get()
    status_url = reverse("companion:booking-status", args=[booking.pk])
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert {r["Location"] for r in results} == {status_url}


@pytest.mark.parametrize(
    ("overrides", "now", "message"),
    [
        ({"service_date": "2025-03-03", "pickup_time": "07:00", "appointment_time": "07:30"}, None, "이미 지난 시각"),
        ({"pickup_time": "19:00", "appointment_time": "19:30"}, None, "운영시간(평일 07:00~20:00) 밖"),
        (
            {"service_date": "2025-03-08", "pickup_time": "10:00", "appointment_time": "10:30"},
            at(2025, 3, 8, 8),
            "주말은 미리 예약한 경우에만 이용할 수 있습니다(당일 예약 불가).",
        ),
        (
            {"service_date": "2025-03-03", "pickup_time": "14:00", "appointment_time": "14:30"},
            None,
            "당일 예약은 지금부터 3시간 안에 출발하는 경우만 가능합니다.",
        ),
        ({"pickup_address": "경기도 성남시 분당구 판교로 1"}, None, "서울시 밖입니다"),
        (
            {"pickup_address": "서울특별시 강남구 테헤란로 1"},
            None,
            "주소의 자치구(강남구)가 고른 자치구(관악구)와 다릅니다.",
        ),
        ({"district": "41135"}, None, "서울시 25개 자치구 가운데에서 골라 주세요."),
        ({"similar_care": ["ELDERLY_CARE"]}, None, "이미 비슷한 돌봄 서비스(노인맞춤돌봄서비스)를 받고 있어"),
        ({"service_date": "2025-03-14"}, None, "예약은 7일 뒤까지만 할 수 있습니다."),
        ({"client_phone": "12345"}, None, "010-1234-5678처럼"),
        ({"expected_minutes": "45"}, None, "예상 이용 시간을 목록에서 골라 주세요."),
        ({"hospital_name": ""}, None, "병원 이름을 입력해 주세요."),
        ({"appointment_time": "09:00"}, None, "진료 예약 시각은 출발 시각보다 늦어야 합니다."),
    ],
)
def test_bad_bookings_are_refused_with_400_in_korean(signed_in, clock, overrides, now, message):
    if now is not None:
        clock.value = now
    response = signed_in.post(reverse("companion:book"), booking_data(**overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert Booking.objects.count() == 0
    assert BookingEvent.objects.count() == 0
    assert Client.objects.count() == 0


def test_missing_consent_is_refused(signed_in):
    data = {k: v for k, v in booking_data().items() if not k.startswith("consent_")}
    response = signed_in.post(reverse("companion:book"), data)
    assert response.status_code == 400
    assert "동의해야 합니다" in text(response)
    assert Booking.objects.count() == 0


def test_over_the_monthly_limit_is_refused(signed_in, resident):
    days = [d for d in range(4, 20) if datetime.date(2025, 3, d).weekday() < 5][:10]
    for day in days:
        book_online(resident, pickup_at=at(2025, 3, day, 10), now=at(2025, 3, day - 1, 8))
    response = signed_in.post(
        reverse("companion:book"),
        booking_data(service_date="2025-03-04", pickup_time="14:00", appointment_time="14:30"),
    )
    assert response.status_code == 400
    assert "월간 이용 한도(10회)를 넘습니다. 이번 달 이미 10회 이용(예약)했습니다." in text(response)
    assert Booking.objects.count() == 10


def test_a_barred_person_is_refused(signed_in, resident):
    # Three same-day cancellations (within 5 hours of the pick-up) bar the person for a month.
    for day in (24, 25, 26):
        booking = book_online(resident, pickup_at=at(2025, 2, day, 10), now=at(2025, 2, day - 1, 8))
        services.cancel(actor=resident, booking=booking, reason="몸이 나아졌어요", now=at(2025, 2, day, 8))
    response = signed_in.post(reverse("companion:book"), booking_data())
    assert response.status_code == 400
    assert "잦은 당일·현장 취소로 2025-03-26 08:00까지 이용이 제한되었습니다." in text(response)
    assert Booking.objects.exclude(status=BookingStatus.CANCELLED).count() == 0


def test_the_2021_rules_refuse_people_not_living_alone(signed_in, clock):
    clock.value = at(2022, 3, 3, 8)
    response = signed_in.post(reverse("companion:book"), booking_data(service_date="2022-03-04", lives_alone=None))
    assert response.status_code == 400
    assert "혼자 사는 분(1인가구)만" in text(response)
    assert Booking.objects.count() == 0


# --- 예상 이용료 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "minutes", "fee"),
    [
        ("2025-03-04", 60, "5,000원"),
        ("2025-03-04", 90, "7,500원"),  # 5,000 + one further half-hour 2,500
        ("2025-03-04", 120, "10,000원"),
        ("2025-03-04", 150, "12,500원"),
        ("2025-03-04", 300, "25,000원"),
        ("2022-03-04", 60, "5,000원"),
        ("2022-03-04", 90, "10,000원"),  # 2021: every started hour 5,000
        ("2022-03-04", 120, "10,000원"),
        ("2022-03-04", 150, "15,000원"),
    ],
)
def test_fee_estimate_follows_the_rule_version_of_the_date(client, seeds, clock, day, minutes, fee):
    response = client.get(reverse("companion:fee-estimate"), {"service_date": day, "expected_minutes": minutes})
    assert response.status_code == 200
    assert fee in text(response)
    assert ("2021" if day.startswith("2022") else "2025") in text(response)


def test_fee_estimate_refuses_a_bad_duration(client, seeds, clock):
    response = client.get(reverse("companion:fee-estimate"), {"expected_minutes": "abc"})
    assert response.status_code == 400
    assert "예상 이용 시간을 목록에서 골라 주세요." in text(response)
    response = client.get(reverse("companion:fee-estimate"), {"service_date": "내일", "expected_minutes": "90"})
    assert response.status_code == 400
    assert "날짜를 2025-03-04처럼 입력해 주세요." in text(response)


def test_the_booking_form_recomputes_the_estimate_on_a_refusal(signed_in):
    response = signed_in.post(reverse("companion:book"), booking_data(expected_minutes="90", pickup_time="19:00"))
    assert response.status_code == 400
    assert "7,500원" in text(response)


# --- 진행 상황, 취소, 영수증 -----------------------------------------------------------------


@pytest.fixture
def my_booking(resident, agency, clock):
    return book_online(resident, pickup_at=at(2025, 3, 4, 10), now=NOW)


def test_status_page_follows_the_booking(signed_in, my_booking, agency, coordinator):
    url = reverse("companion:booking-status", args=[my_booking.pk])
    page = text(signed_in.get(url))
    assert 'aria-current="step"' in page
    assert "운영기관이 동행매니저를 배정하고 있습니다" in page
    assert f'hx-get="{reverse("companion:booking-live", args=[my_booking.pk])}"' in page
    assert 'hx-trigger="every 30s"' in page
    companion_user = UserFactory(username="manager")
    companion = make_companion(agency, name="이동행", user=companion_user)
    services.assign(actor=coordinator, booking=my_booking, companion=companion)
    live = text(signed_in.get(reverse("companion:booking-live", args=[my_booking.pk])))
    assert "이동행" in live and "요양보호사" in live
    assert "배정" in live
    services.depart(actor=companion_user, booking=my_booking)
    live = text(signed_in.get(reverse("companion:booking-live", args=[my_booking.pk])))
    assert 'id="status-badge">출발<' in live


def test_my_bookings_lists_only_mine(signed_in, my_booking, agency):
    other = UserFactory(username="someone-else")
    theirs = book_online(other, pickup_at=at(2025, 3, 5, 10), now=NOW, client_name="남의예약")
    page = text(signed_in.get(reverse("companion:my-bookings")))
    assert reverse("companion:booking-status", args=[my_booking.pk]) in page
    assert reverse("companion:booking-status", args=[theirs.pk]) not in page


@pytest.mark.parametrize("name", ["booking-status", "booking-live", "booking-cancel", "booking-receipt"])
def test_another_persons_booking_is_not_found(client, clock, agency, name):
    owner, stranger = UserFactory(username="owner"), UserFactory(username="stranger")
    booking = book_online(owner, pickup_at=at(2025, 3, 4, 10), now=NOW)
    client.force_login(stranger)
    assert client.get(reverse(f"companion:{name}", args=[booking.pk])).status_code == 404
    if name == "booking-cancel":
        assert client.post(reverse(f"companion:{name}", args=[booking.pk]), {"reason": "x"}).status_code == 404
        assert Booking.objects.get().status == BookingStatus.RECEIVED


def test_early_cancellation_is_free(signed_in, my_booking):
    url = reverse("companion:booking-cancel", args=[my_booking.pk])
    page = text(signed_in.get(url))
    assert "지금 취소하면 취소 수수료가 없습니다." in page
    assert "현장 취소 2회 또는 당일 취소 3회면 1개월 동안 이용할 수 없습니다" in page
    response = signed_in.post(url, {"reason": "다른 날로 바꿀게요"})
    assert response.status_code == 302
    my_booking.refresh_from_db()
    assert (my_booking.status, my_booking.cancel_fee) == (BookingStatus.CANCELLED, 0)
    page = text(signed_in.get(response["Location"]))
    assert "취소 수수료는 없습니다" in page
    assert "취소한 사람: 본인" in page
    assert "다른 날로 바꿀게요" in page


def test_late_cancellation_states_and_charges_the_fee(signed_in, my_booking, clock):
    clock.value = at(2025, 3, 4, 6)  # four hours before the pick-up
    url = reverse("companion:booking-cancel", args=[my_booking.pk])
    assert "출발 5시간 이내의 당일 취소라 취소 수수료 13,000원이 부과됩니다." in text(signed_in.get(url))
    response = signed_in.post(url, {"reason": "급한 일이 생겼어요"})
    assert response.status_code == 302
    my_booking.refresh_from_db()
    assert (my_booking.cancel_kind, my_booking.cancel_fee) == ("SAME_DAY", 13000)
    assert "취소 수수료 13,000원이 부과됩니다" in text(signed_in.get(response["Location"]))
    receipt = text(signed_in.get(reverse("companion:booking-receipt", args=[my_booking.pk])))
    assert "13,000원" in receipt and "당일 취소" in receipt


def test_cancelling_after_departure_is_an_on_site_cancellation(signed_in, my_booking, agency, coordinator, clock):
    companion_user = UserFactory(username="manager")
    services.assign(actor=coordinator, booking=my_booking, companion=make_companion(agency, user=companion_user))
    services.depart(actor=companion_user, booking=my_booking)
    url = reverse("companion:booking-cancel", args=[my_booking.pk])
    assert "현장 취소가 되고, 취소 수수료 13,000원" in text(signed_in.get(url))
    signed_in.post(url, {"reason": "집에 없어요"})
    my_booking.refresh_from_db()
    assert (my_booking.cancel_kind, my_booking.cancel_fee) == ("ON_SITE", 13000)


def test_cancellation_needs_a_reason_and_an_open_booking(signed_in, my_booking):
    url = reverse("companion:booking-cancel", args=[my_booking.pk])
    response = signed_in.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "취소 사유를 입력해 주세요." in text(response)
    assert Booking.objects.get().status == BookingStatus.RECEIVED
    signed_in.post(url, {"reason": "안 가도 돼요"})
    again = signed_in.post(url, {"reason": "또 취소"})
    assert again.status_code == 400
    assert "‘취소’ 상태의 예약은 취소할 수 없습니다." in text(again)


def test_receipt_after_the_use(signed_in, my_booking, agency, coordinator, clock):
    receipt_url = reverse("companion:booking-receipt", args=[my_booking.pk])
    assert signed_in.get(receipt_url).status_code == 404
    companion_user = UserFactory(username="manager")
    services.assign(
        actor=coordinator, booking=my_booking, companion=make_companion(agency, name="이동행", user=companion_user)
    )
    services.depart(actor=companion_user, booking=my_booking)
    services.start_accompanying(actor=companion_user, booking=my_booking)
    clock.value = at(2025, 3, 4, 13)
    services.record_service(
        actor=companion_user,
        booking=my_booking,
        met_at=at(2025, 3, 4, 10),
        returned_at=at(2025, 3, 4, 11, 30),
        tasks=["reception", "pharmacy"],
    )
    status_page = text(signed_in.get(reverse("companion:booking-status", args=[my_booking.pk])))
    assert "귀가 완료" in status_page and receipt_url in status_page
    assert "hx-trigger" not in status_page  # nothing left to follow
    page = text(signed_in.get(receipt_url))
    assert "7,500원" in page  # 90 minutes under 2025
    assert "10:00 ~ 11:30 (90분)" in page
    assert "서울대학교병원" in page and "이동행" in page
    assert "접수, 약국" in page
    assert "AD20250304-" in page


# --- 전화 접수 -------------------------------------------------------------------------------


def phone_data(**overrides):
    fields = {"client_name": "박전화", "client_phone": "010-5555-0001", "verbal_consent": "on", **overrides}
    data = booking_data(**fields)
    return {k: v for k, v in data.items() if not k.startswith("consent_")}


def test_coordinator_takes_a_phone_booking(client, coordinator, clock):
    client.force_login(coordinator)
    assert client.get(reverse("companion:phone-book")).status_code == 200
    response = client.post(reverse("companion:phone-book"), phone_data())
    booking = Booking.objects.get()
    assert response["Location"] == reverse("companion:phone-booked", args=[booking.pk])
    assert (booking.channel, booking.entered_by, booking.client.user) == (BookingChannel.PHONE, coordinator, None)
    assert booking.client.name == "박전화"
    page = text(client.get(response["Location"]))
    assert f'id="booking-number">{booking.pk}<' in page
    assert "전화(콜센터)" in page
    again = client.post(reverse("companion:phone-book"), phone_data())
    assert again["Location"] == response["Location"]
    assert Booking.objects.count() == 1


def test_city_official_takes_a_phone_booking(client, city_official, agency, clock):
    client.force_login(city_official)
    response = client.post(reverse("companion:phone-book"), phone_data())
    assert response.status_code == 302
    assert Booking.objects.get().channel == BookingChannel.PHONE


def test_phone_booking_without_the_verbal_consent_is_refused(client, coordinator, clock):
    client.force_login(coordinator)
    response = client.post(reverse("companion:phone-book"), phone_data(verbal_consent=None))
    assert response.status_code == 400
    assert "동의를 받았는지 확인해 주세요" in text(response)
    assert Booking.objects.count() == 0


def test_phone_booking_checks_the_same_rules(client, coordinator, clock):
    client.force_login(coordinator)
    response = client.post(reverse("companion:phone-book"), phone_data(pickup_time="19:00", appointment_time="19:30"))
    assert response.status_code == 400
    assert "운영시간(평일 07:00~20:00) 밖" in text(response)
    assert Booking.objects.count() == 0


def test_another_agencys_coordinator_cannot_book_in_this_agencys_district(client, other_coordinator, agency, clock):
    client.force_login(other_coordinator)
    assert client.get(reverse("companion:phone-book")).status_code == 200
    response = client.post(reverse("companion:phone-book"), phone_data())
    assert response.status_code == 403
    assert Booking.objects.count() == 0


def test_residents_cannot_take_phone_bookings(signed_in):
    assert signed_in.get(reverse("companion:phone-book")).status_code == 403
    assert signed_in.post(reverse("companion:phone-book"), phone_data()).status_code == 403
    assert Booking.objects.count() == 0
