from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from anshim.api import api

admin.site.site_header = "서울 1인가구 포털 안심 · 관리"
admin.site.site_title = "안심 관리"
admin.site.index_title = "업무 관리"
admin.site.index_template = "portal/admin/index.html"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("mypage/", include("anshim.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("policies/", include("anshim.catalog.urls")),
    path("programs/", include("anshim.programs.urls")),
    path("doorguard/", include("anshim.doorguard.urls")),
    path("companion/", include("anshim.companion.urls")),
    path("map/", include("anshim.geo.urls")),
    path("operations/", include("anshim.operations.urls")),
    path("", include("anshim.content.urls")),
    path("", include("anshim.portal.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
