"""Staff pages for assessments, included in the staff URL tree (namespace ``staff``)."""

from django.urls import path

from . import views_staff as views

urlpatterns = [
    path("assessments/", views.caseload, name="caseload"),
    path("assessments/team/", views.team, name="team"),
    path("children/<int:child_pk>/assessments/new/", views.request_new, name="assessment-new"),
    path("assessments/<int:pk>/", views.detail, name="assessment-detail"),
    path("assessments/<int:pk>/decide/assess/", views.decide_assess, name="assessment-decide-assess"),
    path("assessments/<int:pk>/decide/issue/", views.decide_issue, name="assessment-decide-issue"),
    path("assessments/<int:pk>/letters/<int:decision_pk>/", views.letter, name="letter"),
    path("assessments/<int:pk>/letters/<int:decision_pk>/pdf/", views.letter, {"pdf": True}, name="letter-pdf"),
    path("assessments/<int:pk>/advice/new/", views.advice_new, name="assessment-advice-new"),
    path("assessments/<int:pk>/advice/<int:advice_pk>/", views.advice_detail, name="assessment-advice-detail"),
    path("assessments/<int:pk>/exceptions/new/", views.exception_new, name="assessment-exception-new"),
    path("assessments/<int:pk>/withdraw/", views.withdraw, name="assessment-withdraw"),
    path("assessments/<int:pk>/consult/", views.consult, name="assessment-consult"),
    path("assessments/<int:pk>/documents/<int:document_pk>/", views.document_download, name="assessment-document"),
    path("assessments/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path("assessments/<int:pk>/plan/sections/<slug:section>/", views.plan_section, name="plan-section"),
    path("assessments/<int:pk>/plan/serve/", views.plan_serve, name="plan-serve"),
    path("assessments/<int:pk>/plan/finalise/", views.plan_finalise, name="plan-finalise"),
    path("assessments/<int:pk>/plan/versions/<int:number>/", views.plan_version, name="plan-version"),
    path("assessments/<int:pk>/plan/versions/<int:number>/pdf/", views.plan_version, {"pdf": True},
         name="plan-version-pdf"),
    path("advice/", views.advice_list, name="advice-list"),
    path("advice/<int:advice_pk>/", views.advice_respond, name="advice-respond"),
]
