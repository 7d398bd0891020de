"""Accounts: users, roles and scopes, and the personal-data access log.

Who may do what is decided in two layers, both fed by ``StaffRole`` rows:

* **Kind of row — Django model permissions through groups.** Every role has one group
  (``staff_groups.ROLE_PERMISSIONS``: e.g. 자치구 담당자 may add/change policies and programs,
  센터 담당자 programs of their centre, 서울시 담당자 everything officials edit). Saving or deleting a
  ``StaffRole`` (admin, service or shell) re-syncs the user's groups and sets ``is_staff`` for the
  back-office roles (서울시·자치구 담당자, 센터 담당자); partners, judges, guards and mentors work in the
  portal and get no admin access. ``manage.py sync_staff_groups`` rebuilds it all; ``migrate`` does too.
* **Which rows — scopes.** ``scoping.scope_filter`` narrows querysets and ``ScopedAdminMixin``
  holds every admin to it (changelist, object pages with 403 for another scope's ids, FK choices);
  ``permissions.in_scope`` is the same rule for one object. City-wide content (notices, tips,
  FAQ, notifications, gap runs) is ``CityOnlyAdminMixin``.

Only superusers and 서울시 담당자 manage accounts, roles and partners (``accounts.manage_staff``);
only superusers grant superuser status, groups or raw permissions, or edit a superuser.
"""
