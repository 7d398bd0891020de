from anshim.companion.views import dispatch, resident

app_name = "companion"
urlpatterns = [*resident.urlpatterns, *dispatch.urlpatterns]
