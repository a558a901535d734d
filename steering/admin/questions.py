"""Questions put between meetings (per capsulam): put by the chair or the process leader,
read here with their answers; answered only on the member's own page."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements import staff
from agreements.staff import ScopedAdmin
from common.admin_pages import admin_url, form_page
from steering import services
from steering.admin.access import may_put_questions
from steering.admin.pages import agreement_to_ask_under, default_deadline
from steering.matters import Waiting, matter_types, waiting_matters
from steering.models import Outcome, PerCapsulamAnswer, PerCapsulamQuestion

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DeadlineField(forms.DateTimeField):
    """When the voting members must have answered: a date and time still ahead."""

    def __init__(self, *, help_text: str, **kwargs):
        super().__init__(
            label=_("Answer by"),
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
            help_text=help_text,
            error_messages={"required": _("Give the date and time to answer by.")},
            **kwargs,
        )

    def clean(self, value):
        deadline = super().clean(value)
        if deadline is not None and deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


def matter_label(matter: Waiting) -> str:
    return ngettext(
        "%(kind)s: %(name)s (waiting %(days)d day)",
        "%(kind)s: %(name)s (waiting %(days)d days)",
        matter.days_waiting,
    ) % {"kind": matter.kind.label, "name": matter.name, "days": matter.days_waiting}


def _proposal_field(matter_type) -> forms.ChoiceField:
    """The choice between a kind of matter's outcomes, the first one proposed by default."""
    return forms.ChoiceField(
        label=matter_type.choice_label,
        choices=[(outcome.verb, outcome.choice) for outcome in matter_type.outcomes],
        initial=matter_type.outcomes[0].verb,
        widget=forms.RadioSelect,
        # Left out (no such matter was chosen), the first outcome stands: see `chosen`.
        required=False,
    )


class PutQuestionsForm(forms.Form):
    matters = forms.MultipleChoiceField(
        label=_("Waiting matters, oldest first"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one waiting matter.")},
    )
    deadline = DeadlineField(
        help_text=_("Date and time; the matter goes to the next meeting if not decided by then.")
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80, "class": "vLargeTextField"}),
        help_text=_(
            "Sent to the members with the proposal. Required when a rejection is proposed."
        ),
    )

    def __init__(self, *args, matters: list[Waiting], **kwargs):
        super().__init__(*args, **kwargs)
        self.waiting = {matter.key: matter for matter in matters}
        self.fields["matters"].choices = [(m.key, matter_label(m)) for m in matters]
        self.matter_types = matter_types()
        # After the list of matters, a choice of proposal for each kind that has several.
        fields = list(self.fields.items())
        choices = {
            kind.field_name: _proposal_field(kind)
            for kind in self.matter_types
            if len(kind.outcomes) > 1
        }
        self.fields = {**dict(fields[:1]), **choices, **dict(fields[1:])}
        self.fields["matters"].help_text = " ".join(
            str(kind.single_note)
            for kind in self.matter_types
            if len(kind.outcomes) == 1 and kind.single_note
        )

    def clean(self):
        data = super().clean()
        reasoned = [matter for matter, outcome in self.chosen(data) if outcome.needs_reason]
        if reasoned and not (data.get("motivation") or "").strip():
            self.add_error("motivation", _("Give the reason for the proposed rejection."))
        return data

    def chosen(self, data: dict | None = None) -> list[tuple[Waiting, Outcome]]:
        """The chosen matters with the proposed outcome for each, oldest first."""
        data = self.cleaned_data if data is None else data
        proposals = {
            kind.name: kind.outcome(data.get(kind.field_name) or "") or kind.outcomes[0]
            for kind in self.matter_types
            if kind.outcomes
        }
        keys = set(data.get("matters") or [])
        return [
            (matter, proposals[matter.kind.name])
            for key, matter in self.waiting.items()
            if key in keys and matter.kind.name in proposals
        ]


class ProposalFilter(admin.SimpleListFilter):
    """By what was proposed, in the words of a proposal (not of a decision taken)."""

    title = _("proposal")
    parameter_name = "proposal"

    def lookups(self, request, model_admin):
        found = {}
        for kind in matter_types():
            for outcome in kind.outcomes:
                found.setdefault(outcome.kind, outcome.proposal_filter)
        return list(found.items())

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(kind=value)


class AnswerInline(admin.TabularInline):
    model = PerCapsulamAnswer
    fields = ["seat", "answer", "comment", "answered_at", "changed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seat").order_by("seat__person_name")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PerCapsulamQuestion)
