"""The filters of the public action plan, shared by the page and the open data.

The GET parameter names (`ar`, `omrade`, `aktivitetsomrade`, `status`, `part`) are part of
the public URL contract, as the register's are: links to filtered views and the open-data
downloads use them. An unknown value is a form error (a 400), never a 500.
"""

import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from actionplan.models import ActionPlan, Activity, ActivityArea, AnnualPlan, DevelopmentArea
from actionplan.models import Status as ActivityStatus
from parties.models import Organisation


class ActivityFilter(django_filters.FilterSet):
    ar = django_filters.ChoiceFilter(
        field_name="annual_plan__year",
        label=_("Year"),
        # The years of the plan's annual plans; set per instance in __init__.
        choices=[],
        empty_label=_("The current annual plan"),
    )
    omrade = django_filters.ModelChoiceFilter(
        field_name="objective__area",
        label=_("Development area"),
        # Set per instance in __init__. Not the scoped manager: this module may first be
        # imported inside a request's guard (the URL conf loads on the first request).
        queryset=DevelopmentArea._base_manager.none(),
        empty_label=_("All development areas"),
    )
    aktivitetsomrade = django_filters.ModelChoiceFilter(
        field_name="area",
        label=_("Activity area"),
        queryset=ActivityArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All activity areas"),
    )
    status = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Status"),
        choices=ActivityStatus.choices,
        empty_label=_("All statuses"),
    )
    part = django_filters.ModelChoiceFilter(
        field_name="responsible",
        label=_("Responsible party"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label=_("All parties"),
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        *,
        plan: ActionPlan,
        annual_plans: list[AnnualPlan],
        default: AnnualPlan | None,
        **kwargs,
    ):
        super().__init__(data, queryset=Activity.objects.filter(annual_plan__plan=plan), **kwargs)
        self.default = default
        self.filters["ar"].extra["choices"] = [
            (str(annual_plan.year), str(annual_plan.year)) for annual_plan in annual_plans
        ]
        self.filters["omrade"].queryset = DevelopmentArea.objects.filter(plan=plan)
        # Only the parties that take part in the plan: the register may hold thousands,
        # and a withdrawn party's activities stay part of the plan's history.
        self.filters["part"].queryset = (
            Organisation.objects.filter(
                activities__annual_plan__plan=plan,
                memberships__agreement=plan.agreement_id,
                memberships__status__in=["active", "withdrawn"],
            )
            .distinct()
            .order_by("name")
            .only("pk", "name", "slug")
        )

    @property
    def year(self) -> int | None:
        """The year shown: the one asked for, else the default annual plan's."""
        asked = self.form.cleaned_data.get("ar") if self.is_bound and self.is_valid() else None
        if asked:
            return int(asked)
        return self.default.year if self.default else None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ar"):
            # One year at a time: without `ar`, the year the plan is in now.
            if self.default is None:
                return queryset.none()
            queryset = queryset.filter(annual_plan=self.default)
        return queryset

    @property
    def query(self) -> QueryDict:
        """The filter parameters in use, without pagination or unknown keys, for links."""
        params = QueryDict(mutable=True)
        if self.data:
            for name in self.filters:
                value = (self.data.get(name) or "").strip()
                if value:
                    params[name] = value
        return params
