"""Pages for parents, carers and young people, mounted at /family/."""

from django.urls import path

from wayfinder.ehc import views_other as assessments
from wayfinder.reviews.urls_family import urlpatterns as review_patterns

from . import views_family as views

app_name = "family"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
    path("assessments/<int:pk>/", assessments.family_assessment, name="assessment"),
    path("assessments/<int:pk>/letters/<int:decision_pk>/", assessments.family_letter, name="letter"),
    path("assessments/<int:pk>/plan/<int:number>/", assessments.family_plan, name="plan"),
    path("assessments/<int:pk>/plan/<int:number>/pdf/", assessments.family_plan, {"pdf": True}, name="plan-pdf"),
    path("assessments/<int:pk>/plan/<int:number>/comment/", assessments.family_comment, name="comment"),
    *review_patterns,
]
