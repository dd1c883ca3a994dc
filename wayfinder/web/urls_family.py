"""Pages for parents, carers and young people, mounted at /family/."""

from django.urls import path

from . import views_family as views

app_name = "family"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
]
