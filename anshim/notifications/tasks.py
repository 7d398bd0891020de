"""Background tasks of the notifications app, run by ``manage.py db_worker``."""

from django_tasks import task

from anshim.notifications import services


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one notification; running it twice sends it once (see ``services.deliver``)."""
    return services.deliver(notification_id=notification_id)


@task()
def deliver_notifications(notification_ids: list[int]) -> dict[str, int]:
    """Send a batch queued by ``services.notify_many``; returns how many ended in each status.

    Each one goes through ``services.deliver`` as if alone: a failure schedules that one's own
    retry task and does not hold up the rest.
    """
    counts: dict[str, int] = {}
    for notification_id in notification_ids:
        status = services.deliver(notification_id=notification_id)
        counts[status] = counts.get(status, 0) + 1
    return counts
