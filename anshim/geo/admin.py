"""The 25 자치구 are reference data loaded by migration: officials may look them up, never add or remove."""

from django.contrib import admin

from anshim.geo.models import District


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "single_households"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["code"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
