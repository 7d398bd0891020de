"""도어지킴이 selection timings (figures, not tests).

Target (issue #5): 10,000 applications across the 25 districts — eligibility by the round's rule,
ranking and selection within each district's quota — in ≤ 5 s. Pure Python, as the services run
it per district: the city quota of 3,000 split by single-person households; odd districts select
by 선정심의 (priority score), even ones 선착순.

With ``--db`` it also times the services on the configured database (run it after
``bench/prepare.py`` has migrated it): 10,000 submitted applications are bulk-inserted for a
throw-away round, then ``services.run_selection`` ranks and selects each district under its quota
lock, writing every status change, history row and queued notification; the round is removed after.
"""

from __future__ import annotations

import datetime
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anshim.doorguard import quota, selection  # noqa: E402
from anshim.eligibility import Outcome, clean_facts, evaluate  # noqa: E402
from anshim.eligibility.examples import DOORGUARD_2022  # noqa: E402
from anshim.eligibility.facts import age_at  # noqa: E402
from anshim.eligibility.rules import Rule  # noqa: E402
from anshim.geo.districts import DISTRICTS  # noqa: E402

APPLICATIONS = 10_000
CITY_QUOTA = 3_000
REFERENCE_DATE = datetime.date(2022, 3, 2)
TENURES = ["MONTHLY_RENT"] * 5 + ["JEONSE"] * 3 + ["GOSIWON", "OWNER"]
HOUSING = ["VILLA"] * 4 + ["OFFICETEL"] * 3 + ["GOSIWON", "BASEMENT", "APARTMENT"]


def synthetic(count: int, seed: int = 2022) -> list[dict]:
    rng = random.Random(seed)
    codes = [d.code for d in DISTRICTS]
    weights = [d.single_households for d in DISTRICTS]
    start = datetime.datetime(2022, 3, 2, 9, 0)
    rows = []
    for pk in range(1, count + 1):
        rows.append(
            {
                "id": pk,
                "submitted_at": start + datetime.timedelta(seconds=rng.randint(0, 14 * 86400)),
                "district": rng.choices(codes, weights)[0],
                "housing_type": rng.choice(HOUSING),
                "high_risk_area": rng.random() < 0.1,
                "committee_score": round(rng.uniform(0, 30), 1) if rng.random() < 0.5 else None,
                "facts": {
                    "birth_date": datetime.date(rng.randint(1940, 2006), rng.randint(1, 12), rng.randint(1, 28)),
                    "sex": rng.choice("FM"),
                    "lives_alone": rng.random() < 0.97,
                    "registered_in_seoul": rng.random() < 0.98,
                    "housing_tenure": rng.choice(TENURES),
                    "home_wifi": rng.random() < 0.93,
                },
            }
        )
    return rows


