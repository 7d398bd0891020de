from django.urls import path

from anshim.accounts import profile_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.mypage, name="mypage"),
    path("profile/", profile_views.profile, name="profile"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("withdraw/done/", views.withdrawn, name="withdrawn"),
]
