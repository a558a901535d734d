"""The admin page where the steering group's adoption of a draft version is recorded: the
draft version's page links here (agreements cannot import steering, so by URL name)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements import staff
from agreements.models import Version
from common.admin_pages import form_page
from steering import adoption
from steering.errors import SteeringError
from steering.models import Meeting


class AdoptionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("meeting"),
        queryset=Meeting.objects.none(),
        help_text=_("A meeting that has been held and whose minutes are not yet published."),
        error_messages={"required": _("Choose the meeting that took the decision.")},
    )
    number = forms.IntegerField(
        label=_("paragraph (§)"),
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("Leave empty for the next free number at the meeting."),
    )

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = adoption.meetings_for_adoption(version)


class AdoptionPages:
    """For the decisions' admin: the page recording the adoption of a draft version."""

    def adoption_urls(self):
        return [
            path(
                "adopt-version/<int:version_id>/",
                self.admin_site.admin_view(self.adopt_version_view),
                name="steering_decision_adopt_version",
            )
        ]

    def adopt_version_view(self, request: HttpRequest, version_id: int):
        if not self.has_add_permission(request):
            raise PermissionDenied
        # A version of an agreement the admin does not show is not there: 404.
        versions = staff.limit_to_scope(Version.objects.all(), request)
        version = get_object_or_404(versions, pk=version_id)
        version_url = reverse(
            "admin:agreements_version_change", args=[version.pk], current_app=self.admin_site.name
        )
        if version.status != Version.Status.DRAFT:
            self.message_user(
                request, gettext("Only a draft version can be adopted."), messages.WARNING
            )
            return HttpResponseRedirect(version_url)
        form = AdoptionForm(request.POST if request.method == "POST" else None, version=version)
        if request.method == "POST" and form.is_valid():
            try:
                decision = adoption.adopt_version(
                    version,
                    meeting=form.cleaned_data["meeting"],
                    number=form.cleaned_data.get("number"),
                    by=request.user,
                )
            except SteeringError as error:
                form.add_error(None, str(error))
            else:
                self.log_addition(request, decision, gettext("Adoption of a version recorded."))
                self.message_user(
                    request,
                    gettext("Version %(number)s is adopted by %(paragraph)s at the %(meeting)s.")
                    % {
                        "number": version.number,
                        "paragraph": decision.paragraph,
                        "meeting": str(decision.meeting).lower(),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(version_url)
        return form_page(
            self,
            request,
            title=gettext("Record the steering group's adoption of version %(number)s")
            % {"number": version.number},
            form=form,
            submit_label=gettext("Record the decision"),
            cancel_url=version_url,
            explanation=[
                _(
                    "Record the steering group's decision to adopt the draft as a paragraph of "
                    "the meeting that took it. The version comes into force on its start date."
                )
            ],
            facts=[
                (_("title"), version.title),
                (_("valid from"), version.valid_from.isoformat()),
                (_("valid until"), version.valid_until.isoformat()),
                (_("decision"), adoption.adoption_text(version)),
            ],
        )
