from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "anshim.catalog"
    verbose_name = "지원제도"
