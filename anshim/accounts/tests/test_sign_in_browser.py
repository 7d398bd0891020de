"""Sign-up, sign-out, sign-in and the lockout in a real browser: the whole flow on a desktop, and
each of its pages, in the state that matters, on a 390 px phone."""

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import expect

from anshim.accounts.tests.browser_session import fits_a_phone, sign_in_fast
from anshim.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, email, password):
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill(password)
    page.get_by_role("button", name="로그인", exact=True).click()


def sign_out(page, live_server):
    page.goto(live_server.url + "/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그아웃")
    page.locator("#main").get_by_role("button", name="로그아웃").click()
    page.wait_for_url(live_server.url + "/")
    # Signed out: the sign-out page now sends the visitor on instead of asking again.
    page.goto(live_server.url + "/accounts/logout/")
    assert page.url == live_server.url + "/"


def test_sign_up_sign_out_sign_in_and_lockout(live_server, page, assert_accessible):
    email = "page@example.kr"
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("회원가입")
    assert_accessible(page)

    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill("short")
    page.get_by_label("비밀번호 확인").fill("short")
    page.get_by_role("button", name="가입하기").click()
    expect(page.locator(".account-error").first).to_contain_text("비밀번호")
    assert_accessible(page)

    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_url(live_server.url + "/")
    sign_out(page, live_server)

    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    assert_accessible(page)
    sign_in(page, email, PASSWORD)
    page.wait_for_url(live_server.url + "/")
    sign_out(page, live_server)

    page.goto(live_server.url + "/accounts/login/")
    for _ in range(4):
        sign_in(page, email, "wrong-password")
        expect(page.get_by_role("alert")).to_contain_text("이메일 또는 비밀번호가 올바르지 않습니다")
    sign_in(page, email, "wrong-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인이 잠겼습니다")
    expect(page.get_by_role("alert")).to_contain_text("비밀번호를 5회 잘못 입력하여 로그인이 잠겼습니다")
    assert_accessible(page)
    assert page.js_errors == []


def test_each_sign_in_page_fits_a_phone(live_server, phone_page, assert_accessible):
    """On a phone the sign-up form (with its error), the sign-in form, the sign-out question and the
    lockout page are readable without sideways scrolling and pass axe."""
    page = phone_page
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("회원가입")
    page.get_by_label("이메일").fill("phone@example.kr")
    page.get_by_label("비밀번호", exact=True).fill("short")
    page.get_by_label("비밀번호 확인").fill("short")
    page.get_by_role("button", name="가입하기").click()
    expect(page.locator(".account-error").first).to_contain_text("비밀번호")
    expect(page.get_by_role("button", name="가입하기")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    expect(page.get_by_role("button", name="로그인", exact=True)).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    # Four failures already on record: the fifth, from the phone, locks the account.
    user = UserFactory(email="locked@example.kr")
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="127.0.0.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=4,
    )
    sign_in(page, user.email, "wrong-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인이 잠겼습니다")
    expect(page.get_by_role("alert")).to_contain_text("비밀번호를 5회 잘못 입력하여 로그인이 잠겼습니다")
    assert fits_a_phone(page)
    assert_accessible(page)

    sign_in_fast(page, live_server, UserFactory(email="signed-in@example.kr"))
    page.goto(live_server.url + "/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그아웃")
    expect(page.locator("#main").get_by_role("button", name="로그아웃")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    assert page.js_errors == []
