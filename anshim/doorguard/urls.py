from anshim.doorguard.views import city, district, partner, resident

app_name = "doorguard"
urlpatterns = [*resident.urlpatterns, *district.urlpatterns, *partner.urlpatterns, *city.urlpatterns]
