"""Chapter: the follow-up. The response rate, every principle's answers on the scale by
sector, the yes/no and number questions, and the comments grouped by question.

Figures come from aggregate queries (a count per question, sector and value), never from
the answers one by one: a round of two thousand parties holds some thirty thousand answers.
Only submitted responses count. Comments and text answers are loaded as bare strings and
shown without the party or the person who wrote them.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Sector
from followup.models import Answer, FollowUpRound, Question, QuestionKind, Response
from followup.models.round import SCALE_MAX, SCALE_MIN
from followup.report.chapter import Chapter, Sheet
from followup.report.charts import stacked_bar_chart
from followup.response_rate import ResponseRates, response_rates

CHART_LABEL_CHARS = 26  # what fits left of the bars; the table beside has the whole label
SCALE = range(SCALE_MIN, SCALE_MAX + 1)


@dataclass
class Distribution:
    """One sector's answers to one scale question."""

    sector: str
    label: str
    counts: dict[int, int] = field(default_factory=dict)  # 1..5 -> answers
    cannot_judge: int = 0

    @property
    def on_scale(self) -> int:
        return sum(self.counts.values())

    @property
    def answers(self) -> int:
        return self.on_scale + self.cannot_judge

    @property
    def average(self) -> float | None:
        """The mean of the 1–5 answers; “cannot judge” is not a value and is left out."""
        if not self.on_scale:
            return None
        return sum(value * count for value, count in self.counts.items()) / self.on_scale

    def column(self) -> list[int]:
        return [self.counts.get(value, 0) for value in SCALE] + [self.cannot_judge]


@dataclass
class ScaleFigure:
    question: Question
    heading: str
    categories: list[str]  # "1 – low label", "2", …, "5 – high label", "Cannot judge"
    sectors: list[Distribution]
    total: Distribution  # every sector together
    chart: SafeString | str = ""

    @property
    def columns(self) -> list[str]:
        """The table's value columns: 1 … 5 and “cannot judge”; the labels of 1 and 5
        are said in the caption, where there is room for them."""
        return [str(value) for value in SCALE] + [self.categories[-1]]

    @property
    def distributions(self) -> list[Distribution]:
        return [*self.sectors, self.total]


@dataclass
class YesNoRow:
    label: str
    yes: int = 0
    no: int = 0
    unanswered: int = 0


@dataclass
class NumberRow:
    label: str
    values: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None


@dataclass
class Summary:
    question: Question
    rows: list  # YesNoRow or NumberRow, one per sector asked, then all parties


@dataclass
class Comments:
    question: Question
    texts: list[tuple[str, int]]  # (text, how many gave exactly this text)


def _round(agreement, year: int) -> FollowUpRound | None:
    return FollowUpRound.objects.filter(agreement=agreement, year=year).first()


def _sector_labels() -> dict[str, str]:
    return {code: str(label) for code, label in Sector.choices}


def _sectors(version, seen: set[str]) -> list[str]:
    """The version's sectors in their usual order, and any other a response came from."""
    signing = set(version.signing_sectors or []) | seen
    return [code for code in Sector.values if code in signing]


def _asked(question: Question, sectors: list[str]) -> list[str]:
    return [code for code in sectors if question.asked_of(code)]


def _categories(question: Question) -> list[str]:
    labels = [str(value) for value in SCALE]
    if question.low_label:
        labels[0] = f"{SCALE_MIN} – {question.low_label}"
    if question.high_label:
        labels[-1] = f"{SCALE_MAX} – {question.high_label}"
    return [*labels, _("Cannot judge")]


def _format_average(value: float | None) -> str:
    # The template's filter, so that the chart's title and the table round alike.
    return "–" if value is None else floatformat(value, 1)


