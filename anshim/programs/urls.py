from django.urls import path

from anshim.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program-list"),
    path("<int:pk>/", views.program_detail, name="program-detail"),
    path("<int:pk>/signup/", views.program_signup, name="program-signup"),
    path("signups/<int:pk>/cancel/", views.signup_cancel, name="signup-cancel"),
    path("manage/", views.manage_list, name="manage-list"),
    path("manage/<int:pk>/", views.manage_program, name="manage-program"),
    path("manage/<int:pk>/reveal/", views.manage_reveal, name="manage-reveal"),
    path("manage/<int:pk>/export/", views.manage_export, name="manage-export"),
    path("manage/<int:pk>/signups/<int:signup_pk>/attendance/", views.manage_attendance, name="manage-attendance"),
    path("manage/<int:pk>/signups/<int:signup_pk>/cancel/", views.manage_cancel, name="manage-cancel"),
]
