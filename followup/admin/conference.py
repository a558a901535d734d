"""The annual conference: when, where, the programme and how to register."""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from agreements.models import Agreement
from followup.models import Conference


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
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

    def get_changeform_initial_data(self, request: HttpRequest):
        initial = super().get_changeform_initial_data(request)
        current = Agreement.objects.current()
        if current is not None:
            initial.setdefault("agreement", current.pk)
        return initial

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
