"""The public Local Offer, mounted at /local-offer/ (namespace ``localoffer``): no sign-in."""

from . import views_carers, views_public

app_name = "localoffer"

urlpatterns = [*views_public.public_urls, *views_carers.public_urls]
