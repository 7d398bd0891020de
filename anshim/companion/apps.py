from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanionConfig(AppConfig):
    name = "anshim.companion"
    label = "companion"
    verbose_name = _("병원 안심동행")

    def ready(self):
        # Object permissions (companion.*) for the rules backend; ``rules.py`` here is the booking rules.
        from anshim.companion import permissions  # noqa: F401
