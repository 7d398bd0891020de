"""Scopes as querysets: which rows a person may see, and a ModelAdmin mixin that holds to them.

``scope_filter`` is the list-side twin of the ``permissions.in_scope`` object rule; both read the
person's ``StaffRole`` rows. Superusers and 서울시 담당자 see every row; a 자치구 담당자 sees the
rows of their district (directly, or through a centre in it); centre staff their centre's rows;
partner staff their partner's rows (only where the caller names the partner field); anyone else
sees nothing. Rows with no district (서울시 전체) belong to city officials alone.

``ScopedAdminMixin`` applies the same scope to a ModelAdmin: the changelist, the object pages
(another scope's object answers 403, never a redirect that hides the refusal), and the choices a
form offers, so a district official can only pick their own district and never 서울시 전체.
"""

from __future__ import annotations

import copy

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anshim.accounts.models import Role
from anshim.accounts.permissions import _roles, in_scope, is_city_official


def sees_everything(user) -> bool:
    """Superusers and 서울시 담당자: no scope limits what they see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or is_city_official(user))


def district_codes(user) -> set[str]:
    """The 자치구 codes the user's roles are limited to (district officials and guards)."""
    return {role.district_id for role in _roles(user) if role.district_id}


def center_ids(user) -> set[int]:
    return {role.center_id for role in _roles(user) if role.center_id}


def partner_ids(user) -> set[int]:
    return {role.partner_id for role in _roles(user) if role.partner_id}


def _has_path(model, path: str | None) -> bool:
    """Whether ``path`` (``district``, ``center__district``, ``pk``) names a field of ``model``."""
    if not path:
        return False
    if path == "pk":
        return True
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        current = field.related_model
        if current is None:
            return part == path.split("__")[-1]
    return True


def scope_q(user, model, *, district: str | None = "district", center: str | None = "center", partner=None) -> Q:
    """The condition for ``model`` rows in ``user``'s scopes (assumes the user does not see everything).

    ``district``, ``center`` and ``partner`` name the paths to each scope; a path the model lacks is
    ignored, so the defaults suit most models. For the Center model itself pass ``center="pk"``.
    """
    from anshim.programs.models import Center

    if model is Center and center == "center":
        center = "pk"
    condition = Q(pk__in=[])
    codes = district_codes(user)
    if codes:
        if _has_path(model, district):
            condition |= Q(**{f"{district}__in": codes})
        if center and center != "pk" and _has_path(model, center):
            condition |= Q(**{f"{center}__district__in": codes})
    centers = center_ids(user)
    if centers and _has_path(model, center):
        condition |= Q(**{f"{center}__in": centers})
    partners = partner_ids(user)
    if partners and _has_path(model, partner):
        condition |= Q(**{f"{partner}__in": partners})
    return condition


def scope_filter(
    user, queryset: QuerySet, *, district: str | None = "district", center: str | None = "center", partner=None
):
    """Only the rows of ``queryset`` inside ``user``'s scopes; see the module docstring for who sees what."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if sees_everything(user):
        return queryset
    return queryset.filter(scope_q(user, queryset.model, district=district, center=center, partner=partner)).distinct()


def allowed_district_codes(user) -> set[str] | None:
    """Districts ``user`` may put a row in: ``None`` means any (and 서울시 전체); else a set, maybe empty."""
    if sees_everything(user):
        return None
    from anshim.programs.models import Center

    codes = set(district_codes(user))
    roles = _roles(user)
    if any(role.role == Role.CENTER_STAFF for role in roles):
        codes |= set(Center.objects.filter(pk__in=center_ids(user)).values_list("district_id", flat=True))
    return codes


class ScopedAdminMixin:
    """Holds a ModelAdmin to the signed-in person's scopes. Put it before ``admin.ModelAdmin``.

    ``scope_district``/``scope_center``/``scope_partner`` are the paths ``scope_filter`` uses; the
    model permissions (from the role's group) still decide whether someone may view, add or change
    at all — the scope only narrows which rows.
    """

    scope_district: str | None = "district"
    scope_center: str | None = "center"
    scope_partner: str | None = None

    def _scope_kwargs(self) -> dict:
        return {"district": self.scope_district, "center": self.scope_center, "partner": self.scope_partner}

    def get_queryset(self, request):
        return scope_filter(request.user, super().get_queryset(request), **self._scope_kwargs())

    def _in_scope(self, request, obj) -> bool:
        return obj is None or sees_everything(request.user) or in_scope(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def has_import_permission(self, request) -> bool:
        # A spreadsheet import writes rows anywhere in the file, so only city-wide roles may run one.
        parent = getattr(super(), "has_import_permission", None)
        return parent is not None and parent(request) and sees_everything(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not sees_everything(request.user):
            # The row exists but lies in another scope: refuse plainly rather than pretend it is gone.
            unscoped = self.model._default_manager.all()
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                exists = unscoped.filter(**{field.name: field.to_python(object_id)}).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from anshim.geo.models import District
        from anshim.programs.models import Center

        user = request.user
        allowed = allowed_district_codes(user)
        if allowed is not None and "queryset" not in kwargs:
            if db_field.related_model is District:
                kwargs["queryset"] = District.objects.filter(code__in=allowed)
            elif db_field.related_model is Center:
                kwargs["queryset"] = scope_filter(user, Center.objects.all(), district="district", center="pk")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and allowed is not None and db_field.related_model is District:
            # Outside the city's office nobody may file a row under 서울시 전체 (no district).
            field.required = True
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user
        if sees_everything(user):
            return form

        class ScopedForm(form):
            def clean(self):
                cleaned = super().clean()
                # The row as it would be saved: a copy, so the form's own instance is untouched.
                probe = copy.copy(self.instance)
                for field in probe._meta.concrete_fields:
                    if field.many_to_one and field.name in cleaned:
                        setattr(probe, field.name, cleaned[field.name])
                if not in_scope(user, probe):
                    raise ValidationError(_("담당 범위(자치구·센터·기관) 밖의 항목은 저장할 수 없습니다."))
                return cleaned

        ScopedForm.__name__ = form.__name__
        return ScopedForm


class CityOnlyAdminMixin:
    """City-wide content (알림마당, 알쓸1잡, FAQ): only superusers and 서울시 담당자, whatever else is granted."""

    def has_module_permission(self, request):
        return sees_everything(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_everything(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return sees_everything(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return sees_everything(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_everything(request.user) and super().has_delete_permission(request, obj)
