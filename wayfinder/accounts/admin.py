"""Accounts and teams in the Django admin (system administrator). Saves are audited; see
``wayfinder.audit.admin``. Families and settings staff join by invitation, not here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from wayfinder.audit.admin import AuditedAdmin

from .models import Team, User


@admin.register(User)
class WayfinderUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "scope", "team", "setting", "is_active")
    list_filter = ("role", "scope", "is_active", "team")
    search_fields = ("username", "first_name", "last_name", "email")
    filter_horizontal = ("localities", "groups", "user_permissions")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("What they do and what they may see", {"fields": ("role", "scope", "team", "localities", "setting",
                                                          "job_title")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("What they do and what they may see", {"fields": ("email", "first_name", "last_name", "role", "scope",
                                                          "team", "setting")}),
    )


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "kind", "locality")
    list_filter = ("kind",)
    search_fields = ("name",)
