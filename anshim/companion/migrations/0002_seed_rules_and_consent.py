"""The 2021 and 2025 rule versions of 병원 안심동행 and version 1 of its consent notices."""

from django.db import migrations

from anshim.companion.seeds import CONSENT_TEXTS, RULE_SETS, ensure_consent_texts, ensure_rule_sets


def seed(apps, schema_editor):
    ensure_rule_sets(apps.get_model("companion", "RuleSet"))
    ensure_consent_texts(apps.get_model("accounts", "ConsentText"))


def unseed(apps, schema_editor):
    RuleSet = apps.get_model("companion", "RuleSet")
    RuleSet.objects.filter(effective_from__in=[row["effective_from"] for row in RULE_SETS]).delete()
    ConsentText = apps.get_model("accounts", "ConsentText")
    for text in CONSENT_TEXTS:
        ConsentText.objects.filter(
            purpose=text["purpose"], kind=text["kind"], version=1, consents__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("companion", "0001_initial"),
        ("accounts", "0004_citizen_consent_profile"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
