"""병원 안심동행 across its four roles in one browser walk: a resident reads the rules and books online,
the agency's coordinator asks for a proposal and confirms (or overrides) it, the companion works the job
on a phone and records it, the resident follows the live status to 귀가 완료 and opens the receipt,
and the city counts the use in the month's settlement and its Excel file.

Time is real (nothing is frozen), so the walk picks its day from the clock and the rule in force:
- While a same-day booking can still be served today (2025 rule: a weekday, pick-up within 3 hours
  and inside 07:00~20:00), the resident books a pick-up about two minutes from now. That is too soon
  for any companion to travel to (5 minutes at least), so the proposal leaves it open and the
  coordinator assigns the companion by hand. A record may not lie in the future, so the companion
  records the few minutes that really passed.
- Otherwise (nights, weekends) the resident books tomorrow 10:00; the proposal takes the companion.
  The job is then tomorrow's: the phone page lists it under 다가오는 동행 without a 출발 button, the
  resident sees it 배정, and the month's settlement has no use yet.

Expected numbers are computed by hand from the 2025 rule (the version in force since 2025-01-01):
5,000원 for the first 60 minutes, then 2,500원 for every started 30 minutes; no free use without an
income check.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts.models import Consent, ConsentPurpose
from anshim.accounts.tests.factories import UserFactory
from anshim.companion import rules, selectors
from anshim.companion.models import Assignment, Booking, BookingChannel, BookingStatus, ServiceRecord
from anshim.companion.tests._dispatch_world import at_local
from anshim.companion.tests.conftest import make_companion
from anshim.companion.tests.test_dispatch_browser import fits_the_phone
from anshim.companion.tests.test_resident_browser import fill_booking, sign_in, tick_consents
from anshim.doorguard.tests.test_resident_browser import sign_in as sign_in_with_password

pytestmark = pytest.mark.django_db(transaction=True)
S = BookingStatus
EXPECTED_MINUTES = 90  # booked as 1시간 30분: 5,000 + 1 × 2,500 = 7,500원 estimated
AGENCY = "시험 동행기관"  # the conftest agency, serving 관악구, 마포구 and 강남구


def minute(when: datetime.datetime) -> datetime.datetime:
    return when.replace(second=0, microsecond=0)


def walk_pickup(now: datetime.datetime) -> tuple[datetime.datetime, bool]:
    """(pick-up, same day): two minutes ahead when the rule in force still allows that today, else tomorrow 10:00."""
    soon = timezone.localtime(minute(now + datetime.timedelta(minutes=2)) + datetime.timedelta(minutes=1))
    rule = selectors.rule_set_on(soon.date()).as_rule()
    request = rules.Request(pickup_at=soon, expected_minutes=EXPECTED_MINUTES, now=now, lives_alone=True)
    if soon.date() == timezone.localdate(now) and not rules.check(rule, request):
        return soon, True
    pickup = at_local(timezone.localdate(now) + datetime.timedelta(days=1), 10)
    request = rules.Request(pickup_at=pickup, expected_minutes=EXPECTED_MINUTES, now=now, lives_alone=True)
    assert rules.check(selectors.rule_set_on(pickup.date()).as_rule(), request) == []
    return pickup, False


def poll_now(page):
    """Let the status page's 30-second poll come due at once (the browser's clock only; the server's is real)."""
    page.clock.fast_forward("00:31")


