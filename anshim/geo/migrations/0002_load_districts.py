"""The 25 districts are reference data every installation needs, so a migration loads them."""

from django.db import migrations


def load(apps, schema_editor):
    from anshim.geo.districts import DISTRICTS

    District = apps.get_model("geo", "District")
    for d in DISTRICTS:
        District.objects.update_or_create(
            code=d.code,
            defaults={"name": d.name, "name_en": d.name_en, "slug": d.slug, "single_households": d.single_households},
        )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
