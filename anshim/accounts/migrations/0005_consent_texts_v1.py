"""Version 1 of the consent notices (동의서) citizens read before giving personal data."""

from django.db import migrations

from anshim.accounts.consent_texts import VERSION_1, ensure_consent_texts


def seed(apps, schema_editor):
    ensure_consent_texts(apps.get_model("accounts", "ConsentText"))


def unseed(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    for text in VERSION_1:
        ConsentText.objects.filter(
            purpose=text["purpose"], kind=text["kind"], version=1, consents__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_citizen_consent_profile")]

    operations = [migrations.RunPython(seed, unseed)]
