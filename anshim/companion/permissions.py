"""Who may do what in 병원 안심동행 (object permissions for the ``rules`` backend).

- 서울시 담당자 (and superusers): everything, settlement of every agency.
- Coordinators: 협력기관 staff (PARTNER_STAFF) of the operating agency of a booking or companion:
  phone bookings, dispatch (confirm or override), cancellations, their agency's settlement.
- A companion (a user linked to a ``Companion``): only the jobs assigned to them (status, record).
- The resident: their own bookings (follow, cancel).
"""

import rules

from anshim.accounts.models import Role
from anshim.accounts.permissions import _roles, is_city_official


def coordinator_partner_ids(user) -> set[int]:
    """Companion agencies the person coordinates for; a security company's staff coordinate nothing here."""
    from anshim.accounts.models import Partner

    ids = {role.partner_id for role in _roles(user) if role.role == Role.PARTNER_STAFF and role.partner_id}
    if not ids:
        return set()
    return set(Partner.objects.filter(pk__in=ids, kind=Partner.Kind.COMPANION).values_list("pk", flat=True))


def _partner_id(obj) -> int | None:
    from anshim.accounts.models import Partner

    if isinstance(obj, Partner):
        return obj.pk
    return getattr(obj, "partner_id", None)


@rules.predicate
def coordinates(user, obj) -> bool:
    """Staff of the agency the object (a partner, booking or companion) belongs to."""
    partner_id = _partner_id(obj)
    return partner_id is not None and partner_id in coordinator_partner_ids(user)


@rules.predicate
def is_assigned_companion(user, booking) -> bool:
    if booking is None or not getattr(user, "is_authenticated", False):
        return False
    return booking.assignments.filter(active=True, companion__user_id=user.pk).exists()


@rules.predicate
def is_client(user, booking) -> bool:
    client = getattr(booking, "client", None)
    return client is not None and client.user_id is not None and client.user_id == getattr(user, "pk", None)


city = rules.is_superuser | is_city_official

rules.add_perm("companion.manage_rules", city)
rules.add_perm("companion.take_phone_booking", city | coordinates)
rules.add_perm("companion.dispatch", city | coordinates)
rules.add_perm("companion.check_income", city | coordinates)
rules.add_perm("companion.work_job", is_assigned_companion)
rules.add_perm("companion.view_booking", city | coordinates | is_assigned_companion | is_client)
rules.add_perm("companion.cancel_booking", city | coordinates | is_client)
rules.add_perm("companion.settle", city | coordinates)


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(coordinator_partner_ids(user))


# Back-office (admin) model permissions: the role decides, not a Django group (``accounts.staff_groups``
# gives the 안심동행 models to no group); ``ScopedAdminMixin`` narrows coordinators to their agency's rows.
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"companion.{action}_ruleset", city)
    rules.add_perm(f"companion.{action}_agencyarea", city)
for action in ("view", "add", "change"):
    rules.add_perm(f"companion.{action}_companion", city | is_coordinator)
