"""병원 안심동행 back office in a real browser: the coordinator's board (propose → confirm), the companion's
phone page (출발 → 동행 시작 → record) and the settlement's chart, on a desktop and a 390 px phone."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from anshim.companion import services
from anshim.companion.tests._dispatch_world import at_local, book_on, done_job, next_weekday, workers

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_board_propose_then_confirm(live_server, page, phone_page, agency, coordinator, assert_accessible, size):
    browser_page = page if size == "desktop" else phone_page
    team = workers(agency)
    day = next_weekday()
    wheel = book_on(coordinator, day, 10, needs=["wheelchair"], hospital_name="서울대학교병원")
    book_on(coordinator, day, 10, 30, hospital_name="보라매병원")
    log_in(browser_page, live_server, coordinator)
    browser_page.goto(f"{live_server.url}/companion/dispatch/?day={day.isoformat()}")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("동행 배정")
    expect(browser_page.locator("#requests-table tbody tr")).to_have_count(2)
    expect(browser_page.locator("#companions-table")).to_contain_text("안동행")
    assert_accessible(browser_page)
    browser_page.get_by_role("button", name="배정 제안 받기").click()
    expect(browser_page.locator("#proposal-served")).to_have_text("2 / 2건")
    select = browser_page.get_by_label(re.compile("10:00 서울대학교병원 요청의 동행매니저"))
    expect(select).to_have_value(str(team.ahn.pk))
    assert_accessible(browser_page)
    if size == "phone":
        fits_the_phone(browser_page)
    browser_page.get_by_role("button", name="배정 확정").click()
    expect(browser_page.get_by_role("status")).to_contain_text("2건을 배정했습니다")
    expect(browser_page.locator(f"#booking-{wheel.pk}")).to_contain_text("안동행")
    expect(browser_page.locator("#requests-table")).not_to_contain_text("접수")
    assert browser_page.js_errors == []


def test_board_override_to_a_busy_companion_shows_the_reason(live_server, page, agency, coordinator, assert_accessible):
    team = workers(agency)
    day = next_weekday()
    taken = book_on(coordinator, day, 10)
    services.assign(actor=coordinator, booking=taken, companion=team.bae)
    book_on(coordinator, day, 10, 30, hospital_name="보라매병원")
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/companion/dispatch/?day={day.isoformat()}")
    page.get_by_role("button", name="배정 제안 받기").click()
    page.get_by_label(re.compile("10:30 보라매병원 요청의 동행매니저")).select_option(label="배동행")
    page.get_by_role("button", name="배정 확정").click()
    expect(page.get_by_role("alert")).to_contain_text("배정하지 못했습니다")
    expect(page.locator("#confirm-table")).to_contain_text("겹쳐 배정할 수 없습니다")
    assert_accessible(page)


def test_phone_page_depart_start_record(live_server, phone_page, agency, coordinator, assert_accessible):
    team = workers(agency)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    booking = book_on(coordinator, yesterday, 10, hospital_name="서울대학교병원")
    services.assign(actor=coordinator, booking=booking, companion=team.ahn)
    log_in(phone_page, live_server, team.ahn.user)
    phone_page.goto(f"{live_server.url}/companion/work/")
    job = phone_page.locator(f"#job-{booking.pk}")
    expect(job).to_contain_text("서울특별시 관악구 남부순환로 1")
    assert_accessible(phone_page)
    fits_the_phone(phone_page)
    job.get_by_role("button", name="출발").click()
    expect(phone_page.get_by_role("status")).to_contain_text("출발을 알렸습니다")
    phone_page.locator(f"#job-{booking.pk}").get_by_role("button", name="동행 시작").click()
    phone_page.locator(f"#job-{booking.pk}").get_by_role("link", name="서비스 기록하기").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("서비스 기록")
    assert_accessible(phone_page)
    fits_the_phone(phone_page)
    phone_page.get_by_label("만난 시각").fill("10:05")
    phone_page.get_by_label("귀가 시각").fill("11:46")
    # KRDS draws the box on the label, so the label is what a finger taps.
    phone_page.locator("label", has_text="접수").click()
    phone_page.locator("label", has_text="약국").click()
    phone_page.get_by_role("button", name="기록 저장").click()
    expect(phone_page.locator("#record-fee")).to_have_text("이용료 10,000원")
    expect(phone_page.locator("#record")).to_contain_text("101분")
    assert_accessible(phone_page)
    assert phone_page.js_errors == []


def test_record_error_on_the_phone(live_server, phone_page, agency, coordinator):
    team = workers(agency)
    booking = done_job(coordinator, team.ahn, timezone.localdate() - datetime.timedelta(days=1))
    log_in(phone_page, live_server, team.ahn.user)
    phone_page.goto(f"{live_server.url}/companion/work/{booking.pk}/record/")
    phone_page.get_by_label("만난 시각").fill("12:00")
    phone_page.get_by_label("귀가 시각").fill("10:00")
    phone_page.get_by_role("button", name="기록 저장").click()
    expect(phone_page.get_by_role("alert")).to_contain_text("귀가 시각은 만난 시각보다 늦어야 합니다")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_settlement_chart(live_server, page, phone_page, agency, coordinator, city_official, assert_accessible, size):
    browser_page = page if size == "desktop" else phone_page
    team = workers(agency)
    day = timezone.localdate() - datetime.timedelta(days=1)
    booking = done_job(coordinator, team.ahn, day)
    services.record_service(
        actor=team.ahn.user, booking=booking, met_at=at_local(day, 10), returned_at=at_local(day, 12)
    )
    log_in(browser_page, live_server, city_official)
    browser_page.goto(f"{live_server.url}/companion/settlement/?month={day:%Y-%m}")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("병원 안심동행 월 정산")
    expect(browser_page.locator("#by-agency")).to_contain_text("시험 동행기관")
    expect(browser_page.locator("canvas#demand-chart")).to_be_visible()
    counts = browser_page.evaluate("() => Chart.getChart('demand-chart').data.datasets[0].data")
    assert counts[3] == 1 and sum(counts) == 1
    expect(browser_page.locator("#budget-meter")).to_be_attached()
    assert_accessible(browser_page)
    if size == "phone":
        fits_the_phone(browser_page)
    assert browser_page.js_errors == []