class PerCapsulamQuestionAdmin(ScopedAdmin, admin.ModelAdmin):
    inlines = [AnswerInline]
    list_display = ["title", "proposal_shown", "state_shown", "deadline", "answer_count", "put_at"]
    list_filter = ["status", ProposalFilter, "agreement"]
    search_fields = ["title", "proposal"]
    fields = [
        "title",
        "proposal",
        "kind",
        "matter_link",
        "deadline",
        "status",
        "tally_shown",
        "outcome_note",
        "put_by",
        "put_at",
        "closed_at",
        "answer_page",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agreement", "put_by", "content_type")
            .annotate(answer_total=Count("answers"))
        )

    # -- permissions: put by the chair or the process leader, then only read

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_put_questions(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The question and its answers are a record of what was asked and answered.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # -- columns and read-only fields

    @admin.display(description=_("proposal or outcome"), ordering="kind")
    def proposal_shown(self, obj: PerCapsulamQuestion) -> str:
        return obj.proposal_label

    @admin.display(description=_("status"), ordering="status")
    def state_shown(self, obj: PerCapsulamQuestion) -> str:
        return obj.state_label

    @admin.display(description=_("answers"), ordering="answer_total")
    def answer_count(self, obj: PerCapsulamQuestion) -> int:
        return obj.answer_total

    @admin.display(description=_("matter"))
    def matter_link(self, obj: PerCapsulamQuestion) -> str:
        if not obj.content_type_id or not obj.object_id:
            return "–"
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
            args=[obj.object_id],
        )
        return format_html('<a href="{}">{}</a>', url, obj.matter or obj.object_id)

    @admin.display(description=_("tally"))
    def tally_shown(self, obj: PerCapsulamQuestion) -> str:
        counts = services.tally(obj)
        return (
            gettext(
                "%(answered)d of %(voters)d voting members have answered: %(yes)d yes, %(no)d no, "
                "%(abstain)d abstained."
            )
            % counts
        )

    @admin.display(description=_("the members' page"))
    def answer_page(self, obj: PerCapsulamQuestion) -> str:
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Open the answer page")
        )

    # -- putting waiting matters to the voting members (the "add" page)

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        changelist_url = admin_url(self, "changelist")
        agreement = agreement_to_ask_under(self, request)
        if agreement is None:
            return HttpResponseRedirect(changelist_url)
        # Only the matters of the agreement the questions are put under.
        matters = [
            matter
            for matter in self._askable_matters(agreement)
            if staff.agreement_id_of(matter.record) in {None, agreement.pk}
        ]
        posted = request.method == "POST"
        form = PutQuestionsForm(
            request.POST if posted else None,
            matters=matters,
            initial={"deadline": default_deadline()},
        )
        if posted and form.is_valid():
            put = 0
            for matter, outcome in form.chosen():
                try:
                    question = services.put_question(
                        agreement,
                        matter=matter.record,
                        proposal=outcome.verb,
                        deadline=form.cleaned_data["deadline"],
                        by=request.user,
                        motivation=form.cleaned_data["motivation"],
                    )
                except services.SteeringError as error:
                    self.message_user(
                        request,
                        gettext("%(record)s: %(error)s") % {"record": matter.name, "error": error},
                        messages.WARNING,
                    )
                else:
                    self.log_addition(request, question, gettext("Put to the voting members."))
                    put += 1
            if put:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d matter was put to the voting members; they are told by email.",
                        "%(count)d matters were put to the voting members; they are told by email.",
                        put,
                    )
                    % {"count": put},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(changelist_url)
        explanation = [
            _(
                "Each chosen matter becomes a question to the steering group's voting members, "
                "who are told by email and answer yes, no or abstain by the deadline. A "
                "question is decided by the agreement's rule; otherwise it goes to the next "
                "meeting."
            )
        ]
        if not matters:
            explanation.append(_("No matter is waiting for a decision right now."))
        return form_page(
            self,
            request,
            title=gettext("Put waiting matters to the voting members"),
            form=form,
            submit_label=gettext("Put to the members"),
            cancel_url=changelist_url,
            explanation=explanation,
            facts=[
                (
                    _("Voting members who will be asked"),
                    ", ".join(seat.person_name for seat in services.voting_seats(agreement))
                    or gettext("None: no voting member has a user account."),
                ),
                (
                    _("Rule for deciding"),
                    agreement.rules_on(timezone.localdate()).get_per_capsulam_rule_display(),
                ),
            ],
        )

    def _askable_matters(self, agreement) -> list[Waiting]:
        """The agreement's waiting matters that are not already out for answers."""
        matters, _total = waiting_matters(agreement=agreement)
        types = ContentType.objects.get_for_models(*(kind.model for kind in matter_types()))
        names = {content_type.pk: model._meta.model_name for model, content_type in types.items()}
        out = {
            f"{names.get(content_type_id)}:{object_id}"
            for content_type_id, object_id in PerCapsulamQuestion.objects.open().values_list(
                "content_type_id", "object_id"
            )
        }
        return [matter for matter in matters if matter.key not in out]
