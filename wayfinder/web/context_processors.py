from django.conf import settings


def service(request):
    return {
        "service_name": settings.WAYFINDER_SERVICE_NAME,
        "la_name": settings.WAYFINDER_LA_NAME,
    }
