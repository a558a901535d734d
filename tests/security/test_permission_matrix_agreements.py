"""The permission matrix for personas of two agreements (issue 17): a role or a party in
one agreement opens nothing in the other.

A is the `agreement` fixture's (served on the test client's host, unprefixed), B the test
world's second agreement (`other_agreement`, tests/scoping/world.py, under /bjorkvik-test/).
Its own module: the matrix's seeded demo (module-scoped) is the demo's one agreement, which
the `agreement` fixture would meet in the same transaction.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.security.test_permission_matrix import (
    ADMIN_LOGIN,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    outcome,
)

pytestmark = pytest.mark.django_db

B_PREFIX = "/bjorkvik-test"
CROSS_PERSONAS = (
    "public",
    "leader_a",  # process leader of A only
    "member_b",  # steering-group member of B only
    "contact_a_only",  # contact person of an organisation party to A only
    "contact_both",  # contact person of the organisation party to both
    "contact_b_only",  # contact person of an organisation party to B only
)
CROSS_STAFF = ("leader_a", "member_b")
CROSS_CONTACTS = ("contact_a_only", "contact_both", "contact_b_only")


def cross_outcome(response, prefix: str) -> str:
    """`outcome` for a page under `prefix`: its sign-in is the prefixed one."""
    if response.status_code in (301, 302):
        target = response["Location"]
        if target.startswith(prefix + "/admin/login/") or target.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if target.startswith(prefix + reverse("account_login")):
            return LOGIN
        return REDIRECT
    return str(response.status_code)


def _persona_row(answer: str, **exceptions: str) -> dict[str, str]:
    return {**dict.fromkeys(CROSS_PERSONAS, answer), **exceptions}


def _own_pages(answer: str = OK) -> dict[str, str]:
    """A contact's own page: staff without a party are sent to /min-organisation/."""
    return _persona_row(answer, public=LOGIN, **dict.fromkeys(CROSS_STAFF, REDIRECT))


# The same table holds on A's pages and B's: a role in one agreement opens nothing in the
# other, and a contact person's pages answer for the organisation, saying where it is not a
# party rather than showing another agreement's business.
CROSS_EXPECTED: dict[str, dict[str, str]] = {
    "/": _persona_row(OK),
    "/overenskommelsen/": _persona_row(OK),
    "/principer/": _persona_row(OK),
    "/undertecknare/": _persona_row(OK),
    "/undertecknare.csv": _persona_row(OK),
    "/undertecknare.json": _persona_row(OK),
    "/anslut/": _persona_row(OK),
    "/styrgrupp/": _persona_row(OK),
    "/handlingsplan/": _persona_row(OK),
    "/rapporter/": _persona_row(OK),
    "/min-organisation/": _persona_row(OK, public=LOGIN),
    "/min-organisation/mina-uppgifter.json": _persona_row(OK, public=LOGIN),
    "/min-organisation/uppgifter/": _own_pages(),
    "/min-organisation/kontaktperson/": _own_pages(),
    "/min-organisation/uttrade/": _own_pages(),
}


@pytest.fixture
def cross(agreement, other_agreement, process_leader, contact):
    """The personas of both agreements, and a few of A's own records for B's staff to miss."""
    from followup.models import FollowUpRound
    from steering.models import Meeting, Seat

    content = other_agreement.content
    a_rows = [
        Seat.objects.create(
            agreement=agreement,
            role="co_opted",
            person_name="Ledamot i A",
            mandate_start=datetime.date(2026, 1, 1),
        ),
        Meeting.objects.create(
            agreement=agreement, starts_at=timezone.now() + datetime.timedelta(days=9), place="A"
        ),
        FollowUpRound.objects.create(
            agreement=agreement,
            year=2031,
            opens=datetime.date(2032, 1, 1),
            closes=datetime.date(2032, 2, 1),
        ),
    ]
    users = {
        "public": None,
        "leader_a": process_leader,
        "member_b": content.members[1],
        "contact_a_only": contact,
        "contact_both": content.shared.contacts.get(is_current=True).user,
        "contact_b_only": content.parties[0].contacts.get(is_current=True).user,
    }
    return SimpleNamespace(a=agreement, b=other_agreement, users=users, a_rows=a_rows)


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("prefix", ["", B_PREFIX], ids=["A", "B"])
def test_personas_of_both_agreements_get_the_tables_answer_on_each_agreements_pages(cross, prefix):
    wrong = []
    for persona in CROSS_PERSONAS:
        client = _client(cross.users[persona])
        for path, row in CROSS_EXPECTED.items():
            got = cross_outcome(client.get(prefix + path), prefix)
            if got != row[persona]:
                wrong.append(f"{persona} {prefix}{path}: {got}, expected {row[persona]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", [p for p, row in CROSS_EXPECTED.items() if row["public"] == OK])
