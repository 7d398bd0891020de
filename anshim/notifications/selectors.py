"""Reads of notifications for the citizen's 마이페이지."""

from django.db.models import QuerySet

from anshim.notifications.models import Notification, Status


def received_by(user) -> QuerySet[Notification]:
    """Messages actually delivered to ``user``, newest first."""
    return Notification.objects.filter(recipient=user, status=Status.SENT).order_by("-sent_at", "-pk")
