"""The steering group's public pages: composition, earlier members, a meeting and its minutes."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from steering.models import Attendance, Decision, DecisionKind, Meeting, Seat

# The rules of the address's agreement's version in force, the seats, the published and the
# upcoming meetings: four queries whatever the number of seats and meetings (the agreement
# comes from the routing table, config.agreement_routing).
COMPOSITION_QUERIES = 4
SECRET_EMAIL = "hemlig.ledamot@privat.test"
SECRET_PHONE = "070-999 88 77"


def build_board(make_party) -> SimpleNamespace:
    """A balanced group on the current agreement with a deputy, a co-opted member, earlier
    members, and three meetings: minutes published, held but unpublished, and upcoming."""
    from agreements.models import Agreement

    agreement = Agreement.objects.current()
    today = timezone.localdate()
    start = today - datetime.timedelta(days=100)
    now = timezone.now()
    board = SimpleNamespace(agreement=agreement)
    board.civil_a = make_party("Föreningen Ängen")
    board.civil_b = make_party("Studieförbundet Ljus")
    board.public_a = make_party("Norrådalens kommun", sector="public")
    board.public_b = make_party("Region Norrådalen", sector="public")

    def seat(party, role, name, **fields):
        fields.setdefault("mandate_start", start)
        if role in ("chair", "vice_chair"):
            fields.setdefault("mandate_end", start + datetime.timedelta(days=700))
        return Seat.objects.create(
            agreement=agreement,
            organisation=party,
            role=role,
            person_name=name,
            email=fields.pop("email", SECRET_EMAIL),
            phone=fields.pop("phone", SECRET_PHONE),
            **fields,
        )

    board.chair = seat(board.civil_a, "chair", "Anna Ordförande", title="Ordförande i styrelsen")
    board.vice = seat(board.public_a, "vice_chair", "Bertil Vice", title="Kommunalråd")
    board.civil = seat(board.civil_b, "member", "Cecilia Civil")
    board.public = seat(board.public_b, "member", "David Offentlig")
    board.deputy = seat(board.civil_b, "deputy", "Erik Ersättare", deputy_for=board.civil)
    board.co_opted = seat(
        None, "co_opted", "Ulla Universitet", affiliation="Norrådalens universitet"
    )
    board.earlier = seat(
        board.public_b,
        "member",
        "Fredrik Förre",
        mandate_start=start - datetime.timedelta(days=400),
        ended_on=start,
        end_reason="Lämnade sitt uppdrag i regionen",
    )
    board.expired = seat(
        board.civil_a,
        "member",
        "Greta Gammal",
        mandate_start=start - datetime.timedelta(days=800),
        mandate_end=start - datetime.timedelta(days=1),
    )
    board.never_held = seat(
        board.civil_a,
        "member",
        "Hugo Aldrig",
        mandate_start=today + datetime.timedelta(days=10),
        ended_on=today + datetime.timedelta(days=10),
        end_reason="Partiet lämnade överenskommelsen",
    )

    board.previous = Meeting.objects.create(
        agreement=agreement, starts_at=now - datetime.timedelta(days=60), place="Stadshuset"
    )
    board.published = Meeting.objects.create(
        agreement=agreement,
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
        place="Rådhuset, sal 2",
        online=True,
        agenda="1. Mötets öppnande\n2. Ansökningar om anslutning",
        minutes="## Ansökningar\n\nStyrgruppen **gick igenom** två ansökningar.",
        minutes_checked_by="Bertil Vice",
        minutes_checked_on=today - datetime.timedelta(days=25),
        minutes_published_at=now - datetime.timedelta(days=24),
    )
    for present, stands_in_for in (
        (board.chair, None),
        (board.vice, None),
        (board.deputy, board.civil),
        (board.co_opted, None),
    ):
        Attendance.objects.create(
            meeting=board.published, seat=present, stands_in_for=stands_in_for
        )
    meeting_day = board.published.date
    for number, kind, text in (
        (1, DecisionKind.APPLICATION_APPROVED, "Ansökan från Föreningen Ängen godkänns."),
        (2, DecisionKind.OTHER, "Nästa samverkanskonferens hålls i maj."),
    ):
        Decision.objects.create(
            agreement=agreement,
            meeting=board.published,
            year=meeting_day.year,
            number=number,
            decided_on=meeting_day,
            kind=kind,
            text=text,
        )
    per_capsulam_day = meeting_day - datetime.timedelta(days=10)
    board.per_capsulam = Decision.objects.create(
        agreement=agreement,
        series=Decision.Series.PER_CAPSULAM,
        year=per_capsulam_day.year,
        number=1,
        decided_on=per_capsulam_day,
        kind=DecisionKind.APPLICATION_APPROVED,
        text="Ansökan från Studieförbundet Ljus godkänns.",
    )
    board.unpublished = Meeting.objects.create(
        agreement=agreement,
        starts_at=now - datetime.timedelta(days=5),
        place="Folkets hus",
        agenda="Verksamhetsplanen",
        minutes="Utkast som ingen utomstående ska läsa.",
    )
    Decision.objects.create(
        agreement=agreement,
        meeting=board.unpublished,
        year=board.unpublished.date.year,
        number=1,
        decided_on=board.unpublished.date,
        kind=DecisionKind.OTHER,
        text="Ett ojusterat beslut.",
    )
    board.upcoming = Meeting.objects.create(
        agreement=agreement,
        starts_at=now + datetime.timedelta(days=14),
        place="Regionens hus",
        agenda="Budget för nästa år",
    )
    return board


@pytest.fixture
def english(public):
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return public


@pytest.fixture
def board(make_party):
    return build_board(make_party)


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by `heading_id`."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, flags=re.DOTALL
    )
    assert match, f"no section {heading_id}"
    return match.group(1)


def rows(html: str) -> list[str]:
    """Each table row's text, tags and surplus whitespace removed."""
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.DOTALL):
        text = re.sub(r"<[^>]+>", " ", row)
        found.append(" ".join(text.split()))
    return found


