"""Flood limits: allauth's sign-in, sign-up and password forms, and every other submit
(``limit_submits``), refuse the request after the limit with 429 and the Korean page."""

import pytest
from django.conf import settings
from django.urls import reverse

from anshim.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = "잠시 후 다시 시도해 주세요"


def allowed(action: str) -> int:
    """How many requests the first (per-address or per-user) rate of ``action`` lets through."""
    return int(settings.ACCOUNT_RATE_LIMITS[action].split(",")[0].split("/")[0])


def refused(response) -> bool:
    return response.status_code == 429 and REFUSED in response.content.decode()


def test_the_limits_are_configured():
    for action in ("login", "signup", "reset_password", "reset_password_from_key", "change_password"):
        assert action in settings.ACCOUNT_RATE_LIMITS
        assert 1 <= allowed(action) <= 30


@pytest.mark.parametrize(
    ("action", "url", "data"),
    [
        ("login", lambda: reverse("account_login"), lambda i: {"login": "", "password": ""}),
        (
            "signup",
            lambda: reverse("account_signup"),
            lambda i: {"email": f"flood{i}@example.kr", "password1": "short", "password2": "short"},
        ),
        (
            "reset_password",
            lambda: reverse("account_reset_password"),
            lambda i: {"email": f"someone{i}@example.kr"},
        ),
        (
            "reset_password_from_key",
            lambda: reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}),
            lambda i: {"password1": PASSWORD, "password2": PASSWORD},
        ),
    ],
)
def test_the_request_after_the_limit_is_refused_in_korean(client, action, url, data):
    limit = allowed(action)
    for i in range(limit):
        response = client.post(url(), data(i))
        assert response.status_code != 429, f"{action}: request {i + 1} of {limit} was refused"
    response = client.post(url(), data(limit))
    assert refused(response), response.status_code
    # The refusal is per address: someone else is still served.
    assert client.post(url(), data(limit + 1), REMOTE_ADDR="10.1.2.3").status_code != 429


def test_reset_mail_for_one_address_is_limited_sooner(client):
    per_key = int(settings.ACCOUNT_RATE_LIMITS["reset_password"].split(",")[1].split("/")[0])
    user = UserFactory()
    for i in range(per_key):
        assert (
            client.post(reverse("account_reset_password"), {"email": user.email}, REMOTE_ADDR=f"10.0.0.{i}").status_code
            == 302
        )
    assert refused(client.post(reverse("account_reset_password"), {"email": user.email}, REMOTE_ADDR="10.0.9.9"))


def test_change_password_is_limited_per_person(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("account_change_password")
    data = {"oldpassword": "not-my-password", "password1": "new-안심-2026!", "password2": "new-안심-2026!"}
    for _ in range(allowed("change_password")):
        assert client.post(url, data).status_code != 429
    assert refused(client.post(url, data))


def test_limit_submits_refuses_the_questionnaire_after_the_rate(client, settings):
    settings.ANSHIM_SUBMIT_RATE = "3/m"
    url = reverse("catalog:match")
    for _ in range(3):
        assert client.post(url, {}).status_code != 429
    response = client.post(url, {})
    assert refused(response)
    # Reading is never limited.
    assert client.get(url).status_code == 200


def test_limit_submits_counts_every_form_together(client, settings):
    settings.ANSHIM_SUBMIT_RATE = "2/m"
    client.post(reverse("catalog:match"), {})
    client.post(reverse("catalog:match-reset"), {})
    assert refused(client.post(reverse("catalog:match"), {}))
