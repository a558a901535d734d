"""The spreadsheet round trip of a year's activities (django-import-export).

Export: one row per activity, formula cells neutralised as the register's CSV does.
Import: a row with an id updates that activity's status, progress and dates (nothing
else); a row without an id creates an activity in the year's annual plan of the current
agreement's action plan. Every change of status or progress goes through
`services.update_progress`, so it lands on the activity's timeline and in the audit trail.
The admin runs it as a dry run first (the preview) and saves nothing if any row is refused.
"""

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from actionplan import services, spreadsheet
from actionplan.models import Activity, ActivityArea, AnnualPlan, Objective, Status
from agreements.models import Agreement
from audit import trail
from common.cells import FORMULA_STARTS, defuse_formula
from parties.models import Organisation

COLUMNS = (
    "id",
    "year",
    "title",
    "objective",
    "area",
    "status",
    "progress",
    "starts_on",
    "ends_on",
    "lead_party",
)
# What a row with an id may change; the rest of an existing activity is kept as it is.
UPDATED = ("status", "progress", "starts_on", "ends_on")
CREATED = ("title", "objective", "area", "status", "progress", "starts_on", "ends_on", "lead_party")


# The library's own parse errors are in English only; these say what to write instead.
PARSE_ERRORS = {
    "progress": lambda: _("Progress is a number from 0 to 100."),
    "starts_on": lambda: _("Write the date as YYYY-MM-DD."),
    "ends_on": lambda: _("Write the date as YYYY-MM-DD."),
}


class ActivityCSV(spreadsheet.CSV):
    columns = COLUMNS


class ActivityXLSX(spreadsheet.XLSX):
    columns = COLUMNS


def is_formula(value) -> bool:
    """A text cell a spreadsheet would run (a negative number is not one)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    try:
        float(value.replace(",", "."))
    except ValueError:
        return True
    return False


def undo_defuse(value: str) -> str:
    """The export's "'=x" back to "=x": a text the person meant, not a formula."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class ObjectiveWidget(widgets.ForeignKeyWidget):
    """An objective of the agreement's current action plan, by id or by its exact title."""

    def __init__(self, **kwargs):
        super().__init__(Objective, "title", **kwargs)
        self.agreement = None  # set by the resource

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        objectives = Objective.objects.filter(area__plan=services.current_plan(self.agreement))
        text = str(value).strip()
        found = (
            objectives.filter(pk=int(text))
            if text.isascii() and text.isdigit()
            else objectives.none()
        ) or objectives.filter(title__iexact=text)
        found = list(found[:2])
        if len(found) != 1:
            raise ValueError(
                _("No objective of the current action plan has the id or title “%(value)s”.")
                % {"value": text}
                if not found
                else _("More than one objective is called “%(value)s”: give its id.")
                % {"value": text}
            )
        return found[0]


class SlugWidget(widgets.ForeignKeyWidget):
    def __init__(self, model, message: str, **kwargs):
        super().__init__(model, "slug", **kwargs)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.model.objects.get(slug=str(value).strip())
        except self.model.DoesNotExist:
            raise ValueError(self.message % {"value": value}) from None


def status_value(text) -> str | None:
    """The status a cell names: its code (done) or its name in the request's language."""
    if text in (None, ""):
        return None
    text = str(text).strip().lower()
    for value, label in Status.choices:
        if text in (value, str(label).lower()):
            return value
    return text


class ActivityResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget())
    year = fields.Field(attribute="annual_plan__year", column_name="year", readonly=True)
    title = fields.Field(attribute="title", column_name="title")
    objective = fields.Field(
        attribute="objective", column_name="objective", widget=ObjectiveWidget()
    )
    area = fields.Field(
        attribute="area",
        column_name="area",
        widget=SlugWidget(ActivityArea, gettext_lazy("No activity area has the slug “%(value)s”.")),
    )
    starts_on = fields.Field(
        attribute="starts_on", column_name="starts_on", widget=widgets.DateWidget("%Y-%m-%d")
    )
    ends_on = fields.Field(
        attribute="ends_on", column_name="ends_on", widget=widgets.DateWidget("%Y-%m-%d")
    )
    lead_party = fields.Field(
        attribute="lead_party",
        column_name="lead_party",
        widget=SlugWidget(Organisation, gettext_lazy("No party has the slug “%(value)s”.")),
    )

    class Meta:
        model = Activity
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["id"]
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, agreement: Agreement | None = None, **kwargs):
        super().__init__(**kwargs)
        self.agreement = agreement
        self.fields["objective"].widget.agreement = agreement

    def get_queryset(self):
        # An id of another agreement's activity is "no activity with id …".
        return Activity.objects.filter(annual_plan__plan__agreement=self.agreement)

    # ---- export ---------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return defuse_formula(value) if isinstance(value, str) else value

    # ---- import ---------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        key = row.get("id")
        if key in (None, ""):
            row["id"] = None
            return
        if not (str(key).strip().isascii() and str(key).strip().isdigit()):
            raise ValidationError(
                {"id": _("The id is a whole number, or empty for a new activity.")}
            )
        row["id"] = int(str(key).strip())

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and row.get("id") is not None:
            raise ValidationError(
                {"id": _("There is no activity with id %(id)s.") % {"id": row["id"]}}
            )

    def import_instance(self, instance, row, **kwargs):
        new = instance.pk is None
        instance._imported_from = (instance.status, instance.progress)
        errors = {}
        names = CREATED if new else UPDATED
        for field in self.get_import_fields():
            name = field.column_name
            if name not in names:
                continue
            value = row.get(name)
            if isinstance(value, str):
                value = value.strip()
                if is_formula(value):
                    errors[name] = _(
                        "The cell starts with =, +, - or @ and would be run as a formula: "
                        "write the value itself."
                    )
                    continue
                row[name] = undo_defuse(value)
            if name == "status":
                row[name] = status_value(row[name])
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[name] = PARSE_ERRORS[name]() if name in PARSE_ERRORS else force_str(error)
        if new:
            self._import_year(instance, row, errors)
            for name in ("title", "objective", "area"):
                if name not in errors and not row.get(name):
                    errors[name] = _("A new activity needs this.")
        self._check_status_and_progress(instance, row, new, errors)
        starts, ends = instance.starts_on, instance.ends_on
        if not errors.keys() & {"starts_on", "ends_on"} and starts and ends and ends < starts:
            errors["ends_on"] = _("An activity cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def _import_year(self, instance, row, errors) -> None:
        year = row.get("year")
        try:
            year = int(year)
        except (TypeError, ValueError):
            errors["year"] = _("A new activity needs the year of its annual plan.")
            return
        annual_plan = AnnualPlan.objects.filter(
            plan=services.current_plan(self.agreement), year=year
        ).first()
        if annual_plan is None:
            errors["year"] = _("The current action plan has no annual plan for %(year)s.") % {
                "year": year
            }
            return
        instance.annual_plan = annual_plan

    def _check_status_and_progress(self, instance, row, new, errors) -> None:
        if errors.keys() & {"status", "progress"}:
            return
        status = instance.status or (Status.PLANNED if new else instance._imported_from[0])
        progress = instance.progress
        if progress is None and not new and status == instance._imported_from[0]:
            progress = instance._imported_from[1]
        try:
            instance.status, instance.progress = status, services.check_values(status, progress)
        except services.PlanError as error:
            errors["status" if status not in Status.values else "progress"] = str(error)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({"annual_plan"} if "year" in errors else set())
        try:
            # The constraints are checked here already, each against its column.
            instance.full_clean(
                exclude=exclude, validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Dates saved directly; status and progress as a step on the timeline."""
        by = kwargs.get("user")
        status, progress = instance.status, instance.progress
        if is_create:
            before = (Status.PLANNED, 0)
            instance.status, instance.progress = before
            instance.save(force_insert=True)
            if instance.lead_party_id:
                instance.responsible.set([instance.lead_party_id])
            trail.record(
                instance,
                "",
                "created",
                actor=by,
                reason=_("Spreadsheet import %(file)s") % {"file": kwargs.get("file_name") or ""},
            )
        else:
            before = instance._imported_from
            instance.save(update_fields=["starts_on", "ends_on", "updated_at"])
        if (status, progress) != before:
            services.update_progress(
                instance,
                by=by,
                status=status,
                progress=progress,
                text=_("Updated by spreadsheet import."),
                check_permission=False,
            )
            instance.status, instance.progress = status, progress
