"""The real path: notify() stores a task in the database and ``manage.py db_worker --batch`` delivers it.

These tests commit for real (``transaction=True``) because the worker claims tasks in its own
transactions, exactly as it does in production.
"""

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anshim.notifications import services
from anshim.notifications.exceptions import TransientDeliveryError
from anshim.notifications.models import Channel, Notification, OutboxMessage, Status
from anshim.notifications.tasks import deliver_notification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("db_tasks")]


@pytest.fixture
def run_worker():
    """Run ``db_worker --batch`` in this process; it installs signal handlers, which are put back after."""
    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in handled}

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)


def signup_confirmed(key="worker:1") -> Notification:
    return services.notify(
        to="01012345678",
        channel=Channel.SMS,
        template="program_signup_confirmed",
        context={"name": "홍길동", "program_title": "함께 요리하는 저녁"},
        key=key,
    )


def test_worker_delivers_a_queued_notification_once_even_when_enqueued_twice(run_worker):
    notification = signup_confirmed()
    deliver_notification.enqueue(notification.pk)
    assert DBTaskResult.objects.ready().count() == 2

    run_worker()

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.attempts == 1
    assert OutboxMessage.objects.get().body.startswith("홍길동님, 참여프로그램 신청이 확정되었습니다.")
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]
    assert DBTaskResult.objects.ready().count() == 0


def test_worker_defers_a_retry_until_its_time_then_sends(flaky, run_worker):
    flaky.append(TransientDeliveryError("발송 서비스에 일시적인 오류가 있습니다(HTTP 502)"))
    notification = signup_confirmed("worker:2")

    run_worker()

    notification.refresh_from_db()
    assert notification.status == Status.QUEUED
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=25)
    assert OutboxMessage.objects.count() == 0

    # Time passes: the retry becomes due and the next worker run picks it up.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.attempts == 2
    assert OutboxMessage.objects.count() == 1
