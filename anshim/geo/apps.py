from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "anshim.geo"
    verbose_name = "지역(자치구)"
