from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "wayfinder.web"
    label = "web"
