"""The parties' responses, read-only: only the party changes its answers, in its own form."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin
from followup import services, versions
from followup.admin.display import emails_sent, history
from followup.models import Response
from parties.admin.display import person


@admin.register(Response)
class ResponseAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["organisation", "round", "status", "saved_at", "submitted_at"]
    list_filter = ["round", "status"]
    list_select_related = ["organisation", "round"]
    search_fields = ["organisation__name"]
    fieldsets = [
        (None, {"fields": ["round", "organisation", "status"]}),
        (
            _("Saved and submitted"),
            {
                "fields": [
                    "invited_at",
                    "saved_at",
                    "saved_by_shown",
                    "submitted_at",
                    "submitted_by_shown",
                ]
            },
        ),
        (_("Answers"), {"fields": ["answers_shown"]}),
        (_("Submitted versions (newest first)"), {"fields": ["versions_shown"]}),
        (_("Emails sent"), {"fields": ["emails_shown"]}),
        (_("Status changes (newest first)"), {"fields": ["audit_trail"]}),
    ]
    readonly_fields = [
        "round",
        "organisation",
        "status",
        "invited_at",
        "saved_at",
        "saved_by_shown",
        "submitted_at",
        "submitted_by_shown",
        "answers_shown",
        "versions_shown",
        "emails_shown",
        "audit_trail",
    ]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .select_related("round", "organisation", "saved_by", "submitted_by")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("last saved by"))
    def saved_by_shown(self, obj: Response) -> str:
        return person(obj.saved_by)

    @admin.display(description=_("submitted by"))
    def submitted_by_shown(self, obj: Response) -> str:
        return person(obj.submitted_by)

    @admin.display(description=_("answers"))
    def answers_shown(self, obj: Response) -> str:
        if obj.status != Response.Status.SUBMITTED:
            # The form promises that nothing is sent in before "Submit": a draft's text
            # stays the party's own, the process leader sees only that it was started.
            return render_to_string(
                "admin/followup/includes/answers.html", {"not_submitted": True, "response": obj}
            )
        questions = services.questions_for(obj.round, obj.organisation)
        answers = {answer.question_id: answer for answer in obj.answers.all()}
        themes: list[dict] = []
        for question in questions:
            if not themes or themes[-1]["theme"] != question.theme:
                themes.append({"theme": question.theme, "rows": []})
            themes[-1]["rows"].append((question, answers.get(question.pk)))
        return render_to_string("admin/followup/includes/answers.html", {"themes": themes})

    @admin.display(description=_("submitted versions"))
    def versions_shown(self, obj: Response) -> str:
        return render_to_string(
            "admin/followup/includes/versions.html", {"versions": versions.history(obj)}
        )

    @admin.display(description=_("emails sent"))
    def emails_shown(self, obj: Response) -> str:
        return render_to_string(
            "admin/followup/includes/emails.html", {"emails": emails_sent([obj])[obj.pk]}
        )

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: Response) -> str:
        return history(obj)
