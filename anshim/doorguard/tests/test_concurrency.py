"""Several officials approving at once never select more households than a district's quota.

Each thread has its own database connection, as each request would, and closes it when done. On
PostgreSQL (``scripts/with-postgres``) the approvals really overlap and the DistrictQuota row lock
(``select_for_update``) serialises them. The suite's in-memory SQLite answers a second writer with
"table is locked" instead of waiting, so there the threads take turns through a lock standing in
for SQLite's own write lock, in whatever order they reach it, and the same invariants are checked.
"""

import pytest
from django.core.exceptions import ValidationError

from anshim.accounts.models import Role
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.concurrency_testing import run_together
from anshim.doorguard import services
from anshim.doorguard.models import Application, ApplicationStatus, DistrictQuota
from anshim.doorguard.tests.conftest import GWANAK, apply_as_citizen, make_round
from anshim.geo.models import District

pytestmark = pytest.mark.django_db(transaction=True)
S = ApplicationStatus


def officials(count):
    district = District.objects.get(pk=GWANAK)
    users = []
    for _ in range(count):
        user = UserFactory()
        grant(user, Role.DISTRICT_OFFICIAL, district=district)
        users.append(user)
    return users


def test_parallel_bulk_approvals_never_exceed_the_quota():
    round_ = make_round(partner=PartnerFactory(), quotas={GWANAK: 7})
    apps = [apply_as_citizen(round_) for _ in range(24)]
    district = District.objects.get(pk=GWANAK)
    staff = officials(4)
    # Four officials each approve an overlapping batch of eight at the same moment.
    batches = [[a.pk for a in apps[i * 4 : i * 4 + 8]] for i in range(4)]
    results = run_together(
        [
            (
                lambda user=user, ids=ids: services.bulk_select(
                    actor=user, round=round_, district=district, application_ids=ids
                )
            )
            for user, ids in zip(staff, batches, strict=True)
        ]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(len(r.selected) for r in results) == 7
    assert Application.objects.filter(round=round_, status=S.SELECTED).count() == 7
    assert DistrictQuota.objects.get(round=round_, district=district).filled == 7


def test_parallel_single_approvals_let_exactly_the_quota_through():
    round_ = make_round(partner=PartnerFactory(), quotas={GWANAK: 5})
    apps = [apply_as_citizen(round_) for _ in range(16)]
    staff = officials(16)
    results = run_together(
        [
            (lambda user=user, a=a: services.select(actor=user, application=a))
            for user, a in zip(staff, apps, strict=True)
        ]
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 11
    assert all("정원 5명이 모두 찼습니다" in r.messages[0] for r in refused)
    assert [r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)] == []
    assert Application.objects.filter(round=round_, status=S.SELECTED).count() == 5
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 5


def test_cancellations_and_approvals_at_once_keep_the_count_true():
    round_ = make_round(partner=PartnerFactory(), quotas={GWANAK: 3})
    official = officials(1)[0]
    seated = [services.select(actor=official, application=apply_as_citizen(round_)) for _ in range(3)]
    waiting = [services.waitlist(actor=official, application=apply_as_citizen(round_)) for _ in range(2)]
    newcomers = [apply_as_citizen(round_) for _ in range(4)]
    staff = officials(4)
    jobs = [lambda s=s: services.cancel_application(actor=s.user, application=s) for s in seated] + [
        (lambda user=user, a=a: services.select(actor=user, application=a))
        for user, a in zip(staff, newcomers, strict=True)
    ]
    results = run_together(jobs)
    assert [r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)] == []
    holding = Application.objects.filter(round=round_, status=S.SELECTED)
    newcomers_in = sum(1 for r in results[3:] if isinstance(r, Application))
    # The first two freed places go to the waiting list inside the cancelling transaction; only the
    # third is open to a newcomer, and only if one asks after it is freed.
    assert newcomers_in <= 1
    assert holding.count() == DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 2 + newcomers_in
    assert set(holding.filter(pk__in=[w.pk for w in waiting]).values_list("pk", flat=True)) == {w.pk for w in waiting}
