"""An application naming an existing account's address: its holder confirms the contact
role by a signed link before becoming the contact person (#15.27)."""

import re

import pytest
from django.core import signing
from django.test import Client

from audit.models import AuditEntry
from parties import confirmation_links, services
from parties.models import Application, ContactPerson, Membership
from tests.conftest import _make_user

pytestmark = pytest.mark.django_db

HOLDER_EMAIL = "vera@nygemenskap.test"  # the address application_payload names


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/min-organisation/bekrafta/[^\s]+/)", body).group(1)


@pytest.fixture
def holder(db):
    """Someone who already has an account with the address an application will name."""
    return _make_user(HOLDER_EMAIL)


@pytest.fixture
def applied(public, application_payload, holder, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post("/anslut/", application_payload)
    assert response.status_code == 302
    return Application.objects.select_related("contact", "membership__organisation").get()


def _approve(application, steering_member, capture):
    with capture(execute=True):
        services.approve_application(application, by=steering_member)
    application.refresh_from_db()
    return application


def test_it_does_not_make_an_existing_account_the_contact_on_approval(
    applied, holder, steering_member, django_capture_on_commit_callbacks, mailoutbox
):
    _approve(applied, steering_member, django_capture_on_commit_callbacks)
    organisation = applied.organisation
    organisation.refresh_from_db()
    assert organisation.memberships.get().status == Membership.Status.ACTIVE
    assert not ContactPerson.objects.current().filter(user=holder).exists()
    awaiting = ContactPerson.objects.awaiting_confirmation().get(user=holder)
    assert awaiting.organisation == organisation
    # The holder sees no party page, but a question to answer.
    client = Client()
    client.force_login(holder)
    page = client.get("/min-organisation/").content.decode()
    assert "Ansökningar som anger dig som kontaktperson" in page
    assert "/min-organisation/bekrafta/" in page
    assert "/min-organisation/uppgifter/" not in page
    # Both emails to the address carry the link.
    to_holder = [m for m in mailoutbox if m.to == [HOLDER_EMAIL]]
    assert len(to_holder) == 2
    assert all("/min-organisation/bekrafta/" in m.body for m in to_holder)
    assert "bara om du själv bekräftar" in to_holder[0].body


def test_it_makes_the_holder_the_contact_once_they_confirm_by_the_link(
    applied, holder, steering_member, client, django_capture_on_commit_callbacks, mailoutbox
):
    _approve(applied, steering_member, django_capture_on_commit_callbacks)
    link = _link(next(m for m in mailoutbox if m.to == [HOLDER_EMAIL]).body)
    client.force_login(holder)
    page = client.get(link).content.decode()
    assert "Föreningen Ny Gemenskap" in page and "Ja, jag är organisationens kontaktperson" in page
    response = client.post(link, {"answer": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == "/min-organisation/"
    assert "Du är nu kontaktperson för" in response.content.decode()
    contact = ContactPerson.objects.current().get(user=holder)
    assert contact.organisation == applied.organisation and not contact.awaits_confirmation
    assert AuditEntry.objects.filter(
        object_id=contact.pk, old_status="awaits_confirmation", new_status="confirmed"
    ).exists()
    # The link has done its work.
    assert "redan svarat" in client.get(link).content.decode()


def test_it_waits_for_the_approval_when_the_holder_confirms_first(
    applied, holder, steering_member, client, mailoutbox, django_capture_on_commit_callbacks
):
    link = _link(next(m for m in mailoutbox if m.to == [HOLDER_EMAIL]).body)
    client.force_login(holder)
    response = client.post(link, {"answer": "yes"}, follow=True)
    assert "när styrgruppen har godkänt ansökan" in response.content.decode()
    assert not ContactPerson.objects.current().filter(user=holder).exists()
    _approve(applied, steering_member, django_capture_on_commit_callbacks)
    assert ContactPerson.objects.current().get(user=holder).organisation == applied.organisation


def test_it_ends_the_role_and_tells_the_steering_group_when_the_holder_declines(
    applied, holder, client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.STEERING_GROUP_EMAIL = "styrgruppen@region.test"
    link = _link(next(m for m in mailoutbox if m.to == [HOLDER_EMAIL]).body)
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"answer": "no"}, follow=True)
    assert "vi har meddelat styrgruppen" in response.content.decode()
    contact = ContactPerson.objects.get(user=holder)
    assert contact.ended_at is not None and not contact.is_current
    to_steering = [m for m in mailoutbox if m.to == ["styrgruppen@region.test"]]
    assert any("bekräftade inte" in m.subject for m in to_steering)


def test_it_refuses_the_link_to_another_account_and_a_forged_link(
    applied, holder, client, mailoutbox, applicant
):
    link = _link(next(m for m in mailoutbox if m.to == [HOLDER_EMAIL]).body)
    client.force_login(applicant)
    response = client.post(link, {"answer": "yes"})
    assert response.status_code == 403
    assert HOLDER_EMAIL in response.content.decode()
    forged = (
        "/min-organisation/bekrafta/"
        + signing.dumps(
            {"contact": applied.contact_id, "user": applicant.pk}, salt="something-else"
        )
        + "/"
    )
    assert client.post(forged, {"answer": "yes"}).status_code == 410
    assert ContactPerson.objects.awaiting_confirmation().filter(user=holder).exists()


def test_it_sends_anonymous_visitors_of_the_link_to_the_login(applied):
    response = Client().get(confirmation_links.path_for(applied.contact))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_it_asks_no_confirmation_of_a_holder_who_applies_signed_in(
    client, application_payload, holder, steering_member
):
    client.force_login(holder)
    assert client.post("/anslut/", application_payload).status_code == 302
    application = Application.objects.get()
    assert not application.contact.awaits_confirmation
    services.approve_application(application, by=steering_member)
    assert ContactPerson.objects.current().get(user=holder).organisation == application.organisation


def test_it_asks_no_confirmation_of_an_account_the_application_creates(
    public, application_payload, steering_member
):
    public.post("/anslut/", application_payload)
    application = Application.objects.get()
    assert not application.contact.awaits_confirmation
    services.approve_application(application, by=steering_member)
    assert ContactPerson.objects.current().filter(organisation=application.organisation).exists()


def test_the_database_refuses_a_current_contact_that_awaits_confirmation(applied):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPerson.objects.filter(pk=applied.contact_id).update(is_current=True)


def test_it_shows_the_steering_group_that_the_contact_has_not_confirmed(
    applied, holder, as_user, steering_member, mailoutbox
):
    change = f"/admin/parties/application/{applied.pk}/change/"
    page = as_user(steering_member).get(change).content.decode()
    assert "Kontohavaren har ännu inte bekräftat rollen" in page
    link = _link(next(m for m in mailoutbox if m.to == [HOLDER_EMAIL]).body)
    as_user(holder).post(link, {"answer": "yes"})
    page = as_user(steering_member).get(change).content.decode()
    assert "Bekräftad av kontohavaren den" in page
