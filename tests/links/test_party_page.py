"""An organisation's public page lists every agreement it is party to, each a link to its
page under that agreement (issue 17)."""

import pytest

from parties.models import Membership
from tests.scoping.world import SLUG

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_both(agreement, other_agreement, make_party):
    party = make_party("Föreningen i båda")
    Membership.objects.create(
        organisation=party, agreement=other_agreement, status="active", joined_on="2026-05-01"
    )
    return party


def test_each_agreement_links_to_the_organisations_page_under_it(
    client, agreement, other_agreement, in_both
):
    path = in_both.get_absolute_url()  # "/undertecknare/<slug>/", outside any request

    page = client.get(path).content.decode()  # A, on its own host name
    assert f'<a href="{path}" aria-current="page">{agreement.name}</a>' in page
    assert f'<a href="/{SLUG}{path}">{other_agreement.name}</a>' in page

    page = client.get(f"/{SLUG}{path}").content.decode()  # B, under its prefix
    assert f'<a href="/{SLUG}{path}" aria-current="page">{other_agreement.name}</a>' in page
    assert f'<a href="/{agreement.slug}{path}">{agreement.name}</a>' in page
    assert client.get(f"/{agreement.slug}{path}").status_code == 200