# ---- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["public", "contact", "steering_member", "process_leader", "admin_user"]
)
def test_it_shows_every_public_page_to_everyone(request, client, board, persona):
    if persona != "public":
        client.force_login(request.getfixturevalue(persona))
    for url in (
        "/styrgrupp/",
        "/styrgrupp/tidigare/",
        f"/styrgrupp/moten/{board.published.pk}/",
        f"/styrgrupp/moten/{board.upcoming.pk}/",
        f"/styrgrupp/moten/{board.published.pk}.ics",
        "/styrgrupp/moten.ics",
    ):
        assert client.get(url).status_code == 200, url


def test_it_refuses_to_change_anything(public, board):
    for url in ("/styrgrupp/", "/styrgrupp/tidigare/", f"/styrgrupp/moten/{board.published.pk}/"):
        assert public.post(url).status_code == 405
    assert public.head("/styrgrupp/").status_code == 200


def test_it_answers_404_for_an_unknown_meeting(public, board):
    assert public.get("/styrgrupp/moten/999999/").status_code == 404


def test_it_answers_404_when_no_agreement_is_in_force(public, db):
    assert public.get("/styrgrupp/").status_code == 404
    assert public.get("/styrgrupp/tidigare/").status_code == 404


# ---- the composition ----------------------------------------------------------------------


def test_it_groups_the_members_by_sector_with_the_chair_first_and_deputies_beside(english, board):
    page = english.get("/styrgrupp/").content.decode()
    civil = rows(section(page, "sector-civil_society"))
    public = rows(section(page, "sector-public"))
    co_opted = rows(section(page, "co-opted"))
    assert [row.split(" ")[0] for row in civil[1:]] == ["Anna", "Cecilia", "Erik"]
    assert civil[1].startswith("Anna Ordförande Ordförande i styrelsen Chair Föreningen Ängen")
    assert civil[3].startswith("Erik Ersättare Deputy for Cecilia Civil Studieförbundet Ljus")
    assert [row.split(" ")[0] for row in public[1:]] == ["Bertil", "David"]
    assert public[1].startswith("Bertil Vice Kommunalråd Vice chair Norrådalens kommun")
    assert co_opted[1].startswith("Ulla Universitet Norrådalens universitet")
    # Co-opted members only in their own section.
    assert "Ulla" not in section(page, "sector-civil_society")
    assert page.index('id="sector-civil_society"') < page.index('id="sector-public"')
    assert page.index('id="sector-public"') < page.index('id="co-opted"')


