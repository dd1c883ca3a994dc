from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "wayfinder.reviews"
    label = "reviews"
    verbose_name = "Reviews, amendments, ceasing, transfers, disagreements and provision delivered"
