from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoorguardConfig(AppConfig):
    name = "anshim.doorguard"
    label = "doorguard"
    verbose_name = _("안전 도어지킴이")