def test_it_shows_the_mandate_periods(english, board):
    page = english.get("/styrgrupp/").content.decode()
    chair_row = next(r for r in re.findall(r"<tr.*?</tr>", page, re.DOTALL) if "Anna" in r)
    start, end = board.chair.mandate_start, board.chair.mandate_end
    assert f'<time datetime="{start:%Y-%m-%d}">' in chair_row
    assert f'<time datetime="{end:%Y-%m-%d}">' in chair_row
    civil_row = next(r for r in re.findall(r"<tr.*?</tr>", page, re.DOTALL) if "Cecilia" in r)
    assert "until further notice" in civil_row


def test_it_links_active_parties_to_their_page_but_not_a_withdrawn_one(english, board):
    board.public_b.memberships.update(status="withdrawn", withdrawn_on=timezone.localdate())
    page = english.get("/styrgrupp/").content.decode()
    assert f'<a href="/undertecknare/{board.civil_a.slug}/">Föreningen Ängen</a>' in page
    assert f'href="/undertecknare/{board.public_b.slug}/"' not in page
    assert "Region Norrådalen" in page


def test_it_shows_ended_members_only_on_the_earlier_page(english, board):
    page = english.get("/styrgrupp/").content.decode()
    for name in ("Fredrik Förre", "Greta Gammal", "Hugo Aldrig"):
        assert name not in page
    assert '<a href="/styrgrupp/tidigare/">' in page

    earlier = english.get("/styrgrupp/tidigare/").content.decode()
    listed = rows(earlier)
    assert [row.split(" ")[0] for row in listed[1:]] == ["Fredrik", "Greta"]
    assert "Lämnade sitt uppdrag i regionen" in listed[1]
    assert "The mandate ran out" in listed[2]
    last_day = board.earlier.ended_on - datetime.timedelta(days=1)
    assert f'<time datetime="{last_day:%Y-%m-%d}">' in earlier
    # A seat ended the day it was to begin was never held.
    assert "Hugo Aldrig" not in earlier
    # Current members are not earlier ones.
    assert "Anna Ordförande" not in earlier


def test_it_lists_published_minutes_newest_first_and_upcoming_meetings(english, board):
    older = Meeting.objects.create(
        agreement=board.agreement,
        starts_at=timezone.now() - datetime.timedelta(days=200),
        place="Biblioteket",
        minutes_checked_on=timezone.localdate() - datetime.timedelta(days=190),
        minutes_published_at=timezone.now() - datetime.timedelta(days=190),
    )
    page = english.get("/styrgrupp/").content.decode()
    minutes = section(page, "minutes")
    published = rows(minutes)[1:]
    assert len(published) == 2
    assert "Rådhuset, sal 2 and online" in published[0] and "2 decisions" in published[0]
    assert "Biblioteket" in published[1] and "0 decisions" in published[1]
    assert f'href="/styrgrupp/moten/{board.published.pk}/"' in minutes
    assert f'href="/styrgrupp/moten/{older.pk}/"' in minutes
    # Held but not yet checked and published: not among the minutes.
    assert f"/styrgrupp/moten/{board.unpublished.pk}/" not in page

    upcoming = section(page, "upcoming")
    assert f'href="/styrgrupp/moten/{board.upcoming.pk}/"' in upcoming
    assert "Regionens hus" in upcoming
    start = timezone.localtime(board.upcoming.starts_at)
    assert f'<time datetime="{start.isoformat()}">' in upcoming
    assert 'href="/styrgrupp/moten.ics"' in upcoming


