"""No programme ever goes over capacity, however many people press 신청하기 at the same moment.

Each thread has its own database connection, as each request would. On PostgreSQL (CI,
``scripts/with-postgres``) the sign-ups really overlap and the programme row lock serialises
them. The test suite's SQLite database lives in shared-cache memory, which answers a second
writer with "table is locked" instead of waiting as the file database (IMMEDIATE transactions,
a busy timeout) does; there the threads take turns through a lock standing in for SQLite's own
write lock, in whatever order they reach it, and the same invariants are checked.
"""

import pytest
from django.core.exceptions import ValidationError

from anshim.accounts.tests.factories import UserFactory
from anshim.concurrency_testing import run_together
from anshim.programs import services
from anshim.programs.models import Program, Signup, SignupStatus
from anshim.programs.tests.conftest import ensure_signup_consent_texts
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_people_five_seats():
    consent_ids = ensure_signup_consent_texts()
    program = ProgramFactory(capacity=5, enrolled=0)
    users = [UserFactory() for _ in range(20)]
    results = run_together(
        [
            (
                lambda user=user: services.sign_up(
                    user=user, program=program, name="동시신청", phone="010-1234-5678", consent_text_ids=consent_ids
                )
            )
            for user in users
        ]
    )
    assert [r for r in results if not isinstance(r, Signup)] == []
    program.refresh_from_db()
    statuses = list(Signup.objects.filter(program=program).values_list("status", flat=True))
    assert statuses.count(SignupStatus.CONFIRMED) == 5
    assert statuses.count(SignupStatus.WAITLISTED) == 15
    assert program.enrolled == 5
    waiting = Signup.objects.filter(program=program, status=SignupStatus.WAITLISTED)
    assert sorted(s.waitlist_position() for s in waiting) == list(range(1, 16))


def test_one_person_submitting_twice_at_once_gets_one_sign_up():
    consent_ids = ensure_signup_consent_texts()
    program = ProgramFactory(capacity=5, enrolled=0)
    user = UserFactory()
    results = run_together(
        [
            lambda: services.sign_up(
                user=user, program=program, name="두번누름", phone="010-1234-5678", consent_text_ids=consent_ids
            )
        ]
        * 6
    )
    assert sum(isinstance(r, Signup) for r in results) == 1
    assert all("이미 이 프로그램에 신청하셨습니다" in r.messages[0] for r in results if isinstance(r, ValidationError))
    assert Signup.objects.filter(user=user).count() == 1
    assert Program.objects.get(pk=program.pk).enrolled == 1


def test_cancellations_and_sign_ups_at_once_stay_within_capacity():
    consent_ids = ensure_signup_consent_texts()
    program = ProgramFactory(capacity=3, enrolled=0)
    seated = [
        services.sign_up(
            user=UserFactory(), program=program, name="기존", phone="01011112222", consent_text_ids=consent_ids
        )
        for _ in range(3)
    ]
    newcomers = [UserFactory() for _ in range(6)]
    jobs = [lambda s=s: services.cancel(signup=s, actor=s.user) for s in seated] + [
        (
            lambda u=u: services.sign_up(
                user=u, program=program, name="새신청", phone="01033334444", consent_text_ids=consent_ids
            )
        )
        for u in newcomers
    ]
    results = run_together(jobs)
    assert [r for r in results if isinstance(r, Exception)] == []
    program.refresh_from_db()
    seats = Signup.objects.filter(program=program, status=SignupStatus.CONFIRMED).count()
    assert seats == program.enrolled == 3
    assert Signup.objects.filter(program=program, status=SignupStatus.WAITLISTED).count() == 3
