"""The revision proposals' action that starts the draft of the agreement's next version
from the proposals the steering group adopted (`followup.drafting`)."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.revision import RevisionError
from followup import drafting


class DraftActions:
    """For the revision proposals' admin: "Start a draft of the next version"."""

    def has_start_draft_permission(self, request: HttpRequest) -> bool:
        # Offered only to those who may change the proposals and add a version.
        return self.has_change_permission(request) and request.user.has_perm(
            "agreements.add_version"
        )

    @admin.action(
        description=_("Start a draft of the next version from the selected adopted proposals"),
        permissions=["start_draft"],
    )
    def start_draft_selected(self, request: HttpRequest, queryset):
        try:
            draft, taken_up = drafting.draft_from_proposals(queryset, by=request.user)
        except RevisionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        for proposal in taken_up:
            self.log_change(request, proposal, gettext("Taken up in the next version's draft."))
        self.message_user(
            request,
            ngettext(
                "The draft of version %(number)s is started and takes up %(count)d proposal. "
                "Edit its text here.",
                "The draft of version %(number)s is started and takes up %(count)d proposals. "
                "Edit its text here.",
                len(taken_up),
            )
            % {"number": draft.number, "count": len(taken_up)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(
                "admin:agreements_version_change",
                args=[draft.pk],
                current_app=self.admin_site.name,
            )
        )
