"""Decisions: the numbered paragraphs of meetings and the series between meetings."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin
from steering import services
from steering.admin.adoption import AdoptionPages
from steering.admin.meetings import matter_link
from steering.models import Decision


class DecisionForm(forms.ModelForm):
    """A paragraph number used twice at a meeting is an error next to the number."""

    class Meta:
        model = Decision
        fields = ["meeting", "number", "kind", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "number" in self.fields and self.instance.pk is None:
            self.fields["number"].required = False
            self.fields["number"].help_text = _(
                "Leave empty for the next free number at the meeting."
            )
        if "meeting" in self.fields:
            self.fields["meeting"].required = True

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting") or self.instance.meeting
        number = data.get("number")
        if meeting is not None and number:
            taken = Decision.objects.filter(meeting=meeting, number=number).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error(
                    "number",
                    _("§ %(number)s is already used at this meeting.") % {"number": number},
                )
        return data


@admin.register(Decision)
class DecisionAdmin(AdoptionPages, ScopedAdmin, admin.ModelAdmin):
    form = DecisionForm
    list_display = ["decided_on", "series", "paragraph_shown", "kind", "text_shown", "meeting"]
    list_filter = ["series", "kind", "year", "agreement"]
    list_select_related = ["meeting"]
    search_fields = ["text"]
    date_hierarchy = "decided_on"
    add_fieldsets = [(None, {"fields": ["meeting", "number", "kind", "text"]})]
    fieldsets = [
        (None, {"fields": ["series", "meeting", "question", "decided_on", "number", "kind"]}),
        (None, {"fields": ["text", "matter"]}),
        (_("Recorded"), {"fields": ["recorded_by", "created_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_urls(self):
        return self.adoption_urls() + super().get_urls()

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # What the decision is, and where it was taken, stays as recorded.
        return [
            "series",
            "meeting",
            "question",
            "decided_on",
            "matter",
            "recorded_by",
            "created_at",
        ]

    def get_queryset(self, request):
        # The list's select_related too: a queryset that has one keeps list_select_related
        # from being applied (one query per row for the meeting column).
        return super().get_queryset(request).select_related("content_type", "meeting")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "meeting":
            from steering.models import Meeting

            # Only a held meeting with unpublished minutes takes decisions.
            kwargs["queryset"] = Meeting.objects.taking_decisions().order_by("-starts_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A decision between meetings is what the members answered: it is not edited.
        if obj is not None and obj.series == Decision.Series.PER_CAPSULAM:
            return False
        # Published minutes stay as published.
        if obj is not None and obj.meeting is not None and obj.meeting.minutes_published_at:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("§"), ordering="number")
    def paragraph_shown(self, obj: Decision) -> str:
        return obj.paragraph

    @admin.display(description=_("decision"))
    def text_shown(self, obj: Decision) -> str:
        return Truncator(obj.text).words(20)

    @admin.display(description=_("matter"))
    def matter(self, obj: Decision) -> str:
        return matter_link(obj)

    def save_model(self, request, obj: Decision, form, change) -> None:
        if change:
            services.amend_decision(obj, by=request.user)
            return
        # A new paragraph is numbered and audited by the service, like one taken elsewhere.
        decision = services.record_decision(
            kind=obj.kind,
            text=obj.text,
            meeting=form.cleaned_data["meeting"],
            number=form.cleaned_data.get("number"),
            by=request.user,
        )
        for field in Decision._meta.concrete_fields:
            setattr(obj, field.attname, getattr(decision, field.attname))
