from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "anshim.content"
    verbose_name = "알림마당·알쓸1잡"
