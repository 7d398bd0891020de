"""The security company's and the city's 도어지킴이 pages in a real browser, on a desktop and a 390 px phone (axe)."""

import datetime
import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts.models import Role
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.doorguard import services
from anshim.doorguard.models import ApplicationStatus, DistrictQuota
from anshim.doorguard.tests.conftest import apply_as_citizen, make_round

pytestmark = pytest.mark.django_db(transaction=True)
VIEWPORTS = ["page", "phone_page"]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def check(page, viewport, assert_accessible):
    assert_accessible(page)
    if viewport == "phone_page":
        assert fits_a_phone(page), f"{page.url} is wider than the phone"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_company_books_a_visit_and_records_the_installation(live_server, request, viewport, assert_accessible):
    page = request.getfixturevalue(viewport)
    partner = PartnerFactory(name="브라우저 보안")
    installer = UserFactory(username=f"installer-{viewport}")
    grant(installer, Role.PARTNER_STAFF, partner=partner)
    official = UserFactory(username=f"gwanak-{viewport}")
    grant(official, Role.DISTRICT_OFFICIAL, district_id="11620")
    round_ = make_round(partner=partner)
    application = services.select(actor=official, application=apply_as_citizen(round_, name="한설치"))

    sign_in(page, live_server, installer)
    page.goto(live_server.url + "/doorguard/partner/")
    expect(page.get_by_role("heading", level=1)).to_have_text("도어지킴이 설치 작업 목록")
    expect(page.locator(".dg-card")).to_contain_text("한설치")
    expect(page.locator(".dg-card")).to_contain_text(application.address)
    check(page, viewport, assert_accessible)

    page.get_by_role("link", name="방문 예약·설치 기록").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("한설치")
    check(page, viewport, assert_accessible)

    page.get_by_label("방문 예정일시").fill(local_input(timezone.now() - datetime.timedelta(hours=2)))
    page.get_by_role("button", name="방문 예약 저장").click()
    expect(page.locator(".dg-error")).to_contain_text("지난 시각으로는 예약할 수 없습니다")
    check(page, viewport, assert_accessible)

    page.get_by_label("방문 예정일시").fill(local_input(timezone.now() + datetime.timedelta(days=1)))
    page.get_by_role("button", name="방문 예약 저장").click()
    expect(page.locator(".site-messages")).to_contain_text("방문을 예약했습니다")
    check(page, viewport, assert_accessible)

    page.get_by_label("설치일시").fill(local_input(timezone.now() - datetime.timedelta(minutes=5)))
    page.get_by_role("button", name="설치 완료 기록").click()
    page.wait_for_url(live_server.url + "/doorguard/partner/")
    expect(page.locator(".site-messages")).to_contain_text("설치 완료를 기록했습니다")
    expect(page.locator(".empty-state")).to_be_visible()
    check(page, viewport, assert_accessible)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INSTALLED
    assert page.js_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_city_sets_up_a_round_splits_it_and_reads_the_dashboard(live_server, request, viewport, assert_accessible):
    page = request.getfixturevalue(viewport)
    city = UserFactory(username=f"city-{viewport}")
    grant(city, Role.CITY_OFFICIAL)
    PartnerFactory(name="협약 보안")
    existing = make_round(partner=PartnerFactory(name="지난 업체"))
    apply_as_citizen(existing)

    sign_in(page, live_server, city)
    page.goto(live_server.url + "/doorguard/city/")
    expect(page.get_by_role("heading", level=1)).to_have_text("도어지킴이 사업 차수")
    check(page, viewport, assert_accessible)

    page.get_by_role("link", name="새 차수 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("새 차수 만들기")
    check(page, viewport, assert_accessible)
    page.get_by_label("차수 이름").fill("브라우저 차수")
    page.get_by_label("협약 보안업체").select_option(label="협약 보안")
    page.get_by_label("신청 자격(규칙 JSON)").fill('{"all": [{"fact": "age", "op": "greater", "value": 18}]}')
    page.get_by_label("신청 시작일").fill("2027-03-01")
    page.get_by_label("신청 마감일").fill("2027-03-31")
    page.get_by_role("button", name="차수 만들기").click()
    expect(page.locator(".dg-error")).to_contain_text("$.all[0].op: 알 수 없는 연산 'greater'")
    check(page, viewport, assert_accessible)

    page.get_by_label("신청 자격(규칙 JSON)").fill(json.dumps({"all": [{"fact": "age", "op": "gte", "value": 18}]}))
    page.get_by_role("button", name="차수 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("자치구 정원 배분")
    check(page, viewport, assert_accessible)

    page.get_by_role("button", name="자동 배분").click()
    expect(page.locator(".site-messages")).to_contain_text("25개 자치구에 나눴습니다")
    assert DistrictQuota.objects.filter(round__name="브라우저 차수").count() == 25
    page.get_by_label("관악구 정원").fill("1")
    page.get_by_role("button", name="정원 저장").click()
    expect(page.get_by_role("alert")).to_contain_text("명 적습니다")
    check(page, viewport, assert_accessible)

    page.get_by_role("link", name="현황 보기").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("도어지킴이 현황")
    expect(page.locator("#budget-text")).to_contain_text("예산 380,000,000원")
    expect(page.locator("#dashboard-table tbody tr")).to_have_count(25)
    check(page, viewport, assert_accessible)

    page.goto(live_server.url + f"/doorguard/city/rounds/{existing.pk}/edit/")
    expect(page.get_by_role("note")).to_contain_text("이미 신청이 접수되어")
    expect(page.get_by_label("월 이용료(협약가)", exact=False)).to_be_disabled()
    check(page, viewport, assert_accessible)
    assert page.js_errors == []
