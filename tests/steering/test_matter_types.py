"""A kind of matter is one registered class: a kind made up here, deciding on a record of a
lower app (the agreement) and calling a service of its own, goes through the steering
group's lists, a question between meetings, the emails and the decision like the others."""

import datetime

import pytest
from django.utils import timezone

from agreements.models import Agreement
from audit import trail
from audit.models import AuditEntry
from steering import matters, services
from steering.matters import Matter, register_temporarily
from steering.models import Decision, Meeting, Outcome, PerCapsulamQuestion
from tests.steering.test_admin import PUT, QUESTIONS, english

pytestmark = pytest.mark.django_db

ADOPTED = "test_agreement_adopted"


def adopt_agreement(agreement, *, decision: Decision, by) -> None:
    """Stands in for the owning app's service: it cites the decision that adopted it."""
    trail.record(agreement, "draft", "adopted", actor=by, reason=decision.reference)


class AgreementAdoption(Matter):
    model = Agreement
    label = "Adoption of the agreement"
    since = "updated_at"
    choice_label = "Proposed decision on the agreement"
    outcomes = (
        Outcome(
            "adopt",
            ADOPTED,
            label="Agreement adopted",
            proposal="Proposal: adopt the agreement",
            choice="Adopt",
            reference="Adopted by the steering group",
        ),
        Outcome(
            "return",
            "test_agreement_returned",
            label="Agreement sent back",
            proposal="Proposal: send the agreement back",
            choice="Send back",
            needs_reason=True,
        ),
    )

    def waiting(self):
        decided = Decision.objects.filter(
            content_type__app_label="agreements", content_type__model="agreement"
        ).values("object_id")
        return Agreement.objects.exclude(pk__in=decided).order_by(self.since, "pk")

    def decision_text(self, record, outcome) -> str:
        return f"Styrgruppen antar {record}."

    def describe(self, record, brief) -> None:
        brief.facts = [("Överenskommelse", str(record))]

    def apply(self, record, outcome, *, decision, by, reason) -> None:
        if outcome.verb == "adopt":
            adopt_agreement(record, decision=decision, by=by)


@pytest.fixture
def registered():
    with register_temporarily(AgreementAdoption) as matter_type:
        yield matter_type


def put_data(agreement, **changes) -> dict:
    deadline = timezone.localtime() + datetime.timedelta(days=7)
    return {
        "matters": [f"agreement:{agreement.pk}"],
        "application_proposal": "approve",
        "change_proposal": "approve",
        "agreement_proposal": "adopt",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "motivation": "",
        **changes,
    }


def test_it_decides_a_registered_kind_of_matter_between_meetings_from_start_to_end(
    registered,
    agreement,
    as_user,
    process_leader,
    voters,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = english(as_user(process_leader))
    name = str(agreement)

    panel = client.get("/admin/").content.decode()
    assert f"Adoption of the agreement: {name}" in panel
    assert "/admin/agreements/agreement/" in panel  # "All waiting:" links its list too

    form = client.get(PUT).content.decode()
    assert f"agreement:{agreement.pk}" in form
    assert "Proposed decision on the agreement" in form and "Send back" in form

    refused = client.post(PUT, put_data(agreement, agreement_proposal="return"))
    assert refused.context["form"].errors["motivation"] == [
        "Give the reason for the proposed rejection."
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PUT, put_data(agreement))
    question = PerCapsulamQuestion.objects.get()
    assert (question.matter, question.kind) == (agreement, ADOPTED)
    assert question.proposal == f"Styrgruppen antar {name}."
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        user.email for user in voters.values()
    )
    assert f"Överenskommelse: {name}" in mailoutbox[0].body
    listing = client.get(QUESTIONS).content.decode()
    assert "Proposal: adopt the agreement" in listing
    assert "Proposal: send the agreement back" in listing  # the filter offers both
    assert client.get(f"{QUESTIONS}?proposal={ADOPTED}").context["cl"].result_count == 1

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for user in voters.values():
            services.answer_question(question, user=user, answer="yes")

    question.refresh_from_db()
    decision = Decision.objects.get(question=question)
    assert question.status == PerCapsulamQuestion.Status.DECIDED
    assert (decision.matter, decision.kind, decision.text) == (
        agreement,
        ADOPTED,
        question.proposal,
    )
    assert decision.get_kind_display() == "Agreement adopted"
    assert question.proposal_label == "Agreement adopted"
    adopted = AuditEntry.objects.get(new_status="adopted")
    assert adopted.object_id == agreement.pk
    assert adopted.reason == decision.reference
    assert decision.reference.startswith("Adopted by the steering group")
    assert len(mailoutbox) == len(voters) + 1  # the outcome, also to the process leader
    assert "Adoption of the agreement" not in client.get("/admin/").content.decode()


def test_it_decides_a_registered_kind_of_matter_at_a_meeting(registered, agreement, voters):
    meeting = Meeting.objects.create(
        agreement=agreement,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
        place="Regionhuset",
    )

    services.decide_at_meeting(agreement, "adopt", meeting=meeting, paragraph=4, by=voters["chair"])

    decision = Decision.objects.get(meeting=meeting)
    assert (decision.number, decision.kind, decision.matter) == (4, ADOPTED, agreement)
    assert decision.text == f"Styrgruppen antar {agreement}."
    assert AuditEntry.objects.get(new_status="adopted").reason == decision.reference
    with pytest.raises(services.SteeringError):
        services.decide_at_meeting(agreement, "adopt", meeting=meeting, by=voters["chair"])


def test_it_forgets_a_kind_of_matter_registered_for_a_while(agreement):
    with register_temporarily(AgreementAdoption):
        assert matters.for_record(agreement) is not None
        assert ADOPTED in dict(Decision._meta.get_field("kind").flatchoices)

    assert matters.for_record(agreement) is None
    assert ADOPTED not in dict(Decision._meta.get_field("kind").flatchoices)
    assert "agreement" not in [kind.name for kind in matters.matter_types()]


def test_it_knows_which_statuses_of_the_parties_records_a_decision_made():
    from parties import extensions

    # The party's history cites a paragraph for these entries, as the kinds of matter say.
    parties = {
        label: statuses
        for label, statuses in extensions.decided_statuses().items()
        if label.startswith("parties.")
    }
    assert parties == {
        "parties.application": {"approved", "rejected"},
        "parties.changerequest": {"approved", "rejected"},
        "parties.withdrawal": {"registered"},
        "parties.renewalrequest": {"kept"},
    }
