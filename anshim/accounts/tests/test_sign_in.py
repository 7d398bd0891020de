"""Citizen sign-up, sign-in, sign-out and password reset, and the django-axes lockout."""

import pytest
from django.core import mail
from django.urls import reverse

import anshim.settings as project_settings
from anshim.accounts.models import User
from anshim.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "비밀번호를 5회 잘못 입력하여 로그인이 잠겼습니다"


def sign_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def main_text(response) -> str:
    body = response.content.decode()
    return body[body.index('<main id="main"') : body.index("</main>")]


def test_passwords_are_hashed_with_argon2_outside_tests():
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_kakao_and_naver_are_off_without_client_ids():
    assert project_settings.SOCIALACCOUNT_PROVIDERS == {}


def test_sign_up_with_email_and_password_signs_the_person_in(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Hong@Example.kr", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    user = User.objects.get(email__iexact="hong@example.kr")
    assert response.context["user"] == user
    assert user.username


def test_sign_up_refuses_mismatched_passwords_in_korean(client):
    response = client.post(
        reverse("account_signup"), {"email": "a@example.kr", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="a@example.kr").exists()
    assert "비밀번호" in response.content.decode()


def test_pages_are_in_korean_inside_the_portal_shell(client):
    for name, heading in [
        ("account_login", "로그인"),
        ("account_signup", "회원가입"),
        ("account_reset_password", "비밀번호 재설정"),
    ]:
        body = client.get(reverse(name)).content.decode()
        assert f'<h1 class="page-title">{heading}</h1>' in body
        assert "서울 1인가구 포털" in body


def test_sign_in_by_email_then_sign_out_by_post(client):
    user = UserFactory()
    response = sign_in(client, user.email, PASSWORD, follow=True)
    assert response.context["user"] == user
    assert client.get(reverse("account_logout")).context["user"] == user
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_with_a_korean_message(client):
    user = UserFactory()
    response = sign_in(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "이메일 또는 비밀번호가 올바르지 않습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client):
    user = UserFactory()
    for _ in range(4):
        assert sign_in(client, user.email, "wrong-password").status_code == 200
    fifth = sign_in(client, user.email, "wrong-password")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    again = sign_in(client, user.email.upper(), PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client):
    user, other = UserFactory(), UserFactory()
    for _ in range(5):
        sign_in(client, user.email, "wrong-password")
    assert sign_in(client, user.email, PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302
    client.logout()
    assert sign_in(client, other.email, PASSWORD).status_code == 302


def test_admin_sign_in_failures_count_too(client):
    UserFactory(username="official", is_staff=True)
    url = reverse("admin:login")
    for _ in range(4):
        assert client.post(url, {"username": "official", "password": "nope"}).status_code == 200
    locked = client.post(url, {"username": "official", "password": "nope"})
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert client.post(url, {"username": "official", "password": PASSWORD}).status_code == 429


def test_password_reset_answers_the_same_for_unknown_addresses(client):
    user = UserFactory()
    known = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.kr"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("account_reset_password_done"), 302)]
    assert main_text(known) == main_text(unknown)
    assert "입력하신 이메일이 가입된 주소라면" in main_text(known)
    # The unknown address is told, by mail only, that it has no account; only the owner gets a link.
    assert [message.to for message in mail.outbox] == [[user.email], ["nobody@example.kr"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in word)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0]
    new_password = "new-seoul-password-77"
    done = client.post(action, {"password1": new_password, "password2": new_password}, follow=True)
    assert "비밀번호를 바꿨습니다" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.parametrize("name", ["account_email", "account_change_password"])
def test_account_management_pages_open_inside_the_portal_shell(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<main id="main"' in body and "서울 1인가구 포털" in body
