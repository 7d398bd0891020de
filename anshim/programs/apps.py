from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "anshim.programs"
    verbose_name = "참여프로그램"
