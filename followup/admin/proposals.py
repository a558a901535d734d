"""Revision proposals: the process leader checks and publishes them, sends them to the
conference, and records the steering group's decision on them.

Status, checking and decision change only through `followup.revisions`, from the buttons
on the proposal's page (or the list's actions); the normal form edits the wording.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin
from common.admin_pages import admin_url, form_page
from followup import revisions, services
from followup.admin.display import history, take_over
from followup.admin.proposal_drafting import DraftActions
from followup.admin.proposal_forms import (
    ConferenceChoiceForm,
    DecisionForm,
    ProposalForm,
    PublicFilter,
)
from followup.models import Conference, RevisionProposal
from parties.admin.display import person
from parties.services import PartyError

ERRORS = (services.FollowUpError, PartyError)


@admin.register(RevisionProposal)
class RevisionProposalAdmin(DraftActions, ScopedAdmin, admin.ModelAdmin):
    form = ProposalForm
    list_display = ["created_at", "part_shown", "proposer", "status", "is_public"]
    list_filter = ["status", "part", PublicFilter, "conference", "agreement"]
    list_select_related = ["organisation", "principle"]
    search_fields = ["proposed_wording", "rationale", "section", "organisation__name"]
    date_hierarchy = "created_at"
    actions = ["check_selected", "to_conference_selected", "start_draft_selected"]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "agreement",
                    "part",
                    "principle",
                    "section",
                    "proposed_wording",
                    "rationale",
                ],
                "description": _("A proposal added here is the process leader's own."),
            },
        )
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "agreement",
                    "proposer",
                    "proposed_by_shown",
                    "created_at",
                    "part",
                    "principle",
                    "section",
                    "proposed_wording",
                    "rationale",
                ]
            },
        ),
        (
            _("Handling"),
            {
                "fields": [
                    "is_public",
                    "checked_at",
                    "checked_by_shown",
                    "status",
                    "conference",
                    "answered_in",
                ]
            },
        ),
        (_("The steering group's decision"), {"fields": ["decision_shown"]}),
        (_("Status changes (newest first)"), {"fields": ["audit_trail"]}),
    ]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return []
        shown = [
            "agreement",
            "proposer",
            "proposed_by_shown",
            "created_at",
            "is_public",
            "checked_at",
            "checked_by_shown",
            "status",
            "decision_shown",
            "audit_trail",
            "answered_in",
        ]
        if obj.status in RevisionProposal.DECIDED:
            # What was decided stays as it was decided.
            shown += ["part", "principle", "section", "proposed_wording", "rationale", "conference"]
        return shown

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "principle", "decision__meeting")
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # -- columns and computed fields

    @admin.display(description=_("part of the agreement"))
    def part_shown(self, obj: RevisionProposal) -> str:
        return obj.part_label

    @admin.display(description=_("proposed by"), ordering="organisation__name")
    def proposer(self, obj: RevisionProposal) -> str:
        if obj.organisation_id:
            return obj.organisation.name
        return gettext("The process leader")

    @admin.display(description=_("submitted by"))
    def proposed_by_shown(self, obj: RevisionProposal) -> str:
        return person(obj.proposed_by)

    @admin.display(description=_("checked by"))
    def checked_by_shown(self, obj: RevisionProposal) -> str:
        return person(obj.checked_by)

    @admin.display(description=_("public"), boolean=True)
    def is_public(self, obj: RevisionProposal) -> bool:
        return obj.is_public

    @admin.display(description=_("decision"))
    def decision_shown(self, obj: RevisionProposal) -> str:
        decision = obj.decision
        if decision is None:
            return gettext("Not decided yet.")
        decision_url = reverse(
            "admin:steering_decision_change", args=[decision.pk], current_app=self.admin_site.name
        )
        if decision.meeting_id is None:
            return format_html(
                '<a href="{}">{}</a>: {}', decision_url, decision.paragraph, decision.text
            )
        meeting_url = reverse(
            "admin:steering_meeting_change",
            args=[decision.meeting_id],
            current_app=self.admin_site.name,
        )
        return format_html(
            '<a href="{}">{}</a>, <a href="{}">{}</a>: {}',
            decision_url,
            decision.paragraph,
            meeting_url,
            decision.meeting,
            decision.text,
        )

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: RevisionProposal) -> str:
        return history(obj)

    # -- saving: a new proposal through the service, as the process leader's

    def save_model(self, request: HttpRequest, obj: RevisionProposal, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        made = revisions.propose(
            data["agreement"],
            part=data["part"],
            proposed_wording=data["proposed_wording"],
            rationale=data["rationale"],
            by=request.user,
            organisation=None,
            principle=data.get("principle"),
            section=data.get("section") or "",
        )
        take_over(obj, made)

    # -- the record page's buttons

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        links = []
        if obj is not None and self.has_change_permission(request, obj):
            if not obj.is_public:
                links.append(
                    {"url": admin_url(self, "check", obj), "label": _("Check and publish")}
                )
            if obj.status not in RevisionProposal.DECIDED:
                links.append(
                    {"url": admin_url(self, "conference", obj), "label": _("To the conference")}
                )
                links.append({"url": admin_url(self, "adopt", obj), "label": _("Adopted")})
                links.append({"url": admin_url(self, "reject", obj), "label": _("Rejected")})
        extra_context["tool_links"] = links
        return super().change_view(request, object_id, form_url, extra_context)

    def _proposal(self, request: HttpRequest, object_id: str) -> RevisionProposal | None:
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _refused(self, request: HttpRequest, error: Exception) -> None:
        self.message_user(request, str(error), messages.ERROR)

    # -- check and publish

    def check_view(self, request: HttpRequest, object_id: str):
        obj = self._proposal(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = admin_url(self, "change", obj)
        if request.method == "POST":
            try:
                revisions.check_proposal(obj, by=request.user)
            except ERRORS as error:
                self._refused(request, error)
            else:
                self.log_change(request, obj, gettext("Checked and published."))
                self.message_user(
                    request,
                    gettext("The proposal is checked and shown on the public proposals page."),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        return form_page(
            self,
            request,
            title=gettext("Check and publish %(proposal)s") % {"proposal": obj},
            form=forms.Form(),
            submit_label=gettext("Publish"),
            cancel_url=change_url,
            explanation=[
                _(
                    "Publish the proposal when you have read it and it holds no personal "
                    "data. The public page shows the proposing party, or “the process "
                    "leader”, never the person who sent it."
                )
            ],
            facts=[
                (_("part of the agreement"), obj.part_label),
                (_("proposed wording"), obj.proposed_wording),
                (_("rationale"), obj.rationale),
            ],
            original=obj,
        )

    @admin.action(description=_("Check and publish the selected proposals"), permissions=["change"])
    def check_selected(self, request: HttpRequest, queryset) -> None:
        checked = 0
        for proposal in queryset.filter(checked_at__isnull=True).order_by("pk"):
            try:
                revisions.check_proposal(proposal, by=request.user)
            except ERRORS as error:
                self._refused(request, error)
            else:
                self.log_change(request, proposal, gettext("Checked and published."))
                checked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d proposal was checked and published.",
                "%(count)d proposals were checked and published.",
                checked,
            )
            % {"count": checked},
            messages.SUCCESS if checked else messages.INFO,
        )

    # -- to the conference

    def conference_view(self, request: HttpRequest, object_id: str):
        obj = self._proposal(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = admin_url(self, "change", obj)
        if obj.status in RevisionProposal.DECIDED:
            self.message_user(
                request, gettext("The proposal has already been decided."), messages.WARNING
            )
            return HttpResponseRedirect(change_url)
        initial_conference = obj.conference or (
            Conference.objects.filter(agreement_id=obj.agreement_id)
            .upcoming()
            .order_by("starts_at")
            .first()
        )
        form = ConferenceChoiceForm(
            request.POST if request.method == "POST" else None,
            proposal=obj,
            initial={"conference": initial_conference},
        )
        if request.method == "POST" and form.is_valid():
            try:
                revisions.to_conference(
                    obj, by=request.user, conference=form.cleaned_data["conference"]
                )
            except ERRORS as error:
                self._refused(request, error)
            else:
                self.log_change(request, obj, gettext("Sent to the conference."))
                self.message_user(
                    request,
                    gettext("The proposal is to be considered at the conference."),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        return form_page(
            self,
            request,
            title=gettext("%(proposal)s to the conference") % {"proposal": obj},
            form=form,
            submit_label=gettext("To the conference"),
            cancel_url=change_url,
            explanation=[_("The proposal is to be considered at the annual conference.")],
            original=obj,
        )

    @admin.action(
        description=_("Send the selected proposals to the conference"), permissions=["change"]
    )
    def to_conference_selected(self, request: HttpRequest, queryset) -> None:
        sent = 0
        for proposal in queryset.order_by("pk"):
            try:
                revisions.to_conference(proposal, by=request.user)
            except ERRORS as error:
                self.message_user(
                    request,
                    gettext("%(record)s: %(error)s") % {"record": proposal, "error": error},
                    messages.ERROR,
                )
            else:
                self.log_change(request, proposal, gettext("Sent to the conference."))
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d proposal is to be considered at the conference.",
                    "%(count)d proposals are to be considered at the conference.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )

    # -- the steering group's decision

    def decide_view(self, request: HttpRequest, object_id: str, adopted: bool):
        obj = self._proposal(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = admin_url(self, "change", obj)
        if obj.status in RevisionProposal.DECIDED:
            self.message_user(
                request, gettext("The proposal has already been decided."), messages.WARNING
            )
            return HttpResponseRedirect(change_url)
        form = DecisionForm(request.POST if request.method == "POST" else None, proposal=obj)
        if request.method == "POST" and form.is_valid():
            try:
                revisions.decide_proposal(
                    obj,
                    adopted=adopted,
                    meeting=form.cleaned_data["meeting"],
                    text=form.cleaned_data["text"],
                    number=form.cleaned_data.get("number"),
                    by=request.user,
                )
            except ERRORS as error:
                form.add_error(None, str(error))
            else:
                self.log_change(
                    request,
                    obj,
                    gettext("Adopted by the steering group.")
                    if adopted
                    else gettext("Rejected by the steering group."),
                )
                self.message_user(
                    request,
                    gettext("The steering group's decision is recorded."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        if adopted:
            title = gettext("%(proposal)s adopted") % {"proposal": obj}
            explanation = _(
                "Record the steering group's decision to adopt the proposal, as a paragraph "
                "of the meeting that took it."
            )
        else:
            title = gettext("%(proposal)s rejected") % {"proposal": obj}
            explanation = _(
                "Record the steering group's decision to reject the proposal, as a paragraph "
                "of the meeting that took it."
            )
        return form_page(
            self,
            request,
            title=title,
            form=form,
            submit_label=gettext("Record the decision"),
            cancel_url=change_url,
            explanation=[explanation],
            facts=[
                (_("part of the agreement"), obj.part_label),
                (_("proposed wording"), obj.proposed_wording),
            ],
            original=obj,
        )

    def adopt_view(self, request: HttpRequest, object_id: str):
        return self.decide_view(request, object_id, adopted=True)

    def reject_view(self, request: HttpRequest, object_id: str):
        return self.decide_view(request, object_id, adopted=False)

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path("<path:object_id>/check/", view(self.check_view), name=f"{name}_check"),
            path(
                "<path:object_id>/conference/",
                view(self.conference_view),
                name=f"{name}_conference",
            ),
            path("<path:object_id>/adopt/", view(self.adopt_view), name=f"{name}_adopt"),
            path("<path:object_id>/reject/", view(self.reject_view), name=f"{name}_reject"),
        ]
        return own + super().get_urls()
