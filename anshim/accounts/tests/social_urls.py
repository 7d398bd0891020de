"""The site's URLs plus the Kakao and Naver sign-in URLs, for tests that switch both providers on.

allauth builds its provider URLs once, from the providers installed when ``allauth.urls`` is first
imported; the test settings have none, so the social sign-in tests use this URLconf instead.
"""

from django.urls import include, path

from anshim.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("accounts/", include("allauth.socialaccount.providers.kakao.urls")),
    path("accounts/", include("allauth.socialaccount.providers.naver.urls")),
    *site_urlpatterns,
]
