from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wayfinder.core"
    label = "core"
