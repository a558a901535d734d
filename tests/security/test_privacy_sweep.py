"""The seeded contact persons' and seat holders' emails and phone numbers appear in no
public page, feed, open-data export, iCalendar file or published report.

Everything is fetched as an anonymous visitor from the demo that `seed_demo` loads.
"""

import io
import itertools

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader


def _agreement():
    from agreements.models import Agreement

    return Agreement.objects.current()


# Each sweep reads at least this many documents, so it cannot silently check nothing.
AT_LEAST = 120


def personal_data() -> set[str]:
    """Every contact person's and seat holder's email and phone, phones also without spaces."""
    from parties.models import ContactPerson
    from steering.models import Seat

    found = set()
    for email, user_email, phone in itertools.chain(
        ContactPerson.objects.values_list("email", "user__email", "phone"),
        Seat.objects.values_list("email", "user__email", "phone"),
    ):
        found |= {email, user_email, phone, (phone or "").replace(" ", "")}
    return {value.lower() for value in found if value}


def public_addresses() -> list[str]:
    """Every public page, feed, export and calendar the demo has, with the register's and
    the action plan's filters."""
    from actionplan.models import Activity
    from agreements.models import Agreement, Principle
    from followup.models import Conference
    from parties.models import ActivityArea, Municipality, Organisation
    from steering.models import Meeting

    agreement = Agreement.objects.current()
    party = Organisation.objects.for_register(agreement).order_by("pk").first()
    register_filters = [
        {},
        {"q": party.name.split()[0]},
        {"sektor": "civil_society"},
        {"sektor": "public"},
        {"kommun": Municipality.objects.order_by("pk").first().slug},
        {"typ": party.legal_form},
        {"omrade": ActivityArea.objects.order_by("pk").first().slug},
        {"ar": str(party.memberships.get().joined_on.year)},
        {"page": "2"},
    ]
    activities = Activity.objects.filter(annual_plan__plan__agreement=agreement)
    plan_filters = [{}, {"ar": str(activities.order_by("-pk").first().annual_plan.year)}]
    plan_filters.append({"part": party.slug})

    def with_query(name: str, filters: list[dict]) -> list[str]:
        from urllib.parse import urlencode

        address = reverse(name)
        return [f"{address}?{urlencode(query)}" if query else address for query in filters]

    addresses = [
        reverse("agreements:home"),
        reverse("agreements:agreement"),
        reverse("agreements:versions"),
        *(
            reverse("agreements:version", args=[version])
            for version in agreement.versions.published().values_list("number", flat=True)
        ),
        reverse("agreements:principles"),
        *(
            reverse("agreements:principle", args=[slug])
            for slug in Principle.objects.filter(version=agreement.in_force).values_list(
                "slug", flat=True
            )
        ),
        *with_query("parties:register", register_filters),
        *with_query("parties:register_csv", register_filters),
        *with_query("parties:register_json", register_filters),
        *with_query("parties:feed", register_filters[:4]),
        *(
            reverse("parties:detail", args=[slug])
            for slug in Organisation.objects.for_register(_agreement()).values_list(
                "slug", flat=True
            )
        ),
        reverse("steering:composition"),
        reverse("steering:earlier"),
        reverse("steering:meetings_ics"),
        *itertools.chain.from_iterable(
            (reverse("steering:meeting", args=[pk]), reverse("steering:meeting_ics", args=[pk]))
            for pk in Meeting.objects.published()
            .filter(agreement=agreement)
            .values_list("pk", flat=True)
        ),
        *with_query("actionplan:plan", plan_filters),
        *with_query("actionplan:plan_csv", plan_filters),
        *with_query("actionplan:plan_json", plan_filters),
        reverse("actionplan:feed"),
        *(
            reverse("actionplan:activity", args=[pk])
            for pk in activities.values_list("pk", flat=True)
        ),
        reverse("followup:proposals"),
        *itertools.chain.from_iterable(
            (
                reverse("followup:conference", args=[year]),
                reverse("followup:conference_ics", args=[year]),
            )
            for year in Conference.objects.filter(agreement=agreement).values_list(
                "year", flat=True
            )
        ),
        reverse("followup:reports"),
        reverse("accessibility"),
        reverse("privacy"),
    ]
    return addresses


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8")


def sweep(client: Client, addresses: list[str], secrets: set[str]) -> tuple[int, list[str]]:
    read, leaks = 0, []
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, f"{address}: {response.status_code}"
        text = text_of(response).lower()
        read += 1
        leaks += [f"{address}: {secret}" for secret in secrets if secret in text]
    return read, leaks


def test_it_has_personal_data_to_look_for(demo):
    secrets = personal_data()
    assert sum("@" in secret for secret in secrets) >= 30
    assert sum(secret[:1].isdigit() for secret in secrets) >= 30


def test_it_shows_no_email_or_phone_of_a_contact_or_seat_holder_on_any_public_page(demo, capsys):
    secrets = personal_data()
    read, leaks = sweep(Client(), public_addresses(), secrets)
    with capsys.disabled():
        print(f"\nprivacy sweep: {read} public documents read, {len(secrets)} values looked for")
    assert read >= AT_LEAST
    assert not leaks, "\n".join(leaks)


def test_it_shows_no_email_or_phone_in_the_published_report(demo):
    from followup.models import AnnualReport

    reports = list(AnnualReport.objects.published())
    assert reports, "the demo publishes its annual report"
    addresses = [reverse("followup:report_download", args=[report.pk]) for report in reports]
    client = Client()
    text = text_of(client.get(addresses[0]))
    # The text is really there to search: the report names the parties that answered.
    assert len(text) > 2000
    read, leaks = sweep(client, addresses, personal_data())
    assert read == len(reports)
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_shows_no_email_or_phone_on_the_pages_of_either_language(demo, settings, language):
    """The register and the steering group, where names of people are shown, in both
    languages: a translated template must not bring personal data back."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    from parties.models import Organisation

    addresses = [reverse("steering:composition"), reverse("steering:earlier")]
    addresses += [
        reverse("parties:detail", args=[slug])
        for slug in Organisation.objects.for_register(_agreement()).values_list("slug", flat=True)[
            :10
        ]
    ]
    read, leaks = sweep(client, addresses, personal_data())
    assert read == len(addresses)
    assert not leaks, "\n".join(leaks)