def _chart(figure: ScaleFigure) -> SafeString:
    averages = "; ".join(
        _("%(sector)s %(average)s (%(count)s answers)")
        % {
            "sector": one.label.lower(),
            "average": _format_average(one.average),
            "count": one.answers,
        }
        for one in figure.sectors
    )
    title = _(
        "%(subject)s: the number of answers from 1 to 5 and “cannot judge”, by sector. "
        "Average, “cannot judge” left out: %(averages)s."
    ) % {"subject": figure.heading, "averages": averages}
    categories = [Truncator(label).chars(CHART_LABEL_CHARS) for label in figure.categories]
    return stacked_bar_chart(
        title, categories, [(one.label, one.column()) for one in figure.sectors]
    )


def _submitted_answers(round: FollowUpRound):
    return Answer.objects.filter(
        response__round=round, response__status=Response.Status.SUBMITTED
    ).order_by()


def _scale_figures(round, questions, sectors, labels) -> list[ScaleFigure]:
    counts = (
        _submitted_answers(round)
        .filter(question__kind=QuestionKind.SCALE)
        .values("question_id", "response__organisation__sector", "scale", "cannot_judge")
        .annotate(n=Count("pk"))
    )
    found: dict[tuple[int, str], Distribution] = {}
    for row in counts:
        key = (row["question_id"], row["response__organisation__sector"])
        one = found.setdefault(key, Distribution(key[1], labels.get(key[1], key[1])))
        if row["cannot_judge"]:
            one.cannot_judge += row["n"]
        elif row["scale"] is not None:
            one.counts[row["scale"]] = one.counts.get(row["scale"], 0) + row["n"]
    figures = []
    for question in questions:
        if question.kind != QuestionKind.SCALE:
            continue
        by_sector = [
            found.get((question.pk, code)) or Distribution(code, labels.get(code, code))
            for code in _asked(question, sectors)
        ]
        total = Distribution("", _("All parties"), cannot_judge=0)
        for one in by_sector:
            total.cannot_judge += one.cannot_judge
            for value, count in one.counts.items():
                total.counts[value] = total.counts.get(value, 0) + count
        figure = ScaleFigure(
            question=question,
            heading=question.principle.name if question.principle_id else question.text,
            categories=_categories(question),
            sectors=by_sector,
            total=total,
        )
        figure.chart = _chart(figure)
        figures.append(figure)
    return figures


def _yes_no(round, questions, sectors, labels, submitted: dict[str, int]) -> list[Summary]:
    counts = (
        _submitted_answers(round)
        .filter(question__kind=QuestionKind.YES_NO)
        .values("question_id", "response__organisation__sector")
        .annotate(yes=Count("pk", filter=Q(yes_no=True)), no=Count("pk", filter=Q(yes_no=False)))
    )
    found = {(row["question_id"], row["response__organisation__sector"]): row for row in counts}
    summaries = []
    for question in questions:
        if question.kind != QuestionKind.YES_NO:
            continue
        rows = []
        for code in _asked(question, sectors):
            row = found.get((question.pk, code), {"yes": 0, "no": 0})
            # Unanswered: a submitted response of the sector without a yes or a no, also
            # one that holds no answer row to the question at all.
            unanswered = max(submitted.get(code, 0) - row["yes"] - row["no"], 0)
            rows.append(YesNoRow(labels.get(code, code), row["yes"], row["no"], unanswered))
        rows.append(
            YesNoRow(
                _("All parties"),
                sum(r.yes for r in rows),
                sum(r.no for r in rows),
                sum(r.unanswered for r in rows),
            )
        )
        summaries.append(Summary(question, rows))
    return summaries


def _numbers(round, questions, sectors, labels) -> list[Summary]:
    # The median needs the values; they are small integers, one per party at most.
    values = defaultdict(list)
    for question_id, sector, number in (
        _submitted_answers(round)
        .filter(question__kind=QuestionKind.NUMBER, number__isnull=False)
        .values_list("question_id", "response__organisation__sector", "number")
    ):
        values[(question_id, sector)].append(number)
    summaries = []
    for question in questions:
        if question.kind != QuestionKind.NUMBER:
            continue
        rows = [
            NumberRow(labels.get(code, code), values.get((question.pk, code), []))
            for code in _asked(question, sectors)
        ]
        rows.append(NumberRow(_("All parties"), [v for row in rows for v in row.values]))
        summaries.append(Summary(question, rows))
    return summaries


