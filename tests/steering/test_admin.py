"""The steering group's admin: seats under the agreement's rules, meetings and minutes,
decisions, questions put between meetings, and the start page's "What needs me"."""

import datetime

import pytest
from django.conf import settings
from django.contrib import messages
from django.utils import timezone

from agreements.revision import start_draft
from audit.models import AuditEntry
from parties.models import Application
from steering import services
from steering.models import Attendance, Decision, Meeting, PerCapsulamQuestion, Seat
from tests.conftest import _make_user

pytestmark = pytest.mark.django_db

SEATS = "/admin/steering/seat/"
MEETINGS = "/admin/steering/meeting/"
DECISIONS = "/admin/steering/decision/"
QUESTIONS = "/admin/steering/percapsulamquestion/"
PUT = f"{QUESTIONS}add/"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in response.wsgi_request._messages]


def held_meeting(agreement, *, days_ago: int = 30, checked: bool = False, **fields) -> Meeting:
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    if checked:
        fields.setdefault("minutes", "## Närvarande\n\nAlla.")
        fields.setdefault("minutes_checked_by", "Anna Ordförande")
        fields.setdefault("minutes_checked_on", timezone.localdate(starts))
    return Meeting.objects.create(
        agreement=agreement, starts_at=starts, place="Kommunhuset", **fields
    )


def seat_data(agreement, party, **changes) -> dict:
    """A complete, valid POST for the seat form; tests change one thing at a time."""
    return {
        "agreement": agreement.pk,
        "role": "member",
        "organisation": party.pk,
        "affiliation": "",
        "deputy_for": "",
        "person_name": "Eva Ny",
        "title": "Ledamot",
        "user": "",
        "email": "eva@forening.test",
        "phone": "070-000 00 00",
        "mandate_start": "2026-01-01",
        "mandate_end": "2027-12-31",
        **changes,
    }


def meeting_data(meeting, *, decisions=(), attendance=(), **changes) -> dict:
    """The meeting's change form as posted, with its existing rows and new ones."""
    local = timezone.localtime(meeting.starts_at)
    data = {
        "agreement": meeting.agreement_id,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "place": meeting.place,
        "online": "",
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "minutes_checked_by": meeting.minutes_checked_by,
        "minutes_checked_on": meeting.minutes_checked_on.isoformat()
        if meeting.minutes_checked_on
        else "",
        **changes,
    }
    for prefix, existing, new in (
        ("attendance", list(meeting.attendance.order_by("pk")), list(attendance)),
        ("decisions", list(meeting.decisions.order_by("number")), list(decisions)),
    ):
        rows = [
            (
                {
                    "id": row.pk,
                    "meeting": meeting.pk,
                    "seat": row.seat_id,
                    "stands_in_for": row.stands_in_for_id or "",
                }
                if prefix == "attendance"
                else {
                    "id": row.pk,
                    "meeting": meeting.pk,
                    "number": row.number,
                    "kind": row.kind,
                    "text": row.text,
                }
            )
            for row in existing
        ] + [{"id": "", "meeting": meeting.pk, **row} for row in new]
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": len(existing),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


# ---- who may open which page --------------------------------------------------------------


