"""The security company's and the city's 도어지킴이 pages in a real browser (axe): both flows on a
desktop, and each of their pages, in the state that shows its important parts, on a 390 px phone."""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts.models import Role
from anshim.accounts.tests.browser_session import fits_a_phone, sign_in_fast
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.doorguard import services
from anshim.doorguard.models import ApplicationStatus, DistrictQuota
from anshim.doorguard.tests.conftest import apply_as_citizen, make_round

pytestmark = pytest.mark.django_db(transaction=True)
# Kept under its old name: other browser tests import it from here.
sign_in = sign_in_fast


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def check_on_phone(page, assert_accessible):
    assert fits_a_phone(page), f"{page.url} is wider than the phone"
    assert_accessible(page)


def test_the_company_books_a_visit_and_records_the_installation(live_server, page, assert_accessible):
    partner = PartnerFactory(name="브라우저 보안")
    installer = UserFactory(username="installer-page")
    grant(installer, Role.PARTNER_STAFF, partner=partner)
    official = UserFactory(username="gwanak-page")
    grant(official, Role.DISTRICT_OFFICIAL, district_id="11620")
    round_ = make_round(partner=partner)
    application = services.select(actor=official, application=apply_as_citizen(round_, name="한설치"))

    sign_in_fast(page, live_server, installer)
    page.goto(live_server.url + "/doorguard/partner/")
    expect(page.get_by_role("heading", level=1)).to_have_text("도어지킴이 설치 작업 목록")
    expect(page.locator(".dg-card")).to_contain_text("한설치")
    expect(page.locator(".dg-card")).to_contain_text(application.address)
    assert_accessible(page)

    page.get_by_role("link", name="방문 예약·설치 기록").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("한설치")
    assert_accessible(page)

    page.get_by_label("방문 예정일시").fill(local_input(timezone.now() - datetime.timedelta(hours=2)))
    page.get_by_role("button", name="방문 예약 저장").click()
    expect(page.locator(".dg-error")).to_contain_text("지난 시각으로는 예약할 수 없습니다")
    assert_accessible(page)

    page.get_by_label("방문 예정일시").fill(local_input(timezone.now() + datetime.timedelta(days=1)))
    page.get_by_role("button", name="방문 예약 저장").click()
    expect(page.locator(".site-messages")).to_contain_text("방문을 예약했습니다")
    assert_accessible(page)

    page.get_by_label("설치일시").fill(local_input(timezone.now() - datetime.timedelta(minutes=5)))
    page.get_by_role("button", name="설치 완료 기록").click()
    page.wait_for_url(live_server.url + "/doorguard/partner/")
    expect(page.locator(".site-messages")).to_contain_text("설치 완료를 기록했습니다")
    expect(page.locator(".empty-state")).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INSTALLED
    assert page.js_errors == []


