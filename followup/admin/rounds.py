"""Follow-up rounds: dates and questions, "open now", the response rate and the export.

A new round is made by `services.new_round`, so it starts with the last round's questions
(or the default ones). Questions change only until the round opens; after that they are
what the parties answered and are shown read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin, working_agreement
from common.admin_pages import admin_url, form_page
from followup import export, response_rate, services
from followup.admin.display import emails_sent, history, take_over
from followup.models import FollowUpRound, Question, Response

VIEW_RESPONSES = "followup.view_response"


def constraint_message(model, name: str) -> str:
    """The message of one of `model`'s constraints: said once, on the model."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint.violation_error_message
    raise LookupError(name)


# ---- the round's form ---------------------------------------------------------------------


class RoundForm(forms.ModelForm):
    """Dates and reminders; each rule the database holds is an error next to its field."""

    class Meta:
        model = FollowUpRound
        fields = [
            "agreement",
            "year",
            "opens",
            "closes",
            "introduction",
            "first_reminder_days",
            "second_reminder_days",
        ]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error(
                "closes",
                constraint_message(FollowUpRound, "followup_round_closes_after_opening"),
            )
        first, second = data.get("first_reminder_days"), data.get("second_reminder_days")
        if first is not None and second is not None and first <= second:
            self.add_error(
                "second_reminder_days",
                constraint_message(FollowUpRound, "followup_round_reminders_in_order"),
            )
        agreement = data.get("agreement") or getattr(self.instance, "agreement", None)
        year = data.get("year")
        if agreement is not None and year:
            taken = FollowUpRound.objects.filter(agreement=agreement, year=year).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error(
                    "year", constraint_message(FollowUpRound, "followup_one_round_per_year")
                )
        return data


# ---- the questions ------------------------------------------------------------------------


