"""The decisions the steering group takes, and the intermediate page they share."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.staff import OutOfScopeIsNotFound
from parties import services
from parties.forms_admin import (
    REASON_MAX_LENGTH,
    CitingForm,
    DecisionForm,
    RegistrationForm,
    RejectionForm,
)
from parties.models import Application, ChangeRequest

# ---- decisions: one intermediate page for actions and record pages -------------------------


@dataclass(frozen=True)
class Decision:
    """One kind of decision the admin can take, and the service that takes it."""

    name: str  # the action's name and the last part of the record page's URL
    button: Any  # the link on the record page
    title: Any  # the heading of the decision page
    explanation: Any  # what happens when it is confirmed
    confirm: Any  # the confirm button
    form_class: type[forms.Form]
    perform: Callable[[Any, Any, Any], Any]  # (record, user, the valid form) → the service
    done: Callable[[int], str]  # success message for n records
    is_open: Callable[[Any], bool]  # may this record still be decided?
    closed: Any = _("This has already been decided.")  # said when it may not


APPROVE_APPLICATION = Decision(
    name="approve",
    button=_("Approve"),
    title=_("Approve applications"),
    explanation=_(
        "The organisations become parties to the agreement from today, are shown in the "
        "public register, and their contact persons are told by email."
    ),
    confirm=_("Approve"),
    form_class=DecisionForm,
    perform=lambda app, user, form: services.approve_application(
        app, by=user, reason=form.text(), citation=form.citation()
    ),
    done=lambda n: (
        ngettext("%(count)d application was approved.", "%(count)d applications were approved.", n)
        % {"count": n}
    ),
    is_open=lambda app: app.status == Application.Status.PENDING,
)

REJECT_APPLICATION = Decision(
    name="reject",
    button=_("Reject"),
    title=_("Reject applications"),
    explanation=_(
        "The applications are rejected with the reason below, which is sent to each "
        "organisation's contact person."
    ),
    confirm=_("Reject"),
    form_class=RejectionForm,
    perform=lambda app, user, form: services.reject_application(
        app, by=user, reason=form.text(), citation=form.citation()
    ),
    done=lambda n: (
        ngettext("%(count)d application was rejected.", "%(count)d applications were rejected.", n)
        % {"count": n}
    ),
    is_open=lambda app: app.status == Application.Status.PENDING,
)

REGISTER_WITHDRAWAL = Decision(
    name="register",
    button=_("Register the withdrawal"),
    title=_("Register withdrawals"),
    explanation=_(
        "The organisations stop being parties to the agreement from today. They are removed "
        "from the public register; their history is kept."
    ),
    confirm=_("Register"),
    form_class=RegistrationForm,
    perform=lambda w, user, form: services.register_withdrawal(
        w, by=user, note=form.text(), citation=form.citation()
    ),
    done=lambda n: (
        ngettext(
            "%(count)d withdrawal was registered.", "%(count)d withdrawals were registered.", n
        )
        % {"count": n}
    ),
    is_open=lambda w: not w.is_registered,
)

APPROVE_CHANGE = Decision(
    name="approve",
    button=_("Approve"),
    title=_("Approve changes of name or organisation number"),
    explanation=_(
        "The organisations' names and numbers are changed as requested, also in the public "
        "register, and their contact persons are told by email."
    ),
    confirm=_("Approve"),
    form_class=DecisionForm,
    perform=lambda change, user, form: services.approve_change(
        change, by=user, reason=form.text(), citation=form.citation()
    ),
    done=lambda n: (
        ngettext("%(count)d change was approved.", "%(count)d changes were approved.", n)
        % {"count": n}
    ),
    is_open=lambda change: change.status == ChangeRequest.Status.PENDING,
)

REJECT_CHANGE = Decision(
    name="reject",
    button=_("Reject"),
    title=_("Reject changes of name or organisation number"),
    explanation=_(
        "The names and numbers stay as they are. The reason below is sent to each "
        "organisation's contact person."
    ),
    confirm=_("Reject"),
    form_class=RejectionForm,
    perform=lambda change, user, form: services.reject_change(
        change, by=user, reason=form.text(), citation=form.citation()
    ),
    done=lambda n: (
        ngettext("%(count)d change was rejected.", "%(count)d changes were rejected.", n)
        % {"count": n}
    ),
    is_open=lambda change: change.status == ChangeRequest.Status.PENDING,
)


# ---- a withdrawal that came on paper or by email ------------------------------------------


class WrittenWithdrawalForm(CitingForm):
    """A notice of withdrawal that reached the steering group outside the portal."""

    notice_date = forms.DateField(
        label=_("Date of notice"),
        help_text=_("The date of the letter or email. It cannot be in the future."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    given_by_name = forms.CharField(label=_("Name of the person giving notice"), max_length=150)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The reason the notice gives. It is kept in the organisation's history."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80, "class": "vLargeTextField"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_notice_date(self):
        notice_date = self.cleaned_data["notice_date"]
        if notice_date > timezone.localdate():
            raise forms.ValidationError(_("The date of the notice cannot be in the future."))
        return notice_date


def _register_written_withdrawal(membership, user, form: WrittenWithdrawalForm):
    data = form.cleaned_data
    return services.register_written_withdrawal(
        membership,
        by=user,
        given_by_name=data["given_by_name"],
        reason=data["reason"],
        notice_date=data["notice_date"],
        citation=form.citation(),
    )


REGISTER_WRITTEN_WITHDRAWAL = Decision(
    name="register_written_withdrawal",
    button=_("Register a withdrawal received in writing"),
    title=_("Register a withdrawal received in writing"),
    explanation=_(
        "Use this for a notice of withdrawal that came by letter or email. The notice is "
        "recorded and the withdrawal registered at once: the organisation stops being a party "
        "to the agreement from today and is removed from the public register; its history is "
        "kept. Its contact person is told by email."
    ),
    confirm=_("Register"),
    form_class=WrittenWithdrawalForm,
    perform=_register_written_withdrawal,
    done=REGISTER_WITHDRAWAL.done,
    is_open=lambda membership: (
        membership.is_active and not membership.withdrawals.unregistered().exists()
    ),
    closed=_(
        "Only a party to the agreement without an open notice of withdrawal can be withdrawn "
        "here. An open notice is registered under Withdrawals."
    ),
)


# ---- the admin side -----------------------------------------------------------------------


class DecisionPages(OutOfScopeIsNotFound):
    """Decisions for a ModelAdmin: actions on the list, buttons on the record page, and the
    intermediate page they share. Mix in before `admin.ModelAdmin`."""

    decisions: tuple[Decision, ...] = ()
    decision_template = "admin/parties/decision.html"
    decision_headers: tuple = ()

    def decision_row(self, obj) -> list:
        """The cells describing one record on the decision page; the first names it."""
        raise NotImplementedError

    def may_decide(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)

    # -- the decision page

    def _decision_page(
        self,
        request: HttpRequest,
        objects: list,
        decision: Decision,
        form: forms.Form,
        *,
        from_changelist: bool,
        cancel_url: str,
        status: int = 200,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title,
            "subtitle": None,
            "opts": self.opts,
            "decision": decision,
            "headers": self.decision_headers,
            "rows": [(obj, self.decision_row(obj), decision.is_open(obj)) for obj in objects],
            "form": form,
            "from_changelist": from_changelist,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": cancel_url,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.decision_template, context, status=status)

    def _carry_out(
        self, request: HttpRequest, objects: list, decision: Decision, form: forms.Form
    ) -> int:
        """Take the decision on each record; report what could not be done, and the count."""
        done = 0
        for obj in objects:
            try:
                decision.perform(obj, request.user, form)
            except services.PartyError as error:
                self.message_user(
                    request,
                    gettext("%(record)s: %(error)s") % {"record": obj, "error": error},
                    messages.WARNING,
                )
            else:
                done += 1
                self.log_change(request, obj, str(decision.title))
        if done:
            self.message_user(request, decision.done(done), messages.SUCCESS)
        return done

    def decide_selected(self, request: HttpRequest, queryset: QuerySet, decision: Decision):
        """Body of an action: the decision page first, the decision on its confirmation."""
        confirmed = request.POST.get("post") == "yes"
        form = decision.form_class(request.POST if confirmed else None)
        objects = list(queryset)
        if confirmed and form.is_valid():
            self._carry_out(request, objects, decision, form)
            return None  # back to the list
        return self._decision_page(
            request,
            objects,
            decision,
            form,
            from_changelist=True,
            cancel_url=request.get_full_path(),
            status=400 if confirmed else 200,
        )

    def decision_view(self, request: HttpRequest, object_id: str, decision: Decision):
        """The same decision for one record, from the record's own page."""
        if not self.may_decide(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse(
            admin_urlname(self.opts, "change"),
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        if not decision.is_open(obj):
            self.message_user(request, str(decision.closed), messages.INFO)
            return HttpResponseRedirect(change_url)
        posted = request.method == "POST"
        form = decision.form_class(request.POST if posted else None)
        if posted and form.is_valid():
            self._carry_out(request, [obj], decision, form)
            return HttpResponseRedirect(change_url)
        return self._decision_page(
            request,
            [obj],
            decision,
            form,
            from_changelist=False,
            cancel_url=change_url,
            status=400 if posted else 200,
        )

    def get_urls(self):
        def view_for(decision: Decision):
            def view(request, object_id):
                return self.decision_view(request, object_id, decision)

            return self.admin_site.admin_view(view)

        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                f"<path:object_id>/{decision.name}/",
                view_for(decision),
                name="{}_{}_{}".format(*info, decision.name),
            )
            for decision in self.decisions
        ]
        # Before the defaults: their catch-all `<path:object_id>/` would take these.
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if self.may_decide(request):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                info = self.opts.app_label, self.opts.model_name
                extra_context["decision_links"] = [
                    {
                        "url": reverse(
                            "admin:{}_{}_{}".format(*info, decision.name),
                            args=[quote(obj.pk)],
                            current_app=self.admin_site.name,
                        ),
                        "label": decision.button,
                    }
                    for decision in self.decisions
                    if decision.is_open(obj)
                ]
        return super().change_view(request, object_id, form_url, extra_context)


class DecidingAdmin(DecisionPages, admin.ModelAdmin):
    """A read-only record whose status changes only by decisions (see `decisions`).

    The record page is view-only for everyone; the decisions need the model's change
    permission, like the actions that take them.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A record's page never saves (no field is editable); the model-level permission
        # (obj is None) is what the decisions and their actions need.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
