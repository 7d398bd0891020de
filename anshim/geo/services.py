"""Changes to district rows (the reference data itself lives in ``districts``)."""

from django.db import transaction

from anshim.geo.districts import DISTRICTS
from anshim.geo.models import District


@transaction.atomic
def ensure_districts() -> int:
    """Create or refresh the 25 districts; returns how many were missing."""
    existing = set(District.objects.values_list("code", flat=True))
    for d in DISTRICTS:
        District.objects.update_or_create(
            code=d.code,
            defaults={"name": d.name, "name_en": d.name_en, "slug": d.slug, "single_households": d.single_households},
        )
    return len({d.code for d in DISTRICTS} - existing)
