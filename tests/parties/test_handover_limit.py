"""A contact person may send only so many handover invitations a day (#15.27)."""

import datetime

import pytest
from django.utils import timezone

from parties.models import ContactInvitation

pytestmark = pytest.mark.django_db

HANDOVER = "/min-organisation/kontaktperson/"


def _invite(client, n: int):
    return client.post(HANDOVER, {"email": f"kollega{n}@aktiv-forening.test", "confirm": "on"})


def test_it_refuses_more_invitations_a_day_than_the_setting_allows(as_user, contact, settings):
    settings.CONTACT_INVITATIONS_PER_DAY = 2
    client = as_user(contact)
    assert "högst 2 inbjudningar per dygn" not in client.get(HANDOVER).content.decode()
    assert _invite(client, 1).status_code == 302
    assert _invite(client, 2).status_code == 302
    response = _invite(client, 3)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Du har skickat 2 inbjudningar det senaste dygnet" in page
    assert "Du kan skicka en ny från" in page
    assert ContactInvitation.objects.count() == 2
    assert "högst 2 inbjudningar per dygn" in page  # said beside the open invitation
    # Only one invitation is open at a time: the newer replaced the older.
    assert ContactInvitation.objects.open().get().email == "kollega2@aktiv-forening.test"


def test_it_allows_a_new_invitation_once_a_day_has_passed(as_user, contact, settings):
    settings.CONTACT_INVITATIONS_PER_DAY = 2
    client = as_user(contact)
    _invite(client, 1)
    _invite(client, 2)
    ContactInvitation.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    assert _invite(client, 3).status_code == 302
    assert ContactInvitation.objects.open().get().email == "kollega3@aktiv-forening.test"
