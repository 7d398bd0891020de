"""Fill the configured database for benchmarks: demo data, then synthetic programmes up to
10,000 (spread over the 25 districts, located inside them) and a search index over all.

Run with the same environment (DATABASE_URL / ANSHIM_SQLITE_PATH) as the server under test.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anshim.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from anshim.catalog.indexing import reindex_all  # noqa: E402
from anshim.geo.boundaries import random_point_in  # noqa: E402
from anshim.geo.districts import DISTRICTS  # noqa: E402
from anshim.programs.models import Program  # noqa: E402

TARGET_PROGRAMS = int(os.environ.get("BENCH_PROGRAMS", "10000"))


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Program.objects.exists():
        call_command("seed_demo", verbosity=0)
    templates = list(Program.objects.order_by("pk")[:200])
    missing = TARGET_PROGRAMS - Program.objects.count()
    rng = random.Random(20211)
    batch = []
    for i in range(max(missing, 0)):
        base = templates[i % len(templates)]
        district = DISTRICTS[i % len(DISTRICTS)]
        lat, lon = random_point_in(district.code, rng)
        copy = Program(
            **{f.attname: getattr(base, f.attname) for f in Program._meta.concrete_fields if not f.primary_key},
        )
        copy.code = f"BENCH-{i:05d}"
        copy.title = f"{base.title} {i % 97 + 1}기"
        copy.district_id = district.code
        copy.center_id = None
        copy.latitude, copy.longitude = lat, lon
        batch.append(copy)
    Program.objects.bulk_create(batch, batch_size=1000)
    reindex_all()
    print(f"bench data: {Program.objects.count()} programmes, ready in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
