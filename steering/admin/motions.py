"""Questions of the steering group's own: put by the chair or the process leader as a free
yes/no question with attachments, answered like any other question between meetings."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin
from common.admin_pages import admin_url, form_page
from parties.forms import validate_pdf
from steering import services
from steering.admin.access import may_put_questions
from steering.admin.pages import agreement_to_ask_under, default_deadline
from steering.admin.questions import DeadlineField
from steering.models import Motion

MAX_ATTACHMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PdfFilesField(forms.FileField):
    """Up to `MAX_ATTACHMENTS` PDF files, each checked like an application's attachment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}
            )
        cleaned = [super(PdfFilesField, self).clean(upload, initial) for upload in uploads]
        for upload in cleaned:
            validate_pdf(upload)
        return cleaned


class FreeQuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Question"),
        max_length=300,
        help_text=_("For example: Does the steering group appoint Eva Ek as its chair?"),
        error_messages={"required": _("Write the question.")},
    )
    text = forms.CharField(
        label=_("Proposed decision"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "class": "vLargeTextField"}),
        help_text=_(
            "The decision's wording if the members say yes, with the background they need."
        ),
        error_messages={"required": _("Write the proposed decision.")},
    )
    attachments = PdfFilesField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("Up to five PDF files of at most 5 MB each."),
    )
    deadline = DeadlineField(
        help_text=_("Date and time; the question goes to the next meeting if not decided by then.")
    )


@admin.register(Motion)
class MotionAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "created_at", "put_by", "outcome"]
    search_fields = ["title", "text"]
    fields = ["title", "text", "attachment_links", "put_by", "created_at", "questions"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("put_by").prefetch_related("asked")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_put_questions(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("outcome"))
    def outcome(self, obj: Motion) -> str:
        asked = sorted(obj.asked.all(), key=lambda question: question.put_at)
        return asked[-1].proposal_label if asked else "–"

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj: Motion) -> str:
        files = list(obj.attachments.all())
        if not files:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><a href="{}">{}</a></li>', ((f.get_absolute_url(), f.name) for f in files)
            ),
        )

    @admin.display(description=_("questions between meetings"))
    def questions(self, obj: Motion) -> str:
        asked = obj.asked.all()
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((q.get_absolute_url(), q.state_label) for q in asked),
        )

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        changelist_url = admin_url(self, "changelist")
        agreement = agreement_to_ask_under(self, request)
        if agreement is None:
            return HttpResponseRedirect(changelist_url)
        posted = request.method == "POST"
        form = FreeQuestionForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            initial={"deadline": default_deadline()},
        )
        if posted and form.is_valid():
            data = form.cleaned_data
            try:
                question = services.put_free_question(
                    agreement,
                    title=data["title"],
                    text=data["text"],
                    deadline=data["deadline"],
                    by=request.user,
                    attachments=data["attachments"],
                )
            except services.SteeringError as error:
                form.add_error(None, str(error))
            else:
                self.log_addition(request, question.matter, gettext("Put to the voting members."))
                self.message_user(
                    request,
                    gettext("The question was put to the voting members; they are told by email."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(admin_url(self, "change", question.matter))
        return form_page(
            self,
            request,
            title=gettext("Put a question of the steering group's own"),
            form=form,
            submit_label=gettext("Put to the members"),
            cancel_url=changelist_url,
            explanation=[
                _(
                    "For a matter that is not an application, a withdrawal or a change: "
                    "appointing the chair, adopting the conference programme, a statement. "
                    "The voting members answer yes, no or abstain by the deadline; a yes by "
                    "the agreement's rule makes the proposed decision a numbered decision "
                    "between meetings, otherwise the question goes to the next meeting."
                )
            ],
            facts=[
                (
                    _("Rule for deciding"),
                    agreement.rules_on(timezone.localdate()).get_per_capsulam_rule_display(),
                )
            ],
        )