class QuestionInline(admin.StackedInline):
    model = Question
    fields = [
        ("order", "theme"),
        "kind",
        "text",
        "help_text",
        "principle",
        ("low_label", "high_label"),
        "sector",
        ("required", "with_comment"),
    ]
    extra = 0
    ordering = ["order", "pk"]

    def _editable(self, obj) -> bool:
        return obj is not None and services.questions_editable(obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Before the round opens the questions are the process leader's draft: a question
        # copied from last year may be dropped. Once parties are asked, none goes.
        return self._editable(obj) and super().has_delete_permission(request, obj)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("principle")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("principle")
        if field is not None and obj is not None:
            field.queryset = obj.agreement.rules_on(obj.opens).principles.all()
            field.error_messages["invalid_choice"] = _(
                "Choose a principle of this round's agreement."
            )
        return formset


# ---- the admin ----------------------------------------------------------------------------


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(ScopedAdmin, admin.ModelAdmin):
    form = RoundForm
    list_display = ["year", "opens", "closes", "status_shown", "rate_shown"]
    list_filter = ["agreement"]
    actions = ["open_selected_now"]
    add_fieldsets = [
        (
            None,
            {
                "fields": ["agreement", "year", "opens", "closes", "introduction"],
                "description": _(
                    "The new round starts with the questions of the last round, or with the "
                    "default questions when it is the first. Change them before it opens."
                ),
            },
        ),
        (_("Reminders"), {"fields": ["first_reminder_days", "second_reminder_days"]}),
    ]
    fieldsets = [
        (
            None,
            {"fields": ["agreement", "year", "status_shown", "opens", "closes", "introduction"]},
        ),
        (_("Reminders"), {"fields": ["first_reminder_days", "second_reminder_days"]}),
        (_("Recorded"), {"fields": ["opened_at", "closed_at", "created_by", "created_at"]}),
        (_("Status changes (newest first)"), {"fields": ["audit_trail"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        counted = Q(
            responses__organisation__memberships__agreement=F("agreement"),
            responses__organisation__memberships__status="active",
        ) | Q(responses__status=Response.Status.SUBMITTED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                invited_total=Count("responses", filter=counted, distinct=True),
                submitted_total=Count(
                    "responses",
                    filter=Q(responses__status=Response.Status.SUBMITTED),
                    distinct=True,
                ),
            )
        )

    def get_list_display(self, request: HttpRequest):
        shown = list(super().get_list_display(request))
        if request.user.has_perm(VIEW_RESPONSES):
            shown.append("rates_link")
        return shown

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return []
        shown = [
            "agreement",
            "status_shown",
            "opened_at",
            "closed_at",
            "created_by",
            "created_at",
            "audit_trail",
        ]
        if not services.questions_editable(obj):
            # The parties were asked about this year: it stays the year they answered for.
            shown.append("year")
        return shown

    def get_inlines(self, request: HttpRequest, obj=None):
        # The questions of a new round are copied when it is saved.
        return [] if obj is None else [QuestionInline]

    def get_changeform_initial_data(self, request: HttpRequest):
        initial = super().get_changeform_initial_data(request)
        current = working_agreement(request)
        if current is not None:
            initial.setdefault("agreement", current.pk)
            last = FollowUpRound.objects.filter(agreement=current).order_by("-year").first()
            if last is not None:
                initial.setdefault("year", last.year + 1)
        return initial

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # -- columns and computed fields

    @admin.display(description=_("status"))
    def status_shown(self, obj: FollowUpRound) -> str:
        return obj.get_status_display()

    @admin.display(description=_("response rate (submitted/invited)"))
    def rate_shown(self, obj: FollowUpRound) -> str:
        invited = getattr(obj, "invited_total", 0)
        if not invited:
            return "–"
        submitted = obj.submitted_total
        return gettext("%(submitted)d/%(invited)d (%(percent)s %%)") % {
            "submitted": submitted,
            "invited": invited,
            "percent": round(100 * submitted / invited),
        }

    @admin.display(description=_("responses"))
    def rates_link(self, obj: FollowUpRound) -> str:
        return format_html(
            '<a href="{}">{}</a>', admin_url(self, "rates", obj), gettext("Response rate")
        )

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: FollowUpRound) -> str:
        return history(obj)

    # -- saving: a new round through the service

    def save_model(self, request: HttpRequest, obj: FollowUpRound, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        made = services.new_round(
            data["agreement"],
            year=data["year"],
            opens=data["opens"],
            closes=data["closes"],
            by=request.user,
            introduction=data.get("introduction") or "",
            first_reminder_days=data["first_reminder_days"],
            second_reminder_days=data["second_reminder_days"],
        )
        take_over(obj, made)

    # -- the record page's buttons

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        links = []
        if obj is not None:
            if request.user.has_perm(VIEW_RESPONSES):
                links.append({"url": admin_url(self, "rates", obj), "label": _("Response rate")})
            if services.questions_editable(obj) and self.has_change_permission(request, obj):
                links.append({"url": admin_url(self, "open", obj), "label": _("Open now")})
            if not services.questions_editable(obj):
                extra_context["questions_locked"] = True
        extra_context["tool_links"] = links
        return super().change_view(request, object_id, form_url, extra_context)

    # -- opening now

    def _open(self, request: HttpRequest, round: FollowUpRound) -> bool:
        try:
            services.open_now(round, by=request.user)
        except services.FollowUpError as error:
            self.message_user(
                request,
                gettext("%(record)s: %(error)s") % {"record": round, "error": error},
                messages.ERROR,
            )
            return False
        self.log_change(request, round, gettext("Opened now."))
        return True

    def open_view(self, request: HttpRequest, object_id: str):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = admin_url(self, "change", obj)
        if request.method == "POST":
            if self._open(request, obj):
                self.message_user(
                    request,
                    gettext("%(round)s is open from today. The parties are invited by email.")
                    % {"round": obj},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        return form_page(
            self,
            request,
            title=gettext("Open %(round)s now") % {"round": obj},
            form=forms.Form(),
            submit_label=gettext("Open now"),
            cancel_url=change_url,
            explanation=[
                _(
                    "The round opens today instead of on its opening date. Every party is "
                    "invited by email, and the questions can no longer be changed."
                )
            ],
            facts=[
                (_("opens"), obj.opens.isoformat()),
                (_("closes"), obj.closes.isoformat()),
                (_("questions"), obj.questions.count()),
            ],
            original=obj,
        )

    @admin.action(description=_("Open the selected rounds now"), permissions=["change"])
    def open_selected_now(self, request: HttpRequest, queryset) -> None:
        opened = sum(self._open(request, round) for round in queryset.order_by("year"))
        if opened:
            self.message_user(
                request,
                ngettext(
                    "%(count)d round was opened; the parties are invited by email.",
                    "%(count)d rounds were opened; the parties are invited by email.",
                    opened,
                )
                % {"count": opened},
                messages.SUCCESS,
            )

    # -- the response rate and the export

    def _round_for_responses(self, request: HttpRequest, object_id: str) -> FollowUpRound:
        if not request.user.has_perm(VIEW_RESPONSES):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def rates_view(self, request: HttpRequest, object_id: str):
        round = self._round_for_responses(request, object_id)
        rates = response_rate.response_rates(round)
        waiting = list(response_rate.not_submitted(round))
        sent = emails_sent(waiting)
        for response in waiting:
            response.emails = sent.get(response.pk, [])
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Response rate: %(round)s") % {"round": round},
            "subtitle": None,
            "opts": self.opts,
            "original": round,
            "round": round,
            "rates": rates,
            "waiting": waiting,
            "statuses": dict(Response.Status.choices),
            "csv_url": admin_url(self, "export_csv", round),
            "xlsx_url": admin_url(self, "export_xlsx", round),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/followup/followupround/response_rates.html", context
        )

    def export_view(self, request: HttpRequest, object_id: str, extension: str):
        round = self._round_for_responses(request, object_id)
        if extension == "xlsx":
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            body = export.as_xlsx(round)
        else:
            content_type = "text/csv; charset=utf-8"
            body = export.as_csv(round)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{export.filename(round, extension)}"'
        )
        return response

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path("<path:object_id>/oppna/", view(self.open_view), name=f"{name}_open"),
            path(
                "<path:object_id>/svarsfrekvens/",
                view(self.rates_view),
                name=f"{name}_rates",
            ),
            path(
                "<path:object_id>/svarsfrekvens/svar.csv",
                view(self.export_view),
                {"extension": "csv"},
                name=f"{name}_export_csv",
            ),
            path(
                "<path:object_id>/svarsfrekvens/svar.xlsx",
                view(self.export_view),
                {"extension": "xlsx"},
                name=f"{name}_export_xlsx",
            ),
        ]
        return own + super().get_urls()
