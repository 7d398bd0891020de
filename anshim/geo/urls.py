from django.urls import path

from anshim.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.map_view, name="map"),
]
