from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anshim.accounts"
    verbose_name = "계정·권한"

    def ready(self):
        from anshim.accounts import staff_groups

        staff_groups.connect()

        from anshim.accounts import profile_signals

        profile_signals.connect_signals()
