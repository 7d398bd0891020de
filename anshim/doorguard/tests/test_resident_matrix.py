"""Who may use the resident's 도어지킴이 pages: every role against every page and POST endpoint, as one table.

Residents act only for themselves: anyone signed in may read the offer, apply for themselves and
see their own 신청 현황; the three actions on an application answer only its applicant (302 to the
status page). Everyone else signed in — officials of any scope, the security company's staff and
superusers included (they have their own back-office pages) — gets 404 and the application is left
as it was; signed out, every page but the offer sends to the login page.

"citizen" owns a pending application in 관악구, "subscriber" an installed one; "district" is
관악구's official, "district_other" 강남구's, "partner" the round's security company's staff.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Role, User
from anshim.accounts.tests.factories import PASSWORD, PartnerFactory, UserFactory, grant
from anshim.accounts.tests.matrix import wrong_answers
from anshim.doorguard import services
from anshim.doorguard.models import Application, ApplicationStatus, Subscription, SubscriptionStatus
from anshim.doorguard.tests.conftest import GWANAK, consent_ids, make_round
from anshim.geo.models import District
from anshim.programs.tests.factories import CenterFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus
OTHER = "11680"  # 강남구
ROLES = [
    "anonymous",
    "citizen",
    "subscriber",
    "city",
    "district",
    "district_other",
    "center",
    "partner",
    "partner_other",
    "judge",
    "guard",
    "mentor",
    "superuser",
]
SIGNED_IN = set(ROLES) - {"anonymous"}


@dataclass
class World:
    users: dict[str, User | None]
    round: object
    pending: Application
    installed: Application


def _apply(round_, user, n: int) -> Application:
    return services.apply(
        user=user,
        round=round_,
        name=f"주민{n}",
        phone="010-2222-3333",
        birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=n),
        sex="F",
        address=f"서울특별시 관악구 봉천로 {n}, {n}호",
        district=District.objects.get(pk=GWANAK),
        housing_type="VILLA",
        facts={"lives_alone": True, "registered_in_seoul": True},
        consent_text_ids=consent_ids(),
    )


@pytest.fixture
def world() -> World:
    partner = PartnerFactory(name="협약 보안업체")
    round_ = make_round(partner=partner, quotas={GWANAK: 5, OTHER: 5})
    users: dict[str, User | None] = {"anonymous": None, "citizen": UserFactory(), "subscriber": UserFactory()}
    users["superuser"] = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    scopes = {
        "city": (Role.CITY_OFFICIAL, {}),
        "district": (Role.DISTRICT_OFFICIAL, {"district_id": GWANAK}),
        "district_other": (Role.DISTRICT_OFFICIAL, {"district_id": OTHER}),
        "center": (Role.CENTER_STAFF, {"center": CenterFactory(district_id=GWANAK)}),
        "partner": (Role.PARTNER_STAFF, {"partner": partner}),
        "partner_other": (Role.PARTNER_STAFF, {"partner": PartnerFactory(name="다른 업체")}),
        "judge": (Role.JUDGE, {}),
        "guard": (Role.GUARD, {"district_id": GWANAK}),
        "mentor": (Role.MENTOR, {}),
    }
    for name, (role, scope) in scopes.items():
        user = UserFactory(username=f"role-{name}")
        grant(user, role, **scope)
        users[name] = User.objects.get(pk=user.pk)
    pending = _apply(round_, users["citizen"], 1)
    installed = _apply(round_, users["subscriber"], 2)
    services.select(actor=users["district"], application=installed)
    installed.refresh_from_db()
    services.schedule_installation(
        actor=users["partner"], application=installed, scheduled_for=timezone.now() + datetime.timedelta(hours=2)
    )
    services.record_installation(actor=users["partner"], application=installed, installed_at=timezone.now())
    return World(users=users, round=round_, pending=pending, installed=installed)


def _client_for(client, world: World, role: str):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


# (label, url name, roles that get 200; the rest: anonymous → login, nobody else is refused)
PAGES = [
    ("안내", "doorguard:home", set(ROLES)),
    ("신청서", "doorguard:apply", SIGNED_IN),
    ("신청 현황", "doorguard:my-applications", SIGNED_IN),
]


# A GET changes nothing, so one world serves every role: each table is compared whole, and a
# failure names every role whose answer differs.
@pytest.mark.parametrize(("label", "name", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client, world, label, name, allowed):
    answers = {}
    for role in ROLES:
        client.logout()
        response = _client_for(client, world, role).get(reverse(name))
        answers[role] = "login" if _is_login_redirect(response) else response.status_code

    assert answers == {role: 200 if role in allowed else "login" for role in ROLES}


def test_the_status_page_shows_only_the_readers_own_applications(client, world):
    sees = {}
    for role in sorted(SIGNED_IN):
        body = _client_for(client, world, role).get(reverse("doorguard:my-applications")).content.decode()
        sees[role] = (world.pending.address in body, world.installed.address in body)

    assert sees == {role: (role == "citizen", role == "subscriber") for role in sorted(SIGNED_IN)}


def post_as_every_role(client, world, check) -> list[str]:
    return wrong_answers(client, ROLES, lambda client, role: _client_for(client, world, role), check)


def test_anyone_signed_in_may_apply_for_themselves(client, world):
    def check(client, role):
        n = 10 + ROLES.index(role)
        data = {
            "name": f"신청인{n}",
            "phone": "010-4444-5555",
            "birth_date": f"19{60 + n}-02-03",
            "sex": "M",
            "district": GWANAK,
            "address": f"서울특별시 관악구 남부순환로 {n}, {n}호",
            "housing_type": "GOSIWON",
            "fact_lives_alone": "yes",
            "fact_registered_in_seoul": "yes",
            **{f"consent_{pk}": "on" for pk in consent_ids()},
        }
        before = Application.objects.count()
        response = client.post(reverse("doorguard:apply"), data)
        added = Application.objects.count() - before
        if role == "anonymous":
            ok = _is_login_redirect(response) and added == 0
        elif role in {"citizen", "subscriber"}:
            # They already have an active application: one per person.
            ok = response.status_code == 400 and added == 0
        else:
            ok = (
                response.status_code == 302
                and response.url == reverse("doorguard:my-applications")
                and Application.objects.get(name=f"신청인{n}").user == world.users[role]
            )
        return None if ok else f"{response.status_code}, {added} new applications"

    assert not post_as_every_role(client, world, check)


def _today() -> str:
    return timezone.localdate().isoformat()


# (label, url name, which application, POST data for it, the applicant's role)
ACTIONS = [
    (
        "신청 취소",
        "doorguard:cancel-application",
        "pending",
        lambda pk: {f"cancel-{pk}-reason": "필요 없음"},
        "citizen",
    ),
    (
        "중도해지",
        "doorguard:cancel-subscription",
        "installed",
        lambda pk: {f"end-{pk}-ended_on": _today(), f"end-{pk}-confirm": "on"},
        "subscriber",
    ),
    (
        "주소이전",
        "doorguard:move-subscription",
        "installed",
        lambda pk: {
            f"move-{pk}-new_address": "서울 마포구 양화로 1",
            f"move-{pk}-moved_on": _today(),
            f"move-{pk}-confirm": "on",
        },
        "subscriber",
    ),
]


@pytest.mark.parametrize(("label", "name", "which", "data", "applicant"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions_answer_only_the_applicant(client, world, label, name, which, data, applicant):
    application = getattr(world, which)

    def check(client, role):
        response = client.post(reverse(name, args=[application.pk]), data(application.pk))
        application.refresh_from_db()
        if role == applicant:
            ok = response.status_code == 302 and response.url == reverse("doorguard:my-applications")
            ok = ok and application.status in (S.CANCELLED, S.ENDED)
        else:
            refused = _is_login_redirect(response) if role == "anonymous" else response.status_code == 404
            subscription = Subscription.objects.get(application=world.installed)
            ok = (
                refused
                and Application.objects.get(pk=world.pending.pk).status == S.SUBMITTED
                and application.status in (S.SUBMITTED, S.INSTALLED)
                and subscription.status == SubscriptionStatus.ACTIVE
            )
        return None if ok else f"{response.status_code}, application {application.status}"

    wrong = post_as_every_role(client, world, check)
    assert not wrong, f"{label}: {wrong}"
