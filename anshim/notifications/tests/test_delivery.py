"""Delivery: sent once however often the task runs, retried with growing waits, then FAILED in Korean."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anshim.notifications import services
from anshim.notifications.channels import OUTBOX_BACKEND
from anshim.notifications.exceptions import PermanentDeliveryError, TransientDeliveryError
from anshim.notifications.models import Channel, Notification, OutboxMessage, Status
from anshim.notifications.tasks import deliver_notification
from anshim.notifications.tests.backends import MODULE as BACKENDS
from anshim.notifications.tests.backends import ReentrantBackend

pytestmark = pytest.mark.django_db


def queued(key="delivery:1", channel=Channel.SMS) -> Notification:
    """A notification whose delivery task was not run (the commit callback is never executed here)."""
    return services.notify(
        to="01012345678",
        channel=channel,
        template="program_signup_promoted",
        context={"program_title": "마음 산책"},
        key=key,
    )


def test_the_task_run_twice_sends_once(db_tasks):
    notification = queued()

    first = deliver_notification.call(notification.pk)
    second = deliver_notification.call(notification.pk)

    assert (first, second) == ("SENT", "SENT")
    assert OutboxMessage.objects.count() == 1
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.provider_message_id == f"outbox-{OutboxMessage.objects.get().pk}"


def test_a_second_run_while_the_first_is_sending_sends_nothing(settings, db_tasks):
    settings.ANSHIM_NOTIFICATIONS_SMS_BACKEND = f"{BACKENDS}.ReentrantBackend"
    ReentrantBackend.inner_results = []
    notification = queued()

    assert deliver_notification.call(notification.pk) == "SENT"

    assert ReentrantBackend.inner_results == ["SENDING"]
    assert OutboxMessage.objects.count() == 1


def test_transient_errors_are_retried_with_doubling_waits_then_failed(
    flaky, db_tasks, django_capture_on_commit_callbacks
):
    flaky.extend(TransientDeliveryError("발송 서비스에 일시적인 오류가 있습니다(HTTP 503)") for _ in range(5))
    notification = queued()
    waits = []

    for attempt in range(1, 6):
        started = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            status = deliver_notification.call(notification.pk)
        notification.refresh_from_db()
        assert notification.attempts == attempt
        if attempt < 5:
            assert status == "QUEUED"
            assert "HTTP 503" in notification.last_error
            waits.append(round((notification.next_attempt_at - started).total_seconds()))

    assert waits == [30, 60, 120, 240]
    retries = DBTaskResult.objects.order_by("run_after")
    assert [round((task.run_after - task.enqueued_at).total_seconds()) for task in retries] == waits
    assert {task.task_path for task in retries} == {"anshim.notifications.tasks.deliver_notification"}
    assert notification.status == Status.FAILED
    assert notification.last_error == (
        "5번 시도했지만 보내지 못했습니다. 마지막 오류: 발송 서비스에 일시적인 오류가 있습니다(HTTP 503)"
    )
    assert notification.next_attempt_at is None
    assert OutboxMessage.objects.count() == 0


def test_max_attempts_and_backoff_come_from_settings(flaky, settings, db_tasks, django_capture_on_commit_callbacks):
    settings.ANSHIM_NOTIFICATIONS_MAX_ATTEMPTS = 2
    settings.ANSHIM_NOTIFICATIONS_RETRY_BASE_SECONDS = 5
    flaky.extend([TransientDeliveryError("시간 초과"), TransientDeliveryError("시간 초과")])
    notification = queued()

    with django_capture_on_commit_callbacks(execute=True):
        deliver_notification.call(notification.pk)
    assert round(DBTaskResult.objects.get().run_after.timestamp() - timezone.now().timestamp()) == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_notification.call(notification.pk) == "FAILED"

    assert DBTaskResult.objects.count() == 1
    assert Notification.objects.get().last_error.startswith("2번 시도했지만")


def test_a_permanent_error_fails_at_once_without_retry(flaky, db_tasks, django_capture_on_commit_callbacks):
    flaky.append(PermanentDeliveryError("발송 서비스 인증에 실패했습니다(HTTP 401). API 키를 확인해 주세요."))
    notification = queued()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert deliver_notification.call(notification.pk) == "FAILED"

    notification.refresh_from_db()
    assert callbacks == []
    assert notification.attempts == 1
    assert notification.last_error == "발송 서비스 인증에 실패했습니다(HTTP 401). API 키를 확인해 주세요."


def test_an_unexpected_fault_is_retried_not_left_sending(flaky, db_tasks, django_capture_on_commit_callbacks):
    flaky.append(KeyError("provider_profile"))
    notification = queued()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_notification.call(notification.pk) == "QUEUED"

    notification.refresh_from_db()
    assert notification.last_error.startswith("예기치 못한 오류로 보내지 못했습니다")
    assert DBTaskResult.objects.count() == 1


def test_the_immediate_backend_retries_straight_away(flaky, immediate_tasks, django_capture_on_commit_callbacks):
    flaky.extend([TransientDeliveryError("연결 끊김"), TransientDeliveryError("연결 끊김")])

    with django_capture_on_commit_callbacks(execute=True):
        notification = queued()

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.attempts == 3
    assert notification.last_error == ""
    assert OutboxMessage.objects.count() == 1


def test_a_cancelled_notification_is_never_sent(db_tasks):
    notification = queued()

    assert services.cancel(notification=notification) is True
    assert deliver_notification.call(notification.pk) == "CANCELLED"
    assert services.cancel(notification=notification) is False
    assert OutboxMessage.objects.count() == 0


def test_a_deleted_notification_is_skipped(db_tasks):
    notification = queued()
    notification.delete()

    assert deliver_notification.call(notification.pk) == ""


def test_retry_delay_is_capped(settings):
    settings.ANSHIM_NOTIFICATIONS_RETRY_MAX_SECONDS = 100

    assert [services.retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=100),
        timedelta(seconds=100),
    ]


def test_outbox_is_the_development_default_for_texts_and_alimtalk(settings, db_tasks):
    settings.ANSHIM_NOTIFICATIONS_KAKAO_SENDER_KEY = "anshim-kakao-profile"
    for name in ("ANSHIM_NOTIFICATIONS_SMS_BACKEND", "ANSHIM_NOTIFICATIONS_KAKAO_BACKEND"):
        assert getattr(settings, name, OUTBOX_BACKEND) == OUTBOX_BACKEND
    notification = queued(channel=Channel.KAKAO)

    deliver_notification.call(notification.pk)

    outbox = OutboxMessage.objects.get()
    assert outbox.notification == notification
    assert (outbox.channel, outbox.to, outbox.sender) == ("KAKAO", "01012345678", "anshim-kakao-profile")
    assert outbox.subject == "[안심] 마음 산책 대기 중이던 신청이 확정되었습니다"
    assert outbox.body.startswith("자리가 생겨 대기 중이던 참여프로그램 신청이 확정되었습니다.")
