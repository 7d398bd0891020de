"""Demo people: one account per back-office role, and citizens with a profile and sign-ups.

Every demo account shares one password (``DEMO_PASSWORD``, printed by ``seed_demo`` and in the
README) and an address under ``DEMO_EMAIL_DOMAIN``, so replacing the demo finds exactly these
accounts. Sign-ups go through the real sign-up service, so seats, waiting lists, consents and
notifications are what a citizen's own clicks would have made.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from anshim.accounts.models import ConsentPurpose, Partner, Profile, Role, StaffRole, User
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.services import give_consents
from anshim.eligibility import clean_facts
from anshim.programs.models import Center, Program

DEMO_PASSWORD = "anshim-demo-2026"  # noqa: S105 — a published demo password, never a real one
DEMO_EMAIL_DOMAIN = "demo.anshim.kr"


@dataclass(frozen=True)
class StaffSpec:
    username: str
    name: str
    role: str
    district: str | None = None  # 자치구 code
    center_district: str | None = None  # the centre of this 자치구
    partner: str | None = None


PARTNERS = (("안심보안 주식회사", Partner.Kind.SECURITY), ("서울동행돌봄 협동조합", Partner.Kind.COMPANION))

STAFF = (
    StaffSpec("city", "김서울", Role.CITY_OFFICIAL),
    StaffSpec("gangnam", "이강남", Role.DISTRICT_OFFICIAL, district="11680"),
    StaffSpec("seongbuk", "박성북", Role.DISTRICT_OFFICIAL, district="11290"),
    StaffSpec("gangnam-center", "최센터", Role.CENTER_STAFF, center_district="11680"),
    StaffSpec("security", "정보안", Role.PARTNER_STAFF, partner="안심보안 주식회사"),
    StaffSpec("companion", "한동행", Role.PARTNER_STAFF, partner="서울동행돌봄 협동조합"),
    StaffSpec("judge", "윤심사", Role.JUDGE),
    StaffSpec("guard", "강보안관", Role.GUARD, district="11620"),
    StaffSpec("mentor", "오멘토", Role.MENTOR),
)


@dataclass(frozen=True)
class CitizenSpec:
    username: str
    name: str
    phone: str
    facts: dict
    notify_new_policies: bool
    signups: int  # how many open programmes of their district they sign up for


CITIZENS = (
    CitizenSpec(
        "citizen",
        "이하나",
        "010-2021-0901",
        {
            "birth_date": "1994-03-15",
            "sex": "F",
            "district": "11680",
            "lives_alone": True,
            "household_size": 1,
            "housing_tenure": "MONTHLY_RENT",
        },
        True,
        2,
    ),
    CitizenSpec(
        "citizen2",
        "김두리",
        "010-2021-0902",
        {"birth_date": "1962-11-02", "sex": "M", "district": "11680", "lives_alone": True, "household_size": 1},
        False,
        1,
    ),
)


@dataclass(frozen=True)
class PeopleSummary:
    staff: int
    citizens: int
    signups: int


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


def demo_users():
    return User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def release_demo_catalogue() -> None:
    """Before the demo catalogue is replaced: drop what demo accounts hold on it (sign-ups, centre roles).

    They were never a real person's; ``load_people`` makes them again for the new catalogue. Anything
    real people or officials made still protects the rows it points at.
    """
    from anshim.programs.models import Signup

    Signup.objects.filter(user__in=demo_users()).delete()
    StaffRole.objects.filter(user__in=demo_users(), center__isnull=False).delete()


def _account(username: str, name: str, phone: str = "") -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User(username=username, email=demo_email(username), name=name, phone=phone)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user, True


def load_people(*, today: datetime.date) -> PeopleSummary:
    """Create whatever demo staff and citizens are missing; citizens without a sign-up sign up for
    programmes of their district recruiting on ``today``. Running it again changes nothing."""
    from anshim.programs.models import ACTIVE_STATUSES, Signup
    from anshim.programs.services import sign_up

    with transaction.atomic():
        partners = {
            name: Partner.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind in PARTNERS
        }
        for spec in STAFF:
            user, _created = _account(spec.username, spec.name)
            if user.staff_roles.filter(role=spec.role).exists():
                continue
            center = Center.objects.filter(district_id=spec.center_district).first() if spec.center_district else None
            StaffRole.objects.create(
                user=user,
                role=spec.role,
                district_id=spec.district,
                center=center,
                partner=partners.get(spec.partner) if spec.partner else None,
            )
        for spec in CITIZENS:
            user, created = _account(spec.username, spec.name, spec.phone)
            if created:
                for purpose in (ConsentPurpose.PROFILE, ConsentPurpose.PROGRAM_SIGNUP):
                    give_consents(user=user, purpose=purpose, text_ids=[t.pk for t in current_consent_texts(purpose)])
                Profile.objects.create(
                    user=user, facts=clean_facts(spec.facts).as_dict(), notify_new_policies=spec.notify_new_policies
                )
            if Signup.objects.filter(user=user, status__in=ACTIVE_STATUSES).exists():
                continue
            recruiting = Program.objects.filter(
                district_id=spec.facts["district"],
                is_published=True,
                recruit_start__lte=today,
                recruit_end__gte=today,
            ).order_by("starts_on", "pk")[: spec.signups]
            consent_ids = [t.pk for t in current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)]
            for program in recruiting:
                sign_up(user=user, program=program, name=spec.name, phone=spec.phone, consent_text_ids=consent_ids)
        signups = Signup.objects.filter(user__in=demo_users(), status__in=ACTIVE_STATUSES).count()
    return PeopleSummary(staff=len(STAFF), citizens=len(CITIZENS), signups=signups)
