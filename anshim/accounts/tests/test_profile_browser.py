"""내 정보 in a real browser: on a desktop fill the facts, agree, save, see what fits; on a 390 px
phone the same pages, empty, with the consent error and with matches, fit the screen."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts import selectors
from anshim.accounts.models import ConsentPurpose, Profile
from anshim.accounts.profile_services import save_profile
from anshim.accounts.tests.browser_session import fits_a_phone, sign_in_fast
from anshim.accounts.tests.factories import PASSWORD, UserFactory
from anshim.catalog import rule_services
from anshim.catalog.models import Policy
from anshim.catalog.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db(transaction=True)

GWANAK_YOUTH = {
    "all": [
        {"fact": "age", "op": "between", "value": [19, 39]},
        {"fact": "district", "op": "eq", "value": "11620"},
    ]
}


def born(age: int) -> str:
    return rule_services._born(timezone.localdate(), age)


@pytest.fixture
def gwanak_policy(django_user_model):
    official = django_user_model.objects.create_user("b-official", "b@example.com", "pw-안심-2026", is_staff=True)
    official.user_permissions.set(Permission.objects.filter(codename__in=["add_policyrule", "change_policyrule"]))
    official = django_user_model.objects.get(pk=official.pk)
    policy = Policy.objects.bulk_create([PolicyFactory.build(title="관악 청년 월세 지원")])[0]
    when = timezone.localdate()
    for name, district, expected in (("관악", "11620", "ELIGIBLE"), ("강남", "11680", "INELIGIBLE")):
        rule_services.add_test_case(
            policy=policy,
            name=name,
            facts={"birth_date": born(27), "district": district},
            reference_date=when,
            expected=expected,
        )
    rule_services.publish(
        rule=rule_services.save_draft(policy=policy, definition=GWANAK_YOUTH, note="", actor=official), actor=official
    )
    return policy


def test_fill_facts_agree_save_and_see_matching_policies(live_server, page, gwanak_policy, assert_accessible):
    user = UserFactory(email="page@example.kr")
    page.goto(live_server.url + "/accounts/login/?next=/mypage/profile/")
    page.get_by_label("이메일").fill(user.email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인", exact=True).click()
    page.wait_for_url(live_server.url + "/mypage/profile/")

    expect(page.get_by_role("heading", level=1)).to_have_text("내 정보")
    expect(page.get_by_role("complementary")).to_contain_text(
        "조건을 저장하면 받을 수 있는 지원제도를 여기에 보여 드립니다"
    )
    assert_accessible(page)

    page.get_by_label("이름", exact=True).fill("홍길동")
    page.get_by_label("생년월일", exact=True).fill(born(27))
    page.get_by_label("거주 자치구", exact=True).select_option(label="관악구")
    page.locator("#q-lives_alone").get_by_text("예", exact=True).click()
    page.get_by_label("가구 월 소득", exact=True).fill("200만")
    page.get_by_text("새로 맞는 지원제도 알림 받기", exact=True).click()
    expect(page.get_by_label("새로 맞는 지원제도 알림 받기")).to_be_checked()

    # Without the consent nothing is kept, and the person is told why.
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator("#profile-errors")).to_contain_text("개인정보 수집·이용에 동의해 주세요")
    assert Profile.objects.filter(user=user).count() == 0
    assert_accessible(page)

    consent = page.locator(".consent-item__check label").first
    consent.click()
    expect(page.locator(".consent-item__check input").first).to_be_checked()
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("내 정보를 저장했습니다")
    matches = page.get_by_role("complementary")
    expect(matches).to_contain_text("지금 나에게 맞는 지원제도")
    expect(page.get_by_label("거주 자치구", exact=True)).to_have_value("11620")
    expect(page.get_by_label("가구 월 소득", exact=True)).to_have_value("2,000,000")
    assert_accessible(page)

    matches.get_by_role("link", name="관악 청년 월세 지원").click()
    page.wait_for_url(f"{live_server.url}/policies/{gwanak_policy.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("관악 청년 월세 지원")

    page.goto(live_server.url + "/mypage/profile/")
    page.get_by_role("button", name="조건 삭제").click()
    expect(page.get_by_role("status")).to_contain_text("저장한 조건을 모두 지웠습니다")
    assert Profile.objects.filter(user=user).count() == 0
    assert page.js_errors == []


def test_my_profile_pages_fit_a_phone(live_server, phone_page, gwanak_policy, assert_accessible):
    """On a phone 내 정보 — empty, with the consent error, and saved with a matching policy — and the
    policy it links to fit 390 px and pass axe."""
    page = phone_page
    user = UserFactory(email="phone@example.kr")
    sign_in_fast(page, live_server, user)
    page.goto(live_server.url + "/mypage/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("내 정보")
    expect(page.get_by_role("complementary")).to_contain_text(
        "조건을 저장하면 받을 수 있는 지원제도를 여기에 보여 드립니다"
    )
    expect(page.get_by_role("button", name="저장", exact=True)).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_label("거주 자치구", exact=True).select_option(label="관악구")
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator("#profile-errors")).to_contain_text("개인정보 수집·이용에 동의해 주세요")
    assert fits_a_phone(page)
    assert_accessible(page)

    save_profile(
        user=user,
        facts={"birth_date": born(27), "district": "11620"},
        name="홍길동",
        phone="",
        notify_new_policies=True,
        consent_text_ids=[t.pk for t in selectors.current_consent_texts(ConsentPurpose.PROFILE)],
    )
    page.goto(live_server.url + "/mypage/profile/")
    matches = page.get_by_role("complementary")
    expect(matches).to_contain_text("지금 나에게 맞는 지원제도")
    expect(matches.get_by_role("link", name="관악 청년 월세 지원")).to_be_visible()
    expect(page.get_by_role("button", name="조건 삭제")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/policies/{gwanak_policy.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("관악 청년 월세 지원")
    assert fits_a_phone(page)
    assert_accessible(page)
    assert page.js_errors == []
