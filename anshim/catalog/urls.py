from django.urls import path

from anshim.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("<int:pk>/", views.policy_detail, name="policy-detail"),
]