@pytest.fixture
def records(agreement, group, apply, voters, process_leader):
    """One of each record the steering admin shows."""
    meeting = held_meeting(agreement, checked=True)
    decision = services.record_decision(
        kind="other", text="Mötet öppnas.", meeting=meeting, by=process_leader
    )
    question = services.put_question(
        agreement,
        matter=apply("Föreningen Frågan"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=process_leader,
    )
    return {
        "seat": group["civil"],
        "meeting": meeting,
        "decision": decision,
        "question": question,
        "agreement": agreement,
    }


PAGES = [
    # (url, status for steering member, process leader, administrator)
    ("/admin/", 200, 200, 200),
    (SEATS, 200, 200, 200),
    (f"{SEATS}add/", 403, 200, 200),
    (f"{SEATS}{{seat}}/change/", 200, 200, 200),
    (f"{SEATS}{{seat}}/end/", 403, 200, 200),
    (MEETINGS, 200, 200, 200),
    (f"{MEETINGS}add/", 403, 200, 200),
    (f"{MEETINGS}{{meeting}}/change/", 200, 200, 200),
    (f"{MEETINGS}{{meeting}}/publish/", 403, 200, 200),
    (DECISIONS, 200, 200, 200),
    (f"{DECISIONS}add/", 403, 200, 200),
    (f"{DECISIONS}{{decision}}/change/", 200, 200, 200),
    (QUESTIONS, 200, 200, 200),
    (PUT, 403, 200, 200),
    (f"{QUESTIONS}{{question}}/change/", 200, 200, 200),
    ("/admin/agreements/agreement/{agreement}/change/", 200, 200, 200),
]


def url_of(template: str, records: dict) -> str:
    return template.format(**{key: record.pk for key, record in records.items()})


@pytest.mark.parametrize(("template", "member", "leader", "superuser"), PAGES)
def test_it_lets_in_only_who_may_see_each_page(
    template,
    member,
    leader,
    superuser,
    records,
    public,
    as_user,
    contact,
    steering_member,
    process_leader,
    admin_user,
):
    url = url_of(template, records)

    assert public.get(url).status_code == 302
    assert public.get(url)["Location"].startswith("/admin/login/")
    # A contact person has an account but no place in the admin.
    assert as_user(contact).get(url).status_code == 302
    assert as_user(steering_member).get(url).status_code == member
    assert as_user(process_leader).get(url).status_code == leader
    assert as_user(admin_user).get(url).status_code == superuser


def test_it_lets_the_chair_put_matters_but_not_an_ordinary_member(as_user, voters):
    assert as_user(voters["chair"]).get(PUT).status_code == 200
    assert as_user(voters["vice"]).get(PUT).status_code == 403
    assert as_user(voters["civil"]).get(PUT).status_code == 403


@pytest.mark.parametrize("model", ["seat", "meeting", "decision", "percapsulamquestion"])
def test_it_deletes_nothing_not_even_for_an_administrator(model, records, as_user, admin_user):
    record = records["question" if model == "percapsulamquestion" else model]
    client = as_user(admin_user)

    response = client.post(f"/admin/steering/{model}/{record.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
    listing = client.get(f"/admin/steering/{model}/").content.decode()
    assert "delete_selected" not in listing


def test_it_shows_the_agreements_steering_group_rules(as_user, process_leader, agreement):
    client = english(as_user(process_leader))
    # The rules are part of the text: edited in the next version's draft.
    version = start_draft(agreement, by=process_leader)
    html = client.get(f"/admin/agreements/version/{version.pk}/change/").content.decode()
    assert "Steering group rules" in html
    for name in ("steering_balanced", "quorum_percent", "per_capsulam_rule"):
        assert f'name="{name}"' in html


# ---- seats --------------------------------------------------------------------------------


def test_it_shows_the_composition_problems_above_the_seat_list(
    as_user, steering_member, group, make_party, make_seat
):
    make_seat(make_party("Föreningen Extra"), "member", person_name="Extra Civil")
    client = english(as_user(steering_member))

    html = client.get(SEATS).content.decode()

    assert "The ordinary seats are not balanced: civil society has 3" in html
    assert html.index('id="composition"') < html.index('id="result_list"')


def test_it_says_so_when_the_composition_has_no_problems(as_user, steering_member, group):
    html = english(as_user(steering_member)).get(SEATS).content.decode()
    assert "No problems: the steering group follows the rules" in html


def test_it_filters_seats_held_now_and_earlier(as_user, steering_member, group, make_seat):
    make_seat(
        group["civil_a"],
        "member",
        person_name="Gunnar Tidigare",
        mandate_start=datetime.date(2024, 1, 1),
        mandate_end=datetime.date(2025, 12, 31),
    )
    client = as_user(steering_member)

    now = client.get(SEATS, {"held": "current"}).content.decode()
    earlier = client.get(SEATS, {"held": "earlier"}).content.decode()

    assert "Anna Ordförande" in now and "Gunnar Tidigare" not in now
    assert "Gunnar Tidigare" in earlier and "Anna Ordförande" not in earlier


def test_it_saves_a_seat_that_unbalances_the_group_and_warns(
    as_user, process_leader, agreement, group, make_party
):
    client = english(as_user(process_leader))
    party = make_party("Föreningen Obalans")

    response = client.post(f"{SEATS}add/", seat_data(agreement, party))

    assert response.status_code == 302
    assert Seat.objects.filter(person_name="Eva Ny", organisation=party).exists()
    warnings = [text for level, text in messages_of(response) if level == messages.WARNING]
    assert len(warnings) == 1
    assert "The ordinary seats are not balanced: civil society has 3" in warnings[0]


def test_it_saves_a_seat_without_warning_when_the_rules_hold(
    as_user, process_leader, agreement, group, make_party
):
    client = as_user(process_leader)
    data = seat_data(agreement, group["civil_a"], role="co_opted", organisation="")
    data["affiliation"] = "Universitetet"

    response = client.post(f"{SEATS}add/", data)

    assert response.status_code == 302
    assert not [m for m in messages_of(response) if m[0] == messages.WARNING]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"mandate_start": "2026-06-01", "mandate_end": "2026-05-31"},
            "mandate_end",
            "The mandate cannot end before it starts.",
        ),
        (
            {"deputy_for": "{vice}"},
            "deputy_for",
            "Only a deputy stands in for another seat: leave this empty or choose the role deputy.",
        ),
        (
            {"role": "deputy"},
            "deputy_for",
            "Choose the ordinary seat this deputy stands in for.",
        ),
        (
            {"role": "deputy", "deputy_for": "{deputy}"},
            "deputy_for",
            "Choose an ordinary seat (chair, vice chair or member) for the deputy.",
        ),
        (
            {"organisation": "{withdrawn}"},
            "organisation",
            "Choose a party to the agreement: only an active party can hold a seat.",
        ),
        (
            {"organisation": ""},
            "organisation",
            "Every seat but a co-opted one represents a party.",
        ),
    ],
)
def test_it_says_next_to_the_field_what_is_wrong_with_a_seat(
    changes, field, message, as_user, process_leader, agreement, group, make_party, make_seat
):
    refs = {
        "vice": group["vice"].pk,
        "deputy": make_seat(group["civil_b"], "deputy", deputy_for=group["civil"]).pk,
        "withdrawn": make_party("Föreningen Borta", status="withdrawn").pk,
    }
    changes = {key: value.format(**refs) for key, value in changes.items()}
    before = Seat.objects.count()
    client = english(as_user(process_leader))

    response = client.post(f"{SEATS}add/", seat_data(agreement, group["civil_a"], **changes))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert Seat.objects.count() == before


