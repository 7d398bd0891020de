"""Who may open and post to the 도어지킴이 security-company and city pages: every role against every page, as one table.

Signed out: sent to the login page. Signed in without the role: 403. The right role but another
scope's id (another company's household): 404. POSTs that are refused change nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Partner, Role, User
from anshim.accounts.tests.factories import PASSWORD, PartnerFactory, UserFactory, grant
from anshim.accounts.tests.matrix import undone
from anshim.doorguard import services
from anshim.doorguard.models import Application, ApplicationStatus, DistrictQuota, Round
from anshim.doorguard.tests.conftest import GWANAK, apply_as_citizen, make_round
from anshim.programs.tests.factories import CenterFactory

pytestmark = pytest.mark.django_db
OTHER_DISTRICT = "11680"  # 강남구

ROLES = [
    "anonymous",
    "citizen",
    "city",
    "district",
    "district_other",
    "center",
    "partner",
    "partner_other",
    "partner_companion",
    "judge",
    "guard",
    "mentor",
    "superuser",
]
CITY = {"city", "superuser"}
SECURITY_STAFF = {"partner", "partner_other", "superuser"}
OUR_COMPANY = {"partner", "superuser"}


@dataclass
class World:
    users: dict[str, User | None]
    round: Round
    ours: Application


def build_world() -> World:
    partner = PartnerFactory(name="우리 보안업체")
    users: dict[str, User | None] = {"anonymous": None, "citizen": UserFactory(username="role-citizen")}
    users["superuser"] = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    scopes = {
        "city": (Role.CITY_OFFICIAL, {}),
        "district": (Role.DISTRICT_OFFICIAL, {"district_id": GWANAK}),
        "district_other": (Role.DISTRICT_OFFICIAL, {"district_id": OTHER_DISTRICT}),
        "center": (Role.CENTER_STAFF, {"center": CenterFactory(district_id=GWANAK)}),
        "partner": (Role.PARTNER_STAFF, {"partner": partner}),
        "partner_other": (Role.PARTNER_STAFF, {"partner": PartnerFactory(name="다른 보안업체")}),
        "partner_companion": (
            Role.PARTNER_STAFF,
            {"partner": PartnerFactory(name="동행 기관", kind=Partner.Kind.COMPANION)},
        ),
        "judge": (Role.JUDGE, {}),
        "guard": (Role.GUARD, {"district_id": GWANAK}),
        "mentor": (Role.MENTOR, {}),
    }
    for name, (role, scope) in scopes.items():
        user = UserFactory(username=f"role-{name}")
        grant(user, role, **scope)
        users[name] = User.objects.get(pk=user.pk)
    round_ = make_round(partner=partner, city_quota=5)
    ours = services.select(actor=users["district"], application=apply_as_citizen(round_))
    return World(users=users, round=round_, ours=ours)


@pytest.fixture
def world() -> World:
    return build_world()


def page(name: str, *args, query: str = ""):
    return lambda w: reverse(f"doorguard:{name}", args=[arg(w) for arg in args]) + query


def round_pk(w):
    return w.round.pk


PAGES = [
    ("partner work list", page("partner-worklist"), SECURITY_STAFF),
    ("partner work list, filtered", page("partner-worklist", query=f"?district={GWANAK}"), SECURITY_STAFF),
    ("installation of our household", page("partner-installation", lambda w: w.ours.pk), OUR_COMPANY),
    ("city rounds", page("city-rounds"), CITY),
    ("city new round", page("city-round-new"), CITY),
    ("city edit round", page("city-round-edit", round_pk), CITY),
    ("city quotas", page("city-quotas", round_pk), CITY),
    ("city dashboard", page("city-dashboard", round_pk), CITY),
    ("city dashboard, a month", page("city-dashboard", round_pk, query="?month=2026-01"), CITY),
    ("city settlement xlsx", page("city-settlement-xlsx", round_pk, query="?month=2026-01"), CITY),
]


def outcome(role: str, response) -> str:
    status = response.status_code
    if status == 200:
        return "allowed"
    if role == "anonymous":
        return "denied" if status == 302 and "login" in response.url else f"status {status}"
    return "denied" if status in (403, 404) else f"status {status}"


@pytest.mark.parametrize(("label", "url", "allowed"), PAGES, ids=[row[0] for row in PAGES])
def test_page_access(client, world, label, url, allowed):
    target = url(world)
    wrong = []
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        got = outcome(role, client.get(target))
        expected = "allowed" if role in allowed else "denied"
        if got != expected:
            wrong.append(f"{role}: expected {expected}, got {got}")
    assert not wrong, f"{label} ({target}):\n" + "\n".join(wrong)


def test_another_company_gets_404_not_403_on_our_household(client, world):
    client.force_login(world.users["partner_other"])
    assert client.get(reverse("doorguard:partner-installation", args=[world.ours.pk])).status_code == 404
    assert "우리 보안업체" not in client.get(reverse("doorguard:partner-worklist")).content.decode()


# --- POSTs: allowed roles change things, everyone else is refused and changes nothing ------------


def schedule_post(w):
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    return reverse("doorguard:partner-installation", args=[w.ours.pk]), {
        "action": "schedule",
        "schedule-scheduled_for": when,
    }


def schedule_done(w) -> bool:
    w.ours.refresh_from_db()
    return w.ours.status == ApplicationStatus.SCHEDULED


def new_round_post(w):
    from anshim.doorguard.tests.test_city_views import round_post

    return reverse("doorguard:city-round-new"), round_post(w.round.partner)


def new_round_done(w) -> bool:
    return Round.objects.filter(name="2027 안전 도어지킴이").exists()


def edit_round_post(w):
    from anshim.doorguard.tests.test_city_views import round_post

    r = w.round
    return reverse("doorguard:city-round-edit", args=[r.pk]), round_post(
        r.partner,
        year=str(r.year),
        name="바꾼 이름",
        opens_on=r.opens_on.isoformat(),
        closes_on=r.closes_on.isoformat(),
        city_quota=str(r.city_quota),
        early_cancel_fee=str(r.early_cancel_fee),
        move_fee=str(r.move_fee),
    )


def edit_round_done(w) -> bool:
    w.round.refresh_from_db()
    return w.round.name == "바꾼 이름"


def split_post(w):
    return reverse("doorguard:city-quotas", args=[w.round.pk]), {"action": "split", "method": ""}


def split_done(w) -> bool:
    return DistrictQuota.objects.filter(round=w.round).count() == 25


POSTS = [
    ("schedule a visit", schedule_post, schedule_done, OUR_COMPANY),
    ("create a round", new_round_post, new_round_done, CITY),
    ("edit a round", edit_round_post, edit_round_done, CITY),
    ("split the quota", split_post, split_done, CITY),
]


def post_outcome(role: str, response, done: bool) -> str:
    """What the role met: "done" (it worked), "login", "refused" (403/404, nothing done) or what went wrong."""
    if response.status_code == 302 and "login" in response.url:
        return "login" if not done else "login, but done"
    if response.status_code == 302:
        return "done" if done else "302, not done"
    if response.status_code in (403, 404):
        return "refused" if not done else f"{response.status_code}, but done"
    return str(response.status_code)


@pytest.mark.parametrize(("label", "request_for", "done", "allowed"), POSTS, ids=[row[0] for row in POSTS])
def test_post_access(client, world, label, request_for, done, allowed):
    answers = {}
    for role in ROLES:
        client.logout()
        with undone():
            if world.users[role] is not None:
                client.force_login(world.users[role])
            url, data = request_for(world)
            response = client.post(url, data)
            answers[role] = post_outcome(role, response, done(world))

    expected = {role: "done" if role in allowed else "login" if role == "anonymous" else "refused" for role in ROLES}
    assert answers == expected, label
