"""Pages for organisations listed in the Local Offer, mounted at /provider/ (namespace ``provider``)."""

from . import views_provider

app_name = "provider"

urlpatterns = [*views_provider.provider_urls]