def test_booking_to_receipt_and_settlement_across_resident_agency_companion_and_city(
    live_server, browser, page, phone_page, agency, coordinator, city_official, assert_accessible
):
    resident = UserFactory(email="walk@example.kr", name="김동행", phone="010-2222-3333")
    manager = make_companion(agency, name="이동행", skills=["wheelchair"], user=UserFactory(username="walk-companion"))
    pickup, same_day = walk_pickup(timezone.now())
    rule_set = selectors.rule_set_on(pickup.date())
    assert rule_set.name == "2025 병원 안심동행"  # the rule the numbers below are computed from
    office_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ko-KR", timezone_id="Asia/Seoul", reduced_motion="reduce"
    )
    office_context.set_default_timeout(10_000)
    office = office_context.new_page()
    office.js_errors = []
    office.on("pageerror", lambda exc: office.js_errors.append(str(exc)))
    try:
        # 1. The resident reads the rules in force, signs in from 예약하기 and books with the fee estimated first.
        page.clock.install()
        page.goto(f"{live_server.url}/companion/")
        rules_card = page.locator(".companion-rules")
        expect(rules_card).to_contain_text("평일 07:00~20:00")
        expect(rules_card).to_contain_text("처음 60분 5,000원, 이후 30분마다 2,500원")
        expect(rules_card).to_contain_text("1시간 30분: 7,500원")
        page.get_by_role("link", name="예약하기").first.click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        sign_in_with_password(page, "walk@example.kr")
        page.wait_for_url(re.compile(r"/companion/book/$"), timeout=30_000)
        expect(page.locator("#id_client_name")).to_have_value("김동행")
        fill_booking(page, pickup.date())  # 관악구 → 서울대학교병원, 휠체어 이동 지원
        page.get_by_label("출발(만남) 시각", exact=True).fill(f"{pickup:%H:%M}")
        page.get_by_label("진료 예약 시각", exact=True).fill(f"{pickup + datetime.timedelta(minutes=30):%H:%M}")
        page.get_by_label("예상 이용 시간").select_option(label="1시간 30분")
        expect(page.locator("#fee-estimate")).to_contain_text("7,500원")
        expect(page.locator("#fee-estimate")).to_contain_text("1시간 30분 기준 · 2025 병원 안심동행")
        tick_consents(page)
        assert_accessible(page)
        page.get_by_role("button", name="예약 접수하기").click()
        expect(page).to_have_url(re.compile(r"/companion/my/\d+/$"), timeout=30_000)
        booking = Booking.objects.get()
        expect(page.locator(".site-message")).to_contain_text(f"예약번호는 {booking.pk}입니다")
        expect(page.locator("#status-badge")).to_have_text("접수")
        expect(page.locator("#booking-live")).to_contain_text("운영기관이 동행매니저를 배정하고 있습니다")
        assert (booking.channel, booking.client.user_id, booking.status) == (
            BookingChannel.ONLINE,
            resident.pk,
            S.RECEIVED,
        )
        assert (booking.pickup_at, booking.expected_minutes, booking.needs) == (pickup, 90, ["wheelchair"])
        assert (booking.partner, booking.district.name, booking.rule_set) == (agency, "관악구", rule_set)
        assert Consent.objects.filter(user=resident, text__purpose=ConsentPurpose.COMPANION).exists()

        # 2. The coordinator asks for a proposal on the board and confirms the assignment.
        sign_in(office, live_server, coordinator)
        office.goto(f"{live_server.url}/companion/dispatch/?day={pickup.date().isoformat()}")
        expect(office.get_by_role("heading", level=1)).to_have_text("동행 배정")
        row = office.locator(f"#booking-{booking.pk}")
        expect(row).to_contain_text(f"{pickup:%H:%M}")
        expect(row).to_contain_text("서울대학교병원")
        expect(row).to_contain_text("휠체어 이동 지원")
        expect(row).to_contain_text("접수")
        office.get_by_role("button", name="배정 제안 받기").click()
        choice = office.get_by_label(f"{pickup:%H:%M} 서울대학교병원 요청의 동행매니저")
        if same_day:
            # Nobody reaches the door in two minutes: no proposal, so the coordinator chooses.
            expect(office.locator("#proposal-served")).to_have_text("0 / 1건")
            expect(office.locator("#unassigned")).to_contain_text(f"제시간({pickup:%H:%M})에 도착할 수 있는")
            expect(choice).to_have_value("")
            choice.select_option(label="이동행")
        else:
            expect(office.locator("#proposal-served")).to_have_text("1 / 1건")
            expect(choice).to_have_value(str(manager.pk))
        assert_accessible(office)
        office.get_by_role("button", name="배정 확정").click()
        expect(office.get_by_role("status")).to_contain_text("1건을 배정했습니다")
        expect(row).to_contain_text("이동행")
        expect(row).to_contain_text("배정")
        assignment = Assignment.objects.get(booking=booking, active=True)
        assert (assignment.companion, assignment.proposed) == (manager, not same_day)
        booking.refresh_from_db()
        assert booking.status == S.ASSIGNED

        # The resident's page picks the assignment up on its next poll.
        poll_now(page)
        expect(page.locator("#status-badge")).to_have_text("배정")
        expect(page.locator("#companion-info")).to_contain_text("이동행 · 요양보호사")

        # 3. The companion opens their work on a phone.
        sign_in(phone_page, live_server, manager.user)
        phone_page.goto(f"{live_server.url}/companion/work/")
        expect(phone_page.get_by_role("heading", level=1)).to_have_text("내 동행")
        job = phone_page.locator(f"#job-{booking.pk}")
        expect(job).to_contain_text("서울특별시 관악구 관악로 1")
        expect(job).to_contain_text("김동행")
        expect(job).to_contain_text("휠체어 이동 지원")
        assert_accessible(phone_page)
        fits_the_phone(phone_page)
        if not same_day:
            # Tomorrow's job: listed ahead, but 출발 only on the day; nothing to record or settle yet.
            expect(phone_page.locator("#upcoming-jobs")).to_contain_text("서울대학교병원")
            expect(job.get_by_role("button", name="출발")).to_have_count(0)
            poll_now(page)
            expect(page.locator("#status-badge")).to_have_text("배정")
            expect(page.get_by_role("link", name="영수증 보기")).to_have_count(0)
            sign_in(office, live_server, city_official)
            office.goto(f"{live_server.url}/companion/settlement/?month={pickup:%Y-%m}")
            expect(office.locator("#by-agency")).to_contain_text("이 달의 이용 기록이 없습니다.")
            assert not ServiceRecord.objects.exists()
            assert page.js_errors == phone_page.js_errors == office.js_errors == []
            return

        expect(phone_page.locator("#today-jobs")).to_contain_text("서울대학교병원")
        job.get_by_role("button", name="출발").click()
        expect(phone_page.get_by_role("status")).to_contain_text("출발을 알렸습니다(서울대학교병원)")
        poll_now(page)
        expect(page.locator("#status-badge")).to_have_text("출발")
        job.get_by_role("button", name="동행 시작").click()
        expect(phone_page.get_by_role("status")).to_contain_text("동행을 시작했습니다(서울대학교병원)")
        poll_now(page)
        expect(page.locator("#status-badge")).to_have_text("동행 중")
        job.get_by_role("link", name="서비스 기록하기").click()
        expect(phone_page.get_by_role("heading", level=1)).to_have_text("서비스 기록")
        expect(phone_page.get_by_label("만난 시각")).to_have_value(f"{pickup:%H:%M}")
        # Home again a few minutes after the pick-up: as late as a record may be (not in the future).
        returned = timezone.localtime(minute(timezone.now()) + datetime.timedelta(minutes=4))
        minutes = int((returned - pickup).total_seconds() // 60)
        assert 1 <= minutes <= 60
        phone_page.get_by_label("병원 도착 시각").fill(f"{pickup + datetime.timedelta(minutes=1):%H:%M}")
        phone_page.get_by_label("귀가 시각").fill(f"{returned:%H:%M}")
        for task in ("접수", "진료 동행", "약국"):
            phone_page.locator(".cd-tasks label", has_text=task).click()
        phone_page.get_by_label("특이 사항").fill("진료 뒤 약국에서 약을 받음. 다음 진료는 4주 뒤.")
        assert_accessible(phone_page)
        fits_the_phone(phone_page)
        phone_page.get_by_role("button", name="기록 저장").click()
        # Up to 60 minutes cost the first 5,000원, however short the use.
        expect(phone_page.locator("#record-fee")).to_have_text("이용료 5,000원")
        record_box = phone_page.locator("#record")
        expect(record_box).to_contain_text(f"{minutes}분")
        expect(record_box).to_contain_text("접수, 진료 동행, 약국")
        expect(record_box).to_contain_text("다음 진료는 4주 뒤")
        fits_the_phone(phone_page)
        record = ServiceRecord.objects.get(booking=booking)
        assert (record.met_at, record.returned_at, record.minutes) == (pickup, returned, minutes)
        assert (record.fee, record.free, record.companion) == (5000, False, manager)
        assert record.tasks == ["reception", "consultation", "pharmacy"]
        assert record.receipt_number == f"AD{pickup:%Y%m%d}-{booking.pk:07d}"

        # 4. The resident's live status reaches 귀가 완료, then the receipt shows the fee from the record.
        poll_now(page)
        expect(page.locator("#status-badge")).to_have_text("귀가 완료")
        expect(page.locator(".companion-step.is-current")).to_contain_text("귀가 완료")
        expect(page.locator("#booking-live")).not_to_have_attribute("hx-trigger", re.compile("every"))
        page.goto(f"{live_server.url}/companion/my/")
        page.get_by_role("link", name=f"예약 {booking.pk} · 서울대학교병원").click()
        page.get_by_role("link", name="영수증 보기").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("병원 안심동행 영수증")
        receipt = page.locator("#receipt")
        expect(receipt).to_contain_text(record.receipt_number)
        expect(receipt).to_contain_text(f"{pickup:%H:%M} ~ {returned:%H:%M} ({minutes}분)")
        expect(receipt).to_contain_text("이동행")
        expect(receipt).to_contain_text("접수, 진료 동행, 약국")
        expect(page.locator("#receipt-fee")).to_have_text("5,000원")
        expect(receipt).to_contain_text(AGENCY)
        assert_accessible(page)
        booking.refresh_from_db()
        assert booking.status == S.COMPLETED
        assert list(booking.events.order_by("at", "pk").values_list("to_status", flat=True)) == [
            S.RECEIVED,
            S.ASSIGNED,
            S.DEPARTED,
            S.ACCOMPANYING,
            S.COMPLETED,
        ]

        # 5. The city's settlement for the month counts the use: 1 use, its hours and the 5,000원 collected.
        hours = round(minutes / 60, 1)
        sign_in(office, live_server, city_official)
        office.goto(f"{live_server.url}/companion/settlement/")
        expect(office.get_by_role("heading", level=1)).to_have_text("병원 안심동행 월 정산")
        expect(office.locator(".page-lead")).to_contain_text(f"{pickup.year}년 {pickup.month}월 · 모든 운영기관")
        summary = office.locator("#settlement-summary")
        expect(summary).to_contain_text("이용 건수1건")
        expect(summary).to_contain_text(f"이용 시간{hours}시간")
        expect(summary).to_contain_text("수납한 이용료5,000원")
        cells = office.locator("#by-agency tbody tr", has_text=AGENCY).locator("td")
        expect(cells).to_have_text(["1", str(hours), "0", "5,000", "0", "0", "5,000"])
        district_cells = office.locator("#by-district tbody tr", has_text="관악구").locator("td")
        expect(district_cells).to_have_text(["1", str(hours), "0", "5,000", "0", "0", "5,000"])
        expect(office.locator("#demand-table tbody tr", has_text=f"{pickup.hour:02d}:00").locator("td")).to_have_text(
            "1"
        )
        assert_accessible(office)
        with office.expect_download() as download_info:
            office.get_by_role("link", name="엑셀 내려받기").click()
        download = download_info.value
        assert download.suggested_filename == f"병원안심동행_정산_{pickup:%Y-%m}_전체.xlsx"
        sheet = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))["기관별"]
        assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
            ["구분", "이용 건수", "이용 시간", "무료 이용", "이용료(원)", "취소", "취소 수수료(원)", "수납 합계(원)"],
            [AGENCY, 1, hours, 0, 5000, 0, 0, 5000],
            ["합계", 1, hours, 0, 5000, 0, 0, 5000],
        ]
        assert page.js_errors == phone_page.js_errors == office.js_errors == []
    finally:
        office_context.close()
