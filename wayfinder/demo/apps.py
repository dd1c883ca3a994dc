from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wayfinder.demo"
    label = "demo"
    verbose_name = "Synthetic demo county"
