"""도어지킴이 district queue page timing (figures, not tests).

Target (issue #5): the district queue page with 2,000 pending applications, p99 ≤ 200 ms.

A throw-away SQLite database (as ``search_bench``) gets one round with 관악구's quota and 2,000
submitted applications (bulk-inserted, varied sex, age, housing, channel and committee scores);
a 관악구 official then asks for the queue through Django's test ``Client`` (the whole stack:
middleware, sessions, scope checks, the priority-score expression, paging, templates). Requests
cycle through the default view, both sorts, priority and channel filters, a number search and
later pages. Prints p50/p99 and the number of SQL queries per request (which must not depend on
the number of rows).

    .venv/bin/python bench/doorguard_queue_bench.py [--applications 2000] [--requests 200]
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="anshim-doorguard-queue-bench-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ["ANSHIM_VAR_DIR"] = TMP
os.environ["ANSHIM_SQLITE_PATH"] = str(Path(TMP) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anshim.settings")
# The bench measures the page, not static file hashing: plain storage needs no collectstatic.
os.environ.setdefault("ANSHIM_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

GWANAK = "11620"
HOUSING = ["VILLA"] * 4 + ["OFFICETEL"] * 3 + ["GOSIWON", "BASEMENT", "APARTMENT"]


def build(count: int):
    from anshim.accounts.models import Partner, Role, StaffRole, User
    from anshim.doorguard.models import Application, DistrictQuota, Round, SelectionMethod
    from anshim.eligibility.examples import DOORGUARD_2021

    call_command("migrate", verbosity=0)
    partner = Partner.objects.create(name="벤치마크 보안업체", kind=Partner.Kind.SECURITY)
    today = timezone.localdate()
    round_ = Round.objects.create(
        year=today.year,
        name="큐 벤치마크",
        rule=DOORGUARD_2021.rule,
        partner=partner,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )
    DistrictQuota.objects.create(round=round_, district_id=GWANAK, quota=120, method=SelectionMethod.COMMITTEE)
    official = User.objects.create_user("bench-gwanak", "bench-gwanak@example.kr", "bench-password-not-used-2026")
    StaffRole.objects.create(user=official, role=Role.DISTRICT_OFFICIAL, district_id=GWANAK)
    rng = random.Random(2021)
    start = timezone.now() - datetime.timedelta(days=14)
    rows = []
    for n in range(count):
        rows.append(
            Application(
                round=round_,
                channel=rng.choice(["ONLINE"] * 8 + ["PAPER", "PHONE"]),
                name=f"김벤치{n}",
                phone=f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                birth_date=datetime.date(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice("FM"),
                person_key=f"bench|{n}",
                address=f"서울특별시 관악구 벤치로 {n}",
                address_key=f"bench-address|{n}",
                district_id=GWANAK,
                housing_type=rng.choice(HOUSING),
                high_risk_area=rng.random() < 0.1,
                facts={"lives_alone": True, "registered_in_seoul": True},
                eligibility={"outcome": "ELIGIBLE", "sentences": []},
                status=rng.choice(["SUBMITTED"] * 3 + ["REVIEWING"]),
                committee_score=round(rng.uniform(0, 30), 1) if rng.random() < 0.5 else None,
                submitted_at=start + datetime.timedelta(seconds=rng.randint(0, 14 * 86400)),
            )
        )
    Application.objects.bulk_create(rows, batch_size=500)
    return official, round_, Application.objects.order_by("pk").values_list("pk", flat=True)[count // 2]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    started = time.perf_counter()
    official, round_, some_pk = build(args.applications)
    print(
        f"database: {connection.vendor}; {args.applications:,} pending applications in 관악구, built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    client = Client()
    client.force_login(official)
    base = f"/doorguard/district/?district={GWANAK}&round={round_.pk}"
    queries = [
        "",
        "&sort=submitted",
        "&sort=score",
        "&priority=female",
        "&priority=older&priority=gosiwon",
        "&channel=PAPER",
        f"&q=DG-{some_pk:06d}",
        "&page=2",
        "&page=20",
        "&status=all&sort=submitted&page=40",
    ]
    for query in queries:  # warm-up: templates, query plans, the session
        response = client.get(base + query)
        assert response.status_code == 200, (query, response.status_code)
    counts = {}
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            client.get(base + query)
        counts[query or "(default)"] = len(captured.captured_queries)
    timings: dict[str, list[float]] = {query: [] for query in queries}
    cpu: list[float] = []
    for n in range(args.requests):
        query = queries[n % len(queries)]
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(base + query)
        timings[query].append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        assert response.status_code == 200
    everything = [value for values in timings.values() for value in values]
    print(f"\n{'request':<40} {'queries':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for query, values in timings.items():
        label = query.lstrip("&") or "(default: 선정심의 score order)"
        print(
            f"{label:<40} {counts[query or '(default)']:>7} {statistics.median(values):>8.1f} "
            f"{percentile(values, 0.99):>8.1f}"
        )
    p99 = percentile(everything, 0.99)
    print(
        f"\nall {len(everything)} requests: p50 {statistics.median(everything):.1f} ms, p99 {p99:.1f} ms "
        f"(target ≤ 200 ms: {'met' if p99 <= 200 else 'MISSED'}); queries per page {min(counts.values())}–{max(counts.values())}"
    )
    # On a shared, busy machine wall time includes waiting for a CPU; the process's own CPU time does not.
    print(f"CPU time per request: p50 {statistics.median(cpu):.1f} ms, p99 {percentile(cpu, 0.99):.1f} ms")
    connection.close()


if __name__ == "__main__":
    main()
