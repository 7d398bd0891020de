from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "anshim.catalog"
    verbose_name = "지원제도"

    def ready(self) -> None:
        from anshim.catalog import indexing

        indexing.connect_signals()
