"""An official opens a policy's rule editor, sees a malformed rule's path, fixes it, previews, saves and publishes."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.catalog.models import Policy, PolicyRule, RuleStatus, RuleTestCase
from anshim.catalog.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "안심-관리-2026!"
WHEN = datetime.date(2026, 3, 2)
SEOUL = '{"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"}'
MALFORMED = (
    '{"all": [{"fact": "age", "op": "between", "value": [19, 39]}, {"fact": "registered_in_seoul", "op": "is_ture"}]}'
)
FIXED = '{"all": [{"fact": "age", "op": "between", "value": [19, 39]}, ' + SEOUL + "]}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)


@pytest.fixture
def policy():
    policy = Policy.objects.bulk_create([PolicyFactory.build(title="청년 마음건강 지원", min_age=19, max_age=39)])[0]
    PolicyRule.objects.create(
        policy=policy,
        version=1,
        definition={"all": [{"fact": "age", "op": "between", "value": [19, 39]}]},
        status=RuleStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    young = {"birth_date": "1999-01-10", "registered_in_seoul": True}
    RuleTestCase.objects.create(policy=policy, name="서울 청년", facts=young, reference_date=WHEN, expected="ELIGIBLE")
    RuleTestCase.objects.create(
        policy=policy,
        name="서울 밖 청년",
        facts={**young, "registered_in_seoul": False},
        reference_date=WHEN,
        expected="INELIGIBLE",
    )
    return policy


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label(re.compile("사용자 이름|사용자명|아이디")).fill(user.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("link", name="지원제도").first).to_be_visible()


def open_editor(page, live_server, policy):
    page.goto(f"{live_server.url}/admin/catalog/policy/{policy.pk}/change/")
    page.get_by_role("link", name="자격 규칙 편집").click()
    expect(page.get_by_role("heading", name="청년 마음건강 지원 자격 규칙")).to_be_visible()


def test_official_fixes_a_malformed_rule_previews_saves_and_publishes(
    page, live_server, superuser, policy, assert_accessible
):
    log_in(page, live_server, superuser)
    open_editor(page, live_server, policy)
    expect(page.locator("#rule-status")).to_contain_text("게시 중인 규칙: v1")
    assert_accessible(page)

    editor = page.get_by_label("규칙(JSON)")
    editor.fill(MALFORMED)
    page.get_by_role("button", name="검증·미리보기").click()

    errors = page.locator("#rule-errors")
    expect(errors).to_have_attribute("role", "alert")
    expect(errors).to_contain_text("규칙에 오류가 1건 있습니다.")
    expect(errors).to_contain_text("$.all[1].op: 알 수 없는 연산 'is_ture'입니다")
    expect(page.get_by_label("규칙(JSON)")).to_have_value(MALFORMED)
    assert_accessible(page)

    page.get_by_label("규칙(JSON)").fill(FIXED)
    page.get_by_role("button", name="검증·미리보기").click()

    expect(page.locator("#rule-errors")).to_have_count(0)
    criteria = page.locator("#rule-criteria")
    expect(criteria).to_contain_text("다음 조건을 모두 충족하면 대상입니다.")
    expect(criteria.get_by_role("listitem")).to_have_text(["만 19~39세", "서울 거주(주민등록)"])
    preview = page.get_by_role("table", name="예시 인물 미리보기")
    youth_row = preview.get_by_role("row").filter(has_text="27세 관악구 월세 청년")
    expect(youth_row).to_contain_text("대상")
    expect(youth_row).to_contain_text("만 19~39세: 충족 (만 27세)")
    expect(preview.get_by_role("row").filter(has_text="22세 여성 대학생")).to_contain_text("추가 확인 필요")
    expect(page.get_by_role("table", name=re.compile("시험 사례 2건 중 2건 통과"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("변경 사유").fill("서울 거주 조건 추가")
    page.get_by_role("button", name="초안 저장").click()
    expect(page.locator(".messagelist")).to_contain_text("초안 v2을(를) 저장했습니다.")
    history = page.get_by_role("table", name="버전 기록")
    expect(history.get_by_role("row").filter(has_text="v2")).to_contain_text("작성 중")

    history.get_by_role("button", name="v2 게시").click()

    expect(page.locator(".messagelist")).to_contain_text("자격 규칙 v2을(를) 게시했습니다.")
    expect(page.locator("#rule-status")).to_contain_text("게시 중인 규칙: v2")
    history = page.get_by_role("table", name="버전 기록")
    expect(history.get_by_role("row").filter(has_text="서울 거주 조건 추가")).to_contain_text("게시")
    expect(history.get_by_role("row").filter(has_text="v1 불러오기")).to_contain_text("이전 버전")
    assert_accessible(page)
    assert page.js_errors == []
    assert PolicyRule.objects.get(policy=policy, status=RuleStatus.PUBLISHED).version == 2


def test_publishing_a_draft_that_breaks_a_case_is_refused_with_the_case(
    page, live_server, superuser, policy, assert_accessible
):
    PolicyRule.objects.create(policy=policy, version=2, definition={"all": [{"fact": "age", "op": "gte", "value": 19}]})
    log_in(page, live_server, superuser)
    open_editor(page, live_server, policy)

    page.get_by_role("table", name="버전 기록").get_by_role("button", name="v2 게시").click()

    alert = page.locator("#publish-errors")
    expect(alert).to_contain_text("시험 사례 2건 중 1건이 통과하지 못해 v2을(를) 게시할 수 없습니다.")
    expect(alert.get_by_role("listitem")).to_have_text(["「서울 밖 청년」: 기대 비대상, 결과 대상"])
    assert_accessible(page)
    assert PolicyRule.objects.get(policy=policy, version=2).status == RuleStatus.DRAFT


def test_rule_editor_works_on_a_phone(phone_page, live_server, superuser, policy, assert_accessible):
    log_in(phone_page, live_server, superuser)
    phone_page.goto(f"{live_server.url}/admin/catalog/policy/{policy.pk}/rules/")

    expect(phone_page.get_by_role("heading", name="청년 마음건강 지원 자격 규칙")).to_be_visible()
    expect(phone_page.get_by_label("규칙(JSON)")).to_be_visible()
    phone_page.get_by_role("button", name="검증·미리보기").click()
    expect(phone_page.get_by_role("table", name="예시 인물 미리보기")).to_contain_text("27세 관악구 월세 청년")
    editor_box = phone_page.get_by_label("규칙(JSON)").bounding_box()
    assert editor_box["x"] >= 0 and editor_box["x"] + editor_box["width"] <= 390
    assert_accessible(phone_page)