def run_round(rows: list[dict], rule: Rule) -> tuple[dict[str, float], int, int]:
    timings = {}
    t0 = time.perf_counter()
    eligible = []
    for row in rows:
        facts = clean_facts({**row["facts"], "district": row["district"]}, today=REFERENCE_DATE)
        if evaluate(rule, facts, REFERENCE_DATE).outcome is Outcome.ELIGIBLE:
            eligible.append((row, facts))
    timings["eligibility"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    places = quota.split_by_single_households(CITY_QUOTA)
    by_district: dict[str, list[selection.Candidate]] = defaultdict(list)
    for row, facts in eligible:
        by_district[row["district"]].append(
            selection.Candidate(
                id=row["id"],
                submitted_at=row["submitted_at"],
                female=facts.sex == "F",
                age=age_at(facts.birth_date, REFERENCE_DATE),
                housing_type=row["housing_type"],
                high_risk_area=row["high_risk_area"],
                committee_score=row["committee_score"],
            )
        )
    selected = waitlisted = 0
    for index, district in enumerate(DISTRICTS):
        method = selection.COMMITTEE if index % 2 else selection.FIRST_COME
        choice = selection.choose(by_district[district.code], places=places[district.code], method=method, weights={})
        selected += len(choice.selected)
        waitlisted += len(choice.waitlisted)
    timings["quota split + ranking + selection"] = time.perf_counter() - t1
    timings["total"] = time.perf_counter() - t0
    return timings, selected, waitlisted


def run_services(rows: list[dict], rule: Rule) -> None:
    """Time ``services.run_selection`` for every district over the eligible rows, on the configured database."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anshim.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from anshim.accounts.models import Partner, User
    from anshim.doorguard import addresses, services
    from anshim.doorguard.models import Application, DistrictQuota, Round, SelectionMethod
    from anshim.geo.models import District

    actor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-doorguard", "bench-doorguard@example.kr", "bench-password-not-used-2026"
    )
    partner, _ = Partner.objects.get_or_create(name="벤치마크 보안업체", defaults={"kind": Partner.Kind.SECURITY})
    today = timezone.localdate()
    round_ = Round.objects.create(
        year=today.year,
        name=f"벤치마크 {time.time_ns()}",
        rule=rule.source,
        partner=partner,
        opens_on=today,
        closes_on=today,
        city_quota=CITY_QUOTA,
    )
    places = quota.split_by_single_households(CITY_QUOTA)
    districts = {d.pk: d for d in District.objects.all()}
    for index, district in enumerate(DISTRICTS):
        DistrictQuota.objects.create(
            round=round_,
            district_id=district.code,
            quota=places[district.code],
            method=SelectionMethod.COMMITTEE if index % 2 else SelectionMethod.FIRST_COME,
        )
    started_at = timezone.now()
    try:
        t0 = time.perf_counter()
        batch = []
        for row in rows:
            facts = clean_facts({**row["facts"], "district": row["district"]}, today=REFERENCE_DATE)
            if evaluate(rule, facts, REFERENCE_DATE).outcome is not Outcome.ELIGIBLE:
                continue
            address = f"서울 {districts[row['district']].name} 벤치로 {row['id']}"
            batch.append(
                Application(
                    round=round_,
                    name=f"벤치{row['id']}",
                    phone="010-0000-0000",
                    birth_date=facts.birth_date,
                    sex=facts.sex,
                    district_id=row["district"],
                    housing_type=row["housing_type"],
                    high_risk_area=row["high_risk_area"],
                    committee_score=row["committee_score"],
                    facts=facts.as_dict(),
                    status="SUBMITTED",
                    submitted_at=timezone.make_aware(row["submitted_at"]),
                    person_key=f"bench|{round_.pk}|{row['id']}",
                    address_key=addresses.address_key(address) + f"|{round_.pk}",
                    address=address,
                )
            )
        with transaction.atomic():
            Application.objects.bulk_create(batch, batch_size=1000)
        t1 = time.perf_counter()
        for code in places:
            services.run_selection(actor=actor, round=round_, district=districts[code])
        t2 = time.perf_counter()
        selected = Application.objects.filter(round=round_, status="SELECTED").count()
        print(f"services on the database: {len(batch):,} eligible applications inserted in {t1 - t0:.2f} s")
        print(
            f"  run_selection × 25 districts (lock, rank, {selected:,} selected + waitlist, history, notifications) {t2 - t1:.2f} s"
        )
    finally:
        from django_tasks_db.models import DBTaskResult

        from anshim.doorguard.models import ApplicationEvent
        from anshim.notifications.models import Notification

        # The bench's queued deliveries must not reach a worker later.
        DBTaskResult.objects.filter(
            enqueued_at__gte=started_at, task_path="anshim.notifications.tasks.deliver_notifications"
        ).delete()
        ApplicationEvent.objects.filter(application__round=round_).delete()
        Notification.objects.filter(to="01000000000", template="status_changed").delete()
        Application.objects.filter(round=round_).delete()
        round_.delete()


def main() -> None:
    rows = synthetic(APPLICATIONS)
    rule = Rule(DOORGUARD_2022.rule)
    runs = [run_round(rows, rule) for _ in range(5)]
    _, selected, waitlisted = runs[-1]
    print(f"도어지킴이: {APPLICATIONS:,} applications, 25 districts, city quota {CITY_QUOTA:,}")
    print(f"  eligible {selected + waitlisted:,}: selected {selected:,}, waitlisted {waitlisted:,}")
    for name in runs[0][0]:
        values = [timings[name] for timings, _, _ in runs]
        print(f"  {name:<36} median {statistics.median(values):6.3f} s  max {max(values):6.3f} s")
    worst = max(timings["total"] for timings, _, _ in runs)
    print(f"  target ≤ 5 s: {'met' if worst <= 5 else 'MISSED'} (worst of {len(runs)} runs {worst:.3f} s)")
    if "--db" in sys.argv:
        run_services(rows, rule)


if __name__ == "__main__":
    main()
