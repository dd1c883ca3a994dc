"""The API's URLs: ``/api/v1/`` (URL namespace ``api:v1``), the OpenAPI description at ``/api/schema/``
and the reference page at ``/api/docs/`` (that description rendered as a GOV.UK page, no JavaScript).

URL names, for ``reverse()`` and tests: ``api:v1:child-list``, ``api:v1:child-detail``,
``api:v1:child-carers``, ``api:v1:child-chronology`` (kwargs ``pk``), ``api:v1:carer-list``,
``api:v1:carer-detail``, ``api:v1:setting-list``, ``api:v1:setting-detail``; ``api:schema``, ``api:docs``.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from wayfinder.people.api import CarerViewSet, ChildCarersView, ChildViewSet, SettingViewSet

from .chronology import ChildChronologyView
from .errors import not_found
from .reference import api_reference

app_name = "api"

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("carers", CarerViewSet, basename="carer")
router.register("settings", SettingViewSet, basename="setting")

v1 = [
    *router.urls,
    path("children/<int:pk>/carers/", ChildCarersView.as_view(), name="child-carers"),
    path("children/<int:pk>/chronology/", ChildChronologyView.as_view(), name="child-chronology"),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(api_version="v1", versioning_class=None), name="schema"),
    path("docs/", api_reference, name="docs"),
    re_path(r"^.*$", not_found),
]
