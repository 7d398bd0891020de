"""Object rules for officials and partners: who may act on what, by role and scope.

Predicates take ``(user, obj)`` and read the user's ``StaffRole`` rows once per user
object; an object's district, centre or partner is found through its usual fields.
"""

import rules

from anshim.accounts.models import Role, StaffRole


def _roles(user) -> list[StaffRole]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_anshim_staff_roles", None)
    if cached is None:
        cached = list(StaffRole.objects.filter(user=user).select_related("center"))
        user._anshim_staff_roles = cached
    return cached


def _has_role(user, role: str) -> bool:
    return any(item.role == role for item in _roles(user))


def district_code_of(obj) -> str | None:
    """The 자치구 code an object belongs to: a District itself, or one reached via ``district``, ``center`` or ``policy``."""
    from anshim.geo.models import District

    if obj is None:
        return None
    if isinstance(obj, District):
        return obj.pk
    if getattr(obj, "district_id", None):
        return obj.district_id
    center = center_of(obj)
    if center is not None:
        return center.district_id
    # Rule versions and test cases belong to the district of the policy they are about.
    policy = getattr(obj, "policy", None) if getattr(obj, "policy_id", None) else None
    return district_code_of(policy) if policy is not None else None


def center_of(obj):
    from anshim.programs.models import Center

    if isinstance(obj, Center):
        return obj
    return getattr(obj, "center", None) if getattr(obj, "center_id", None) else None


def partner_id_of(obj) -> int | None:
    from anshim.accounts.models import Partner

    if isinstance(obj, Partner):
        return obj.pk
    return getattr(obj, "partner_id", None)


@rules.predicate
def is_city_official(user) -> bool:
    return _has_role(user, Role.CITY_OFFICIAL)


@rules.predicate
def is_district_official(user) -> bool:
    return _has_role(user, Role.DISTRICT_OFFICIAL)


@rules.predicate
def is_center_staff(user) -> bool:
    return _has_role(user, Role.CENTER_STAFF)


@rules.predicate
def is_partner_staff(user) -> bool:
    return _has_role(user, Role.PARTNER_STAFF)


@rules.predicate
def is_judge(user) -> bool:
    return _has_role(user, Role.JUDGE)


@rules.predicate
def is_guard(user) -> bool:
    return _has_role(user, Role.GUARD)


@rules.predicate
def is_mentor(user) -> bool:
    return _has_role(user, Role.MENTOR)


@rules.predicate
def same_district(user, obj) -> bool:
    """A district official or guard acting on something in their own 자치구."""
    code = district_code_of(obj)
    return code is not None and any(item.district_id == code for item in _roles(user) if item.district_id)


@rules.predicate
def same_center(user, obj) -> bool:
    """Centre staff acting on their own centre or something that belongs to it."""
    center = center_of(obj)
    return center is not None and any(item.center_id == center.pk for item in _roles(user) if item.center_id)


@rules.predicate
def same_partner(user, obj) -> bool:
    partner_id = partner_id_of(obj)
    return partner_id is not None and any(item.partner_id == partner_id for item in _roles(user) if item.partner_id)


can_manage_staff = rules.is_superuser | is_city_official
# City officials see everything; everyone else only what lies inside one of their scopes.
in_scope = rules.is_superuser | is_city_official | same_district | same_center | same_partner

rules.add_perm("accounts.manage_staff", can_manage_staff)
