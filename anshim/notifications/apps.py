from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "anshim.notifications"
    verbose_name = "알림"

    def ready(self) -> None:
        from anshim.notifications import checks  # noqa: F401 - registers the system checks
