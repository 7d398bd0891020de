"""Background tasks of the notifications app, run by ``manage.py db_worker``."""

from django_tasks import task

from anshim.notifications import services


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one notification; running it twice sends it once (see ``services.deliver``)."""
    return services.deliver(notification_id=notification_id)
