"""The Open Referral UK 3.0 API, mounted at /api/openreferral/ (namespace ``oruk``): public, read-only."""

from . import views_oruk

app_name = "oruk"

urlpatterns = [*views_oruk.oruk_urls]
