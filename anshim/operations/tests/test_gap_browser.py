"""An official signs in through the back office and reads the 사각지대: table, map, chart, upload."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.catalog.choices import Category
from anshim.catalog.models import PolicyRule, RuleStatus
from anshim.catalog.tests.factories import PolicyFactory
from anshim.eligibility.examples import DOORGUARD_2021, YOUTH_RENT
from anshim.operations import selectors, services
from anshim.operations.models import Uptake, UptakeSource
from anshim.operations.tests.conftest import PASSWORD, REFERENCE_DATE
from anshim.operations.tests.test_uptake_import import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gap_data(django_user_model, settings):
    settings.ANSHIM_GAP_POPULATION_SIZE = 3_000
    rent = PolicyFactory(code="P-SEOUL-001", title="청년 월세지원", category=Category.HOUSING)
    door = PolicyFactory(code="P-SEOUL-002", title="1인가구 안전 도어지킴이", category=Category.SAFETY)
    for policy, rule in ((rent, YOUTH_RENT.rule), (door, DOORGUARD_2021.rule)):
        PolicyRule.objects.create(
            policy=policy, version=1, definition=rule, status=RuleStatus.PUBLISHED, published_at=timezone.now()
        )
    run = services.compute_gap(reference_date=REFERENCE_DATE, size=20_000, seed=3).run
    Uptake.objects.create(policy=door, district_id="11620", year=2025, count=500, source=UptakeSource.IMPORTED)
    user = django_user_model.objects.create_superuser("city", "city@example.com", PASSWORD)
    return {"rent": rent, "door": door, "run": run, "user": user}


def log_in(page, live_server, next_path):
    page.goto(f"{live_server.url}{next_path}")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.get_by_label(re.compile("사용자 이름|사용자명|아이디")).fill("city")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page).to_have_url(f"{live_server.url}{next_path}")


def gap_of(page, code):
    return int(page.locator(f'path.gap-district[data-district="{code}"]').get_attribute("data-gap"))


def chart_data(page):
    return page.evaluate("() => Chart.getChart('gap-chart').data.datasets[0].data")


def test_table_then_district_map_and_chart_follow_the_chosen_policy(page, live_server, gap_data, assert_accessible):
    log_in(page, live_server, "/operations/gap/")
    expect(page.get_by_role("heading", name="사각지대 현황")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("정책별 사각지대"))
    expect(table.get_by_role("row")).to_have_count(3)
    door = selectors.gap_table(gap_data["run"]).figures(gap_data["door"].pk)
    expect(table.get_by_role("row").nth(1)).to_contain_text(f"{door.gap:,}")
    expect(table.get_by_role("row").nth(1)).to_contain_text("1인가구 안전 도어지킴이")
    assert_accessible(page)

    page.get_by_label("분야").select_option("HOUSING")
    page.get_by_role("button", name="조회").click()
    expect(page).to_have_url(re.compile(r"category=HOUSING"))
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("청년 월세지원")

    page.get_by_role("link", name="자치구별 지도·그래프").click()
    expect(page.get_by_text("선택한 정책: 1인가구 안전 도어지킴이 (안전)")).to_be_visible()
    expect(page.locator("path.gap-district")).to_have_count(25)
    expect(page.locator("canvas#gap-chart")).to_be_visible()
    table = selectors.gap_table(gap_data["run"])
    gwanak_door = table.figures(gap_data["door"].pk, "11620")
    expect(page.locator('path.gap-district[data-district="11620"]')).to_have_attribute("data-gap", str(gwanak_door.gap))
    assert chart_data(page)[20] == gwanak_door.gap  # 관악구 is the 21st district in code order
    assert_accessible(page)

    page.get_by_label("정책", exact=True).select_option(label="청년 월세지원 (P-SEOUL-001)")
    expect(page).to_have_url(re.compile(rf"\?policy={gap_data['rent'].pk}$"))
    expect(page.get_by_text("선택한 정책: 청년 월세지원 (주거)")).to_be_visible()
    gwanak_rent = table.figures(gap_data["rent"].pk, "11620")
    expect(page.locator('path.gap-district[data-district="11620"]')).to_have_attribute("data-gap", str(gwanak_rent.gap))
    assert chart_data(page)[20] == gwanak_rent.gap
    district_table = page.get_by_role("table", name="자치구별 사각지대: 청년 월세지원")
    expect(district_table.get_by_role("row", name=re.compile("관악구"))).to_contain_text(f"{gwanak_rent.eligible:,}")

    page.go_back()
    expect(page.get_by_text("선택한 정책: 1인가구 안전 도어지킴이 (안전)")).to_be_visible()
    expect(page.locator('path.gap-district[data-district="11620"]')).to_have_attribute("data-gap", str(gwanak_door.gap))
    assert page.js_errors == []


def test_recompute_button_runs_and_reports(page, live_server, gap_data):
    log_in(page, live_server, "/operations/gap/")
    page.get_by_role("button", name="지금 다시 계산").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "사각지대를 계산했습니다: 정책 2개 × 가상 1인가구 3,000가구"
    )
    expect(page.get_by_text("가상 1인가구 3,000가구")).to_be_visible()
    assert page.js_errors == []


def test_upload_with_a_bad_row_shows_why(page, live_server, gap_data, assert_accessible):
    log_in(page, live_server, "/operations/gap/uptake/")
    bad = csv_bytes([("P-SEOUL-001", "관악구", "2025", "12"), ("P-SEOUL-001", "관악시", "2025", "3")])
    page.get_by_label("파일 (xlsx 또는 csv)").set_input_files(
        files=[{"name": "이용자수.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="올리기").click()
    expect(page.get_by_role("alert")).to_contain_text("잘못된 행이 1개(오류 1건) 있어 아무것도 저장하지 않았습니다.")
    errors = page.get_by_role("table", name="가져오지 못한 이유")
    expect(errors.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["3", "자치구", "관악시", re.compile("서울의 자치구 이름이 아닙니다")]
    )
    assert_accessible(page)

    good = csv_bytes([("P-SEOUL-001", "관악구", "2025", "12")])
    page.get_by_label("파일 (xlsx 또는 csv)").set_input_files(
        files=[{"name": "이용자수.csv", "mimeType": "text/csv", "buffer": good}]
    )
    page.get_by_role("button", name="올리기").click()
    expect(page.get_by_role("status")).to_contain_text("새로 등록 1건")
    assert Uptake.objects.filter(source=UptakeSource.IMPORTED, policy=gap_data["rent"]).get().count == 12


def test_pages_work_on_a_phone(phone_page, live_server, gap_data, assert_accessible):
    page = phone_page
    log_in(page, live_server, "/operations/gap/")
    expect(page.get_by_role("table", name=re.compile("정책별 사각지대"))).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    page.goto(f"{live_server.url}/operations/gap/districts/")
    expect(page.locator("path.gap-district")).to_have_count(25)
    expect(page.locator("canvas#gap-chart")).to_be_visible()
    page.get_by_label("정책", exact=True).select_option(label="청년 월세지원 (P-SEOUL-001)")
    expect(page).to_have_url(re.compile(rf"\?policy={gap_data['rent'].pk}$"))
    expect(page.get_by_role("table", name="자치구별 사각지대: 청년 월세지원")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    page.goto(f"{live_server.url}/operations/gap/uptake/")
    expect(page.get_by_role("heading", name="이용자 수 올리기")).to_be_visible()
    assert_accessible(page)
    assert page.js_errors == []
