"""One Django group per role, holding the model permissions that role needs in the back office.

A ``StaffRole`` row is the source of truth: saving or deleting one (through the admin, a service
or a shell) re-syncs its user — membership of the role groups, and ``is_staff`` for the
back-office roles (서울시·자치구 담당자, 센터 담당자). Model permissions say *what kind* of row a
role may touch; the scope (``anshim.accounts.scoping``) says *which* rows.

The groups are (re)built after every ``migrate`` and by ``manage.py sync_staff_groups``.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import translation

from anshim.accounts.models import Role, StaffRole, User

# Roles that work in the back office (/admin/ and the 사각지대 pages); the others use the portal.
BACK_OFFICE_ROLES = frozenset({Role.CITY_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CENTER_STAFF})

ALL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")

# role → {"app_label.model": actions}; "app_label.*" means every model of the app.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_OFFICIAL: {
        "catalog.*": ALL,
        "programs.*": ALL,
        "content.*": ALL,
        "operations.*": ALL,
        "notifications.*": ("view", "change"),
        "accounts.user": EDIT,
        "accounts.staffrole": ALL,
        "accounts.partner": ALL,
        "accounts.personaldataaccess": ("view",),
        "geo.district": ("view",),
        "auditlog.logentry": ("view",),
    },
    Role.DISTRICT_OFFICIAL: {
        "catalog.policy": ALL,
        "catalog.policyrule": ALL,
        "catalog.ruletestcase": ALL,
        "programs.program": ALL,
        "programs.center": EDIT,
        "operations.gapcount": ("view",),
        "operations.uptake": ("view",),
    },
    Role.CENTER_STAFF: {
        "programs.program": ALL,
        "programs.center": ("change", "view"),
    },
    Role.PARTNER_STAFF: {},
    Role.JUDGE: {},
    Role.GUARD: {},
    Role.MENTOR: {},
}


def group_name(role: str) -> str:
    with translation.override("ko"):
        return f"역할: {Role(role).label}"


def _permissions_for(role: str):
    condition = Q(pk__in=[])
    for target, actions in ROLE_PERMISSIONS.get(role, {}).items():
        app_label, model = target.split(".")
        wanted = Q(content_type__app_label=app_label) & Q(
            codename__regex=rf"^({'|'.join(actions)})_" + ("" if model == "*" else f"{model}$")
        )
        condition |= wanted
    return Permission.objects.filter(condition)


def ensure_group(role: str) -> Group:
    """The role's group with exactly the permissions ``ROLE_PERMISSIONS`` lists (created if missing)."""
    group, _created = Group.objects.get_or_create(name=group_name(role))
    group.permissions.set(_permissions_for(role))
    return group


def ensure_groups() -> dict[str, Group]:
    return {role: ensure_group(role) for role in Role.values}


def sync_user(user: User) -> None:
    """Put ``user`` in exactly the groups of the roles they hold and set ``is_staff`` to match.

    A superuser keeps ``is_staff``; anyone else is staff exactly while holding a back-office role.
    """
    held = set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
    role_by_name = {group_name(role): role for role in Role.values}
    groups = {role_by_name[group.name]: group for group in Group.objects.filter(name__in=role_by_name)}
    for role in held - groups.keys():
        groups[role] = ensure_group(role)
    # Touch only the memberships that change: one query to read them, at most one to add and one
    # to remove, so saving a role costs the same whatever the number of roles.
    wanted = {groups[role].pk for role in held}
    current = set(user.groups.filter(pk__in=[group.pk for group in groups.values()]).values_list("pk", flat=True))
    if wanted - current:
        user.groups.add(*(wanted - current))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    is_staff = bool(user.is_superuser or held & BACK_OFFICE_ROLES)
    if user.is_staff != is_staff:
        User.objects.filter(pk=user.pk).update(is_staff=is_staff)
        user.is_staff = is_staff
    # Cached permissions and roles of this object are stale now.
    for attr in ("_perm_cache", "_group_perm_cache", "_user_perm_cache", "_anshim_staff_roles"):
        user.__dict__.pop(attr, None)


def _role_changed(sender, instance: StaffRole, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    user = instance.user
    # The user may be going too (a cascade delete); then there is nothing to sync.
    if User.objects.filter(pk=user.pk).exists():
        sync_user(user)


def _after_migrate(sender, **kwargs) -> None:
    # Once per migrate, after the last app, when every app's permissions exist.
    if sender.label == list(apps.get_app_configs())[-1].label:
        ensure_groups()


def connect() -> None:
    """Wire the signals (called once from ``AccountsConfig.ready``)."""
    from django.db.models.signals import post_delete, post_migrate, post_save

    post_save.connect(_role_changed, sender=StaffRole, dispatch_uid="anshim-staffrole-saved")
    post_delete.connect(_role_changed, sender=StaffRole, dispatch_uid="anshim-staffrole-deleted")
    post_migrate.connect(_after_migrate, dispatch_uid="anshim-staff-groups")
