from django.urls import path

from anshim.catalog import match_views, views

app_name = "catalog"
urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("<int:pk>/", views.policy_detail, name="policy-detail"),
    path("match/", match_views.match, name="match"),
    path("match/reset/", match_views.reset, name="match-reset"),
]
