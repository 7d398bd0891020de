from django.urls import path

from anshim.operations import views

app_name = "operations"
urlpatterns = [
    path("gap/", views.gap, name="gap"),
    path("gap/districts/", views.gap_districts, name="gap-districts"),
    path("gap/export.xlsx", views.gap_export, name="gap-export"),
    path("gap/recompute/", views.gap_recompute, name="gap-recompute"),
    path("gap/uptake/", views.uptake_upload, name="uptake-upload"),
    path("gap/uptake/template.xlsx", views.uptake_template, name="uptake-template"),
]
