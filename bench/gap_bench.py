"""사각지대 timing (figures, not tests): `manage.py compute_gap` at full size, wall time and peak memory.

A throw-away SQLite database gets 90 published policies (the example rules replicated with shifted
thresholds, as in eligibility_bench), then the command runs in a child process, so its peak RSS
(ru_maxrss of the waited-for child) and wall time are those of the real command, start-up included.
"""

from __future__ import annotations

import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REFERENCE_DATE = datetime.date(2025, 6, 1)
SIZE = int(os.environ.get("BENCH_GAP_SIZE", "1390000"))


def prepare(env: dict[str, str]) -> int:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from eligibility_bench import replicated_rules

    from anshim.catalog.choices import Category
    from anshim.catalog.models import Policy, PolicyRule, RuleStatus

    call_command("migrate", verbosity=0)
    categories = list(Category.values)
    for i, (key, definition) in enumerate(replicated_rules().items()):
        policy = Policy.objects.create(
            code=f"BENCH-GAP-{i:03d}",
            title=f"벤치마크 정책 {i + 1} ({key})",
            category=categories[i % len(categories)],
            summary="사각지대 벤치마크용 정책",
            target="서울시 1인가구",
            benefit="-",
            how_to_apply="-",
        )
        PolicyRule.objects.create(
            policy=policy,
            version=1,
            definition=definition,
            status=RuleStatus.PUBLISHED,
            published_at=timezone.now(),
        )
    return Policy.objects.count()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="anshim-gap-bench-") as folder:
        env = {
            "DJANGO_SETTINGS_MODULE": "anshim.settings",
            "ANSHIM_SQLITE_PATH": str(Path(folder) / "gap.sqlite3"),
            "ANSHIM_VAR_DIR": folder,
        }
        policies = prepare(env)
        started = time.perf_counter()
        child = subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "compute_gap",
                "--size",
                str(SIZE),
                "--date",
                REFERENCE_DATE.isoformat(),
            ],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"compute_gap: {SIZE:,} households × {policies} policies, reference date {REFERENCE_DATE}")
    print(f"  command wall time:  {wall:.2f} s (interpreter and Django start-up included)")
    print(f"  peak memory (RSS):  {peak / 2**20:.0f} MiB")
    print(f"  command said:       {child.stdout.strip()}")


if __name__ == "__main__":
    main()