def test_the_city_sets_up_a_round_splits_it_and_reads_the_dashboard(live_server, page, assert_accessible):
    city = UserFactory(username="city-page")
    grant(city, Role.CITY_OFFICIAL)
    PartnerFactory(name="협약 보안")
    existing = make_round(partner=PartnerFactory(name="지난 업체"))
    apply_as_citizen(existing)

    sign_in_fast(page, live_server, city)
    page.goto(live_server.url + "/doorguard/city/")
    expect(page.get_by_role("heading", level=1)).to_have_text("도어지킴이 사업 차수")
    assert_accessible(page)

    page.get_by_role("link", name="새 차수 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("새 차수 만들기")
    assert_accessible(page)
    page.get_by_label("차수 이름").fill("브라우저 차수")
    page.get_by_label("협약 보안업체").select_option(label="협약 보안")
    page.get_by_label("신청 자격(규칙 JSON)").fill('{"all": [{"fact": "age", "op": "greater", "value": 18}]}')
    page.get_by_label("신청 시작일").fill("2027-03-01")
    page.get_by_label("신청 마감일").fill("2027-03-31")
    page.get_by_role("button", name="차수 만들기").click()
    expect(page.locator(".dg-error")).to_contain_text("$.all[0].op: 알 수 없는 연산 'greater'")
    assert_accessible(page)

    page.get_by_label("신청 자격(규칙 JSON)").fill(json.dumps({"all": [{"fact": "age", "op": "gte", "value": 18}]}))
    page.get_by_role("button", name="차수 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("자치구 정원 배분")
    assert_accessible(page)

    page.get_by_role("button", name="자동 배분").click()
    expect(page.locator(".site-messages")).to_contain_text("25개 자치구에 나눴습니다")
    assert DistrictQuota.objects.filter(round__name="브라우저 차수").count() == 25
    page.get_by_label("관악구 정원").fill("1")
    page.get_by_role("button", name="정원 저장").click()
    expect(page.get_by_role("alert")).to_contain_text("명 적습니다")
    assert_accessible(page)

    page.get_by_role("link", name="현황 보기").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("도어지킴이 현황")
    expect(page.locator("#budget-text")).to_contain_text("예산 380,000,000원")
    expect(page.locator("#dashboard-table tbody tr")).to_have_count(25)
    assert_accessible(page)

    page.goto(live_server.url + f"/doorguard/city/rounds/{existing.pk}/edit/")
    expect(page.get_by_role("note")).to_contain_text("이미 신청이 접수되어")
    expect(page.get_by_label("월 이용료(협약가)", exact=False)).to_be_disabled()
    assert_accessible(page)
    assert page.js_errors == []


def test_company_and_city_pages_fit_a_phone(live_server, phone_page, assert_accessible):
    """On a phone the installer's work list (with a card, then empty), the visit form with its error
    and once booked, and the city's rounds, new-round form with its error, quota split with its error,
    dashboard and locked round all fit 390 px and pass axe."""
    page = phone_page
    partner = PartnerFactory(name="브라우저 보안")
    installer = UserFactory(username="installer-phone")
    grant(installer, Role.PARTNER_STAFF, partner=partner)
    official = UserFactory(username="gwanak-phone")
    grant(official, Role.DISTRICT_OFFICIAL, district_id="11620")
    city = UserFactory(username="city-phone")
    grant(city, Role.CITY_OFFICIAL)
    round_ = make_round(partner=partner)
    application = services.select(actor=official, application=apply_as_citizen(round_, name="한설치"))

    sign_in_fast(page, live_server, installer)
    page.goto(live_server.url + "/doorguard/partner/")
    expect(page.get_by_role("heading", level=1)).to_have_text("도어지킴이 설치 작업 목록")
    expect(page.locator(".dg-card")).to_contain_text("한설치")
    expect(page.locator(".dg-card")).to_contain_text(application.address)
    check_on_phone(page, assert_accessible)

    page.get_by_role("link", name="방문 예약·설치 기록").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("한설치")
    page.get_by_label("방문 예정일시").fill(local_input(timezone.now() - datetime.timedelta(hours=2)))
    page.get_by_role("button", name="방문 예약 저장").click()
    expect(page.locator(".dg-error")).to_contain_text("지난 시각으로는 예약할 수 없습니다")
    check_on_phone(page, assert_accessible)

    services.schedule_installation(
        actor=installer, application=application, scheduled_for=timezone.now() + datetime.timedelta(days=1)
    )
    page.reload()
    expect(page.get_by_role("button", name="설치 완료 기록")).to_be_visible()
    check_on_phone(page, assert_accessible)

    services.record_installation(
        actor=installer, application=application, installed_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page.goto(live_server.url + "/doorguard/partner/")
    expect(page.locator(".empty-state")).to_be_visible()
    check_on_phone(page, assert_accessible)

    # The city: the rounds, a new round refused, a split with a wrong total, the dashboard, a locked round.
    PartnerFactory(name="협약 보안")
    existing = make_round(partner=PartnerFactory(name="지난 업체"))
    apply_as_citizen(existing)
    split = make_round(partner=partner, name="브라우저 차수")
    services.set_district_quotas(actor=city, round=split)
    sign_in_fast(page, live_server, city)
    page.goto(live_server.url + "/doorguard/city/")
    expect(page.get_by_role("heading", level=1)).to_have_text("도어지킴이 사업 차수")
    expect(page.get_by_role("link", name="새 차수 만들기")).to_be_visible()
    check_on_phone(page, assert_accessible)

    page.goto(live_server.url + "/doorguard/city/rounds/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("새 차수 만들기")
    page.get_by_label("차수 이름").fill("휴대폰 차수")
    page.get_by_label("협약 보안업체").select_option(label="협약 보안")
    page.get_by_label("신청 자격(규칙 JSON)").fill('{"all": [{"fact": "age", "op": "greater", "value": 18}]}')
    page.get_by_label("신청 시작일").fill("2027-03-01")
    page.get_by_label("신청 마감일").fill("2027-03-31")
    page.get_by_role("button", name="차수 만들기").click()
    expect(page.locator(".dg-error")).to_contain_text("$.all[0].op: 알 수 없는 연산 'greater'")
    check_on_phone(page, assert_accessible)

    page.goto(live_server.url + f"/doorguard/city/rounds/{split.pk}/quotas/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("자치구 정원 배분")
    page.get_by_label("관악구 정원").fill("1")
    page.get_by_role("button", name="정원 저장").click()
    expect(page.get_by_role("alert")).to_contain_text("명 적습니다")
    check_on_phone(page, assert_accessible)

    page.goto(live_server.url + f"/doorguard/city/rounds/{split.pk}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("도어지킴이 현황")
    expect(page.locator("#budget-text")).to_contain_text("예산")
    expect(page.locator("#dashboard-table tbody tr")).to_have_count(25)
    check_on_phone(page, assert_accessible)

    page.goto(live_server.url + f"/doorguard/city/rounds/{existing.pk}/edit/")
    expect(page.get_by_role("note")).to_contain_text("이미 신청이 접수되어")
    expect(page.get_by_label("월 이용료(협약가)", exact=False)).to_be_disabled()
    check_on_phone(page, assert_accessible)
    assert page.js_errors == []
