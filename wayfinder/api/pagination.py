from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """``?page=2&page_size=100``; pages hold 50 records unless asked otherwise, at most 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
