"""Version 1 of the 도어지킴이 consent notices (수집·이용, 제3자 제공 to the security company)."""

from django.db import migrations

from anshim.doorguard.consent_texts import VERSION_1, ensure_consent_texts


def seed(apps, schema_editor):
    ensure_consent_texts(apps.get_model("accounts", "ConsentText"))


def unseed(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    for text in VERSION_1:
        ConsentText.objects.filter(
            purpose=text["purpose"], kind=text["kind"], version=1, consents__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("doorguard", "0001_initial"),
        ("accounts", "0004_citizen_consent_profile"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
