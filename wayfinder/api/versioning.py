"""URL namespace versioning: ``/api/v1/...`` is served by the URL namespace ``api:v1``.

DRF's ``NamespaceVersioning`` takes the first namespace it allows as the version; with nested
namespaces (``api`` then ``v1``) and no allowed list it would answer "api". Naming the versions here
keeps ``request.version == "v1"`` and lets ``reverse("child-detail")`` inside a view find
``api:v1:child-detail``.
"""

from rest_framework.versioning import NamespaceVersioning

URL_NAMESPACE = "api"
VERSIONS = ("v1",)


class ApiVersioning(NamespaceVersioning):
    default_version = "v1"
    allowed_versions = VERSIONS

    def get_versioned_viewname(self, viewname: str, request) -> str:
        if viewname.startswith(f"{URL_NAMESPACE}:"):
            return viewname
        return f"{URL_NAMESPACE}:{request.version}:{viewname}"
