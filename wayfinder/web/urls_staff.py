"""Pages for local authority and partner staff, mounted at /staff/."""

from django.urls import path

from wayfinder.directory.urls_staff import urlpatterns as directory_patterns
from wayfinder.ehc.urls_staff import urlpatterns as assessment_patterns
from wayfinder.reviews.urls_staff import urlpatterns as review_patterns

from . import views_staff as views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/", views.child_search, name="child-search"),
    path("children/new/", views.child_new, name="child-new"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="child-edit"),
    path("children/<int:pk>/invite/", views.child_invite, name="child-invite"),
    path("children/<int:pk>/chronology/", views.child_chronology, name="child-chronology"),
    path("children/<int:pk>/merge/<int:other_pk>/", views.child_merge_view, name="child-merge"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss_view, name="duplicate-dismiss"),
    *assessment_patterns,
    *review_patterns,
    *directory_patterns,
]
