"""Reads of the directory that every audience shares (architecture: "selectors take care of the pull")."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Service, ServiceStatus, TaxonomyTerm


def public_services() -> QuerySet[Service]:
    """What the public, the search and the Open Referral API may show: published, not archived listings that
    are not closed for good. Nothing a provider has proposed and an editor has not approved is here."""
    return (Service.objects.filter(published=True, archived_on__isnull=True)
            .exclude(status=ServiceStatus.DEFUNCT)
            .select_related("organisation"))


def terms_of(taxonomy_code: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__code=taxonomy_code, archived_on__isnull=True).select_related("parent")
