"""/min-organisation/ shows the action plan of every agreement the organisation is party to,
each activity linked at its own agreement's address (issue 17)."""

import pytest
from django.urls import reverse

from actionplan.models import Activity, ActivityArea
from parties.models import Membership
from tests.scoping.world import SLUG

pytestmark = pytest.mark.django_db

MINE = "/min-organisation/"


def test_it_lists_the_activities_of_each_agreement_linked_at_its_address(
    as_user, contact, agreement, other_agreement
):
    party = contact.party  # a party to A
    Membership.objects.create(
        organisation=party, agreement=other_agreement, status="active", joined_on="2026-05-01"
    )
    b = other_agreement.content
    activity = Activity.objects.create(
        annual_plan=b.annual_plan,
        objective=b.objective,
        area=ActivityArea.objects.order_by("order").first(),
        title="Björkviks läxhjälp",
        status="ongoing",
        lead_party=party,
    )
    update = reverse("actionplan:update", args=[activity.pk])

    page = as_user(contact).get(MINE).content.decode()  # on A's page
    assert "Björkviks läxhjälp" in page
    assert f'href="/{SLUG}{update}"' in page
    assert f'href="/{SLUG}{reverse("actionplan:mine")}"' in page

    page = as_user(contact).get(f"/{SLUG}{MINE}").content.decode()  # on B's
    assert f'href="/{SLUG}{update}"' in page
    assert as_user(contact).get(f"/{SLUG}{update}").status_code == 200


def test_a_party_to_a_only_sees_nothing_of_bs_plan(as_user, contact, agreement, other_agreement):
    b = other_agreement.content
    Activity.objects.create(
        annual_plan=b.annual_plan,
        objective=b.objective,
        area=ActivityArea.objects.order_by("order").first(),
        title="Björkviks läxhjälp",
        lead_party=contact.party,  # led by it, but the party is not in B
    )

    page = as_user(contact).get(MINE).content.decode()
    assert "Björkviks läxhjälp" not in page
    assert SLUG not in page
