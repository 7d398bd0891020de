"""Kakao and Naver sign-in, the whole OAuth dance, with both providers answered by a local fake.

The fake sits at the HTTP layer: ``requests``' transport adapter is replaced, so allauth builds and
sends its real token and user-info requests (form body, Bearer header, timeouts) and parses real
JSON replies in the shape Kakao and Naver document, while nothing ever leaves the machine.

What allauth (65.x, with ``ACCOUNT_UNIQUE_EMAIL`` and ``ACCOUNT_PREVENT_ENUMERATION``, email
verification optional and ``SOCIALACCOUNT_EMAIL_AUTHENTICATION`` off) does when the provider's email
already belongs to a local account: it neither signs in to nor links that account. It keeps the
social login pending and shows the "간편 가입 마치기" form with the email filled in; submitting that same
email is refused ("해당 이메일을 사용중인 계정이 이미 존재합니다…"), so the owner must sign in with
their password first and connect Kakao/Naver from their account.
"""

import importlib.util
import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers import registry
from allauth.socialaccount.providers.kakao.provider import KakaoProvider
from allauth.socialaccount.providers.naver.provider import NaverProvider
from django.contrib.auth import get_user
from django.urls import reverse
from playwright.sync_api import expect

from anshim.accounts.models import User
from anshim.accounts.tests.browser_session import fits_a_phone
from anshim.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROVIDER_APPS = [
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
]
KAKAO_TOKEN_URL = "https://kauth.kakao.com/oauth/token"
KAKAO_ME_URL = "https://kapi.kakao.com/v2/user/me"
NAVER_TOKEN_URL = "https://nid.naver.com/oauth2.0/token"
NAVER_ME_URL = "https://openapi.naver.com/v1/nid/me"


def kakao_me(email="seoul.kim@kakao.com", nickname="김서울", user_id=3141592653):
    """A Kakao /v2/user/me answer for someone who agreed to share their email and nickname."""
    return {
        "id": user_id,
        "connected_at": "2026-11-25T05:59:58Z",
        "properties": {"nickname": nickname},
        "kakao_account": {
            "profile_nickname_needs_agreement": False,
            "profile": {"nickname": nickname, "is_default_nickname": False},
            "has_email": True,
            "email_needs_agreement": False,
            "is_email_valid": True,
            "is_email_verified": True,
            "email": email,
        },
    }


def naver_me(email="seoul.lee@naver.com", name="이서울", user_id="vQ2mN8kX0pLz7rT1aB3cD4eF5gH6iJ7k"):
    """A Naver /v1/nid/me answer: the person sits under "response"."""
    return {
        "resultcode": "00",
        "message": "success",
        "response": {
            "id": user_id,
            "nickname": "서울이",
            "name": name,
            "email": email,
            "gender": "F",
            "age": "30-39",
            "birthyear": "1994",
            "birthday": "10-01",
            "mobile": "010-1234-5678",
        },
    }


class FakeOAuthServer:
    """Answers the providers' token and user-info URLs with queued JSON and records every request.

    Any other URL raises a connection error, so a test can never reach the network by accident.
    """

    def __init__(self):
        self.routes: dict[str, tuple[int, dict]] = {}
        self.requests: list[requests.PreparedRequest] = []

    def answer(self, url: str, body: dict, status: int = 200) -> None:
        self.routes[url] = (status, body)

    def send(self, adapter, request, **kwargs):
        url = request.url.split("?")[0]
        self.requests.append(request)
        if url not in self.routes:
            raise requests.ConnectionError(f"no network in tests: {request.url}")
        status, body = self.routes[url]
        response = requests.Response()
        response.status_code = status
        response.url = request.url
        response.request = request
        response.headers["Content-Type"] = "application/json;charset=UTF-8"
        response._content = json.dumps(body).encode()
        response.encoding = "utf-8"
        return response

    def sent_to(self, url: str) -> list[requests.PreparedRequest]:
        return [r for r in self.requests if r.url.split("?")[0] == url]


@pytest.fixture
def oauth(monkeypatch):
    server = FakeOAuthServer()
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter, "send", lambda adapter, request, **kw: server.send(adapter, request, **kw)
    )
    return server


