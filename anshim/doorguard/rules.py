"""Who may do what in 도어지킴이 (loaded by ``rules.apps.AutodiscoverRulesConfig``).

- 서울시 담당자 (and superusers): rounds, quotas, and every district's work.
- 자치구 담당자: the applications, subscriptions and settlements of their own district only.
- 협력기관 (security company) staff: only households selected for their company (installations).
- The applicant: their own application and subscription (cancel, move).
"""

import rules

from anshim.accounts.models import Role
from anshim.accounts.permissions import _roles, is_city_official


def official_district_codes(user) -> set[str]:
    """The districts ``user`` works for as a 자치구 담당자 (a guard's district does not count)."""
    return {role.district_id for role in _roles(user) if role.role == Role.DISTRICT_OFFICIAL and role.district_id}


def staff_partner_ids(user) -> set[int]:
    return {role.partner_id for role in _roles(user) if role.role == Role.PARTNER_STAFF and role.partner_id}


@rules.predicate
def official_of_district(user, obj) -> bool:
    code = getattr(obj, "district_id", None)
    return code is not None and code in official_district_codes(user)


@rules.predicate
def staff_of_partner(user, obj) -> bool:
    partner_id = getattr(obj, "partner_id", None)
    return partner_id is not None and partner_id in staff_partner_ids(user)


@rules.predicate
def is_applicant(user, obj) -> bool:
    application = getattr(obj, "application", obj)
    user_id = getattr(application, "user_id", None)
    return user_id is not None and getattr(user, "pk", None) == user_id


city = rules.is_superuser | is_city_official

rules.add_perm("doorguard.manage_round", city)
rules.add_perm("doorguard.review_application", city | official_of_district)
rules.add_perm("doorguard.install", rules.is_superuser | staff_of_partner)
rules.add_perm("doorguard.act_as_resident", is_applicant | city | official_of_district)
rules.add_perm("doorguard.settle", city | official_of_district)
