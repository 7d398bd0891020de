"""Who may open which protected page: every role against every back-office page, as one table.

Each row of ``PAGES`` is one page and the set of roles (of ``ROLES``) that may open it (200); every other
role is refused — signed out: sent to a login page; signed in without back-office access: sent
to the admin login (Django's admin shows "not authorised" there) on admin pages, 403 elsewhere;
staff outside the permission or scope: 403 (or 404). A new page is one more line in ``PAGES``.

The test objects live in 관악구 (11620); "district_other" is a 강남구 (11680) official, so every
관악 object page doubles as a cross-district attempt. POST attempts across scopes follow the table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from anshim.accounts.models import PersonalDataAccess, Role, StaffRole, User
from anshim.accounts.tests.factories import PASSWORD, PartnerFactory, UserFactory, grant
from anshim.catalog.models import Policy
from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.tests.factories import FaqFactory, NoticeFactory, TipFactory
from anshim.operations.models import GapRun, GapRunStatus, Uptake, UptakeSource
from anshim.programs.models import Program
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db

OWN, OTHER = "11620", "11680"  # 관악구, 강남구

ROLES = [
    "anonymous",
    "citizen",
    "city",
    "district",
    "district_other",
    "center",
    "partner",
    "judge",
    "guard",
    "mentor",
    "superuser",
]
STAFF = {"city", "district", "district_other", "center", "superuser"}

CITY = {"city", "superuser"}
DISTRICTS = CITY | {"district", "district_other"}
OWN_DISTRICT = CITY | {"district"}
PROGRAM_STAFF = DISTRICTS | {"center"}
OWN_PROGRAM = OWN_DISTRICT | {"center"}
SIGNED_IN = set(ROLES) - {"anonymous"}


@dataclass
class World:
    users: dict[str, User | None]
    policy: Policy
    city_policy: Policy
    program: Program
    other_program: Program
    center: object
    notice: object
    tip: object
    faq: object
    access: PersonalDataAccess
    uptake: Uptake
    run: GapRun


@pytest.fixture
def world() -> World:
    center = CenterFactory(district_id=OWN)
    other_center = CenterFactory(district_id=OWN)
    users: dict[str, User | None] = {"anonymous": None, "citizen": UserFactory()}
    users["superuser"] = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    scopes = {
        "city": (Role.CITY_OFFICIAL, {}),
        "district": (Role.DISTRICT_OFFICIAL, {"district_id": OWN}),
        "district_other": (Role.DISTRICT_OFFICIAL, {"district_id": OTHER}),
        "center": (Role.CENTER_STAFF, {"center": center}),
        "partner": (Role.PARTNER_STAFF, {"partner": PartnerFactory()}),
        "judge": (Role.JUDGE, {}),
        "guard": (Role.GUARD, {"district_id": OWN}),
        "mentor": (Role.MENTOR, {}),
    }
    for name, (role, scope) in scopes.items():
        user = UserFactory(username=f"role-{name}")
        grant(user, role, **scope)
        users[name] = User.objects.get(pk=user.pk)
    policy = PolicyFactory(district_id=OWN)
    run = GapRun.objects.create(
        reference_date=datetime.date(2026, 1, 1),
        population_size=0,
        seed=1,
        started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        finished_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        duration_ms=0,
        status=GapRunStatus.DONE,
    )
    return World(
        users=users,
        policy=policy,
        city_policy=PolicyFactory(district=None),
        program=ProgramFactory(district_id=OWN, center=center),
        other_program=ProgramFactory(district_id=OWN, center=other_center),
        center=center,
        notice=NoticeFactory(),
        tip=TipFactory(),
        faq=FaqFactory(),
        access=PersonalDataAccess.objects.create(
            actor=users["city"], subject=users["citizen"], subject_label="x", what="연락처", reason="상담"
        ),
        uptake=Uptake.objects.create(policy=policy, district_id=OWN, year=2026, count=3, source=UptakeSource.IMPORTED),
        run=run,
    )


def admin(name: str, *args) -> callable:
    return lambda w: reverse(f"admin:{name}", args=[arg(w) if callable(arg) else arg for arg in args])


def page(name: str, *args, query: str = "") -> callable:
    return lambda w: reverse(name, args=[arg(w) for arg in args]) + query


# (label, url, roles allowed). One line per page.
PAGES = [
    ("admin index", admin("index"), STAFF),
    ("policy list", admin("catalog_policy_changelist"), DISTRICTS),
    ("policy add", admin("catalog_policy_add"), DISTRICTS),
    ("own-district policy", admin("catalog_policy_change", lambda w: w.policy.pk), OWN_DISTRICT),
    ("city-wide policy", admin("catalog_policy_change", lambda w: w.city_policy.pk), CITY),
    ("policy rule editor", admin("catalog_policy_rules", lambda w: w.policy.pk), OWN_DISTRICT),
    ("city-wide rule editor", admin("catalog_policy_rules", lambda w: w.city_policy.pk), CITY),
    ("policy export", admin("catalog_policy_export", "xlsx"), DISTRICTS),
    ("policy import", admin("catalog_policy_import"), CITY),
    ("rule versions", admin("catalog_policyrule_changelist"), DISTRICTS),
    ("rule test cases", admin("catalog_ruletestcase_changelist"), DISTRICTS),
    ("rule test case add", admin("catalog_ruletestcase_add"), DISTRICTS),
    ("search index", admin("catalog_searchdocument_changelist"), CITY),
    ("program list", admin("programs_program_changelist"), PROGRAM_STAFF),
    ("program add", admin("programs_program_add"), PROGRAM_STAFF),
    ("own program", admin("programs_program_change", lambda w: w.program.pk), OWN_PROGRAM),
    ("other centre's program", admin("programs_program_change", lambda w: w.other_program.pk), OWN_DISTRICT),
    ("program import", admin("programs_program_import"), CITY),
    ("centre list", admin("programs_center_changelist"), PROGRAM_STAFF),
    ("centre add", admin("programs_center_add"), DISTRICTS),
    ("own centre", admin("programs_center_change", lambda w: w.center.pk), OWN_PROGRAM),
    ("notice list", admin("content_notice_changelist"), CITY),
    ("notice add", admin("content_notice_add"), CITY),
    ("notice", admin("content_notice_change", lambda w: w.notice.pk), CITY),
    ("tip list", admin("content_tip_changelist"), CITY),
    ("tip", admin("content_tip_change", lambda w: w.tip.pk), CITY),
    ("faq list", admin("content_faq_changelist"), CITY),
    ("users", admin("accounts_user_changelist"), CITY),
    ("user add", admin("accounts_user_add"), CITY),
    ("a citizen", admin("accounts_user_change", lambda w: w.users["citizen"].pk), CITY),
    # City officials may look at a superuser's account (read-only), never change it (see below).
    ("a superuser", admin("accounts_user_change", lambda w: w.users["superuser"].pk), CITY),
    ("staff roles", admin("accounts_staffrole_changelist"), CITY),
    ("staff role add", admin("accounts_staffrole_add"), CITY),
    ("partners", admin("accounts_partner_changelist"), CITY),
    ("access log", admin("accounts_personaldataaccess_changelist"), CITY),
    ("access log entry", admin("accounts_personaldataaccess_change", lambda w: w.access.pk), CITY),
    ("audit log", admin("auditlog_logentry_changelist"), CITY),
    ("groups", admin("auth_group_changelist"), {"superuser"}),
    ("districts", admin("geo_district_changelist"), CITY),
    ("uptake list", admin("operations_uptake_changelist"), DISTRICTS),
    ("own-district uptake", admin("operations_uptake_change", lambda w: w.uptake.pk), OWN_DISTRICT),
    ("gap runs", admin("operations_gaprun_changelist"), CITY),
    ("notifications", admin("notifications_notification_changelist"), CITY),
    ("outbox", admin("notifications_outboxmessage_changelist"), CITY),
    ("gap table", page("operations:gap"), DISTRICTS),
    ("gap table, 관악", page("operations:gap", query=f"?district={OWN}"), OWN_DISTRICT),
    ("gap export", page("operations:gap-export"), DISTRICTS),
    ("gap export, 관악", page("operations:gap-export", query=f"?district={OWN}"), OWN_DISTRICT),
    ("gap map", page("operations:gap-districts"), CITY),
    ("uptake upload", page("operations:uptake-upload"), CITY),
    ("uptake template", page("operations:uptake-template"), CITY),
    ("my page", page("accounts:mypage"), SIGNED_IN),
]


def outcome(role: str, url: str, response) -> str:
    """What ``role`` got: "allowed" (200), "denied" (the refusal this role should get), or what went wrong."""
    status = response.status_code
    if status == 200:
        return "allowed"
    sent_to_login = status == 302 and "login" in response.url
    if role == "anonymous" or (role not in STAFF and url.startswith("/admin/")):
        return "denied" if sent_to_login else f"status {status}"
    return "denied" if status in (403, 404) else f"status {status}"


# One test per page, every role in it (one shared set-up per page keeps the matrix fast);
# a failure lists each role that got the wrong answer.
@pytest.mark.parametrize(("label", "url", "allowed"), PAGES, ids=[row[0] for row in PAGES])
def test_page_access(client, world, label, url, allowed):
    target = url(world)
    wrong = []
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        got = outcome(role, target, client.get(target))
        expected = "allowed" if role in allowed else "denied"
        if got != expected:
            wrong.append(f"{role}: expected {expected}, got {got}")
    assert not wrong, f"{label} ({target}):\n" + "\n".join(wrong)


# --- POSTs across scopes: refused, and the object unchanged --------------------------------


def policy_post(policy: Policy, **changes) -> dict:
    data = {
        "code": policy.code,
        "title": policy.title,
        "category": policy.category,
        "district": policy.district_id or "",
        "summary": policy.summary,
        "target": policy.target,
        "benefit": policy.benefit,
        "how_to_apply": policy.how_to_apply,
        "where_to_apply": policy.where_to_apply,
        "contact": policy.contact,
        "sex": policy.sex,
        "department": "",
        "url": "",
        "period_note": "",
        "is_published": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["district_other", "center", "citizen"])
def test_editing_another_scope_policy_is_refused_and_nothing_changes(client, world, role):
    client.force_login(world.users[role])
    url = reverse("admin:catalog_policy_change", args=[world.policy.pk])
    response = client.post(url, policy_post(world.policy, title="바꿔치기"))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "login" in response.url
    world.policy.refresh_from_db()
    assert world.policy.title != "바꿔치기"


def test_a_district_official_cannot_touch_a_city_wide_policy(client, world):
    client.force_login(world.users["district"])
    url = reverse("admin:catalog_policy_change", args=[world.city_policy.pk])
    assert client.post(url, policy_post(world.city_policy, title="바꿔치기")).status_code == 403
    assert (
        client.post(reverse("admin:catalog_policy_delete", args=[world.city_policy.pk]), {"post": "yes"}).status_code
        == 403
    )
    world.city_policy.refresh_from_db()
    assert world.city_policy.title != "바꿔치기"


def test_a_district_official_may_only_file_policies_under_their_own_district(client, world):
    client.force_login(world.users["district"])
    template = PolicyFactory.build(code="NEW-001", title="새 정책")
    add = reverse("admin:catalog_policy_add")
    form = client.get(add).context["adminform"].form
    assert list(form.fields["district"].queryset.values_list("code", flat=True)) == [OWN]
    assert form.fields["district"].required
    for district in (OTHER, ""):
        response = client.post(add, policy_post(template, district=district))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors.get("district")
        assert not Policy.objects.filter(code="NEW-001").exists()
    assert client.post(add, policy_post(template, district=OWN)).status_code == 302
    assert Policy.objects.get(code="NEW-001").district_id == OWN


def test_district_lists_show_only_their_own_rows(client, world):
    PolicyFactory(district_id=OTHER, title="강남 정책")
    client.force_login(world.users["district_other"])
    titles = [p.title for p in client.get(reverse("admin:catalog_policy_changelist")).context["cl"].result_list]
    assert titles == ["강남 정책"]
    client.force_login(world.users["district"])
    titles = {p.title for p in client.get(reverse("admin:catalog_policy_changelist")).context["cl"].result_list}
    assert titles == {world.policy.title}


def test_centre_staff_cannot_edit_another_centres_program(client, world):
    client.force_login(world.users["center"])
    url = reverse("admin:programs_program_change", args=[world.other_program.pk])
    assert client.post(url, {"title": "바꿔치기"}).status_code == 403
    world.other_program.refresh_from_db()
    assert world.other_program.title != "바꿔치기"
    listed = client.get(reverse("admin:programs_program_changelist")).context["cl"].result_list
    assert [p.pk for p in listed] == [world.program.pk]


def test_another_district_cannot_see_this_districts_gap_table(client, world):
    client.force_login(world.users["district_other"])
    assert client.get(reverse("operations:gap"), {"district": OWN}).status_code == 403
    response = client.get(reverse("operations:gap"))
    assert response.status_code == 200
    assert response.context["filters"].district == OTHER
    # The city-only pages are not offered as links they could not open.
    page = response.content.decode()
    assert reverse("operations:gap-districts") not in page and reverse("operations:uptake-upload") not in page


@pytest.mark.parametrize("role", ["district", "center", "citizen"])
def test_only_the_city_grants_roles(client, world, role):
    client.force_login(world.users[role])
    target = world.users["citizen"]
    response = client.post(reverse("admin:accounts_staffrole_add"), {"user": target.pk, "role": Role.CITY_OFFICIAL})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response.url
    assert not StaffRole.objects.filter(user=target).exists()


def test_a_city_official_cannot_take_over_a_superuser(client, world):
    client.force_login(world.users["city"])
    root = world.users["superuser"]
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "taken-over-2026!", "password2": "taken-over-2026!"},
    )
    assert response.status_code == 403
    change = client.post(
        reverse("admin:accounts_user_change", args=[root.pk]),
        {"username": "root", "email": "taken@example.kr", "is_active": "on"},
    )
    assert change.status_code == 403
    root.refresh_from_db()
    assert root.check_password(PASSWORD) and root.email == "root@example.kr"