def _load_settings(monkeypatch, **env):
    for name in ("ANSHIM_KAKAO_CLIENT_ID", "ANSHIM_NAVER_CLIENT_ID", "ANSHIM_KAKAO_SECRET", "ANSHIM_NAVER_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = Path(__file__).resolve().parents[2] / "settings.py"
    spec = importlib.util.spec_from_file_location("anshim_settings_probe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def providers_on(settings, monkeypatch):
    """Kakao and Naver switched on exactly as ``ANSHIM_KAKAO_CLIENT_ID``/``ANSHIM_NAVER_CLIENT_ID`` switch them
    on: the provider settings, apps and CSP come from the project's settings module loaded with those set."""
    configured = _load_settings(
        monkeypatch,
        ANSHIM_KAKAO_CLIENT_ID="kakao-rest-api-key",
        ANSHIM_KAKAO_SECRET="kakao-client-secret",
        ANSHIM_NAVER_CLIENT_ID="naver-client-id",
        ANSHIM_NAVER_SECRET="naver-client-secret",
    )
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, *configured.SOCIAL_PROVIDER_APPS]
    settings.SOCIALACCOUNT_PROVIDERS = configured.SOCIALACCOUNT_PROVIDERS
    settings.CONTENT_SECURITY_POLICY = configured.CONTENT_SECURITY_POLICY
    settings.ROOT_URLCONF = "anshim.accounts.tests.social_urls"
    added = [cls for cls in (KakaoProvider, NaverProvider) if cls.id not in registry.provider_map]
    for cls in added:
        registry.register(cls)
    yield
    for cls in added:
        registry.provider_map.pop(cls.id, None)


def start(client, provider: str) -> dict[str, list[str]]:
    """Press "카카오로/네이버로 로그인": the site sends the browser to the provider's consent screen."""
    response = client.post(f"/accounts/{provider}/login/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    return parse_qs(location.query) | {"_host": [location.netloc]}


def finish(client, provider: str, params: dict, **query):
    """The provider sends the browser back to our callback."""
    query.setdefault("state", params["state"][0])
    return client.get(f"/accounts/{provider}/login/callback/", query, follow=True)


def main_text(response) -> str:
    body = response.content.decode()
    return body[body.index('<main id="main"') : body.index("</main>")]


# --- the sign-in page -------------------------------------------------------------------------


def test_sign_in_page_has_no_kakao_or_naver_buttons_when_they_are_not_configured(client):
    body = client.get(reverse("account_login")).content.decode()
    assert "카카오로 로그인" not in body
    assert "네이버로 로그인" not in body
    assert "간편 로그인" not in body


def test_sign_in_page_shows_kakao_and_naver_buttons_when_configured(client, providers_on):
    body = client.get(reverse("account_login")).content.decode()
    assert "간편 로그인" in body
    assert "카카오로 로그인" in body
    assert "네이버로 로그인" in body
    assert 'action="/accounts/kakao/login/?process=login"' in body
    assert 'action="/accounts/naver/login/?process=login"' in body


def test_only_the_configured_provider_gets_a_button(client, providers_on, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"naver": settings.SOCIALACCOUNT_PROVIDERS["naver"]}
    body = client.get(reverse("account_login")).content.decode()
    assert "네이버로 로그인" in body
    assert "카카오로 로그인" not in body


def test_client_ids_in_the_environment_switch_the_providers_on(monkeypatch):
    off = _load_settings(monkeypatch)
    assert off.SOCIALACCOUNT_PROVIDERS == {}
    assert not set(PROVIDER_APPS) & set(off.INSTALLED_APPS)

    on = _load_settings(monkeypatch, ANSHIM_KAKAO_CLIENT_ID="kakao-key", ANSHIM_NAVER_CLIENT_ID="naver-id")
    assert set(PROVIDER_APPS) <= set(on.INSTALLED_APPS)
    assert on.SOCIALACCOUNT_PROVIDERS["kakao"]["APPS"][0]["client_id"] == "kakao-key"
    assert on.SOCIALACCOUNT_PROVIDERS["naver"]["APPS"][0]["client_id"] == "naver-id"
    # The buttons' form submit is redirected to the consent screens; the CSP lets exactly those through.
    assert off.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == ["'self'"]
    assert on.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == [
        "'self'",
        "https://kauth.kakao.com",
        "https://nid.naver.com",
    ]


# --- a new person -----------------------------------------------------------------------------


def test_new_kakao_user_lands_signed_in_with_their_email(client, providers_on, oauth):
    oauth.answer(
        KAKAO_TOKEN_URL,
        {
            "token_type": "bearer",
            "access_token": "kakao-access-token-123",
            "expires_in": 21599,
            "refresh_token": "kakao-refresh-token-456",
            "refresh_token_expires_in": 5183999,
            "scope": "account_email profile_nickname",
        },
    )
    oauth.answer(KAKAO_ME_URL, kakao_me())

    params = start(client, "kakao")
    assert params["_host"] == ["kauth.kakao.com"]
    assert params["client_id"] == ["kakao-rest-api-key"]
    response = finish(client, "kakao", params, code="kakao-authorization-code")

    user = User.objects.get(email="seoul.kim@kakao.com")
    assert get_user(client) == user
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert SocialAccount.objects.get(user=user).uid == "3141592653"
    assert EmailAddress.objects.get(user=user).email == "seoul.kim@kakao.com"

    (token_request,) = oauth.sent_to(KAKAO_TOKEN_URL)
    sent = parse_qs(token_request.body)
    assert sent["code"] == ["kakao-authorization-code"]
    assert sent["client_id"] == ["kakao-rest-api-key"]
    assert sent["grant_type"] == ["authorization_code"]
    (me_request,) = oauth.sent_to(KAKAO_ME_URL)
    assert me_request.headers["Authorization"] == "Bearer kakao-access-token-123"


def test_new_naver_user_lands_signed_in_with_their_email(client, providers_on, oauth):
    oauth.answer(
        NAVER_TOKEN_URL,
        {
            "access_token": "AAAAnaver-access-token",
            "refresh_token": "naver-refresh-token",
            "token_type": "bearer",
            "expires_in": "3600",
        },
    )
    oauth.answer(NAVER_ME_URL, naver_me())

    params = start(client, "naver")
    assert params["_host"] == ["nid.naver.com"]
    finish(client, "naver", params, code="naver-authorization-code")

    user = User.objects.get(email="seoul.lee@naver.com")
    assert get_user(client) == user
    assert SocialAccount.objects.get(user=user, provider="naver").uid == naver_me()["response"]["id"]
    (me_request,) = oauth.sent_to(NAVER_ME_URL)
    assert me_request.headers["Authorization"] == "Bearer AAAAnaver-access-token"


def test_sign_in_from_a_page_that_needed_it_returns_there(client, providers_on, oauth):
    oauth.answer(NAVER_TOKEN_URL, {"access_token": "n", "token_type": "bearer", "expires_in": "3600"})
    oauth.answer(NAVER_ME_URL, naver_me())
    page = client.get(reverse("account_login"), {"next": "/mypage/profile/"}).content.decode()
    assert 'name="next" value="/mypage/profile/"' in page

    response = client.post("/accounts/naver/login/?process=login", {"next": "/mypage/profile/"})
    location = urlparse(response["Location"])
    response = finish(client, "naver", parse_qs(location.query), code="c")

    assert response.redirect_chain[-1][0] == "/mypage/profile/"
    assert "내 정보" in main_text(response)


def test_returning_kakao_user_is_signed_in_to_the_same_account(client, providers_on, oauth):
    oauth.answer(KAKAO_TOKEN_URL, {"token_type": "bearer", "access_token": "t1", "expires_in": 21599})
    oauth.answer(KAKAO_ME_URL, kakao_me())
    finish(client, "kakao", start(client, "kakao"), code="first")
    first = get_user(client)
    client.post(reverse("account_logout"))
    assert not get_user(client).is_authenticated

    finish(client, "kakao", start(client, "kakao"), code="second")
    assert get_user(client) == first
    assert User.objects.filter(email="seoul.kim@kakao.com").count() == 1


# --- an email that already has an account -------------------------------------------------------


def test_existing_email_account_is_not_taken_over(client, providers_on, oauth):
    owner = UserFactory(email="seoul.kim@kakao.com")
    oauth.answer(KAKAO_TOKEN_URL, {"token_type": "bearer", "access_token": "t", "expires_in": 21599})
    oauth.answer(KAKAO_ME_URL, kakao_me(email="seoul.kim@kakao.com"))

    response = finish(client, "kakao", start(client, "kakao"), code="someone-elses-kakao")

    assert not get_user(client).is_authenticated
    assert response.redirect_chain[-1][0] == reverse("socialaccount_signup")
    assert "간편 가입 마치기" in main_text(response)
    assert not SocialAccount.objects.filter(user=owner).exists()

    # Submitting the same address does not get in either: the account stays its owner's.
    response = client.post(reverse("socialaccount_signup"), {"email": "seoul.kim@kakao.com"})
    assert response.status_code == 200
    assert "해당 이메일을 사용중인 계정이 이미 존재합니다" in main_text(response)
    assert not get_user(client).is_authenticated
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="seoul.kim@kakao.com").count() == 1

    # The owner signs in with their password as before.
    client.post(reverse("account_login"), {"login": "seoul.kim@kakao.com", "password": PASSWORD})
    assert get_user(client) == owner


def test_pending_kakao_sign_up_can_finish_with_another_email(client, providers_on, oauth):
    # The owner signed up on the site, as citizens do (so the address is also an allauth EmailAddress).
    client.post(
        reverse("account_signup"), {"email": "seoul.kim@kakao.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    client.post(reverse("account_logout"))
    oauth.answer(KAKAO_TOKEN_URL, {"token_type": "bearer", "access_token": "t", "expires_in": 21599})
    oauth.answer(KAKAO_ME_URL, kakao_me(email="seoul.kim@kakao.com"))
    finish(client, "kakao", start(client, "kakao"), code="code")

    client.post(reverse("socialaccount_signup"), {"email": "another.kim@example.kr"}, follow=True)

    user = get_user(client)
    assert user.email == "another.kim@example.kr"
    assert SocialAccount.objects.get(user=user).provider == "kakao"


# --- refusals and failures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "description"),
    [("kakao", "User denied access"), ("naver", "Canceled By User")],
)
def test_cancelled_authorization_shows_a_korean_page_and_signs_no_one_in(
    client, providers_on, oauth, provider, description
):
    params = start(client, provider)
    response = finish(client, provider, params, error="access_denied", error_description=description)

    text = main_text(response)
    assert "간편 로그인을 취소했습니다" in text
    assert "개인정보는 저장되지 않았습니다" in text
    assert 'href="/accounts/login/"' in text
    assert not get_user(client).is_authenticated
    assert not User.objects.exists()
    assert oauth.requests == []


def test_a_refused_token_request_shows_a_korean_error_page(client, providers_on, oauth):
    oauth.answer(
        KAKAO_TOKEN_URL, {"error": "invalid_grant", "error_description": "authorization code not found"}, status=400
    )
    params = start(client, "kakao")
    response = finish(client, "kakao", params, code="expired-code")

    assert response.status_code == 401
    assert "간편 로그인에 실패했습니다" in main_text(response)
    assert not get_user(client).is_authenticated
    assert not User.objects.exists()


def test_a_forged_state_is_refused(client, providers_on, oauth):
    oauth.answer(KAKAO_TOKEN_URL, {"token_type": "bearer", "access_token": "t", "expires_in": 21599})
    oauth.answer(KAKAO_ME_URL, kakao_me())
    params = start(client, "kakao")
    response = finish(client, "kakao", params, code="code", state="attacker-state")

    assert "간편 로그인에 실패했습니다" in main_text(response)
    assert not get_user(client).is_authenticated
    assert oauth.requests == []


def test_the_continue_page_is_korean(client, providers_on):
    response = client.get("/accounts/kakao/login/")
    text = main_text(response)
    assert "카카오 계정으로 로그인합니다" in text
    assert "계속하기" in text


# --- in a real browser -----------------------------------------------------------------------


def fake_consent_screen(page, live_server, provider: str, *, approve: bool):
    """Kakao's/Naver's authorize page, answered locally: approve (a code) or cancel (access_denied)."""
    host = {"kakao": "https://kauth.kakao.com/**", "naver": "https://nid.naver.com/**"}[provider]

    def answer(route):
        query = parse_qs(urlparse(route.request.url).query)
        back = f"{query['redirect_uri'][0]}?state={query['state'][0]}"
        back += "&code=browser-code" if approve else "&error=access_denied&error_description=User%20denied%20access"
        route.fulfill(status=302, headers={"Location": back})

    page.route(host, answer)


@pytest.mark.django_db(transaction=True)
def test_kakao_sign_in_and_cancel_in_a_browser(live_server, page, providers_on, oauth, assert_accessible):
    oauth.answer(KAKAO_TOKEN_URL, {"token_type": "bearer", "access_token": "browser-token", "expires_in": 21599})
    oauth.answer(KAKAO_ME_URL, kakao_me(email="page@kakao.com"))

    fake_consent_screen(page, live_server, "kakao", approve=False)
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("button", name="카카오로 로그인")).to_be_visible()
    expect(page.get_by_role("button", name="네이버로 로그인")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="카카오로 로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("간편 로그인을 취소했습니다")
    expect(page.get_by_role("alert")).to_contain_text("개인정보는 저장되지 않았습니다")
    assert_accessible(page)

    page.unroute("https://kauth.kakao.com/**")
    fake_consent_screen(page, live_server, "kakao", approve=True)
    page.get_by_role("link", name="로그인 화면으로 돌아가기").click()
    page.get_by_role("button", name="카카오로 로그인").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("link", name="마이페이지")).to_be_visible()
    assert User.objects.filter(email="page@kakao.com").exists()
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_kakao_and_naver_pages_fit_a_phone(live_server, phone_page, providers_on, oauth, assert_accessible):
    """On a phone the Kakao and Naver buttons and the Korean 'cancelled' page fit 390 px and pass axe."""
    page = phone_page
    fake_consent_screen(page, live_server, "kakao", approve=False)
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    expect(page.get_by_role("button", name="카카오로 로그인")).to_be_visible()
    expect(page.get_by_role("button", name="네이버로 로그인")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_role("button", name="카카오로 로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("간편 로그인을 취소했습니다")
    expect(page.get_by_role("alert")).to_contain_text("개인정보는 저장되지 않았습니다")
    expect(page.get_by_role("link", name="로그인 화면으로 돌아가기")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    assert not User.objects.filter(email__endswith="@kakao.com").exists()
    assert page.js_errors == []
