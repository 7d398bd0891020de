from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "anshim.operations"
    verbose_name = "운영·성과"
