"""Meetings: attendance, minutes and their checking, the numbered decisions (§)."""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin, working_agreement
from common.admin_pages import admin_url, form_page
from steering import rules, services
from steering.models import ORDINARY_ROLES, Attendance, Decision, Meeting, Role, Seat

# ---- the meeting's form -------------------------------------------------------------------


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "agreement",
            "starts_at",
            "ends_at",
            "place",
            "online",
            "agenda",
            "minutes",
            "minutes_checked_by",
            "minutes_checked_on",
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A meeting must end after it starts."))
        checked_on = data.get("minutes_checked_on")
        if starts and checked_on and checked_on < timezone.localdate(starts):
            self.add_error(
                "minutes_checked_on", _("The minutes cannot be checked before the meeting.")
            )
        if self.instance.minutes_published_at is not None and "minutes_checked_on" in self.fields:
            if not checked_on:
                self.add_error(
                    "minutes_checked_on",
                    _("The minutes are published, so they stay checked: give the date."),
                )
            if "minutes_checked_by" in self.fields and not data.get("minutes_checked_by"):
                self.add_error(
                    "minutes_checked_by",
                    _("The minutes are published, so they stay checked: say who checked them."),
                )
        return data


# ---- attendance ---------------------------------------------------------------------------


class AttendanceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("seat")
        ]
        present = {form.cleaned_data["seat"].pk for form in rows}
        stood_in_for = Counter(
            form.cleaned_data["stands_in_for"].pk
            for form in rows
            if form.cleaned_data.get("stands_in_for")
        )
        for form in rows:
            seat, absent = form.cleaned_data["seat"], form.cleaned_data.get("stands_in_for")
            if absent is None:
                continue
            if seat.role != Role.DEPUTY:
                form.add_error("stands_in_for", _("Only a deputy stands in for an absent member."))
            elif absent.pk in present:
                form.add_error(
                    "stands_in_for",
                    _("%(name)s is present; nobody needs to stand in for them.")
                    % {"name": absent.person_name},
                )
            elif stood_in_for[absent.pk] > 1:
                form.add_error("stands_in_for", _("Only one deputy can stand in for a seat."))


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fk_name = "meeting"
    formset = AttendanceFormSet
    fields = ["seat", "stands_in_for"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        agreement = obj.agreement if obj is not None else working_agreement(request)
        seats = Seat.objects.for_agreement(agreement).order_by("role", "person_name", "pk")
        fields = formset.form.base_fields
        if "seat" in fields:
            fields["seat"].queryset = seats
            fields["seat"].error_messages["invalid_choice"] = _(
                "Choose a seat of this meeting's agreement."
            )
        if "stands_in_for" in fields:
            fields["stands_in_for"].queryset = seats.filter(role__in=ORDINARY_ROLES)
            fields["stands_in_for"].error_messages["invalid_choice"] = _(
                "Choose an ordinary seat of this meeting's agreement."
            )
        return formset


# ---- decisions ----------------------------------------------------------------------------


class DecisionFormSet(forms.BaseInlineFormSet):
    """A paragraph number once per meeting: a form error here, not a database error later."""

    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("number")
        ]
        numbers = Counter(form.cleaned_data["number"] for form in rows)
        if self.instance.pk:
            # Paragraphs of the meeting that are not on this page (recorded meanwhile).
            shown = [form.instance.pk for form in self.forms if form.instance.pk]
            numbers.update(
                Decision.objects.filter(meeting=self.instance)
                .exclude(pk__in=shown)
                .values_list("number", flat=True)
            )
        for form in rows:
            number = form.cleaned_data["number"]
            if numbers[number] > 1:
                form.add_error(
                    "number",
                    _("§ %(number)s is used more than once at this meeting.") % {"number": number},
                )


