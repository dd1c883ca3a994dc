"""Pages for schools, colleges and early years settings, mounted at /setting/."""

from django.urls import path

from . import views_setting as views

app_name = "setting"

urlpatterns = [
    path("", views.home, name="home"),
    path("pupils/<int:pk>/", views.child_detail, name="child-detail"),
]
