"""Chapter 1, the year in figures, and the appendix: every party on the year's last day
(or on the day the report is made, while the year is running: `as_of`).

A party counts on a day when it had joined by then and had not withdrawn by then:
`joined_on` on or before the day, `withdrawn_on` empty or later, and its status active or
withdrawn (a withdrawn party was a party until it left). Both chapters read the
parties in one query whatever their number and count in Python.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from agreements.models import Sector
from followup.report.chapter import Chapter, Sheet, as_of
from followup.report.charts import Series, bar_chart
from parties.models import LegalForm, Municipality, Organisation

COUNTED_STATUSES = ("active", "withdrawn")

NEW_LISTED_MAX = 100


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def counted(agreement):
    """The organisations that are or were parties to `agreement`, each with its membership's
    `joined_on` and `withdrawn_on`."""
    return Organisation.objects.in_agreement(agreement, COUNTED_STATUSES)


def parties_on(day: datetime.date, agreement):
    """The organisations that were parties to `agreement` on `day`."""
    return counted(agreement).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        joined_on__lte=day,
    )


def _is_party_on(row: dict, day: datetime.date) -> bool:
    return row["joined_on"] <= day and (row["withdrawn_on"] is None or row["withdrawn_on"] > day)


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class MunicipalityCounts:
    name: str
    by_sector: list[int]  # in the order of the chapter's `sectors`
    total: int


def _sectors(version, counts: dict[str, int]) -> list[tuple[str, str]]:
    """The sectors that may sign and any other that has parties, as (code, label)."""
    shown = set(version.signing_sectors or []) | {code for code, n in counts.items() if n}
    shown = shown or {Sector.CIVIL_SOCIETY, Sector.PUBLIC}
    return [(code, str(label)) for code, label in Sector.choices if code in shown]


def collect_figures(agreement, year: int, today: datetime.date | None = None) -> dict:
    end = as_of(year, today)
    first_year = min(agreement.period[0].year, year) if agreement.period else year
    rows = list(
        counted(agreement)
        .filter(joined_on__isnull=False, joined_on__lte=end)
        .order_by("joined_on", "name", "pk")
        .values("name", "sector", "municipality_id", "joined_on", "withdrawn_on")
    )
    municipalities = list(Municipality.objects.all())

    current = [row for row in rows if _is_party_on(row, end)]
    sector_counts = {code: 0 for code, _label in Sector.choices}
    for row in current:
        sector_counts[row["sector"]] = sector_counts.get(row["sector"], 0) + 1
    sectors = _sectors(agreement.rules_on(end), sector_counts)

    by_municipality: dict[int, dict[str, int]] = {}
    for row in current:
        counts = by_municipality.setdefault(row["municipality_id"], {})
        counts[row["sector"]] = counts.get(row["sector"], 0) + 1
    per_municipality = []
    for municipality in municipalities:
        counts = by_municipality.get(municipality.pk, {})
        per_municipality.append(
            MunicipalityCounts(
                name=municipality.name,
                by_sector=[counts.get(code, 0) for code, _label in sectors],
                total=sum(counts.values()),
            )
        )

    new = [row for row in rows if row["joined_on"].year == year]
    withdrawals = [
        row for row in rows if row["withdrawn_on"] is not None and row["withdrawn_on"].year == year
    ]
    sector_labels = dict(Sector.choices)
    years = list(range(first_year, year + 1))
    over_time = [
        Count(str(one), sum(1 for row in rows if _is_party_on(row, min(year_end(one), end))))
        for one in years
    ]
    total = len(current)
    chart = None
    # One year alone is a sentence, not a chart with a single bar.
    if len(over_time) > 1 and any(point.count for point in over_time):
        chart = bar_chart(
            _(
                "Number of parties at the end of each year, %(first)s–%(last)s: "
                "%(start)s at the end of %(first)s and %(total)s at the end of %(last)s."
            )
            % {
                "first": years[0],
                "last": years[-1],
                "start": over_time[0].count,
                "total": total,
            },
            [point.label for point in over_time],
            [Series(_("Parties"), [point.count for point in over_time])],
        )
    return {
        "as_of": end,
        "year_over": end == year_end(year),
        "total": total,
        "sectors": [label for _code, label in sectors],
        "per_sector": [Count(label, sector_counts.get(code, 0)) for code, label in sectors],
        "per_municipality": per_municipality,
        "sector_totals": [sector_counts.get(code, 0) for code, _label in sectors],
        "new_parties": [
            {
                "name": row["name"],
                "sector": str(sector_labels.get(row["sector"], row["sector"])),
                "joined_on": row["joined_on"],
            }
            for row in new
        ],
        "new_count": len(new),
        # The PDF names the first of a year with very many new parties and points to the
        # appendix for the rest: a list of thousands would double the report's length.
        "new_listed": NEW_LISTED_MAX,
        "new_unlisted": max(0, len(new) - NEW_LISTED_MAX),
        "withdrawn_count": len(withdrawals),
        "over_time": over_time,
        "chart": chart,
    }


def figure_sheets(context: dict) -> list[Sheet]:
    if not context:
        return []
    sectors = context["sectors"]
    return [
        Sheet(
            _("Parties per sector"),
            [_("Sector"), _("Parties")],
            [[row.label, row.count] for row in context["per_sector"]],
        ),
        Sheet(
            _("Parties per municipality"),
            [_("Municipality"), *sectors, _("Total")],
            [[row.name, *row.by_sector, row.total] for row in context["per_municipality"]],
        ),
        Sheet(
            _("New parties and withdrawals"),
            [_("Figure"), pgettext("a count", "Number")],
            [
                [_("New parties"), context["new_count"]],
                [_("Withdrawals"), context["withdrawn_count"]],
            ],
        ),
        Sheet(
            _("New parties"),
            [_("Party"), _("Sector"), _("Joined on")],
            [[row["name"], row["sector"], row["joined_on"]] for row in context["new_parties"]],
        ),
        Sheet(
            _("Parties over time"),
            [_("Year"), _("Parties at the end of the year")],
            [[int(point.label), point.count] for point in context["over_time"]],
        ),
    ]


# ---- the appendix --------------------------------------------------------------------------


@dataclass
class Group:
    label: str
    parties: list

    @property
    def count(self) -> int:
        return len(self.parties)


@dataclass
class SectorGroup:
    label: str
    municipalities: list[Group]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.municipalities)


def collect_appendix(agreement, year: int, today: datetime.date | None = None) -> dict:
    end = as_of(year, today)
    parties = (
        parties_on(end, agreement)
        .select_related("municipality")
        .only("name", "sector", "legal_form", "municipality__name")
        .order_by(
            "sector",
            "municipality__is_whole_county",
            "municipality__order",
            "municipality__name",
            "name",
            "pk",
        )
    )
    legal_forms = dict(LegalForm.choices)
    grouped: dict[str, dict[str, list]] = {}
    for party in parties:
        row = (party.name, legal_forms.get(party.legal_form, party.legal_form), party.joined_on)
        grouped.setdefault(party.sector, {}).setdefault(party.municipality.name, []).append(row)
    sectors = [
        SectorGroup(
            str(label),
            [Group(name, rows) for name, rows in grouped[code].items()],
        )
        for code, label in Sector.choices
        if code in grouped
    ]
    return {
        "as_of": end,
        "sectors": sectors,
        "total": sum(sector.count for sector in sectors),
    }


def appendix_sheets(context: dict) -> list[Sheet]:
    if not context:
        return []
    return [
        Sheet(
            # "Parter den 7 december 2026": the day the list holds on, in a sheet's name.
            _("Parties on %(day)s") % {"day": formats.date_format(context["as_of"], "j F Y")},
            [_("Sector"), _("Municipality"), _("Party"), _("Legal form"), _("Joined on")],
            [
                [sector.label, group.label, name, str(form), joined]
                for sector in context["sectors"]
                for group in sector.municipalities
                for name, form, joined in group.parties
            ],
        )
    ]


FIGURES = Chapter(
    "figures",
    gettext_lazy("The year in figures"),
    "followup/report/figures.html",
    collect_figures,
    figure_sheets,
)
APPENDIX = Chapter(
    "appendix",
    gettext_lazy("Appendix: the parties"),
    "followup/report/appendix.html",
    collect_appendix,
    appendix_sheets,
)