def test_it_keeps_contact_details_in_the_admin(as_user, steering_member, group):
    seat = group["civil"]
    Seat.objects.filter(pk=seat.pk).update(email="cecilia@privat.test", phone="070-999 88 77")

    admin_page = as_user(steering_member).get(f"{SEATS}{seat.pk}/change/").content.decode()

    assert "cecilia@privat.test" in admin_page and "070-999 88 77" in admin_page


def test_it_ends_a_seat_early_with_a_date_and_a_reason(as_user, process_leader, group):
    seat = group["civil"]
    client = english(as_user(process_leader))
    assert f"{SEATS}{seat.pk}/end/" in client.get(f"{SEATS}{seat.pk}/change/").content.decode()

    response = client.post(
        f"{SEATS}{seat.pk}/end/", {"on": "2026-12-01", "reason": "Flyttar från länet."}
    )

    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_reason) == (datetime.date(2026, 12, 1), "Flyttar från länet.")
    entry = AuditEntry.objects.get(object_id=seat.pk, new_status="ended")
    assert entry.actor == process_leader


def test_it_refuses_to_end_a_seat_before_its_mandate_or_without_a_reason(
    as_user, process_leader, group
):
    seat = group["civil"]
    client = english(as_user(process_leader))

    response = client.post(f"{SEATS}{seat.pk}/end/", {"on": "2025-12-31", "reason": ""})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["on"] == ["A seat cannot end before its mandate starts (2026-01-01)."]
    assert errors["reason"] == ["Say why the seat ends early; it is kept in the history."]
    seat.refresh_from_db()
    assert seat.ended_on is None


# ---- meetings and decisions ---------------------------------------------------------------


