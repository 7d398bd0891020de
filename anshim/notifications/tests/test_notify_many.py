"""notify_many(): thousands of messages in one insert, idempotent by key, delivered in batches."""

import pytest
from django_tasks_db.models import DBTaskResult

from anshim.notifications import services
from anshim.notifications.models import Channel, Notification, OutboxMessage, Status
from anshim.notifications.tasks import deliver_notifications

pytestmark = pytest.mark.django_db


def message(n: int, phone: str = "010-1234-5678") -> services.Message:
    return services.Message(
        to=phone,
        channel=Channel.SMS,
        template="program_signup_promoted",
        context={"program_title": f"마음 산책 {n}"},
        key=f"bulk:{n}",
    )


def test_many_messages_are_queued_and_delivered_in_batches_after_commit(db_tasks, django_capture_on_commit_callbacks):
    count = services.DELIVERY_BATCH * 2 + 1
    with django_capture_on_commit_callbacks(execute=True):
        result = services.notify_many([message(n) for n in range(count)])
        assert DBTaskResult.objects.count() == 0  # nothing leaves before the caller commits

    assert len(result.queued) == count and result.refused == {}
    assert Notification.objects.filter(status=Status.QUEUED).count() == count
    tasks = list(DBTaskResult.objects.all())
    assert len(tasks) == 3
    assert {task.task_path for task in tasks} == {"anshim.notifications.tasks.deliver_notifications"}

    for task in tasks:
        deliver_notifications.call(*task.args_kwargs["args"])

    assert Notification.objects.filter(status=Status.SENT).count() == count
    assert OutboxMessage.objects.count() == count
    assert OutboxMessage.objects.filter(body__contains="마음 산책 7").exists()


def test_keys_already_used_are_not_queued_again(db_tasks):
    first = services.notify(**vars(message(1)))

    result = services.notify_many([message(1), message(2), message(2)])

    assert [row.idempotency_key for row in result.queued] == ["bulk:2"]
    assert Notification.objects.count() == 2
    assert Notification.objects.get(idempotency_key="bulk:1").pk == first.pk


def test_a_bad_address_is_refused_in_korean_and_the_rest_still_go(db_tasks):
    result = services.notify_many([message(1), message(2, phone="02-123-4567"), message(3)])

    assert sorted(row.idempotency_key for row in result.queued) == ["bulk:1", "bulk:3"]
    assert result.refused == {"bulk:2": "010으로 시작하는 휴대전화 번호가 필요합니다: 02-123-4567"}
    assert not Notification.objects.filter(idempotency_key="bulk:2").exists()


def test_a_batch_goes_on_when_one_delivery_fails(flaky, db_tasks):
    from anshim.notifications.exceptions import PermanentDeliveryError

    flaky.append(PermanentDeliveryError("없는 번호입니다"))
    result = services.notify_many([message(1), message(2)])

    counts = deliver_notifications.call([row.pk for row in result.queued])

    assert counts == {"FAILED": 1, "SENT": 1}
    failed = Notification.objects.get(status=Status.FAILED)
    assert failed.last_error == "없는 번호입니다"
