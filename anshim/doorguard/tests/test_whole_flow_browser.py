"""도어지킴이 across its four roles in one browser walk: a resident applies, the 관악구 official selects,
the security company books and records the installation, the resident sees it, the city counts it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts.models import Role
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.doorguard.consent_texts import ensure_consent_texts
from anshim.doorguard.forms.district import application_number
from anshim.doorguard.models import Application, ApplicationStatus
from anshim.doorguard.tests.conftest import make_round
from anshim.doorguard.tests.test_partner_city_browser import local_input
from anshim.doorguard.tests.test_partner_city_browser import sign_in as sign_in_as
from anshim.doorguard.tests.test_resident_browser import fill_application, sign_in_at, submit, tick_consents

pytestmark = pytest.mark.django_db(transaction=True)


def test_application_to_installation_across_resident_district_company_and_city(live_server, page, assert_accessible):
    ensure_consent_texts()
    round_ = make_round(partner=PartnerFactory(name="안심보안 주식회사"))
    UserFactory(email="walk@example.kr", name="박안심", phone="010-3030-4040")
    official = UserFactory(username="walk-gwanak")
    grant(official, Role.DISTRICT_OFFICIAL, district_id="11620")
    installer = UserFactory(username="walk-installer")
    grant(installer, Role.PARTNER_STAFF, partner=round_.partner)
    city = UserFactory(username="walk-city")
    grant(city, Role.CITY_OFFICIAL)

    # 1. The resident applies online.
    sign_in_at(page, live_server, "/doorguard/apply/", "walk@example.kr")
    fill_application(page)
    tick_consents(page)
    submit(page, page, "신청하기")
    page.wait_for_url(re.compile(r"/doorguard/my/$"), timeout=30_000)
    application = Application.objects.get()
    page.context.clear_cookies()

    # 2. The district official finds it in the queue and selects it.
    sign_in_as(page, live_server, official)
    page.goto(f"{live_server.url}/doorguard/district/")
    page.get_by_role("link", name=application_number(application.pk)).click()
    page.get_by_role("button", name="선정", exact=True).click()
    expect(page.locator("main")).to_contain_text("선정")
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED
    page.context.clear_cookies()

    # 3. The security company books the visit and records the installation.
    sign_in_as(page, live_server, installer)
    page.goto(f"{live_server.url}/doorguard/partner/")
    expect(page.locator(".dg-card")).to_contain_text("박안심")
    page.get_by_role("link", name="방문 예약·설치 기록").click()
    page.get_by_label("방문 예정일시").fill(local_input(timezone.now() + datetime.timedelta(hours=3)))
    page.get_by_role("button", name="방문 예약 저장").click()
    expect(page.locator(".site-messages")).to_contain_text("방문을 예약했습니다")
    page.get_by_label("설치일시").fill(local_input(timezone.now() - datetime.timedelta(minutes=5)))
    page.get_by_role("button", name="설치 완료 기록").click()
    expect(page.locator(".site-messages")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INSTALLED
    page.context.clear_cookies()

    # 4. The resident sees the installed service.
    sign_in_at(page, live_server, "/doorguard/my/", "walk@example.kr")
    expect(page.locator(".doorguard-card .application-state").first).to_have_text(
        str(ApplicationStatus.INSTALLED.label)
    )
    page.context.clear_cookies()

    # 5. The city's dashboard counts one installed, active household in 관악구.
    sign_in_as(page, live_server, city)
    page.goto(f"{live_server.url}/doorguard/city/rounds/{round_.pk}/dashboard/")
    row = page.locator("#dashboard-table tbody tr", has_text="관악구")
    cells = row.locator("td")
    expect(cells.nth(5)).to_have_text("1")  # 설치
    expect(cells.nth(6)).to_have_text("1")  # 이용 중
    assert_accessible(page)
