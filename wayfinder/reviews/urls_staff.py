"""Staff pages for reviews, ceasing, transfers, disagreements and provision delivered (namespace ``staff``)."""

from . import views_delivery, views_disagreements, views_staff, views_transfers

urlpatterns = [
    *views_staff.staff_urls,
    *views_delivery.staff_urls,
    *views_disagreements.staff_urls,
    *views_transfers.staff_urls,
]