def test_a_process_leader_of_a_sees_bs_public_pages_as_the_public_does(cross, path):
    from tests.scoping.world import MARK

    def body(response) -> bytes:
        return b"".join(response) if response.streaming else response.content

    public = _client(None).get(B_PREFIX + path)
    leader = _client(cross.users["leader_a"]).get(B_PREFIX + path)
    assert (public.status_code, leader.status_code) == (200, 200)
    if path in ("/", "/anslut/"):
        return  # the overview and the form name no party
    assert MARK.encode() in body(public), path  # B's page, with B's content
    assert MARK.encode() in body(leader), path
    # Nothing of the leader's own agreement A comes with it.
    assert cross.a.name.encode() not in body(leader), path


def _scoped_admins():
    from common.scoping import ScopedManager

    for model, model_admin in admin.site._registry.items():
        if isinstance(model._default_manager, ScopedManager):
            yield model, model_admin


def _rows_of(model, agreement) -> list[int]:
    path = model._default_manager.agreement_path
    return list(model._base_manager.filter(**{path: agreement}).values_list("pk", flat=True))


def _admin_url(model, *rest) -> str:
    return "/".join(["/admin", model._meta.app_label, model._meta.model_name, *map(str, rest), ""])


@pytest.mark.parametrize(
    ("persona", "theirs", "ours"), [("leader_a", "b", "a"), ("member_b", "a", "b")]
)
def test_staff_of_one_agreement_find_none_of_the_others_records_in_the_admin(
    cross, persona, theirs, ours
):
    """Lists hold none of the other agreement's rows; its records by id are 404 (403 where
    the persona may not open the model at all)."""
    user = cross.users[persona]
    client = _client(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    checked, wrong = 0, []
    for model, model_admin in _scoped_admins():
        their_rows = _rows_of(model, getattr(cross, theirs))
        if not their_rows:
            continue
        may_view = model_admin.has_view_or_change_permission(request)
        response = client.get(_admin_url(model))
        if not may_view:
            if response.status_code != 403:
                wrong.append(f"{model._meta.label} list: {response.status_code}, expected 403")
            continue
        listed = {obj.pk for obj in response.context["cl"].result_list}
        if listed & set(their_rows):
            wrong.append(f"{model._meta.label} list shows {sorted(listed & set(their_rows))}")
        if not listed <= set(_rows_of(model, getattr(cross, ours))):
            wrong.append(f"{model._meta.label} list shows rows of no agreement of the persona")
        for pk in their_rows[:2]:
            for page in ("change", "history", "delete"):
                got = outcome(client.get(_admin_url(model, pk, page)))
                # Deleting asks for the permission before looking: 403 where it is lacking.
                if got not in ((NOT_FOUND, FORBIDDEN) if page == "delete" else (NOT_FOUND,)):
                    wrong.append(f"{model._meta.label} {pk} {page}: {got}")
        checked += 1
    assert checked >= 5  # A has seats, a meeting, a round, its version, memberships…
    assert not wrong, "\n".join(wrong)


def test_a_contact_of_a_party_to_a_only_gives_no_notice_nor_answers_in_b(cross):
    from parties.models import Membership, Withdrawal

    client = _client(cross.users["contact_a_only"])
    before = Withdrawal._base_manager.count()
    response = client.post(
        B_PREFIX + "/min-organisation/uttrade/",
        {"given_by_name": "Kontakt A", "reason": "Vi vill inte vara med i B."},
    )
    assert response.status_code in (200, 302)
    assert Withdrawal._base_manager.count() == before
    organisation = cross.users["contact_a_only"].party
    memberships = Membership._base_manager.filter(organisation=organisation)
    assert not memberships.filter(agreement=cross.b).exists()
    # B's page says the organisation is not a party there, and shows nothing of B's parties.
    page = client.get(B_PREFIX + "/min-organisation/").content.decode()
    for other in cross.b.content.parties:
        assert other.name not in page


def test_the_contact_of_the_organisation_in_both_sees_each_agreements_business_in_its_own(
    cross,
):
    """The party to both finds B's renewal request on B's pages, and may confirm it there;
    a contact of a party to B only cannot confirm it."""
    renewal = cross.b.content.renewal
    url = reverse("parties:confirm_renewal", args=[renewal.pk])
    assert _client(cross.users["contact_b_only"]).post(B_PREFIX + url).status_code in (403, 404)
    renewal.refresh_from_db()
    assert renewal.status == "asked"
    both = _client(cross.users["contact_both"])
    own_a = both.get("/min-organisation/")
    own_b = both.get(B_PREFIX + "/min-organisation/")
    assert own_a.status_code == own_b.status_code == 200
    assert cross.b.content.shared.name.encode() in own_b.content
