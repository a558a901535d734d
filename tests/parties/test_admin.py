"""The steering group's workplace in the admin: review, decide, register; never delete."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from parties import services
from parties.demo import org_number
from parties.models import (
    Application,
    ChangeRequest,
    ContactPerson,
    LegalForm,
    Membership,
    Organisation,
    Withdrawal,
)
from tests.conftest import _make_user
from tests.parties.conftest import make_pdf

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/parties/application/"
ORGANISATIONS = "/admin/parties/organisation/"
serials = itertools.count(700_000)


@pytest.fixture(params=["steering_member", "process_leader"])
def staff(request):
    """Both roles that decide in the admin."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def make_application(municipalities, agreement):
    """A pending application with its (pending) organisation, made straight in the database."""

    def make(
        name: str,
        *,
        sector: str = "civil_society",
        municipality=None,
        submitted_at: datetime.datetime | None = None,
    ) -> Application:
        serial = next(serials)
        municipality = municipality or municipalities[0]
        organisation = Organisation.objects.create(
            name=name,
            org_number=org_number(serial),
            sector=sector,
            legal_form=LegalForm.NON_PROFIT_ASSOCIATION,
            municipality=municipality,
            slug=f"org-{serial}",
        )
        Membership.objects.create(organisation=organisation, agreement=agreement)
        application = Application.objects.create(
            membership=organisation.memberships.get(),
            submitted_data={
                "name": name,
                "org_number": organisation.org_number,
                "sector": sector,
                "legal_form": organisation.legal_form,
                "municipality": municipality.name,
                "areas": ["Folkhälsa", "Idrott"],
                "website": "https://exempel.test",
                "description": f"Om {name}",
                "contact_name": f"Kontakt {serial}",
                "contact_role": "Sekreterare",
                "contact_email": f"kontakt{serial}@forening.test",
                "contact_phone": "070-555 12 34",
                "signatory_name": f"Firmatecknare {serial}",
                "signatory_role": "Ordförande",
            },
            signatory_name=f"Firmatecknare {serial}",
            signatory_role="Ordförande",
            supports_democratic_values=True,
            endorses_agreement=True,
            decided_by_own_statutes=True,
            consents_to_processing=True,
        )
        if submitted_at:
            Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
            application.refresh_from_db()
        return application

    return make


def choose_action(client, url: str, action: str, objects):
    """Step one: tick records on the list and pick an action."""
    return client.post(
        url, {"action": action, "_selected_action": [o.pk for o in objects], "index": 0}
    )


def confirm_action(client, url: str, action: str, objects, **fields):
    """Step two: confirm on the decision page (what its form posts back to the list)."""
    data = {"action": action, "_selected_action": [o.pk for o in objects], "post": "yes"}
    return client.post(url, {**data, **fields})


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in response.wsgi_request._messages]


