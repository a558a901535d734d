"""The annual conference: when, where, the programme and how to register."""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from agreements.staff import ScopedAdmin
from followup.models import Conference


@admin.register(Conference)
class ConferenceAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["year", "title", "starts_at", "ends_at", "place"]
    list_filter = ["agreement"]
    ordering = ["-year"]
    search_fields = ["title", "place"]
    fields = [
        "agreement",
        "year",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "programme",
        "registration_url",
        "registration_note",
        "created_at",
    ]
    readonly_fields = ["created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