def test_it_refuses_a_paragraph_number_used_twice_and_saves_nothing(
    as_user, process_leader, agreement, group
):
    meeting = held_meeting(agreement)
    services.record_decision(kind="other", text="Mötet öppnas.", meeting=meeting, number=1)
    client = english(as_user(process_leader))
    data = meeting_data(
        meeting,
        place="Nytt ställe",
        decisions=[
            {"number": 2, "kind": "other", "text": "Dagordningen fastställs."},
            {"number": 1, "kind": "other", "text": "Samma paragraf igen."},
        ],
    )

    response = client.post(f"{MEETINGS}{meeting.pk}/change/", data)

    assert response.status_code == 200
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.model is Decision
    ).formset
    assert formset.forms[0].errors["number"] == ["§ 1 is used more than once at this meeting."]
    assert formset.forms[2].errors["number"] == ["§ 1 is used more than once at this meeting."]
    assert "number" not in formset.forms[1].errors
    assert meeting.decisions.count() == 1
    meeting.refresh_from_db()
    assert meeting.place == "Kommunhuset"


def test_it_records_new_paragraphs_and_attendance(as_user, process_leader, agreement, group):
    meeting = held_meeting(agreement)
    client = as_user(process_leader)
    data = meeting_data(
        meeting,
        attendance=[
            {"seat": group[key].pk, "stands_in_for": ""} for key in ("chair", "vice", "civil")
        ],
        decisions=[{"number": 3, "kind": "action_plan_adopted", "text": "Planen antas."}],
    )

    response = client.post(f"{MEETINGS}{meeting.pk}/change/", data)

    assert response.status_code == 302
    decision = meeting.decisions.get()
    assert (decision.number, decision.decided_on, decision.year) == (
        3,
        meeting.date,
        meeting.date.year,
    )
    assert decision.recorded_by == process_leader
    assert AuditEntry.objects.filter(object_id=decision.pk, new_status="recorded").exists()
    assert Attendance.objects.filter(meeting=meeting).count() == 3


