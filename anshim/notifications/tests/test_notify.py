"""notify(): one row per key, delivery only after commit, clear Korean errors for bad requests."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from anshim.notifications import selectors, services
from anshim.notifications.exceptions import InvalidRecipientError, NotificationError, UnknownTemplateError
from anshim.notifications.models import Channel, Notification, OutboxMessage, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def test_notify_queues_then_sends_after_commit(citizen, program_context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notification = services.notify(
            user=citizen,
            to="010-1234-5678",
            channel=Channel.SMS,
            template="program_signup_confirmed",
            context=program_context,
            key="program-signup:1:confirmed",
        )
        assert notification.status == Status.QUEUED
        assert OutboxMessage.objects.count() == 0

    for callback in callbacks:
        callback()

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.recipient == citizen
    assert notification.to == "01012345678"
    assert notification.to_masked == "010-****-5678"
    assert notification.subject == "[안심] 함께 요리하는 저녁 신청이 확정되었습니다"
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert OutboxMessage.objects.get().body == notification.body


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(program_context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.notify(
            to="01012345678",
            channel=Channel.SMS,
            template="program_signup_confirmed",
            context=program_context,
            key="program-signup:2:confirmed",
        )
        raise RuntimeError("정원 초과로 신청을 되돌림")

    assert Notification.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_same_key_twice_returns_the_first_notification_and_sends_once(
    citizen, program_context, django_capture_on_commit_callbacks
):
    calls = {
        "user": citizen,
        "to": "01012345678",
        "channel": Channel.KAKAO,
        "template": "program_signup_confirmed",
        "context": program_context,
        "key": "program-signup:3:confirmed",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(**calls)
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second = services.notify(**calls)

    assert second.pk == first.pk
    assert second_callbacks == []
    assert Notification.objects.count() == 1
    assert OutboxMessage.objects.filter(channel=Channel.KAKAO).count() == 1


def test_email_goes_to_the_users_address_by_default(citizen, program_context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            user=citizen,
            channel=Channel.EMAIL,
            template="program_signup_waitlisted",
            context={**program_context, "waitlist_position": 4},
            key="program-signup:4:waitlisted",
        )

    notification.refresh_from_db()
    assert notification.to_masked == "h***@example.com"
    assert notification.status == Status.SENT
    assert mail.outbox[0].to == ["hong@example.com"]
    assert "■ 대기 순번: 4번" in mail.outbox[0].body


def test_dates_render_in_korean_and_are_kept_as_text(program_context):
    notification = services.notify(
        to="01012345678",
        channel=Channel.SMS,
        template="program_signup_confirmed",
        context={**program_context, "cancel_deadline": datetime.date(2025, 3, 5)},
        key="program-signup:5:confirmed",
    )

    assert "■ 취소 가능 기한: 2025년 3월 5일" in notification.body
    assert notification.context["cancel_deadline"] == "2025-03-05"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"to": "02-2133-0000", "channel": "SMS"},
            InvalidRecipientError,
            "010으로 시작하는 휴대전화 번호가 필요합니다",
        ),
        ({"to": "hong(at)example.com", "channel": "EMAIL"}, InvalidRecipientError, "올바른 이메일 주소가 아닙니다"),
        ({"to": "01012345678", "channel": "FAX"}, NotificationError, "알 수 없는 알림 채널입니다: FAX"),
        ({"channel": "SMS"}, InvalidRecipientError, "받는 회원이나 받는 주소 중 하나는 있어야 합니다"),
        ({"to": "01012345678", "channel": "SMS", "key": " "}, NotificationError, "알림 중복 방지 키는 1~200자여야"),
        ({"to": "01012345678", "channel": "SMS", "template": "nope"}, UnknownTemplateError, "알 수 없는 알림 템플릿"),
        (
            {"to": "01012345678", "channel": "SMS", "context": {"program_title": "x", "when": object()}},
            NotificationError,
            "글자, 숫자, 날짜만",
        ),
    ],
)
def test_bad_requests_raise_a_korean_error_and_write_nothing(arguments, error, message, program_context):
    call = {"template": "program_signup_confirmed", "context": program_context, "key": "bad:1", **arguments}

    with pytest.raises(error, match=message):
        services.notify(**call)

    assert Notification.objects.count() == 0


def test_sms_to_a_user_without_a_phone_number_is_refused(citizen, program_context):
    with pytest.raises(InvalidRecipientError, match="받는 회원에게 문자로 받을 연락처가 없습니다"):
        services.notify(
            user=citizen, channel=Channel.SMS, template="program_signup_confirmed", context=program_context, key="k"
        )


def test_received_by_lists_only_delivered_messages_of_that_user(
    citizen, django_user_model, program_context, django_capture_on_commit_callbacks
):
    other = django_user_model.objects.create_user("kim", "kim@example.com", "pw-안심-2025")
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.notify(
            user=citizen, channel=Channel.EMAIL, template="program_signup_confirmed", context=program_context, key="a"
        )
        services.notify(
            user=other, channel=Channel.EMAIL, template="program_signup_confirmed", context=program_context, key="b"
        )
    pending = services.notify(
        user=citizen, channel=Channel.EMAIL, template="program_signup_cancelled", context=program_context, key="c"
    )

    assert list(selectors.received_by(citizen)) == [mine]
    assert pending.status == Status.QUEUED


def test_erase_for_user_strips_personal_data_and_cancels_pending(
    citizen, program_context, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify(
            user=citizen,
            to="01012345678",
            channel=Channel.SMS,
            template="program_signup_confirmed",
            context=program_context,
            key="erase:1",
        )
    pending = services.notify(
        user=citizen, channel=Channel.EMAIL, template="policy_fits", context={"policy_title": "청년 월세지원"}, key="e2"
    )

    assert services.erase_for_user(user=citizen) == 2

    sent.refresh_from_db()
    pending.refresh_from_db()
    assert (sent.recipient, sent.to, sent.to_masked, sent.context, sent.body) == (None, "", "(탈퇴 회원)", {}, "")
    assert sent.status == Status.SENT
    assert pending.status == Status.CANCELLED
    outbox = OutboxMessage.objects.get()
    assert (outbox.to, outbox.body) == ("", "")
    assert "홍길동" not in outbox.subject
