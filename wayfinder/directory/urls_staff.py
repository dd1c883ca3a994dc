"""Staff pages for the directory, guides and carers' questions (namespace ``staff``, under /staff/local-offer/)."""

from . import views_carers, views_staff

urlpatterns = [*views_staff.staff_urls, *views_carers.staff_urls]
