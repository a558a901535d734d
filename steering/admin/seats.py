"""Seats in the steering group: kept by the process leader, ended early, never deleted."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin, working_agreement
from common.admin_pages import admin_url, form_page
from parties.models import Organisation
from steering import rules, services
from steering.admin.access import give_seat_holder_role
from steering.models import Role, Seat

# ---- the list -----------------------------------------------------------------------------


class HeldFilter(admin.SimpleListFilter):
    title = _("held")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Now")),
            ("earlier", _("Earlier")),
            ("coming", _("Not yet begun")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "earlier":
            return queryset.earlier()
        if self.value() == "coming":
            return queryset.filter(mandate_start__gt=timezone.localdate())
        return queryset


# ---- the form -----------------------------------------------------------------------------


class SeatForm(forms.ModelForm):
    """Says next to each field what is wrong; the composition rules only warn (see save)."""

    class Meta:
        model = Seat
        fields = [
            "agreement",
            "role",
            "organisation",
            "affiliation",
            "deputy_for",
            "person_name",
            "title",
            "user",
            "email",
            "phone",
            "mandate_start",
            "mandate_end",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if "organisation" in self.fields:
            # Only an active party takes a seat; a seat that already represents a party
            # which has since left keeps it, for the record.
            allowed = Q(memberships__status="active")
            if instance.agreement_id:
                allowed &= Q(memberships__agreement_id=instance.agreement_id)
            if instance.organisation_id:
                allowed |= Q(pk=instance.organisation_id)
            field = self.fields["organisation"]
            field.queryset = (
                Organisation.objects.filter(allowed).distinct().order_by("sector", "name")
            )
            field.error_messages["invalid_choice"] = _(
                "Choose a party to the agreement: only an active party can hold a seat."
            )
        if "deputy_for" in self.fields:
            field = self.fields["deputy_for"]
            ordinary = Seat.objects.ordinary()
            if instance.pk:
                ordinary = ordinary.exclude(pk=instance.pk)
            field.queryset = ordinary.order_by("person_name", "pk")
            field.error_messages["invalid_choice"] = _(
                "Choose an ordinary seat (chair, vice chair or member) for the deputy."
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("mandate_start"), data.get("mandate_end")
        if start and end and end < start:
            self.add_error("mandate_end", _("The mandate cannot end before it starts."))
        ended_on = self.instance.ended_on
        if start and ended_on and start > ended_on:
            self.add_error(
                "mandate_start",
                _("The seat ended early on %(date)s; its mandate cannot start after that.")
                % {"date": ended_on.isoformat()},
            )
        role, agreement = data.get("role"), data.get("agreement")
        deputy_for = data.get("deputy_for")
        if deputy_for is not None:
            if role and role != Role.DEPUTY:
                self.add_error(
                    "deputy_for",
                    _(
                        "Only a deputy stands in for another seat: leave this empty or "
                        "choose the role deputy."
                    ),
                )
            elif agreement is not None and deputy_for.agreement_id != agreement.pk:
                self.add_error(
                    "deputy_for",
                    _("The deputy must stand in for a seat under the same agreement."),
                )
        elif (
            role == Role.DEPUTY and "deputy_for" in self.fields and "deputy_for" not in self.errors
        ):
            self.add_error("deputy_for", _("Choose the ordinary seat this deputy stands in for."))
        if (
            role
            and role != Role.CO_OPTED
            and "organisation" in self.fields
            and data.get("organisation") is None
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", _("Every seat but a co-opted one represents a party."))
        return data


# ---- the admin ----------------------------------------------------------------------------


class EndSeatForm(forms.Form):
    on = forms.DateField(
        label=_("First day without the seat"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The seat is held until the day before."),
    )
    reason = forms.CharField(
        label=_("Why it ends early"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80, "class": "vLargeTextField"}),
        error_messages={"required": _("Say why the seat ends early; it is kept in the history.")},
    )

    def __init__(self, *args, seat: Seat, **kwargs):
        super().__init__(*args, **kwargs)
        self.seat = seat

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on < self.seat.mandate_start:
            raise forms.ValidationError(
                _("A seat cannot end before its mandate starts (%(start)s).")
                % {"start": self.seat.mandate_start.isoformat()}
            )
        return on


@admin.register(Seat)
class SeatAdmin(ScopedAdmin, admin.ModelAdmin):
    form = SeatForm
    change_list_template = "admin/steering/seat/change_list.html"
    list_display = [
        "person_name",
        "role",
        "represents_party",
        "sector",
        "mandate",
        "ended_on",
    ]
    list_filter = ["role", HeldFilter, "organisation__sector", "agreement"]
    list_select_related = ["organisation"]
    search_fields = ["person_name", "title", "organisation__name", "affiliation", "email"]
    ordering = ["agreement", "role", "person_name", "pk"]
    fieldsets = [
        (None, {"fields": ["agreement", "role", "organisation", "affiliation", "deputy_for"]}),
        (_("Person"), {"fields": ["person_name", "title", "user"]}),
        (
            _("Contact details (never public)"),
            {"fields": ["email", "phone"]},
        ),
        (_("Mandate"), {"fields": ["mandate_start", "mandate_end", "ended_on", "end_reason"]}),
    ]
    # An early end goes through `services.end_seat` (the "End the seat early" page).
    readonly_fields = ["ended_on", "end_reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "deputy_for")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_active=True).order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A seat is ended, never deleted: the group's history stays complete.
        return False

    # -- list columns

    @admin.display(description=_("represents"), ordering="organisation__name")
    def represents_party(self, obj: Seat) -> str:
        return obj.represents or "–"

    @admin.display(description=_("sector"), ordering="organisation__sector")
    def sector(self, obj: Seat) -> str:
        return obj.organisation.get_sector_display() if obj.organisation_id else "–"

    @admin.display(description=_("mandate"), ordering="mandate_start")
    def mandate(self, obj: Seat) -> str:
        start = formats.date_format(obj.mandate_start, "SHORT_DATE_FORMAT")
        if obj.mandate_end is None:
            return gettext("from %(start)s, until further notice") % {"start": start}
        end = formats.date_format(obj.mandate_end, "SHORT_DATE_FORMAT")
        return f"{start} – {end}"

    # -- the composition rules: shown above the list, warned about when saving

    def changelist_view(self, request, extra_context=None):
        agreement = working_agreement(request)
        extra_context = {
            **(extra_context or {}),
            "composition_agreement": agreement,
            "composition_day": timezone.localdate(),
            "composition_problems": rules.composition_problems(agreement)
            if agreement is not None
            else [],
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj: Seat, form, change) -> None:
        super().save_model(request, obj, form, change)
        give_seat_holder_role(obj)
        # Saving is allowed while the group is briefly out of balance; say which rule breaks.
        on = max(timezone.localdate(), obj.mandate_start)
        for problem in rules.composition_problems(obj.agreement, on=on):
            self.message_user(
                request,
                gettext("On %(date)s the steering group breaks a rule of the agreement: %(rule)s")
                % {"date": formats.date_format(on, "j F Y"), "rule": problem.message},
                messages.WARNING,
            )

    # -- ending a seat early

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.ended_on is None and self.has_change_permission(request, obj):
            extra_context["tool_links"] = [
                {"url": admin_url(self, "end", obj), "label": _("End the seat early")}
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def end_view(self, request: HttpRequest, object_id: str):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = admin_url(self, "change", obj)
        if obj.ended_on is not None:
            self.message_user(
                request,
                gettext("This seat already ended on %(date)s.")
                % {"date": formats.date_format(obj.ended_on, "j F Y")},
                messages.INFO,
            )
            return HttpResponseRedirect(change_url)
        posted = request.method == "POST"
        form = EndSeatForm(
            request.POST if posted else None,
            seat=obj,
            initial={"on": timezone.localdate() + datetime.timedelta(days=1)},
        )
        if posted and form.is_valid():
            try:
                services.end_seat(
                    obj,
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.SteeringError as error:
                form.add_error(None, str(error))
            else:
                self.log_change(request, obj, gettext("Ended the seat early."))
                self.message_user(
                    request,
                    gettext("The seat of %(name)s ends on %(date)s.")
                    % {
                        "name": obj.person_name,
                        "date": formats.date_format(form.cleaned_data["on"], "j F Y"),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return form_page(
            self,
            request,
            title=gettext("End the seat of %(name)s early") % {"name": obj.person_name},
            form=form,
            submit_label=gettext("End the seat"),
            cancel_url=change_url,
            explanation=[
                _(
                    "The seat stays in the steering group's history with the date and the "
                    "reason. It is not deleted."
                )
            ],
            facts=[
                (_("Role"), obj.get_role_display()),
                (_("Represents"), obj.represents or "–"),
                (_("Mandate"), self.mandate(obj)),
            ],
            original=obj,
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/end/",
                self.admin_site.admin_view(self.end_view),
                name="steering_seat_end",
            )
        ]
        # Before the defaults: their catch-all `<path:object_id>/` would take it.
        return own + super().get_urls()
