from django.urls import path

from anshim.content import views

app_name = "content"
urlpatterns = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/files/<int:file_pk>/", views.notice_attachment, name="notice-attachment"),
    path("tips/", views.tip_list, name="tip-list"),
    path("tips/<int:pk>/", views.tip_detail, name="tip-detail"),
    path("faq/", views.faq, name="faq"),
]
