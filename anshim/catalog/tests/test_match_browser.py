"""나에게 맞는 지원 찾기 in a real browser: steps, results with reasons, a refused answer, reset, phone width."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.catalog.choices import Category
from anshim.catalog.tests.factories import PolicyFactory
from anshim.catalog.tests.test_match import DOORGUARD, GWANAK_MIDLIFE, SAFE_HOME, YOUTH_RENT, publish
from anshim.eligibility.facts import age_at

pytestmark = pytest.mark.django_db(transaction=True)

BIRTH = "1998-04-01"


@pytest.fixture
def catalogue():
    youth = PolicyFactory(title="청년 월세지원", category=Category.HOUSING, url="https://example.org/rent")
    publish(youth, YOUTH_RENT, version=3)
    publish(PolicyFactory(title="여성1인가구 안심홈세트", category=Category.SAFETY), SAFE_HOME)
    publish(
        PolicyFactory(title="관악구 중장년 건강관리", category=Category.HEALTH, district_id="11620"), GWANAK_MIDLIFE
    )
    publish(PolicyFactory(title="안전 도어지킴이", category=Category.SAFETY), DOORGUARD)


def choose(page, question, option):
    """KRDS hides the radio itself; a person clicks the chip with the option's text."""
    page.get_by_role("group", name=question).get_by_text(option, exact=True).click()


def answer_step_one(page, birth=BIRTH):
    page.get_by_label("생년월일").fill(birth)
    page.get_by_label("거주 자치구").select_option(label="마포구")
    choose(page, "성별", "여성")
    choose(page, "혼자 사는지(1인가구)", "예")


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_questions_step_by_step_to_grouped_results_and_reset(live_server, page, catalogue, assert_accessible):
    page.goto(f"{live_server.url}/policies/match/")
    expect(page.get_by_role("heading", name="나에게 맞는 지원 찾기", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="1단계 질문")).to_be_visible()
    expect(page.get_by_text("이 브라우저의 접속(세션)에만 임시로 보관")).to_be_visible()
    assert_accessible(page)

    answer_step_one(page)
    page.get_by_role("button", name="다음").click()

    # Step 2 asks what still matters for the undecided policies, most deciding first; no step-1 question again.
    expect(page.get_by_role("heading", name="2단계 질문")).to_be_visible()
    expect(page.get_by_role("group", name="서울 주민등록 여부")).to_be_visible()
    expect(page.get_by_label("가구 월 소득")).to_be_visible()
    expect(page.get_by_role("group", name="주거 형태")).to_be_visible()
    expect(page.get_by_label("생년월일")).to_have_count(0)
    expect(page.get_by_role("textbox", name="월세", exact=True)).to_have_count(0)
    expect(page.locator(".match-answers")).to_contain_text("마포구")
    choose(page, "서울 주민등록 여부", "예")
    page.get_by_label("가구 월 소득").fill("200만")
    choose(page, "주거 형태", "월세")
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_role("heading", name="3단계 질문")).to_be_visible()
    page.get_by_role("textbox", name="월세", exact=True).fill("450,000")
    page.get_by_role("button", name="다음").click()

    # Every policy is decided: the results, grouped, with reasons and the rule version.
    expect(page.get_by_role("heading", name="나에게 맞는 지원 찾기 결과", level=1)).to_be_visible()
    summary = page.get_by_role("navigation", name="결과 요약")
    expect(summary).to_contain_text("대상 3건")
    expect(summary).to_contain_text("확인 필요 0건")
    expect(summary).to_contain_text("비대상 1건")
    eligible = page.locator("#group-eligible")
    youth = eligible.locator("article", has_text="청년 월세지원")
    expect(youth.get_by_role("link", name="청년 월세지원", exact=True)).to_have_attribute(
        "href", re.compile(r"/policies/\d+/$")
    )
    expect(youth.locator(".badge")).to_have_text("주거")
    expect(youth).to_contain_text("규칙 v3 기준")
    youth.get_by_text(re.compile("판단 근거 5개 보기")).click()
    age = age_at(datetime.date(1998, 4, 1), timezone.localdate())
    expect(youth.get_by_text(f"만 19~39세: 충족 (만 {age}세)")).to_be_visible()
    expect(youth.get_by_text(re.compile(r"기준 중위소득 150% 이하: 충족 \(약 \d+%\)"))).to_be_visible()
    expect(youth.get_by_role("link", name=re.compile("신청 누리집"))).to_have_attribute(
        "href", "https://example.org/rent"
    )
    ineligible = page.locator("#group-ineligible")
    ineligible.get_by_text("비대상 지원제도 1건과 이유 보기").click()
    expect(ineligible.get_by_text("관악구 거주: 미충족 (마포구)").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="답변 모두 지우기").click()
    expect(page.locator(".site-messages")).to_have_text("답변을 모두 지웠습니다. 처음부터 다시 시작합니다.")
    expect(page.get_by_role("heading", name="1단계 질문")).to_be_visible()
    expect(page.get_by_text("아직 답한 질문이 없습니다.")).to_be_visible()
    assert page.js_errors == []


