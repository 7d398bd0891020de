"""Back-office lists of gap runs and uptake. Runs are written only by the compute service, so
they are read-only here (their counts are read on the 사각지대 pages); uptake cells may be corrected.

Runs cover the whole city, so only city officials see them; an uptake cell belongs to its district."""

from django.contrib import admin

from anshim.accounts.scoping import CityOnlyAdminMixin, ScopedAdminMixin
from anshim.operations.models import GapRun, Uptake


@admin.register(GapRun)
class GapRunAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("finished_at", "reference_date", "population_size", "seed", "duration_ms", "status", "created_by")
    list_filter = ("status",)
    date_hierarchy = "finished_at"
    readonly_fields = [field.name for field in GapRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Uptake)
class UptakeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_center = None
    list_display = ("policy", "district", "year", "count", "source", "updated_at")
    list_filter = ("year", "source", "district")
    search_fields = ("policy__code", "policy__title")
    autocomplete_fields = ("policy",)
    list_select_related = ("policy", "district")
