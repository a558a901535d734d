"""The filters of the public register, shared by the page, the open data and the feed.

The GET parameter names (`q`, `sektor`, `kommun`, `typ`, `omrade`, `ar`) are part of the
public URL contract (DESIGN.md): links to filtered views and open-data downloads use them.
"""

import django_filters
from django import forms
from django.db.models import Max, Min
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from agreements.models import Sector
from parties.models import ActivityArea, LegalForm, Membership, Municipality, Organisation


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="name",
        lookup_expr="icontains",
        label=_("Name contains"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sektor = django_filters.ChoiceFilter(
        field_name="sector",
        label=_("Sector"),
        choices=Sector.choices,
        empty_label=_("All sectors"),
    )
    kommun = django_filters.ModelChoiceFilter(
        field_name="municipality",
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    typ = django_filters.ChoiceFilter(
        field_name="legal_form",
        label=_("Type of organisation"),
        choices=LegalForm.choices,
        empty_label=_("All types"),
    )
    omrade = django_filters.ModelChoiceFilter(
        field_name="areas",
        label=_("Area of activity"),
        queryset=ActivityArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All areas"),
    )
    ar = django_filters.ChoiceFilter(
        field_name="joined_on",
        lookup_expr="year",
        label=_("Year joined"),
        # Filled per instance with the years that have parties; see __init__.
        choices=[],
        empty_label=_("All years"),
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, agreement=None, **kwargs):
        if queryset is None:
            queryset = Organisation.objects.for_register(agreement)
        super().__init__(data, queryset=queryset, **kwargs)
        self.agreement = agreement
        # A callable, so that the years cost a query only when the form is validated with a
        # year or rendered, and none for an unfiltered download. A closure, not a bound
        # method: the form deep-copies its fields, and a copied method would lose the cache.
        years: list[tuple[int, str]] = []
        loaded = False

        def year_choices() -> list[tuple[int, str]]:
            nonlocal loaded
            if not loaded:
                years.extend((year, str(year)) for year in _years_joined(agreement))
                loaded = True
            return years

        self.filters["ar"].extra["choices"] = year_choices

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


def _years_joined(agreement) -> list[int]:
    """From the latest year a party joined back to the first, newest first.

    The span rather than only the years that have parties: MIN and MAX are one cheap
    scan, where listing distinct years calls a date function on every row (17 ms for
    10,000 parties on SQLite, more than the rest of the page).
    """
    span = (
        Membership.objects.active()
        .filter(agreement=agreement)
        .aggregate(first=Min("joined_on"), last=Max("joined_on"))
    )
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def register_filter(data: QueryDict, agreement) -> RegisterFilter:
    """The register of `agreement`'s filter set, unbound when no parameter is given."""
    return RegisterFilter(data or None, agreement=agreement)
