"""참여프로그램 in a real browser: filters, status badges, seats left, phone width."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.programs.models import ProgramKind
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programmes():
    today = timezone.localdate()
    ProgramFactory(title="집밥 쿠킹클래스", capacity=20, enrolled=5)
    ProgramFactory(title="마감된 요가", capacity=10, enrolled=10)
    ProgramFactory(
        title="반려식물 소모임",
        kind=ProgramKind.GROUP,
        recruit_start=today + datetime.timedelta(days=3),
        recruit_end=today + datetime.timedelta(days=9),
    )


def test_status_filter_and_detail(live_server, page, programmes, assert_accessible):
    page.goto(f"{live_server.url}/programs/")
    assert page.locator("#program-results h2").count() == 3
    page.get_by_label("모집상태").select_option(label="모집중")
    expect(page).to_have_url(re.compile(r"status=OPEN"))
    expect(page.locator("#program-results h2")).to_have_text(["집밥 쿠킹클래스"])
    page.get_by_label("유형").select_option(label="소모임")
    expect(page).to_have_url(re.compile(r"kind=GROUP"))
    expect(page.locator(".empty-state")).to_contain_text("조건에 맞는 참여프로그램이 없습니다")
    page.get_by_label("모집상태").select_option(label="모집예정")
    expect(page.locator("#program-results h2")).to_have_text(["반려식물 소모임"])
    page.get_by_role("link", name="반려식물 소모임").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("반려식물 소모임")
    expect(page.locator("#seats")).to_contain_text("잔여 15석")
    assert_accessible(page)
    assert page.js_errors == []


def test_bad_date_shows_message(live_server, page, programmes):
    response = page.goto(f"{live_server.url}/programs/?date_from=2026-02-31")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("올바른 날짜가 아닙니다")


def test_phone_width(live_server, phone_page, programmes, assert_accessible):
    phone_page.goto(f"{live_server.url}/programs/")
    expect(phone_page.locator("#program-results h2").first).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
