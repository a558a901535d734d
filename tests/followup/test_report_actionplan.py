"""The annual report's chapter on the action plan: progress per development area and
objective, and the activities done, postponed and cancelled in the year."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from actionplan.models import Status
from followup.report.chapters import actionplan
from tests.actionplan.plan_fixtures import add_activity, build_plan, bulk_activities

SV = "sv"


def collected(agreement, year: int) -> dict:
    with translation.override(SV):
        return actionplan.collect(agreement, year)


def chapter_html(agreement, year: int) -> str:
    with translation.override(SV):
        data = actionplan.collect(agreement, year)
        return render_to_string(
            actionplan.CHAPTER.template,
            {"agreement": agreement, "year": year, "data": data, "chapter": actionplan.CHAPTER},
        )


@pytest.fixture
def plan(agreement):
    return build_plan(agreement)


@pytest.fixture
def activities(plan, make_party):
    """Dialogue: an ongoing 50 % and a done activity in the first objective, a cancelled
    one in the second. Knowledge: a postponed 20 % of weight 3. Last year: one done."""
    forum, town = make_party("Forum Norr"), make_party("Norrby kommun", sector="public")
    first, second, third, _fourth = plan.objectives
    return {
        "ongoing": add_activity(plan.this_year, first, "Dialogforum", progress=50, lead=forum),
        "done": add_activity(
            plan.this_year, first, "Konferens", status=Status.DONE, progress=100, lead=town
        ),
        "cancelled": add_activity(
            plan.this_year, second, "Remissrutin", status=Status.CANCELLED, progress=30
        ),
        "postponed": add_activity(
            plan.this_year,
            third,
            "Kunskapsbank <2.0>",
            status=Status.POSTPONED,
            progress=20,
            weight=3,
            lead=forum,
        ),
        "last_year": add_activity(
            plan.last_year, first, "Förra årets konferens", status=Status.DONE, progress=100
        ),
    }


def test_it_adds_up_progress_per_area_and_objective_without_the_cancelled(plan, activities):
    data = collected(plan.plan.agreement, plan.this_year.year)
    dialogue, knowledge = data["areas"]

    assert (data["overall"].value, data["overall"].count) == (42, 3)  # (50+100+3·20)/5
    assert (dialogue.progress.value, dialogue.activities, dialogue.done) == (75, 3, 1)
    assert [o.progress.value for o in dialogue.objectives] == [75, None]
    assert knowledge.progress.value == 20
    assert [o.activities for o in knowledge.objectives] == [1, 0]


def test_it_lists_the_years_activities_done_postponed_and_cancelled(plan, activities):
    listed = {
        one.status: one.activities
        for one in collected(plan.plan.agreement, plan.this_year.year)["listed"]
    }

    assert listed[Status.DONE] == [
        {"title": "Konferens", "lead_party": "Norrby kommun", "area": "Dialog och delaktighet"}
    ]
    assert [a["title"] for a in listed[Status.POSTPONED]] == ["Kunskapsbank <2.0>"]
    assert listed[Status.CANCELLED] == [
        {"title": "Remissrutin", "lead_party": "", "area": "Dialog och delaktighet"}
    ]


def test_it_shows_progress_as_a_chart_and_a_table(plan, activities):
    html = chapter_html(plan.plan.agreement, plan.this_year.year)

    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Dialog och delaktighet 75 %" in title and "Kunskap och lärande 20 %" in title
    assert '<td class="number">75 %</td>' in html
    assert '<td class="number"><strong>75 %</strong></td>' in html
    assert '<td class="number">–</td>' in html  # the objective with nothing to rest on
    assert "Kunskapsbank &lt;2.0&gt;" in html
    assert "Förra årets konferens" not in html
    assert html.count("<th scope=") > 10 and html.count("<caption>") == 5


def test_it_says_so_when_the_year_has_no_annual_plan(plan, activities):
    year = plan.this_year.year + 3
    data = collected(plan.plan.agreement, year)
    html = chapter_html(plan.plan.agreement, year)

    assert data["annual_plan"] is None
    assert actionplan.sheets(data) == []
    with translation.override(SV):
        said = gettext("The action plan %(plan)s has no annual plan for %(year)s.") % {
            "plan": plan.plan,
            "year": year,
        }
    assert said in html
    assert "<table" not in html


def test_it_says_so_when_there_is_no_action_plan(agreement):
    html = chapter_html(agreement, 2026)

    with translation.override(SV):
        assert gettext("The agreement has no action plan yet.") in html


def test_it_gives_the_figures_as_sheets(plan, activities):
    with translation.override(SV):
        found = actionplan.sheets(actionplan.collect(plan.plan.agreement, plan.this_year.year))
        cancelled = gettext("Cancelled")
    by_title = {str(sheet.title): sheet for sheet in found}

    assert len(found) == 3 + 3
    areas = found[0]
    assert areas.rows == [
        ["Dialog och delaktighet", 3, 1, 75],
        ["Kunskap och lärande", 1, 0, 20],
    ]
    objectives = found[1]
    assert objectives.rows[1] == ["Dialog och delaktighet", "Tidig dialog i beslut", 1, 0, None]
    assert [cancelled, 1] in found[2].rows
    with translation.override(SV):
        done = by_title[gettext("Activities done")]
    assert done.rows == [["Konferens", "Norrby kommun", "Dialog och delaktighet"]]


@pytest.mark.parametrize("extra", [0, 200])
def test_it_collects_in_the_same_few_queries_however_many_activities(
    plan, activities, make_party, extra, django_assert_max_num_queries
):
    parties = [make_party(f"Part {index}") for index in range(3)]
    bulk_activities(plan, extra, parties)

    with django_assert_max_num_queries(6):
        data = collected(plan.plan.agreement, plan.this_year.year)
    assert data["total"] == 4 + extra


def test_it_says_a_single_areas_progress_in_words_instead_of_a_single_bar(plan, make_party):
    first = plan.objectives[0]
    add_activity(plan.this_year, first, "Dialogforum", progress=40)

    html = chapter_html(plan.plan.agreement, plan.this_year.year)

    assert "<svg" not in html  # one bar says nothing a sentence does not
    assert "var 40 %, räknat på 1 aktivitet." in html  # the sentence gives the figure
