"""The follow-up's part of a person's data download: the answers and proposals they wrote."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import revisions, services

pytestmark = pytest.mark.django_db


def test_it_gives_a_contact_the_answers_and_proposals_they_wrote(
    as_user, agreement, contact, make_party
):
    today = timezone.localdate()
    round = services.new_round(
        agreement, year=today.year, opens=today, closes=today + datetime.timedelta(days=20)
    )
    response = services.response_for(round, contact.party)
    question = services.questions_for(round, contact.party)[-1]
    services.save_answers(
        response,
        {question.pk: services.AnswerData(text="Vårt eget svar")},
        by=contact,
        submit=False,
    )
    revisions.propose(
        agreement,
        part="vision",
        proposed_wording="Ny vision",
        rationale="Skäl",
        by=contact,
        organisation=contact.party,
    )
    other = make_party("Annan Förening")
    other_response = services.response_for(round, other)
    services.save_answers(
        other_response,
        {question.pk: services.AnswerData(text="Någon annans svar")},
        by=other.contacts.get().user,
        submit=False,
    )

    data = json.loads(as_user(contact).get(reverse("parties:my_data")).content)

    answers = data["follow_up_responses"][0]["answers"]
    assert "Vårt eget svar" in [answer["text"] for answer in answers]
    assert data["revision_proposals"][0]["proposed_wording"] == "Ny vision"
    assert "Någon annans svar" not in json.dumps(data, ensure_ascii=False)