def _comments(round, questions) -> list[Comments]:
    """Texts and comments per question, identical ones once with their count. Only the
    strings are loaded: never the party, never the person."""
    texts: dict[int, Counter] = defaultdict(Counter)
    for question_id, text, comment in (
        _submitted_answers(round)
        .exclude(text="", comment="")
        .order_by("question_id", "pk")
        .values_list("question_id", "text", "comment")
    ):
        for one in (text, comment):
            if one.strip():
                texts[question_id][one.strip()] += 1
    return [
        Comments(question, list(texts[question.pk].items()))
        for question in questions
        if texts.get(question.pk)
    ]


def collect(agreement, year: int, today: datetime.date | None = None) -> dict:
    round = _round(agreement, year)
    if round is None:
        return {"round": None}
    labels = _sector_labels()
    rates: ResponseRates = response_rates(round)
    submitted = dict(
        round.responses.submitted()
        .order_by()
        .values_list("organisation__sector")
        .annotate(n=Count("pk"))
    )
    version = agreement.rules_on(round.opens)
    sectors = _sectors(version, set(submitted))
    questions = list(round.questions.select_related("principle"))
    asked = {question.principle_id for question in questions if question.principle_id}
    scale = _scale_figures(round, questions, sectors, labels)
    others = [figure for figure in scale if not figure.question.principle_id]
    groups = [
        {
            "title": _("The principles"),
            "principles": True,
            "figures": [figure for figure in scale if figure.question.principle_id],
        }
    ]
    if others:
        groups.append({"title": _("Other questions on a scale"), "figures": others})
    return {
        "round": round,
        "rates": rates,
        "scale_groups": groups,
        "not_asked": [p.name for p in version.principles.all() if p.pk not in asked],
        "yes_no": _yes_no(round, questions, sectors, labels, submitted),
        "numbers": _numbers(round, questions, sectors, labels),
        "comments": _comments(round, questions),
    }


def _number(value: float | None, digits: int = 2):
    return None if value is None else round(value, digits)


def sheets(context: dict) -> list[Sheet]:
    if not context.get("round"):
        return []
    rates: ResponseRates = context["rates"]
    found = [
        Sheet(
            _("Response rate"),
            [_("Parties"), _("Asked"), _("Submitted"), _("Drafts"), _("Response rate (%)")],
            [
                [rate.label, rate.invited, rate.submitted, rate.drafts, rate.percent]
                for rate in [*rates.by_sector, rates.overall]
            ],
        )
    ]
    for figure in [one for group in context["scale_groups"] for one in group["figures"]]:
        found.append(
            Sheet(
                figure.heading,
                [_("Parties"), *figure.categories, _("Answers"), _("Average (1–5)")],
                [
                    [one.label, *one.column(), one.answers, _number(one.average)]
                    for one in figure.distributions
                ],
            )
        )
    if context["yes_no"]:
        found.append(
            Sheet(
                _("Yes or no questions"),
                [_("Question"), _("Parties"), _("Yes"), _("No"), _("Not answered")],
                [
                    [summary.question.text, row.label, row.yes, row.no, row.unanswered]
                    for summary in context["yes_no"]
                    for row in summary.rows
                ],
            )
        )
    if context["numbers"]:
        found.append(
            Sheet(
                _("Number questions"),
                [_("Question"), _("Parties"), _("Answers"), _("Sum"), _("Mean"), _("Median")],
                [
                    [
                        summary.question.text,
                        row.label,
                        row.count,
                        row.total,
                        _number(row.mean),
                        _number(row.median),
                    ]
                    for summary in context["numbers"]
                    for row in summary.rows
                ],
            )
        )
    return found


CHAPTER = Chapter(
    "survey", gettext_lazy("The follow-up"), "followup/report/survey.html", collect, sheets
)
