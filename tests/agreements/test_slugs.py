import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["undertecknare", "styrgrupp", "min-organisation", "admin"])
def test_it_refuses_a_short_name_that_a_page_of_the_portal_begins_with(slug):
    agreement = Agreement(slug=slug, name="Överenskommelse", region_name="Kommunen")

    with pytest.raises(ValidationError) as raised:
        agreement.full_clean()

    assert "slug" in raised.value.message_dict


def test_it_takes_a_short_name_of_a_place():
    Agreement(slug="bjorkvik", name="Överenskommelse", region_name="Kommunen").full_clean()
