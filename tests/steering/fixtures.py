"""Fixtures for the steering group: seats and a balanced group on the demo agreement."""

import datetime

import pytest

START = datetime.date(2026, 1, 1)
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def make_seat(db, agreement):
    """make_seat(party, role="member", name="…", start=…, end=…, deputy_for=…, user=…)."""
    from steering.models import Seat

    def make(organisation=None, role="member", **fields):
        fields.setdefault("person_name", f"Person {Seat.objects.count() + 1}")
        fields.setdefault("mandate_start", START)
        if role in ("chair", "vice_chair"):
            fields.setdefault("mandate_end", datetime.date(2027, 12, 31))
        return Seat.objects.create(
            agreement=fields.pop("agreement", agreement),
            organisation=organisation,
            role=role,
            **fields,
        )

    return make


@pytest.fixture
def group(make_party, make_seat):
    """A balanced group: two ordinary seats per sector, chair and vice chair from each.

    Returns a dict of the parties and seats by name.
    """
    civil_a = make_party("Föreningen Ängen")
    civil_b = make_party("Studieförbundet Ljus")
    public_a = make_party("Norrådalens kommun", sector="public")
    public_b = make_party("Region Norrådalen", sector="public")
    return {
        "civil_a": civil_a,
        "civil_b": civil_b,
        "public_a": public_a,
        "public_b": public_b,
        "chair": make_seat(civil_a, "chair", person_name="Anna Ordförande"),
        "vice": make_seat(public_a, "vice_chair", person_name="Bertil Vice"),
        "civil": make_seat(civil_b, "member", person_name="Cecilia Civil"),
        "public": make_seat(public_b, "member", person_name="David Offentlig"),
    }


@pytest.fixture
def apply(db, agreement, municipalities):
    """apply("Name") submits an application through the service; returns the Application."""
    import itertools

    from parties import services
    from parties.demo import org_number
    from parties.models import ActivityArea, LegalForm

    serials = itertools.count(700_000)

    def submit(name: str, sector: str = "civil_society"):
        serial = next(serials)
        return services.submit_application(
            services.ApplicationData(
                name=name,
                org_number=org_number(serial),
                sector=sector,
                legal_form=LegalForm.NON_PROFIT_ASSOCIATION
                if sector == "civil_society"
                else LegalForm.MUNICIPALITY,
                municipality=municipalities[0],
                areas=list(ActivityArea.objects.filter(slug="folkhalsa")),
                website="",
                description="",
                contact_name="Kim Kontakt",
                contact_role="Sekreterare",
                contact_email=f"kontakt{serial}@sokande.test",
                contact_phone="070-111 22 33",
                signatory_name="Olle Ordförande",
                signatory_role="Ordförande",
            )
        )

    return submit


@pytest.fixture
def voters(group):
    """Accounts for the group's four ordinary seats, linked to them; returns the users."""
    from steering.admin.access import give_seat_holder_role
    from tests.conftest import _make_user

    users = {}
    for key in ("chair", "vice", "civil", "public"):
        seat = group[key]
        user = _make_user(f"{key}@styrgrupp.test", group="Styrgrupp", staff=True)
        seat.user = user
        seat.save(update_fields=["user"])
        give_seat_holder_role(seat)  # as saving the seat in the admin does
        users[key] = user
    return users
