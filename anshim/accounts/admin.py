"""Back office for accounts: only superusers and city officials create staff accounts and roles.

Others with admin access may look but not change, so nobody can widen their own scope;
only a superuser can grant superuser status or raw permissions.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from anshim.accounts.models import Partner, PersonalDataAccess, StaffRole, User
from anshim.accounts.permissions import can_manage_staff


class StaffOnlyManagedByCity:
    def has_add_permission(self, request, *args):
        return can_manage_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_module_permission(self, request):
        return can_manage_staff(request.user)


class StaffRoleInline(StaffOnlyManagedByCity, admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["role", "district", "center", "partner"]


@admin.register(User)
class UserAdmin(StaffOnlyManagedByCity, DjangoUserAdmin):
    inlines = [StaffRoleInline]
    list_display = ["username", "email", "is_staff", "is_active", "roles"]
    list_filter = ["is_staff", "is_active", "staff_roles__role"]

    @admin.display(description="역할")
    def roles(self, obj) -> str:
        return ", ".join(role.get_role_display() for role in obj.staff_roles.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("staff_roles")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly


@admin.register(Partner)
class PartnerAdmin(StaffOnlyManagedByCity, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(StaffRole)
class StaffRoleAdmin(StaffOnlyManagedByCity, admin.ModelAdmin):
    list_display = ["user", "role", "district", "center", "partner", "created_at"]
    list_filter = ["role", "district"]
    search_fields = ["user__username", "user__email", "center__name", "partner__name"]
    autocomplete_fields = ["user", "partner"]
    list_select_related = ["user", "district", "center", "partner"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only for everyone: the log is evidence, so nobody edits or deletes it here."""

    list_display = ["accessed_at", "actor", "subject_label", "what", "reason"]
    list_filter = [("accessed_at", admin.DateFieldListFilter)]
    date_hierarchy = "accessed_at"
    search_fields = ["actor__username", "actor__email", "subject_label", "subject__email", "what", "reason"]
    list_select_related = ["actor", "subject"]
    readonly_fields = ["accessed_at", "actor", "subject", "subject_label", "what", "reason"]

    def has_module_permission(self, request):
        return can_manage_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
