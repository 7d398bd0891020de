"""Channel backends that misbehave on purpose, selected by dotted path in the delivery tests."""

from anshim.notifications.channels import OutboxBackend
from anshim.notifications.tasks import deliver_notification

MODULE = __name__


class FlakyBackend(OutboxBackend):
    """Fails with the queued errors, one per call, then delivers to the outbox."""

    errors: list[Exception] = []

    def send(self, message):
        if FlakyBackend.errors:
            raise FlakyBackend.errors.pop(0)
        return super().send(message)


class ReentrantBackend(OutboxBackend):
    """While sending, a second worker runs the same task: it must find the row taken and send nothing."""

    inner_results: list[str] = []

    def send(self, message):
        ReentrantBackend.inner_results.append(deliver_notification.call(message.notification_id))
        return super().send(message)
