"""Setting pages for reviews and provision delivered (namespace ``setting``)."""

from . import views_delivery, views_disagreements, views_setting, views_transfers

urlpatterns = [
    *views_setting.setting_urls,
    *views_delivery.setting_urls,
    *views_disagreements.setting_urls,
    *views_transfers.setting_urls,
]
