"""지원제도 in a real browser: filters change the results and the URL, detail, phone width."""

import re

import pytest
from playwright.sync_api import expect

from anshim.catalog.choices import Category, Sex
from anshim.catalog.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    PolicyFactory(title="청년 월세지원", category=Category.HOUSING, min_age=19, max_age=39, featured=True)
    PolicyFactory(title="여성1인가구 안심홈세트", category=Category.SAFETY, sex=Sex.FEMALE)
    PolicyFactory(title="관악구 반찬 나눔", category=Category.LONELINESS, district_id="11620")
    PolicyFactory(title="마포구 집수리", category=Category.HOUSING, district_id="11440")


def result_titles(page):
    return page.locator("#policy-results h2").all_inner_texts()


def test_filters_change_results_and_url(live_server, page, catalogue, assert_accessible):
    page.goto(f"{live_server.url}/policies/")
    expect(page.get_by_role("heading", name="지원제도", level=1)).to_be_visible()
    assert len(result_titles(page)) == 4

    page.get_by_label("거주 자치구").select_option(label="관악구")
    expect(page).to_have_url(re.compile(r"district=11620"))
    assert set(result_titles(page)) == {"청년 월세지원", "여성1인가구 안심홈세트", "관악구 반찬 나눔"}

    page.locator(".chip-group label", has_text="주거").click()
    expect(page).to_have_url(re.compile(r"category=HOUSING"))
    assert result_titles(page) == ["청년 월세지원"]
    expect(page.get_by_role("status")).to_have_text("지원제도 1건")

    # The URL alone reproduces the result: share it and open it again.
    shared = page.url
    page.goto(f"{live_server.url}/policies/")
    page.goto(shared)
    assert result_titles(page) == ["청년 월세지원"]
    expect(page.get_by_label("거주 자치구")).to_have_value("11620")
    assert_accessible(page)
    assert page.js_errors == []


def test_detail_page(live_server, page, catalogue, assert_accessible):
    page.goto(f"{live_server.url}/policies/?q=반찬")
    page.get_by_role("link", name="관악구 반찬 나눔").click()
    expect(page.get_by_role("heading", name="관악구 반찬 나눔", level=1)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("제공기관"))).to_contain_text("관악구")
    assert_accessible(page)


def test_bad_filter_shows_korean_message(live_server, page, catalogue):
    response = page.goto(f"{live_server.url}/policies/?district=nowhere")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("알 수 없는 자치구")


def test_phone_width(live_server, phone_page, catalogue, assert_accessible):
    phone_page.goto(f"{live_server.url}/policies/?category=HOUSING")
    expect(phone_page.locator("#policy-results h2").first).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    # The menu folds into a disclosure on a phone and still reaches every section.
    phone_page.get_by_text("전체메뉴").click()
    expect(phone_page.locator(".site-nav__toggle").get_by_role("link", name="참여프로그램")).to_be_visible()
    assert_accessible(phone_page)


def test_language_switch(live_server, page, catalogue):
    page.goto(f"{live_server.url}/policies/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Support policies")
    page.get_by_role("button", name="한국어").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("지원제도")
