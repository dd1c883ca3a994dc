"""Pages for schools, colleges and early years settings, mounted at /setting/."""

from django.urls import path

from wayfinder.ehc import views_other as assessments
from wayfinder.reviews.urls_setting import urlpatterns as review_patterns

from . import views_setting as views

app_name = "setting"

urlpatterns = [
    path("", views.home, name="home"),
    path("pupils/<int:pk>/", views.child_detail, name="child-detail"),
    path("requests/", assessments.setting_requests, name="requests"),
    path("requests/advice/<int:advice_pk>/", assessments.setting_advice, name="advice"),
    path("requests/consultations/<int:consultation_pk>/", assessments.setting_consultation, name="consultation"),
    path("requests/consultations/<int:consultation_pk>/plan/<int:number>/", assessments.setting_plan, name="plan"),
    path("requests/consultations/<int:consultation_pk>/plan/<int:number>/pdf/", assessments.setting_plan,
         {"pdf": True}, name="plan-pdf"),
    *review_patterns,
]
