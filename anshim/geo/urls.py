from django.urls import path

from anshim.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.map_view, name="map"),
    path("markers.json", views.markers_json, name="markers"),
    path("nearby.json", views.nearby_json, name="nearby"),
]
