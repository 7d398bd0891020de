"""django-auditlog keeps who changed what on the models officials edit; passwords never enter it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from anshim.accounts.models import Role, StaffRole, User
from anshim.accounts.tests.factories import UserFactory, grant
from anshim.catalog.models import Policy, PolicyRule
from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.models import Notice
from anshim.programs.models import Center, Program

pytestmark = pytest.mark.django_db


def test_the_models_officials_change_are_audited():
    from auditlog.registry import auditlog

    for model in (Policy, PolicyRule, Program, Center, Notice, StaffRole, User):
        assert auditlog.contains(model), model


def test_an_admin_edit_records_the_official_and_the_change(client):
    official = UserFactory(username="city-audit")
    grant(official, Role.CITY_OFFICIAL)
    client.force_login(User.objects.get(pk=official.pk))
    policy = PolicyFactory(title="옛 제목")
    data = {
        "code": policy.code,
        "title": "새 제목",
        "category": policy.category,
        "district": "",
        "summary": policy.summary,
        "target": policy.target,
        "benefit": policy.benefit,
        "how_to_apply": policy.how_to_apply,
        "where_to_apply": policy.where_to_apply,
        "contact": policy.contact,
        "sex": policy.sex,
        "is_published": "on",
    }
    assert client.post(reverse("admin:catalog_policy_change", args=[policy.pk]), data).status_code == 302
    entry = LogEntry.objects.get_for_object(policy).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == official
    assert entry.changes_dict["title"] == ["옛 제목", "새 제목"]


def test_a_password_change_is_never_written_to_the_audit_log():
    user = UserFactory()
    user.set_password("another-안심-2026!")
    user.first_name = "길동"
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict
    assert any("first_name" in entry.changes_dict for entry in LogEntry.objects.get_for_object(user))


def test_granting_a_role_is_audited():
    user = UserFactory()
    staff_role = grant(user, Role.DISTRICT_OFFICIAL, district_id="11620")
    assert LogEntry.objects.get_for_object(staff_role).filter(action=LogEntry.Action.CREATE).exists()
