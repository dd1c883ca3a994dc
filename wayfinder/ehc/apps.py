from django.apps import AppConfig


class EhcConfig(AppConfig):
    name = "wayfinder.ehc"
    label = "ehc"
    verbose_name = "EHC needs assessments and plans"