def test_it_marks_the_steering_group_in_the_main_menu(english, board):
    page = english.get("/styrgrupp/").content.decode()
    assert '<a href="/styrgrupp/" aria-current="page">Steering group</a>' in page


@pytest.mark.parametrize("count", [10, 200])
def test_it_keeps_the_number_of_queries_whatever_the_number_of_seats(
    public, agreement, make_party, django_assert_num_queries, count
):
    start = timezone.localdate() - datetime.timedelta(days=30)
    parties = [
        make_party("Förening A"),
        make_party("Förening B"),
        make_party("Kommun A", sector="public"),
        make_party("Kommun B", sector="public"),
    ]
    members = Seat.objects.bulk_create(
        Seat(
            agreement=agreement,
            organisation=parties[i % 4],
            role="member",
            person_name=f"Ledamot {i}",
            title="Ledamot",
            mandate_start=start,
        )
        for i in range(count // 2)
    )
    Seat.objects.bulk_create(
        [
            Seat(
                agreement=agreement,
                organisation=member.organisation,
                role="deputy",
                deputy_for=member,
                person_name=f"Ersättare {i}",
                mandate_start=start,
            )
            for i, member in enumerate(members[: count // 2 - 2])
        ]
        + [
            Seat(
                agreement=agreement,
                role="co_opted",
                affiliation="Universitetet",
                person_name=f"Adjungerad {i}",
                mandate_start=start,
            )
            for i in range(2)
        ]
    )
    for days in range(1, 1 + count // 10):
        Meeting.objects.create(
            agreement=agreement,
            starts_at=timezone.now() + datetime.timedelta(days=days * (1 if days % 2 else -1)),
            minutes_checked_on=timezone.localdate(),
            minutes_published_at=timezone.now(),
        )
    assert Seat.objects.current().count() == count

    with django_assert_num_queries(COMPOSITION_QUERIES):
        response = public.get("/styrgrupp/")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        page.count('<th scope="row">Ledamot ')
        + page.count('<th scope="row">Ersättare ')
        + page.count('<th scope="row">Adjungerad ')
        == count
    )


# ---- a meeting ----------------------------------------------------------------------------


def test_it_shows_a_meeting_with_published_minutes_in_full(english, board):
    page = english.get(f"/styrgrupp/moten/{board.published.pk}/").content.decode()
    day = board.published.date
    assert f"<h1>Steering group meeting on {day.day} " in page
    assert "Rådhuset, sal 2 and online" in page
    assert "Mötets öppnande" in section(page, "agenda")

    attendance = section(page, "attendance")
    assert "The meeting was quorate." in attendance
    assert "3 of 4 voting members were present." in attendance
    present = rows(attendance)[1:]
    assert [row.split(" ")[0] for row in present] == ["Anna", "Bertil", "Erik", "Ulla"]
    assert "Deputy, standing in for Cecilia Civil" in present[2]
    assert "Co-opted member (no vote)" in present[3]

    minutes = section(page, "minutes")
    assert "<h3>Ansökningar</h3>" in minutes
    assert "<strong>gick igenom</strong>" in minutes
    assert "Checked by <bdi>Bertil Vice</bdi>" in minutes

    decisions = rows(section(page, "decisions"))[1:]
    assert decisions == [
        "§ 1 Application approved Ansökan från Föreningen Ängen godkänns.",
        "§ 2 Other Nästa samverkanskonferens hålls i maj.",
    ]
    reported = section(page, "per-capsulam")
    assert "Ansökan från Studieförbundet Ljus godkänns." in reported
    assert f"per capsulam § {board.per_capsulam.year}:1" in reported


def test_it_says_when_a_meeting_was_not_quorate(english, board):
    Attendance.objects.filter(meeting=board.published).exclude(seat=board.chair).delete()
    page = english.get(f"/styrgrupp/moten/{board.published.pk}/").content.decode()
    attendance = section(page, "attendance")
    assert "The meeting was not quorate." in attendance
    assert "1 of 4 voting members were present" in attendance


def test_it_hides_minutes_attendance_and_decisions_until_published(english, board):
    page = english.get(f"/styrgrupp/moten/{board.unpublished.pk}/").content.decode()
    assert "Folkets hus" in page
    assert "Verksamhetsplanen" in page
    assert "The minutes are not yet published." in page
    assert "Utkast som ingen utomstående ska läsa." not in page
    assert "Ett ojusterat beslut." not in page
    assert 'id="attendance"' not in page

    # Checked but not yet published: still hidden.
    board.unpublished.minutes_checked_on = timezone.localdate()
    board.unpublished.save()
    page = english.get(f"/styrgrupp/moten/{board.unpublished.pk}/").content.decode()
    assert "Utkast som ingen utomstående ska läsa." not in page
    assert "Ett ojusterat beslut." not in page


def test_it_shows_an_upcoming_meeting_with_its_agenda_and_calendar_file(english, board):
    page = english.get(f"/styrgrupp/moten/{board.upcoming.pk}/").content.decode()
    assert "Regionens hus" in page
    assert "Budget för nästa år" in page
    assert "The minutes are not yet published." in page
    assert f'href="/styrgrupp/moten/{board.upcoming.pk}.ics"' in page


def test_it_shows_a_meeting_of_an_agreement_no_longer_in_force(english, board, agreement):
    from agreements.models import Version
    from tests.agreement_factory import make_version

    make_version(
        agreement,
        99,
        title="Överenskommelsen 2020–2025",
        vision="v",
        purpose="p",
        status=Version.Status.EXPIRED,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
        review_due=datetime.date(2025, 6, 30),
    )
    meeting = Meeting.objects.create(
        agreement=agreement,
        starts_at=timezone.make_aware(datetime.datetime(2024, 3, 12, 13, 0)),
        place="Gamla rådhuset",
        minutes="Mötet hölls enligt den gamla överenskommelsen.",
        minutes_checked_on=datetime.date(2024, 3, 20),
        minutes_published_at=timezone.make_aware(datetime.datetime(2024, 3, 21, 9, 0)),
    )
    response = english.get(f"/styrgrupp/moten/{meeting.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mötet hölls enligt den gamla överenskommelsen." in page
    assert "which is not the agreement in force today" in page
    assert "Överenskommelsen 2020–2025" in page
    assert "No attendance has been recorded for this meeting." in page


# ---- hostile minutes ----------------------------------------------------------------------


def test_it_shows_hostile_minutes_on_the_page_as_text(english, board):
    board.published.minutes = "Före <script>alert('x')</script> [länk](javascript:alert(1)) efter"
    board.published.save()
    page = english.get(f"/styrgrupp/moten/{board.published.pk}/").content.decode()
    minutes = section(page, "minutes")
    assert "<script" not in minutes
    assert "Före &lt;script&gt;" in minutes
    assert 'href="javascript:' not in page


# ---- privacy ------------------------------------------------------------------------------


def test_it_never_shows_an_email_or_phone_number(public, board, steering_member):
    board.chair.user = steering_member
    board.chair.save()
    contact = board.civil_a.contacts.get()
    urls = [
        "/styrgrupp/",
        "/styrgrupp/tidigare/",
        "/styrgrupp/moten.ics",
        f"/undertecknare/{board.civil_a.slug}/",
        f"/undertecknare/{board.civil_b.slug}/",
    ]
    for meeting in (board.published, board.unpublished, board.upcoming, board.previous):
        urls += [f"/styrgrupp/moten/{meeting.pk}/", f"/styrgrupp/moten/{meeting.pk}.ics"]
    secrets = [
        SECRET_EMAIL,
        SECRET_PHONE,
        SECRET_PHONE.replace(" ", ""),
        steering_member.email,
        contact.email,
        contact.phone,
    ]
    for url in urls:
        response = public.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        # iCalendar folds long lines; unfold before looking.
        content = content.replace("\r\n ", "")
        for secret in secrets:
            assert secret not in content, f"{secret} on {url}"
