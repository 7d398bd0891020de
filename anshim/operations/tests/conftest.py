"""Fixtures of the 사각지대 tests: policies with published rules, a small run, and users by permission."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from anshim.accounts.models import Role, StaffRole
from anshim.catalog.choices import Category
from anshim.catalog.models import PolicyRule, RuleStatus
from anshim.catalog.tests.factories import PolicyFactory
from anshim.eligibility.examples import DOORGUARD_2021, YOUTH_RENT
from anshim.operations import services

REFERENCE_DATE = datetime.date(2025, 6, 1)
SMALL_POPULATION = 20_000
SEED = 7
PASSWORD = "안심-사각지대-2025!"


def publish(policy, definition, version=1):
    return PolicyRule.objects.create(
        policy=policy,
        version=version,
        definition=definition,
        status=RuleStatus.PUBLISHED,
        published_at=timezone.now(),
    )


@pytest.fixture
def youth_rent(db):
    policy = PolicyFactory(code="P-SEOUL-001", title="청년 월세지원", category=Category.HOUSING)
    publish(policy, YOUTH_RENT.rule, version=3)
    return policy


@pytest.fixture
def doorguard(db):
    policy = PolicyFactory(code="P-SEOUL-002", title="1인가구 안전 도어지킴이", category=Category.SAFETY)
    publish(policy, DOORGUARD_2021.rule)
    return policy


@pytest.fixture
def small_run(youth_rent, doorguard):
    return services.compute_gap(reference_date=REFERENCE_DATE, size=SMALL_POPULATION, seed=SEED).run


@pytest.fixture
def make_staff(django_user_model):
    def make(username, *codenames):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD, is_staff=True)
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="operations", codename__in=codenames)
        )
        # A city-wide role (scope), but only the permissions this test names: not the role's group.
        StaffRole.objects.create(user=user, role=Role.CITY_OFFICIAL)
        user.groups.clear()
        return user

    return make


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
