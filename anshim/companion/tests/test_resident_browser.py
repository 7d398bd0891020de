"""병원 안심동행 in a real browser. On a desktop: the rules card, booking with the fee estimate
changing as the duration changes, the live status, cancelling, the receipt and the phone booking.
On a 390 px phone each of those pages, in the state that shows its important parts, fits the screen."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts.tests.browser_session import sign_in_fast
from anshim.accounts.tests.factories import UserFactory
from anshim.companion import services
from anshim.companion.models import Booking, BookingChannel, BookingStatus

from .conftest import at, book_by_phone, book_online, make_companion

pytestmark = pytest.mark.django_db(transaction=True)
# Kept under its old name: other browser tests import it from here.
sign_in = sign_in_fast


def fits_the_screen(page) -> bool:
    width = page.evaluate("window.innerWidth")
    return page.evaluate("document.documentElement.scrollWidth") <= width


def next_weekday(days_ahead: int = 2) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def fill_booking(page, day: datetime.date, *, name="김동행", phone="010-2222-3333"):
    page.locator("#id_client_name").fill(name)
    page.locator("#id_client_phone").fill(phone)
    page.get_by_label("출발지 자치구").select_option(label="관악구")
    page.get_by_label("출발지(집) 주소", exact=True).fill("서울특별시 관악구 관악로 1")
    page.get_by_label("병원 이름", exact=True).fill("서울대학교병원")
    page.get_by_label("이용 날짜").fill(day.isoformat())
    page.get_by_label("출발(만남) 시각", exact=True).fill("10:00")
    page.get_by_label("진료 예약 시각", exact=True).fill("10:45")
    page.locator("label", has_text="휠체어 이동 지원").click()
    expect(page.get_by_label("휠체어 이동 지원")).to_be_checked()


def tick_consents(page):
    boxes = page.locator(".consent-item__check input")
    for index in range(boxes.count()):
        page.locator(".consent-item__check label").nth(index).click()
        expect(boxes.nth(index)).to_be_checked()


def test_home_shows_the_rules_in_force(live_server, page, seeds, assert_accessible):
    page.goto(f"{live_server.url}/companion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("병원 안심동행")
    rules = page.locator(".companion-rules")
    expect(rules).to_contain_text("평일 07:00~20:00")
    expect(rules).to_contain_text("주말 09:00~18:00")
    expect(rules).to_contain_text("처음 60분 5,000원, 이후 30분마다 2,500원")
    expect(rules).to_contain_text("연 48회까지 무료")
    expect(rules).to_contain_text("수수료 13,000원")
    expect(page.locator(".companion-notice")).to_contain_text("119")
    assert fits_the_screen(page)
    assert_accessible(page)
    page.get_by_role("link", name="예약하기").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert page.js_errors == []


def test_book_follow_and_cancel(live_server, page, agency, coordinator, assert_accessible):
    resident = UserFactory(email="resident@example.kr", name="김동행", phone="01022223333")
    sign_in_fast(page, live_server, resident)
    day = next_weekday()
    page.goto(f"{live_server.url}/companion/book/")
    expect(page.locator("#id_client_name")).to_have_value("김동행")
    fill_booking(page, day)
    estimate = page.locator("#fee-estimate")
    expect(estimate).to_contain_text("10,000원")  # 2 hours, the default
    page.get_by_label("예상 이용 시간").select_option(label="1시간 30분")
    expect(estimate).to_contain_text("7,500원")
    page.get_by_label("예상 이용 시간").select_option(label="3시간")
    expect(estimate).to_contain_text("15,000원")
    tick_consents(page)
    assert fits_the_screen(page)
    assert_accessible(page)
    page.get_by_role("button", name="예약 접수하기").click()

    expect(page).to_have_url(re.compile(r"/companion/my/\d+/$"))
    booking = Booking.objects.get()
    assert (booking.expected_minutes, booking.needs) == (180, ["wheelchair"])
    expect(page.locator(".site-message")).to_contain_text(f"예약번호는 {booking.pk}입니다")
    expect(page.locator(".companion-step.is-current")).to_contain_text("접수")
    assert_accessible(page)

    # The agency assigns a companion; the next poll of the status block shows them.
    companion_user = UserFactory(username="manager")
    companion = make_companion(agency, name="이동행", user=companion_user, skills=["wheelchair"])
    services.assign(actor=coordinator, booking=booking, companion=companion)
    page.evaluate(
        "url => htmx.ajax('GET', url, {target: '#booking-live', swap: 'outerHTML'})",
        f"/companion/my/{booking.pk}/live/",
    )
    expect(page.locator(".companion-step.is-current")).to_contain_text("배정")
    expect(page.locator("#companion-info")).to_contain_text("이동행 · 요양보호사")
    assert page.locator("#booking-live").get_attribute("hx-trigger") == "every 30s"

    page.get_by_role("link", name="예약 취소").click()
    expect(page.locator("#cancel-fee")).to_contain_text("지금 취소하면 취소 수수료가 없습니다.")
    expect(page.locator("#cancel-fee")).to_contain_text(
        "현장 취소 2회 또는 당일 취소 3회면 1개월 동안 이용할 수 없습니다"
    )
    assert_accessible(page)
    page.get_by_role("button", name="예약 취소하기").click()
    expect(page.locator(".account-error")).to_contain_text("취소 사유를 입력해 주세요.")
    page.get_by_label("취소 사유").fill("다른 날로 바꿀게요")
    page.get_by_role("button", name="예약 취소하기").click()
    expect(page.locator(".site-message")).to_contain_text("취소 수수료는 없습니다")
    expect(page.locator("#cancel-info")).to_contain_text("다른 날로 바꿀게요")
    expect(page.locator("#status-badge")).to_have_text("취소")
    assert fits_the_screen(page)
    assert_accessible(page)
    assert Booking.objects.get().status == BookingStatus.CANCELLED
    assert page.js_errors == []


def test_refusal_is_shown_in_korean(live_server, page, agency):
    sign_in_fast(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/companion/book/")
    fill_booking(page, next_weekday())
    page.get_by_label("출발(만남) 시각", exact=True).fill("19:00")
    page.get_by_label("진료 예약 시각", exact=True).fill("19:30")
    tick_consents(page)
    page.get_by_role("button", name="예약 접수하기").click()
    expect(page.locator("#booking-errors")).to_contain_text("운영시간(평일 07:00~20:00) 밖입니다")
    assert Booking.objects.count() == 0


def test_receipt_after_the_use(live_server, page, agency, coordinator, assert_accessible):
    resident = UserFactory()
    day = timezone.localdate() - datetime.timedelta(days=3)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    pickup = at(day.year, day.month, day.day, 10)
    booking = book_online(resident, pickup_at=pickup, now=pickup - datetime.timedelta(days=1))
    companion_user = UserFactory(username="manager")
    companion = make_companion(agency, name="이동행", user=companion_user)
    services.assign(actor=coordinator, booking=booking, companion=companion)
    services.depart(actor=companion_user, booking=booking)
    services.start_accompanying(actor=companion_user, booking=booking)
    record = services.record_service(
        actor=companion_user,
        booking=booking,
        met_at=pickup,
        returned_at=pickup + datetime.timedelta(minutes=90),
        tasks=["reception", "consultation", "pharmacy"],
    )
    sign_in_fast(page, live_server, resident)
    page.goto(f"{live_server.url}/companion/my/")
    page.get_by_role("link", name=re.compile(f"예약 {booking.pk}")).click()
    expect(page.locator(".companion-step.is-current")).to_contain_text("귀가 완료")
    page.get_by_role("link", name="영수증 보기").click()
    receipt = page.locator("#receipt")
    expect(receipt).to_contain_text(record.receipt_number)
    expect(receipt).to_contain_text("10:00 ~ 11:30 (90분)")
    expect(page.locator("#receipt-fee")).to_have_text("7,500원")
    expect(receipt).to_contain_text("접수, 진료 동행, 약국")
    assert fits_the_screen(page)
    assert_accessible(page)


def test_coordinator_takes_a_phone_booking(live_server, page, coordinator, assert_accessible):
    sign_in_fast(page, live_server, coordinator)
    page.goto(f"{live_server.url}/companion/")
    page.get_by_role("link", name="전화 접수").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("병원 안심동행 전화 접수")
    fill_booking(page, next_weekday(), name="박전화", phone="010-5555-0001")
    page.get_by_label("예상 이용 시간").select_option(label="1시간")
    expect(page.locator("#fee-estimate")).to_contain_text("5,000원")
    assert_accessible(page)
    page.get_by_role("button", name="전화 접수하기").click()
    expect(page.locator(".error-box, .account-error").first).to_contain_text("동의를 받았는지 확인해 주세요")
    page.locator("label", has_text="전화로 개인정보 수집·이용과 운영기관 제공에 대한 동의를 받았습니다").click()
    page.get_by_role("button", name="전화 접수하기").click()
    booking = Booking.objects.get()
    expect(page.locator("#booking-number")).to_have_text(str(booking.pk))
    assert (booking.channel, booking.entered_by_id) == (BookingChannel.PHONE, coordinator.pk)
    assert fits_the_screen(page)
    assert_accessible(page)
    assert page.js_errors == []


def past_weekday_at_ten(days_back: int = 3) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_back)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return at(day.year, day.month, day.day, 10)


def test_every_companion_page_fits_a_phone(live_server, phone_page, agency, coordinator, assert_accessible):
    """On a phone the rules, the booking form with its fee estimate and a refusal, my bookings, a
    booking with its companion, the cancel form with its error, a cancelled booking, the receipt and
    the coordinator's phone booking (form with its error, then the booking number) all fit the
    screen, pass axe and raise no script error."""
    page = phone_page
    page.goto(f"{live_server.url}/companion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("병원 안심동행")
    expect(page.locator(".companion-rules")).to_contain_text("처음 60분 5,000원, 이후 30분마다 2,500원")
    expect(page.locator(".companion-notice")).to_contain_text("119")
    expect(page.get_by_role("link", name="예약하기").first).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)

    resident = UserFactory(email="resident@example.kr", name="김동행", phone="01022223333")
    sign_in_fast(page, live_server, resident)
    page.goto(f"{live_server.url}/companion/book/")
    fill_booking(page, next_weekday())
    expect(page.locator("#fee-estimate")).to_contain_text("10,000원")
    page.get_by_label("출발(만남) 시각", exact=True).fill("19:00")
    page.get_by_label("진료 예약 시각", exact=True).fill("19:30")
    tick_consents(page)
    page.get_by_role("button", name="예약 접수하기").click()
    expect(page.locator("#booking-errors")).to_contain_text("운영시간(평일 07:00~20:00) 밖입니다")
    assert fits_the_screen(page)
    assert_accessible(page)

    companion_user = UserFactory(username="manager")
    companion = make_companion(agency, name="이동행", user=companion_user, skills=["wheelchair"])
    day = next_weekday()
    upcoming = book_online(resident, pickup_at=at(day.year, day.month, day.day, 10), now=timezone.now())
    services.assign(actor=coordinator, booking=upcoming, companion=companion)
    pickup = past_weekday_at_ten()
    used = book_online(resident, pickup_at=pickup, now=pickup - datetime.timedelta(days=1))
    services.assign(actor=coordinator, booking=used, companion=companion)
    services.depart(actor=companion_user, booking=used)
    services.start_accompanying(actor=companion_user, booking=used)
    record = services.record_service(
        actor=companion_user,
        booking=used,
        met_at=pickup,
        returned_at=pickup + datetime.timedelta(minutes=90),
        tasks=["reception", "consultation", "pharmacy"],
    )

    page.goto(f"{live_server.url}/companion/my/")
    expect(page.get_by_role("link", name=re.compile(f"예약 {upcoming.pk}"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(f"예약 {used.pk}"))).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/companion/my/{upcoming.pk}/")
    expect(page.locator(".companion-step.is-current")).to_contain_text("배정")
    expect(page.locator("#companion-info")).to_contain_text("이동행 · 요양보호사")
    expect(page.get_by_role("link", name="예약 취소")).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)

    page.get_by_role("link", name="예약 취소").click()
    expect(page.locator("#cancel-fee")).to_contain_text("지금 취소하면 취소 수수료가 없습니다.")
    page.get_by_role("button", name="예약 취소하기").click()
    expect(page.locator(".account-error")).to_contain_text("취소 사유를 입력해 주세요.")
    assert fits_the_screen(page)
    assert_accessible(page)

    services.cancel(actor=resident, booking=upcoming, reason="다른 날로 바꿀게요")
    page.goto(f"{live_server.url}/companion/my/{upcoming.pk}/")
    expect(page.locator("#status-badge")).to_have_text("취소")
    expect(page.locator("#cancel-info")).to_contain_text("다른 날로 바꿀게요")
    assert fits_the_screen(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/companion/my/{used.pk}/receipt/")
    expect(page.locator("#receipt")).to_contain_text(record.receipt_number)
    expect(page.locator("#receipt-fee")).to_have_text("7,500원")
    assert fits_the_screen(page)
    assert_accessible(page)

    sign_in_fast(page, live_server, coordinator)
    page.goto(f"{live_server.url}/companion/phone/")
    expect(page.get_by_role("heading", level=1)).to_have_text("병원 안심동행 전화 접수")
    fill_booking(page, next_weekday(), name="박전화", phone="010-5555-0001")
    page.get_by_role("button", name="전화 접수하기").click()
    expect(page.locator(".error-box, .account-error").first).to_contain_text("동의를 받았는지 확인해 주세요")
    assert fits_the_screen(page)
    assert_accessible(page)

    by_phone = book_by_phone(coordinator, pickup_at=at(day.year, day.month, day.day, 14), now=timezone.now())
    page.goto(f"{live_server.url}/companion/phone/{by_phone.pk}/")
    expect(page.locator("#booking-number")).to_have_text(str(by_phone.pk))
    assert fits_the_screen(page)
    assert_accessible(page)
    assert page.js_errors == []
