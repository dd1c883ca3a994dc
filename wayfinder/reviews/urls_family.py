"""Family pages for reviews, disagreements and provision delivered (namespace ``family``)."""

from . import views_delivery, views_disagreements, views_family, views_transfers

urlpatterns = [
    *views_family.family_urls,
    *views_delivery.family_urls,
    *views_disagreements.family_urls,
    *views_transfers.family_urls,
]