def organisation_form_data(client, url: str, **changes) -> dict:
    """What the organisation's change page posts back unchanged, with some changes."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {key: value for key, value in form.initial.items() if key in form.fields}
    data["areas"] = [area.pk for area in form.instance.areas.all()]
    data["municipality"] = form.instance.municipality_id
    for inline in context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


# ---- the list -----------------------------------------------------------------------------


def test_it_lists_applications_newest_first(as_user, staff, make_application):
    now = timezone.now()
    old = make_application("Gamla Föreningen", submitted_at=now - datetime.timedelta(days=9))
    new = make_application("Nya Föreningen", submitted_at=now - datetime.timedelta(hours=1))
    middle = make_application("Mellanföreningen", submitted_at=now - datetime.timedelta(days=2))

    response = as_user(staff).get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [new, middle, old]
    page = response.content.decode()
    assert page.index("Nya Föreningen") < page.index("Mellanföreningen") < page.index("Gamla")
    assert old.organisation.org_number in page


def test_it_filters_applications_by_status_sector_and_municipality(
    as_user, staff, make_application, municipalities
):
    civil = make_application("Idéburna Föreningen")
    public = make_application("Exempelby kommun", sector="public", municipality=municipalities[2])
    decided = make_application("Beslutade Föreningen")
    services.approve_application(decided, by=staff)
    client = as_user(staff)

    def shown(query: str) -> set:
        response = client.get(f"{CHANGELIST}?{query}")
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert shown("status__exact=pending") == {civil, public}
    assert shown("status__exact=approved") == {decided}
    assert shown("membership__organisation__sector__exact=public") == {public}
    assert shown(f"membership__organisation__municipality__id__exact={municipalities[2].pk}") == {
        public
    }
    assert shown("q=Exempelby") == {public}
    assert shown(f"q={civil.organisation.org_number}") == {civil}


def test_it_lists_applications_in_a_constant_number_of_queries(
    as_user, steering_member, make_application, municipalities
):
    client = as_user(steering_member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(CHANGELIST).status_code == 200
        return len(context)

    for i in range(5):
        make_application(f"Förening {i}", municipality=municipalities[i % 3])
    with_five = queries()
    for i in range(5, 50):
        make_application(f"Förening {i}", municipality=municipalities[i % 3])
    assert queries() == with_five


def test_it_lists_organisations_in_a_constant_number_of_queries(
    as_user, steering_member, make_application
):
    client = as_user(steering_member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/admin/parties/organisation/").status_code == 200
        return len(context)

    for i in range(5):
        make_application(f"Förening {i}")
    with_five = queries()
    for i in range(5, 50):
        make_application(f"Förening {i}")
    assert queries() == with_five


# ---- the record page ----------------------------------------------------------------------


def test_it_shows_the_submitted_application_on_one_read_only_page(as_user, staff, make_application):
    application = make_application("Föreningen Granngården")
    data = application.submitted_data

    response = as_user(staff).get(f"{CHANGELIST}{application.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    for value in (
        "Föreningen Granngården",
        data["org_number"],
        data["contact_name"],
        data["contact_email"],  # staff may see the contact's details
        data["contact_phone"],
        data["signatory_name"],
        "Folkhälsa, Idrott",
        "https://exempel.test",
    ):
        assert value in page, value
    assert "<dl" in page
    # Read-only: no editable input for any field, no save button, no delete link.
    assert 'name="decision_reason"' not in page
    assert 'name="_save"' not in page
    assert f"{application.pk}/delete/" not in page
    # The decisions are offered as buttons on the page.
    assert f"{CHANGELIST}{application.pk}/approve/" in page
    assert f"{CHANGELIST}{application.pk}/reject/" in page


def test_it_shows_the_decision_and_the_audit_trail(as_user, staff, make_application):
    application = make_application("Föreningen Historik")
    services.reject_application(application, by=staff, reason="Saknar beslut i styrelsen")

    response = as_user(staff).get(f"{CHANGELIST}{application.pk}/change/")

    page = response.content.decode()
    assert page.count("Saknar beslut i styrelsen") >= 2  # the decision and the audit trail
    assert staff.email in page
    assert '<th scope="col">' in page
    # Decided: no decision buttons any more.
    assert f"{CHANGELIST}{application.pk}/approve/" not in page


def test_it_refuses_to_save_the_record_page(as_user, staff, make_application):
    application = make_application("Föreningen Orörd")
    response = as_user(staff).post(f"{CHANGELIST}{application.pk}/change/", {"status": "approved"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


# ---- deciding from the list ---------------------------------------------------------------


def test_it_approves_one_application_through_the_decision_page(as_user, staff, make_application):
    application = make_application("Föreningen Ja")
    client = as_user(staff)

    page = choose_action(client, CHANGELIST, "approve", [application])
    assert page.status_code == 200
    assert "admin/parties/decision.html" in [t.name for t in page.templates]
    html = page.content.decode()
    assert "Föreningen Ja" in html
    assert 'name="reason"' in html and 'name="post" value="yes"' in html
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING  # nothing decided yet

    response = confirm_action(client, CHANGELIST, "approve", [application], reason="")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == staff
    assert application.organisation.memberships.get().status == Membership.Status.ACTIVE
    assert any(level == messages.SUCCESS for level, _text in messages_of(response))


def test_it_approves_two_applications_at_once(as_user, staff, make_application):
    first = make_application("Första Föreningen")
    second = make_application("Andra Föreningen")
    untouched = make_application("Tredje Föreningen")
    client = as_user(staff)

    html = choose_action(client, CHANGELIST, "approve", [first, second]).content.decode()
    assert "Första Föreningen" in html and "Andra Föreningen" in html
    assert "Tredje Föreningen" not in html

    confirm_action(client, CHANGELIST, "approve", [first, second], reason="Möte 12 maj")

    for application in (first, second):
        application.refresh_from_db()
        assert application.status == Application.Status.APPROVED
        assert application.decision_reason == "Möte 12 maj"
    untouched.refresh_from_db()
    assert untouched.status == Application.Status.PENDING


def test_it_requires_a_reason_to_reject_and_changes_nothing_without_one(
    as_user, staff, make_application
):
    application = make_application("Föreningen Kanske")
    client = as_user(staff)
    choose_action(client, CHANGELIST, "reject", [application])

    response = confirm_action(client, CHANGELIST, "reject", [application], reason="   ")

    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    html = response.content.decode()
    assert 'class="errorlist' in html and 'aria-invalid="true"' in html
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert not AuditEntry.objects.filter(new_status="rejected").exists()


def test_it_rejects_with_a_reason(as_user, staff, make_application):
    application = make_application("Föreningen Nej")
    client = as_user(staff)

    confirm_action(client, CHANGELIST, "reject", [application], reason="Inte i länet")

    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decision_reason == "Inte i länet"
    assert application.decided_by == staff
    assert application.organisation.memberships.get().status == Membership.Status.REJECTED


def test_it_reports_applications_that_were_already_decided(as_user, staff, make_application):
    decided = make_application("Redan Beslutad")
    services.approve_application(decided, by=staff)
    pending = make_application("Väntande Föreningen")
    client = as_user(staff)

    response = confirm_action(client, CHANGELIST, "reject", [decided, pending], reason="Nej")

    decided.refresh_from_db()
    pending.refresh_from_db()
    assert decided.status == Application.Status.APPROVED
    assert pending.status == Application.Status.REJECTED
    reported = messages_of(response)
    assert any(level == messages.WARNING and "Redan Beslutad" in text for level, text in reported)
    assert any(level == messages.SUCCESS for level, _text in reported)


def test_it_does_not_offer_decisions_to_staff_who_may_only_view(client, make_application):
    viewer = _make_user("granskare@region.test", staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    application = make_application("Föreningen Titta")
    client.force_login(viewer)

    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert 'value="approve"' not in response.content.decode()
    confirm_action(client, CHANGELIST, "approve", [application])
    assert client.get(f"{CHANGELIST}{application.pk}/approve/").status_code == 403

    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


# ---- deciding from the record page --------------------------------------------------------


def test_it_approves_from_the_record_page(as_user, staff, make_application):
    application = make_application("Föreningen Enskild")
    client = as_user(staff)
    url = f"{CHANGELIST}{application.pk}/approve/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Föreningen Enskild" in page.content.decode()

    response = client.post(url, {"reason": "Mellan mötena", "post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}{application.pk}/change/"
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decision_reason == "Mellan mötena"


def test_it_rejects_from_the_record_page_only_with_a_reason(as_user, staff, make_application):
    application = make_application("Föreningen Enskild Nej")
    client = as_user(staff)
    url = f"{CHANGELIST}{application.pk}/reject/"

    assert client.post(url, {"reason": "", "post": "yes"}).status_code == 400
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING

    client.post(url, {"reason": "Ofullständig", "post": "yes"})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    # Deciding again from a stale page changes nothing.
    response = client.post(f"{CHANGELIST}{application.pk}/approve/", {"post": "yes"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


# ---- the attachment -----------------------------------------------------------------------


@pytest.fixture
def with_attachment(make_application, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = make_application("Föreningen Bilaga")
    application.attachment.save("application.pdf", ContentFile(make_pdf()), save=True)
    return application


def test_it_gives_the_attachment_to_staff(as_user, staff, with_attachment):
    client = as_user(staff)
    page = client.get(f"{CHANGELIST}{with_attachment.pk}/change/").content.decode()
    url = f"{CHANGELIST}{with_attachment.pk}/attachment/"
    assert url in page

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == make_pdf()
    assert "private" in response.get("Cache-Control", "") or "no-cache" in response.get(
        "Cache-Control", ""
    )


def test_it_keeps_the_attachment_from_everyone_else(public, contact, with_attachment):
    url = f"{CHANGELIST}{with_attachment.pk}/attachment/"
    response = Client().get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    public.force_login(contact)
    response = public.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_keeps_the_attachment_from_staff_who_may_not_see_applications(client, with_attachment):
    client.force_login(_make_user("annan@region.test", staff=True))
    response = client.get(f"{CHANGELIST}{with_attachment.pk}/attachment/")
    assert response.status_code == 403


def test_it_answers_404_when_there_is_no_attachment(as_user, steering_member, make_application):
    application = make_application("Utan Bilaga")
    response = as_user(steering_member).get(f"{CHANGELIST}{application.pk}/attachment/")
    assert response.status_code == 404


# ---- withdrawals and changes --------------------------------------------------------------


def test_it_registers_a_withdrawal_through_the_decision_page(as_user, staff, contact):
    party = contact.party
    withdrawal = services.give_withdrawal_notice(
        party, by=contact, given_by_name="Kim Kontakt", reason="Vi lägger ner"
    )
    client = as_user(staff)
    url = "/admin/parties/withdrawal/"

    listed = client.get(f"{url}?registered=no")
    assert list(listed.context["cl"].result_list) == [withdrawal]
    page = choose_action(client, url, "register", [withdrawal])
    assert page.status_code == 200 and "Vi lägger ner" in page.content.decode()

    confirm_action(client, url, "register", [withdrawal], note="Möte 3")

    withdrawal.refresh_from_db()
    party.refresh_from_db()
    assert withdrawal.registered_by == staff
    assert party.memberships.get().status == Membership.Status.WITHDRAWN
    assert party.audit_entries.get(new_status="registered").reason == "Möte 3"
    assert list(client.get(f"{url}?registered=yes").context["cl"].result_list) == [withdrawal]
    assert not client.get(f"{url}?registered=no").context["cl"].result_list


def test_it_decides_changes_of_name_with_a_reason_for_rejection(as_user, staff, contact):
    party = contact.party
    change = services.request_change(
        party, by=contact, new_name="Nya Namnet", new_org_number=party.org_number
    )
    client = as_user(staff)
    url = "/admin/parties/changerequest/"

    assert choose_action(client, url, "reject", [change]).status_code == 200
    assert confirm_action(client, url, "reject", [change], reason="").status_code == 400
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING

    confirm_action(client, url, "approve", [change])
    change.refresh_from_db()
    party.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
    assert party.name == "Nya Namnet"


def test_it_shows_an_organisation_with_contacts_and_history_but_keeps_status_read_only(
    as_user, process_leader, contact, steering_member
):
    party = contact.party
    services.request_change(party, by=contact, new_name="Nytt", new_org_number=party.org_number)
    client = as_user(process_leader)
    url = f"/admin/parties/organisation/{party.pk}/change/"

    page = client.get(url).content.decode()
    assert contact.email in page
    assert party.contacts.get().name in page
    assert 'name="status"' not in page and 'name="name"' not in page

    data = organisation_form_data(
        client, url, website="https://ny-adress.test", name="Kapat Namn", status="withdrawn"
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    party.refresh_from_db()
    assert party.website == "https://ny-adress.test"
    assert (party.name, party.memberships.get().status) == (
        "Aktiva Föreningen",
        Membership.Status.ACTIVE,
    )


def test_it_keeps_the_sector_read_only(as_user, steering_member, contact):
    party = contact.party
    client = as_user(steering_member)
    url = f"{ORGANISATIONS}{party.pk}/change/"
    assert 'name="sector"' not in client.get(url).content.decode()

    data = organisation_form_data(client, url, sector="public", website="https://ny.test")
    response = client.post(url, data)

    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.sector, party.website) == ("civil_society", "https://ny.test")


def test_it_refuses_a_legal_form_that_does_not_fit_the_sector(as_user, steering_member, contact):
    party = contact.party
    client = as_user(steering_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"{ORGANISATIONS}{party.pk}/change/"
    data = organisation_form_data(
        client, url, legal_form=LegalForm.MUNICIPALITY, website="https://ny.test"
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["legal_form"] == [
        "A municipality, region or state agency belongs to the public sector."
    ]
    party.refresh_from_db()
    assert (party.legal_form, party.website) == (
        LegalForm.NON_PROFIT_ASSOCIATION,
        "https://exempel.se",
    )
    assert not AuditEntry.objects.filter(organisation=party).exists()


# ---- a withdrawal received in writing -----------------------------------------------------


WRITTEN = "register_written_withdrawal"
# A written withdrawal is registered on the membership it ends.
MEMBERSHIPS = "/admin/parties/membership/"


def m(party):
    return party.memberships.get()


def written_notice(**changes) -> dict:
    return {
        "notice_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "given_by_name": "Olle Ordförande",
        "reason": "Brev från styrelsen: föreningen läggs ner.",
        **changes,
    }


def test_it_registers_a_withdrawal_received_in_writing(
    as_user, staff, contact, django_capture_on_commit_callbacks, mailoutbox
):
    party = contact.party
    client = as_user(staff)
    notice = written_notice()

    page = choose_action(client, MEMBERSHIPS, WRITTEN, [m(party)])
    assert page.status_code == 200
    assert "admin/parties/decision.html" in [t.name for t in page.templates]
    html = page.content.decode()
    assert party.name in html
    assert 'type="date"' in html and 'name="given_by_name"' in html and 'name="reason"' in html
    party.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.ACTIVE  # nothing done yet

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_action(client, MEMBERSHIPS, WRITTEN, [m(party)], **notice)

    assert response.status_code == 302
    assert any(level == messages.SUCCESS for level, _text in messages_of(response))
    party.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.WITHDRAWN
    withdrawal = m(party).withdrawals.get()
    assert withdrawal.notice_date.isoformat() == notice["notice_date"]
    assert (withdrawal.given_by_name, withdrawal.reason) == (
        notice["given_by_name"],
        notice["reason"],
    )
    assert (withdrawal.given_by, withdrawal.registered_by) == (staff, staff)
    assert withdrawal.is_registered
    trail = list(party.audit_entries.order_by("pk").values_list("new_status", "actor"))
    assert trail == [("notice_given", staff.pk), ("registered", staff.pk), ("withdrawn", staff.pk)]
    # The contact person is told; the steering group registered it and needs no email.
    contact_email = ContactPerson.objects.current().get(organisation=party).email
    assert [m.to for m in mailoutbox] == [[contact_email]]


def test_it_registers_a_withdrawal_received_in_writing_from_the_record_page(
    as_user, steering_member, contact
):
    party = contact.party
    client = as_user(steering_member)
    record_page = f"{MEMBERSHIPS}{m(party).pk}/change/"
    url = f"{MEMBERSHIPS}{m(party).pk}/{WRITTEN}/"
    assert url in client.get(record_page).content.decode()
    assert client.get(url).status_code == 200

    response = client.post(url, {**written_notice(), "post": "yes"})

    assert response.status_code == 302 and response["Location"] == record_page
    party.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.WITHDRAWN
    assert m(party).withdrawals.get().registered_by == steering_member
    # Withdrawn: the button is gone, and the URL changes nothing.
    assert url not in client.get(record_page).content.decode()
    assert client.post(url, {**written_notice(), "post": "yes"}).status_code == 302
    assert m(party).withdrawals.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"notice_date": "tomorrow"},
        {"notice_date": ""},
        {"notice_date": "31/12/2020"},
        {"given_by_name": "  "},
        {"given_by_name": "x" * 151},
        {"reason": ""},
        {"reason": "x" * 2001},
    ],
)
def test_it_refuses_an_incomplete_written_notice_and_changes_nothing(
    as_user, steering_member, contact, changes
):
    party = contact.party
    if changes.get("notice_date") == "tomorrow":
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        changes = {"notice_date": tomorrow.isoformat()}
    client = as_user(steering_member)

    response = confirm_action(client, MEMBERSHIPS, WRITTEN, [m(party)], **written_notice(**changes))

    assert response.status_code == 400
    assert set(changes) <= set(response.context["form"].errors)
    party.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.ACTIVE
    assert not Withdrawal.objects.exists()
    assert not AuditEntry.objects.filter(organisation=party).exists()
    url = f"{MEMBERSHIPS}{m(party).pk}/{WRITTEN}/"
    assert client.post(url, {**written_notice(**changes), "post": "yes"}).status_code == 400
    assert not Withdrawal.objects.exists()


def test_it_registers_a_written_withdrawal_only_for_one_active_party_at_a_time(
    as_user, steering_member, contact, make_party
):
    other = make_party("Andra Föreningen")
    pending = make_party("Väntande Föreningen", status="pending")
    withdrawn = make_party("Utträdda Föreningen", status="withdrawn")
    with_notice = make_party("Föreningen Med Uppsägning")
    services.give_withdrawal_notice(with_notice, by=contact, given_by_name="A", reason="B")
    client = as_user(steering_member)

    for chosen in ([contact.party, other], [pending], [withdrawn], [with_notice]):
        response = choose_action(client, MEMBERSHIPS, WRITTEN, [m(party) for party in chosen])
        assert response.status_code == 302, chosen
        assert {level for level, _text in messages_of(response)} == {messages.WARNING}
        response = confirm_action(
            client, MEMBERSHIPS, WRITTEN, [m(party) for party in chosen], **written_notice()
        )
        assert response.status_code == 302, chosen

    assert list(Withdrawal.objects.all()) == list(m(with_notice).withdrawals.all())
    assert not Withdrawal.objects.filter(registered_at__isnull=False).exists()
    statuses = Membership.objects.filter(
        organisation__in=[contact.party.pk, other.pk, pending.pk]
    ).values_list("status", flat=True)
    assert set(statuses) == {"active", "pending"}
    record_url = f"{MEMBERSHIPS}{m(with_notice).pk}/{WRITTEN}/"
    assert client.get(record_url).status_code == 302  # back to the record, with a message
    assert (
        record_url not in client.get(f"{MEMBERSHIPS}{m(with_notice).pk}/change/").content.decode()
    )


def test_it_lets_no_one_else_register_a_written_withdrawal(public, contact):
    party = contact.party
    url = f"{MEMBERSHIPS}{m(party).pk}/{WRITTEN}/"
    viewer = _make_user("granskare@region.test", staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_membership"))

    response = Client().post(url, {**written_notice(), "post": "yes"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    public.force_login(contact)
    for response in (
        public.post(url, {**written_notice(), "post": "yes"}),
        confirm_action(public, MEMBERSHIPS, WRITTEN, [m(party)], **written_notice()),
    ):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    public.force_login(viewer)
    assert public.post(url, {**written_notice(), "post": "yes"}).status_code == 403
    listing = public.get(MEMBERSHIPS).content.decode()
    assert f'value="{WRITTEN}"' not in listing
    assert url not in public.get(f"{MEMBERSHIPS}{m(party).pk}/change/").content.decode()
    response = confirm_action(public, MEMBERSHIPS, WRITTEN, [m(party)], **written_notice())
    assert "admin/parties/decision.html" not in [t.name for t in response.templates]

    party.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.ACTIVE
    assert not Withdrawal.objects.exists()


# ---- who may not --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        CHANGELIST,
        "/admin/parties/organisation/",
        "/admin/parties/withdrawal/",
        "/admin/parties/changerequest/",
        "/admin/parties/contactperson/",
        "/admin/parties/auditentry/",
    ],
)
def test_it_sends_the_public_and_contacts_to_the_login(public, contact, url):
    response = Client().get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    public.force_login(contact)
    response = public.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_lets_a_contact_decide_nothing(public, contact, make_application):
    application = make_application("Föreningen Otillåten")
    public.force_login(contact)
    # Not staff: the admin sends them to its login before any of our code runs.
    for response in (
        confirm_action(public, CHANGELIST, "approve", [application]),
        public.post(f"{CHANGELIST}{application.pk}/approve/", {"post": "yes"}),
    ):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_it_lets_staff_who_may_only_view_decide_nothing(client, make_application, decision):
    viewer = _make_user("granskare@region.test", staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    application = make_application("Föreningen Titta")
    client.force_login(viewer)
    fields = {"reason": "Inte i länet", "post": "yes"}

    response = client.post(f"{CHANGELIST}{application.pk}/{decision}/", fields)
    assert response.status_code == 403

    response = confirm_action(client, CHANGELIST, decision, [application], **fields)
    assert "admin/parties/decision.html" not in [t.name for t in response.templates]
    assert not any(level == messages.SUCCESS for level, _text in messages_of(response))

    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert application.decided_by is None
    assert not AuditEntry.objects.filter(organisation=application.organisation).exists()


@pytest.mark.parametrize("persona", ["steering_member", "process_leader", "admin_user"])
def test_it_deletes_nothing_that_a_party_did(request, as_user, persona, contact, make_application):
    user = request.getfixturevalue(persona)
    application = make_application("Föreningen Kvar")
    withdrawal = services.give_withdrawal_notice(
        contact.party, by=contact, given_by_name="Kim", reason="Slut"
    )
    change = services.request_change(
        contact.party, by=contact, new_name="X", new_org_number=contact.party.org_number
    )
    client = as_user(user)
    records = {
        "application": application.pk,
        "organisation": contact.party.pk,
        "withdrawal": withdrawal.pk,
        "changerequest": change.pk,
        "contactperson": contact.party.contacts.get().pk,
        "audit/auditentry": AuditEntry.objects.first().pk,
    }
    for model, pk in records.items():
        model = model if "/" in model else f"parties/{model}"
        url = f"/admin/{model}/{pk}/delete/"
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url
        listing = client.get(f"/admin/{model}/")
        assert 'value="delete_selected"' not in listing.content.decode(), model
    assert Application.objects.filter(pk=application.pk).exists()
    assert Withdrawal.objects.filter(pk=withdrawal.pk).exists()
    assert client.get("/admin/parties/application/add/").status_code == 403


def test_it_registers_a_withdrawal_from_its_record_page(as_user, steering_member, contact):
    withdrawal = services.give_withdrawal_notice(
        contact.party, by=contact, given_by_name="Kim", reason="Vi slutar"
    )
    client = as_user(steering_member)
    page = client.get(f"/admin/parties/withdrawal/{withdrawal.pk}/change/").content.decode()
    url = f"/admin/parties/withdrawal/{withdrawal.pk}/register/"
    assert url in page

    response = client.post(url, {"note": "", "post": "yes"})

    assert response.status_code == 302
    withdrawal.refresh_from_db()
    assert withdrawal.is_registered
    page = client.get(f"/admin/parties/withdrawal/{withdrawal.pk}/change/").content.decode()
    assert url not in page
