from django.urls import path

from anshim.portal import search_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", search_views.search, name="search"),
    path("work/", views.work, name="work"),
]
