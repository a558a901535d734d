"""The steering group's part of a person's data download: their seats and answers."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_gives_a_member_their_seat_and_not_another_members(
    as_user, steering_member, make_party, make_seat
):
    party = make_party("Styrande Föreningen")
    make_seat(party, person_name="Min Egen Plats", user=steering_member, phone="070-111 11 11")
    make_seat(party, person_name="Någon Annan", email="annan@exempel.se", phone="070-222 22 22")

    data = json.loads(as_user(steering_member).get(reverse("parties:my_data")).content)

    seats = data["steering_group_seats"]
    assert [seat["name"] for seat in seats] == ["Min Egen Plats"]
    assert seats[0]["phone"] == "070-111 11 11"
    assert "annan@exempel.se" not in json.dumps(data)
