"""Channels: email through Django's mail, 문자/알림톡 through the HTTP provider (a fake on 127.0.0.1)."""

import smtplib
import socket

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from anshim.notifications import services
from anshim.notifications.channels import http_provider_url_problem
from anshim.notifications.checks import check_channel_backends
from anshim.notifications.models import Channel, Notification, Status
from anshim.notifications.tasks import deliver_notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_tasks")]

THIS_MODULE = "anshim.notifications.tests.test_channels"


class DisconnectedSMTP(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingSMTP(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"hong@example.com": (550, b"No such user")})


def queued(channel=Channel.SMS, to="010-1234-5678", key="channel:1") -> Notification:
    return services.notify(
        to=to,
        channel=channel,
        template="program_signup_confirmed",
        context={"program_title": "함께 요리하는 저녁", "schedule": "3월 5일 19:00"},
        key=key,
    )


def deliver(notification: Notification) -> Notification:
    deliver_notification.call(notification.pk)
    notification.refresh_from_db()
    return notification


# --- Email ----------------------------------------------------------------------------------


def test_email_is_sent_through_djangos_mail_backend(settings):
    settings.ANSHIM_NOTIFICATIONS_FROM_EMAIL = "안심 <noreply@anshim.seoul.example>"
    notification = deliver(queued(Channel.EMAIL, "hong@example.com"))

    assert notification.status == Status.SENT
    (email,) = mail.outbox
    assert email.to == ["hong@example.com"]
    assert email.from_email == "안심 <noreply@anshim.seoul.example>"
    assert email.subject == "[안심] 함께 요리하는 저녁 신청이 확정되었습니다"
    assert "■ 일정: 3월 5일 19:00" in email.body
    assert email.extra_headers["Message-ID"] == notification.provider_message_id
    assert notification.provider_message_id.endswith("@anshim.seoul.example>")


