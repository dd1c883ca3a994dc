"""One include per audience (architecture principle 4)."""

from django.contrib import admin
from django.urls import include, path, re_path

from wayfinder.accounts.views import admin_sign_in
from wayfinder.directory import views_oruk

urlpatterns = [
    path("", include("wayfinder.web.urls")),
    path("account/", include("wayfinder.accounts.urls")),
    path("staff/", include("wayfinder.web.urls_staff")),
    path("setting/", include("wayfinder.web.urls_setting")),
    path("family/", include("wayfinder.web.urls_family")),
    path("local-offer/", include("wayfinder.directory.urls_public")),
    path("provider/", include("wayfinder.directory.urls_provider")),
    re_path(r"^api/openreferral$", views_oruk.root),  # the API's stub without its slash, before /api/'s 404
    path("api/openreferral/", include("wayfinder.directory.urls_oruk")),
    path("api/", include("wayfinder.api.urls")),
    path("django-admin/login/", admin_sign_in),  # everyone signs in through /account/sign-in/
    path("django-admin/", admin.site.urls),
]

handler403 = "wayfinder.web.views.error_403"
handler404 = "wayfinder.web.views.error_404"
handler500 = "wayfinder.web.views.error_500"
