"""Who may use the 자치구 담당자's 도어지킴이 pages: every role against every page and POST, as one table.

The test objects live in 관악구 (11620); "district_other" is a 마포구 official, who gets 403 on a
관악 desk page (``?district=11620``) and 404 on a 관악 application. The anonymous are sent to sign
in; everyone without a district desk gets 403. A refused POST changes nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from anshim.accounts.models import PersonalDataAccess, Role, User
from anshim.accounts.tests.factories import PASSWORD, PartnerFactory, UserFactory, grant
from anshim.accounts.tests.matrix import undone
from anshim.doorguard.models import Application, ApplicationStatus, Settlement
from anshim.doorguard.tests.conftest import GWANAK, MAPO, apply_as_citizen, make_round
from anshim.programs.tests.factories import CenterFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus

ROLES = [
    "anonymous",
    "citizen",
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
ALLOWED = {"city", "district", "superuser"}


@pytest.fixture
def world():
    partner = PartnerFactory(name="관악 보안업체")
    round_ = make_round(partner=partner, quotas={GWANAK: 3, MAPO: 2})
    users: dict[str, User | None] = {"anonymous": None, "citizen": UserFactory()}
    users["superuser"] = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    scopes = {
        "city": (Role.CITY_OFFICIAL, {}),
        "district": (Role.DISTRICT_OFFICIAL, {"district_id": GWANAK}),
        "district_other": (Role.DISTRICT_OFFICIAL, {"district_id": MAPO}),
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
    application = apply_as_citizen(round_)
    return {"users": users, "round": round_, "application": application}


def desk(name: str, extra: str = ""):
    return lambda w: f"{reverse(f'doorguard:{name}')}?district={GWANAK}&round={w['round'].pk}{extra}"


def one(name: str):
    return lambda w: reverse(f"doorguard:{name}", args=[w["application"].pk])


PAGES = [
    ("queue", desk("district-queue")),
    ("queue filtered", desk("district-queue", "&status=all&channel=ONLINE")),
    ("run selection confirm", desk("district-run-selection")),
    ("queue export (masked)", desk("district-export")),
    ("waiting list", desk("district-waitlist")),
    ("paper entry", desk("district-paper")),
    ("settlement", desk("district-settlement", "&year=2025&month=9")),
    ("settlement xlsx", desk("district-settlement-xlsx", "&year=2025&month=9")),
    ("application detail", one("district-application")),
]


def expected_refusal(role: str, url: str) -> set[int]:
    if role == "anonymous":
        return {302}
    if role == "district_other" and "/applications/" in url:
        return {404}
    return {403}


@pytest.mark.parametrize(("label", "url"), PAGES, ids=[row[0] for row in PAGES])
def test_page_access(client, world, label, url):
    target = url(world)
    wrong = []
    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        response = client.get(target)
        if role in ALLOWED:
            ok = response.status_code == 200
        else:
            ok = response.status_code in expected_refusal(role, target)
            if role == "anonymous" and ok:
                ok = "login" in response.url
        if not ok:
            wrong.append(f"{role}: got {response.status_code}")
    assert not wrong, f"{label} ({target}):\n" + "\n".join(wrong)


def paper_data() -> dict:
    return {
        "channel": "PAPER",
        "name": "최서면",
        "phone": "010-3333-4444",
        "birth_date": "1960-05-05",
        "sex": "F",
        "address": "서울특별시 관악구 남부순환로 1700, 2층",
        "housing_type": "VILLA",
        "paper_consent_on": datetime.date.today().isoformat(),
        "fact_lives_alone": "yes",
        "fact_registered_in_seoul": "yes",
    }


# (label, url, POST data, the status an allowed role gets)
POSTS = [
    ("bulk select", desk("district-bulk-select"), lambda w: {"applications": [w["application"].pk]}, 302),
    ("run selection", desk("district-run-selection"), lambda w: {"confirm": "yes"}, 302),
    ("unmasked export", desk("district-export"), lambda w: {"export-reason": "설치 일정 조율"}, 200),
    ("paper entry", desk("district-paper"), lambda w: paper_data(), 302),
    ("settlement confirm", desk("district-settlement"), lambda w: {"year": "2025", "month": "9"}, 302),
    ("reveal", one("district-reveal"), lambda w: {"reveal-reason": "안내 전화"}, 200),
    ("decide", one("district-decide"), lambda w: {"action": "select"}, 302),
    ("priority facts", one("district-priority"), lambda w: {"committee_score": "50"}, 302),
]


def snapshot(world) -> tuple:
    application = Application.objects.get(pk=world["application"].pk)
    return (
        Application.objects.count(),
        application.status,
        application.committee_score,
        PersonalDataAccess.objects.count(),
        Settlement.objects.count(),
    )


@pytest.mark.parametrize(("label", "url", "data", "success"), POSTS, ids=[row[0] for row in POSTS])
def test_post_access(client, world, label, url, data, success):
    target = url(world)
    wrong = []
    for role in ROLES:
        client.logout()
        with undone():
            if world["users"][role] is not None:
                client.force_login(world["users"][role])
            before = snapshot(world)
            response = client.post(target, data(world))
            if role in ALLOWED:
                ok = response.status_code == success and (
                    snapshot(world) != before or label == "settlement confirm" and Settlement.objects.count() == 1
                )
            else:
                ok = response.status_code in expected_refusal(role, target) and snapshot(world) == before
                if role == "anonymous" and ok:
                    ok = "login" in response.url
            if not ok:
                wrong.append(f"{role}: got {response.status_code} {text_of(response)[:300]}")
    assert not wrong, f"{label} ({target}):\n" + "\n".join(wrong)


def text_of(response) -> str:
    return response.content.decode()[:2000] if response.get("Content-Type", "").startswith("text/") else ""
