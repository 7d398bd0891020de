from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anshim.accounts"
    verbose_name = "계정·권한"
