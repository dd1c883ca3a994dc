from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "wayfinder.directory"
    label = "directory"
    verbose_name = "Local Offer directory, guides and pathways, the Open Referral UK API and the carers' one-stop shop"
