"""마이페이지 and 회원 탈퇴 in a real browser: on a desktop sign up → 마이페이지 → withdraw; on a 390 px
phone the same pages, filled in, fit the screen."""

import pytest
from playwright.sync_api import expect

from anshim.accounts import selectors, services
from anshim.accounts.models import ConsentPurpose, User
from anshim.accounts.tests.browser_session import fits_a_phone, sign_in_fast
from anshim.accounts.tests.factories import PASSWORD, UserFactory
from anshim.notifications.models import Channel, Notification, Status

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_see_my_page_withdraw_and_stay_out(live_server, page, assert_accessible):
    email = "mypage-page@example.kr"
    header = page.locator("header.site-header")

    page.goto(live_server.url + "/")
    header.get_by_role("link", name="회원가입").click()
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_url(live_server.url + "/")
    expect(header.get_by_role("button", name="로그아웃")).to_be_visible()

    user = User.objects.get(email=email)
    texts = selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)
    services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[t.pk for t in texts])
    Notification.objects.create(
        recipient=user,
        to=email,
        to_masked="m***@example.kr",
        channel=Channel.EMAIL,
        template="program_signup_confirmed",
        subject="[안심] 함께 요리하는 저녁 신청이 확정되었습니다",
        body="신청이 확정되었습니다.",
        status=Status.SENT,
        idempotency_key=f"browser:{email}",
    )

    header.get_by_role("link", name="마이페이지").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("마이페이지")
    expect(page.get_by_text("[안심] 함께 요리하는 저녁 신청이 확정되었습니다")).to_be_visible()
    expect(page.get_by_role("heading", name="동의 내역")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=texts[1].title).click()
    expect(page.get_by_role("status")).to_contain_text(f"‘{texts[1].title}’ 동의를 철회했습니다.")
    expect(page.get_by_text("철회함")).to_be_visible()
    assert_accessible(page)

    page.locator("#withdraw").get_by_role("link", name="회원 탈퇴").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("회원 탈퇴")
    assert_accessible(page)
    page.get_by_label("비밀번호").fill("not-my-password")
    page.get_by_role("button", name="탈퇴하기").click()
    expect(page.locator(".account-error")).to_have_text("비밀번호가 맞지 않습니다.")
    assert_accessible(page)

    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="탈퇴하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("탈퇴가 완료되었습니다")
    assert_accessible(page)

    header.get_by_role("link", name="로그인").click()
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("이메일 또는 비밀번호가 올바르지 않습니다")
    assert not User.objects.filter(email=email).exists()
    assert page.js_errors == []


def test_my_page_and_withdrawal_fit_a_phone(live_server, phone_page, assert_accessible):
    """On a phone 마이페이지 with a notification and a withdrawn consent, the withdrawal form with its
    error and the goodbye page fit 390 px and pass axe."""
    page = phone_page
    user = UserFactory(email="mypage-phone@example.kr")
    texts = selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)
    consents = services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[t.pk for t in texts])
    services.withdraw_consent(user=user, consent=consents[1])
    Notification.objects.create(
        recipient=user,
        to=user.email,
        to_masked="m***@example.kr",
        channel=Channel.EMAIL,
        template="program_signup_confirmed",
        subject="[안심] 함께 요리하는 저녁 신청이 확정되었습니다",
        body="신청이 확정되었습니다.",
        status=Status.SENT,
        idempotency_key=f"browser:{user.email}",
    )
    sign_in_fast(page, live_server, user)

    page.goto(live_server.url + "/mypage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("마이페이지")
    expect(page.get_by_text("[안심] 함께 요리하는 저녁 신청이 확정되었습니다")).to_be_visible()
    expect(page.get_by_role("heading", name="동의 내역")).to_be_visible()
    expect(page.get_by_text("철회함")).to_be_visible()
    expect(page.locator("header.site-header").get_by_role("button", name="로그아웃")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.locator("#withdraw").get_by_role("link", name="회원 탈퇴").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("회원 탈퇴")
    page.get_by_label("비밀번호").fill("not-my-password")
    page.get_by_role("button", name="탈퇴하기").click()
    expect(page.locator(".account-error")).to_have_text("비밀번호가 맞지 않습니다.")
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="탈퇴하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("탈퇴가 완료되었습니다")
    expect(page.locator("header.site-header").get_by_role("link", name="로그인")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    assert page.js_errors == []
