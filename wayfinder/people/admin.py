"""Organisations and places in the Django admin (system administrator): localities, local
authorities, settings with their resourced provisions, and term-time closures. Saves are audited
(``wayfinder.audit.admin``). Children, carers and their links are deliberately absent: they change
only through the people services, behind the access policies."""

from django.contrib import admin

from wayfinder.audit.admin import AuditedAdmin

from .models import Closure, LocalAuthority, Locality, ResourcedProvision, Setting


@admin.register(Locality)
class LocalityAdmin(AuditedAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(AuditedAdmin):
    list_display = ("code", "name", "gss_code", "valid_from", "valid_to")
    search_fields = ("code", "name", "gss_code")


@admin.register(Setting)
class SettingAdmin(AuditedAdmin):
    list_display = ("name", "setting_type", "phase", "urn", "locality")
    list_filter = ("setting_type", "phase", "locality")
    search_fields = ("name", "urn", "ukprn", "dfe_number")


@admin.register(ResourcedProvision)
class ResourcedProvisionAdmin(AuditedAdmin):
    list_display = ("setting", "kind", "specialism", "commissioned_places")
    list_filter = ("kind", "specialism")
    search_fields = ("setting__name",)
    autocomplete_fields = ("setting",)


@admin.register(Closure)
class ClosureAdmin(AuditedAdmin):
    list_display = ("label", "setting", "start_date", "end_date", "mode")
    list_filter = ("mode",)
    search_fields = ("label", "setting__name")
    autocomplete_fields = ("setting",)