class DecisionInline(admin.TabularInline):
    model = Decision
    fk_name = "meeting"
    formset = DecisionFormSet
    fields = ["number", "kind", "text", "matter_link"]
    readonly_fields = ["matter_link"]
    extra = 0
    can_delete = False
    ordering = ["number"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # Only a held meeting whose minutes are not published takes or changes paragraphs.
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not obj.takes_decisions:
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.minutes_published_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")

    @admin.display(description=_("matter"))
    def matter_link(self, obj: Decision) -> str:
        return matter_link(obj)


def matter_link(decision: Decision) -> str:
    """A link to the admin page of what the decision was about, when it was about a record."""
    if not decision.content_type_id or not decision.object_id:
        return "–"
    content_type = decision.content_type
    try:
        url = admin_url_for(content_type.app_label, content_type.model, decision.object_id)
    except NoReverseMatch:  # a model without an admin page: no link
        return f"{content_type.name} #{decision.object_id}"
    return format_html('<a href="{}">{} #{}</a>', url, content_type.name, decision.object_id)


def admin_url_for(app_label: str, model: str, pk: int) -> str:
    return reverse(f"admin:{app_label}_{model}_change", args=[pk])


# ---- the admin ----------------------------------------------------------------------------


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin, admin.ModelAdmin):
    form = MeetingForm
    inlines = [AttendanceInline, DecisionInline]
    actions = ["publish_selected"]
    list_display = [
        "starts_at",
        "where_shown",
        "decision_count",
        "minutes_state",
    ]
    list_filter = ["agreement", "online"]
    date_hierarchy = "starts_at"
    search_fields = ["place", "agenda", "minutes"]
    fieldsets = [
        (None, {"fields": ["agreement", "starts_at", "ends_at", "place", "online", "agenda"]}),
        (
            _("Minutes"),
            {
                "fields": [
                    "minutes",
                    "minutes_checked_by",
                    "minutes_checked_on",
                    "minutes_published_at",
                ]
            },
        ),
        (_("Quorum and reports"), {"fields": ["quorate", "per_capsulam_to_report"]}),
    ]
    readonly_fields = ["minutes_published_at", "quorate", "per_capsulam_to_report"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_total=Count("decisions"))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # -- list columns

    @admin.display(description=_("place"))
    def where_shown(self, obj: Meeting) -> str:
        return obj.where or "–"

    @admin.display(description=_("decisions"), ordering="decision_total")
    def decision_count(self, obj: Meeting) -> int:
        return obj.decision_total

    @admin.display(description=_("minutes"))
    def minutes_state(self, obj: Meeting) -> str:
        if obj.minutes_published_at:
            return gettext("Published")
        if obj.minutes_checked_on and obj.minutes_checked_by:
            return gettext("Checked, not published")
        if obj.minutes.strip():
            return gettext("Not checked")
        return gettext("No minutes yet")

    # -- computed on the record page, never typed

    @admin.display(description=_("quorate?"))
    def quorate(self, obj: Meeting | None) -> str:
        if obj is None or obj.pk is None:
            return gettext("Computed from the attendance once the meeting is saved.")
        result = rules.quorum(obj)
        answer = gettext("Yes") if result.is_quorate else gettext("No")
        return f"{answer}. {result.explanation}"

    @admin.display(description=_("decisions between meetings to report"))
    def per_capsulam_to_report(self, obj: Meeting | None) -> str:
        if obj is None or obj.pk is None:
            return "–"
        decisions = list(services.per_capsulam_to_report(obj))
        if not decisions:
            return gettext("None since the previous meeting.")
        return format_html(
            '<ul class="per-capsulam-report">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}): {}</li>',
                (
                    (
                        admin_url_for("steering", "decision", decision.pk),
                        decision.paragraph,
                        formats.date_format(decision.decided_on, "j F Y"),
                        decision.text,
                    )
                    for decision in decisions
                ),
            ),
        )

    # -- saving the decisions through the service that numbers and audits them

    def save_formset(self, request, form, formset, change):
        if formset.model is not Decision:
            return super().save_formset(request, form, formset, change)
        meeting = form.instance
        decisions = formset.save(commit=False)
        for decision in decisions:
            if decision.pk is None:
                try:
                    services.record_decision(
                        kind=decision.kind,
                        text=decision.text,
                        meeting=meeting,
                        number=decision.number,
                        by=request.user,
                    )
                except services.SteeringError as error:
                    self.message_user(request, str(error), messages.ERROR)
            else:
                try:
                    services.amend_decision(decision, by=request.user)
                except services.SteeringError as error:
                    self.message_user(request, str(error), messages.ERROR)
        return None

    # -- publishing the minutes

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if (
            obj is not None
            and obj.minutes_published_at is None
            and self.has_change_permission(request, obj)
        ):
            extra_context["tool_links"] = [
                {"url": admin_url(self, "publish", obj), "label": _("Publish the minutes")}
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def publish_view(self, request: HttpRequest, object_id: str):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = admin_url(self, "change", obj)
        refusal = services.why_not_publishable(obj)
        if refusal:
            self.message_user(request, refusal, messages.WARNING)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            if services.publish_minutes(obj, by=request.user):
                self.log_change(request, obj, gettext("Published the minutes."))
                self.message_user(request, gettext("The minutes are now public."), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        return form_page(
            self,
            request,
            title=gettext("Publish the minutes of %(meeting)s") % {"meeting": obj},
            form=forms.Form(),
            submit_label=gettext("Publish"),
            cancel_url=change_url,
            explanation=[
                _(
                    "The minutes, the attendance and the decisions of the meeting are shown "
                    "on the public steering group pages from now on."
                )
            ],
            facts=[
                (_("minutes checked by (justerare)"), obj.minutes_checked_by),
                (
                    _("minutes checked on"),
                    formats.date_format(obj.minutes_checked_on, "j F Y"),
                ),
            ],
            original=obj,
        )

    @admin.action(
        description=_("Publish the minutes of the selected meetings"), permissions=["change"]
    )
    def publish_selected(self, request, queryset):
        published = 0
        for meeting in queryset:
            refusal = services.why_not_publishable(meeting)
            if refusal:
                self.message_user(
                    request,
                    gettext("%(record)s: %(error)s") % {"record": meeting, "error": refusal},
                    messages.WARNING,
                )
            elif services.publish_minutes(meeting, by=request.user):
                self.log_change(request, meeting, gettext("Published the minutes."))
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "The minutes of %(count)d meeting were published.",
                    "The minutes of %(count)d meetings were published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="steering_meeting_publish",
            )
        ]
        return own + super().get_urls()