def test_it_refuses_a_deputy_standing_in_for_a_member_who_is_present(
    as_user, process_leader, agreement, group, make_seat
):
    deputy = make_seat(
        group["civil_b"], "deputy", person_name="Dora Ersättare", deputy_for=group["civil"]
    )
    meeting = held_meeting(agreement)
    client = english(as_user(process_leader))
    data = meeting_data(
        meeting,
        attendance=[
            {"seat": group["civil"].pk, "stands_in_for": ""},
            {"seat": deputy.pk, "stands_in_for": group["civil"].pk},
        ],
    )

    response = client.post(f"{MEETINGS}{meeting.pk}/change/", data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[1].errors["stands_in_for"] == [
        "Cecilia Civil is present; nobody needs to stand in for them."
    ]
    assert not Attendance.objects.exists()


def test_it_computes_whether_the_meeting_was_quorate(as_user, steering_member, agreement, group):
    meeting = held_meeting(agreement)
    client = english(as_user(steering_member))
    Attendance.objects.create(meeting=meeting, seat=group["chair"])
    assert (
        "No. 1 of 4 voting members were present"
        in client.get(f"{MEETINGS}{meeting.pk}/change/").content.decode()
    )

    for key in ("vice", "civil"):
        Attendance.objects.create(meeting=meeting, seat=group[key])
    html = client.get(f"{MEETINGS}{meeting.pk}/change/").content.decode()

    assert "Yes. 3 of 4 voting members were present." in html
    assert 'name="quorate"' not in html


def test_it_lists_the_decisions_between_meetings_to_report(
    as_user, steering_member, agreement, group, apply, voters, process_leader
):
    question = services.put_question(
        agreement,
        matter=apply("Föreningen Mellan"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=3),
        by=process_leader,
    )
    for user in voters.values():
        services.answer_question(question, user=user, answer="yes")
    upcoming = Meeting.objects.create(
        agreement=agreement, starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    decision = Decision.objects.get(question=question)

    html = english(as_user(steering_member)).get(f"{MEETINGS}{upcoming.pk}/change/")

    assert str(decision.paragraph) in html.content.decode()
    assert "Föreningen Mellan" in html.content.decode()


def test_it_refuses_to_publish_minutes_that_are_not_checked(as_user, process_leader, agreement):
    meeting = held_meeting(agreement, minutes="Protokoll utan justering.")
    client = english(as_user(process_leader))

    response = client.post(f"{MEETINGS}{meeting.pk}/publish/")

    assert response.status_code == 302
    assert messages_of(response) == [
        (
            messages.WARNING,
            "The minutes are published only once they are checked: fill in who checked them "
            "(justerare) and when, and save, first.",
        )
    ]
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


def test_it_publishes_checked_minutes(as_user, process_leader, agreement):
    meeting = held_meeting(agreement, checked=True)
    client = as_user(process_leader)
    assert client.get(f"{MEETINGS}{meeting.pk}/publish/").status_code == 200

    response = client.post(f"{MEETINGS}{meeting.pk}/publish/")

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None
    assert AuditEntry.objects.filter(object_id=meeting.pk, new_status="minutes_published").exists()
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_it_keeps_published_minutes_checked(as_user, process_leader, agreement):
    meeting = held_meeting(agreement, checked=True)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=timezone.now())
    meeting.refresh_from_db()
    client = english(as_user(process_leader))

    response = client.post(
        f"{MEETINGS}{meeting.pk}/change/", meeting_data(meeting, minutes_checked_on="")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["minutes_checked_on"] == [
        "The minutes are published, so they stay checked: give the date."
    ]


def test_it_refuses_a_paragraph_taken_on_the_decision_page(as_user, process_leader, agreement):
    meeting = held_meeting(agreement)
    services.record_decision(kind="other", text="Mötet öppnas.", meeting=meeting, number=1)
    client = english(as_user(process_leader))
    data = {"meeting": meeting.pk, "number": 1, "kind": "other", "text": "Igen."}

    response = client.post(f"{DECISIONS}add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["number"] == [
        "§ 1 is already used at this meeting."
    ]
    assert meeting.decisions.count() == 1

    response = client.post(f"{DECISIONS}add/", {**data, "number": ""})
    assert response.status_code == 302
    assert sorted(meeting.decisions.values_list("number", flat=True)) == [1, 2]


# ---- putting matters to the voting members ------------------------------------------------


@pytest.fixture
def waiting(apply, make_party):
    """A pending application and a notice of withdrawal, the application the older."""
    from parties.models import Withdrawal

    application = apply("Föreningen Väntar")
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=20)
    )
    leaving = make_party("Föreningen Lämnar")
    contact = leaving.contacts.get().user
    withdrawal = Withdrawal.objects.create(
        membership=leaving.memberships.get(),
        notice_date=timezone.localdate(),
        reason="Föreningen läggs ner.",
        given_by=contact,
        given_by_name="Kim Kontakt",
    )
    return {"application": application, "withdrawal": withdrawal}


def put_data(*records, **changes) -> dict:
    deadline = timezone.localtime() + datetime.timedelta(days=7)
    return {
        "matters": [f"{record._meta.model_name}:{record.pk}" for record in records],
        "application_proposal": "approve",
        "change_proposal": "approve",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "motivation": "",
        **changes,
    }


@pytest.mark.parametrize("who", ["process_leader", "chair"])
def test_it_puts_waiting_matters_to_the_voting_members_by_email(
    who,
    request,
    as_user,
    voters,
    waiting,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    user = voters["chair"] if who == "chair" else request.getfixturevalue("process_leader")
    client = as_user(user)
    page = client.get(PUT).content.decode()
    assert page.index("Föreningen Väntar") < page.index("Föreningen Lämnar")  # oldest first

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PUT, put_data(waiting["application"], waiting["withdrawal"]))

    assert response.status_code == 302
    questions = PerCapsulamQuestion.objects.order_by("pk")
    assert [(q.matter, q.kind, q.put_by) for q in questions] == [
        (waiting["application"], "application_approved", user),
        (waiting["withdrawal"], "withdrawal_registered", user),
    ]
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted(u.email for u in voters.values() for _q in range(2))
    urls = {f"/styrgrupp/per-capsulam/{q.pk}/" for q in questions}
    assert all(any(url in message.body for url in urls) for message in mailoutbox)


def test_it_refuses_an_ordinary_member_who_tries_to_put_matters(as_user, voters, waiting):
    response = as_user(voters["civil"]).post(PUT, put_data(waiting["application"]))

    assert response.status_code == 403
    assert not PerCapsulamQuestion.objects.exists()


