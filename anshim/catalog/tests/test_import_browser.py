"""An official logs into the back office, uploads a catalogue file with mistakes, fixes it and imports it."""

import re

import pytest
from playwright.sync_api import expect

from anshim.catalog.models import Policy
from anshim.catalog.tests.test_spreadsheets import csv_bytes, policy_row, table, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "안심-관리-2025!"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)


def log_in(page, live_server, superuser):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label(re.compile("사용자 이름|사용자명|아이디")).fill(superuser.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("link", name="지원제도").first).to_be_visible()


def open_import_page(page, live_server):
    page.goto(f"{live_server.url}/admin/catalog/policy/")
    page.get_by_role("link", name="일괄 가져오기").click()
    expect(page.get_by_role("heading", name="지원제도 일괄 가져오기")).to_be_visible()


def upload(page, name, data, mime):
    page.get_by_label("파일 (xlsx 또는 csv)").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
    # The first saved row is indexed for search, which loads the Korean analyser once per process.
    page.get_by_role("button", name="가져오기").click(timeout=60_000)


def test_bad_file_shows_the_korean_error_table_then_a_good_file_imports(
    page, live_server, superuser, assert_accessible
):
    log_in(page, live_server, superuser)
    open_import_page(page, live_server)
    assert_accessible(page)

    bad = xlsx_bytes(
        {"지원제도": table([policy_row(정책코드="A"), policy_row(정책코드="B", 분야="안정", 자치구="관악시")])}
    )
    upload(page, "지원제도.xlsx", bad, XLSX_TYPE)

    expect(page.get_by_role("alert")).to_contain_text("잘못된 행이 1개(오류 2건) 있어 아무것도 저장하지 않았습니다.")
    errors = page.get_by_role("table", name="가져오지 못한 이유")
    expect(errors.get_by_role("columnheader")).to_have_text(["행", "열", "값", "사유"])
    expect(errors.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["3", "분야", "안정", re.compile("허용되지 않는 값입니다. 다음 중 하나로 적어 주세요: 안전, 주거")]
    )
    expect(errors.get_by_role("row").nth(2).get_by_role("cell")).to_have_text(
        ["3", "자치구", "관악시", re.compile("서울의 자치구 이름이 아닙니다")]
    )
    assert_accessible(page)
    assert not Policy.objects.exists()

    good = csv_bytes(table([policy_row(정책코드="A"), policy_row(정책코드="B", 정책명="청년 월세지원", 분야="주거")]))
    upload(page, "지원제도.csv", good, "text/csv")

    expect(page).to_have_url(f"{live_server.url}/admin/catalog/policy/")
    expect(page.locator(".messagelist")).to_contain_text(
        "가져오기를 마쳤습니다. 지원제도 새로 등록 2건, 수정 0건, 변경 없음 0건"
    )
    expect(page.get_by_role("link", name="청년 월세지원")).to_be_visible()
    assert page.js_errors == []


def test_import_page_works_on_a_phone(phone_page, live_server, superuser, assert_accessible):
    log_in(phone_page, live_server, superuser)
    open_import_page(phone_page, live_server)
    expect(phone_page.get_by_role("table", name="지원제도 시트의 열")).to_contain_text("정책코드")

    bad = csv_bytes(table([policy_row(**{"최소 연령": "스무 살"})]))
    upload(phone_page, "지원제도.csv", bad, "text/csv")

    expect(phone_page.get_by_role("table", name="가져오지 못한 이유")).to_contain_text("최소 연령")
    width = phone_page.evaluate("document.querySelector('#content-main').getBoundingClientRect().width")
    assert width <= 390
    assert_accessible(phone_page)