def test_a_mail_server_that_drops_the_connection_is_retried(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{THIS_MODULE}.DisconnectedSMTP"

    with django_capture_on_commit_callbacks(execute=True):
        notification = deliver(queued(Channel.EMAIL, "hong@example.com"))

    assert notification.status == Status.QUEUED
    assert notification.last_error == "메일 서버에 보내지 못했습니다: Connection unexpectedly closed"


def test_a_refused_mailbox_fails_without_retry(settings):
    settings.EMAIL_BACKEND = f"{THIS_MODULE}.RefusingSMTP"

    notification = deliver(queued(Channel.EMAIL, "hong@example.com"))

    assert notification.status == Status.FAILED
    assert notification.last_error == "메일 서버가 받는 주소를 거부했습니다."


# --- HTTP provider --------------------------------------------------------------------------


def test_sms_is_posted_as_json_with_key_and_idempotency_header(fake_provider):
    fake_provider.reply(200, {"message_id": "SMS-20250305-0001"})

    notification = deliver(queued())

    assert notification.status == Status.SENT
    assert notification.provider_message_id == "SMS-20250305-0001"
    (request,) = fake_provider.requests
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == "Bearer test-api-key"
    assert request["headers"]["Idempotency-Key"] == "channel:1"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert request["json"] == {
        "channel": "sms",
        "sender": "0221330000",
        "to": "01012345678",
        "template_code": "program_signup_confirmed",
        "subject": notification.subject,
        "text": notification.body,
        "reference": "channel:1",
    }


def test_alimtalk_uses_the_sender_profile(fake_provider):
    notification = deliver(queued(Channel.KAKAO))

    assert notification.status == Status.SENT
    assert notification.provider_message_id == "msg-1"
    payload = fake_provider.requests[0]["json"]
    assert (payload["channel"], payload["sender"]) == ("alimtalk", "anshim-kakao-profile")


def test_a_500_is_retried_and_the_retry_reuses_the_idempotency_key(fake_provider, django_capture_on_commit_callbacks):
    fake_provider.reply(500, {"message": "internal error"})
    fake_provider.reply(200, {"message_id": "SMS-2"})
    notification = queued()

    with django_capture_on_commit_callbacks(execute=True):
        notification = deliver(notification)
    assert notification.status == Status.QUEUED
    assert notification.last_error == "발송 서비스에 일시적인 오류가 있습니다(HTTP 500): internal error"

    notification = deliver(notification)
    assert notification.status == Status.SENT
    assert notification.attempts == 2
    assert notification.provider_message_id == "SMS-2"
    assert [r["headers"]["Idempotency-Key"] for r in fake_provider.requests] == ["channel:1", "channel:1"]


def test_a_slow_provider_times_out_and_is_retried(fake_provider, settings, django_capture_on_commit_callbacks):
    settings.ANSHIM_NOTIFICATIONS_HTTP_TIMEOUT = 0.3
    fake_provider.reply(200, {"message_id": "too-late"}, delay=1.5)

    with django_capture_on_commit_callbacks(execute=True):
        notification = deliver(queued())

    assert notification.status == Status.QUEUED
    assert notification.last_error == "발송 서비스가 0.3초 안에 응답하지 않았습니다."


@pytest.mark.parametrize(
    ("status", "body", "expected_status", "message"),
    [
        (401, {}, Status.FAILED, "발송 서비스 인증에 실패했습니다(HTTP 401). API 키를 확인해 주세요."),
        (
            400,
            {"message": "invalid receiver"},
            Status.FAILED,
            "발송 서비스가 요청을 거부했습니다(HTTP 400): invalid receiver",
        ),
        (429, {}, Status.QUEUED, "발송 서비스의 요청 한도를 넘었습니다(HTTP 429). 잠시 후 다시 보냅니다."),
        (503, {"error": "maintenance"}, Status.QUEUED, "발송 서비스에 일시적인 오류가 있습니다(HTTP 503): maintenance"),
    ],
)
def test_provider_status_codes_map_to_retry_or_failure(
    fake_provider, django_capture_on_commit_callbacks, status, body, expected_status, message
):
    fake_provider.reply(status, body)

    with django_capture_on_commit_callbacks(execute=True):
        notification = deliver(queued())

    assert (notification.status, notification.last_error) == (expected_status, message)


def test_a_redirect_is_a_configuration_error_not_a_silent_get(fake_provider):
    fake_provider.reply(302, {}, headers={"Location": "/elsewhere"})

    notification = deliver(queued())

    assert notification.status == Status.FAILED
    assert "주소가 옮겨졌습니다(HTTP 302)" in notification.last_error
    assert [r["method"] for r in fake_provider.requests] == ["POST"]


def test_an_unreachable_provider_is_retried(fake_provider, settings, django_capture_on_commit_callbacks):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.ANSHIM_NOTIFICATIONS_HTTP_URL = f"http://127.0.0.1:{closed_port}/v1/messages"

    with django_capture_on_commit_callbacks(execute=True):
        notification = deliver(queued())

    assert notification.status == Status.QUEUED
    assert notification.last_error.startswith("발송 서비스에 연결할 수 없습니다")


def test_a_missing_provider_address_fails_with_the_setting_named(fake_provider, settings):
    settings.ANSHIM_NOTIFICATIONS_HTTP_URL = ""

    notification = deliver(queued())

    assert notification.status == Status.FAILED
    assert "ANSHIM_NOTIFICATIONS_HTTP_URL" in notification.last_error
    assert fake_provider.requests == []


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://sms.example.com/v1/messages", True),
        ("http://127.0.0.1:8080/send", True),
        ("http://localhost/send", True),
        ("http://sms.example.com/v1/messages", False),
        ("file:///etc/passwd", False),
        ("", False),
    ],
)
def test_provider_address_must_be_https_except_on_loopback(url, ok):
    assert (http_provider_url_problem(url) is None) is ok


def test_system_check_reports_misconfigured_channels(settings):
    assert check_channel_backends() == []

    settings.ANSHIM_NOTIFICATIONS_SMS_BACKEND = "anshim.notifications.channels.HttpProviderBackend"
    settings.ANSHIM_NOTIFICATIONS_HTTP_URL = "http://sms.example.com/send"
    settings.ANSHIM_NOTIFICATIONS_KAKAO_BACKEND = "anshim.notifications.channels.NoSuchBackend"

    assert sorted(error.id for error in check_channel_backends()) == ["notifications.E001", "notifications.E003"]