def test_it_asks_for_a_motivation_when_a_rejection_is_proposed(
    as_user, process_leader, voters, waiting
):
    client = english(as_user(process_leader))

    response = client.post(PUT, put_data(waiting["application"], application_proposal="reject"))

    assert response.status_code == 400
    assert response.context["form"].errors["motivation"] == [
        "Give the reason for the proposed rejection."
    ]
    assert not PerCapsulamQuestion.objects.exists()


def test_it_refuses_a_deadline_in_the_past(as_user, process_leader, voters, waiting):
    client = english(as_user(process_leader))
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(PUT, put_data(waiting["application"], deadline=past))

    assert response.status_code == 400
    assert response.context["form"].errors["deadline"] == ["The deadline must be in the future."]
    assert not PerCapsulamQuestion.objects.exists()


def test_it_does_not_offer_a_matter_already_out_for_answers(
    as_user, process_leader, voters, waiting
):
    client = as_user(process_leader)
    client.post(PUT, put_data(waiting["application"]))

    page = client.get(PUT).content.decode()

    assert "Föreningen Väntar" not in page
    assert "Föreningen Lämnar" in page


def test_it_shows_the_answers_and_the_tally_read_only(
    as_user, process_leader, voters, waiting, agreement
):
    question = services.put_question(
        agreement,
        matter=waiting["application"],
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=3),
        by=process_leader,
    )
    services.answer_question(question, user=voters["chair"], answer="yes", comment="Bra förening.")
    services.answer_question(question, user=voters["civil"], answer="abstain")
    client = english(as_user(process_leader))

    response = client.get(f"{QUESTIONS}{question.pk}/change/")

    html = response.content.decode()
    assert "2 of 4 voting members have answered: 1 yes, 0 no, 1 abstained." in html
    assert "Anna Ordförande" in html and "Bra förening." in html
    assert 'name="_save"' not in html
    assert 'name="answers-0-answer"' not in html
    response = client.post(f"{QUESTIONS}{question.pk}/change/", {"title": "Ändrad"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.title != "Ändrad"


# ---- the start page: what needs me --------------------------------------------------------


def test_it_shows_what_needs_me_on_the_start_page(
    as_user, voters, waiting, agreement, group, process_leader, make_seat
):
    question = services.put_question(
        agreement,
        matter=waiting["withdrawal"],
        proposal="register",
        deadline=timezone.now() + datetime.timedelta(days=2),
        by=process_leader,
    )
    upcoming = Meeting.objects.create(
        agreement=agreement,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        place="Regionhuset",
    )
    unpublished = held_meeting(agreement, days_ago=20)
    held_meeting(agreement, days_ago=40, checked=True, minutes_published_at=timezone.now())
    make_seat(
        group["civil_a"],
        "member",
        person_name="Ebba Slutar",
        mandate_end=timezone.localdate() + datetime.timedelta(days=30),
    )
    client = english(as_user(voters["civil"]))

    html = client.get("/admin/").content.decode()

    panel = html[html.index('id="what-needs-me"') : html.index('id="content-related"')]
    assert "2 matters waiting for a decision" in panel
    assert f"/admin/parties/application/{waiting['application'].pk}/change/" in panel
    assert "waiting 20 days" in panel
    assert panel.index("Föreningen Väntar") < panel.index("Föreningen Lämnar")
    assert "1 question waiting for my answer" in panel
    assert f"/styrgrupp/per-capsulam/{question.pk}/" in panel
    assert f"/admin/steering/meeting/{upcoming.pk}/change/" in panel
    assert "1 problem with the composition today" in panel
    assert "The ordinary seats are not balanced" in panel
    assert "1 mandate ending within 60 days" in panel and "Ebba Slutar" in panel
    assert "1 meeting whose minutes are not published" in panel
    assert f"/admin/steering/meeting/{unpublished.pk}/change/" in panel
    # An ordinary member does not put matters; the chair does.
    assert PUT not in panel
    assert PUT in as_user(voters["chair"]).get("/admin/").content.decode()
    # The app list is still there, below the panel.
    assert html.index('id="what-needs-me"') < html.index("app-steering")

    services.answer_question(question, user=voters["civil"], answer="yes")
    html = as_user(voters["civil"]).get("/admin/").content.decode()
    assert "0 questions waiting for my answer" in html


def test_it_shows_no_panel_to_staff_outside_the_steering_group(as_user):
    staff = _make_user("it@region.test", staff=True)
    html = as_user(staff).get("/admin/").content.decode()
    assert 'id="what-needs-me"' not in html


# The start page for a steering member with a voting seat: session, user, the user's
# permissions (two) and groups; whether they may put questions (chair seat: asked by the
# app list, answered once); the panel: six kinds of matter listed
# and counted (applications, withdrawals, unconfirmed renewals, changes, drafts of a new
# version, the group's own questions), the
# member's seats, their questions, next meeting, composition (the seats and the rules of the
# version in force, and which of the seats' organisations are parties), mandates ending,
# unpublished minutes; and the recent actions.
# The agreement the person works in is read at sign-in (agreements.staff), not here.
START_PAGE_QUERIES = 27


def test_it_needs_the_same_number_of_queries_however_much_is_waiting(
    as_user,
    voters,
    apply,
    agreement,
    group,
    process_leader,
    make_seat,
    django_assert_num_queries,
):
    def add_one_of_each(serial: int) -> None:
        application = apply(f"Föreningen {serial}")
        services.put_question(
            agreement,
            matter=application,
            proposal="approve",
            deadline=timezone.now() + datetime.timedelta(days=3),
            by=process_leader,
        )
        apply(f"Föreningen Väntar {serial}")
        held_meeting(agreement, days_ago=10 + serial)
        Meeting.objects.create(
            agreement=agreement, starts_at=timezone.now() + datetime.timedelta(days=5 + serial)
        )
        make_seat(
            group["public_a"],
            "member",
            person_name=f"Slutar {serial}",
            mandate_end=timezone.localdate() + datetime.timedelta(days=20 + serial),
        )

    client = as_user(voters["civil"])
    add_one_of_each(0)
    with django_assert_num_queries(START_PAGE_QUERIES):
        small = client.get("/admin/")
    for serial in range(1, 13):
        add_one_of_each(serial)
    with django_assert_num_queries(START_PAGE_QUERIES):
        large = client.get("/admin/")

    assert small.status_code == large.status_code == 200
    assert "26 matters waiting for a decision" in english(client).get("/admin/").content.decode()


# ---- a decision in the parties admin cites the meeting ------------------------------------


def test_it_cites_the_meeting_paragraph_on_the_receipt_after_approving_in_the_admin(
    as_user, steering_member, agreement, apply, client
):
    meeting = held_meeting(agreement, days_ago=3)
    services.record_decision(kind="other", text="Mötet öppnas.", meeting=meeting, number=1)
    application = apply("Föreningen Kvittot")
    admin_client = as_user(steering_member)

    response = admin_client.post(
        f"/admin/parties/application/{application.pk}/approve/",
        {"meeting": meeting.pk, "paragraph": "", "reason": ""},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    decision = Decision.objects.get(meeting=meeting, number=2)
    assert decision.matter == application
    receipt = english(admin_client).get(f"/anslut/kvitto/{application.receipt_token}/")
    day = meeting.date
    expected = f"Approved by the steering group {day.day} {day:%B} {day.year}, § 2"
    assert expected in receipt.content.decode()


def test_it_numbers_a_batch_approved_at_a_meeting_from_the_paragraph_given(
    as_user, steering_member, agreement, apply
):
    meeting = held_meeting(agreement, days_ago=3)
    applications = [apply("Första Föreningen"), apply("Andra Föreningen")]
    client = as_user(steering_member)

    response = client.post(
        "/admin/parties/application/",
        {
            "action": "approve",
            "_selected_action": [a.pk for a in applications],
            "post": "yes",
            "meeting": meeting.pk,
            "paragraph": "5",
            "reason": "",
        },
    )

    assert response.status_code == 302
    numbers = sorted(Decision.objects.filter(meeting=meeting).values_list("number", flat=True))
    assert numbers == [5, 6]
    assert all(
        Application.objects.get(pk=a.pk).status == Application.Status.APPROVED for a in applications
    )
