from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "anshim.portal"
    verbose_name = "포털"