def test_bad_birth_date_shows_the_message_and_keeps_nothing(live_server, page, catalogue, assert_accessible):
    page.goto(f"{live_server.url}/policies/match/")
    answer_step_one(page, birth="2999-01-01")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="다음").click()
    assert posted.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("생년월일: 미래의 날짜일 수 없습니다 (2999-01-01).")
    field_error = page.locator("#q-birth_date-error")
    expect(field_error).to_have_text("미래의 날짜일 수 없습니다 (2999-01-01).")
    expect(page.get_by_label("생년월일")).to_have_attribute("aria-invalid", "true")
    # The other answers of the refused step stay on screen to correct, but none was kept.
    expect(page.get_by_label("거주 자치구")).to_have_value("11440")
    expect(page.get_by_text("아직 답한 질문이 없습니다.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("생년월일").fill(BIRTH)
    page.get_by_role("button", name="다음").click()
    expect(page.get_by_role("heading", name="2단계 질문")).to_be_visible()


def test_on_a_phone_results_part_way_lead_back_to_the_missing_questions(
    live_server, phone_page, catalogue, assert_accessible
):
    page = phone_page
    page.goto(f"{live_server.url}/policies/match/")
    expect(page.get_by_role("heading", name="1단계 질문")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert_accessible(page)

    answer_step_one(page)
    page.get_by_role("button", name="결과 보기").click()
    expect(page.get_by_role("heading", name="나에게 맞는 지원 찾기 결과", level=1)).to_be_visible()
    unknown = page.locator("#group-unknown")
    expect(unknown.get_by_role("heading", level=2)).to_have_text(re.compile(r"확인 필요\s*2건"))
    door = unknown.locator("article", has_text="안전 도어지킴이")
    expect(door).to_contain_text("더 알아야 할 것: 서울 주민등록 여부")
    assert no_horizontal_scroll(page)
    assert_accessible(page)

    door.get_by_role("link", name=re.compile("이 질문에 답하기")).click()
    expect(page.get_by_role("heading", name="질문에 답하기")).to_be_visible()
    choose(page, "서울 주민등록 여부", "예")
    page.get_by_role("button", name="답하고 결과 보기").click()
    expect(page.locator("#group-eligible").locator("article", has_text="안전 도어지킴이")).to_be_visible()

    # A refused answer on a phone: the message sits next to the field and the page still fits.
    page.goto(f"{live_server.url}/policies/match/?ask=monthly_income,household_size")
    page.get_by_label("가구 월 소득").fill("-5000")
    page.get_by_label("가구원 수").fill("0")
    page.get_by_role("button", name="답하고 결과 보기").click()
    expect(page.locator("#q-monthly_income-error")).to_have_text("0 이상이어야 합니다 (입력값 -5,000).")
    expect(page.locator("#q-household_size-error")).to_have_text("1 이상이어야 합니다 (입력값 0).")
    assert no_horizontal_scroll(page)
    assert_accessible(page)
    assert page.js_errors == []
